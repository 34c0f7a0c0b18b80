package build

import (
	"errors"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/pack"
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
		res[i].Outputs = nil // not written; let the memory go
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
		if r.Err != nil {
			continue
		}
		files := make([]pack.File, 0, len(r.Outputs))
		for _, out := range r.Outputs {
			files = append(files, pack.File{Path: out.Name, Format: out.Format.Name, Label: out.Format.Label,
				MediaType: out.Format.MediaType, Lang: r.Doc.Meta.Lang, Data: out.Data})
		}
		if err := pack.WriteOutputs(outDir, r.Doc.Meta.Slug, files, OutputNames(r.Doc.Meta.Slug)); err != nil {
			var no *pack.NotOwnedError
			if errors.As(err, &no) {
				d := doc.Errorf(doc.Pos{File: r.Path}, "OUT-NOT-OURS", "move it away, or choose another --out", "%v", no)
				r.Diags = append(r.Diags, d)
				r.Err = doc.Diagnostics{d}
			} else {
				r.Err = err
			}
			continue
		}
		r.Written = len(files)
	}
	return results
}
