package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

// TestParseProjectPositions: every kind of mistake in altformats.yaml is an
// error at its own line, as in front matter.
func TestParseProjectPositions(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"lang: en-GB\nauthors: {a: b}\n", "p.yaml:2:"},
		{"lang: en-GB\npublisher: a: b\n", "p.yaml:2:"},
		{"lang: en-GB\n\nreading-age: 3\n", "p.yaml:3:1: error: reading-age 3 is not a reading age from 5 to 25 [META-READING-AGE]"},
		{"lang: english please\n", `p.yaml:1:1: error: lang "english please" is not a valid BCP 47 language tag [META-LANG]`},
		{"langauge: cy\n", `p.yaml:1:1: error: unknown key "langauge" in altformats.yaml [PROJECT-KEY] (hint: did you mean "language"?`},
		{"slug: x\n", `p.yaml:1:1: error: "slug" belongs to one document`},
		{"- a\n- b\n", "p.yaml:1:1: error: altformats.yaml is not a set of keys and values [PROJECT-YAML]"},
	} {
		_, ds := ParseProject("p.yaml", []byte(c.src))
		if !ds.HasErrors() || !strings.HasPrefix(ds[0].Error(), c.want) {
			t.Errorf("%q: got %v, want a message starting %q", c.src, ds, c.want)
		}
	}
}

// TestProjectApply: defaults fill only what the document leaves empty.
func TestProjectApply(t *testing.T) {
	p, ds := ParseProject("p.yaml", []byte("lang: cy\npublisher: P\nauthors: [A, B]\nreading-age: 12\npaper: letter\nformats: html\ntheme: look\ntoc: false\n"))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	if p.Paper != doc.Letter || len(p.Formats) != 1 || p.Theme != "look" {
		t.Errorf("build settings: %+v", p)
	}
	d, ds := Parse("d.md", []byte("---\ntitle: T\npublisher: Own\nreading-age: 9\n---\n\nText.\n"), Options{Project: p, DefaultLang: "en-GB"})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	m := d.Meta
	if m.Lang != "en-GB" || m.Publisher != "Own" || len(m.Authors) != 2 || m.ReadingAge != 9 || m.TOC != doc.TOCNone {
		t.Errorf("meta: %+v", m)
	}
	d, _ = Parse("d.md", []byte("---\ntitle: T\ntoc: 3\n---\n\nText.\n"), Options{Project: p})
	if d.Meta.TOC != 3 || d.Meta.Lang != "cy" || d.Meta.ReadingAge != 12 {
		t.Errorf("front matter toc and project lang: %+v", d.Meta)
	}
}

// TestFindProjectWalksUp: the nearest altformats.yaml above a folder.
func TestFindProjectWalksUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ProjectFile), []byte("lang: en-GB\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := FindProject(deep)
	if err != nil {
		t.Fatal(err)
	}
	if abs, _ := filepath.Abs(got); abs != filepath.Join(root, ProjectFile) {
		t.Errorf("found %q", got)
	}
}

// FuzzParseProject: no input makes the project decoder panic.
func FuzzParseProject(f *testing.F) {
	for _, s := range []string{"lang: en-GB\n", "formats: [pdf, html]\npaper: A5\n", "reading-age: x\n", "- a\n", "a: {b: [c]}\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ParseProject("p.yaml", b)
	})
}
