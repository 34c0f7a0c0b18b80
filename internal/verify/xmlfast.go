package verify

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"unicode/utf8"
)

// parseXMLFast builds the same tree as parseXMLStd (encoding/xml, strict)
// for the plain XML that writers produce, several times faster and with a
// fraction of the allocation: encoding/xml's Token was most of reading a
// long Word document back. It handles a deliberately small subset: an
// optional <?xml version="1.0"?> declaration, elements, quoted attributes,
// text, the five predefined entities and character references, namespaces
// bound with xmlns. Anything else (comments, CDATA, DOCTYPE, processing
// instructions, other entities, carriage returns, non-ASCII names, names
// with two colons, a mismatched or missing end tag, more than one root,
// nesting past the limit, a character XML forbids...) gives ok=false, and the
// caller parses with encoding/xml, whose result or error stands. So this
// parser never accepts what encoding/xml refuses, and never reports an
// error itself. FuzzParseXMLFast compares the two on any input.
func parseXMLFast(b []byte) (_ *elem, ok bool) {
	p := xmlFast{b: b, names: map[string]string{}, qnames: map[xml.Name]string{}, nsGen: 1}
	return p.parse(nil)
}

type xmlFast struct {
	b []byte
	i int

	names  map[string]string   // raw name → the same string each time
	qnames map[xml.Name]string // (namespace, local) → qname
	ns     []nsBinding         // in scope, innermost last
	nsGen  int                 // changes whenever ns does, so qcache knows
	qcache [512]qnameSlot      // raw name → qname, under the bindings of nsGen
	vcache [256]string         // short attribute values, made once each
	slab   []elem              // elements are carved from here
	kslab  []*elem             // and their lists of children from here
	buf    []byte              // text being unescaped

	started    bool       // rawTok: past the XML declaration
	pendingEnd xml.Name   // rawTok: the end of an empty element, next
	hasPending bool       //
	attrs      []xml.Attr // rawTok: reused for each start tag
}

type nsBinding struct{ prefix, uri string }

type qnameSlot struct {
	raw   string
	elem  bool
	gen   int
	qname string
	keep  int8 // 0: not known yet; 1: keepSet.names has qname; -1: not
}

// kept is keep.names[name] for the element just named raw (qname has just
// filled its cache slot), asked of the map once per slot.
func (p *xmlFast) kept(raw []byte, name string, keep *keepSet) bool {
	slot := p.slot(raw)
	if slot.raw != string(raw) || !slot.elem || slot.gen != p.nsGen || slot.qname != name {
		return keep.names[name] // not reached: qname has just cached it
	}
	if slot.keep == 0 {
		slot.keep = -1
		if keep.names[name] {
			slot.keep = 1
		}
	}
	return slot.keep == 1
}

func (p *xmlFast) slot(raw []byte) *qnameSlot {
	h := uint32(2166136261)
	for _, c := range raw {
		h = (h ^ uint32(c)) * 16777619
	}
	return &p.qcache[(h^h>>9^h>>18)%uint32(len(p.qcache))]
}

func (p *xmlFast) newElem() *elem {
	if len(p.slab) == 0 {
		p.slab = make([]elem, 256)
	}
	e := &p.slab[0]
	p.slab = p.slab[1:]
	return e
}

// kids copies an element's children, gathered on a stack while it was
// open, into a list of their own carved from a slab: appending to each
// element's own list was an allocation (or several) per parent.
func (p *xmlFast) kids(k []*elem) []*elem {
	if len(k) == 0 {
		return nil
	}
	if len(k) > 64 {
		return append([]*elem(nil), k...)
	}
	if len(p.kslab) < len(k) {
		p.kslab = make([]*elem, 1024)
	}
	out := p.kslab[:len(k):len(k)]
	p.kslab = p.kslab[len(k):]
	copy(out, k)
	return out
}

// value is an attribute value as a string; a short one (a style name, a
// number, "preserve") is made once and shared, as a long document repeats
// them hundreds of thousands of times.
func (p *xmlFast) value(v []byte) string {
	if len(v) > 24 {
		return string(v)
	}
	h := uint32(2166136261)
	for _, c := range v {
		h = (h ^ uint32(c)) * 16777619
	}
	slot := &p.vcache[(h^h>>8^h>>16)%uint32(len(p.vcache))]
	if *slot != string(v) {
		*slot = string(v)
	}
	return *slot
}

// keepSet says which elements a tree keeps: those named in names, and
// every child of an element named kidsOf.
type keepSet struct {
	names  map[string]bool
	kidsOf string
}

