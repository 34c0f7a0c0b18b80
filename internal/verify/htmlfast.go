package verify

import (
	"bytes"
	"cmp"
	"slices"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTMLFast builds the tree html.Parse builds, for the plain pages
// writers produce, without the HTML5 tree builder's insertion modes: it
// reads the tokens html.Tokenizer would give (htmlLex, which declines
// anything less plain) and only accepts a page on which the tree builder
// would do nothing but nest each element inside the one open before it: a doctype "html", explicit html, head and body, every
// end tag closing the element just opened, no end tag or start tag the
// tree builder would add, drop or move (an li that would close an open li,
// a block inside a p, text or a tr directly in a table, a nested a), a
// short list of elements and nothing from the others (forms, frames,
// scripts in odd places, SVG, MathML, templates, a NUL character, more
// than 512 open elements). For anything else ok is false and the caller
// runs html.Parse, whose tree stands. html.Parse (node construction, the
// tokenizer's state machine and its text handling) was most of reading a
// page back. FuzzParseHTMLFast compares the trees on any input.
func parseHTMLFast(data []byte) (_ *html.Node, ok bool) {
	b := htmlFast{z: htmlLex{b: data, ok: true}, doc: &html.Node{Type: html.DocumentNode}}
	if !b.run() {
		return nil, false
	}
	return b.doc, true
}

// htmlMode is where the page is, as the tree builder's insertion modes.
type htmlMode int

const (
	hmInitial htmlMode = iota
	hmBeforeHTML
	hmBeforeHead
	hmInHead
	hmAfterHead
	hmInBody
	hmAfterBody
	hmAfterAfterBody
)

type htmlFast struct {
	z    htmlLex
	doc  *html.Node
	oe   []*html.Node // the open elements, html first
	mode htmlMode

	slab   []html.Node      // nodes are carved from here
	aslab  []html.Attribute // and attribute lists from here
	vcache [256]string      // short attribute values, made once each
}

// htmlVoid are the void elements the fast path knows: never open.
var htmlVoid = map[atom.Atom]bool{atom.Br: true, atom.Img: true, atom.Wbr: true, atom.Hr: true, atom.Meta: true, atom.Link: true, atom.Col: true}

// htmlPClosers close an open p in button scope (the fast path declines then).
var htmlPClosers = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Center: true, atom.Details: true,
	atom.Dialog: true, atom.Dir: true, atom.Div: true, atom.Dl: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Header: true, atom.Hgroup: true, atom.Main: true, atom.Menu: true,
	atom.Nav: true, atom.Ol: true, atom.P: true, atom.Search: true, atom.Section: true, atom.Summary: true, atom.Ul: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Pre: true, atom.Listing: true, atom.Li: true, atom.Dd: true, atom.Dt: true, atom.Table: true, atom.Hr: true,
}

// htmlFormatting are the formatting elements the fast path reads (the tree
// builder sorts their attributes).
var htmlFormatting = map[atom.Atom]bool{
	atom.A: true, atom.B: true, atom.Big: true, atom.Code: true, atom.Em: true, atom.Font: true, atom.I: true,
	atom.S: true, atom.Small: true, atom.Strike: true, atom.Strong: true, atom.Tt: true, atom.U: true,
}

// htmlPhrasing are other elements the tree builder just inserts in body.
var htmlPhrasing = map[atom.Atom]bool{
	atom.Span: true, atom.Abbr: true, atom.Cite: true, atom.Q: true, atom.Sub: true, atom.Sup: true, atom.Mark: true,
	atom.Time: true, atom.Kbd: true, atom.Samp: true, atom.Var: true, atom.Dfn: true, atom.Bdi: true, atom.Bdo: true,
	atom.Data: true, atom.Ins: true, atom.Del: true,
}

