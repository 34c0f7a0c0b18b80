package pdfua

import (
	"fmt"
	"strings"
)

// annot is one entry of a page's /Annots.
type annot struct {
	page    int
	objNr   int // 0 when written as a direct dictionary
	dict    Dict
	subtype string
}

// annots lists every page's annotations, once: three rules and Read ask.
func (c *checker) annots() []annot {
	if c.annotsRead {
		return c.annotList
	}
	c.annotsRead = true
	var out []annot
	for _, p := range c.pages {
		for _, o := range c.array(p.dict.get("Annots")) {
			d := c.dict(o)
			if d == nil {
				continue
			}
			out = append(out, annot{page: p.n, objNr: objNr(o), dict: d, subtype: c.name(d.get("Subtype"))})
		}
	}
	c.annotList = out
	return out
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
		if s, _ := c.text(a.dict.get("Contents")); strings.TrimSpace(s) == "" {
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
		sp, ok := c.integer(a.dict.get("StructParent"))
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
		s, _ := c.text(a.dict.get("Contents"))
		alt := ""
		if annotElem != nil {
			alt, _ = c.text(annotElem.dict.get("Alt"))
		}
		if strings.TrimSpace(s) == "" && strings.TrimSpace(alt) == "" {
			c.add("28-004", a.page, "%s has neither /Contents nor /Alt on its element", a.label())
		}
	}
}
