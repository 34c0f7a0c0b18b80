package pack

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWriteOutputsStagesAndKeepsOtherFormats(t *testing.T) {
	out := t.TempDir()
	first := []File{{Path: "doc.pdf", Data: []byte("pdf 1")}, {Path: "doc.html", Data: []byte("html 1")}}
	if err := WriteOutputs(out, "doc", first, known); err != nil {
		t.Fatal(err)
	}
	// A later build of one format replaces it and keeps the other.
	if err := WriteOutputs(out, "doc", []File{{Path: "doc.pdf", Data: []byte("pdf 2")}}, known); err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, filepath.Join(out, "doc"))
	if len(got) != 2 || got["doc.pdf"] != "pdf 2" || got["doc.html"] != "html 1" {
		t.Errorf("folder holds %v", got)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("leftovers beside the output folder: %v", entries)
	}
	if fi, err := os.Stat(filepath.Join(out, "doc")); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("folder mode %v %v", fi, err)
	}
}

func TestWriteOutputsFailureKeepsEarlierFolder(t *testing.T) {
	out := t.TempDir()
	if err := WriteOutputs(out, "doc", []File{{Path: "doc.pdf", Data: []byte("good pdf")}, {Path: "doc.txt", Data: []byte("good txt")}}, known); err != nil {
		t.Fatal(err)
	}
	failWrite = func(p string) error {
		if strings.HasSuffix(p, ".txt") {
			return errors.New("injected")
		}
		return nil
	}
	defer func() { failWrite = nil }()
	err := WriteOutputs(out, "doc", []File{{Path: "doc.pdf", Data: []byte("new pdf")}, {Path: "doc.txt", Data: []byte("new txt")}}, known)
	if err == nil {
		t.Fatal("write succeeded despite the injected failure")
	}
	got := snapshot(t, filepath.Join(out, "doc"))
	if len(got) != 2 || got["doc.pdf"] != "good pdf" || got["doc.txt"] != "good txt" {
		t.Errorf("earlier outputs changed: %v", got)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("leftovers beside the output folder: %v", entries)
	}
}

func TestWriteOutputsRefusesEscapes(t *testing.T) {
	out := t.TempDir()
	for _, tc := range []struct {
		slug string
		path string
	}{{"../x", "a.txt"}, {".hidden", "a.txt"}, {"ok", "../a.txt"}, {"ok", "/abs.txt"}, {"ok", `a\b.txt`}, {"ok", "a/./b"}} {
		if err := WriteOutputs(out, tc.slug, []File{{Path: tc.path, Data: []byte("x")}}, nil); err == nil {
			t.Errorf("slug %q path %q accepted", tc.slug, tc.path)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("something was written: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "a.txt")); err == nil {
		t.Error("a file escaped the output folder")
	}
}

// A staging folder left by a killed build is removed by a later build once it
// is old; a fresh one (a build running now) is left alone.
func TestStaleStagesRemoved(t *testing.T) {
	out := t.TempDir()
	stale := filepath.Join(out, ".doc.tmp-111")
	fresh := filepath.Join(out, ".doc.tmp-222")
	for _, d := range []string{stale, fresh} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * staleAfter)
	os.Chtimes(stale, long, long)
	if err := WriteOutputs(out, "doc", []File{{Path: "doc.txt", Data: []byte("x")}}, known); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale staging folder left behind")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a fresh staging folder (another build's) was removed")
	}
}
