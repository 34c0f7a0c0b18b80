package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/testutil"
)

// PDF keywords and string delimiters as text, in every place text goes into
// PDF objects (link addresses and titles, alt text, headings, bookmarks,
// the document title). `[livestream](https://example.org/livestream)` made
// the old post-pass (which parsed fpdf's output back) cut a link annotation
// at "stream" and fail the whole PDF with "corrupt string literal"; the
// writer now writes every object itself, and qpdf checks the result.
var hostileWords = []string{"stream", "endstream", "obj", "endobj", "(", ")", `\`, "%", "xref", "trailer", ">>", "<<"}

func hostileDoc(t *testing.T, w string) *doc.Document {
	p := doc.Pos{File: "x.md", Line: 5, Col: 1}
	tx := func(s string) []doc.Inline { return []doc.Inline{&doc.Text{Pos: p, Text: s}} }
	img := &doc.Image{Pos: p, Src: "chart.png", Alt: "a chart " + w + " of " + w, Title: w,
		Data: testutil.FuzzImage(t), MediaType: "image/png", Width: 10, Height: 10}
	return &doc.Document{
		Source:       "x.md",
		Meta:         doc.Meta{Title: "Title " + w, Lang: "en-GB", Slug: "x", Subtitle: "sub " + w, Summary: w},
		TitleInlines: tx("Title " + w),
		Blocks: []doc.Block{
			&doc.Heading{Pos: p, Level: 2, ID: "h", Inlines: tx("Heading " + w + " live" + w)},
			&doc.Paragraph{Pos: p, Inlines: []doc.Inline{
				&doc.Link{Pos: p, URL: "https://example.org/live" + strings.Trim(w, `\%()<> `) + "?q=" + w, Title: "see " + w,
					Children: tx("live" + w)},
				&doc.Text{Pos: p, Text: " and "},
				&doc.Link{Pos: p, URL: "#h", Children: tx(w + " anchor")},
				&doc.Text{Pos: p, Text: " and "},
				img,
			}},
			&doc.Figure{Pos: p, Image: img, Caption: tx("caption " + w)},
		},
	}
}

func TestAnyTextIsSafeInAnyPosition(t *testing.T) {
	for _, w := range hostileWords {
		d := hostileDoc(t, w)
		for _, large := range []bool{false, true} {
			var buf bytes.Buffer
			if err := Render(d, opts(), &buf); err != nil {
				t.Fatalf("%q: %v", w, err)
			}
			if large {
				buf.Reset()
				if err := RenderLargePrint(d, opts(), &buf); err != nil {
					t.Fatalf("%q large print: %v", w, err)
				}
			}
			if _, err := exec.LookPath("qpdf"); err == nil {
				file := filepath.Join(t.TempDir(), "x.pdf")
				if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				if out, err := exec.Command("qpdf", "--check", file).CombinedOutput(); err != nil {
					t.Errorf("%q: qpdf --check: %v\n%s", w, err, out)
				}
			}
		}
	}
}
