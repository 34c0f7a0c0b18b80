package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackPaper: a pack lays its PDFs out on the paper its definition asks
// for, else altformats.yaml's, else A4 (pack used to hard-code A4).
func TestPackPaper(t *testing.T) {
	for _, tc := range []struct{ name, def, project, box string }{
		{"default", "", "", "595.28 841.89"},
		{"definition", "paper: a5\n", "", "419.53 595.28"},
		{"project", "", "paper: Letter\n", "612.00 792.00"},
		{"definition wins", "paper: A5\n", "paper: Letter\n", "419.53 595.28"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			content := packContent(t, "title: Kit\ndocuments: [ahp-mental-health]\nformats: [pdf]\n"+tc.def)
			if tc.project != "" {
				if err := os.WriteFile(filepath.Join(content, "altformats.yaml"), []byte(tc.project), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := t.TempDir()
			if code, _, stderr := run(t, "pack", "kit", "--content", content, "--out", out); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			b, err := os.ReadFile(filepath.Join(out, "packs", "kit", "ahp-mental-health.pdf"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), "/MediaBox [0 0 "+tc.box+"]") {
				t.Errorf("no /MediaBox [0 0 %s] in the pack's PDF", tc.box)
			}
		})
	}
}

// TestBadThemeIsPositioned: a --templates folder's theme.json with mistakes
// stops the build before any document, with each mistake at its line.
func TestBadThemeIsPositioned(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "theme.json"), []byte("{\n  \"colors\": {},\n  \"sizes\": {\"base\": \"11\"}\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, _, stderr := run(t, "build", repo(t, "content/ahp-mental-health.md"), "--templates", dir, "--out", out)
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if code != 1 || len(lines) != 2 || !strings.Contains(lines[0], "theme.json:2:3: error: unknown key \"colors\"") ||
		!strings.Contains(lines[1], "theme.json:3:21: error: sizes.base must be a number [THEME-TYPE]") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, l := range lines {
		if !diagLine.MatchString(l) {
			t.Errorf("not a diagnostic line: %q", l)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("wrote %d entries with a bad theme", len(entries))
	}
}
