package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/louis"
	"github.com/altformats/altformats/internal/testutil"
)

// withoutLiblouis points the loader at a library that does not exist: the
// machine then behaves as one without liblouis installed.
func withoutLiblouis(t *testing.T) {
	t.Setenv(louis.EnvPath, filepath.Join(t.TempDir(), "no-liblouis.so"))
}

// Asked for by name, braille without liblouis is an error saying how to
// install it (exit 1), and nothing is written.
func TestBrailleAskedForWithoutLiblouis(t *testing.T) {
	withoutLiblouis(t)
	out := t.TempDir()
	code, _, stderr := run(t, "build", repo(t, "content/ahp-mental-health.md"), "--out", out, "--formats", "txt,braille")
	if code != ExitContent {
		t.Fatalf("exit %d, want %d: %s", code, ExitContent, stderr)
	}
	for _, want := range []string{"liblouis", "apt-get install liblouis20 liblouis-data", "[BRAILLE-UNAVAILABLE]"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("message lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "ahp-mental-health")); err == nil {
		t.Error("files were written although the build was refused")
	}
}

// The default build (every format) leaves braille out with one warning and
// writes the rest.
func TestDefaultBuildSkipsBrailleWithoutLiblouis(t *testing.T) {
	withoutLiblouis(t)
	out := t.TempDir()
	code, _, stderr := run(t, "build", repo(t, "content/ahp-mental-health.md"), "--out", out, "--formats", "all")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := strings.Count(stderr, "[BRAILLE-SKIPPED]"); n != 1 {
		t.Errorf("%d skip warnings, want exactly 1:\n%s", n, stderr)
	}
	dir := filepath.Join(out, "ahp-mental-health")
	if _, err := os.Stat(filepath.Join(dir, "ahp-mental-health.txt")); err != nil {
		t.Errorf("the other formats were not written: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ahp-mental-health.brf")); err == nil {
		t.Error("a BRF was written without liblouis")
	}
}

// With liblouis, --formats braille writes the BRF and the PEF.
func TestBuildBraille(t *testing.T) {
	if _, err := louis.Load(); err != nil {
		testutil.Missing(t, err.Error())
	}
	out := t.TempDir()
	code, _, stderr := run(t, "build", repo(t, "content/ahp-mental-health.md"), "--out", out, "--formats", "braille")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"ahp-mental-health.brf", "ahp-mental-health.pef"} {
		fi, err := os.Stat(filepath.Join(out, "ahp-mental-health", name))
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(out, "ahp-mental-health", "*.[bp][re][f]"))
	if len(files) != 2 {
		t.Errorf("%v: want the BRF and the PEF", files)
	}
}

// A pack that lists braille is refused without liblouis, at the formats
// line; one that lists no formats is built without braille, with a warning.
func TestPackBrailleWithoutLiblouis(t *testing.T) {
	withoutLiblouis(t)
	content := packContent(t, "title: Kit\ndocuments: [ahp-mental-health]\nformats: [txt, braille]\n")
	code, _, stderr := run(t, "pack", "kit", "--content", content, "--out", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "kit.yaml:3:10: error: the braille format cannot be written on this machine") ||
		!strings.Contains(stderr, "[BRAILLE-UNAVAILABLE]") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	content = packContent(t, "title: Kit\ndocuments: [ahp-mental-health]\n")
	out := t.TempDir()
	code, _, stderr = run(t, "pack", "kit", "--content", content, "--out", out)
	if code != 0 || strings.Count(stderr, "[BRAILLE-SKIPPED]") != 1 {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if brf, _ := filepath.Glob(filepath.Join(out, "packs", "kit", "*.brf")); len(brf) != 0 {
		t.Errorf("braille in the pack without liblouis: %v", brf)
	}
}
