package pack_test

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/pack"
)

func TestReadMappedGivesTheFile(t *testing.T) {
	dir := t.TempDir()
	for _, want := range [][]byte{{}, []byte("x"), bytes.Repeat([]byte("altformats "), 100_000)} {
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := pack.ReadMapped(p, func(b []byte) []byte { return bytes.Clone(b) })
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("read %d bytes, want %d", len(got), len(want))
		}
	}
	if _, err := pack.ReadMapped(filepath.Join(dir, "missing"), func([]byte) int { return 0 }); !os.IsNotExist(err) {
		t.Fatalf("missing file: %v", err)
	}
}

// A file that shrinks while it is mapped makes reading past its new end
// fault: that is an error naming the file, not a crash.
func TestReadMappedFaultIsAnError(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the fault is Linux's SIGBUS on a mapping past the end of its file")
	}
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, bytes.Repeat([]byte("a"), 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := pack.ReadMapped(p, func(b []byte) byte {
		if err := os.Truncate(p, 0); err != nil {
			t.Error(err)
		}
		return b[len(b)-1]
	})
	if err == nil || !strings.Contains(err.Error(), "changed while it was read") {
		t.Fatalf("err %v, want the fault as an error", err)
	}
	// Other panics are not swallowed.
	defer func() {
		if recover() == nil {
			t.Error("a panic in read was swallowed")
		}
	}()
	pack.ReadMapped(p, func([]byte) int { panic("boom") })
}
