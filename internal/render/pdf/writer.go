package pdf

import (
	"bufio"
	"compress/zlib"
	"crypto/md5"
	"fmt"
	"hash"
	"io"
	"strconv"
	"sync"

	"github.com/altformats/altformats/internal/doc"
)

// canvas is what the layout draws on, one page at a time: the few
// operations it needs, in its own units (points, y down from the top of the
// page). The PDF writer (pdfWriter) is the only implementation; the layout
// never sees a PDF object.
type canvas interface {
	newPage()
	raw(s string) // marked-content and text-state operators
	text(x, baseline float64, s string, m *metrics, size float64, c rgb)
	lineWidth(w float64)
	strokeColour(c rgb)
	fillColour(c rgb)
	multiply(on bool) // multiply blending for fills painted after their text
	line(x1, y1, x2, y2 float64)
	rect(x, y, w, h float64, stroke bool)
	addImage(img *doc.Image) (*imageRes, error)
	image(img *imageRes, x, y, w, h float64)
	// links: a target made before its place is known, placed later
	newTarget() int
	placeTarget(t int, y float64)
	link(x, y, w, h float64, target int, contents string)
	linkURL(x, y, w, h float64, url, contents string)
	bookmark(title string, level int, y float64)
	// laterText shows text that only the end of the document knows (a
	// contents entry's page number) at this point of the page's content:
	// text is called then, and gives the text and where it starts.
	laterText(baseline float64, m *metrics, size float64, c rgb, text func() (x float64, s string))
	// pageCount draws the document's page count, and suffix, at x.
	pageCount(x, baseline float64, suffix string, m *metrics, size float64, c rgb)
}

// pdfWriter writes a PDF's objects straight to the output as they are
// finished: a page's content stream is compressed and written when the page
// ends, images when first drawn; what needs the whole document (fonts, the
// structure tree, annotations, outlines, the page tree) follows the last
// page, then the cross-reference table.
type pdfWriter struct {
	out     *bufio.Writer
	sum     hash.Hash // of every byte written, for the file identifier
	written int64
	err     error
	offsets []int64 // by object number; object 0 is the free list head
	buf     []byte  // an object's bytes, reused
	zw      *zlibBuf

	pw, ph                  float64
	catalogNr, pagesNr, res int
	countNr                 int // the page-count form, 0 until used

	pages   []pageRec
	cur     *pageState
	held    []*heldPage
	fonts   []*fontRes
	fontOf  map[*metrics]*fontRes
	images  []*imageRes
	targets []target
	annots  [][]*annotRec // per page
	outline []outlineRec
	blend   bool // the Multiply graphics state is used
	count   *countText
}

type pageRec struct{ nr, contents int }

type target struct {
	page int // 0-based; -1 until placed
	y    float64
}

type annotRec struct {
	nr       int
	rect     [4]float64
	target   int // -1 for a URI
	url      string
	contents string
}

type outlineRec struct {
	title string
	level int
	page  int
	y     float64
}

// pageState is the page being drawn: its content and the graphics state
// the content has set, so an operator is written only when it changes.
type pageState struct {
	data           []byte
	font           *fontRes
	size           float64
	fill, stroke   rgb
	fillOK, strkOK bool
	lw             float64
	later          []laterSlot
}

type laterSlot struct {
	at   int
	fill func(dst []byte) []byte
}

// heldPage is a page whose content waits for the end of the document.
type heldPage struct {
	nr    int
	data  []byte
	later []laterSlot
}

type countText struct {
	baseline, size float64
	suffix         string
	m              *metrics
	c              rgb
}

func newPDFWriter(w io.Writer, pw, ph float64) *pdfWriter {
	p := &pdfWriter{out: bufio.NewWriterSize(w, 64<<10), sum: md5.New(), pw: pw, ph: ph,
		fontOf: map[*metrics]*fontRes{}, offsets: make([]int64, 1, 64)}
	p.catalogNr, p.pagesNr, p.res = p.alloc(), p.alloc(), p.alloc()
	p.write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))
	return p
}

