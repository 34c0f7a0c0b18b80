package cli

import "testing"

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
