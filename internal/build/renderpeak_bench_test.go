package build

import (
	"io"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

// BenchmarkRenderPeak reports each writer's peak live heap on the seed ×
// 1000 (the model included, reported apart as model-MiB), writing to
// io.Discard as a build writes straight into its file: the measurements
// behind Format.MemFactor. The heap is sampled every 5 ms, so a shorter
// peak can be missed.
//
//	go test ./internal/build -run '^$' -bench RenderPeak -benchtime 1x
func BenchmarkRenderPeak(b *testing.B) {
	d := loadSized(b, 1000)
	for _, f := range Available() {
		b.Run("format="+f.Name, func(b *testing.B) {
			var peak, model uint64
			for i := 0; i < b.N; i++ {
				runtime.GC()
				model = liveHeap()
				stop := watchLiveHeap(5*time.Millisecond, nil)
				var err error
				if f.RenderFiles != nil {
					ws := make([]io.Writer, 1+len(f.Also))
					for j := range ws {
						ws[j] = io.Discard
					}
					err = f.RenderFiles(d, benchRenderOptions(d), ws)
				} else {
					err = f.Render(d, benchRenderOptions(d), io.Discard)
				}
				peak = max(peak, stop())
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-live-MiB")
			b.ReportMetric(float64(model)/(1<<20), "model-MiB")
		})
	}
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// watchLiveHeap samples the live heap every interval, from now until the
// returned stop is called, which returns the largest value seen. risen,
// when set, is called from the sampler each time that value rises, with
// it (a benchmark takes a heap profile there).
func watchLiveHeap(every time.Duration, risen func(uint64)) (stop func() uint64) {
	var peak uint64
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		for {
			select {
			case <-done:
				return
			case <-time.After(every):
			}
			if v := liveHeap(); v > peak {
				peak = v
				if risen != nil {
					risen(v)
				}
			}
		}
	}()
	return func() uint64 { close(done); <-finished; return peak }
}
