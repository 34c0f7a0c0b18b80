package verify

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// Facts is what one file says about the accessibility of its content, read
// from the file itself: the same list for every format of a document.
type Facts struct {
	Title        string
	Lang         string
	Headings     []Heading
	Alts         []string   // alt texts of informative images, in order
	Decorative   int        // images marked as decorative
	TableHeaders [][]string // per table: the header cells' text
	// TableHeads is, per table, the header rows' cells only: Word marks
	// header rows, and has no row headers, so a Word file is compared on these.
	TableHeads [][]string
	// OnlyHeaderRows says this file's TableHeaders are header rows only (Word).
	OnlyHeaderRows bool
	// SplitTables says a table may be cut into parts that each repeat the
	// header (PDF pages): consecutive equal header lists count once, on both sides.
	SplitTables bool
	Links       []Link   // links out of the document (http, https, mailto, tel)
	Langs       []string // language changes inside the text, in order
	Footnotes   int      // footnotes (each counted once, however often referenced)
	// Unknown names the facts a format cannot carry or the reader cannot
	// tell (plain text has no alt texts): they are not compared.
	Unknown map[string]bool
}

type Heading struct {
	Level int
	Text  string
}

type Link struct {
	Text, Target string
}

// Fact names, used in PARITY messages and in Facts.Unknown.
const (
	FactHeadings   = "headings"
	FactAlts       = "alt texts"
	FactDecorative = "decorative images"
	FactTables     = "table headers"
	FactLinks      = "links"
	FactLangs      = "language changes"
	FactFootnotes  = "footnotes"
)

func (f *Facts) unknown(names ...string) {
	if f.Unknown == nil {
		f.Unknown = map[string]bool{}
	}
	for _, n := range names {
		f.Unknown[n] = true
	}
}

// external says whether a link target leaves the document.
func external(target string) bool {
	t := strings.ToLower(target)
	return strings.HasPrefix(t, "http:") || strings.HasPrefix(t, "https:") || strings.HasPrefix(t, "mailto:") || strings.HasPrefix(t, "tel:")
}

// FromModel lists what every output of d must contain.
func FromModel(d *doc.Document) *Facts {
	f := &Facts{Title: d.Meta.Title, Lang: d.Meta.Lang}
	title := doc.PlainText(d.TitleInlines)
	if title == "" {
		title = d.Meta.Title
	}
	f.Headings = append(f.Headings, Heading{1, title})
	for _, h := range doc.Headings(d) {
		f.Headings = append(f.Headings, Heading{h.Level, doc.PlainText(h.Inlines)})
	}
	visit := func(n any) bool {
		switch n := n.(type) {
		case *doc.Image:
			if n.Decorative {
				f.Decorative++
			} else {
				f.Alts = append(f.Alts, n.Alt)
			}
		case *doc.Table:
			var hs []string
			for _, r := range n.Head {
				for _, c := range r.Cells {
					hs = append(hs, doc.PlainText(c.Inlines))
				}
			}
			f.TableHeads = append(f.TableHeads, append([]string(nil), hs...))
			for _, r := range n.Body {
				for _, c := range r.Cells {
					if c.Header {
						hs = append(hs, doc.PlainText(c.Inlines))
					}
				}
			}
			f.TableHeaders = append(f.TableHeaders, hs)
		case *doc.Link:
			if external(n.URL) {
				f.Links = append(f.Links, Link{doc.PlainText(n.Children), n.URL})
			}
		case *doc.Span:
			if n.Lang != "" {
				f.Langs = append(f.Langs, n.Lang)
			}
		}
		return true
	}
	doc.Walk(d, visit)
	f.Footnotes = len(d.Footnotes)
	return f
}

// generated are the headings writers add themselves (a contents list, the
// footnotes section) in the document's language: not in the model, and
// allowed in any output.
func generated(lang string) map[string]bool {
	l := render.LabelsFor(lang)
	return map[string]bool{normText(l.Contents): true, normText(l.Footnotes): true, normText(l.Notes): true}
}

