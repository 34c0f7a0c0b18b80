package build

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

// The benchmarks measure what issue 7 sets targets for: the seed page and the
// seed body repeated 10, 100 and 1000 times, per format and as a whole build,
// and many documents built serially and in parallel. Sub-benchmark names are
// key=value so benchstat can put sizes or job counts side by side, e.g.
//
//	go test ./internal/build -run '^$' -bench . -benchmem -count 6 > new.txt
//	benchstat -col /size old.txt new.txt
//
// README.md ("Performance") records the figures measured on this machine.

var benchSizes = []int{1, 10, 100, 1000}

// benchDocs caches loaded documents per size so the per-format benchmarks
// time only the writer; building ×1000 once is enough for the whole run.
var (
	benchDocsMu sync.Mutex
	benchDocs   = map[int]*doc.Document{}
)

func loadSized(b *testing.B, n int) *doc.Document {
	b.Helper()
	benchDocsMu.Lock()
	defer benchDocsMu.Unlock()
	if d := benchDocs[n]; d != nil {
		return d
	}
	// Not b.TempDir: the document outlives this sub-benchmark in the cache,
	// and the loader has read everything it needs by the time it returns.
	dir, err := os.MkdirTemp("", "altformats-bench-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	p := testutil.WriteSeed(b, dir, n, fmt.Sprintf("seed-x%d", n), fmt.Sprintf("Seed page repeated %d times", n))
	d, ds, err := Load(p, Options{})
	if err != nil {
		b.Fatalf("load ×%d: %v\n%v", n, err, ds)
	}
	benchDocs[n] = d
	return d
}

// writable is every format this machine can write (braille needs liblouis).
func writable(tb testing.TB) []Format {
	return Available()
}

func benchRenderOptions(d *doc.Document) render.Options {
	return render.Options{
		Theme:     render.DefaultTheme(),
		Paper:     doc.A4,
		Modified:  ModifiedTime(d.Meta),
		Generator: "altformats bench",
	}
}

// reportCPU adds cpu-ns/op (user + system time of the process per
// operation, all threads, GC included) next to the wall-clock ns/op.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkRender times each writer alone on an already loaded document.
func BenchmarkRender(b *testing.B) {
	for _, f := range Formats() {
		b.Run("format="+f.Name, func(b *testing.B) {
			if f.Requires != nil {
				if err := f.Requires(); err != nil {
					b.Skipf("skipping: %v", err)
				}
			}
			for _, n := range benchSizes {
				b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
					d := loadSized(b, n)
					o := benchRenderOptions(d)
					b.ReportAllocs()
					b.ResetTimer()
					cpu0 := processCPU()
					var bytesOut int
					for i := 0; i < b.N; i++ {
						outs, err := renderOne(d, f, o, nil)
						if err != nil {
							b.Fatal(err)
						}
						bytesOut = 0
						for _, out := range outs {
							bytesOut += len(out.Data)
						}
					}
					reportCPU(b, cpu0)
					b.ReportMetric(float64(bytesOut), "out-bytes")
				})
			}
		})
	}
}

// BenchmarkLoad times reading, parsing and checking (no writer).
func BenchmarkLoad(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
			p := testutil.WriteSeed(b, b.TempDir(), n, fmt.Sprintf("seed-x%d", n), "Seed")
			fi, err := os.Stat(p)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(fi.Size())
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := processCPU()
			for i := 0; i < b.N; i++ {
				if _, ds, err := Load(p, Options{}); err != nil {
					b.Fatalf("%v\n%v", err, ds)
				}
			}
			reportCPU(b, cpu0)
		})
	}
}

// BenchmarkBuild is what `altformats build FILE` does apart from writing the
// files: load, check and every format, through Run.
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
			p := testutil.WriteSeed(b, b.TempDir(), n, fmt.Sprintf("seed-x%d", n), "Seed")
			fi, err := os.Stat(p)
			if err != nil {
				b.Fatal(err)
			}
			opt := Options{Formats: writable(b), Render: render.Options{Theme: render.DefaultTheme(), Paper: doc.A4, Generator: "altformats bench"}}
			b.SetBytes(fi.Size())
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := processCPU()
			for i := 0; i < b.N; i++ {
				res := Run([]string{p}, opt, nil)
				if res[0].Err != nil {
					b.Fatal(res[0].Err)
				}
			}
			reportCPU(b, cpu0)
		})
	}
}

