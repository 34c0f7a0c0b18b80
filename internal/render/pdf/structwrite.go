package pdf

import (
	"strconv"
	"unicode/utf16"
)

// writeTree writes the structure tree, its ParentTree (each page's marked
// content, then each annotation, keyed as the pages' /StructParents and the
// annotations' /StructParent say), its root as object rootNr. Elements are written one at a time into a reused buffer: a long
// document has hundreds of thousands.
func (p *pdfWriter) writeTree(tg *tagger, rootNr int) {
	n := len(p.pages)
	var order []*elem
	var collect func(e *elem)
	collect = func(e *elem) {
		e.nr = int32(len(order))
		order = append(order, e)
		for _, k := range e.kids {
			if k.e != nil {
				collect(k.e)
			}
		}
	}
	collect(tg.root)
	elemBase := len(p.offsets)
	for range order {
		p.alloc()
	}
	ptArrBase := len(p.offsets)
	for range n {
		p.alloc()
	}
	ptNr := p.alloc()
	elemNr := func(e *elem) int { return elemBase + int(e.nr) }
	for _, e := range order {
		out := p.buf[:0]
		out = append(out, "<</Type/StructElem/S/"...)
		out = append(out, e.role...)
		out = append(out, "/P "...)
		if e.parent == nil {
			out = appendRef(out, rootNr)
		} else {
			out = appendRef(out, elemNr(e.parent))
		}
		if e.page >= 0 {
			out = append(out, "/Pg "...)
			out = appendRef(out, p.pages[e.page].nr)
		}
		out = appendAttrs(out, e.attrs())
		if len(e.kids) > 0 {
			out = append(out, "/K["...)
			for i, k := range e.kids {
				if i > 0 {
					out = append(out, ' ')
				}
				switch {
				case k.e != nil:
					out = appendRef(out, elemNr(k.e))
				case k.annot >= 0:
					out = append(out, "<</Type/OBJR/Obj "...)
					out = appendRef(out, p.annots[k.page][k.annot].nr)
					out = append(out, "/Pg "...)
					out = appendRef(out, p.pages[k.page].nr)
					out = append(out, ">>"...)
				case k.page == e.page:
					out = strconv.AppendInt(out, int64(k.mcid), 10)
				default:
					out = append(out, "<</Type/MCR/Pg "...)
					out = appendRef(out, p.pages[k.page].nr)
					out = append(out, "/MCID "...)
					out = strconv.AppendInt(out, int64(k.mcid), 10)
					out = append(out, ">>"...)
				}
			}
			out = append(out, ']')
		}
		out = append(out, ">>"...)
		p.buf = out
		p.put(elemNr(e), out)
	}
	nextKey := n
	for _, as := range p.annots {
		nextKey += len(as)
	}
	out := p.buf[:0]
	out = append(out, "<</Type/StructTreeRoot/K "...)
	out = appendRef(out, elemNr(tg.root))
	out = append(out, "/ParentTree "...)
	out = appendRef(out, ptNr)
	out = append(out, "/ParentTreeNextKey "...)
	out = strconv.AppendInt(out, int64(nextKey), 10)
	out = append(out, ">>"...)
	p.buf = out
	p.put(rootNr, out)
	for i := 0; i < n; i++ {
		out := p.buf[:0]
		out = append(out, '[')
		if i < len(tg.owners) {
			for m, e := range tg.owners[i] {
				if m > 0 {
					out = append(out, ' ')
				}
				out = appendRef(out, elemNr(e))
			}
		}
		out = append(out, ']')
		p.buf = out
		p.put(ptArrBase+i, out)
	}
	out = p.buf[:0]
	out = append(out, "<</Nums["...)
	for i := 0; i < n; i++ {
		out = strconv.AppendInt(out, int64(i), 10)
		out = append(out, ' ')
		out = appendRef(out, ptArrBase+i)
		out = append(out, ' ')
	}
	key := n
	for i, as := range p.annots {
		for k := range as {
			out = strconv.AppendInt(out, int64(key), 10)
			out = append(out, ' ')
			out = appendRef(out, elemNr(tg.annots[i][k]))
			out = append(out, ' ')
			key++
		}
	}
	out = append(out, "]>>"...)
	p.buf = out
	p.put(ptNr, out)
}

func appendAttrs(out []byte, at *elemAttrs) []byte {
	if at.alt != "" {
		out = append(out, "/Alt"...)
		out = appendTextString(out, at.alt)
	}
	if at.lang != "" {
		out = append(out, "/Lang"...)
		out = appendTextString(out, at.lang)
	}
	if at.id != "" {
		out = append(out, "/ID"...)
		out = appendTextString(out, at.id)
	}
	switch {
	case at.scope != "":
		out = append(out, "/A<</O/Table/Scope/"...)
		out = append(out, at.scope...)
		out = append(out, ">>"...)
	case at.listNumbering != "":
		out = append(out, "/A<</O/List/ListNumbering/"...)
		out = append(out, at.listNumbering...)
		out = append(out, ">>"...)
	case at.bbox != nil:
		out = append(out, "/A<</O/Layout/Placement/Block/BBox["...)
		for i, v := range at.bbox {
			if i > 0 {
				out = append(out, ' ')
			}
			out = strconv.AppendFloat(out, round2(v), 'f', -1, 64)
		}
		out = append(out, "]>>"...)
	}
	return out
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// appendTextString appends s as a PDF text string, in one pass: a literal
// string for printable ASCII, else UTF-16BE with a byte-order mark as a hex
// string.
func appendTextString(dst []byte, s string) []byte {
	if printableASCII(s) {
		dst = append(dst, '(')
		dst = appendEscaped(dst, s)
		return append(dst, ')')
	}
	return appendUTF16Hex(dst, s)
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// appendEscaped escapes the three characters a literal string cannot hold
// as they are; s is printable ASCII.
func appendEscaped(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c == '(' || c == ')' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', c)
			start = i + 1
		}
	}
	return append(dst, s[start:]...)
}

func appendUTF16Hex(dst []byte, s string) []byte {
	const digits = "0123456789ABCDEF"
	dst = append(dst, "<FEFF"...)
	for _, c := range s {
		if c >= 0x10000 {
			hi, lo := utf16.EncodeRune(c)
			dst = append(dst, digits[hi>>12], digits[hi>>8&15], digits[hi>>4&15], digits[hi&15])
			c = lo
		}
		dst = append(dst, digits[c>>12], digits[c>>8&15], digits[c>>4&15], digits[c&15])
	}
	return append(dst, '>')
}
