package pdfua

import (
	"strings"
	"testing"
)

// Outline items are read into the transient arenas and released one by
// one; a direct /Next (or /First) dictionary must outlive its item's
// release. The findings are the ones the checker gave when every item was
// cached.
func TestDirectOutlineItemsOutliveTheirParent(t *testing.T) {
	f := goodFixture()
	f.objs[52] = "<</Title (Part two) /Parent 51 0 R /Dest [3 0 R /Fit] /Next <</Title (Direct) /Count 3 /First <</Title (Deeper)>>>>>>"
	pdf, err := openPDF(f.bytes())
	if err != nil {
		t.Fatal(err)
	}
	c := &checker{f: pdf, pageOf: newByNumber[int](pdf), fonts: map[string]*usedFont{}}
	if err := c.load(false); err != nil {
		t.Fatal(err)
	}
	// Room in the arena, so a released view is not saved by the arena
	// having moved when it grew.
	c.f.objs.dictArena = make([]DictEntry, 0, 1024)
	checkOutlineCounts(c)
	var got []string
	for _, x := range c.findings {
		got = append(got, x.Msg)
	}
	want := []string{
		`outline under outline item "Direct" is cyclic or too large`,
		`outline item "Direct" is open with /Count 3, but 0 items are below it`,
		`outline item "Fixture title" is open with /Count 1, but 2 items are below it`,
		`outline root /Count is 2, but 3 items are visible`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outline findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
