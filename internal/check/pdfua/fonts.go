package pdfua

import (
	"fmt"
	"math/bits"
	"sort"
	"unicode/utf16"
)

// usedFont is a font that text on some page was shown with.
type usedFont struct {
	key   string // "12 0 R" or "page 3 /F1" for a direct dictionary
	dict  Dict
	page  int     // first page using it
	codes codeSet // character codes shown, when the code length is known
	width int     // bytes per code (codeWidth)
}

// codeSet is a set of character codes of at most two bytes (codeWidth),
// one bit each: a map insertion per character shown was a tenth of reading
// a long PDF back.
type codeSet struct{ bits []uint64 }

func (s *codeSet) add(code uint32) {
	if s.bits == nil {
		s.bits = make([]uint64, 1<<16/64)
	}
	s.bits[code>>6] |= 1 << (code & 63)
}

// sorted lists the codes in ascending order.
func (s *codeSet) sorted() []uint32 {
	var out []uint32
	for i, w := range s.bits {
		for ; w != 0; w &= w - 1 {
			out = append(out, uint32(i)<<6|uint32(bits.TrailingZeros64(w)))
		}
	}
	return out
}

// fontOnPage is what a font resource name resolved to on one page: the
// page's resources do not change while it is scanned.
type fontOnPage struct {
	page int
	name string
	font *usedFont // nil: not a font text can be judged by
}

// noteFontUse records the codes one text operator showed against the font
// it was shown with (resolved through the page's resources). A font merely
// listed in /Resources renders nothing and is not judged.
func (c *checker) noteFontUse(p *page, s textShow) {
	if l := c.lastFont; l.page != p.n || l.name != s.font {
		c.lastFont = fontOnPage{page: p.n, name: s.font, font: c.usedFont(p, s.font)}
	}
	f := c.lastFont.font
	if f == nil {
		return
	}
	b := s.bytes
	switch f.width {
	case 1:
		for i := 0; i < len(b); i++ {
			f.codes.add(uint32(b[i]))
		}
	case 2:
		for i := 0; i+2 <= len(b); i += 2 {
			f.codes.add(uint32(b[i])<<8 | uint32(b[i+1]))
		}
	}
}

// usedFont finds (or starts) the record of the font resource name on p.
func (c *checker) usedFont(p *page, name string) *usedFont {
	ref, ok := c.dict(p.resources.get("Font")).lookup(name)
	if !ok {
		return nil
	}
	key := fmt.Sprintf("%d 0 R", objNr(ref))
	if objNr(ref) == 0 {
		key = fmt.Sprintf("page %d /%s", p.n, name)
	}
	f := c.fonts[key]
	if f == nil {
		f = &usedFont{key: key, dict: c.dict(ref), page: p.n}
		if f.dict == nil {
			return nil
		}
		f.width = c.codeWidth(f.dict)
		c.fonts[key] = f
	}
	return f
}

// usedFonts lists the fonts text was shown with, in a stable order.
func (c *checker) usedFonts() []*usedFont {
	keys := make([]string, 0, len(c.fonts))
	for k := range c.fonts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*usedFont, 0, len(keys))
	for _, k := range keys {
		out = append(out, c.fonts[k])
	}
	return out
}

// codeWidth is the bytes per character code: 1 for simple fonts, 2 for
// Identity-H/V Type0 fonts, 0 when we cannot know without reading a CMap.
func (c *checker) codeWidth(font Dict) int {
	if c.name(font.get("Subtype")) != "Type0" {
		return 1
	}
	switch c.name(font.get("Encoding")) {
	case "Identity-H", "Identity-V":
		return 2
	}
	return 0
}

func (c *checker) descendant(font Dict) Dict {
	if a := c.array(font.get("DescendantFonts")); len(a) > 0 {
		return c.dict(a[0])
	}
	return nil
}

func (f *usedFont) name(c *checker) string {
	return fmt.Sprintf("font /%s (%s)", c.name(f.dict.get("BaseFont")), f.key)
}

