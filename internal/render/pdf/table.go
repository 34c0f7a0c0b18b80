package pdf

import (
	"github.com/altformats/altformats/internal/doc"
)

type cellLayout struct {
	lines []line
	align doc.Align
	head  bool
}

type rowLayout struct {
	el    *elem
	cells []cellLayout
	h     float64
	head  bool
}

// table draws a table whose header rows repeat (as artifacts) at the top of
// every page it continues on. A row moves whole to the next page when it does
// not fit; only a row taller than a page is split, between lines.
func (r *renderer) table(t *doc.Table, x, w float64, parent *elem) error {
	return r.tableAs(t, x, w, parent, false)
}

// tableAs sets a table; stacked is set for the small tables of
// rowsAsTables, which are never stacked again.
func (r *renderer) tableAs(t *doc.Table, x, w float64, parent *elem, stacked bool) error {
	T := parent.child("Table")
	cols := t.Cols
	for _, rows := range [][]*doc.TableRow{t.Head, t.Body} {
		for _, row := range rows {
			if len(row.Cells) > cols {
				cols = len(row.Cells)
			}
		}
	}
	if cols == 0 {
		return nil
	}
	if len(t.Caption) > 0 {
		c := T.child("Caption")
		st := r.body()
		st.bold = true
		r.need(3 * r.base * r.lh)
		if err := r.para(t.Caption, x, w, c, st, r.lh); err != nil {
			return err
		}
		r.y += r.base * 0.3
	}
	st := r.body()
	if !r.large {
		st.size = r.base * 0.95
	}
	lh := r.lh * 0.95
	if lh < 1.2 {
		lh = 1.2
	}
	tc, err := r.tableCells(t, T, cols, w, st)
	if err != nil {
		return err
	}
	atoms, natural, minimum, glyph := tc.atoms, tc.natural, tc.minimum, tc.glyph
	pad, err := r.tablePad(t, w, glyph, st.size)
	if err != nil {
		return err
	}
	if !r.large {
		// Normal print may set a wide table's text smaller, down to 85%
		// (9 pt at the default size), so that its longest words fit side
		// by side; large print never shrinks (it sets rows as tables).
		sumMin := 0.0
		for _, m := range minimum {
			sumMin += m
		}
		room := w - 2*pad*float64(cols)
		if sumMin > room && sumMin > 0 {
			k := max(room/sumMin, 0.85)
			scaleAtoms(atoms, k)
			for j := range natural {
				natural[j] *= k
				minimum[j] *= k
				glyph[j] *= k
			}
		}
	}
	for j := range natural {
		natural[j] += 2 * pad
		minimum[j] += 2 * pad
		glyph[j] += 2 * pad
	}
	colW, broken := columnWidths(natural, minimum, glyph, w)
	if stacked && r.stackHeadW > 0 && len(colW) == 2 {
		// every row's table has the same header column, so they read as one
		colW[0], colW[1] = r.stackHeadW, w-r.stackHeadW
	}
	if broken && r.large && !stacked && cols > 2 && len(t.Head) > 0 && len(t.Body) > 0 {
		// Shrinking the type is not allowed in large print, and words cut
		// across lines are hard to read: set each row as a table of its own
		// (UKAAF), and say so.
		return r.rowsAsTables(t, x, w, parent)
	}
	rows := r.tableRows(t, tc, cols, colW, pad, lh, st.size)
	r.placeRows(tc, rows, x, w, colW, pad, stacked)
	r.gap(r.paraGap(false))
	return nil
}

// tableSrc is a row of the source table with its TR element.
type tableSrc struct {
	row  *doc.TableRow
	head bool
	el   *elem
}

// tableCellsOut is every cell's atoms and each column's natural, minimum
// (longest word) and floor (widest character or image) width.
type tableCellsOut struct {
	srcs                    []tableSrc
	atoms                   [][][]atom
	natural, minimum, glyph []float64
}

