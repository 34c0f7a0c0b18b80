package testutil

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// contains reports whether any line contains all of the substrings.
func contains(lines []string, subs ...string) bool {
	for _, l := range lines {
		ok := true
		for _, s := range subs {
			ok = ok && strings.Contains(l, s)
		}
		if ok {
			return true
		}
	}
	return false
}

func TestAxeGoodPagePasses(t *testing.T) {
	t.Parallel()
	if got := Axe(t, filepath.Join("testdata", "good.html")); len(got) != 0 {
		t.Errorf("axe on a known-good page reported:\n%s", strings.Join(got, "\n"))
	}
}

func TestAxeDetectsViolationsAndExternalRequests(t *testing.T) {
	t.Parallel()
	got := Axe(t, filepath.Join("testdata", "bad-a11y.html"))
	for _, want := range [][]string{
		{"image-alt: img"},
		{"html-has-lang: html"},
		{"color-contrast: p"},
		{"external request: https://fonts.example.invalid/font.css"},
		{"missing file: file://", "testdata/pixel.png"},
	} {
		if !contains(got, want...) {
			t.Errorf("axe did not report %q; got:\n%s", want, strings.Join(got, "\n"))
		}
	}
	for _, l := range got {
		if strings.HasPrefix(l, "/") || strings.Contains(l, "bad-a11y.html") {
			t.Errorf("Axe line still carries the file name: %q", l)
		}
	}
}

func TestAxeAllBatchesFiles(t *testing.T) {
	t.Parallel()
	good, _ := filepath.Abs(filepath.Join("testdata", "good.html"))
	bad, _ := filepath.Abs(filepath.Join("testdata", "bad-a11y.html"))
	got := AxeAll(t, good, bad)
	if contains(got, good+": ") {
		t.Errorf("good page reported: %v", got)
	}
	if !contains(got, bad+": image-alt") {
		t.Errorf("bad page not reported: %v", got)
	}
}

func TestVNU(t *testing.T) {
	t.Parallel()
	good := filepath.Join("testdata", "good.html")
	goodX := filepath.Join("testdata", "good.xhtml")
	badM := filepath.Join("testdata", "bad-markup.html")
	badA := filepath.Join("testdata", "bad-a11y.html")
	badX := filepath.Join("testdata", "bad.xhtml")
	got := VNU(t, good, goodX, badM, badA, badX)
	for _, f := range []string{good, goodX} {
		abs, _ := filepath.Abs(f)
		if contains(got, abs+":") {
			t.Errorf("vnu reported on known-good %s:\n%s", f, strings.Join(got, "\n"))
		}
	}
	for _, want := range [][]string{
		{"bad-markup.html:", "error: Unclosed element “b”"},
		{"bad-markup.html:", "error: End tag “main” seen"},
		{"bad-a11y.html:", "error: An “img” element must have an “alt” attribute"},
		{"bad-a11y.html:", "warning: Consider adding a “lang” attribute"},
		{"bad.xhtml:", "error:"},
	} {
		if !contains(got, want...) {
			t.Errorf("vnu did not report %q; got:\n%s", want, strings.Join(got, "\n"))
		}
	}
}

func TestEPUBAttrFilterIsNarrow(t *testing.T) {
	t.Parallel()
	msg := "Attribute “type” not allowed on element “nav” at this point."
	if !epubAttr(msg, `<nav epub:type="toc">`) {
		t.Error("epub:type not recognised")
	}
	if epubAttr(msg, `<nav type="toc">`) {
		t.Error("plain type attribute filtered")
	}
	if epubAttr("Attribute “href” not allowed on element “p” at this point.", `<p epub:href="x">`) {
		t.Error("unrelated attribute filtered")
	}
}

// recorder is a testing.TB whose Fatal and Skip end only the goroutine that
// calls them, so a test can show that a helper fails (or skips) when it should.
type recorder struct {
	testing.TB
	failed, skipped bool
	msg             string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }
