package pdfua

import (
	"errors"
	"fmt"
)

// pageLeaf is one page found by walkPageTree: its dictionary, object number
// (0 for a page written as a direct dictionary) and the /Resources in effect
// (its own, or the nearest ancestor's).
type pageLeaf struct {
	dict      Dict
	objNr     int
	resources Dict
}

// Bounds on the page tree, so a hostile file cannot recurse or loop.
const (
	maxPageTreeDepth = 64
	maxPages         = 1 << 20
)

// walkPageTree lists every page in one pass over the page tree, in order.
// A node is a page when it is typed /Page, or has no /Kids (what readers do
// with an untyped leaf); /Count is not trusted. A cycle, a tree deeper than
// maxPageTreeDepth or a catalog without /Pages is an error: such a file has
// no page order to check.
func (c *checker) walkPageTree() ([]pageLeaf, error) {
	root, ok := c.catalog.lookup("Pages")
	if !ok || c.dict(root) == nil {
		return nil, errors.New("catalog has no /Pages dictionary")
	}
	w := &treeWalk{c: c, seen: map[int]bool{}}
	if err := w.node(root, nil, 0); err != nil {
		return nil, err
	}
	return w.leaves, nil
}

type treeWalk struct {
	c      *checker
	seen   map[int]bool
	leaves []pageLeaf
}

func (w *treeWalk) node(o Object, res Dict, depth int) error {
	nr := objNr(o)
	if depth > maxPageTreeDepth {
		return fmt.Errorf("deeper than %d levels", maxPageTreeDepth)
	}
	if nr != 0 {
		if w.seen[nr] {
			return fmt.Errorf("%d 0 R is reached twice (a cycle or a shared node)", nr)
		}
		w.seen[nr] = true
	}
	d := w.c.dict(o)
	if d == nil {
		return nil // a kid that names nothing: no page
	}
	if r := w.c.dict(d.get("Resources")); r != nil {
		res = r
	}
	kids, hasKids := w.c.deref(d.get("Kids")).(Array)
	if d.typ() == "Page" || !hasKids {
		if d.typ() != "Page" && d.typ() != "" {
			return nil // a /Pages node without kids, or something else: no page
		}
		if len(w.leaves) >= maxPages {
			return fmt.Errorf("more than %d pages", maxPages)
		}
		w.leaves = append(w.leaves, pageLeaf{dict: d, objNr: nr, resources: res})
		return nil
	}
	for _, k := range kids {
		if err := w.node(k, res, depth+1); err != nil {
			return err
		}
	}
	return nil
}