func (r *renderer) tableCells(t *doc.Table, T *elem, cols int, w float64, st tstyle) (*tableCellsOut, error) {
	thead := T.child("THead")
	tbody := T.child("TBody")
	var srcs []tableSrc
	for _, row := range t.Head {
		srcs = append(srcs, tableSrc{row, true, thead.child("TR")})
	}
	for _, row := range t.Body {
		srcs = append(srcs, tableSrc{row, false, tbody.child("TR")})
	}
	atoms := make([][][]atom, len(srcs))
	natural := make([]float64, cols)
	minimum := make([]float64, cols)
	glyph := make([]float64, cols) // the widest character (or image): a column is never narrower
	for i, s := range srcs {
		atoms[i] = make([][]atom, len(s.row.Cells))
		for j, c := range s.row.Cells {
			role := "TD"
			if s.head || c.Header {
				role = "TH"
			}
			ce := s.el.child(role)
			if role == "TH" {
				ce.set().scope = "Column"
				if !s.head {
					ce.set().scope = "Row"
				}
			}
			cs := st
			if role == "TH" {
				cs.bold = true
			}
			a, err := r.atomize(c.Inlines, cs, ce, w/float64(cols))
			if err != nil {
				return nil, err
			}
			atoms[i][j] = a
			nat, word, cur := 0.0, 0.0, 0.0
			for _, at := range a {
				glyph[j] = max(glyph[j], widestRune(at))
				nat += at.w
				cur += at.w - at.sw
				if at.space || at.brk {
					if cur > word {
						word = cur
					}
					cur = 0
				} else {
					cur += at.sw
				}
			}
			if cur > word {
				word = cur
			}
			natural[j] = max(natural[j], nat)
			minimum[j] = max(minimum[j], word)
		}
	}
	return &tableCellsOut{srcs: srcs, atoms: atoms, natural: natural, minimum: minimum, glyph: glyph}, nil
}

// tableRows breaks every cell into lines at its column's width.
func (r *renderer) tableRows(t *doc.Table, tc *tableCellsOut, cols int, colW []float64, pad, lh, size float64) []rowLayout {
	srcs, atoms := tc.srcs, tc.atoms
	rows := make([]rowLayout, len(srcs))
	for i, s := range srcs {
		rl := rowLayout{el: s.el, head: s.head}
		maxH := 0.0
		for j := 0; j < cols; j++ {
			cl := cellLayout{head: s.head}
			if j < len(s.row.Cells) {
				c := s.row.Cells[j]
				cl.align = c.Align
				if cl.align == doc.AlignNone && j < len(t.Align) {
					cl.align = t.Align[j]
				}
				cl.lines = r.breakLines(atoms[i][j], colW[j]-2*pad, lh)
			}
			h := 0.0
			for _, l := range cl.lines {
				h += l.h
			}
			if h > maxH {
				maxH = h
			}
			rl.cells = append(rl.cells, cl)
		}
		if maxH == 0 {
			maxH = size * lh
		}
		rl.h = maxH + 2*pad
		rows[i] = rl
	}
	return rows
}

// placeRows draws the rows, repeating the header rows on every page the
// table continues on.
func (r *renderer) placeRows(tc *tableCellsOut, rows []rowLayout, x, w float64, colW []float64, pad float64, stacked bool) {
	srcs, atoms := tc.srcs, tc.atoms
	// the cell elements of empty cells still belong in the tree
	cellEls := make([][]*elem, len(srcs))
	for i, s := range srcs {
		for j := range s.row.Cells {
			var ce *elem
			if len(atoms[i][j]) > 0 {
				ce = cellOwner(atoms[i][j])
			}
			cellEls[i] = append(cellEls[i], ce)
		}
	}
	var heads []rowLayout
	for _, rl := range rows {
		if rl.head {
			heads = append(heads, rl)
		}
	}
	headH := 0.0
	for _, h := range heads {
		headH += h.h
	}
	firstBody := 0.0
	for _, rl := range rows {
		if !rl.head {
			firstBody = rl.h
			break
		}
	}
	// keep the header with the first body row; a row's own table whole
	// when it takes less than half a page
	keep := headH + min(firstBody, (r.bottom-r.top)/3)
	if stacked {
		all := 0.0
		for _, rl := range rows {
			all += rl.h
		}
		if all < (r.bottom-r.top)/2 {
			keep = all
		}
		r.need(keep + 3)
		if !r.dry {
			r.rule(x, x+w, r.y+1, 2, r.cText)
		}
		r.y += 3
	} else {
		r.need(keep)
	}
	pageTop := r.y
	for i, rl := range rows {
		if !r.dry {
			rl.el.ensure()
			for _, ce := range cellEls[i] {
				if ce != nil {
					ce.ensure()
				} else {
					// an empty cell: an element with no content
					r.emptyCell(rl, srcs[i].head)
				}
			}
		}
		if r.y+rl.h > r.bottom && r.y > pageTop+0.01 {
			r.newPage()
			r.repeatHeads(heads, x, colW, pad)
			pageTop = r.y
		}
		r.drawRow(rl, x, colW, pad, false, heads)
	}
}

