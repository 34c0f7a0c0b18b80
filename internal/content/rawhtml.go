package content

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Raw HTML in Markdown is read, never passed through: the safe, common
// elements are mapped into the model (so their words reach every format),
// active or embedded content is dropped and the words it held are counted in
// a warning, and anything else is transparent (its text is kept, the element
// is not). Links and images inside HTML follow the same policy as Markdown's.

// htmlDropped elements never reach the model: they run code, embed other
// documents or take input. Their text is counted as lost.
var htmlDropped = map[string]bool{
	"script": true, "style": true, "template": true, "noscript": true, "object": true, "embed": true,
	"applet": true, "form": true, "input": true, "button": true, "select": true, "textarea": true,
	"option": true, "svg": true, "math": true, "canvas": true, "audio": true, "video": true,
	"iframe": true, "frame": true, "frameset": true, "head": true, "title": true, "meta": true,
	"link": true, "base": true, "param": true, "source": true, "track": true, "dialog": true,
	"slot": true, "map": true, "area": true,
}

// htmlBlockish elements start a new block when met in block context; in an
// inline context (inside a link, a cell) their text is kept, set apart by
// spaces so no two words join.
var htmlBlockish = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "ul": true,
	"ol": true, "li": true, "dl": true, "dt": true, "dd": true, "blockquote": true, "pre": true,
	"hr": true, "table": true, "thead": true, "tbody": true, "tfoot": true, "tr": true, "th": true,
	"td": true, "caption": true, "details": true, "summary": true, "div": true, "section": true,
	"article": true, "main": true, "header": true, "footer": true, "nav": true, "aside": true,
	"figure": true, "figcaption": true, "center": true, "address": true, "fieldset": true,
	"legend": true, "hgroup": true, "body": true, "html": true,
}

// htmlVoid elements have no closing tag.
var htmlVoid = map[string]bool{
	"br": true, "img": true, "hr": true, "wbr": true, "input": true, "meta": true, "link": true,
	"source": true, "track": true, "param": true, "area": true, "col": true, "embed": true, "base": true,
}

// segMap maps offsets in text joined from segments back to the source.
type segMap struct {
	raw   []int // start of each segment in the joined text
	src   []int // start of each segment in the source
	fixed int   // a fallback source offset when there are no segments
}

func (c *converter) joinSegs(segs *text.Segments) (string, segMap) {
	var sb strings.Builder
	m := segMap{fixed: -1}
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		m.raw = append(m.raw, sb.Len())
		m.src = append(m.src, s.Start)
		sb.Write(s.Value(c.src))
	}
	return sb.String(), m
}

func (c *converter) posIn(m segMap, off int, fallback doc.Pos) doc.Pos {
	if len(m.raw) == 0 {
		return fallback
	}
	i := sort.SearchInts(m.raw, off+1) - 1
	if i < 0 {
		i = 0
	}
	return c.at(m.src[i] + off - m.raw[i])
}

// ---- HTML blocks ----

// htmlBlocks converts a raw HTML block into model blocks.
func (c *converter) htmlBlocks(segs *text.Segments, p doc.Pos, depth int) []doc.Block {
	raw, m := c.joinSegs(segs)
	if strings.TrimSpace(raw) == "" {
		return nil
	}
	h := c.newHTMLConv(raw, m, p)
	nodes, err := html.ParseFragment(strings.NewReader(raw), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		// x/net/html refuses elements nested over 512 deep
		c.warnf(p, "HTML-DROPPED", "write the content in Markdown, nested less deeply",
			"raw HTML could not be read (%v)%s", err, wordsDropped(countWords(stripTags(raw))))
		return nil
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return attachCaptions(h.blocks(root, depth))
}

// htmlConv converts one piece of parsed HTML; it knows where each start tag
// was in the source so messages point at the element.
type htmlConv struct {
	c      *converter
	p      doc.Pos
	starts map[string][]doc.Pos // start-tag positions per tag name, in source order
	pos    map[*html.Node]doc.Pos
}

func (c *converter) newHTMLConv(raw string, m segMap, p doc.Pos) *htmlConv {
	h := &htmlConv{c: c, p: p, starts: map[string][]doc.Pos{}, pos: map[*html.Node]doc.Pos{}}
	z := html.NewTokenizer(strings.NewReader(raw))
	off := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		n := len(z.Raw())
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			name, _ := z.TagName()
			h.starts[string(name)] = append(h.starts[string(name)], c.posIn(m, off, p))
		}
		off += n
	}
	return h
}