// parse builds the tree. With keep, only the elements it keeps are built:
// each kept element's children are the kept elements below it whose
// nearer ancestors are all left out, in document order, and its text its
// own character data, as in the whole tree; the root is then a "#kept"
// element holding the kept elements nearest the top. A check that asks a
// kept tree only for kept names (all, first, attributes, the text of kept
// elements, the children of elements whose children keep says are kept)
// gets what the whole tree gives. Well-formedness is checked the same.
func (p *xmlFast) parse(keep *keepSet) (*elem, bool) {
	b := p.b
	if bytes.HasPrefix(b, []byte("<?xml")) {
		end := bytes.Index(b, []byte("?>"))
		if end < 0 || !plainDecl(b[len("<?xml"):end]) {
			return nil, false
		}
		p.i = end + 2
	}
	root := &elem{name: "#root"}
	type open struct {
		raw  []byte // the name as written, for the end tag
		ns   int    // len(p.ns) before this element's bindings
		e    *elem  // nil when not kept
		kids int    // where its children start in pend
	}
	var opens []open
	var pend []*elem // children of the open elements, outermost first
	cur := root      // the innermost open element; nil when it is not kept
	roots := 0
	var texts textStack
	var list []rawAttr
	for p.i < len(b) {
		if b[p.i] != '<' {
			t, ok := p.charData()
			if !ok {
				return nil, false
			}
			if cur != nil {
				texts.add(len(opens), cur, t)
			}
			continue
		}
		if p.i+1 >= len(b) {
			return nil, false
		}
		if b[p.i+1] == '/' {
			// End tag.
			raw := p.endTag()
			if raw == nil || len(opens) == 0 || !bytes.Equal(raw, opens[len(opens)-1].raw) {
				return nil, false
			}
			o := opens[len(opens)-1]
			if o.ns != len(p.ns) {
				p.ns = p.ns[:o.ns]
				p.nsGen++
			}
			if o.e != nil {
				texts.close(len(opens), o.e)
				o.e.kids = p.kids(pend[o.kids:])
				pend = pend[:o.kids]
			}
			opens = opens[:len(opens)-1]
			cur = root
			if len(opens) > 0 {
				cur = opens[len(opens)-1].e
			}
			continue
		}
		// Start tag.
		p.i++
		raw := p.rawName()
		if raw == nil {
			return nil, false
		}
		if len(opens) == 0 {
			roots++
		}
		nsBase := len(p.ns)
		list = list[:0]
		selfClose, ok := p.attributes(func(name, value []byte, unescaped bool) {
			if unescaped {
				// in p.buf, which the next value overwrites
				list = append(list, rawAttr{name: name, str: string(value), isStr: true})
			} else {
				list = append(list, rawAttr{name: name, raw: value})
			}
		})
		if !ok {
			return nil, false
		}
		// Bindings first: they apply to the element's own names.
		for _, a := range list {
			prefix, local, colon := bytes.Cut(a.name, []byte(":"))
			switch {
			case colon && string(prefix) == "xmlns":
				if string(local) == "xml" || string(local) == "xmlns" {
					return nil, false
				}
				p.ns = append(p.ns, nsBinding{p.intern(local), p.attrValue(a)})
			case !colon && string(a.name) == "xmlns":
				p.ns = append(p.ns, nsBinding{"", p.attrValue(a)})
			}
		}
		if len(p.ns) != nsBase {
			p.nsGen++
		}
		name, ok := p.qname(raw, true)
		if !ok {
			return nil, false
		}
		var e *elem
		if keep == nil || p.kept(raw, name, keep) || cur != nil && cur.name == keep.kidsOf {
			e = p.newElem()
			e.name = name
		}
		for _, a := range list {
			prefix, local, colon := bytes.Cut(a.name, []byte(":"))
			if (colon && string(prefix) == "xmlns") || string(local) == "xmlns" || (!colon && string(a.name) == "xmlns") {
				continue // as parseXMLStd: namespace declarations are not attributes
			}
			an, ok := p.qname(a.name, false)
			if !ok {
				return nil, false
			}
			if e == nil {
				continue
			}
			if e.attrs == nil {
				e.attrs = make(attrList, 0, len(list))
			}
			e.attrs = append(e.attrs, xmlAttr{an, p.attrValue(a)})
		}
		if e != nil {
			pend = append(pend, e)
		}
		if selfClose {
			if len(p.ns) != nsBase {
				p.ns = p.ns[:nsBase]
				p.nsGen++
			}
			continue
		}
		if len(opens) >= 499 {
			return nil, false // the root and 499 more: encoding/xml's limit here is 500
		}
		opens = append(opens, open{raw, nsBase, e, len(pend)})
		cur = e
	}
	if len(opens) != 0 || roots != 1 {
		return nil, false
	}
	if keep != nil {
		root.name = "#kept"
		root.kids = p.kids(pend)
		return root, true
	}
	return pend[0], true
}

