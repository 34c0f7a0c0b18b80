package braille

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/louis"
	"github.com/altformats/altformats/internal/render/html"
)

// UEB transcriber's note indicators (dots 4-46-126 … 4-46-345): they enclose
// what the transcriber adds, here an image's alt text.
const (
	tnOpen  = "@.<"
	tnClose = "@.>"
)

// run is a stretch of one paragraph: text to translate with one table (and
// its typeform), ready braille, or a forced line break.
type run struct {
	table    string
	text     []rune
	typeform []uint16
	braille  string // already braille (indicators)
	newline  bool
}

// inliner flattens inlines into runs; lang is the table of the enclosing
// language.
type inliner struct {
	w     *writer
	runs  []run
	depth int
}

func (in *inliner) text(table, s string, tf uint16) {
	if s == "" {
		return
	}
	var r *run
	if n := len(in.runs); n > 0 {
		if last := &in.runs[n-1]; last.table == table && last.braille == "" && !last.newline {
			r = last
		}
	}
	if r == nil {
		in.runs = append(in.runs, run{table: table})
		r = &in.runs[len(in.runs)-1]
	}
	n := utf8.RuneCountInString(s)
	r.text = slices.Grow(r.text, n)
	r.typeform = slices.Grow(r.typeform, n)
	for _, c := range s {
		r.text = append(r.text, c)
		r.typeform = append(r.typeform, tf)
	}
}

func (in *inliner) inlines(ins []doc.Inline, table string, tf uint16) {
	for _, n := range ins {
		in.inline(n, table, tf)
	}
}

func (in *inliner) inline(n doc.Inline, table string, tf uint16) {
	in.depth++
	defer func() { in.depth-- }()
	if in.depth > maxDepth {
		in.w.fail(doc.Errorf(n.Position(), "RENDER-DEPTH", "flatten the formatting",
			"inline formatting is nested more than %d deep", maxDepth))
		return
	}
	switch n := n.(type) {
	case *doc.Text:
		in.text(table, clean(n.Text), tf)
	case *doc.Code:
		in.text(table, clean(n.Text), tf)
	case *doc.Emph:
		in.inlines(n.Children, table, tf|louis.Italic)
	case *doc.Strong:
		in.inlines(n.Children, table, tf|louis.Bold)
	case *doc.Strike:
		in.inlines(n.Children, table, tf)
	case *doc.Span:
		inner := tableFor(n.Lang, table)
		in.w.used.otherLang = in.w.used.otherLang || inner != in.w.table
		in.inlines(n.Children, inner, tf)
	case *doc.LineBreak:
		in.runs = append(in.runs, run{newline: true})
	case *doc.Link:
		// The text, then the address once, only when the text is not it.
		in.inlines(n.Children, table, tf)
		u, ok := html.SafeURL(n.URL)
		if !ok || strings.HasPrefix(u, "#") {
			return
		}
		shown := u
		for _, scheme := range []string{"mailto:", "tel:"} {
			shown = strings.TrimPrefix(shown, scheme)
		}
		in.w.used.links = true
		if t := strings.TrimSpace(plainText(n.Children)); t != shown && t != u {
			in.text(table, " ("+shown+")", 0)
		}
	case *doc.Image:
		if n.Decorative {
			return
		}
		in.w.used.images = true
		in.runs = append(in.runs, run{braille: tnOpen})
		in.text(table, imageText(in.w, n), 0)
		in.runs = append(in.runs, run{braille: tnClose})
	case *doc.FootnoteRef:
		in.text(table, fmt.Sprintf("[%d]", n.N), 0)
	default:
		in.w.fail(fmt.Errorf("%s: unhandled %T", n.Position(), n))
	}
}

func imageText(w *writer, img *doc.Image) string {
	alt := clean(img.Alt)
	if alt == "" {
		return w.l.Image
	}
	return w.l.Image + ": " + alt
}

