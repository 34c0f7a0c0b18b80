package build

import (
	"math"
	"runtime/debug"
	"sync"

	"github.com/altformats/altformats/internal/doc"
)

// renderMemBudget is the memory the jobs running at once may need together
// when the Go runtime has no soft memory limit (tests, benchmarks, a library
// caller); with one (the CLI sets it) the budget follows it: see buildBudget.
const renderMemBudget = 320 << 20

// modelFactor estimates a loaded document's live heap (the model, its
// plain-English report and diagnostics) as a multiple of its text size:
// 39 MiB at seed ×1000, whose text size is 5.18 MiB.
const modelFactor = 8

// budgetShare is the share of the soft memory limit the build plans to
// fill with live heap (models and running jobs); the rest is the garbage
// collector's room to work in, which the CPU a build takes depends on.
const budgetShare, budgetOf = 3, 4

// minBudget keeps a tiny memory limit from making every job wait for the
// whole budget: below it, jobs simply run one at a time.
const minBudget = 32 << 20

// buildBudget is the memory the jobs running at once may need together
// (their estimates: Format.MemFactor, readBackFactor, ...), given the
// text size of the documents loaded: budgetShare/budgetOf of the Go
// runtime's soft memory limit less what the models hold. A very large
// document then renders and reads back its big formats in turn, and the
// build's live heap stays under the limit, so the collector does not run
// without pause; small documents are far below it and run fully in parallel.
func buildBudget(loadedText int64) int64 {
	limit := debug.SetMemoryLimit(-1)
	if limit == math.MaxInt64 {
		return renderMemBudget
	}
	return max(limit/budgetOf*budgetShare-loadedText*modelFactor, minBudget)
}

// Format.MemFactor estimates a writer's peak memory beyond the model as a
// multiple of the document's text size, its output not included (a build
// writes it straight to disk), from measurements of the seed ×1000 (text
// size 5.18 MiB; live heap at the writer's peak with the output discarded):
// Word 38 MiB (8×: was 90–110 MiB, 22×, with the tree of the whole body
// before document.xml was compressed as it is written), PDF and large
// print 35 MiB each (8×: the layout of one page, the structure tree and the
// fonts; pages are compressed and written as they end), EPUB 30 MiB (6×),
// HTML 19 MiB (4×), braille 20 MiB (4×), text 5 MiB (2×). (Before the PDF
// writer wrote its own objects it took over 400 MiB.)

// outputFactor estimates a format's files as a multiple of the text size,
// for check, which keeps them in memory until they are read back: at seed
// ×1000 PDF 27 MB, large print 32 MB, braille 24 MB (BRF and PEF), HTML and
// text 6 MB, Word and EPUB under 1 MB.
func outputFactor(f Format) int64 {
	switch f.Name {
	case "pdf", "large-print", "braille":
		return 6
	case "html", "txt":
		return 1
	default:
		return 0
	}
}

// readBackFactor estimates, like Format.MemFactor, the memory that reading
// one format's files back needs beyond the model (the file's bytes and what
// the reader builds from them), as a multiple of the document's text size.
// Measured at seed ×1000 (text size 5.4 MB; live heap at the reader's peak,
// the file included): PDF 131 MiB and large print 152 MiB (pdfua's structure
// tree, cross-reference table and page scans), Word 90 MiB (encoding/xml's
// tree of document.xml), HTML 35, EPUB 30, braille 24, text 10. The readers
// now take less (PDF 85 and large print 95 MiB with the file,
// BenchmarkReadPeakPDF, and a build maps the file rather than holding it;
// Word about 30 MiB), but the factors are kept: a build with the CLI's
// memory limit then reads the big files back one at a time, which holds
// seed × 1000 to a live heap of about 120 MiB, and the benchmarks (no
// limit) run them side by side anyway.
func readBackFactor(f Format) int64 {
	switch f.Name {
	case "pdf":
		return 26
	case "large-print":
		return 30
	case "docx":
		return 18
	case "html", "epub", "braille":
		return 7
	default:
		return 2
	}
}

// publishFactor covers what build does once a document's last format is
// read back: files an earlier build left (any format, a PDF at worst) are
// read back too, the reports are made.
const publishFactor = 30

// assembleFactor covers what check does once a document's last format is
// read back: the model's facts compared with each file's.
const assembleFactor = 2

// Job classes, in the order a free worker looks at them: finishing a
// document (it lets the document's memory go), reading a file back (check
// holds the file's bytes until then), rendering.
const (
	classFinish = iota
	classReadBack
	classRender
	numClasses
)

// job is one piece of a build's work and the memory it is expected to need.
type job struct {
	need int64
	run  func()
}

// scheduler runs jobs on a fixed number of workers within a memory budget:
// a free worker takes the first waiting job, in class order then in the
// order jobs were added, whose need fits in what the running jobs leave
// free, so small jobs go on while a large one waits for room. A job needing
// more than the whole budget runs when nothing else runs, rather than never.
// Jobs may add jobs; run returns when none is waiting or running.
type scheduler struct {
	mu      sync.Mutex
	cond    *sync.Cond
	free    int64
	cap     int64
	running int
	queue   [numClasses][]job
	// inUse and peak record what the running jobs hold, for the tests.
	inUse, peak int64
}

func newScheduler(capacity int64) *scheduler {
	s := &scheduler{free: capacity, cap: capacity}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// add queues a job of class c.
func (s *scheduler) add(c int, need int64, run func()) {
	s.mu.Lock()
	s.queue[c] = append(s.queue[c], job{need: min(max(need, 0), s.cap), run: run})
	s.mu.Unlock()
	s.cond.Broadcast()
}

// next takes the job to run now, waiting while none fits; ok is false when
// the work is done.
func (s *scheduler) next() (j job, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		waiting := false
		for c := range s.queue {
			for i, cand := range s.queue[c] {
				waiting = true
				if cand.need <= s.free || s.running == 0 {
					s.queue[c] = append(s.queue[c][:i], s.queue[c][i+1:]...)
					s.free -= cand.need
					s.running++
					s.inUse += cand.need
					s.peak = max(s.peak, s.inUse)
					return cand, true
				}
			}
		}
		if !waiting && s.running == 0 {
			return job{}, false
		}
		s.cond.Wait()
	}
}

func (s *scheduler) done(j job) {
	s.mu.Lock()
	s.free += j.need
	s.inUse -= j.need
	s.running--
	s.mu.Unlock()
	s.cond.Broadcast()
}

// run works through the jobs on n workers until none is left.
func (s *scheduler) run(n int) {
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j, ok := s.next()
				if !ok {
					return
				}
				j.run()
				s.done(j)
			}
		}()
	}
	wg.Wait()
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
