package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// rawPDF reads back fpdf's own output: a classic xref table and objects
// written one after another. Only the objects the tagging pass touches are
// parsed (with pdfcpu's object parser); the rest, page content above all,
// stay bytes. Parsing the whole file with pdfcpu's reader held every
// content stream a second time, which for a 3,000-page document cost
// hundreds of megabytes.
type rawPDF struct {
	raw     []byte
	spans   []span      // objects in file order
	byNr    map[int]int // object number → index in spans
	cache   map[int]types.Object
	root    int
	info    int
	size    int
	xrefOff int64
}

type span struct {
	nr         int
	start, end int    // the whole "n 0 obj … endobj" text
	data       []byte // when set, the object's text instead of raw[start:end]
}

// bytes is the object's whole text.
func (p *rawPDF) bytes(i int) []byte {
	if sp := p.spans[i]; sp.data != nil {
		return sp.data
	}
	return p.raw[p.spans[i].start:p.spans[i].end]
}

func readRawPDF(raw []byte) (*rawPDF, error) {
	xo, err := lastStartXref(raw)
	if err != nil {
		return nil, err
	}
	if xo <= 0 || xo >= int64(len(raw)) || !bytes.HasPrefix(raw[xo:], []byte("xref")) {
		return nil, errors.New("no classic xref table at startxref")
	}
	p := &rawPDF{raw: raw, byNr: map[int]int{}, cache: map[int]types.Object{}, xrefOff: xo}
	rest := raw[xo+4:]
	// subsections "first count" then 20-byte entries, until "trailer"
	for {
		rest = bytes.TrimLeft(rest, " \r\n")
		if bytes.HasPrefix(rest, []byte("trailer")) {
			break
		}
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 {
			return nil, errors.New("truncated xref")
		}
		var first, count int
		if _, err := fmt.Sscanf(string(rest[:nl]), "%d %d", &first, &count); err != nil {
			return nil, fmt.Errorf("xref subsection: %v", err)
		}
		rest = rest[nl+1:]
		if len(rest) < 20*count {
			return nil, errors.New("truncated xref")
		}
		for i := 0; i < count; i++ {
			e := rest[20*i : 20*i+20]
			if e[17] == 'n' {
				off, err := strconv.Atoi(string(e[:10]))
				if err != nil {
					return nil, err
				}
				p.spans = append(p.spans, span{nr: first + i, start: off})
			}
		}
		rest = rest[20*count:]
	}
	tr := bytes.Index(rest, []byte("<<"))
	te := bytes.LastIndex(rest, []byte(">>"))
	if tr < 0 || te < tr {
		return nil, errors.New("no trailer dictionary")
	}
	s := string(rest[tr : te+2])
	o, err := model.ParseObject(&s)
	if err != nil {
		return nil, fmt.Errorf("trailer: %w", err)
	}
	td, ok := o.(types.Dict)
	if !ok {
		return nil, errors.New("trailer is not a dictionary")
	}
	if r, ok := td["Root"].(types.IndirectRef); ok {
		p.root = r.ObjectNumber.Value()
	}
	if r, ok := td["Info"].(types.IndirectRef); ok {
		p.info = r.ObjectNumber.Value()
	}
	if sz := td.IntEntry("Size"); sz != nil {
		p.size = *sz
	}
	if p.root == 0 || p.size == 0 {
		return nil, errors.New("trailer lacks /Root or /Size")
	}
	sort.Slice(p.spans, func(i, j int) bool { return p.spans[i].start < p.spans[j].start })
	for i := range p.spans {
		end := int(xo)
		if i+1 < len(p.spans) {
			end = p.spans[i+1].start
		}
		if p.spans[i].start <= 0 || end > len(raw) || end <= p.spans[i].start {
			return nil, fmt.Errorf("object %d: bad offset", p.spans[i].nr)
		}
		p.spans[i].end = end
		p.byNr[p.spans[i].nr] = i
	}
	return p, nil
}

