package pdfua

import (
	"fmt"
	"strings"
	"unsafe"
)

// Node is one structure element read back from the file, for comparing what
// a PDF says with what the other formats of the same document say.
type Node struct {
	Role       string // the standard type after the RoleMap; /S when it has none
	Alt        string
	ActualText string
	Lang       string
	Page       int      // 1-based, 0 if unknown
	Text       string   // for headings, table header cells, links and notes: the text it shows
	URIs       []string // for links: the URI of each /Link annotation it owns (internal links: "")
	Kids       []*Node
}

// Doc is a PDF read back: the findings of every rule, and what it contains.
type Doc struct {
	Findings []Finding
	Pages    int
	Lang     string // catalog /Lang
	Tagged   bool   // has a structure tree
	Root     []*Node
}

// isTextRole says whether Read decodes the shown text of an element of
// this role: decoding every paragraph of a long document would double the
// cost of reading it back.
func isTextRole(role string) bool {
	switch role {
	case "H", "H1", "H2", "H3", "H4", "H5", "H6", "TH", "Link", "Note", "Lbl", "Caption":
		return true
	}
	return false
}

// Read checks pdf like Check and also returns its structure tree, with the
// text of headings, header cells and links decoded through the fonts'
// ToUnicode maps (never from the writer's model).
func Read(pdf []byte) (d *Doc, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, fmt.Errorf("pdfua: internal error reading the structure back: %v", r)
		}
	}()
	c, err := run(pdf, true)
	if err != nil {
		return nil, err
	}
	d = &Doc{Findings: c.findings, Pages: len(c.pages)}
	if d.Findings == nil {
		d.Findings = []Finding{}
	}
	d.Lang, _ = c.text(c.catalog.get("Lang"))
	if c.tree == nil {
		return d, nil
	}
	d.Tagged = true
	dec := &decoder{c: c, cmaps: map[string]*toUnicode{}}
	uris := map[int]string{}
	for _, a := range c.annots() { // before dropForRead
		if a.subtype == "Link" && a.objNr != 0 {
			uris[a.objNr] = a.uri
		}
	}
	c.dropForRead()
	// Nodes and kid lists come in blocks: one allocation per few thousand
	// nodes, yet blocks made as the elements they copy are let go (below).
	var slab []Node
	var kidSlab []*Node
	const block = 4096
	var conv func(e *elem) *Node
	conv = func(e *elem) *Node {
		if len(slab) == 0 {
			slab = make([]Node, block)
		}
		n := &slab[0]
		slab = slab[1:]
		// Field by field: the block is zeroed already.
		n.Role, n.Page = e.role, e.page
		if n.Role == "" {
			n.Role = e.s
		}
		if e.dict != nil {
			n.Alt, _ = c.text(e.dict.get("Alt"))
			n.ActualText, _ = c.text(e.dict.get("ActualText"))
			n.Lang, _ = c.text(e.dict.get("Lang"))
		}
		for _, o := range e.objrs {
			if u, ok := uris[o.obj]; ok {
				n.URIs = append(n.URIs, u)
			}
		}
		if isTextRole(n.Role) {
			var sb strings.Builder
			dec.text(e, &sb)
			n.Text = sb.String()
		}
		if k := len(e.kids); k > 0 {
			if len(kidSlab) < k {
				kidSlab = make([]*Node, max(k, block))
			}
			n.Kids, kidSlab = kidSlab[:k:k], kidSlab[k:]
			for i, kid := range e.kids {
				n.Kids[i] = conv(kid)
				// Copied, and the tree (dropForRead) was its last other
				// holder: the element can go.
				e.kids[i] = nil
			}
		}
		return n
	}
	for _, e := range c.tree.top {
		d.Root = append(d.Root, conv(e))
	}
	return d, nil
}

