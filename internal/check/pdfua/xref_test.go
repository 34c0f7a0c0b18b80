package pdfua

import "testing"

// tableRowMatchesKeywords: where tableRow reads a row, the three keywords
// scanTable reads otherwise give the same offset and type, and end at the
// same byte.
func tableRowMatchesKeywords(t *testing.T, b []byte) {
	t.Helper()
	fast := &lexer{b: b}
	off, typ, ok := fast.tableRow()
	if !ok {
		if fast.i != 0 {
			t.Fatalf("%q: tableRow read %d bytes and gave up", b, fast.i)
		}
		return
	}
	slow := &lexer{b: b}
	o, ok1 := atoi(slow.keyword())
	_, ok2 := atoi(slow.keyword())
	ty := slow.keyword()
	if !ok1 || !ok2 || len(ty) != 1 || o != off || ty[0] != typ || slow.i != fast.i {
		t.Fatalf("%q: tableRow gave %d %c ending at %d; keywords %d %q (%v %v) ending at %d", b, off, typ, fast.i, o, ty, ok1, ok2, slow.i)
	}
}

var tableRows = []string{
	"0000000017 00000 n\r\n", "\r\n0000000017 65535 f \n", "0000000017 00000 n", "0000000017 00000 nx\n",
	"000000017 00000 n \n", "0000000017  0000 n\n", "0000000017 00000 n<<", "%c\n0000000017 00000 n\n",
	"00000000a7 00000 n\n", "0000000017 00000 x\n", "9999999999 99999 f\n", "0000000017 00000 n/",
}

func TestTableRowMatchesKeywords(t *testing.T) {
	for _, r := range tableRows {
		tableRowMatchesKeywords(t, []byte(r))
	}
}

func FuzzTableRow(f *testing.F) {
	for _, r := range tableRows {
		f.Add([]byte(r))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tableRowMatchesKeywords(t, b)
	})
}