// cellOwner is the TH/TD element of a cell's atoms (inline children such as
// links hang below it).
func cellOwner(as []atom) *elem {
	for _, a := range as {
		for e := a.owner; e != nil; e = e.parent {
			if e.role == "TH" || e.role == "TD" {
				return e
			}
		}
	}
	return nil
}

func (r *renderer) emptyCell(rl rowLayout, head bool) {
	role := "TD"
	if head {
		role = "TH"
	}
	c := rl.el.child(role)
	if head {
		c.set().scope = "Column"
	}
	c.ensure()
}

// tablePad is the cell padding: thinner than usual when there are so many
// columns that the usual padding would leave a column too narrow for its
// widest character. A table that cannot fit one character per column across
// the page even without padding is refused rather than drawn past the margin.
func (r *renderer) tablePad(t *doc.Table, w float64, glyph []float64, size float64) (float64, error) {
	sum := 0.0
	for _, g := range glyph {
		sum += g
	}
	n := float64(len(glyph))
	pad := min(r.base*0.45, (w-sum)/(2*n))
	if pad < 1 {
		what := "print"
		if r.large {
			what = "large print"
		}
		return 0, doc.Errorf(t.Pos, "PDF-TABLE-WIDE",
			"split the table into narrower tables, or turn it round so its columns become rows",
			"table has %d columns: too many to fit across the page in %s at %g pt, even one character to a line", len(glyph), what, size)
	}
	return pad, nil
}

// widestRune is the width of an atom's widest character, or its image.
func widestRune(a atom) float64 {
	if a.img != nil {
		return a.img.w
	}
	w := 0.0
	for _, c := range a.s {
		w = max(w, a.m.runeWidth(c, a.size))
	}
	return w
}

// columnWidths shares the text width w between columns as browsers do
// (CSS 2.1 automatic table layout), from each column's preferred width
// (natural: its widest cell unwrapped), minimum (its longest word) and floor
// (its widest character; the floors add up to no more than w). When the
// minimums fit, no word is broken: each column gets its minimum plus a share
// of the room left in proportion to how much more it would like. When they
// do not, the widest minimums are lowered to one common width (the widest
// that fits), so only words wider than that are broken, in as few columns
// as possible; broken says so. The widths always add up to w.
func columnWidths(natural, minimum, floor []float64, w float64) (out []float64, broken bool) {
	n := len(natural)
	out = make([]float64, n)
	sumNat, sumMin := 0.0, 0.0
	for i := range natural {
		natural[i] = max(floor[i], min(natural[i], w))
		minimum[i] = max(floor[i], min(minimum[i], natural[i]))
		sumNat += natural[i]
		sumMin += minimum[i]
	}
	switch {
	case sumNat <= 0:
		for i := range out {
			out[i] = w / float64(n)
		}
	case sumNat <= w:
		// spread the spare room in proportion, so the table spans the text width
		for i := range out {
			out[i] = natural[i] + (w-sumNat)*natural[i]/sumNat
		}
	case sumMin <= w:
		extra := w - sumMin
		flex := sumNat - sumMin
		for i := range out {
			out[i] = minimum[i]
			if flex > 0 {
				out[i] += extra * (natural[i] - minimum[i]) / flex
			}
		}
	default:
		broken = true
		capW := waterLevel(minimum, floor, w)
		sum := 0.0
		for i := range out {
			out[i] = max(floor[i], min(minimum[i], capW))
			sum += out[i]
		}
		// rounding: give what is left (or take what is over) to the widest
		widest := 0
		for i := range out {
			if out[i] > out[widest] {
				widest = i
			}
		}
		out[widest] += w - sum
	}
	return out, broken
}

