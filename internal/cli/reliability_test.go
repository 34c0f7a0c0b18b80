package cli_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"fmt"
	"github.com/altformats/altformats/internal/build"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/cli"
	"github.com/altformats/altformats/internal/testutil"
)

// These tests hold the tool to what issue 6 promises: outputs are never
// half-written, concurrent builds do not corrupt each other, nothing is
// written outside --out, and HTML never carries active content.

func runCLI(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var o, e bytes.Buffer
	code := cli.Main(args, cli.Streams{Out: &o, Err: &e})
	return code, e.String()
}

// TestHelperCLI is not a test: it is the CLI run in a child process (the
// test binary re-executed), so a build can be killed part-way through or
// run with its own HOME, TMPDIR and working folder.
func TestHelperCLI(t *testing.T) {
	if os.Getenv("ALTFORMATS_HELPER_CLI") != "1" {
		t.Skip("helper process for the reliability tests")
	}
	var args []string
	for i, a := range os.Args {
		if a == "--" {
			args = os.Args[i+1:]
		}
	}
	os.Exit(cli.Main(args, cli.Streams{Out: os.Stdout, Err: os.Stderr}))
}

func helperCmd(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, append([]string{"-test.run=^TestHelperCLI$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "ALTFORMATS_HELPER_CLI=1")
	return cmd
}

// versionDoc writes a document whose slug is fixed, so versions overwrite
// each other's outputs; the body differs per version.
func versionDoc(t *testing.T, dir, version string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "images"), 0o755); err != nil {
		t.Fatal(err)
	}
	img, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "internal", "testdata", "cases", "images", "chart.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "images", "chart.png"), img, 0o644); err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "---\ntitle: Reliability %s\nlang: en-GB\nslug: same\ndate: 2026-01-01\n---\n\n", version)
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&sb, "## Section %d of version %s\n\nParagraph %d of version %s, long enough to fill a few lines of a page in every format we write.\n\n", i+1, version, i, version)
		if i%10 == 0 {
			sb.WriteString("![A bar chart of referrals by month](images/chart.png)\n\n| Month | Referrals |\n|---|---|\n| May | 12 |\n| June | 30 |\n\n")
		}
	}
	p := filepath.Join(dir, "doc.md")
	if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// reference builds a document into a fresh folder and returns its outputs
// by file name.
func reference(t *testing.T, doc string) map[string][]byte {
	t.Helper()
	out := t.TempDir()
	if code, e := runCLI(t, "build", doc, "--out", out); code != 0 {
		t.Fatalf("reference build: exit %d\n%s", code, e)
	}
	return readOutputs(t, filepath.Join(out, "same"))
}

// readOutputs reads the finished (non-hidden) files of an output folder.
func readOutputs(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	es, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		m[e.Name()] = b
	}
	return m
}

