// Package pdf renders the document model to a tagged PDF (PDF/UA-1 by
// construction) and to a large-print PDF.
//
// Two stages: the layout (pdf.go, blocks.go, inline.go, table.go,
// footnotes.go, keep.go) computes where every line, rule and image goes and
// draws it on a canvas (writer.go) with the structure tags (tag.go) around
// it; the writer writes the PDF's objects itself, page by page, then the
// fonts (fontembed.go), the structure tree (structwrite.go) and the
// cross-reference table. go-pdf/fpdf is used only to subset the TrueType
// fonts.
package pdf

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

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
		// a bug in the layout or in fpdf's subsetter must not take the
		// whole build down: it becomes this document's error.
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
	// Pages go to w as they are finished: on an error, w holds part of a
	// file, which the caller drops (the build keeps each output in its own
	// buffer until every writer has succeeded).
	r := newRenderer(d, opt, th, fs, large, false, tree != nil)
	pw := newPDFWriter(w, r.pw, r.ph)
	r.pdf = pw
	if err := r.run(); err != nil {
		return wrap(err)
	}
	if tree != nil {
		*tree = r.tg.root
	}
	if err := pw.finish(r.docInfo(), func(p *pdfWriter, root int) { p.writeTree(r.tg, root) }); err != nil {
		return fmt.Errorf("render pdf: %w", err)
	}
	return nil
}

func wrap(err error) error {
	var dg *doc.Diagnostic
	var ds doc.Diagnostics
	if errors.As(err, &dg) || errors.As(err, &ds) {
		return err
	}
	return fmt.Errorf("render pdf: %w", err)
}

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

	pdf canvas // nil in the dry pass
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

	runBuf  []byte // drawLine joins a run's atoms here
	atomBuf []atom // para's atoms, reused paragraph to paragraph

	headingLinks map[string]int // heading ID → link target
	headingPages []int          // page (1-based) of each TOC entry, in order
	tocIdx       int
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
	images        map[*byte]*imageRes
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
	r.headingLinks = map[string]int{}
	r.images = map[*byte]*imageRes{}
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
	return r
}

// docInfo is what the catalog, the Info dictionary and the XMP metadata
// say about the document.
func (r *renderer) docInfo() docInfo {
	mod := r.opt.Modified.UTC()
	m := r.d.Meta
	if r.large {
		// the edition is part of its title, as a library catalogue gives it
		m.Title += " (" + r.l.LargePrint + ")"
	}
	gen := r.opt.Generator
	if gen == "" {
		gen = "altformats"
	}
	in := docInfo{title: m.Title, subject: m.Summary, keywords: strings.Join(m.Keywords, ", "), gen: gen,
		date: "D:" + mod.Format("20060102150405"), xmp: xmp(m, gen, mod)}
	if len(m.Authors) > 0 {
		in.author = strings.Join(m.Authors, ", ")
	} else {
		in.author = m.Publisher
	}
	if validLang(m.Lang) {
		in.lang = m.Lang
	}
	return in
}

// validLang keeps /Lang to plain BCP 47 characters.
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
		r.pdf.newPage()
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
		r.pdf.strokeColour(r.cBorder)
		r.pdf.lineWidth(0.75)
		r.pdf.line(r.left, r.headRule, r.left+r.width, r.headRule)
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
		r.pdf.strokeColour(r.cBorder)
		r.pdf.lineWidth(0.75)
		r.pdf.line(r.left, r.footRule, r.left+r.width, r.footRule)
		// the page count is written once, at the end, in a form every
		// footer shows
		before, after, _ := strings.Cut(r.l.PageOf, "%s")
		s := fmt.Sprintf(before, r.pages)
		r.drawText(r.left, y, s, m, size, r.cMuted)
		r.pdf.pageCount(r.left+m.width(s, size), y, after, m, size, r.cMuted)
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

// fontFamilyName is a readable name for a face without a PostScript name;
// it becomes the PDF BaseFont (after the subset tag).
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

func (r *renderer) setDraw(c rgb) { r.pdf.strokeColour(c) }
func (r *renderer) setFill(c rgb) { r.pdf.fillColour(c) }

// drawText shows s with its baseline at y = baseline.
func (r *renderer) drawText(x, baseline float64, s string, m *metrics, size float64, c rgb) {
	r.pdf.text(x, baseline, s, m, size, c)
}

// artifact wraps drawing in an /Artifact sequence. kind is "Header",
// "Footer" (pagination artifacts) or "" for layout artifacts (rules, fills).
func (r *renderer) artifact(kind string, draw func()) {
	if r.dry {
		return
	}
	if kind == "" {
		r.pdf.raw("/Artifact BMC\n")
	} else {
		r.pdf.raw("/Artifact <</Type /Pagination /Subtype /" + kind + ">> BDC\n")
	}
	draw()
	r.pdf.raw("EMC\n")
}

func (r *renderer) beginTag(e *elem) {
	n := r.tg.mcid(e)
	r.pdf.raw("/" + e.role + " <</MCID " + strconv.Itoa(n) + ">> BDC\n")
}

func (r *renderer) endTag() { r.pdf.raw("EMC\n") }

// rule draws a horizontal line as a layout artifact.
func (r *renderer) rule(x1, x2, y, width float64, c rgb) {
	r.artifact("", func() {
		r.setDraw(c)
		r.pdf.lineWidth(width)
		r.pdf.line(x1, y, x2, y)
	})
}

func (r *renderer) fillRect(x, y, w, h float64, c rgb) {
	r.artifact("", func() {
		r.setFill(c)
		r.pdf.rect(x, y, w, h, false)
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
			r.pdf.multiply(true)
			r.setFill(*dc.fill)
			r.pdf.rect(dc.x, dc.startY, dc.w, h, false)
			r.pdf.multiply(false)
		}
		if dc.bar != nil {
			r.setFill(*dc.bar)
			r.pdf.rect(dc.x, dc.startY, dc.barW, h, false)
		}
	})
}
