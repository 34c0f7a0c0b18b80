package testutil

import (
	"path/filepath"
	"testing"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/doc"
)

// CasePath is the path of internal/testdata/cases/<name>.md.
func CasePath(t testing.TB, name string) string {
	return filepath.Join(RepoRoot(t), "internal", "testdata", "cases", name+".md")
}

// LoadCase loads internal/testdata/cases/<name>.md and fails the test on any
// error diagnostic.
func LoadCase(t testing.TB, name string) *doc.Document {
	t.Helper()
	return LoadFile(t, CasePath(t, name))
}

// Seed loads the seed document, content/ahp-mental-health.md.
func Seed(t testing.TB) *doc.Document {
	t.Helper()
	return LoadFile(t, filepath.Join(RepoRoot(t), "content", "ahp-mental-health.md"))
}

// LoadFile loads any document, failing the test on error diagnostics.
func LoadFile(t testing.TB, path string) *doc.Document {
	t.Helper()
	d, _, err := content.Load(path, content.Options{Root: filepath.Dir(path)})
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	return d
}

// Cases are the two documents every writer is tested on: the kitchen sink
// (every node type) and the seed page.
func Cases(t testing.TB) map[string]*doc.Document {
	t.Helper()
	return map[string]*doc.Document{"kitchen-sink": LoadCase(t, "kitchen-sink"), "seed": Seed(t)}
}
