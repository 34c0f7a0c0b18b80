package build

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/altformats/altformats/internal/diag"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/verify"
	"github.com/go-pdf/fpdf"
)

func oneDoc() *doc.Document {
	return &doc.Document{Source: "x.md", Meta: doc.Meta{Title: "T", Lang: "en", Slug: "x", Pos: doc.Pos{File: "x.md", Line: 1, Col: 1}}}
}

// A writer that fails, or panics, is reported as RENDER-FAIL at the
// document, with a hint, never as a bare error line.
func TestWriterFailureIsADiagnostic(t *testing.T) {
	for name, fn := range map[string]render.Func{
		"error": func(*doc.Document, render.Options, io.Writer) error { return errors.New("disk on fire") },
		"panic": func(*doc.Document, render.Options, io.Writer) error { panic("boom") },
	} {
		f := Format{Name: "broken", Suffix: ".x", Render: fn}
		r := renderAll([]*doc.Document{oneDoc()}, []Format{f}, render.Options{}, 1, renderHooks{})[0]
		if r.err == nil || len(r.diags) != 1 {
			t.Fatalf("%s: err %v, diags %v", name, r.err, r.diags)
		}
		d := r.diags[0]
		if d.Code != "RENDER-FAIL" || d.Pos.Line != 1 || d.Hint == "" || d.Severity != doc.Error {
			t.Errorf("%s: got %v", name, d)
		}
		if _, ok := diag.Lookup(d.Code); !ok {
			t.Errorf("%s is not registered", d.Code)
		}
	}
}

// Read-back findings come back as registered diagnostics naming the file
// as published, not as an error string.
func TestVerifyReportsFindingsAsDiagnostics(t *testing.T) {
	p := fpdf.New("P", "pt", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 12)
	p.Text(50, 50, "untagged")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	d := &doc.Document{Source: "x.md", Meta: doc.Meta{Title: "x", Lang: "en-GB", Slug: "x"}}
	_, err := VerifyFiles(d, []verify.NamedFile{{Name: "x.pdf", Data: buf.Bytes()}}, func(n string) string { return "out/x/" + n })
	var ds doc.Diagnostics
	if !errors.As(err, &ds) || !ds.HasErrors() {
		t.Fatalf("an untagged PDF passed: %v", err)
	}
	for _, d := range ds {
		if d.Pos.File != "out/x/x.pdf" || d.Code == "" {
			t.Errorf("finding as %v", d)
		}
		if _, ok := diag.Lookup(d.Code); !ok {
			t.Errorf("%s is not registered", d.Code)
		}
	}
}
