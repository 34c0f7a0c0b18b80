package pdf

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/altformats/altformats/internal/doc"
)

func (r *renderer) body() tstyle {
	return tstyle{size: r.base, colour: r.cText}
}

func (r *renderer) headingSize(level int) float64 {
	if level < 1 {
		level = 1
	}
	if level > 6 {
		level = 6
	}
	scale := r.th.Sizes.Headings[level-1]
	if scale < 1 {
		scale = 1
	}
	if r.large && level > 1 {
		// headings stay visibly larger than 18 pt body text
		if scale < 1.15 {
			scale = 1.15
		}
	}
	return r.base * scale
}

// run lays out (and, unless dry, draws) the whole document. Characters no
// font has are all reported together, one diagnostic each, with any other
// positioned error met on the way.
func (r *renderer) run() error {
	err := r.layout()
	if len(r.glyphDiags) == 0 {
		return err
	}
	ds := append(doc.Diagnostics(nil), r.glyphDiags...)
	var dg *doc.Diagnostic
	if errors.As(err, &dg) {
		ds = append(ds, dg)
	}
	ds.Sort()
	return ds
}

func (r *renderer) layout() error {
	if !r.dry {
		if r.d.TitleID != "" {
			r.headingLinks[r.d.TitleID] = r.pdf.newTarget()
		}
		for _, h := range doc.Headings(r.d) {
			if h.ID != "" {
				if _, dup := r.headingLinks[h.ID]; !dup {
					r.headingLinks[h.ID] = r.pdf.newTarget()
				}
			}
		}
		for i := range r.d.Footnotes {
			r.fnRefLinks[i] = r.pdf.newTarget()
			r.fnNoteLinks[i] = r.pdf.newTarget()
		}
	}
	r.headingBase = 2
	hs := doc.Headings(r.d)
	for _, h := range hs {
		if h.Level < r.headingBase {
			r.headingBase = h.Level
		}
	}
	r.newPage()
	root := r.tg.root
	if err := r.cover(root); err != nil {
		return err
	}
	_, last, tocOK := doc.TOCLevels(r.d, hs)
	r.tocLast = last
	if len(hs) >= 4 && tocOK {
		if err := r.toc(root, hs); err != nil {
			return err
		}
	}
	if err := r.blocks(r.d.Blocks, r.left, r.width, root, false); err != nil {
		return err
	}
	if err := r.footnotes(root); err != nil {
		return err
	}
	if err := r.closing(root); err != nil {
		return err
	}
	r.paintDecos(r.y)
	r.drawPageNotes()
	r.footer()
	if r.err != nil {
		return r.err
	}
	return nil
}

// ---- cover / first-page block ----

