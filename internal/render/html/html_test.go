package html

import (
	"bytes"
	"github.com/altformats/altformats/internal/testutil/goldenfile"
	"path/filepath"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

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
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

func cases(t *testing.T) map[string]*doc.Document {
	return map[string]*doc.Document{
		"kitchen-sink": testutil.LoadCase(t, "kitchen-sink"),
		"seed":         testutil.Seed(t),
	}
}
