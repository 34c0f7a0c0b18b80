package docx

import (
	"bytes"
	"encoding/xml"
	"unicode/utf8"

	"github.com/gomutex/godocx/wml/ctypes"
)

// The one way this writer builds XML. godocx models the run and paragraph
// properties, text runs, drawings, table, row and cell properties, the
// section and the styles; it has no bookmarks, anchor or multi-run
// hyperlinks, footnote references, field characters, table captions, the
// decorative flag, and no containers that can hold them. So the containers
// (w:p, w:hyperlink, w:tbl, w:tr, w:tc, the parts' roots) and those
// elements are nodes of this small tree, and a godocx value is a leaf
// (gx) that encoding/xml writes in place. Text and attribute values are
// escaped in one place, xw.escape.

// node is a piece of a part.
type node interface{ writeTo(x *xw) error }

// xel is an element built by this writer.
type xel struct {
	name  string
	attrs []string // name, value, name, value, ...
	kids  []node
	text  string
	lines bool // a line break after the start tag and after each child (the readable parts)
}

// el starts an element; attrs are name, value pairs.
func el(name string, attrs ...string) *xel { return &xel{name: name, attrs: attrs} }

// add appends children, skipping nil ones.
func (e *xel) add(kids ...node) *xel {
	for _, k := range kids {
		if k != nil {
			e.kids = append(e.kids, k)
		}
	}
	return e
}

// withText sets the element's character data.
func (e *xel) withText(s string) *xel { e.text = s; return e }

// byLine puts each child on a line of its own.
func (e *xel) byLine() *xel { e.lines = true; return e }

func (e *xel) writeTo(x *xw) error {
	x.start(e.name, e.attrs)
	if len(e.kids) == 0 && e.text == "" && !e.lines {
		x.b.WriteString("/>")
		return nil
	}
	x.b.WriteByte('>')
	if e.lines {
		x.b.WriteByte('\n')
	}
	x.escape(e.text, false)
	for _, k := range e.kids {
		if err := k.writeTo(x); err != nil {
			return err
		}
		if e.lines {
			x.b.WriteByte('\n')
		}
	}
	x.end(e.name)
	return nil
}

// frag is several nodes written one after the other (on one line of a
// readable part).
type frag []node

func (f frag) writeTo(x *xw) error {
	for _, n := range f {
		if err := n.writeTo(x); err != nil {
			return err
		}
	}
	return nil
}

// gx is a value godocx models, written by its own MarshalXML under name
// (most godocx types name themselves and ignore it).
type gx struct {
	name string
	v    xml.Marshaler
}

func (g gx) writeTo(x *xw) error {
	if err := g.v.MarshalXML(x.enc, xml.StartElement{Name: xml.Name{Local: g.name}}); err != nil {
		return err
	}
	return x.enc.Flush()
}

// paragraph is a w:p: godocx's paragraph properties, then runs, links,
// bookmarks and marks. It is always written with an end tag, as godocx
// writes paragraphs, even when empty.
type paragraph struct {
	prop *ctypes.ParagraphProp
	kids []node
}

func (p *paragraph) add(n node) {
	if n != nil {
		p.kids = append(p.kids, n)
	}
}

func (p *paragraph) writeTo(x *xw) error {
	x.start("w:p", nil)
	x.b.WriteByte('>')
	if p.prop != nil {
		if err := (gx{"w:pPr", p.prop}).writeTo(x); err != nil {
			return err
		}
	}
	for _, k := range p.kids {
		if err := k.writeTo(x); err != nil {
			return err
		}
	}
	x.end("w:p")
	return nil
}

// xw writes nodes into a buffer; enc writes godocx values into the same
// buffer and is flushed after each.
type xw struct {
	b   *bytes.Buffer
	enc *xml.Encoder
}

func (x *xw) start(name string, attrs []string) {
	x.b.WriteByte('<')
	x.b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		x.b.WriteByte(' ')
		x.b.WriteString(attrs[i])
		x.b.WriteString(`="`)
		x.escape(attrs[i+1], true)
		x.b.WriteByte('"')
	}
}

func (x *xw) end(name string) {
	x.b.WriteString("</")
	x.b.WriteString(name)
	x.b.WriteByte('>')
}

// escape writes text as element content or (inAttr) as a double-quoted
// attribute value. Characters XML 1.0 forbids are dropped; in attributes,
// quotes, tabs and line breaks become character references so parsers
// keep them.
func (x *xw) escape(s string, inAttr bool) {
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		if r == utf8.RuneError && size == 1 {
			x.b.WriteRune(utf8.RuneError)
			continue
		}
		if !validXMLRune(r) {
			continue
		}
		switch {
		case r == '&':
			x.b.WriteString("&amp;")
		case r == '<':
			x.b.WriteString("&lt;")
		case r == '>':
			x.b.WriteString("&gt;")
		case inAttr && r == '"':
			x.b.WriteString("&quot;")
		case inAttr && r == '\t':
			x.b.WriteString("&#9;")
		case inAttr && r == '\n':
			x.b.WriteString("&#10;")
		case inAttr && r == '\r':
			x.b.WriteString("&#13;")
		default:
			x.b.WriteRune(r)
		}
	}
}

// xmlPart serialises a part: head (the XML declaration, as godocx or
// Word writes it), the root, and a final line break when nl.
func xmlPart(head string, root node, nl bool) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(head)
	x := &xw{b: &b, enc: xml.NewEncoder(&b)}
	if err := root.writeTo(x); err != nil {
		return nil, err
	}
	if nl {
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}
