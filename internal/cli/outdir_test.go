package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/testutil"
)

// These tests hold the CLI to issue 10's "Data loss" and "Exit codes": the
// tool replaces only folders it wrote, never writes over its content, and
// tells usage mistakes (exit 2, once) from documents it refuses (exit 1),
// with check and build refusing the same documents.

const smallFM = "---\ntitle: Small\nlang: en-GB\n---\n\nA short document.\n"

func put(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// tree records every file and folder under root (a folder as "dir").
func tree(t *testing.T, root string) string {
	t.Helper()
	return fmt.Sprint(snapshot(t, root, ""))
}

// refusal asserts exit 1 with a message carrying code and naming what.
func refusal(t *testing.T, code int, stderr, wantCode, what string) {
	t.Helper()
	if code != 1 {
		t.Fatalf("exit %d, want 1 [%s]\n%s", code, wantCode, stderr)
	}
	if !strings.Contains(stderr, "["+wantCode+"]") || !strings.Contains(stderr, what) {
		t.Errorf("message lacks [%s] or does not name %s:\n%s", wantCode, what, stderr)
	}
}

// The examples, each of which deleted a user's files with exit 0.
func TestBuildNeverReplacesWhatItDidNotWrite(t *testing.T) {
	t.Run("--out holding the document's folder", func(t *testing.T) {
		// altformats build docs/src.md --out . deleted ./src/lib/lib.go
		dir := t.TempDir()
		put(t, filepath.Join(dir, "docs", "src.md"), smallFM)
		put(t, filepath.Join(dir, "src", "lib", "lib.go"), "package lib\n")
		before := tree(t, dir)
		code, e := runCLI(t, "build", filepath.Join(dir, "docs", "src.md"), "--out", dir)
		refusal(t, code, e, "OUT-OVERLAP", dir)
		if tree(t, dir) != before {
			t.Error("files changed")
		}
	})
	t.Run("a folder of the slug's name", func(t *testing.T) {
		dir, out := t.TempDir(), t.TempDir()
		put(t, filepath.Join(dir, "src.md"), smallFM)
		put(t, filepath.Join(out, "src", "lib", "lib.go"), "package lib\n")
		before := tree(t, out)
		code, e := runCLI(t, "build", filepath.Join(dir, "src.md"), "--out", out)
		refusal(t, code, e, "OUT-NOT-OURS", filepath.Join(out, "src"))
		if tree(t, out) != before {
			t.Error("files changed")
		}
	})
	t.Run("--out the content folder", func(t *testing.T) {
		// altformats build content --out content deleted content/guide/images/
		dir := t.TempDir()
		content := filepath.Join(dir, "content")
		put(t, filepath.Join(content, "guide", "index.md"), smallFM)
		put(t, filepath.Join(content, "guide", "images", "chart.png"), "png")
		before := tree(t, dir)
		for _, out := range []string{content, filepath.Join(content, "out"), dir} {
			code, e := runCLI(t, "build", content, "--out", out)
			refusal(t, code, e, "OUT-OVERLAP", out)
			if tree(t, dir) != before {
				t.Fatalf("--out %s: files changed", out)
			}
		}
		// Another spelling of the same folder (a symbolic link) is caught too.
		link := filepath.Join(t.TempDir(), "link")
		if err := os.Symlink(content, link); err != nil {
			t.Fatal(err)
		}
		code, e := runCLI(t, "build", content, "--out", filepath.Join(link, "out"))
		refusal(t, code, e, "OUT-OVERLAP", link)
		code, e = runCLI(t, "pack", "--content", content, "--out", content)
		refusal(t, code, e, "OUT-OVERLAP", content)
		if tree(t, dir) != before {
			t.Error("files changed")
		}
	})
	t.Run("slug packs", func(t *testing.T) {
		// a document with slug: packs deleted every OUT/packs/<pack>/
		content, out := t.TempDir(), t.TempDir()
		put(t, filepath.Join(content, "small.md"), smallFM)
		put(t, filepath.Join(content, "packs", "kit.yaml"), "title: Kit\ndocuments: [small]\nformats: [txt]\n")
		if code, e := runCLI(t, "pack", "kit", "--content", content, "--out", out); code != 0 {
			t.Fatalf("pack: %s", e)
		}
		before := tree(t, out)
		for _, src := range []string{"---\ntitle: P\nlang: en-GB\nslug: packs\n---\n\nText.\n", smallFM} {
			dir := t.TempDir()
			put(t, filepath.Join(dir, "packs.md"), src) // the second takes its slug from the file name
			code, e := runCLI(t, "build", filepath.Join(dir, "packs.md"), "--out", out)
			refusal(t, code, e, "SLUG-RESERVED", "packs")
			if tree(t, out) != before {
				t.Error("packs changed")
			}
		}
	})
	t.Run("two documents, one slug", func(t *testing.T) {
		dir, out := t.TempDir(), t.TempDir()
		put(t, filepath.Join(dir, "a", "same.md"), smallFM)
		put(t, filepath.Join(dir, "b", "same.md"), strings.Replace(smallFM, "A short", "Another", 1))
		code, e := runCLI(t, "build", dir, "--out", out)
		refusal(t, code, e, "SLUG-DUPLICATE", filepath.Join(dir, "a", "same.md"))
	})
	t.Run("the folder it wrote is replaced", func(t *testing.T) {
		dir, out := t.TempDir(), t.TempDir()
		put(t, filepath.Join(dir, "small.md"), smallFM)
		for i := 0; i < 2; i++ {
			if code, e := runCLI(t, "build", filepath.Join(dir, "small.md"), "--out", out, "--formats", "txt"); code != 0 {
				t.Fatalf("build %d: %s", i, e)
			}
		}
		// and one from the previous version (no marker, only output names)
		os.Remove(filepath.Join(out, "small", ".altformats"))
		put(t, filepath.Join(out, "small", "small.pdf"), "old pdf")
		if code, e := runCLI(t, "build", filepath.Join(dir, "small.md"), "--out", out, "--formats", "html"); code != 0 {
			t.Fatalf("a folder of the previous version was refused: %s", e)
		}
		if got := readOutputs(t, filepath.Join(out, "small")); len(got) != 5 {
			t.Errorf("folder holds %d files, want txt, html, the old pdf and the two reports", len(got))
		}
	})
}

// Usage mistakes exit 2 and are reported once, against the argument or
// flag, not once per document.
func TestUsageMistakesExit2Once(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 3; i++ {
		put(t, filepath.Join(dir, "docs", fmt.Sprintf("d%d.md", i)), smallFM)
	}
	docs := filepath.Join(dir, "docs")
	file := filepath.Join(dir, "a-file")
	put(t, file, "x")
	os.MkdirAll(filepath.Join(dir, "empty"), 0o755)
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"build", filepath.Join(dir, "nope.md"), "--out", t.TempDir()}, "nope.md"},
		{[]string{"build", "", "--out", t.TempDir()}, "empty path"},
		{[]string{"build", filepath.Join(dir, "empty"), "--out", t.TempDir()}, "no Markdown documents"},
		{[]string{"check", filepath.Join(dir, "nope")}, "nope"},
		{[]string{"check", ""}, "empty path"},
		{[]string{"build", docs, "--out", ""}, "--out"},
		{[]string{"build", docs, "--out", file}, "--out"},
		{[]string{"build", docs, "--out", filepath.Join(file, "sub")}, "--out"},
		{[]string{"pack", "--out", file}, "--out"},
	} {
		code, e := runCLI(t, tc.args...)
		if code != 2 {
			t.Errorf("%q: exit %d, want 2\n%s", tc.args, code, e)
			continue
		}
		if n := strings.Count(e, tc.says); n != 1 {
			t.Errorf("%q: %q said %d times, want once:\n%s", tc.args, tc.says, n, e)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a-file")); err != nil {
		t.Error(err)
	}
}