// htmlSpecial is the HTML namespace part of the tree builder's special
// category (isSpecialElement), for the li, dd and dt rules.
var htmlSpecial = map[atom.Atom]bool{
	atom.Address: true, atom.Applet: true, atom.Area: true, atom.Article: true, atom.Aside: true, atom.Base: true,
	atom.Basefont: true, atom.Bgsound: true, atom.Blockquote: true, atom.Body: true, atom.Br: true, atom.Button: true,
	atom.Caption: true, atom.Center: true, atom.Col: true, atom.Colgroup: true, atom.Dd: true, atom.Details: true,
	atom.Dir: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Embed: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Form: true, atom.Frame: true, atom.Frameset: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Head: true,
	atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Html: true, atom.Iframe: true, atom.Img: true,
	atom.Input: true, atom.Keygen: true, atom.Li: true, atom.Link: true, atom.Listing: true, atom.Main: true,
	atom.Marquee: true, atom.Menu: true, atom.Meta: true, atom.Nav: true, atom.Noembed: true, atom.Noframes: true,
	atom.Noscript: true, atom.Object: true, atom.Ol: true, atom.P: true, atom.Param: true, atom.Plaintext: true,
	atom.Pre: true, atom.Script: true, atom.Section: true, atom.Select: true, atom.Source: true, atom.Style: true,
	atom.Summary: true, atom.Table: true, atom.Tbody: true, atom.Td: true, atom.Template: true, atom.Textarea: true,
	atom.Tfoot: true, atom.Th: true, atom.Thead: true, atom.Title: true, atom.Tr: true, atom.Track: true,
	atom.Ul: true, atom.Wbr: true, atom.Xmp: true,
}

// htmlTableKids are the elements allowed directly in each table element.
var htmlTableKids = map[atom.Atom]map[atom.Atom]bool{
	atom.Table:    {atom.Caption: true, atom.Colgroup: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true},
	atom.Thead:    {atom.Tr: true},
	atom.Tbody:    {atom.Tr: true},
	atom.Tfoot:    {atom.Tr: true},
	atom.Tr:       {atom.Td: true, atom.Th: true},
	atom.Colgroup: {atom.Col: true},
}

const htmlWhitespace = " \t\r\n\f"

func (b *htmlFast) top() *html.Node {
	if len(b.oe) == 0 {
		return b.doc
	}
	return b.oe[len(b.oe)-1]
}

func (b *htmlFast) node() *html.Node {
	if len(b.slab) == 0 {
		b.slab = make([]html.Node, 128)
	}
	n := &b.slab[0]
	b.slab = b.slab[1:]
	return n
}

// addText adds text to the open element, joined to a text node just before.
func (b *htmlFast) addText(s []byte) {
	if len(s) == 0 {
		return
	}
	t := b.top()
	if last := t.LastChild; last != nil && last.Type == html.TextNode {
		last.Data += string(s) // rare: text is mostly one token
		return
	}
	n := b.node()
	n.Type, n.Data = html.TextNode, string(s)
	t.AppendChild(n)
}

func (b *htmlFast) comment(parent *html.Node, data []byte) {
	n := b.node()
	n.Type, n.Data = html.CommentNode, string(data)
	parent.AppendChild(n)
}

// value is an attribute value as a string, short ones made once.
func (b *htmlFast) value(v []byte) string {
	if len(v) > 24 {
		return string(v)
	}
	h := uint32(2166136261)
	for _, c := range v {
		h = (h ^ uint32(c)) * 16777619
	}
	slot := &b.vcache[(h^h>>8^h>>16)%uint32(len(b.vcache))]
	if *slot != string(v) {
		*slot = string(v)
	}
	return *slot
}

// element makes the element of the current start tag as Tokenizer.Token
// would give it (lower-case names, unescaped values; known names as their
// atoms' strings), and appends it to the open element.
func (b *htmlFast) element(name []byte, hasAttr bool) *html.Node {
	n := b.node()
	n.Type = html.ElementNode
	if a := atom.Lookup(name); a != 0 {
		n.DataAtom, n.Data = a, a.String()
	} else {
		n.Data = string(name)
	}
	if hasAttr {
		// Each list is a window of the slab, its capacity cut to its
		// length, so the next list appended never writes into it.
		start := len(b.aslab)
		for _, a := range b.z.attrs {
			b.aslab = append(b.aslab, html.Attribute{Key: a.key, Val: b.value(a.val)})
		}
		n.Attr = b.aslab[start:len(b.aslab):len(b.aslab)]
		if cap(b.aslab)-len(b.aslab) < 8 {
			b.aslab = make([]html.Attribute, 0, 256)
		}
	}
	b.top().AppendChild(n)
	return n
}

