package pdfua

import (
	"fmt"
	"strings"
	"testing"
)

// readDump is everything Read says of pdf: the error, the findings and the
// structure tree with all a Node holds.
func readDump(pdf []byte) string {
	var sb strings.Builder
	d, err := Read(pdf)
	fmt.Fprintf(&sb, "error: %v\n", err)
	if d == nil {
		return sb.String()
	}
	fmt.Fprintf(&sb, "pages %d lang %q tagged %v\n", d.Pages, d.Lang, d.Tagged)
	for _, f := range d.Findings {
		sb.WriteString(f.String() + "\n")
	}
	var walk func(n *Node, depth int)
	walk = func(n *Node, depth int) {
		fmt.Fprintf(&sb, "%s/%s alt=%q actual=%q lang=%q page=%d text=%q uris=%q\n",
			strings.Repeat("  ", depth), n.Role, n.Alt, n.ActualText, n.Lang, n.Page, n.Text, n.URIs)
		for _, k := range n.Kids {
			walk(k, depth+1)
		}
	}
	for _, n := range d.Root {
		walk(n, 0)
	}
	return sb.String()
}

// quickMatchesGeneral: Read gives the same with the quick element reader as
// with every element read through parseObject.
func quickMatchesGeneral(t *testing.T, pdf []byte) {
	t.Helper()
	quick := readDump(pdf)
	quickElems = false
	general := readDump(pdf)
	quickElems = true
	if quick != general {
		t.Fatalf("quick element reader:\n%s\ngeneral reader:\n%s", quick, general)
	}
}

// elemVariants are bodies for object 23 (a P holding MCID 1 and the Link
// 24 0 R) in the forms the quick reader takes and in those it leaves to
// the general path.
var elemVariants = []string{
	"<</Type /StructElem /S /P /P 21 0 R /Pg 3 0 R /K [1 24 0 R]>>",
	"<</Type/StructElem/S/P/P 21 0 R/Pg 3 0 R/K[1 24 0 R]>>",
	"<</S /P /K [1 24 0 R] /Pg 3 0 R>>",
	"<</S /P /Pg 3 0 R /K 24 0 R>>",
	"<</S /P /Pg 3 0 R /K 1>>",
	"<</S /P /Pg 3 0 R /K []>>",
	"<</S /P /Pg 3 0 R /K null>>",
	"<</S /P /Pg 3 0 R>>",
	"<</S /P /Pg 3 0 R /K [1 null 24 0 R]>>",
	"<</S /P /Pg 3 0 R /K [1 [24 0 R]]>>",
	"<</S /P /Pg 3 0 R /K [1 <</Type /MCR /MCID 1 /Pg 3 0 R>> 24 0 R]>>",
	"<</S /P /Pg 3 0 R /K [<</Type /OBJR /Obj 40 0 R>> 24 0 R 1]>>",
	"<</S /P /Pg 3 0 R /K [1 <</S /Span /K 24 0 R>>]>>",
	"<</S /P /Pg 3 0 R /K [1 24 0 R 1.5 (x) /N true]>>",
	"<</S /P /Pg 3 0 R /K [+1 24 1 R -1 24 0 R]>>",
	"<</S /P /S /Span /Pg 3 0 R /K [1 24 0 R]>>",
	"<</S /P /Pg 3 0 R /Pg 4 0 R /K [1 24 0 R]>>",
	"<</S /P /Pg 3 0 R /K 1 /K [1 24 0 R]>>",
	"<</S /P /Pg 3 0 R /K [1 24 0 R] /Alt (one) /Alt (two)>>",
	"<</S /P /Pg 3 0 R /K [1 24 0 R] /Alt null>>",
	"<</S null /Pg 3 0 R /K [1 24 0 R]>>",
	"<</S 9 0 R /Pg 3 0 R /K [1 24 0 R]>>",
	"<</S (P) /Pg 3 0 R /K [1 24 0 R]>>",
	"<</S / /Pg 3 0 R /K [1 24 0 R]>>",
	"<</Pg 3 0 R /K [1 24 0 R]>>",
	"<</S /P /Pg 3 /K [1 24 0 R]>>",
	"<</S /P /Pg null /K [1 24 0 R]>>",
	"<</S /#50 /Pg 3 0 R /K [1 24 0 R]>>",
	"<</#53 /P /Pg 3 0 R /K [1 24 0 R]>>",
	"<</S /P /#50g 3 0 R /K [1 24 0 R]>>",
	"<</Type /MCR /S /P /Pg 3 0 R /MCID 1>>",
	"<</Type /OBJR /Obj 40 0 R>>",
	"<</Type 5 0 R /S /P /Pg 3 0 R /K [1 24 0 R]>>",
	"<</Type /StructElem /Type /StructElem /S /P /Pg 3 0 R /K [1 24 0 R]>>",
	"<</S /P /Pg 3 0 R /K [1 24 0 R] /Lang (en-GB) /ActualText (Read the guide) /ID (p1) /A [<</O /Layout>> 0]>>",
	"<</S /P /Pg 3 0 R /K [1 24 0 R] /Lang (not a tag!) /C /Class /R 0 /T (Title) /E (exp)>>",
	"<</S /P /Pg 3 0 R /K [1 24 0 R] /Extra <</Deep [1 2 <</X (y)>>]>>>>",
	"<</S /P /Pg 3 0 R /K [1 24 0 R]",
	"<</S /P /Pg 3 0 R /K [1 24 0 R>>",
	"<</S /P /Pg 3 0 R /K [1 24 0 R] 5>>",
	"<</S /P /Pg 3 0 R /K [1 24 0 R] /Alt>>",
	"[1 24 0 R]",
	"24 0 R",
	"7",
	"null",
	"<</S /P /Pg 3 0 R /K [1 23 0 R]>>",
	"<</S /P /Pg 3 0 R /K [1 21 0 R]>>",
	"<</S /P /Pg 3 0 R /K [1 24 0 R 24 0 R]>>",
	"<</S /P /Pg 3 0 R /K [1 99 0 R 0 0 R]>>",
}

