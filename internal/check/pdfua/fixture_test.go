package pdfua

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// fixture is a small, hand-written tagged PDF that passes every rule. Tests
// break one object at a time to show each rule can fail. Objects are kept as
// text so a mutation reads like the PDF it produces.
type fixture struct {
	objs    map[int]string // object body; for a stream, its dictionary body without << >>
	streams map[int]string // stream data for stream objects
}

// utf16hex writes s as a hex string of 2-byte codes equal to the code
// points, the way fpdf's Identity-H fonts (CID = Unicode) do.
func utf16hex(s string) string {
	var b strings.Builder
	b.WriteByte('<')
	for _, r := range s {
		fmt.Fprintf(&b, "%04X", r)
	}
	b.WriteByte('>')
	return b.String()
}

func text(tag string, mcid int, x, y int, s string) string {
	return fmt.Sprintf("/%s <</MCID %d>> BDC BT /F1 12 Tf %d %d Td %s Tj ET EMC\n", tag, mcid, x, y, utf16hex(s))
}

const goodXMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Fixture title</rdf:li></rdf:Alt></dc:title>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`

func goodFixture() *fixture {
	content := "/Artifact BMC 0.5 w 72 800 m 523 800 l S EMC\n" +
		text("H1", 0, 72, 760, "Fixture title") +
		text("P", 1, 72, 720, "Read the ") +
		text("Link", 2, 130, 720, "guide") +
		"/Figure <</MCID 3>> BDC q 0 0 1 rg 72 600 50 50 re f Q EMC\n" +
		"/Artifact BMC 72 540 200 40 re S EMC\n" +
		text("TH", 4, 74, 565, "Name") +
		text("TD", 5, 74, 545, "Ann") +
		text("Lbl", 6, 72, 500, "-") +
		text("LBody", 7, 84, 500, "Item") +
		text("H2", 8, 72, 460, "Part two") +
		text("Note", 9, 72, 440, "A note") +
		"/Artifact <</Type /Pagination /Subtype /Footer>> BDC BT /F1 9 Tf 72 40 Td " + utf16hex("1 of 1") + " Tj ET EMC\n"
	return &fixture{
		objs: map[int]string{
			1: "<</Type /Catalog /Pages 2 0 R /Lang (en-GB) /MarkInfo <</Marked true>> /StructTreeRoot 20 0 R " +
				"/Metadata 9 0 R /ViewerPreferences <</DisplayDocTitle true>> /Outlines 50 0 R>>",
			2: "<</Type /Pages /Kids [3 0 R] /Count 1>>",
			3: "<</Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources <</Font <</F1 5 0 R>>>> " +
				"/Contents 4 0 R /StructParents 0 /Tabs /S /Annots [40 0 R]>>",
			4:  "",
			5:  "<</Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Fixture /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 10 0 R>>",
			6:  "<</Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Fixture /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor 7 0 R /CIDToGIDMap /Identity /DW 500>>",
			7:  "<</Type /FontDescriptor /FontName /ABCDEF+Fixture /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 8 0 R>>",
			8:  "",
			9:  "/Type /Metadata /Subtype /XML",
			10: "",
			20: "<</Type /StructTreeRoot /K 21 0 R /ParentTree 36 0 R /ParentTreeNextKey 2>>",
			21: "<</Type /StructElem /S /Document /P 20 0 R /K [22 0 R 23 0 R 25 0 R 26 0 R 31 0 R 35 0 R 38 0 R]>>",
			22: "<</Type /StructElem /S /H1 /P 21 0 R /Pg 3 0 R /K 0>>",
			23: "<</Type /StructElem /S /P /P 21 0 R /Pg 3 0 R /K [1 24 0 R]>>",
			24: "<</Type /StructElem /S /Link /P 23 0 R /Pg 3 0 R /K [2 <</Type /OBJR /Obj 40 0 R /Pg 3 0 R>>]>>",
			25: "<</Type /StructElem /S /Figure /P 21 0 R /Pg 3 0 R /Alt (A blue square) /A <</O /Layout /BBox [72 600 122 650] /Placement /Block>> /K 3>>",
			26: "<</Type /StructElem /S /Table /P 21 0 R /Pg 3 0 R /K [27 0 R 29 0 R]>>",
			27: "<</Type /StructElem /S /TR /P 26 0 R /Pg 3 0 R /K [28 0 R]>>",
			28: "<</Type /StructElem /S /TH /P 27 0 R /Pg 3 0 R /A <</O /Table /Scope /Column>> /K 4>>",
			29: "<</Type /StructElem /S /TR /P 26 0 R /Pg 3 0 R /K [30 0 R]>>",
			30: "<</Type /StructElem /S /TD /P 29 0 R /Pg 3 0 R /K 5>>",
			31: "<</Type /StructElem /S /L /P 21 0 R /Pg 3 0 R /A <</O /List /ListNumbering /Disc>> /K [32 0 R]>>",
			32: "<</Type /StructElem /S /LI /P 31 0 R /Pg 3 0 R /K [33 0 R 34 0 R]>>",
			33: "<</Type /StructElem /S /Lbl /P 32 0 R /Pg 3 0 R /K 6>>",
			34: "<</Type /StructElem /S /LBody /P 32 0 R /Pg 3 0 R /K 7>>",
			35: "<</Type /StructElem /S /H2 /P 21 0 R /Pg 3 0 R /K 8>>",
			38: "<</Type /StructElem /S /Note /ID (fn1) /P 21 0 R /Pg 3 0 R /K 9>>",
			36: "<</Nums [0 [22 0 R 23 0 R 24 0 R 25 0 R 28 0 R 30 0 R 33 0 R 34 0 R 35 0 R 38 0 R] 1 24 0 R]>>",
			40: "<</Type /Annot /Subtype /Link /Rect [130 715 160 732] /Border [0 0 0] /F 4 /A <</S /URI /URI (https://example.org/guide)>> /StructParent 1 /Contents (Read the guide)>>",
			50: "<</Type /Outlines /First 51 0 R /Last 51 0 R /Count 2>>",
			51: "<</Title (Fixture title) /Parent 50 0 R /First 52 0 R /Last 52 0 R /Count 1 /Dest [3 0 R /Fit]>>",
			52: "<</Title (Part two) /Parent 51 0 R /Dest [3 0 R /Fit]>>",
		},
		streams: map[int]string{
			4: content,
			// Not a real font program: the checker only needs it to be present.
			8:  "fixture font program",
			9:  goodXMP,
			10: "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n1 beginbfrange\n<0020> <00FF> <0020>\nendbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend",
		},
	}
}

// set replaces old with new in object n (its body or, with stream=true, its
// data), failing the test when old is not there so a fixture change cannot
// silently turn a test into a no-op.
func (f *fixture) set(t *testing.T, n int, old, new string) *fixture {
	t.Helper()
	m := f.objs
	if _, ok := f.streams[n]; ok && !strings.HasPrefix(old, "dict:") {
		m = f.streams
	}
	old = strings.TrimPrefix(old, "dict:")
	if !strings.Contains(m[n], old) {
		t.Fatalf("fixture object %d does not contain %q", n, old)
	}
	m[n] = strings.Replace(m[n], old, new, 1)
	return f
}

func (f *fixture) bytes() []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	nums := make([]int, 0, len(f.objs))
	for n := range f.objs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	offsets := map[int]int{}
	for _, n := range nums {
		offsets[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", n)
		if data, ok := f.streams[n]; ok {
			fmt.Fprintf(&b, "<<%s /Length %d>>\nstream\n%s\nendstream\n", f.objs[n], len(data), data)
		} else {
			b.WriteString(f.objs[n] + "\n")
		}
		b.WriteString("endobj\n")
	}
	size := nums[len(nums)-1] + 1
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n", size)
	for i := 0; i < size; i++ {
		if off, ok := offsets[i]; ok {
			fmt.Fprintf(&b, "%010d 00000 n \n", off)
		} else {
			b.WriteString("0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root 1 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]>>\nstartxref\n%d\n%%%%EOF\n", size, xref)
	return []byte(b.String())
}
