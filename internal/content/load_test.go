package content

import (
	"github.com/altformats/altformats/internal/testutil/goldenfile"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", "golden", name), []byte(got))
}

// relDump makes the dump independent of where the repository lives.
func relDump(d *doc.Document, path string) string {
	return strings.ReplaceAll(doc.Dump(d), path, filepath.Base(path))
}

func TestGoldenModel(t *testing.T) {
	for name, path := range map[string]string{
		"kitchen-sink.dump": "../testdata/cases/kitchen-sink.md",
		"seed.dump":         "../../content/ahp-mental-health.md",
	} {
		t.Run(name, func(t *testing.T) {
			d, ds, err := Load(path, Options{})
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			for _, x := range ds {
				t.Errorf("unexpected diagnostic: %v", x)
			}
			golden(t, name, relDump(d, path))
		})
	}
}

func parse(t *testing.T, src string) (*doc.Document, doc.Diagnostics) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "x.md")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	d, ds, _ := Load(p, Options{})
	return d, ds
}

const fm = "---\ntitle: T\nlang: en-GB\n---\n"

func TestErrors(t *testing.T) {
	cases := []struct {
		name, src, code string
		line, col       int
	}{
		{"unknown key", "---\ntitle: T\nlang: en\ntittle: x\n---\nText\n", "META-KEY", 4, 1},
		{"bad yaml", "---\ntitle: [unclosed\n---\nText\n", "META-YAML", 0, 0},
		{"unclosed front matter", "---\ntitle: T\n", "META-YAML", 1, 1},
		{"bad lang", "---\ntitle: T\nlang: not a tag\n---\nx\n", "META-LANG", 3, 1},
		{"bad date", "---\ntitle: T\nlang: en\ndate: yesterday\n---\nx\n", "META-YAML", 4, 7}, // at the value,
		{"bad slug", "---\ntitle: T\nlang: en\nslug: Bad Slug\n---\nx\n", "META-SLUG", 4, 1},
		{"invalid utf8", fm + "ok\nbad \xff here\n", "SRC-UTF8", 6, 5},
		{"empty", "  \n\n", "SRC-EMPTY", 1, 1},
		{"nul", fm + "a\x00b\n", "SRC-BINARY", 5, 2},
		{"remote image", fm + "![x](https://example.com/a.png)\n", "IMG-REMOTE", 5, 1},
		{"data image", fm + "![x](data:image/png;base64,AAAA)\n", "IMG-DATA", 5, 1},
		{"absolute image", fm + "![x](/etc/passwd)\n", "IMG-PATH", 5, 1},
		{"escaping image", fm + "![x](../../etc/passwd)\n", "IMG-PATH", 5, 1},
		{"missing image", fm + "![x](nope.png)\n", "IMG-MISSING", 5, 1},
		{"javascript link", fm + "[x](javascript:alert(1))\n", "LINK-SCHEME", 5, 1},
		{"data link", fm + "[x](data:text/html,hi)\n", "LINK-SCHEME", 5, 1},
		{"deep quotes", fm + strings.Repeat(">", 500) + " deep\n", "LIMIT-NESTING", 0, 0},
		{"deep lists", fm + deepList(200), "LIMIT-NESTING", 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := parse(t, c.src)
			var hit *doc.Diagnostic
			for _, d := range ds {
				if d.Code == c.code && d.Severity == doc.Error {
					hit = d
				}
			}
			if hit == nil {
				t.Fatalf("want error %s, got %v", c.code, ds)
			}
			if c.line != 0 && (hit.Pos.Line != c.line || hit.Pos.Col != c.col) {
				t.Errorf("position %d:%d, want %d:%d (%v)", hit.Pos.Line, hit.Pos.Col, c.line, c.col, hit)
			}
			if !strings.Contains(hit.Error(), "x.md:") || !strings.Contains(hit.Error(), "["+c.code+"]") {
				t.Errorf("message %q lacks file or code", hit.Error())
			}
		})
	}
}

func deepList(n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return sb.String()
}

func TestRawHTMLActiveDroppedWithWarning(t *testing.T) {
	d, ds := parse(t, fm+"<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b>.\n\n<!-- a comment -->\n")
	warn := 0
	for _, x := range ds {
		if x.Code == "HTML-DROPPED" && x.Severity == doc.Warning {
			warn++
			if !strings.Contains(x.Message, "1 word dropped") {
				t.Errorf("the warning does not count the lost words: %v", x)
			}
		}
	}
	if warn != 1 { // the script block; <b> is converted, the comment is not content
		t.Errorf("want 1 dropped-HTML warning, got %d: %v", warn, ds)
	}
	dump := doc.Dump(d)
	if strings.Contains(dump, "script") || strings.Contains(dump, "onclick") || strings.Contains(dump, "alert") {
		t.Errorf("raw HTML reached the model:\n%s", dump)
	}
	if !strings.Contains(dump, "bold") {
		t.Errorf("the text of <b> was lost:\n%s", dump)
	}
}