// plainDecl accepts the XML declarations encoding/xml reads as UTF-8 XML
// 1.0 (the content between "<?xml" and "?>").
func plainDecl(d []byte) bool {
	s := string(bytes.TrimSpace(d))
	switch s {
	case `version="1.0"`, `version="1.0" encoding="UTF-8"`, `version="1.0" encoding="utf-8"`,
		`version="1.0" encoding="UTF-8" standalone="yes"`, `version="1.0" encoding="UTF-8" standalone="no"`,
		`version="1.0" encoding="utf-8" standalone="yes"`, `version="1.0" encoding="utf-8" standalone="no"`,
		`version="1.0" standalone="yes"`, `version="1.0" standalone="no"`:
		return len(d) > 0 && (d[0] == ' ' || d[0] == '\t' || d[0] == '\n')
	}
	return false
}

func (p *xmlFast) space() bool {
	start := p.i
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n') {
		p.i++
	}
	return p.i > start
}

// rawName reads an ASCII XML name with at most one colon, not at either
// end; nil for anything else.
func (p *xmlFast) rawName() []byte {
	start := p.i
	if p.i >= len(p.b) {
		return nil
	}
	if c := p.b[p.i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_') {
		return nil
	}
	colons := 0
	for p.i < len(p.b) {
		c := p.b[p.i]
		if c >= utf8.RuneSelf {
			return nil
		}
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-') {
			break
		}
		if c == ':' {
			colons++
		}
		p.i++
	}
	n := p.b[start:p.i]
	if colons > 1 || n[len(n)-1] == ':' {
		return nil
	}
	return n
}

func (p *xmlFast) intern(b []byte) string {
	if s, ok := p.names[string(b)]; ok {
		return s
	}
	s := string(b)
	p.names[s] = s
	return s
}

// qname is the name encoding/xml's Token gives raw (its namespace resolved
// as Decoder.translate does), as parseXMLStd spells it.
func (p *xmlFast) qname(raw []byte, isElement bool) (string, bool) {
	slot := p.slot(raw)
	if slot.gen == p.nsGen && slot.elem == isElement && slot.raw == string(raw) {
		return slot.qname, true
	}
	q, ok := p.resolve(raw, isElement)
	if ok {
		*slot = qnameSlot{raw: p.intern(raw), elem: isElement, gen: p.nsGen, qname: q}
	}
	return q, ok
}

// resolve is qname without the cache.
func (p *xmlFast) resolve(raw []byte, isElement bool) (string, bool) {
	var n xml.Name
	if prefix, local, colon := bytes.Cut(raw, []byte(":")); colon {
		n = xml.Name{Space: p.intern(prefix), Local: p.intern(local)}
	} else {
		n = xml.Name{Local: p.intern(raw)}
	}
	switch {
	case n.Space == "xmlns", n.Local == "xmlns":
		return "", false // not met outside declarations: leave to encoding/xml
	case n.Space == "" && !isElement:
	case n.Space == "xml":
		n.Space = "http://www.w3.org/XML/1998/namespace"
	default:
		found := false
		for k := len(p.ns) - 1; k >= 0; k-- {
			if p.ns[k].prefix == n.Space {
				n.Space, found = p.ns[k].uri, true
				break
			}
		}
		_ = found // unbound: the prefix stays as the space, as encoding/xml leaves it
	}
	if s, ok := p.qnames[n]; ok {
		return s, true
	}
	s := qname(n)
	p.qnames[n] = s
	return s, true
}

// text unescapes character data or an attribute value into p.buf; ok is
// false for anything encoding/xml would treat differently or refuse.
func (p *xmlFast) text(raw []byte) ([]byte, bool) {
	if len(raw) > 0 && raw[0] == 0xE2 {
		if _, ok := brailleCells(raw); ok {
			return raw, true // braille cells only (a PEF row): plain by construction
		}
	}
	if bytes.IndexByte(raw, '&') < 0 {
		if !plainChars(raw) || bytes.Contains(raw, []byte("]]>")) {
			return nil, false
		}
		return raw, true
	}
	out, ok := appendUnescaped(p.buf[:0], raw, 10, xmlEntities, nil)
	p.buf = out[:0]
	if !ok {
		return nil, false
	}
	if !plainChars(out) || bytes.Contains(out, []byte("]]>")) {
		return nil, false
	}
	return out, true
}

