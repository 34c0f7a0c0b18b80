package cli

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestNextMemoryLimit(t *testing.T) {
	const M = 1 << 20
	for _, c := range []struct{ live, limit, want int64 }{
		{40 * M, 176 * M, 176 * M},  // a small build: unchanged
		{154 * M, 176 * M, 176 * M}, // at seven eighths: unchanged
		{156 * M, 176 * M, 208 * M}, // above: the live heap is three quarters again
		{300 * M, 176 * M, 384 * M}, // never above the ceiling
		{100 * M, 300 * M, 300 * M}, // never lowered
		{500 * M, 384 * M, 384 * M}, // at the ceiling: stays
		{0, defaultMemoryLimit, defaultMemoryLimit},
	} {
		if got := nextMemoryLimit(c.live, c.limit); got != c.want {
			t.Errorf("live %d MiB, limit %d MiB: got %d MiB, want %d MiB", c.live/M, c.limit/M, got/M, c.want/M)
		}
	}
}

// The watch raises the process's limit once the live heap passes seven
// eighths of it: 200 MiB held live under a 176 MiB limit must lift it to
// at least four thirds of that within a few collections.
func TestMemoryLimitFollowsTheLiveHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("holds 200 MiB")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(defaultMemoryLimit))
	adaptMemoryLimit()
	hold := make([]byte, 200<<20)
	for i := 0; i < len(hold); i += 4096 {
		hold[i] = 1
	}
	want := int64(len(hold)) / 3 * 4
	deadline := time.Now().Add(5 * time.Second)
	for debug.SetMemoryLimit(-1) < want {
		if time.Now().After(deadline) {
			t.Fatalf("limit %d MiB with %d MiB live, want at least %d MiB", debug.SetMemoryLimit(-1)>>20, len(hold)>>20, want>>20)
		}
		runtime.GC()
		time.Sleep(60 * time.Millisecond)
	}
	runtime.KeepAlive(hold)
}
