package cli

import (
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/diag"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/pack"
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
	f.StringVar(&o.Paper, "paper", "", "paper size for PDF and Word: "+doc.PaperChoices()+" (default A4, or altformats.yaml's paper)")
	f.StringVar(&o.Templates, "templates", "", "folder with a theme.json (and reference styles) overriding the default look")
	f.IntVarP(&o.Jobs, "jobs", "j", 0, "documents and formats rendered at once (default: number of CPUs)")
	f.StringVar(&o.Shard, "shard", "", "build only share K of N (K/N, e.g. 2/3; or N, taking K from JOB_COMPLETION_INDEX+1); documents are shared out by slug")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print no summary of the files written (messages about documents are still printed)")
	_ = c.RegisterFlagCompletionFunc("formats", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return build.FormatNames(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("paper", cobra.FixedCompletions(doc.PaperNames(), cobra.ShellCompDirectiveNoFileComp))
	return c
}

// buildSetup turns options into build options; usage mistakes are usageErrors.
// warn (if not nil) is told of formats left out because this machine cannot
// write them.
func buildSetup(o *BuildOptions, warn func(doc.Diagnostics)) ([]string, build.Options, error) {
	var bo build.Options
	proj, err := findProject(o.Paths)
	if err != nil {
		return nil, bo, err
	}
	bo.Project = proj
	paper, err := doc.ParsePaper(o.Paper)
	if err != nil {
		return nil, bo, usageError{fmt.Errorf("--paper %q: %s", o.Paper, doc.PaperHint())}
	}
	formats, templates := o.Formats, o.Templates
	if proj != nil {
		// Flags win over the project file.
		if len(formats) == 0 && len(proj.Formats) > 0 {
			if _, err := build.LookupFormats(proj.Formats); err != nil {
				return nil, bo, doc.Errorf(proj.FormatsPos, "PROJECT-VALUE", "known formats are "+strings.Join(build.FormatNames(), ", "), "%v", err)
			}
			formats = proj.Formats
		}
		if paper == (doc.Paper{}) {
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
	fs, skipped, err := build.Writable(fs, build.Explicit(formats), doc.Pos{File: "altformats"})
	if err != nil {
		return nil, bo, err
	}
	if warn != nil && len(skipped) > 0 {
		warn(skipped)
	}
	bo.Formats = fs
	if o.Lang != "" && !content.ValidLang(o.Lang) {
		return nil, bo, usageError{fmt.Errorf("--lang %q is not a BCP 47 language tag (e.g. en-GB, cy)", o.Lang)}
	}
	bo.DefaultLang = o.Lang
	bo.Render.Paper = paper.OrA4()
	bo.Render.Generator = "altformats " + Version
	if bo.Render.Theme, bo.Render.Assets, err = build.LoadTemplates(templates); err != nil {
		return nil, bo, err
	}
	bo.Jobs = o.Jobs
	args := o.Paths
	if len(args) == 0 {
		args = []string{"content"}
	}
	for _, a := range args {
		if strings.TrimSpace(a) == "" {
			return nil, bo, usageError{errors.New("an empty path was given as a document or folder")}
		}
	}
	paths, err := build.FindDocuments(args)
	if errors.Is(err, iofs.ErrNotExist) || errors.Is(err, build.ErrNoDocuments) {
		return nil, bo, usageError{err}
	}
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

// checkOutFlag refuses an --out that can never be written, once, as a
// usage mistake (not once per document): empty, or naming a file (or a
// path through one).
func checkOutFlag(out string) error {
	if strings.TrimSpace(out) == "" {
		return usageError{errors.New("--out is empty: give the folder to write to")}
	}
	for p := filepath.Clean(out); ; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil {
			if !fi.IsDir() {
				return usageError{fmt.Errorf("--out %s: %s is a file, not a folder", out, p)}
			}
			return nil
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

// checkSeparate refuses an --out that overlaps the content (exit 1): the
// outputs could replace sources. folders are content folders, files
// documents given one by one.
func checkSeparate(out string, folders, files []string) error {
	if err := pack.CheckSeparate(out, folders, files); err != nil {
		return fmt.Errorf("%w [OUT-OVERLAP] (hint: choose an --out outside the content, e.g. a folder beside it)", err)
	}
	return nil
}

// contentOf splits build arguments into content folders (folders given,
// and the root images come from) and documents given one by one.
func contentOf(args []string, root string) (folders, files []string) {
	if len(args) == 0 {
		args = []string{"content"}
	}
	for _, a := range args {
		if fi, err := os.Stat(a); err == nil && fi.IsDir() {
			folders = append(folders, a)
		} else {
			files = append(files, a)
		}
	}
	if root != "" {
		folders = append(folders, root)
	}
	return folders, files
}

// RunBuild builds documents and writes the outputs.
func RunBuild(o *BuildOptions, s Streams) error {
	start := time.Now()
	if err := checkOutFlag(o.Out); err != nil {
		return err
	}
	pr := diag.NewPrinter(s.Err, diag.Text)
	paths, bo, err := buildSetup(o, func(ds doc.Diagnostics) { pr.Print(ds...) })
	if err != nil {
		return err
	}
	folders, files := contentOf(o.Paths, bo.Root)
	if err := checkSeparate(o.Out, folders, files); err != nil {
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
		written += r.Written
		if !report(pr, r) {
			failed++
			continue
		}
		if !o.Quiet && r.Written > 0 {
			dir := filepath.Join(o.Out, r.Doc.Meta.Slug)
			sum.add(dir, r.Outputs)
			if r.Written > len(r.Outputs) {
				sum.addReports(dir)
			}
		}
	}
	if err := pr.Flush(); err != nil {
		return err
	}
	shard := ""
	if bo.Shard.N > 1 {
		shard = fmt.Sprintf(" (shard %s: %s of %s)", bo.Shard, plural(docs, "document"), plural(len(results), "document"))
	}
	if failed > 0 || pr.ExitCode() != diag.ExitOK {
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

// printFailure prints a failure that the diagnostics do not already say (a
// document that cannot be read, an output folder that cannot be written).
func printFailure(pr *diag.Printer, path string, err error) {
	var ds doc.Diagnostics
	var d *doc.Diagnostic
	switch {
	case errors.As(err, &ds):
		pr.Print(ds...)
	case errors.As(err, &d):
		pr.Print(d)
	default:
		pr.Failure(path, err)
	}
}

// report prints a document's messages and any failure they do not already
// say; it returns whether the document succeeded.
func report(pr *diag.Printer, r build.Result) bool {
	pr.Print(r.Diags...)
	if r.Err == nil {
		return true
	}
	printFailure(pr, r.Path, r.Err)
	return false
}

// CheckOptions are the check command's inputs.
type CheckOptions struct {
	Paths     []string
	Lang      string
	Root      string
	Formats   []string
	Paper     string
	Templates string
	Jobs      int
	Format    string // text (default), json or sarif
}

func newCheckCmd(s Streams) *cobra.Command {
	o := &CheckOptions{}
	c := &cobra.Command{
		Use:   "check [FILE|DIR...]",
		Short: "Check documents for every error a build would refuse, writing nothing",
		Long: `Run every check that build runs, writing nothing: the content and
accessibility checks (alt text, heading levels, link text, table headers,
title and language, images, raw HTML), duplicate and reserved slugs, and the
checks the writers make (every character in the PDF fonts, tables that fit
the page, ...), by rendering each format in memory. Exit status 1 exactly
when build with the same options would fail on a document.

It also prints the plain-English report of each English document: Flesch
reading ease, Flesch-Kincaid grade and SMOG with UK reading ages, for the
document and each section (long sentences, words to avoid, abbreviations
and passive voice are among the warnings).

--format json prints one JSON object (documents, scores, findings);
--format sarif prints SARIF 2.1.0 for code scanning in GitHub and GitLab.
Both go to standard output, with nothing else on it.`,
		Example: `  altformats check
  altformats check content/ahp-mental-health.md
  altformats check docs/ --formats html,txt
  altformats check --format sarif > altformats.sarif`,
		RunE: func(c *cobra.Command, args []string) error {
			o.Paths = args
			return RunCheck(o, s)
		},
	}
	f := c.Flags()
	f.StringVar(&o.Lang, "lang", "", "language for documents whose front matter has none")
	f.StringVar(&o.Root, "root", "", "content folder that images must stay inside")
	f.StringSliceVarP(&o.Formats, "formats", "f", nil, "formats whose writers' checks to run (default all: "+strings.Join(build.FormatNames(), ",")+")")
	f.StringVar(&o.Paper, "paper", "", "paper size for PDF and Word: "+doc.PaperChoices()+" (default A4, or altformats.yaml's paper)")
	f.StringVar(&o.Templates, "templates", "", "folder with a theme.json overriding the default look")
	f.IntVarP(&o.Jobs, "jobs", "j", 0, "documents and formats checked at once (default: number of CPUs)")
	f.StringVar(&o.Format, "format", "text", "output: text, json or sarif")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(checkFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("formats", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return build.FormatNames(), cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

var checkFormats = []string{"text", "json", "sarif"}

// RunCheck runs what build runs, rendering into memory: the writers refuse
// some documents (a character no font has, a table too wide), and check must
// agree with build on every one.
func RunCheck(o *CheckOptions, s Streams) error {
	format := strings.ToLower(o.Format)
	if format == "" {
		format = "text"
	}
	if format != "text" && format != "json" && format != "sarif" {
		return usageError{fmt.Errorf("--format %q: use text, json or sarif", o.Format)}
	}
	paths, bo, err := buildSetup(&BuildOptions{Paths: o.Paths, Lang: o.Lang, Root: o.Root, Formats: o.Formats,
		Paper: o.Paper, Templates: o.Templates, Jobs: o.Jobs}, func(ds doc.Diagnostics) { diag.NewPrinter(s.Err, diag.Text).Print(ds...) })
	if err != nil {
		return err
	}
	// Each document's messages go to standard error in text form; with
	// --format json or sarif they go to standard output, whole, instead.
	out := s.Err
	if format != "text" {
		out = io.Discard
	}
	pr := diag.NewPrinter(out, diag.Text)
	var checked []checkedDoc
	failed := 0
	for _, r := range build.Check(paths, bo) {
		cd := checkedDoc{path: r.Path, diags: r.Diags, report: r.Report}
		if r.Doc != nil {
			cd.lang = r.Doc.Meta.Lang
		}
		if !report(pr, r) {
			failed++
			cd.diags, cd.other = withWriterErrors(r)
		}
		if format == "text" {
			writePlainText(s.Out, cd)
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
	}
	if err := pr.Flush(); err != nil {
		return err
	}
	if failed > 0 || pr.ExitCode() != diag.ExitOK {
		return contentError{fmt.Sprintf("%s of %s failed the checks", plural(failed, "document"), plural(len(paths), "document"))}
	}
	if format == "text" {
		fmt.Fprintf(s.Out, "%s checked: no errors, %s\n", plural(len(paths), "document"), plural(pr.Warnings(), "warning"))
	}
	return nil
}

// contains reports whether d itself (not an equal copy) is among ds.
func contains(ds doc.Diagnostics, d *doc.Diagnostic) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

// withWriterErrors adds to a failed result's diagnostics the writers' own
// (not among the loader's), and returns any error that is no diagnostic.
func withWriterErrors(r build.Result) (doc.Diagnostics, error) {
	ds := append(doc.Diagnostics{}, r.Diags...)
	var wds doc.Diagnostics
	var d *doc.Diagnostic
	switch {
	case errors.As(r.Err, &wds):
		for _, x := range wds {
			if !contains(ds, x) {
				ds = append(ds, x)
			}
		}
	case errors.As(r.Err, &d):
		if !contains(ds, d) {
			ds = append(ds, d)
		}
	default:
		return ds, r.Err
	}
	return ds, nil
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