// xmlEntities are XML's predefined entities.
var xmlEntities = map[string]string{"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": `"`}

// appendUnescaped appends raw to out with its references decoded: the
// named ones in names, character references (charRef) that refuse, when
// set, does not refuse. ok is false for a reference neither decodes or
// longer than maxRef bytes between '&' and ';'.
func appendUnescaped(out, raw []byte, maxRef int, names map[string]string, refuse func(rune) bool) (_ []byte, ok bool) {
	for len(raw) > 0 {
		j := bytes.IndexByte(raw, '&')
		if j < 0 {
			return append(out, raw...), true
		}
		out = append(out, raw[:j]...)
		raw = raw[j+1:]
		semi := bytes.IndexByte(raw, ';')
		if semi <= 0 || semi > maxRef {
			return out, false
		}
		ent := raw[:semi]
		raw = raw[semi+1:]
		if s, ok := names[string(ent)]; ok {
			out = append(out, s...)
			continue
		}
		r, ok := charRef(ent)
		if !ok || refuse != nil && refuse(r) {
			return out, false
		}
		out = utf8.AppendRune(out, r)
	}
	return out, true
}

// charRef decodes "#123" or "#x7B" to a character XML allows (not a
// surrogate, which encoding/xml turns into U+FFFD).
func charRef(ent []byte) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	digits, base := ent[1:], rune(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 || len(digits) > 7 {
		return 0, false
	}
	var r rune
	for _, c := range digits {
		var d rune
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, false
		}
		r = r*base + d
	}
	if r > utf8.MaxRune || (r >= 0xD800 && r <= 0xDFFF) || !xmlChar(r) {
		return 0, false
	}
	return r, true
}

// plainChars: valid UTF-8 of characters XML allows, and no carriage return
// (which encoding/xml rewrites). The characters valid UTF-8 can hold and
// XML forbids are the C0 controls and U+FFFE, U+FFFF (UTF-8 has no
// surrogates), so one pass for controls and utf8.Valid decide it, without
// decoding each character of a long braille or non-Latin text.
func plainChars(b []byte) bool {
	nonASCII := false
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' {
			return false
		}
		if c >= utf8.RuneSelf {
			nonASCII = true
		}
	}
	if !nonASCII {
		return true
	}
	return utf8.Valid(b) && (bytes.IndexByte(b, 0xEF) < 0 ||
		!bytes.Contains(b, []byte("\uFFFE")) && !bytes.Contains(b, []byte("\uFFFF")))
}

func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// errDecline: xmlFast.rawToken met something outside its subset.
var errDecline = errors.New("xmlFast: not in the plain subset")

// rawTok is a token as Decoder.RawToken gives it, unboxed: an xml.Token
// per token was an allocation per token.
type rawTok struct {
	kind int      // tokStart, tokEnd, tokText or tokOther
	Name xml.Name // start and end
	Attr []xml.Attr
	Text []byte
}

const (
	tokOther = iota
	tokStart
	tokEnd
	tokText
)

func toRawTok(t xml.Token) rawTok {
	switch t := t.(type) {
	case xml.StartElement:
		return rawTok{kind: tokStart, Name: t.Name, Attr: t.Attr}
	case xml.EndElement:
		return rawTok{kind: tokEnd, Name: t.Name}
	case xml.CharData:
		return rawTok{kind: tokText, Text: t}
	}
	return rawTok{}
}

