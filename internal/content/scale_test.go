package content

import (
	"runtime"
	"strings"
	"testing"
)

// longShapes are the inputs that made parsing quadratic: text runs joined one
// concatenation at a time, so a 1 MB paragraph of short lines took 47 s of
// CPU and `_a ` repeated to 1 MB 120 s.
var longShapes = map[string]func(n int) string{
	"paragraph of short lines": func(n int) string { return strings.Repeat("ab cd\n", n/6) },
	"underscore words":         func(n int) string { return strings.Repeat("_a ", n/3) },
	"star words":               func(n int) string { return strings.Repeat("*a ", n/3) },
	"entity runs":              func(n int) string { return strings.Repeat("a&amp;\\*", n/8) },
	"one long line":            func(n int) string { return strings.Repeat("word ", n/5) },
}

// TestLongParagraphsLinear checks the work is linear by what it allocates, not
// by a clock: doubling the paragraph must about double the bytes allocated
// (joining pairwise made it four times, and 1 MB allocated hundreds of
// gigabytes).
func TestLongParagraphsLinear(t *testing.T) {
	alloc := func(t *testing.T, src []byte) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, ds := Parse("long.md", src, Options{})
		runtime.ReadMemStats(&after)
		if err := ds.Err(); err != nil {
			t.Fatal(err)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	const n = 128 << 10
	for name, shape := range longShapes {
		t.Run(name, func(t *testing.T) {
			a := alloc(t, []byte(fm+shape(n)))
			b := alloc(t, []byte(fm+shape(4*n)))
			if b > 6*a {
				t.Errorf("4× the text allocated %.1f× the bytes (%d MB → %d MB): more than linear", float64(b)/float64(a), a>>20, b>>20)
			}
		})
	}
}

func BenchmarkLongParagraph(b *testing.B) {
	for name, shape := range longShapes {
		src := []byte(fm + shape(1<<20))
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for i := 0; i < b.N; i++ {
				Parse("long.md", src, Options{})
			}
		})
	}
}
