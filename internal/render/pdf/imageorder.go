package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// fpdf's resource dictionary, with the /XObject entry naming every image.
const resourcesObj = 2

var objRef = regexp.MustCompile(`(\d+) 0 R`)

// orderImages gives fpdf's image objects a fixed order. fpdf writes them in
// the order of a Go map (sorted only by width, so images of one width come
// out in a different order on every run), which made two builds of a
// document with two or more images differ. Each image, with its soft mask
// and palette, is renumbered in the order of its resource name (a hash of
// its bytes) and written in that order in the same place in the file.
func (p *post) orderImages() error {
	x := p.xt
	if _, ok := x.byNr[resourcesObj]; !ok {
		return nil
	}
	res, err := x.dict(*types.NewIndirectRef(resourcesObj, 0))
	if err != nil {
		return nil // not fpdf's layout: nothing to order
	}
	xo, ok := res["XObject"].(types.Dict)
	if !ok || len(xo) < 2 {
		return nil
	}
	names := make([]string, 0, len(xo))
	for k := range xo {
		names = append(names, k)
	}
	sort.Strings(names)
	// each image's group: the image, then its soft mask and palette
	var order []int
	seen := map[int]bool{}
	for _, name := range names {
		ir, ok := xo[name].(types.IndirectRef)
		if !ok {
			return fmt.Errorf("/XObject %s is not a reference", name)
		}
		n := ir.ObjectNumber.Value()
		if seen[n] {
			continue
		}
		d, err := x.dict(ir)
		if err != nil {
			return err
		}
		if d.NameEntry("Subtype") == nil || *d.NameEntry("Subtype") != "Image" {
			return nil // a form or template: leave fpdf's order alone
		}
		group := []int{n}
		if sm, ok := d["SMask"].(types.IndirectRef); ok {
			group = append(group, sm.ObjectNumber.Value())
		}
		if cs, ok := d["ColorSpace"].(types.Array); ok {
			for _, o := range cs {
				if pal, ok := o.(types.IndirectRef); ok {
					group = append(group, pal.ObjectNumber.Value())
				}
			}
		}
		for _, g := range group {
			if seen[g] {
				return fmt.Errorf("object %d belongs to two images", g)
			}
			seen[g] = true
			order = append(order, g)
		}
	}
	nums := append([]int(nil), order...)
	sort.Ints(nums)
	renum := map[int]int{}
	same := true
	for i, old := range order {
		renum[old] = nums[i]
		same = same && old == nums[i]
	}
	if same {
		return nil
	}
	// the objects' places in the file, in file order, refilled in the new
	// number order
	var slots []int
	for _, n := range nums {
		i, ok := x.byNr[n]
		if !ok {
			return fmt.Errorf("image object %d not found", n)
		}
		slots = append(slots, i)
	}
	sort.Ints(slots)
	moved := make([]span, len(order))
	for k, old := range order {
		i := x.byNr[old]
		data, err := renumberObject(x.bytes(i), old, renum)
		if err != nil {
			return err
		}
		moved[k] = span{nr: renum[old], start: x.spans[i].start, end: x.spans[i].end, data: data}
	}
	sort.Slice(moved, func(a, b int) bool { return moved[a].nr < moved[b].nr })
	for k, i := range slots {
		x.spans[i] = moved[k]
		x.byNr[moved[k].nr] = i
		delete(x.cache, moved[k].nr)
	}
	for _, name := range names {
		ir := xo[name].(types.IndirectRef)
		xo[name] = *types.NewIndirectRef(renum[ir.ObjectNumber.Value()], 0)
	}
	p.changed[resourcesObj] = res
	return nil
}

// renumberObject rewrites an image object's header and the references in
// its dictionary (soft mask, palette); the stream data is copied as is.
func renumberObject(b []byte, old int, renum map[int]int) ([]byte, error) {
	head := []byte(strconv.Itoa(old) + " 0 obj")
	if !bytes.HasPrefix(b, head) {
		return nil, fmt.Errorf("object %d does not start with its header", old)
	}
	rest := b[len(head):]
	end := valueEnd(rest)
	dict := objRef.ReplaceAllFunc(rest[:end], func(m []byte) []byte {
		n, _ := strconv.Atoi(string(m[:bytes.IndexByte(m, ' ')]))
		if nn, ok := renum[n]; ok {
			n = nn
		}
		return []byte(strconv.Itoa(n) + " 0 R")
	})
	out := make([]byte, 0, len(b)+8)
	out = strconv.AppendInt(out, int64(renum[old]), 10)
	out = append(out, " 0 obj"...)
	out = append(out, dict...)
	return append(out, rest[end:]...), nil
}