// rawTok is Decoder.RawToken for the subset parseXMLFast reads: the
// same tokens (names as written, not resolved; an empty element as a start
// and an end), or errDecline where encoding/xml must take over. Comments
// and the like are declined rather than skipped. A token's text and
// attribute values are valid until the next call.
func (p *xmlFast) rawTok() (rawTok, error) {
	b := p.b
	if p.i == 0 && !p.started {
		p.started = true
		if bytes.HasPrefix(b, []byte("<?xml")) {
			end := bytes.Index(b, []byte("?>"))
			if end < 0 || !plainDecl(b[len("<?xml"):end]) {
				return rawTok{}, errDecline
			}
			p.i = end + 2
			return rawTok{kind: tokOther}, nil
		}
	}
	if p.hasPending {
		n := p.pendingEnd
		p.hasPending = false
		return rawTok{kind: tokEnd, Name: n}, nil
	}
	if p.i >= len(b) {
		return rawTok{}, io.EOF
	}
	if b[p.i] != '<' {
		t, ok := p.charData()
		if !ok {
			return rawTok{}, errDecline
		}
		return rawTok{kind: tokText, Text: t}, nil
	}
	if p.i+1 >= len(b) {
		return rawTok{}, errDecline
	}
	if b[p.i+1] == '/' {
		raw := p.endTag()
		if raw == nil {
			return rawTok{}, errDecline
		}
		return rawTok{kind: tokEnd, Name: p.splitName(raw)}, nil
	}
	p.i++
	raw := p.rawName()
	if raw == nil {
		return rawTok{}, errDecline
	}
	start := rawTok{kind: tokStart, Name: p.splitName(raw), Attr: p.attrs[:0]}
	selfClose, ok := p.attributes(func(name, value []byte, _ bool) {
		start.Attr = append(start.Attr, xml.Attr{Name: p.splitName(name), Value: string(value)})
	})
	if !ok {
		return rawTok{}, errDecline
	}
	p.attrs = start.Attr
	if selfClose {
		p.pendingEnd, p.hasPending = start.Name, true
	}
	return start, nil
}

// charData reads (unescaped, into p.buf) the text up to the next '<'.
func (p *xmlFast) charData() ([]byte, bool) {
	j := bytes.IndexByte(p.b[p.i:], '<')
	if j < 0 {
		j = len(p.b) - p.i
	}
	t, ok := p.text(p.b[p.i : p.i+j])
	p.i += j
	return t, ok
}

// endTag reads "</name>" (space allowed before '>'), returning the name;
// nil for anything else.
func (p *xmlFast) endTag() []byte {
	p.i += 2
	raw := p.rawName()
	if raw == nil {
		return nil
	}
	p.space()
	if p.i >= len(p.b) || p.b[p.i] != '>' {
		return nil
	}
	p.i++
	return raw
}

// rawAttr is an attribute of the start tag being read. Its value is made a
// string only for an element that is kept (or a namespace binding): the
// parts of a Word package left out of kept trees are mostly attributes.
type rawAttr struct {
	name, raw []byte // raw: the value as written, without entities
	str       string // the value, when it had entities
	isStr     bool
}

func (p *xmlFast) attrValue(a rawAttr) string {
	if a.isStr {
		return a.str
	}
	return p.value(a.raw)
}

// attributes reads a start tag's attributes, after its name, through its
// closing '>' or "/>", passing each (value unescaped) to attr; ok is false
// for anything outside the subset.
func (p *xmlFast) attributes(attr func(name, value []byte, unescaped bool)) (selfClose, ok bool) {
	b := p.b
	for {
		hadSpace := p.space()
		if p.i >= len(b) {
			return false, false
		}
		if b[p.i] == '>' {
			p.i++
			return false, true
		}
		if b[p.i] == '/' {
			if p.i+1 >= len(b) || b[p.i+1] != '>' {
				return false, false
			}
			p.i += 2
			return true, true
		}
		if !hadSpace {
			return false, false
		}
		an := p.rawName()
		if an == nil {
			return false, false
		}
		p.space()
		if p.i >= len(b) || b[p.i] != '=' {
			return false, false
		}
		p.i++
		p.space()
		if p.i >= len(b) || (b[p.i] != '"' && b[p.i] != '\'') {
			return false, false
		}
		q := b[p.i]
		j := bytes.IndexByte(b[p.i+1:], q)
		if j < 0 {
			return false, false
		}
		rawVal := b[p.i+1 : p.i+1+j]
		if bytes.IndexByte(rawVal, '<') >= 0 {
			return false, false
		}
		v, ok := p.text(rawVal)
		if !ok {
			return false, false
		}
		p.i += j + 2
		attr(an, v, bytes.IndexByte(rawVal, '&') >= 0) // else v is rawVal, part of p.b
	}
}

// splitName is a raw name as RawToken gives it: prefix and local part.
func (p *xmlFast) splitName(raw []byte) xml.Name {
	if p.names == nil {
		p.names = map[string]string{}
	}
	if prefix, local, colon := bytes.Cut(raw, []byte(":")); colon {
		return xml.Name{Space: p.intern(prefix), Local: p.intern(local)}
	}
	return xml.Name{Local: p.intern(raw)}
}
