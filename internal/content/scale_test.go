package content

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
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
	const n = 64 << 10 // 4n of `_a ` stays under doc.MaxInlineMarks
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
		src := []byte(fm + shape(256<<10)) // under doc.MaxInlineMarks, so the parse is timed, not the refusal
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
	want := 5 + doc.MaxFootnoteRefs/10 // the body starts on line 5
	if len(ds) != 1 || ds[0].Code != "LIMIT-FOOTNOTES" || ds[0].Pos.Line != want || ds[0].Pos.Col != 2 {
		t.Fatalf("want one LIMIT-FOOTNOTES at %d:2, got %v", want, ds)
	}
	// definitions alone
	sb.Reset()
	sb.WriteString(fm + "x[^1]\n\n")
	for i := 0; i < doc.MaxFootnotes+5; i++ {
		fmt.Fprintf(&sb, "[^%d]: note\n", i)
	}
	_, ds = Parse("fn.md", []byte(sb.String()), Options{})
	if len(ds) != 1 || ds[0].Code != "LIMIT-FOOTNOTES" || ds[0].Pos.Line != 6+doc.MaxFootnotes+1 {
		t.Fatalf("want one LIMIT-FOOTNOTES at line %d, got %v", 6+doc.MaxFootnotes+1, ds)
	}
}

// BenchmarkFootnotesAtLimit: a document at both footnote limits still loads
// quickly (the cost is references × definitions).
func BenchmarkFootnotesAtLimit(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(fm)
	for i := 0; i < doc.MaxFootnoteRefs-doc.MaxFootnotes; i++ {
		fmt.Fprintf(&sb, "x[^%d]\n", doc.MaxFootnotes-1)
	}
	sb.WriteString("\n")
	for i := 0; i < doc.MaxFootnotes; i++ {
		fmt.Fprintf(&sb, "[^%d]: note %d\n\n", i, i)
	}
	src := []byte(sb.String())
	for i := 0; i < b.N; i++ {
		if _, ds := Parse("fn.md", src, Options{}); ds.Err() != nil {
			b.Fatal(ds)
		}
	}
}

// TestLineLimit: a file of more lines than doc.MaxSourceLines is refused before
// parsing, at the first line past the limit.
func TestLineLimit(t *testing.T) {
	src := fm + strings.Repeat("a\n", doc.MaxSourceLines)
	_, ds := Parse("lines.md", []byte(src), Options{})
	if len(ds) != 1 || ds[0].Code != "LIMIT-LINES" || ds[0].Pos.Line != doc.MaxSourceLines+1 {
		t.Fatalf("want one LIMIT-LINES at line %d, got %v", doc.MaxSourceLines+1, ds)
	}
}

// TestInlineMarkLimit: memory follows the number of inline nodes, not the
// bytes (`_a ` repeated to 8 MiB peaked at 1.3 GB), so a document with more
// than doc.MaxInlineMarks of * _ [ ` < is refused before parsing, at the mark
// that passes the limit; one at the limit still loads.
func TestInlineMarkLimit(t *testing.T) {
	for name, unit := range map[string]string{"underscore": "_a ", "emphasis": "*a* ", "link": "[a](#x) ", "code": "`a` ", "autolink": "<https://a.example/> "} {
		t.Run(name, func(t *testing.T) {
			marks := strings.Count(unit, "*") + strings.Count(unit, "_") + strings.Count(unit, "[") + strings.Count(unit, "`") + strings.Count(unit, "<")
			n := doc.MaxInlineMarks/marks + 1 // one unit past the limit
			line := strings.Repeat(unit, 100) + "\n"
			src := fm + strings.Repeat(line, n/100) + strings.Repeat(unit, n%100) + "\n"
			_, ds := Parse("dense.md", []byte(src), Options{})
			if len(ds) != 1 || ds[0].Code != "LIMIT-INLINES" {
				t.Fatalf("want one LIMIT-INLINES, got %d diagnostics: %.300v", len(ds), ds)
			}
			// the mark that passes the limit: the (doc.MaxInlineMarks+1)th
			perLine := 100 * marks
			past := doc.MaxInlineMarks + 1
			wantLine := 5 + (past-1)/perLine // the body starts on line 5
			k := (past - 1) % perLine        // marks before it on its line
			wantCol := 1 + k/marks*len(unit) + nthMark(unit, k%marks)
			if ds[0].Pos.Line != wantLine || ds[0].Pos.Col != wantCol {
				t.Errorf("LIMIT-INLINES at %d:%d, want %d:%d", ds[0].Pos.Line, ds[0].Pos.Col, wantLine, wantCol)
			}
		})
	}
	// exactly at the limit: loads
	src := fm + strings.Repeat(strings.Repeat("*a* ", 100)+"\n\n", doc.MaxInlineMarks/200)
	if strings.Count(src, "*") != doc.MaxInlineMarks {
		t.Fatalf("test input has %d marks", strings.Count(src, "*"))
	}
	d, ds := Parse("dense.md", []byte(src), Options{})
	if err := ds.Err(); err != nil || d == nil {
		t.Fatalf("document at the limit refused: %v", err)
	}
}

// nthMark is the byte offset of the k-th inline mark in s (from 0).
func nthMark(s string, k int) int {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("*_[`<", s[i]) >= 0 {
			if k == 0 {
				return i
			}
			k--
		}
	}
	return -1
}