// errorLines are the codes of a run's error lines, sorted (an output's
// path differs: build names it under --out, check under its slug).
func errorLines(stderr string) []string {
	var out []string
	re := regexp.MustCompile(`: error: .*\[([A-Z0-9-]+)\]`)
	for _, l := range strings.Split(stderr, "\n") {
		if m := re.FindStringSubmatch(l); m != nil {
			out = append(out, m[1])
		}
	}
	sort.Strings(out)
	return out
}

// TestCheckAgreesWithBuild: check refuses exactly the documents build
// refuses, with the same messages, over the test cases, documents only a
// writer refuses, and the real corpus.
func TestCheckAgreesWithBuild(t *testing.T) {
	type input struct {
		name string
		args []string
		fail bool // must be refused (the cases that once passed check)
	}
	refused := t.TempDir()
	put(t, filepath.Join(refused, "glyph.md"), "---\ntitle: Glyph\nlang: en-GB\n---\n\nA smile 😀 no font has.\n")
	var wide strings.Builder
	wide.WriteString("---\ntitle: Wide\nlang: en-GB\n---\n\n|")
	for i := 0; i < 120; i++ {
		fmt.Fprintf(&wide, " C%d |", i)
	}
	wide.WriteString("\n|" + strings.Repeat("---|", 120) + "\n|" + strings.Repeat(" x |", 120) + "\n")
	put(t, filepath.Join(refused, "wide.md"), wide.String())
	put(t, filepath.Join(refused, "packs.md"), smallFM)
	put(t, filepath.Join(refused, "link.md"), "---\ntitle: L\nlang: en-GB\n---\n\n[click](javascript:alert(1))\n")
	dup := t.TempDir()
	put(t, filepath.Join(dup, "a", "same.md"), smallFM)
	put(t, filepath.Join(dup, "b", "same.md"), smallFM)

	inputs := []input{
		{"kitchen sink", []string{testutil.CasePath(t, "kitchen-sink")}, false},
		{"seed", []string{filepath.Join(testutil.RepoRoot(t), "content")}, false},
		{"glyph", []string{filepath.Join(refused, "glyph.md")}, true},
		{"wide table", []string{filepath.Join(refused, "wide.md")}, true},
		{"wide table, text only", []string{filepath.Join(refused, "wide.md"), "--formats", "txt,html"}, false},
		{"reserved slug", []string{filepath.Join(refused, "packs.md")}, true},
		{"javascript link", []string{filepath.Join(refused, "link.md")}, true},
		{"duplicate slugs", []string{dup}, true},
	}
	corpus := filepath.Join(testutil.RepoRoot(t), "..", "shared", "corpus", "real")
	if dirs, err := os.ReadDir(corpus); err == nil && !testing.Short() {
		for _, d := range dirs {
			if d.IsDir() {
				inputs = append(inputs, input{"corpus " + d.Name(), []string{filepath.Join(corpus, d.Name()), "--lang", "en-GB"}, false})
			}
		}
	} else {
		t.Logf("real corpus not checked: %v (short: %v)", err, testing.Short())
	}
	for _, in := range inputs {
		checkCode, checkErr := runCLI(t, append([]string{"check"}, in.args...)...)
		buildCode, buildErr := runCLI(t, append([]string{"build", "--out", t.TempDir()}, in.args...)...)
		if checkCode != buildCode {
			t.Errorf("%s: check exits %d, build %d\ncheck:\n%s\nbuild:\n%s", in.name, checkCode, buildCode, checkErr, buildErr)
			continue
		}
		if in.fail && checkCode != 1 {
			t.Errorf("%s: exit %d, want 1 from both", in.name, checkCode)
		}
		if c, b := errorLines(checkErr), errorLines(buildErr); fmt.Sprint(c) != fmt.Sprint(b) {
			t.Errorf("%s: check and build report different errors\ncheck: %q\nbuild: %q", in.name, c, b)
		}
	}
}