// at is the source position of an element: the next unclaimed start tag of
// its name (the parser's tree is in source order), else the block's.
func (h *htmlConv) at(n *html.Node) doc.Pos {
	if p, ok := h.pos[n]; ok {
		return p
	}
	p := h.p
	if q := h.starts[n.Data]; len(q) > 0 {
		p, h.starts[n.Data] = q[0], q[1:]
	}
	h.pos[n] = p
	return p
}

func (h *htmlConv) blocks(n *html.Node, depth int) []doc.Block {
	if depth > doc.MaxNesting {
		h.c.tooDeep(h.at(n))
		return nil
	}
	var out []doc.Block
	var inl []doc.Inline
	var inlPos doc.Pos
	flush := func() {
		ins := trimInlines(mergeText(inl))
		inl = nil
		if len(ins) == 0 {
			return
		}
		if img := loneImage(ins); img != nil {
			f := &doc.Figure{Pos: inlPos, Image: img}
			if img.Title != "" && !img.Decorative {
				f.Caption = []doc.Inline{&doc.Text{Pos: img.Pos, Text: img.Title}}
			}
			out = append(out, f)
			return
		}
		out = append(out, &doc.Paragraph{Pos: inlPos, Inlines: ins})
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && htmlBlockish[ch.Data] {
			flush()
			out = append(out, h.block(ch, depth+1)...)
			continue
		}
		if len(inl) == 0 {
			inlPos = h.p
			if ch.Type == html.ElementNode {
				inlPos = h.at(ch)
			}
		}
		inl = append(inl, h.inline(ch, depth+1)...)
	}
	flush()
	return out
}

