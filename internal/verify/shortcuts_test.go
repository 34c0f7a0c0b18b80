package verify

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// collapse's shortcut gives what strings.Fields and Join give.
func FuzzCollapse(f *testing.F) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\u00a0b", "a\u2003b", "é b", "\xff b", "a\u0085b", "a\u200bb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("collapse(%q) = %q, want %q", s, got, want)
		}
	})
}

// A text plainText passes is one textLines finds nothing in, and the
// other way round.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"", "a\nb\r\n", "tab\there", "\x00", "a\x7fb", "\xff", "é\n\xe2\x82", "\x1b[0m", "ok\n\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := &Result{}
		textLines(r, b)
		if plainText(b) != (len(r.Findings) == 0) {
			t.Fatalf("plainText(%q) = %v, textLines found %v", b, plainText(b), r.Findings)
		}
	})
}

// brfPagesSplit is checkBRF's page and line rule as it was, with
// bytes.Split: the reference for FuzzBRFPages.
func brfPagesSplit(r *Result, data []byte) {
	pages := bytes.Split(bytes.TrimRight(data, "\f"), []byte("\f"))
	for p, page := range pages {
		page = bytes.TrimSuffix(page, []byte("\r\n"))
		lines := bytes.Split(page, []byte("\r\n"))
		if len(lines) == 1 && len(lines[0]) == 0 {
			lines = nil
		}
		if len(lines) > brfLines {
			r.errorf(RuleBRFPage, fmt.Sprintf("page %d", p+1), "", "%d lines on a page of %d", len(lines), brfLines)
		}
		for l, line := range lines {
			if n := len(bytes.TrimLeft(line, "\n")); n > brfCells {
				r.errorf(RuleBRFPage, fmt.Sprintf("page %d line %d", p+1, l+1), "", "%d cells on a line of %d", n, brfCells)
				break
			}
		}
	}
	r.Pages = len(pages)
}

// checkBRF's page and line findings and page count are those of splitting
// the file into pages and lines.
func FuzzBRFPages(f *testing.F) {
	long := strings.Repeat("A", 41)
	for _, s := range []string{"", "\f", "\f\f", "A\r\n\f", "A\r\nB", "\r\n", "\r\n\r\n\f\r\n", long, "A\r\n" + long + "\r\n" + long + "\f" + long,
		strings.Repeat("A\r\n", 26), strings.Repeat("A\r\n", 25) + "\f" + strings.Repeat("\r\n", 27), "\n\n" + long[:39] + "\r\n\r", "A\r\r\n\n\f"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := &Result{}
		brfPagesSplit(want, b)
		got := &Result{}
		checkBRF(got, b)
		var gotPages []Finding
		for _, x := range got.Findings {
			if x.Rule == RuleBRFPage {
				gotPages = append(gotPages, x)
			}
		}
		if fmt.Sprint(gotPages) != fmt.Sprint(want.Findings) || got.Pages != want.Pages {
			t.Fatalf("%q: got %d pages %v, want %d pages %v", b, got.Pages, gotPages, want.Pages, want.Findings)
		}
	})
}
