package docx

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// writer holds the state of one render.
type writer struct {
	l        render.Labels // words the writer adds, in the document's language
	d        *doc.Document
	opt      render.Options
	th       *render.Theme
	modified time.Time
	page     pageSetup

	rd       *docx.RootDoc
	body     []node     // document.xml's blocks not yet written into doc
	doc      *docStream // document.xml, written as the body's blocks end
	footerID string
	fnRels   *docx.Relationships // footnotes.xml's own: its links and pictures

	media map[string]string // image bytes -> target under word/

	lists []*listTree // numbering definitions, in numId order

	bookmarks map[string]string // heading ID -> bookmark name
	bmNames   map[string]bool
	bmSuffix  map[string]int // next suffix to try, per bookmark base name
	bmNext    int

	drawingID int

	fnBody  map[int][]node // footnote id -> its blocks
	fnOrder []int          // footnotes in the order Word numbers them
	fnSeen  map[int]bool

	// lastTable is set after a table until the next paragraph: two adjacent
	// tables would merge into one, and a body, cell or footnote must end
	// with a paragraph.
	lastTable bool

	// depth guards against pathological nesting: Word itself stops opening
	// deeply nested structures, and recursion must not exhaust the stack.
	depth int
}

// listTree is one numbering definition: a top-level list and the lists
// nested in it, one level per depth.
type listTree struct {
	numID  int
	levels [9]*listLevel
}

type listLevel struct {
	ordered bool
	start   int
}

const maxDepth = doc.MaxRenderDepth

