package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

var disableConfigOnce sync.Once

// tagPDF appends an incremental update to fpdf's output that adds what fpdf
// cannot write: the structure tree and its ParentTree, the PDF/UA catalog
// entries, /StructParents and /Tabs on pages, indirect link annotations with
// /StructParent and /Contents, subset tags on font names and correct outline
// counts.
//
// pdfcpu reads fpdf's output and finds the objects to change; we write the
// increment ourselves. An increment (rather than a rewrite) keeps the output
// deterministic (pdfcpu's full writer stamps the time and reorders objects),
// and writing it directly keeps a 3,000-page document's hundreds of thousands
// of structure elements out of pdfcpu's generic dictionaries.
func tagPDF(raw []byte, r *renderer, w io.Writer) error {
	disableConfigOnce.Do(api.DisableConfigDir)
	// fpdf writes %PDF-1.3 (or 1.5); structure trees want 1.7. Same length,
	// so every offset stays valid.
	if len(raw) < 8 || !bytes.HasPrefix(raw, []byte("%PDF-1.")) {
		return errors.New("fpdf output has no PDF header")
	}
	raw[7] = '7'
	rp, err := readRawPDF(raw)
	if err != nil {
		return err
	}
	p := &post{xt: rp, changed: map[int]types.Object{}, next: rp.size, psNames: map[string]string{}}
	if err := p.orderImages(); err != nil {
		return fmt.Errorf("image order: %w", err)
	}
	for m, fam := range r.families {
		// fpdf names a UTF-8 font "utf8" + its lower-cased family
		p.psNames["utf8"+strings.ToLower(fam)] = m.psName
	}
	return p.run(r, w)
}

// lastStartXref reads the offset after the final "startxref".
// streamData returns the data of an uncompressed stream object as fpdf
// writes it: "<</Length n>>\nstream\n" data "\nendstream".
func streamData(obj []byte) ([]byte, bool) {
	i := bytes.Index(obj, []byte("stream\n"))
	j := bytes.LastIndex(obj, []byte("endstream"))
	if i < 0 || j < i+7 {
		return nil, false
	}
	d := obj[i+7 : j]
	d = bytes.TrimSuffix(d, []byte("\n"))
	return d, true
}

type zlibBuf struct {
	buf bytes.Buffer
	w   *zlib.Writer
}

func (z *zlibBuf) compress(b []byte) []byte {
	z.buf.Reset()
	if z.w == nil {
		z.w, _ = zlib.NewWriterLevel(&z.buf, zlib.BestSpeed)
	} else {
		z.w.Reset(&z.buf)
	}
	_, _ = z.w.Write(b)
	_ = z.w.Close()
	return z.buf.Bytes()
}

var zlibPool = sync.Pool{New: func() any { return &zlibBuf{} }}

// tocMarksOn finds a page's table-of-contents markers through an index:
// scanning every marker for every page was quadratic in the length of a
// long document.
func (r *renderer) tocMarksOn(page int) []tocMark {
	if r.tocByPage == nil {
		r.tocByPage = map[int][]tocMark{}
		for _, mk := range r.tocMarks {
			r.tocByPage[mk.page] = append(r.tocByPage[mk.page], mk)
		}
	}
	return r.tocByPage[page]
}

