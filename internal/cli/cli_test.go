package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/build"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Main(args, Streams{Out: &o, Err: &e})
	return code, o.String(), e.String()
}

func repo(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// diagLine is the one message format every error uses.
var diagLine = regexp.MustCompile(`^.+:\d+:\d+: (error|warning): .+ \[[A-Z0-9-]+\]( \(hint: .+\))?$`)

func TestBuildSeedAllFormats(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := run(t, "build", repo(t, "content/ahp-mental-health.md"), "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"ahp-mental-health.pdf", "ahp-mental-health-large-print.pdf", "ahp-mental-health.docx",
		"ahp-mental-health.html", "ahp-mental-health.txt", "ahp-mental-health.epub"} {
		fi, err := os.Stat(filepath.Join(out, "ahp-mental-health", name))
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(out, "*", ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestBuildTwiceIsByteIdentical(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, out := range []string{a, b} {
		if code, _, e := run(t, "build", repo(t, "internal/testdata/cases/kitchen-sink.md"), "--out", out); code != 0 {
			t.Fatalf("exit %d: %s", code, e)
		}
	}
	files, _ := filepath.Glob(filepath.Join(a, "kitchen-sink", "[^.]*")) // not the folder's hidden owner marker
	if want := build.FileCount(build.Available()) + 2; len(files) != want {
		t.Fatalf("want %d outputs (every format this machine can write, and the two reports), got %v", want, files)
	}
	for _, f := range files {
		x, _ := os.ReadFile(f)
		y, err := os.ReadFile(filepath.Join(b, "kitchen-sink", filepath.Base(f)))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", filepath.Base(f))
		}
	}
}

func writeDoc(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadInputClearErrorAndNothingLost(t *testing.T) {
	src := t.TempDir()
	out := t.TempDir()
	good := "---\ntitle: Good\nlang: en-GB\nslug: doc\n---\n\nFirst version.\n"
	p := writeDoc(t, src, "doc.md", good)
	if code, _, e := run(t, "build", p, "--out", out, "--formats", "html,txt"); code != 0 {
		t.Fatalf("good build failed: %s", e)
	}
	before, _ := os.ReadFile(filepath.Join(out, "doc", "doc.html"))

	writeDoc(t, src, "doc.md", "---\ntitle: Bad\nlang: en-GB\nslug: doc\n---\n\n![](missing.png)\n\n#### Skipped\n")
	code, _, stderr := run(t, "build", p, "--out", out, "--formats", "html,txt")
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
		t.Fatalf("stack trace on bad input:\n%s", stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for _, l := range lines[:len(lines)-1] {
		if !diagLine.MatchString(l) {
			t.Errorf("message not in file:line:col: form: %q", l)
		}
	}
	if !strings.Contains(stderr, "doc.md:7:1: error:") || !strings.Contains(stderr, "[IMG-MISSING]") {
		t.Errorf("missing image not reported at 7:1:\n%s", stderr)
	}
	after, _ := os.ReadFile(filepath.Join(out, "doc", "doc.html"))
	if !bytes.Equal(before, after) {
		t.Error("a failed build changed the earlier good output")
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"build", "--no-such-flag"},
		{"build", "--formats", "pdf,nope", repo(t, "content")},
		{"build", "--paper", "B5", repo(t, "content")},
		{"frobnicate"},
		{"version", "extra"},
	} {
		if code, _, e := run(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, e)
		}
	}
}

func TestCheckCommand(t *testing.T) {
	code, stdout, stderr := run(t, "check", repo(t, "content"))
	if code != 0 || !strings.Contains(stdout, "no errors") {
		t.Fatalf("check content/: exit %d\n%s%s", code, stdout, stderr)
	}
	dir := t.TempDir()
	writeDoc(t, dir, "x.md", "---\ntitle: T\nlang: en\n---\n[click here](javascript:alert(1))\n")
	code, _, stderr = run(t, "check", dir)
	if code != 1 || !strings.Contains(stderr, "[LINK-SCHEME]") {
		t.Fatalf("check of a javascript: link: exit %d\n%s", code, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("check wrote files: %v", entries)
	}
}

func TestEmptyFolderAndMissingPath(t *testing.T) {
	code, _, e := run(t, "build", t.TempDir(), "--out", t.TempDir())
	if code != 2 || !strings.Contains(e, "no Markdown documents") {
		t.Errorf("empty folder: exit %d: %s", code, e)
	}
	code, _, e = run(t, "build", filepath.Join(t.TempDir(), "nope.md"), "--out", t.TempDir())
	if code != 2 || !strings.Contains(e, "no such file") {
		t.Errorf("missing file: exit %d: %s", code, e)
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := run(t, "version")
	if code != 0 || !strings.HasPrefix(out, "altformats ") {
		t.Errorf("version: %d %q", code, out)
	}
	code, out, _ = run(t, "build", "--help")
	if code != 0 || !strings.Contains(out, "--formats") || !strings.Contains(out, "Examples:") {
		t.Errorf("help: %d %q", code, out)
	}
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	src := t.TempDir()
	for _, n := range []string{"a", "b", "c", "d"} {
		writeDoc(t, src, n+".md", "---\ntitle: "+n+"\nlang: en-GB\n---\n\nText.\n")
	}
	var o, e bytes.Buffer
	if code := Main([]string{"build", src, "--out", t.TempDir(), "--formats", "txt"}, Streams{Out: &o, Err: &e, ErrIsTerminal: true}); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	if !strings.Contains(e.String(), "rendered 4 of 4 documents") || !strings.Contains(e.String(), "checked 4 of 4") {
		t.Errorf("no progress on a terminal: %q", e.String())
	}
	code, _, quiet := run(t, "build", src, "--out", t.TempDir(), "--formats", "txt")
	if code != 0 || quiet != "" {
		t.Errorf("not a terminal: want silence, got exit %d %q", code, quiet)
	}
}
