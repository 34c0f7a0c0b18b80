package build_test

import (
	"bytes"
	"fmt"
	"github.com/altformats/altformats/internal/build"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/check/pdfua"
	"github.com/altformats/altformats/internal/cli"
	"github.com/altformats/altformats/internal/testutil"
)

// diagLine is the one form every message about a document takes.
var diagLine = regexp.MustCompile(`^.+:\d+:\d+: (error|warning): .+ \[[A-Z0-9-]+\]( \(hint: .+\))?$`)

// summaryLine is the build's closing line when documents failed.
var summaryLine = regexp.MustCompile(`^altformats: \d+ documents? of \d+ documents? failed; \d+ files? written to .+$`)

var codeRe = regexp.MustCompile(`: error: .* \[([A-Z0-9-]+)\]`)

type corpusOutcome struct {
	slug, lang string
	code       int
	files      []string // outputs, when built
	refusedBy  []string // error codes, when refused
}

// TestRealDocuments builds every document in ../shared/corpus/real (public
// NHS, GOV.UK and Welsh Government pages nobody on the team wrote) through
// the CLI, in every format. Each must either build, with every output clean
// under the validators (our PDF/UA checker and qpdf on both PDFs, axe-core
// and the Nu checker on the HTML, EPUBCheck on the EPUB), or be refused with
// only file:line:col messages that carry a code — never a Go error without a
// position, a writer failure or a stack trace.
func TestRealDocuments(t *testing.T) {
	corpus := filepath.Join(testutil.RepoRoot(t), "..", "shared", "corpus", "real")
	dirs, err := os.ReadDir(corpus)
	if err != nil {
		if os.Getenv(testutil.RequireEnv) == "1" {
			t.Fatalf("real corpus missing: %v", err)
		}
		t.Skipf("skipping: the real-document corpus is not here (%v); CI has it beside the repository", err)
	}
	out := t.TempDir()
	var results []corpusOutcome
	for _, e := range dirs {
		if !e.IsDir() {
			continue
		}
		slug := e.Name()
		root := filepath.Join(corpus, slug)
		md := findMarkdown(t, root)
		lang := "en-GB"
		if strings.HasPrefix(slug, "statswales-cy-") {
			lang = "cy"
		}
		dest := filepath.Join(out, slug)
		var so, se bytes.Buffer
		code := cli.Main([]string{"build", md, "--out", dest, "--lang", lang, "--root", root}, cli.Streams{Out: &so, Err: &se})
		r := corpusOutcome{slug: slug, lang: lang, code: code}
		stderr := se.String()
		if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") || strings.Contains(stderr, "internal error") {
			t.Errorf("%s: crash reported:\n%s", slug, stderr)
		}
		switch code {
		case 0:
			r.files, _ = filepath.Glob(filepath.Join(dest, "*", "[^.]*"))             // not the hidden owner marker
			if want := build.FileCount(build.Available()) + 2; len(r.files) != want { // and the two reports
				t.Errorf("%s: built but wrote %d files, want %d: %v", slug, len(r.files), want, r.files)
			}
			for _, l := range nonEmpty(stderr) {
				if !diagLine.MatchString(l) || !strings.Contains(l, ": warning: ") {
					t.Errorf("%s: built, but stderr has a line that is not a warning: %q", slug, l)
				}
			}
		case 1:
			lines := nonEmpty(stderr)
			for i, l := range lines {
				if diagLine.MatchString(l) || (i == len(lines)-1 && summaryLine.MatchString(l)) {
					if m := codeRe.FindStringSubmatch(l); m != nil {
						r.refusedBy = append(r.refusedBy, m[1])
					}
					continue
				}
				t.Errorf("%s: refusal message is not file:line:col: error|warning: ... [CODE]: %q", slug, l)
			}
			if len(r.refusedBy) == 0 {
				t.Errorf("%s: exit 1 without any error naming a line and a code:\n%s", slug, stderr)
			}
			if files, _ := filepath.Glob(filepath.Join(dest, "*", "*")); len(files) > 0 {
				t.Errorf("%s: refused, yet wrote %v", slug, files)
			}
		default:
			t.Errorf("%s: exit %d (want 0 or 1):\n%s", slug, code, stderr)
		}
		results = append(results, r)
	}
	logOutcomes(t, results)
	if testing.Short() {
		t.Log("-short: validators skipped (they take minutes: one JVM per EPUB)")
		return
	}
	validateOutputs(t, results)
}

