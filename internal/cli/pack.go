package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/pack"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/verify"
	"github.com/spf13/cobra"
)

func init() { moreCommands = append(moreCommands, newPackCmd) }

// PackOptions are the pack command's inputs.
type PackOptions struct {
	Names     []string // pack names or paths to .yaml files; none = every pack
	Out       string
	Content   string // folder with the documents and packs/
	Templates string
	Jobs      int
}

func newPackCmd(s Streams) *cobra.Command {
	o := &PackOptions{}
	c := &cobra.Command{
		Use:   "pack [NAME...]",
		Short: "Build packs of documents in every format, with a landing page and a zip",
		Long: `Build packs defined in content/packs/<name>.yaml. Each pack is written to
OUT/packs/<name>/ and OUT/packs/<name>.zip and holds every rendered file, an
accessible index.html listing each format with its type, size and page count,
a plain-text README.txt and a manifest.json with each file's SHA-256.

A pack is staged under a temporary name and put in place only when complete:
if any document fails, the earlier pack stays as it was. The zip is identical
on every run of the same content; set SOURCE_DATE_EPOCH to fix its timestamps.

With no NAME, every pack in content/packs/ is built.

A pack definition:

  title: Mental health toolkit for employers     (required)
  organisation: Example NHS Trust                 (optional)
  documents:                                      (slugs or .md paths under content/)
    - ahp-mental-health
  formats: [pdf, large-print, docx, html, txt, epub]   (optional; default all)
  note: A short covering note.
  contact: mentalhealth@hee.nhs.uk                (how to ask for another format)`,
		Example: `  altformats pack
  altformats pack employer-toolkit --out /tmp/out
  SOURCE_DATE_EPOCH=1767225600 altformats pack employer-toolkit`,
		RunE: func(c *cobra.Command, args []string) error {
			o.Names = args
			return RunPack(o, s)
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			names, _ := packNames("content")
			return names, cobra.ShellCompDirectiveNoFileComp
		},
	}
	f := c.Flags()
	f.StringVarP(&o.Out, "out", "o", "out", "output folder (packs go to OUT/packs/)")
	f.StringVar(&o.Content, "content", "content", "folder holding the documents and packs/")
	f.StringVar(&o.Templates, "templates", "", "folder with a theme.json overriding the default look")
	f.IntVarP(&o.Jobs, "jobs", "j", 0, "documents and formats rendered at once (default: number of CPUs)")
	return c
}

// packNames lists the packs defined in contentDir/packs.
func packNames(contentDir string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(contentDir, "packs", "*.yaml"))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, m := range matches {
		names = append(names, strings.TrimSuffix(filepath.Base(m), ".yaml"))
	}
	sort.Strings(names)
	return names, nil
}

// RunPack builds each named pack; a pack that fails leaves its earlier
// version in place and the others still build.
func RunPack(o *PackOptions, s Streams) error {
	theme, err := themeFrom(o.Templates)
	if err != nil {
		return err
	}
	names := o.Names
	if len(names) == 0 {
		var err error
		if names, err = packNames(o.Content); err != nil {
			return err
		}
		if len(names) == 0 {
			return usageError{fmt.Errorf("no packs defined: add %s", filepath.Join(o.Content, "packs", "<name>.yaml"))}
		}
	}
	failed := 0
	for _, name := range names {
		path := name
		if !strings.HasSuffix(name, ".yaml") {
			path = filepath.Join(o.Content, "packs", name+".yaml")
		}
		if _, err := os.Stat(path); err != nil {
			known, _ := packNames(o.Content)
			return usageError{fmt.Errorf("pack %q: no definition at %s (packs: %s)", name, path, strings.Join(known, ", "))}
		}
		zip, err := buildOnePack(path, o, theme, s)
		if err != nil {
			failed++
			var ds doc.Diagnostics
			var d *doc.Diagnostic
			switch {
			case errors.As(err, &ds):
				printDiags(s.Err, ds)
			case errors.As(err, &d):
				printDiags(s.Err, doc.Diagnostics{d})
			default:
				fmt.Fprintf(s.Err, "%s: error: %v\n", path, err)
			}
			continue
		}
		if s.ErrIsTerminal {
			fmt.Fprintf(s.Err, "wrote %s\n", zip)
		}
	}
	if failed > 0 {
		return contentError{fmt.Sprintf("%s of %s failed; earlier packs were left as they were",
			plural(failed, "pack"), plural(len(names), "pack"))}
	}
	return nil
}

