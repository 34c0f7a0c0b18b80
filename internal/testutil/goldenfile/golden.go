// Package goldenfile compares test output with files in testdata/ and rewrites
// them under -update. It imports nothing of ours, so every package can use it.
package goldenfile

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Update is the -update flag every package's golden tests share:
// `go test ./... -update` rewrites the golden files (refused when CI is set).
var Update = flag.Bool("update", false, "rewrite golden files in testdata/")

// Check compares got with the file at path (relative to the test's package),
// or rewrites it under -update. A missing golden file fails the test.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		if os.Getenv("CI") != "" {
			t.Fatal("-update is refused when CI is set")
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden file %s (run go test -update in its package): %v", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file: %s\n(if the change is intended, run go test -update and review the diff)", path, firstDifference(got, want))
	}
}

// firstDifference describes where two texts part, with a little context, so
// a failure on a one-line XML part does not print the whole file.
func firstDifference(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl == wl {
			continue
		}
		col := 0
		for col < len(gl) && col < len(wl) && gl[col] == wl[col] {
			col++
		}
		return fmt.Sprintf("line %d, column %d\n  got:  %s\n  want: %s", i+1, col+1, excerpt(gl, col), excerpt(wl, col))
	}
	return "lengths differ"
}

func excerpt(s string, col int) string {
	from, to := max(0, col-60), min(len(s), col+80)
	out := s[from:to]
	if from > 0 {
		out = "…" + out
	}
	if to < len(s) {
		out += "…"
	}
	return out
}
