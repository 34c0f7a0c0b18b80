package pdf

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// headingRun is a document of n one-line headings in a row, the shape that
// made keep-with-next quadratic.
func headingRun(n int) *doc.Document {
	d := simpleDoc("x")
	d.Blocks = make([]doc.Block, n)
	for i := range d.Blocks {
		pos := doc.Pos{File: "x.md", Line: 2*i + 5, Col: 1}
		d.Blocks[i] = &doc.Heading{Pos: pos, Level: 2, ID: fmt.Sprintf("h-%d", i),
			Inlines: []doc.Inline{&doc.Text{Pos: pos, Text: fmt.Sprintf("Heading %d", i)}}}
	}
	return d
}

// A heading keeps with at most a third of a page, so the height it keeps
// with is found by looking at the few headings after it that fit in that
// third, however long the run of headings is. Each heading looked at costs
// an allocation (its plain text), so the allocations of one estimate are the
// same for a run of 500 headings and of 2,000. Walking the whole run (as
// before commit 4cc06f2) made them grow fourfold, and 100,000 headings in a
// row took minutes to lay out.
func TestKeepWithNextLooksOnlyAsFarAsItKeeps(t *testing.T) {
	r := newRenderer(simpleDoc("x"), opts(), render.DefaultTheme(), mustFonts(t), false, true, false)
	short, long := headingRun(500).Blocks, headingRun(2000).Blocks
	var hShort, hLong float64
	aShort := testing.AllocsPerRun(5, func() { hShort = r.leadHeight(short, r.width) })
	aLong := testing.AllocsPerRun(5, func() { hLong = r.leadHeight(long, r.width) })
	if aLong > aShort {
		t.Errorf("keep-with-next allocates %.0f times for 500 headings in a row and %.0f for 2,000: it walks the whole run", aShort, aLong)
	}
	if hShort != hLong {
		t.Errorf("the height kept with a heading depends on headings a page away: %.1f (500) vs %.1f (2,000)", hShort, hLong)
	}
	// the first heading keeps with itself and at most a third of a page more
	own := r.leadHeight(short[:1], r.width)
	if third := (r.bottom - r.top) / 3; hShort < own || hShort > own+third+0.01 {
		t.Errorf("kept height %.1f is outside [%.1f, %.1f]", hShort, own, own+third)
	}
}

// BenchmarkHeadingRun100k lays out the shape: 100,000 one-line
// headings in a row (the PDF writer alone, normal print).
//
//	go test ./internal/render/pdf -run '^$' -bench HeadingRun -benchtime 1x -benchmem
func BenchmarkHeadingRun100k(b *testing.B) {
	d := headingRun(100_000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var buf bytes.Buffer
		if err := Render(d, opts(), &buf); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	}
}
