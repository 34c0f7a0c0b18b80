package pack

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// lockExcludes runs goroutines that each take lock and check no other
// holder is inside at the same time.
func lockExcludes(t *testing.T, lock func() (func(), error)) {
	t.Helper()
	var inside, overlaps atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				unlock, err := lock()
				if err != nil {
					t.Error(err)
					return
				}
				if inside.Add(1) > 1 {
					overlaps.Add(1)
				}
				time.Sleep(time.Millisecond)
				inside.Add(-1)
				unlock()
			}
		}()
	}
	wg.Wait()
	if n := overlaps.Load(); n > 0 {
		t.Errorf("%d times two holders were inside the lock at once", n)
	}
}

// The OS lock alone (without the in-process mutex) excludes holders in one
// process too: flock belongs to each open of the folder.
func TestOSLockExcludes(t *testing.T) {
	dir := t.TempDir()
	lockExcludes(t, func() (func(), error) { return osLock(dir) })
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Errorf("the lock left files in the output folder: %v", es)
	}
}

// The lock-file fallback (systems with no advisory lock) excludes too, and
// takes over a lock file a killed build left once it is stale.
func TestExclLock(t *testing.T) {
	dir := t.TempDir()
	lockExcludes(t, func() (func(), error) { return exclLock(dir) })
	p := filepath.Join(dir, lockName)
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * exclStaleAfter)
	os.Chtimes(p, old, old)
	done := make(chan struct{})
	go func() {
		unlock, err := exclLock(dir)
		if err == nil {
			unlock()
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a stale lock file was never taken over")
	}
}
