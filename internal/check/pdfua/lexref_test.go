package pdfua

// The content-stream lexer as it was before it was made faster, kept as the
// reference the fast one must agree with (FuzzScanMatchesReference).

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

var refContentOps = map[string]string{}

func init() {
	for _, o := range strings.Fields(`b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs
		h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y
		' " begincmap endcmap begincodespacerange endcodespacerange beginbfchar endbfchar beginbfrange endbfrange
		begin end def findresource defineresource pop dict usecmap`) {
		refContentOps[o] = o
	}
}

type refLexer struct {
	b []byte
	i int

	scratch []byte               // string bytes being decoded, reused
	names   *internTable[string] // names met so far, shared: a stream repeats a few names thousands of times

	// borrow: strings are made in arena, which scanOps empties after each
	// operator, instead of allocated one by one (a page shows hundreds).
	// Such a string is valid only until its operator's callback returns.
	borrow bool
	arena  []byte
	// In borrow mode dictionaries and arrays are gathered on a stack
	// (nested ones above their parent's entries) and copied, once closed,
	// into arenas emptied after each operator like arena.
	dstack, darena []dictEntry
	astack, aarena []operand
}

// release empties the borrow-mode arenas: the operator's operands are spent.
func (l *refLexer) release() {
	l.arena, l.darena, l.aarena = l.arena[:0], l.darena[:0], l.aarena[:0]
}

// keep turns decoded string bytes into the operand's string: a copy, or in
// borrow mode a view of the arena.
func (l *refLexer) keep(b []byte) string {
	if !l.borrow || len(b) == 0 {
		return string(b)
	}
	start := len(l.arena)
	l.arena = append(l.arena, b...)
	return unsafe.String(&l.arena[start], len(b))
}

// name reads a name's characters (after the '/') and returns it decoded,
// the same string each time it recurs.
func (l *refLexer) name() string {
	raw := l.regularBytes()
	if l.names == nil {
		l.names = &internTable[string]{}
	}
	if s, ok := l.names.get(raw); ok {
		return s
	}
	s := decodeName(string(raw))
	l.names.put(string(raw), s)
	return s
}

func (l *refLexer) skipSpace() {
	for l.i < len(l.b) {
		c := l.b[l.i]
		switch {
		case isWhite(c):
			l.i++
		case c == '%':
			for l.i < len(l.b) && l.b[l.i] != '\n' && l.b[l.i] != '\r' {
				l.i++
			}
		default:
			return
		}
	}
}

// regularBytes is the next run of regular characters, not copied: content
// streams are mostly numbers and operators, which need no string of their own.
func (l *refLexer) regularBytes() []byte {
	start := l.i
	for l.i < len(l.b) && !isWhite(l.b[l.i]) && !isDelim(l.b[l.i]) {
		l.i++
	}
	return l.b[start:l.i]
}

// next returns the next operand, or (isOp, keyword) for an operator.
func (l *refLexer) next(depth int) (v operand, keyword string, err error) {
	if depth > maxNesting {
		return v, "", fmt.Errorf("nesting deeper than %d at byte %d", maxNesting, l.i)
	}
	l.skipSpace()
	if l.i >= len(l.b) {
		if depth > 0 {
			return v, "", errEOF
		}
		return v, "", errEnd
	}
	c := l.b[l.i]
	switch {
	case c == '/':
		l.i++
		return operand{kind: kName, str: l.name()}, "", nil
	case c == '(':
		s, err := l.literal()
		return operand{kind: kString, str: s}, "", err
	case c == '<' && l.i+1 < len(l.b) && l.b[l.i+1] == '<':
		l.i += 2
		var d []dictEntry
		base := len(l.dstack)
		for {
			l.skipSpace()
			if l.i+1 < len(l.b) && l.b[l.i] == '>' && l.b[l.i+1] == '>' {
				l.i += 2
				if l.borrow && len(l.dstack) > base {
					start := len(l.darena)
					l.darena = append(l.darena, l.dstack[base:]...)
					l.dstack = l.dstack[:base]
					d = l.darena[start:len(l.darena):len(l.darena)]
				}
				return operand{kind: kDict, dict: d}, "", nil
			}
			k, kw, err := l.next(depth + 1)
			if err != nil {
				return v, "", err
			}
			if kw != "" || k.kind != kName {
				return v, "", fmt.Errorf("dictionary key is not a name at byte %d", l.i)
			}
			val, kw, err := l.next(depth + 1)
			if err != nil {
				return v, "", err
			}
			if kw != "" {
				return v, "", fmt.Errorf("operator %q inside dictionary at byte %d", kw, l.i)
			}
			if l.borrow {
				l.dstack = append(l.dstack, dictEntry{k.str, val})
			} else {
				d = append(d, dictEntry{k.str, val})
			}
		}
	case c == '<':
		s, err := l.hex()
		return operand{kind: kString, str: s}, "", err
	case c == '[':
		l.i++
		var a []operand
		base := len(l.astack)
		for {
			l.skipSpace()
			if l.i < len(l.b) && l.b[l.i] == ']' {
				l.i++
				if l.borrow && len(l.astack) > base {
					start := len(l.aarena)
					l.aarena = append(l.aarena, l.astack[base:]...)
					l.astack = l.astack[:base]
					a = l.aarena[start:len(l.aarena):len(l.aarena)]
				}
				return operand{kind: kArray, arr: a}, "", nil
			}
			e, kw, err := l.next(depth + 1)
			if err != nil {
				return v, "", err
			}
			if kw != "" {
				return v, "", fmt.Errorf("operator %q inside array at byte %d", kw, l.i)
			}
			if l.borrow {
				l.astack = append(l.astack, e)
			} else {
				a = append(a, e)
			}
		}
	case c == ']' || c == ')' || c == '>' || c == '{' || c == '}':
		l.i++
		return v, "", fmt.Errorf("unexpected %q at byte %d", c, l.i-1)
	}
	wb := l.regularBytes()
	if f, ok := number(wb); ok {
		return operand{kind: kNum, num: f}, "", nil
	}
	if kw, ok := refContentOps[string(wb)]; ok {
		return v, kw, nil
	}
	word := string(wb)
	switch word {
	case "true", "false":
		return operand{kind: kBool, num: boolNum(word == "true")}, "", nil
	case "null":
		return operand{kind: kNull}, "", nil
	}
	// ParseFloat accepts only words starting with a sign, a digit, '.' or
	// the i/n of Inf and NaN: trying operators first would allocate an
	// error for each one.
	if mayBeFloat(word) {
		if f, err := strconv.ParseFloat(word, 64); err == nil {
			return operand{kind: kNum, num: f}, "", nil
		}
	}
	if len(word) > 0 && (word[0] == '+' || word[0] == '-' || word[0] == '.' || (word[0] >= '0' && word[0] <= '9')) {
		// Malformed numbers such as "--1" or "1.2.3": readers treat them as 0.
		return operand{kind: kNum}, "", nil
	}
	return v, word, nil
}

