package pdfua

import (
	"bytes"
	"fmt"
	"strconv"
)

// The checker reads PDF objects itself (this file, xref.go, filter.go) rather
// than through pdfcpu: pdfcpu parses every object of the file up front (about
// 166,000 at seed ×1000) and keeps them all, which cost more than rendering
// the PDF and drove `check` on large inputs past the memory limit. This
// reader finds objects through the cross-reference data and parses only the
// ones the rules touch, when they touch them.

// Object is a PDF object: nil (null), Boolean, Integer, Float, Name, String,
// Array, Dict, Ref or *Stream.
type Object any

// Boolean is a PDF boolean.
type Boolean bool

// Integer is a PDF integer.
type Integer int

// Float is a PDF real number.
type Float float64

// Name is a PDF name, without its '/' and with #xx escapes decoded.
type Name string

// String is a PDF string (literal or hexadecimal) as raw bytes.
type String string

// Array is a PDF array.
type Array []Object

// Dict is a PDF dictionary: its entries in the order written. A slice, not
// a map: most dictionaries hold a handful of keys and are read a few times,
// and a map per structure element was most of what reading a long PDF
// allocated. A key written twice counts with its last value, as when the
// entries were a map; a null value is not kept (PDF: the same as no entry).
type Dict []DictEntry

// DictEntry is one key of a Dict.
type DictEntry struct {
	Key string
	Val Object
}

// lookup finds key; the last entry with it wins.
func (d Dict) lookup(key string) (Object, bool) {
	for i := len(d) - 1; i >= 0; i-- {
		if d[i].Key == key {
			return d[i].Val, true
		}
	}
	return nil, false
}

// get is lookup's value, nil when key is missing.
func (d Dict) get(key string) Object {
	v, _ := d.lookup(key)
	return v
}

// Ref is an indirect reference "Num Gen R".
type Ref struct{ Num, Gen int }

// Stream is a stream object: its dictionary and its still-encoded bytes (a
// slice of the file, or of an object stream's decoded data).
type Stream struct {
	Dict Dict
	raw  []byte
}

// typ is the dictionary's /Type, or "".
func (d Dict) typ() string {
	n, _ := d.get("Type").(Name)
	return string(n)
}

func (d Dict) has(key string) bool {
	_, ok := d.lookup(key)
	return ok
}

func (r Ref) String() string { return fmt.Sprintf("%d %d R", r.Num, r.Gen) }

// maxObjectNesting bounds arrays and dictionaries inside one object, so a
// hostile file cannot exhaust the stack.
const maxObjectNesting = 100

// objScratch is what the objects of one file are parsed with: the entries
// of the dictionaries and arrays being read (a stack: each object's are
// copied out, exactly sized, when it ends, so a dictionary allocates once
// instead of growing a map), and each name met so far already boxed as an
// Object (a file repeats /Type, /StructElem, /P thousands of times).
type objScratch struct {
	entries []DictEntry
	items   []Object
	names   internTable[Object]

	// refs holds "N 0 R" boxed once for N below refLimit (the numbers the
	// cross-reference data defines, set once it is read): structure
	// elements name their parent and page over and over. ints does the
	// same for the small integers (MCIDs, StructParents).
	refs     []Object
	refLimit int
	ints     []Object

	// transient, while set, puts each dictionary and array that ends into
	// dictArena and itemArena instead of a slice of its own: for objects
	// read once and dropped (structure elements, hundreds of thousands in
	// a long document). Such an object is valid until the arenas are
	// released below the mark taken before it was parsed (see
	// pdfFile.getTransient); what outlives that is copied out (durable).
	transient bool
	dictArena []DictEntry
	itemArena []Object
}

// smallInts bounds objScratch.ints.
const smallInts = 1 << 14

// integer boxes n, the same value each time for small ones.
func (os *objScratch) integer(n int) Object {
	if n < 0 || n >= smallInts {
		return Integer(n)
	}
	if os.ints == nil {
		os.ints = make([]Object, smallInts)
	}
	if os.ints[n] == nil {
		os.ints[n] = Integer(n)
	}
	return os.ints[n]
}

