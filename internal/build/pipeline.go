package build

import (
	"sync"

	"github.com/altformats/altformats/internal/pack"
)

// The three commands' pipelines: each is load → check → (render →
// read-back → output), and the CLI only wires flags to them and prints what
// they return.

// Check loads and checks every path without rendering; results come back in
// input order.
func Check(paths []string, opt Options) []Result {
	var mu sync.Mutex
	return loadAll(paths, opt, nil, &mu)
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
		if err := pack.WriteOutputs(outDir, r.Doc.Meta.Slug, files); err != nil {
			r.Err = err
			continue
		}
		r.Written = len(files)
	}
	return results
}
