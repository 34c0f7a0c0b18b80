package verify

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// zipPkg is a zip package (Word, EPUB) read into memory.
type zipPkg struct {
	names  []string // zip order
	parts  map[string][]byte
	method map[string]uint16
}

// maxPart bounds what one entry may expand to, so a zip bomb is a finding,
// not an out-of-memory crash.
const maxPart = 256 << 20

func readZip(b []byte) (*zipPkg, error) {
	p := &zipPkg{parts: map[string][]byte{}, method: map[string]uint16{}}
	err := eachZipEntry(b, false, func(f *zip.File, data []byte) {
		p.names = append(p.names, f.Name)
		p.parts[f.Name] = data
		p.method[f.Name] = f.Method
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// eachZipEntry reads the entries of a zip package into memory one by one,
// in zip order, and passes each to fn. With reuse they share one buffer,
// which each entry overwrites: fn must not keep data then (a Word check
// parses each part into trees of their own, and so holds one part's bytes
// at a time, not the package's).
func eachZipEntry(b []byte, reuse bool, fn func(f *zip.File, data []byte)) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var buf []byte
	for _, f := range zr.File {
		if seen[f.Name] {
			return fmt.Errorf("duplicate zip entry %s", f.Name)
		}
		seen[f.Name] = true
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		if !reuse {
			buf = nil
		}
		data, err := readAllInto(buf, io.LimitReader(rc, maxPart+1), sizeHint(f))
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		if len(data) > maxPart {
			return fmt.Errorf("%s expands to more than %d MiB", f.Name, maxPart>>20)
		}
		buf = data
		fn(f, data)
	}
	return nil
}

// sizeHint is how big an entry says it is, trusted only as far as deflate
// can expand its compressed bytes (about 1,032 times) and maxPart allows.
func sizeHint(f *zip.File) int {
	return int(min(f.UncompressedSize64, f.CompressedSize64*1032+64, maxPart+1))
}

// readAllSized is io.ReadAll into a buffer of the expected size, so a long
// part is not copied through a dozen growing buffers.
func readAllSized(r io.Reader, hint int) ([]byte, error) {
	return readAllInto(nil, r, hint)
}

// readAllInto is readAllSized into buf when it has room for hint.
func readAllInto(buf []byte, r io.Reader, hint int) ([]byte, error) {
	b := buf[:0]
	if cap(b) < hint+1 {
		b = make([]byte, 0, hint+1) // +1: EOF is seen without growing
	}
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // more than it said: grow as ReadAll does
		}
	}
}

// elem is a parsed XML element: enough of a DOM for the checks. Names are
// "prefix:local" with the prefix fixed by namespace (prefixes), so a file
// that binds other prefixes reads the same.
type elem struct {
	name  string
	attrs attrList
	kids  []*elem
	text  string
}

var prefixes = map[string]string{
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main":                  "w",
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships":           "r",
	"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing":        "wp",
	"http://schemas.openxmlformats.org/drawingml/2006/main":                         "a",
	"http://schemas.openxmlformats.org/drawingml/2006/picture":                      "pic",
	"http://schemas.openxmlformats.org/package/2006/relationships":                  "rel",
	"http://schemas.microsoft.com/office/drawing/2017/decorative":                   "adec",
	"http://schemas.openxmlformats.org/package/2006/content-types":                  "ct",
	"http://schemas.openxmlformats.org/package/2006/metadata/core-properties":       "cp",
	"http://purl.org/dc/elements/1.1/":                                              "dc",
	"http://purl.org/dc/terms/":                                                     "dcterms",
	"http://www.w3.org/XML/1998/namespace":                                          "xml",
	"urn:oasis:names:tc:opendocument:xmlns:container":                               "container",
	"http://www.idpf.org/2007/opf":                                                  "opf",
	"http://www.w3.org/1999/xhtml":                                                  "h",
	"http://www.idpf.org/2007/ops":                                                  "epub",
	"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":     "ep",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing":           "wp14",
	"http://schemas.openxmlformats.org/markup-compatibility/2006":                   "mc",
	"http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes":             "s",
	"http://schemas.openxmlformats.org/drawingml/2006/main/picture":                 "pic",
	"http://purl.oclc.org/ooxml/wordprocessingml/main":                              "w",
	"http://purl.oclc.org/ooxml/officeDocument/relationships":                       "r",
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink": "rh",
}