// body is an object's text between "obj" and "endobj" (for a stream, its
// dictionary only) and whether it is a stream.
func (p *rawPDF) body(nr int) ([]byte, bool, error) {
	i, ok := p.byNr[nr]
	if !ok {
		return nil, false, fmt.Errorf("object %d not found", nr)
	}
	b := p.bytes(i)
	k := bytes.Index(b, []byte("obj"))
	if k < 0 {
		return nil, false, fmt.Errorf("object %d: no obj keyword", nr)
	}
	b = b[k+3:]
	// The object's value ends where the lexer says, not at the first
	// "stream" in its bytes: a link to .../livestream or a title holding
	// "endobj" is text inside a string.
	end := valueEnd(b)
	rest := bytes.TrimLeft(b[end:], " \r\n\t\f\x00")
	if bytes.HasPrefix(rest, []byte("stream")) {
		return b[:end], true, nil
	}
	return b[:end], false, nil
}

// valueEnd is the length of the one PDF value at the start of b (after
// white space and comments): a dictionary or array with everything nested
// in it, skipping literal strings (with escapes and balanced parentheses),
// hex strings and comments, so no text inside a string can end it early.
func valueEnd(b []byte) int {
	depth := 0
	i := 0
	for i < len(b) {
		c := b[i]
		switch {
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
			continue
		case c == '(':
			n := 0
			for ; i < len(b); i++ {
				if b[i] == '\\' {
					i++
					continue
				}
				if b[i] == '(' {
					n++
				} else if b[i] == ')' {
					n--
					if n == 0 {
						break
					}
				}
			}
			i++
		case c == '<' && i+1 < len(b) && b[i+1] == '<':
			depth++
			i += 2
		case c == '>' && i+1 < len(b) && b[i+1] == '>':
			depth--
			i += 2
		case c == '<':
			for i < len(b) && b[i] != '>' {
				i++
			}
			i++
		case c == '[':
			depth++
			i++
		case c == ']':
			depth--
			i++
		case isWS(c):
			i++
			continue
		default:
			// a number, name, keyword or reference ("12 0 R"): up to the next
			// delimiter; at depth 0 the value is a scalar and ends at "endobj"
			// or "stream"
			if depth == 0 {
				for _, kw := range []string{"endobj", "stream"} {
					if bytes.HasPrefix(b[i:], []byte(kw)) {
						return i
					}
				}
			}
			i++
			for i < len(b) && !isDelim(b[i]) {
				i++
			}
		}
		if depth <= 0 && i > 0 {
			// a complete container or string at the top level ends the value
			if c == '>' || c == ']' || c == '(' || c == '<' {
				return min(i, len(b))
			}
		}
	}
	return min(i, len(b))
}

// object parses object nr (a stream yields its dictionary). Results are
// cached, so edits to a returned dictionary are seen by later calls.
func (p *rawPDF) object(nr int) (types.Object, error) {
	if o, ok := p.cache[nr]; ok {
		return o, nil
	}
	b, _, err := p.body(nr)
	if err != nil {
		return nil, err
	}
	s := string(bytes.TrimSpace(b))
	o, err := parsePlain(s)
	if err != nil {
		if o, err = model.ParseObject(&s); err != nil {
			return nil, fmt.Errorf("object %d: %w", nr, err)
		}
	}
	p.cache[nr] = o
	return o, nil
}

func (p *rawPDF) deref(o types.Object) (types.Object, error) {
	if ir, ok := o.(types.IndirectRef); ok {
		return p.object(ir.ObjectNumber.Value())
	}
	return o, nil
}

func (p *rawPDF) dict(o types.Object) (types.Dict, error) {
	o, err := p.deref(o)
	if err != nil {
		return nil, err
	}
	d, ok := o.(types.Dict)
	if !ok {
		return nil, fmt.Errorf("not a dictionary: %T", o)
	}
	return d, nil
}

func (p *rawPDF) array(o types.Object) (types.Array, error) {
	o, err := p.deref(o)
	if err != nil {
		return nil, err
	}
	a, ok := o.(types.Array)
	if !ok {
		return nil, fmt.Errorf("not an array: %T", o)
	}
	return a, nil
}

// objectsContaining lists, in number order, objects whose dictionary text
// holds needle: a cheap filter before parsing.
func (p *rawPDF) objectsContaining(needle string) []int {
	var nrs []int
	for i, sp := range p.spans {
		b := p.bytes(i)
		if len(b) > 4096 {
			b = b[:4096] // the dictionary comes first; skip stream data
		}
		if bytes.Contains(b, []byte(needle)) {
			nrs = append(nrs, sp.nr)
		}
	}
	sort.Ints(nrs)
	return nrs
}

