package pdfua

import (
	"fmt"
	"strings"
)

// annot is one entry of a page's /Annots: what the rules and Read need of
// it, read once. The dictionaries are not kept (nor cached): a long
// document has tens of thousands of link annotations.
type annot struct {
	page     int
	objNr    int // 0 when written as a direct dictionary
	subtype  string
	contents string // /Contents as text, "" when missing
	sp       int    // /StructParent, when hasSP
	hasSP    bool
	uri      string // /A's /URI when /A is a URI action
}

// annots lists every page's annotations, once: three rules and Read ask.
func (c *checker) annots() []annot {
	if c.annotsRead {
		return c.annotList
	}
	c.annotsRead = true
	n := 0
	for _, p := range c.pages {
		n += len(c.array(p.dict.get("Annots")))
	}
	out := make([]annot, 0, n)
	for _, p := range c.pages {
		for _, o := range c.array(p.dict.get("Annots")) {
			if a, ok := c.readAnnot(p, o); ok {
				out = append(out, a)
			}
		}
	}
	c.annotList = out
	return out
}

// readAnnot reads annotation o of page p, parsed into the transient
// arenas (see objScratch) and dropped once its fields are read: in its
// common form by quickAnnot, else as a whole dictionary.
func (c *checker) readAnnot(p *page, o Object) (annot, bool) {
	defer c.f.objs.release(c.f.objs.mark())
	var d Dict
	if q, ok := c.quickAnnot(o); ok {
		d = q[:]
	} else if d = c.dictTransient(o); d == nil {
		return annot{}, false
	}
	a := annot{page: p.n, objNr: objNr(o), subtype: c.name(d.get("Subtype"))}
	a.contents, _ = c.text(d.get("Contents"))
	a.sp, a.hasSP = c.integer(d.get("StructParent"))
	if act := c.dict(d.get("A")); act != nil && c.name(act.get("S")) == "URI" {
		a.uri, _ = c.text(act.get("URI"))
	}
	return a, true
}

// annotKeys are the entries of an annotation readAnnot reads.
var annotKeys = [4]string{"Subtype", "Contents", "StructParent", "A"}

// quickAnnot reads annotation o, a reference to a dictionary in the form
// readQuickElem takes objects in, as just the entries readAnnot reads (a
// null one as none), skipping the others (/Rect, /Border, /Dest …) without
// building them. ok is false, with nothing but scratch space used, for any
// other form (a key written twice, a stream, a syntax error …).
func (c *checker) quickAnnot(o Object) (d [4]DictEntry, ok bool) {
	r, isRef := o.(Ref)
	if !isRef || !quickElems {
		return d, false
	}
	l, ok := c.quickObject(r.Num)
	if !ok || !hasPrefixAt(l.b, l.i, "<<") {
		return d, false
	}
	l.i += 2
	for k := range d {
		d[k].Key = annotKeys[k]
	}
	seen := 0
	c.f.objs.transient = true
	defer func() { c.f.objs.transient = false }()
	for {
		l.skipSpace()
		if l.i >= len(l.b) || (l.b[l.i] != '/' && l.b[l.i] != '>') {
			return d, false
		}
		if l.b[l.i] == '>' {
			if !hasPrefixAt(l.b, l.i, ">>") {
				return d, false
			}
			l.i += 2
			break
		}
		l.i++
		k := -1
		switch raw := l.regularBytes(); string(raw) {
		case "Subtype":
			k = 0
		case "Contents":
			k = 1
		case "StructParent":
			k = 2
		case "A":
			k = 3
		default:
			for _, b := range raw {
				if b == '#' {
					return d, false // a name with escapes may spell a key above
				}
			}
		}
		if k < 0 {
			if !l.skipValue(1) {
				return d, false
			}
			continue
		}
		if seen&(1<<k) != 0 {
			return d, false // written twice
		}
		seen |= 1 << k
		v, err := l.parseObject(1)
		if err != nil {
			return d, false
		}
		d[k].Val = v
	}
	save := l.i
	if string(l.keyword()) == "stream" {
		return d, false
	}
	l.i = save
	return d, true
}