func (p *pdfWriter) write(b []byte) {
	if p.err != nil {
		return
	}
	p.sum.Write(b)
	n, err := p.out.Write(b)
	p.written += int64(n)
	p.err = err
}

// alloc reserves an object number.
func (p *pdfWriter) alloc() int {
	p.offsets = append(p.offsets, 0)
	return len(p.offsets) - 1
}

// put writes object nr with body as its value.
func (p *pdfWriter) put(nr int, body []byte) {
	p.offsets[nr] = p.written
	var head [24]byte
	h := strconv.AppendInt(head[:0], int64(nr), 10)
	p.write(append(h, " 0 obj\n"...))
	p.write(body)
	p.write([]byte("\nendobj\n"))
}

// putStream writes a stream object: dict holds the entries besides /Length
// and /Filter; data is Flate-compressed when compress is set.
func (p *pdfWriter) putStream(nr int, dict string, data []byte, compress bool) {
	if compress {
		if p.zw == nil {
			p.zw = zlibPool.Get().(*zlibBuf)
		}
		data = p.zw.compress(data)
	}
	b := p.buf[:0]
	b = append(b, "<<"...)
	b = append(b, dict...)
	if compress {
		b = append(b, "/Filter/FlateDecode"...)
	}
	b = append(b, "/Length "...)
	b = strconv.AppendInt(b, int64(len(data)), 10)
	b = append(b, ">>\nstream\n"...)
	p.offsets[nr] = p.written
	var head [24]byte
	h := strconv.AppendInt(head[:0], int64(nr), 10)
	p.write(append(h, " 0 obj\n"...))
	p.write(b)
	p.write(data)
	p.write([]byte("\nendstream\nendobj\n"))
	p.buf = b
}

// ---- pages ----

func (p *pdfWriter) newPage() {
	p.endPage()
	nr := p.alloc()
	p.pages = append(p.pages, pageRec{nr: nr, contents: p.alloc()})
	p.annots = append(p.annots, nil)
	data := []byte(nil)
	if p.cur != nil {
		data = p.cur.data[:0]
	}
	p.cur = &pageState{data: data}
}

// endPage writes the finished page: its content at once (unless part of it
// waits for the end), then its dictionary.
func (p *pdfWriter) endPage() {
	if p.cur == nil {
		return
	}
	i := len(p.pages) - 1
	pg := p.pages[i]
	if len(p.cur.later) > 0 {
		p.held = append(p.held, &heldPage{nr: pg.contents, data: p.cur.data, later: p.cur.later})
		p.cur.data = nil
	} else {
		p.putStream(pg.contents, "", p.cur.data, true)
	}
	b := p.buf[:0]
	b = append(b, "<</Type/Page/Parent "...)
	b = appendRef(b, p.pagesNr)
	b = append(b, "/Resources "...)
	b = appendRef(b, p.res)
	b = append(b, "/Contents "...)
	b = appendRef(b, pg.contents)
	b = append(b, "/StructParents "...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, "/Tabs/S"...)
	if len(p.annots[i]) > 0 {
		b = append(b, "/Annots["...)
		for k, a := range p.annots[i] {
			if k > 0 {
				b = append(b, ' ')
			}
			b = appendRef(b, a.nr)
		}
		b = append(b, ']')
	}
	b = append(b, ">>"...)
	p.buf = b
	p.put(pg.nr, b)
	p.cur.later = nil
}

func (p *pdfWriter) raw(s string) { p.cur.data = append(p.cur.data, s...) }

func appendNum(b []byte, v float64) []byte { return strconv.AppendFloat(b, v, 'f', 2, 64) }

// appendColour writes c as a fill ("rg"/"g") or stroke ("RG"/"G") colour.
func appendColour(b []byte, c rgb, stroke bool) []byte {
	comp := func(v int) float64 { return float64(min(max(v, 0), 255)) / 255 }
	if c.r == c.g && c.g == c.b {
		b = strconv.AppendFloat(b, comp(c.r), 'f', 3, 64)
		if stroke {
			return append(b, " G\n"...)
		}
		return append(b, " g\n"...)
	}
	for i, v := range [3]int{c.r, c.g, c.b} {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendFloat(b, comp(v), 'f', 3, 64)
	}
	if stroke {
		return append(b, " RG\n"...)
	}
	return append(b, " rg\n"...)
}

