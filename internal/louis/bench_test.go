package louis

import (
	"fmt"
	"strings"
	"testing"
)

const benchSentence = "Allied Health Professionals in mental health work in 14 settings, with people of every age. "

// BenchmarkTranslate: the cost of one call by the length of its text, to
// see the per-call overhead and whether long strings cost more than their length.
func BenchmarkTranslate(b *testing.B) {
	l := lib(b)
	for _, n := range []int{1, 4, 16, 64, 256} {
		text := strings.Repeat(benchSentence, n)
		b.Run(fmt.Sprintf("chars=%d", len(text)), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for i := 0; i < b.N; i++ {
				if _, err := l.Translate(TableUEB2, text, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("word", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := l.Translate(TableUEB2, "health", nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkTranslateParallel: calls from GOMAXPROCS goroutines at once, each
// on its own private copy of liblouis (-cpu 1,2 shows whether they scale).
func BenchmarkTranslateParallel(b *testing.B) {
	l := lib(b)
	text := strings.Repeat(benchSentence, 16)
	b.SetBytes(int64(len(text)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := l.Translate(TableUEB2, text, nil); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