// buildOnePack loads a definition, renders its documents and writes the pack.
func buildOnePack(path string, o *PackOptions, theme *render.Theme, s Streams) (string, error) {
	def, err := content.LoadPackDef(path)
	if err != nil {
		return "", err
	}
	for _, f := range def.Formats {
		if _, err := build.LookupFormats([]string{f}); err != nil {
			return "", doc.Errorf(def.FormatsPos, "PACK-FORMAT", "the formats are "+strings.Join(build.FormatNames(), ", "),
				"unknown format %q in the pack's formats", f)
		}
	}
	formats, err := build.LookupFormats(def.Formats)
	if err != nil {
		return "", err
	}
	paths, err := resolvePackDocuments(def, o.Content)
	if err != nil {
		return "", err
	}
	bo := build.Options{Root: o.Content, Formats: formats, Jobs: o.Jobs,
		Render: render.Options{Theme: theme, Paper: "A4", Generator: "altformats " + Version}}
	results := build.Run(paths, bo, nil)
	var docs []pack.Document
	var docReports []string
	var modified time.Time
	tool := verify.Tool{Name: "altformats", Version: Version}
	packDir := filepath.Join(o.Out, "packs", def.Name)
	for _, r := range results {
		printDiags(s.Err, warningsOnly(r.Diags))
		if r.Err != nil {
			return "", fmt.Errorf("document %s failed: %w", r.Path, r.Err)
		}
		m := r.Doc.Meta
		if t := build.ModifiedTime(m); t.After(modified) {
			modified = t
		}
		d := pack.Document{Slug: m.Slug, Title: m.Title, Lang: m.Lang, Summary: m.Summary, Contact: m.Contact, Updated: m.PublishedDate()}
		// Every file is read back and checked (and compared with the model)
		// before it goes into the pack; its report travels with it.
		named := make([]verify.NamedFile, len(r.Outputs))
		for i, out := range r.Outputs {
			named[i] = verify.NamedFile{Name: out.Name, Data: out.Data}
		}
		rep, err := build.VerifyFiles(r.Doc, named, func(n string) string { return filepath.Join(packDir, n) })
		if err != nil {
			return "", fmt.Errorf("document %s: its files failed the read-back checks: %w", r.Path, err)
		}
		for i, out := range r.Outputs {
			d.Files = append(d.Files, pack.File{Path: out.Name, Format: out.Format.Name, Label: out.Format.Label,
				MediaType: out.Format.MediaType, Lang: m.Lang, Data: out.Data, Checks: build.ChecksPassed(rep.Files[i])})
		}
		js, html, err := rep.Report(tool)
		if err != nil {
			return "", err
		}
		d.Files = append(d.Files, reportFiles([]verify.NamedFile{{Name: m.Slug + "." + build.ReportHTML, Data: html},
			{Name: m.Slug + "." + build.ReportJSON, Data: js}}, m.Lang)...)
		docReports = append(docReports, m.Slug+"."+build.ReportHTML)
		docs = append(docs, d)
	}
	packReport := func(files []pack.File) ([]pack.File, error) {
		var own []*verify.Result
		for _, f := range files {
			if f.Format == "index" || f.Format == "readme" {
				r := verify.File(f.Path, f.Data)
				if r.Errors() > 0 {
					return nil, fmt.Errorf("the pack's %s fails the read-back checks: %w", f.Path,
						(&verify.DocReport{Files: []*verify.Result{r}}).Diagnostics(func(n string) string { return filepath.Join(packDir, n) }).Err())
				}
				own = append(own, r)
			}
		}
		js, html, err := verify.PackReport(def.Title, "en-GB", own, docReports, tool)
		if err != nil {
			return nil, err
		}
		return reportFiles([]verify.NamedFile{{Name: build.ReportHTML, Data: html}, {Name: build.ReportJSON, Data: js}}, "en-GB"), nil
	}
	if err := pack.Build(def, docs, o.Out, pack.Options{Modified: modified, Theme: theme, Generator: "altformats " + Version, Report: packReport}); err != nil {
		return "", err
	}
	return filepath.Join(o.Out, "packs", def.Name+".zip"), nil
}

// warningsOnly keeps warnings: errors come back in the result's error.
func warningsOnly(ds doc.Diagnostics) doc.Diagnostics {
	var out doc.Diagnostics
	for _, d := range ds {
		if d.Severity != doc.Error {
			out = append(out, d)
		}
	}
	return out
}

// resolvePackDocuments turns the definition's entries into document paths: a
// .md path relative to the content folder, or a slug looked up among the
// documents there (the file named after it first, then every document's
// front matter).
func resolvePackDocuments(def *content.PackDef, contentDir string) ([]string, error) {
	var paths []string
	var ds doc.Diagnostics
	var bySlug map[string]string
	for _, ref := range def.Documents {
		if ref.IsPath() {
			p := filepath.Join(contentDir, filepath.FromSlash(ref.Ref))
			if _, err := os.Stat(p); err != nil {
				ds = append(ds, doc.Errorf(ref.Pos, "PACK-DOC", "give the path relative to "+contentDir, "document %s not found", p))
				continue
			}
			paths = append(paths, p)
			continue
		}
		if bySlug == nil {
			var err error
			if bySlug, err = slugIndex(contentDir); err != nil {
				return nil, err
			}
		}
		p, ok := bySlug[ref.Ref]
		if !ok {
			var known []string
			for k := range bySlug {
				known = append(known, k)
			}
			sort.Strings(known)
			ds = append(ds, doc.Errorf(ref.Pos, "PACK-DOC", "known slugs: "+strings.Join(known, ", "),
				"no document in %s has the slug %q", contentDir, ref.Ref))
			continue
		}
		paths = append(paths, p)
	}
	if len(ds) > 0 {
		return nil, ds
	}
	return paths, nil
}

// slugIndex maps each document's slug to its path. A document that fails to
// load is indexed by its file name, so its own errors surface when it is
// built rather than as "slug not found".
func slugIndex(contentDir string) (map[string]string, error) {
	paths, err := build.FindDocuments([]string{contentDir})
	if err != nil {
		return nil, err
	}
	idx := map[string]string{}
	for _, p := range paths {
		slug := content.SlugFromPath(p)
		if d, _, _ := content.Load(p, content.Options{Root: contentDir}); d != nil && d.Meta.Slug != "" {
			slug = d.Meta.Slug
		}
		if _, dup := idx[slug]; !dup {
			idx[slug] = p
		}
	}
	return idx, nil
}
