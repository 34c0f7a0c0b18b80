package pack

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// known is what the build table would give for the slug "doc".
var known = []string{"doc.pdf", "doc-large-print.pdf", "doc.docx", "doc.html", "doc.txt", "doc.epub"}

func mkfile(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// refused asserts err is a refusal naming folder, and that the folder's
// files (before) are exactly as they were.
func refused(t *testing.T, err error, folder string, before map[string]string) {
	t.Helper()
	var no *NotOwnedError
	if !errors.As(err, &no) {
		t.Fatalf("want a refusal naming %s, got %v", folder, err)
	}
	if no.Path != folder || !strings.Contains(err.Error(), folder) {
		t.Errorf("refusal names %s, want %s: %v", no.Path, folder, err)
	}
	after := snapshotAll(t, folder)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("%s changed after a refusal:\nbefore %v\nafter  %v", folder, before, after)
	}
}

// snapshotAll is snapshot with hidden files and folders included (an empty
// folder as "name/").
func snapshotAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if e.IsDir() {
			m[rel+"/"] = ""
			return nil
		}
		b, _ := os.ReadFile(p)
		m[rel] = string(b)
		return nil
	})
	return m
}

// The first data loss: `build docs/src.md --out .` replaced ./src/,
// deleting ./src/lib/lib.go.
func TestWriteOutputsRefusesFolderItDidNotWrite(t *testing.T) {
	out := t.TempDir()
	folder := filepath.Join(out, "doc")
	for _, tc := range []struct {
		name  string
		setup func()
	}{
		{"source tree", func() { mkfile(t, filepath.Join(folder, "lib", "lib.go"), "package lib\n") }},
		{"user file among old outputs", func() {
			mkfile(t, filepath.Join(folder, "doc.pdf"), "old pdf")
			mkfile(t, filepath.Join(folder, "notes.txt"), "mine")
		}},
		{"file added to a marked folder", func() {
			if err := WriteOutputs(out, "doc", []File{{Path: "doc.txt", Data: []byte("txt")}}, known); err != nil {
				t.Fatal(err)
			}
			mkfile(t, filepath.Join(folder, "notes.txt"), "mine")
		}},
		{"folder added to a marked folder", func() {
			if err := WriteOutputs(out, "doc", []File{{Path: "doc.txt", Data: []byte("txt")}}, known); err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Join(folder, "images"), 0o755)
		}},
		{"forged marker that is not ours", func() { mkfile(t, filepath.Join(folder, MarkerName), "my own notes\ndoc.txt\n") }},
		{"a file where the folder goes", func() { mkfile(t, folder, "a file named doc") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.RemoveAll(folder)
			tc.setup()
			before := snapshotAll(t, folder)
			err := WriteOutputs(out, "doc", []File{{Path: "doc.txt", Data: []byte("new")}, {Path: "doc.html", Data: []byte("new")}}, known)
			refused(t, err, folder, before)
			if left := hidden(t, out); len(left) > 0 {
				t.Errorf("a refused build left %v", left)
			}
		})
	}
}

func hidden(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		if strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

// Folders the tool did write are replaced: marked ones, ones from before
// markers (only output names), empty ones; files the OS drops in do not
// make a folder someone else's.
func TestWriteOutputsReplacesItsOwnFolders(t *testing.T) {
	out := t.TempDir()
	folder := filepath.Join(out, "doc")
	for _, tc := range []struct {
		name  string
		setup func()
		want  map[string]string
	}{
		{"written before markers", func() {
			mkfile(t, filepath.Join(folder, "doc.pdf"), "old pdf")
			mkfile(t, filepath.Join(folder, "doc.txt"), "old txt")
		}, map[string]string{"doc.pdf": "old pdf", "doc.txt": "new"}},
		{"empty", func() { os.MkdirAll(folder, 0o755) }, map[string]string{"doc.txt": "new"}},
		{"marked, with OS litter", func() {
			if err := WriteOutputs(out, "doc", []File{{Path: "doc.epub", Data: []byte("epub")}}, known); err != nil {
				t.Fatal(err)
			}
			mkfile(t, filepath.Join(folder, ".DS_Store"), "finder")
		}, map[string]string{"doc.epub": "epub", "doc.txt": "new"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.RemoveAll(folder)
			tc.setup()
			if err := WriteOutputs(out, "doc", []File{{Path: "doc.txt", Data: []byte("new")}}, known); err != nil {
				t.Fatal(err)
			}
			got := snapshot(t, folder)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("folder holds %v, want %v", got, tc.want)
			}
			names, ok, _ := readMarker(folder)
			if !ok || len(names) != len(tc.want) {
				t.Errorf("marker lists %v, want the %d outputs", names, len(tc.want))
			}
		})
	}
}