// pInButtonScope reports whether a start tag of a block would close a p.
func (b *htmlFast) pInButtonScope() bool {
	for i := len(b.oe) - 1; i >= 0; i-- {
		switch b.oe[i].DataAtom {
		case atom.P:
			return true
		case atom.Applet, atom.Caption, atom.Html, atom.Table, atom.Td, atom.Th, atom.Marquee, atom.Object,
			atom.Template, atom.Select, atom.Button:
			return false
		}
	}
	return false
}

// closesItem reports whether an li (or a dd or dt: items) would close an
// open one, as the tree builder's loop over the open elements.
func (b *htmlFast) closesItem(items ...atom.Atom) bool {
	for i := len(b.oe) - 1; i >= 0; i-- {
		a := b.oe[i].DataAtom
		if slices.Contains(items, a) {
			return true
		}
		if a != atom.Address && a != atom.Div && a != atom.P && htmlSpecial[a] {
			return false
		}
	}
	return false
}

// openA reports whether an a is open since the last table cell or caption
// (the tree builder would close it: a list of active formatting elements
// holds no more than the open ones on the pages accepted here).
func (b *htmlFast) openA() bool {
	for i := len(b.oe) - 1; i >= 0; i-- {
		switch b.oe[i].DataAtom {
		case atom.A:
			return true
		case atom.Td, atom.Th, atom.Caption:
			return false
		}
	}
	return false
}

func (b *htmlFast) push(n *html.Node) bool {
	b.oe = append(b.oe, n)
	return len(b.oe) <= 512
}

// run reads every token; false to decline.
func (b *htmlFast) run() bool {
	z := &b.z
	for {
		switch z.next() {
		case html.ErrorToken:
			if !z.ok || b.mode < hmInBody {
				return false
			}
			return true
		case html.TextToken:
			if !b.textToken(z.text) {
				return false
			}
		case html.CommentToken:
			switch b.mode {
			case hmInitial, hmBeforeHTML, hmAfterAfterBody:
				b.comment(b.doc, z.text)
			case hmAfterBody:
				b.comment(b.oe[0], z.text)
			default:
				b.comment(b.top(), z.text)
			}
		case html.DoctypeToken:
			if b.mode != hmInitial || string(z.text) != "html" {
				return false
			}
			n := b.node()
			n.Type, n.Data = html.DoctypeNode, "html"
			b.doc.AppendChild(n)
			b.mode = hmBeforeHTML
		case html.StartTagToken, html.SelfClosingTagToken:
			if !b.startTag() {
				return false
			}
		case html.EndTagToken:
			if !b.endTag() {
				return false
			}
		default:
			return false
		}
	}
}

func (b *htmlFast) textToken(s []byte) bool {
	if bytes.IndexByte(s, 0) >= 0 {
		return false
	}
	rest := bytes.TrimLeft(s, htmlWhitespace)
	switch b.mode {
	case hmInitial, hmBeforeHTML, hmBeforeHead:
		return len(rest) == 0
	case hmInHead, hmAfterHead:
		if b.mode == hmInHead && b.inRawText() {
			b.addText(s) // a title's, style's or script's text, whole
			return true
		}
		b.addText(s[:len(s)-len(rest)])
		return len(rest) == 0
	case hmAfterBody, hmAfterAfterBody:
		if len(rest) != 0 {
			return false
		}
		b.addText(s)
		return true
	}
	t := b.top()
	switch t.DataAtom {
	case atom.Table, atom.Thead, atom.Tbody, atom.Tfoot, atom.Tr, atom.Colgroup:
		if len(rest) != 0 {
			return false
		}
	case atom.Pre:
		if t.FirstChild == nil && len(s) > 0 && s[0] == '\n' {
			s = s[1:] // the tree builder drops a newline just after <pre>
		}
	}
	b.addText(s)
	return true
}

