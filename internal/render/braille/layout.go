package braille

import (
	"fmt"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/louis"
	"github.com/altformats/altformats/internal/render"
)

const (
	maxDepth = doc.MaxRenderDepth
	// bodyRows are the rows under the page information line (line 1).
	bodyRows = Rows - 1
	// A heading may not end on a page's last two lines (body rows 22 and 23,
	// counted from 0), so at least one line of what follows shares its page.
	lastHeadingRow = bodyRows - 3
	// pageNumberGap is the blank cells between a running head and the
	// braille page number (UKAAF: at least three).
	pageNumberGap = 3
	// VolumePages is the most braille pages in one volume (UK practice: about
	// 120 sheets' sides at most, so a volume stays a manageable size).
	VolumePages = 120
	// guide is the guide dot (dots 5) that leads a contents entry to its page number.
	guide = '"'
)

// Page is one braille page: its rows (at most Rows, each at most Cols cells
// of lower-case ASCII braille) and the volume it belongs to.
type Page struct {
	Rows     []string
	Volume   int   // from 1
	Headings []int // indexes in Rows of heading lines (for the layout tests)
}

// Book is a laid-out braille document.
type Book struct {
	Pages   []Page
	Volumes int
}

// block is a laid-out piece of the body: its lines and how it may break.
type block struct {
	lines   []string
	heading bool // keep off the last two lines; blank line before
	level   int
	entry   []string // for a heading that goes in the contents: its braille text
}

type writer struct {
	d      *doc.Document
	l      render.Labels
	tr     Translator
	table  string // the document's grade 2 table
	welsh  bool
	err    error
	depth  int
	tables int // tables so far, for "Table 1: caption" as the plain text numbers them
	blocks []block
	used   used // what the transcriber's notes must explain
}

// used records the conventions a document needed, so the transcriber's
// notes explain those and no others.
type used struct {
	images, links, linearised, code, divided, otherLang bool
}

