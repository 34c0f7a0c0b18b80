package html

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func opts() render.Options {
	return render.Options{
		Theme:     render.DefaultTheme(),
		Modified:  time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
		Generator: "altformats test",
	}
}

func renderPage(t *testing.T, d *doc.Document, po PageOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Page(d, opts(), po, &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if os.Getenv("CI") != "" {
			t.Fatal("refusing -update with CI set")
		}
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden %s (run go test -update): %v", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; inspect with -update and git diff", path)
	}
}

func cases(t *testing.T) map[string]*doc.Document {
	return map[string]*doc.Document{
		"kitchen-sink": testutil.LoadCase(t, "kitchen-sink"),
		"seed":         testutil.Seed(t),
	}
}
