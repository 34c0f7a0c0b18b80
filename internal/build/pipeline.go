package build

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/pack"
	"github.com/altformats/altformats/internal/verify"
)

// The three commands' pipelines: each is load → check → (render →
// read-back → output), and the CLI only wires flags to them and prints what
// they return.

// Check runs every check a build runs, writing nothing: it loads and checks
// every path and renders each format into memory, since the writers refuse
// some documents themselves (a character no font has, a table too wide for
// the page), so check and build agree on every document. Results come back
// in input order.
func Check(paths []string, opt Options) []Result {
	res := Run(paths, opt, nil)
	for i := range res {
		r := &res[i]
		if r.Err == nil && r.Doc != nil {
			// the read-back checks build runs before publishing, in memory
			files := make([]verify.NamedFile, 0, len(r.Outputs))
			for _, o := range r.Outputs {
				files = append(files, verify.NamedFile{Name: o.Name, Data: o.Data})
			}
			slug := r.Doc.Meta.Slug
			r.Outputs = nil // not written: each file's memory goes once it is checked
			if err := verify.DocumentOnce(r.Doc, files).Diagnostics(func(name string) string { return filepath.Join(slug, name) }).Err(); err != nil {
				var ds doc.Diagnostics
				if errors.As(err, &ds) {
					all := append(append(doc.Diagnostics(nil), ds...), doc.Errorf(r.Doc.Meta.Pos, "VERIFY-REFUSED", "",
						"its files failed the read-back checks and were not published"))
					r.Diags = append(r.Diags, all...)
					r.Err = all
				} else {
					r.Err = fmt.Errorf("%s: %w", r.Path, err)
				}
			}
		}
		r.Outputs = nil // not written; let the memory go
	}
	return res
}

// Documents loads, checks and renders every path and writes each document's
// files to outDir/<slug>/ through pack, the document's folder staged and
// swapped in whole so a reader never sees a mix of old and new files. A
// document whose files could not be written has Err set and Written zero.
func Documents(paths []string, outDir string, opt Options, progress Progress) []Result {
	results := Run(paths, opt, progress)
	for i := range results {
		r := &results[i]
		if r.Err != nil || r.Skipped {
			continue
		}
		files := make([]pack.File, 0, len(r.Outputs))
		for _, out := range r.Outputs {
			files = append(files, pack.File{Path: out.Name, Format: out.Format.Name, Label: out.Format.Label,
				MediaType: out.Format.MediaType, Lang: r.Doc.Meta.Lang, Data: out.Data})
		}
		// Every file is read back from the staging folder and checked before
		// the swap: a file that fails is never published.
		dest := filepath.Join(outDir, r.Doc.Meta.Slug)
		d, outs := r.Doc, r.Outputs
		var warnings doc.Diagnostics
		readBack := func(stage string, carried []string) ([]pack.File, error) {
			more, ws, err := ReadBack(d, stage, outs, carried, opt.Render, opt.tool(), func(name string) string { return filepath.Join(dest, name) })
			if err != nil {
				return nil, err
			}
			warnings = ws
			return readBackFiles(more, files, d.Meta.Lang), nil
		}
		known := append(OutputNames(r.Doc.Meta.Slug), ReportJSON, ReportHTML)
		if err := pack.WriteOutputsChecked(outDir, r.Doc.Meta.Slug, files, known, readBack); err != nil {
			var no *pack.NotOwnedError
			var ds doc.Diagnostics
			if errors.As(err, &ds) {
				all := append(append(doc.Diagnostics(nil), ds...), doc.Errorf(r.Doc.Meta.Pos, "VERIFY-REFUSED", "",
					"its files failed the read-back checks and were not published"))
				r.Diags = append(r.Diags, all...)
				r.Err = all
			} else if errors.As(err, &no) {
				d := doc.Errorf(doc.Pos{File: r.Path}, "OUT-NOT-OURS", "move it away, or choose another --out", "%v", no)
				r.Diags = append(r.Diags, d)
				r.Err = doc.Diagnostics{d}
			} else {
				r.Err = err
			}
			continue
		}
		r.Diags = append(r.Diags, warnings...)
		r.Written = len(files) + 2 // and the two reports
	}
	return results
}

// tool names this program in reports: the generator the writers are given
// ("altformats 1.2.3").
func (o Options) tool() verify.Tool {
	name, version, _ := strings.Cut(o.Render.Generator, " ")
	if name == "" {
		name = "altformats"
	}
	return verify.Tool{Name: name, Version: version}
}

// ReportFiles are the conformance reports as files to publish.
func ReportFiles(reports []verify.NamedFile, lang string) []pack.File {
	var out []pack.File
	for _, r := range reports {
		mt := "application/json"
		if strings.HasSuffix(r.Name, ".html") {
			mt = "text/html; charset=utf-8"
		}
		out = append(out, pack.File{Path: r.Name, Format: "report", Label: "Accessibility report", MediaType: mt, Lang: lang, Data: r.Data})
	}
	return out
}

// readBackFiles turns what ReadBack returns into files to publish: the
// claimed EPUB takes the place (and description) of the file it replaces,
// the rest are reports.
func readBackFiles(more []verify.NamedFile, written []pack.File, lang string) []pack.File {
	var out, reports []pack.File
	for _, m := range more {
		replaced := false
		for _, w := range written {
			if w.Path == m.Name {
				w.Data = m.Data
				out = append(out, w)
				replaced = true
			}
		}
		if !replaced {
			reports = append(reports, ReportFiles([]verify.NamedFile{m}, lang)...)
		}
	}
	return append(out, reports...)
}