// Compare checks each format's facts against the model's. Every mismatch is
// an error naming the format and the element; the formats are compared with
// each other through the model (equal to it means equal to each other).
// contact is the document's contact address, which writers add as a link
// of their own: links to it are not compared.
func Compare(model *Facts, got map[Format]*Facts, order []Format, contact string) []ParityFinding {
	var out []ParityFinding
	model.Links = withoutContact(model.Links, contact)
	gen := generated(model.Lang)
	for _, fm := range order {
		g := got[fm]
		if g == nil {
			continue
		}
		bad := func(fact, format string, args ...any) {
			out = append(out, ParityFinding{Format: fm, Fact: fact, Msg: fmt.Sprintf(format, args...)})
		}
		if !g.Unknown[FactHeadings] {
			compareHeadings(model.Headings, g.Headings, gen, func(format string, args ...any) { bad(FactHeadings, format, args...) })
		}
		if !g.Unknown[FactAlts] {
			compareStrings(model.Alts, g.Alts, "image", "alt text", func(format string, args ...any) { bad(FactAlts, format, args...) })
		}
		if !g.Unknown[FactDecorative] && g.Decorative != model.Decorative {
			bad(FactDecorative, "%d decorative images, the document has %d", g.Decorative, model.Decorative)
		}
		if !g.Unknown[FactTables] {
			want := model.TableHeaders
			if g.OnlyHeaderRows {
				want = model.TableHeads
			}
			if g.SplitTables {
				// Paged output may cut a table into parts by rows or (large
				// print) by columns, each repeating headers: the header texts
				// are compared as a set.
				if miss, extra := headerSetDiff(want, g.TableHeaders); miss != "" || extra != "" {
					bad(FactTables, "header cells differ from the document's: missing %q, not in the document %q", miss, extra)
				}
			} else if len(g.TableHeaders) != len(want) {
				bad(FactTables, "%d tables with header cells, the document has %d", len(g.TableHeaders), len(want))
			} else {
				for i := range want {
					compareStrings(want[i], g.TableHeaders[i], fmt.Sprintf("table %d header cell", i+1), "text",
						func(format string, args ...any) { bad(FactTables, format, args...) })
				}
			}
		}
		if !g.Unknown[FactLinks] {
			compareLinks(model.Links, withoutContact(g.Links, contact), func(format string, args ...any) { bad(FactLinks, format, args...) })
		}
		if !g.Unknown[FactLangs] {
			compareStrings(model.Langs, g.Langs, "language change", "language", func(format string, args ...any) { bad(FactLangs, format, args...) })
		}
		if !g.Unknown[FactFootnotes] && g.Footnotes != model.Footnotes {
			bad(FactFootnotes, "%d footnotes, the document has %d", g.Footnotes, model.Footnotes)
		}
	}
	return out
}

// ParityFinding is one way a format differs from the document.
type ParityFinding struct {
	Format Format
	Fact   string
	Msg    string
}

func compareHeadings(want, got []Heading, gen map[string]bool, bad func(string, ...any)) {
	// A heading the writer adds (contents, notes) is skipped unless the
	// document has a heading of that text at the same point.
	var g []Heading
	wi := 0
	for _, h := range got {
		if wi < len(want) && sameText(want[wi].Text, h.Text) {
			g = append(g, h)
			wi++
			continue
		}
		if gen[normText(h.Text)] {
			continue
		}
		g = append(g, h)
		wi++
	}
	for i := 0; i < len(want) || i < len(g); i++ {
		switch {
		case i >= len(g):
			bad("heading %d %q (level %d) is missing", i+1, clip(want[i].Text, 60), want[i].Level)
			return
		case i >= len(want):
			bad("heading %d %q (level %d) is not in the document", i+1, clip(g[i].Text, 60), g[i].Level)
			return
		case !sameText(want[i].Text, g[i].Text):
			bad("heading %d reads %q, the document has %q", i+1, clip(g[i].Text, 60), clip(want[i].Text, 60))
			return
		case want[i].Level != g[i].Level:
			bad("heading %d %q is level %d, the document has level %d", i+1, clip(g[i].Text, 60), g[i].Level, want[i].Level)
		}
	}
}