func hiddenFiles(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		// .altformats is the ownership marker every output folder holds
		if err == nil && p != dir && strings.HasPrefix(e.Name(), ".") && e.Name() != ".altformats" {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// wholeFrom asserts every finished file in got is byte-identical to the same
// file of one of the reference builds: never a mixture, never a fragment.
func wholeFrom(t *testing.T, what string, got map[string][]byte, refs ...map[string][]byte) {
	t.Helper()
	for name, b := range got {
		ok := false
		for _, r := range refs {
			if want, has := r[name]; has && bytes.Equal(b, want) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%s: %s (%d bytes) is not a complete output of any of the builds", what, name, len(b))
		}
	}
}

// oneBuild asserts the folder as a whole is exactly one build's output:
// outputs are staged and swapped in as a folder, so files of two builds
// never mix.
func oneBuild(t *testing.T, what string, got map[string][]byte, refs ...map[string][]byte) {
	t.Helper()
	for _, r := range refs {
		if len(r) != len(got) {
			continue
		}
		same := true
		for name, want := range r {
			if !bytes.Equal(got[name], want) {
				same = false
			}
		}
		if same {
			return
		}
	}
	wholeFrom(t, what, got, refs...)
	t.Errorf("%s: the folder mixes files of different builds", what)
}

// TestInterruptedBuildNeverLeavesPartialFiles kills a build (SIGKILL, no
// chance to clean up) at spread-out moments while it overwrites an earlier
// version, and then requires each output file to be exactly the earlier
// version or exactly the new one, and the folder to be one build's set.
func TestInterruptedBuildNeverLeavesPartialFiles(t *testing.T) {
	v1 := versionDoc(t, t.TempDir(), "one")
	v2 := versionDoc(t, t.TempDir(), "two")
	ref1, ref2 := reference(t, v1), reference(t, v2)
	if want := wantFiles(); len(ref1) != want || len(ref2) != want {
		t.Fatalf("reference builds wrote %d and %d files, want %d", len(ref1), len(ref2), want)
	}
	out := t.TempDir()
	if code, e := runCLI(t, "build", v1, "--out", out); code != 0 {
		t.Fatalf("first build: %s", e)
	}
	// Kill points spread over one build's own duration (measured, not
	// asserted), so some land while outputs are being written.
	start := time.Now()
	if b, err := helperCmd(t, "build", v2, "--out", t.TempDir()).CombinedOutput(); err != nil {
		t.Fatalf("timing run: %v\n%s", err, b)
	}
	whole := time.Since(start)
	var kills []time.Duration
	for k := 0; k <= 12; k++ {
		kills = append(kills, whole*time.Duration(k)/10)
	}
	for _, after := range kills {
		cmd := helperCmd(t, "build", v2, "--out", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		cmd.Process.Kill()
		if err := cmd.Wait(); err == nil {
			t.Logf("killed after %v: the build had already finished", after)
		}
		oneBuild(t, fmt.Sprintf("killed after %v", after), readOutputs(t, filepath.Join(out, "same")), ref1, ref2)
	}
	if left := hiddenFiles(t, out); len(left) > 0 {
		t.Logf("staging folders left by killed builds (hidden, never read as outputs): %v", left)
	}
	if code, e := runCLI(t, "build", v2, "--out", out); code != 0 {
		t.Fatalf("build after the interrupted ones: %s", e)
	}
	wholeFrom(t, "final build", readOutputs(t, filepath.Join(out, "same")), ref2)
}

// TestFailedBuildKeepsEarlierOutputs makes a build fail in two ways: a
// writer refusing the document (a character no PDF font has), and the disk
// refusing a write part-way (a file-size limit; read-only folders cannot be
// used, tests may run as root). Both must report the failure and leave the
// earlier outputs exactly as they were, with no temporary file behind.
func TestFailedBuildKeepsEarlierOutputs(t *testing.T) {
	src := t.TempDir()
	v1 := versionDoc(t, src, "one")
	ref1 := reference(t, v1)
	out := t.TempDir()
	if code, e := runCLI(t, "build", v1, "--out", out); code != 0 {
		t.Fatalf("first build: %s", e)
	}

	t.Run("writer refuses", func(t *testing.T) {
		b, _ := os.ReadFile(v1)
		os.WriteFile(v1, append(b, []byte("\nA smile 😀 no font has.\n")...), 0o644)
		code, e := runCLI(t, "build", v1, "--out", out)
		if code != 1 {
			t.Fatalf("exit %d, want 1\n%s", code, e)
		}
		oneBuild(t, "after a refused build", readOutputs(t, filepath.Join(out, "same")), ref1)
		os.WriteFile(v1, b, 0o644)
	})

	t.Run("disk refuses", func(t *testing.T) {
		// A file-size limit on the child makes the write of the first
		// output over 50 kB fail part-way, as a full disk would.
		prlimit := testutil.Tool(t, "prlimit")
		v2 := versionDoc(t, t.TempDir(), "two")
		helper := helperCmd(t, "build", v2, "--out", out)
		cmd := exec.Command(prlimit, append([]string{"--fsize=50000"}, helper.Args...)...)
		cmd.Env = helper.Env
		b, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(b), "file too large") {
			t.Fatalf("want a failed build naming the write error, got %v\n%s", err, b)
		}
		if strings.Contains(string(b), "goroutine ") || strings.Contains(string(b), "panic") {
			t.Fatalf("stack trace:\n%s", b)
		}
		oneBuild(t, "after a failed write", readOutputs(t, filepath.Join(out, "same")), ref1)
		if left := hiddenFiles(t, out); len(left) > 0 {
			t.Errorf("a failed write left temporary files: %v", left)
		}
	})
}

// TestConcurrentBuildsIntoOneFolder runs two builds of different documents
// with the same slug into the same --out at the same time, in-process and
// as two processes: both must succeed, and the folder must be exactly one
// of the two builds' outputs, every file complete.
func TestConcurrentBuildsIntoOneFolder(t *testing.T) {
	a := versionDoc(t, t.TempDir(), "A")
	b := versionDoc(t, t.TempDir(), "B")
	refA, refB := reference(t, a), reference(t, b)
	for round := 0; round < 3; round++ {
		out := t.TempDir()
		var wg sync.WaitGroup
		codes := make([]int, 2)
		errs := make([]string, 2)
		for i, d := range []string{a, b} {
			wg.Add(1)
			go func(i int, d string) {
				defer wg.Done()
				var o, e bytes.Buffer
				codes[i] = cli.Main([]string{"build", d, "--out", out}, cli.Streams{Out: &o, Err: &e})
				errs[i] = e.String()
			}(i, d)
		}
		wg.Wait()
		for i := range codes {
			if codes[i] != 0 {
				t.Errorf("round %d, build %d: exit %d\n%s", round, i, codes[i], errs[i])
			}
		}
		oneBuild(t, fmt.Sprintf("in-process round %d", round), readOutputs(t, filepath.Join(out, "same")), refA, refB)
		if left := hiddenFiles(t, out); len(left) > 0 {
			t.Errorf("round %d: temporary files left: %v", round, left)
		}
	}
	out := t.TempDir()
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for _, d := range []string{a, b} {
		c := helperCmd(t, "build", d, "--out", out)
		var buf bytes.Buffer
		c.Stdout, c.Stderr = &buf, &buf
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, c), append(outs, &buf)
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("process %d: %v\n%s", i, err, outs[i])
		}
	}
	oneBuild(t, "two processes", readOutputs(t, filepath.Join(out, "same")), refA, refB)
	checkOutputsOpen(t, filepath.Join(out, "same"))
}

