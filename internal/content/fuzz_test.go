package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

// FuzzParse feeds arbitrary bytes to the loader: it must never panic, and a
// document without errors must have a title, a language and a slug.
func FuzzParse(f *testing.F) {
	for _, p := range seedFiles(f) {
		if b, err := os.ReadFile(p); err == nil && len(b) < 1<<20 {
			f.Add(b)
		}
	}
	f.Add([]byte(fm + "[a]{lang=cy} [b\n]{lang=x} ![x](a.png) > [!NOTE]\n"))
	f.Add([]byte("---\ntitle: [\n---\n"))
	readImg := func(string) ([]byte, error) { return nil, fs.ErrNotExist }
	f.Fuzz(func(t *testing.T, src []byte) {
		d, ds := Parse("fuzz.md", src, Options{Root: "/fuzz", ReadFile: readImg})
		if d == nil {
			if !ds.HasErrors() {
				t.Fatalf("no document and no error")
			}
			return
		}
		_ = doc.Dump(d)
		if d.Meta.Slug == "" {
			t.Fatalf("empty slug")
		}
	})
}

// seedFiles lists Markdown inputs: our cases, the seed, and the shared corpus
// (real documents plus pandoc's and CommonMark's test suites) when present.
func seedFiles(tb testing.TB) []string {
	var out []string
	for _, root := range []string{"../testdata/cases", "../../content", "../../../shared/corpus"} {
		filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return filepath.SkipDir
				}
				return nil
			}
			if !e.IsDir() && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".txt")) {
				out = append(out, p)
			}
			return nil
		})
	}
	return out
}
