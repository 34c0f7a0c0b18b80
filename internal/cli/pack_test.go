package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// packContent makes a content folder with the seed and a pack definition.
func packContent(t *testing.T, packYAML string) string {
	t.Helper()
	dir := t.TempDir()
	seed, err := os.ReadFile(repo(t, "content/ahp-mental-health.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "packs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ahp-mental-health.md"), seed, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "packs", "kit.yaml"), []byte(packYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

const kitYAML = "title: Kit\ndocuments: [ahp-mental-health]\nformats: [txt, html, epub]\nnote: A note.\n"

func TestPackCommandBuildsShippedPack(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := run(t, "pack", "employer-toolkit", "--content", repo(t, "content"), "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"index.html", "README.txt", "manifest.json", "ahp-mental-health.pdf",
		"ahp-mental-health-large-print.pdf", "ahp-mental-health.docx", "ahp-mental-health.html",
		"ahp-mental-health.txt", "ahp-mental-health.epub"} {
		if fi, err := os.Stat(filepath.Join(out, "packs", "employer-toolkit", name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "packs", "employer-toolkit.zip")); err != nil {
		t.Error(err)
	}
}

func TestPackZipHonoursSourceDateEpoch(t *testing.T) {
	content := packContent(t, kitYAML)
	zipOf := func(epoch string) []byte {
		t.Setenv("SOURCE_DATE_EPOCH", epoch)
		out := t.TempDir()
		if code, _, stderr := run(t, "pack", "--content", content, "--out", out); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "packs", "kit.zip"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b, c := zipOf("1767225600"), zipOf("1767225600"), zipOf("1767312000")
	if !bytes.Equal(a, b) {
		t.Error("two pack runs gave different zips")
	}
	if bytes.Equal(a, c) {
		t.Error("SOURCE_DATE_EPOCH does not change the zip's timestamps")
	}
}

func TestPackFailureKeepsEarlierPack(t *testing.T) {
	content := packContent(t, kitYAML)
	out := t.TempDir()
	if code, _, stderr := run(t, "pack", "kit", "--content", content, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	zipPath := filepath.Join(out, "packs", "kit.zip")
	before, _ := os.ReadFile(zipPath)
	index := filepath.Join(out, "packs", "kit", "index.html")
	beforeIndex, _ := os.ReadFile(index)

	// The document gains an image without alt text: it no longer builds.
	doc := filepath.Join(content, "ahp-mental-health.md")
	src, _ := os.ReadFile(doc)
	if err := os.WriteFile(doc, append(src, []byte("\n![](missing.png)\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, "pack", "kit", "--content", content, "--out", out)
	if code != 1 || !strings.Contains(stderr, "ahp-mental-health.md:") || !strings.Contains(stderr, "earlier packs were left") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	after, _ := os.ReadFile(zipPath)
	afterIndex, _ := os.ReadFile(index)
	if !bytes.Equal(before, after) || !bytes.Equal(beforeIndex, afterIndex) {
		t.Error("a failed pack build changed the earlier pack")
	}
	if left, _ := filepath.Glob(filepath.Join(out, "packs", ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestPackDefinitionErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"title: Kit\ndocuments: [ahp-mental-health]\nformats: [pdf, mp3]\n", `kit.yaml:3:10: error: unknown format "mp3"`},
		{"title: Kit\ndocuments: [no-such-doc]\n", `kit.yaml:2:13: error: no document in`},
		{"title: Kit\ndocuments: [other.md]\n", `kit.yaml:2:13: error: document`},
		{"title: Kit\ndocument: [x]\n", `kit.yaml:2:1: error: unknown key "document"`},
		{"title: Kit\ndocuments: [ahp-mental-health]\npaper: A3\n", `kit.yaml:3:8: error: paper "A3" is not a paper size [PACK-DEF] (hint: use A4, A5 or Letter)`},
	} {
		content := packContent(t, tc.yaml)
		code, _, stderr := run(t, "pack", "kit", "--content", content, "--out", t.TempDir())
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr:\n%s\nwant %q", tc.yaml, code, stderr, tc.want)
		}
		for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
			if strings.HasPrefix(l, "altformats:") {
				continue
			}
			if !diagLine.MatchString(l) {
				t.Errorf("not a diagnostic line: %q", l)
			}
		}
	}
}

func TestPackUnknownNameIsUsageError(t *testing.T) {
	code, _, stderr := run(t, "pack", "nope", "--content", packContent(t, kitYAML), "--out", t.TempDir())
	if code != 2 || !strings.Contains(stderr, "packs: kit") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// A failing document's warnings print once (they printed twice: once as the
// pack's warnings and again inside its error).
func TestPackPrintsEachDiagnosticOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "packs"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "---\ntitle: T\nlang: en\nowner_slack: x\n---\n# T\n\n![](missing.png)\n"
	if err := os.WriteFile(filepath.Join(dir, "w.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "packs", "q.yaml"), []byte("title: Q\ndocuments: [w]\nformats: [txt]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, "pack", "--content", dir, "--out", t.TempDir())
	if code != ExitContent {
		t.Fatalf("exit %d, want %d: %s", code, ExitContent, stderr)
	}
	for _, c := range []string{"[META-UNKNOWN]", "[IMG-MISSING]"} {
		if n := strings.Count(stderr, c); n != 1 {
			t.Errorf("%s printed %d times:\n%s", c, n, stderr)
		}
	}
}
