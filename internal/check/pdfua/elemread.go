package pdfua

import (
	"fmt"
	"slices"
)

// A long document's structure tree is most of its objects (138,000 of the
// 180,000 in the large print of seed ×1000), and reading them through
// parseObject built a dictionary, a /K array and boxed references for each,
// only to keep a few fields. quickElem reads a structure element in its
// common form straight from the file's bytes instead: an indirect object at
// a file offset, a dictionary with each of the keys loadKids reads at most
// once. Anything else (a key written twice, /S or /Pg not given directly, a
// null, an MCR or OBJR, a stream, an object in an object stream or already
// cached, a syntax error) is left to the general path, which reads the
// object as it always has, so the tree and the findings are the same either
// way (TestQuickElemMatchesGeneral).

// quickElems turns the quick path on; tests turn it off to compare.
var quickElems = true

// quickElem is what loadKids needs of a structure element.
type quickElem struct {
	s     string
	pg    int // the object number /Pg names (0 when it names none)
	hasPg bool
	kept  Dict // the entries of elemKeys, copied out of the arenas
	// The /K kids are kidStack[kids:kidsEnd]; hasK says /K was there at
	// all (an empty array still counts a level of depth).
	kids, kidsEnd int
	objs          int // where its kids start in c.kidObjs
	hasK          bool
}

// popKids drops q's kids from the stacks.
func (c *checker) popKids(q quickElem) {
	clear(c.kidObjs[q.objs:])
	c.kidStack, c.kidObjs = c.kidStack[:q.kids], c.kidObjs[:q.objs]
}

// kid is one entry of an element's /K: an MCID, a reference, or (rare)
// any other object, kidObjs[n]. 16 bytes: the Document element of a long
// document has tens of thousands of kids, all on the stack at once.
type kid struct {
	n    int
	g    int32 // a reference's generation, which only needs to be there
	kind kidKind
}

type kidKind uint8

const (
	kidObject kidKind = iota
	kidMCID
	kidRef
)

// Keys of a structure element that quickElem reads, as bits.
const (
	keyType = 1 << iota
	keyS
	keyPg
	keyK
	keyAlt
	keyActualText
	keyLang
	keyID
	keyA
)

// readQuickElem reads object nr as a structure element in its common form;
// ok is false, with nothing changed but scratch space, when it is not in
// that form. The kids it finds are pushed on c.kidStack.
func (c *checker) readQuickElem(nr int) (q quickElem, ok bool) {
	f := c.f
	if !quickElems {
		return q, false
	}
	if _, cached := f.cache.get(nr); cached || len(f.loading) > 0 {
		return q, false
	}
	e, ok := f.xref.get(nr)
	if !ok || !e.used || e.inStm != 0 || e.off < 0 || e.off >= len(f.data) {
		return q, false
	}
	l := &c.elemLexer
	*l = lexer{b: f.data, i: e.off, names: f.names, objs: &f.objs}
	n, ok1 := atoi(l.keyword())
	_, ok2 := atoi(l.keyword())
	if !ok1 || !ok2 || n != nr || string(l.keyword()) != "obj" {
		return q, false
	}
	l.skipSpace()
	if !hasPrefixAt(l.b, l.i, "<<") {
		return q, false
	}
	l.i += 2
	q.kids, q.objs = len(c.kidStack), len(c.kidObjs)
	f.objs.transient = true
	ok = c.quickDict(l, &q)
	f.objs.transient = false
	if ok {
		// Not a stream: parseIndirect would make one.
		save := l.i
		ok = string(l.keyword()) != "stream"
		l.i = save
	}
	if !ok {
		c.popKids(q)
		return quickElem{}, false
	}
	q.kidsEnd = len(c.kidStack)
	return q, true
}

// quickDict reads the element's entries up to its ">>", as dictBody would
// at depth 0.
func (c *checker) quickDict(l *lexer, q *quickElem) bool {
	seen := 0
	for {
		l.skipSpace()
		if l.i >= len(l.b) {
			return false
		}
		if l.b[l.i] == '>' && l.i+1 < len(l.b) && l.b[l.i+1] == '>' {
			l.i += 2
			return true
		}
		if l.b[l.i] != '/' {
			return false
		}
		l.i++
		raw := l.regularBytes()
		bit, keep := 0, ""
		switch string(raw) {
		case "Type":
			bit = keyType
		case "S":
			bit = keyS
		case "Pg":
			bit = keyPg
		case "K":
			bit = keyK
		case "Alt":
			bit, keep = keyAlt, "Alt"
		case "ActualText":
			bit, keep = keyActualText, "ActualText"
		case "Lang":
			bit, keep = keyLang, "Lang"
		case "ID":
			bit, keep = keyID, "ID"
		case "A":
			bit, keep = keyA, "A"
		default:
			for _, b := range raw {
				if b == '#' {
					return false // a name with escapes may spell a key above
				}
			}
		}
		if seen&bit != 0 {
			return false // written twice
		}
		seen |= bit
		if bit == keyK {
			if !c.quickKids(l) {
				return false
			}
			q.hasK = true
			continue
		}
		v, err := l.parseObject(1)
		if err != nil {
			return false
		}
		switch bit {
		case 0: // a key loadKids does not read
			continue
		case keyType:
			if t, _ := v.(Name); t == "MCR" || t == "OBJR" {
				return false
			}
		case keyS:
			s, isName := v.(Name)
			if !isName {
				return false
			}
			q.s = string(s)
		case keyPg:
			if v == nil {
				return false
			}
			q.pg, q.hasPg = objNr(v), true
		default:
			if v == nil {
				return false
			}
			q.kept = append(q.kept, DictEntry{keep, durable(v)})
		}
	}
}

