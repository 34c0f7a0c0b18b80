package pdfua

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unsafe"
)

// This is a deliberately small PDF tokenizer: content streams (marked
// content, inline images and string bytes kept the way the checks need
// them) and, through parseObject (object.go), the file's objects.

type kind int

const (
	kNull kind = iota
	kNum
	kBool
	kName
	kString // literal or hex string: raw bytes in str
	kArray
	kDict
)

// operand is one value in a content stream.
type operand struct {
	kind kind
	num  float64
	str  string // name (without '/', #xx decoded) or string bytes
	arr  []operand
	dict []dictEntry // in order; a repeated key's last value counts
}

// dictEntry is one key of a dictionary operand. A slice, not a map: content
// streams hold a property list per marked-content sequence, and a map per
// BDC was most of what reading a page allocated.
type dictEntry struct {
	key string
	val operand
}

// lookup finds key in a dictionary operand.
func (o operand) lookup(key string) (operand, bool) {
	for i := len(o.dict) - 1; i >= 0; i-- {
		if o.dict[i].key == key {
			return o.dict[i].val, true
		}
	}
	return operand{}, false
}

// op is one content-stream operator with its operands.
type op struct {
	name string
	args []operand
}

const maxNesting = 64

type lexer struct {
	b []byte
	i int

	code    opcode               // the opcode of the keyword next last returned
	scratch []byte               // string bytes being decoded, reused
	names   *internTable[string] // names met so far, shared: a stream repeats a few names thousands of times
	objs    *objScratch          // for parseObject; shared by the lexers of one file

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
	args           []operand // scan's, kept for the next scan (scanPage)
}

// release empties the borrow-mode arenas: the operator's operands are spent.
func (l *lexer) release() {
	l.arena, l.darena, l.aarena = l.arena[:0], l.darena[:0], l.aarena[:0]
}

// keep turns decoded string bytes into the operand's string: a copy, or in
// borrow mode a view of the arena.
func (l *lexer) keep(b []byte) string {
	if !l.borrow || len(b) == 0 {
		return string(b)
	}
	start := len(l.arena)
	l.arena = append(l.arena, b...)
	return unsafe.String(&l.arena[start], len(b))
}