func (l *refLexer) literal() (string, error) {
	l.i++ // (
	out := l.scratch[:0]
	defer func() { l.scratch = out[:0] }()
	depth := 1
	for l.i < len(l.b) {
		c := l.b[l.i]
		l.i++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return l.keep(out), nil
			}
		case '\\':
			if l.i >= len(l.b) {
				return "", errEOF
			}
			e := l.b[l.i]
			l.i++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.i < len(l.b) && l.b[l.i] == '\n' {
					l.i++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					n := int(e - '0')
					for k := 0; k < 2 && l.i < len(l.b) && l.b[l.i] >= '0' && l.b[l.i] <= '7'; k++ {
						n = n*8 + int(l.b[l.i]-'0')
						l.i++
					}
					c = byte(n)
				} else {
					c = e // \( \) \\ and unknown escapes
				}
			}
		}
		out = append(out, c)
	}
	return "", fmt.Errorf("unterminated string: %w", errEOF)
}

func (l *refLexer) hex() (string, error) {
	l.i++ // <
	out := l.scratch[:0]
	defer func() { l.scratch = out[:0] }()
	var hi byte
	half := false
	for l.i < len(l.b) {
		c := l.b[l.i]
		l.i++
		var n byte
		switch {
		case c == '>':
			if half {
				out = append(out, hi<<4)
			}
			return l.keep(out), nil
		case isWhite(c):
			continue
		case hexDigit(c) >= 0:
			n = byte(hexDigit(c))
		default:
			return "", fmt.Errorf("bad hex digit %q at byte %d", c, l.i-1)
		}
		if half {
			out = append(out, hi<<4|n)
		} else {
			hi = n
		}
		half = !half
	}
	return "", fmt.Errorf("unterminated hex string: %w", errEOF)
}

// parseContent splits a content stream into operators. An inline image
// (BI … ID data EI) becomes one op named "EI" whose single operand is the
// image dictionary, so the image data is never mistaken for operators.
func refParseContent(b []byte) ([]op, error) {
	var ops []op
	err := refScan(&refLexer{b: b}, func(name string, args []operand) {
		ops = append(ops, op{name: name, args: append([]operand(nil), args...)})
	})
	return ops, err
}

// scanOps calls fn for each operator of a content stream in turn, as
// parseContent describes, without keeping them: a page's operators need not
// all be in memory at once. args is reused after fn returns, and the string
// operands' bytes with it: fn copies what it keeps. names, when not nil,
// interns names across streams (see lexer.name).
func refScanOps(b []byte, names *internTable[string], fn func(name string, args []operand)) error {
	return refScan(&refLexer{b: b, names: names, borrow: true}, fn)
}

func refScan(l *refLexer, fn func(name string, args []operand)) error {
	var args []operand
	for {
		v, kw, err := l.next(0)
		if errors.Is(err, errEnd) {
			if len(args) > 0 {
				return fmt.Errorf("%d operands without an operator at end of stream", len(args))
			}
			return nil
		}
		if err != nil {
			return err
		}
		if kw == "" {
			args = append(args, v)
			continue
		}
		if kw == "BI" {
			img, err := l.inlineImage()
			if err != nil {
				return err
			}
			fn("EI", []operand{img})
			args = args[:0]
			l.release()
			continue
		}
		fn(kw, args)
		args = args[:0]
		l.release()
	}
}