func (p *pdfWriter) fillColour(c rgb) {
	s := p.cur
	if !s.fillOK || s.fill != c {
		s.data = appendColour(s.data, c, false)
		s.fill, s.fillOK = c, true
	}
}

func (p *pdfWriter) strokeColour(c rgb) {
	s := p.cur
	if !s.strkOK || s.stroke != c {
		s.data = appendColour(s.data, c, true)
		s.stroke, s.strkOK = c, true
	}
}

func (p *pdfWriter) lineWidth(w float64) {
	if p.cur.lw != w {
		p.cur.data = append(appendNum(p.cur.data, w), " w\n"...)
		p.cur.lw = w
	}
}

func (p *pdfWriter) multiply(on bool) {
	p.blend = true
	if on {
		p.raw("/GSm gs\n")
	} else {
		p.raw("/GSn gs\n")
	}
}

func (p *pdfWriter) line(x1, y1, x2, y2 float64) {
	b := p.cur.data
	b = appendNum(b, x1)
	b = append(b, ' ')
	b = appendNum(b, p.ph-y1)
	b = append(b, " m "...)
	b = appendNum(b, x2)
	b = append(b, ' ')
	b = appendNum(b, p.ph-y2)
	p.cur.data = append(b, " l S\n"...)
}

func (p *pdfWriter) rect(x, y, w, h float64, stroke bool) {
	b := p.cur.data
	b = appendNum(b, x)
	b = append(b, ' ')
	b = appendNum(b, p.ph-y)
	b = append(b, ' ')
	b = appendNum(b, w)
	b = append(b, ' ')
	b = appendNum(b, -h)
	if stroke {
		b = append(b, " re S\n"...)
	} else {
		b = append(b, " re f\n"...)
	}
	p.cur.data = b
}

// text shows s with its characters as two-byte codes equal to their code
// points (the fonts are Identity-H with a CIDToGIDMap), in a literal string.
// The layout only gives characters of the Basic Multilingual Plane that m
// has (faceFor); any other is skipped rather than drawn as a wrong glyph.
func (p *pdfWriter) text(x, baseline float64, s string, m *metrics, size float64, c rgb) {
	if s == "" {
		return
	}
	f := p.font(m)
	p.fillColour(c)
	st := p.cur
	b := append(st.data, "BT "...)
	if st.font != f || st.size != size {
		b = append(b, "/F"...)
		b = strconv.AppendInt(b, int64(f.id), 10)
		b = append(b, ' ')
		b = appendNum(b, size)
		b = append(b, " Tf "...)
		st.font, st.size = f, size
	}
	b = appendNum(b, x)
	b = append(b, ' ')
	b = appendNum(b, p.ph-baseline)
	b = append(b, " Td ("...)
	b = f.appendShow(b, s)
	st.data = append(b, ") Tj ET\n"...)
}

// appendShow marks s's characters used and appends them as a literal
// string's content.
func (f *fontRes) appendShow(b []byte, s string) []byte {
	for _, c := range s {
		if c >= 0x10000 || c < 0 {
			continue
		}
		f.used[c>>6] |= 1 << (uint(c) & 63)
		b = appendEscapedByte(b, byte(c>>8))
		b = appendEscapedByte(b, byte(c))
	}
	return b
}

// appendEscapedByte escapes a byte of a literal string.
func appendEscapedByte(b []byte, c byte) []byte {
	switch c {
	case '\\', '(', ')':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	}
	return append(b, c)
}

// textOps is a self-contained text object (its own colour and font, inside
// q/Q), for content written after the page's state has moved on.
func (p *pdfWriter) textOps(b []byte, x, baseline float64, s string, m *metrics, size float64, c rgb) []byte {
	f := p.font(m)
	b = append(b, "q "...)
	b = appendColour(b, c, false)
	b = append(b, "BT /F"...)
	b = strconv.AppendInt(b, int64(f.id), 10)
	b = append(b, ' ')
	b = appendNum(b, size)
	b = append(b, " Tf "...)
	b = appendNum(b, x)
	b = append(b, ' ')
	b = appendNum(b, p.ph-baseline)
	b = append(b, " Td ("...)
	b = f.appendShow(b, s)
	return append(b, ") Tj ET Q\n"...)
}

