package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"

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
	start, end int // the whole "n 0 obj … endobj" text
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
	b := p.raw[p.spans[i].start:p.spans[i].end]
	k := bytes.Index(b, []byte("obj"))
	if k < 0 {
		return nil, false, fmt.Errorf("object %d: no obj keyword", nr)
	}
	b = b[k+3:]
	if s := bytes.Index(b, []byte("stream")); s >= 0 && !bytes.HasPrefix(b[s-3:], []byte("end")) {
		return b[:s], true, nil
	}
	if e := bytes.LastIndex(b, []byte("endobj")); e >= 0 {
		b = b[:e]
	}
	return b, false, nil
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
	o, err := model.ParseObject(&s)
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", nr, err)
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
	for _, sp := range p.spans {
		b := p.raw[sp.start:sp.end]
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
