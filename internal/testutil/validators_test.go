package testutil

import (
	"path/filepath"
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
	if got := Axe(t, filepath.Join("testdata", "good.html")); len(got) != 0 {
		t.Errorf("axe on a known-good page reported:\n%s", strings.Join(got, "\n"))
	}
}

func TestAxeDetectsViolationsAndExternalRequests(t *testing.T) {
	got := Axe(t, filepath.Join("testdata", "bad-a11y.html"))
	for _, want := range [][]string{
		{"image-alt: img"},
		{"html-has-lang: html"},
		{"color-contrast: p"},
		{"external request: https://fonts.example.invalid/font.css"},
	} {
		if !contains(got, want...) {
			t.Errorf("axe did not report %q; got:\n%s", want, strings.Join(got, "\n"))
		}
	}
	for _, l := range got {
		if strings.Contains(l, "testdata") {
			t.Errorf("Axe line still carries the file name: %q", l)
		}
	}
}

func TestAxeAllBatchesFiles(t *testing.T) {
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
