package build

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

// recordSched records renderAll's steps while f runs; tests using it must
// not run in parallel with other builds.
func recordSched(t *testing.T, f func()) []schedEvent {
	t.Helper()
	var mu sync.Mutex
	var evs []schedEvent
	traceSched = func(e schedEvent) {
		mu.Lock()
		evs = append(evs, e)
		mu.Unlock()
	}
	defer func() { traceSched = nil }()
	f()
	return evs
}

func eventIndex(evs []schedEvent, kind, format string) int {
	for i, e := range evs {
		if e.Kind == kind && e.Format == format {
			return i
		}
	}
	return -1
}

func pipelineFormats(t *testing.T, names ...string) []Format {
	t.Helper()
	fs, err := LookupFormats(names)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// Each format's files are read back as soon as that format is rendered,
// ahead of the formats still waiting, and the document is finished after
// its last read-back. With one worker the order is exact.
func TestReadBackFollowsEachRender(t *testing.T) {
	names := []string{"pdf", "docx", "html", "txt", "epub"}
	p := testutil.WriteSeed(t, t.TempDir(), 1, "order", "Order")
	opt := Options{Formats: pipelineFormats(t, names...), Jobs: 1, Render: render.Options{Generator: "altformats test"}}
	for _, cmd := range []string{"build", "check"} {
		t.Run(cmd, func(t *testing.T) {
			var res []Result
			evs := recordSched(t, func() {
				if cmd == "build" {
					res = Documents([]string{p}, t.TempDir(), opt, nil)
				} else {
					res = Check([]string{p}, opt)
				}
			})
			if res[0].Err != nil {
				t.Fatal(res[0].Err)
			}
			// render X, rendered X, readback X for each format (largest
			// render first), then the finish
			if len(evs) != 3*len(names)+1 || evs[len(evs)-1].Kind != "finish" {
				t.Fatalf("steps: %v", evs)
			}
			seen := map[string]bool{}
			for i := 0; i < len(evs)-1; i += 3 {
				f := evs[i].Format
				if evs[i].Kind != "render" || evs[i+1] != (schedEvent{Kind: "rendered", Format: f}) || evs[i+2].Kind != "readback" || evs[i+2].Format != f {
					t.Fatalf("step %d: %v, %v, %v: want the render of a format, then its read-back", i, evs[i], evs[i+1], evs[i+2])
				}
				seen[f] = true
			}
			for _, n := range names {
				if !seen[n] {
					t.Errorf("%s never rendered: %v", n, evs)
				}
			}
			largest := opt.Formats[0]
			for _, f := range opt.Formats {
				if f.MemFactor > largest.MemFactor {
					largest = f
				}
			}
			if evs[0].Format != largest.Name {
				t.Errorf("first render %s, want %s (the largest, first of the table's among equals)", evs[0].Format, largest.Name)
			}
		})
	}
}

// With two workers, the first format rendered is read back while the later
// formats render: its read-back starts before the last render ends.
func TestReadBackOverlapsRendering(t *testing.T) {
	names := []string{"pdf", "large-print", "docx", "html", "txt", "epub"}
	p := testutil.WriteSeed(t, t.TempDir(), 1, "overlap", "Overlap")
	opt := Options{Formats: pipelineFormats(t, names...), Jobs: 2, Render: render.Options{Generator: "altformats test"}}
	evs := recordSched(t, func() {
		if r := Documents([]string{p}, t.TempDir(), opt, nil)[0]; r.Err != nil {
			t.Fatal(r.Err)
		}
	})
	first, lastRendered := -1, -1
	for i, e := range evs {
		if e.Kind == "readback" && first < 0 {
			first = i
		}
		if e.Kind == "rendered" {
			lastRendered = i
		}
	}
	if first < 0 || first > lastRendered {
		t.Errorf("the first read-back (step %d) did not start before the last render ended (step %d): %v", first, lastRendered, evs)
	}
}

// build writes each file straight into the staging folder: no file is held
// in memory when it is read back, the staged file is complete by then, and
// the result keeps no bytes. check, which writes nothing, reads back the
// bytes it holds and then drops them.
func TestBuildStreamsFilesToTheStage(t *testing.T) {
	names := []string{"pdf", "html", "txt", "epub"}
	p := testutil.WriteSeed(t, t.TempDir(), 2, "streamed", "Streamed")
	out := t.TempDir()
	opt := Options{Formats: pipelineFormats(t, names...), Jobs: 2, Render: render.Options{Generator: "altformats test"}}
	staged := map[string]int64{}
	var mu sync.Mutex
	var res []Result
	evs := recordSched(t, func() {
		prev := traceSched
		traceSched = func(e schedEvent) {
			prev(e)
			if e.Kind != "readback" {
				return
			}
			// the file is already in the document's staging folder
			m, _ := filepath.Glob(filepath.Join(out, ".streamed.tmp-*", "streamed"+formatSuffix(t, e.Format)))
			if len(m) != 1 {
				t.Errorf("%s: read back before it was staged (%v)", e.Format, m)
				return
			}
			fi, err := os.Stat(m[0])
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			staged[e.Format] = fi.Size()
			mu.Unlock()
		}
		res = Documents([]string{p}, out, opt, nil)
	})
	if res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	for _, e := range evs {
		if e.Kind == "readback" && e.Held != 0 {
			t.Errorf("%s: %d bytes held in memory at its read-back, want none (written straight to the stage)", e.Format, e.Held)
		}
	}
	for _, o := range res[0].Outputs {
		if o.Data != nil {
			t.Errorf("%s: the result keeps %d bytes", o.Name, len(o.Data))
		}
		fi, err := os.Stat(filepath.Join(out, "streamed", o.Name))
		if err != nil {
			t.Fatal(err)
		}
		if staged[o.Format.Name] != fi.Size() || fi.Size() == 0 {
			t.Errorf("%s: %d bytes staged at its read-back, %d published", o.Name, staged[o.Format.Name], fi.Size())
		}
	}
	// check: the bytes are in memory until read back, then dropped
	var cres []Result
	cevs := recordSched(t, func() { cres = Check([]string{p}, opt) })
	for _, e := range cevs {
		if e.Kind == "readback" && e.Held == 0 {
			t.Errorf("check: %s read back with no bytes", e.Format)
		}
	}
	for _, o := range cres[0].Outputs {
		if o.Data != nil {
			t.Errorf("check: %s: the result keeps %d bytes", o.Name, len(o.Data))
		}
	}
}

func formatSuffix(t *testing.T, name string) string {
	for _, f := range Formats() {
		if f.Name == name {
			return f.Suffix
		}
	}
	t.Fatalf("no format %s", name)
	return ""
}

// A writer that refuses the document leaves no staging folder behind,
// though the formats rendered before it were staged and read back.
func TestRefusedDocumentLeavesNoStage(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "refused.md")
	src := "---\ntitle: Refused\nlang: en-GB\n---\n\n# Refused\n\nText first.\n\nA smile 😀 no PDF font has.\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	opt := Options{Formats: pipelineFormats(t, "html", "txt", "pdf"), Jobs: 1, Render: render.Options{Generator: "altformats test"}}
	var res []Result
	evs := recordSched(t, func() { res = Documents([]string{p}, out, opt, nil) })
	if res[0].Err == nil {
		t.Fatal("the PDF writer accepted a character no font has")
	}
	// pdf renders first (the largest) and refuses: the formats rendered
	// after it are not read back
	if i := eventIndex(evs, "rendered", "pdf"); i != 1 || eventIndex(evs, "readback", "html") >= 0 || eventIndex(evs, "rendered", "html") < 0 {
		t.Errorf("steps: %v", evs)
	}
	if !res[0].Diags.HasErrors() || res[0].Written != 0 {
		t.Errorf("written %d, diagnostics %v", res[0].Written, res[0].Diags)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		t.Errorf("left in --out: %s", e.Name())
	}
}

