package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/testutil"
	"github.com/altformats/altformats/internal/verify"
)

// verifyLine is the format of every verify message: file: severity: what [RULE] (hint: ...).
var verifyLine = regexp.MustCompile(`^[^:]+: (error|warning): .+ \[[A-Z0-9-]+\]( \(hint: .+\))?$`)

func TestVerifyCommandOnOwnOutputs(t *testing.T) {
	out := t.TempDir()
	if code, _, e := run(t, "build", repo(t, "internal/testdata/cases/kitchen-sink.md"), "--out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, e)
	}
	code, stdout, stderr := run(t, "verify", out)
	if code != 0 {
		t.Fatalf("verify of our own outputs: exit %d\n%s", code, stderr)
	}
	// the PDFs, Word, EPUB, HTML, braille (when liblouis wrote it) and
	// report.html, which passes the same HTML checks; not the text or JSON
	braille, _ := filepath.Glob(filepath.Join(out, "*", "*.[bp][re][f]"))
	if want := fmt.Sprintf("%d files verified: no errors", 6+len(braille)); !strings.Contains(stdout, want) {
		t.Errorf("stdout %q", stdout)
	}
}

func TestVerifyCommandReportsDefects(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	os.WriteFile(page, []byte(`<!DOCTYPE html><html><head><title>t</title></head><body><main><h1>T</h1>`+
		`<img src="a.png"><a href="https://x.example/"></a><script>1</script></main></body></html>`), 0o644)
	notPDF := filepath.Join(dir, "broken.pdf")
	os.WriteFile(notPDF, []byte("%PDF-1.7\nnot really"), 0o644)
	code, _, stderr := run(t, "verify", page, notPDF)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr)
	}
	for _, rule := range []string{"HTML-LANG", "HTML-ALT", "HTML-LINK-TEXT", "HTML-ACTIVE", verify.RuleFormat} {
		if !strings.Contains(stderr, "["+rule+"]") {
			t.Errorf("no [%s] in\n%s", rule, stderr)
		}
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for _, l := range lines[:len(lines)-1] { // the last line is the summary
		if !verifyLine.MatchString(l) || !(strings.HasPrefix(l, page+": ") || strings.HasPrefix(l, notPDF+": ")) {
			t.Errorf("not a file: error: what [RULE] line: %q", l)
		}
	}
	if code, _, _ := run(t, "verify", filepath.Join(dir, "missing.pdf")); code != 2 {
		t.Errorf("a missing file: exit %d, want 2", code)
	}
}

// report.json and report.html are written next to every document's files:
// every file, its claimed standard, every check with its rule and result,
// size, pages and sha256; the checks that need a person; and the HTML
// report passes the HTML checks every page passes (ours, axe-core, the Nu
// checker).
func TestConformanceReport(t *testing.T) {
	out := t.TempDir()
	if code, _, e := run(t, "build", repo(t, "content/ahp-mental-health.md"), "--out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, e)
	}
	dir := filepath.Join(out, "ahp-mental-health")
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Passed bool `json:"passed"`
		Tool   struct{ Name, Version string }
		Files  []struct {
			Name, Format, Claims, Sha256 string
			Size, Pages                  int
			Passed                       bool
			Checks                       []struct{ Rule, Title, Result string }
		}
		NeedsAPerson []struct{ Rule, Title string } `json:"needs_a_person"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Passed || rep.Tool.Name != "altformats" || rep.Tool.Version == "" || len(rep.Files) < 6 || len(rep.NeedsAPerson) == 0 {
		t.Fatalf("report: %+v", rep)
	}
	for _, f := range rep.Files {
		data, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		r := verify.File(f.Name, data)
		if r.Format == verify.Unknown { // braille: listed with size and hash, not checked
			if f.Sha256 != r.SHA256 || f.Size != len(data) {
				t.Errorf("%s: report says %+v", f.Name, f)
			}
			continue
		}
		if f.Sha256 != r.SHA256 || f.Size != len(data) || f.Claims == "" || !f.Passed || len(f.Checks) == 0 {
			t.Errorf("%s: report says %+v", f.Name, f)
		}
		if strings.HasSuffix(f.Name, ".pdf") && f.Pages == 0 {
			t.Errorf("%s: no page count", f.Name)
		}
		if f.Format == "pdf" && !hasCheck(f.Checks, "13-004") || f.Format == "docx" && !hasCheck(f.Checks, "DOCX-ALT") ||
			f.Format == "epub" && !hasCheck(f.Checks, "EPUB-A11Y-META") || f.Format == "html" && !hasCheck(f.Checks, "VERIFY-PARITY") {
			t.Errorf("%s: a check is missing from its list: %+v", f.Name, f.Checks)
		}
	}
	page := filepath.Join(dir, "report.html")
	data, _ := os.ReadFile(page)
	if r := verify.File(page, data); len(r.Findings) > 0 {
		t.Errorf("report.html fails our HTML checks: %+v", r.Findings)
	}
	if v := testutil.VNU(t, page); len(v) > 0 {
		t.Errorf("Nu checker on report.html:\n%s", strings.Join(v, "\n"))
	}
	if v := testutil.Axe(t, page); len(v) > 0 {
		t.Errorf("axe-core on report.html:\n%s", strings.Join(v, "\n"))
	}
}

func hasCheck(cs []struct{ Rule, Title, Result string }, rule string) bool {
	for _, c := range cs {
		if c.Rule == rule {
			return c.Result == "pass"
		}
	}
	return false
}

// A pack carries each document's report and one for the pack itself, and
// its manifest lists them.
func TestPackCarriesReports(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := run(t, "pack", "employer-toolkit", "--content", repo(t, "content"), "--out", out); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	dir := filepath.Join(out, "packs", "employer-toolkit")
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"report.html", "report.json", "ahp-mental-health.report.html", "ahp-mental-health.report.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("pack has no %s", name)
		}
		if !strings.Contains(string(manifest), `"`+name+`"`) {
			t.Errorf("manifest does not list %s", name)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "report.json"))
	for _, want := range []string{`"index.html"`, `"README.txt"`, `"ahp-mental-health.report.html"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the pack's report does not mention %s", want)
		}
	}
	if code, _, stderr := run(t, "verify", dir); code != 0 {
		t.Errorf("verify of the pack folder: exit %d\n%s", code, stderr)
	}
}
