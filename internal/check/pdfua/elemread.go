package pdfua

import (
	"fmt"
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

// block hands out exactly sized empty slices carved from shared blocks:
// one allocation per few thousand elements' lists rather than one each. A
// slice that outgrows its capacity is copied elsewhere by append, so
// neighbours are never overwritten.
type block[T any] []T

func (b *block[T]) take(n int) []T {
	if n > len(*b) {
		*b = make([]T, max(n, 4096))
	}
	s := (*b)[:0:n]
	*b = (*b)[n:]
	return s
}

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

// kid is one entry of an element's /K: an MCID, a reference (whose
// generation number nothing reads), or (rare) any other object,
// kidObjs[n]. 16 bytes: the Document element of a long document has tens of
// thousands of kids, all on the stack at once.
type kid struct {
	n    int
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
	l, ok := c.quickObject(nr)
	if !ok || !hasPrefixAt(l.b, l.i, "<<") {
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

// quickObject finds object nr at a file offset, not cached, and returns a
// lexer at its first token, as parseIndirect would read it.
func (c *checker) quickObject(nr int) (*lexer, bool) {
	f := c.f
	if _, cached := f.cache.get(nr); cached || len(f.loading) > 0 {
		return nil, false
	}
	e, ok := f.xref.get(nr)
	if !ok || !e.used || e.inStm != 0 || e.off < 0 || e.off >= len(f.data) {
		return nil, false
	}
	l := &c.elemLexer
	*l = lexer{b: f.data, i: e.off, names: f.names, objs: &f.objs}
	n, ok1 := atoi(l.keyword())
	_, ok2 := atoi(l.keyword())
	if !ok1 || !ok2 || n != nr || string(l.keyword()) != "obj" {
		return nil, false
	}
	l.skipSpace()
	return l, true
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
		if bit == 0 || bit == keyPg {
			// /P, /Pg and the like: a reference read without boxing it.
			if n, isInt, isRef := l.intOrRef(); isInt {
				if bit == keyPg {
					q.pg, q.hasPg = 0, true
					if isRef {
						q.pg = n
					}
				}
				continue
			}
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
		more, ok := l.arrayNext()
		if !more {
			return ok
		}
		if !c.quickKid(l, 2) {
			return false
		}
	}
}

// intOrRef reads an integer or a reference, as parseObject would, without
// boxing it; isInt is false, with nothing read, for any other object.
func (l *lexer) intOrRef() (n int, isInt, isRef bool) {
	l.skipSpace()
	if l.i >= len(l.b) {
		return 0, false, false
	}
	if ch := l.b[l.i]; ch != '+' && ch != '-' && (ch < '0' || ch > '9') {
		return 0, false, false
	}
	start := l.i
	n, ok := atoi(l.regularBytes())
	if !ok {
		l.i = start
		return 0, false, false
	}
	_, isRef = l.refGen()
	return n, true, isRef
}

// quickKid reads one kid: an integer or a reference without boxing it, as
// parseObject reads them, or anything else through parseObject.
func (c *checker) quickKid(l *lexer, depth int) bool {
	if n, isInt, isRef := l.intOrRef(); isInt {
		kind := kidMCID
		if isRef {
			kind = kidRef
		}
		c.kidStack = append(c.kidStack, kid{n: n, kind: kind})
		return true
	}
	v, err := l.parseObject(depth)
	if err != nil {
		return false
	}
	c.kidStack = append(c.kidStack, kid{n: len(c.kidObjs)})
	c.kidObjs = append(c.kidObjs, v)
	return true
}

// refArray reads o, when it is a reference to an array of references and
// integers in the form readQuickElem takes objects in, as the object
// number of each entry (0 for an integer), into c.nums: a ParentTree
// array per page names every element with content there, and boxing each
// reference was most of what reading them allocated. ok is false when o
// is anything else; the caller then reads it the general way.
func (c *checker) refArray(o Object) (nums []int, ok bool) {
	r, isRef := o.(Ref)
	if !isRef || !quickElems {
		return nil, false
	}
	l, ok := c.quickObject(r.Num)
	if !ok || !hasPrefixAt(l.b, l.i, "[") {
		return nil, false
	}
	l.i++
	nums = c.nums[:0]
	defer func() { c.nums = nums[:0] }()
	for {
		more, ok := l.arrayNext()
		if !ok {
			return nil, false
		}
		if !more {
			break
		}
		n, isInt, isRef := l.intOrRef()
		if !isInt {
			return nil, false
		}
		if !isRef {
			n = 0
		}
		nums = append(nums, n)
	}
	save := l.i
	if string(l.keyword()) == "stream" {
		return nil, false
	}
	l.i = save
	return nums, true
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
	if mcids > 0 {
		e.mcrs = t.mcrBlock.take(mcids)
	}
	if others > 0 {
		e.kids = t.kidBlock.take(others)
	}
	// By index: the kids' own kids go on the stack above, which may move it.
	for i := q.kids; i < q.kidsEnd; i++ {
		switch k := c.kidStack[i]; k.kind {
		case kidMCID:
			e.mcrs = append(e.mcrs, mcr{page: e.page, mcid: k.n})
		case kidRef:
			c.loadRef(t, e, Ref{Num: k.n}, depth)
		default:
			c.loadKids(t, e, c.kidObjs[k.n], depth)
		}
	}
	return true
}