func (h *htmlConv) block(el *html.Node, depth int) []doc.Block {
	p := h.at(el)
	switch el.Data {
	case "h1", "h2", "h3", "h4", "h5", "h6":
		ins := h.inlinesOf(el, depth)
		if len(ins) == 0 {
			return nil
		}
		hd := &doc.Heading{Pos: p, Level: int(el.Data[1] - '0'), Inlines: ins}
		hd.ID = h.c.uniqueID(doc.PlainText(ins))
		return []doc.Block{hd}
	case "ul", "ol":
		l := &doc.List{Pos: p, Ordered: el.Data == "ol", Tight: true}
		if l.Ordered {
			l.Start = 1
			if s, err := strconv.Atoi(attr(el, "start")); err == nil && s >= 0 {
				l.Start = s
			}
		}
		for ch, next := el.FirstChild, (*html.Node)(nil); ch != nil; ch = next {
			next = ch.NextSibling
			if ch.Type == html.TextNode && strings.TrimSpace(ch.Data) == "" || ch.Type == html.CommentNode {
				continue
			}
			item := &doc.ListItem{Pos: p}
			if ch.Type == html.ElementNode {
				item.Pos = h.at(ch)
			}
			if ch.Type == html.ElementNode && ch.Data == "li" {
				item.Blocks = h.blocks(ch, depth)
			} else {
				// text or an element straight inside the list: an item of its own
				wrap := &html.Node{Type: html.ElementNode, Data: "div"}
				el.RemoveChild(ch)
				wrap.AppendChild(ch)
				item.Blocks = h.blocks(wrap, depth)
			}
			if len(item.Blocks) > 0 {
				l.Items = append(l.Items, item)
			}
		}
		if len(l.Items) == 0 {
			return nil
		}
		return []doc.Block{l}
	case "dl":
		dl := &doc.DefinitionList{Pos: p}
		var cur *doc.DefinitionItem
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				if ch.Type != html.ElementNode {
					continue
				}
				switch ch.Data {
				case "dt":
					cur = &doc.DefinitionItem{Pos: h.at(ch), Term: h.inlinesOf(ch, depth)}
					dl.Items = append(dl.Items, cur)
				case "dd":
					if cur == nil {
						cur = &doc.DefinitionItem{Pos: h.at(ch)}
						dl.Items = append(dl.Items, cur)
					}
					cur.Defs = append(cur.Defs, h.blocks(ch, depth))
				default:
					walk(ch) // <div> groups inside <dl>
				}
			}
		}
		walk(el)
		if len(dl.Items) == 0 {
			return nil
		}
		return []doc.Block{dl}
	case "blockquote":
		bs := h.blocks(el, depth)
		if len(bs) == 0 {
			return nil
		}
		return []doc.Block{&doc.BlockQuote{Pos: p, Blocks: bs}}
	case "pre":
		cb := &doc.CodeBlock{Pos: p, Text: strings.TrimRight(strings.TrimPrefix(textContent(el), "\n"), "\n \t")}
		if code := firstElement(el, "code"); code != nil {
			for _, cl := range strings.Fields(attr(code, "class")) {
				if l, ok := strings.CutPrefix(cl, "language-"); ok {
					cb.Lang = l
				}
			}
		}
		if strings.TrimSpace(cb.Text) == "" {
			return nil
		}
		return []doc.Block{cb}
	case "hr":
		return []doc.Block{&doc.ThematicBreak{Pos: p}}
	case "table":
		if t := h.table(el, depth); t != nil {
			return []doc.Block{t}
		}
		return nil
	case "details":
		// The summary is the visible label of hidden content: both are
		// written out, the summary as a bold paragraph.
		var out []doc.Block
		rest := &html.Node{Type: html.ElementNode, Data: "div"}
		for ch := el.FirstChild; ch != nil; {
			next := ch.NextSibling
			if ch.Type == html.ElementNode && ch.Data == "summary" {
				if ins := h.inlinesOf(ch, depth); len(ins) > 0 {
					out = append(out, &doc.Paragraph{Pos: h.at(ch), Inlines: []doc.Inline{&doc.Strong{Pos: h.at(ch), Children: ins}}})
				}
			} else {
				el.RemoveChild(ch)
				rest.AppendChild(ch)
			}
			ch = next
		}
		return append(out, h.blocks(rest, depth)...)
	}
	// p, div, section, summary, caption, dt/dd/li/tr/td out of place...:
	// the element goes, its content stays.
	return h.blocks(el, depth)
}

func (h *htmlConv) table(el *html.Node, depth int) *doc.Table {
	p := h.at(el)
	t := &doc.Table{Pos: p}
	var rows []*html.Node
	headRows := map[*html.Node]bool{}
	var collect func(n *html.Node, head bool)
	collect = func(n *html.Node, head bool) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			switch ch.Data {
			case "caption":
				t.Caption = h.inlinesOf(ch, depth)
			case "thead":
				collect(ch, true)
			case "tbody", "tfoot":
				collect(ch, false)
			case "tr":
				rows = append(rows, ch)
				headRows[ch] = head
			}
		}
	}
	collect(el, false)
	for _, tr := range rows {
		r := &doc.TableRow{Pos: h.at(tr)}
		allTH := true
		for cell := tr.FirstChild; cell != nil; cell = cell.NextSibling {
			if cell.Type != html.ElementNode || (cell.Data != "th" && cell.Data != "td") {
				continue
			}
			h.c.cells++
			if h.c.cells > doc.MaxTableCells {
				h.c.errorf(p, "LIMIT-TABLE", "split the table into smaller ones", "tables hold more than %d cells", doc.MaxTableCells)
				return nil
			}
			th := cell.Data == "th"
			allTH = allTH && th
			r.Cells = append(r.Cells, &doc.TableCell{Pos: h.at(cell), Header: th, Align: alignAttr(cell), Inlines: h.inlinesOf(cell, depth)})
		}
		if len(r.Cells) == 0 {
			continue
		}
		// A header row holds only header cells and comes before the body;
		// a row of data cells is body even inside <thead> (a missing
		// </thead> puts the whole table there).
		if len(t.Body) == 0 && (allTH || headRows[tr] && len(t.Head) == 0) {
			for _, cl := range r.Cells {
				cl.Header = true
			}
			t.Head = append(t.Head, r)
		} else {
			t.Body = append(t.Body, r)
		}
		t.Cols = max(t.Cols, len(r.Cells))
	}
	if t.Cols == 0 {
		return nil
	}
	if len(t.Head) == 0 {
		// A table without header cells would refuse the whole document; its
		// first row is the best guess at the column names.
		h.c.warnf(p, "HTML-TABLE-HEAD", "mark the header row with <th> cells, or write the table in Markdown",
			"HTML table has no header cells; its first row is used as the header row")
		t.Head, t.Body = t.Body[:1], t.Body[1:]
		for _, cl := range t.Head[0].Cells {
			cl.Header = true
		}
	}
	for _, rs := range [][]*doc.TableRow{t.Head, t.Body} {
		for _, r := range rs {
			for len(r.Cells) < t.Cols {
				r.Cells = append(r.Cells, &doc.TableCell{Pos: r.Pos, Header: r.Cells[0].Header})
			}
		}
	}
	t.Align = make([]doc.Align, t.Cols)
	return t
}

