package pdf

import (
	"math"
	"strings"

	"github.com/altformats/altformats/internal/doc"
)

// Keeping things together across page breaks. A heading must not end a
// page, and a list marker must not be parted from its text, so before
// either is drawn the writer asks how much of what follows has to go on the
// same page: leadHeight. It is estimated from the text's width without
// laying it out (a heading would otherwise have to be drawn after what
// follows it), and errs on the high side: a few lines of white space at the
// foot of a page rather than a heading alone there.

// headingLead is the height a heading itself takes, with its space above
// and below.
func (r *renderer) headingLead(n *doc.Heading, w float64) float64 {
	lvl := min(max(n.Level, 1), 6)
	size := r.headingSize(lvl)
	return r.base*1.3 + r.textLines(doc.PlainText(n.Inlines), size, true, w, 0)*size*1.2 + r.base*0.5
}

// leadCapped is min(leadHeight(bs, w), limit), without walking a run of
// headings further than limit reaches: a heading keeps with at most a third
// of a page, so only the headings within that third matter. Walking the
// whole run from every heading made a document of 20,000 headings in a row
// take 45 s (quadratic).
func (r *renderer) leadCapped(bs []doc.Block, w, limit float64) float64 {
	if len(bs) > 0 {
		if h, ok := bs[0].(*doc.Heading); ok {
			own := r.headingLead(h, w)
			if own >= limit {
				return limit
			}
			if rest := r.leadCapped(bs[1:], w, limit-own); rest < limit-own {
				return own + rest
			}
			return limit
		}
	}
	return min(r.leadHeight(bs, w), limit)
}

// leadHeight is the height of the start of bs that a heading before it keeps
// with: two lines of a paragraph (or all of a shorter one), a table's caption,
// header and first row, an image and its caption, a heading and what it in
// turn keeps with.
func (r *renderer) leadHeight(bs []doc.Block, w float64) float64 {
	if len(bs) == 0 {
		return 0
	}
	line := r.base * r.lh
	switch n := bs[0].(type) {
	case *doc.Heading:
		return r.headingLead(n, w) + r.leadCapped(bs[1:], w, (r.bottom-r.top)/3)
	case *doc.Paragraph:
		// as para keeps them: a paragraph of up to four lines whole, else two
		k := r.textLines(doc.PlainText(n.Inlines), r.base, false, w, 0)
		if k > 4 {
			k = 2
		}
		return k * line
	case *doc.List:
		if len(n.Items) == 0 {
			return line
		}
		return max(line, r.leadHeight(n.Items[0].Blocks, w-r.base*1.6))
	case *doc.BlockQuote:
		return r.base*0.4 + max(line, r.leadHeight(n.Blocks, w-r.base*1.5))
	case *doc.Alert:
		return r.base*1.6 + line + max(line, r.leadHeight(n.Blocks, w-r.base*2))
	case *doc.CodeBlock:
		lines := min(float64(strings.Count(n.Text, "\n")+1), 2)
		return lines*r.base*1.35 + r.base*1.2
	case *doc.Table:
		return r.tableLead(n, w)
	case *doc.Figure:
		h := 0.0
		if img := n.Image; img != nil && img.Width > 0 && img.Height > 0 {
			iw, ih := float64(img.Width)*0.75, float64(img.Height)*0.75
			if iw > w {
				ih *= w / iw
			}
			h = ih
		}
		if len(n.Caption) > 0 {
			h += r.base*0.4 + r.textLines(doc.PlainText(n.Caption), r.smallSize(), false, w, 0)*r.smallSize()*r.lh
		}
		return h
	case *doc.DefinitionList:
		return 3 * line
	}
	return line
}

// textLines estimates how many lines s takes at size in width w (at most
// limit when limit > 0), from its width and a fifth for the ragged right.
func (r *renderer) textLines(s string, size float64, bold bool, w float64, limit float64) float64 {
	slot := faceRegular
	if bold {
		slot = faceBold
	}
	tw := r.faceMetrics(slot).width(s, size)
	n := math.Max(1, math.Ceil(tw*1.2/math.Max(w, 1)))
	if limit > 0 {
		n = math.Min(n, limit)
	}
	return n
}

// tableLead estimates a table's caption, header rows and first body row, in
// columns of equal width (content widths are at least as generous).
func (r *renderer) tableLead(t *doc.Table, w float64) float64 {
	cols := max(t.Cols, 1)
	size := r.base
	if !r.large {
		size = r.base * 0.95
	}
	lh := max(r.lh*0.95, 1.2)
	pad := r.base * 0.45
	cw := w/float64(cols) - 2*pad
	h := 0.0
	if len(t.Caption) > 0 {
		h += r.textLines(doc.PlainText(t.Caption), r.base, true, w, 0)*r.base*r.lh + r.base*0.3
	}
	rows := append([]*doc.TableRow(nil), t.Head...)
	if len(t.Body) > 0 {
		rows = append(rows, t.Body[0])
	}
	for _, row := range rows {
		lines := 1.0
		for _, c := range row.Cells {
			lines = max(lines, r.textLines(doc.PlainText(c.Inlines), size, c.Header, cw, 0))
		}
		h += lines*size*lh + 2*pad
	}
	return h
}
