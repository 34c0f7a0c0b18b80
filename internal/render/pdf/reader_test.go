package pdf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

// parsePlain must read every object of fpdf's output that it accepts
// exactly as pdfcpu does, and must accept the page dictionaries (else the
// fast path is never taken).
func TestParsePlainMatchesPDFCPU(t *testing.T) {
	for _, large := range []bool{false, true} {
		d := testutil.LoadCase(t, "kitchen-sink")
		th := render.DefaultTheme()
		fs := mustFonts(t)
		r := newRenderer(d, opts(), th, fs, large, false, false)
		if err := r.run(); err != nil {
			t.Fatal(err)
		}
		r.markUsedRunes()
		var raw keepWriter
		if err := r.pdf.Output(&raw); err != nil {
			t.Fatal(err)
		}
		rp, err := readRawPDF(raw.b)
		if err != nil {
			t.Fatal(err)
		}
		plain, pages, annots := 0, 0, 0
		for _, sp := range rp.spans {
			b, _, err := rp.body(sp.nr)
			if err != nil {
				t.Fatal(err)
			}
			s := string(bytes.TrimSpace(b))
			ps := s // pdfcpu consumes its argument
			want, werr := model.ParseObject(&ps)
			got, gerr := parsePlain(s)
			if gerr != nil {
				if strings.Contains(s, "/Type /Page\n") {
					t.Errorf("object %d: page dictionary not read by parsePlain: %v", sp.nr, gerr)
				}
				continue
			}
			if werr != nil {
				t.Errorf("object %d: parsePlain accepted what pdfcpu refuses (%v): %.200s", sp.nr, werr, s)
				continue
			}
			plain++
			if d, ok := got.(types.Dict); ok && d.Type() != nil && *d.Type() == "Page" {
				pages++
				if a, ok := d["Annots"].(types.Array); ok {
					annots += len(a)
				}
			}
			if g, w := string(appendObject(nil, got)), string(appendObject(nil, want)); g != w {
				t.Errorf("object %d:\n parsePlain %.300s\n     pdfcpu %.300s", sp.nr, g, w)
			}
		}
		if pages == 0 || annots == 0 {
			t.Errorf("large=%v: %d objects read, %d pages, %d annotations: the fixture should have links", large, plain, pages, annots)
		}
	}
}

func TestParsePlainSyntax(t *testing.T) {
	for _, s := range []string{
		"<</A [1 0 R 2 0 R] /B -1.50 /C (a\\(b\\)c (nested)) /D null /E true /F [0 0 0] /G 12 0 R>>",
		"[3 0 R /XYZ 0 700.12 null]",
		"<</Type /Annot /Subtype /Link /Rect [56.69 700.00 120.00 686.00] /Border [0 0 0] /A <</S /URI /URI (https://x.org/?a=1&b=\\(2\\))>>>>",
		"12",
		"<<>>",
	} {
		ps := s
		want, err := model.ParseObject(&ps)
		if err != nil {
			t.Fatalf("pdfcpu: %v", err)
		}
		got, err := parsePlain(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if g, w := string(appendObject(nil, got)), string(appendObject(nil, want)); g != w {
			t.Errorf("%s:\n got %s\nwant %s", s, g, w)
		}
	}
	for _, s := range []string{"<</A#20B 1>>", "<FEFF>", "(unbalanced", "<</A 1", "1 2 3 4 R x"} {
		if _, err := parsePlain(s); err == nil {
			t.Errorf("%q: accepted", s)
		}
	}
}