func alignAttr(n *html.Node) doc.Align {
	a := strings.ToLower(attr(n, "align"))
	if a == "" {
		if m := textAlignRe.FindStringSubmatch(strings.ToLower(attr(n, "style"))); m != nil {
			a = m[1]
		}
	}
	switch a {
	case "left":
		return doc.AlignLeft
	case "center":
		return doc.AlignCenter
	case "right":
		return doc.AlignRight
	}
	return doc.AlignNone
}

var textAlignRe = regexp.MustCompile(`text-align\s*:\s*(left|center|right)`)

// inlinesOf converts an element's content to inlines, trimmed.
func (h *htmlConv) inlinesOf(el *html.Node, depth int) []doc.Inline {
	var out []doc.Inline
	for ch := el.FirstChild; ch != nil; ch = ch.NextSibling {
		out = append(out, h.inline(ch, depth+1)...)
	}
	return trimInlines(mergeText(out))
}

var htmlSpace = regexp.MustCompile(`[ \t\n\r\f]+`)

func (h *htmlConv) inline(n *html.Node, depth int) []doc.Inline {
	if depth > doc.MaxNesting {
		h.c.tooDeep(h.p)
		return nil
	}
	switch n.Type {
	case html.TextNode:
		s := htmlSpace.ReplaceAllString(n.Data, " ")
		if s == "" {
			return nil
		}
		return []doc.Inline{&doc.Text{Pos: h.p, Text: s}}
	case html.ElementNode:
	default:
		return nil
	}
	p := h.at(n)
	if htmlVoid[n.Data] && !htmlDropped[n.Data] {
		return h.c.htmlVoidInline(n.Data, n.Attr, p)
	}
	if htmlDropped[n.Data] {
		return h.c.droppedHTML(n.Data, n.Attr, p, countWords(textContent(n)))
	}
	if n.Data == "code" || n.Data == "kbd" || n.Data == "samp" || n.Data == "tt" {
		s := htmlSpace.ReplaceAllString(textContent(n), " ")
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return []doc.Inline{&doc.Code{Pos: p, Text: s}}
	}
	var kids []doc.Inline
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		kids = append(kids, h.inline(ch, depth+1)...)
	}
	return h.c.wrapHTML(n.Data, n.Attr, p, mergeText(kids))
}

