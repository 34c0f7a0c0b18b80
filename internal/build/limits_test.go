package build

import (
	"strconv"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/diag"
	"github.com/altformats/altformats/internal/doc"
)

// renderDiags renders d in f and returns what the writer reported.
func renderDiags(t *testing.T, d *doc.Document, f Format) doc.Diagnostics {
	t.Helper()
	var ds doc.Diagnostics
	o := benchRenderOptions(d)
	o.Report = func(dg *doc.Diagnostic) { ds = append(ds, dg) }
	_, _ = renderOne(d, f, o, nil)
	return ds
}

// TestWritersAcceptDeepestLoadable: a document as deep as the loader allows
// (doc.MaxNesting) renders in every format; the writers' own bound,
// doc.MaxRenderDepth, is derived from it and never trips first.
func TestWritersAcceptDeepestLoadable(t *testing.T) {
	// the deepest of each shape the loader accepts, whatever it counts as a
	// level (a paragraph, an emphasis)
	deepest := func(shape func(n int) string) (*doc.Document, int) {
		for n := doc.MaxNesting; n > 0; n-- {
			d, ds := content.Parse("deep.md", []byte("---\ntitle: Deep\nlang: en-GB\n---\n\n"+shape(n)), content.Options{})
			if !ds.HasErrors() {
				return d, n
			}
		}
		t.Fatal("the loader refuses every depth")
		return nil, 0
	}
	for name, shape := range map[string]func(int) string{
		"quotes": func(n int) string { return strings.Repeat("> ", n) + "*a **b** c*\n" },
		"lists": func(n int) string {
			var list strings.Builder
			for i := 0; i < n; i++ {
				list.WriteString(strings.Repeat("  ", i) + "- item\n")
			}
			return list.String()
		},
	} {
		d, n := deepest(shape)
		if n < doc.MaxNesting/2 {
			t.Errorf("%s: the loader accepts only %d levels", name, n)
		}
		for _, f := range writable(t) {
			for _, dg := range renderDiags(t, d, f) {
				if dg.Severity == diag.Error {
					t.Errorf("%s in %s: %v", name, f.Name, dg)
				}
			}
		}
	}
}

// TestWritersBoundDepth: a model deeper than doc.MaxRenderDepth, built in
// code (the loader would refuse it), is an error in every writer that walks
// it recursively, at the same depth in each (they disagreed: 100 and 200).
func TestWritersBoundDepth(t *testing.T) {
	var b doc.Block = &doc.Paragraph{Pos: doc.Pos{File: "deep.md", Line: 9, Col: 1}, Inlines: []doc.Inline{&doc.Text{Text: "deep"}}}
	for i := 0; i < doc.MaxRenderDepth; i++ {
		b = &doc.BlockQuote{Pos: doc.Pos{File: "deep.md", Line: 1, Col: 1}, Blocks: []doc.Block{b}}
	}
	d := &doc.Document{Source: "deep.md", Meta: doc.Meta{Title: "Deep", Lang: "en-GB"}, Blocks: []doc.Block{b}}
	want := "nested more than " + strconv.Itoa(doc.MaxRenderDepth) + " deep"
	for _, f := range writable(t) {
		if f.Name == "pdf" || f.Name == "large-print" {
			continue // the PDF writer lays blocks out without a depth bound
		}
		ds := renderDiags(t, d, f)
		if !strings.Contains(ds.Error(), want) {
			t.Errorf("%s: want an error %q, got %v", f.Name, want, ds)
		}
	}
}

// TestFormatRowsHaveMemoryFactor: the memory budget reads each format's
// factor from its row of the table; a row without one would render outside
// the budget.
func TestFormatRowsHaveMemoryFactor(t *testing.T) {
	for _, f := range Formats() {
		if f.MemFactor <= 0 {
			t.Errorf("format %s has no MemFactor", f.Name)
		}
	}
	if pdf, docx, html := lookupFormat(t, "pdf"), lookupFormat(t, "docx"), lookupFormat(t, "html"); !(docx.MemFactor >= pdf.MemFactor && pdf.MemFactor > html.MemFactor) {
		t.Errorf("factors docx %d, pdf %d, html %d: measured Word (38 MiB at seed x1000) >= PDF (31) > the text formats", docx.MemFactor, pdf.MemFactor, html.MemFactor)
	}
}

func lookupFormat(t testing.TB, name string) Format {
	t.Helper()
	fs, err := LookupFormats([]string{name})
	if err != nil || len(fs) != 1 {
		t.Fatalf("format %s: %v", name, err)
	}
	return fs[0]
}
