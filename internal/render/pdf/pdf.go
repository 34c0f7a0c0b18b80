// Package pdf renders the document model to a tagged PDF (PDF/UA-1 by
// construction) and to a large-print PDF, with go-pdf/fpdf for drawing and a
// pdfcpu incremental update for the structure tree.
//
// Layout is our own: fpdf only places text, lines and images at positions we
// computed, so we know where every line goes, can wrap marked content around
// it, and never depend on fpdf's MultiCell (which drops the spaces at wrap
// points) or its automatic page breaks.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// Render writes the normal-print tagged PDF (format "pdf").
func Render(d *doc.Document, opt render.Options, w io.Writer) error {
	return render.Reported(opt, renderTo(d, opt, false, w, nil))
}

// RenderLargePrint writes the large-print tagged PDF (format "large-print"):
// 18 pt body text or more, larger headings, sans serif, left aligned, 1.5
// line spacing, reflowed rather than scaled.
func RenderLargePrint(d *doc.Document, opt render.Options, w io.Writer) error {
	return render.Reported(opt, renderTo(d, opt, true, w, nil))
}

// renderTo is the shared pipeline; tree, when non-nil, receives the
// structure tree (with text) for golden tests.
func renderTo(d *doc.Document, opt render.Options, large bool, w io.Writer, tree **elem) (err error) {
	defer func() {
		// fpdf panics on some inputs we try to guard against; never let one
		// escape to the caller.
		if p := recover(); p != nil {
			err = fmt.Errorf("render pdf: internal error: %v", p)
		}
	}()
	if d == nil {
		return errors.New("render pdf: no document")
	}
	th := opt.Theme
	if th == nil {
		th = render.DefaultTheme()
	}
	fs, err := newFontSet(th, opt.Assets)
	if err != nil {
		return fmt.Errorf("render pdf: %w", err)
	}
	r := newRenderer(d, opt, th, fs, large, false, tree != nil)
	if err := r.run(); err != nil {
		return wrap(err)
	}
	r.markUsedRunes()
	var raw keepWriter
	if err := r.pdf.Output(&raw); err != nil {
		return fmt.Errorf("render pdf: %w", err)
	}
	r.pdf = nil // let the page buffers go before the tagging pass
	if len(raw.b) < cap(raw.b)*3/4 {
		// fpdf's buffer grew by doubling: up to half of it is slack, held
		// through the whole tagging pass unless the file moves to a tight copy
		raw.b = bytes.Clone(raw.b)
	}
	if tree != nil {
		*tree = r.tg.root
	}
	if err := tagPDF(raw.b, r, w); err != nil {
		return fmt.Errorf("render pdf: tagging: %w", err)
	}
	return nil
}

// keepWriter takes fpdf's output without copying it: fpdf's Output hands
// over its whole buffer in one Write and never touches it again, and the
// renderer drops fpdf right after. (A copy was 28 MB more at the writer's
// peak for a 2,500-page document.) Any further Write is appended, so the
// bytes are right whatever fpdf does.
type keepWriter struct{ b []byte }

func (k *keepWriter) Write(p []byte) (int, error) {
	if k.b == nil {
		k.b = p
	} else {
		k.b = append(k.b[:len(k.b):len(k.b)], p...)
	}
	return len(p), nil
}

func wrap(err error) error {
	var dg *doc.Diagnostic
	var ds doc.Diagnostics
	if errors.As(err, &dg) || errors.As(err, &ds) {
		return err
	}
	return fmt.Errorf("render pdf: %w", err)
}

// fpdfCompresses: fpdf compresses each page with a new 1 MB compressor
// (measured on the seed ×1000: +1 s CPU, 3 GB more garbage). Off, post.go
// compresses the pages with one reused compressor; peak memory was lower
// too, because fpdf's page buffers are dropped before the tagging pass.
const fpdfCompresses = false

type rgb struct{ r, g, b int }

