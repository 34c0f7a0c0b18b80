package build

import (
	"sync"

	"github.com/altformats/altformats/internal/doc"
)

// renderMemBudget bounds the memory that the renders running at once are
// expected to need, so a very large document (thousands of pages) renders its
// big formats one after another instead of all at once, and the whole build
// stays within about 512 MiB. Small documents are far below it and run fully
// in parallel.
const renderMemBudget = 320 << 20

// Format.MemFactor estimates a writer's peak memory as a multiple of the
// document's text size, from measurements of the seed ×1000 (5.6 MB of
// Markdown, a text size of 5.4 MB): Word peaked near 260 MiB (40×), the others
// near 150 MiB (20×), the loaded model included. Each PDF writer now adds
// 100–140 MiB of live heap at its peak (it was over 400 MiB, which made the
// two PDFs take turns); 28× lets the two run side by side on a huge document:
// the whole ×1000 build measured 4.6–5.2 s wall and 456–483 MiB peak RSS that
// way, against 6.9–7.6 s in turn (internal/build/PERFORMANCE.md).

// readBackFactor estimates, like Format.MemFactor, the memory that writing a
// document's files and reading every one back needs beyond the model: at
// seed ×1000 the read-back's live heap grew by up to ~470 MiB while pdfcpu
// held a parsed PDF (text size 5.4 MB, so ~87×), clamped to the budget:
// a huge document is read back with nothing rendering beside it.
const readBackFactor = 64

// memBudget is a counting semaphore over bytes. A request larger than the
// whole budget is clamped to it, so it runs alone rather than never.
type memBudget struct {
	mu   sync.Mutex
	cond *sync.Cond
	free int64
	cap  int64
}

func newMemBudget(capacity int64) *memBudget {
	b := &memBudget{free: capacity, cap: capacity}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *memBudget) acquire(n int64) int64 {
	n = min(max(n, 0), b.cap)
	b.mu.Lock()
	for b.free < n {
		b.cond.Wait()
	}
	b.free -= n
	b.mu.Unlock()
	return n
}

func (b *memBudget) release(n int64) {
	b.mu.Lock()
	b.free += n
	b.mu.Unlock()
	b.cond.Broadcast()
}

// textSize is the number of bytes of text and images in a document: a cheap
// proxy for how much memory its renders need.
func textSize(d *doc.Document) int64 {
	var n int64
	doc.Walk(d, func(x any) bool {
		switch t := x.(type) {
		case *doc.Text:
			n += int64(len(t.Text))
		case *doc.Code:
			n += int64(len(t.Text))
		case *doc.CodeBlock:
			n += int64(len(t.Text))
		case *doc.Image:
			n += int64(len(t.Data)) / 8 // compressed pixels weigh less than laid-out text
		}
		return true
	})
	return n
}