// checkOutputsOpen opens what a person would open: PDFs end with %%EOF,
// zips (docx, epub) read back.
func checkOutputsOpen(t *testing.T, dir string) {
	t.Helper()
	for name, b := range readOutputs(t, dir) {
		switch filepath.Ext(name) {
		case ".pdf":
			if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[max(0, len(b)-64):], []byte("%%EOF")) {
				t.Errorf("%s is not a complete PDF", name)
			}
		case ".docx", ".epub":
			if _, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err != nil {
				t.Errorf("%s does not open as a zip: %v", name, err)
			}
		}
	}
}

// snapshot records every file and folder under root (path → size and hash).
func snapshot(t *testing.T, root string, skip string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if p == skip {
			return filepath.SkipDir
		}
		if e.IsDir() {
			m[p] = "dir"
			return nil
		}
		b, _ := os.ReadFile(p)
		m[p] = fmt.Sprintf("%d %x", len(b), sha256.Sum256(b))
		return nil
	})
	return m
}

// TestNeverWritesOutsideOut builds in a child process whose HOME, TMPDIR,
// XDG folders and working folder are fresh, empty folders under one root,
// with the content folder beside them: after the build, the only change
// anywhere under that root is inside --out (no config or cache folder from
// a library, no stray temporary file, no change to the sources).
func TestNeverWritesOutsideOut(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "content")
	doc := versionDoc(t, src, "one")
	for _, d := range []string{"home", "tmp", "cwd", "xdg-config", "xdg-cache"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	out := filepath.Join(root, "out")
	before := snapshot(t, root, out)
	cmd := helperCmd(t, "build", doc, "--out", out)
	cmd.Dir = filepath.Join(root, "cwd")
	cmd.Env = append(cmd.Env, "HOME="+filepath.Join(root, "home"), "TMPDIR="+filepath.Join(root, "tmp"),
		"XDG_CONFIG_HOME="+filepath.Join(root, "xdg-config"), "XDG_CACHE_HOME="+filepath.Join(root, "xdg-cache"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, b)
	}
	after := snapshot(t, root, out)
	for p, v := range after {
		if before[p] != v {
			t.Errorf("written outside --out: %s", p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			t.Errorf("removed outside --out: %s", p)
		}
	}
	if n, want := len(readOutputs(t, filepath.Join(out, "same"))), wantFiles(); n != want {
		t.Errorf("%d outputs in --out, want %d", n, want)
	}
}

// hostile holds Markdown that tries to smuggle active content into HTML.
// Each is its own document: the loader may refuse it (with a positioned
// error) or accept it, and then the page must be inert.
var hostile = []string{
	"<script>alert(1)</script>\n\nText.",
	"Text <script src=\"https://evil.example/x.js\"></script> inline.",
	"<img src=x onerror=alert(1)>",
	"Para <b onclick=\"alert(1)\" onmouseover='x()'>bold</b> text.",
	"<a href=\"javascript:alert(1)\">plain anchor</a>",
	"[a link](javascript:alert(1))",
	"[a link](JaVaScRiPt:alert(1))",
	"[a link](jav&#x61;script:alert(1))",
	"[a link](&#106;avascript:alert(1))",
	"[a link](java\tscript:alert(1))",
	"[a link](vbscript:msgbox(1))",
	"[a link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
	"<javascript:alert(1)>",
	"<vbscript:alert(1)>",
	"Autolink www.example.com/\" onmouseover=\"alert(1) here.",
	"[ref]\n\n[ref]: javascript:alert(1)",
	"[a link](https://example.com/\" onclick=\"alert(1))",
	"[a link](https://example.com/ \"title\\\" onclick=\\\"alert(1)\")",
	"![An \" onerror=\"alert(1)](images/chart.png)",
	"![An image](images/chart.png \"\\\" onload=\\\"alert(1)\")",
	"## Heading \" onfocus=\"alert(1)\n\nText.",
	"Text[^n].\n\n[^n]: Note <script>alert(1)</script> [x](javascript:alert(1)).",
	"[Croeso]{lang=\"cy\\\" onclick=\\\"alert(1)\"} there.",
	"<iframe src=\"https://evil.example\"></iframe>\n\n<object data=x></object><embed src=x>",
	"<svg onload=alert(1)><circle/></svg>",
	"<style>body{background:url(javascript:alert(1))}</style>",
	"<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
	"`<script>alert(1)</script>` in code is text.\n\n```html\n<script>alert(1)</script>\n<img onerror=x>\n```",
	"| a <script>x</script> | b |\n|---|---|\n| <img src=x onerror=y> | [c](javascript:z) |",
	"> [!NOTE]\n> <script>alert(1)</script> <a onclick=x>y</a>",
}

// TestHTMLCarriesNoActiveContent builds every hostile document as HTML and
// EPUB. A refused document must be refused with positioned errors; an
// accepted one must have no script element, no event-handler attribute,
// and no javascript:/vbscript: or data: URL in any attribute.
func TestHTMLCarriesNoActiveContent(t *testing.T) {
	dir := t.TempDir()
	versionDoc(t, dir, "images") // for images/chart.png
	os.Remove(filepath.Join(dir, "doc.md"))
	for i, h := range hostile {
		src := fmt.Sprintf("---\ntitle: Hostile %d\nlang: en-GB\nslug: h%02d\n---\n\n%s\n", i, i, h)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("h%02d.md", i)), []byte(src), 0o644)
	}
	out := t.TempDir()
	_, stderr := runCLI(t, "build", dir, "--out", out, "--formats", "html,epub")
	built := 0
	for i, h := range hostile {
		slug := fmt.Sprintf("h%02d", i)
		page, err := os.ReadFile(filepath.Join(out, slug, slug+".html"))
		if err != nil {
			if !regexp.MustCompile(regexp.QuoteMeta(slug+".md:") + `\d+:\d+: error: `).MatchString(stderr) {
				t.Errorf("%s %q: not built and no positioned error:\n%s", slug, h, stderr)
			}
			continue
		}
		built++
		for _, p := range activeContent(string(page)) {
			t.Errorf("%s %q: HTML carries %s", slug, h, p)
		}
		book, err := os.ReadFile(filepath.Join(out, slug, slug+".epub"))
		if err != nil {
			t.Errorf("%s: html built but epub missing: %v", slug, err)
			continue
		}
		zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
		if err != nil {
			t.Fatalf("%s.epub: %v", slug, err)
		}
		for _, f := range zr.File {
			if !strings.HasSuffix(f.Name, "html") {
				continue
			}
			rc, _ := f.Open()
			var buf bytes.Buffer
			buf.ReadFrom(rc)
			rc.Close()
			for _, p := range activeContent(buf.String()) {
				t.Errorf("%s %q: EPUB %s carries %s", slug, h, f.Name, p)
			}
		}
	}
	if built < len(hostile)/2 {
		t.Errorf("only %d of %d hostile documents built; the writers are barely exercised\n%s", built, len(hostile), stderr)
	}
	t.Logf("%d of %d hostile documents built (inert); the rest were refused with positioned errors", built, len(hostile))
}

