package content

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/doc"
)

// Text the author will not see the way they meant it: website-template code
// and GitHub emoji short codes are printed literally in every format. Code
// spans and blocks are left alone (there they are what the author meant).

var (
	templateRe = regexp.MustCompile(`\{%.*?%\}|\{\{.*?\}\}`)
	emojiRe    = regexp.MustCompile(`(?:^|[^\w:/])(:[a-z0-9_+-]*[a-z][a-z0-9_+-]*:)(?:$|[^\w:/])`)
)

func (c *converter) sourceWarnings(d *doc.Document) {
	doc.Walk(d, func(n any) bool {
		t, ok := n.(*doc.Text)
		if !ok {
			return true
		}
		for _, m := range templateRe.FindAllString(t.Text, -1) {
			c.warnf(c.find(t.Pos, m), "SRC-TEMPLATE", "remove the website-template code, or write what it stands for",
				"template code %s is printed as text", clip(m, 40))
		}
		for _, m := range emojiRe.FindAllStringSubmatch(t.Text, -1) {
			name := m[1]
			if len(name) > 42 {
				continue
			}
			c.warnf(c.find(t.Pos, name), "SRC-EMOJI-CODE", "write the emoji itself, or words, instead of the short code",
				"emoji short code %s is printed literally", name)
		}
		return true
	})
}

// find points at the first occurrence of s in the source at or after p, so a
// message about a phrase in a long paragraph names its own line and column.
func (c *converter) find(p doc.Pos, s string) doc.Pos {
	i := p.Line - c.lineBase - 1
	if i < 0 || i >= len(c.lineStarts) || p.File != c.file {
		return p
	}
	off := c.lineStarts[i]
	for col := 1; col < p.Col && off < len(c.src); col++ {
		_, n := utf8.DecodeRune(c.src[off:])
		off += n
	}
	if j := strings.Index(string(c.src[off:]), s); j >= 0 {
		c.atLine = -1 // the position cache assumes source order
		return c.at(off + j)
	}
	return p
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
