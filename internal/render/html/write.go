package html

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// maxDepth bounds block and inline nesting so a hostile document (lists or quotes
// thousands deep) gets an error instead of an unreadable page.
const maxDepth = doc.MaxRenderDepth

type writer struct {
	d  *doc.Document
	po PageOptions
	l  render.Labels
	sb bytes.Buffer // not strings.Builder: trimNewline must drop a byte without copying the page

	used       map[string]bool // every id on the page
	headingIDs map[*doc.Heading]string
	fnIDs      []string // footnote N-1 → id of its list item
	fnRefIDs   [][]string
	tables     int
	alerts     int
	titleID    string // the h1's id, when the document has one
	inLink     int
	plain      bool // writing contents entries: no links, notes or images
	depth      int
	err        error
}

func newWriter(d *doc.Document, po PageOptions) *writer {
	w := &writer{d: d, po: po, l: render.LabelsFor(d.Meta.Lang), used: map[string]bool{}, headingIDs: map[*doc.Heading]string{}}
	for _, id := range []string{"main", "main-text", "contents-title", "footnotes-title"} {
		w.used[id] = true
	}
	if id := idChars(d.TitleID); id != "" && !w.used[id] {
		w.titleID = w.newID(id)
	}
	// Headings keep the loader's ids (links in the source point at them);
	// ids the writer invents come after and step aside on a clash.
	for i, h := range doc.Headings(d) {
		id := idChars(h.ID)
		if id == "" {
			id = fmt.Sprintf("section-%d", i+1)
		}
		w.headingIDs[h] = w.newID(id)
	}
	for _, fn := range d.Footnotes {
		w.fnIDs = append(w.fnIDs, w.newID(fmt.Sprintf("fn-%d", fn.N)))
		w.fnRefIDs = append(w.fnRefIDs, nil)
	}
	return w
}

// targetExists reports whether an in-page link has somewhere to go. A link
// to an id that no element has would be a dead end for the reader (and is an
// error in EPUB), so its text is written without the link; the loader already
// warned about it (LINK-ANCHOR).
func (w *writer) targetExists(u string) bool {
	frag, ok := strings.CutPrefix(u, "#")
	if !ok {
		return true
	}
	if w.used[frag] {
		return true
	}
	if dec, err := url.PathUnescape(frag); err == nil && w.used[dec] {
		return true
	}
	return false
}

var notIDChar = regexp.MustCompile(`[\s\x00-\x1f]+`)

func idChars(s string) string { return notIDChar.ReplaceAllString(strings.TrimSpace(s), "-") }

// newID returns want, or want-2, want-3... when it is taken.
func (w *writer) newID(want string) string {
	id := want
	for i := 2; w.used[id]; i++ {
		id = want + "-" + strconv.Itoa(i)
	}
	w.used[id] = true
	return id
}

func (w *writer) s() string {
	if w.po.XHTML {
		return "/"
	}
	return ""
}

func (w *writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *writer) take() string {
	s := w.sb.String()
	w.sb.Reset()
	return s
}

func (w *writer) page(opt render.Options, theme *render.Theme) (*pageData, error) {
	m := w.d.Meta
	p := &pageData{
		XHTML: w.po.XHTML, S: w.s(), Lang: esc(m.Lang), Dir: langDir(m.Lang),
		Title: esc(m.Title), Description: esc(m.Summary), Author: esc(strings.Join(m.Authors, ", ")),
		Keywords: esc(strings.Join(m.Keywords, ", ")), Generator: esc(opt.Generator),
		SkipLabel: esc(w.l.Skip), Banner: esc(m.Publisher),
	}
	if w.po.CSSHref != "" {
		p.CSSHref = esc(w.po.CSSHref)
	} else {
		p.CSS = CSS(theme)
	}

	w.titleBlock()
	p.TitleBlock = w.take()
	p.SkipTarget = "main"
	if !w.po.NoTOC {
		w.toc()
		p.TOC = w.take()
		if p.TOC != "" {
			// the skip link passes the contents too, to the text itself
			p.SkipTarget = "main-text"
		}
	}
	w.blocks(w.d.Blocks, false)
	p.Body = w.take()
	w.footnotes()
	p.Footnotes = w.take()
	w.footer()
	p.Footer = w.take()
	return p, w.err
}