// build (staged, read back as rendered, published) gives the same folders,
// byte for byte, and the same diagnostics with one worker as with several.
func TestParallelDocumentsMatchSerial(t *testing.T) {
	paths := writeMany(t, t.TempDir(), 8)
	base := Options{Formats: writable(t), Render: render.Options{Theme: render.DefaultTheme(), Generator: "altformats test"}}
	outs := map[int]string{}
	diags := map[int][]string{}
	for _, jobs := range []int{1, 4} {
		opt := base
		opt.Jobs = jobs
		out := t.TempDir()
		outs[jobs] = out
		for _, r := range Documents(paths, out, opt, nil) {
			if r.Err != nil {
				t.Fatalf("jobs=%d: %s: %v", jobs, r.Path, r.Err)
			}
			for _, d := range r.Diags {
				diags[jobs] = append(diags[jobs], d.Error())
			}
		}
	}
	if len(diags[1]) != len(diags[4]) {
		t.Fatalf("%d diagnostics with one job, %d with four", len(diags[1]), len(diags[4]))
	}
	for i := range diags[1] {
		if diags[1][i] != diags[4][i] {
			t.Errorf("diagnostic %d: %q with one job, %q with four", i, diags[1][i], diags[4][i])
		}
	}
	files := 0
	err := filepath.WalkDir(outs[1], func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(outs[1], p)
		a, _ := os.ReadFile(p)
		b, err := os.ReadFile(filepath.Join(outs[4], rel))
		if err != nil || string(a) != string(b) {
			t.Errorf("%s differs between one job and four (%v)", rel, err)
		}
		files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := 8 * (FileCount(base.Formats) + 3); files != want { // + two reports and the ownership marker
		t.Errorf("%d files published, want %d", files, want)
	}
}