func colour(hex string) rgb {
	r, g, b := render.RGB(hex)
	return rgb{r, g, b}
}

type renderer struct {
	l     render.Labels // words the writer adds, in the document's language
	d     *doc.Document
	opt   render.Options
	th    *render.Theme
	fs    *fontSet
	large bool
	dry   bool

	pdf *fpdf.Fpdf
	tg  *tagger

	pw, ph                   float64 // page size
	left, width, top, bottom float64 // text area
	y                        float64
	pages                    int

	base, lh                                                                           float64 // body size and line-height factor
	cText, cHead, cLink, cAccent, cMuted, cBorder, cTHead, cNote, cWarn, cCode, cWhite rgb

	decos []*deco
	// pendingGap is vertical space owed before the next drawn line; dropped at
	// the top of a page so gaps never push content down there.
	pendingGap float64

	families  map[*metrics]string
	curFamily string
	curSize   float64
	curColour rgb
	colourSet bool
	// fpdf's text and fill colour operators, mirrored for drawText
	textColour, fillColour string
	usedRunes              map[*metrics]*[0x10000 / 64]uint64
	colourOps              map[rgb]string
	textBuf                []byte
	runBuf                 []byte // drawLine joins a run's atoms here
	atomBuf                []atom // para's atoms, reused paragraph to paragraph

	headingLinks map[string]int // heading ID → fpdf internal link
	headingPages []int          // page (1-based) of each TOC entry, in order
	tocIdx       int
	tocMarks     []tocMark
	tocByPage    map[int][]tocMark
	// for tests: where each body heading ended
	trackHeadings bool
	headingEnds   []float64
	textRight     float64  // the rightmost x any line reaches, for tests
	headLines     []string // the running header's title, wrapped
	footLines     []string // the footer's publisher, wrapped
	headRule      float64  // where the header's rule is drawn
	footRule      float64  // where the footer's rule is drawn
	footBelow     bool     // the publisher goes below the page number, not beside it
	glyphDiags    doc.Diagnostics
	glyphSeen     map[rune]bool // characters already reported (-1: invalid UTF-8)
	rtlSeen       bool          // right-to-left text already reported
	fnRefLinks    []int         // per footnote: target at its first reference
	fnNoteLinks   []int         // per footnote: target at the note
	fnRefSeen     []bool
	images        map[*byte]string
	outlineLevel  int
	stackHeadW    float64               // header column width of rowsAsTables' tables
	after         []doc.Block           // the blocks after the one being set, in its container
	marker        func(y float64) error // a list marker waiting for its item's first line
	fnFoot        []bool                // per footnote: set at the foot of the page (footnotes.go)
	footNotes     []*footNote           // per footnote: laid out for the foot of the page, once
	pageNotes     []*footNote           // notes to draw at the foot of the current page
	pageBottom    float64               // the text area's bottom without notes
	headingBase   int
	tocLast       int // the deepest heading level the contents lists
	err           error
}

// tocMark is where a table-of-contents page number goes.
type tocMark struct {
	page, idx       int
	right, baseline float64
	size            float64
	m               *metrics
	colour          rgb
}

// deco is a box or bar around blocks that may cross page breaks; it is
// painted per page when the page ends or the block closes.
type deco struct {
	x, w   float64
	startY float64
	fill   *rgb // painted with multiply blending after the content, so it sits "under" the text
	bar    *rgb // left bar
	barW   float64
	pad    float64
}