func findMarkdown(t *testing.T, dir string) string {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(p, ".md") {
			found = append(found, p)
		}
		return nil
	})
	if len(found) != 1 {
		t.Fatalf("%s: want one Markdown file, found %v", dir, found)
	}
	return found[0]
}

func nonEmpty(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func logOutcomes(t *testing.T, rs []corpusOutcome) {
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n%-46s %-5s %-8s %s\n", "document", "lang", "outcome", "refused by (error codes)")
	built := 0
	for _, r := range rs {
		outcome := "built"
		if r.code != 0 {
			outcome = fmt.Sprintf("exit %d", r.code)
		} else {
			built++
		}
		fmt.Fprintf(&sb, "%-46s %-5s %-8s %s\n", r.slug, r.lang, outcome, strings.Join(uniq(r.refusedBy), " "))
	}
	fmt.Fprintf(&sb, "%d of %d built in every format; the rest were refused with positioned messages", built, len(rs))
	t.Log(sb.String())
}

func uniq(ss []string) []string {
	m := map[string]int{}
	for _, s := range ss {
		m[s]++
	}
	var out []string
	for s, n := range m {
		if n > 1 {
			s = fmt.Sprintf("%s×%d", s, n)
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// validateOutputs runs the validators over everything that built, batching
// the slow ones (one JVM for the Nu checker, one browser for axe-core).
func validateOutputs(t *testing.T, rs []corpusOutcome) {
	var pdfs, htmls, epubs []string
	for _, r := range rs {
		for _, f := range r.files {
			switch {
			case strings.HasSuffix(f, ".pdf"):
				pdfs = append(pdfs, f)
			case strings.HasSuffix(f, ".html"):
				htmls = append(htmls, f)
			case strings.HasSuffix(f, ".epub"):
				epubs = append(epubs, f)
			}
		}
	}
	if len(pdfs)+len(htmls)+len(epubs) == 0 {
		t.Log("no document built, so no output to validate")
		return
	}
	t.Run("pdfua", func(t *testing.T) {
		for _, f := range pdfs {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			findings, err := pdfua.Check(b)
			if err != nil {
				t.Errorf("%s: %v", rel(f), err)
			}
			for _, x := range findings {
				t.Errorf("%s: %v", rel(f), x)
			}
		}
	})
	t.Run("qpdf", func(t *testing.T) {
		qpdf := testutil.Tool(t, "qpdf")
		for _, f := range pdfs {
			out, err := exec.Command(qpdf, "--check", f).CombinedOutput()
			if err != nil || bytes.Contains(out, []byte("WARNING")) {
				t.Errorf("%s: qpdf --check: %v\n%s", rel(f), err, out)
			}
		}
	})
	t.Run("vnu", func(t *testing.T) {
		for _, l := range testutil.VNU(t, htmls...) {
			if strings.Contains(l, ": error: ") {
				t.Error(l)
			}
		}
	})
	t.Run("axe", func(t *testing.T) {
		for _, l := range testutil.AxeAll(t, htmls...) {
			t.Error(l)
		}
	})
	t.Run("epubcheck", func(t *testing.T) {
		for _, f := range epubs {
			t.Run(filepath.Base(f), func(t *testing.T) {
				t.Parallel() // one JVM each; two at a time halves the wait
				for _, l := range testutil.EPUBCheck(t, f) {
					t.Errorf("%s: %s", rel(f), l)
				}
			})
		}
	})
}

// rel shortens a temp path to slug/file for messages.
func rel(p string) string {
	return filepath.Join(filepath.Base(filepath.Dir(p)), filepath.Base(p))
}