func (l *refLexer) inlineImage() (operand, error) {
	var d []dictEntry
	for {
		k, kw, err := l.next(1)
		if err != nil {
			return operand{}, fmt.Errorf("inline image: %w", err)
		}
		if kw == "ID" {
			break
		}
		if kw != "" || k.kind != kName {
			return operand{}, fmt.Errorf("inline image: bad key at byte %d", l.i)
		}
		val, kw, err := l.next(1)
		if err != nil || kw != "" {
			return operand{}, fmt.Errorf("inline image: bad value at byte %d", l.i)
		}
		d = append(d, dictEntry{k.str, val})
	}
	l.i++ // the single white-space byte after ID
	// The data has no length in PDF 1.7; EI between white space ends it.
	for j := l.i; j+1 < len(l.b); j++ {
		if l.b[j] == 'E' && l.b[j+1] == 'I' && j > 0 && isWhite(l.b[j-1]) &&
			(j+2 == len(l.b) || isWhite(l.b[j+2]) || isDelim(l.b[j+2])) {
			l.i = j + 2
			return operand{kind: kDict, dict: d}, nil
		}
	}
	return operand{}, fmt.Errorf("inline image without EI")
}

// dumpOps spells out each operator with its operands, inside the callback
// (the only time borrowed operands are valid), and the error.
func dumpOps(scanFn func(func(name string, args []operand)) error) string {
	var sb strings.Builder
	err := scanFn(func(name string, args []operand) {
		sb.WriteString(name)
		for _, a := range args {
			sb.WriteString(" " + dumpOperand(a))
		}
		sb.WriteString("\n")
	})
	fmt.Fprintf(&sb, "error: %v", err)
	return sb.String()
}

// scanMatchesReference: scanOps and parseContent give the operators,
// operands and errors the reference lexer gives.
func scanMatchesReference(t *testing.T, b []byte) {
	t.Helper()
	want := dumpOps(func(fn func(string, []operand)) error { return refScanOps(b, nil, fn) })
	got := dumpOps(func(fn func(string, []operand)) error {
		return scanOps(b, nil, func(_ opcode, name string, args []operand) { fn(name, args) })
	})
	if got != want {
		t.Fatalf("%q:\nscanOps:   %s\nreference: %s", b, got, want)
	}
	// scanPage, with the scratch space another stream left.
	var l lexer
	_ = l.scanPage([]byte("/P <</MCID 0 /A [1 (x) <</B (y)>>]>> BDC (left over) Tj [(a) 1 (b)] TJ 1 2"), nil, func(opcode, string, []operand) {})
	got = dumpOps(func(fn func(string, []operand)) error {
		return l.scanPage(b, nil, func(_ opcode, name string, args []operand) { fn(name, args) })
	})
	if got != want {
		t.Fatalf("%q:\nscanPage:  %s\nreference: %s", b, got, want)
	}
	dumpParsed := func(ops []op, err error) string {
		return dumpOps(func(fn func(string, []operand)) error {
			for _, o := range ops {
				fn(o.name, o.args)
			}
			return err
		})
	}
	if got, want := dumpParsed(parseContent(b)), dumpParsed(refParseContent(b)); got != want {
		t.Fatalf("%q:\nparseContent: %s\nreference:    %s", b, got, want)
	}
}

var lexCases = append([]string{
	"(a\\(b\\)c) (nested (parens) here) (esc \\n\\r\\t\\b\\f\\\\ \\101\\7\\0121) (line\\\ncont) (cr\\\r\nlf)",
	"(unbalanced ( inside) Tj (a) (b\\",
	"1 2.5 -3 +4 .5 -.25 --1 1.2.3 1e5 inf NaN Infinity nan 5. - + . 12345678901234567890 0.000001",
	"true false null /Name /A#20B /#41 / /a/b[/c]<</d/e>>",
	"q Q BT ET W* f* B* b* T* ' \" sh Do EI BX EX d0 d1 unknownop foo#bar",
	"<48656C6C6F> <48 65 6c 6C 6> <> <4G> <</Nested <</Deep [1 <</X 2>>]>>>> BDC",
	"] ) > { } [ 1 2 ( [ << /A 1 >> ] >> ",
	"<< 1 2 >> BDC << /A >> << /A TJ >> [ Tj ]",
	"BI /W 1 /H 1 ID x EI BI /W 1 ID EIEI EI x BI ID\nEI",
	"%comment\n1 0 0 1 0 0 cm % another\r(a)Tj",
	"\x00\t\n\f\r (\xff\xfe) <FEFF> \x80\x81 Tj",
}, borrowCases...)

func TestScanMatchesReference(t *testing.T) {
	for _, c := range lexCases {
		scanMatchesReference(t, []byte(c))
	}
	for _, s := range goodFixture().streams {
		scanMatchesReference(t, []byte(s))
	}
}

func FuzzScanMatchesReference(f *testing.F) {
	for _, c := range lexCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		scanMatchesReference(t, b)
	})
}
