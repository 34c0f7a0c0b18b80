package build

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Requests over the budget run alone; small ones share it.
func TestMemBudget(t *testing.T) {
	b := newMemBudget(100)
	var inUse, peak atomic.Int64
	var wg sync.WaitGroup
	for _, n := range []int64{500, 60, 60, 30, 10, 500} {
		wg.Add(1)
		go func(n int64) {
			defer wg.Done()
			h := b.acquire(n)
			if v := inUse.Add(h); v > peak.Load() {
				peak.Store(v)
			}
			time.Sleep(5 * time.Millisecond)
			inUse.Add(-h)
			b.release(h)
		}(n)
	}
	wg.Wait()
	if peak.Load() > 100 {
		t.Fatalf("budget exceeded: %d held at once", peak.Load())
	}
	if b.free != 100 {
		t.Fatalf("budget leaked: %d free", b.free)
	}
}