func compareStrings(want, got []string, what, attr string, bad func(string, ...any)) {
	if len(want) != len(got) {
		bad("%d %ss, the document has %d", len(got), what, len(want))
		return
	}
	for i := range want {
		if !sameText(want[i], got[i]) {
			bad("%s %d: %s %q, the document has %q", what, i+1, attr, clip(got[i], 60), clip(want[i], 60))
		}
	}
}

func compareLinks(want, got []Link, bad func(string, ...any)) {
	if len(want) != len(got) {
		bad("%d links out of the document, the document has %d", len(got), len(want))
		return
	}
	for i := range want {
		if normURL(got[i].Target) != normURL(want[i].Target) {
			bad("link %d %q goes to %q, the document has %q", i+1, clip(want[i].Text, 40), got[i].Target, want[i].Target)
		}
		if got[i].Text != "\x00" && normText(got[i].Text) != normText(want[i].Text) {
			bad("link %d to %s reads %q, the document has %q", i+1, want[i].Target, clip(got[i].Text, 60), clip(want[i].Text, 60))
		}
	}
}

func withoutContact(ls []Link, contact string) []Link {
	if contact == "" {
		return ls
	}
	var out []Link
	for _, l := range ls {
		t := strings.TrimPrefix(strings.TrimPrefix(l.Target, "mailto:"), "tel:")
		if t != contact {
			out = append(out, l)
		}
	}
	return out
}

// normURL drops what does not change where a link goes: an empty fragment
// ("page#") and surrounding space.
// and percent-encoding (a writer may escape a quote as %22).
func normURL(u string) string {
	u = strings.TrimSuffix(strings.TrimSpace(u), "#")
	if d, err := url.PathUnescape(u); err == nil {
		u = d
	}
	return u
}

func headerSetDiff(want, got [][]string) (missing, extra string) {
	// Compared word by word: a table set row by row (large print) labels
	// each value with its column's header cells from every header row, one
	// under the other, so one cell there may hold the words of two here.
	set := func(ts [][]string) map[string]bool {
		m := map[string]bool{}
		for _, t := range ts {
			for _, c := range t {
				for _, w := range strings.Fields(c) {
					m[normText(w)] = true
				}
			}
		}
		return m
	}
	w, g := set(want), set(got)
	for _, t := range want {
		for _, c := range t {
			for _, word := range strings.Fields(c) {
				if !g[normText(word)] && missing == "" {
					missing = clip(c, 40)
				}
			}
		}
	}
	for _, t := range got {
		for _, c := range t {
			for _, word := range strings.Fields(c) {
				if !w[normText(word)] && extra == "" {
					extra = clip(c, 40)
				}
			}
		}
	}
	return missing, extra
}

// sameText is normText(a) == normText(b) without building either: the two
// texts are walked side by side, skipping what normText drops. Parity
// compares every heading of every format this way.
func sameText(a, b string) bool {
	if a == b {
		return true
	}
	var ra, rb rune
	for i, j := 0, 0; ; {
		ra, i = keptRune(a, i)
		rb, j = keptRune(b, j)
		if ra != rb {
			return false
		}
		if ra < 0 {
			return true
		}
	}
}

// keptRune is the first character of s from byte i that normText keeps, and
// the byte after it; -1 when there is none.
func keptRune(s string, i int) (rune, int) {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if !droppedByNormText(r) {
			return r, i
		}
	}
	return -1, i
}

// droppedByNormText: soft hyphens, zero-width spaces and white space.
func droppedByNormText(r rune) bool {
	switch r {
	case '\u00ad', '\u200b', ' ', '\t', '\n', '\r', '\u00a0', '\u202f', '\u2009':
		return true
	}
	return false
}
