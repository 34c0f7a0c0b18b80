package braille

import (
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

// longestCall wraps a translator and notes the longest text it was given.
type longestCall struct {
	Translator
	mu      sync.Mutex
	longest int
	calls   int
}

func (l *longestCall) Translate(table, text string, typeform []uint16) (string, error) {
	l.mu.Lock()
	l.longest = max(l.longest, len([]rune(text)))
	l.calls++
	l.mu.Unlock()
	if typeform != nil && len(typeform) != len([]rune(text)) {
		panic("typeform and text differ in length")
	}
	return l.Translator.Translate(table, text, typeform)
}

func oneParagraph(text string) *doc.Document {
	pos := doc.Pos{File: "long.md", Line: 5, Col: 1}
	return &doc.Document{
		Source:       "long.md",
		Meta:         doc.Meta{Title: "Long", Lang: "en-GB", Slug: "long"},
		TitleInlines: []doc.Inline{&doc.Text{Pos: pos, Text: "Long"}},
		Blocks:       []doc.Block{&doc.Paragraph{Pos: pos, Inlines: []doc.Inline{&doc.Text{Pos: pos, Text: text}}}},
	}
}

// TestLongRunTranslatedInPieces: liblouis's memory grows with the text of one
// call, outside Go's heap (a paragraph of one 4,000,000-character word peaked
// at 478 MB), so a paragraph longer than maxTranslate goes to the translator
// in pieces no longer than that, cut after a space where there is one, and
// the braille is the same as one call would give; an ordinary paragraph is
// one call.
func TestLongRunTranslatedInPieces(t *testing.T) {
	for name, text := range map[string]string{
		"words":      strings.Repeat("word ", 4*maxTranslate/5),
		"one word":   strings.Repeat("x", 4*maxTranslate+7),
		"short text": strings.Repeat("word ", 100),
	} {
		t.Run(name, func(t *testing.T) {
			d := oneParagraph(text)
			tr := &longestCall{Translator: plainTranslator{}}
			got, _ := write(t, d, tr)
			if tr.longest > maxTranslate {
				t.Errorf("one call translated %d characters; the bound is %d", tr.longest, maxTranslate)
			}
			if len(text) <= maxTranslate && tr.longest != len(strings.TrimSpace(text)) && tr.longest != len(text) {
				t.Errorf("a paragraph of %d characters was cut (longest call %d)", len(text), tr.longest)
			}
			// nothing lost or repeated at the cuts: every word is in the
			// braille once (plainTranslator writes one cell a character)
			body := strings.ToLower(string(got)) // the title "Long" has neither "word" nor "x"
			w := "word"
			if !strings.Contains(text, w) {
				w = "x"
			}
			if want := strings.Count(text, w); strings.Count(body, w) != want {
				t.Errorf("%q appears %d times in the braille, %d in the text", w, strings.Count(body, w), want)
			}
		})
	}
	// cut after a space: no word is split when there are spaces
	words := []rune(strings.Repeat("word ", 4*maxTranslate/5))
	if n := pieceEnd(words, maxTranslate); n > maxTranslate || words[n-1] != ' ' {
		t.Errorf("piece ends at %d, not after a space", n)
	}
}

// BenchmarkLongWord: one paragraph of a 4,000,000-character word (the issue's
// long-line shape) through liblouis.
//
//	go test ./internal/render/braille -run '^$' -bench LongWord -benchtime 1x -benchmem
func BenchmarkLongWord(b *testing.B) {
	l := lib(b)
	d := oneParagraph(strings.Repeat("x", 4_000_000))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := Write(d, opt, l, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
