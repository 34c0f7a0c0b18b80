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

// A stage takes files as their writers make them, from several goroutines;
// nothing shows at the destination until Publish, and the check sees every
// file in the stage.
func TestStageStreamsFilesThenPublishes(t *testing.T) {
	out := t.TempDir()
	if err := WriteOutputs(out, "doc", []File{{Path: "doc.pdf", Data: []byte("old pdf")}, {Path: "doc.txt", Data: []byte("old txt")}}, known); err != nil {
		t.Fatal(err)
	}
	s, err := NewStage(out, "doc")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	done := make(chan error)
	for _, name := range []string{"doc.pdf", "doc.html"} {
		go func() {
			f, err := s.Create(name)
			if err != nil {
				done <- err
				return
			}
			for i := 0; i < 1000; i++ {
				if _, err := f.Write([]byte(name + " part\n")); err != nil {
					done <- err
					return
				}
			}
			done <- f.Close()
		}()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Create("doc.pdf"); err == nil {
		t.Error("a second doc.pdf was accepted")
	}
	if got := snapshot(t, filepath.Join(out, "doc")); got["doc.pdf"] != "old pdf" || got["doc.html"] != "" {
		t.Fatalf("the stage showed before it was published: %v", got)
	}
	var sawCarried []string
	err = s.Publish(known, func(stage string, carried []string) ([]File, error) {
		sawCarried = carried
		b, err := os.ReadFile(filepath.Join(stage, "doc.html"))
		if err != nil || len(b) != 1000*len("doc.html part\n") {
			t.Errorf("the check read %d bytes of doc.html, %v", len(b), err)
		}
		return []File{{Path: "report.json", Data: []byte("{}")}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, filepath.Join(out, "doc"))
	if len(got) != 4 || got["doc.txt"] != "old txt" || got["report.json"] != "{}" || len(got["doc.pdf"]) != 1000*len("doc.pdf part\n") {
		t.Errorf("published folder: %d files, txt %q", len(got), got["doc.txt"])
	}
	if len(sawCarried) != 1 || sawCarried[0] != "doc.txt" {
		t.Errorf("carried over %v, want [doc.txt]", sawCarried)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("leftovers beside the output folder: %v", entries)
	}
}

// An aborted stage leaves nothing behind and the old folder as it was.
func TestStageAbortLeavesNothing(t *testing.T) {
	out := t.TempDir()
	s, err := NewStage(out, "doc")
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.Create("doc.pdf")
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("half"))
	s.Abort()
	f.Close()
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	if err := s.Publish(known, nil); err == nil {
		t.Error("an aborted stage was published")
	}
}
