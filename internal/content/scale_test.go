package content

import (
	"fmt"
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

// TestManyFootnotesRefusedAtOnce: 100,000 footnotes never finished (goldmark
// matches each reference against every definition); past the documented
// limits the document is refused before parsing, at the line that passes.
func TestManyFootnotesRefusedAtOnce(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(fm)
	const n = 100_000
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, "x[^%d] ", i)
		if i%10 == 9 {
			sb.WriteString("\n") // ten references a line
		}
	}
	sb.WriteString("\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, "[^%d]: note %d\n", i, i)
	}
	_, ds := Parse("fn.md", []byte(sb.String()), Options{})
	want := 5 + MaxFootnoteRefs/10 // the body starts on line 5
	if len(ds) != 1 || ds[0].Code != "LIMIT-FOOTNOTES" || ds[0].Pos.Line != want || ds[0].Pos.Col != 2 {
		t.Fatalf("want one LIMIT-FOOTNOTES at %d:2, got %v", want, ds)
	}
	// definitions alone
	sb.Reset()
	sb.WriteString(fm + "x[^1]\n\n")
	for i := 0; i < MaxFootnotes+5; i++ {
		fmt.Fprintf(&sb, "[^%d]: note\n", i)
	}
	_, ds = Parse("fn.md", []byte(sb.String()), Options{})
	if len(ds) != 1 || ds[0].Code != "LIMIT-FOOTNOTES" || ds[0].Pos.Line != 6+MaxFootnotes+1 {
		t.Fatalf("want one LIMIT-FOOTNOTES at line %d, got %v", 6+MaxFootnotes+1, ds)
	}
}

// BenchmarkFootnotesAtLimit: a document at both footnote limits still loads
// quickly (the cost is references × definitions).
func BenchmarkFootnotesAtLimit(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(fm)
	for i := 0; i < MaxFootnoteRefs-MaxFootnotes; i++ {
		fmt.Fprintf(&sb, "x[^%d]\n", MaxFootnotes-1)
	}
	sb.WriteString("\n")
	for i := 0; i < MaxFootnotes; i++ {
		fmt.Fprintf(&sb, "[^%d]: note %d\n\n", i, i)
	}
	src := []byte(sb.String())
	for i := 0; i < b.N; i++ {
		if _, ds := Parse("fn.md", src, Options{}); ds.Err() != nil {
			b.Fatal(ds)
		}
	}
}

// TestLineLimit: a file of more lines than MaxSourceLines is refused before
// parsing, at the first line past the limit.
func TestLineLimit(t *testing.T) {
	src := fm + strings.Repeat("a\n", MaxSourceLines)
	_, ds := Parse("lines.md", []byte(src), Options{})
	if len(ds) != 1 || ds[0].Code != "LIMIT-LINES" || ds[0].Pos.Line != MaxSourceLines+1 {
		t.Fatalf("want one LIMIT-LINES at line %d, got %v", MaxSourceLines+1, ds)
	}
}
