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
