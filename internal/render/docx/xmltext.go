package docx

import (
	"strings"
	"unicode/utf8"
)

// validXMLRune reports whether r may appear in an XML 1.0 document. Control
// characters in the source would otherwise make Word refuse the whole file.
func validXMLRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return r <= 0x10FFFF
}

// cleanText drops what may not reach a part: characters XML 1.0 forbids.
// Text handed to godocx goes through it; godocx escapes the rest.
func cleanText(s string) string {
	ok := true
	for _, r := range s {
		if !validXMLRune(r) || r == utf8.RuneError {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			continue
		}
		if validXMLRune(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