func (p *pdfWriter) laterText(baseline float64, m *metrics, size float64, c rgb, text func() (x float64, s string)) {
	p.font(m)
	p.cur.later = append(p.cur.later, laterSlot{at: len(p.cur.data), fill: func(dst []byte) []byte {
		x, s := text()
		return p.textOps(dst, x, baseline, s, m, size, c)
	}})
}

// pageCount draws a form XObject that the end of the document fills with
// the page count: every page's footer shows it, but pages are written
// before the count is known.
func (p *pdfWriter) pageCount(x, baseline float64, suffix string, m *metrics, size float64, c rgb) {
	if p.count == nil {
		p.countNr = p.alloc()
		p.count = &countText{baseline: baseline, size: size, suffix: suffix, m: m, c: c}
		p.font(m)
	}
	b := append(p.cur.data, "q 1 0 0 1 "...)
	b = appendNum(b, x)
	b = append(b, " 0 cm /NB Do Q\n"...)
	p.cur.data = b
}

// ---- links and outlines ----

func (p *pdfWriter) newTarget() int {
	p.targets = append(p.targets, target{page: -1})
	return len(p.targets) - 1
}

func (p *pdfWriter) placeTarget(t int, y float64) {
	if t >= 0 && t < len(p.targets) {
		p.targets[t] = target{page: len(p.pages) - 1, y: y}
	}
}

func (p *pdfWriter) addAnnot(a *annotRec, x, y, w, h float64) {
	a.nr = p.alloc()
	a.rect = [4]float64{x, p.ph - (y + h), x + w, p.ph - y}
	i := len(p.pages) - 1
	p.annots[i] = append(p.annots[i], a)
}

func (p *pdfWriter) link(x, y, w, h float64, t int, contents string) {
	p.addAnnot(&annotRec{target: t, contents: contents}, x, y, w, h)
}

func (p *pdfWriter) linkURL(x, y, w, h float64, url, contents string) {
	p.addAnnot(&annotRec{target: -1, url: url, contents: contents}, x, y, w, h)
}

func (p *pdfWriter) bookmark(title string, level int, y float64) {
	p.outline = append(p.outline, outlineRec{title: title, level: level, page: len(p.pages) - 1, y: y})
}

// appendDest writes an explicit destination: the page, at y, zoom kept.
func (p *pdfWriter) appendDest(b []byte, page int, y float64) []byte {
	if page < 0 || page >= len(p.pages) {
		page, y = 0, 0
	}
	b = append(b, '[')
	b = appendRef(b, p.pages[page].nr)
	b = append(b, "/XYZ 0 "...)
	b = appendNum(b, p.ph-y)
	return append(b, " null]"...)
}

func appendRef(dst []byte, n int) []byte {
	dst = strconv.AppendInt(dst, int64(n), 10)
	return append(dst, " 0 R"...)
}

// ---- the end of the document ----

// docInfo is what the catalog and the Info dictionary say about the
// document.
type docInfo struct {
	lang                                  string
	title, author, subject, keywords, gen string
	date                                  string // D:YYYYMMDDHHmmSS
	xmp                                   []byte
	structRoot                            int // 0 when there is none
}

