package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/check/pdfua"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
	"github.com/altformats/altformats/internal/testutil/goldenfile"
)

func opts() render.Options {
	return render.Options{Modified: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Generator: "altformats test"}
}

// renderBoth renders d in normal or large print, returning the PDF and the
// structure tree dump.
func renderDoc(t *testing.T, d *doc.Document, large bool) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	var tree *elem
	if err := renderTo(d, opts(), large, &buf, &tree); err != nil {
		t.Fatalf("render: %v", err)
	}
	// ALTFORMATS_PDF_DUMP=dir keeps the files for looking at them by hand.
	if dir := os.Getenv("ALTFORMATS_PDF_DUMP"); dir != "" {
		name := d.Meta.Slug
		if large {
			name += "-large-print"
		}
		_ = os.WriteFile(filepath.Join(dir, name+".pdf"), buf.Bytes(), 0o644)
	}
	return buf.Bytes(), dumpTree(tree)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), []byte(got))
}

func TestStructureTreeGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		d    func(t *testing.T) *doc.Document
	}{
		{"kitchen-sink", func(t *testing.T) *doc.Document { return testutil.LoadCase(t, "kitchen-sink") }},
		{"seed", func(t *testing.T) *doc.Document { return testutil.Seed(t) }},
	} {
		for _, large := range []bool{false, true} {
			name := c.name
			if large {
				name += "-large"
			}
			t.Run(name, func(t *testing.T) {
				_, tree := renderDoc(t, c.d(t), large)
				if strings.Contains(tree, "unhandled") {
					t.Errorf("tree mentions an unhandled node:\n%s", tree)
				}
				golden(t, name+".tree.txt", tree)
			})
		}
	}
}

func TestByteIdenticalTwice(t *testing.T) {
	d := testutil.LoadCase(t, "kitchen-sink")
	// fpdf's subsetter writes into the font bytes it is handed; if those
	// were the shared font slices, the first document of a process would
	// differ from the rest (and concurrent renders would race).
	before := map[string][]byte{}
	for name, b := range goFonts {
		before[name] = bytes.Clone(b)
	}
	defer func() {
		for name, b := range goFonts {
			if !bytes.Equal(before[name], b) {
				t.Errorf("rendering changed the bytes of font %s", name)
			}
		}
	}()
	for _, large := range []bool{false, true} {
		a, _ := renderDoc(t, d, large)
		b, _ := renderDoc(t, d, large)
		if !bytes.Equal(a, b) {
			t.Errorf("large=%v: two renders differ (%d vs %d bytes)", large, len(a), len(b))
		}
	}
}

func simpleDoc(text string) *doc.Document {
	pos := doc.Pos{File: "x.md", Line: 7, Col: 3}
	return &doc.Document{
		Source:       "x.md",
		Meta:         doc.Meta{Title: "T", Lang: "en-GB", Slug: "x"},
		TitleInlines: []doc.Inline{&doc.Text{Text: "T"}},
		Blocks:       []doc.Block{&doc.Paragraph{Pos: pos, Inlines: []doc.Inline{&doc.Text{Pos: pos, Text: text}}}},
	}
}

func TestNonBMPRuneIsAClearError(t *testing.T) {
	for _, s := range []string{"smile 😀 please", "maths 𝐀", "Japanese 日本"} {
		var buf bytes.Buffer
		err := Render(simpleDoc(s), opts(), &buf)
		var ds doc.Diagnostics
		if !errors.As(err, &ds) || len(ds) == 0 {
			t.Fatalf("%q: want doc.Diagnostics, got %v", s, err)
		}
		if dg := ds[0]; dg.Code != "PDF-GLYPH" || dg.Pos.Line != 7 || !strings.Contains(dg.Message, "U+") {
			t.Errorf("%q: unclear diagnostic: %v", s, dg)
		}
	}
}