func (w *writer) titleBlock() {
	m := w.d.Meta
	if w.titleID != "" {
		fmt.Fprintf(&w.sb, "<div class=\"title-block\">\n<h1 id=\"%s\">", esc(w.titleID))
	} else {
		w.sb.WriteString("<div class=\"title-block\">\n<h1>")
	}
	title := w.d.TitleInlines
	if len(title) == 0 {
		title = []doc.Inline{&doc.Text{Pos: m.Pos, Text: m.Title}}
	}
	w.inlines(title)
	w.sb.WriteString("</h1>\n")
	if m.Subtitle != "" {
		fmt.Fprintf(&w.sb, "<p class=\"subtitle\">%s</p>\n", esc(m.Subtitle))
	}
	if m.Summary != "" {
		fmt.Fprintf(&w.sb, "<p class=\"summary\">%s</p>\n", esc(m.Summary))
	}
	var rows []string
	row := func(label, value string) {
		rows = append(rows, fmt.Sprintf("<div><dt>%s</dt><dd>%s</dd></div>\n", esc(label), value))
	}
	switch len(m.Authors) {
	case 0:
	case 1:
		row(w.l.Author, esc(m.Authors[0]))
	default:
		row(w.l.Authors, esc(strings.Join(m.Authors, ", ")))
	}
	if m.Publisher != "" {
		row(w.l.Publisher, esc(m.Publisher))
	}
	if m.Date != "" {
		row(w.l.Published, w.date(m.Date))
	}
	if m.Updated != "" && m.Updated != m.Date {
		row(w.l.Updated, w.date(m.Updated))
	}
	if m.Version != "" {
		row(w.l.Version, esc(m.Version))
	}
	if len(rows) > 0 {
		w.sb.WriteString("<dl class=\"doc-meta\">\n")
		for _, r := range rows {
			w.sb.WriteString(r)
		}
		w.sb.WriteString("</dl>\n")
	}
	w.sb.WriteString("</div>")
}

func (w *writer) date(iso string) string {
	text, ok := w.l.HumanDate(iso)
	if !ok {
		return esc(iso)
	}
	return fmt.Sprintf("<time datetime=\"%s\">%s</time>", esc(iso), esc(text))
}

// toc lists the headings the contents shows (doc.TOCLevels, the same in
// every format), nested.
func (w *writer) toc() {
	hs := doc.Headings(w.d)
	_, last, ok := doc.TOCLevels(w.d, hs)
	if !ok {
		return
	}
	var entries []*doc.Heading
	for _, h := range hs {
		if h.Level <= last {
			entries = append(entries, h)
		}
	}
	if len(entries) == 0 {
		return
	}
	w.sb.WriteString("\n<nav class=\"toc\" aria-labelledby=\"contents-title\"")
	if w.po.XHTML {
		w.sb.WriteString(" epub:type=\"toc\"")
	}
	fmt.Fprintf(&w.sb, ">\n<h2 id=\"contents-title\">%s</h2>\n<ol>\n", esc(w.l.Contents))
	stack := []int{entries[0].Level}
	for i, h := range entries {
		if i > 0 {
			if h.Level > stack[len(stack)-1] {
				w.sb.WriteString("\n<ol>\n")
				stack = append(stack, h.Level)
			} else {
				w.sb.WriteString("</li>\n")
				for len(stack) > 1 && h.Level < stack[len(stack)-1] {
					w.sb.WriteString("</ol>\n</li>\n")
					stack = stack[:len(stack)-1]
				}
			}
		}
		fmt.Fprintf(&w.sb, "<li><a href=\"#%s\">", esc(w.headingIDs[h]))
		w.plain = true
		w.inlines(h.Inlines)
		w.plain = false
		w.sb.WriteString("</a>")
	}
	w.sb.WriteString("</li>\n")
	for len(stack) > 1 {
		w.sb.WriteString("</ol>\n</li>\n")
		stack = stack[:len(stack)-1]
	}
	w.sb.WriteString("</ol>\n</nav>")
}

