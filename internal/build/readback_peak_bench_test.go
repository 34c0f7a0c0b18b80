package build

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/check/pdfua"
)

// BenchmarkReadPeakPDF measures the largest live heap while one PDF of
// the seed ×N is read back (pdfua.Read), as read-peak-MiB: what Read holds
// at its peak on top of what was live before it, plus the file itself (the
// build holds the file while reading it). The collector runs at
// GOGC=10 meanwhile, so the live heap is sampled every few percent of growth
// rather than once per doubling.
//
//	go test ./internal/build -run '^$' -bench 'ReadPeakPDF/.*/size=1000' -benchtime 1x
func BenchmarkReadPeakPDF(b *testing.B) {
	for _, name := range []string{"pdf", "large-print"} {
		f := lookupFormat(b, name)
		for _, n := range []int{100, 1000} {
			b.Run(fmt.Sprintf("format=%s/size=%d", name, n), func(b *testing.B) {
				data := renderedFile(b, f, n)
				worst := 0.0
				for i := 0; i < b.N; i++ {
					if mib := readPeakMiB(b, data); mib > worst {
						worst = mib
					}
				}
				b.ReportMetric(worst, "read-peak-MiB")
			})
		}
	}
}

// readPeakMiB reads data back once and returns Read's peak live heap above
// the heap live before it, plus len(data), in MiB.
func readPeakMiB(b *testing.B, data []byte) float64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	base := liveHeap()
	stop := watchLiveHeap(time.Millisecond, nil)
	r, err := pdfua.Read(data)
	peak := max(stop(), base)
	if err != nil {
		b.Fatal(err)
	}
	if len(r.Findings) != 0 {
		b.Fatalf("findings: %v", r.Findings)
	}
	// The result is part of what Read costs: it stays live until here.
	runtime.KeepAlive(r)
	return float64(peak-base+uint64(len(data))) / (1 << 20)
}
