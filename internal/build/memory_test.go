package build

import (
	"math"
	"runtime/debug"
	"sync"
	"testing"
	"time"
)

// Jobs never hold more than the budget together; a job over the budget runs
// alone; a small job goes ahead of a large one that has to wait for room.
func TestSchedulerBudget(t *testing.T) {
	s := newScheduler(100)
	var mu sync.Mutex
	var order []int64
	var inUse, peak, alone int64
	add := func(c int, n int64) {
		s.add(c, n, func() {
			mu.Lock()
			order = append(order, n)
			inUse += min(n, 100)
			peak = max(peak, inUse)
			if n > 100 && inUse == 100 {
				alone++
			}
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
			mu.Lock()
			inUse -= min(n, 100)
			mu.Unlock()
		})
	}
	for _, n := range []int64{70, 60, 20, 500, 10} {
		add(classRender, n)
	}
	s.run(2)
	if peak > 100 || s.peak > 100 {
		t.Fatalf("budget exceeded: %d (scheduler: %d) held at once", peak, s.peak)
	}
	if alone != 1 {
		t.Errorf("the job over the budget ran beside another")
	}
	if s.free != 100 || s.running != 0 {
		t.Fatalf("budget leaked: %d free, %d running", s.free, s.running)
	}
	// 70 runs; 60 does not fit beside it, 20 does: it goes first.
	if order[0] != 70 || order[1] != 20 {
		t.Errorf("order %v: want 70 then 20 (60 waits for room)", order)
	}
}

// A job added by a running job, of an earlier class, runs before the
// waiting jobs of later classes.
func TestSchedulerClasses(t *testing.T) {
	s := newScheduler(100)
	var order []string
	var mu sync.Mutex
	log := func(x string) { mu.Lock(); order = append(order, x); mu.Unlock() }
	s.add(classRender, 10, func() {
		log("render 1")
		s.add(classReadBack, 10, func() {
			log("read back 1")
			s.add(classFinish, 10, func() { log("finish") })
		})
	})
	s.add(classRender, 10, func() { log("render 2") })
	s.run(1)
	want := []string{"render 1", "read back 1", "finish", "render 2"}
	if len(order) != len(want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v", order, want)
		}
	}
}

// The budget follows the soft memory limit, less the loaded models; without
// a limit it is the fixed default.
func TestBuildBudgetFollowsMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(old)
	if got := buildBudget(1 << 20); got != renderMemBudget {
		t.Errorf("no limit: budget %d MiB, want %d", got>>20, renderMemBudget>>20)
	}
	debug.SetMemoryLimit(400 << 20)
	if got, want := buildBudget(0), int64(300<<20); got != want {
		t.Errorf("limit 400 MiB: budget %d MiB, want %d", got>>20, want>>20)
	}
	if got, want := buildBudget(10<<20), int64(300<<20-10<<20*modelFactor); got != want {
		t.Errorf("limit 400 MiB, 10 MiB of text: budget %d MiB, want %d", got>>20, want>>20)
	}
	debug.SetMemoryLimit(16 << 20)
	if got := buildBudget(10 << 20); got != minBudget {
		t.Errorf("tiny limit: budget %d MiB, want the minimum %d", got>>20, minBudget>>20)
	}
}
