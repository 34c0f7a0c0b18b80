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
	mine, theirs, more := writeDoc(t, src, "mine"), writeDoc(t, src, "theirs"), writeDoc(t, src, "more")
	foreign := filepath.Join(out, "theirs", "notes.txt")
	if err := os.MkdirAll(filepath.Dir(foreign), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(foreign, []byte("someone's notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	var renders atomic.Int32
	opt := build.Options{Root: src, Formats: []build.Format{countingFormat(&renders)}, Jobs: 2}
	res := build.Documents([]string{mine, theirs, more}, out, opt, nil)
	for _, i := range []int{0, 2} {
		if res[i].Err != nil || res[i].Written == 0 {
			t.Fatalf("%s: err %v, written %d", res[i].Path, res[i].Err, res[i].Written)
		}
	}
	if res[1].Err == nil || !strings.Contains(res[1].Err.Error(), "OUT-NOT-OURS") {
		t.Fatalf("theirs: want OUT-NOT-OURS, got %v", res[1].Err)
	}
	if got := renders.Load(); got != 2 {
		t.Errorf("the writer ran %d times; want 2 (the refused document must not be rendered)", got)
	}
	if len(res[1].Outputs) != 0 {
		t.Errorf("the refused document has %d outputs", len(res[1].Outputs))
	}
	if b, err := os.ReadFile(foreign); err != nil || string(b) != "someone's notes" {
		t.Errorf("the foreign file changed: %q, %v", b, err)
	}
	for _, slug := range []string{"mine", "more"} {
		if b, err := os.ReadFile(filepath.Join(out, slug, slug+".count")); err != nil || string(b) != "x" {
			t.Errorf("%s was not written: %q, %v", slug, b, err)
		}
	}
	if s := stages(t, out); len(s) != 0 {
		t.Errorf("staging folders left: %v", s)
	}
}

// Each document is written as soon as it is rendered, not after every
// document is: with one job, the first document's folder is complete when
// the second is rendered, and its bytes and model are let go once written.
func TestDocumentWrittenBeforeNextRendered(t *testing.T) {
	src, out := t.TempDir(), t.TempDir()
	first, second := writeDoc(t, src, "first"), writeDoc(t, src, "second")
	var seenFirst atomic.Bool
	f := build.Format{Name: "probe", Suffix: ".probe", MediaType: "text/plain", Label: "probe",
		Render: func(d *doc.Document, _ render.Options, w io.Writer) error {
			if d.Meta.Slug == "second" {
				_, err := os.Stat(filepath.Join(out, "first", "first.probe"))
				seenFirst.Store(err == nil)
			}
			_, err := io.WriteString(w, d.Meta.Slug)
			return err
		}}
	res := build.Documents([]string{first, second}, out, build.Options{Root: src, Formats: []build.Format{f}, Jobs: 1}, nil)
	for _, r := range res {
		if r.Err != nil || r.Written != 3 {
			t.Fatalf("%s: err %v, written %d", r.Path, r.Err, r.Written)
		}
		if len(r.Outputs) != 1 || r.Outputs[0].Data != nil || r.Outputs[0].Name != r.Doc.Meta.Slug+".probe" {
			t.Errorf("%s: outputs %+v: want the name kept and the bytes dropped", r.Path, r.Outputs)
		}
		if len(r.Doc.Blocks) != 0 || r.Doc.Meta.Title == "" {
			t.Errorf("%s: the model's blocks are kept after writing (or its meta lost)", r.Path)
		}
	}
	if !seenFirst.Load() {
		t.Error("the first document was not yet written when the second was rendered")
	}
}
