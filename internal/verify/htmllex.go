package verify

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlLex gives the tokens html.Tokenizer gives (as its Next, Text,
// TagName and TagAttr return them) for the plain markup writers produce,
// and declines (ok false) anything else: unquoted or duplicate attributes,
// a '/' in a tag but just before its '>', comments with "--" inside or an
// odd start, bogus comments but "<?...>", a doctype but "<!DOCTYPE ...>",
// a '<' that starts nothing, carriage returns, NUL characters, entities but
// &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric references to ordinary
// characters, raw text elements other than title, style and script (and a
// script holding "<!--"), and the end of the input inside any of them.
// html.Tokenizer reads a byte at a time, copies each tag name and
// attribute, and was most of reading a page back.
type htmlLex struct {
	b      []byte
	i      int
	ok     bool
	rawTag string // the raw text element just opened, whose text comes next

	tt        html.TokenType
	text      []byte // text, comment and doctype data, unescaped
	name      []byte // a tag's name, lower case
	attrs     []lexAttr
	nameLower []byte
}

type lexAttr struct {
	key string // lower case, as atom.String gives it
	val []byte // unescaped; valid until the next token
}

// rawTags are the elements whose text the tokenizer reads raw, as
// readStartTag lists them.
var rawTags = map[string]bool{"iframe": true, "noembed": true, "noframes": true, "noscript": true, "plaintext": true,
	"script": true, "style": true, "textarea": true, "title": true, "xmp": true}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r' }

// equalFoldASCII: b is lower (ASCII letters, digits) in any case.
func equalFoldASCII(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

func lowerASCII(dst, s []byte) []byte {
	dst = dst[:0]
	for _, c := range s {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// decline stops the lexer: the caller gives the page to html.Parse.
func (z *htmlLex) decline() html.TokenType {
	z.ok = false
	z.tt = html.ErrorToken
	return z.tt
}

// next reads the next token: html.ErrorToken at the end of the input (ok
// true) or when it declines (ok false).
func (z *htmlLex) next() html.TokenType {
	z.text, z.name, z.attrs = nil, nil, z.attrs[:0]
	b := z.b
	if z.rawTag != "" {
		tag := z.rawTag
		z.rawTag = ""
		if tag != "title" && tag != "style" && tag != "script" {
			return z.decline()
		}
		end := z.rawEnd(tag)
		if end < 0 {
			return z.decline()
		}
		raw := b[z.i:end]
		if tag == "script" && bytes.Contains(raw, []byte("<!--")) {
			return z.decline()
		}
		if len(raw) > 0 {
			z.i = end
			if bytes.IndexByte(raw, 0) >= 0 || bytes.IndexByte(raw, '\r') >= 0 {
				return z.decline()
			}
			if tag == "title" {
				t, ok := z.unescape(raw)
				if !ok {
					return z.decline()
				}
				raw = t
			}
			z.text, z.tt = raw, html.TextToken
			return z.tt
		}
	}
	if z.i >= len(b) {
		z.tt = html.ErrorToken
		return z.tt
	}
	if b[z.i] != '<' || !z.startsToken(z.i) {
		// Text, up to a '<' that starts a token.
		end := z.i
		for {
			k := bytes.IndexByte(b[end:], '<')
			if k < 0 {
				end = len(b)
				break
			}
			end += k
			if end > z.i && z.startsToken(end) {
				break
			}
			end++
		}
		raw := b[z.i:end]
		z.i = end
		if bytes.IndexByte(raw, 0) >= 0 || bytes.IndexByte(raw, '\r') >= 0 {
			return z.decline()
		}
		if bytes.IndexByte(raw, '<') >= 0 {
			return z.decline() // a '<' that starts nothing: leave it to the tokenizer
		}
		t, ok := z.unescape(raw)
		if !ok {
			return z.decline()
		}
		z.text, z.tt = t, html.TextToken
		return z.tt
	}
	c := b[z.i+1]
	switch {
	case isASCIILetter(c):
		return z.startTag()
	case c == '/':
		return z.endTag()
	case c == '?':
		end := bytes.IndexByte(b[z.i:], '>')
		if end < 0 {
			return z.decline()
		}
		data := b[z.i+1 : z.i+end]
		if bytes.IndexByte(data, 0) >= 0 || bytes.IndexByte(data, '\r') >= 0 {
			return z.decline()
		}
		z.i += end + 1
		z.text, z.tt = data, html.CommentToken
		return z.tt
	}
	// '!'
	rest := b[z.i+2:]
	switch {
	case bytes.HasPrefix(rest, []byte("--")):
		body := rest[2:]
		end := bytes.Index(body, []byte("-->"))
		if end < 0 {
			return z.decline()
		}
		data := body[:end]
		if len(data) > 0 && (data[0] == '>' || data[0] == '-' || data[len(data)-1] == '-') ||
			bytes.Contains(data, []byte("--")) || bytes.IndexByte(data, 0) >= 0 || bytes.IndexByte(data, '\r') >= 0 {
			return z.decline()
		}
		z.i += 2 + 2 + end + 3
		z.text, z.tt = data, html.CommentToken
		return z.tt
	case len(rest) > 7 && equalFoldASCII(rest[:7], "doctype") && isHTMLSpace(rest[7]):
		j := 7
		for j < len(rest) && isHTMLSpace(rest[j]) {
			j++
		}
		end := bytes.IndexByte(rest[j:], '>')
		if end < 0 {
			return z.decline()
		}
		data := rest[j : j+end]
		if bytes.IndexByte(data, 0) >= 0 || bytes.IndexByte(data, '\r') >= 0 {
			return z.decline()
		}
		z.i += 2 + j + end + 1
		z.text, z.tt = data, html.DoctypeToken
		return z.tt
	}
	return z.decline()
}

// startsToken: the '<' at i starts a tag, a comment or a doctype.
func (z *htmlLex) startsToken(i int) bool {
	if i+1 >= len(z.b) {
		return false
	}
	c := z.b[i+1]
	return isASCIILetter(c) || c == '/' || c == '!' || c == '?'
}

// rawEnd is where the raw text of tag ends: at "</tag" (any case) and a
// space, '/' or '>'; -1 when the input ends first.
func (z *htmlLex) rawEnd(tag string) int {
	b := z.b
	for j := z.i; ; {
		k := bytes.Index(b[j:], []byte("</"))
		if k < 0 {
			return -1
		}
		k += j
		e := k + 2 + len(tag)
		if e < len(b) && equalFoldASCII(b[k+2:e], tag) {
			if c := b[e]; isHTMLSpace(c) || c == '/' || c == '>' {
				return k
			}
		}
		j = k + 2
	}
}

// tagName reads a name of ASCII letters, digits and '-' (any other
// character before a space, '/' or '>' declines).
func (z *htmlLex) tagName() ([]byte, bool) {
	b := z.b
	start := z.i
	for z.i < len(b) {
		c := b[z.i]
		switch {
		case isASCIILetter(c) || '0' <= c && c <= '9' || c == '-':
			z.i++
			continue
		case isHTMLSpace(c) || c == '/' || c == '>':
			return b[start:z.i], true
		}
		return nil, false
	}
	return nil, false
}

func (z *htmlLex) spaces() {
	for z.i < len(z.b) && isHTMLSpace(z.b[z.i]) {
		z.i++
	}
}

func (z *htmlLex) startTag() html.TokenType {
	b := z.b
	z.i++
	name, ok := z.tagName()
	if !ok {
		return z.decline()
	}
	z.nameLower = lowerASCII(z.nameLower, name)
	z.name = z.nameLower
	tt := html.StartTagToken
	for {
		z.spaces()
		if z.i >= len(b) {
			return z.decline()
		}
		if b[z.i] == '>' {
			z.i++
			break
		}
		if b[z.i] == '/' {
			if z.i+1 < len(b) && b[z.i+1] == '>' {
				z.i += 2
				tt = html.SelfClosingTagToken
				break
			}
			return z.decline()
		}
		// An attribute: a name of ASCII letters, digits, '-', '_', ':'
		// and '.', then ="value" or ='value', or nothing.
		start := z.i
		for z.i < len(b) {
			c := b[z.i]
			if !(isASCIILetter(c) || '0' <= c && c <= '9' || c == '-' || c == '_' || c == ':' || c == '.') {
				break
			}
			z.i++
		}
		if z.i == start || z.i >= len(b) {
			return z.decline()
		}
		key := atom.String(lowerASCII(nil, b[start:z.i]))
		for _, a := range z.attrs {
			if a.key == key {
				return z.decline() // the tokenizer keeps the first; left to it
			}
		}
		var val []byte
		z.spaces()
		if z.i < len(b) && b[z.i] == '=' {
			z.i++
			z.spaces()
			if z.i >= len(b) || b[z.i] != '"' && b[z.i] != '\'' {
				return z.decline()
			}
			q := b[z.i]
			end := bytes.IndexByte(b[z.i+1:], q)
			if end < 0 {
				return z.decline()
			}
			raw := b[z.i+1 : z.i+1+end]
			z.i += end + 2
			if bytes.IndexByte(raw, 0) >= 0 || bytes.IndexByte(raw, '\r') >= 0 {
				return z.decline()
			}
			if bytes.IndexByte(raw, '&') >= 0 {
				t, ok := z.unescape(raw)
				if !ok {
					return z.decline()
				}
				val = t
			} else {
				val = raw
			}
			if z.i < len(b) && !isHTMLSpace(b[z.i]) && b[z.i] != '>' && b[z.i] != '/' {
				return z.decline() // the next attribute straight after the quote
			}
		} else if z.i < len(b) && !isHTMLSpace(b[z.i-1]) && b[z.i] != '>' && b[z.i] != '/' {
			return z.decline()
		}
		z.attrs = append(z.attrs, lexAttr{key, val})
	}
	if rawTags[string(z.name)] {
		z.rawTag = string(z.name)
	}
	z.tt = tt
	return tt
}

func (z *htmlLex) endTag() html.TokenType {
	b := z.b
	z.i += 2
	if z.i >= len(b) || !isASCIILetter(b[z.i]) {
		return z.decline()
	}
	name, ok := z.tagName()
	if !ok {
		return z.decline()
	}
	z.spaces()
	if z.i >= len(b) || b[z.i] != '>' {
		return z.decline()
	}
	z.i++
	z.nameLower = lowerASCII(z.nameLower, name)
	z.name = z.nameLower
	z.tt = html.EndTagToken
	return z.tt
}

// unescape decodes the entities of raw (into z.buf when there are any);
// ok is false for an entity outside the few that decode the same in text
// and in attributes, whatever follows them.
func (z *htmlLex) unescape(raw []byte) ([]byte, bool) {
	if bytes.IndexByte(raw, '&') < 0 {
		return raw, true
	}
	out, ok := appendUnescaped(make([]byte, 0, len(raw)), raw, 9, htmlEntities, htmlRefused)
	if !ok {
		return nil, false
	}
	return out, true
}

// htmlEntities are the named references that decode the same in text and
// in attributes, whatever follows them.
var htmlEntities = map[string]string{"amp": "&", "lt": "<", "gt": ">", "quot": `"`, "apos": "'", "nbsp": "\u00a0"}

// htmlRefused are characters the tokenizer would replace (C1 controls as
// windows-1252, NUL) or that would be a carriage return.
func htmlRefused(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f
}