// fillTOCNumbers replaces the page's table-of-contents markers with the
// page numbers, right-aligned, in one pass over the page (a bytes.Replace
// per marker copied a contents page once for each of its entries). Digits
// are always in the font subset: every page number also appears in some
// page's footer.
func (r *renderer) fillTOCNumbers(page int, data []byte) []byte {
	marks := r.tocMarksOn(page)
	if len(marks) == 0 {
		return data
	}
	out := make([]byte, 0, len(data)+len(marks)*64)
	rest := data
	for _, mk := range marks {
		marker := "%TOC" + strconv.Itoa(mk.idx) + "\n"
		i := bytes.Index(rest, []byte(marker))
		if i < 0 {
			continue
		}
		out = append(out, rest[:i]...)
		rest = rest[i+len(marker):]
		num := "?"
		if mk.idx < len(r.headingPages) {
			num = strconv.Itoa(r.headingPages[mk.idx])
		}
		s := " " + num
		x := mk.right - mk.m.width(s, mk.size)
		out = append(out, "q "...)
		out = strconv.AppendFloat(out, float64(mk.colour.r)/255, 'f', 3, 64)
		out = append(out, ' ')
		out = strconv.AppendFloat(out, float64(mk.colour.g)/255, 'f', 3, 64)
		out = append(out, ' ')
		out = strconv.AppendFloat(out, float64(mk.colour.b)/255, 'f', 3, 64)
		out = append(out, " rg BT "...)
		out = strconv.AppendFloat(out, x, 'f', 2, 64)
		out = append(out, ' ')
		out = strconv.AppendFloat(out, r.ph-mk.baseline, 'f', 2, 64)
		out = append(out, " Td <"...)
		for _, c := range s {
			out = fmt.Appendf(out, "%04X", c)
		}
		out = append(out, "> Tj ET Q\n"...)
	}
	return append(out, rest...)
}

func lastStartXref(b []byte) (int64, error) {
	i := bytes.LastIndex(b, []byte("startxref"))
	if i < 0 {
		return 0, errors.New("no startxref")
	}
	f := strings.Fields(string(b[i+len("startxref") : min(len(b), i+len("startxref")+40)]))
	if len(f) == 0 {
		return 0, errors.New("no startxref offset")
	}
	return strconv.ParseInt(f[0], 10, 64)
}

type post struct {
	xt      *rawPDF
	psNames map[string]string    // fpdf's BaseFont → the font's PostScript name
	changed map[int]types.Object // fpdf's objects that we changed
	next    int                  // next free object number
	pages   []int                // object number of each page
	annots  [][]int              // object number of each page's annotations
}

func appendRef(dst []byte, n int) []byte {
	dst = strconv.AppendInt(dst, int64(n), 10)
	return append(dst, " 0 R"...)
}