// clean turns characters braille has no use for into spaces (tabs, controls).
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
			return -1
		case r == '\u00A0' || r == '\u202F':
			return ' '
		}
		return r
	}, s)
}

// tableFor picks the liblouis table for a language tag: Welsh grade 2 for
// Welsh, UEB grade 2 for English; another language keeps the enclosing one.
func tableFor(lang, enclosing string) string {
	primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch primary {
	case "cy":
		return louis.TableWelsh2
	case "en":
		return louis.TableUEB2
	}
	return enclosing
}

// maxTranslate bounds the characters of one liblouis call. liblouis's
// memory grows with its input, outside Go's heap and its limit: a paragraph
// of one 4,000,000-character word peaked at 478 MB translated in one call
// (1,000,000 characters: 140 MB). A longer run is translated in pieces, cut
// after a space where there is one near the end. A cut could change an
// indicator that spans it (a capitalised passage, a numeric sequence), so
// the bound is far above an ordinary paragraph, whose calls stay whole.
const maxTranslate = 16 << 10

// pieceEnd is where the first piece of text ends: all of it when it is at
// most limit runes, else just after the last space in the last quarter
// before limit, else at limit.
func pieceEnd(text []rune, limit int) int {
	if len(text) <= limit {
		return len(text)
	}
	for i := limit; i > limit-limit/4; i-- {
		if text[i-1] == ' ' {
			return i
		}
	}
	return limit
}

// translate turns runs into braille lines (split at forced line breaks).
func (w *writer) translate(runs []run) []string {
	var lines []string
	var cur strings.Builder
	for _, r := range runs {
		switch {
		case r.newline:
			lines = append(lines, strings.TrimSpace(cur.String()))
			cur.Reset()
		case r.braille != "":
			cur.WriteString(r.braille)
		default:
			for text, tf := r.text, r.typeform; len(text) > 0; {
				n := pieceEnd(text, maxTranslate)
				piece := tf
				if tf != nil {
					piece, tf = tf[:n], tf[n:]
				}
				b, err := w.tr.Translate(r.table, string(text[:n]), piece)
				if err != nil {
					w.fail(err)
					return nil
				}
				cur.WriteString(cells(b))
				text = text[n:]
			}
		}
	}
	lines = append(lines, strings.TrimSpace(cur.String()))
	return lines
}

// braille translates inlines in the document's language.
func (w *writer) braille(ins []doc.Inline) []string {
	in := &inliner{w: w}
	in.inlines(ins, w.table, 0)
	return w.translate(in.runs)
}

// plain translates a plain string in the document's language.
func (w *writer) plain(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	b, err := w.tr.Translate(w.table, clean(s), nil)
	if err != nil {
		w.fail(err)
	}
	return strings.TrimSpace(cells(b))
}

// cells keeps a translation to one byte a cell: liblouis's display
// characters for these tables are ASCII; anything else (a table fault) is a
// full cell, visible to a reader rather than silently lost.
func cells(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			return strings.Map(func(r rune) rune {
				if r < 0x20 || r >= 0x80 {
					return '='
				}
				return r
			}, s)
		}
	}
	return s
}

// plainText is the text of inlines, without formatting.
func plainText(ins []doc.Inline) string {
	var sb strings.Builder
	var walk func([]doc.Inline, int)
	walk = func(ins []doc.Inline, depth int) {
		if depth > maxDepth {
			return
		}
		for _, n := range ins {
			switch n := n.(type) {
			case *doc.Text:
				sb.WriteString(n.Text)
			case *doc.Code:
				sb.WriteString(n.Text)
			case *doc.Emph:
				walk(n.Children, depth+1)
			case *doc.Strong:
				walk(n.Children, depth+1)
			case *doc.Strike:
				walk(n.Children, depth+1)
			case *doc.Span:
				walk(n.Children, depth+1)
			case *doc.Link:
				walk(n.Children, depth+1)
			}
		}
	}
	walk(ins, 0)
	return sb.String()
}