// Every distinct missing character is reported once, at its own column.
func TestMissingGlyphsEachReported(t *testing.T) {
	// simpleDoc's text starts at 7:3
	d := simpleDoc("日本語x日 then 😀 and 日 again")
	d.Blocks = append(d.Blocks, &doc.Paragraph{Pos: doc.Pos{File: "x.md", Line: 9, Col: 1}, Inlines: []doc.Inline{
		&doc.Text{Pos: doc.Pos{File: "x.md", Line: 9, Col: 1}, Text: "more 日 and 한"},
		&doc.Code{Pos: doc.Pos{File: "x.md", Line: 9, Col: 14}, Text: "語 code"},
	}})
	err := Render(d, opts(), io.Discard)
	var ds doc.Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("want doc.Diagnostics, got %v", err)
	}
	var got []string
	for _, dg := range ds {
		if dg.Code != "PDF-GLYPH" {
			t.Errorf("unexpected %v", dg)
		}
		note := ""
		if strings.Contains(dg.Message, "later line") {
			note = " (may be later)"
		}
		got = append(got, fmt.Sprintf("%d:%d %s%s", dg.Pos.Line, dg.Pos.Col, dg.Message[10:16], note))
	}
	want := []string{
		"7:3 U+65E5",
		"7:4 U+672C",
		"7:5 U+8A9E",
		"7:14 U+1F60",
		"9:12 U+D55C",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if msg := err.Error(); strings.Count(msg, "\n") != len(want)-1 {
		t.Errorf("the error should print one line per character:\n%s", msg)
	}
}

// A word longer than the line is cut so every line stays inside the margin.
func TestLongWordStaysInsideMargins(t *testing.T) {
	r := newRenderer(simpleDoc("x"), opts(), render.DefaultTheme(), mustFonts(t), false, true, false)
	long := "https://example.org/" + strings.Repeat("averyveryverylongpathsegment/", 30) + "end"
	atoms, err := r.atomize([]doc.Inline{&doc.Text{Text: "see " + long + " now"}}, r.body(), r.tg.root, r.width)
	if err != nil {
		t.Fatal(err)
	}
	lines := r.breakLines(atoms, r.width, r.lh)
	if len(lines) < 5 {
		t.Fatalf("want the URL wrapped over several lines, got %d", len(lines))
	}
	var joined strings.Builder
	for _, l := range lines {
		if l.w > r.width+0.01 {
			t.Errorf("line %.1f pt wide exceeds %.1f", l.w, r.width)
		}
		for _, a := range l.atoms {
			joined.WriteString(a.s)
		}
	}
	if joined.String() != "see "+long+" now" {
		t.Errorf("text changed by wrapping")
	}
	// and the whole document renders
	var buf bytes.Buffer
	if err := Render(simpleDoc("see "+long), opts(), &buf); err != nil {
		t.Fatal(err)
	}
}

func mustFonts(t *testing.T) *fontSet {
	fs, err := newFontSet(render.DefaultTheme(), render.Assets{})
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// Spaces at wrap points are kept so text extraction keeps word boundaries.
func TestWrappedLinesKeepTrailingSpace(t *testing.T) {
	r := newRenderer(simpleDoc("x"), opts(), render.DefaultTheme(), mustFonts(t), false, true, false)
	atoms, _ := r.atomize([]doc.Inline{&doc.Text{Text: strings.Repeat("word ", 200)}}, r.body(), r.tg.root, r.width)
	lines := r.breakLines(atoms, r.width, r.lh)
	for i, l := range lines[:len(lines)-1] {
		last := l.atoms[len(l.atoms)-1]
		if !strings.HasSuffix(last.s, " ") {
			t.Errorf("line %d ends without its space: %q", i, last.s)
		}
	}
}

func TestPDFUAChecker(t *testing.T) {
	docs := testutil.Cases(t)
	for _, name := range []string{"kitchen-sink", "seed"} {
		for _, large := range []bool{false, true} {
			b, _ := renderDoc(t, docs[name], large)
			findings, err := pdfua.Check(b)
			if err != nil {
				t.Fatalf("%s large=%v: %v", name, large, err)
			}
			for _, f := range findings {
				t.Errorf("%s large=%v: %s", name, large, f)
			}
		}
	}
}

// repeated makes the seed n times over, as the scale benchmarks do.
func repeated(t testing.TB, n int) *doc.Document {
	d := *testutil.Seed(t)
	var bs []doc.Block
	for i := 0; i < n; i++ {
		bs = append(bs, d.Blocks...)
	}
	d.Blocks = bs
	return &d
}

func benchmarkRender(b *testing.B, n int, large bool) {
	d := repeated(b, n)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var buf bytes.Buffer
		var err error
		if large {
			err = RenderLargePrint(d, opts(), &buf)
		} else {
			err = Render(d, opts(), &buf)
		}
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	}
}

