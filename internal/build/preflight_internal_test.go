package build

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/pack"
	"github.com/altformats/altformats/internal/render"
)

// A pack whose folder holds a file the tool did not write is refused
// before any of its documents is rendered.
func TestRefusedPackIsNotRendered(t *testing.T) {
	src, out := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "one.md"), []byte("---\ntitle: One\nlang: en-GB\nslug: one\n---\n\nText.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	def, err := pack.ParseDef(filepath.Join(src, "packs", "kit.yaml"), []byte("title: Kit\ndocuments:\n  - one\nformats: [count]\n"))
	if err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(out, "packs", "kit", "mine.txt")
	if err := os.MkdirAll(filepath.Dir(foreign), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(foreign, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var renders atomic.Int32
	old := formats
	formats = append(formats[:len(formats):len(formats)], Format{Name: "count", Suffix: ".count", MediaType: "text/plain",
		Label: "count", Render: func(_ *doc.Document, _ render.Options, w io.Writer) error {
			renders.Add(1)
			_, err := io.WriteString(w, "x")
			return err
		}})
	defer func() { formats = old }()
	_, _, err = Pack(def, PackOptions{Options: Options{Root: src}, Out: out})
	var no *pack.NotOwnedError
	if err == nil || !errors.As(err, &no) {
		t.Fatalf("want a NotOwnedError, got %v", err)
	}
	if got := renders.Load(); got != 0 {
		t.Errorf("the writer ran %d times for a refused pack", got)
	}
	if s, _ := filepath.Glob(filepath.Join(out, "packs", ".*.tmp-*")); len(s) != 0 {
		t.Errorf("staging folders left: %v", s)
	}
}
