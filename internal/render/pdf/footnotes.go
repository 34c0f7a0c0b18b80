package pdf

import (
	"fmt"
	"strconv"

	"github.com/altformats/altformats/internal/doc"
)

// Footnotes at the foot of the page that refers to them, as Word sets them.
// When a line holding a footnote's first reference is placed, the note's
// height is taken off the page's text area; when the page ends, its notes
// are drawn under a short rule. A note is tagged as a Note element inside
// the paragraph that refers to it, right after the reference, and the two
// are linked both ways. Notes that cannot go there (referenced only from a
// table cell or a heading, or holding more than paragraphs) stay in the
// Footnotes section at the end.

// footNote is a footnote laid out for the foot of a page.
type footNote struct {
	i      int // index in d.Footnotes
	note   *elem
	label  []line // its number, a link back to the reference
	lines  []line
	h      float64
	placed bool
}

// footEligible says which footnotes can go at the foot of the page.
func footEligible(d *doc.Document) []bool {
	ok := make([]bool, len(d.Footnotes))
	for i, fn := range d.Footnotes {
		ok[i] = len(fn.Blocks) > 0
		for _, b := range fn.Blocks {
			if _, isPara := b.(*doc.Paragraph); !isPara {
				ok[i] = false
			}
		}
	}
	// a reference in a table cell or a heading is drawn outside a paragraph
	elsewhere := func(ins []doc.Inline) {
		doc.WalkInlines(ins, func(n any) bool {
			if ref, isRef := n.(*doc.FootnoteRef); isRef && ref.N >= 1 && ref.N <= len(ok) {
				ok[ref.N-1] = false
			}
			return true
		})
	}
	elsewhere(d.TitleInlines)
	doc.WalkBlocks(d.Blocks, func(n any) bool {
		switch b := n.(type) {
		case *doc.Heading:
			elsewhere(b.Inlines)
		case *doc.Table:
			for _, rows := range [][]*doc.TableRow{b.Head, b.Body} {
				for _, row := range rows {
					for _, c := range row.Cells {
						elsewhere(c.Inlines)
					}
				}
			}
		}
		return true
	})
	for _, fn := range d.Footnotes {
		doc.WalkBlocks(fn.Blocks, func(n any) bool {
			if ref, isRef := n.(*doc.FootnoteRef); isRef && ref.N >= 1 && ref.N <= len(ok) {
				ok[ref.N-1] = false // a note referring to a note: keep both at the end
			}
			return true
		})
	}
	return ok
}

func (r *renderer) noteSize() float64 { return r.smallSize() }

// noteSep is the space above a page's first note, with its rule.
func (r *renderer) noteSep() float64 { return r.noteSize() * 1.6 }

// prepareNote lays out footnote i for the foot of the page, as a Note
// child of owner (the paragraph holding the reference).
func (r *renderer) prepareNote(i int, owner *elem) (*footNote, error) {
	if fn := r.footNotes[i]; fn != nil {
		return fn, nil
	}
	st := tstyle{size: r.noteSize(), colour: r.cText}
	m := r.faceMetrics(faceRegular)
	ind := m.width(strconv.Itoa(len(r.d.Footnotes))+".", st.size) + st.size*0.6
	note := owner.child("Note")
	note.set().id = "fn" + strconv.Itoa(i+1)
	back := note.child("Link")
	lt := &linkTarget{internal: -1, el: back, contents: fmt.Sprintf("%s %d", r.l.BackToRef, i+1)}
	if !r.dry {
		lt.internal = r.fnRefLinks[i]
	}
	ls := st
	ls.colour = r.cLink
	ls.underline = true
	la, err := r.atomize([]doc.Inline{&doc.Text{Pos: r.d.Footnotes[i].Pos, Text: strconv.Itoa(i+1) + "."}}, ls, back, ind)
	if err != nil {
		return nil, err
	}
	for k := range la {
		la[k].link = lt
	}
	fn := &footNote{i: i, note: note, label: r.breakLines(la, ind*3, 1.25)}
	w := r.width - ind
	blocks := r.d.Footnotes[i].Blocks
	for k, b := range blocks {
		p := b.(*doc.Paragraph)
		// the Note sits inside the paragraph that refers to it: a one-
		// paragraph note holds its text itself (no P inside a P)
		owner := note
		if len(blocks) > 1 {
			owner = note.child("P")
		}
		atoms, err := r.atomize(p.Inlines, st, owner, w)
		if err != nil {
			return nil, err
		}
		ls := r.breakLines(atoms, w, 1.25)
		if k > 0 && len(ls) > 0 {
			ls[0].h += st.size * 0.3
		}
		fn.lines = append(fn.lines, ls...)
	}
	for _, l := range fn.lines {
		fn.h += l.h
	}
	if len(fn.lines) == 0 && len(fn.label) > 0 {
		fn.h = fn.label[0].h
	}
	fn.h += st.size * 0.3
	r.footNotes[i] = fn
	return fn, nil
}

// lineNotes is the footnotes whose first reference is in l and that go at
// the foot of the page, with their height (and the rule's, for a page's
// first note).
func (r *renderer) lineNotes(l line, owner *elem) ([]*footNote, float64, error) {
	var fns []*footNote
	h := 0.0
	for _, a := range l.atoms {
		n := int(a.fnRef) - 1
		if n < 0 || n >= len(r.fnFoot) || !r.fnFoot[n] || r.footNotes[n] != nil && r.footNotes[n].placed {
			continue
		}
		fn, err := r.prepareNote(n, owner)
		if err != nil {
			return nil, 0, err
		}
		fns = append(fns, fn)
		h += fn.h
	}
	if len(fns) > 0 && len(r.pageNotes) == 0 {
		h += r.noteSep()
	}
	return fns, h, nil
}

// placeNotes reserves room at the foot of the page for notes referred to
// from the line about to be drawn.
func (r *renderer) placeNotes(fns []*footNote, h float64) {
	for _, fn := range fns {
		fn.placed = true
		r.pageNotes = append(r.pageNotes, fn)
	}
	r.bottom -= h
}

// drawPageNotes draws the page's notes under a short rule at the foot of
// its text area, and gives the page its full text area back.
func (r *renderer) drawPageNotes() {
	if len(r.pageNotes) == 0 {
		return
	}
	y := r.bottom + r.noteSep()*0.6
	if !r.dry {
		r.rule(r.left, r.left+r.width/3, y-r.noteSep()*0.3, 0.75, r.cMuted)
	}
	for _, fn := range r.pageNotes {
		if !r.dry {
			r.pdf.placeTarget(r.fnNoteLinks[fn.i], y)
		}
		fn.note.ensure()
		ind := 0.0
		if len(fn.label) > 0 {
			r.drawLine(fn.label[0], r.left, y, false)
			m := r.faceMetrics(faceRegular)
			ind = m.width(strconv.Itoa(len(r.d.Footnotes))+".", r.noteSize()) + r.noteSize()*0.6
		}
		for _, l := range fn.lines {
			r.drawLine(l, r.left+ind, y, false)
			y += l.h
		}
		if len(fn.lines) == 0 && len(fn.label) > 0 {
			y += fn.label[0].h
		}
		y += r.noteSize() * 0.3
	}
	r.pageNotes = r.pageNotes[:0]
	r.bottom = r.pageBottom
}
