package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/doc"
)

func load(t *testing.T, src string) *doc.Document {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "x.md")
	os.WriteFile(p, []byte(src), 0o644)
	png, err := os.ReadFile("../testdata/cases/images/chart.png")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "a.png"), png, 0o644)
	d, ds := content.Parse(p, []byte(src), content.Options{})
	for _, x := range ds {
		if x.Severity == doc.Error {
			t.Fatalf("loader error: %v", x)
		}
	}
	return d
}

const fm = "---\ntitle: T\nlang: en-GB\n---\n"

func TestRules(t *testing.T) {
	cases := []struct {
		name, src, code string
		sev             doc.Severity
		line            int
	}{
		{"no title", "---\nlang: en\n---\ntext\n", CodeTitle, doc.Error, 1},
		{"no lang", "---\ntitle: T\n---\ntext\n", CodeLang, doc.Error, 1},
		{"missing alt", fm + "![](a.png)\n", CodeAlt, doc.Error, 5},
		{"file-name alt", fm + "![chart.png](a.png)\n", CodeAltQuality, doc.Warning, 5},
		{"vacuous alt", fm + "Text\n\n![Alt](a.png)\n", CodeAltQuality, doc.Warning, 7},
		{"vacuous alt image", fm + "![image](a.png)\n", CodeAltQuality, doc.Warning, 5},
		{"link to the title", "# My title\n\n[top](#nowhere) [up](#my-title)\n", CodeLinkAnchor, doc.Warning, 3},
		{"skip after title", fm + "### Deep\n", CodeHeadingSkip, doc.Error, 5},
		{"skip later", fm + "## A\n\n#### B\n", CodeHeadingSkip, doc.Error, 7},
		{"empty link", fm + "[](https://example.org/)\n", CodeLinkEmpty, doc.Error, 5},
		{"click here", fm + "[click here](https://example.org/)\n", CodeLinkVague, doc.Warning, 5},
		{"bare url", fm + "See https://www.example.org/some/long/path/to/a/page now.\n", CodeLinkVague, doc.Warning, 5},
		{"dead anchor", fm + "[About](#nowhere)\n", CodeLinkAnchor, doc.Warning, 5},
		{"empty header row", fm + "|  |  |\n|--|--|\n| a | b |\n", CodeTableHeader, doc.Error, 5},
		{"empty header cell", fm + "| A |  |\n|--|--|\n| a | b |\n", CodeTableEmptyTH, doc.Warning, 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := Document(load(t, c.src))
			for _, d := range ds {
				if d.Code == c.code && d.Severity == c.sev {
					if d.Pos.Line != c.line {
						t.Errorf("line %d, want %d: %v", d.Pos.Line, c.line, d)
					}
					if d.Hint == "" {
						t.Errorf("no hint: %v", d)
					}
					return
				}
			}
			t.Fatalf("want %s %s, got %v", c.sev, c.code, ds)
		})
	}
}

func TestCleanDocumentsPass(t *testing.T) {
	for _, p := range []string{"../testdata/cases/kitchen-sink.md", "../../content/ahp-mental-health.md"} {
		d, _, err := content.Load(p, content.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range Document(d) {
			t.Errorf("%s: unexpected %v", p, x)
		}
	}
}

func TestDecorativeNeedsNoAlt(t *testing.T) {
	ds := Document(load(t, fm+"![](a.png \"decorative\")\n"))
	if len(ds) != 0 {
		t.Fatalf("decorative image flagged: %v", ds)
	}
	if !strings.Contains(CodeAlt, "ALT") {
		t.Fatal("code renamed")
	}
}

// The loader drops empty headings with a warning; a model built some other
// way is still checked.
func TestEmptyHeadingInAModel(t *testing.T) {
	d := load(t, fm+"## A\n")
	d.Blocks[0].(*doc.Heading).Inlines = nil
	for _, x := range Document(d) {
		if x.Code == CodeHeadingEmpty && x.Severity == doc.Error {
			return
		}
	}
	t.Fatal("empty heading not reported")
}