// arenaMark is how far the transient arenas are filled.
type arenaMark struct{ dicts, items int }

func (os *objScratch) mark() arenaMark {
	return arenaMark{len(os.dictArena), len(os.itemArena)}
}

// release drops every transient object parsed since m.
func (os *objScratch) release(m arenaMark) {
	clear(os.dictArena[m.dicts:])
	clear(os.itemArena[m.items:])
	os.dictArena, os.itemArena = os.dictArena[:m.dicts], os.itemArena[:m.items]
}

// durable copies the dictionaries and arrays of a transient object out of
// the arenas, so it outlives their release.
func durable(o Object) Object {
	switch v := o.(type) {
	case Dict:
		d := make(Dict, len(v))
		for i, kv := range v {
			d[i] = DictEntry{kv.Key, durable(kv.Val)}
		}
		return d
	case Array:
		a := make(Array, len(v))
		for i, x := range v {
			a[i] = durable(x)
		}
		return a
	}
	return o
}

func (l *lexer) scratchFor() *objScratch {
	if l.objs == nil {
		l.objs = &objScratch{}
	}
	return l.objs
}

// nameObject reads a name (after the '/') as an Object, the same boxed
// value each time it recurs.
func (l *lexer) nameObject() Object {
	os := l.scratchFor()
	raw := l.regularBytes()
	if o, ok := os.names.get(raw); ok {
		return o
	}
	var o Object = Name(decodeName(string(raw)))
	os.names.put(string(raw), o)
	return o
}

// parseObject reads one object at l.i. Integers followed by "G R" become
// references. A keyword where an object should be is an error naming it.
func (l *lexer) parseObject(depth int) (Object, error) {
	if depth > maxObjectNesting {
		return nil, fmt.Errorf("objects nested deeper than %d at byte %d", maxObjectNesting, l.i)
	}
	l.skipSpace()
	if l.i >= len(l.b) {
		return nil, errEOF
	}
	switch c := l.b[l.i]; {
	case c == '/':
		l.i++
		return l.nameObject(), nil
	case c == '(':
		s, err := l.literal()
		return String(s), err
	case c == '<' && l.i+1 < len(l.b) && l.b[l.i+1] == '<':
		l.i += 2
		os := l.scratchFor()
		base := len(os.entries)
		d, err := l.dictBody(os, depth)
		clear(os.entries[base:])
		os.entries = os.entries[:base]
		if err != nil {
			return nil, err
		}
		return d, nil
	case c == '<':
		s, err := l.hex()
		return String(s), err
	case c == '[':
		l.i++
		os := l.scratchFor()
		base := len(os.items)
		a, err := l.arrayBody(os, depth)
		clear(os.items[base:])
		os.items = os.items[:base]
		if err != nil {
			return nil, err
		}
		return a, nil
	case isDelim(c):
		return nil, fmt.Errorf("unexpected %q at byte %d", c, l.i)
	}
	start := l.i
	word := l.regularBytes()
	switch string(word) {
	case "true":
		return Boolean(true), nil
	case "false":
		return Boolean(false), nil
	case "null":
		return nil, nil
	}
	if n, ok := atoi(word); ok {
		os := l.objs
		if g, ok := l.refGen(); ok {
			if os != nil && g == 0 && n >= 0 && n < os.refLimit {
				if os.refs == nil {
					os.refs = make([]Object, os.refLimit)
				}
				if os.refs[n] == nil {
					os.refs[n] = Ref{Num: n}
				}
				return os.refs[n], nil
			}
			return Ref{Num: n, Gen: g}, nil
		}
		if os != nil {
			return os.integer(n), nil
		}
		return Integer(n), nil
	}
	if mayBeFloat(string(word)) {
		if f, err := strconv.ParseFloat(string(word), 64); err == nil {
			return Float(f), nil
		}
		return Integer(0), nil // malformed numbers such as "--1": readers take 0
	}
	if len(word) == 0 {
		l.i = start + 1
		return nil, fmt.Errorf("unexpected byte %q at %d", l.b[start], start)
	}
	return nil, fmt.Errorf("unexpected keyword %q at byte %d", truncate(string(word), 20), start)
}