// checkFontsEmbedded (31-009): every font used for text carries its program.
func checkFontsEmbedded(c *checker) {
	for _, f := range c.usedFonts() {
		sub := c.name(f.dict.get("Subtype"))
		if sub == "Type3" {
			continue // glyphs are content streams in the font itself
		}
		d := f.dict
		if sub == "Type0" {
			if d = c.descendant(f.dict); d == nil {
				c.add("31-009", f.page, "%s has no descendant CIDFont", f.name(c))
				continue
			}
		}
		fd := c.dict(d.get("FontDescriptor"))
		if fd == nil {
			c.add("31-009", f.page, "%s has no /FontDescriptor, so no embedded program", f.name(c))
			continue
		}
		if !fd.has("FontFile") && !fd.has("FontFile2") && !fd.has("FontFile3") {
			c.add("31-009", f.page, "%s is not embedded (no FontFile, FontFile2 or FontFile3)", f.name(c))
		}
		if sub == "Type0" && c.name(d.get("Subtype")) == "CIDFontType2" {
			// 31-004/31-005: a TrueType CIDFont needs CIDToGIDMap to find glyphs.
			switch m := c.deref(d.get("CIDToGIDMap")).(type) {
			case nil:
				c.add("31-005", f.page, "%s: CIDFontType2 has no /CIDToGIDMap", f.name(c))
			case Name:
				if m != "Identity" {
					c.add("31-004", f.page, "%s: /CIDToGIDMap is /%s, want a stream or /Identity", f.name(c), m)
				}
			case *Stream:
			default:
				c.add("31-004", f.page, "%s: /CIDToGIDMap is neither a stream nor /Identity", f.name(c))
			}
		}
	}
}

// checkFontsToUnicode (31-027): text can be turned back into Unicode.
func checkFontsToUnicode(c *checker) {
	for _, f := range c.usedFonts() {
		if f.dict.has("ToUnicode") {
			continue
		}
		switch c.name(f.dict.get("Subtype")) {
		case "Type0":
			if d := c.descendant(f.dict); d != nil {
				si := c.dict(d.get("CIDSystemInfo"))
				reg, _ := c.text(si.get("Registry"))
				ord, _ := c.text(si.get("Ordering"))
				if reg == "Adobe" && (ord == "GB1" || ord == "CNS1" || ord == "Japan1" || ord == "Korea1") {
					continue
				}
			}
			c.add("31-027", f.page, "%s is a Type0 font without /ToUnicode", f.name(c))
		default:
			enc := c.name(f.dict.get("Encoding"))
			if enc == "WinAnsiEncoding" || enc == "MacRomanEncoding" || enc == "MacExpertEncoding" {
				continue
			}
			if c.dict(f.dict.get("Encoding")) != nil {
				continue // a Differences encoding: glyph names are not checked here
			}
			c.add("31-027", f.page, "%s has neither /ToUnicode nor a standard /Encoding", f.name(c))
		}
	}
}

// checkNotdef (31-030): no character code draws glyph 0 (.notdef). Known
// for TrueType CIDFonts with Identity encoding, where CIDToGIDMap gives the
// glyph; a font without the character maps it to 0.
func checkNotdef(c *checker) {
	for _, f := range c.usedFonts() {
		if c.codeWidth(f.dict) != 2 {
			continue
		}
		d := c.descendant(f.dict)
		if d == nil {
			continue
		}
		var gidMap []byte
		switch c.deref(d.get("CIDToGIDMap")).(type) {
		case *Stream:
			b, _, err := c.stream(d.get("CIDToGIDMap"))
			if err != nil {
				continue
			}
			gidMap = b
		case Name:
		default:
			if c.name(d.get("Subtype")) == "CIDFontType2" {
				continue // reported by checkFontsEmbedded
			}
		}
		var bad []string
		for _, code := range f.codes.sorted() {
			gid := code
			if gidMap != nil {
				gid = 0
				if int(code)*2+1 < len(gidMap) {
					gid = uint32(gidMap[code*2])<<8 | uint32(gidMap[code*2+1])
				}
			}
			if gid == 0 {
				bad = append(bad, fmt.Sprintf("%04X", code))
			}
		}
		if len(bad) > 0 {
			c.add("31-030", f.page, "%s shows .notdef for code(s) %v", f.name(c), capList(bad, 10))
		}
	}
}