// wrapHTML maps an inline element with converted content into the model.
func (c *converter) wrapHTML(tag string, attrs []html.Attribute, p doc.Pos, kids []doc.Inline) []doc.Inline {
	switch tag {
	case "strong", "b":
		if len(kids) == 0 {
			return nil
		}
		return []doc.Inline{&doc.Strong{Pos: p, Children: kids}}
	case "em", "i", "cite", "dfn", "var":
		if len(kids) == 0 {
			return nil
		}
		return []doc.Inline{&doc.Emph{Pos: p, Children: kids}}
	case "s", "strike", "del":
		if len(kids) == 0 {
			return nil
		}
		return []doc.Inline{&doc.Strike{Pos: p, Children: kids}}
	case "code", "kbd", "samp", "tt":
		s := doc.PlainText(kids)
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return []doc.Inline{&doc.Code{Pos: p, Text: s}}
	case "a":
		href := attrOf(attrs, "href")
		if href == "" {
			// a named anchor: links to it go to the heading it marks
			for _, k := range []string{"id", "name"} {
				if v := strings.TrimSpace(attrOf(attrs, k)); v != "" {
					c.htmlAnchors = append(c.htmlAnchors, htmlAnchor{name: v, pos: p})
				}
			}
			return kids
		}
		text, after := splitTrailingSpace(kids)
		return append(c.link(p, href, attrOf(attrs, "title"), text), after...)
	case "span", "q", "bdi", "bdo":
		if lang := attrOf(attrs, "lang"); lang != "" && len(kids) > 0 {
			return []doc.Inline{c.span(p, lang, kids)}
		}
		if tag == "q" {
			return append(append([]doc.Inline{&doc.Text{Pos: p, Text: "“"}}, kids...), &doc.Text{Pos: p, Text: "”"})
		}
	}
	if htmlBlockish[tag] {
		// a block inside an inline context (a paragraph in a link, a list
		// in a cell): keep its words apart from the words around it
		return append(append([]doc.Inline{&doc.Text{Pos: p, Text: " "}}, kids...), &doc.Text{Pos: p, Text: " "})
	}
	// sup, sub, abbr, u, small, mark, font, ins, time and unknown elements:
	// the element goes, its text stays.
	return kids
}

// htmlAnchor is a link target set in raw HTML (<a id="x"></a>).
type htmlAnchor struct {
	name string
	pos  doc.Pos
}

// splitTrailingSpace takes the spaces a link's text ends with out of it, to
// be written after the link: "[standard ](url)goes" keeps its space.
func splitTrailingSpace(ks []doc.Inline) (text, after []doc.Inline) {
	if len(ks) == 0 {
		return ks, nil
	}
	t, ok := ks[len(ks)-1].(*doc.Text)
	if !ok {
		return ks, nil
	}
	trimmed := strings.TrimRight(t.Text, " \t")
	if trimmed == t.Text {
		return ks, nil
	}
	after = []doc.Inline{&doc.Text{Pos: t.Pos, Text: " "}}
	text = append([]doc.Inline{}, ks[:len(ks)-1]...)
	if trimmed != "" {
		text = append(text, &doc.Text{Pos: t.Pos, Text: trimmed})
	}
	return text, after
}

// spaceAfterLink keeps the space a Markdown link's text ends with, written
// after the link: "[12th service standard ](url)goes" must not read
// "standardgoes".
func (c *converter) spaceAfterLink(l *ast.Link) []doc.Inline {
	t, ok := l.LastChild().(*ast.Text)
	if !ok || t.SoftLineBreak() || t.HardLineBreak() {
		return nil
	}
	v := t.Segment.Value(c.src)
	if len(v) == 0 || (v[len(v)-1] != ' ' && v[len(v)-1] != '\t') {
		return nil
	}
	return []doc.Inline{&doc.Text{Pos: c.at(t.Segment.Stop), Text: " "}}
}

// htmlVoidInline converts an element without content: br, img, hr, wbr.
func (c *converter) htmlVoidInline(tag string, attrs []html.Attribute, p doc.Pos) []doc.Inline {
	switch tag {
	case "br":
		return []doc.Inline{&doc.LineBreak{Pos: p}}
	case "hr":
		return []doc.Inline{&doc.Text{Pos: p, Text: " "}}
	case "img":
		src := attrOf(attrs, "src")
		alt, hasAlt := attrLookup(attrs, "alt")
		title := attrOf(attrs, "title")
		if hasAlt && strings.TrimSpace(alt) == "" && title == "" {
			// alt="" is how HTML declares an image decorative
			title = "decorative"
		}
		img := c.localImage(p, src, alt, title)
		if img == nil {
			return nil
		}
		return []doc.Inline{img}
	}
	return nil
}