// refGen reads the "G R" that makes the integer just read a reference,
// and says whether it was there; when not, nothing is read.
func (l *lexer) refGen() (int, bool) {
	save := l.i
	l.skipSpace()
	g, ok := atoi(l.regularBytes())
	if ok && g >= 0 {
		l.skipSpace()
		if l.i < len(l.b) && l.b[l.i] == 'R' && (l.i+1 == len(l.b) || isWhite(l.b[l.i+1]) || isDelim(l.b[l.i+1])) {
			l.i++
			return g, true
		}
	}
	l.i = save
	return 0, false
}

// dictBody reads a dictionary's entries after its "<<", on the entries
// stack above where it was.
func (l *lexer) dictBody(os *objScratch, depth int) (Dict, error) {
	base := len(os.entries)
	for {
		l.skipSpace()
		if l.i >= len(l.b) {
			return nil, fmt.Errorf("unterminated dictionary: %w", errEOF)
		}
		if l.b[l.i] == '>' && l.i+1 < len(l.b) && l.b[l.i+1] == '>' {
			l.i += 2
			if os.transient {
				start := len(os.dictArena)
				os.dictArena = append(os.dictArena, os.entries[base:]...)
				return os.dictArena[start:len(os.dictArena):len(os.dictArena)], nil
			}
			d := make(Dict, len(os.entries)-base)
			copy(d, os.entries[base:])
			return d, nil
		}
		if l.b[l.i] != '/' {
			return nil, fmt.Errorf("dictionary key is not a name at byte %d", l.i)
		}
		l.i++
		k := l.nameObject().(Name)
		v, err := l.parseObject(depth + 1)
		if err != nil {
			return nil, err
		}
		if v != nil { // a null value is the same as no entry
			os.entries = append(os.entries, DictEntry{string(k), v})
		}
	}
}

// arrayNext skips the white space before an array's next item, the array's
// "[" read: more is false at its "]", which it reads; ok is false when the
// input ends first.
func (l *lexer) arrayNext() (more, ok bool) {
	l.skipSpace()
	if l.i >= len(l.b) {
		return false, false
	}
	if l.b[l.i] == ']' {
		l.i++
		return false, true
	}
	return true, true
}

// arrayBody reads an array's items after its "[", on the items stack
// above where it was.
func (l *lexer) arrayBody(os *objScratch, depth int) (Array, error) {
	base := len(os.items)
	for {
		more, ok := l.arrayNext()
		if !ok {
			return nil, fmt.Errorf("unterminated array: %w", errEOF)
		}
		if !more {
			if os.transient {
				start := len(os.itemArena)
				os.itemArena = append(os.itemArena, os.items[base:]...)
				return os.itemArena[start:len(os.itemArena):len(os.itemArena)], nil
			}
			a := make(Array, len(os.items)-base)
			copy(a, os.items[base:])
			return a, nil
		}
		v, err := l.parseObject(depth + 1)
		if err != nil {
			return nil, err
		}
		os.items = append(os.items, v)
	}
}

// atoi parses an optionally signed decimal integer that fits an int32-sized
// range, the only integers PDF promises.
func atoi[T string | []byte](s T) (int, bool) {
	if len(s) == 0 || len(s) > 11 {
		return 0, false
	}
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i = 1
		if len(s) == 1 {
			return 0, false
		}
	}
	n := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if s[0] == '-' {
		n = -n
	}
	return n, true
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// keyword reads the next bare word (as "obj", "stream", "endobj"), not
// copied.
func (l *lexer) keyword() []byte {
	l.skipSpace()
	return l.regularBytes()
}

// hasPrefixAt says whether b[i:] starts with s.
func hasPrefixAt(b []byte, i int, s string) bool {
	return i >= 0 && i <= len(b) && bytes.HasPrefix(b[i:], []byte(s))
}