// finish writes everything that needed the whole document, then the
// cross-reference table and the trailer. writeTree writes the structure
// tree with its root as object root.
func (p *pdfWriter) finish(info docInfo, writeTree func(p *pdfWriter, root int)) error {
	defer func() {
		if p.zw != nil {
			zlibPool.Put(p.zw)
			p.zw = nil
		}
	}()
	p.endPage()
	p.cur = nil
	for _, h := range p.held {
		data := make([]byte, 0, len(h.data)+len(h.later)*96)
		at := 0
		for _, s := range h.later {
			data = append(data, h.data[at:s.at]...)
			data = s.fill(data)
			at = s.at
		}
		data = append(data, h.data[at:]...)
		p.putStream(h.nr, "", data, true)
	}
	p.held = nil
	p.writeCount()
	p.writeAnnots()
	outlines := p.writeOutlines()
	p.writeFonts()
	p.writeImagesAndResources()
	p.writePageTree()
	info.structRoot = p.alloc()
	p.writeCatalog(info, outlines)
	writeTree(p, info.structRoot)
	return p.writeTrailer(p.writeInfo(info))
}

func (p *pdfWriter) writeCount() {
	if p.count == nil {
		return
	}
	ct := p.count
	s := strconv.Itoa(len(p.pages)) + ct.suffix
	data := p.textOps(nil, 0, ct.baseline, s, ct.m, ct.size, ct.c)
	b := "/Type/XObject/Subtype/Form/BBox[0 0 " + string(appendNum(nil, p.pw)) + " " + string(appendNum(nil, p.ph)) +
		"]/Resources " + strconv.Itoa(p.res) + " 0 R"
	p.putStream(p.countNr, b, data, false)
}

func (p *pdfWriter) writeAnnots() {
	key := len(p.pages)
	for i, as := range p.annots {
		for _, a := range as {
			b := p.buf[:0]
			b = append(b, "<</Type/Annot/Subtype/Link/Rect["...)
			for k, v := range a.rect {
				if k > 0 {
					b = append(b, ' ')
				}
				b = appendNum(b, v)
			}
			b = append(b, "]/Border[0 0 0]/F 4/P "...)
			b = appendRef(b, p.pages[i].nr)
			b = append(b, "/StructParent "...)
			b = strconv.AppendInt(b, int64(key), 10)
			key++
			b = append(b, "/Contents"...)
			b = appendTextString(b, a.contents)
			if a.target >= 0 && a.target < len(p.targets) {
				t := p.targets[a.target]
				b = append(b, "/Dest"...)
				b = p.appendDest(b, t.page, t.y)
			} else {
				b = append(b, "/A<</S/URI/URI"...)
				b = appendPDFString(b, a.url)
				b = append(b, ">>"...)
			}
			b = append(b, ">>"...)
			p.buf = b
			p.put(a.nr, b)
		}
	}
}

// appendPDFString writes bytes (a URI: 7-bit by definition, but written
// whatever it holds) as a literal string, escaped.
func appendPDFString(b []byte, s string) []byte {
	b = append(b, '(')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || c == '(' || c == ')':
			b = append(b, '\\', c)
		case c < 0x20 || c > 0x7e:
			b = append(b, '\\', '0'+c>>6, '0'+c>>3&7, '0'+c&7)
		default:
			b = append(b, c)
		}
	}
	return append(b, ')')
}

