package txt

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// blocks lays out a block sequence in width columns, separated by blank
// lines unless tight (a tight list item's paragraph and nested list).
func (w *writer) blocks(bs []doc.Block, width int, tight bool) []string {
	var out []string
	for _, b := range bs {
		lines := w.block(b, width)
		if len(lines) == 0 {
			continue
		}
		if len(out) > 0 && !tight {
			out = append(out, "")
		}
		out = append(out, lines...)
	}
	return out
}

func (w *writer) block(b doc.Block, width int) []string {
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > maxDepth {
		w.fail(doc.Errorf(b.Position(), "RENDER-DEPTH", "flatten the structure",
			"blocks are nested more than %d deep", maxDepth))
		return nil
	}
	width = max(width, minWidth)
	switch n := b.(type) {
	case *doc.Heading:
		lines := w.paragraph(n.Inlines, width)
		switch {
		case n.Level <= 1:
			return underline(lines, '=', false)
		case n.Level == 2:
			return underline(lines, '-', false)
		default:
			return underline(lines, '.', false)
		}
	case *doc.Paragraph:
		return w.paragraph(n.Inlines, width)
	case *doc.List:
		return w.list(n, width)
	case *doc.BlockQuote:
		return indent(w.blocks(n.Blocks, width-4, false), 4)
	case *doc.Alert:
		label := w.l.Alert(n.Kind) + ": "
		if p, ok := firstPara(n.Blocks); ok {
			lines := wrap(label+w.inlineText(p.Inlines), width, "", "")
			rest := w.blocks(n.Blocks[1:], width, false)
			if len(rest) > 0 {
				lines = append(append(lines, ""), rest...)
			}
			return lines
		}
		return append([]string{strings.TrimSpace(label)}, w.blocks(n.Blocks, width, false)...)
	case *doc.CodeBlock:
		// Verbatim: re-wrapping code would change its meaning.
		return indent(strings.Split(expandTabs(clean(n.Text)), "\n"), 4)
	case *doc.ThematicBreak:
		return []string{strings.Repeat(" ", (width-1)/2) + "\u2042"}
	case *doc.Table:
		return w.table(n, width)
	case *doc.DefinitionList:
		var out []string
		for i, it := range n.Items {
			if i > 0 {
				out = append(out, "")
			}
			out = append(out, w.paragraph(it.Term, width)...)
			for j, def := range it.Defs {
				if j > 0 {
					out = append(out, "")
				}
				out = append(out, indent(w.blocks(def, width-4, false), 4)...)
			}
		}
		return out
	case *doc.Figure:
		if n.Image == nil || n.Image.Decorative {
			return nil
		}
		lines := wrap(imageText(w.l, n.Image), width, "", " ")
		if len(n.Caption) > 0 {
			lines = append(lines, w.paragraph(n.Caption, width)...)
		}
		return lines
	default:
		w.fail(fmt.Errorf("%s: unhandled %T", b.Position(), b))
		return nil
	}
}

func firstPara(bs []doc.Block) (*doc.Paragraph, bool) {
	if len(bs) == 0 {
		return nil, false
	}
	p, ok := bs[0].(*doc.Paragraph)
	return p, ok
}

func (w *writer) paragraph(ins []doc.Inline, width int) []string {
	var out []string
	for _, seg := range strings.Split(w.inlineText(ins), "\n") {
		out = append(out, wrap(seg, width, "", "")...)
	}
	return out
}

var bullets = []string{"\u2022", "\u25e6", "\u25aa"}

func (w *writer) list(n *doc.List, width int) []string {
	numW := 0
	if n.Ordered {
		numW = len(strconv.Itoa(n.Start+len(n.Items)-1)) + 1
	}
	var out []string
	for i, it := range n.Items {
		var mark string
		if n.Ordered {
			num := strconv.Itoa(n.Start+i) + "."
			mark = strings.Repeat(" ", numW-len(num)) + num + " "
		} else {
			mark = bullets[w.listLevel(n)%len(bullets)] + " "
		}
		if it.Task {
			box := "\u2610 "
			if it.Checked {
				box = "\u2611 "
			}
			if n.Ordered {
				mark += box
			} else {
				mark = box
			}
		}
		body := w.blocks(it.Blocks, width-displayWidth(mark), n.Tight)
		if i > 0 && !n.Tight {
			out = append(out, "")
		}
		out = append(out, hang(body, mark)...)
	}
	return out
}

