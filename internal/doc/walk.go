package doc

import (
	"fmt"
	"strings"
)

// Visitor is called for every node, blocks and inlines, in document order.
// Returning false skips the node's children.
type Visitor func(n any) bool

// Walk visits the title inlines, the body and then the footnotes.
func Walk(d *Document, v Visitor) {
	walkInlines(d.TitleInlines, v)
	WalkBlocks(d.Blocks, v)
	for _, fn := range d.Footnotes {
		if v(fn) {
			WalkBlocks(fn.Blocks, v)
		}
	}
}

// WalkBlocks visits blocks and everything inside them.
func WalkBlocks(bs []Block, v Visitor) {
	for _, b := range bs {
		walkBlock(b, v)
	}
}

func walkBlock(b Block, v Visitor) {
	if !v(b) {
		return
	}
	switch n := b.(type) {
	case *Heading:
		walkInlines(n.Inlines, v)
	case *Paragraph:
		walkInlines(n.Inlines, v)
	case *List:
		for _, it := range n.Items {
			if v(it) {
				WalkBlocks(it.Blocks, v)
			}
		}
	case *BlockQuote:
		WalkBlocks(n.Blocks, v)
	case *Alert:
		WalkBlocks(n.Blocks, v)
	case *Table:
		walkInlines(n.Caption, v)
		for _, rows := range [][]*TableRow{n.Head, n.Body} {
			for _, r := range rows {
				for _, c := range r.Cells {
					if v(c) {
						walkInlines(c.Inlines, v)
					}
				}
			}
		}
	case *DefinitionList:
		for _, it := range n.Items {
			if v(it) {
				walkInlines(it.Term, v)
				for _, d := range it.Defs {
					WalkBlocks(d, v)
				}
			}
		}
	case *Figure:
		if n.Image != nil {
			v(n.Image)
		}
		walkInlines(n.Caption, v)
	}
}

// WalkInlines visits inlines and their children.
func WalkInlines(ins []Inline, v Visitor) { walkInlines(ins, v) }

func walkInlines(ins []Inline, v Visitor) {
	for _, in := range ins {
		if !v(in) {
			continue
		}
		if kids := Children(in); kids != nil {
			walkInlines(kids, v)
		}
	}
}

// Children returns the child inlines of a container inline, or nil.
func Children(in Inline) []Inline {
	switch n := in.(type) {
	case *Emph:
		return n.Children
	case *Strong:
		return n.Children
	case *Strike:
		return n.Children
	case *Link:
		return n.Children
	case *Span:
		return n.Children
	}
	return nil
}

// PlainText flattens inlines to text: alt text for images, code as written,
// footnote references as "[N]" and hard breaks as spaces.
func PlainText(ins []Inline) string {
	var sb strings.Builder
	plain(&sb, ins)
	return sb.String()
}

func plain(sb *strings.Builder, ins []Inline) {
	for _, in := range ins {
		switch n := in.(type) {
		case *Text:
			sb.WriteString(n.Text)
		case *Code:
			sb.WriteString(n.Text)
		case *LineBreak:
			sb.WriteByte(' ')
		case *Image:
			if !n.Decorative {
				sb.WriteString(n.Alt)
			}
		case *FootnoteRef:
			fmt.Fprintf(sb, "[%d]", n.N)
		default:
			plain(sb, Children(in))
		}
	}
}

// Headings lists the body's headings in order (the title is not included).
func Headings(d *Document) []*Heading {
	var hs []*Heading
	WalkBlocks(d.Blocks, func(n any) bool {
		switch h := n.(type) {
		case *Heading:
			hs = append(hs, h)
			return false
		case *Footnote:
			return false
		}
		return true
	})
	return hs
}

// PublishedDate is the most recent of Updated and Date, or "" when neither is set.
func (m Meta) PublishedDate() string {
	if m.Updated != "" {
		return m.Updated
	}
	return m.Date
}

// TOCNone in Meta.TOC asks for no contents list.
const TOCNone = -1

// TOCLevels says which heading levels a contents list shows, the same in
// every format: levels base..last, where base is the document's top body
// heading level. With `toc: N` the list goes N levels deep counting the
// title as one (so `toc: 2` lists the top body headings only); without it,
// 2 for a document of more than 40 headings (a long contents list hides
// the text), else 3. ok is false when there is to be no contents list.
func TOCLevels(d *Document, hs []*Heading) (base, last int, ok bool) {
	if d.Meta.TOC == TOCNone || len(hs) == 0 {
		return 0, 0, false
	}
	base = 6
	for _, h := range hs {
		base = min(base, max(h.Level, 1))
	}
	depth := d.Meta.TOC
	if depth == 0 {
		depth = 3
		if len(hs) > 40 {
			depth = 2
		}
	}
	if depth < 2 {
		return base, base - 1, false
	}
	return base, base + depth - 2, true
}