func (r *renderer) cover(root *elem) error {
	m := r.d.Meta
	r.y = r.top + r.base*0.5
	if m.Publisher != "" {
		// The publisher's band, inside the margins (never bled to the paper's
		// edge, where printers clip) and only when there is a publisher to
		// show: an artifact, as the same words are tagged in the "Published
		// by" line.
		size := r.smallSize()
		mb := r.faceMetrics(faceBold)
		pad := size * 0.7
		lines := wrapWords(r.safeText(m.Publisher, mb), mb, size, r.width-2*pad)
		bandTop := edge
		bandH := float64(len(lines))*size*1.25 + 2*pad
		if !r.dry {
			r.fillRect(r.left, bandTop, r.width, bandH, r.cAccent)
			r.artifact("", func() {
				for i, s := range lines {
					r.drawText(r.left+pad, bandTop+pad+float64(i)*size*1.25+size*0.95, s, mb, size, r.cWhite)
				}
			})
		}
		r.y = max(r.y, bandTop+bandH+r.base)
	}
	if r.large {
		// says which edition this is, above the title, where it is seen first
		e := root.child("P")
		if err := r.para([]doc.Inline{&doc.Text{Pos: m.Pos, Text: r.l.LargePrint}}, r.left, r.width, e,
			tstyle{size: r.base, colour: r.cAccent, bold: true}, r.lh); err != nil {
			return err
		}
		r.gap(r.base * 0.3)
	}
	// Title
	hsz := r.headingSize(1)
	title := root.child("H1")
	ins := r.d.TitleInlines
	if len(ins) == 0 {
		ins = []doc.Inline{&doc.Text{Pos: m.Pos, Text: m.Title}}
	}
	if !r.dry {
		r.pdf.bookmark(m.Title, 0, r.y)
		r.outlineLevel = 0
		if l, ok := r.headingLinks[r.d.TitleID]; ok && r.d.TitleID != "" {
			r.pdf.placeTarget(l, r.y)
		}
	}
	if err := r.para(ins, r.left, r.width, title, tstyle{size: hsz, colour: r.cHead, bold: true}, 1.15); err != nil {
		return err
	}
	r.gap(r.base * 0.6)
	if m.Subtitle != "" {
		e := root.child("P")
		if err := r.para([]doc.Inline{&doc.Text{Pos: m.Pos, Text: m.Subtitle}}, r.left, r.width, e,
			tstyle{size: r.headingSize(3), colour: r.cHead}, 1.25); err != nil {
			return err
		}
		r.gap(r.base * 0.8)
	}
	if m.Summary != "" {
		e := root.child("P")
		if err := r.para([]doc.Inline{&doc.Text{Pos: m.Pos, Text: m.Summary}}, r.left, r.width, e,
			tstyle{size: r.base * 1.15, colour: r.cText}, r.lh); err != nil {
			return err
		}
		r.gap(r.base * 0.8)
	}
	var meta []string
	if len(m.Authors) > 0 {
		meta = append(meta, r.l.By+" "+r.l.Names(m.Authors))
	}
	if m.Publisher != "" {
		meta = append(meta, r.l.PublishedBy+" "+m.Publisher)
	}
	var dates []string
	if m.Date != "" {
		dates = append(dates, r.l.Published+" "+r.longDate(m.Date))
	}
	if m.Updated != "" && m.Updated != m.Date {
		dates = append(dates, r.l.Updated+" "+r.longDate(m.Updated))
	}
	if m.Version != "" {
		dates = append(dates, r.l.Version+" "+m.Version)
	}
	if len(dates) > 0 {
		meta = append(meta, strings.Join(dates, " · "))
	}
	st := tstyle{size: r.smallSize(), colour: r.cMuted}
	if r.large {
		st.size = r.base
	}
	for _, s := range meta {
		e := root.child("P")
		if err := r.para([]doc.Inline{&doc.Text{Pos: m.Pos, Text: s}}, r.left, r.width, e, st, r.lh); err != nil {
			return err
		}
	}
	r.need(r.base)
	ry := r.y + r.base*0.4
	if !r.dry {
		r.rule(r.left, r.left+r.width, ry, 2.5, r.cAccent)
	}
	r.y = ry + 2
	r.gap(r.base * 1.4)
	return nil
}

// closing is what every format ends with: how to ask for the document in
// another format (front matter contact) and its licence.
func (r *renderer) closing(root *elem) error {
	m := r.d.Meta
	if m.Contact == "" && m.Licence == "" {
		return nil
	}
	r.gap(r.base * 1.2)
	r.need(r.base*r.lh + r.base)
	if !r.dry {
		r.rule(r.left, r.left+r.width, r.y, 1, r.cBorder)
	}
	r.y += r.base * 0.6
	if m.Contact != "" {
		target := m.Contact
		if !strings.Contains(target, ":") && strings.Contains(target, "@") {
			target = "mailto:" + target
		}
		ins := []doc.Inline{&doc.Text{Pos: m.Pos, Text: r.l.Contact + " "},
			&doc.Link{Pos: m.Pos, URL: target, Children: []doc.Inline{&doc.Text{Pos: m.Pos, Text: m.Contact}}},
			&doc.Text{Pos: m.Pos, Text: "."}}
		if err := r.para(ins, r.left, r.width, root.child("P"), r.body(), r.lh); err != nil {
			return err
		}
		r.gap(r.paraGap(false))
	}
	if m.Licence != "" {
		ins := []doc.Inline{&doc.Text{Pos: m.Pos, Text: r.l.Licence + ": " + m.Licence}}
		if err := r.para(ins, r.left, r.width, root.child("P"), r.body(), r.lh); err != nil {
			return err
		}
	}
	return nil
}

// longDate writes 2026-03-01 as "1 March 2026"; anything else as given.
func (r *renderer) longDate(s string) string {
	d, _ := r.l.HumanDate(s)
	return d
}

// ---- table of contents ----