func newRenderer(d *doc.Document, opt render.Options, th *render.Theme, fs *fontSet, large, dry, keepText bool) *renderer {
	r := &renderer{d: d, opt: opt, th: th, fs: fs, large: large, dry: dry, l: render.LabelsFor(d.Meta.Lang)}
	r.pw, r.ph = opt.Paper.OrA4().Points()
	margin := th.Sizes.MarginMM
	if margin <= 0 {
		margin = 20
	}
	m := margin * 72 / 25.4
	if r.pw < 500 { // A5: keep more of the narrow page for text
		m *= 0.75
	}
	r.left, r.width = m, r.pw-2*m
	r.top, r.bottom = m, r.ph-m
	r.base, r.lh = th.Sizes.Base, th.Sizes.LineHeight
	if large {
		r.base, r.lh = th.Sizes.LargeBase, th.Sizes.LargeLine
		if r.base < 18 {
			r.base = 18
		}
		if r.lh < 1.5 {
			r.lh = 1.5
		}
	}
	if r.lh < 1.2 {
		r.lh = 1.2
	}
	r.runningHeads()
	c := th.Colours
	r.cText, r.cHead, r.cLink, r.cAccent = colour(c.Text), colour(c.Heading), colour(c.Link), colour(c.Accent)
	r.cMuted, r.cBorder, r.cTHead, r.cNote, r.cWarn = colour(c.Muted), colour(c.Border), colour(c.TableHead), colour(c.Note), colour(c.Warning)
	r.cCode = rgb{0xF0, 0xF4, 0xF5}
	r.cWhite = rgb{255, 255, 255}
	r.tg = newTagger(keepText)
	r.families = map[*metrics]string{}
	r.usedRunes = map[*metrics]*[0x10000 / 64]uint64{}
	r.colourOps = map[rgb]string{}
	r.textColour, r.fillColour = fpdfColour(rgb{}), fpdfColour(rgb{})
	r.headingLinks = map[string]int{}
	r.images = map[*byte]string{}
	n := len(d.Footnotes)
	r.fnRefLinks, r.fnNoteLinks, r.fnRefSeen = make([]int, n), make([]int, n), make([]bool, n)
	r.pageBottom = r.bottom
	r.fnFoot, r.footNotes = footEligible(d), make([]*footNote, n)
	for i, fn := range d.Footnotes {
		// a note longer than a third of a page goes to the end
		text := ""
		for _, b := range fn.Blocks {
			if p, ok := b.(*doc.Paragraph); ok {
				text += doc.PlainText(p.Inlines) + " "
			}
		}
		lines := r.textLines(text, r.noteSize(), false, r.width*0.9, 0) + float64(len(fn.Blocks))
		if lines*r.noteSize()*1.25 > (r.bottom-r.top)/3 {
			r.fnFoot[i] = false
		}
	}
	if !dry {
		r.pdf = newFpdf(r)
	}
	return r
}

func newFpdf(r *renderer) *fpdf.Fpdf {
	p := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", Size: fpdf.SizeType{Wd: r.pw, Ht: r.ph}})
	p.SetAutoPageBreak(false, 0)
	p.SetMargins(r.left, r.top, r.pw-r.left-r.width)
	p.SetCatalogSort(true)
	p.SetCompression(fpdfCompresses)
	mod := r.opt.Modified.UTC()
	p.SetCreationDate(mod)
	p.SetModificationDate(mod)
	m := r.d.Meta
	if r.large {
		// the edition is part of its title, as a library catalogue gives it
		m.Title += " (" + r.l.LargePrint + ")"
	}
	p.SetTitle(m.Title, true)
	if len(m.Authors) > 0 {
		p.SetAuthor(strings.Join(m.Authors, ", "), true)
	} else if m.Publisher != "" {
		p.SetAuthor(m.Publisher, true)
	}
	if m.Summary != "" {
		p.SetSubject(m.Summary, true)
	}
	if len(m.Keywords) > 0 {
		p.SetKeywords(strings.Join(m.Keywords, ", "), true)
	}
	gen := r.opt.Generator
	if gen == "" {
		gen = "altformats"
	}
	p.SetCreator(gen, true)
	p.SetProducer(gen, true)
	if validLang(m.Lang) {
		p.SetLang(m.Lang)
	}
	p.SetXmpMetadata(xmp(m, gen, mod))
	p.AliasNbPages("{nb}")
	return p
}