// writeOutlines writes the outline tree (levels step down by at most one,
// as the layout gives them) with every item open, and returns the root's
// object number, 0 when there are none.
func (p *pdfWriter) writeOutlines() int {
	n := len(p.outline)
	if n == 0 {
		return 0
	}
	root := p.alloc()
	nrs := make([]int, n)
	for i := range nrs {
		nrs[i] = p.alloc()
	}
	parent := make([]int, n) // index, -1 for the root
	prev, next, first, last := make([]int, n), make([]int, n), make([]int, n), make([]int, n)
	count := make([]int, n)
	for i := range n {
		prev[i], next[i], first[i], last[i] = -1, -1, -1, -1
	}
	var stack []int // the open item at each level
	var rootFirst, rootLast = -1, -1
	for i, o := range p.outline {
		lv := min(max(o.level, 0), len(stack))
		stack = stack[:lv]
		par := -1
		if lv > 0 {
			par = stack[lv-1]
		}
		parent[i] = par
		if par < 0 {
			if rootLast >= 0 {
				next[rootLast], prev[i] = i, rootLast
			} else {
				rootFirst = i
			}
			rootLast = i
		} else {
			if last[par] >= 0 {
				next[last[par]], prev[i] = i, last[par]
			} else {
				first[par] = i
			}
			last[par] = i
		}
		for a := par; a >= 0; a = parent[a] {
			count[a]++
		}
		stack = append(stack, i)
	}
	ref := func(b []byte, key string, i int) []byte {
		if i < 0 {
			return b
		}
		b = append(b, key...)
		return appendRef(b, nrs[i])
	}
	for i, o := range p.outline {
		b := p.buf[:0]
		b = append(b, "<</Title"...)
		b = appendTextString(b, o.title)
		b = append(b, "/Parent "...)
		if parent[i] < 0 {
			b = appendRef(b, root)
		} else {
			b = appendRef(b, nrs[parent[i]])
		}
		b = ref(b, "/Prev ", prev[i])
		b = ref(b, "/Next ", next[i])
		b = ref(b, "/First ", first[i])
		b = ref(b, "/Last ", last[i])
		if count[i] > 0 {
			b = append(b, "/Count "...)
			b = strconv.AppendInt(b, int64(count[i]), 10)
		}
		b = append(b, "/Dest"...)
		b = p.appendDest(b, o.page, o.y)
		b = append(b, ">>"...)
		p.buf = b
		p.put(nrs[i], b)
	}
	b := p.buf[:0]
	b = append(b, "<</Type/Outlines/First "...)
	b = appendRef(b, nrs[rootFirst])
	b = append(b, "/Last "...)
	b = appendRef(b, nrs[rootLast])
	b = append(b, "/Count "...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, ">>"...)
	p.buf = b
	p.put(root, b)
	return root
}

func (p *pdfWriter) writeImagesAndResources() {
	b := p.buf[:0]
	b = append(b, "<</ProcSet[/PDF/Text/ImageB/ImageC/ImageI]"...)
	if len(p.fonts) > 0 {
		b = append(b, "/Font<<"...)
		for _, f := range p.fonts {
			b = append(b, "/F"...)
			b = strconv.AppendInt(b, int64(f.id), 10)
			b = append(b, ' ')
			b = appendRef(b, f.nr)
		}
		b = append(b, ">>"...)
	}
	if len(p.images) > 0 || p.count != nil {
		b = append(b, "/XObject<<"...)
		for _, im := range p.images {
			b = append(b, '/')
			b = append(b, im.name...)
			b = append(b, ' ')
			b = appendRef(b, im.nr)
		}
		if p.count != nil {
			b = append(b, "/NB "...)
			b = appendRef(b, p.countNr)
		}
		b = append(b, ">>"...)
	}
	if p.blend {
		b = append(b, "/ExtGState<</GSm<</Type/ExtGState/BM/Multiply/ca 1/CA 1>>/GSn<</Type/ExtGState/BM/Normal/ca 1/CA 1>>>>"...)
	}
	b = append(b, ">>"...)
	p.buf = b
	p.put(p.res, b)
}

func (p *pdfWriter) writePageTree() {
	b := p.buf[:0]
	b = append(b, "<</Type/Pages/MediaBox [0 0 "...)
	b = appendNum(b, p.pw)
	b = append(b, ' ')
	b = appendNum(b, p.ph)
	b = append(b, "]/Count "...)
	b = strconv.AppendInt(b, int64(len(p.pages)), 10)
	b = append(b, "/Kids["...)
	for i, pg := range p.pages {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendRef(b, pg.nr)
	}
	b = append(b, "]>>"...)
	p.buf = b
	p.put(p.pagesNr, b)
}

func (p *pdfWriter) writeCatalog(info docInfo, outlines int) {
	var meta int
	if len(info.xmp) > 0 {
		meta = p.alloc()
		p.putStream(meta, "/Type/Metadata/Subtype/XML", info.xmp, false)
	}
	b := p.buf[:0]
	b = append(b, "<</Type/Catalog/Pages "...)
	b = appendRef(b, p.pagesNr)
	if outlines > 0 {
		b = append(b, "/Outlines "...)
		b = appendRef(b, outlines)
		b = append(b, "/PageMode/UseOutlines"...)
	}
	if info.lang != "" {
		b = append(b, "/Lang"...)
		b = appendTextString(b, info.lang)
	}
	b = append(b, "/MarkInfo<</Marked true>>/ViewerPreferences<</DisplayDocTitle true>>"...)
	if meta > 0 {
		b = append(b, "/Metadata "...)
		b = appendRef(b, meta)
	}
	if info.structRoot > 0 {
		b = append(b, "/StructTreeRoot "...)
		b = appendRef(b, info.structRoot)
	}
	b = append(b, ">>"...)
	p.buf = b
	p.put(p.catalogNr, b)
}

