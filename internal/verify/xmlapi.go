package verify

// The zip and XML reader the checks use, for writers' own tests: a test that
// asserts more than these checks reads the file the same way.

// Package is a zip package read into memory.
type Package struct {
	Names []string // zip order
	Parts map[string][]byte
}

// ReadPackage reads a zip package (Word, EPUB) as the checks do.
func ReadPackage(b []byte) (*Package, error) {
	p, err := readZip(b)
	if err != nil {
		return nil, err
	}
	return &Package{Names: p.names, Parts: p.parts}, nil
}

// Elem is a parsed XML element. Names are "prefix:local" with the prefix
// fixed by namespace (w, r, wp, a, pic, rel, ct, cp, dc, dcterms, adec, ...),
// whatever prefixes the file binds. The zero Elem stands for "no element":
// its methods return nothing.
type Elem struct{ e *elem }

// ParseXML parses one part strictly.
func ParseXML(b []byte) (Elem, error) {
	e, err := parseXML(b)
	if err != nil {
		return Elem{}, err
	}
	return Elem{e}, nil
}

// Ok reports whether x is an element.
func (x Elem) Ok() bool { return x.e != nil }

// Attr is the value of an attribute ("w:val", "Id"), "" when absent.
func (x Elem) Attr(name string) string {
	if x.e == nil {
		return ""
	}
	return x.e.attrs.get(name)
}

// HasAttr reports whether the attribute is present.
func (x Elem) HasAttr(name string) bool {
	if x.e == nil {
		return false
	}
	_, ok := x.e.attrs.lookup(name)
	return ok
}

// All returns x and its descendants named name, in document order.
func (x Elem) All(name string) []Elem {
	if x.e == nil {
		return nil
	}
	var out []Elem
	for _, e := range x.e.all(name) {
		out = append(out, Elem{e})
	}
	return out
}

// First is the first of All(name), or the zero Elem.
func (x Elem) First(name string) Elem {
	if x.e == nil {
		return Elem{}
	}
	return Elem{x.e.first(name)}
}

// Text is x's own character data.
func (x Elem) Text() string {
	if x.e == nil {
		return ""
	}
	return x.e.text
}

// WordText joins the w:t text under x.
func (x Elem) WordText() string {
	if x.e == nil {
		return ""
	}
	return x.e.wText()
}

// Val is the w:val attribute.
func (x Elem) Val() string { return x.e.val() }
