package pdf

import (
	"fmt"
	"strconv"
	"strings"
)

// elem is one structure element of the tagged PDF, built while drawing and
// written out after the last page (structwrite.go). A long document has
// hundreds of thousands, held until the end, so the attributes few elements
// have sit behind a pointer (80 bytes an element instead of 192).
type elem struct {
	role     string
	parent   *elem
	kids     []kid
	at       *elemAttrs // nil when the element has none
	text     *strings.Builder
	page     int32 // first page (0-based) holding content of this element; -1 when none
	nr       int32 // index in the written order (structwrite.go)
	attached bool
}

// elemAttrs are an element's attributes, written only when set.
type elemAttrs struct {
	alt, lang, id string
	scope         string      // TH: Column or Row
	listNumbering string      // L: Disc, Decimal, None
	bbox          *[4]float64 // Figure: in PDF user space (y up)
}

var noAttrs elemAttrs

// attrs reads the attributes (never nil; do not write through it).
func (e *elem) attrs() *elemAttrs {
	if e.at == nil {
		return &noAttrs
	}
	return e.at
}

// set returns the attributes for writing.
func (e *elem) set() *elemAttrs {
	if e.at == nil {
		e.at = &elemAttrs{}
	}
	return e.at
}

// kid is a child element, a marked-content reference, or an annotation.
type kid struct {
	e     *elem
	page  int32 // for mcid/annot
	mcid  int32 // -1 when not a marked-content reference
	annot int32 // index into the page's annotation list; -1 when not an annotation
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
	annots     [][]*elem
	keepText   bool
	currentTxt *strings.Builder
}

func newTagger(keepText bool) *tagger {
	return &tagger{root: &elem{role: "Document", page: -1, attached: true}, keepText: keepText}
}

func (t *tagger) newPage() {
	t.owners = append(t.owners, nil)
	t.annots = append(t.annots, nil)
}

// mcid allocates the next marked-content id on the current page for e.
func (t *tagger) mcid(e *elem) int {
	p := len(t.owners) - 1
	n := len(t.owners[p])
	e.ensure()
	t.owners[p] = append(t.owners[p], e)
	if e.page < 0 {
		e.page = int32(p)
	}
	e.kids = append(e.kids, kid{page: int32(p), mcid: int32(n), annot: -1})
	if t.keepText {
		if e.text == nil {
			e.text = &strings.Builder{}
		}
		t.currentTxt = e.text
	}
	return n
}

// annot records that e owns the next annotation of the page (the writer
// keeps the annotations themselves, in the same order).
func (t *tagger) annot(e *elem) {
	p := len(t.owners) - 1
	i := len(t.annots[p])
	e.ensure()
	t.annots[p] = append(t.annots[p], e)
	if e.page < 0 {
		e.page = int32(p)
	}
	e.kids = append(e.kids, kid{page: int32(p), mcid: -1, annot: int32(i)})
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
		at := e.attrs()
		if at.id != "" {
			fmt.Fprintf(&sb, " id=%s", at.id)
		}
		if at.lang != "" {
			fmt.Fprintf(&sb, " lang=%s", at.lang)
		}
		if at.scope != "" {
			fmt.Fprintf(&sb, " scope=%s", at.scope)
		}
		if at.listNumbering != "" {
			fmt.Fprintf(&sb, " numbering=%s", at.listNumbering)
		}
		if at.alt != "" {
			fmt.Fprintf(&sb, " alt=%s", strconv.Quote(at.alt))
		}
		if at.bbox != nil {
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