// name reads a name's characters (after the '/') and returns it decoded,
// the same string each time it recurs.
func (l *lexer) name() string {
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

// charClass sorts bytes into PDF's white space, delimiters and regular
// characters (ISO 32000-1 7.2.2), by table: the lexers ask once per byte.
var charClass = func() (t [256]uint8) {
	for _, c := range []byte{0, '\t', '\n', '\f', '\r', ' '} {
		t[c] = classWhite
	}
	for _, c := range []byte("()<>[]{}/%") {
		t[c] = classDelim
	}
	return t
}()

const (
	classWhite = 1
	classDelim = 2
)

func isWhite(c byte) bool { return charClass[c] == classWhite }

func isDelim(c byte) bool { return charClass[c] == classDelim }

func (l *lexer) skipSpace() {
	b, i := l.b, l.i
	for i < len(b) {
		c := b[i]
		switch {
		case charClass[c] == classWhite:
			i++
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		default:
			l.i = i
			return
		}
	}
	l.i = i
}

// regularBytes is the next run of regular characters, not copied: content
// streams are mostly numbers and operators, which need no string of their own.
func (l *lexer) regularBytes() []byte {
	b, start := l.b, l.i
	i := start
	for i < len(b) && charClass[b[i]] == 0 {
		i++
	}
	l.i = i
	return b[start:i]
}

// opcode numbers the operators the checker acts on; every other operator
// is opOther. Switching on a small number per operator, rather than on its
// name, is most of what scanning a page costs once the bytes are lexed.
type opcode uint8

const (
	opOther opcode = iota
	opBMC
	opBDC
	opEMC
	opTf
	opTj
	opTJ
	opQuote       // '
	opDoubleQuote // "
	opDo
	opSh
	opEI // a whole inline image (scan turns BI … ID … EI into one)
	opS
	opSClose // s
	opF
	opFCompat // F
	opFStar   // f*
	opB
	opBStar             // B*
	opBClose            // b
	opBCloseStar        // b*
	opcodes             // how many
	opBI         opcode = opcodes
)

// opcodeOf gives the operators that have an opcode theirs.
var opcodeOf = map[string]opcode{"BMC": opBMC, "BDC": opBDC, "EMC": opEMC, "Tf": opTf, "Tj": opTj, "TJ": opTJ,
	"'": opQuote, `"`: opDoubleQuote, "Do": opDo, "sh": opSh, "EI": opEI, "S": opS, "s": opSClose, "f": opF,
	"F": opFCompat, "f*": opFStar, "B": opB, "B*": opBStar, "b": opBClose, "b*": opBCloseStar, "BI": opBI}

// knownOp is an operator name with its opcode.
type knownOp struct {
	name string
	code opcode
}

// contentOps are the operators of ISO 32000-1 Annex A (and the CMap
// keywords the ToUnicode parser meets), shared so reading one allocates
// nothing.
var contentOps = map[string]knownOp{}

// opSlots is contentOps as a direct-mapped table (slotOf), read first: an
// operator per few bytes of content is too often to hash into a map. Only
// written by init, so concurrent checks may share it.
var opSlots [256]knownOp

func init() {
	for _, o := range strings.Fields(`b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs
		h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y
		' " begincmap endcmap begincodespacerange endcodespacerange beginbfchar endbfchar beginbfrange endbfrange
		begin end def findresource defineresource pop dict usecmap`) {
		k := knownOp{o, opcodeOf[o]}
		contentOps[o] = k
		if s := &opSlots[slotOf([]byte(o))]; s.name == "" {
			*s = k
		}
	}
}

// number parses the plain decimal numbers content streams are made of
// (PDF has no exponents) without allocating; ok is false for anything else.
func number(w []byte) (float64, bool) {
	i, neg := 0, false
	if len(w) > 0 && (w[0] == '-' || w[0] == '+') {
		neg, i = w[0] == '-', 1
	}
	if i == len(w) || len(w) > 18 {
		return 0, false
	}
	var ip, fp, scale float64 = 0, 0, 1
	digits, dot := 0, false
	for ; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			if dot {
				scale *= 10
				fp = fp*10 + float64(c-'0')
			} else {
				ip = ip*10 + float64(c-'0')
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	v := ip + fp/scale
	if neg {
		v = -v
	}
	return v, true
}

var (
	errEnd = errors.New("end of stream")            // clean end between tokens
	errEOF = errors.New("unexpected end of stream") // end inside a token
)

// next returns the next operand, or (isOp, keyword) for an operator.
func (l *lexer) next(depth int) (v operand, keyword string, err error) {
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
	if k := &opSlots[slotOf(wb)]; k.name != "" && k.name == string(wb) {
		l.code = k.code
		return v, k.name, nil
	}
	if k, ok := contentOps[string(wb)]; ok {
		l.code = k.code
		return v, k.name, nil
	}
	l.code = opOther
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
	l.code = opOther
	return v, word, nil
}

func boolNum(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func decodeName(s string) string {
	if !bytes.ContainsRune([]byte(s), '#') {
		return s
	}
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && i+2 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				out = append(out, byte(n))
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return string(out)
}

func (l *lexer) literal() (string, error) {
	l.i++ // (
	// Most strings have no escape and no nested parenthesis: they end at
	// the first ')' and are their bytes as written.
	rest := l.b[l.i:]
	if end := bytes.IndexByte(rest, ')'); end >= 0 {
		raw := rest[:end]
		if bytes.IndexByte(raw, '\\') < 0 && bytes.IndexByte(raw, '(') < 0 {
			l.i += end + 1
			if l.borrow && len(raw) > 0 {
				return unsafe.String(&raw[0], len(raw)), nil // valid while l.b is, as arena strings are
			}
			return string(raw), nil
		}
	}
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

func (l *lexer) hex() (string, error) {
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
func parseContent(b []byte) ([]op, error) {
	var ops []op
	err := scan(&lexer{b: b}, func(_ opcode, name string, args []operand) {
		ops = append(ops, op{name: name, args: append([]operand(nil), args...)})
	})
	return ops, err
}

// scanOps calls fn for each operator of a content stream in turn, as
// parseContent describes, without keeping them: a page's operators need not
// all be in memory at once. args is reused after fn returns, and the string
// operands' bytes with it: fn copies what it keeps. names, when not nil,
// interns names across streams (see lexer.name).
func scanOps(b []byte, names *internTable[string], fn func(code opcode, name string, args []operand)) error {
	return scan(&lexer{b: b, names: names, borrow: true}, fn)
}

// scanPage is scanOps reusing l's scratch space, which a page leaves for
// the next.
func (l *lexer) scanPage(b []byte, names *internTable[string], fn func(code opcode, name string, args []operand)) error {
	*l = lexer{b: b, names: names, borrow: true, scratch: l.scratch[:0], arena: l.arena[:0],
		dstack: l.dstack[:0], darena: l.darena[:0], astack: l.astack[:0], aarena: l.aarena[:0], args: l.args[:0]}
	return scan(l, fn)
}

func scan(l *lexer, fn func(code opcode, name string, args []operand)) error {
	args := l.args[:0]
	defer func() { l.args = args[:0] }()
	for {
		// The commonest tokens are read here; next reads the rest, and
		// reads these the same way.
		kw := ""
		l.skipSpace()
		if l.i < len(l.b) {
			switch c := l.b[l.i]; {
			case c == '/':
				l.i++
				args = append(args, operand{kind: kName, str: l.name()})
				continue
			case c == '(':
				s, err := l.literal()
				if err != nil {
					return err
				}
				args = append(args, operand{kind: kString, str: s})
				continue
			case charClass[c] == 0:
				start := l.i
				wb := l.regularBytes()
				if f, ok := number(wb); ok {
					args = append(args, operand{kind: kNum, num: f})
					continue
				}
				if k := &opSlots[slotOf(wb)]; k.name != "" && k.name == string(wb) {
					kw, l.code = k.name, k.code
				} else {
					l.i = start
				}
			}
		}
		if kw == "" {
			v, k, err := l.next(0)
			if err == errEnd {
				if len(args) > 0 {
					return fmt.Errorf("%d operands without an operator at end of stream", len(args))
				}
				return nil
			}
			if err != nil {
				return err
			}
			if k == "" {
				args = append(args, v)
				continue
			}
			kw = k
		}
		if l.code == opBI {
			img, err := l.inlineImage()
			if err != nil {
				return err
			}
			args = append(args[:0], img)
			fn(opEI, "EI", args)
			args = args[:0]
			l.release()
			continue
		}
		fn(l.code, kw, args)
		args = args[:0]
		l.release()
	}
}

func (l *lexer) inlineImage() (operand, error) {
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

func mayBeFloat(word string) bool {
	if word == "" {
		return false
	}
	switch c := word[0]; {
	case c == '+', c == '-', c == '.', c >= '0' && c <= '9':
		return true
	case c == 'i', c == 'I', c == 'n', c == 'N':
		return true
	}
	return false
}
