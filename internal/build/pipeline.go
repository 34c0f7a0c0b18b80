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
// in input order. Each document's files are read back as soon as it is
// rendered, and dropped: Outputs keep names and formats, not bytes.
func Check(paths []string, opt Options) []Result {
	verifyDoc := func(r *Result) {
		// the read-back checks build runs before publishing, in memory
		files := make([]verify.NamedFile, 0, len(r.Outputs))
		for _, o := range r.Outputs {
			files = append(files, verify.NamedFile{Name: o.Name, Data: o.Data})
		}
		slug := r.Doc.Meta.Slug
		dropFiles(r) // each file's bytes then go as soon as it is checked (DocumentOnce)
		err := verify.DocumentOnce(r.Doc, files).Diagnostics(func(name string) string { return filepath.Join(slug, name) }).Err()
		var ds doc.Diagnostics
		if errors.As(err, &ds) {
			refuseWrite(r, err)
		} else if err != nil {
			r.Err = fmt.Errorf("%s: %w", r.Path, err)
		}
	}
	return run(paths, opt, nil, stages{finish: verifyDoc, finishFactor: readBackFactor})
}

// Documents loads, checks and renders every path and writes each document's
// files to outDir/<slug>/ through pack, the document's folder staged and
// swapped in whole so a reader never sees a mix of old and new files. A
// document whose files could not be written has Err set and Written zero.
//
// A folder the tool would refuse to replace ([OUT-NOT-OURS]) is found before
// anything is rendered, so the refusal costs no rendering and stages
// nothing; pack checks again under its lock just before the swap. Each
// document is written, read back and checked as soon as its last format
// is rendered, while others render, and then let go: its Outputs keep their
// names and formats but no bytes (the read-back reads the staged files, and
// the published files are on disk), and its Doc keeps only Source and Meta.
func Documents(paths []string, outDir string, opt Options, progress Progress) []Result {
	preflight := func(r *Result) {
		if err := pack.CheckOutputs(outDir, r.Doc.Meta.Slug, knownNames(r.Doc.Meta.Slug)); err != nil {
			refuseWrite(r, err)
		}
	}
	write := func(r *Result) {
		writeDocument(r, outDir, opt)
		dropFiles(r)
		r.Doc = &doc.Document{Source: r.Doc.Source, Meta: r.Doc.Meta}
	}
	return run(paths, opt, progress, stages{preflight: preflight, finish: write, finishFactor: readBackFactor})
}

// writeDocument stages a rendered document's files, reads them back and
// swaps them in.
func writeDocument(r *Result, outDir string, opt Options) {
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
		// staged: the writers' buffers are no longer needed
		for j := range files {
			files[j].Data, outs[j].Data = nil, nil
		}
		more, ws, err := ReadBack(d, stage, outs, carried, opt.Render, opt.tool(), func(name string) string { return filepath.Join(dest, name) })
		if err != nil {
			return nil, err
		}
		warnings = ws
		return readBackFiles(more, files, d.Meta.Lang), nil
	}
	if err := pack.WriteOutputsChecked(outDir, r.Doc.Meta.Slug, files, knownNames(r.Doc.Meta.Slug), readBack); err != nil {
		refuseWrite(r, err)
		return
	}
	r.Diags = append(r.Diags, warnings...) // files kept from an earlier build that fail
	r.Written = len(files) + 2             // and the two reports
}

// dropFiles lets a document's rendered bytes go, keeping each file's name
// and format.
func dropFiles(r *Result) {
	for j := range r.Outputs {
		r.Outputs[j].Data = nil
	}
}

// knownNames is every name the tool can give a document's files, reports
// included: how a folder written before ownership markers is recognised.
func knownNames(slug string) []string {
	return append(OutputNames(slug), ReportJSON, ReportHTML)
}

// refuseWrite records why a document's files were not written: read-back
// findings, a folder that is not the tool's, or a failure to write.
func refuseWrite(r *Result, err error) {
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