// waterLevel is the largest c with sum(max(floor, min(minimum, c))) <= w,
// found by bisection (the sum grows with c).
func waterLevel(minimum, floor []float64, w float64) float64 {
	lo, hi := 0.0, w
	for k := 0; k < 50; k++ {
		c := (lo + hi) / 2
		sum := 0.0
		for i := range minimum {
			sum += max(floor[i], min(minimum[i], c))
		}
		if sum <= w {
			lo = c
		} else {
			hi = c
		}
	}
	return lo
}

func (r *renderer) repeatHeads(heads []rowLayout, x float64, colW []float64, pad float64) {
	for _, h := range heads {
		r.drawRow(h, x, colW, pad, true, nil)
	}
}

// drawRow draws borders and fills first (as artifacts), then the cell text.
// A row taller than the space left on an empty page is split between lines.
func (r *renderer) drawRow(rl rowLayout, x float64, colW []float64, pad float64, artifact bool, heads []rowLayout) {
	w := 0.0
	for _, c := range colW {
		w += c
	}
	if r.y+rl.h <= r.bottom || artifact {
		r.rowFrame(rl, x, colW, r.y, rl.h)
		cx := x
		for j, c := range rl.cells {
			cy := r.y + pad
			for _, l := range c.lines {
				r.drawLine(l, cellX(cx, colW[j], pad, l.w, c.align), cy, artifact)
				cy += l.h
			}
			cx += colW[j]
		}
		r.y += rl.h
		return
	}
	// split: draw line slices across pages
	maxLines := 0
	for _, c := range rl.cells {
		if len(c.lines) > maxLines {
			maxLines = len(c.lines)
		}
	}
	segTop := r.y
	r.y += pad
	for li := 0; li < maxLines; li++ {
		lh := 0.0
		for _, c := range rl.cells {
			if li < len(c.lines) && c.lines[li].h > lh {
				lh = c.lines[li].h
			}
		}
		if r.y+lh+pad > r.bottom {
			r.rowFrame(rl, x, colW, segTop, r.y+pad-segTop)
			r.newPage()
			r.repeatHeads(heads, x, colW, pad)
			segTop = r.y
			r.y += pad
		}
		cx := x
		for j, c := range rl.cells {
			if li < len(c.lines) {
				l := c.lines[li]
				r.drawLine(l, cellX(cx, colW[j], pad, l.w, c.align), r.y, false)
			}
			cx += colW[j]
		}
		r.y += lh
	}
	r.y += pad
	r.rowFrame(rl, x, colW, segTop, r.y-segTop)
}

func cellX(cx, cw, pad, lw float64, a doc.Align) float64 {
	switch a {
	case doc.AlignRight:
		return cx + cw - pad - lw
	case doc.AlignCenter:
		return cx + (cw-lw)/2
	}
	return cx + pad
}

// rowFrame draws a row's rule and, for a header row, each cell's fill with
// a narrow gap between cells: one band across the row made a header cell
// look as if it spanned the empty header cells beside it (as in checklists
// whose box and number columns have no heading).
func (r *renderer) rowFrame(rl rowLayout, x float64, colW []float64, y, h float64) {
	if r.dry {
		return
	}
	w := 0.0
	for _, c := range colW {
		w += c
	}
	r.artifact("", func() {
		if rl.head {
			r.setFill(r.cTHead)
			gap := min(2, r.base*0.45/2)
			cx := x
			for j, cw := range colW {
				fw := cw
				if j < len(colW)-1 {
					fw -= gap
				}
				if fw > 0 {
					r.pdf.rect(cx, y, fw, h, false)
				}
				cx += cw
			}
		}
		r.setDraw(r.cBorder)
		lw := 0.75
		if rl.head {
			r.setDraw(r.cText)
			lw = 1.2
		}
		r.pdf.lineWidth(lw)
		r.pdf.line(x, y+h, x+w, y+h)
	})
}

