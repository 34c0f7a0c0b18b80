package content

import (
	"bytes"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/doc"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// converter walks goldmark's AST and builds the doc model.
type converter struct {
	file       string
	src        []byte // the Markdown body (front matter removed)
	lineBase   int    // lines before the body in the file
	lineStarts []int
	opt        Options
	ds         *doc.Diagnostics
	dir        string
	footnotes  []*doc.Footnote
	fnIndex    map[int]int // goldmark footnote index → our N
	ids        map[string]int
	images     map[string]imageFile
	imageBytes int64 // the distinct image files read so far, together (doc.MaxImagesBytes)
	deepSeen   bool
	// the last position computed by at: line index, byte offset, runes before it
	atLine, atOff, atCol int
	cells                int
	htmlAnchors          []htmlAnchor // <a id> / <a name> targets in raw HTML (rawhtml.go)
}

func (c *converter) errorf(p doc.Pos, code, hint, format string, args ...any) {
	*c.ds = append(*c.ds, doc.Errorf(p, code, hint, format, args...))
}

func (c *converter) warnf(p doc.Pos, code, hint, format string, args ...any) {
	*c.ds = append(*c.ds, doc.Warnf(p, code, hint, format, args...))
}

// at converts a byte offset in the body to a file position (column in runes).
func (c *converter) at(off int) doc.Pos {
	if off < 0 {
		off = 0
	}
	if off > len(c.src) {
		off = len(c.src)
	}
	i := sort.Search(len(c.lineStarts), func(i int) bool { return c.lineStarts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	ls := c.lineStarts[i]
	// Positions are asked for in source order, mostly on the same line:
	// counting on from the last answer keeps a very long line linear.
	from, col := ls, 0
	if c.atLine == i && c.atOff >= ls && c.atOff <= off {
		from, col = c.atOff, c.atCol
	}
	col += utf8.RuneCount(c.src[from:off])
	c.atLine, c.atOff, c.atCol = i, off, col
	return doc.Pos{File: c.file, Line: c.lineBase + i + 1, Col: col + 1}
}

// pos finds a source position for any node: its own lines or segment, else
// its first child's, else the fallback.
func (c *converter) pos(n ast.Node, fallback doc.Pos) doc.Pos {
	for depth := 0; n != nil && depth < 8; depth++ {
		if off := n.Pos(); off >= 0 && off <= len(c.src) {
			return c.at(off)
		}
		switch t := n.(type) {
		case *ast.Text:
			return c.at(t.Segment.Start)
		case *ast.CodeSpan, *ast.Emphasis, *ast.Link, *ast.Image:
			// fall through to children
		default:
			if n.Type() == ast.TypeBlock {
				if l := n.Lines(); l != nil && l.Len() > 0 {
					return c.at(l.At(0).Start)
				}
			}
		}
		n = n.FirstChild()
	}
	return fallback
}

func (c *converter) tooDeep(p doc.Pos) {
	if !c.deepSeen {
		c.deepSeen = true
		c.errorf(p, "LIMIT-NESTING", "flatten the structure; lists, quotes and emphasis nest at most "+strconv.Itoa(doc.MaxNesting)+" deep",
			"content nests more than %d levels deep", doc.MaxNesting)
	}
}

// blocks converts the block children of n.
func (c *converter) blocks(n ast.Node, depth int) []doc.Block {
	if depth > doc.MaxNesting {
		c.tooDeep(c.pos(n, doc.Pos{File: c.file}))
		return nil
	}
	var out []doc.Block
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if hb, ok := ch.(*ast.HTMLBlock); ok && hb.HTMLBlockType != ast.HTMLBlockType2 {
			out = append(out, c.htmlBlocks(hb.Lines(), c.pos(ch, doc.Pos{File: c.file}), depth)...) // rawhtml.go
			continue
		}
		if b := c.block(ch, depth); b != nil {
			out = append(out, b)
		}
	}
	return attachCaptions(out)
}

// looksLikeTableRows reports whether a paragraph is written as table rows
// (its first two lines start and end with |) that GitHub and this parser do
// not read as a table: a row commented out between the delimiter row and
// the next ends the table, and the rows after it become a paragraph.
func looksLikeTableRows(n ast.Node, src []byte) bool {
	lines := n.Lines()
	if lines.Len() < 2 {
		return false
	}
	for i := 0; i < 2; i++ {
		l := bytes.TrimSpace(segValue(lines.At(i), src))
		if len(l) < 3 || l[0] != '|' || l[len(l)-1] != '|' {
			return false
		}
	}
	return true
}

var alertRe = regexp.MustCompile(`(?i)^\s*\[!(note|tip|important|warning|caution)\]\s*$`)

func (c *converter) block(n ast.Node, depth int) doc.Block {
	p := c.pos(n, doc.Pos{File: c.file, Line: c.lineBase + 1, Col: 1})
	switch t := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		ins := c.inlines(n, depth)
		if len(ins) == 0 {
			return nil
		}
		if _, ok := n.(*ast.Paragraph); ok && looksLikeTableRows(n, c.src) {
			c.warnf(p, "SRC-TABLE-ROWS", "delete the blank line or HTML comment between the rows, or give the rows a header row and a |---| line",
				"these lines look like table rows but are not in a table, so every format prints them as one paragraph with the | signs: a table ends at a blank line or at a block that interrupts it, such as an HTML comment")
		}
		if img := loneImage(ins); img != nil {
			f := &doc.Figure{Pos: p, Image: img}
			if img.Title != "" && !img.Decorative {
				f.Caption = []doc.Inline{&doc.Text{Pos: img.Pos, Text: img.Title}}
			}
			return f
		}
		return &doc.Paragraph{Pos: p, Inlines: ins}
	case *ast.Heading:
		h := &doc.Heading{Pos: p, Level: t.Level, Inlines: c.inlines(n, depth)}
		if strings.TrimSpace(doc.PlainText(h.Inlines)) == "" {
			// An empty heading has nothing to announce or navigate to (site
			// generators use a bare "#" to hide a title); dropping it loses
			// nothing, so it is a warning rather than a refusal.
			c.warnf(p, "SRC-EMPTY-HEADING", "write the heading's text, or delete the line", "empty heading dropped")
			return nil
		}
		h.ID = c.uniqueID(doc.PlainText(h.Inlines))
		return h
	case *ast.ThematicBreak:
		return &doc.ThematicBreak{Pos: p}
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		var sb strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			sb.Write(segValue(lines.At(i), c.src))
		}
		cb := &doc.CodeBlock{Pos: p, Text: strings.TrimRight(sb.String(), "\n")}
		if f, ok := n.(*ast.FencedCodeBlock); ok {
			cb.Lang = string(f.Language(c.src))
			if f.Info != nil {
				// position of a fenced block is its first content line; point at the fence instead
				p = c.at(f.Info.Segment.Start)
				cb.Pos = doc.Pos{File: p.File, Line: p.Line, Col: 1}
			}
		}
		return cb
	case *ast.Blockquote:
		if depth+1 > doc.MaxNesting {
			c.tooDeep(p)
			return nil
		}
		if kind := c.alertKind(t); kind != "" {
			bs := c.blocks(n, depth+1)
			bs = stripAlertMarker(bs)
			return &doc.Alert{Pos: p, Kind: kind, Blocks: bs}
		}
		return &doc.BlockQuote{Pos: p, Blocks: c.blocks(n, depth+1)}
	case *ast.List:
		if depth+1 > doc.MaxNesting {
			c.tooDeep(p)
			return nil
		}
		l := &doc.List{Pos: p, Ordered: t.IsOrdered(), Start: t.Start, Tight: t.IsTight}
		if !l.Ordered {
			l.Start = 0
		}
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			item := &doc.ListItem{Pos: c.pos(it, p)}
			if fc := it.FirstChild(); fc != nil {
				if cb, ok := fc.FirstChild().(*east.TaskCheckBox); ok {
					item.Task, item.Checked = true, cb.IsChecked
				}
			}
			item.Blocks = c.blocks(it, depth+1)
			l.Items = append(l.Items, item)
		}
		return l
	case *ast.HTMLBlock:
		if t.HTMLBlockType == ast.HTMLBlockType2 {
			return nil // a comment: not content
		}
		c.rawHTML(t.Lines(), p)
		return nil
	case *east.Table:
		return c.table(t, p, depth)
	case *east.DefinitionList:
		dl := &doc.DefinitionList{Pos: p}
		var cur *doc.DefinitionItem
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch ch.(type) {
			case *east.DefinitionTerm:
				cur = &doc.DefinitionItem{Pos: c.pos(ch, p), Term: c.inlines(ch, depth)}
				dl.Items = append(dl.Items, cur)
			case *east.DefinitionDescription:
				if cur == nil {
					cur = &doc.DefinitionItem{Pos: p}
					dl.Items = append(dl.Items, cur)
				}
				cur.Defs = append(cur.Defs, c.blocks(ch, depth+1))
			}
		}
		return dl
	case *east.FootnoteList:
		for fn := n.FirstChild(); fn != nil; fn = fn.NextSibling() {
			f, ok := fn.(*east.Footnote)
			if !ok || f.Index <= 0 {
				continue
			}
			c.footnotes = append(c.footnotes, &doc.Footnote{
				Pos: c.pos(fn, p), N: f.Index, Label: string(f.Ref), Blocks: c.blocks(fn, depth+1),
			})
		}
		sort.SliceStable(c.footnotes, func(i, j int) bool { return c.footnotes[i].N < c.footnotes[j].N })
		return nil
	case *ast.LinkReferenceDefinition:
		return nil
	}
	c.warnf(p, "SRC-UNSUPPORTED", "", "unsupported Markdown construct %s dropped", n.Kind())
	return nil
}

