package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestPackDoesNotHangOnSpecialFile: one FIFO named like a document anywhere
// in content/ made `pack` (and `build content`) block for ever. It is now
// refused at once, with its path.
func TestPackDoesNotHangOnSpecialFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs on Windows")
	}
	content := packContent(t, kitYAML)
	fifo := filepath.Join(content, "notes", "pipe.md")
	os.MkdirAll(filepath.Dir(fifo), 0o755)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("cannot make a FIFO:", err)
	}
	type result struct {
		code   int
		stderr string
	}
	for _, args := range [][]string{
		{"pack", "kit", "--content", content, "--out", t.TempDir()},
		{"build", content, "--out", t.TempDir(), "--formats", "txt"},
	} {
		done := make(chan result, 1)
		go func() {
			code, _, stderr := run(t, args...)
			done <- result{code, stderr}
		}()
		select {
		case r := <-done:
			// pack builds only its own documents; build takes the whole folder
			if args[0] == "build" && (r.code == 0 || !strings.Contains(r.stderr, "pipe.md") || !strings.Contains(r.stderr, "SRC-SPECIAL")) {
				t.Errorf("%s: exit %d, stderr:\n%s", args[0], r.code, r.stderr)
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("%s hangs on a FIFO in the content folder", args[0])
		}
	}
}