func (w *writer) footnotes() {
	if len(w.d.Footnotes) == 0 {
		return
	}
	w.sb.WriteString("\n<section class=\"footnotes\" aria-labelledby=\"footnotes-title\" role=\"doc-endnotes\"")
	if w.po.XHTML {
		w.sb.WriteString(" epub:type=\"endnotes\"")
	}
	fmt.Fprintf(&w.sb, ">\n<h2 id=\"footnotes-title\">%s</h2>\n<ol>\n", esc(w.l.Footnotes))
	for i, fn := range w.d.Footnotes {
		fmt.Fprintf(&w.sb, "<li id=\"%s\"", esc(w.fnIDs[i]))
		if w.po.XHTML {
			w.sb.WriteString(" epub:type=\"endnote\"")
		}
		w.sb.WriteString(">")
		back := ""
		for k, ref := range w.fnRefIDs[i] {
			label := fmt.Sprintf("%s %d", w.l.BackToRef, fn.N)
			if len(w.fnRefIDs[i]) > 1 {
				label += fmt.Sprintf(" (%d)", k+1)
			}
			back += fmt.Sprintf(" <a href=\"#%s\" class=\"fn-back\" role=\"doc-backlink\" aria-label=\"%s\">\u21a9\ufe0e</a>", esc(ref), esc(label))
		}
		bs := fn.Blocks
		if n := len(bs); n > 0 {
			if p, ok := bs[n-1].(*doc.Paragraph); ok {
				w.blocks(bs[:n-1], false)
				w.paragraph(p.Inlines, false, "", back)
				back = ""
			} else {
				w.blocks(bs, false)
			}
		}
		if back != "" {
			fmt.Fprintf(&w.sb, "<p>%s</p>", strings.TrimSpace(back))
		}
		w.sb.WriteString("</li>\n")
	}
	w.sb.WriteString("</ol>\n</section>")
}

func (w *writer) footer() {
	m := w.d.Meta
	if m.Contact != "" {
		contact := esc(m.Contact)
		target := m.Contact
		if !strings.Contains(target, ":") && strings.Contains(target, "@") {
			target = "mailto:" + target
		}
		if u, ok := SafeURL(target); ok {
			contact = fmt.Sprintf("<a href=\"%s\">%s</a>", esc(u), contact)
		}
		fmt.Fprintf(&w.sb, "<p>%s %s.</p>\n", esc(w.l.Contact), contact)
	}
	if m.Licence != "" {
		fmt.Fprintf(&w.sb, "<p>%s: %s</p>\n", esc(w.l.Licence), esc(m.Licence))
	}
	w.trimNewline()
}

// ---- blocks ----

func (w *writer) blocks(bs []doc.Block, tight bool) {
	for _, b := range bs {
		w.block(b, tight)
	}
}