func TestQuickElemMatchesGeneral(t *testing.T) {
	for _, v := range elemVariants {
		f := goodFixture()
		f.objs[23] = v
		quickMatchesGeneral(t, f.bytes())
	}
	// A stream, and an object whose number is not the one asked for.
	f := goodFixture()
	f.objs[23] = "/S /P /Pg 3 0 R /K [1 24 0 R]"
	f.streams[23] = "data"
	quickMatchesGeneral(t, f.bytes())
	b := goodFixture().bytes()
	quickMatchesGeneral(t, []byte(strings.Replace(string(b), "\n23 0 obj", "\n77 0 obj", 1)))
	// The page's ParentTree array as an indirect object (refArray), in
	// forms it reads and forms it leaves to the general path.
	for _, arr := range []string{
		"[22 0 R 23 0 R 24 0 R 25 0 R 28 0 R 30 0 R 33 0 R 34 0 R 35 0 R 38 0 R]",
		"[22 0 R 23 0 R 24 0 R 25 0 R 28 0 R 30 0 R 33 0 R 34 0 R 35 0 R 38 5 R]",
		"[22 0 R 23 0 R 24 0 R 25 0 R 28 0 R 30 0 R 33 0 R 34 0 R 35 0 R]",
		"[22 0 R 23 0 R 7 25 0 R 28 0 R 30 0 R 33 0 R 34 0 R 35 0 R 38 0 R]",
		"[22 0 R 23 0 R null 25 0 R 28 0 R 30 0 R 33 0 R 34 0 R 35 0 R 38 0 R]",
		"[22 0 R 23 0 R 1.5 25 0 R 28 0 R 30 0 R 33 0 R 34 0 R 35 0 R 38 0 R]",
		"[22 0 R 23 0 R <</A 1>> 25 0 R 28 0 R 30 0 R 33 0 R 34 0 R 35 0 R 38 0 R]",
		"[22 0 R 23 0 R 24 0 R 25 0 R 28 0 R 30 0 R 33 0 R 34 0 R 35 0 R 38 0 R",
		"[]", "<</A 1>>", "7", "null", "37 0 R", "[-1 +2 0 0 R 99 0 R]",
	} {
		f := goodFixture()
		f.objs[36] = "<</Nums [0 37 0 R 1 24 0 R]>>"
		f.objs[37] = arr
		quickMatchesGeneral(t, f.bytes())
	}
	// The link annotation (quickAnnot) in forms it reads and forms it
	// leaves to the general path.
	for _, a := range []string{
		"<</Type /Annot /Subtype /Link /Rect [130 715 160 732] /Border [0 0 0] /F 4 /A <</S /URI /URI (https://example.org/guide)>> /StructParent 1 /Contents (Read the guide)>>",
		"<</Type/Annot/Subtype/Link/Rect[130.5 715 -160 .732]/Border[0 0 0]/F 4/P 3 0 R/StructParent 1/Contents(Read the guide)/Dest[3 0 R/XYZ 0 450.57 null]>>",
		"<</Subtype /Link /StructParent 1 /Contents (a) /Contents (b)>>",
		"<</Subtype /Link /StructParent 1 /Contents null /A null>>",
		"<</Subtype /Link /StructParent 1 0 R /Contents 41 0 R /A 42 0 R>>",
		"<</Subtype /Widget /Rect [1 2 3 4] /Contents (w)>>",
		"<</Subtype /Link /StructParent 1 /Contents (x) /Rect [1 2 --3 1.2.3 +]>>",
		"<</Subtype /Link /StructParent 1 /Contents (x) /Rect [1 [2 [3 /N]] (s) <</D 1>> true]>>",
		"<</Subtype /Link /StructParent 1 /Contents (x) /Rect [1 2 3 4]",
		"<</Subtype /Link /StructParent 1 /Contents (x) /Rect [1 2 3 4 >>",
		"<</Subtype /Link /StructParent 1 /Contents (x) /Bad foo>>",
		"<</Sub#74ype /Link /StructParent 1 /Contents (x)>>",
		"<</Subtype /Link /StructParent 1 /Contents (x) /Ex#74ra 5>>",
		"<</Subtype /Link /StructParent 1 /Contents (x) / 5>>",
		"<</Subtype /Link /StructParent 1 /Contents (x) > >>",
		"<</Subtype /Link /StructParent 1.5 /Contents <FEFF0041>>>",
		"[1 2]", "null", "7",
	} {
		f := goodFixture()
		f.objs[40] = a
		f.objs[41] = "(Read the guide)"
		f.objs[42] = "<</S /URI /URI (https://example.org/x)>>"
		quickMatchesGeneral(t, f.bytes())
	}
	// A chain deeper than maxTreeDepth, whose last element's /K decides
	// whether the depth is counted against it.
	for _, last := range []string{"/K null", "/K []", "/K 1", "", "/K [null]", "/K 24 0 R"} {
		for chain := maxTreeDepth - 3; chain <= maxTreeDepth; chain++ {
			f := goodFixture()
			f.objs[23] = "<</S /P /Pg 3 0 R /K [1 100 0 R]>>"
			for n := 100; n < 100+chain; n++ {
				f.objs[n] = fmt.Sprintf("<</S /Div /Pg 3 0 R /K %d 0 R>>", n+1)
			}
			f.objs[100+chain] = "<</S /Span /Pg 3 0 R " + last + ">>"
			quickMatchesGeneral(t, f.bytes())
		}
	}
}

func FuzzQuickElemMatchesGeneral(f *testing.F) {
	annot := goodFixture().objs[40]
	for _, v := range elemVariants {
		f.Add(v, annot)
	}
	f.Add(elemVariants[0], "<</Type/Annot/Subtype/Link/Rect[1 2.5 -3 .4]/Border[0 0 0]/P 3 0 R/StructParent 1/Contents(x)/Dest[3 0 R/XYZ 0 1 null]>>")
	// body is the element 23 0 R, annot the link annotation 40 0 R.
	f.Fuzz(func(t *testing.T, body, annot string) {
		fx := goodFixture()
		fx.objs[23] = body
		fx.objs[40] = annot
		quickMatchesGeneral(t, fx.bytes())
	})
}