// writeMany writes n small documents (the seed with distinct slugs).
func writeMany(tb testing.TB, dir string, n int) []string {
	tb.Helper()
	paths := make([]string, n)
	for i := range paths {
		paths[i] = testutil.WriteSeed(tb, dir, 1, fmt.Sprintf("doc-%03d", i), fmt.Sprintf("Document %d", i))
	}
	return paths
}

// BenchmarkManyDocs builds 200 documents in every format with one job and
// with the default (GOMAXPROCS) jobs.
func BenchmarkManyDocs(b *testing.B) {
	paths := writeMany(b, b.TempDir(), 200)
	for _, jobs := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("docs=200/jobs=%d", jobs), func(b *testing.B) {
			opt := Options{Formats: writable(b), Jobs: jobs, Render: render.Options{Theme: render.DefaultTheme(), Paper: doc.A4, Generator: "altformats bench"}}
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := processCPU()
			for i := 0; i < b.N; i++ {
				for _, r := range Run(paths, opt, nil) {
					if r.Err != nil {
						b.Fatal(r.Err)
					}
				}
			}
			reportCPU(b, cpu0)
		})
	}
}

// TestParallelBuildMatchesSerial: building many documents on several workers
// must give exactly the bytes a one-job build gives, in the same order. Jobs
// is forced above 1 so the test means something on a one-core machine too.
func TestParallelBuildMatchesSerial(t *testing.T) {
	const n = 40
	paths := writeMany(t, t.TempDir(), n)
	base := Options{Formats: writable(t), Render: render.Options{Theme: render.DefaultTheme(), Paper: doc.A4, Generator: "altformats test"}}
	serialOpt, parallelOpt := base, base
	serialOpt.Jobs = 1
	parallelOpt.Jobs = max(4, runtime.GOMAXPROCS(0))
	serial := Run(paths, serialOpt, nil)
	parallel := Run(paths, parallelOpt, nil)
	if len(serial) != n || len(parallel) != n {
		t.Fatalf("got %d serial and %d parallel results for %d documents", len(serial), len(parallel), n)
	}
	for i := range serial {
		s, p := serial[i], parallel[i]
		if s.Err != nil || p.Err != nil {
			t.Fatalf("%s: serial err %v, parallel err %v", paths[i], s.Err, p.Err)
		}
		if s.Path != paths[i] || p.Path != paths[i] {
			t.Fatalf("result %d is for %s (serial) / %s (parallel), want %s", i, s.Path, p.Path, paths[i])
		}
		if want := FileCount(base.Formats); len(s.Outputs) != want || len(p.Outputs) != len(s.Outputs) {
			t.Fatalf("%s: %d serial and %d parallel outputs, want %d", paths[i], len(s.Outputs), len(p.Outputs), want)
		}
		for j := range s.Outputs {
			so, po := s.Outputs[j], p.Outputs[j]
			if so.Name != po.Name || so.Format.Name != po.Format.Name {
				t.Errorf("%s output %d: serial %s (%s), parallel %s (%s)", paths[i], j, so.Name, so.Format.Name, po.Name, po.Format.Name)
			}
			if len(so.Data) == 0 {
				t.Errorf("%s: %s is empty", paths[i], so.Name)
			}
			if !bytes.Equal(so.Data, po.Data) {
				t.Errorf("%s: %s differs between the serial and the parallel build (%d vs %d bytes)", paths[i], so.Name, len(so.Data), len(po.Data))
			}
		}
	}
}

// TestSeedGenerator keeps the generated inputs honest: ×N really holds N
// copies of the body, with unique heading ids, and still passes the checks.
func TestSeedGenerator(t *testing.T) {
	dir := t.TempDir()
	d1, _, err := Load(testutil.WriteSeed(t, dir, 1, "one", "One"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	d3, _, err := Load(testutil.WriteSeed(t, dir, 3, "three", "Three"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(d3.Blocks), 3*len(d1.Blocks); got != want {
		t.Errorf("×3 has %d top-level blocks, want %d", got, want)
	}
	ids := map[string]bool{}
	doc.Walk(d3, func(n any) bool {
		if h, ok := n.(*doc.Heading); ok {
			if ids[h.ID] {
				t.Errorf("heading id %q repeats in the ×3 document", h.ID)
			}
			ids[h.ID] = true
		}
		return true
	})
	if len(ids) == 0 {
		t.Error("no headings found in the ×3 document")
	}
}