func TestSymlinkOutOfRoot(t *testing.T) {
	outside := t.TempDir()
	png := filepath.Join("..", "testdata", "cases", "images", "chart.png")
	data, err := os.ReadFile(png)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(outside, "secret.png"), data, 0o644)
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(outside, "secret.png"), filepath.Join(dir, "link.png")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	p := filepath.Join(dir, "x.md")
	os.WriteFile(p, []byte(fm+"![x](link.png)\n"), 0o644)
	_, ds, _ := Load(p, Options{})
	if !hasCode(ds, "IMG-PATH") {
		t.Fatalf("symlink out of the content folder was accepted: %v", ds)
	}
	// and an image that is not an image
	os.WriteFile(filepath.Join(dir, "fake.png"), []byte("not a png"), 0o644)
	os.WriteFile(p, []byte(fm+"![x](fake.png)\n"), 0o644)
	_, ds, _ = Load(p, Options{})
	if !hasCode(ds, "IMG-TYPE") {
		t.Fatalf("a text file posing as PNG was accepted: %v", ds)
	}
}

func hasCode(ds doc.Diagnostics, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

func TestTitleFromHeadingAndDefaultLang(t *testing.T) {
	d, ds := parse(t, "# Datganiad *hygyrchedd*\n\nTestun.\n\n## Adran\n")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	if d.Meta.Title != "Datganiad hygyrchedd" || len(d.Blocks) != 2 {
		t.Fatalf("title %q, %d blocks", d.Meta.Title, len(d.Blocks))
	}
	if _, ok := d.TitleInlines[1].(*doc.Emph); !ok {
		t.Errorf("title lost its emphasis: %#v", d.TitleInlines)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "cy.md")
	os.WriteFile(p, []byte("# Teitl\n"), 0o644)
	d, _, _ = Load(p, Options{DefaultLang: "cy"})
	if d.Meta.Lang != "cy" {
		t.Errorf("default lang not applied: %q", d.Meta.Lang)
	}
}

func TestLangSpans(t *testing.T) {
	d, ds := parse(t, fm+"Say [Croeso]{lang=cy} and [*Bore da*, ffrind]{lang=\"cy\"} today.\n")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	p := d.Blocks[0].(*doc.Paragraph)
	var spans []*doc.Span
	for _, in := range p.Inlines {
		if s, ok := in.(*doc.Span); ok {
			spans = append(spans, s)
		}
	}
	if len(spans) != 2 || doc.PlainText(spans[0].Children) != "Croeso" || doc.PlainText(spans[1].Children) != "Bore da, ffrind" {
		t.Fatalf("spans wrong:\n%s", doc.Dump(d))
	}
	if got := doc.PlainText(p.Inlines); got != "Say Croeso and Bore da, ffrind today." {
		t.Errorf("plain text %q", got)
	}
}

func TestSlugFromPath(t *testing.T) {
	for in, want := range map[string]string{
		"content/AHP Mental Health.md":         "ahp-mental-health",
		"x/nhs-dh-nbss-analysis/index.md":      "nhs-dh-nbss-analysis",
		"Data-preparation-New-datasets.cy.md":  "data-preparation-new-datasets-cy",
		"Using-SW3---Roles-and-permissions.md": "using-sw3-roles-and-permissions",
		"ŵyau.md":                              "wyau",
	} {
		if got := SlugFromPath(in); got != want {
			t.Errorf("SlugFromPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestForeignKeysWarnTyposFail(t *testing.T) {
	d, ds := parse(t, "---\nlayout: page\ntitle: T\nlang: cy\ntitel: typo\n---\nText\n")
	var warned, failed bool
	for _, x := range ds {
		if x.Code == "META-IGNORED" && x.Pos.Line == 2 && x.Severity == doc.Warning {
			warned = true
		}
		if x.Code == "META-KEY" && x.Pos.Line == 5 && strings.Contains(x.Hint, `did you mean "title"`) {
			failed = true
		}
	}
	if !warned || !failed {
		t.Fatalf("want a warning for layout and an error with a suggestion for titel, got %v", ds)
	}
	if d.Meta.Title != "T" || d.Meta.Lang != "cy" {
		t.Errorf("known keys lost next to unknown ones: %+v", d.Meta)
	}
}

func TestEmptyHeadingDroppedWithWarning(t *testing.T) {
	d, ds := parse(t, fm+"## \n\nText.\n\n## Real\n")
	if ds.HasErrors() || !hasCode(ds, "SRC-EMPTY-HEADING") {
		t.Fatalf("want only a warning, got %v", ds)
	}
	if hs := doc.Headings(d); len(hs) != 1 || hs[0].ID != "real" {
		t.Fatalf("headings: %v", hs)
	}
}
