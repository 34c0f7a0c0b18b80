package docx

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// writer holds the state of one render.
type writer struct {
	d        *doc.Document
	opt      render.Options
	th       *render.Theme
	modified time.Time
	page     pageSetup

	docPart *part
	fnPart  *part

	media     []mediaFile
	mediaByID map[string]int // image bytes -> index in media

	lists []*listTree // numbering definitions, numID = index+1

	bookmarks map[string]string // heading ID -> bookmark name
	bmNames   map[string]bool
	bmProbe   map[string]int // base name -> next suffix to try
	bmNext    int

	drawingID int

	fnBody  map[int]*bytes.Buffer // footnote N -> its paragraphs
	fnOrder []int                 // footnotes in the order Word numbers them
	fnSeen  map[int]bool

	// lastTable is set after a table until the next paragraph: two adjacent
	// tables would merge into one, and a body, cell or footnote must end
	// with a paragraph.
	lastTable bool

	// depth guards against pathological nesting: Word itself stops opening
	// deeply nested structures, and recursion must not exhaust the stack.
	depth int
}

type mediaFile struct {
	name string // word/media/imageN.ext
	ext  string
	data []byte
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

const maxDepth = 200

func newWriter(d *doc.Document, opt render.Options) *writer {
	mod := opt.Modified
	if mod.IsZero() {
		mod = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	w := &writer{
		d: d, opt: opt, th: opt.Theme, modified: mod.UTC(),
		page:      pageFor(opt.Paper, opt.Theme),
		docPart:   newPart(),
		fnPart:    newPart(),
		mediaByID: map[string]int{},
		bookmarks: map[string]string{},
		bmNames:   map[string]bool{},
		bmProbe:   map[string]int{},
		fnBody:    map[int]*bytes.Buffer{},
		fnSeen:    map[int]bool{},
	}
	w.docPart.add(relStyles, "styles.xml", false)
	w.docPart.add(relSettings, "settings.xml", false)
	w.docPart.add(relFooter, "footer1.xml", false)
	// Bookmarks first, so a link may point forward to a later heading.
	doc.Walk(d, func(n any) bool {
		if h, ok := n.(*doc.Heading); ok && h.ID != "" {
			w.bookmarkFor(h.ID)
		}
		return true
	})
	return w
}

// pageSetup is in twentieths of a point (twips).
type pageSetup struct {
	width, height, margin int
}

func (p pageSetup) textWidth() int { return p.width - 2*p.margin }

func pageFor(paper string, th *render.Theme) pageSetup {
	margin := int(th.Sizes.MarginMM/25.4*1440 + 0.5)
	if margin <= 0 {
		margin = 1134
	}
	switch strings.ToLower(paper) {
	case "a5":
		return pageSetup{8391, 11906, margin}
	case "letter":
		return pageSetup{12240, 15840, margin}
	default:
		return pageSetup{11906, 16838, margin}
	}
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
	// Probing resumes where the last clash on this base stopped: every
	// suffix below that is taken already, and long headings repeated many
	// times (truncated to one base) made probing from 2 quadratic.
	i := max(2, w.bmProbe[base])
	for ; w.bmNames[name]; i++ {
		suffix := fmt.Sprintf("_%d", i)
		if len(base)+len(suffix) > 40 {
			name = base[:40-len(suffix)] + suffix
		} else {
			name = base + suffix
		}
	}
	w.bmProbe[base] = i
	w.bmNames[name] = true
	w.bookmarks[id] = name
	return name
}

// ctx is where blocks are being written.
type ctx struct {
	b      *bytes.Buffer
	part   *part
	fn     bool   // inside a footnote: no footnote references, FootnoteText style
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
	runs        string
	task        string // "☐ " or "☒ ", prefixed to the first text
}

func (c ctx) with(f func(*ctx)) ctx { f(&c); return c }

// build renders every part of the package.
func (w *writer) build() ([]file, error) {
	var body bytes.Buffer
	c := ctx{b: &body, part: w.docPart, width: w.page.textWidth()}
	if err := w.titleBlock(c); err != nil {
		return nil, err
	}
	if err := w.blocks(c, w.d.Blocks); err != nil {
		return nil, err
	}
	if err := w.orphanFootnotes(c); err != nil {
		return nil, err
	}
	w.endAfterTable(c)
	return w.parts(body.Bytes())
}

// titleBlock writes the title (the only Title-style paragraph), the subtitle
// and a line of publication details.
func (w *writer) titleBlock(c ctx) error {
	title := w.d.TitleInlines
	if len(title) == 0 && w.d.Meta.Title != "" {
		title = []doc.Inline{&doc.Text{Text: w.d.Meta.Title}}
	}
	if len(title) > 0 {
		if err := w.para(c, pprops{style: "Title"}, title); err != nil {
			return err
		}
	}
	m := w.d.Meta
	if m.Subtitle != "" {
		w.para(c, pprops{style: "Subtitle"}, []doc.Inline{&doc.Text{Text: m.Subtitle}})
	}
	var info []string
	if len(m.Authors) > 0 {
		info = append(info, "By "+joinNames(m.Authors))
	}
	if m.Publisher != "" {
		info = append(info, m.Publisher)
	}
	if s := humanDate(m.Date); s != "" {
		info = append(info, "Published "+s)
	}
	if s := humanDate(m.Updated); s != "" && m.Updated != m.Date {
		info = append(info, "Updated "+s)
	}
	if m.Version != "" {
		info = append(info, "Version "+m.Version)
	}
	if len(info) > 0 {
		w.para(c, pprops{style: "DocumentInfo"}, []doc.Inline{&doc.Text{Text: strings.Join(info, " · ")}})
	}
	return nil
}

func joinNames(ns []string) string {
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

// humanDate turns 2026-03-01 into "1 March 2026" (GOV.UK style); other
// strings pass through unchanged.
func humanDate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
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
		w.flushLead(c)
		lvl := min(max(n.Level, 1), 6)
		p := pprops{style: fmt.Sprintf("Heading%d", lvl)}
		if n.ID != "" {
			p.bookmark = w.bookmarkFor(n.ID)
		}
		return w.para(c, p, n.Inlines)
	case *doc.List:
		return w.list(c, n)
	case *doc.BlockQuote:
		w.flushLead(c)
		return w.blocks(c.with(func(c *ctx) { c.pstyle = "Quote" }), n.Blocks)
	case *doc.Alert:
		return w.alert(c, n)
	case *doc.CodeBlock:
		w.flushLead(c)
		return w.code(c, n)
	case *doc.ThematicBreak:
		w.flushLead(c)
		return w.para(c, pprops{style: "HorizontalRule"}, nil)
	case *doc.Table:
		w.flushLead(c)
		return w.table(c, n)
	case *doc.DefinitionList:
		w.flushLead(c)
		return w.deflist(c, n)
	case *doc.Figure:
		return w.figure(c, n)
	default:
		return fmt.Errorf("%s: unhandled %T", b.Position(), b)
	}
}

// pprops are the paragraph properties we use, written in schema order.
type pprops struct {
	style    string
	keepNext bool
	numID    int
	ilvl     int
	before   int // space before in twips, 0 = from style
	ind      int // left indent in twips, 0 = from style
	jc       string
	bookmark string
}

func (p pprops) xml() string {
	var b strings.Builder
	if p.style != "" {
		fmt.Fprintf(&b, `<w:pStyle w:val="%s"/>`, p.style)
	}
	if p.keepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if p.numID > 0 {
		fmt.Fprintf(&b, `<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>`, p.ilvl, p.numID)
	}
	if p.before > 0 {
		fmt.Fprintf(&b, `<w:spacing w:before="%d"/>`, p.before)
	}
	if p.ind > 0 {
		fmt.Fprintf(&b, `<w:ind w:left="%d"/>`, p.ind)
	}
	if p.jc != "" {
		fmt.Fprintf(&b, `<w:jc w:val="%s"/>`, p.jc)
	}
	if b.Len() == 0 {
		return ""
	}
	return "<w:pPr>" + b.String() + "</w:pPr>"
}

// para writes one paragraph, consuming the pending lead of c if any.
func (w *writer) para(c ctx, p pprops, ins []doc.Inline) error {
	var runs string
	if l := c.lead; l != nil && (l.numID > 0 || l.runs != "" || l.task != "") {
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
	c.b.WriteString("<w:p>")
	c.b.WriteString(p.xml())
	if p.bookmark != "" {
		w.bmNext++
		fmt.Fprintf(c.b, `<w:bookmarkStart w:id="%d" w:name="%s"/>`, w.bmNext, p.bookmark)
	}
	c.b.WriteString(runs)
	if err := w.inlines(c, ins, rprops{}); err != nil {
		return err
	}
	if p.bookmark != "" {
		fmt.Fprintf(c.b, `<w:bookmarkEnd w:id="%d"/>`, w.bmNext)
	}
	c.b.WriteString("</w:p>\n")
	return nil
}

// flushLead writes a pending list number or label as its own paragraph when
// the next block cannot carry it (a table, a heading, a code block).
func (w *writer) flushLead(c ctx) {
	if c.lead == nil || (c.lead.numID == 0 && c.lead.runs == "" && c.lead.task == "") {
		return
	}
	w.para(c, pprops{style: c.pstyle}, nil)
}

// list writes a list as numbered paragraphs. A list and the lists nested in
// it share one numbering definition, one level per depth, because Word and
// LibreOffice only see nesting within one numbering: separate definitions
// would read as a run of flat sibling lists. A nested list that does not fit
// its depth's level (bullets where numbers were, another start) gets a
// definition of its own.
func (w *writer) list(c ctx, l *doc.List) error {
	w.flushLead(c)
	def := listLevel{ordered: l.Ordered, start: 1}
	if l.Ordered && l.Start >= 0 {
		def.start = l.Start
	}
	ilvl := min(c.level, 8) // Word has nine list levels
	tree := c.tree
	if tree == nil || (tree.levels[ilvl] != nil && *tree.levels[ilvl] != def) {
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
		w.flushLead(ic)
	}
	return nil
}

func (w *writer) alert(c ctx, a *doc.Alert) error {
	w.flushLead(c)
	style := "Note"
	if a.Kind == doc.AlertWarning || a.Kind == doc.AlertCaution {
		style = "Warning"
	}
	label := a.Kind.Label()
	if label == "" {
		label = "Note"
	}
	ac := c.with(func(c *ctx) {
		c.pstyle = style
		c.lead = &lead{runs: run(rprops{bold: true}, label+": ")}
	})
	if err := w.blocks(ac, a.Blocks); err != nil {
		return err
	}
	w.flushLead(ac)
	return nil
}

// code writes a code block as one paragraph with line breaks, so Word keeps
// it as one unit a reader can skip and the monospace shading is continuous.
func (w *writer) code(c ctx, cb *doc.CodeBlock) error {
	p := pprops{style: "SourceCode", ind: c.ind}
	if w.lastTable {
		p.before, w.lastTable = 160, false
	}
	c.b.WriteString("<w:p>")
	c.b.WriteString(p.xml())
	for i, line := range strings.Split(cb.Text, "\n") {
		if i > 0 {
			c.b.WriteString("<w:r><w:br/></w:r>")
		}
		if line != "" {
			c.b.WriteString(run(rprops{}, strings.TrimRight(line, "\r")))
		}
	}
	c.b.WriteString("</w:p>\n")
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
		w.para(c, pprops{}, nil)
	}
	width := c.width - c.ind
	colW := max(width/cols, 360)
	b := c.b
	b.WriteString("<w:tbl>\n<w:tblPr>")
	b.WriteString(`<w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>`)
	if c.ind > 0 {
		fmt.Fprintf(b, `<w:tblInd w:w="%d" w:type="dxa"/>`, c.ind)
	}
	b.WriteString(`<w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>`)
	if s := strings.TrimSpace(doc.PlainText(t.Caption)); s != "" {
		fmt.Fprintf(b, `<w:tblCaption w:val="%s"/>`, attr(s))
	}
	if desc := tableDescription(t); desc != "" {
		fmt.Fprintf(b, `<w:tblDescription w:val="%s"/>`, attr(desc))
	}
	b.WriteString("</w:tblPr>\n<w:tblGrid>")
	for range cols {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, colW)
	}
	b.WriteString("</w:tblGrid>\n")
	cc := c.with(func(c *ctx) { c.ind = 0; c.lead = nil; c.width = colW })
	for i, rows := range [][]*doc.TableRow{t.Head, t.Body} {
		head := i == 0
		for _, r := range rows {
			b.WriteString("<w:tr><w:trPr><w:cantSplit/>")
			if head {
				b.WriteString("<w:tblHeader/>")
			}
			b.WriteString("</w:trPr>")
			for ci := range cols {
				var cell *doc.TableCell
				if ci < len(r.Cells) {
					cell = r.Cells[ci]
				}
				if err := w.cell(cc, t, cell, ci, colW, head); err != nil {
					return err
				}
			}
			b.WriteString("</w:tr>\n")
		}
	}
	b.WriteString("</w:tbl>\n")
	w.lastTable = true
	return nil
}

// endAfterTable closes a body or footnote that ends with a table.
func (w *writer) endAfterTable(c ctx) {
	if w.lastTable {
		w.para(c, pprops{}, nil)
	}
}

func (w *writer) cell(c ctx, t *doc.Table, cell *doc.TableCell, col, width int, head bool) error {
	b := c.b
	fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, width)
	if head {
		fmt.Fprintf(b, `<w:shd w:val="clear" w:color="auto" w:fill="%s"/>`, hexOf(w.th.Colours.TableHead))
	}
	b.WriteString("</w:tcPr>")
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
	if err := w.para(c, pprops{style: style, jc: jcOf(align)}, ins); err != nil {
		return err
	}
	b.WriteString("</w:tc>")
	return nil
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

func jcOf(a doc.Align) string {
	switch a {
	case doc.AlignCenter:
		return "center"
	case doc.AlignRight:
		return "right"
	case doc.AlignLeft:
		return "left"
	}
	return ""
}

// hexOf turns "#RRGGBB" into WordprocessingML's "RRGGBB".
func hexOf(c string) string { return strings.ToUpper(strings.TrimPrefix(c, "#")) }