func (c *converter) alertKind(bq *ast.Blockquote) doc.AlertKind {
	para, ok := bq.FirstChild().(*ast.Paragraph)
	if !ok || para.Lines().Len() == 0 {
		return ""
	}
	seg := para.Lines().At(0)
	first := seg.Value(c.src)
	m := alertRe.FindSubmatch(first)
	if m == nil {
		return ""
	}
	return doc.AlertKind(strings.ToLower(string(m[1])))
}

var alertPrefixRe = regexp.MustCompile(`(?i)^\s*\[!(note|tip|important|warning|caution)\]\s*`)

// stripAlertMarker removes "[!NOTE]" from the alert's first paragraph.
func stripAlertMarker(bs []doc.Block) []doc.Block {
	if len(bs) == 0 {
		return bs
	}
	p, ok := bs[0].(*doc.Paragraph)
	if !ok || len(p.Inlines) == 0 {
		return bs
	}
	t, ok := p.Inlines[0].(*doc.Text)
	if !ok {
		return bs
	}
	if m := alertPrefixRe.FindStringIndex(t.Text); m != nil && m[0] == 0 {
		t = textSlice(t, m[1], len(t.Text))
		p.Inlines[0] = t
	}
	if t.Text == "" {
		p.Inlines = p.Inlines[1:]
		if len(p.Inlines) > 0 {
			if lb, ok := p.Inlines[0].(*doc.LineBreak); ok && lb != nil {
				p.Inlines = p.Inlines[1:]
			}
		}
	}
	if len(p.Inlines) == 0 {
		return bs[1:]
	}
	return bs
}