// checkUnicodeMapping (10-001, 31-028, 31-029): every code shown maps, through
// the font's ToUnicode CMap, to real characters (not U+0000, U+FEFF, U+FFFE).
func checkUnicodeMapping(c *checker) {
	for _, f := range c.usedFonts() {
		if !f.dict.has("ToUnicode") {
			continue // reported by checkFontsToUnicode when it matters
		}
		data, _, err := c.stream(f.dict.get("ToUnicode"))
		if err != nil {
			c.add("10-001", f.page, "%s: /ToUnicode is not a readable stream: %v", f.name(c), err)
			continue
		}
		cm, err := parseToUnicode(data)
		if err != nil {
			c.add("10-001", f.page, "%s: /ToUnicode CMap cannot be parsed: %v", f.name(c), err)
			continue
		}
		var unmapped, zero, bom []string
		for _, code := range f.codes.sorted() {
			u, ok := cm.lookup(code)
			switch {
			case !ok || len(u) == 0:
				unmapped = append(unmapped, fmt.Sprintf("%04X", code))
			default:
				for _, r := range u {
					switch r {
					case 0:
						zero = append(zero, fmt.Sprintf("%04X", code))
					case 0xFEFF, 0xFFFE:
						bom = append(bom, fmt.Sprintf("%04X", code))
					}
				}
			}
		}
		if len(unmapped) > 0 {
			c.add("10-001", f.page, "%s: code(s) %v have no Unicode mapping", f.name(c), capList(unmapped, 10))
		}
		if len(zero) > 0 {
			c.add("31-028", f.page, "%s: code(s) %v map to U+0000", f.name(c), capList(zero, 10))
		}
		if len(bom) > 0 {
			c.add("31-029", f.page, "%s: code(s) %v map to U+FEFF or U+FFFE", f.name(c), capList(bom, 10))
		}
	}
}

// toUnicode is a parsed ToUnicode CMap.
type toUnicode struct {
	chars  map[uint32][]uint16
	ranges []cmapRange
	memo   map[uint32][]rune // lookups already made: text repeats its characters
}

type cmapRange struct {
	lo, hi uint32
	dst    []uint16   // base value, incremented by code-lo
	list   [][]uint16 // or one value per code
}

func codeOf(s string) uint32 {
	var v uint32
	for _, b := range []byte(s) {
		v = v<<8 | uint32(b)
	}
	return v
}

func utf16Of(s string) []uint16 {
	out := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		out = append(out, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return out
}

func parseToUnicode(data []byte) (*toUnicode, error) {
	ops, err := parseContent(data)
	if err != nil {
		return nil, err
	}
	cm := &toUnicode{chars: map[uint32][]uint16{}}
	for _, o := range ops {
		switch o.name {
		case "endbfchar":
			for i := 0; i+1 < len(o.args); i += 2 {
				if o.args[i].kind == kString && o.args[i+1].kind == kString {
					cm.chars[codeOf(o.args[i].str)] = utf16Of(o.args[i+1].str)
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(o.args); i += 3 {
				lo, hi, dst := o.args[i], o.args[i+1], o.args[i+2]
				if lo.kind != kString || hi.kind != kString {
					continue
				}
				r := cmapRange{lo: codeOf(lo.str), hi: codeOf(hi.str)}
				switch dst.kind {
				case kString:
					r.dst = utf16Of(dst.str)
				case kArray:
					for _, e := range dst.arr {
						r.list = append(r.list, utf16Of(e.str))
					}
				}
				cm.ranges = append(cm.ranges, r)
			}
		}
	}
	return cm, nil
}

// lookup returns the Unicode text for code. A range's destination is
// incremented as one number, as poppler does for ranges crossing a byte.
func (cm *toUnicode) lookup(code uint32) ([]rune, bool) {
	if r, ok := cm.memo[code]; ok {
		return r, r != nil
	}
	r, ok := cm.find(code)
	if cm.memo == nil {
		cm.memo = map[uint32][]rune{}
	}
	if !ok {
		r = nil
	} else if r == nil {
		r = []rune{}
	}
	cm.memo[code] = r
	return r, ok
}

func (cm *toUnicode) find(code uint32) ([]rune, bool) {
	if u, ok := cm.chars[code]; ok {
		return utf16.Decode(u), true
	}
	for _, r := range cm.ranges {
		if code < r.lo || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.list != nil {
			if int(off) < len(r.list) {
				return utf16.Decode(r.list[off]), true
			}
			return nil, false
		}
		if len(r.dst) == 0 {
			return nil, false
		}
		u := append([]uint16{}, r.dst...)
		u[len(u)-1] += uint16(off)
		if len(u) == 1 && off > 0xFFFF-uint32(r.dst[0]) {
			return nil, false
		}
		return utf16.Decode(u), true
	}
	return nil, false
}
