package pack

import (
	"os"
	"path/filepath"
	"testing"
)

// Read and Snapshot are shared by the internal and external tests.
var (
	Read     = read
	Snapshot = snapshot
)

// SetFailWrite lets the external tests (which render through build, and build
// imports pack) inject a write failure.
func SetFailWrite(f func(path string) error) { failWrite = f }

func read(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// snapshot maps every file under dir (relative path) to its bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || e.Name() == MarkerName {
			return err // the ownership marker is no output (owner_test.go tests it)
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(read(t, p))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// WriteOutputs is WriteOutputsChecked without a read-back, as the stage
// tests use it.
func WriteOutputs(outDir, slug string, files []File, known []string) error {
	return WriteOutputsChecked(outDir, slug, files, known, nil)
}
