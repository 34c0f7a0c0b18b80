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
	"github.com/altformats/altformats/internal/verify"
)

// PackOptions are the inputs of one pack build.
type PackOptions struct {
	Options        // Root is the content folder the definition's documents are under
	Out     string // packs go to Out/packs/<name>/ and Out/packs/<name>.zip
}

// Pack builds one pack: it resolves the definition's documents, loads,
// checks and renders them, reads every file back through the read-back checks,
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
	at := def.FormatsPos
	if len(def.Formats) == 0 {
		at = def.Pos
	}
	formats, skipped, err := Writable(formats, Explicit(def.Formats), at)
	if err != nil {
		var d *doc.Diagnostic
		if errors.As(err, &d) {
			ds = append(ds, d)
			return "", ds, ds.Err()
		}
		return "", nil, err
	}
	ds = append(ds, skipped...)
	// A pack whose folder or zip the tool would refuse to replace is
	// refused before its documents are loaded and rendered (pack.Build
	// checks again under its lock just before the swap).
	if err := pack.CheckPack(o.Out, def.Name); err != nil {
		return "", ds, err
	}
	bo := o.Options
	bo.Formats = formats
	results, err := loadPackDocuments(def, bo)
	if err != nil {
		errors.As(err, &ds)
		return "", ds, err
	}
	var mu sync.Mutex
	renderResults(results, bo, nil, &mu, stages{})
	var docs []pack.Document
	var docReports []string
	var modified time.Time
	tool := o.tool()
	packDir := filepath.Join(o.Out, "packs", def.Name)
	pathOf := func(n string) string { return filepath.Join(packDir, n) }
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
		// Every file is read back and checked (and compared with the model)
		// before it goes into the pack; its report travels with it.
		named := make([]verify.NamedFile, len(r.Outputs))
		for i, out := range r.Outputs {
			named[i] = verify.NamedFile{Name: out.Name, Data: out.Data}
		}
		rep, err := VerifyFiles(r.Doc, named, pathOf)
		if err != nil {
			var vds doc.Diagnostics
			if errors.As(err, &vds) {
				ds = append(ds, vds...)
				return "", ds, ds.Err()
			}
			return "", ds, fmt.Errorf("document %s: its files failed the read-back checks:\n%w", r.Path, err)
		}
		for i, out := range r.Outputs {
			d.Files = append(d.Files, pack.File{Path: out.Name, Format: out.Format.Name, Label: out.Format.Label,
				MediaType: out.Format.MediaType, Lang: m.Lang, Data: out.Data, Checks: ChecksPassed(rep.Files[i])})
		}
		js, html, err := rep.Report(tool)
		if err != nil {
			return "", ds, err
		}
		d.Files = append(d.Files, ReportFiles([]verify.NamedFile{{Name: m.Slug + "." + ReportHTML, Data: html},
			{Name: m.Slug + "." + ReportJSON, Data: js}}, m.Lang)...)
		docReports = append(docReports, m.Slug+"."+ReportHTML)
		docs = append(docs, d)
	}
	// The pack's own report covers its index page and guide.
	packReport := func(files []pack.File) ([]pack.File, error) {
		var own []*verify.Result
		for _, f := range files {
			if f.Format == "index" || f.Format == "readme" {
				r := verify.File(f.Path, f.Data)
				if r.Errors() > 0 {
					return nil, fmt.Errorf("the pack's %s fails the read-back checks:\n%w", f.Path,
						(&verify.DocReport{Files: []*verify.Result{r}}).Diagnostics(pathOf).Err())
				}
				own = append(own, r)
			}
		}
		js, html, err := verify.PackReport(def.Title, "en-GB", own, docReports, tool)
		if err != nil {
			return nil, err
		}
		return ReportFiles([]verify.NamedFile{{Name: ReportHTML, Data: html}, {Name: ReportJSON, Data: js}}, "en-GB"), nil
	}
	popt := pack.Options{Modified: modified, Theme: o.Render.Theme, Generator: o.Render.Generator, Report: packReport}
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
