package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/pack"
)

// PackOptions are the inputs of one pack build.
type PackOptions struct {
	Options        // Root is the content folder the definition's documents are under
	Out     string // packs go to Out/packs/<name>/ and Out/packs/<name>.zip
}

// Pack builds one pack: it resolves the definition's documents, loads,
// checks and renders them, reads every PDF back through the PDF/UA checks,
// and hands the files to pack, which writes the folder, the zip and the
// manifest. It returns the zip's path and every diagnostic met on the way
// (up to the failure); err is not nil when the pack failed, and is then
// ds.Err() when the diagnostics say why.
func Pack(def *pack.Def, o PackOptions) (zip string, ds doc.Diagnostics, err error) {
	for _, f := range def.Formats {
		if _, err := LookupFormats([]string{f}); err != nil {
			ds = doc.Diagnostics{doc.Errorf(def.FormatsPos, "PACK-FORMAT", "the formats are "+strings.Join(FormatNames(), ", "),
				"unknown format %q in the pack's formats", f)}
			return "", ds, ds.Err()
		}
	}
	formats, err := LookupFormats(def.Formats)
	if err != nil {
		return "", nil, err
	}
	formats, skipped, err := Writable(formats, Explicit(def.Formats))
	if err != nil {
		return "", nil, err
	}
	for _, w := range skipped {
		w = strings.TrimSuffix(strings.TrimPrefix(w, "warning: "), " [BRAILLE-SKIPPED]")
		ds = append(ds, doc.Warnf(def.FormatsPos, "BRAILLE-SKIPPED", "install liblouis to add braille to the pack", "%s", w))
	}
	bo := o.Options
	bo.Formats = formats
	results, err := loadPackDocuments(def, bo)
	if err != nil {
		errors.As(err, &ds)
		return "", ds, err
	}
	var mu sync.Mutex
	renderResults(results, bo, nil, &mu)
	var docs []pack.Document
	var modified time.Time
	for _, r := range results {
		ds = append(ds, r.Diags...)
		if r.Err != nil {
			if ds.HasErrors() {
				return "", ds, ds.Err()
			}
			return "", ds, fmt.Errorf("document %s failed: %w", r.Path, r.Err)
		}
		m := r.Doc.Meta
		if t := ModifiedTime(m); t.After(modified) {
			modified = t
		}
		d := pack.Document{Slug: m.Slug, Title: m.Title, Lang: m.Lang, Summary: m.Summary, Contact: m.Contact, Updated: m.PublishedDate()}
		for _, out := range r.Outputs {
			checks, vds, err := Verify(out, m.Pos)
			if err != nil {
				return "", ds, fmt.Errorf("document %s: %w", r.Path, err)
			}
			if len(vds) > 0 {
				ds = append(ds, vds...)
				return "", ds, ds.Err()
			}
			d.Files = append(d.Files, pack.File{Path: out.Name, Format: out.Format.Name, Label: out.Format.Label,
				MediaType: out.Format.MediaType, Lang: m.Lang, Data: out.Data, Checks: checks})
		}
		docs = append(docs, d)
	}
	popt := pack.Options{Modified: modified, Theme: o.Render.Theme, Generator: o.Render.Generator}
	if err := pack.Build(def, docs, o.Out, popt); err != nil {
		return "", ds, err
	}
	return filepath.Join(o.Out, "packs", def.Name+".zip"), ds, nil
}

// loadPackDocuments loads and checks the definition's documents, in its
// order: a .md path relative to the content folder, or a slug looked up among
// the documents there. Documents are loaded once: finding a slug loads every
// document of the folder, and those results are the ones rendered.
func loadPackDocuments(def *pack.Def, opt Options) ([]Result, error) {
	contentDir := opt.Root
	var ds doc.Diagnostics
	var byPath map[string]Result
	var bySlug map[string]string
	var results []Result
	for _, ref := range def.Documents {
		var p string
		if ref.IsPath() {
			p = filepath.Join(contentDir, filepath.FromSlash(ref.Ref))
			if _, err := os.Stat(p); err != nil {
				ds = append(ds, doc.Errorf(ref.Pos, "PACK-DOC", "give the path relative to "+contentDir, "document %s not found", p))
				continue
			}
		} else {
			if bySlug == nil {
				var err error
				if byPath, bySlug, err = slugIndex(opt); err != nil {
					return nil, err
				}
			}
			var ok bool
			if p, ok = bySlug[ref.Ref]; !ok {
				var known []string
				for k := range bySlug {
					known = append(known, k)
				}
				sort.Strings(known)
				ds = append(ds, doc.Errorf(ref.Pos, "PACK-DOC", "known slugs: "+strings.Join(known, ", "),
					"no document in %s has the slug %q", contentDir, ref.Ref))
				continue
			}
		}
		r, ok := byPath[p]
		if !ok {
			d, lds, err := Load(p, opt)
			r = Result{Path: p, Doc: d, Diags: lds, Err: err}
		}
		results = append(results, r)
	}
	if len(ds) > 0 {
		return nil, ds
	}
	return results, nil
}

// slugIndex loads and checks every document of the content folder and maps
// each slug to its path. A document that fails to load is indexed by its file
// name, so its own errors surface when it is built rather than as "slug not
// found".
func slugIndex(opt Options) (map[string]Result, map[string]string, error) {
	paths, err := FindDocuments([]string{opt.Root})
	if err != nil {
		return nil, nil, err
	}
	var mu sync.Mutex
	byPath := map[string]Result{}
	idx := map[string]string{}
	for _, r := range loadAll(paths, opt, nil, &mu) {
		byPath[r.Path] = r
		slug := content.SlugFromPath(r.Path)
		if r.Doc != nil && r.Doc.Meta.Slug != "" {
			slug = r.Doc.Meta.Slug
		}
		if _, dup := idx[slug]; !dup {
			idx[slug] = r.Path
		}
	}
	return byPath, idx, nil
}
