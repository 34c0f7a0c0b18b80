package build

import (
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

// BenchmarkHeapAtPeak measures the largest live heap (after a collection)
// of the CLI's build pipeline, with the CLI's soft memory limit, on the
// seed × 1000 or on ALTFORMATS_HEAPPEAK_INPUT, and reports it as
// peak-live-MiB. With ALTFORMATS_HEAPPEAK_OUT set it also writes the heap
// profile taken at that peak, for `go tool pprof -sample_index=inuse_space
// -top`. ALTFORMATS_HEAPPEAK_CMD=check runs check instead of build, =render
// only loads and renders (Run).
//
//	ALTFORMATS_HEAPPEAK_OUT=/tmp/peak.pprof go test ./internal/build -run '^$' -bench HeapAtPeak -benchtime 1x
func BenchmarkHeapAtPeak(b *testing.B) {
	in, out := os.Getenv("ALTFORMATS_HEAPPEAK_INPUT"), os.Getenv("ALTFORMATS_HEAPPEAK_OUT")
	if in == "" {
		in = testutil.WriteSeed(b, b.TempDir(), 1000, "seed-x1000", "Seed")
	}
	for i := 0; i < b.N; i++ {
		heapAtPeak(b, in, out)
	}
}

func heapAtPeak(t *testing.B, in, out string) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(176 << 20)) // the CLI's starting limit (internal/cli, defaultMemoryLimit)
	var (
		best   bytes.Buffer
		peakAt time.Duration
	)
	start := time.Now()
	stop := watchLiveHeap(10*time.Millisecond, func(uint64) {
		peakAt = time.Since(start)
		if out != "" {
			best.Reset()
			pprof.Lookup("heap").WriteTo(&best, 0)
		}
	})
	opt := Options{Formats: Available(), Render: render.Options{Theme: render.DefaultTheme(), Paper: doc.A4, Generator: "altformats heappeak"}}
	var res []Result
	switch os.Getenv("ALTFORMATS_HEAPPEAK_CMD") {
	case "check":
		res = Check([]string{in}, opt)
	case "render": // rendering alone, every file kept in memory
		res = Run([]string{in}, opt, nil)
	default:
		res = Documents([]string{in}, t.TempDir(), opt, nil)
	}
	peak := stop() // after it, best and peakAt are the sampler's no more
	if res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("peak live heap %d MiB at %.1f s of %.1f s; heap sys %d MiB", peak>>20, peakAt.Seconds(), time.Since(start).Seconds(), ms.HeapSys>>20)
	t.ReportMetric(float64(peak)/(1<<20), "peak-live-MiB")
	if out == "" {
		return
	}
	if err := os.WriteFile(out, best.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