func qname(n xml.Name) string {
	if p, ok := prefixes[n.Space]; ok {
		return p + ":" + n.Local
	}
	if n.Space == "" {
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}

// parseXML parses one part strictly: with parseXMLFast when the part is in
// the subset it reads, else with encoding/xml.
func parseXML(b []byte) (*elem, error) {
	if e, ok := parseXMLFast(b); ok {
		return e, nil
	}
	return parseXMLStd(b)
}

// parseXMLStd is parseXML through encoding/xml: the reference, and the one
// whose errors are reported.
func parseXMLStd(b []byte) (*elem, error) {
	// Names repeat (a long Word document is millions of w:r, w:t, w:val):
	// each is made once. Elements without attributes keep a nil map.
	names := map[xml.Name]string{}
	name := func(n xml.Name) string {
		if s, ok := names[n]; ok {
			return s
		}
		s := qname(n)
		names[n] = s
		return s
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	root := &elem{name: "#root"}
	stack := []*elem{root}
	var texts textStack
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := &elem{name: name(t.Name)}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				if e.attrs == nil {
					e.attrs = make(attrList, 0, len(t.Attr))
				}
				e.attrs = append(e.attrs, xmlAttr{name(a.Name), a.Value})
			}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, e)
			stack = append(stack, e)
			if len(stack) > 500 {
				return nil, fmt.Errorf("elements nested more than 500 deep")
			}
		case xml.EndElement:
			texts.close(len(stack)-1, stack[len(stack)-1])
			stack = stack[:len(stack)-1]
		case xml.CharData:
			texts.add(len(stack)-1, stack[len(stack)-1], t)
		}
	}
	texts.close(0, root)
	if len(root.kids) != 1 {
		return nil, fmt.Errorf("want one root element, have %d", len(root.kids))
	}
	return root.kids[0], nil
}

// textStack gathers the text of the open elements. An element's text is
// usually one piece (a w:t's words), kept as one string; an element with
// text between many children (a pretty-printed w:body, say) gathers its
// pieces in a buffer joined when it closes: adding each piece to the
// string copied all the text before it, quadratic in the children.
type textStack struct{ bufs [][]byte }

// add appends t to the text of e, open at nesting level.
func (s *textStack) add(level int, e *elem, t []byte) {
	for len(s.bufs) <= level {
		s.bufs = append(s.bufs, nil)
	}
	switch {
	case len(s.bufs[level]) > 0:
		s.bufs[level] = append(s.bufs[level], t...)
	case e.text == "":
		e.text = string(t)
	default:
		s.bufs[level] = append(append(s.bufs[level], e.text...), t...)
	}
}

// close sets the text of e, closing at nesting level, from its pieces.
func (s *textStack) close(level int, e *elem) {
	if level < len(s.bufs) && len(s.bufs[level]) > 0 {
		e.text = string(s.bufs[level])
		s.bufs[level] = s.bufs[level][:0]
	}
}

// attrList is an element's attributes in document order. A slice, not a
// map: a long Word document has millions of elements with one or two
// attributes each, and a map costs several times the memory of the pairs.
type attrList []xmlAttr

type xmlAttr struct{ name, value string }

// lookup returns the value of the attribute named name and whether it is
// present (the last one, as a map would keep, if a file repeats it).
func (l attrList) lookup(name string) (string, bool) {
	for i := len(l) - 1; i >= 0; i-- {
		if l[i].name == name {
			return l[i].value, true
		}
	}
	return "", false
}

// get returns the value of the attribute named name, "" when absent.
func (l attrList) get(name string) string {
	v, _ := l.lookup(name)
	return v
}

// all returns the descendants (and e itself) named name, in document order.
func (e *elem) all(name string) []*elem {
	var out []*elem
	var walk func(*elem)
	walk = func(x *elem) {
		if x.name == name {
			out = append(out, x)
		}
		for _, k := range x.kids {
			walk(k)
		}
	}
	walk(e)
	return out
}

func (e *elem) first(name string) *elem {
	var found *elem
	var walk func(*elem) bool
	walk = func(x *elem) bool {
		if x.name == name {
			found = x
			return true
		}
		for _, k := range x.kids {
			if walk(k) {
				return true
			}
		}
		return false
	}
	walk(e)
	return found
}

// wText concatenates the w:t text under e.
func (e *elem) wText() string {
	var sb strings.Builder
	for _, t := range e.all("w:t") {
		sb.WriteString(t.text)
	}
	return sb.String()
}

func (e *elem) val() string {
	if e == nil {
		return ""
	}
	return e.attrs.get("w:val")
}
