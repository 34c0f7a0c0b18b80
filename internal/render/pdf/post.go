package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

var disableConfigOnce sync.Once

// tagPDF appends an incremental update to fpdf's output that adds what fpdf
// cannot write: the structure tree and its ParentTree, the PDF/UA catalog
// entries, /StructParents and /Tabs on pages, indirect link annotations with
// /StructParent and /Contents, subset tags on font names and correct outline
// counts. An increment (rather than a rewrite) keeps the output
// deterministic: pdfcpu's full writer stamps the time and reorders objects.
func tagPDF(raw []byte, r *renderer, w io.Writer) error {
	disableConfigOnce.Do(api.DisableConfigDir)
	// fpdf writes %PDF-1.3 (or 1.5); structure trees want 1.7 and pdfcpu's
	// increment writer refuses < 1.4. Same length, so offsets stay valid.
	if len(raw) < 8 || !bytes.HasPrefix(raw, []byte("%PDF-1.")) {
		return errors.New("fpdf output has no PDF header")
	}
	raw[7] = '7'
	conf := model.NewDefaultConfiguration()
	conf.WriteObjectStream = false
	conf.WriteXRefStream = false
	conf.Optimize = false
	conf.OptimizeBeforeWriting = false
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(bytes.NewReader(raw), conf)
	if err != nil {
		return err
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return err
	}
	p := &post{ctx: ctx, xt: ctx.XRefTable, changed: map[int]bool{}}
	if err := p.run(r); err != nil {
		return err
	}
	ctx.Write.Increment = true
	ctx.Write.Offset = ctx.Read.FileSize
	nrs := make([]int, 0, len(p.changed))
	for n := range p.changed {
		nrs = append(nrs, n)
	}
	// The write order is this slice's order; sorted, the bytes are stable.
	sort.Ints(nrs)
	ctx.Write.ObjNrs = nrs
	if _, err := w.Write(raw); err != nil {
		return err
	}
	return api.WriteIncrement(ctx, w)
}

type post struct {
	ctx     *model.Context
	xt      *model.XRefTable
	changed map[int]bool
	pages   []*types.IndirectRef
	annots  [][]*types.IndirectRef
	refs    map[*elem]*types.IndirectRef
}

func (p *post) newObj(o types.Object) (*types.IndirectRef, error) {
	ir, err := p.xt.IndRefForNewObject(o)
	if err != nil {
		return nil, err
	}
	p.changed[ir.ObjectNumber.Value()] = true
	return ir, nil
}