// The marker depends only on the set of files: two builds give the same bytes.
func TestMarkerIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	WriteOutputs(a, "doc", []File{{Path: "doc.txt", Data: []byte("1")}, {Path: "doc.pdf", Data: []byte("2")}}, known)
	WriteOutputs(b, "doc", []File{{Path: "doc.pdf", Data: []byte("3")}}, known)
	WriteOutputs(b, "doc", []File{{Path: "doc.txt", Data: []byte("4")}}, known)
	ma, mb := read(t, filepath.Join(a, "doc", MarkerName)), read(t, filepath.Join(b, "doc", MarkerName))
	if !bytes.Equal(ma, mb) || !bytes.HasSuffix(ma, []byte("\ndoc.pdf\ndoc.txt\n")) {
		t.Errorf("markers differ or are wrong:\n%s\n%s", ma, mb)
	}
}

// The second data loss: builds with different formats into one
// folder at the same time lost formats (a build carried over the files of
// a folder another build was replacing). Thirty at once must leave every
// format, each the one written.
func TestConcurrentWritesKeepEveryFormat(t *testing.T) {
	for round := 0; round < 10; round++ {
		out := t.TempDir()
		var wg sync.WaitGroup
		errs := make([]error, 30)
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				// build i writes two of the six formats; together they write all
				files := []File{{Path: known[i%6], Data: []byte(known[i%6])}, {Path: known[(i+1)%6], Data: []byte(known[(i+1)%6])}}
				errs[i] = WriteOutputs(out, "doc", files, known)
			}(i)
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, build %d: %v", round, i, err)
			}
		}
		got := snapshot(t, filepath.Join(out, "doc"))
		if len(got) != 6 {
			t.Fatalf("round %d: the folder holds %d of 6 formats: %v", round, len(got), got)
		}
		for name, data := range got {
			if name != data {
				t.Errorf("round %d: %s holds %q", round, name, data)
			}
		}
		if left := hidden(t, out); len(left) > 0 {
			t.Errorf("round %d: leftovers %v", round, left)
		}
	}
}

// txtDoc is a pack document with one plain-text file whose content is tag.
func txtDoc(tag string) Document {
	return Document{Slug: "doc", Title: "Doc", Lang: "en-GB", Files: []File{
		{Path: "doc.txt", Format: "txt", MediaType: "text/plain; charset=utf-8", Lang: "en-GB", Data: []byte(tag)}}}
}

func smallDef() *Def { return &Def{Name: "kit", Title: "Kit"} }

func opts() Options {
	return Options{Modified: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Generator: "altformats test"}
}

// A pack's folder and zip are replaced only when the tool wrote them, so a
// pack never deletes a user's folder or file of the same name.
func TestPackRefusesWhatItDidNotWrite(t *testing.T) {
	out := t.TempDir()
	folder, zipPath := filepath.Join(out, "packs", "kit"), filepath.Join(out, "packs", "kit.zip")
	for _, tc := range []struct {
		name, path string
		setup      func()
	}{
		{"user folder", folder, func() { mkfile(t, filepath.Join(folder, "plan.docx"), "mine") }},
		{"user zip", zipPath, func() { mkfile(t, zipPath, "PK not a zip of ours") }},
		{"file added to a pack", folder, func() {
			if err := Build(smallDef(), []Document{txtDoc("one")}, out, opts()); err != nil {
				t.Fatal(err)
			}
			mkfile(t, filepath.Join(folder, "extra.pdf"), "mine")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.RemoveAll(filepath.Join(out, "packs"))
			tc.setup()
			before := snapshotAll(t, tc.path)
			refused(t, Build(smallDef(), []Document{txtDoc("two")}, out, opts()), tc.path, before)
			if left := hidden(t, filepath.Join(out, "packs")); len(left) > 0 {
				t.Errorf("a refused pack left %v", left)
			}
		})
	}
	t.Run("pack from before markers", func(t *testing.T) {
		os.RemoveAll(filepath.Join(out, "packs"))
		if err := Build(smallDef(), []Document{txtDoc("one")}, out, opts()); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(folder, MarkerName))
		if err := Build(smallDef(), []Document{txtDoc("two")}, out, opts()); err != nil {
			t.Fatalf("a pack folder of the previous version was refused: %v", err)
		}
		if got := string(read(t, filepath.Join(folder, "doc.txt"))); got != "two" {
			t.Errorf("pack holds %q", got)
		}
	})
}

// Packs swap a folder and a zip: under one lock, so concurrent builds of
// different contents always leave a folder and zip of the same build.
func TestConcurrentPacksKeepFolderAndZipTogether(t *testing.T) {
	for round := 0; round < 10; round++ {
		out := t.TempDir()
		var wg sync.WaitGroup
		errs := make([]error, 12)
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				errs[i] = Build(smallDef(), []Document{txtDoc(fmt.Sprintf("build %d", i))}, out, opts())
			}(i)
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, build %d: %v", round, i, err)
			}
		}
		folderManifest := read(t, filepath.Join(out, "packs", "kit", ManifestName))
		if !bytes.Equal(zipManifest(filepath.Join(out, "packs", "kit.zip"), "kit"), folderManifest) {
			t.Fatalf("round %d: the pack's folder and zip come from different builds", round)
		}
	}
}