func (c *converter) rawHTML(lines *text.Segments, p doc.Pos) {
	var sb strings.Builder
	for i := 0; i < lines.Len(); i++ {
		sb.Write(segValue(lines.At(i), c.src))
	}
	c.rawHTMLText(sb.String(), p)
}

func (c *converter) rawHTMLText(s string, p doc.Pos) {
	t := strings.TrimSpace(s)
	if t == "" || strings.HasPrefix(t, "<!--") || strings.HasPrefix(t, "</") {
		return // comments are not content; a closing tag was reported with its opening tag
	}
	snippet := t
	if len(snippet) > 40 {
		snippet = snippet[:40] + "…"
	}
	c.warnf(p, "SRC-HTML", "write it in Markdown; raw HTML is never passed through",
		"raw HTML %q dropped", strings.ReplaceAll(snippet, "\n", " "))
}

func (c *converter) table(t *east.Table, p doc.Pos, depth int) doc.Block {
	tb := &doc.Table{Pos: p}
	for _, a := range t.Alignments {
		tb.Align = append(tb.Align, alignOf(a))
	}
	tb.Cols = len(tb.Align)
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		_, isHead := row.(*east.TableHeader)
		r := &doc.TableRow{Pos: c.pos(row, p)}
		i := 0
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			c.cells++
			if c.cells > doc.MaxTableCells {
				c.errorf(p, "LIMIT-TABLE", "split the table into smaller ones",
					"tables hold more than %d cells", doc.MaxTableCells)
				return nil
			}
			tc, _ := cell.(*east.TableCell)
			cl := &doc.TableCell{Pos: c.pos(cell, r.Pos), Header: isHead, Inlines: c.inlines(cell, depth)}
			if tc != nil {
				cl.Align = alignOf(tc.Alignment)
			}
			r.Cells = append(r.Cells, cl)
			i++
		}
		if isHead {
			empty := true
			for _, cl := range r.Cells {
				if strings.TrimSpace(doc.PlainText(cl.Inlines)) != "" {
					empty = false
				}
			}
			if !empty {
				tb.Head = append(tb.Head, r)
			}
			continue
		}
		tb.Body = append(tb.Body, r)
	}
	return tb
}