// errNotPlain sends an object to pdfcpu's parser: parsePlain reads only the
// plain syntax fpdf writes.
var errNotPlain = errors.New("not plain fpdf syntax")

// parsePlain parses the objects fpdf writes (dictionaries, arrays, names
// without # escapes, numbers, references, literal strings, booleans, null)
// into the same values pdfcpu's parser gives, several times faster: reading
// the page dictionaries, with their link annotations, through pdfcpu was a
// tenth of a long document's time. Anything else is errNotPlain.
func parsePlain(s string) (types.Object, error) {
	o, rest, err := plainValue(s)
	if err != nil {
		return nil, err
	}
	if skipWS(rest) != "" {
		return nil, errNotPlain
	}
	return o, nil
}

func isWS(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return isWS(c) || strings.IndexByte("()<>[]{}/%", c) >= 0
}

func skipWS(s string) string {
	for len(s) > 0 && isWS(s[0]) {
		s = s[1:]
	}
	return s
}

// token is a run of regular characters.
func token(s string) (string, string) {
	i := 0
	for i < len(s) && !isDelim(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

func plainValue(s string) (types.Object, string, error) {
	s = skipWS(s)
	if s == "" {
		return nil, s, errNotPlain
	}
	switch c := s[0]; {
	case strings.HasPrefix(s, "<<"):
		d := types.Dict{}
		s = s[2:]
		for {
			s = skipWS(s)
			if strings.HasPrefix(s, ">>") {
				return d, s[2:], nil
			}
			if s == "" || s[0] != '/' {
				return nil, s, errNotPlain
			}
			var k string
			k, s = token(s[1:])
			if k == "" || strings.IndexByte(k, '#') >= 0 {
				return nil, s, errNotPlain
			}
			v, rest, err := plainValue(s)
			if err != nil {
				return nil, s, err
			}
			if v != nil { // a null entry is no entry, as pdfcpu reads it
				d[k] = v
			}
			s = rest
		}
	case c == '[':
		a := types.Array{}
		s = s[1:]
		for {
			s = skipWS(s)
			if strings.HasPrefix(s, "]") {
				return a, s[1:], nil
			}
			v, rest, err := plainValue(s)
			if err != nil {
				return nil, s, err
			}
			a = append(a, v)
			s = rest
		}
	case c == '/':
		n, rest := token(s[1:])
		if n == "" || strings.IndexByte(n, '#') >= 0 {
			return nil, s, errNotPlain
		}
		return types.Name(n), rest, nil
	case c == '(':
		depth := 0
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 {
					return types.StringLiteral(s[1:i]), s[i+1:], nil
				}
			}
		}
		return nil, s, errNotPlain
	case c == '-' || c == '+' || c == '.' || c >= '0' && c <= '9':
		t, rest := token(s)
		if strings.IndexByte(t, '.') >= 0 {
			f, err := strconv.ParseFloat(t, 64)
			if err != nil {
				return nil, s, errNotPlain
			}
			return types.Float(f), rest, nil
		}
		i, err := strconv.Atoi(t)
		if err != nil {
			return nil, s, errNotPlain
		}
		// "n g R" is a reference
		r2 := skipWS(rest)
		if g, r3 := token(r2); g != "" && len(r2) < len(rest) {
			if gi, err := strconv.Atoi(g); err == nil && g[0] >= '0' && g[0] <= '9' {
				r4 := skipWS(r3)
				if len(r4) < len(r3) && strings.HasPrefix(r4, "R") && (len(r4) == 1 || isDelim(r4[1])) {
					return *types.NewIndirectRef(i, gi), r4[1:], nil
				}
			}
		}
		return types.Integer(i), rest, nil
	default:
		t, rest := token(s)
		switch t {
		case "true":
			return types.Boolean(true), rest, nil
		case "false":
			return types.Boolean(false), rest, nil
		case "null":
			return nil, rest, nil
		}
	}
	return nil, s, errNotPlain
}
