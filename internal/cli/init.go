package cli

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/pack"
	"github.com/spf13/cobra"
)

//go:embed starter/altformats.yaml
var starterProject []byte

//go:embed starter/example.md
var starterExample []byte

// ExampleName is the example document `init` writes.
const ExampleName = "example.md"

func newInitCmd(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Start a content folder: a commented altformats.yaml and an example document",
		Long: `Write a commented altformats.yaml (project defaults: language, publisher,
contact, reading-age target, paper, formats) and an example document into
DIR (default content/). Existing files are never overwritten: init stops
with an error naming the file that is already there.`,
		Example: `  altformats init
  altformats init docs/`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			dir := "content"
			if len(args) == 1 {
				dir = args[0]
			}
			return RunInit(dir, s)
		},
	}
}

// RunInit writes the starter files into dir. Both are checked for existence
// first, so init writes both files or neither (barring a race, where the
// second write still refuses to overwrite).
func RunInit(dir string, s Streams) error {
	files := []struct {
		name string
		data []byte
	}{{content.ProjectFile, starterProject}, {ExampleName, starterExample}}
	for _, f := range files {
		if p := filepath.Join(dir, f.name); exists(p) {
			return fmt.Errorf("%s already exists; init writes only new files (nothing was written)", p)
		}
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := pack.WriteFileNew(p, f.data); err != nil {
			return err
		}
		fmt.Fprintf(s.Out, "wrote %s\n", p)
	}
	fmt.Fprintf(s.Out, "next: edit %s, then run: altformats check %s && altformats build %s\n",
		filepath.Join(dir, content.ProjectFile), dir, dir)
	return nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}
