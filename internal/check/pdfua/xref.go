package pdfua

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
)

// xrefEntry says where object n lives: at a byte offset of the file
// (inStm == 0), or as the idx-th object of object stream inStm.
type xrefEntry struct {
	off     int
	inStm   int32 // 32 bits (see inStream): 24 bytes an entry, not 40
	idx     int32
	used    bool // false: a free entry
	defined bool // the cross-reference data names the number at all
}

// inStream is the entry of the idx-th object of object stream stm. A
// number no object can have (negative, or past maxObjectNumber) becomes -1,
// which names no stream either; an index past 32 bits becomes -1, which
// load treats as the out-of-range index it was (it looks the number up).
func inStream(stm, idx int) xrefEntry {
	if stm < 0 || stm > maxObjectNumber {
		stm = -1
	}
	if idx < 0 || idx > 1<<31-1 {
		idx = -1
	}
	return xrefEntry{inStm: int32(stm), idx: int32(idx), used: true}
}

// xrefTable finds the entry of an object number: a slice for the numbers
// a file of its size plausibly uses (they are dense, counted from 1), a map
// beyond, since a writer may pick any number and a few hostile bytes could
// name object 8,000,000. A map for all 166,000 objects of seed ×1000 cost
// more to fill than the objects it led to cost to parse.
type xrefTable struct {
	dense  []xrefEntry
	sparse map[int]xrefEntry
	count  int // defined entries
}

func (t *xrefTable) get(n int) (xrefEntry, bool) {
	if n >= 0 && n < len(t.dense) && t.dense[n].defined {
		return t.dense[n], true
	}
	e, ok := t.sparse[n]
	return e, ok
}

// reserve makes room for numbers below n at once, when a file of size
// bytes can hold that many objects (a table row alone is 20 bytes).
func (t *xrefTable) reserve(n, size int) {
	if n > len(t.dense) && n <= size/16 && n <= maxObjectNumber {
		t.dense = slices.Grow(t.dense, n-len(t.dense))
		t.dense = t.dense[:cap(t.dense)]
	}
}

// put defines n, replacing what was there.
func (t *xrefTable) put(n int, e xrefEntry) {
	e.defined = true
	if _, ok := t.get(n); !ok {
		t.count++
	}
	if n >= 0 && (n < len(t.dense) || n <= 2*t.count+4096) {
		if n >= len(t.dense) {
			t.dense = slices.Grow(t.dense, n+1-len(t.dense))
			t.dense = t.dense[:cap(t.dense)]
		}
		t.dense[n] = e
		delete(t.sparse, n)
		return
	}
	if t.sparse == nil {
		t.sparse = map[int]xrefEntry{}
	}
	t.sparse[n] = e
}

