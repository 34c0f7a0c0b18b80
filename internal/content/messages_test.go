package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/check"
	"github.com/altformats/altformats/internal/doc"
)

// loadChecked loads src as x.md and runs the model checks, as build does.
func loadChecked(t *testing.T, src string) doc.Diagnostics {
	t.Helper()
	d, ds := parse(t, src)
	if d != nil {
		ds = append(ds, check.Document(d)...)
	}
	return ds
}

// The message defects found with hostile input, each fixed.
func TestFrontMatterErrorsReportedOnceAtTheirKey(t *testing.T) {
	cases := []struct {
		name, src, code, text string
		line, col             int
	}{
		{"bad date", "---\ntitle: T\nlang: en\ndate: notadate\n---\n# T\n", "META-YAML", "not a date", 4, 7},
		{"list title", "---\ntitle: [1,2]\nlang: en\n---\n# T\n", "META-YAML", "cannot unmarshal", 2, 8},
		{"duplicate key", "---\ntitle: T\ntitle: U\nlang: en\n---\n# T\n", "META-YAML", `"title" already defined at line 2`, 3, 8},
		{"bad lang", "---\ntitle: T\nlang: xx-!!\n---\n# T\n", "META-LANG", "not a valid BCP 47", 3, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := loadChecked(t, c.src)
			if len(ds) != 1 {
				t.Fatalf("want exactly one diagnostic, got %d:\n%v", len(ds), ds)
			}
			d := ds[0]
			if d.Code != c.code || !strings.Contains(d.Message, c.text) || d.Pos.Line != c.line || d.Pos.Col != c.col {
				t.Errorf("got %v, want %s %q at %d:%d", d, c.code, c.text, c.line, c.col)
			}
		})
	}
}

func TestOldMacLineEndings(t *testing.T) {
	src := strings.ReplaceAll("---\ntitle: T\nlang: en\n---\n# T\n\n![](nope.png)\n", "\n", "\r")
	ds := loadChecked(t, src)
	if len(ds) == 0 || ds[0].Code != "IMG-MISSING" || ds[0].Pos.Line != 7 {
		t.Fatalf("want only the missing image at line 7, got %v", ds)
	}
	for _, d := range ds {
		if d.Code == "META-TITLE" || d.Code == "META-LANG" {
			t.Errorf("front matter not found: %v", d)
		}
	}
}

func TestBadLangSpanReportedOnce(t *testing.T) {
	ds := loadChecked(t, fm+"\nsome [text]{lang=} here\n")
	if len(ds) != 1 || ds[0].Code != "META-LANG" || ds[0].Pos.Line != 6 || ds[0].Pos.Col == 1 {
		t.Fatalf("want one META-LANG at the span, got %v", ds)
	}
}

func TestImagePathMessages(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("b.png", filepath.Join(dir, "a.png")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink("a.png", filepath.Join(dir, "b.png")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "x.md")
	if err := os.WriteFile(p, []byte(fm+"\n![alt](a.png)\n\n![alt](c%00d.png)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, ds, _ := Load(p, Options{})
	if len(ds) != 2 {
		t.Fatalf("want 2 diagnostics, got %v", ds)
	}
	if !strings.Contains(ds[0].Message, "loops") || strings.Contains(ds[0].Hint, "permission") {
		t.Errorf("symlink loop: %v", ds[0])
	}
	if ds[1].Code != "IMG-PATH" || strings.ContainsRune(ds[1].Error(), 0) {
		t.Errorf("NUL in a path: %q", ds[1].Error())
	}
}

func TestOversizeFileHasAPosition(t *testing.T) {
	_, ds := Parse("big.md", make([]byte, doc.MaxSourceBytes+1), Options{})
	if len(ds) != 1 || ds[0].Code != "LIMIT-SIZE" || ds[0].Pos.Line != 1 || ds[0].Pos.Col != 1 {
		t.Fatalf("got %v", ds)
	}
}

// TestTableRowsOutsideATable: a row commented out between a table's rows
// ends the table (as on GitHub), and the rows after it become a paragraph
// full of | signs; that paragraph is named, at its first line. Whole tables,
// and a single line with pipes, are not.
func TestTableRowsOutsideATable(t *testing.T) {
	src := fm + "| Page | Issue |\n|---|---|\n<!-- | Old | row | -->\n| Home | Contrast |\n| Search | Focus |\n\n" +
		"| Good | table |\n|---|---|\n| a | b |\n\n| just one line with pipes |\n\nA | B is prose.\n"
	_, ds := Parse("rows.md", []byte(src), Options{})
	var got []string
	for _, d := range ds {
		if d.Code == "SRC-TABLE-ROWS" {
			got = append(got, fmt.Sprint(d.Pos.Line))
		}
	}
	if want := fmt.Sprint(strings.Count(fm, "\n") + 4); strings.Join(got, ",") != want {
		t.Errorf("SRC-TABLE-ROWS at lines %v, want only %s (the rows after the comment)", got, want)
	}
}
