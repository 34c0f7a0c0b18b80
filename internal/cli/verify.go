package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/altformats/altformats/internal/verify"
	"github.com/spf13/cobra"
)

// VerifyOptions are the verify command's inputs.
type VerifyOptions struct {
	Paths []string
}

func newVerifyCmd(s Streams) *cobra.Command {
	o := &VerifyOptions{}
	return &cobra.Command{
		Use:   "verify FILE|DIR...",
		Short: "Check PDF, Word, EPUB and HTML files for accessibility, whoever made them",
		Long: `Read finished files back and check them: PDF against the machine-checkable
PDF/UA-1 conditions (Matterhorn Protocol numbers), Word packages (heading
styles, lists, header rows, alt text, language, title), EPUB (package,
navigation, EPUB Accessibility metadata, and every page as HTML) and HTML
(language, title, headings, alt text, table headers, link text, no active
content). A folder is searched for .pdf, .docx, .epub and .html files.

Each problem is printed as file: error: what [RULE] (hint: ...). Exit status 1
when any file has an error. Checks that need a person (is the alt text
meaningful, does the reading order make sense) are not made.`,
		Example: `  altformats verify report.docx
  altformats verify out/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Paths = args
			return RunVerify(o, s)
		},
	}
}

// verifiable are the extensions verify looks for in a folder.
var verifiable = map[string]bool{".pdf": true, ".docx": true, ".epub": true, ".html": true, ".htm": true, ".xhtml": true, ".brf": true, ".pef": true}

// RunVerify checks each file and prints what it found.
func RunVerify(o *VerifyOptions, s Streams) error {
	var files []string
	for _, p := range o.Paths {
		fi, err := os.Stat(p)
		if err != nil {
			return usageError{err}
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(q string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() && q != p && strings.HasPrefix(e.Name(), ".") {
				return filepath.SkipDir
			}
			if !e.IsDir() && verifiable[strings.ToLower(filepath.Ext(q))] {
				found = append(found, q)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return usageError{fmt.Errorf("%s: no .pdf, .docx, .epub or .html files found", p)}
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	failed, errs, warns := 0, 0, 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			fmt.Fprintf(s.Err, "%s: error: %v\n", p, err)
			failed++
			continue
		}
		r := verify.File(p, data)
		for _, f := range r.Findings {
			fmt.Fprintln(s.Err, f.Line(p))
		}
		if n := r.Errors(); n > 0 {
			failed++
			errs += n
		}
		warns += len(r.Findings) - r.Errors()
	}
	if failed > 0 {
		return contentError{fmt.Sprintf("%s of %s failed: %s, %s", plural(failed, "file"), plural(len(files), "file"),
			plural(errs, "error"), plural(warns, "warning"))}
	}
	fmt.Fprintf(s.Out, "%s verified: no errors, %s\n", plural(len(files), "file"), plural(warns, "warning"))
	return nil
}
