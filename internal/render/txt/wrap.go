package txt

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// clean drops control characters (a stray byte must not reach a terminal
// or a Braille embosser) and turns invalid UTF-8 into U+FFFD.
func clean(s string) string {
	ok := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			sb.WriteRune(r)
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		default:
			sb.WriteRune(r)
		}
	}
	return strings.ToValidUTF8(sb.String(), "\uFFFD")
}

// runeWidth is the number of terminal columns a rune takes: two for East
// Asian wide and full-width characters, none for combining marks and
// zero-width format characters.
func runeWidth(r rune) int {
	switch {
	case r == utf8.RuneError:
		return 1
	case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r), unicode.Is(unicode.Cf, r):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// wrap fills text into lines of at most max columns, breaking only at
// ordinary spaces (a no-break space holds its words together). first and
// rest prefix the first and following lines and count towards the width. A
// word longer than a whole line is split where it must be.
func wrap(text string, max int, first, rest string) []string {
	words := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })
	var lines []string
	line, lineW := first, displayWidth(first)
	empty := true
	restW := displayWidth(rest)
	flush := func() {
		lines = append(lines, line)
		line, lineW, empty = rest, restW, true
	}
	for _, word := range words {
		ww := displayWidth(word)
		if !empty && lineW+1+ww > max {
			flush()
		}
		if ww > max-lineW && isAddress(word) {
			// A web address cut at the wrap column cannot be copied or
			// followed: it gets a line of its own and runs long.
			line += word
			flush()
			continue
		}
		for ww > max-lineW && ww > max-restW {
			// Longer than any line: cut it to fill this one.
			head, tail := cut(word, max-lineW-boolInt(!empty))
			if head == "" && !empty {
				flush()
				continue
			}
			if head == "" {
				// Not even one character fits after the prefix: take one
				// anyway so the loop always progresses.
				_, n := utf8.DecodeRuneInString(word)
				head, tail = word[:n], word[n:]
			}
			if !empty {
				line += " "
			}
			line += head
			flush()
			// Subtract what was cut rather than measuring the rest again: a
			// 100,000-letter word would otherwise take quadratic time.
			word, ww = tail, ww-displayWidth(head)
		}
		if ww == 0 {
			continue
		}
		if !empty {
			line += " "
			lineW++
		}
		line += word
		lineW += ww
		empty = false
	}
	if !empty || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// isAddress reports whether a word is (or holds, as "(https://...)." does)
// a web or mail address.
func isAddress(w string) bool {
	w = strings.TrimLeft(w, "(<[\"'“‘")
	lower := strings.ToLower(w)
	return strings.Contains(lower, "://") || strings.HasPrefix(lower, "www.") || strings.HasPrefix(lower, "mailto:")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cut splits s after at most n columns, never inside a character and never
// leaving a combining mark at the start of the tail.
func cut(s string, n int) (head, tail string) {
	w := 0
	for i, r := range s {
		rw := runeWidth(r)
		if w+rw > n && rw > 0 {
			return s[:i], s[i:]
		}
		w += rw
	}
	return s, ""
}
