package pdf

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"math/bits"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// fontRes is one embedded face: a Type0 font with Identity-H encoding whose
// character codes are Unicode code points; the CIDToGIDMap takes each to its
// glyph in the subset fpdf cuts (fpdf is used only for that: TrueType
// subsetting).
type fontRes struct {
	id   int // resource name /F<id>
	nr   int // the Type0 font object
	m    *metrics
	used [0x10000 / 64]uint64
}

func (p *pdfWriter) font(m *metrics) *fontRes {
	if f := p.fontOf[m]; f != nil {
		return f
	}
	f := &fontRes{id: len(p.fonts) + 1, nr: p.alloc(), m: m}
	p.fonts = append(p.fonts, f)
	p.fontOf[m] = f
	return f
}

func (f *fontRes) runes() []rune {
	var rs []rune
	for i, w := range f.used {
		for w != 0 {
			k := bits.TrailingZeros64(w)
			w &^= 1 << k
			rs = append(rs, rune(i*64+k))
		}
	}
	return rs
}

func (p *pdfWriter) writeFonts() {
	for _, f := range p.fonts {
		if err := p.writeFont(f); err != nil && p.err == nil {
			p.err = fmt.Errorf("font %s: %w", f.m.name, err)
		}
	}
}

func (p *pdfWriter) writeFont(f *fontRes) error {
	rs := f.runes()
	// fpdf writes into the bytes it is given (the head table's checksum),
	// and the metrics' bytes are shared by every document.
	cut := fpdf.UTF8CutFont(bytes.Clone(f.m.ttf), string(rs))
	if len(cut) == 0 {
		return fmt.Errorf("subsetting failed")
	}
	sf, err := sfnt.Parse(cut)
	if err != nil {
		return fmt.Errorf("subset: %w", err)
	}
	var sb sfnt.Buffer
	maxCID := rune(0)
	if len(rs) > 0 {
		maxCID = rs[len(rs)-1]
	}
	gids := make([]byte, 2*(int(maxCID)+1))
	for _, c := range rs {
		g, err := sf.GlyphIndex(&sb, c)
		if err != nil {
			return fmt.Errorf("subset cmap: %w", err)
		}
		gids[2*c], gids[2*c+1] = byte(g>>8), byte(g)
	}
	// The subset tag is derived from the subset itself, so it is stable
	// from run to run and differs between different subsets.
	h := fnv.New64a()
	h.Write(cut)
	sum := h.Sum64()
	var tag [6]byte
	for i := range tag {
		tag[i] = byte('A' + sum%26)
		sum /= 26
	}
	ps := f.m.psName
	if ps == "" {
		ps = fontFamilyName(f.m.name, f.id)
	}
	name := string(tag[:]) + "+" + ps
	cidNr, descNr, mapNr, uniNr, fileNr := p.alloc(), p.alloc(), p.alloc(), p.alloc(), p.alloc()

	b := p.buf[:0]
	b = append(b, "<</Type/Font/Subtype/Type0/BaseFont/"...)
	b = append(b, name...)
	b = append(b, "/Encoding/Identity-H/DescendantFonts["...)
	b = appendRef(b, cidNr)
	b = append(b, "]/ToUnicode "...)
	b = appendRef(b, uniNr)
	b = append(b, ">>"...)
	p.buf = b
	p.put(f.nr, b)

	b = p.buf[:0]
	b = append(b, "<</Type/Font/Subtype/CIDFontType2/BaseFont/"...)
	b = append(b, name...)
	b = append(b, "/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor "...)
	b = appendRef(b, descNr)
	b = append(b, "/DW 0/W["...)
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && rs[j] == rs[j-1]+1 {
			j++
		}
		b = strconv.AppendInt(b, int64(rs[i]), 10)
		b = append(b, '[')
		for k := i; k < j; k++ {
			if k > i {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, int64(f.m.widths[rs[k]]), 10)
		}
		b = append(b, ']')
		i = j
	}
	b = append(b, "]/CIDToGIDMap "...)
	b = appendRef(b, mapNr)
	b = append(b, ">>"...)
	p.buf = b
	p.put(cidNr, b)

	b = p.buf[:0]
	b = appendDescriptor(b, f.m, name, sf, &sb)
	b = append(b, "/FontFile2 "...)
	b = appendRef(b, fileNr)
	b = append(b, ">>"...)
	p.buf = b
	p.put(descNr, b)

	p.putStream(mapNr, "", gids, true)
	p.putStream(uniNr, "", toUnicodeCMap(rs), true)
	p.putStream(fileNr, "/Length1 "+strconv.Itoa(len(cut)), cut, true)
	return nil
}

// appendDescriptor writes the FontDescriptor's entries (all but FontFile2)
// in PDF glyph space (1/1000 em).
func appendDescriptor(b []byte, m *metrics, name string, sf *sfnt.Font, sb *sfnt.Buffer) []byte {
	upem := float64(sf.UnitsPerEm())
	scale := func(v float64) int64 { return int64(v * 1000 / upem) }
	var asc, desc, capH int64 = 800, -200, 700
	ppem := fixed.I(int(sf.UnitsPerEm()))
	if fm, err := sf.Metrics(sb, ppem, 0); err == nil {
		asc, desc = scale(float64(fm.Ascent)/64), -scale(float64(fm.Descent)/64)
		if fm.CapHeight > 0 {
			capH = scale(float64(fm.CapHeight) / 64)
		}
	}
	var bbox [4]int64
	if bb, err := sf.Bounds(sb, ppem, 0); err == nil {
		bbox = [4]int64{scale(float64(bb.Min.X) / 64), -scale(float64(bb.Max.Y) / 64),
			scale(float64(bb.Max.X) / 64), -scale(float64(bb.Min.Y) / 64)}
	}
	italic := 0.0
	fixedPitch := false
	if pt := sf.PostTable(); pt != nil {
		italic, fixedPitch = pt.ItalicAngle, pt.IsFixedPitch
	}
	flags := 4 // symbolic: the glyphs are reached through the CIDToGIDMap, not a standard encoding
	if fixedPitch {
		flags |= 1
	}
	if italic != 0 {
		flags |= 64
	}
	stemV := 80
	if strings.Contains(strings.ToLower(m.psName+m.name), "bold") {
		stemV = 140
	}
	b = append(b, "<</Type/FontDescriptor/FontName/"...)
	b = append(b, name...)
	b = append(b, "/Flags "...)
	b = strconv.AppendInt(b, int64(flags), 10)
	b = append(b, "/FontBBox["...)
	for i, v := range bbox {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, v, 10)
	}
	b = append(b, "]/ItalicAngle "...)
	b = strconv.AppendFloat(b, italic, 'f', -1, 64)
	b = append(b, "/Ascent "...)
	b = strconv.AppendInt(b, asc, 10)
	b = append(b, "/Descent "...)
	b = strconv.AppendInt(b, desc, 10)
	b = append(b, "/CapHeight "...)
	b = strconv.AppendInt(b, capH, 10)
	b = append(b, "/StemV "...)
	b = strconv.AppendInt(b, int64(stemV), 10)
	return b
}

// toUnicodeCMap maps each used code (a code point) back to its character.
func toUnicodeCMap(rs []rune) []byte {
	var sb strings.Builder
	sb.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(rs); i += 100 {
		chunk := rs[i:min(i+100, len(rs))]
		fmt.Fprintf(&sb, "%d beginbfchar\n", len(chunk))
		for _, c := range chunk {
			fmt.Fprintf(&sb, "<%04X> <%04X>\n", c, c)
		}
		sb.WriteString("endbfchar\n")
	}
	sb.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return []byte(sb.String())
}