// droppedHTML reports an element that never reaches the output, with the
// number of words the reader loses. An embedded video or frame with a title
// and an address becomes a link so the reader knows it is there.
func (c *converter) droppedHTML(tag string, attrs []html.Attribute, p doc.Pos, words int) []doc.Inline {
	src, title := attrOf(attrs, "src"), strings.TrimSpace(attrOf(attrs, "title"))
	if (tag == "iframe" || tag == "video") && src != "" && title != "" {
		if strings.HasPrefix(src, "//") {
			src = "https:" + src
		}
		c.warnf(p, "HTML-EMBED", "link to the video or page in Markdown: [Video: title](https://...)",
			"embedded <%s> replaced by a link to it, \"Video: %s\"", tag, title)
		return c.link(p, src, "", []doc.Inline{&doc.Text{Pos: p, Text: "Video: " + title}})
	}
	c.warnf(p, "HTML-DROPPED", "write the content in Markdown; active and embedded HTML never reaches any output",
		"<%s> element dropped%s", tag, wordsDropped(words))
	return nil
}

// wordsDropped says how many words a reader loses: ", 3 words dropped".
func wordsDropped(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return ", 1 word dropped"
	}
	return fmt.Sprintf(", %d words dropped", n)
}

// ---- inline HTML in Markdown ----

// inlineNodes converts a Markdown container's inline children. Goldmark
// gives each inline HTML tag as its own node, so an element's opening and
// closing tags are paired here (in one pass, with a stack per tag name) and
// the Markdown between them becomes the element's content.
func (c *converter) inlineNodes(n ast.Node, depth int, fallback doc.Pos) []doc.Inline {
	s := &inlineRun{}
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		s.nodes = append(s.nodes, ch)
	}
	s.toks = make([]html.Token, len(s.nodes))
	s.close = make([]int, len(s.nodes))
	open := map[string][]int{}
	for i, nd := range s.nodes {
		s.close[i] = -1
		raw, ok := nd.(*ast.RawHTML)
		if !ok {
			continue
		}
		str, _ := c.joinSegs(raw.Segments)
		s.toks[i] = firstToken(str)
		switch tk := s.toks[i]; tk.Type {
		case html.StartTagToken:
			if !htmlVoid[tk.Data] {
				open[tk.Data] = append(open[tk.Data], i)
			}
		case html.EndTagToken:
			if st := open[tk.Data]; len(st) > 0 {
				s.close[st[len(st)-1]] = i
				open[tk.Data] = st[:len(st)-1]
			}
		}
	}
	return c.inlineSeq(s, 0, len(s.nodes), depth, fallback)
}

// inlineRun is one container's inline children with their HTML tags read.
type inlineRun struct {
	nodes []ast.Node
	toks  []html.Token // the tag of each raw HTML node
	close []int        // for an opening tag, the index of its closing tag, else -1
}

func (c *converter) inlineSeq(s *inlineRun, lo, hi, depth int, fallback doc.Pos) []doc.Inline {
	var out []doc.Inline
	for i := lo; i < hi; i++ {
		raw, ok := s.nodes[i].(*ast.RawHTML)
		if !ok {
			out = append(out, c.inline(s.nodes[i], depth, fallback)...)
			continue
		}
		p := c.pos(raw, fallback)
		tok := s.toks[i]
		switch tok.Type {
		case html.StartTagToken, html.SelfClosingTagToken:
			name := tok.Data
			if htmlVoid[name] || tok.Type == html.SelfClosingTagToken {
				if htmlDropped[name] {
					out = append(out, c.droppedHTML(name, tok.Attr, p, 0)...)
				} else {
					out = append(out, c.htmlVoidInline(name, tok.Attr, p)...)
				}
				continue
			}
			j := s.close[i]
			if j < 0 || j >= hi {
				if htmlDropped[name] {
					c.droppedHTML(name, tok.Attr, p, 0)
				}
				continue // an unclosed element: its tag goes, the text after it stays
			}
			switch {
			case htmlDropped[name]:
				out = append(out, c.droppedHTML(name, tok.Attr, p, c.wordsBetween(s.nodes[i], s.nodes[j]))...)
			case depth+1 > doc.MaxNesting:
				c.tooDeep(p)
			default:
				kids := mergeText(c.inlineSeq(s, i+1, j, depth+1, fallback))
				out = append(out, c.wrapHTML(name, tok.Attr, p, kids)...)
			}
			i = j
		case html.EndTagToken, html.CommentToken:
			// a closing tag without its opening one, or a comment: not content
		default:
			str, _ := c.joinSegs(raw.Segments)
			c.rawHTMLText(str, p)
		}
	}
	return out
}

