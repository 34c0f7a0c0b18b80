package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/diag"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/pack"
	"github.com/altformats/altformats/internal/render"
	"github.com/spf13/cobra"
)

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
			names, _ := pack.Names("content")
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

// RunPack builds each named pack; a pack that fails leaves its earlier
// version in place and the others still build.
func RunPack(o *PackOptions, s Streams) error {
	if err := checkOutFlag(o.Out); err != nil {
		return err
	}
	if err := checkSeparate(o.Out, []string{o.Content}, nil); err != nil {
		return err
	}
	theme, assets, err := build.LoadTemplates(o.Templates)
	if err != nil {
		return err
	}
	names := o.Names
	if len(names) == 0 {
		var err error
		if names, err = pack.Names(o.Content); err != nil {
			return err
		}
		if len(names) == 0 {
			return usageError{fmt.Errorf("no packs defined: add %s", filepath.Join(o.Content, "packs", "<name>.yaml"))}
		}
	}
	pr := diag.NewPrinter(s.Err, diag.Text)
	failed := 0
	for _, name := range names {
		path := pack.DefPath(o.Content, name)
		if _, err := os.Stat(path); err != nil {
			known, _ := pack.Names(o.Content)
			return usageError{fmt.Errorf("pack %q: no definition at %s (packs: %s)", name, path, strings.Join(known, ", "))}
		}
		zip, err := buildOnePack(path, o, theme, assets, pr)
		if err != nil {
			failed++
			var no *pack.NotOwnedError
			if errors.As(err, &no) {
				pr.Print(doc.Errorf(doc.Pos{File: path}, "OUT-NOT-OURS", "move it away, or choose another --out", "%v", no))
			} else {
				printFailure(pr, path, err)
			}
			continue
		}
		if s.ErrIsTerminal {
			fmt.Fprintf(s.Err, "wrote %s\n", zip)
		}
	}
	if err := pr.Flush(); err != nil {
		return err
	}
	if failed > 0 {
		return contentError{fmt.Sprintf("%s of %s failed; earlier packs were left as they were",
			plural(failed, "pack"), plural(len(names), "pack"))}
	}
	return nil
}

// buildOnePack loads a definition and builds its pack.
func buildOnePack(path string, o *PackOptions, theme *render.Theme, assets render.Assets, pr *diag.Printer) (string, error) {
	def, err := pack.LoadDef(path)
	if err != nil {
		return "", err
	}
	// The content folder's altformats.yaml gives the documents' defaults and
	// the paper, as in a build; the pack's own paper wins.
	proj, err := findProject([]string{o.Content})
	if err != nil {
		return "", err
	}
	paper := def.Paper
	if paper == (doc.Paper{}) && proj != nil {
		paper = proj.Paper
	}
	zip, ds, err := build.Pack(def, build.PackOptions{Out: o.Out, Options: build.Options{Root: o.Content, Jobs: o.Jobs,
		Project: proj, Render: render.Options{Theme: theme, Assets: assets, Paper: paper.OrA4(), Generator: "altformats " + Version}}})
	pr.Print(ds...)
	return zip, err
}