// validLang keeps /Lang to plain BCP 47 characters: fpdf writes it unescaped.
func validLang(s string) bool {
	if s == "" || len(s) > 35 {
		return false
	}
	for _, c := range s {
		if !(c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// ---- pages ----

func (r *renderer) newPage() {
	if r.pages > 0 {
		r.paintDecos(r.y)
		r.drawPageNotes()
		r.footer()
	}
	r.pages++
	if !r.dry {
		r.pdf.AddPage()
		r.colourSet = false
		r.curFamily = ""
	}
	r.tg.newPage()
	r.y = r.top
	r.pendingGap = 0
	if r.pages > 1 {
		r.header()
	}
	for _, dc := range r.decos {
		dc.startY = r.top - dc.pad
	}
}

func (r *renderer) atTop() bool { return r.y <= r.top+0.01 }

// need makes room for h points of content, paying any pending gap, and
// starts a new page when the content would cross the bottom margin.
func (r *renderer) need(h float64) {
	g := r.pendingGap
	r.pendingGap = 0
	if r.atTop() {
		g = 0
	}
	if r.y+g+h > r.bottom && !r.atTop() {
		r.newPage()
		return
	}
	r.y += g
}

func (r *renderer) gap(g float64) {
	if g > r.pendingGap {
		r.pendingGap = g
	}
}

func (r *renderer) smallSize() float64 {
	if r.large {
		return r.base
	}
	return r.base * 0.82
}

// edge is the nearest any printed mark comes to the paper's edge: office
// printers clip up to about 6 mm, so running heads sit 12 mm in (the
// position read-back test asks for at least 10 mm).
const edge = 12 * 72 / 25.4

// runningHeads wraps the running header's title and the footer's publisher
// (their short forms when the front matter gives them) once for the whole
// document, and moves the text area's top and bottom so that the heads,
// kept at least edge from the paper's edge, never overlap the text.
func (r *renderer) runningHeads() {
	size := r.smallSize()
	m := r.faceMetrics(faceRegular)
	title := r.d.Meta.ShortTitle
	if title == "" {
		title = r.d.Meta.Title
	}
	r.headLines = capLines(wrapWords(r.safeText(title, m), m, size, r.width), 3, m, size, r.width)
	pub := r.d.Meta.PublisherShort
	if pub == "" {
		pub = r.d.Meta.Publisher
	}
	pageW := m.width(fmt.Sprintf(r.l.PageOf, 9999, "9999"), size)
	pubW := max(r.width-pageW-size*2, r.width*0.4)
	r.footLines = wrapWords(r.safeText(pub, m), m, size, pubW)
	r.footBelow = len(r.footLines) > 2
	if r.footBelow {
		// too long beside the page number (a narrow page, large print):
		// the publisher takes the lines below it, the full width
		r.footLines = capLines(wrapWords(r.safeText(pub, m), m, size, r.width), 4, m, size, r.width)
	}
	lh := size * 1.25
	// header: lines from edge down, then the rule, then a gap to the text
	r.headRule = edge + float64(max(len(r.headLines), 1))*lh + size*0.2
	r.top = max(r.top, r.headRule+size*1.2)
	// footer: lines up from the edge, the rule above them
	n := max(len(r.footLines), 1)
	if r.footBelow {
		n++
	}
	r.footRule = r.ph - edge - float64(n)*lh - size*0.2
	r.bottom = min(r.bottom, r.footRule-size*1.2)
}

// wrapWords breaks s into lines no wider than w, between words; a word wider
// than w on its own is cut between characters (a running head is never
// shortened, so nothing of it is lost).
func wrapWords(s string, m *metrics, size, w float64) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if m.width(try, size) <= w {
			cur = try
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		cur = word
		for m.width(cur, size) > w {
			cut, units := 0, 0
			for i, c := range cur {
				if c < 0x10000 {
					units += int(m.widths[c])
				}
				if float64(units)*size/1000 > w && i > 0 {
					break
				}
				cut = i + utf8.RuneLen(c)
			}
			if cut >= len(cur) {
				break
			}
			lines = append(lines, cur[:cut])
			cur = cur[cut:]
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func (r *renderer) header() {
	if r.dry {
		return
	}
	size := r.smallSize()
	lh := size * 1.25
	r.artifact("Header", func() {
		m := r.faceMetrics(faceRegular)
		for i, s := range r.headLines {
			r.drawText(r.left, edge+float64(i)*lh+size*0.95, s, m, size, r.cMuted)
		}
		r.setDraw(r.cBorder)
		r.pdf.SetLineWidth(0.75)
		r.pdf.Line(r.left, r.headRule, r.left+r.width, r.headRule)
	})
}

func (r *renderer) footer() {
	if r.dry {
		return
	}
	size := r.smallSize()
	lh := size * 1.25
	y := r.footRule + size*0.2 + size*0.95 // first baseline
	r.artifact("Footer", func() {
		m := r.faceMetrics(faceRegular)
		r.setDraw(r.cBorder)
		r.pdf.SetLineWidth(0.75)
		r.pdf.Line(r.left, r.footRule, r.left+r.width, r.footRule)
		r.drawText(r.left, y, fmt.Sprintf(r.l.PageOf, r.pages, "{nb}"), m, size, r.cMuted)
		for i, s := range r.footLines {
			if r.footBelow {
				r.drawText(r.left, y+float64(i+1)*lh, s, m, size, r.cMuted)
			} else {
				r.drawText(r.left+r.width-m.width(s, size), y+float64(i)*lh, s, m, size, r.cMuted)
			}
		}
	})
}

// safeText drops runes the face cannot draw; used only for artifacts
// (running header, footer), whose text is repeated from tagged content.
func (r *renderer) safeText(s string, m *metrics) string {
	ok := true
	for _, c := range s {
		if !m.has(c) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var sb strings.Builder
	for _, c := range s {
		if m.has(c) {
			sb.WriteRune(c)
		}
	}
	return sb.String()
}

// capLines keeps at most n lines of a running head. A title of more than
// two lines (a whole sentence of a title with no short-title) ends its last
// line at a word with an ellipsis: never mid-word.
func capLines(lines []string, n int, m *metrics, size, w float64) []string {
	if len(lines) <= n {
		return lines
	}
	ell := "…"
	if !m.has('…') {
		ell = "..."
	}
	lines = lines[:n:n]
	last := lines[n-1]
	for m.width(last+" "+ell, size) > w {
		if i := strings.LastIndexByte(last, ' '); i > 0 {
			last = last[:i]
			continue
		}
		// one word wider than the line: it was cut already, cut it more
		_, n := utf8.DecodeLastRuneInString(last)
		if n == 0 || n == len(last) {
			break
		}
		last = last[:len(last)-n]
	}
	lines[n-1] = last + " " + ell
	return lines
}

// ---- drawing primitives (no-ops in the dry pass) ----

func (r *renderer) faceMetrics(slot int) *metrics { return r.fs.slots[slot] }

// family registers m with fpdf on first use and returns its family name.
func (r *renderer) family(m *metrics) string {
	if f, ok := r.families[m]; ok {
		return f
	}
	f := fontFamilyName(m.name, len(r.families))
	r.families[m] = f
	// fpdf writes into the font bytes it is given (it zeroes the head
	// table's checksum in place), so each document gets its own copy: the
	// shared bytes would otherwise change after the first document, and
	// concurrent renders would race on them.
	r.pdf.AddUTF8FontFromBytes(f, "", bytes.Clone(m.ttf))
	return f
}

// fontFamilyName gives fpdf a readable family name; it becomes the PDF
// BaseFont (after the subset tag is added).
func fontFamilyName(name string, i int) string {
	var sb strings.Builder
	for _, c := range name {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			sb.WriteRune(c)
		}
	}
	if sb.Len() == 0 || sb.Len() > 40 {
		return fmt.Sprintf("font%d", i)
	}
	return sb.String()
}

func (r *renderer) setFont(m *metrics, size float64) {
	f := r.family(m)
	if f != r.curFamily || size != r.curSize {
		r.pdf.SetFont(f, "", size)
		r.curFamily, r.curSize = f, size
	}
}

func (r *renderer) setColour(c rgb) {
	if !r.colourSet || c != r.curColour {
		r.pdf.SetTextColor(c.r, c.g, c.b)
		r.curColour, r.colourSet = c, true
		r.textColour = r.colourOp(c)
	}
}

func (r *renderer) setDraw(c rgb) { r.pdf.SetDrawColor(c.r, c.g, c.b) }
func (r *renderer) setFill(c rgb) {
	r.pdf.SetFillColor(c.r, c.g, c.b)
	r.fillColour = r.colourOp(c)
}

// colourOp is fpdfColour, remembered: a document uses a handful of colours.
func (r *renderer) colourOp(c rgb) string {
	op, ok := r.colourOps[c]
	if !ok {
		op = fpdfColour(c)
		r.colourOps[c] = op
	}
	return op
}

// fpdfColour is a colour as fpdf writes it for text and fills ("g" or
// "rg"), so drawText can tell, as fpdf's Text does, whether text needs its
// own colour operator.
func fpdfColour(c rgb) string {
	comp := func(v int) float64 { return float64(min(max(v, 0), 255)) / 255 }
	r, g, b := comp(c.r), comp(c.g), comp(c.b)
	var buf []byte
	// fpdf's own test for grey (red equals green, red equals blue)
	if min(max(c.r, 0), 255) == min(max(c.g, 0), 255) && r == b {
		buf = strconv.AppendFloat(buf, r, 'f', 3, 64)
		return string(append(buf, " g"...))
	}
	buf = strconv.AppendFloat(buf, r, 'f', 3, 64)
	buf = append(buf, ' ')
	buf = strconv.AppendFloat(buf, g, 'f', 3, 64)
	buf = append(buf, ' ')
	buf = strconv.AppendFloat(buf, b, 'f', 3, 64)
	return string(append(buf, " rg"...))
}

// drawText writes the text-showing operators fpdf's Text writes (without
// its colour wrapper, see below), in one pass into a reused buffer (fpdf's Text formats with Sprintf,
// converts to UTF-16 in a new string and escapes it with four
// strings.Replace calls: 17% of the writer's time on a long document). The
// characters are recorded per face, and fpdf is told about them once, in
// markUsedRunes, so its font subsets hold exactly the same glyphs.
func (r *renderer) drawText(x, baseline float64, s string, m *metrics, size float64, c rgb) {
	if s == "" {
		return
	}
	r.setFont(m, size)
	r.setColour(c)
	used := r.usedRunes[m]
	if used == nil {
		used = new([0x10000 / 64]uint64)
		r.usedRunes[m] = used
	}
	if r.textColour != r.fillColour {
		// Text is painted with the fill colour. fpdf's Text wraps every
		// run in "q <colour> rg … Q" while the fill differs (a sixth of a
		// long document's content); setting the fill once serves all the
		// runs that follow, and every fill of a shape sets its own colour
		// first.
		r.setFill(r.curColour)
	}
	b := r.textBuf[:0]
	b = append(b, "BT "...)
	b = strconv.AppendFloat(b, x, 'f', 2, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, r.ph-baseline, 'f', 2, 64)
	b = append(b, " Td ("...)
	for _, c := range s {
		if c >= 0x10000 || c < 0 {
			// never chosen by faceFor (metrics cover the BMP only); let
			// fpdf encode it rather than guess at its surrogate handling
			r.pdf.Text(x, baseline, s)
			return
		}
		used[c>>6] |= 1 << (uint(c) & 63)
		b = appendEscapedByte(b, byte(c>>8))
		b = appendEscapedByte(b, byte(c))
	}
	b = append(b, ") Tj ET"...)
	r.textBuf = b
	r.pdf.RawWriteStr(string(b))
}

// appendEscapedByte escapes a byte of a literal string as fpdf's escape
// does.
func appendEscapedByte(b []byte, c byte) []byte {
	switch c {
	case '\\', '(', ')':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	}
	return append(b, c)
}

// markUsedRunes tells fpdf which characters each face drew (drawText
// writes its operators itself), by showing them once at the end of the last
// page between markers that the tagging pass cuts away again.
func (r *renderer) markUsedRunes() {
	if r.dry || len(r.usedRunes) == 0 {
		return
	}
	r.pdf.RawWriteStr(runeMarker)
	var sb strings.Builder
	for m, fam := range r.families {
		used := r.usedRunes[m]
		if used == nil {
			continue
		}
		sb.Reset()
		for i, w := range used {
			for w != 0 {
				k := bits.TrailingZeros64(w)
				w &^= 1 << k
				sb.WriteRune(rune(i*64 + k))
			}
		}
		r.pdf.SetFont(fam, "", 10)
		r.pdf.Text(0, 0, sb.String())
	}
}

// runeMarker starts what markUsedRunes adds to the last page's content.
const runeMarker = "%altformats-used-runes"

// artifact wraps drawing in an /Artifact sequence. kind is "Header",
// "Footer" (pagination artifacts) or "" for layout artifacts (rules, fills).
func (r *renderer) artifact(kind string, draw func()) {
	if r.dry {
		return
	}
	if kind == "" {
		r.pdf.RawWriteStr("/Artifact BMC\n")
	} else {
		r.pdf.RawWriteStr("/Artifact <</Type /Pagination /Subtype /" + kind + ">> BDC\n")
	}
	draw()
	r.pdf.RawWriteStr("EMC\n")
}

func (r *renderer) beginTag(e *elem) {
	n := r.tg.mcid(e)
	r.pdf.RawWriteStr("/" + e.role + " <</MCID " + strconv.Itoa(n) + ">> BDC\n")
}

func (r *renderer) endTag() { r.pdf.RawWriteStr("EMC\n") }

// rule draws a horizontal line as a layout artifact.
func (r *renderer) rule(x1, x2, y, width float64, c rgb) {
	r.artifact("", func() {
		r.setDraw(c)
		r.pdf.SetLineWidth(width)
		r.pdf.Line(x1, y, x2, y)
	})
}

func (r *renderer) fillRect(x, y, w, h float64, c rgb) {
	r.artifact("", func() {
		r.setFill(c)
		r.pdf.Rect(x, y, w, h, "F")
	})
}

// pushDeco opens a box or bar; its top is the current y.
func (r *renderer) pushDeco(dc *deco) {
	dc.startY = r.y
	r.decos = append(r.decos, dc)
}

func (r *renderer) popDeco(endY float64) {
	if len(r.decos) == 0 {
		return
	}
	dc := r.decos[len(r.decos)-1]
	r.decos = r.decos[:len(r.decos)-1]
	r.paintDeco(dc, endY)
}

func (r *renderer) paintDecos(endY float64) {
	for _, dc := range r.decos {
		r.paintDeco(dc, endY+dc.pad)
	}
}

func (r *renderer) paintDeco(dc *deco, endY float64) {
	if r.dry || endY <= dc.startY {
		return
	}
	h := endY - dc.startY
	r.artifact("", func() {
		if dc.fill != nil {
			// Multiply leaves the text already drawn above it readable while
			// tinting the white page, so the box can be painted after its
			// content, once its height on this page is known.
			r.pdf.SetAlpha(1, "Multiply")
			r.setFill(*dc.fill)
			r.pdf.Rect(dc.x, dc.startY, dc.w, h, "F")
			r.pdf.SetAlpha(1, "Normal")
		}
		if dc.bar != nil {
			r.setFill(*dc.bar)
			r.pdf.Rect(dc.x, dc.startY, dc.barW, h, "F")
		}
	})
}