// inTOC says which headings the contents list: doc.TOCLevels, as every
// format does.
func (r *renderer) inTOC(level int) bool { return level <= r.tocLast }

func (r *renderer) toc(root *elem, hs []*doc.Heading) error {
	h := root.child("H2")
	r.headingBlock([]doc.Inline{&doc.Text{Text: r.l.Contents}}, 2, "", h, false, 2*r.base*r.lh)
	t := root.child("TOC")
	st := r.body()
	numW := r.faceMetrics(faceRegular).width("0000", st.size)
	for _, hd := range hs {
		if !r.inTOC(hd.Level) {
			continue
		}
		r.tocEntry(t, doc.PlainText(hd.Inlines), hd.ID, hd.Level-r.headingBase, st, numW)
	}
	if r.hasEndNotes() {
		r.tocEntry(t, r.l.Footnotes, "", 0, st, numW)
	}
	r.gap(r.base * 1.4)
	return nil
}

func (r *renderer) tocEntry(t *elem, text, id string, depth int, st tstyle, numW float64) {
	item := t.child("TOCI")
	link := item.child("Reference").child("Link")
	lt := &linkTarget{internal: -1, el: link, contents: "Go to section: " + text}
	if id != "" {
		if l, ok := r.headingLinks[id]; ok {
			lt.internal = l
		}
	} else if !r.dry {
		lt.internal = r.notesLink()
	}
	if lt.internal < 0 && !r.dry {
		lt = nil
	}
	idx := r.tocIdx
	r.tocIdx++
	indent := float64(depth) * r.base * 1.5
	w := r.width - indent - numW - r.base
	s := st
	if depth == 0 {
		s.bold = true
	}
	atoms, err := r.atomize([]doc.Inline{&doc.Text{Text: text}}, s, link, w)
	if err != nil {
		r.fail(err)
		return
	}
	for k := range atoms {
		atoms[k].link = lt
	}
	lines := r.breakLines(atoms, w, r.lh)
	for i, l := range lines {
		r.need(l.h)
		r.drawLine(l, r.left+indent, r.y, false)
		if i == len(lines)-1 && !r.dry {
			m := r.faceMetrics(faceRegular)
			baseline := r.y + l.h - l.desc
			// dot leader: decoration only
			lx := r.left + indent + l.w + r.base*0.5
			rx := r.left + r.width - numW - r.base*0.5
			if rx > lx {
				r.artifact("", func() {
					dot := m.width(".", st.size) * 2
					n := int((rx - lx) / dot)
					if n > 0 {
						r.drawText(rx-float64(n)*dot, baseline, strings.Repeat(". ", n), m, st.size, r.cMuted)
					}
				})
			}
			// The page number is not known until the end of the document:
			// the writer holds this page and writes the number in at the end.
			r.beginTag(link)
			right, size := r.left+r.width, st.size
			r.pdf.laterText(baseline, m, size, r.cText, func() (float64, string) {
				num := "?"
				if idx < len(r.headingPages) {
					num = strconv.Itoa(r.headingPages[idx])
				}
				s := " " + num
				return right - m.width(s, size), s
			})
			r.tg.noteText(" #")
			r.endTag()
			if lt != nil {
				r.addLink(lt, r.left+r.width-numW, r.y, numW, l.h)
			}
		}
		r.y += l.h
	}
	r.gap(r.base * 0.25)
}

func (r *renderer) notesLink() int {
	if l, ok := r.headingLinks["\x00notes"]; ok {
		return l
	}
	l := r.pdf.newTarget()
	r.headingLinks["\x00notes"] = l
	return l
}

// ---- blocks ----