func (p *pdfWriter) writeInfo(info docInfo) int {
	nr := p.alloc()
	b := p.buf[:0]
	b = append(b, "<<"...)
	for _, kv := range [][2]string{{"Title", info.title}, {"Author", info.author}, {"Subject", info.subject},
		{"Keywords", info.keywords}, {"Creator", info.gen}, {"Producer", info.gen},
		{"CreationDate", info.date}, {"ModDate", info.date}} {
		if kv[1] == "" {
			continue
		}
		b = append(b, '/')
		b = append(b, kv[0]...)
		b = appendTextString(b, kv[1])
	}
	b = append(b, ">>"...)
	p.buf = b
	p.put(nr, b)
	return nr
}

func (p *pdfWriter) writeTrailer(info int) error {
	xref := p.written
	b := p.buf[:0]
	b = append(b, "xref\n0 "...)
	b = strconv.AppendInt(b, int64(len(p.offsets)), 10)
	b = append(b, "\n0000000000 65535 f \n"...)
	var entry [20]byte
	for nr := 1; nr < len(p.offsets); nr++ {
		if p.offsets[nr] == 0 {
			b = append(b, "0000000000 65535 f \n"...)
			continue
		}
		e := strconv.AppendInt(entry[:0], p.offsets[nr], 10)
		for k := len(e); k < 10; k++ {
			b = append(b, '0')
		}
		b = append(b, e...)
		b = append(b, " 00000 n \n"...)
		if len(b) >= 64<<10 {
			// a long document has half a million objects: the table goes
			// out in pieces rather than as one 10 MB buffer
			p.write(b)
			b = b[:0]
		}
	}
	// The identifier is a digest of the file so far: the same document
	// gives the same bytes, and a changed one a new identifier.
	id := fmt.Sprintf("%X", p.sum.Sum(nil))
	b = append(b, "trailer\n<</Size "...)
	b = strconv.AppendInt(b, int64(len(p.offsets)), 10)
	b = append(b, "/Root "...)
	b = appendRef(b, p.catalogNr)
	b = append(b, "/Info "...)
	b = appendRef(b, info)
	b = append(b, "/ID[<"+id+"><"+id+">]>>\nstartxref\n"...)
	b = strconv.AppendInt(b, xref, 10)
	b = append(b, "\n%%EOF\n"...)
	p.write(b)
	if p.err != nil {
		return p.err
	}
	for nr := 1; nr < len(p.offsets); nr++ {
		if p.offsets[nr] == 0 {
			return fmt.Errorf("object %d was reserved but never written", nr)
		}
	}
	return p.out.Flush()
}

type zlibBuf struct {
	buf []byte
	w   *zlib.Writer
	bw  sliceWriter
}

type sliceWriter struct{ b *[]byte }

func (s sliceWriter) Write(p []byte) (int, error) {
	*s.b = append(*s.b, p...)
	return len(p), nil
}

// compress deflates b into a buffer reused for the next call.
func (z *zlibBuf) compress(b []byte) []byte {
	z.buf = z.buf[:0]
	z.bw.b = &z.buf
	if z.w == nil {
		z.w, _ = zlib.NewWriterLevel(z.bw, zlib.BestSpeed)
	} else {
		z.w.Reset(z.bw)
	}
	_, _ = z.w.Write(b)
	_ = z.w.Close()
	return z.buf
}

// One compressor per render, reused: zlib's writer allocates about 1 MB.
var zlibPool = sync.Pool{New: func() any { return &zlibBuf{} }}