// dropForRead lets go of what only the rules needed, once they have run,
// before Read copies the structure tree into Nodes: a long document's
// cached objects, page dictionaries and indexes would otherwise all be
// held while the copy grows. What Read still needs (the tree from its top,
// the pages' resources and shown text, the cross-reference data for the
// few objects read again) stays.
func (c *checker) dropForRead() {
	c.f.cache = objCache{sparseOnly: true}
	c.f.objs.refs, c.f.objs.refLimit = nil, 0 // the few objects read again box their own
	c.annotList, c.ownerMap = nil, nil
	c.pageOf = nil
	c.tree.all, c.tree.byObj, c.tree.parentTree, c.tree.slab = nil, nil, nil, nil
	c.tree.mcrBlock, c.tree.kidBlock = nil, nil
	for _, p := range c.pages {
		p.dict, p.mcids, p.mcidOrder = nil, mcidSet{}, nil
	}
}

type decoder struct {
	c     *checker
	cmaps map[string]*toUnicode // by font key; nil when unusable

	// fonts holds each font resource looked up: pages share their
	// resources, and text moves between fonts and pages all the time.
	fonts map[fontKey]decFont
}

// fontKey is a font resource name in one /Resources dictionary (by
// identity).
type fontKey struct {
	res  *DictEntry
	name string
}

type decFont struct {
	width int // codeWidth
	cm    *toUnicode
	ok    bool
}

// text appends the text e shows, itself and through its kids, in tree order.
func (dec *decoder) text(e *elem, sb *strings.Builder) {
	if t, ok := dec.c.text(e.dict.get("ActualText")); ok {
		sb.WriteString(t)
		return
	}
	for _, m := range e.mcrs {
		if m.page < 1 || m.page > len(dec.c.pages) {
			continue
		}
		p := dec.c.pages[m.page-1]
		for _, s := range p.mcShows[m.mcid] {
			dec.show(p, s, sb)
		}
	}
	for _, k := range e.kids {
		dec.text(k, sb)
	}
}

// font finds the font name stands for on p: its code width (codeWidth)
// and its ToUnicode map.
func (dec *decoder) font(p *page, name string) (int, *toUnicode, bool) {
	k := fontKey{unsafe.SliceData(p.resources), name}
	if f, ok := dec.fonts[k]; ok {
		return f.width, f.cm, f.ok
	}
	width, cm, ok := dec.lookupFont(p, name)
	if dec.fonts == nil {
		dec.fonts = map[fontKey]decFont{}
	}
	dec.fonts[k] = decFont{width, cm, ok}
	return width, cm, ok
}

func (dec *decoder) lookupFont(p *page, name string) (int, *toUnicode, bool) {
	c := dec.c
	ref, ok := c.dict(p.resources.get("Font")).lookup(name)
	if !ok {
		return 0, nil, false
	}
	font := c.dict(ref)
	key := fmt.Sprintf("page %d /%s", p.n, name)
	if nr := objNr(ref); nr != 0 {
		key = fmt.Sprintf("%d 0 R", nr)
	}
	cm, seen := dec.cmaps[key]
	if !seen {
		if data, _, err := c.stream(font.get("ToUnicode")); err == nil {
			cm, _ = parseToUnicode(data)
		}
		dec.cmaps[key] = cm
	}
	return c.codeWidth(font), cm, true
}

func (dec *decoder) show(p *page, s textShow, sb *strings.Builder) {
	width, cm, ok := dec.font(p, s.font)
	if !ok || width == 0 {
		return
	}
	for i := 0; i+width <= len(s.bytes); i += width {
		code := codeOf(s.bytes[i : i+width])
		if cm != nil {
			if r, ok := cm.lookup(code); ok {
				for _, x := range r {
					sb.WriteRune(x)
				}
				continue
			}
		}
		if width == 1 && code >= 0x20 && code < 0x7f {
			sb.WriteByte(byte(code)) // a simple font without ToUnicode: assume ASCII
		}
	}
}