// run writes the tagged file to w.
func (p *post) run(r *renderer, w io.Writer) error {
	tg := r.tg
	n := len(tg.owners)
	// new objects: annotations moved out of /Annots first, then elements,
	// the tree root, the per-page ParentTree arrays and the ParentTree.
	type newAnnot struct {
		d  types.Dict
		nr int
	}
	var annots []newAnnot
	nextKey := n
	var annotKeys [][]int
	pageDicts, pageNrs, err := p.pageList()
	if err != nil {
		return err
	}
	if len(pageDicts) != n {
		return fmt.Errorf("page tree holds %d pages, want %d", len(pageDicts), n)
	}
	for i := 1; i <= n; i++ {
		d, pnr := pageDicts[i-1], pageNrs[i-1]
		p.pages = append(p.pages, pnr)
		p.changed[pnr] = d
		d["StructParents"] = types.Integer(i - 1)
		d["Tabs"] = types.Name("S")
		var nrs, keys []int
		if a, ok := d["Annots"]; ok {
			arr, err := p.xt.array(a)
			if err != nil {
				return err
			}
			if len(arr) != len(tg.annots[i-1]) {
				return fmt.Errorf("page %d: %d annotations, %d tagged", i, len(arr), len(tg.annots[i-1]))
			}
			out := make(types.Array, len(arr))
			for k, o := range arr {
				ad, err := p.xt.dict(o)
				if err != nil {
					return err
				}
				ad["StructParent"] = types.Integer(nextKey)
				ad["Contents"] = textString(tg.annotAlt[i-1][k])
				ad["P"] = *types.NewIndirectRef(pnr, 0)
				ad["F"] = types.Integer(4) // print
				var anr int
				if oir, ok := o.(types.IndirectRef); ok {
					anr = oir.ObjectNumber.Value()
					p.changed[anr] = ad
				} else {
					anr = p.next
					p.next++
					annots = append(annots, newAnnot{ad, anr})
				}
				out[k] = *types.NewIndirectRef(anr, 0)
				nrs = append(nrs, anr)
				keys = append(keys, nextKey)
				nextKey++
			}
			d["Annots"] = out
		} else if len(tg.annots[i-1]) > 0 {
			return fmt.Errorf("page %d: no annotations, %d tagged", i, len(tg.annots[i-1]))
		}
		p.annots = append(p.annots, nrs)
		annotKeys = append(annotKeys, keys)
	}
	var order []*elem
	var collect func(e *elem)
	collect = func(e *elem) {
		e.nr = int32(len(order))
		order = append(order, e)
		for _, k := range e.kids {
			if k.e != nil {
				collect(k.e)
			}
		}
	}
	collect(tg.root)
	elemBase := p.next
	rootNr := elemBase + len(order)
	ptArrBase := rootNr + 1
	ptNr := ptArrBase + n
	p.next = ptNr + 1

	// catalog and other existing objects
	cat, err := p.xt.dict(*types.NewIndirectRef(p.xt.root, 0))
	if err != nil {
		return err
	}
	p.changed[p.xt.root] = cat
	cat["StructTreeRoot"] = *types.NewIndirectRef(rootNr, 0)
	cat["MarkInfo"] = types.Dict{"Marked": types.Boolean(true)}
	cat["ViewerPreferences"] = types.Dict{"DisplayDocTitle": types.Boolean(true)}
	if md := p.findMetadata(); md != nil {
		cat["Metadata"] = *md
	}
	if err := p.fixOutlines(cat); err != nil {
		return err
	}
	if err := p.subsetFontNames(); err != nil {
		return err
	}

	// Write the whole file again: fpdf's objects copied byte for byte
	// (except those we changed), page content compressed here with one
	// reused compressor (fpdf allocates a new 1 MB compressor per page), then
	// the new objects and one cross-reference table.
	contents := map[int]int{} // content stream object → page index
	isContent := map[int]bool{}
	for i, d := range pageDicts {
		if c, ok := d["Contents"].(types.IndirectRef); ok {
			contents[c.ObjectNumber.Value()] = i
			isContent[c.ObjectNumber.Value()] = true
		}
	}
	spans := p.xt.spans
	for nr := range p.changed {
		if _, ok := p.xt.byNr[nr]; !ok {
			return fmt.Errorf("changed object %d is not in the file", nr)
		}
	}
	root, info := p.xt.root, p.xt.info
	// out is set aside in chunks as it passes chunk bytes (written counts
	// what went before it, for the cross-reference offsets), and the
	// chunks go to w at the end, once the exact size is known: one
	// whole-file buffer built by appending, or a buffer written to piece by
	// piece, kept growing and copying, which for a long document cost a
	// tenth of this pass and held the old and the grown copy at once.
	const chunk = 256 << 10
	out := make([]byte, 0, chunk+chunk/4)
	var chunks [][]byte
	var written int64
	flush := func() {
		if len(out) < chunk {
			return
		}
		chunks = append(chunks, out)
		written += int64(len(out))
		out = make([]byte, 0, chunk+chunk/4)
	}
	offsets := make([]int64, p.next)
	obj := func(nr int) {
		flush()
		offsets[nr] = written + int64(len(out))
		out = strconv.AppendInt(out, int64(nr), 10)
		out = append(out, " 0 obj\n"...)
	}
	endobj := func() { out = append(out, "\nendobj\n"...) }
	out = append(out, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"...)
	zw := zlibPool.Get().(*zlibBuf)
	defer zlibPool.Put(zw)
	for si, sp := range spans {
		nr := sp.nr
		switch {
		case p.changed[nr] != nil:
			obj(nr)
			out = appendObject(out, p.changed[nr])
			endobj()
		case isContent[nr] && (!fpdfCompresses || len(r.tocMarksOn(contents[nr])) > 0):
			data, ok := streamData(p.xt.bytes(si))
			if !ok {
				return fmt.Errorf("object %d: cannot find the page content stream", nr)
			}
			if fpdfCompresses {
				zr, err := zlib.NewReader(bytes.NewReader(data))
				if err != nil {
					return fmt.Errorf("object %d: %w", nr, err)
				}
				if data, err = io.ReadAll(zr); err != nil {
					return fmt.Errorf("object %d: %w", nr, err)
				}
			}
			if contents[nr] == n-1 {
				// what markUsedRunes added for fpdf's font subsets only
				if k := bytes.LastIndex(data, []byte(runeMarker)); k >= 0 {
					data = data[:k]
				}
			}
			data = r.fillTOCNumbers(contents[nr], data)
			z := zw.compress(data)
			obj(nr)
			out = append(out, "<</Filter/FlateDecode/Length "...)
			out = strconv.AppendInt(out, int64(len(z)), 10)
			out = append(out, ">>\nstream\n"...)
			out = append(out, z...)
			out = append(out, "\nendstream"...)
			endobj()
		default:
			flush()
			offsets[nr] = written + int64(len(out))
			out = append(out, p.xt.bytes(si)...)
		}
	}
	// fpdf's file is copied: let it and its parsed objects go while the
	// structure tree is written.
	p.xt.raw, p.xt.cache, p.changed = nil, nil, nil
	for _, a := range annots {
		obj(a.nr)
		out = appendObject(out, a.d)
		endobj()
	}
	elemNr := func(e *elem) int { return elemBase + int(e.nr) }
	for _, e := range order {
		obj(elemNr(e))
		out = append(out, "<</Type/StructElem/S/"...)
		out = append(out, e.role...)
		out = append(out, "/P "...)
		if e.parent == nil {
			out = appendRef(out, rootNr)
		} else {
			out = appendRef(out, elemNr(e.parent))
		}
		if e.page >= 0 {
			out = append(out, "/Pg "...)
			out = appendRef(out, p.pages[e.page])
		}
		at := e.attrs()
		if at.alt != "" {
			out = append(out, "/Alt"...)
			out = appendTextString(out, at.alt)
		}
		if at.lang != "" {
			out = append(out, "/Lang"...)
			out = appendTextString(out, at.lang)
		}
		if at.id != "" {
			out = append(out, "/ID"...)
			out = appendTextString(out, at.id)
		}
		switch {
		case at.scope != "":
			out = append(out, "/A<</O/Table/Scope/"...)
			out = append(out, at.scope...)
			out = append(out, ">>"...)
		case at.listNumbering != "":
			out = append(out, "/A<</O/List/ListNumbering/"...)
			out = append(out, at.listNumbering...)
			out = append(out, ">>"...)
		case at.bbox != nil:
			out = append(out, "/A<</O/Layout/Placement/Block/BBox["...)
			for i, v := range at.bbox {
				if i > 0 {
					out = append(out, ' ')
				}
				out = strconv.AppendFloat(out, round2(v), 'f', -1, 64)
			}
			out = append(out, "]>>"...)
		}
		if len(e.kids) > 0 {
			out = append(out, "/K["...)
			for i, k := range e.kids {
				if i > 0 {
					out = append(out, ' ')
				}
				switch {
				case k.e != nil:
					out = appendRef(out, elemNr(k.e))
				case k.annot >= 0:
					out = append(out, "<</Type/OBJR/Obj "...)
					out = appendRef(out, p.annots[k.page][k.annot])
					out = append(out, "/Pg "...)
					out = appendRef(out, p.pages[k.page])
					out = append(out, ">>"...)
				case k.page == e.page:
					out = strconv.AppendInt(out, int64(k.mcid), 10)
				default:
					out = append(out, "<</Type/MCR/Pg "...)
					out = appendRef(out, p.pages[k.page])
					out = append(out, "/MCID "...)
					out = strconv.AppendInt(out, int64(k.mcid), 10)
					out = append(out, ">>"...)
				}
			}
			out = append(out, ']')
		}
		out = append(out, ">>"...)
		endobj()
	}
	obj(rootNr)
	out = append(out, "<</Type/StructTreeRoot/K "...)
	out = appendRef(out, elemNr(tg.root))
	out = append(out, "/ParentTree "...)
	out = appendRef(out, ptNr)
	out = append(out, "/ParentTreeNextKey "...)
	out = strconv.AppendInt(out, int64(nextKey), 10)
	out = append(out, ">>"...)
	endobj()
	for i := 0; i < n; i++ {
		obj(ptArrBase + i)
		out = append(out, '[')
		for m, e := range tg.owners[i] {
			if m > 0 {
				out = append(out, ' ')
			}
			out = appendRef(out, elemNr(e))
		}
		out = append(out, ']')
		endobj()
	}
	obj(ptNr)
	out = append(out, "<</Nums["...)
	for i := 0; i < n; i++ {
		out = strconv.AppendInt(out, int64(i), 10)
		out = append(out, ' ')
		out = appendRef(out, ptArrBase+i)
		out = append(out, ' ')
	}
	for i := 0; i < n; i++ {
		for k, key := range annotKeys[i] {
			out = strconv.AppendInt(out, int64(key), 10)
			out = append(out, ' ')
			out = appendRef(out, elemNr(tg.annots[i][k]))
			out = append(out, ' ')
		}
	}
	out = append(out, "]>>"...)
	endobj()

	flush()
	xref := written + int64(len(out))
	out = append(out, "xref\n0 "...)
	out = strconv.AppendInt(out, int64(p.next), 10)
	out = append(out, "\n0000000000 65535 f \n"...)
	var entry [20]byte
	for nr := 1; nr < p.next; nr++ {
		if offsets[nr] == 0 {
			out = append(out, "0000000000 65535 f \n"...)
			continue
		}
		b := strconv.AppendInt(entry[:0], offsets[nr], 10)
		for k := len(b); k < 10; k++ {
			out = append(out, '0')
		}
		out = append(out, b...)
		out = append(out, " 00000 n \n"...)
	}
	out = append(out, "trailer\n<</Size "...)
	out = strconv.AppendInt(out, int64(p.next), 10)
	out = append(out, "/Root "...)
	out = appendRef(out, root)
	if info != 0 {
		out = append(out, "/Info "...)
		out = appendRef(out, info)
	}
	out = append(out, ">>\nstartxref\n"...)
	out = strconv.AppendInt(out, xref, 10)
	out = append(out, "\n%%EOF\n"...)
	chunks = append(chunks, out)
	total := int(written) + len(out)
	if g, ok := w.(interface{ Grow(int) }); ok {
		g.Grow(total)
		for i, c := range chunks {
			if _, err := w.Write(c); err != nil {
				return err
			}
			chunks[i] = nil
		}
		return nil
	}
	// A writer that cannot be grown (an appending buffer grows by a quarter
	// at a time for big slices) gets the file in one Write.
	all := make([]byte, 0, total)
	for i, c := range chunks {
		all = append(all, c...)
		chunks[i] = nil
	}
	_, err = w.Write(all)
	return err
}

// pageList walks the page tree once. (pdfcpu's PageDict(i) walks it from
// the root on every call, which is quadratic in the page count.)
func (p *post) pageList() ([]types.Dict, []int, error) {
	cat, err := p.xt.dict(*types.NewIndirectRef(p.xt.root, 0))
	if err != nil {
		return nil, nil, err
	}
	var dicts []types.Dict
	var nrs []int
	var walk func(o types.Object, depth int) error
	walk = func(o types.Object, depth int) error {
		ir, ok := o.(types.IndirectRef)
		if !ok || depth > 32 {
			return errors.New("malformed page tree")
		}
		d, err := p.xt.dict(ir)
		if err != nil || d == nil {
			return fmt.Errorf("page tree object %d: %v", ir.ObjectNumber.Value(), err)
		}
		if t := d.Type(); t != nil && *t == "Pages" {
			kids, err := p.xt.array(d["Kids"])
			if err != nil {
				return err
			}
			for _, k := range kids {
				if err := walk(k, depth+1); err != nil {
					return err
				}
			}
			return nil
		}
		dicts = append(dicts, d)
		nrs = append(nrs, ir.ObjectNumber.Value())
		return nil
	}
	if err := walk(cat["Pages"], 0); err != nil {
		return nil, nil, err
	}
	return dicts, nrs, nil
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// findMetadata finds fpdf's XMP stream, which fpdf writes but never
// references from the catalog.
func (p *post) findMetadata() *types.IndirectRef {
	for _, nr := range p.xt.objectsContaining("/Metadata") {
		if d, err := p.xt.dict(*types.NewIndirectRef(nr, 0)); err == nil {
			if t := d.Type(); t != nil && *t == "Metadata" {
				return types.NewIndirectRef(nr, 0)
			}
		}
	}
	return nil
}

// fixOutlines sets /Count on every outline item with children (fpdf writes
// 0, which strict validators reject) and on the outline root.
func (p *post) fixOutlines(cat types.Dict) error {
	o, ok := cat["Outlines"]
	if !ok {
		return nil
	}
	rootIR, ok := o.(types.IndirectRef)
	if !ok {
		return nil
	}
	var count func(first types.Object, depth int) (int, error)
	count = func(first types.Object, depth int) (int, error) {
		if depth > 64 {
			return 0, errors.New("outline too deep")
		}
		total := 0
		for cur := first; cur != nil; {
			ir, ok := cur.(types.IndirectRef)
			if !ok {
				break
			}
			d, err := p.xt.dict(ir)
			if err != nil || d == nil {
				return 0, err
			}
			total++
			if f, ok := d["First"]; ok {
				c, err := count(f, depth+1)
				if err != nil {
					return 0, err
				}
				d["Count"] = types.Integer(c)
				p.changed[ir.ObjectNumber.Value()] = d
				total += c
			}
			next, ok := d["Next"]
			if !ok {
				break
			}
			cur = next
		}
		return total, nil
	}
	rd, err := p.xt.dict(rootIR)
	if err != nil || rd == nil {
		return err
	}
	if f, ok := rd["First"]; ok {
		c, err := count(f, 0)
		if err != nil {
			return err
		}
		rd["Count"] = types.Integer(c)
		p.changed[rootIR.ObjectNumber.Value()] = rd
	}
	return nil
}

// subsetFontNames adds the six-letter subset tag fpdf leaves out, derived from
// the embedded font program so it is stable across runs.
func (p *post) subsetFontNames() error {
	for _, nr := range p.xt.objectsContaining("/Type0") {
		d, err := p.xt.dict(*types.NewIndirectRef(nr, 0))
		if err != nil || d.Type() == nil || *d.Type() != "Font" || d.Subtype() == nil || *d.Subtype() != "Type0" {
			continue
		}
		base := d.NameEntry("BaseFont")
		if base == nil || strings.Contains(*base, "+") {
			continue
		}
		df, err := p.xt.array(d["DescendantFonts"])
		if err != nil || len(df) == 0 {
			continue
		}
		cidIR, ok := df[0].(types.IndirectRef)
		if !ok {
			continue
		}
		cid, err := p.xt.dict(cidIR)
		if err != nil || cid == nil {
			continue
		}
		fdIR, ok := cid["FontDescriptor"].(types.IndirectRef)
		if !ok {
			continue
		}
		fd, err := p.xt.dict(fdIR)
		if err != nil || fd == nil {
			continue
		}
		h := fnv.New64a()
		h.Write([]byte(*base))
		if ff, ok := fd["FontFile2"].(types.IndirectRef); ok {
			if i, ok := p.xt.byNr[ff.ObjectNumber.Value()]; ok {
				h.Write(p.xt.bytes(i))
			}
		}
		sum := h.Sum64()
		tag := make([]byte, 6)
		for i := range tag {
			tag[i] = byte('A' + sum%26)
			sum /= 26
		}
		ps := *base
		if nice, ok := p.psNames[ps]; ok && nice != "" {
			ps = nice
		}
		name := string(tag) + "+" + ps
		d["BaseFont"] = types.Name(name)
		cid["BaseFont"] = types.Name(name)
		fd["FontName"] = types.Name(name)
		p.changed[nr] = d
		p.changed[cidIR.ObjectNumber.Value()] = cid
		p.changed[fdIR.ObjectNumber.Value()] = fd
	}
	return nil
}

// textString encodes a PDF text string for pdfcpu's dictionaries (see
// appendTextString).
func textString(s string) types.Object {
	if printableASCII(s) {
		return types.StringLiteral(appendEscaped(make([]byte, 0, len(s)+8), s))
	}
	b := appendUTF16Hex(make([]byte, 0, 4+4*len(s)), s)
	return types.HexLiteral(b[1 : len(b)-1])
}

// appendTextString appends s as a PDF text string, in one pass: a literal
// string for printable ASCII, else UTF-16BE with a byte-order mark as a hex
// string. (pdfcpu's types.Escape grows a buffer a byte at a time and its
// result is copied twice more on the way into the file.)
func appendTextString(dst []byte, s string) []byte {
	if printableASCII(s) {
		dst = append(dst, '(')
		dst = appendEscaped(dst, s)
		return append(dst, ')')
	}
	return appendUTF16Hex(dst, s)
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// appendEscaped escapes the three characters a literal string cannot hold
// as they are; s is printable ASCII.
func appendEscaped(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c == '(' || c == ')' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', c)
			start = i + 1
		}
	}
	return append(dst, s[start:]...)
}

func appendUTF16Hex(dst []byte, s string) []byte {
	const digits = "0123456789ABCDEF"
	dst = append(dst, "<FEFF"...)
	for _, c := range s {
		if c >= 0x10000 {
			hi, lo := utf16.EncodeRune(c)
			dst = append(dst, digits[hi>>12], digits[hi>>8&15], digits[hi>>4&15], digits[hi&15])
			c = lo
		}
		dst = append(dst, digits[c>>12], digits[c>>8&15], digits[c>>4&15], digits[c&15])
	}
	return append(dst, '>')
}

// appendObject appends o exactly as pdfcpu's PDFString writes it (keys
// sorted, the same spacing), without its Sprintf per entry and the string
// joins: serialising the changed page and annotation dictionaries of a long
// document that way was a tenth of the writer's time.
func appendObject(dst []byte, o types.Object) []byte {
	switch v := o.(type) {
	case nil:
		return append(dst, "null"...)
	case types.Dict:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		dst = append(dst, "<<"...)
		for _, k := range keys {
			dst = append(dst, '/')
			dst = append(dst, types.EncodeName(k)...)
			switch e := v[k].(type) {
			case nil, types.IndirectRef, types.Integer, types.Float, types.Boolean:
				dst = append(dst, ' ')
				dst = appendObject(dst, e)
			case types.Dict, types.Array, types.Name, types.StringLiteral, types.HexLiteral:
				dst = appendObject(dst, e)
			default:
				dst = append(dst, e.PDFString()...)
			}
		}
		return append(dst, ">>"...)
	case types.Array:
		dst = append(dst, '[')
		for i, e := range v {
			switch e.(type) {
			case nil, types.IndirectRef, types.Integer, types.Float, types.Boolean, types.StringLiteral, types.HexLiteral:
				if i > 0 {
					dst = append(dst, ' ')
				}
			}
			dst = appendObject(dst, e)
		}
		return append(dst, ']')
	case types.Name:
		dst = append(dst, '/')
		if v == "" {
			return append(dst, ' ')
		}
		return append(dst, types.EncodeName(string(v))...)
	case types.Integer:
		return strconv.AppendInt(dst, int64(v), 10)
	case types.Float:
		return strconv.AppendFloat(dst, float64(v), 'f', 12, 64)
	case types.Boolean:
		return strconv.AppendBool(dst, bool(v))
	case types.IndirectRef:
		dst = strconv.AppendInt(dst, int64(v.ObjectNumber), 10)
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, int64(v.GenerationNumber), 10)
		return append(dst, " R"...)
	case types.StringLiteral:
		dst = append(dst, '(')
		dst = append(dst, v...)
		return append(dst, ')')
	case types.HexLiteral:
		dst = append(dst, '<')
		dst = append(dst, v...)
		return append(dst, '>')
	}
	return append(dst, o.PDFString()...)
}
