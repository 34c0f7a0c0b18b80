package pdfua

import (
	"fmt"
	"strings"
	"testing"
)

// dumpOperand spells an operand out in full, so a string or slice that
// was overwritten after its operator shows up as a difference.
func dumpOperand(o operand) string {
	switch o.kind {
	case kArray:
		parts := make([]string, len(o.arr))
		for i, e := range o.arr {
			parts[i] = dumpOperand(e)
		}
		return "[" + strings.Join(parts, " ") + "]"
	case kDict:
		parts := make([]string, len(o.dict))
		for i, e := range o.dict {
			parts[i] = fmt.Sprintf("/%s %s", e.key, dumpOperand(e.val))
		}
		return "<<" + strings.Join(parts, " ") + ">>"
	}
	return fmt.Sprintf("%d:%v:%q", o.kind, o.num, o.str)
}

// borrowedMatchesCopied: scanOps (strings, arrays and dictionaries in
// arenas reused after each operator) gives each operator the operands
// parseContent (everything copied) keeps, and the same error.
func borrowedMatchesCopied(t *testing.T, b []byte) {
	t.Helper()
	var borrowed []string
	errB := scanOps(b, nil, func(_ opcode, name string, args []operand) {
		s := name
		for _, a := range args {
			s += " " + dumpOperand(a)
		}
		borrowed = append(borrowed, s)
	})
	ops, errC := parseContent(b)
	var copied []string
	for _, o := range ops {
		s := o.name
		for _, a := range o.args {
			s += " " + dumpOperand(a)
		}
		copied = append(copied, s)
	}
	if fmt.Sprint(errB) != fmt.Sprint(errC) {
		t.Fatalf("%q: scanOps error %v, parseContent %v", b, errB, errC)
	}
	// Dumped inside the callback, the only time a borrowed operand is valid.
	if got, want := strings.Join(borrowed, "\n"), strings.Join(copied, "\n"); got != want {
		t.Fatalf("%q:\nscanOps:      %s\nparseContent: %s", b, got, want)
	}
}

var borrowCases = []string{
	"/P <</MCID 3>> BDC BT /F1 12 Tf (abc) Tj [(a) -120 <0041> [1 [2 (x)]] <</A [3 (y) <</B (z)>>]>>] TJ ET EMC",
	"(one) (two) (three) \" (four) ' [(five) (six)] TJ",
	"/Span <</ActualText <FEFF0041> /Lang (en-GB) /MCID 0>> BDC EMC <<>> [] /X BDC",
	"BI /W 2 /H 1 /CS /G /D [1 0] ID \x00\x01 EI Q (after) Tj",
	"(unterminated",
	"[(a) (b)",
}

func TestScanOpsBorrowedOperands(t *testing.T) {
	for _, c := range borrowCases {
		borrowedMatchesCopied(t, []byte(c))
	}
}

func FuzzScanOpsBorrowed(f *testing.F) {
	for _, c := range borrowCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		borrowedMatchesCopied(t, b)
	})
}
