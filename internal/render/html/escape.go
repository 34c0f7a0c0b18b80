package html

import (
	"strings"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/doc"
)

// esc escapes text for element content and quoted attribute values in both
// HTML and XHTML, and drops code points that are not allowed in either
// (controls, noncharacters), so a stray byte in the source cannot make the
// page invalid. Invalid UTF-8 becomes U+FFFD.
func esc(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || c < 0x20 || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '&':
			sb.WriteString("&amp;")
		case r == '<':
			sb.WriteString("&lt;")
		case r == '>':
			sb.WriteString("&gt;")
		case r == '"':
			sb.WriteString("&quot;")
		case r == '\'':
			sb.WriteString("&#39;")
		case r == '\t' || r == '\n':
			sb.WriteRune(r)
		case !allowedRune(r):
			// dropped: see the function comment
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// allowedRune reports whether r may appear in HTML and XML text.
func allowedRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return false
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
		return false
	}
	return true
}

// SafeURL returns the link target to write, or ok=false when the link must be
// shown as plain text: the one link policy (doc.CheckLink) decides, so a
// javascript:, data: or file: URL in the source can never become active
// content, and HTML, EPUB, text, PDF and Word agree on every address.
func SafeURL(raw string) (string, bool) { return doc.LinkTarget(raw) }