func alignOf(a east.Alignment) doc.Align {
	switch a {
	case east.AlignLeft:
		return doc.AlignLeft
	case east.AlignCenter:
		return doc.AlignCenter
	case east.AlignRight:
		return doc.AlignRight
	}
	return doc.AlignNone
}

// attachCaptions turns a "Table: ..." paragraph just before (or after) a
// table into that table's caption.
func attachCaptions(bs []doc.Block) []doc.Block {
	out := bs[:0:0]
	for i := 0; i < len(bs); i++ {
		if p, ok := bs[i].(*doc.Paragraph); ok && isCaption(p) {
			if i+1 < len(bs) {
				if t, ok := bs[i+1].(*doc.Table); ok && len(t.Caption) == 0 {
					t.Caption = captionInlines(p)
					continue
				}
			}
			if len(out) > 0 {
				if t, ok := out[len(out)-1].(*doc.Table); ok && len(t.Caption) == 0 {
					t.Caption = captionInlines(p)
					continue
				}
			}
		}
		out = append(out, bs[i])
	}
	return out
}

func isCaption(p *doc.Paragraph) bool {
	t, ok := p.Inlines[0].(*doc.Text)
	return ok && strings.HasPrefix(t.Text, "Table:") && len(strings.TrimSpace(doc.PlainText(p.Inlines))) > len("Table:")
}

func captionInlines(p *doc.Paragraph) []doc.Inline {
	t := p.Inlines[0].(*doc.Text)
	rest := strings.TrimLeft(strings.TrimPrefix(t.Text, "Table:"), " ")
	ins := append([]doc.Inline{}, p.Inlines[1:]...)
	if rest != "" {
		ins = append([]doc.Inline{&doc.Text{Pos: t.Pos, Text: rest}}, ins...)
	}
	return ins
}

func loneImage(ins []doc.Inline) *doc.Image {
	var img *doc.Image
	for _, in := range ins {
		switch n := in.(type) {
		case *doc.Image:
			if img != nil {
				return nil
			}
			img = n
		case *doc.Text:
			if strings.TrimSpace(n.Text) != "" {
				return nil
			}
		default:
			return nil
		}
	}
	return img
}

// ---- inlines ----

func (c *converter) inlines(n ast.Node, depth int) []doc.Inline {
	if depth > doc.MaxNesting {
		c.tooDeep(c.pos(n, doc.Pos{File: c.file}))
		return nil
	}
	var out []doc.Inline
	fallback := c.pos(n, doc.Pos{File: c.file, Line: c.lineBase + 1, Col: 1})
	out = c.inlineNodes(n, depth, fallback) // rawhtml.go: pairs inline HTML tags
	out = mergeText(out)
	out = c.langSpans(out)
	// Trim the soft-break space a paragraph can end with.
	if len(out) > 0 {
		if t, ok := out[len(out)-1].(*doc.Text); ok {
			if trimmed := strings.TrimRight(t.Text, " \t"); trimmed == "" {
				out = out[:len(out)-1]
			} else if len(trimmed) < len(t.Text) {
				out[len(out)-1] = textSlice(t, 0, len(trimmed))
			}
		}
	}
	return out
}