func (w *writer) block(b doc.Block, tight bool) {
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > maxDepth {
		w.fail(doc.Errorf(b.Position(), "RENDER-DEPTH", "flatten the structure",
			"blocks are nested more than %d deep", maxDepth))
		return
	}
	switch n := b.(type) {
	case *doc.Heading:
		lvl := min(max(n.Level, 1), 6)
		fmt.Fprintf(&w.sb, "<h%d id=\"%s\">", lvl, esc(w.headingIDs[n]))
		w.inlines(n.Inlines)
		fmt.Fprintf(&w.sb, "</h%d>\n", lvl)
	case *doc.Paragraph:
		w.paragraph(n.Inlines, tight, "", "")
	case *doc.List:
		w.list(n)
	case *doc.BlockQuote:
		w.sb.WriteString("<blockquote>\n")
		w.blocks(n.Blocks, false)
		w.sb.WriteString("</blockquote>\n")
	case *doc.Alert:
		w.alerts++
		id := w.newID(fmt.Sprintf("alert-%d", w.alerts))
		fmt.Fprintf(&w.sb, "<div class=\"alert alert-%s\" role=\"note\" aria-labelledby=\"%s\">\n", classChars(string(n.Kind)), id)
		fmt.Fprintf(&w.sb, "<p class=\"alert-label\" id=\"%s\">%s</p>\n", id, esc(w.l.Alert(n.Kind)))
		w.blocks(n.Blocks, false)
		w.sb.WriteString("</div>\n")
	case *doc.CodeBlock:
		// Focusable so keyboard users can scroll a long line into view.
		w.sb.WriteString("<pre tabindex=\"0\"><code")
		if c := classChars(n.Lang); c != "" {
			fmt.Fprintf(&w.sb, " class=\"language-%s\"", c)
		}
		fmt.Fprintf(&w.sb, ">%s</code></pre>\n", esc(n.Text))
	case *doc.ThematicBreak:
		fmt.Fprintf(&w.sb, "<hr%s>\n", w.s())
	case *doc.Table:
		w.table(n)
	case *doc.DefinitionList:
		w.sb.WriteString("<dl>\n")
		for _, it := range n.Items {
			w.sb.WriteString("<dt>")
			w.inlines(it.Term)
			w.sb.WriteString("</dt>\n")
			for _, def := range it.Defs {
				w.sb.WriteString("<dd>")
				w.blocks(def, len(def) == 1)
				w.trimNewline()
				w.sb.WriteString("</dd>\n")
			}
		}
		w.sb.WriteString("</dl>\n")
	case *doc.Figure:
		w.figure(n)
	default:
		w.fail(fmt.Errorf("%s: unhandled %T", b.Position(), b))
	}
}

var notClassChar = regexp.MustCompile(`[^A-Za-z0-9_+-]+`)

func classChars(s string) string { return notClassChar.ReplaceAllString(s, "") }

// paragraph writes a paragraph, or in a tight list just its content; prefix
// and suffix are markup already escaped (task marks, footnote back links).
func (w *writer) paragraph(ins []doc.Inline, tight bool, prefix, suffix string) {
	if !tight {
		w.sb.WriteString("<p>")
	}
	w.sb.WriteString(prefix)
	w.inlines(ins)
	w.sb.WriteString(suffix)
	if !tight {
		w.sb.WriteString("</p>")
	}
	w.sb.WriteString("\n")
}

func (w *writer) list(n *doc.List) {
	tag := "ul"
	if n.Ordered {
		tag = "ol"
	}
	tasks := false
	for _, it := range n.Items {
		tasks = tasks || it.Task
	}
	w.sb.WriteString("<" + tag)
	if tasks {
		w.sb.WriteString(" class=\"task-list\"")
	}
	if n.Ordered && n.Start != 1 {
		fmt.Fprintf(&w.sb, " start=\"%d\"", n.Start)
	}
	w.sb.WriteString(">\n")
	for _, it := range n.Items {
		w.sb.WriteString("<li>")
		prefix := ""
		if it.Task {
			// A disabled checkbox would need a label of its own; a symbol hidden
			// from screen readers plus hidden words reads as "Done: ...".
			mark, word := "\u2610", w.l.NotDone
			if it.Checked {
				mark, word = "\u2611", w.l.Done
			}
			prefix = fmt.Sprintf("<span class=\"task-mark\" aria-hidden=\"true\">%s</span><span class=\"visually-hidden\">%s: </span>", mark, esc(word))
		}
		bs := it.Blocks
		if p, ok := first[*doc.Paragraph](bs); ok {
			w.paragraph(p.Inlines, n.Tight, prefix, "")
			bs = bs[1:]
		} else if prefix != "" {
			w.sb.WriteString(prefix + "\n")
		}
		w.blocks(bs, n.Tight)
		w.trimNewline()
		w.sb.WriteString("</li>\n")
	}
	w.sb.WriteString("</" + tag + ">\n")
}

func first[T doc.Block](bs []doc.Block) (T, bool) {
	var zero T
	if len(bs) == 0 {
		return zero, false
	}
	t, ok := bs[0].(T)
	return t, ok
}

