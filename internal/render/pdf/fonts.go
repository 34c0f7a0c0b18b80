package pdf

import (
	"fmt"
	"math"
	"sync"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/dejavu/dejavusansmono"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/altformats/altformats/internal/render"
)

// Face slots used by the layout. The theme names a file for each.
const (
	faceRegular = iota
	faceBold
	faceItalic
	faceBoldItalic
	faceMono
	numFaces
)

// metrics is a parsed TrueType face reduced to what layout needs: advance
// widths in 1/1000 em, rounded (the same numbers go into the font's /W
// array, so line breaking and drawing agree), and which BMP runes have a
// real glyph.
type metrics struct {
	name    string
	psName  string // PostScript name from the font, used as the PDF BaseFont
	ttf     []byte
	widths  []uint16 // per BMP rune, 1/1000 em
	covered []uint64 // bitset over the BMP
}

func (m *metrics) has(r rune) bool {
	return r >= 0 && r < 0x10000 && m.covered[r>>6]&(1<<(uint(r)&63)) != 0
}

// width of s in points at size.
func (m *metrics) width(s string, size float64) float64 {
	w := 0
	for _, r := range s {
		if r < 0x10000 {
			w += int(m.widths[r])
		}
	}
	return float64(w) * size / 1000
}

func (m *metrics) runeWidth(r rune, size float64) float64 {
	if r < 0 || r >= 0x10000 {
		return 0
	}
	return float64(m.widths[r]) * size / 1000
}

var goFonts = map[string][]byte{
	// Liberation Sans has Arial's metrics, so print lines break where Word's
	// (Arial) and the web page's (Arial first in the CSS stack) do, and its
	// dashes are right: hyphen 333, en dash 556, em dash 1000 per 1000 em
	// (the Go font's hyphen is wider than its en dash).
	"liberation:sans":             liberationsansregular.TTF,
	"liberation:sans-bold":        liberationsansbold.TTF,
	"liberation:sans-italic":      liberationsansitalic.TTF,
	"liberation:sans-bold-italic": liberationsansbolditalic.TTF,
	"liberation:mono":             liberationmonoregular.TTF,
	"go:regular":                  goregular.TTF,
	"go:bold":                     gobold.TTF,
	"go:italic":                   goitalic.TTF,
	"go:bold-italic":              gobolditalic.TTF,
	"go:mono":                     gomono.TTF,
	// DejaVu covers what the Go fonts lack and public-sector documents use:
	// ballot boxes and check marks (☐ ☑ ☒ ✓ ✗), arrows, more symbols,
	// Cyrillic, Armenian, Georgian. It is only ever a fallback, embedded (as a
	// subset) when a document needs one of its glyphs.
	"dejavu:sans":      dejavusans.TTF,
	"dejavu:sans-bold": dejavusansbold.TTF,
	"dejavu:mono":      dejavusansmono.TTF,
}

// fallbackNames are tried, in order, for a rune the chosen face lacks.
var fallbackNames = []string{"liberation:sans", "liberation:sans-bold", "liberation:sans-italic",
	"liberation:sans-bold-italic", "liberation:mono", "go:regular", "go:bold", "go:italic", "go:bold-italic", "go:mono",
	"dejavu:sans", "dejavu:sans-bold", "dejavu:mono"}

// The font cache is per process: parsing and building width tables costs a
// few milliseconds per face, which matters when a build renders many
// documents. Entries are immutable once built, so documents share them.
var (
	fontMu    sync.Mutex
	fontCache = map[string]*fontEntry{}
)

type fontEntry struct {
	once sync.Once
	m    *metrics
	err  error
}

// loadMetrics returns the parsed face for a theme font name: a built-in
// face, or a file from the theme's Assets, cached by name and by the bytes'
// identity (the cache holds them, so an address is never reused).
func loadMetrics(a render.Assets, name string) (*metrics, error) {
	key := name
	b, ok := goFonts[name]
	if !ok {
		var err error
		if b, err = a.Font(name); err != nil {
			return nil, fmt.Errorf("font %q: %w", name, err)
		}
		key = fmt.Sprintf("%s\x00%p", name, &b[0])
	}
	fontMu.Lock()
	e := fontCache[key]
	if e == nil {
		e = &fontEntry{}
		fontCache[key] = e
	}
	fontMu.Unlock()
	e.once.Do(func() {
		e.m, e.err = parseMetrics(name, b)
	})
	return e.m, e.err
}

func parseMetrics(name string, ttf []byte) (*metrics, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("font %q: %w", name, err)
	}
	upem := int(f.UnitsPerEm())
	if upem == 0 {
		return nil, fmt.Errorf("font %q: no units per em", name)
	}
	m := &metrics{name: name, ttf: ttf, widths: make([]uint16, 0x10000), covered: make([]uint64, 0x10000/64)}
	var buf sfnt.Buffer
	if ps, err := f.Name(&buf, sfnt.NameIDPostScript); err == nil {
		m.psName = psNameClean(ps)
	}
	scale := 1000 / float64(upem)
	for r := rune(0x20); r < 0x10000; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			continue
		}
		adv, err := f.GlyphAdvance(&buf, gi, fixed.I(upem), font.HintingNone)
		if err != nil {
			continue
		}
		w := math.Round(scale * float64(adv) / 64)
		if w > 65534 {
			w = 65534
		}
		m.widths[r] = uint16(w)
		m.covered[r>>6] |= 1 << (uint(r) & 63)
	}
	return m, nil
}

// fontSet is the faces one document uses: the five theme slots plus, when a
// rune needs it, fallback faces (embedded only when drawn).
type fontSet struct {
	slots    [numFaces]*metrics
	fallback []*metrics // candidates beyond the slots, deduplicated
}

func newFontSet(th *render.Theme, a render.Assets) (*fontSet, error) {
	names := [numFaces]string{th.Fonts.PDFRegular, th.Fonts.PDFBold, th.Fonts.PDFItalic, th.Fonts.PDFBoldItal, th.Fonts.PDFMono}
	defaults := [numFaces]string{"liberation:sans", "liberation:sans-bold", "liberation:sans-italic",
		"liberation:sans-bold-italic", "liberation:mono"}
	fs := &fontSet{}
	for i, n := range names {
		if n == "" {
			n = defaults[i]
		}
		m, err := loadMetrics(a, n)
		if err != nil {
			return nil, err
		}
		fs.slots[i] = m
	}
	seen := map[*metrics]bool{}
	for _, m := range fs.slots {
		seen[m] = true
	}
	for _, n := range fallbackNames {
		m, err := loadMetrics(a, n)
		if err != nil {
			return nil, err
		}
		if !seen[m] {
			seen[m] = true
			fs.fallback = append(fs.fallback, m)
		}
	}
	return fs, nil
}

// faceFor picks the face to draw r in: the wanted slot when it has the glyph,
// else the first other face that has it, or nil.
func (fs *fontSet) faceFor(want int, r rune) *metrics {
	if m := fs.slots[want]; m.has(r) {
		return m
	}
	// Prefer a face of similar weight: regular-ish slots first for regular text.
	for _, m := range fs.slots {
		if m.has(r) {
			return m
		}
	}
	for _, m := range fs.fallback {
		if m.has(r) {
			return m
		}
	}
	return nil
}

// psNameClean keeps a PostScript name to the characters a PDF name may
// hold unescaped.
func psNameClean(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s) && len(b) < 60; i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b = append(b, c)
		}
	}
	return string(b)
}