// wordsBetween counts the words of the source between two inline nodes.
func (c *converter) wordsBetween(a, b ast.Node) int {
	ra, _ := a.(*ast.RawHTML)
	rb, _ := b.(*ast.RawHTML)
	if ra == nil || rb == nil || ra.Segments.Len() == 0 || rb.Segments.Len() == 0 {
		return 0
	}
	from, to := ra.Segments.At(ra.Segments.Len()-1).Stop, rb.Segments.At(0).Start
	if from >= to || to > len(c.src) {
		return 0
	}
	return countWords(stripTags(string(c.src[from:to])))
}

func firstToken(s string) html.Token {
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() == io.EOF {
				return html.Token{Type: html.ErrorToken}
			}
			return html.Token{Type: html.ErrorToken}
		}
		if tt == html.TextToken && strings.TrimSpace(string(z.Text())) == "" {
			continue
		}
		return z.Token()
	}
}

func stripTags(s string) string {
	var sb strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return sb.String()
		}
		if tt == html.TextToken {
			sb.Write(z.Text())
		} else {
			sb.WriteByte(' ')
		}
	}
}

func countWords(s string) int { return len(strings.Fields(s)) }

func textContent(n *html.Node) string {
	var sb strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			sb.WriteString(n.Data)
		case html.ElementNode:
			if n.Data == "br" {
				sb.WriteByte('\n')
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return sb.String()
}

func firstElement(n *html.Node, tag string) *html.Node {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.Data == tag {
			return ch
		}
	}
	return nil
}

func attr(n *html.Node, key string) string { return attrOf(n.Attr, key) }

func attrOf(attrs []html.Attribute, key string) string {
	v, _ := attrLookup(attrs, key)
	return v
}

func attrLookup(attrs []html.Attribute, key string) (string, bool) {
	for _, a := range attrs {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// trimInlines drops the spaces at both ends of a run of inlines and around
// line breaks, as HTML rendering does.
func trimInlines(ins []doc.Inline) []doc.Inline {
	for len(ins) > 0 {
		t, ok := ins[0].(*doc.Text)
		if !ok {
			break
		}
		t.Text = strings.TrimLeft(t.Text, " ")
		if t.Text != "" {
			break
		}
		ins = ins[1:]
	}
	for len(ins) > 0 {
		if _, ok := ins[len(ins)-1].(*doc.LineBreak); ok {
			ins = ins[:len(ins)-1]
			continue
		}
		t, ok := ins[len(ins)-1].(*doc.Text)
		if !ok {
			break
		}
		t.Text = strings.TrimRight(t.Text, " ")
		if t.Text != "" {
			break
		}
		ins = ins[:len(ins)-1]
	}
	for i, in := range ins {
		if _, ok := in.(*doc.LineBreak); ok {
			if i > 0 {
				if t, ok := ins[i-1].(*doc.Text); ok {
					t.Text = strings.TrimRight(t.Text, " ")
				}
			}
			if i+1 < len(ins) {
				if t, ok := ins[i+1].(*doc.Text); ok {
					t.Text = strings.TrimLeft(t.Text, " ")
				}
			}
		}
	}
	return mergeText(ins)
}
