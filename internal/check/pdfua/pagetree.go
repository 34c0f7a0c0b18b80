package pdfua

import (
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pageLeaf is one page found by walkPageTree: its dictionary, object number
// and the /Resources in effect (its own, or the nearest ancestor's).
type pageLeaf struct {
	dict      types.Dict
	objNr     int
	resources types.Dict
}

// maxPageTreeDepth bounds walkPageTree; deeper trees go the slow way.
const maxPageTreeDepth = 64

// walkPageTree lists every page in one pass over the page tree. pdfcpu's
// PageDict(i) walks the tree from the root for each page and dereferences
// every earlier kid on the way, which is quadratic in the page count for the
// flat trees writers produce (3,500 pages at seed ×1000).
//
// It only answers for trees where that walk and pdfcpu's per-page lookup
// must agree: every node a dictionary, every /Pages node with a direct /Kids
// array of indirect references and a direct /Count equal to its leaves, kids
// typed /Page or /Pages (or untyped with /Count and /Kids, which pdfcpu's
// relaxed mode takes for /Pages), no cycles, inheritable page attributes
// well formed, and as many leaves as the document's page count. Anything
// else returns ok=false and the caller asks pdfcpu page by page, so a
// malformed tree is reported exactly as before.
func (c *checker) walkPageTree() (leaves []pageLeaf, ok bool) {
	root, err := c.xt.Pages()
	if err != nil || root == nil {
		return nil, false
	}
	w := &treeWalk{c: c, seen: map[int]bool{}}
	if n, ok := w.node(*root, nil, 0, true); !ok || n != c.xt.PageCount || len(w.leaves) != c.xt.PageCount {
		return nil, false
	}
	return w.leaves, true
}

type treeWalk struct {
	c      *checker
	seen   map[int]bool
	leaves []pageLeaf
}

// node walks the node ref with res the inherited resources; it returns the
// number of leaves below it (1 for a page).
func (w *treeWalk) node(ref types.IndirectRef, res types.Dict, depth int, isRoot bool) (int, bool) {
	nr := int(ref.ObjectNumber)
	if depth > maxPageTreeDepth || w.seen[nr] {
		return 0, false
	}
	w.seen[nr] = true
	d, err := w.c.xt.DereferenceDict(ref)
	if err != nil || d == nil {
		return 0, false
	}
	res, ok := w.inherit(d, res)
	if !ok {
		return 0, false
	}
	kidsObj, hasKids := d.Find("Kids")
	typ := ""
	if t := d.Type(); t != nil {
		typ = *t
	}
	if !hasKids {
		// A leaf. The root may be a lone page; any other node reached as
		// a leaf must be typed /Page (pdfcpu counts only those).
		if !isRoot && typ != "Page" {
			return 0, false
		}
		w.leaves = append(w.leaves, pageLeaf{dict: d, objNr: nr, resources: res})
		return 1, true
	}
	if typ == "Page" {
		return 0, false // a page with kids: pdfcpu would descend into it
	}
	if !isRoot && typ != "Pages" {
		if typ != "" {
			return 0, false
		}
		if _, hasCount := d.Find("Count"); !hasCount {
			return 0, false
		}
	}
	kids, isArray := kidsObj.(types.Array)
	countObj, _ := d.Find("Count")
	count, isInt := countObj.(types.Integer)
	if !isArray || !isInt {
		return 0, false
	}
	total := 0
	for _, k := range kids {
		kr, isRef := k.(types.IndirectRef)
		if !isRef {
			return 0, false
		}
		n, ok := w.node(kr, res, depth+1, false)
		if !ok {
			return 0, false
		}
		total += n
	}
	if total != int(count) {
		return 0, false
	}
	return total, true
}

// inherit applies a node's inheritable attributes as pdfcpu does, and says
// whether they are well formed enough that pdfcpu would accept them.
func (w *treeWalk) inherit(d types.Dict, res types.Dict) (types.Dict, bool) {
	xt := w.c.xt
	for _, key := range []string{"MediaBox", "CropBox"} {
		o, found := d.Find(key)
		if !found {
			continue
		}
		a, err := xt.DereferenceArray(o)
		if err != nil || len(a) < 4 {
			return nil, false
		}
		for _, x := range a[:4] {
			if _, err := xt.DereferenceNumber(x); err != nil {
				return nil, false
			}
		}
	}
	if o, found := d.Find("Rotate"); found {
		switch v, err := xt.Dereference(o); v.(type) {
		case types.Integer, types.Float:
			if err != nil {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	if o, found := d.Find("Resources"); found {
		r, err := xt.DereferenceDict(o)
		if err != nil {
			return nil, false
		}
		res = r
	}
	return res, true
}