// trimNewline keeps "<li>text</li>" on one line in tight lists.
func (w *writer) trimNewline() {
	b := w.sb.Bytes()
	if bytes.HasSuffix(b, []byte("\n")) && !bytes.HasSuffix(b, []byte(">\n")) {
		w.sb.Truncate(len(b) - 1)
	}
}

func (w *writer) table(t *doc.Table) {
	w.tables++
	// The wrapper scrolls a wide table on a narrow screen instead of the
	// page; it is focusable and named so keyboard and screen-reader users
	// can reach and identify it.
	capID := ""
	if len(t.Caption) > 0 {
		capID = w.newID(fmt.Sprintf("table-%d-caption", w.tables))
		fmt.Fprintf(&w.sb, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"%s\">\n<table>\n", capID)
		fmt.Fprintf(&w.sb, "<caption id=\"%s\">", capID)
		w.inlines(t.Caption)
		w.sb.WriteString("</caption>\n")
	} else {
		fmt.Fprintf(&w.sb, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s %d\">\n<table>\n", esc(w.l.Table), w.tables)
	}
	align := func(col int, c *doc.TableCell) string {
		a := c.Align
		if a == doc.AlignNone && col < len(t.Align) {
			a = t.Align[col]
		}
		switch a {
		case doc.AlignLeft:
			return " class=\"align-left\""
		case doc.AlignCenter:
			return " class=\"align-center\""
		case doc.AlignRight:
			return " class=\"align-right\""
		}
		return ""
	}
	if len(t.Head) > 0 {
		w.sb.WriteString("<thead>\n")
		for _, r := range t.Head {
			w.sb.WriteString("<tr>")
			for i, c := range r.Cells {
				fmt.Fprintf(&w.sb, "<th scope=\"col\"%s>", align(i, c))
				w.inlines(c.Inlines)
				w.sb.WriteString("</th>")
			}
			w.sb.WriteString("</tr>\n")
		}
		w.sb.WriteString("</thead>\n")
	}
	w.sb.WriteString("<tbody>\n")
	for _, r := range t.Body {
		w.sb.WriteString("<tr>")
		for i, c := range r.Cells {
			tag, scope := "td", ""
			if c.Header {
				tag, scope = "th", " scope=\"row\""
			}
			fmt.Fprintf(&w.sb, "<%s%s%s>", tag, scope, align(i, c))
			w.inlines(c.Inlines)
			fmt.Fprintf(&w.sb, "</%s>", tag)
		}
		w.sb.WriteString("</tr>\n")
	}
	w.sb.WriteString("</tbody>\n</table>\n</div>\n")
}

func (w *writer) figure(f *doc.Figure) {
	if f.Image == nil {
		w.fail(doc.Errorf(f.Pos, "RENDER-FIGURE", "", "figure has no image"))
		return
	}
	if f.Image.Decorative {
		w.sb.WriteString("<div class=\"decorative\">")
		w.image(f.Image)
		w.sb.WriteString("</div>\n")
		return
	}
	w.sb.WriteString("<figure>\n")
	w.image(f.Image)
	w.sb.WriteString("\n")
	if len(f.Caption) > 0 {
		w.sb.WriteString("<figcaption>")
		w.inlines(f.Caption)
		w.sb.WriteString("</figcaption>\n")
	}
	w.sb.WriteString("</figure>\n")
}

func (w *writer) image(img *doc.Image) {
	src, err := w.imageSrc(img)
	if err != nil {
		w.fail(err)
		return
	}
	alt := img.Alt
	if img.Decorative {
		alt = ""
	}
	fmt.Fprintf(&w.sb, "<img src=\"%s\" alt=\"%s\"", esc(src), esc(alt))
	if img.Width > 0 && img.Height > 0 {
		fmt.Fprintf(&w.sb, " width=\"%d\" height=\"%d\"", img.Width, img.Height)
	}
	fmt.Fprintf(&w.sb, "%s>", w.s())
}

// ---- inlines ----