func (c *converter) inline(n ast.Node, depth int, fallback doc.Pos) []doc.Inline {
	p := c.pos(n, fallback)
	switch t := n.(type) {
	case *ast.Text:
		s := decodeText(t.Segment.Value(c.src))
		out := []doc.Inline{&doc.Text{Pos: p, Text: s}}
		if t.HardLineBreak() {
			out = append(out, &doc.LineBreak{Pos: p})
		} else if t.SoftLineBreak() {
			out = append(out, &doc.Text{Pos: p, Text: " "})
		}
		return out
	case *ast.String:
		return []doc.Inline{&doc.Text{Pos: p, Text: string(t.Value)}}
	case *ast.CodeSpan:
		var sb strings.Builder
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch x := ch.(type) {
			case *ast.Text:
				sb.Write(x.Segment.Value(c.src))
				if x.SoftLineBreak() {
					sb.WriteByte(' ')
				}
			case *ast.String:
				sb.Write(x.Value)
			}
		}
		return []doc.Inline{&doc.Code{Pos: p, Text: sb.String()}}
	case *ast.Emphasis:
		kids := c.inlines(n, depth+1)
		if t.Level >= 2 {
			return []doc.Inline{&doc.Strong{Pos: p, Children: kids}}
		}
		return []doc.Inline{&doc.Emph{Pos: p, Children: kids}}
	case *east.Strikethrough:
		return []doc.Inline{&doc.Strike{Pos: p, Children: c.inlines(n, depth+1)}}
	case *ast.Link:
		kids := c.inlines(n, depth+1)
		return append(c.link(p, decodeText(t.Destination), decodeText(t.Title), kids), c.spaceAfterLink(t)...) // rawhtml.go
	case *ast.AutoLink:
		label := string(t.Label(c.src))
		url := string(t.URL(c.src))
		if t.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
			url = "mailto:" + url
		} else if strings.HasPrefix(strings.ToLower(url), "www.") {
			url = "https://" + url
		}
		return c.autoLink(p, url, label)
	case *ast.Image:
		img := c.image(t, p, depth)
		if img == nil {
			return nil
		}
		return []doc.Inline{img}
	case *ast.RawHTML:
		var sb strings.Builder
		for i := 0; i < t.Segments.Len(); i++ {
			sb.Write(segValue(t.Segments.At(i), c.src))
		}
		c.rawHTMLText(sb.String(), p)
		return nil
	case *east.TaskCheckBox:
		return nil // recorded on the list item
	case *east.FootnoteLink:
		return []doc.Inline{&doc.FootnoteRef{Pos: p, N: t.Index}}
	case *east.FootnoteBacklink:
		return nil // writers make their own back links
	}
	c.warnf(p, "SRC-UNSUPPORTED", "", "unsupported Markdown construct %s dropped", n.Kind())
	return nil
}

// decodeText applies Markdown backslash escapes and HTML character references.
func decodeText(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	b = util.UnescapePunctuations(b)
	b = util.ResolveNumericReferences(b)
	b = util.ResolveEntityNames(b)
	return strings.ReplaceAll(string(b), "\x00", "\uFFFD")
}