var (
	tagRe  = regexp.MustCompile(`<[a-zA-Z][^\s/>]*`)
	attrRe = regexp.MustCompile(`^\s*([^\s"'>/=]+)(\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?`)
)

// activeContent lists script elements, event-handler attributes and
// script/data URLs in attributes, found by walking each tag's attributes
// (text that merely mentions "onclick=" is not an attribute).
func activeContent(page string) []string {
	var found []string
	low := strings.ToLower(page)
	for _, el := range []string{"<script", "<iframe", "<object", "<embed"} {
		if strings.Contains(low, el) {
			found = append(found, el+" element")
		}
	}
	for _, loc := range tagRe.FindAllStringIndex(page, -1) {
		rest := page[loc[1]:]
		for {
			m := attrRe.FindStringSubmatch(rest)
			if m == nil {
				break
			}
			rest = rest[len(m[0]):]
			name := strings.ToLower(m[1])
			val := strings.ToLower(strings.Trim(m[3], `"'`))
			val = strings.Join(strings.FieldsFunc(val, func(r rune) bool { return r <= ' ' }), "")
			if strings.HasPrefix(name, "on") {
				found = append(found, "attribute "+m[0])
			}
			if (name == "href" || name == "src" || name == "action" || name == "formaction" || name == "xlink:href") &&
				(strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") ||
					(strings.HasPrefix(val, "data:") && !strings.HasPrefix(val, "data:image/"))) {
				found = append(found, "URL "+m[0])
			}
			if (strings.Contains(val, "javascript:") || strings.Contains(val, "vbscript:")) && !strings.HasPrefix(name, "on") {
				found = append(found, "script URL in "+m[0])
			}
		}
	}
	return found
}