func (w *writer) inlines(ins []doc.Inline) {
	for _, in := range ins {
		w.inline(in)
	}
}

func (w *writer) wrap(tag string, kids []doc.Inline) {
	fmt.Fprintf(&w.sb, "<%s>", tag)
	w.inlines(kids)
	fmt.Fprintf(&w.sb, "</%s>", tag)
}

func (w *writer) inline(in doc.Inline) {
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > maxDepth {
		w.fail(doc.Errorf(in.Position(), "RENDER-DEPTH", "flatten the formatting",
			"inline formatting is nested more than %d deep", maxDepth))
		return
	}
	switch n := in.(type) {
	case *doc.Text:
		w.sb.WriteString(esc(n.Text))
	case *doc.Emph:
		w.wrap("em", n.Children)
	case *doc.Strong:
		w.wrap("strong", n.Children)
	case *doc.Strike:
		w.wrap("del", n.Children)
	case *doc.Code:
		fmt.Fprintf(&w.sb, "<code>%s</code>", esc(n.Text))
	case *doc.LineBreak:
		fmt.Fprintf(&w.sb, "<br%s>\n", w.s())
	case *doc.Link:
		u, ok := SafeURL(n.URL)
		if !ok || w.inLink > 0 || w.plain || !w.targetExists(u) {
			w.inlines(n.Children)
			return
		}
		fmt.Fprintf(&w.sb, "<a href=\"%s\"", esc(u))
		if n.Title != "" {
			fmt.Fprintf(&w.sb, " title=\"%s\"", esc(n.Title))
		}
		w.sb.WriteString(">")
		w.inLink++
		w.inlines(n.Children)
		w.inLink--
		w.sb.WriteString("</a>")
	case *doc.Image:
		if w.plain {
			if !n.Decorative {
				w.sb.WriteString(esc(n.Alt))
			}
			return
		}
		w.image(n)
	case *doc.Span:
		if !validLang(n.Lang) {
			w.inlines(n.Children)
			return
		}
		fmt.Fprintf(&w.sb, "<span lang=\"%s\"", esc(n.Lang))
		if w.po.XHTML {
			fmt.Fprintf(&w.sb, " xml:lang=\"%s\"", esc(n.Lang))
		}
		if d := langDir(n.Lang); d != langDir(w.d.Meta.Lang) {
			if d == "" {
				d = "ltr"
			}
			fmt.Fprintf(&w.sb, " dir=\"%s\"", d)
		}
		w.sb.WriteString(">")
		w.inlines(n.Children)
		w.sb.WriteString("</span>")
	case *doc.FootnoteRef:
		w.footnoteRef(n)
	default:
		w.fail(fmt.Errorf("%s: unhandled %T", in.Position(), in))
	}
}

func (w *writer) footnoteRef(n *doc.FootnoteRef) {
	if w.plain {
		return
	}
	i := n.N - 1
	if i < 0 || i >= len(w.d.Footnotes) {
		w.fail(doc.Errorf(n.Pos, "RENDER-FOOTNOTE", "", "footnote reference %d has no footnote", n.N))
		return
	}
	if w.inLink > 0 {
		// A link cannot hold another link: the number stays, unlinked.
		fmt.Fprintf(&w.sb, "<sup>%d</sup>", n.N)
		return
	}
	want := fmt.Sprintf("fnref-%d", n.N)
	if k := len(w.fnRefIDs[i]); k > 0 {
		want = fmt.Sprintf("fnref-%d-%d", n.N, k+1)
	}
	id := w.newID(want)
	w.fnRefIDs[i] = append(w.fnRefIDs[i], id)
	fmt.Fprintf(&w.sb, "<sup><a href=\"#%s\" id=\"%s\" class=\"fn-ref\" role=\"doc-noteref\" aria-label=\"%s %d\"",
		esc(w.fnIDs[i]), esc(id), esc(w.l.Footnote), n.N)
	if w.po.XHTML {
		w.sb.WriteString(" epub:type=\"noteref\"")
	}
	fmt.Fprintf(&w.sb, ">%d</a></sup>", n.N)
}
