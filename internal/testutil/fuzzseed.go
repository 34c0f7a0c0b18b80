package testutil

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzSeeds returns Markdown inputs for the writers' fuzz targets: our test
// cases, the documents in content/, and the shared corpus when it is present
// (the real documents, pandoc's test suite, and each example of the
// CommonMark spec as its own seed, with and without front matter, since a
// short focused input mutates far better than a 200 KB file).
//
// Files over 16 KB are left out: a fuzzer spends its time re-running every
// seed for coverage first, and the big real documents have their own test.
// Under plain go test (no -fuzz) the seeds are only run as regression
// inputs, so only every eighth CommonMark example is kept, to keep go test
// ./... quick.
func FuzzSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	return FuzzSeedsEvery(tb, 1)
}

// FuzzSeedsEvery is FuzzSeeds keeping only every nth CommonMark example,
// for targets whose every run is slow (PDF): the fuzzer first re-runs every
// seed, and that baseline must not eat the whole fuzzing time.
func FuzzSeedsEvery(tb testing.TB, every int) [][]byte {
	tb.Helper()
	fuzzing := false
	if fl := flag.Lookup("test.fuzz"); fl != nil && fl.Value.String() != "" {
		fuzzing = true
	}
	if !fuzzing {
		every = max(every, 8)
	}
	root := RepoRoot(tb)
	var out [][]byte
	for _, dir := range []string{
		filepath.Join(root, "internal", "testdata", "cases"),
		filepath.Join(root, "content"),
		filepath.Join(root, "..", "shared", "corpus", "real"),
		filepath.Join(root, "..", "shared", "corpus", "suites"),
	} {
		filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return filepath.SkipDir
				}
				return nil
			}
			if e.IsDir() || !(strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".txt")) {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil || len(b) > 1<<20 {
				return nil
			}
			if filepath.Base(p) == "commonmark-spec.txt" {
				for i, ex := range CommonMarkExamples(b) {
					if i%every == 0 {
						out = append(out, []byte(ex), []byte(seedFrontMatter+ex))
					}
				}
				return nil
			}
			if len(b) > 16<<10 {
				return nil
			}
			out = append(out, b)
			return nil
		})
	}
	return out
}

const seedFrontMatter = "---\ntitle: Fuzz\nlang: en-GB\n---\n\n"

// CommonMarkExamples splits the CommonMark spec into the Markdown half of
// each example block, with the spec's → turned back into a tab.
func CommonMarkExamples(spec []byte) []string {
	const fence = "```````````````````````````````` example"
	var out []string
	s := string(spec)
	for {
		i := strings.Index(s, fence)
		if i < 0 {
			return out
		}
		s = s[i+len(fence):]
		if j := strings.IndexByte(s, '\n'); j >= 0 {
			s = s[j+1:]
		}
		if strings.HasPrefix(s, ".\n") { // an example with empty input
			out = append(out, "")
			continue
		}
		end := strings.Index(s, "\n.\n")
		if end < 0 {
			return out
		}
		out = append(out, strings.ReplaceAll(s[:end+1], "→", "\t"))
		s = s[end:]
	}
}

// FuzzImage returns a small valid PNG for fuzz targets' image reader stub,
// so image references render instead of failing as missing.
func FuzzImage(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(RepoRoot(tb), "internal", "testdata", "cases", "images", "chart.png"))
	if err != nil {
		tb.Fatalf("fuzz image: %v", err)
	}
	return b
}