// inRawText: the open element is a title, style or script in the head,
// whose text the tokenizer gives whole.
func (b *htmlFast) inRawText() bool {
	switch b.top().DataAtom {
	case atom.Title, atom.Style, atom.Script:
		return true
	}
	return false
}

func (b *htmlFast) startTag() bool {
	name, hasAttr := b.z.name, len(b.z.attrs) > 0
	a := atom.Lookup(name)
	switch b.mode {
	case hmBeforeHTML:
		if a != atom.Html {
			return false
		}
		b.mode = hmBeforeHead
		return b.push(b.element(name, hasAttr))
	case hmBeforeHead:
		if a != atom.Head {
			return false
		}
		b.mode = hmInHead
		return b.push(b.element(name, hasAttr))
	case hmInHead:
		if b.top().DataAtom != atom.Head {
			return false
		}
		switch a {
		case atom.Meta, atom.Link:
			b.element(name, hasAttr)
			return true
		case atom.Title, atom.Style, atom.Script:
			return b.push(b.element(name, hasAttr))
		}
		return false
	case hmAfterHead:
		if a != atom.Body {
			return false
		}
		b.mode = hmInBody
		return b.push(b.element(name, hasAttr))
	case hmInBody:
	default:
		return false
	}
	t := b.top().DataAtom
	if kids, ok := htmlTableKids[t]; ok {
		// In a table, its sections, rows and column groups: only their own
		// children (anything else the tree builder moves or implies).
		if !kids[a] {
			return false
		}
		n := b.element(name, hasAttr)
		if htmlVoid[a] {
			return true
		}
		return b.push(n)
	}
	if t == atom.Title || t == atom.Style || t == atom.Script {
		return false // not reached: their text is raw
	}
	switch {
	case a == atom.Table:
		if b.pInButtonScope() {
			return false
		}
	case a == atom.Li:
		if b.closesItem(atom.Li) || b.pInButtonScope() {
			return false
		}
	case a == atom.Dd || a == atom.Dt:
		if b.closesItem(atom.Dd, atom.Dt) || b.pInButtonScope() {
			return false
		}
	case a == atom.H1 || a == atom.H2 || a == atom.H3 || a == atom.H4 || a == atom.H5 || a == atom.H6:
		switch t {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return false
		}
		if b.pInButtonScope() {
			return false
		}
	case a == atom.Listing:
		return false
	case htmlPClosers[a]:
		if b.pInButtonScope() {
			return false
		}
	case a == atom.A:
		if b.openA() {
			return false
		}
	case htmlFormatting[a], htmlPhrasing[a]:
	case a == atom.Br, a == atom.Img, a == atom.Wbr, a == atom.Meta, a == atom.Link:
	case a == atom.Style, a == atom.Script, a == atom.Title:
	default:
		return false
	}
	n := b.element(name, hasAttr)
	if htmlFormatting[a] && len(n.Attr) > 1 {
		// as the tree builder's addFormattingElement
		slices.SortFunc(n.Attr, func(x, y html.Attribute) int {
			return cmp.Or(cmp.Compare(x.Namespace, y.Namespace), cmp.Compare(x.Key, y.Key), cmp.Compare(x.Val, y.Val))
		})
	}
	if htmlVoid[a] {
		return true
	}
	return b.push(n)
}

func (b *htmlFast) endTag() bool {
	a := atom.Lookup(b.z.name)
	switch b.mode {
	case hmInHead:
		t := b.top()
		if t.DataAtom != a || a == 0 {
			return false
		}
		b.oe = b.oe[:len(b.oe)-1]
		if a == atom.Head {
			b.mode = hmAfterHead
		}
		return true
	case hmInBody:
	case hmAfterBody:
		if a != atom.Html {
			return false
		}
		b.mode = hmAfterAfterBody
		return true
	default:
		return false
	}
	t := b.top()
	if a == 0 || t.DataAtom != a || len(b.oe) < 2 {
		return false
	}
	if a == atom.Body {
		b.mode = hmAfterBody // the body stays open
		return true
	}
	b.oe = b.oe[:len(b.oe)-1]
	return true
}