func (w *writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// Layout translates and lays out a document: a first pass collects the
// texts to translate, they are translated (in parallel when tr can), and a
// second pass lays out the braille (see batch.go).
func Layout(d *doc.Document, tr Translator) (*Book, error) {
	rec := &recorder{seen: map[request]bool{}}
	if _, err := layout(d, rec); err != nil {
		return nil, err
	}
	done, err := translateAll(tr, rec.order)
	if err != nil {
		return nil, err
	}
	return layout(d, &translated{tr: tr, done: done})
}

func layout(d *doc.Document, tr Translator) (*Book, error) {
	w := &writer{d: d, l: render.LabelsFor(d.Meta.Lang), tr: tr}
	w.table = tableFor(d.Meta.Lang, louis.TableUEB2)
	w.welsh = w.table == louis.TableWelsh2
	title := w.braille(d.TitleInlines)
	if strings.TrimSpace(strings.Join(title, "")) == "" {
		title = []string{w.plain(d.Meta.Title)}
	}
	w.heading(1, title, false)
	if d.Meta.Subtitle != "" {
		w.para(w.plain(d.Meta.Subtitle), 0, 2)
	}
	if d.Meta.Summary != "" {
		w.para(w.plain(d.Meta.Summary), 0, 2)
	}
	w.details()
	for _, b := range d.Blocks {
		w.block(b, 0)
	}
	if len(d.Footnotes) > 0 {
		w.heading(2, []string{w.plain(w.l.Footnotes)}, true)
		for _, fn := range d.Footnotes {
			start := len(w.blocks)
			w.blocksIn(fn.Blocks, 2)
			mark := w.plain(fmt.Sprintf("[%d]", fn.N)) + " "
			if start < len(w.blocks) && len(w.blocks[start].lines) > 0 {
				// the note number starts the note's first line, at the margin
				first := strings.TrimLeft(w.blocks[start].lines[0], " ")
				w.blocks[start].lines = append(w.wrap(mark+first, Cols, 0, 2), w.blocks[start].lines[1:]...)
			}
		}
	}
	if m := d.Meta; m.Contact != "" {
		w.para(w.plain(w.l.Contact+" "+m.Contact+"."), 0, 2)
	}
	if m := d.Meta; m.Licence != "" {
		w.para(w.plain(w.l.Licence+": "+m.Licence), 0, 2)
	}
	if w.err != nil {
		return nil, w.err
	}
	b := w.paginate(title)
	return b, w.err
}

// details: the publication details after the summary, one a line, as the
// plain text gives them (the title page repeats only publisher and date).
func (w *writer) details() {
	m := w.d.Meta
	field := func(label, value string) {
		if value != "" {
			w.para(w.plain(label+": "+value), 0, 2)
		}
	}
	switch len(m.Authors) {
	case 0:
	case 1:
		field(w.l.Author, m.Authors[0])
	default:
		field(w.l.Authors, strings.Join(m.Authors, ", "))
	}
	field(w.l.Publisher, m.Publisher)
	if m.Date != "" {
		s, _ := w.l.HumanDate(m.Date)
		field(w.l.Published, s)
	}
	if m.Updated != "" && m.Updated != m.Date {
		s, _ := w.l.HumanDate(m.Updated)
		field(w.l.Updated, s)
	}
	field(w.l.Version, m.Version)
}

// ---- blocks ----

func (w *writer) blocksIn(bs []doc.Block, indent int) {
	for _, b := range bs {
		w.block(b, indent)
	}
}

// para adds a paragraph of braille: first line at cell first+1, runovers at
// cell rest+1.
func (w *writer) para(braille string, first, rest int) {
	if braille == "" {
		return
	}
	w.blocks = append(w.blocks, block{lines: w.wrap(braille, Cols, first, rest)})
}

func (w *writer) paraLines(lines []string, first, rest int) {
	var out []string
	for i, l := range lines {
		f := first
		if i > 0 {
			f = rest // after a forced line break: a runover, not a new paragraph
		}
		out = append(out, w.wrap(l, Cols, f, rest)...)
	}
	if len(out) > 0 {
		w.blocks = append(w.blocks, block{lines: out})
	}
}

func (w *writer) heading(level int, text []string, contents bool) {
	var lines []string
	for _, t := range text {
		if level <= 2 {
			// centred, with room either side
			for _, l := range w.wrap(t, Cols-4, 0, 0) {
				lines = append(lines, centre(l))
			}
		} else {
			lines = append(lines, w.wrap(t, Cols, 0, 2)...)
		}
	}
	if len(lines) == 0 {
		return
	}
	b := block{lines: lines, heading: true, level: level}
	if contents {
		b.entry = text
	}
	w.blocks = append(w.blocks, b)
}

func (w *writer) block(b doc.Block, indent int) {
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > maxDepth {
		w.fail(doc.Errorf(b.Position(), "RENDER-DEPTH", "flatten the structure",
			"blocks are nested more than %d deep", maxDepth))
		return
	}
	indent = min(indent, Cols/2)
	switch n := b.(type) {
	case *doc.Heading:
		w.heading(n.Level, w.braille(n.Inlines), n.Level <= 3)
	case *doc.Paragraph:
		// UK literary layout: first line at cell 3, runovers at cell 1
		// (nested: relative to the indent).
		w.paraLines(w.braille(n.Inlines), indent+2, indent)
	case *doc.List:
		w.list(n, indent)
	case *doc.BlockQuote:
		w.blocksIn(n.Blocks, indent+2)
	case *doc.Alert:
		label := w.plain(w.l.Alert(n.Kind) + ":")
		if len(n.Blocks) > 0 {
			if p, ok := n.Blocks[0].(*doc.Paragraph); ok {
				lines := w.braille(p.Inlines)
				lines[0] = label + " " + lines[0]
				w.paraLines(lines, indent, indent+2)
				w.blocksIn(n.Blocks[1:], indent+2)
				return
			}
		}
		w.para(label, indent, indent)
		w.blocksIn(n.Blocks, indent+2)
	case *doc.CodeBlock:
		// Grade 1: contractions would change what the code says.
		w.used.code = true
		var lines []string
		for _, l := range strings.Split(strings.ReplaceAll(n.Text, "\t", "    "), "\n") {
			b, err := w.tr.Translate(louis.TableUEB1, clean(l), nil)
			if err != nil {
				w.fail(err)
				return
			}
			lines = append(lines, w.wrap(strings.TrimRight(cells(b), " "), Cols, indent+2, indent+4)...)
		}
		w.blocks = append(w.blocks, block{lines: lines})
	case *doc.ThematicBreak:
		// a centred line of dots 2-5, the transcriber's rule
		w.blocks = append(w.blocks, block{lines: []string{centre(strings.Repeat("3", 12))}})
	case *doc.Table:
		w.tableBlock(n, indent)
	case *doc.DefinitionList:
		for _, it := range n.Items {
			w.paraLines(w.braille(it.Term), indent, indent+2)
			for _, def := range it.Defs {
				w.blocksIn(def, indent+2)
			}
		}
	case *doc.Figure:
		var ins []doc.Inline
		ins = append(ins, n.Image)
		if len(n.Caption) > 0 {
			ins = append(ins, &doc.Text{Text: " "})
			ins = append(ins, n.Caption...)
		}
		if n.Image.Decorative && len(n.Caption) == 0 {
			return
		}
		w.paraLines(w.braille(ins), indent, indent+2)
	default:
		w.fail(fmt.Errorf("%s: unhandled %T", b.Position(), b))
	}
}

// list: each item starts at the indent with its marker, runovers two cells in.
func (w *writer) list(n *doc.List, indent int) {
	for i, it := range n.Items {
		marker := "\u2022 "
		if n.Ordered {
			marker = fmt.Sprintf("%d. ", n.Start+i)
		}
		if it.Task {
			if it.Checked {
				marker += "(" + w.l.Done + ") "
			} else {
				marker += "(" + w.l.NotDone + ") "
			}
		}
		rest := it.Blocks
		var first []doc.Inline
		if len(rest) > 0 {
			if p, ok := rest[0].(*doc.Paragraph); ok {
				first = p.Inlines
				rest = rest[1:]
			}
		}
		ins := append([]doc.Inline{&doc.Text{Text: marker}}, first...)
		w.paraLines(w.braille(ins), indent, indent+2)
		w.blocksIn(rest, indent+2)
	}
}

// table: in columns when every row fits the line, else each row as
// "header: value" lines (the first at the margin, the others two cells in).
func (w *writer) tableBlock(t *doc.Table, indent int) {
	w.tables++
	if len(t.Caption) > 0 {
		lines := w.braille(append([]doc.Inline{&doc.Text{Text: fmt.Sprintf("%s %d: ", w.l.Table, w.tables)}}, t.Caption...))
		w.paraLines(lines, indent, indent+2)
	}
	cell := func(c *doc.TableCell) string { return strings.Join(w.braille(c.Inlines), " ") }
	// a column's name: its header cells (every header row), else its number
	head := make([]string, t.Cols)
	for _, r := range t.Head {
		for i, c := range r.Cells {
			if i < len(head) {
				if s := cell(c); s != "" {
					head[i] = strings.TrimSpace(head[i] + " " + s)
				}
			}
		}
	}
	named := head
	head = make([]string, len(named))
	for i, h := range named {
		head[i] = h
		if h == "" {
			named[i] = w.plain(fmt.Sprint(i + 1))
		}
	}
	var body [][]string
	for _, r := range t.Body {
		var row []string
		for _, c := range r.Cells {
			row = append(row, cell(c))
		}
		body = append(body, row)
	}
	widths := make([]int, t.Cols)
	for _, row := range append([][]string{head}, body...) {
		for i, c := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], len(c))
			}
		}
	}
	total := indent
	for _, wd := range widths {
		total += wd + 2
	}
	if t.Cols > 0 && total-2 <= Cols {
		var lines []string
		for _, row := range append([][]string{head}, body...) {
			var sb strings.Builder
			sb.WriteString(strings.Repeat(" ", indent))
			for i, c := range row {
				if i >= len(widths) {
					break
				}
				sb.WriteString(c)
				if i < len(row)-1 {
					sb.WriteString(strings.Repeat(" ", widths[i]-len(c)+2))
				}
			}
			lines = append(lines, strings.TrimRight(sb.String(), " "))
		}
		w.blocks = append(w.blocks, block{lines: lines})
		return
	}
	colon := w.plain(":")
	w.used.linearised = w.used.linearised || len(body) > 0
	for _, row := range body {
		var lines []string
		for i, c := range row {
			s := c
			if i < len(named) {
				s = named[i] + colon + " " + c
			}
			in := indent
			if i > 0 {
				in = indent + 2
			}
			lines = append(lines, w.wrap(s, Cols, in, in+2)...)
		}
		w.blocks = append(w.blocks, block{lines: lines})
	}
}

