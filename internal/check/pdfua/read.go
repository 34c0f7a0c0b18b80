package pdfua

import (
	"fmt"
	"strings"
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

// textRoles are the elements whose shown text Read decodes: decoding every
// paragraph of a long document would double the cost of reading it back.
var textRoles = map[string]bool{"H": true, "H1": true, "H2": true, "H3": true, "H4": true, "H5": true,
	"H6": true, "TH": true, "Link": true, "Note": true, "Lbl": true, "Caption": true}

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
	for _, a := range c.annots() {
		if a.subtype == "Link" && a.objNr != 0 {
			uri := ""
			if act := c.dict(a.dict.get("A")); act != nil && c.name(act.get("S")) == "URI" {
				uri, _ = c.text(act.get("URI"))
			}
			uris[a.objNr] = uri
		}
	}
	// One allocation for every node (a long document has 100,000s).
	slab := make([]Node, len(c.tree.all))
	var conv func(e *elem) *Node
	conv = func(e *elem) *Node {
		var n *Node
		if len(slab) > 0 {
			n, slab = &slab[0], slab[1:]
		} else {
			n = new(Node)
		}
		*n = Node{Role: e.role, Page: e.page}
		if n.Role == "" {
			n.Role = e.s
		}
		n.Alt, _ = c.text(e.dict.get("Alt"))
		n.ActualText, _ = c.text(e.dict.get("ActualText"))
		n.Lang, _ = c.text(e.dict.get("Lang"))
		for _, o := range e.objrs {
			if u, ok := uris[o.obj]; ok {
				n.URIs = append(n.URIs, u)
			}
		}
		if len(e.kids) > 0 {
			n.Kids = make([]*Node, 0, len(e.kids))
		}
		for _, k := range e.kids {
			n.Kids = append(n.Kids, conv(k))
		}
		if textRoles[n.Role] {
			var sb strings.Builder
			dec.text(e, &sb)
			n.Text = sb.String()
		}
		return n
	}
	for _, e := range c.tree.top {
		d.Root = append(d.Root, conv(e))
	}
	return d, nil
}

type decoder struct {
	c     *checker
	cmaps map[string]*toUnicode // by font key; nil when unusable
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

func (dec *decoder) show(p *page, s textShow, sb *strings.Builder) {
	c := dec.c
	ref, ok := c.dict(p.resources.get("Font")).lookup(s.font)
	if !ok {
		return
	}
	font := c.dict(ref)
	key := fmt.Sprintf("page %d /%s", p.n, s.font)
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
	width := c.codeWidth(font)
	if width == 0 {
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
