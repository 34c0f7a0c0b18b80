package cli_test

import (
	"testing"

	"github.com/altformats/altformats/internal/build"
)

// builtFiles is how many files a build of every format writes for one
// document on this machine: each writable format's files (braille only with
// liblouis) and the two reports.
func builtFiles(t *testing.T) int {
	t.Helper()
	fs, _, err := build.Writable(build.Formats(), false)
	if err != nil {
		t.Fatal(err)
	}
	n := 2
	for _, f := range fs {
		n += 1 + len(f.Also)
	}
	return n
}