func BenchmarkSeed(b *testing.B)           { benchmarkRender(b, 1, false) }
func BenchmarkSeedLarge(b *testing.B)      { benchmarkRender(b, 1, true) }
func BenchmarkSeedX100(b *testing.B)       { benchmarkRender(b, 100, false) }
func BenchmarkSeedX1000(b *testing.B)      { benchmarkRender(b, 1000, false) }
func BenchmarkSeedX1000Large(b *testing.B) { benchmarkRender(b, 1000, true) }

// A rune the wanted face lacks is drawn from another embedded face.
func TestGlyphFallbackToAnotherFace(t *testing.T) {
	fs := mustFonts(t)
	// a copy of the mono face that lacks ŵ, as a theme's own font might
	r := 'ŵ'
	mono := *fs.slots[faceMono]
	mono.covered = append([]uint64(nil), mono.covered...)
	mono.covered[r>>6] &^= 1 << (uint(r) & 63)
	fs.slots[faceMono] = &mono
	rd := newRenderer(simpleDoc("x"), opts(), render.DefaultTheme(), fs, false, true, false)
	atoms, err := rd.atomize([]doc.Inline{&doc.Code{Text: "a" + string(r) + "b"}}, rd.body(), rd.tg.root, rd.width)
	if err != nil {
		t.Fatalf("U+%04X: %v", r, err)
	}
	found := false
	for _, a := range atoms {
		if strings.ContainsRune(a.s, r) {
			found = true
			if !a.m.has(r) {
				t.Errorf("U+%04X drawn with a face that lacks it", r)
			}
		}
	}
	if !found {
		t.Errorf("U+%04X lost", r)
	}
}

// A heading is never the last thing on a page: it keeps at least two
// lines of what follows with it.
func TestNoOrphanHeadings(t *testing.T) {
	pos := doc.Pos{File: "x.md", Line: 1, Col: 1}
	d := simpleDoc("start")
	for i := 0; i < 120; i++ {
		d.Blocks = append(d.Blocks,
			&doc.Heading{Pos: pos, Level: 2, ID: "h" + string(rune('a'+i%26)), Inlines: []doc.Inline{&doc.Text{Text: "Heading"}}},
			&doc.Paragraph{Pos: pos, Inlines: []doc.Inline{&doc.Text{Text: strings.Repeat("words ", 20+i%17)}}})
	}
	r := newRenderer(d, opts(), render.DefaultTheme(), mustFonts(t), false, true, false)
	r.trackHeadings = true
	if err := r.run(); err != nil {
		t.Fatal(err)
	}
	if r.pages < 5 {
		t.Fatalf("want a multi-page document, got %d pages", r.pages)
	}
	room := 2 * r.base * r.lh
	for i, y := range r.headingEnds {
		if r.bottom-y < room {
			t.Errorf("heading %d ends %.1f pt above the bottom margin, less than two lines", i, r.bottom-y)
		}
	}
}

