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

// Dict is a PDF dictionary.
type Dict map[string]Object

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
	n, _ := d["Type"].(Name)
	return string(n)
}

func (d Dict) has(key string) bool {
	_, ok := d[key]
	return ok
}

func (r Ref) String() string { return fmt.Sprintf("%d %d R", r.Num, r.Gen) }

// maxObjectNesting bounds arrays and dictionaries inside one object, so a
// hostile file cannot exhaust the stack.
const maxObjectNesting = 100

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
		return Name(l.name()), nil
	case c == '(':
		s, err := l.literal()
		return String(s), err
	case c == '<' && l.i+1 < len(l.b) && l.b[l.i+1] == '<':
		l.i += 2
		d := Dict{}
		for {
			l.skipSpace()
			if l.i >= len(l.b) {
				return nil, fmt.Errorf("unterminated dictionary: %w", errEOF)
			}
			if l.b[l.i] == '>' && l.i+1 < len(l.b) && l.b[l.i+1] == '>' {
				l.i += 2
				return d, nil
			}
			if l.b[l.i] != '/' {
				return nil, fmt.Errorf("dictionary key is not a name at byte %d", l.i)
			}
			l.i++
			k := l.name()
			v, err := l.parseObject(depth + 1)
			if err != nil {
				return nil, err
			}
			if v != nil { // a null value is the same as no entry
				d[k] = v
			}
		}
	case c == '<':
		s, err := l.hex()
		return String(s), err
	case c == '[':
		l.i++
		a := Array{}
		for {
			l.skipSpace()
			if l.i >= len(l.b) {
				return nil, fmt.Errorf("unterminated array: %w", errEOF)
			}
			if l.b[l.i] == ']' {
				l.i++
				return a, nil
			}
			v, err := l.parseObject(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case isDelim(c):
		return nil, fmt.Errorf("unexpected %q at byte %d", c, l.i)
	}
	start := l.i
	word := l.regular()
	switch word {
	case "true":
		return Boolean(true), nil
	case "false":
		return Boolean(false), nil
	case "null":
		return nil, nil
	}
	if n, ok := atoi(word); ok {
		// "N G R": look ahead without committing.
		save := l.i
		l.skipSpace()
		g, ok := atoi(l.regular())
		if ok && g >= 0 {
			l.skipSpace()
			if l.i < len(l.b) && l.b[l.i] == 'R' && (l.i+1 == len(l.b) || isWhite(l.b[l.i+1]) || isDelim(l.b[l.i+1])) {
				l.i++
				return Ref{Num: n, Gen: g}, nil
			}
		}
		l.i = save
		return Integer(n), nil
	}
	if mayBeFloat(word) {
		if f, err := strconv.ParseFloat(word, 64); err == nil {
			return Float(f), nil
		}
		return Integer(0), nil // malformed numbers such as "--1": readers take 0
	}
	if word == "" {
		l.i = start + 1
		return nil, fmt.Errorf("unexpected byte %q at %d", l.b[start], start)
	}
	return nil, fmt.Errorf("unexpected keyword %q at byte %d", truncate(word, 20), start)
}

// atoi parses an optionally signed decimal integer that fits an int32-sized
// range, the only integers PDF promises.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 11 {
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
	for _, c := range []byte(s[i:]) {
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

// keyword reads the next bare word (as "obj", "stream", "endobj").
func (l *lexer) keyword() string {
	l.skipSpace()
	return l.regular()
}

// hasPrefixAt says whether b[i:] starts with s.
func hasPrefixAt(b []byte, i int, s string) bool {
	return i >= 0 && i <= len(b) && bytes.HasPrefix(b[i:], []byte(s))
}
