package pdf_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/check/pdfua"
	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/render/pdf"
	"github.com/altformats/altformats/internal/testutil"
)

// FuzzPDF loads arbitrary Markdown (seeded from our cases, content/, the real
// corpus, pandoc's test suite and every CommonMark example) and renders it
// in both PDF formats whenever the loader accepts it. The writer may refuse
// with an error (a glyph no font has, say) but must never panic or hang, and
// what it writes must be a complete PDF (the PDF/UA checker parses it too,
// but only when the output is small: parsing dominates the time per input).
func FuzzPDF(f *testing.F) {
	for _, s := range testutil.FuzzSeedsEvery(f, 8) {
		f.Add(s)
	}
	img := testutil.FuzzImage(f)
	opt := render.Options{Theme: render.DefaultTheme(), Modified: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Generator: "fuzz"}
	f.Fuzz(func(t *testing.T, src []byte) {
		d, ds := content.Parse("/fuzz/doc.md", src, content.Options{Root: "/fuzz", DefaultLang: "en-GB",
			ReadFile: func(string) ([]byte, error) { return img, nil }})
		if d == nil || ds.HasErrors() {
			return
		}
		for name, r := range map[string]render.Func{"pdf": pdf.Render, "large-print": pdf.RenderLargePrint} {
			var buf bytes.Buffer
			if err := r(d, opt, &buf); err != nil {
				if _, ok := err.(*doc.Diagnostic); !ok && !bytes.Contains([]byte(err.Error()), []byte("render pdf")) {
					t.Logf("%s: refused: %v", name, err)
				}
				continue
			}
			out := buf.Bytes()
			if !bytes.HasPrefix(out, []byte("%PDF-")) || !bytes.Contains(out[max(0, len(out)-64):], []byte("%%EOF")) {
				t.Fatalf("%s: output is not a complete PDF", name)
			}
			if len(out) > 200<<10 {
				continue
			}
			if _, err := pdfua.Check(out); err != nil {
				t.Fatalf("%s: output does not parse: %v", name, err)
			}
		}
	})
}