// listLevel counts the lists that contain n, for the bullet shape. The
// levels of every list are found in one walk and kept: searching the whole
// document for each item made long documents quadratic.
func (w *writer) listLevel(n *doc.List) int {
	if w.listLevels == nil {
		w.listLevels = map[*doc.List]int{}
		var walk func(bs []doc.Block, depth int)
		walk = func(bs []doc.Block, depth int) {
			for _, b := range bs {
				switch x := b.(type) {
				case *doc.List:
					if _, seen := w.listLevels[x]; !seen {
						w.listLevels[x] = depth
					}
					for _, it := range x.Items {
						walk(it.Blocks, depth+1)
					}
				case *doc.BlockQuote:
					walk(x.Blocks, depth)
				case *doc.Alert:
					walk(x.Blocks, depth)
				}
			}
		}
		walk(w.d.Blocks, 0)
		for _, fn := range w.d.Footnotes {
			walk(fn.Blocks, 0)
		}
	}
	return w.listLevels[n]
}

// table lays a table out in aligned columns when it fits the width, else as
// one block of "Header: value" lines per row, which reads well aloud too.
func (w *writer) table(t *doc.Table, width int) []string {
	w.tables++
	var out []string
	if len(t.Caption) > 0 {
		out = append(out, wrap(fmt.Sprintf("%s %d: %s", w.l.Table, w.tables, w.cellText(t.Caption)), width, "", "")...)
		out = append(out, "")
	}
	cols := t.Cols
	for _, r := range append(append([]*doc.TableRow{}, t.Head...), t.Body...) {
		cols = max(cols, len(r.Cells))
	}
	text := func(rows []*doc.TableRow) [][]string {
		var m [][]string
		for _, r := range rows {
			row := make([]string, cols)
			for i, c := range r.Cells {
				row[i] = w.cellText(c.Inlines)
			}
			m = append(m, row)
		}
		return m
	}
	head, body := text(t.Head), text(t.Body)
	widths := make([]int, cols)
	for _, row := range append(append([][]string{}, head...), body...) {
		for i, c := range row {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	total := 2 * (cols - 1)
	for _, cw := range widths {
		total += cw
	}
	align := func(i int) doc.Align {
		if i < len(t.Align) {
			return t.Align[i]
		}
		return doc.AlignNone
	}
	if total <= width {
		line := func(row []string) string {
			cells := make([]string, cols)
			for i, c := range row {
				cells[i] = pad(c, widths[i], align(i))
			}
			return strings.Join(cells, "  ")
		}
		for _, r := range head {
			out = append(out, line(r))
		}
		if len(head) > 0 {
			rules := make([]string, cols)
			for i, cw := range widths {
				rules[i] = strings.Repeat("-", max(cw, 1))
			}
			out = append(out, strings.Join(rules, "  "))
		}
		for _, r := range body {
			out = append(out, line(r))
		}
		return out
	}
	names := make([]string, cols)
	for i := range names {
		var parts []string
		for _, r := range head {
			if r[i] != "" {
				parts = append(parts, r[i])
			}
		}
		names[i] = strings.Join(parts, " ")
		if names[i] == "" {
			names[i] = fmt.Sprintf("%d", i+1)
		}
	}
	for k, r := range body {
		if k > 0 {
			out = append(out, "")
		}
		for i, c := range r {
			out = append(out, wrap(names[i]+": "+c, width, "", "  ")...)
		}
	}
	return out
}

func (w *writer) cellText(ins []doc.Inline) string {
	return strings.Join(strings.Fields(w.inlineText(ins)), " ")
}

func pad(s string, n int, a doc.Align) string {
	gap := n - displayWidth(s)
	if gap <= 0 {
		return s
	}
	switch a {
	case doc.AlignRight:
		return strings.Repeat(" ", gap) + s
	case doc.AlignCenter:
		return strings.Repeat(" ", gap/2) + s + strings.Repeat(" ", gap-gap/2)
	}
	return s + strings.Repeat(" ", gap)
}

func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var sb strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			n := 4 - col%4
			sb.WriteString(strings.Repeat(" ", n))
			col += n
		case '\n':
			sb.WriteRune(r)
			col = 0
		default:
			sb.WriteRune(r)
			col += runeWidth(r)
		}
	}
	return sb.String()
}

func imageText(l render.Labels, img *doc.Image) string {
	alt := strings.TrimSpace(clean(img.Alt))
	if alt == "" {
		return "[" + l.Image + "]"
	}
	return "[" + l.Image + ": " + alt + "]"
}
