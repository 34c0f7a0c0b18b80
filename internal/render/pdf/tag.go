package pdf

import (
	"fmt"
	"strconv"
	"strings"
)

// elem is one structure element of the tagged PDF, built while drawing and
// written out by the post-processing pass (post.go).
type elem struct {
	role   string
	parent *elem
	kids   []kid
	// attributes, written only when set
	alt, lang, id, title string
	scope                string      // TH: Column or Row
	listNumbering        string      // L: Disc, Decimal, None
	bbox                 *[4]float64 // Figure: in PDF user space (y up)
	page                 int         // first page (0-based) holding content of this element; -1 when none
	text                 *strings.Builder
	attached             bool
	nr                   int // index in the written order (post.go)
}

// kid is a child element, a marked-content reference, or an annotation.
type kid struct {
	e     *elem
	page  int // for mcid/annot
	mcid  int // -1 when not a marked-content reference
	annot int // index into the page's annotation list; -1 when not an annotation
}

// child makes an element that joins its parent's kids only when its first
// content is drawn (or ensure is called), so the tree's order is the order in
// which content appears, and elements that never draw anything stay out.
func (e *elem) child(role string) *elem {
	return &elem{role: role, parent: e, page: -1}
}

func (e *elem) ensure() {
	if e == nil || e.attached || e.parent == nil {
		return
	}
	e.parent.ensure()
	e.attached = true
	e.parent.kids = append(e.parent.kids, kid{e: e, mcid: -1, annot: -1})
}

// tagger tracks marked content per page while drawing.
type tagger struct {
	root *elem
	// owners[page][mcid] is the element that owns that marked content.
	owners [][]*elem
	// annots[page][i] is the Link element owning the i-th annotation of the page.
	annots [][]*elem
	// annotAlt[page][i] is the annotation's /Contents.
	annotAlt   [][]string
	keepText   bool
	currentTxt *strings.Builder
}

func newTagger(keepText bool) *tagger {
	return &tagger{root: &elem{role: "Document", page: -1, attached: true}, keepText: keepText}
}

func (t *tagger) newPage() {
	t.owners = append(t.owners, nil)
	t.annots = append(t.annots, nil)
	t.annotAlt = append(t.annotAlt, nil)
}

// mcid allocates the next marked-content id on the current page for e.
func (t *tagger) mcid(e *elem) int {
	p := len(t.owners) - 1
	n := len(t.owners[p])
	e.ensure()
	t.owners[p] = append(t.owners[p], e)
	if e.page < 0 {
		e.page = p
	}
	e.kids = append(e.kids, kid{page: p, mcid: n, annot: -1})
	if t.keepText {
		if e.text == nil {
			e.text = &strings.Builder{}
		}
		t.currentTxt = e.text
	}
	return n
}

func (t *tagger) annot(e *elem, contents string) {
	p := len(t.owners) - 1
	i := len(t.annots[p])
	e.ensure()
	t.annots[p] = append(t.annots[p], e)
	t.annotAlt[p] = append(t.annotAlt[p], shortContents(contents))
	if e.page < 0 {
		e.page = p
	}
	e.kids = append(e.kids, kid{page: p, mcid: -1, annot: i})
}

func (t *tagger) noteText(s string) {
	if t.keepText && t.currentTxt != nil {
		t.currentTxt.WriteString(s)
	}
}

// dumpTree writes a readable, stable form of the structure tree for golden
// tests: roles, attributes, the text of the element's own content and the
// number of annotations.
func dumpTree(root *elem) string {
	var sb strings.Builder
	var walk func(e *elem, depth int)
	walk = func(e *elem, depth int) {
		sb.WriteString(strings.Repeat("  ", depth))
		sb.WriteString(e.role)
		if e.id != "" {
			fmt.Fprintf(&sb, " id=%s", e.id)
		}
		if e.lang != "" {
			fmt.Fprintf(&sb, " lang=%s", e.lang)
		}
		if e.scope != "" {
			fmt.Fprintf(&sb, " scope=%s", e.scope)
		}
		if e.listNumbering != "" {
			fmt.Fprintf(&sb, " numbering=%s", e.listNumbering)
		}
		if e.alt != "" {
			fmt.Fprintf(&sb, " alt=%s", strconv.Quote(e.alt))
		}
		if e.bbox != nil {
			sb.WriteString(" bbox")
		}
		nAnnot := 0
		for _, k := range e.kids {
			if k.annot >= 0 {
				nAnnot++
			}
		}
		if nAnnot > 0 {
			fmt.Fprintf(&sb, " annots=%d", nAnnot)
		}
		if e.text != nil && e.text.Len() > 0 {
			s := strings.TrimSpace(e.text.String())
			if r := []rune(s); len(r) > 70 {
				s = string(r[:70]) + "…"
			}
			fmt.Fprintf(&sb, " %s", strconv.Quote(s))
		}
		sb.WriteByte('\n')
		for _, k := range e.kids {
			if k.e != nil {
				walk(k.e, depth+1)
			}
		}
	}
	walk(root, 0)
	return sb.String()
}

// maxContents bounds an annotation's /Contents. A link gets one annotation
// per line (and per change of style) it is drawn on, each repeating the
// description, so a link with pages of text would otherwise grow the file
// with the square of its length. The link's full text is still in its Link
// element's content, which is what assistive technology reads.
const maxContents = 300

// shortContents cuts s to about maxContents characters, at a space when one
// is near, and marks the cut with an ellipsis.
func shortContents(s string) string {
	if len(s) <= maxContents {
		return s
	}
	n, cut := 0, len(s)
	for i := range s {
		if n == maxContents {
			cut = i
			break
		}
		n++
	}
	if cut == len(s) {
		return s
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > cut*3/4 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ") + "…"
}