func (p *post) run(r *renderer) error {
	tg := r.tg
	n := p.xt.PageCount
	if n != len(tg.owners) {
		return fmt.Errorf("page count %d, but %d pages were tagged", n, len(tg.owners))
	}
	p.refs = map[*elem]*types.IndirectRef{}
	// pages: /StructParents, /Tabs, annotations made indirect
	nextKey := n
	annotKeys := [][]int{}
	for i := 1; i <= n; i++ {
		d, ir, _, err := p.xt.PageDict(i, false)
		if err != nil {
			return err
		}
		if d == nil || ir == nil {
			return fmt.Errorf("page %d: no page dictionary", i)
		}
		p.pages = append(p.pages, ir)
		p.changed[ir.ObjectNumber.Value()] = true
		d["StructParents"] = types.Integer(i - 1)
		d["Tabs"] = types.Name("S")
		var refs []*types.IndirectRef
		var keys []int
		if a, ok := d["Annots"]; ok {
			arr, err := p.xt.DereferenceArray(a)
			if err != nil {
				return err
			}
			if len(arr) != len(tg.annots[i-1]) {
				return fmt.Errorf("page %d: %d annotations, %d tagged", i, len(arr), len(tg.annots[i-1]))
			}
			out := make(types.Array, len(arr))
			for k, o := range arr {
				ad, err := p.xt.DereferenceDict(o)
				if err != nil {
					return err
				}
				ad["StructParent"] = types.Integer(nextKey)
				ad["Contents"] = textString(tg.annotAlt[i-1][k])
				ad["P"] = *ir
				ad["F"] = types.Integer(4) // print
				var air *types.IndirectRef
				if oir, ok := o.(types.IndirectRef); ok {
					air = &oir
					p.changed[air.ObjectNumber.Value()] = true
				} else if air, err = p.newObj(ad); err != nil {
					return err
				}
				out[k] = *air
				refs = append(refs, air)
				keys = append(keys, nextKey)
				nextKey++
			}
			d["Annots"] = out
		} else if len(tg.annots[i-1]) > 0 {
			return fmt.Errorf("page %d: no annotations, %d tagged", i, len(tg.annots[i-1]))
		}
		p.annots = append(p.annots, refs)
		annotKeys = append(annotKeys, keys)
	}
	// allocate every element first, so parents and kids can refer to each other
	var order []*elem
	var collect func(e *elem)
	collect = func(e *elem) {
		order = append(order, e)
		for _, k := range e.kids {
			if k.e != nil {
				collect(k.e)
			}
		}
	}
	collect(tg.root)
	dicts := make([]types.Dict, len(order))
	for i, e := range order {
		dicts[i] = types.Dict{}
		ir, err := p.newObj(dicts[i])
		if err != nil {
			return err
		}
		p.refs[e] = ir
	}
	rootDict := types.Dict{"Type": types.Name("StructTreeRoot")}
	rootRef, err := p.newObj(rootDict)
	if err != nil {
		return err
	}
	for i, e := range order {
		d := dicts[i]
		d["Type"] = types.Name("StructElem")
		d["S"] = types.Name(e.role)
		if e.parent == nil {
			d["P"] = *rootRef
		} else {
			d["P"] = *p.refs[e.parent]
		}
		if e.page >= 0 {
			d["Pg"] = *p.pages[e.page]
		}
		if e.alt != "" {
			d["Alt"] = textString(e.alt)
		}
		if e.lang != "" {
			d["Lang"] = textString(e.lang)
		}
		if e.id != "" {
			d["ID"] = types.StringLiteral(e.id)
		}
		switch {
		case e.scope != "":
			d["A"] = types.Dict{"O": types.Name("Table"), "Scope": types.Name(e.scope)}
		case e.listNumbering != "":
			d["A"] = types.Dict{"O": types.Name("List"), "ListNumbering": types.Name(e.listNumbering)}
		case e.bbox != nil:
			b := e.bbox
			d["A"] = types.Dict{"O": types.Name("Layout"), "Placement": types.Name("Block"),
				"BBox": types.Array{types.Float(round2(b[0])), types.Float(round2(b[1])), types.Float(round2(b[2])), types.Float(round2(b[3]))}}
		}
		kids := make(types.Array, 0, len(e.kids))
		for _, k := range e.kids {
			switch {
			case k.e != nil:
				kids = append(kids, *p.refs[k.e])
			case k.annot >= 0:
				kids = append(kids, types.Dict{"Type": types.Name("OBJR"), "Obj": *p.annots[k.page][k.annot], "Pg": *p.pages[k.page]})
			case k.page == e.page:
				kids = append(kids, types.Integer(k.mcid))
			default:
				kids = append(kids, types.Dict{"Type": types.Name("MCR"), "Pg": *p.pages[k.page], "MCID": types.Integer(k.mcid)})
			}
		}
		if len(kids) == 1 {
			d["K"] = kids[0]
		} else if len(kids) > 0 {
			d["K"] = kids
		}
	}
	// ParentTree: page i → array of owners by MCID; annotation key → its Link
	nums := types.Array{}
	for i := 0; i < n; i++ {
		arr := make(types.Array, len(tg.owners[i]))
		for m, e := range tg.owners[i] {
			arr[m] = *p.refs[e]
		}
		ar, err := p.newObj(arr)
		if err != nil {
			return err
		}
		nums = append(nums, types.Integer(i), *ar)
	}
	for i := 0; i < n; i++ {
		for k, key := range annotKeys[i] {
			nums = append(nums, types.Integer(key), *p.refs[tg.annots[i][k]])
		}
	}
	ptRef, err := p.newObj(types.Dict{"Nums": nums})
	if err != nil {
		return err
	}
	rootDict["K"] = *p.refs[tg.root]
	rootDict["ParentTree"] = *ptRef
	rootDict["ParentTreeNextKey"] = types.Integer(nextKey)
	// catalog
	cat, err := p.xt.Catalog()
	if err != nil {
		return err
	}
	p.changed[p.xt.Root.ObjectNumber.Value()] = true
	cat["StructTreeRoot"] = *rootRef
	cat["MarkInfo"] = types.Dict{"Marked": types.Boolean(true)}
	cat["ViewerPreferences"] = types.Dict{"DisplayDocTitle": types.Boolean(true)}
	if md := p.findMetadata(); md != nil {
		cat["Metadata"] = *md
	}
	if err := p.fixOutlines(cat); err != nil {
		return err
	}
	return p.subsetFontNames()
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// findMetadata finds fpdf's XMP stream, which fpdf writes but never
// references from the catalog.
func (p *post) findMetadata() *types.IndirectRef {
	nrs := p.sortedObjNrs()
	for _, nr := range nrs {
		e := p.xt.Table[nr]
		if e == nil || e.Free {
			continue
		}
		if sd, ok := e.Object.(types.StreamDict); ok {
			if t := sd.Type(); t != nil && *t == "Metadata" {
				ir := types.NewIndirectRef(nr, 0)
				return ir
			}
		}
	}
	return nil
}

func (p *post) sortedObjNrs() []int {
	nrs := make([]int, 0, len(p.xt.Table))
	for nr := range p.xt.Table {
		nrs = append(nrs, nr)
	}
	sort.Ints(nrs)
	return nrs
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
			d, err := p.xt.DereferenceDict(ir)
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
				p.changed[ir.ObjectNumber.Value()] = true
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
	rd, err := p.xt.DereferenceDict(rootIR)
	if err != nil || rd == nil {
		return err
	}
	if f, ok := rd["First"]; ok {
		c, err := count(f, 0)
		if err != nil {
			return err
		}
		rd["Count"] = types.Integer(c)
		p.changed[rootIR.ObjectNumber.Value()] = true
	}
	return nil
}

// subsetFontNames adds the six-letter subset tag fpdf leaves out, derived from
// the embedded font program so it is stable across runs.
func (p *post) subsetFontNames() error {
	for _, nr := range p.sortedObjNrs() {
		e := p.xt.Table[nr]
		if e == nil || e.Free {
			continue
		}
		d, ok := e.Object.(types.Dict)
		if !ok || d.Type() == nil || *d.Type() != "Font" || d.Subtype() == nil || *d.Subtype() != "Type0" {
			continue
		}
		base := d.NameEntry("BaseFont")
		if base == nil || strings.Contains(*base, "+") {
			continue
		}
		df, err := p.xt.DereferenceArray(d["DescendantFonts"])
		if err != nil || len(df) == 0 {
			continue
		}
		cidIR, ok := df[0].(types.IndirectRef)
		if !ok {
			continue
		}
		cid, err := p.xt.DereferenceDict(cidIR)
		if err != nil || cid == nil {
			continue
		}
		fdIR, ok := cid["FontDescriptor"].(types.IndirectRef)
		if !ok {
			continue
		}
		fd, err := p.xt.DereferenceDict(fdIR)
		if err != nil || fd == nil {
			continue
		}
		h := fnv.New64a()
		h.Write([]byte(*base))
		if sd, _, err := p.xt.DereferenceStreamDict(fd["FontFile2"]); err == nil && sd != nil {
			h.Write(sd.Raw)
			if l := sd.StreamLength; l != nil {
				fmt.Fprint(h, *l)
			}
		}
		sum := h.Sum64()
		tag := make([]byte, 6)
		for i := range tag {
			tag[i] = byte('A' + sum%26)
			sum /= 26
		}
		name := string(tag) + "+" + *base
		d["BaseFont"] = types.Name(name)
		cid["BaseFont"] = types.Name(name)
		fd["FontName"] = types.Name(name)
		p.changed[nr] = true
		p.changed[cidIR.ObjectNumber.Value()] = true
		p.changed[fdIR.ObjectNumber.Value()] = true
	}
	return nil
}

// textString encodes a PDF text string: literal for printable ASCII, else
// UTF-16BE with a byte-order mark.
func textString(s string) types.Object {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		esc, err := types.Escape(s)
		if err == nil {
			return types.StringLiteral(*esc)
		}
	}
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2, 2+2*len(u))
	b[0], b[1] = 0xfe, 0xff
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return types.NewHexLiteral(b)
}