func TestPaperSizes(t *testing.T) {
	d := testutil.LoadCase(t, "kitchen-sink")
	for paper, box := range map[string]string{"A4": "595.28 841.89", "A5": "419.53 595.28", "Letter": "612.00 792.00", "": "595.28 841.89"} {
		o := opts()
		o.Paper, _ = doc.ParsePaper(paper)
		var buf bytes.Buffer
		if err := Render(d, o, &buf); err != nil {
			t.Fatalf("%s: %v", paper, err)
		}
		if !bytes.Contains(buf.Bytes(), []byte("/MediaBox [0 0 "+box+"]")) {
			t.Errorf("%q: no MediaBox %s", paper, box)
		}
	}
}

// Header rows repeat on every page a long table continues on.
func TestTableHeaderRepeats(t *testing.T) {
	pdftotext := testutil.Tool(t, "pdftotext")
	pos := doc.Pos{File: "x.md", Line: 1, Col: 1}
	cell := func(s string, h bool) *doc.TableCell {
		return &doc.TableCell{Pos: pos, Header: h, Inlines: []doc.Inline{&doc.Text{Text: s}}}
	}
	tb := &doc.Table{Pos: pos, Cols: 2, Head: []*doc.TableRow{{Pos: pos, Cells: []*doc.TableCell{cell("Zebracolumn", true), cell("Value", true)}}}}
	for i := 0; i < 150; i++ {
		tb.Body = append(tb.Body, &doc.TableRow{Pos: pos, Cells: []*doc.TableCell{cell("row", false), cell(strings.Repeat("long cell text ", i%9+1), false)}})
	}
	d := simpleDoc("intro")
	d.Blocks = append(d.Blocks, tb)
	var buf bytes.Buffer
	var tree *elem
	if err := renderTo(d, opts(), false, &buf, &tree); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Count(string(out), "\f")
	heads := strings.Count(string(out), "Zebracolumn")
	if pages < 3 || heads != pages {
		t.Errorf("%d pages but the header appears %d times", pages, heads)
	}
	// the repeats are artifacts: the tree has the header once
	if n := strings.Count(dumpTree(tree), "Zebracolumn"); n != 1 {
		t.Errorf("header tagged %d times, want 1", n)
	}
}

// Hostile nesting (1,500 levels) renders without a crash or an error.
func TestDeepNesting(t *testing.T) {
	pos := doc.Pos{File: "x.md", Line: 1, Col: 1}
	var b doc.Block = &doc.Paragraph{Pos: pos, Inlines: []doc.Inline{&doc.Text{Text: "deep text here"}}}
	for i := 0; i < 1500; i++ {
		if i%2 == 0 {
			b = &doc.BlockQuote{Pos: pos, Blocks: []doc.Block{b}}
		} else {
			b = &doc.List{Pos: pos, Items: []*doc.ListItem{{Pos: pos, Blocks: []doc.Block{b}}}}
		}
	}
	d := simpleDoc("x")
	d.Blocks = append(d.Blocks, b)
	var buf bytes.Buffer
	if err := Render(d, opts(), &buf); err != nil {
		t.Fatal(err)
	}
}

