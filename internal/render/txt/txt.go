// Package txt writes a document as plain UTF-8 text wrapped at 72 columns:
// for screen readers, e-mail, Braille translation software and anyone who
// wants the words without the layout. No Markdown syntax survives: headings
// are underlined, lists use bullets and hanging indents, tables are laid out
// in columns (or as one "Header: value" record per row when too wide), links
// are written as "text (URL)", images as "[Image: alt]" and footnotes as [1]
// with a Notes section.
package txt

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// Width is the line length in columns (display width, so a wide CJK
// character counts two).
const Width = 72

// minWidth is the narrowest text column nesting may leave; deeper content
// stops indenting rather than becoming one word per line.
const minWidth = 30

// maxDepth bounds block nesting, like the HTML writer.
const maxDepth = doc.MaxRenderDepth

// Render writes the plain-text form (format "txt").
func Render(d *doc.Document, opt render.Options, w io.Writer) error {
	return render.Reported(opt, write(d, w))
}

func write(d *doc.Document, w io.Writer) error {
	if d == nil {
		return fmt.Errorf("render txt: no document")
	}
	tw := &writer{d: d, l: render.LabelsFor(d.Meta.Lang)}
	// Each block is written as it is made, a blank line between blocks, so
	// the text is never held whole as lines and again as one string.
	bw := bufio.NewWriterSize(w, 64<<10)
	first := true
	add := func(block []string) {
		if len(block) == 0 {
			return
		}
		if !first {
			bw.WriteByte('\n')
		}
		first = false
		for _, l := range block {
			bw.WriteString(strings.TrimRight(l, " "))
			bw.WriteByte('\n')
		}
	}
	for _, b := range tw.titleBlock() {
		add(b)
	}
	for _, b := range tw.d.Blocks {
		add(tw.block(b, Width))
	}
	add(tw.footnotes())
	for _, b := range tw.footer() {
		add(b)
	}
	if tw.err != nil {
		return fmt.Errorf("render txt: %w", tw.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render txt: %w", err)
	}
	return nil
}

type writer struct {
	d      *doc.Document
	l      render.Labels
	depth  int
	tables int
	err    error

	listLevels map[*doc.List]int // nesting of each list, filled on first use
}

func (w *writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// titleBlock returns the title (over- and underlined), subtitle, summary and
// the publication details, each a separate block.
func (w *writer) titleBlock() [][]string {
	m := w.d.Meta
	title := w.inlineText(w.d.TitleInlines)
	if strings.TrimSpace(title) == "" {
		title = clean(m.Title)
	}
	var blocks [][]string
	blocks = append(blocks, underline(wrap(title, Width, "", ""), '=', true))
	if m.Subtitle != "" {
		blocks = append(blocks, wrap(clean(m.Subtitle), Width, "", ""))
	}
	if m.Summary != "" {
		blocks = append(blocks, wrap(clean(m.Summary), Width, "", ""))
	}
	var meta []string
	field := func(label, value string) {
		meta = append(meta, wrap(label+": "+clean(value), Width, "", "  ")...)
	}
	switch len(m.Authors) {
	case 0:
	case 1:
		field(w.l.Author, m.Authors[0])
	default:
		field(w.l.Authors, strings.Join(m.Authors, ", "))
	}
	if m.Publisher != "" {
		field(w.l.Publisher, m.Publisher)
	}
	if m.Date != "" {
		s, _ := w.l.HumanDate(m.Date)
		field(w.l.Published, s)
	}
	if m.Updated != "" && m.Updated != m.Date {
		s, _ := w.l.HumanDate(m.Updated)
		field(w.l.Updated, s)
	}
	if m.Version != "" {
		field(w.l.Version, m.Version)
	}
	if len(meta) > 0 {
		blocks = append(blocks, meta)
	}
	return blocks
}

func (w *writer) footnotes() []string {
	if len(w.d.Footnotes) == 0 {
		return nil
	}
	out := underline([]string{w.l.Footnotes}, '-', false)
	for _, fn := range w.d.Footnotes {
		mark := fmt.Sprintf("[%d] ", fn.N)
		out = append(out, "")
		out = append(out, hang(w.blocks(fn.Blocks, Width-displayWidth(mark), false), mark)...)
	}
	return out
}

func (w *writer) footer() [][]string {
	m := w.d.Meta
	var out [][]string
	if m.Contact != "" {
		out = append(out, wrap(w.l.Contact+" "+clean(m.Contact)+".", Width, "", ""))
	}
	if m.Licence != "" {
		out = append(out, wrap(w.l.Licence+": "+clean(m.Licence), Width, "", ""))
	}
	return out
}

// underline puts a rule of c under lines (and over them when over is set),
// as long as the longest line.
func underline(lines []string, c rune, over bool) []string {
	n := 0
	for _, l := range lines {
		n = max(n, displayWidth(l))
	}
	rule := strings.Repeat(string(c), max(n, 3))
	out := make([]string, 0, len(lines)+2)
	if over {
		out = append(out, rule)
	}
	out = append(out, lines...)
	return append(out, rule)
}

// hang prefixes the first line with mark and indents the rest to match.
func hang(lines []string, mark string) []string {
	pad := strings.Repeat(" ", displayWidth(mark))
	out := make([]string, len(lines))
	for i, l := range lines {
		switch {
		case i == 0:
			out[i] = mark + l
		case l == "":
			out[i] = ""
		default:
			out[i] = pad + l
		}
	}
	if len(lines) == 0 {
		out = []string{strings.TrimRight(mark, " ")}
	}
	return out
}

func indent(lines []string, n int) []string {
	return hang(lines, strings.Repeat(" ", n))
}
