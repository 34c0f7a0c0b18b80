package verify_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/testutil"
	"github.com/altformats/altformats/internal/verify"
)

// defective is a small document with the defects other tools pass through:
// no language, an image without alt text.
const defective = "---\ntitle: Defects\n---\n\n# Defects\n\nText with a chart.\n\n![](chart.png)\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"

func runTool(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(testutil.Tool(t, name), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out.String())
	}
}

func rulesOf(t *testing.T, path string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, f := range verify.File(path, b).Findings {
		if f.Severity.String() == "error" {
			m[f.Rule] = true
		}
	}
	return m
}

func wantRules(t *testing.T, path string, rules ...string) {
	t.Helper()
	got := rulesOf(t, path)
	for _, r := range rules {
		if !got[r] {
			t.Errorf("%s: verify did not find [%s]; found %v", filepath.Base(path), r, got)
		}
	}
}

func defectiveDir(t *testing.T) string {
	dir := t.TempDir()
	img, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "internal", "testdata", "cases", "images", "chart.png"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "chart.png"), img, 0o644)
	os.WriteFile(filepath.Join(dir, "d.md"), []byte(defective), 0o644)
	return dir
}

// pandoc passes the defects through: an image without alt text in every
// format, and no language (an empty lang in HTML, the POSIX locale "C" in
// EPUB), and writes no EPUB accessibility metadata.
func TestVerifyFindsPandocDefects(t *testing.T) {
	dir := defectiveDir(t)
	runTool(t, dir, "pandoc", "d.md", "-s", "-o", "d.html")
	runTool(t, dir, "pandoc", "d.md", "-o", "d.docx")
	runTool(t, dir, "pandoc", "d.md", "-o", "d.epub")
	wantRules(t, filepath.Join(dir, "d.html"), "HTML-ALT", "HTML-LANG")
	wantRules(t, filepath.Join(dir, "d.docx"), "DOCX-ALT")
	wantRules(t, filepath.Join(dir, "d.epub"), "HTML-ALT", "EPUB-A11Y-META")
}

// LibreOffice's default PDF export and WeasyPrint's are untagged; Chromium's
// is tagged but has no XMP metadata and paints untagged content.
func TestVerifyFindsPDFDefectsOfOtherTools(t *testing.T) {
	dir := defectiveDir(t)
	runTool(t, dir, "pandoc", "d.md", "-s", "--metadata", "lang=en-GB", "-o", "d.html")
	runTool(t, dir, "pandoc", "d.md", "-o", "d.docx")
	t.Run("libreoffice", func(t *testing.T) {
		pdf := testutil.SofficeConvert(t, filepath.Join(dir, "d.docx"), "pdf", t.TempDir())
		wantRules(t, pdf, verify.RuleTagged, "06-001")
	})
	t.Run("weasyprint", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "w.pdf")
		runTool(t, dir, "weasyprint", "d.html", out)
		wantRules(t, out, verify.RuleTagged, "06-001")
	})
	t.Run("chromium", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "c.pdf")
		runTool(t, dir, "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
			"--print-to-pdf="+out, "file://"+filepath.Join(dir, "d.html"))
		got := rulesOf(t, out)
		if got[verify.RuleTagged] {
			t.Errorf("chromium's PDF is tagged, verify says it is not")
		}
		wantRules(t, out, "06-001", "13-004")
	})
}

// pdfinfo (poppler) and verify agree on which PDFs are tagged; qpdf and
// verify agree on which cannot be read; epubcheck and verify on which EPUBs
// are broken; the Nu checker and verify on which pages are broken.
func TestVerifyAgreesWithValidators(t *testing.T) {
	d := testutil.LoadCase(t, "kitchen-sink")
	dir := t.TempDir()
	for _, f := range outputs(t, d) {
		os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644)
	}
	own := filepath.Join(dir, "kitchen-sink.pdf")
	pdfData, _ := os.ReadFile(own)
	trunc := filepath.Join(dir, "truncated.pdf")
	os.WriteFile(trunc, pdfData[:len(pdfData)/3], 0o644)
	ddir := defectiveDir(t)
	runTool(t, ddir, "pandoc", "d.md", "-s", "--metadata", "lang=en-GB", "-o", "d.html")
	runTool(t, ddir, "pandoc", "d.md", "-o", "d.docx")

	t.Run("pdfinfo", func(t *testing.T) {
		pdfinfo := testutil.Tool(t, "pdfinfo")
		pdfs := []string{own, filepath.Join(dir, "kitchen-sink-large-print.pdf")}
		lo := testutil.SofficeConvert(t, filepath.Join(ddir, "d.docx"), "pdf", t.TempDir())
		pdfs = append(pdfs, lo)
		for _, p := range pdfs {
			out, err := exec.Command(pdfinfo, p).CombinedOutput()
			if err != nil {
				t.Fatalf("pdfinfo %s: %v\n%s", p, err, out)
			}
			popplerTagged := strings.Contains(string(out), "Tagged:          yes")
			if verifyTagged := !rulesOf(t, p)[verify.RuleTagged]; verifyTagged != popplerTagged {
				t.Errorf("%s: poppler says tagged=%v, verify says %v", filepath.Base(p), popplerTagged, verifyTagged)
			}
		}
	})
	t.Run("qpdf", func(t *testing.T) {
		qpdf := testutil.Tool(t, "qpdf")
		for _, p := range []string{own, trunc} {
			qpdfOK := exec.Command(qpdf, "--check", p).Run() == nil
			verifyOK := !rulesOf(t, p)[verify.RuleFormat]
			if qpdfOK != verifyOK {
				t.Errorf("%s: qpdf readable=%v, verify readable=%v", filepath.Base(p), qpdfOK, verifyOK)
			}
		}
	})
	t.Run("epubcheck", func(t *testing.T) {
		good := filepath.Join(dir, "kitchen-sink.epub")
		b, _ := os.ReadFile(good)
		broken := filepath.Join(t.TempDir(), "broken.epub")
		os.WriteFile(broken, testutil.Rezip(t, b, func(name string, data []byte) []byte {
			if strings.HasSuffix(name, ".opf") {
				return bytes.Replace(data, []byte("<dc:language>"), []byte("<dc:langage>"), 1)
			}
			return data
		}), 0o644)
		for _, p := range []string{good, broken} {
			ecOK := len(testutil.EPUBCheck(t, p)) == 0
			verifyOK := len(rulesOf(t, p)) == 0
			if ecOK != verifyOK {
				t.Errorf("%s: epubcheck passes=%v, verify passes=%v (%v)", filepath.Base(p), ecOK, verifyOK, rulesOf(t, p))
			}
		}
	})
	t.Run("vnu", func(t *testing.T) {
		good := filepath.Join(dir, "kitchen-sink.html")
		b, _ := os.ReadFile(good)
		broken := filepath.Join(t.TempDir(), "broken.html")
		// an image without alt and a duplicated id: both are errors to the Nu checker
		os.WriteFile(broken, bytes.Replace(bytes.Replace(b, []byte(`alt="small chart"`), nil, 1),
			[]byte(`id="table"`), []byte(`id="lists"`), 1), 0o644)
		for _, p := range []string{good, broken} {
			nuOK := len(testutil.VNU(t, p)) == 0
			verifyOK := len(rulesOf(t, p)) == 0
			if nuOK != verifyOK {
				t.Errorf("%s: Nu checker passes=%v, verify passes=%v (%v)", filepath.Base(p), nuOK, verifyOK, rulesOf(t, p))
			}
		}
	})
}