func (c *converter) link(p doc.Pos, url, title string, kids []doc.Inline) []doc.Inline {
	url = strings.TrimSpace(url)
	scheme := ""
	if i := strings.IndexByte(url, ':'); i > 0 && !strings.ContainsAny(url[:i], "/?#") {
		scheme = strings.ToLower(url[:i])
	}
	switch {
	case scheme == "" && !strings.HasPrefix(url, "#"):
		c.warnf(p, "LINK-RELATIVE", "use an absolute https:// address, or a #heading-id inside this document",
			"relative link %q cannot work in a standalone document; its text is kept without the link", url)
		return kids
	case scheme != "" && scheme != "http" && scheme != "https" && scheme != "mailto" && scheme != "tel":
		c.errorf(p, "LINK-SCHEME", "only http, https, mailto and tel links (and #anchors) are allowed",
			"link uses the %q scheme, which is not allowed", scheme)
		return kids
	}
	// the one link policy (internal/doc), which every writer applies too
	if _, problem := doc.CheckLink(url); problem != "" {
		c.errorf(p, "LINK-INVALID", "write the full address, e.g. https://www.nhs.uk/, mailto:name@example.org or tel:+44-20-7946-0000",
			"link %q cannot be a link: %s", shortURL(url), problem)
		return kids
	}
	return []doc.Inline{&doc.Link{Pos: p, URL: url, Title: title, Children: kids}}
}

func shortURL(s string) string {
	if utf8.RuneCountInString(s) > 80 {
		return string([]rune(s)[:80]) + "…"
	}
	return s
}

// autoLink is an address written as text (linkified) or in <...>: a link
// only when the link policy allows it; any other address (ftp://, a
// malformed one) stays the text it was, with no complaint.
func (c *converter) autoLink(p doc.Pos, url, label string) []doc.Inline {
	text := []doc.Inline{&doc.Text{Pos: p, Text: label}}
	if _, ok := doc.LinkTarget(url); !ok || strings.HasPrefix(url, "#") {
		return text
	}
	return []doc.Inline{&doc.Link{Pos: p, URL: url, Children: text}}
}

var spanRe = regexp.MustCompile(`\[([^\[\]]*)\]\{\s*lang\s*=\s*"?([^"\s}]*)"?\s*\}`)
var spanCloseRe = regexp.MustCompile(`^([^\[\]]*)\]\{\s*lang\s*=\s*"?([^"\s}]*)"?\s*\}`)

// langSpans finds the language-change syntax [text]{lang=cy}, both inside a
// single text run and around other inlines ([*Croeso*]{lang=cy}).
func (c *converter) langSpans(ins []doc.Inline) []doc.Inline {
	if !containsSpanSyntax(ins) {
		return ins
	}
	var out []doc.Inline
	for i := 0; i < len(ins); i++ {
		t, ok := ins[i].(*doc.Text)
		if !ok {
			out = append(out, ins[i])
			continue
		}
		s := t.Text
		base := 0 // offset of s in t.Text
		// spans wholly inside this text
		for {
			m := spanRe.FindStringSubmatchIndex(s)
			if m == nil {
				break
			}
			if m[0] > 0 {
				out = append(out, textSlice(t, base, base+m[0]))
			}
			lang := s[m[4]:m[5]]
			out = append(out, c.span(t.PosAt(base+m[0]), lang, []doc.Inline{textSlice(t, base+m[2], base+m[3])}))
			s = s[m[1]:]
			base += m[1]
		}
		// a span that opens here and closes in a later text run
		if k := strings.LastIndexByte(s, '['); k >= 0 && !strings.ContainsAny(s[k+1:], "[]") {
			closed := false
			for j := i + 1; j < len(ins); j++ {
				tj, ok := ins[j].(*doc.Text)
				if !ok {
					continue
				}
				m := spanCloseRe.FindStringSubmatchIndex(tj.Text)
				if m == nil {
					if strings.ContainsAny(tj.Text, "[]") {
						break
					}
					continue
				}
				var kids []doc.Inline
				if k+1 < len(s) {
					kids = append(kids, textSlice(t, base+k+1, len(t.Text)))
				}
				kids = append(kids, ins[i+1:j]...)
				if m[3] > m[2] {
					kids = append(kids, textSlice(tj, m[2], m[3]))
				}
				if k > 0 {
					out = append(out, textSlice(t, base, base+k))
				}
				out = append(out, c.span(t.PosAt(base+k), tj.Text[m[4]:m[5]], kids))
				ins[j] = textSlice(tj, m[1], len(tj.Text))
				i = j - 1
				closed = true
				break
			}
			if closed {
				continue
			}
		}
		if s != "" {
			out = append(out, textSlice(t, base, len(t.Text)))
		}
	}
	return mergeText(out)
}