func (r *recorder) Skipf(format string, args ...any) {
	r.skipped, r.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func record(t *testing.T, f func(tb testing.TB)) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

func TestMissingToolSkipsOrFails(t *testing.T) {
	t.Setenv(RequireEnv, "")
	r := record(t, func(tb testing.TB) { Tool(tb, "altformats-no-such-tool") })
	if !r.skipped || r.failed || !strings.Contains(r.msg, "bash .ci/install-tools") {
		t.Errorf("locally a missing tool must skip with the install hint; got skipped=%v failed=%v %q", r.skipped, r.failed, r.msg)
	}
	t.Setenv(RequireEnv, "1")
	r = record(t, func(tb testing.TB) { Tool(tb, "altformats-no-such-tool") })
	if !r.failed || r.skipped {
		t.Errorf("under %s=1 a missing tool must fail; got skipped=%v failed=%v %q", RequireEnv, r.skipped, r.failed, r.msg)
	}
}

// zipEPUB packs an expanded EPUB folder (mimetype first and stored, as OCF
// requires), letting edit rewrite or drop (nil) any file and add extra ones.
func zipEPUB(t *testing.T, dir string, edit func(name string, data []byte) []byte, extra map[string]string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), filepath.Base(dir)+".epub")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	add := func(name string, data []byte) {
		method := zip.Deflate
		if name == "mimetype" {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		names = append(names, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(names, func(i, j int) bool { return names[i] == "mimetype" || (names[j] != "mimetype" && names[i] < names[j]) })
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n)))
		if err != nil {
			t.Fatal(err)
		}
		if edit != nil {
			data = edit(n, data)
		}
		if data != nil {
			add(n, data)
		}
	}
	extraNames := make([]string, 0, len(extra))
	for n := range extra {
		extraNames = append(extraNames, n)
	}
	sort.Strings(extraNames)
	for _, n := range extraNames {
		add(n, []byte(extra[n]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

var goodEPUB = filepath.Join("testdata", "epub-good")

// badEPUB breaks the known-good EPUB in ways each checker must catch: an image
// without alt and no access-mode metadata (Ace), a manifest item that is not
// in the container (epubcheck error) and a file that is not in the manifest
// (epubcheck warning).
func badEPUB(t *testing.T) string {
	return zipEPUB(t, goodEPUB, func(name string, data []byte) []byte {
		s := string(data)
		switch name {
		case "EPUB/chapter.xhtml":
			s = strings.Replace(s, ` alt="A single white pixel"`, "", 1)
		case "EPUB/package.opf":
			s = regexp.MustCompile(`(?m)^.*schema:accessMode".*\n`).ReplaceAllString(s, "")
			s = strings.Replace(s, `<item id="pixel"`, `<item id="gone" href="gone.css" media-type="text/css"/>
    <item id="pixel"`, 1)
		}
		return []byte(s)
	}, map[string]string{"EPUB/stray.txt": "not in the manifest"})
}

func TestEPUBCheck(t *testing.T) {
	t.Parallel()
	if got := EPUBCheck(t, zipEPUB(t, goodEPUB, nil, nil)); len(got) != 0 {
		t.Errorf("epubcheck on the known-good EPUB:\n%s", strings.Join(got, "\n"))
	}
	got := EPUBCheck(t, badEPUB(t))
	for _, want := range [][]string{
		{"ERROR(RSC-001)", "gone.css"},
		{"WARNING(", "stray.txt"},
	} {
		if !contains(got, want...) {
			t.Errorf("epubcheck did not report %q; got:\n%s", want, strings.Join(got, "\n"))
		}
	}
}

func TestAce(t *testing.T) {
	t.Parallel()
	if got := Ace(t, zipEPUB(t, goodEPUB, nil, nil)); len(got) != 0 {
		t.Errorf("Ace on the known-good EPUB:\n%s", strings.Join(got, "\n"))
	}
	got := Ace(t, badEPUB(t))
	for _, want := range [][]string{
		{"chapter.xhtml: image-alt: [critical] img:"},
		{"package.opf: metadata-accessmode: [serious]"},
	} {
		if !contains(got, want...) {
			t.Errorf("Ace did not report %q; got:\n%s", want, strings.Join(got, "\n"))
		}
	}
}

func TestSofficeConvert(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	docx := SofficeConvert(t, filepath.Join("testdata", "good.html"), "docx:MS Word 2007 XML", dir)
	if filepath.Base(docx) != "good.docx" {
		t.Errorf("output %s, want good.docx", docx)
	}
	pdf := SofficeConvert(t, docx, "pdf", filepath.Join(dir, "pdf"))
	data, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Errorf("%s is not a PDF (%v)", pdf, err)
	}
	// soffice exits 0 when the export fails; the helper must still fail.
	r := record(t, func(tb testing.TB) { SofficeConvert(tb, docx, "pdf:no_such_filter", filepath.Join(dir, "x")) })
	if !r.failed {
		t.Errorf("a failed conversion did not fail the test")
	}
}

func TestScreenshot(t *testing.T) {
	t.Parallel()
	png := filepath.Join(t.TempDir(), "good.png")
	Screenshot(t, filepath.Join("testdata", "good.html"), png, 400, true)
	data, err := os.ReadFile(png)
	if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("no PNG written (%v)", err)
	}
}