// TestHelperCrash is not a test: the child process of the crash tests. It
// runs one write with the fallback swap (as on systems without an atomic
// exchange) and exits at the named point, as a kill there would.
func TestHelperCrash(t *testing.T) {
	point, out := os.Getenv("ALTFORMATS_CRASH_AT"), os.Getenv("ALTFORMATS_CRASH_OUT")
	if point == "" {
		t.Skip("helper process for the crash tests")
	}
	exchangeDirs = func(a, b string) error { return errors.New("no exchange here") }
	crashAt = func(p string) {
		if p == point {
			os.Exit(3)
		}
	}
	var err error
	if strings.HasPrefix(point, "pack") {
		err = Build(smallDef(), []Document{txtDoc("new")}, out, opts())
	} else {
		err = WriteOutputs(out, "doc", []File{{Path: "doc.txt", Data: []byte("new")}}, known)
	}
	fmt.Fprintf(os.Stderr, "no crash at %q: %v\n", point, err)
	os.Exit(1)
}

func crashChild(t *testing.T, point, out string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperCrash$")
	cmd.Env = append(os.Environ(), "ALTFORMATS_CRASH_AT="+point, "ALTFORMATS_CRASH_OUT="+out)
	b, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Fatalf("child did not stop at %q: %v\n%s", point, err, b)
	}
}

// The third data loss: the fallback swap (no atomic exchange) moves
// the old folder aside, then renames the new one in; a build killed between
// the two left no folder, and the old copy was deleted 30 minutes later. The
// next build must restore or finish the swap, even one that fails itself.
func TestFallbackSwapKilledIsRecovered(t *testing.T) {
	for _, tc := range []struct {
		point   string
		want    string // doc.txt after recovery
		missing bool   // the kill leaves no folder at all (only the fallback swap can)
	}{
		{"moved aside", "old", true},
		{"swapped", "new", false},
	} {
		t.Run(tc.point, func(t *testing.T) {
			out := t.TempDir()
			folder := filepath.Join(out, "doc")
			if err := WriteOutputs(out, "doc", []File{{Path: "doc.txt", Data: []byte("old")}, {Path: "doc.pdf", Data: []byte("pdf")}}, known); err != nil {
				t.Fatal(err)
			}
			crashChild(t, tc.point, out)
			if _, err := os.Stat(folder); tc.missing != os.IsNotExist(err) {
				t.Fatalf("after the kill: folder missing = %v, want %v", os.IsNotExist(err), tc.missing)
			}
			// The next build fails (a write refused part-way), yet repairs.
			failWrite = func(string) error { return errors.New("injected") }
			err := WriteOutputs(out, "doc", []File{{Path: "doc.html", Data: []byte("html")}}, known)
			failWrite = nil
			if err == nil {
				t.Fatal("the injected failure was not reported")
			}
			got := snapshot(t, folder)
			if len(got) != 2 || got["doc.txt"] != tc.want || got["doc.pdf"] != "pdf" {
				t.Errorf("after recovery the folder holds %v, want doc.txt %q and doc.pdf", got, tc.want)
			}
			if _, err := os.Lstat(asideName(folder)); !os.IsNotExist(err) {
				t.Errorf("the moved-aside folder is still there: %v", err)
			}
		})
	}
}

// A pack build killed between swapping its folder and its zip is finished
// by the next pack build: folder and zip agree again.
func TestPackKilledBetweenFolderAndZipIsFinished(t *testing.T) {
	out := t.TempDir()
	if err := Build(smallDef(), []Document{txtDoc("old")}, out, opts()); err != nil {
		t.Fatal(err)
	}
	crashChild(t, "pack folder swapped", out)
	zipPath := filepath.Join(out, "packs", "kit.zip")
	folderManifest := read(t, filepath.Join(out, "packs", "kit", ManifestName))
	if bytes.Equal(zipManifest(zipPath, "kit"), folderManifest) {
		t.Fatal("the kill did not land between the folder and the zip")
	}
	failWrite = func(string) error { return errors.New("injected") }
	err := Build(smallDef(), []Document{txtDoc("newer")}, out, opts())
	failWrite = nil
	if err == nil {
		t.Fatal("the injected failure was not reported")
	}
	if !bytes.Equal(zipManifest(zipPath, "kit"), folderManifest) {
		t.Error("the next build did not finish the interrupted pack: folder and zip differ")
	}
	if got := string(read(t, filepath.Join(out, "packs", "kit", "doc.txt"))); got != "new" {
		t.Errorf("pack holds %q, want the interrupted build's", got)
	}
}