// TestActiveContentDetector shows the detector catches what it looks for,
// so a clean result above means something.
func TestActiveContentDetector(t *testing.T) {
	for _, bad := range []string{
		`<p><script>x</script></p>`, `<img src="a.png" onerror="x()">`, `<a href="javascript:x()">y</a>`,
		`<a href=" JavaScript:x()">y</a>`, `<a href="vbscript:x">y</a>`, `<a href="data:text/html,x">y</a>`,
		`<div ONCLICK=x>y</div>`,
	} {
		if len(activeContent(bad)) == 0 {
			t.Errorf("not caught: %s", bad)
		}
	}
	for _, ok := range []string{
		`<p>onclick="x" is text &lt;script&gt;</p>`, `<img src="data:image/png;base64,AAAA" alt="a onerror= b">`,
		`<a href="https://example.com/">javascript is a language</a>`,
	} {
		if got := activeContent(ok); len(got) > 0 {
			t.Errorf("false alarm on %s: %v", ok, got)
		}
	}
}

// TestSourceDateEpochDeterminism: with the same content and
// SOURCE_DATE_EPOCH, builds in separate processes (each the first render of
// its process) and in this one give byte-identical files in every format;
// a different epoch changes the dated formats (PDF, Word, EPUB metadata),
// so the variable really is what fixes the dates.
func TestSourceDateEpochDeterminism(t *testing.T) {
	doc := versionDoc(t, t.TempDir(), "one")
	build := func(epoch string, inProcess bool) map[string][]byte {
		out := t.TempDir()
		if inProcess {
			t.Setenv("SOURCE_DATE_EPOCH", epoch)
			if code, e := runCLI(t, "build", doc, "--out", out); code != 0 {
				t.Fatalf("exit %d\n%s", code, e)
			}
		} else {
			cmd := helperCmd(t, "build", doc, "--out", out)
			cmd.Env = append(cmd.Env, "SOURCE_DATE_EPOCH="+epoch)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
		}
		return readOutputs(t, filepath.Join(out, "same"))
	}
	a := build("1700000000", false)
	if want := wantFiles(); len(a) != want {
		t.Fatalf("%d outputs, want %d", len(a), want)
	}
	oneBuild(t, "second process", build("1700000000", false), a)
	oneBuild(t, "in-process", build("1700000000", true), a)
	c := build("1800000000", true)
	for _, name := range []string{"same.pdf", "same-large-print.pdf", "same.docx", "same.epub"} {
		if bytes.Equal(a[name], c[name]) {
			t.Errorf("%s is the same under another SOURCE_DATE_EPOCH: its dates do not come from it", name)
		}
	}
}

// wantFiles is how many files a build of every format writes on this
// machine (braille's two only where liblouis is installed), with the two
// read-back reports.
func wantFiles() int { return build.FileCount(build.Available()) + 2 }