// Documents render in parallel (the build runs formats and documents
// concurrently); run with -race to check the shared font cache.
func TestConcurrentRenders(t *testing.T) {
	d := testutil.LoadCase(t, "kitchen-sink")
	want, _ := renderDoc(t, d, false)
	errs := make(chan error, 4)
	outs := make(chan []byte, 4)
	for i := 0; i < 4; i++ {
		go func() {
			var buf bytes.Buffer
			errs <- Render(d, opts(), &buf)
			outs <- buf.Bytes()
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		if got := <-outs; !bytes.Equal(got, want) {
			t.Error("a concurrent render differs from a serial one")
		}
	}
}

// Edge inputs: an empty body, a 16-bit PNG (fpdf cannot take it as is), a
// URL with PDF string delimiters, an unknown anchor and a bad footnote.
func TestEdgeInputs(t *testing.T) {
	qpdf := testutil.Tool(t, "qpdf")
	pos := doc.Pos{File: "x.md", Line: 3, Col: 1}
	img := image.NewNRGBA64(image.Rect(0, 0, 40, 20))
	for x := 0; x < 40; x++ {
		for y := 0; y < 20; y++ {
			img.Set(x, y, color.NRGBA64{R: 0x1234, G: 0x5e00, B: 0xb800, A: 0xffff})
		}
	}
	var png16 bytes.Buffer
	if err := png.Encode(&png16, img); err != nil {
		t.Fatal(err)
	}
	cases := map[string]*doc.Document{"empty": simpleDoc("")}
	d := simpleDoc("x")
	d.Blocks = append(d.Blocks,
		&doc.Figure{Pos: pos, Image: &doc.Image{Pos: pos, Src: "a.png", Alt: "a chart", Data: png16.Bytes(), MediaType: "image/png", Width: 40, Height: 20}},
		&doc.Paragraph{Pos: pos, Inlines: []doc.Inline{
			&doc.Link{Pos: pos, URL: `https://example.org/a_(b)\c?x=(1`, Children: []doc.Inline{&doc.Text{Text: "odd link"}}},
			&doc.Link{Pos: pos, URL: "#nowhere", Children: []doc.Inline{&doc.Text{Text: " dead anchor"}}},
			&doc.FootnoteRef{Pos: pos, N: 9},
		}})
	cases["edge"] = d
	for name, d := range cases {
		var buf bytes.Buffer
		if err := Render(d, opts(), &buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f := filepath.Join(t.TempDir(), name+".pdf")
		if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command(qpdf, "--check", f).CombinedOutput()
		if !strings.Contains(string(out), "No syntax or stream encoding errors") || strings.Contains(strings.ToLower(string(out)), "warning") {
			t.Errorf("%s: qpdf --check:\n%s", name, out)
		}
		findings, err := pdfua.Check(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range findings {
			t.Errorf("%s: %s", name, f)
		}
	}
}

// wrapWords breaks between words, every line fits, and nothing is lost;
// capLines shortens only at a word.
func TestWrapWords(t *testing.T) {
	r := newRenderer(simpleDoc("x"), opts(), render.DefaultTheme(), mustFonts(t), false, true, false)
	m := r.faceMetrics(faceRegular)
	for _, s := range []string{"", "short", strings.Repeat("A long title ", 400), strings.Repeat("ŵ", 300),
		"Health Education England, Workforce, training and education directorate of NHS England",
		"Iechyd a Gofal Cymdeithasol: gwasanaethau iechyd meddwl i bobl ifanc"} {
		for _, maxW := range []float64{60, 200, 481.9} {
			lines := wrapWords(s, m, 10, maxW)
			if got, want := strings.ReplaceAll(strings.Join(lines, ""), " ", ""), strings.ReplaceAll(s, " ", ""); got != want {
				t.Errorf("%.20q in %g pt: lines %q lose text", s, maxW, lines)
			}
			for _, l := range lines {
				if w := m.width(l, 10); w > maxW {
					t.Errorf("%.20q in %g pt: line %q is %.1f pt wide", s, maxW, l, w)
				}
			}
			fits := true
			for _, word := range strings.Fields(s) {
				fits = fits && m.width(word, 10) <= maxW
			}
			if fits {
				for i, l := range lines {
					if !strings.Contains(s, l+" ") && !strings.HasSuffix(s, l) {
						t.Errorf("%.20q in %g pt: line %d %q is cut mid-word", s, maxW, i, l)
					}
				}
			}
			capped := capLines(lines, 2, m, 10, maxW)
			if len(capped) > 2 {
				t.Errorf("%.20q: capLines kept %d lines", s, len(capped))
			}
			for _, l := range capped {
				if w := m.width(l, 10); w > maxW {
					t.Errorf("%.20q in %g pt: capped line %q is %.1f pt wide", s, maxW, l, w)
				}
				if base := strings.TrimSuffix(l, " …"); fits && !strings.Contains(s, base+" ") && !strings.HasSuffix(s, base) {
					t.Errorf("%.20q: capped line %q is cut mid-word", s, l)
				}
			}
		}
	}
}