// ---- lines ----

// wrapLines breaks braille into lines of at most width cells at spaces: the
// first line indented first cells, the rest rest cells. A word longer than a
// line is divided (see divide).
// wrap breaks braille into lines (wrapLines), noting whether a word had to
// be divided: the transcriber's notes then say how division is shown.
func (w *writer) wrap(s string, width, first, rest int) []string {
	lines, divided := wrapLines(s, width, first, rest)
	w.used.divided = w.used.divided || divided
	return lines
}

func wrapLines(s string, width, first, rest int) (_ []string, divided bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	var lines []string
	var cur strings.Builder
	ind := first
	avail := func() int { return width - ind }
	flush := func() {
		lines = append(lines, strings.Repeat(" ", ind)+cur.String())
		cur.Reset()
		ind = rest
	}
	for _, word := range strings.Fields(s) {
		if cur.Len() > 0 && cur.Len()+1+len(word) > avail() {
			flush()
		}
		for len(word) > avail() {
			if cur.Len() > 0 {
				flush()
			}
			head, tail := divide(word, max(avail(), 2))
			divided = true
			cur.WriteString(head)
			word = tail
			flush()
		}
		if word == "" {
			continue
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		flush()
	}
	return lines, divided
}

// hyphen is the UEB hyphen (dots 36), which ends the first part of a word
// divided between lines (Rules of UEB 10.13).
const hyphen = '-'

// divide splits a braille word too long for a line: head (ending with a
// hyphen) fits in room cells, tail continues on the next line. It divides
// between two signs, never inside one: in UEB every sign of more than one
// cell is one or more prefixes followed by a root (Rules of UEB 1.2), so no
// division follows a prefix cell, which keeps contractions of two or three
// cells (ound, word, the capital and numeric indicators, the transcriber's
// note indicators) whole. Nor does it divide next to a lower sign (the
// lower groupsigns ea, bb, cc, ff, gg may not touch the division, UEB
// 10.13.10), before a final-letter groupsign (which may not begin the line,
// 10.13.7), after an existing hyphen (a reader could not tell it from the
// division's) or inside a number (its digits would lose their numeric
// indicator). An address divides after a slash when one falls in the
// second half of the line. When no place is allowed the word is divided at the line's
// end anyway, so that nothing is lost.
func divide(word string, room int) (head, tail string) {
	cut, slash := 0, 0
	numeric := false
	for i := 1; i < len(word); i++ {
		prev, next := word[i-1], word[i]
		numeric = numericAfter(numeric, prev)
		if i+1 > room {
			break
		}
		if isPrefix(prev) || isLower(prev) || isLower(next) || prev == hyphen ||
			(next == '.' || next == ';') && i+1 < len(word) && isLetter(word[i+1]) ||
			numeric && (isDigit(next) || next == '1' || next == '4') {
			continue
		}
		cut = i
		if prev == '/' && i >= 2 && word[i-2] == '_' {
			slash = i // after "_/", UEB's slash (a lone "/" is the groupsign st)
		}
	}
	if slash > 0 && slash >= room/2 {
		cut = slash // an address divides best after one of its slashes
	}
	if cut == 0 {
		cut = max(room-1, 1)
	}
	return word[:cut] + string(hyphen), word[cut:]
}

// isPrefix: the UEB prefixes, dots 3456 and the cells of the right-hand
// column only (dots 4, 5, 6, 45, 46, 56, 456).
func isPrefix(c byte) bool { return strings.IndexByte("#@\"^,.;_", fold(c)) >= 0 }

// isLower: the cells with dots only in the lower rows (2, 3, 5, 6): ea, bb,
// cc, dd, en, ff, gg and the lower punctuation, the apostrophe, the hyphen.
func isLower(c byte) bool { return strings.IndexByte("1234567890'-", c) >= 0 }

func isLetter(c byte) bool { c = fold(c); return c >= 'A' && c <= 'Z' }

// isDigit: the digits of UEB numeric mode are the letters a–j.
func isDigit(c byte) bool { c = fold(c); return c >= 'A' && c <= 'J' }

// numericAfter says whether the cell after c is still in numeric mode: it
// starts at the numeric indicator and runs through digits and the comma
// and full stop inside a number.
func numericAfter(numeric bool, c byte) bool {
	return c == '#' || numeric && (isDigit(c) || c == '1' || c == '4')
}

// fold maps liblouis's lower-case ASCII braille (0x60–0x7F) to the same
// cells' forms in 0x40–0x5F, as the BRF writes them.
func fold(c byte) byte {
	if c >= 0x60 && c <= 0x7F {
		return c - 0x20
	}
	return c
}

func centre(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= Cols {
		return s
	}
	return strings.Repeat(" ", (Cols-len(s))/2) + s
}

// number writes a page number in braille: the numeric indicator and the
// letters a–j for the digits (UEB and Welsh braille alike).
func number(prefix string, n int) string {
	var sb strings.Builder
	sb.WriteString(prefix)
	sb.WriteByte('#')
	for _, c := range fmt.Sprint(n) {
		if c == '0' {
			sb.WriteByte('j')
		} else {
			sb.WriteByte(byte('a' + c - '1'))
		}
	}
	return sb.String()
}

// infoLine is a page's line 1: the running head (centred, when it fits with
// at least three blank cells before the number) and the braille page number
// in the last cells.
func infoLine(head, num string) string {
	if num == "" {
		return ""
	}
	room := Cols - len(num) - pageNumberGap
	line := strings.Repeat(" ", Cols-len(num))
	if head != "" && len(head) <= room-2 {
		pad := (room - len(head)) / 2
		line = strings.Repeat(" ", pad) + head + strings.Repeat(" ", Cols-len(num)-pad-len(head))
	}
	return line + num
}