// quickKids reads /K's value, as parseObject would at depth 1 (its items at
// depth 2), onto c.kidStack.
func (c *checker) quickKids(l *lexer) bool {
	l.skipSpace()
	if l.i >= len(l.b) {
		return false
	}
	if l.b[l.i] != '[' {
		// A null /K is no /K, which loadKids does not count as a level.
		return c.quickKid(l, 1) && !(c.kidStack[len(c.kidStack)-1].kind == kidObject && c.kidObjs[len(c.kidObjs)-1] == nil)
	}
	l.i++
	for {
		l.skipSpace()
		if l.i >= len(l.b) {
			return false
		}
		if l.b[l.i] == ']' {
			l.i++
			return true
		}
		if !c.quickKid(l, 2) {
			return false
		}
	}
}

// quickKid reads one kid: an integer or a reference without boxing it, as
// parseObject reads them, or anything else through parseObject.
func (c *checker) quickKid(l *lexer, depth int) bool {
	if ch := l.b[l.i]; ch == '+' || ch == '-' || (ch >= '0' && ch <= '9') {
		start := l.i
		if n, ok := atoi(l.regularBytes()); ok {
			if g, ok := l.refGen(); ok {
				c.kidStack = append(c.kidStack, kid{n: n, g: int32(min(g, 1<<31-1)), kind: kidRef})
			} else {
				c.kidStack = append(c.kidStack, kid{n: n, kind: kidMCID})
			}
			return true
		}
		l.i = start
	}
	v, err := l.parseObject(depth)
	if err != nil {
		return false
	}
	c.kidStack = append(c.kidStack, kid{n: len(c.kidObjs)})
	c.kidObjs = append(c.kidObjs, v)
	return true
}

// loadQuickElem is loadKids for a reference to element nr when
// readQuickElem can read it; false, with nothing done, when it cannot.
func (c *checker) loadQuickElem(t *structTree, parent *elem, nr, depth int) bool {
	q, ok := c.readQuickElem(nr)
	if !ok {
		return false
	}
	defer c.popKids(q)
	if t.byObj.get(nr) != nil { // byObj holds every element read so far
		t.problems = append(t.problems, fmt.Sprintf("structure element %d 0 R is reached twice (shared or cyclic)", nr))
		return true
	}
	e := t.newElem()
	// Field by field: the slab is zeroed already.
	e.objNr, e.s, e.parent, e.page = nr, q.s, parent, parent.page
	if q.kept != nil {
		e.dict = q.kept
	}
	if e.s == "" {
		t.problems = append(t.problems, fmt.Sprintf("structure element %d 0 R has no /S", nr))
	}
	if q.hasPg {
		e.page = c.pageOf.get(q.pg)
	}
	e.role = t.resolve(e.s)
	parent.kids = append(parent.kids, e)
	t.all = append(t.all, e)
	t.byObj.set(nr, e)
	if !q.hasK {
		return true
	}
	depth++
	if depth > maxTreeDepth {
		t.problems = append(t.problems, fmt.Sprintf("structure tree deeper than %d", maxTreeDepth))
		return true
	}
	mcids, others := 0, 0
	for _, k := range c.kidStack[q.kids:q.kidsEnd] {
		if k.kind == kidMCID {
			mcids++
		} else {
			others++
		}
	}
	e.mcrs = slices.Grow(e.mcrs, mcids)
	e.kids = slices.Grow(e.kids, others)
	// By index: the kids' own kids go on the stack above, which may move it.
	for i := q.kids; i < q.kidsEnd; i++ {
		switch k := c.kidStack[i]; k.kind {
		case kidMCID:
			e.mcrs = append(e.mcrs, mcr{page: e.page, mcid: k.n})
		case kidRef:
			c.loadRef(t, e, Ref{Num: k.n, Gen: int(k.g)}, depth)
		default:
			c.loadKids(t, e, c.kidObjs[k.n], depth)
		}
	}
	return true
}