func containsSpanSyntax(ins []doc.Inline) bool {
	for _, in := range ins {
		if t, ok := in.(*doc.Text); ok && strings.Contains(t.Text, "]{") {
			return true
		}
	}
	return false
}

func (c *converter) span(p doc.Pos, lang string, kids []doc.Inline) doc.Inline {
	// An invalid tag is reported once, by check (check.ValidLang).
	return &doc.Span{Pos: p, Lang: lang, Children: kids}
}

// mergeText joins adjacent text runs so later passes see whole phrases. A
// run of texts is joined once, with one builder (joining them pairwise cost
// time quadratic in a paragraph's length), and the joined text keeps each
// piece's source position (doc.Text.Pieces).
func mergeText(ins []doc.Inline) []doc.Inline {
	out := ins[:0]
	for i := 0; i < len(ins); {
		if _, ok := ins[i].(*doc.Text); !ok {
			out = append(out, ins[i])
			i++
			continue
		}
		j := i
		n, size := 0, 0
		var first *doc.Text
		for ; j < len(ins); j++ {
			tj, ok := ins[j].(*doc.Text)
			if !ok {
				break
			}
			if tj.Text != "" {
				n++
				size += len(tj.Text)
				if first == nil {
					first = tj
				}
			}
		}
		switch {
		case n == 0:
		case n == 1:
			out = append(out, first)
		default:
			out = append(out, joinText(ins[i:j], size))
		}
		i = j
	}
	return out
}

// joinText joins texts into one, recording a piece wherever the position
// does not simply run on from the piece before (so a soft line break's
// space, which carries its line's position, adds no piece).
func joinText(ts []doc.Inline, size int) *doc.Text {
	var sb strings.Builder
	sb.Grow(size)
	var pieces []doc.TextPiece
	var pos doc.Pos
	add := func(off int, p doc.Pos) {
		if len(pieces) > 0 && pieces[len(pieces)-1].Pos == p {
			return
		}
		if len(pieces) == 0 {
			pos = p
		}
		pieces = append(pieces, doc.TextPiece{Off: off, Pos: p})
	}
	for _, in := range ts {
		t := in.(*doc.Text)
		if t.Text == "" {
			continue
		}
		off := sb.Len()
		if len(t.Pieces) == 0 || t.Pieces[0].Off > 0 {
			add(off, t.Pos)
		}
		for _, pc := range t.Pieces {
			add(off+pc.Off, pc.Pos)
		}
		sb.WriteString(t.Text)
	}
	if len(pieces) <= 1 {
		pieces = nil
	}
	return &doc.Text{Pos: pos, Text: sb.String(), Pieces: pieces}
}

// textSlice is t.Text[i:j] as a text of its own, positioned at its first
// character, with the pieces that fall inside it.
func textSlice(t *doc.Text, i, j int) *doc.Text {
	out := &doc.Text{Pos: t.PosAt(i), Text: t.Text[i:j]}
	for _, pc := range t.Pieces {
		if pc.Off > i && pc.Off < j {
			if out.Pieces == nil {
				out.Pieces = []doc.TextPiece{{Off: 0, Pos: out.Pos}}
			}
			out.Pieces = append(out.Pieces, doc.TextPiece{Off: pc.Off - i, Pos: pc.Pos})
		}
	}
	return out
}

func slugify(s string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			sb.WriteRune(r)
			dash = false
		case r >= 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if a := asciiFold(r); a != "" {
				sb.WriteString(a)
				dash = false
			}
		default:
			if !dash && sb.Len() > 0 {
				sb.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimRight(sb.String(), "-")
}

// asciiFold maps common Latin letters with diacritics to ASCII so anchors and
// file names stay portable (ŵ → w, é → e).
func asciiFold(r rune) string {
	const from = "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž"
	const to = "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnoooooooooorrrssssttuuuuuuuuuuwyyyzzz"
	fr := []rune(from)
	for i, f := range fr {
		if f == r {
			return string(to[i])
		}
	}
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	}
	return ""
}

func segValue(s text.Segment, src []byte) []byte { return s.Value(src) }