func newWriter(d *doc.Document, opt render.Options) (*writer, error) {
	rd, err := newRoot()
	if err != nil {
		return nil, err
	}
	mod := opt.Modified
	if mod.IsZero() {
		mod = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	w := &writer{
		d: d, opt: opt, th: opt.Theme, modified: mod.UTC(), l: render.LabelsFor(d.Meta.Lang),
		page:      pageFor(opt.Paper, opt.Theme),
		rd:        rd,
		fnRels:    &docx.Relationships{RelativePath: "word/_rels/footnotes.xml.rels", Xmlns: nsRels},
		media:     map[string]string{},
		bookmarks: map[string]string{},
		bmNames:   map[string]bool{},
		fnBody:    map[int][]node{},
		fnSeen:    map[int]bool{},
	}
	// Settings and footer are related first, so the ids of the body's links
	// and pictures do not depend on what follows.
	w.docRel(relSettings, "settings.xml", "")
	w.footerID = w.docRel(relFooter, "footer1.xml", "")
	// Bookmarks first, so a link may point forward to a later heading. The
	// title gets one only when a link goes there (readers such as pandoc
	// take a bookmark in the title for part of its text).
	if titleLinked(d) {
		w.bookmarkFor(d.TitleID)
	}
	doc.Walk(d, func(n any) bool {
		if h, ok := n.(*doc.Heading); ok && h.ID != "" {
			w.bookmarkFor(h.ID)
		}
		return true
	})
	return w, nil
}

// docRel adds a relationship of document.xml the way godocx's AddLink and
// AddPicture do, and returns its id.
func (w *writer) docRel(typ, target, mode string) string {
	id := "rId" + strconv.Itoa(w.rd.Document.IncRelationID())
	w.rd.Document.DocRels.Relationships = append(w.rd.Document.DocRels.Relationships,
		&docx.Relationship{ID: id, Type: typ, Target: target, TargetMode: mode})
	return id
}

// noteRel adds a relationship of footnotes.xml, reusing an identical one.
func (w *writer) noteRel(typ, target, mode string) string {
	for _, r := range w.fnRels.Relationships {
		if r.Type == typ && r.Target == target && r.TargetMode == mode {
			return r.ID
		}
	}
	id := fmt.Sprintf("rId%d", len(w.fnRels.Relationships)+1)
	w.fnRels.Relationships = append(w.fnRels.Relationships, &docx.Relationship{ID: id, Type: typ, Target: target, TargetMode: mode})
	return id
}

// pageSetup is in twentieths of a point (twips).
type pageSetup struct {
	width, height, margin int
}

func (p pageSetup) textWidth() int { return p.width - 2*p.margin }

func pageFor(paper doc.Paper, th *render.Theme) pageSetup {
	margin := int(th.Sizes.MarginMM/25.4*1440 + 0.5)
	if margin <= 0 {
		margin = 1134
	}
	w, h := paper.OrA4().Twips()
	return pageSetup{w, h, margin}
}

// bookmarkFor maps a heading ID to a Word bookmark name: Word accepts only
// letters, digits and underscores, starting with a letter, at most 40
// characters, and silently drops bookmarks that break these rules.
func (w *writer) bookmarkFor(id string) string {
	if name, ok := w.bookmarks[id]; ok {
		return name
	}
	var b strings.Builder
	for _, r := range id {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	name := b.String()
	if name == "" || !unicode.IsLetter(rune(name[0])) {
		name = "h_" + name
	}
	if len(name) > 40 {
		name = name[:40]
	}
	base := name
	// Start from the last suffix used for this base: probing from _2 each
	// time is quadratic when many headings share a name (a repeated document).
	if w.bmSuffix == nil {
		w.bmSuffix = map[string]int{}
	}
	i := max(2, w.bmSuffix[base])
	for ; w.bmNames[name]; i++ {
		suffix := fmt.Sprintf("_%d", i)
		if len(base)+len(suffix) > 40 {
			name = base[:40-len(suffix)] + suffix
		} else {
			name = base + suffix
		}
	}
	w.bmSuffix[base] = i
	w.bmNames[name] = true
	w.bookmarks[id] = name
	return name
}

// A sink is where blocks go: the body, a table cell or a footnote.
type sink = *[]node

// newPara appends an empty paragraph to a sink.
func newPara(out sink) *paragraph {
	p := &paragraph{}
	*out = append(*out, p)
	return p
}

// ctx is where blocks are being written.
type ctx struct {
	out    sink
	fn     bool   // inside a footnote: its own relationships, no footnote references, FootnoteText style
	pstyle string // style for plain paragraphs ("" = Normal)
	ind    int    // extra left indent in twips (list continuation, definitions)
	level  int    // list nesting depth for the next list
	width  int    // available width in twips for pictures and tables
	lead   *lead  // numbering or runs the next paragraph must start with
	tree   *listTree
}

// lead is what the first paragraph of a list item, footnote or alert carries:
// the list number, the footnote mark or the visible "Note:" label.
type lead struct {
	numID, ilvl int // numID 0 = none
	runs        []node
	task        string // "☐ " or "☒ ", prefixed to the first text
}

func (l *lead) pending() bool { return l != nil && (l.numID > 0 || len(l.runs) > 0 || l.task != "") }

func (c ctx) with(f func(*ctx)) ctx { f(&c); return c }

// build renders the body and the footnotes into the godocx document.
func (w *writer) build() error {
	c := ctx{out: &w.body, width: w.page.textWidth()}
	ds, err := newDocStream()
	if err != nil {
		return err
	}
	w.doc = ds
	if err := w.titleBlock(c); err != nil {
		return err
	}
	if err := w.contents(c); err != nil {
		return err
	}
	// Each top-level block is finished when the next starts (a list item's
	// pending number or label never crosses one): its XML goes into the
	// part and its nodes go.
	w.depth++
	for _, b := range w.d.Blocks {
		if err := w.doc.flush(&w.body); err != nil {
			return err
		}
		if err := w.block(c, b); err != nil {
			return err
		}
	}
	w.depth--
	if err := w.orphanFootnotes(c); err != nil {
		return err
	}
	if err := w.closing(c); err != nil {
		return err
	}
	return w.endAfterTable(c)
}

// closing ends the document as every format does: how to ask for it in
// another format (front matter contact), and its licence.
func (w *writer) closing(c ctx) error {
	m := w.d.Meta
	if m.Contact != "" {
		target := m.Contact
		if !strings.Contains(target, ":") && strings.Contains(target, "@") {
			target = "mailto:" + target
		}
		ins := []doc.Inline{&doc.Text{Pos: m.Pos, Text: w.l.Contact + " "},
			&doc.Link{Pos: m.Pos, URL: target, Children: []doc.Inline{&doc.Text{Pos: m.Pos, Text: m.Contact}}},
			&doc.Text{Pos: m.Pos, Text: "."}}
		if err := w.para(c, pprops{}, ins); err != nil {
			return err
		}
	}
	if m.Licence != "" {
		if err := w.para(c, pprops{}, []doc.Inline{&doc.Text{Pos: m.Pos, Text: w.l.Licence + ": " + m.Licence}}); err != nil {
			return err
		}
	}
	return nil
}

// titleBlock writes the title as the document's one Heading 1 (the level
// HTML and PDF give it, so Word's navigation pane and LibreOffice see every
// heading at its level), the subtitle and a line of publication details.
func (w *writer) titleBlock(c ctx) error {
	title := w.d.TitleInlines
	if len(title) == 0 && w.d.Meta.Title != "" {
		title = []doc.Inline{&doc.Text{Text: w.d.Meta.Title}}
	}
	if len(title) > 0 {
		p := pprops{style: "Heading1"}
		if titleLinked(w.d) {
			p.bookmark = w.bookmarkFor(w.d.TitleID)
		}
		if err := w.para(c, p, title); err != nil {
			return err
		}
	}
	m := w.d.Meta
	var info []string
	if len(m.Authors) > 0 {
		info = append(info, w.l.By+" "+w.l.Names(m.Authors))
	}
	if m.Publisher != "" {
		info = append(info, m.Publisher)
	}
	if s, _ := w.l.HumanDate(m.Date); s != "" {
		info = append(info, w.l.Published+" "+s)
	}
	if s, _ := w.l.HumanDate(m.Updated); s != "" && m.Updated != m.Date {
		info = append(info, w.l.Updated+" "+s)
	}
	if m.Version != "" {
		info = append(info, w.l.Version+" "+m.Version)
	}
	for _, p := range []struct{ style, text string }{{"Subtitle", m.Subtitle}, {"", m.Summary}, {"DocumentInfo", strings.Join(info, " · ")}} {
		if p.text != "" {
			if err := w.para(c, pprops{style: p.style}, []doc.Inline{&doc.Text{Text: p.text}}); err != nil {
				return err
			}
		}
	}
	return nil
}

// contents writes the contents list as a Word TOC field over the levels
// every format shows (doc.TOCLevels), filled in with one linked entry per
// heading so it reads right before Word updates it (which adds page
// numbers). Its heading is not a heading style, so it is neither in the
// navigation pane nor in the list itself.
func (w *writer) contents(c ctx) error {
	hs := doc.Headings(w.d)
	base, last, ok := doc.TOCLevels(w.d, hs)
	if !ok {
		return nil
	}
	var entries []*doc.Heading
	for _, h := range hs {
		if h.Level <= last {
			entries = append(entries, h)
		}
	}
	if len(entries) == 0 {
		return nil
	}
	if err := w.para(c, pprops{style: "TOCHeading", keepNext: true}, []doc.Inline{&doc.Text{Text: w.l.Contents}}); err != nil {
		return err
	}
	space := ctypes.TextSpacePreserve
	instr := fmt.Sprintf(` TOC \o "%d-%d" \h \z \u `, base, last)
	for i, h := range entries {
		p := newPara(c.out)
		p.prop = pprops{style: fmt.Sprintf("TOC%d", min(max(h.Level, 1), 9))}.ct()
		if i == 0 {
			p.add(fieldChar("begin"))
			p.add(runNode(&ctypes.Run{Children: []ctypes.RunChild{{InstrText: &ctypes.Text{Text: instr, Space: &space}}}}))
			p.add(fieldChar("separate"))
		}
		text := runNode(textRun(rprops{style: "Hyperlink"}, doc.PlainText(h.Inlines), ""))
		if name, ok := w.bookmarks[h.ID]; ok && h.ID != "" && text != nil {
			p.add(el("w:hyperlink", "w:anchor", name, "w:history", "1").add(text))
		} else {
			p.add(text)
		}
	}
	// The field ends in a paragraph of its own, as Word writes it: the
	// space between the list and the text.
	newPara(c.out).add(fieldChar("end"))
	return nil
}

func (w *writer) blocks(c ctx, bs []doc.Block) error {
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > maxDepth {
		var pos doc.Pos
		if len(bs) > 0 {
			pos = bs[0].Position()
		}
		return fmt.Errorf("%s: blocks nested more than %d deep", pos, maxDepth)
	}
	for _, b := range bs {
		if err := w.block(c, b); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) block(c ctx, b doc.Block) error {
	switch n := b.(type) {
	case *doc.Paragraph:
		return w.para(c, pprops{style: c.pstyle}, n.Inlines)
	case *doc.Heading:
		if err := w.flushLead(c); err != nil {
			return err
		}
		lvl := min(max(n.Level, 1), 6)
		p := pprops{style: fmt.Sprintf("Heading%d", lvl)} // the style IDs godocx's AddHeading uses
		if n.ID != "" {
			p.bookmark = w.bookmarkFor(n.ID)
		}
		return w.para(c, p, n.Inlines)
	case *doc.List:
		return w.list(c, n)
	case *doc.BlockQuote:
		if err := w.flushLead(c); err != nil {
			return err
		}
		return w.blocks(c.with(func(c *ctx) { c.pstyle = "Quote" }), n.Blocks)
	case *doc.Alert:
		return w.alert(c, n)
	case *doc.CodeBlock:
		if err := w.flushLead(c); err != nil {
			return err
		}
		return w.code(c, n)
	case *doc.ThematicBreak:
		if err := w.flushLead(c); err != nil {
			return err
		}
		return w.para(c, pprops{style: "HorizontalRule"}, nil)
	case *doc.Table:
		if err := w.flushLead(c); err != nil {
			return err
		}
		return w.table(c, n)
	case *doc.DefinitionList:
		if err := w.flushLead(c); err != nil {
			return err
		}
		return w.deflist(c, n)
	case *doc.Figure:
		return w.figure(c, n)
	default:
		return fmt.Errorf("%s: unhandled %T", b.Position(), b)
	}
}

// pprops are the paragraph properties we use.
type pprops struct {
	style    string
	keepNext bool
	numID    int
	ilvl     int
	before   int // space before in twips, 0 = from style
	ind      int // left indent in twips, 0 = from style
	jc       stypes.Justification
	bookmark string
}

func (p pprops) ct() *ctypes.ParagraphProp {
	if p == (pprops{bookmark: p.bookmark}) {
		return nil
	}
	pp := &ctypes.ParagraphProp{}
	if p.style != "" {
		pp.Style = ctypes.NewParagraphStyle(p.style)
	}
	if p.keepNext {
		pp.KeepNext = &ctypes.OnOff{}
	}
	if p.numID > 0 {
		pp.NumProp = &ctypes.NumProp{ILvl: ctypes.NewDecimalNum(p.ilvl), NumID: ctypes.NewDecimalNum(p.numID)}
	}
	if p.before > 0 {
		before := uint64(p.before)
		pp.Spacing = &ctypes.Spacing{Before: &before}
	}
	if p.ind > 0 {
		pp.Indent = &ctypes.Indent{Left: &p.ind}
	}
	if p.jc != "" {
		pp.Justification = ctypes.NewGenSingleStrVal(p.jc)
	}
	return pp
}

// startPara opens a paragraph, consuming the pending lead of c if any, and
// returns it with the inlines to write into it.
func (w *writer) startPara(c ctx, p pprops, ins []doc.Inline) (*paragraph, []doc.Inline) {
	var runs []node
	if l := c.lead; l.pending() {
		if l.numID > 0 {
			p.numID, p.ilvl = l.numID, l.ilvl
			if p.style == "" {
				p.style = "ListParagraph"
			}
		}
		runs = l.runs
		if l.task != "" {
			ins = append([]doc.Inline{&doc.Text{Text: l.task}}, ins...)
		}
		*l = lead{}
	} else if c.ind > 0 && p.ind == 0 {
		p.ind = c.ind
	}
	if p.style == "" && c.fn {
		p.style = "FootnoteText"
	}
	if w.lastTable {
		// A table has no space after; the paragraph below provides it
		// unless its style already has more (headings).
		if !strings.HasPrefix(p.style, "Heading") {
			p.before = 160
		}
		w.lastTable = false
	}
	para := newPara(c.out)
	para.prop = p.ct()
	para.kids = append(para.kids, runs...)
	return para, ins
}

// para writes one paragraph.
func (w *writer) para(c ctx, p pprops, ins []doc.Inline) error {
	para, ins := w.startPara(c, p, ins)
	id := ""
	if p.bookmark != "" {
		w.bmNext++
		id = strconv.Itoa(w.bmNext)
		para.kids = append([]node{el("w:bookmarkStart", "w:id", id, "w:name", p.bookmark)}, para.kids...)
	}
	if err := w.inlines(c, para, ins, rprops{}); err != nil {
		return err
	}
	if id != "" {
		para.add(el("w:bookmarkEnd", "w:id", id))
	}
	return nil
}

// flushLead writes a pending list number or label as its own paragraph when
// the next block cannot carry it (a table, a heading, a code block).
func (w *writer) flushLead(c ctx) error {
	if !c.lead.pending() {
		return nil
	}
	return w.para(c, pprops{style: c.pstyle}, nil)
}

// list writes a list as numbered paragraphs. A list and the lists nested in
// it share one numbering definition, one level per depth, because Word and
// LibreOffice only see nesting within one numbering: separate definitions
// would read as a run of flat sibling lists. A nested list that does not fit
// its depth's level (bullets where numbers were, another start) gets a
// definition of its own.
func (w *writer) list(c ctx, l *doc.List) error {
	if err := w.flushLead(c); err != nil {
		return err
	}
	def := listLevel{ordered: l.Ordered, start: 1}
	if l.Ordered && l.Start >= 0 {
		def.start = l.Start
	}
	ilvl := min(c.level, 8) // Word has nine list levels
	tree := c.tree
	if tree == nil || (tree.levels[ilvl] != nil && *tree.levels[ilvl] != def) {
		// One godocx numbering instance per definition, so every list
		// restarts; the definitions themselves are ours (numberingXML).
		tree = &listTree{numID: len(w.lists) + 1}
		w.lists = append(w.lists, tree)
	}
	if tree.levels[ilvl] == nil {
		tree.levels[ilvl] = &def
	}
	indent := 720 * (ilvl + 1)
	for _, it := range l.Items {
		ld := &lead{numID: tree.numID, ilvl: ilvl}
		if it.Task {
			// Word has no checkbox list; the state is a character a screen
			// reader names ("ballot box with X"), in the item's own first run.
			ld.task = "☐ "
			if it.Checked {
				ld.task = "☒ "
			}
		}
		ic := c.with(func(c *ctx) {
			c.lead = ld
			c.tree = tree
			c.level = ilvl + 1
			c.ind = indent
			c.width = max(c.width-720, 1440)
			if c.pstyle == "" {
				c.pstyle = "ListParagraph"
			}
		})
		if err := w.blocks(ic, it.Blocks); err != nil {
			return err
		}
		if err := w.flushLead(ic); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) alert(c ctx, a *doc.Alert) error {
	if err := w.flushLead(c); err != nil {
		return err
	}
	style := "Note"
	if a.Kind == doc.AlertWarning || a.Kind == doc.AlertCaution {
		style = "Warning"
	}
	label := w.l.Alert(a.Kind)
	if label == "" {
		label = w.l.Alert(doc.AlertNote)
	}
	ac := c.with(func(c *ctx) {
		c.pstyle = style
		c.lead = &lead{runs: []node{runNode(textRun(rprops{bold: true}, label+": ", ""))}}
	})
	if err := w.blocks(ac, a.Blocks); err != nil {
		return err
	}
	return w.flushLead(ac)
}

// code writes a code block as one paragraph with line breaks, so Word keeps
// it as one unit a reader can skip and the monospace shading is continuous.
func (w *writer) code(c ctx, cb *doc.CodeBlock) error {
	p := pprops{style: "SourceCode", ind: c.ind}
	if w.lastTable {
		p.before, w.lastTable = 160, false
	}
	para := newPara(c.out)
	para.prop = p.ct()
	for i, line := range strings.Split(cb.Text, "\n") {
		if i > 0 {
			para.add(runNode(&ctypes.Run{Children: []ctypes.RunChild{{Break: &ctypes.Break{}}}}))
		}
		para.add(runNode(textRun(rprops{}, strings.TrimRight(line, "\r"), "")))
	}
	return nil
}

func (w *writer) deflist(c ctx, dl *doc.DefinitionList) error {
	for _, it := range dl.Items {
		if err := w.para(c, pprops{style: "DefinitionTerm", keepNext: true}, it.Term); err != nil {
			return err
		}
		dc := c.with(func(c *ctx) {
			c.pstyle = "Definition"
			c.ind = c.ind + 720
			c.width = max(c.width-720, 1440)
		})
		for _, def := range it.Defs {
			if err := w.blocks(dc, def); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *writer) figure(c ctx, f *doc.Figure) error {
	if f.Image == nil {
		return fmt.Errorf("%s: figure without an image", f.Pos)
	}
	p := pprops{style: "Figure", keepNext: len(f.Caption) > 0}
	if err := w.para(c, p, []doc.Inline{f.Image}); err != nil {
		return err
	}
	if len(f.Caption) > 0 {
		return w.para(c, pprops{style: "Caption"}, f.Caption)
	}
	return nil
}

func (w *writer) table(c ctx, t *doc.Table) error {
	cols := t.Cols
	for _, rows := range [][]*doc.TableRow{t.Head, t.Body} {
		for _, r := range rows {
			cols = max(cols, len(r.Cells))
		}
	}
	if len(t.Caption) > 0 {
		if err := w.para(c, pprops{style: "Caption", keepNext: true}, t.Caption); err != nil {
			return err
		}
	}
	if cols == 0 || len(t.Head)+len(t.Body) == 0 {
		return nil
	}
	if w.lastTable {
		if err := w.para(c, pprops{}, nil); err != nil {
			return err
		}
	}
	width := c.width - c.ind
	colW := max(width/cols, 360)
	// The table's containers are ours (its cells hold our paragraphs); the
	// properties are godocx's, up to the look, caption and description it
	// cannot write.
	tp := el("w:tblPr").add(
		gx{"w:tblStyle", ctypes.NewCTString("TableGrid")},
		gx{"w:tblW", ctypes.NewTableWidth(5000, stypes.TableWidthPct)})
	if c.ind > 0 {
		tp.add(gx{"w:tblInd", ctypes.NewTableWidth(c.ind, stypes.TableWidthDxa)})
	}
	tp.add(w.tableLook(t)...)
	grid := ctypes.Grid{}
	for range cols {
		grid.Col = append(grid.Col, ctypes.Column{Width: ptr(uint64(colW))})
	}
	tbl := el("w:tbl").add(tp, gx{"w:tblGrid", grid})
	cc := c.with(func(c *ctx) { c.ind = 0; c.lead = nil; c.width = colW })
	for i, rows := range [][]*doc.TableRow{t.Head, t.Body} {
		head := i == 0
		for _, r := range rows {
			rp := &ctypes.RowProperty{CantSplit: &ctypes.OnOff{}}
			if head {
				rp.Header = &ctypes.OnOff{}
			}
			row := el("w:tr").add(gx{"w:trPr", rp})
			for ci := range cols {
				var cell *doc.TableCell
				if ci < len(r.Cells) {
					cell = r.Cells[ci]
				}
				tc, err := w.cell(cc, t, cell, ci, colW, head)
				if err != nil {
					return err
				}
				row.add(tc)
			}
			tbl.add(row)
		}
	}
	*c.out = append(*c.out, tbl)
	w.lastTable = true
	return nil
}

// tableLook is the tblLook godocx cannot write (it models only w:val),
// followed by the caption and description Word's accessibility pane shows.
func (w *writer) tableLook(t *doc.Table) []node {
	ns := []node{el("w:tblLook", "w:val", "0020", "w:firstRow", "1", "w:lastRow", "0", "w:firstColumn", "0",
		"w:lastColumn", "0", "w:noHBand", "1", "w:noVBand", "1")}
	if cap := strings.TrimSpace(doc.PlainText(t.Caption)); cap != "" {
		ns = append(ns, el("w:tblCaption", "w:val", cap))
	}
	if desc := tableDescription(t); desc != "" {
		ns = append(ns, el("w:tblDescription", "w:val", desc))
	}
	return ns
}

// endAfterTable closes a body or footnote that ends with a table.
func (w *writer) endAfterTable(c ctx) error {
	if w.lastTable {
		return w.para(c, pprops{}, nil)
	}
	return nil
}

func (w *writer) cell(c ctx, t *doc.Table, cell *doc.TableCell, col, width int, head bool) (node, error) {
	prop := &ctypes.CellProperty{Width: ctypes.NewTableWidth(width, stypes.TableWidthDxa)}
	if head {
		prop.Shading = ctypes.NewShading().SetShadingType(stypes.ShdClear).SetColor("auto").SetFill(hexOf(w.th.Colours.TableHead))
	}
	style := "TableText"
	if head || (cell != nil && cell.Header) {
		style = "TableHeading"
	}
	align := doc.AlignNone
	if col < len(t.Align) {
		align = t.Align[col]
	}
	if cell != nil && cell.Align != doc.AlignNone {
		align = cell.Align
	}
	var ins []doc.Inline
	if cell != nil {
		ins = cell.Inlines
	}
	var blocks []node
	err := w.para(c.with(func(c *ctx) { c.out = &blocks }), pprops{style: style, jc: jcOf(align)}, ins)
	return el("w:tc").add(gx{"w:tcPr", prop}).add(blocks...), err
}

// tableDescription summarises a table for w:tblDescription, the alt text
// Word's accessibility pane shows: its size and its column headers.
func tableDescription(t *doc.Table) string {
	var heads []string
	if len(t.Head) > 0 {
		for _, c := range t.Head[0].Cells {
			if s := strings.TrimSpace(doc.PlainText(c.Inlines)); s != "" {
				heads = append(heads, s)
			}
		}
	}
	if len(heads) == 0 {
		return ""
	}
	rows := "rows"
	if len(t.Body) == 1 {
		rows = "row"
	}
	return fmt.Sprintf("Table of %d %s with the columns: %s.", len(t.Body), rows, strings.Join(heads, "; "))
}

func jcOf(a doc.Align) stypes.Justification {
	switch a {
	case doc.AlignCenter:
		return stypes.JustificationCenter
	case doc.AlignRight:
		return stypes.JustificationRight
	case doc.AlignLeft:
		return stypes.JustificationLeft
	}
	return ""
}

// hexOf turns "#RRGGBB" into WordprocessingML's "RRGGBB".
func hexOf(c string) string { return strings.ToUpper(strings.TrimPrefix(c, "#")) }

// titleLinked reports whether a link in the document goes to the title.
func titleLinked(d *doc.Document) bool {
	if d.TitleID == "" {
		return false
	}
	found := false
	doc.Walk(d, func(n any) bool {
		if l, ok := n.(*doc.Link); ok && l.URL == "#"+d.TitleID {
			found = true
		}
		return !found
	})
	return found
}
