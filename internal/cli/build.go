package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/pack"
	"github.com/altformats/altformats/internal/render"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// BuildOptions are the build command's inputs.
type BuildOptions struct {
	Paths     []string
	Out       string
	Formats   []string
	Lang      string
	Root      string
	Paper     string
	Templates string
	Jobs      int
	Shard     string // "K/N", or "N" with JOB_COMPLETION_INDEX
	Quiet     bool   // no summary of written files
}

func newBuildCmd(s Streams) *cobra.Command {
	o := &BuildOptions{}
	c := &cobra.Command{
		Use:   "build [FILE|DIR...]",
		Short: "Render documents into every accessible format",
		Long: `Render documents into accessible formats. With no argument, every document
under content/ is built. Outputs go to OUT/<slug>/<slug>.<ext>, with
<slug>-large-print.pdf for large print. A document's files are written into a
staging folder and swapped in whole, so an earlier good output is never
half-overwritten.

Errors in a document (missing alt text, a skipped heading level, a missing
image...) are printed as file:line:col: error: message [CODE] (hint: ...) and
stop that document; warnings are printed and the build goes on.

Formats: ` + strings.Join(build.FormatNames(), ", ") + `.`,
		Example: `  altformats build
  altformats build content/ahp-mental-health.md --out /tmp/out
  altformats build docs/ --formats pdf,large-print --lang en-GB`,
		RunE: func(c *cobra.Command, args []string) error {
			o.Paths = args
			return RunBuild(o, s)
		},
	}
	f := c.Flags()
	f.StringVarP(&o.Out, "out", "o", "out", "output folder")
	f.StringSliceVarP(&o.Formats, "formats", "f", nil, "comma-separated formats (default all: "+strings.Join(build.FormatNames(), ",")+")")
	f.StringVar(&o.Lang, "lang", "", "language (BCP 47, e.g. en-GB) for documents whose front matter has none")
	f.StringVar(&o.Root, "root", "", "content folder that images must stay inside (default: the folder given, or the file's folder)")
	f.StringVar(&o.Paper, "paper", "", "paper size for PDF and Word: A4, A5 or Letter (default A4, or altformats.yaml's paper)")
	f.StringVar(&o.Templates, "templates", "", "folder with a theme.json (and reference styles) overriding the default look")
	f.IntVarP(&o.Jobs, "jobs", "j", 0, "documents and formats rendered at once (default: number of CPUs)")
	f.StringVar(&o.Shard, "shard", "", "build only share K of N (K/N, e.g. 2/3; or N, taking K from JOB_COMPLETION_INDEX+1); documents are shared out by slug")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print no summary of the files written (messages about documents are still printed)")
	_ = c.RegisterFlagCompletionFunc("formats", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return build.FormatNames(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("paper", cobra.FixedCompletions([]string{"A4", "A5", "Letter"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

// buildSetup turns options into build options; usage mistakes are usageErrors.
// warn (if not nil) is told of formats left out because this machine cannot
// write them.
func buildSetup(o *BuildOptions, warn func(string)) ([]string, build.Options, error) {
	var bo build.Options
	args := o.Paths
	if len(args) == 0 {
		args = []string{"content"}
	}
	proj, err := findProject(args)
	if err != nil {
		return nil, bo, err
	}
	bo.Project = proj
	formats, paper, templates := o.Formats, o.Paper, o.Templates
	if proj != nil {
		// Flags win over the project file.
		if len(formats) == 0 && len(proj.Formats) > 0 {
			if _, err := build.LookupFormats(proj.Formats); err != nil {
				return nil, bo, doc.Errorf(proj.FormatsPos, "PROJECT-VALUE", "known formats are "+strings.Join(build.FormatNames(), ", "), "%v", err)
			}
			formats = proj.Formats
		}
		if paper == "" {
			paper = proj.Paper
		}
		if templates == "" {
			templates = proj.Theme
		}
	}
	if bo.Shard, err = build.ParseShard(o.Shard); err != nil {
		return nil, bo, usageError{err}
	}
	fs, err := build.LookupFormats(formats)
	if err != nil {
		return nil, bo, usageError{err}
	}
	fs, warnings, err := build.Writable(fs, build.Explicit(formats))
	if err != nil {
		return nil, bo, err
	}
	for _, w := range warnings {
		if warn != nil {
			warn(w)
		}
	}
	bo.Formats = fs
	if o.Lang != "" && !content.ValidLang(o.Lang) {
		return nil, bo, usageError{fmt.Errorf("--lang %q is not a BCP 47 language tag (e.g. en-GB, cy)", o.Lang)}
	}
	bo.DefaultLang = o.Lang
	switch strings.ToLower(paper) {
	case "a4", "":
		bo.Render.Paper = "A4"
	case "a5":
		bo.Render.Paper = "A5"
	case "letter":
		bo.Render.Paper = "Letter"
	default:
		return nil, bo, usageError{fmt.Errorf("--paper %q: use A4, A5 or Letter", paper)}
	}
	bo.Render.Generator = "altformats " + Version
	if bo.Render.Theme, err = themeFrom(templates); err != nil {
		return nil, bo, err
	}
	bo.Jobs = o.Jobs
	paths, err := build.FindDocuments(args)
	if err != nil {
		return nil, bo, err
	}
	bo.Root = o.Root
	if bo.Root == "" && len(o.Paths) == 0 {
		bo.Root = "content"
	}
	if bo.Root == "" && len(args) == 1 {
		if fi, err := os.Stat(args[0]); err == nil && fi.IsDir() {
			bo.Root = args[0]
		}
	}
	return paths, bo, nil
}

// RunBuild builds documents and writes the outputs.
func RunBuild(o *BuildOptions, s Streams) error {
	start := time.Now()
	paths, bo, err := buildSetup(o, func(w string) { fmt.Fprintf(s.Err, "altformats: %s\n", w) })
	if err != nil {
		return err
	}
	var progress build.Progress
	if s.ErrIsTerminal && len(paths) > 3 {
		progress = func(stage string, done, total int) {
			fmt.Fprintf(s.Err, "\r\033[K%s %d of %d documents", stage, done, total)
		}
	}
	results := build.Documents(paths, o.Out, bo, progress)
	if progress != nil {
		fmt.Fprint(s.Err, "\r\033[K")
	}
	failed, written, docs := 0, 0, 0
	var sum buildSummary
	for _, r := range results {
		if r.Skipped {
			continue
		}
		docs++
		printDiags(s.Err, r.Diags)
		written += r.Written
		if r.Err != nil {
			failed++
			var ds doc.Diagnostics
			if errors.As(r.Err, &ds) {
				// a writer's diagnostics (e.g. every character no PDF font
				// has) are not among the loader's
				for _, d := range ds {
					if !contains(r.Diags, d) {
						printDiags(s.Err, doc.Diagnostics{d})
					}
				}
			} else {
				// render failures and I/O errors were not part of the diagnostics
				if _, isDiag := r.Err.(*doc.Diagnostic); !isDiag || !contains(r.Diags, r.Err.(*doc.Diagnostic)) {
					fmt.Fprintln(s.Err, r.Err)
				}
			}
			continue
		}
		if !o.Quiet && r.Written > 0 {
			sum.add(filepath.Join(o.Out, r.Doc.Meta.Slug), r.Outputs)
		}
	}
	shard := ""
	if bo.Shard.N > 1 {
		shard = fmt.Sprintf(" (shard %s: %s of %s)", bo.Shard, plural(docs, "document"), plural(len(results), "document"))
	}
	if failed > 0 {
		sum.print(s.Out)
		return contentError{fmt.Sprintf("%s of %s failed; %s written to %s%s",
			plural(failed, "document"), plural(docs, "document"), plural(written, "file"), o.Out, shard)}
	}
	if !o.Quiet {
		sum.print(s.Out)
		fmt.Fprintf(s.Out, "built %s: %s, %s, in %s to %s%s\n", plural(docs, "document"), plural(written, "file"),
			pack.SizeWords(int(sum.bytes)), seconds(time.Since(start)), o.Out, shard)
	}
	return nil
}

func contains(ds doc.Diagnostics, d *doc.Diagnostic) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

// CheckOptions are the check command's inputs.
type CheckOptions struct {
	Paths  []string
	Lang   string
	Root   string
	Format string // text (default), json or sarif
}

func newCheckCmd(s Streams) *cobra.Command {
	o := &CheckOptions{}
	c := &cobra.Command{
		Use:   "check [FILE|DIR...]",
		Short: "Check documents for accessibility problems without rendering",
		Long: `Run the content and accessibility checks (alt text, heading levels, link
text, table headers, title and language, images, raw HTML) and the
plain-English report (reading ease, Flesch-Kincaid grade and SMOG with UK
reading ages, per document and per section; long sentences, words to avoid,
abbreviations, passive voice) without writing anything. Exit status 1 when
any document has an error.

--format json prints one JSON object (documents, scores, findings);
--format sarif prints SARIF 2.1.0 for code scanning in GitHub and GitLab.
Both go to standard output, with nothing else on it.`,
		Example: `  altformats check
  altformats check content/ahp-mental-health.md
  altformats check --format sarif > altformats.sarif`,
		RunE: func(c *cobra.Command, args []string) error {
			o.Paths = args
			return RunCheck(o, s)
		},
	}
	c.Flags().StringVar(&o.Lang, "lang", "", "language for documents whose front matter has none")
	c.Flags().StringVar(&o.Root, "root", "", "content folder that images must stay inside")
	c.Flags().StringVar(&o.Format, "format", "text", "output: text, json or sarif")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(checkFormats, cobra.ShellCompDirectiveNoFileComp))
	return c
}

var checkFormats = []string{"text", "json", "sarif"}

// RunCheck loads and checks documents.
func RunCheck(o *CheckOptions, s Streams) error {
	format := strings.ToLower(o.Format)
	if format == "" {
		format = "text"
	}
	if format != "text" && format != "json" && format != "sarif" {
		return usageError{fmt.Errorf("--format %q: use text, json or sarif", o.Format)}
	}
	paths, bo, err := buildSetup(&BuildOptions{Paths: o.Paths, Lang: o.Lang, Root: o.Root}, nil)
	if err != nil {
		return err
	}
	var checked []checkedDoc
	failed, warns := 0, 0
	for _, r := range build.Check(paths, bo) {
		err := r.Err
		cd := checkedDoc{path: r.Path, diags: r.Diags, report: r.Report}
		if r.Doc != nil {
			cd.lang = r.Doc.Meta.Lang
		}
		for _, x := range r.Diags {
			if x.Severity == doc.Warning {
				warns++
			}
		}
		if err != nil {
			failed++
			var dd doc.Diagnostics
			if !errors.As(err, &dd) {
				cd.other = err
			}
		}
		checked = append(checked, cd)
	}
	switch format {
	case "json":
		if err := writeCheckJSON(s.Out, checked); err != nil {
			return err
		}
	case "sarif":
		if err := writeCheckSARIF(s.Out, checked); err != nil {
			return err
		}
	default:
		for _, cd := range checked {
			printDiags(s.Err, cd.diags)
			if cd.other != nil {
				fmt.Fprintln(s.Err, cd.other)
			}
			writePlainText(s.Out, cd)
		}
	}
	if failed > 0 {
		return contentError{fmt.Sprintf("%s of %s failed the checks", plural(failed, "document"), plural(len(paths), "document"))}
	}
	if format == "text" {
		fmt.Fprintf(s.Out, "%s checked: no errors, %s\n", plural(len(paths), "document"), plural(warns, "warning"))
	}
	return nil
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// themeFrom is the default look, or the theme.json in a --templates folder.
func themeFrom(dir string) (*render.Theme, error) {
	if dir == "" {
		return render.DefaultTheme(), nil
	}
	return render.LoadTheme(dir)
}