// numbers lists the defined object numbers in ascending order.
func (t *xrefTable) numbers() []int {
	out := make([]int, 0, t.count)
	for n, e := range t.dense {
		if e.defined {
			out = append(out, n)
		}
	}
	var rest []int
	for n := range t.sparse {
		rest = append(rest, n)
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// byNumber maps object numbers to values, zero when unset: a slice for the
// numbers below limit (those xrefTable keeps in its slice), a map beyond.
type byNumber[T comparable] struct {
	limit  int
	dense  []T
	sparse map[int]T
}

func newByNumber[T comparable](f *pdfFile) *byNumber[T] {
	return &byNumber[T]{limit: len(f.xref.dense)}
}

func (m *byNumber[T]) get(n int) T {
	if n >= 0 && n < len(m.dense) {
		return m.dense[n]
	}
	return m.sparse[n]
}

func (m *byNumber[T]) set(n int, v T) {
	if n >= 0 && n < m.limit {
		if m.dense == nil {
			m.dense = make([]T, m.limit)
		}
		m.dense[n] = v
		return
	}
	if m.sparse == nil {
		m.sparse = map[int]T{}
	}
	m.sparse[n] = v
}

// objCache holds the objects get has read, by number, as xrefTable does.
type objCache struct {
	dense  []cacheSlot
	sparse map[int]Object
	// sparseOnly keeps everything in sparse: for the few objects read
	// once the cache has been dropped (dropForRead).
	sparseOnly bool
}

type cacheSlot struct {
	v  Object
	ok bool
}

func (c *objCache) get(n int) (Object, bool) {
	if n >= 0 && n < len(c.dense) {
		return c.dense[n].v, c.dense[n].ok
	}
	v, ok := c.sparse[n]
	return v, ok
}

func (c *objCache) put(n int, v Object, denseUpTo int) {
	if n >= 0 && n < denseUpTo && !c.sparseOnly {
		if len(c.dense) < denseUpTo {
			c.dense = append(c.dense, make([]cacheSlot, denseUpTo-len(c.dense))...)
		}
		c.dense[n] = cacheSlot{v, true}
		return
	}
	if c.sparse == nil {
		c.sparse = map[int]Object{}
	}
	c.sparse[n] = v
}

// pdfFile is a PDF opened for lazy reading: objects are parsed on first use
// and kept, apart from content streams, which the checker decodes one page
// at a time.
type pdfFile struct {
	data    []byte
	xref    xrefTable
	trailer Dict

	cache   objCache
	loading []int // objects being parsed, innermost last: a /Length pointing back at its own stream is cyclic
	objStms map[int]*objStm
	stmLRU  []int // object streams kept decoded, oldest first

	zr    io.ReadCloser        // the flate reader, reused (Reset) for every stream
	zstd  io.ReadCloser        // compress/zlib's reader, for damaged streams (inflateStd)
	names *internTable[string] // names met so far (see lexer.name)
	objs  objScratch           // see parseObject
	tmp   *bytes.Buffer        // see decodeTemp
}

// objStm is a decoded object stream: its data and each object's offset.
type objStm struct {
	data  []byte
	nums  []int
	offs  []int
	first int
}

// maxObjStmsKept bounds how many decoded object streams stay in memory;
// objects are read mostly in order, so a few suffice.
const maxObjStmsKept = 4

// maxObjectNumber refuses absurd object numbers in cross-reference data
// before they size anything.
const maxObjectNumber = 1 << 23

// openPDF reads the cross-reference data of pdf. A damaged or missing
// cross-reference section is rebuilt by scanning the file for "N G obj", as
// viewers do; an error means no catalog could be found either way.
func openPDF(data []byte) (*pdfFile, error) {
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return nil, errors.New("not a PDF file (no %PDF- header)")
	}
	f := &pdfFile{data: data}
	f.reset()
	xrefErr := f.readXref()
	if xrefErr == nil {
		if _, ok := f.get(f.trailer.get("Root")).(Dict); ok {
			f.objs.refLimit = len(f.xref.dense)
			return f, nil
		}
		xrefErr = errors.New("trailer /Root is not a dictionary")
	}
	f.reset()
	if err := f.reconstruct(); err != nil {
		return nil, fmt.Errorf("cross-reference data unusable (%v) and the file cannot be rebuilt: %w", xrefErr, err)
	}
	f.objs.refLimit = len(f.xref.dense)
	return f, nil
}

func (f *pdfFile) reset() {
	f.xref = xrefTable{}
	f.trailer = Dict{}
	f.cache = objCache{}
	f.loading = f.loading[:0]
	f.objStms = map[int]*objStm{}
	f.stmLRU = nil
	f.names = &internTable[string]{}
	f.objs = objScratch{}
}

// readXref follows startxref and every /Prev (and hybrid /XRefStm) section;
// the newest definition of each object wins.
func (f *pdfFile) readXref() error {
	i := bytes.LastIndex(f.data, []byte("startxref"))
	if i < 0 {
		return errors.New("no startxref")
	}
	l := &lexer{b: f.data, i: i + len("startxref")}
	l.skipSpace()
	off, ok := atoi(l.regularBytes())
	if !ok || off < 0 || off >= len(f.data) {
		return fmt.Errorf("startxref offset is not inside the file")
	}
	seen := map[int]bool{}
	for n := 0; ; n++ {
		if seen[off] || n > 1000 {
			return errors.New("cross-reference sections form a loop")
		}
		seen[off] = true
		tr, err := f.readSection(off, seen)
		if err != nil {
			return err
		}
		// Newer sections come first and win; within one, a key written
		// twice keeps its last value.
		for i := len(tr) - 1; i >= 0; i-- {
			if k := tr[i].Key; !f.trailer.has(k) && k != "Prev" && k != "XRefStm" {
				f.trailer = append(f.trailer, tr[i])
			}
		}
		prev, ok := tr.get("Prev").(Integer)
		if !ok {
			break
		}
		off = int(prev)
		if off < 0 || off >= len(f.data) {
			return errors.New("/Prev offset is not inside the file")
		}
	}
	if _, ok := f.trailer.lookup("Encrypt"); ok {
		return errEncrypted
	}
	return nil
}

var errEncrypted = errors.New("the file is encrypted")

// readSection reads one cross-reference table (with its trailer) or stream
// at off and returns its trailer dictionary.
func (f *pdfFile) readSection(off int, seen map[int]bool) (Dict, error) {
	l := &lexer{b: f.data, i: off, objs: &f.objs}
	l.skipSpace()
	if hasPrefixAt(f.data, l.i, "xref") {
		l.i += 4
		return f.readTable(l, seen)
	}
	return f.readXrefStream(off)
}

func (f *pdfFile) setEntry(n int, e xrefEntry) {
	// A file cannot hold more objects than it has bytes: a bound on the
	// table, so a few compressed bytes cannot ask for millions of entries.
	if n <= 0 || n > maxObjectNumber || f.xref.count > len(f.data) {
		return
	}
	if _, ok := f.xref.get(n); !ok {
		f.xref.put(n, e)
	}
}

func (f *pdfFile) readTable(l *lexer, seen map[int]bool) (Dict, error) {
	// Read twice: first to find the trailer, which may name an /XRefStm
	// whose entries come before the table's; then to set the entries.
	rows := l.i
	top := 0
	if err := scanTable(l, func(n int, _ xrefEntry) { top = max(top, n+1) }); err != nil {
		return nil, err
	}
	f.xref.reserve(top, len(f.data))
	tr, err := l.parseObject(0)
	if err != nil {
		return nil, fmt.Errorf("trailer: %w", err)
	}
	d, ok := tr.(Dict)
	if !ok {
		return nil, errors.New("trailer is not a dictionary")
	}
	// A hybrid file lists its compressed objects in /XRefStm and marks them
	// free in the table: the stream's entries come first.
	if x, ok := d.get("XRefStm").(Integer); ok && int(x) > 0 && int(x) < len(f.data) && !seen[int(x)] {
		seen[int(x)] = true
		if _, err := f.readXrefStream(int(x)); err != nil {
			return nil, fmt.Errorf("/XRefStm: %w", err)
		}
	}
	end := l.i
	l.i = rows
	if err := scanTable(l, func(n int, e xrefEntry) {
		if n == 0 && !e.used {
			return
		}
		f.setEntry(n, e)
	}); err != nil {
		return nil, err
	}
	l.i = end
	return d, nil
}

// scanTable reads a cross-reference table's subsections up to its trailer
// keyword, passing each entry to fn.
func scanTable(l *lexer, fn func(n int, e xrefEntry)) error {
	for {
		l.skipSpace()
		if hasPrefixAt(l.b, l.i, "trailer") {
			l.i += len("trailer")
			return nil
		}
		start, ok1 := atoi(l.keyword())
		count, ok2 := atoi(l.keyword())
		if !ok1 || !ok2 || start < 0 || count < 0 || count > maxObjectNumber {
			return fmt.Errorf("cross-reference table: bad subsection header near byte %d", l.i)
		}
		for k := 0; k < count; k++ {
			if o, typ, ok := l.tableRow(); ok {
				fn(start+k, xrefEntry{off: o, used: typ == 'n'})
				continue
			}
			o, ok1 := atoi(l.keyword())
			_, ok2 := atoi(l.keyword())
			typ := l.keyword()
			if !ok1 || !ok2 || len(typ) != 1 || (typ[0] != 'n' && typ[0] != 'f') {
				return fmt.Errorf("cross-reference table: bad entry near byte %d", l.i)
			}
			fn(start+k, xrefEntry{off: o, used: typ[0] == 'n'})
		}
	}
}

// tableRow reads a cross-reference table row in its standard form,
// "oooooooooo ggggg n" after white space, as the three keywords the general
// path reads would (a table of seed ×1000 has 180,000 rows, read twice);
// ok is false, with nothing read, for any other form.
func (l *lexer) tableRow() (off int, typ byte, ok bool) {
	j := l.i
	for j < len(l.b) && isWhite(l.b[j]) {
		j++
	}
	const rowLen = 18 // without its end of line
	if j+rowLen > len(l.b) {
		return 0, 0, false
	}
	r := l.b[j : j+rowLen]
	if r[10] != ' ' || r[16] != ' ' || (r[17] != 'n' && r[17] != 'f') {
		return 0, 0, false
	}
	if j+rowLen < len(l.b) && !isWhite(l.b[j+rowLen]) && !isDelim(l.b[j+rowLen]) {
		return 0, 0, false
	}
	for k, c := range r[:16] {
		if k != 10 && (c < '0' || c > '9') {
			return 0, 0, false
		}
	}
	off, _ = atoi(r[:10])
	l.i = j + rowLen
	return off, r[17], true
}

// readXrefStream reads a cross-reference stream (PDF 1.5) at off.
func (f *pdfFile) readXrefStream(off int) (Dict, error) {
	_, o, err := f.parseIndirect(off)
	if err != nil {
		return nil, fmt.Errorf("cross-reference stream: %w", err)
	}
	s, ok := o.(*Stream)
	if !ok || s.Dict.typ() != "XRef" {
		return nil, errors.New("startxref points at neither a table nor a cross-reference stream")
	}
	data, err := f.decode(s)
	if err != nil {
		return nil, fmt.Errorf("cross-reference stream: %w", err)
	}
	w, _ := s.Dict.get("W").(Array)
	if len(w) < 3 {
		return nil, errors.New("cross-reference stream: /W is not an array of three")
	}
	var ws [3]int
	rowLen := 0
	for k := 0; k < 3; k++ {
		n, ok := w[k].(Integer)
		if !ok || n < 0 || n > 8 {
			return nil, errors.New("cross-reference stream: bad /W")
		}
		ws[k] = int(n)
		rowLen += int(n)
	}
	if rowLen == 0 {
		return nil, errors.New("cross-reference stream: /W is all zero")
	}
	size, _ := s.Dict.get("Size").(Integer)
	f.xref.reserve(int(size), len(f.data))
	index := Array{Integer(0), size}
	if a, ok := s.Dict.get("Index").(Array); ok {
		index = a
	}
	pos := 0
	for k := 0; k+1 < len(index); k += 2 {
		start, ok1 := index[k].(Integer)
		count, ok2 := index[k+1].(Integer)
		if !ok1 || !ok2 || start < 0 || count < 0 || count > maxObjectNumber {
			return nil, errors.New("cross-reference stream: bad /Index")
		}
		for j := 0; j < int(count); j++ {
			if pos+rowLen > len(data) {
				return s.Dict, nil // short data: keep what is there
			}
			var field [3]int
			for m := 0; m < 3; m++ {
				for b := 0; b < ws[m]; b++ {
					field[m] = field[m]<<8 | int(data[pos])
					pos++
				}
			}
			typ := 1
			if ws[0] > 0 {
				typ = field[0]
			}
			n := int(start) + j
			switch typ {
			case 0:
				f.setEntry(n, xrefEntry{})
			case 1:
				f.setEntry(n, xrefEntry{off: field[1], used: true})
			case 2:
				f.setEntry(n, inStream(field[1], field[2]))
			}
		}
	}
	return s.Dict, nil
}

// reconstruct rebuilds the cross-reference data by scanning for "N G obj"
// (the last definition of a number wins, as after incremental updates) and
// finds the catalog through a trailer or a cross-reference stream's
// dictionary, or failing that an object of /Type /Catalog.
func (f *pdfFile) reconstruct() error {
	d := f.data
	var stms []int
	for i := 0; ; {
		j := bytes.Index(d[i:], []byte("obj"))
		if j < 0 {
			break
		}
		j += i
		i = j + 3
		if j+3 < len(d) && !isWhite(d[j+3]) && !isDelim(d[j+3]) {
			continue // "objx": part of a longer word
		}
		// Back over " G " and "N".
		k := j - 1
		if k < 0 || !isWhite(d[k]) {
			continue
		}
		for k >= 0 && isWhite(d[k]) {
			k--
		}
		ge := k + 1
		for k >= 0 && d[k] >= '0' && d[k] <= '9' {
			k--
		}
		if k+1 == ge || k < 0 || !isWhite(d[k]) {
			continue
		}
		for k >= 0 && isWhite(d[k]) {
			k--
		}
		ne := k + 1
		for k >= 0 && d[k] >= '0' && d[k] <= '9' {
			k--
		}
		if k+1 == ne || (k >= 0 && !isWhite(d[k]) && !isDelim(d[k])) {
			continue
		}
		n, ok := atoi(string(d[k+1 : ne]))
		if !ok || n <= 0 || n > maxObjectNumber {
			continue
		}
		f.xref.put(n, xrefEntry{off: k + 1, used: true})
	}
	// Trailers, newest last.
	for i := 0; ; {
		j := bytes.Index(d[i:], []byte("trailer"))
		if j < 0 {
			break
		}
		j += i
		i = j + len("trailer")
		l := &lexer{b: d, i: i, objs: &f.objs}
		if tr, err := l.parseObject(0); err == nil {
			if td, ok := tr.(Dict); ok {
				f.trailer = append(f.trailer, td...) // later ones win: lookup takes the last
			}
		}
	}
	nums := f.xref.numbers()
	for _, n := range nums {
		s, ok := f.get(Ref{Num: n}).(*Stream)
		if !ok {
			continue
		}
		switch s.Dict.typ() {
		case "XRef":
			for _, k := range []string{"Root", "Info", "ID", "Encrypt"} {
				if v, ok := s.Dict.lookup(k); ok {
					if !f.trailer.has(k) {
						f.trailer = append(f.trailer, DictEntry{k, v})
					}
				}
			}
		case "ObjStm":
			stms = append(stms, n)
		}
	}
	for _, n := range stms {
		os, err := f.objStm(n)
		if err != nil {
			continue
		}
		for idx, m := range os.nums {
			if _, ok := f.xref.get(m); !ok && m > 0 && m <= maxObjectNumber {
				f.xref.put(m, inStream(n, idx))
			}
		}
	}
	if _, ok := f.trailer.lookup("Encrypt"); ok {
		return errEncrypted
	}
	if _, ok := f.get(f.trailer.get("Root")).(Dict); ok {
		return nil
	}
	for _, n := range nums {
		if d, ok := f.get(Ref{Num: n}).(Dict); ok && d.typ() == "Catalog" {
			f.trailer = append(f.trailer, DictEntry{"Root", Ref{Num: n}})
			return nil
		}
	}
	return errors.New("no document catalog found")
}

// get resolves o: a Ref becomes the object it names (nil when missing or
// unreadable, as PDF says of references to nothing); anything else is
// returned as it is.
func (f *pdfFile) get(o Object) Object {
	r, ok := o.(Ref)
	if !ok {
		return o
	}
	if v, ok := f.cache.get(r.Num); ok {
		return v
	}
	// What is cached must not live in the transient arenas (a /Length
	// read while a transient object is parsed).
	saved := f.objs.transient
	f.objs.transient = false
	v := f.getOnce(r)
	f.objs.transient = saved
	f.cache.put(r.Num, v, len(f.xref.dense))
	return v
}

// getTransient is getOnce with the dictionaries and arrays of an object
// not yet cached parsed into the transient arenas (see objScratch): the
// caller takes f.objs.mark() before and releases it once done with the
// object, copying out (durable) what it keeps.
func (f *pdfFile) getTransient(o Object) Object {
	f.objs.transient = true
	v := f.getOnce(o)
	f.objs.transient = false
	return v
}

// getOnce is get for objects read once: one already cached is returned, one
// not yet read is parsed and not cached.
func (f *pdfFile) getOnce(o Object) Object {
	r, ok := o.(Ref)
	if !ok {
		return o
	}
	if v, ok := f.cache.get(r.Num); ok {
		return v
	}
	for _, n := range f.loading {
		if n == r.Num {
			return nil // a /Length naming its own stream, or the like
		}
	}
	if len(f.loading) > maxObjectNesting {
		return nil
	}
	f.loading = append(f.loading, r.Num)
	v, _ := f.load(r.Num)
	f.loading = f.loading[:len(f.loading)-1]
	if _, isRef := v.(Ref); isRef {
		v = nil // an object that is only a reference: not followed, so no chains or loops
	}
	return v
}

// load parses object n wherever the cross-reference data says it is.
func (f *pdfFile) load(n int) (Object, error) {
	e, ok := f.xref.get(n)
	if !ok || !e.used {
		return nil, nil
	}
	if e.inStm != 0 {
		os, err := f.objStm(int(e.inStm))
		if err != nil {
			return nil, err
		}
		idx := int(e.idx)
		if idx < 0 || idx >= len(os.offs) || os.nums[idx] != n {
			// Some writers get idx wrong: look the number up instead.
			idx = -1
			for k, m := range os.nums {
				if m == n {
					idx = k
				}
			}
			if idx < 0 {
				return nil, fmt.Errorf("object %d not in object stream %d", n, e.inStm)
			}
		}
		l := &lexer{b: os.data, i: os.first + os.offs[idx], names: f.names, objs: &f.objs}
		if l.i < 0 || l.i > len(os.data) {
			return nil, fmt.Errorf("object %d: offset outside its object stream", n)
		}
		return l.parseObject(0)
	}
	num, o, err := f.parseIndirect(e.off)
	if err != nil {
		return nil, err
	}
	if num != n {
		return nil, fmt.Errorf("object %d: offset %d holds object %d", n, e.off, num)
	}
	return o, nil
}

// parseIndirect parses "N G obj … endobj" at off, with its stream data when
// there is one.
func (f *pdfFile) parseIndirect(off int) (int, Object, error) {
	if off < 0 || off >= len(f.data) {
		return 0, nil, fmt.Errorf("offset %d is outside the file", off)
	}
	l := &lexer{b: f.data, i: off, names: f.names, objs: &f.objs}
	n, ok1 := atoi(l.keyword())
	_, ok2 := atoi(l.keyword())
	if !ok1 || !ok2 || string(l.keyword()) != "obj" {
		return 0, nil, fmt.Errorf("no \"N G obj\" at byte %d", off)
	}
	o, err := l.parseObject(0)
	if err != nil {
		return n, nil, fmt.Errorf("object %d: %w", n, err)
	}
	d, isDict := o.(Dict)
	if !isDict {
		return n, o, nil
	}
	save := l.i
	if string(l.keyword()) != "stream" {
		l.i = save
		return n, o, nil // o, not d: boxing d again would allocate
	}
	// The data starts after the end of line that follows "stream".
	if l.i < len(f.data) && f.data[l.i] == '\r' {
		l.i++
	}
	if l.i < len(f.data) && f.data[l.i] == '\n' {
		l.i++
	}
	start := l.i
	end := -1
	if length, ok := f.get(d.get("Length")).(Integer); ok && length >= 0 && start+int(length) <= len(f.data) {
		e := start + int(length)
		k := e
		for k < len(f.data) && isWhite(f.data[k]) {
			k++
		}
		if hasPrefixAt(f.data, k, "endstream") {
			end = e
		}
	}
	if end < 0 {
		// A wrong or missing /Length: the data ends before "endstream".
		k := bytes.Index(f.data[start:], []byte("endstream"))
		if k < 0 {
			return n, nil, fmt.Errorf("object %d: stream without endstream", n)
		}
		end = start + k
		if end > start && f.data[end-1] == '\n' {
			end--
		}
		if end > start && f.data[end-1] == '\r' {
			end--
		}
	}
	return n, &Stream{Dict: d, raw: f.data[start:end]}, nil
}

// objStm returns object stream n decoded, from a small cache.
func (f *pdfFile) objStm(n int) (*objStm, error) {
	if os, ok := f.objStms[n]; ok {
		return os, nil
	}
	e, ok := f.xref.get(n)
	if !ok || !e.used || e.inStm != 0 {
		return nil, fmt.Errorf("object stream %d is not a stream at a file offset", n)
	}
	_, o, err := f.parseIndirect(e.off)
	if err != nil {
		return nil, err
	}
	s, ok := o.(*Stream)
	if !ok {
		return nil, fmt.Errorf("object stream %d is not a stream", n)
	}
	data, err := f.decode(s)
	if err != nil {
		return nil, fmt.Errorf("object stream %d: %w", n, err)
	}
	count, _ := s.Dict.get("N").(Integer)
	first, _ := s.Dict.get("First").(Integer)
	if count < 0 || first < 0 || int(first) > len(data) || int(count) > len(data) {
		return nil, fmt.Errorf("object stream %d: bad /N or /First", n)
	}
	os := &objStm{data: data, first: int(first)}
	l := &lexer{b: data[:first]}
	for k := 0; k < int(count); k++ {
		num, ok1 := atoi(l.keyword())
		off, ok2 := atoi(l.keyword())
		if !ok1 || !ok2 || off < 0 {
			break
		}
		os.nums = append(os.nums, num)
		os.offs = append(os.offs, off)
	}
	f.objStms[n] = os
	f.stmLRU = append(f.stmLRU, n)
	if len(f.stmLRU) > maxObjStmsKept {
		delete(f.objStms, f.stmLRU[0])
		f.stmLRU = f.stmLRU[1:]
	}
	return os, nil
}