// rowsAsTables sets each body row of a table too wide for large print as a
// two-column table of its own: the column's header (a TH with Scope Row) and
// the row's value, after a note saying the table was set this way. The
// table's caption, if any, comes first.
func (r *renderer) rowsAsTables(t *doc.Table, x, w float64, parent *elem) error {
	if len(t.Caption) > 0 {
		st := r.body()
		st.bold = true
		r.need(3 * r.base * r.lh)
		if err := r.para(t.Caption, x, w, parent.child("Caption"), st, r.lh); err != nil {
			return err
		}
		r.y += r.base * 0.3
	}
	note := parent.child("P")
	st := r.body()
	st.italic = true
	if err := r.para([]doc.Inline{&doc.Text{Pos: t.Pos, Text: r.l.RowsAsTables}}, x, w, note, st, r.lh); err != nil {
		return err
	}
	r.gap(r.paraGap(false))
	head := stackedHead(t.Head)
	// the header column: wide enough for the widest header unbroken, up to
	// two fifths of the width
	hst := r.body()
	hst.bold = true
	hw := 0.0
	for _, c := range head.Cells {
		atoms, err := r.atomize(c.Inlines, hst, nil, w)
		if err != nil {
			return err
		}
		nat := 0.0
		for _, a := range atoms {
			nat += a.w
		}
		hw = max(hw, nat)
	}
	r.stackHeadW = min(hw+r.base*0.9+1, w*0.4)
	defer func() { r.stackHeadW = 0 }()
	for _, row := range t.Body {
		small := &doc.Table{Pos: row.Pos, Cols: 2}
		for j, c := range row.Cells {
			var h []doc.Inline
			if j < len(head.Cells) {
				h = head.Cells[j].Inlines
			}
			small.Body = append(small.Body, &doc.TableRow{Pos: c.Pos, Cells: []*doc.TableCell{
				{Pos: c.Pos, Header: true, Inlines: h},
				{Pos: c.Pos, Header: c.Header, Inlines: c.Inlines},
			}})
		}
		if err := r.tableAs(small, x, w, parent, true); err != nil {
			return err
		}
	}
	return nil
}

// stackedHead is the one header row a table set row by row labels its
// values with: each column's header cells from every header row, the
// non-empty ones in order (a table with a year row over a measure row keeps
// both: "2022-2023 Feed cost").
func stackedHead(rows []*doc.TableRow) *doc.TableRow {
	last := rows[len(rows)-1]
	if len(rows) == 1 {
		return last
	}
	out := &doc.TableRow{Pos: last.Pos}
	for j, c := range last.Cells {
		var ins []doc.Inline
		for _, row := range rows {
			if j >= len(row.Cells) || len(row.Cells[j].Inlines) == 0 {
				continue
			}
			if len(ins) > 0 {
				ins = append(ins, &doc.Text{Pos: row.Cells[j].Pos, Text: " "})
			}
			ins = append(ins, row.Cells[j].Inlines...)
		}
		out.Cells = append(out.Cells, &doc.TableCell{Pos: c.Pos, Header: true, Inlines: ins})
	}
	return out
}

// scaleAtoms sets the atoms of a table's cells k times smaller or larger;
// widths are proportional to the size. Atoms of one run share a style, so
// each style is scaled once.
func scaleAtoms(cells [][][]atom, k float64) {
	seen := map[*runStyle]bool{}
	for _, row := range cells {
		for _, as := range row {
			for i := range as {
				a := &as[i]
				if a.img != nil {
					continue // an image keeps its size
				}
				a.w *= k
				a.sw *= k
				if a.runStyle != nil && !seen[a.runStyle] {
					seen[a.runStyle] = true
					a.size *= k
					a.rise *= k
				}
			}
		}
	}
}
