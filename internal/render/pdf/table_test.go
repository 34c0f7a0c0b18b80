package pdf

import (
	"bytes"
	"errors"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

func textCell(s string, head bool) *doc.TableCell {
	pos := doc.Pos{File: "x.md", Line: 9, Col: 3}
	return &doc.TableCell{Pos: pos, Header: head, Inlines: []doc.Inline{&doc.Text{Pos: pos, Text: s}}}
}

func tableDoc(head []string, body ...[]string) *doc.Document {
	pos := doc.Pos{File: "x.md", Line: 8, Col: 1}
	row := func(cells []string, h bool) *doc.TableRow {
		tr := &doc.TableRow{Pos: pos}
		for _, c := range cells {
			tr.Cells = append(tr.Cells, textCell(c, h))
		}
		return tr
	}
	t := &doc.Table{Pos: pos, Cols: len(head), Head: []*doc.TableRow{row(head, true)}}
	for _, b := range body {
		t.Body = append(t.Body, row(b, false))
	}
	d := simpleDoc("intro")
	d.Blocks = append(d.Blocks, t)
	return d
}

// elemText joins the text of every element with role under e.
func elemText(e *elem, role string) []string {
	var out []string
	var walk func(e *elem)
	walk = func(e *elem) {
		if e.role == role && e.text != nil {
			out = append(out, e.text.String())
		}
		for _, k := range e.kids {
			if k.e != nil {
				walk(k.e)
			}
		}
	}
	walk(e)
	return out
}

// A word wider than the page in one column is cut across lines inside its
// column; no column is pushed past the right margin, in either print size
// and on the narrow A5 page.
func TestTableLongWordStaysInsideMargin(t *testing.T) {
	long := strings.Repeat("y", 400)
	url := "https://example.org/" + strings.Repeat("averyveryverylongpathsegment/", 12) + "end"
	many := make([]string, 16)
	for i := range many {
		many[i] = "c" + strings.Repeat("w", i*3)
	}
	cases := map[string]*doc.Document{
		"word":    tableDoc([]string{"A", "B"}, []string{long, "b"}),
		"url":     tableDoc([]string{"Link", "Notes", "More"}, []string{url, "short", long}),
		"both":    tableDoc([]string{long, long}, []string{long, long}),
		"16 cols": tableDoc(many, many),
	}
	for name, d := range cases {
		for _, paper := range []string{"A4", "A5"} {
			for _, large := range []bool{false, true} {
				o := opts()
				o.Paper, _ = doc.ParsePaper(paper)
				r := newRenderer(d, o, render.DefaultTheme(), mustFonts(t), large, false, true)
				r.pdf = newPDFWriter(io.Discard, r.pw, r.ph)
				if err := r.run(); err != nil {
					t.Fatalf("%s %s large=%v: %v", name, paper, large, err)
				}
				if limit := r.left + r.width + 0.01; r.textRight > limit {
					t.Errorf("%s %s large=%v: text reaches x=%.1f pt, past the right margin at %.1f pt",
						name, paper, large, r.textRight, limit)
				}
				if name != "word" {
					continue
				}
				got := strings.Join(elemText(r.tg.root, "TD"), "|")
				if got != long+"|b" {
					t.Errorf("%s %s large=%v: cell text changed by wrapping: %.60q", name, paper, large, got)
				}
			}
		}
	}
}

// A table too wide for even one character to a column line is refused with
// a positioned message, not drawn past the margin.
func TestTableTooManyColumnsRefused(t *testing.T) {
	many := make([]string, 40)
	for i := range many {
		many[i] = "W"
	}
	d := tableDoc(many, many)
	err := RenderLargePrint(d, opts(), io.Discard)
	var dg *doc.Diagnostic
	if !errors.As(err, &dg) || dg.Code != "PDF-TABLE-WIDE" || dg.Pos.Line != 8 {
		t.Fatalf("want a PDF-TABLE-WIDE diagnostic at line 8, got %v", err)
	}
	// normal print fits 40 narrow columns
	if err := Render(d, opts(), io.Discard); err != nil {
		t.Fatal(err)
	}
}

// Column widths always add up to the table's width, whatever the cells hold.
func TestColumnWidthsFitTheTable(t *testing.T) {
	const w = 481.9
	for _, c := range []struct{ natural, minimum, floor []float64 }{
		{[]float64{2400, 20}, []float64{2400, 20}, []float64{20, 10}},
		{[]float64{900, 900, 900}, []float64{600, 700, 800}, []float64{20, 20, 20}},
		{[]float64{100, 50}, []float64{60, 50}, []float64{15, 15}},
		{[]float64{0, 0, 300}, []float64{0, 0, 300}, []float64{8, 8, 20}},
		{[]float64{700, 30, 30}, []float64{40, 30, 30}, []float64{20, 20, 20}},
		{[]float64{900, 900, 900}, []float64{900, 900, 900}, []float64{200, 20, 20}},
		{[]float64{900, 900, 900}, []float64{900, 900, 900}, []float64{160, 160, 160}},
	} {
		got, broken := columnWidths(append([]float64(nil), c.natural...), append([]float64(nil), c.minimum...), c.floor, w)
		sumMin := 0.0
		for _, m := range c.minimum {
			sumMin += m
		}
		if broken != (sumMin > w) {
			t.Errorf("minimum %v: broken = %v with minimums adding up to %.1f", c.minimum, broken, sumMin)
		}
		// no word is broken when the longest words fit side by side; when
		// they do not, only columns whose longest word is wider than every
		// kept column are narrowed
		kept := 0.0
		for i, v := range got {
			if v >= min(c.minimum[i], c.natural[i])-0.01 {
				kept = max(kept, v)
			}
		}
		for i, v := range got {
			if m := min(c.minimum[i], c.natural[i]); v < m-0.01 && (!broken || m < kept-0.01) {
				t.Errorf("minimum %v: column %d is %.1f, narrower than its longest word %.1f (widths %v)", c.minimum, i, v, m, got)
			}
		}
		sum := 0.0
		for i, v := range got {
			sum += v
			if v < c.floor[i]-0.01 {
				t.Errorf("natural %v floor %v: column %d is %.1f, narrower than its widest character", c.natural, c.floor, i, v)
			}
		}
		if sum > w+0.01 || sum < w-0.01 {
			t.Errorf("natural %v minimum %v: widths %v add up to %.1f, want %.1f", c.natural, c.minimum, got, sum, w)
		}
	}
}

// Each header cell is filled on its own, with a gap between cells, so a
// heading never looks as if it spans the empty header cells beside it.
func TestHeaderCellsFilledSeparately(t *testing.T) {
	pdftoppm := testutil.Tool(t, "pdftoppm")
	d := tableDoc([]string{"Item", "", "", "Guide"}, []string{"1", "You have a Product Owner.", "☐", "Scrum teams"})
	var buf bytes.Buffer
	if err := Render(d, opts(), &buf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "t.pdf")
	if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// 72 dpi: one pixel per point
	if out, err := exec.Command(pdftoppm, "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", f, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pf, err := os.Open(filepath.Join(dir, "p.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	img, err := png.Decode(pf)
	if err != nil {
		t.Fatal(err)
	}
	fill := colour(render.DefaultTheme().Colours.TableHead)
	isFill := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		near := func(a uint32, want int) bool { return int(a>>8)-want <= 3 && want-int(a>>8) <= 3 }
		return near(r, fill.r) && near(g, fill.g) && near(b, fill.b)
	}
	// the header's first pixel row: the topmost row with the fill colour
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		n := 0
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			if isFill(x, y) {
				n++
			}
		}
		if n < 100 {
			continue
		}
		// one row lower, above the text: count the separate stretches of fill
		runs, in := 0, false
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			f := isFill(x, y+1)
			if f && !in {
				runs++
			}
			in = f
		}
		if runs != 4 {
			t.Errorf("header row is filled in %d stretches, want one per column (4)", runs)
		}
		return
	}
	t.Fatal("no header fill found")
}
