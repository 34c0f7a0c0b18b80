package cli

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// The Go runtime's soft memory limit, unless GOMEMLIMIT is set: the
// collector works harder as the heap nears it, and never fails for it.
//
// A build starts at defaultMemoryLimit: seed × 1000 (5.6 MB, every format,
// every file read back) keeps its live heap under about 120 MiB, so it
// peaks near 235 MiB resident (the heap, plus the program and the file
// being read back, mapped from disk), and a small build far lower. An
// input whose live heap comes near the limit (very many small blocks, up
// to the block limit) would make the collector run without pause, so the
// limit is raised as the live heap grows (nextMemoryLimit), up to
// maxMemoryLimit: 64 MiB below the 448 MiB the README states for the whole
// process, leaving room for what the Go heap does not count (stacks, the
// runtime, liblouis, mapped files).
const (
	defaultMemoryLimit = 176 << 20
	maxMemoryLimit     = 384 << 20
)

// nextMemoryLimit is the limit to set when the live heap (after the last
// collection) is live and the limit is limit: unchanged while the live
// heap stays under seven eighths of it (the collector then still frees an
// eighth of the limit, 22 MiB at the start, between collections), else
// raised so the live heap is three quarters of it, never above
// maxMemoryLimit and never lowered.
func nextMemoryLimit(live, limit int64) int64 {
	if live*8 <= limit*7 || limit >= maxMemoryLimit {
		return limit
	}
	return min(max(live/3*4, limit), maxMemoryLimit)
}

// adaptMemoryLimit starts, once per process, the watch that raises the
// limit as the live heap grows (nextMemoryLimit); it reads the runtime's
// metrics every 50 ms, which costs nothing a build would notice.
var adaptMemoryLimit = sync.OnceFunc(func() {
	go func() {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for range time.Tick(50 * time.Millisecond) {
			metrics.Read(s)
			if s[0].Value.Kind() != metrics.KindUint64 {
				return
			}
			limit := debug.SetMemoryLimit(-1)
			if next := nextMemoryLimit(int64(s[0].Value.Uint64()), limit); next != limit {
				debug.SetMemoryLimit(next)
			}
		}
	}()
})