func (r *renderer) blocks(bs []doc.Block, x, w float64, parent *elem, tight bool) error {
	for i, b := range bs {
		// what follows a heading, which it keeps with
		r.after = bs[i+1:]
		if err := r.block(b, x, w, parent, tight); err != nil {
			return err
		}
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

func (r *renderer) paraGap(tight bool) float64 {
	if tight {
		return r.base * 0.3
	}
	return r.base * 0.8
}

func (r *renderer) block(b doc.Block, x, w float64, parent *elem, tight bool) error {
	if _, ok := b.(*doc.Paragraph); !ok && r.marker != nil {
		// a list item that starts with something other than a paragraph:
		// room for the start of it, then its marker
		r.need(r.leadHeight([]doc.Block{b}, w))
		if err := r.drawMarker(r.y); err != nil {
			return err
		}
	}
	switch n := b.(type) {
	case *doc.Heading:
		lvl := n.Level
		if lvl < 1 {
			lvl = 1
		}
		if lvl > 6 {
			lvl = 6
		}
		e := parent.child("H" + strconv.Itoa(lvl))
		keep := 2 * r.base * r.lh
		if len(r.after) > 0 {
			keep = r.leadHeight(r.after, w)
		}
		return r.headingBlock(n.Inlines, lvl, n.ID, e, true, keep)
	case *doc.Paragraph:
		e := parent.child("P")
		if err := r.para(n.Inlines, x, w, e, r.body(), r.lh); err != nil {
			return err
		}
		r.gap(r.paraGap(tight))
	case *doc.List:
		return r.list(n, x, w, parent)
	case *doc.BlockQuote:
		e := parent.child("BlockQuote")
		bar := r.cBorder
		bw := 4.0
		if r.large {
			bw = 6
		}
		r.need(r.base * r.lh)
		dc := &deco{x: x, w: w, bar: &bar, barW: bw, pad: r.base * 0.2}
		r.pushDeco(dc)
		ind := r.indent(w, bw+r.base)
		if err := r.blocks(n.Blocks, x+ind, w-ind, e, false); err != nil {
			return err
		}
		r.pendingGap = 0
		r.popDeco(r.y + dc.pad)
		r.y += dc.pad
		r.gap(r.paraGap(false))
	case *doc.Alert:
		return r.alert(n, x, w, parent)
	case *doc.CodeBlock:
		return r.codeBlock(n, x, w, parent)
	case *doc.ThematicBreak:
		r.need(r.base * 1.5)
		if !r.dry {
			r.rule(x, x+w, r.y+r.base*0.75, 1, r.cBorder)
		}
		r.y += r.base * 1.5
		r.gap(r.paraGap(false))
	case *doc.Table:
		return r.table(n, x, w, parent)
	case *doc.DefinitionList:
		return r.defList(n, x, w, parent)
	case *doc.Figure:
		return r.figure(n, x, w, parent)
	default:
		return doc.Errorf(b.Position(), "PDF-UNHANDLED", "", "pdf: unhandled %T", b)
	}
	return nil
}

// para lays out inlines as lines owned by e.
func (r *renderer) para(ins []doc.Inline, x, w float64, e *elem, st tstyle, lh float64) error {
	atoms, err := r.atomizeInto(r.atomBuf, ins, st, e, w)
	if err != nil {
		return err
	}
	// the lines are windows on atoms and are drawn before para returns
	defer func() { r.atomBuf = atoms[:0] }()
	lines := r.breakLines(atoms, w, lh)
	n := len(lines)
	for i, l := range lines {
		fns, fh, err := r.lineNotes(l, e)
		if err != nil {
			return err
		}
		switch {
		case i == 0:
			// no orphans: a short paragraph stays whole, a longer one
			// starts with at least two lines on the page
			keep := 2
			if n <= 4 {
				keep = n
			}
			h := 0.0
			for _, k := range lines[:keep] {
				h += k.h
			}
			r.need(h)
			if err := r.drawMarker(r.y); err != nil {
				return err
			}
		case i == n-2 && i >= 2:
			// no widows: the last line never goes alone to a new page
			r.need(l.h + lines[i+1].h)
		default:
			r.need(l.h)
		}
		if len(fns) > 0 {
			// the line and its notes on one page
			if r.y+l.h+fh > r.bottom && !r.atTop() {
				r.newPage()
				if fns, fh, err = r.lineNotes(l, e); err != nil {
					return err
				}
			}
			r.placeNotes(fns, fh)
		}
		r.drawLine(l, x, r.y, false)
		for _, fn := range fns {
			fn.note.ensure() // read after the line that refers to it
		}
		r.y += l.h
	}
	return nil
}

// headingBlock draws a heading kept together with the start of what follows,
// adds its bookmark and makes it the target of links to its ID.
func (r *renderer) headingBlock(ins []doc.Inline, level int, id string, e *elem, bookmark bool, keep float64) error {
	size := r.headingSize(level)
	st := tstyle{size: size, colour: r.cHead, bold: true}
	atoms, err := r.atomize(ins, st, e, r.width)
	if err != nil {
		return err
	}
	lines := r.breakLines(atoms, r.width, 1.2)
	total := 0.0
	for _, l := range lines {
		total += l.h
	}
	r.gap(r.base * 1.3)
	// keep with the start of what follows (two lines of text, a table's
	// header and first row, an image and its caption), unless that is more
	// than half a page
	r.need(total + r.base*0.5 + min(keep, (r.bottom-r.top)/2))
	if bookmark && r.inTOC(level) {
		r.headingPages = append(r.headingPages, r.pages)
	}
	if !r.dry {
		if l, ok := r.headingLinks[id]; ok && id != "" {
			r.pdf.placeTarget(l, r.y)
		}
		ol := level - r.headingBase
		if ol < 0 {
			ol = 0
		}
		if ol > r.outlineLevel+1 {
			ol = r.outlineLevel + 1
		}
		r.outlineLevel = ol
		r.pdf.bookmark(strings.TrimSpace(doc.PlainText(ins)), ol, r.y)
	}
	for _, l := range lines {
		r.drawLine(l, r.left, r.y, false)
		r.y += l.h
	}
	if r.trackHeadings {
		r.headingEnds = append(r.headingEnds, r.y)
	}
	r.gap(r.base * 0.5)
	return nil
}

// indent gives nested content its indentation until the text column would
// drop below a third of the page's text width; deeper nesting (thousands
// of levels in hostile input) then stops moving right.
func (r *renderer) indent(w, want float64) float64 {
	minW := r.width / 3
	if w-want >= minW {
		return want
	}
	return max(0, w-minW)
}

// ---- lists ----

func (r *renderer) list(n *doc.List, x, w float64, parent *elem) error {
	L := parent.child("L")
	task := false
	for _, it := range n.Items {
		if it.Task {
			task = true
		}
	}
	switch {
	case n.Ordered:
		L.set().listNumbering = "Decimal"
	case task:
		L.set().listNumbering = "None"
	default:
		L.set().listNumbering = "Disc"
	}
	depth := 0
	for p := parent; p != nil; p = p.parent {
		if p.role == "L" {
			depth++
		}
	}
	st := r.body()
	m := r.faceMetrics(faceRegular)
	labels := make([]string, len(n.Items))
	labelW := 0.0
	for i, it := range n.Items {
		switch {
		case it.Task && it.Checked:
			labels[i] = "☑"
		case it.Task:
			labels[i] = "☐"
		case n.Ordered:
			labels[i] = strconv.Itoa(n.Start+i) + "."
		default:
			labels[i] = bullet(depth, m)
		}
		if lw := m.width(labels[i], st.size); lw > labelW {
			labelW = lw
		}
	}
	if task {
		labelW = st.size
	}
	ind := labelW + st.size*0.8
	if ind < st.size*1.6 {
		ind = st.size * 1.6
	}
	ind = r.indent(w, ind)
	for i, it := range n.Items {
		LI := L.child("LI")
		lbl := LI.child("Lbl")
		body := LI.child("LBody")
		lh := st.size * r.lh
		r.need(lh)
		// The marker is drawn with the item's first line (by para, or by
		// block for anything else), so a page break before that line takes
		// the marker with it.
		it, i := it, i
		r.marker = func(y float64) error {
			if it.Task {
				r.checkbox(lbl, x, y, lh, st, it.Checked)
				return nil
			}
			atoms, err := r.atomize([]doc.Inline{&doc.Text{Pos: it.Pos, Text: labels[i]}}, st, lbl, ind)
			if err != nil {
				return err
			}
			// a label is one line: only the first is drawn
			if ls := r.breakLines(atoms, ind+labelW, r.lh); len(ls) > 0 {
				lx := x
				if n.Ordered {
					lx = x + labelW - ls[0].w // right-align numbers
				}
				r.drawLine(ls[0], lx, y, false)
			}
			return nil
		}
		y0, p0 := r.y, r.pages
		if err := r.blocks(it.Blocks, x+ind, w-ind, body, n.Tight); err != nil {
			return err
		}
		if err := r.drawMarker(r.y); err != nil { // an empty item
			return err
		}
		if r.y == y0 && r.pages == p0 {
			r.y += lh // empty item
		}
		r.gap(r.paraGap(n.Tight))
	}
	r.gap(r.paraGap(false))
	return nil
}

// drawMarker draws a pending list marker at y.
func (r *renderer) drawMarker(y float64) error {
	if r.marker == nil {
		return nil
	}
	m := r.marker
	r.marker = nil
	return m(y)
}

func bullet(depth int, m *metrics) string {
	opts := []string{"•", "–", "◦"}
	b := opts[(depth)%len(opts)]
	if !m.has([]rune(b)[0]) {
		return "-"
	}
	return b
}

// checkbox draws a task-list box as decoration and labels it with words, so
// the state is real text for screen readers and text extraction even though
// the fonts have no ballot-box glyph.
func (r *renderer) checkbox(lbl *elem, x, y, lh float64, st tstyle, checked bool) {
	if r.dry {
		return
	}
	s := st.size * 0.8
	top := y + (lh-s)/2
	r.artifact("", func() {
		r.setDraw(r.cText)
		r.pdf.lineWidth(0.8)
		r.pdf.rect(x, top, s, s, true)
		if checked {
			r.pdf.lineWidth(1.4)
			r.pdf.line(x+s*0.2, top+s*0.55, x+s*0.42, top+s*0.78)
			r.pdf.line(x+s*0.42, top+s*0.78, x+s*0.82, top+s*0.22)
		}
	})
	word := r.l.NotDone + ": "
	if checked {
		word = r.l.Done + ": "
	}
	r.beginTag(lbl)
	// Invisible text (render mode 3): read aloud and extracted, not shown.
	r.pdf.raw("3 Tr\n")
	m := r.faceMetrics(faceRegular)
	r.drawText(x, y+lh*0.7, word, m, st.size*0.3, st.colour)
	r.pdf.raw("0 Tr\n")
	r.tg.noteText(word)
	r.endTag()
}

// ---- alerts, code, definitions ----

func (r *renderer) alert(n *doc.Alert, x, w float64, parent *elem) error {
	e := parent.child("Div")
	fill := r.cNote
	bar := r.cAccent
	if n.Kind == doc.AlertWarning || n.Kind == doc.AlertCaution {
		fill = r.cWarn
		bar = rgb{0xFF, 0xB8, 0x1C} // NHS warm yellow: the bar of a warning callout
		if n.Kind == doc.AlertCaution {
			bar = rgb{0xD5, 0x28, 0x1B} // NHS red
		}
	}
	pad := r.base * 0.8
	bw := r.base * 0.45
	r.need(pad*2 + 2*r.base*r.lh)
	dc := &deco{x: x, w: w, fill: &fill, bar: &bar, barW: bw, pad: pad}
	r.pushDeco(dc)
	r.y += pad
	in := r.indent(w, bw+2*pad)
	inner := x + max(0, in-pad)
	iw := w - in
	label := e.child("P")
	kind := r.l.Alert(n.Kind)
	if kind == "" {
		kind = r.l.Alert(doc.AlertNote)
	}
	if err := r.para([]doc.Inline{&doc.Text{Pos: n.Pos, Text: kind}}, inner, iw, label,
		tstyle{size: r.base * 1.05, colour: r.cHead, bold: true}, r.lh); err != nil {
		return err
	}
	r.gap(r.base * 0.3)
	if err := r.blocks(n.Blocks, inner, iw, e, false); err != nil {
		return err
	}
	r.pendingGap = 0
	r.y += pad
	r.popDeco(r.y)
	r.gap(r.paraGap(false))
	return nil
}

// codeBlock draws a code block line by line. A source line too long for the
// box wraps; each wrapped part carries a continuation mark in the margin (an
// artifact, so a screen reader reads the line as one) and is indented past
// it, so it cannot be taken for a new line of code or a new command.
func (r *renderer) codeBlock(n *doc.CodeBlock, x, w float64, parent *elem) error {
	e := parent.child("Code")
	st := tstyle{size: r.base * 0.9, colour: r.cText, mono: true}
	if r.large {
		st.size = r.base
	}
	pad := r.base * 0.6
	mark, markM := r.continuationMark()
	markW := 0.0
	if markM != nil {
		markW = markM.width(mark, st.size) + st.size*0.3
	}
	text := strings.ReplaceAll(n.Text, "\t", "    ")
	type codeLine struct {
		line
		cont bool // a wrapped part of the source line before it
	}
	var lines []codeLine
	for i, ln := range strings.Split(text, "\n") {
		var ins []doc.Inline
		if ln != "" {
			ins = []doc.Inline{&doc.Text{Pos: doc.Pos{File: n.Pos.File, Line: n.Pos.Line + 1 + i, Col: 1}, Text: ln}}
		}
		atoms, err := r.atomize(ins, st, e, w-2*pad-markW)
		if err != nil {
			return err
		}
		ls := r.breakLines(atoms, w-2*pad-markW, 1.35)
		if len(ls) == 0 {
			ls = []line{r.finishLine(nil, 1.35)} // an empty line of code keeps its height
		}
		for j, l := range ls {
			lines = append(lines, codeLine{line: l, cont: j > 0})
		}
	}
	first := 0.0
	if len(lines) > 0 {
		first = lines[0].h
	}
	r.need(first + 2*pad)
	fill := r.cCode
	dc := &deco{x: x, w: w, fill: &fill, pad: pad}
	r.pushDeco(dc)
	r.y += pad
	for _, l := range lines {
		r.need(l.h)
		lx := x + pad
		if l.cont && markM != nil {
			y, h, desc := r.y, l.h, l.desc
			r.artifact("", func() { r.drawText(x+pad, y+h-desc, mark, markM, st.size, r.cMuted) })
			lx += markW
		}
		r.drawLine(l.line, lx, r.y, false)
		r.y += l.h
	}
	r.y += pad
	r.popDeco(r.y)
	r.gap(r.paraGap(false))
	return nil
}

// continuationMark is the arrow drawn before a wrapped part of a code line,
// in the first face that has one.
func (r *renderer) continuationMark() (string, *metrics) {
	for _, c := range []rune{'↪', '→', '>'} {
		if m := r.fs.faceFor(faceMono, c); m != nil {
			return string(c), m
		}
	}
	return "", nil
}

func (r *renderer) defList(n *doc.DefinitionList, x, w float64, parent *elem) error {
	L := parent.child("L")
	L.set().listNumbering = "None"
	ind := r.indent(w, r.base*1.8)
	for _, it := range n.Items {
		LI := L.child("LI")
		lbl := LI.child("Lbl")
		body := LI.child("LBody")
		r.need(3 * r.base * r.lh) // keep the term with its definition
		st := r.body()
		st.bold = true
		if err := r.para(it.Term, x, w, lbl, st, r.lh); err != nil {
			return err
		}
		r.gap(r.base * 0.2)
		for _, d := range it.Defs {
			if err := r.blocks(d, x+ind, w-ind, body, true); err != nil {
				return err
			}
		}
		r.gap(r.paraGap(false))
	}
	return nil
}

// ---- figures and images ----

// registerImage writes the image once per distinct byte slice.
func (r *renderer) registerImage(img *doc.Image) (*imageRes, error) {
	if len(img.Data) == 0 {
		return nil, doc.Errorf(img.Pos, "PDF-IMAGE", "", "image %s has no data", img.Src)
	}
	key := &img.Data[0]
	if im, ok := r.images[key]; ok {
		return im, nil
	}
	im, err := r.pdf.addImage(img)
	if err != nil {
		return nil, doc.Errorf(img.Pos, "PDF-IMAGE", "save the image as a PNG or a JPEG", "image %s: %v", img.Src, err)
	}
	r.images[key] = im
	return im, nil
}

func (r *renderer) figure(n *doc.Figure, x, w float64, parent *elem) error {
	img := n.Image
	if img == nil || img.Width <= 0 || img.Height <= 0 {
		return nil
	}
	// 96 px per inch is how the image looks at 100% in a browser.
	iw := float64(img.Width) * 0.75
	ih := float64(img.Height) * 0.75
	if iw > w {
		ih *= w / iw
		iw = w
	}
	capH := 0.0
	if len(n.Caption) > 0 {
		capH = 2 * r.base * r.lh
	}
	maxH := (r.bottom - r.top) - capH - r.base
	if ih > maxH {
		iw *= maxH / ih
		ih = maxH
	}
	r.need(ih + capH*0.5)
	ix := x
	if img.Decorative {
		if !r.dry {
			name, err := r.registerImage(img)
			if err != nil {
				return err
			}
			r.artifact("", func() { r.pdf.image(name, ix, r.y, iw, ih) })
		}
		r.y += ih
		r.gap(r.paraGap(false))
		return nil
	}
	e := parent.child("Figure")
	e.set().alt = altText(img)
	if !r.dry {
		name, err := r.registerImage(img)
		if err != nil {
			return err
		}
		r.figureBBox(e, ix, r.y, iw, ih)
		r.beginTag(e)
		r.pdf.image(name, ix, r.y, iw, ih)
		r.tg.noteText("")
		r.endTag()
	}
	r.y += ih
	if len(n.Caption) > 0 {
		r.y += r.base * 0.4
		c := e.child("Caption")
		st := tstyle{size: r.smallSize(), colour: r.cMuted, italic: !r.large}
		if err := r.para(n.Caption, x, w, c, st, r.lh); err != nil {
			return err
		}
	}
	r.gap(r.paraGap(false))
	return nil
}

// ---- footnotes ----

// hasEndNotes says whether some footnote cannot go at the foot of its page.
func (r *renderer) hasEndNotes() bool {
	for _, foot := range r.fnFoot {
		if !foot {
			return true
		}
	}
	return false
}

// footnotes sets the Footnotes section at the end, for the notes that are
// not at the foot of a page.
func (r *renderer) footnotes(root *elem) error {
	if !r.hasEndNotes() {
		return nil
	}
	h := root.child("H" + strconv.Itoa(r.headingBase))
	if !r.dry {
		r.notesLink()
	}
	if err := r.headingBlockNotes(h); err != nil {
		return err
	}
	st := r.body()
	m := r.faceMetrics(faceRegular)
	ind := m.width(strconv.Itoa(len(r.d.Footnotes))+".", st.size) + st.size
	for i, fn := range r.d.Footnotes {
		if r.fnFoot[i] {
			continue
		}
		note := root.child("Note")
		note.set().id = "fn" + strconv.Itoa(i+1)
		lh := st.size * r.lh
		r.need(lh)
		if !r.dry {
			r.pdf.placeTarget(r.fnNoteLinks[i], r.y)
		}
		back := note.child("Link")
		lt := &linkTarget{internal: -1, el: back, contents: fmt.Sprintf("Back to reference %d", i+1)}
		if !r.dry && r.fnRefSeen[i] {
			lt.internal = r.fnRefLinks[i]
		} else {
			lt = nil
		}
		if lt == nil {
			back.role = "Lbl"
		}
		ls := st
		ls.colour = r.cLink
		ls.underline = lt != nil
		atoms, err := r.atomize([]doc.Inline{&doc.Text{Pos: fn.Pos, Text: strconv.Itoa(i+1) + "."}}, ls, back, ind)
		if err != nil {
			return err
		}
		if lt != nil {
			for k := range atoms {
				atoms[k].link = lt
			}
		}
		for _, l := range r.breakLines(atoms, ind*2, r.lh) {
			r.drawLine(l, r.left, r.y, false)
			break
		}
		y0, p0 := r.y, r.pages
		if err := r.blocks(fn.Blocks, r.left+ind, r.width-ind, note, true); err != nil {
			return err
		}
		if r.y == y0 && r.pages == p0 {
			r.y += lh
		}
		r.gap(r.paraGap(true))
	}
	return nil
}

func (r *renderer) headingBlockNotes(h *elem) error {
	level := r.headingBase
	size := r.headingSize(level)
	st := tstyle{size: size, colour: r.cHead, bold: true}
	atoms, err := r.atomize([]doc.Inline{&doc.Text{Text: r.l.Footnotes}}, st, h, r.width)
	if err != nil {
		return err
	}
	lines := r.breakLines(atoms, r.width, 1.2)
	r.gap(r.base * 1.3)
	r.need(lines[0].h + r.base*0.5 + 2*r.base*r.lh)
	r.headingPages = append(r.headingPages, r.pages)
	if !r.dry {
		r.pdf.placeTarget(r.notesLink(), r.y)
		r.pdf.bookmark(r.l.Footnotes, 0, r.y)
		r.outlineLevel = 0
	}
	for _, l := range lines {
		r.drawLine(l, r.left, r.y, false)
		r.y += l.h
	}
	r.gap(r.base * 0.5)
	return nil
}