// skipValue reads past the object at l as parseObject(depth) would,
// building nothing for integers, references, other numbers, names and
// arrays of these; false where parseObject would fail.
func (l *lexer) skipValue(depth int) bool {
	if depth > maxObjectNesting {
		return false
	}
	if _, isInt, _ := l.intOrRef(); isInt {
		return true
	}
	l.skipSpace()
	if l.i >= len(l.b) {
		return false
	}
	switch ch := l.b[l.i]; {
	case ch == '/':
		l.i++
		l.regularBytes()
		return true
	case ch == '+' || ch == '-' || ch == '.' || (ch >= '0' && ch <= '9'):
		// Not an integer: a real, or a malformed number read as 0.
		l.regularBytes()
		return true
	case ch == '[':
		l.i++
		for {
			more, ok := l.arrayNext()
			if !more {
				return ok
			}
			if !l.skipValue(depth + 1) {
				return false
			}
		}
	}
	_, err := l.parseObject(depth)
	return err == nil
}

func (a annot) label() string {
	if a.objNr == 0 {
		return fmt.Sprintf("direct /%s annotation", a.subtype)
	}
	return fmt.Sprintf("/%s annotation %d 0 R", a.subtype, a.objNr)
}

// owners maps an annotation's object number to the elements whose OBJR names it.
func (c *checker) owners() map[int][]*elem {
	if c.ownerMap != nil {
		return c.ownerMap
	}
	m := map[int][]*elem{}
	c.ownerMap = m
	if c.tree == nil {
		return m
	}
	for _, e := range c.tree.all {
		for _, r := range e.objrs {
			m[r.obj] = append(m[r.obj], e)
		}
	}
	return m
}

// checkAnnotsIndirect: an OBJR can only point at an indirect object, so a
// direct annotation can never be in the structure tree.
func checkAnnotsIndirect(c *checker) {
	for _, a := range c.annots() {
		if a.objNr == 0 {
			c.add(RuleAnnotIndirect, a.page, "%s in /Annots is not an indirect object", a.label())
		}
	}
}

// checkLinkAnnots (28-011, 28-012): each Link annotation has /Contents, a
// /StructParent, and is named by an OBJR in a Link element that the
// ParentTree leads back to.
func checkLinkAnnots(c *checker) {
	owners := c.owners()
	for _, a := range c.annots() {
		if a.subtype != "Link" {
			continue
		}
		if strings.TrimSpace(a.contents) == "" {
			c.add("28-012", a.page, "%s has no non-empty /Contents", a.label())
		}
		if a.objNr == 0 {
			continue // reported by checkAnnotsIndirect; nothing can point at it
		}
		var link *elem
		for _, e := range owners[a.objNr] {
			if e.role == "Link" {
				link = e
			}
		}
		if link == nil {
			c.add("28-011", a.page, "%s is not referenced by an OBJR from a /Link element", a.label())
		}
		sp, ok := a.sp, a.hasSP
		if !ok {
			c.add("28-011", a.page, "%s has no /StructParent", a.label())
			continue
		}
		if c.tree == nil || link == nil {
			continue
		}
		if got := objNr(c.tree.parentTree[sp]); got != link.objNr || got == 0 {
			c.add(RuleParentTree, a.page, "%s: ParentTree entry %d does not point at its %s", a.label(), sp, link.label())
		}
	}
}

// checkOtherAnnots (28-002, 28-004): any other visible annotation is in an
// /Annot element and has a description.
func checkOtherAnnots(c *checker) {
	owners := c.owners()
	for _, a := range c.annots() {
		switch a.subtype {
		case "Link", "Widget", "PrinterMark", "Popup":
			continue
		}
		var annotElem *elem
		for _, e := range owners[a.objNr] {
			if e.role == "Annot" {
				annotElem = e
			}
		}
		if annotElem == nil {
			c.add("28-002", a.page, "%s is not a child of an /Annot structure element", a.label())
		}
		s := a.contents
		alt := ""
		if annotElem != nil {
			alt, _ = c.text(annotElem.dict.get("Alt"))
		}
		if strings.TrimSpace(s) == "" && strings.TrimSpace(alt) == "" {
			c.add("28-004", a.page, "%s has neither /Contents nor /Alt on its element", a.label())
		}
	}
}
