package build_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// countingFormat is a format whose writer only counts its calls: evidence
// of whether anything was rendered.
func countingFormat(n *atomic.Int32) build.Format {
	return build.Format{Name: "count", Suffix: ".count", MediaType: "text/plain", Label: "count",
		Render: func(_ *doc.Document, _ render.Options, w io.Writer) error {
			n.Add(1)
			_, err := io.WriteString(w, "x")
			return err
		}}
}

func writeDoc(t *testing.T, dir, slug string) string {
	t.Helper()
	p := filepath.Join(dir, slug+".md")
	src := "---\ntitle: " + slug + "\nlang: en-GB\nslug: " + slug + "\n---\n\nSome text.\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// stages lists the staging folders left or made in dir.
func stages(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A document whose output folder the tool would refuse to replace is
// refused before anything is rendered or staged; the other documents of the
// build are rendered and written as usual.
func TestRefusedFolderIsNotRendered(t *testing.T) {
	src, out := t.TempDir(), t.TempDir()
	mine, theirs := writeDoc(t, src, "mine"), writeDoc(t, src, "theirs")
	foreign := filepath.Join(out, "theirs", "notes.txt")
	if err := os.MkdirAll(filepath.Dir(foreign), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(foreign, []byte("someone's notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	var renders atomic.Int32
	opt := build.Options{Root: src, Formats: []build.Format{countingFormat(&renders)}, Jobs: 1}
	res := build.Documents([]string{mine, theirs}, out, opt, nil)
	if res[0].Err != nil || res[0].Written == 0 {
		t.Fatalf("mine: err %v, written %d", res[0].Err, res[0].Written)
	}
	if res[1].Err == nil || !strings.Contains(res[1].Err.Error(), "OUT-NOT-OURS") {
		t.Fatalf("theirs: want OUT-NOT-OURS, got %v", res[1].Err)
	}
	if got := renders.Load(); got != 1 {
		t.Errorf("the writer ran %d times; want 1 (the refused document must not be rendered)", got)
	}
	if len(res[1].Outputs) != 0 {
		t.Errorf("the refused document has %d outputs", len(res[1].Outputs))
	}
	if b, err := os.ReadFile(foreign); err != nil || string(b) != "someone's notes" {
		t.Errorf("the foreign file changed: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(out, "mine", "mine.count")); err != nil {
		t.Errorf("the other document was not written: %v", err)
	}
	if s := stages(t, out); len(s) != 0 {
		t.Errorf("staging folders left: %v", s)
	}
}
