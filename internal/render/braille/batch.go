package braille

import (
	"strings"
	"sync"
	"sync/atomic"
)

// Translation is most of the cost of braille (liblouis's UEB grade 2 runs
// at about 1 µs of CPU a character), so Layout runs in two passes: the
// first lays the document out with a recorder that only notes every text
// it would translate; those texts, each once, are translated across the
// translator's copies (louis.Library runs one call per private copy of
// liblouis at once); the second pass lays out for real from the results.
// The braille is the same bytes whatever the number of copies: each text's
// translation depends on the text alone.

// request is one call the layout makes.
type request struct {
	table, text string
	typeform    string // the typeform entries as a string (a map key)
}

func makeRequest(table, text string, typeform []uint16) request {
	r := request{table: table, text: text}
	if typeform != nil {
		var sb strings.Builder
		sb.Grow(len(typeform) * 2)
		for _, v := range typeform {
			sb.WriteByte(byte(v))
			sb.WriteByte(byte(v >> 8))
		}
		r.typeform = sb.String()
	}
	return r
}

func (r request) typeforms() []uint16 {
	if r.typeform == "" {
		return nil
	}
	tf := make([]uint16, len(r.typeform)/2)
	for i := range tf {
		tf[i] = uint16(r.typeform[2*i]) | uint16(r.typeform[2*i+1])<<8
	}
	return tf
}

// recorder notes each distinct request and answers with a stand-in of the
// same length (one cell a character), so the first pass lays out as the
// second will call.
type recorder struct {
	seen  map[request]bool
	order []request
}

func (r *recorder) Translate(table, text string, typeform []uint16) (string, error) {
	q := makeRequest(table, text, typeform)
	if !r.seen[q] {
		r.seen[q] = true
		r.order = append(r.order, q)
	}
	return strings.Repeat("a", len([]rune(text))), nil
}

// translated answers from the batch's results, and asks the translator
// for anything the first pass did not foresee.
type translated struct {
	tr   Translator
	done map[request]string
}

func (c *translated) Translate(table, text string, typeform []uint16) (string, error) {
	if b, ok := c.done[makeRequest(table, text, typeform)]; ok {
		return b, nil
	}
	return c.tr.Translate(table, text, typeform)
}

// parallel is a translator that can run this many calls at once.
type parallel interface {
	Copies() int
}

// translateAll translates the requests, on as many goroutines as the
// translator has copies; the first error stops the rest.
func translateAll(tr Translator, reqs []request) (map[request]string, error) {
	workers := 1
	if p, ok := tr.(parallel); ok {
		workers = max(1, min(p.Copies(), len(reqs)))
	}
	out := make([]string, len(reqs))
	var next atomic.Int64
	var failed atomic.Bool
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= len(reqs) {
					return
				}
				q := reqs[i]
				b, err := tr.Translate(q.table, q.text, q.typeforms())
				if err != nil {
					once.Do(func() { firstErr = err })
					failed.Store(true)
					return
				}
				out[i] = b
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	done := make(map[request]string, len(reqs))
	for i, q := range reqs {
		done[q] = out[i]
	}
	return done, nil
}
