package verify

import (
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
