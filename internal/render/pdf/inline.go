package pdf

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/doc"
)

// tstyle is how a run of text looks.
type tstyle struct {
	bold      bool
	italic    bool
	mono      bool
	size      float64
	colour    rgb
	rise      float64
	strike    bool
	underline bool
}

func (s tstyle) faceSlot() int {
	switch {
	case s.mono:
		return faceMono
	case s.bold && s.italic:
		return faceBoldItalic
	case s.bold:
		return faceBold
	case s.italic:
		return faceItalic
	}
	return faceRegular
}

// linkTarget is where a Link element's annotations point.
type linkTarget struct {
	url      string // external
	internal int    // link target (canvas.newTarget), or -1
	contents string // annotation /Contents
	el       *elem
}

// atom is the unit of line breaking: a word or part of one in one face, with
// its trailing space (kept, so text extraction keeps word boundaries), or an
// inline image. A long document has millions of atoms, so how a run looks is
// shared by all the atoms of the run (runStyle) and image details sit
// behind a pointer: the atom is a third of the size it was, which is most of
// the writer's garbage.
type atom struct {
	s  string
	w  float64 // width including the trailing space
	sw float64 // width of the trailing space
	*runStyle
	img   *inlineImage
	fnRef int32 // footnote number whose reference this atom is, 0 otherwise
	brk   bool  // forced line break after this atom
	space bool  // a break is allowed after this atom
}

// runStyle is how the atoms of one run of text look and what owns them.
// Atoms share it; setting link on an atom sets it for its whole run.
type runStyle struct {
	m      *metrics
	size   float64
	colour rgb
	rise   float64
	strike bool
	under  bool
	owner  *elem
	link   *linkTarget
}

// inlineImage is an image drawn in a line of text.
type inlineImage struct {
	data *doc.Image
	el   *elem // Figure element, nil for a decorative image (artifact)
	w, h float64
}

// inliner turns inline nodes into atoms.
type inliner struct {
	r     *renderer
	atoms []atom
	last  *runStyle // style of the atom made last, reused while it fits
	err   error
	// lineW bounds inline image size.
	lineW float64
}

func (r *renderer) atomize(ins []doc.Inline, st tstyle, owner *elem, lineW float64) ([]atom, error) {
	return r.atomizeInto(nil, ins, st, owner, lineW)
}

// atomizeInto appends to buf (a paragraph reuses one buffer: it is drawn
// before the next is made).
func (r *renderer) atomizeInto(buf []atom, ins []doc.Inline, st tstyle, owner *elem, lineW float64) ([]atom, error) {
	in := inliner{r: r, lineW: lineW, atoms: buf[:0]}
	in.inlines(ins, st, owner, nil)
	return in.atoms, in.err
}

func (in *inliner) inlines(ins []doc.Inline, st tstyle, owner *elem, link *linkTarget) {
	r := in.r
	for _, n := range ins {
		if in.err != nil {
			return
		}
		switch n := n.(type) {
		case *doc.Text:
			// Front-matter text (title, summary) carries the front matter's
			// position, not its own: no column can be counted from it.
			var src *doc.Text
			if n.Pos != r.d.Meta.Pos {
				src = n
			}
			in.text(n.Text, n.Pos, st, owner, link, src)
		case *doc.Emph:
			s := st
			if r.large {
				s.bold = true // RNIB/UKAAF: avoid italics in large print
			} else {
				s.italic = true
			}
			in.inlines(n.Children, s, owner, link)
		case *doc.Strong:
			s := st
			s.bold = true
			in.inlines(n.Children, s, owner, link)
		case *doc.Strike:
			s := st
			s.strike = true
			in.inlines(n.Children, s, owner, link)
		case *doc.Code:
			s := st
			s.mono = true
			if !in.r.large {
				// Monospace runs wide; in normal print a touch smaller evens
				// it out. Large print never goes below its base size.
				s.size = st.size * 0.95
			}
			e := owner.child("Code")
			in.text(n.Text, n.Pos, s, e, link, nil)
		case *doc.LineBreak:
			if len(in.atoms) > 0 {
				in.atoms[len(in.atoms)-1].brk = true
			} else {
				in.atoms = append(in.atoms, atom{brk: true, runStyle: &runStyle{owner: owner, size: st.size}})
			}
		case *doc.Link:
			e := owner.child("Link")
			lt := &linkTarget{internal: -1, el: e}
			desc := strings.TrimSpace(doc.PlainText(n.Children))
			if strings.HasPrefix(n.URL, "#") {
				id, ok := r.headingLinks[n.URL[1:]]
				if !ok && !r.dry {
					// An anchor with no heading: keep the text, without a dead link.
					in.inlines(n.Children, st, owner, link)
					continue
				}
				lt.internal = id
				lt.contents = "Go to section: " + desc
			} else {
				u, ok := doc.LinkTarget(n.URL)
				if !ok {
					// the link policy (doc.CheckLink) refuses it: text only, as in every format
					in.inlines(n.Children, st, owner, link)
					continue
				}
				lt.url = u
				lt.contents = desc
				if n.Title != "" && n.Title != desc {
					lt.contents = desc + " (" + n.Title + ")"
				}
			}
			if lt.contents == "" {
				lt.contents = n.URL
			}
			s := st
			s.colour = r.cLink
			s.underline = true
			in.inlines(n.Children, s, e, lt)
		case *doc.Span:
			e := owner.child("Span")
			if validLang(n.Lang) {
				e.set().lang = n.Lang
			}
			in.inlines(n.Children, st, e, link)
		case *doc.Image:
			in.image(n, st, owner)
		case *doc.FootnoteRef:
			in.footnoteRef(n, st, owner)
		default:
			in.err = doc.Errorf(n.Position(), "PDF-UNHANDLED", "", "pdf: unhandled %T", n)
		}
	}
}

func (in *inliner) footnoteRef(n *doc.FootnoteRef, st tstyle, owner *elem) {
	r := in.r
	if n.N < 1 || n.N > len(r.d.Footnotes) {
		in.text(fmt.Sprintf("[%d]", n.N), n.Pos, st, owner, nil, nil)
		return
	}
	ref := owner.child("Reference")
	e := ref.child("Link")
	lt := &linkTarget{internal: r.fnNoteLinks[n.N-1], el: e, contents: fmt.Sprintf("Footnote %d", n.N)}
	s := st
	s.colour = r.cLink
	label := strconv.Itoa(n.N)
	if r.large {
		// Superscripts below 18 pt would break the large-print minimum.
		label = "[" + label + "]"
	} else {
		s.size = st.size * 0.7
		s.rise = st.size * 0.33
	}
	start := len(in.atoms)
	in.text(label, n.Pos, s, e, lt, nil)
	if len(in.atoms) > start {
		in.atoms[start].fnRef = int32(n.N)
	}
}

func (in *inliner) image(n *doc.Image, st tstyle, owner *elem) {
	if n.Width <= 0 || n.Height <= 0 || len(n.Data) == 0 {
		if !n.Decorative && n.Alt != "" {
			in.text(n.Alt, n.Pos, st, owner, nil, nil)
		}
		return
	}
	h := st.size * 2.2
	w := h * float64(n.Width) / float64(n.Height)
	if maxW := in.lineW * 0.5; w > maxW && maxW > 0 {
		w = maxW
		h = w * float64(n.Height) / float64(n.Width)
	}
	a := atom{img: &inlineImage{data: n, w: w, h: h}, w: w, runStyle: &runStyle{owner: owner, size: st.size}}
	if !n.Decorative {
		e := owner.child("Figure")
		e.set().alt = altText(n)
		a.img.el = e
	}
	in.atoms = append(in.atoms, a)
}

func altText(n *doc.Image) string {
	if a := strings.TrimSpace(n.Alt); a != "" {
		return a
	}
	if n.Title != "" {
		return n.Title
	}
	return "Image"
}

// text splits s into word atoms, choosing for each rune a face that has its
// glyph. A character no face has is left out and reported (see
// missingGlyph); src, when not nil, is the source text s is, so a
// character's own line and column can be reported.
func (in *inliner) text(s string, pos doc.Pos, st tstyle, owner *elem, link *linkTarget, src *doc.Text) {
	r := in.r
	slot := st.faceSlot()
	mk := func(txt string, m *metrics) atom {
		rs := in.last
		if rs == nil || rs.m != m || rs.size != st.size || rs.colour != st.colour || rs.rise != st.rise ||
			rs.strike != st.strike || rs.under != st.underline || rs.owner != owner || rs.link != link {
			rs = &runStyle{m: m, size: st.size, colour: st.colour, rise: st.rise,
				strike: st.strike, under: st.underline, owner: owner, link: link}
			in.last = rs
		}
		return atom{s: txt, w: m.width(txt, st.size), runStyle: rs}
	}
	i := 0
	for i < len(s) {
		// one word: up to and including the next space
		j := i
		var cur *metrics
		segStart := i
		for j < len(s) {
			c, sz := utf8.DecodeRuneInString(s[j:])
			switch {
			case c == utf8.RuneError && sz == 1:
				r.missingGlyph(j, pos, src, c)
				if j > segStart && cur != nil {
					in.atoms = append(in.atoms, mk(s[segStart:j], cur))
				}
				j += sz
				segStart = j
				continue
			case c == '\t' || c == '\n' || c == '\r':
				c = ' '
			case c < 0x20 || c >= 0x7f && c < 0xa0 || c == 0xad || c == 0x200b || c == 0xfeff || c == 0x200c || c == 0x200d:
				// invisible controls and format characters: nothing to draw
				if j > segStart && cur != nil {
					in.atoms = append(in.atoms, mk(s[segStart:j], cur))
				}
				j += sz
				segStart = j
				if c == 0x200b { // zero-width space: a break opportunity
					if n := len(in.atoms); n > 0 {
						in.atoms[n-1].space = true
					}
				}
				continue
			}
			if rightToLeft(c) {
				r.rtlText(j, pos, src, c)
				if j > segStart && cur != nil {
					in.atoms = append(in.atoms, mk(s[segStart:j], cur))
				}
				j += sz
				segStart = j
				continue
			}
			m := r.fs.faceFor(slot, c)
			if m == nil {
				r.missingGlyph(j, pos, src, c)
				if j > segStart && cur != nil {
					in.atoms = append(in.atoms, mk(s[segStart:j], cur))
				}
				j += sz
				segStart = j
				continue
			}
			if cur != nil && m != cur {
				in.atoms = append(in.atoms, mk(s[segStart:j], cur))
				segStart = j
			}
			cur = m
			j += sz
			if c == ' ' {
				break
			}
		}
		if j > segStart && cur != nil {
			a := mk(s[segStart:j], cur)
			if strings.HasSuffix(a.s, " ") {
				a.space = true
				a.sw = cur.runeWidth(' ', st.size)
			}
			// Tabs and newlines were measured as spaces; draw them as spaces too.
			if strings.ContainsAny(a.s, "\t\n\r") {
				a.s = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(a.s)
			}
			in.atoms = append(in.atoms, a)
		}
		i = j
	}
}

// line is a range of atoms laid out on one line.
type line struct {
	atoms []atom
	w     float64 // width without the final trailing space
	h     float64 // line box height
	desc  float64 // distance from the baseline to the bottom of the box
}

// breakLines fills lines greedily. A word wider than the line is cut between
// characters (after a URL separator when there is one), so nothing ever runs
// past the margin.
func (r *renderer) breakLines(atoms []atom, width float64, lh float64) []line {
	var lines []line
	// cur is the line being filled. Lines are runs of consecutive atoms
	// except where a word was cut, so cur is a window on atoms (capped, so
	// appending never writes into atoms) until a cut piece has to be copied
	// in: copying every line's atoms was a fifth of the writer's garbage.
	var cur []atom
	from := -1  // atoms index where cur starts while it is a window
	curW := 0.0 // width including trailing spaces
	flush := func() {
		lines = append(lines, r.finishLine(cur, lh))
		cur = nil
		from = -1
		curW = 0
	}
	for i := 0; i < len(atoms); {
		// a word: atoms up to and including one that allows a break
		j := i
		wordW := 0.0
		for j < len(atoms) {
			wordW += atoms[j].w
			if atoms[j].space || atoms[j].brk || atoms[j].img != nil || j+1 < len(atoms) && atoms[j+1].img != nil {
				j++
				break
			}
			j++
		}
		word := atoms[i:j:j]
		trail := word[len(word)-1].sw
		if curW+wordW-trail > width+0.001 && len(cur) > 0 {
			flush()
		}
		if wordW-trail > width+0.001 {
			// too wide on its own: cut it
			for _, piece := range r.cutWord(word, width) {
				if len(cur) > 0 {
					flush()
				}
				cur = append(cur, piece...)
				from = -1
				for _, a := range piece {
					curW += a.w
				}
			}
		} else {
			switch {
			case len(cur) == 0:
				cur, from = word, i
			case from >= 0 && from+len(cur) == i:
				cur = atoms[from:j:j]
			default:
				cur = append(cur, word...)
				from = -1
			}
			curW += wordW
		}
		if word[len(word)-1].brk {
			flush()
		}
		i = j
	}
	if len(cur) > 0 {
		flush()
	}
	return lines
}

func (r *renderer) finishLine(atoms []atom, lh float64) line {
	l := line{atoms: atoms}
	size := 0.0
	imgH := 0.0
	for k, a := range atoms {
		if a.rise == 0 && a.size > size {
			size = a.size
		}
		if a.img != nil && a.img.h > imgH {
			imgH = a.img.h
		}
		l.w += a.w
		if k == len(atoms)-1 {
			l.w -= a.sw
		}
	}
	if size == 0 {
		size = r.base
		for _, a := range atoms {
			if a.size > 0 {
				size = a.size
				break
			}
		}
	}
	l.h = size * lh
	l.desc = (l.h-size)/2 + 0.2*size
	if imgH+l.desc > l.h {
		l.h = imgH + l.desc
	}
	return l
}

// cutWord splits one word's atoms into pieces no wider than width.
func (r *renderer) cutWord(word []atom, width float64) [][]atom {
	var pieces [][]atom
	var cur []atom
	curW := 0.0
	for _, a := range word {
		if a.img != nil {
			if len(cur) > 0 {
				pieces = append(pieces, cur)
				cur, curW = nil, 0
			}
			pieces = append(pieces, []atom{a})
			continue
		}
		rest := a
		for rest.s != "" {
			if curW+rest.w-rest.sw <= width+0.001 {
				cur = append(cur, rest)
				curW += rest.w
				break
			}
			// find the longest prefix that fits in the remaining room
			room := width - curW
			cut, cutW, lastSep, lastSepW := 0, 0.0, 0, 0.0
			for k, c := range rest.s {
				cw := rest.m.runeWidth(c, rest.size)
				if cutW+cw > room {
					break
				}
				cutW += cw
				cut = k + utf8.RuneLen(c)
				if strings.ContainsRune("/-.?&=_#:,;", c) {
					lastSep, lastSepW = cut, cutW
				}
			}
			if lastSep > 0 && lastSepW > room*0.5 {
				cut, cutW = lastSep, lastSepW
			}
			if cut == 0 {
				if len(cur) > 0 {
					pieces = append(pieces, cur)
					cur, curW = nil, 0
					continue
				}
				// not even one character fits: take one anyway
				_, sz := utf8.DecodeRuneInString(rest.s)
				cut = sz
				cutW = rest.m.width(rest.s[:sz], rest.size)
			}
			head := rest
			head.s = rest.s[:cut]
			head.w, head.sw, head.space, head.brk = cutW, 0, false, false
			cur = append(cur, head)
			pieces = append(pieces, cur)
			cur, curW = nil, 0
			rest.s = rest.s[cut:]
			rest.w -= cutW
			rest.fnRef = 0
		}
	}
	if len(cur) > 0 {
		pieces = append(pieces, cur)
	}
	return pieces
}

// drawLine draws one line with its top at y, starting at x. When artifact is
// set (repeated table headers) the text is not tagged.
func (r *renderer) drawLine(l line, x, y float64, artifact bool) {
	if e := x + l.w; e > r.textRight {
		r.textRight = e
	}
	if r.dry {
		return
	}
	baseline := y + l.h - l.desc
	if artifact {
		r.pdf.raw("/Artifact BMC\n")
	}
	var open *elem
	closeTag := func() {
		if open != nil {
			r.endTag()
			open = nil
		}
	}
	atoms := l.atoms
	for i := 0; i < len(atoms); {
		a := atoms[i]
		if a.img != nil {
			closeTag()
			r.drawInlineImage(a, x, baseline, artifact)
			x += a.w
			i++
			continue
		}
		if a.s == "" {
			i++
			continue
		}
		if !artifact && a.owner != open {
			closeTag()
			open = a.owner
			r.beginTag(open)
		}
		if a.fnRef > 0 && !r.fnRefSeen[a.fnRef-1] && !artifact {
			r.fnRefSeen[a.fnRef-1] = true
			r.pdf.placeTarget(r.fnRefLinks[a.fnRef-1], y)
		}
		// one Text call per run of atoms sharing owner and look
		j := i + 1
		for j < len(atoms) && atoms[j].img == nil && atoms[j].fnRef == 0 && (atoms[j].runStyle == a.runStyle ||
			atoms[j].owner == a.owner && atoms[j].m == a.m &&
				atoms[j].size == a.size && atoms[j].colour == a.colour && atoms[j].rise == a.rise &&
				atoms[j].strike == a.strike && atoms[j].under == a.under && atoms[j].link == a.link) {
			j++
		}
		w := 0.0
		var s string
		if j == i+1 {
			s, w = a.s, a.w
		} else {
			buf := r.runBuf[:0]
			for k := i; k < j; k++ {
				buf = append(buf, atoms[k].s...)
				w += atoms[k].w
			}
			r.runBuf = buf
			s = string(buf)
		}
		r.drawText(x, baseline-a.rise, s, a.m, a.size, a.colour)
		if !artifact {
			r.tg.noteText(s)
		}
		textW := w
		if j == len(atoms) {
			textW -= atoms[j-1].sw
		}
		if a.under || a.strike {
			r.setDraw(a.colour)
			r.pdf.lineWidth(a.size * 0.06)
			if a.under {
				uy := baseline - a.rise + a.size*0.12
				r.pdf.line(x, uy, x+textW, uy)
			}
			if a.strike {
				sy := baseline - a.rise - a.size*0.28
				r.pdf.line(x, sy, x+textW, sy)
			}
		}
		if a.link != nil && !artifact {
			// annotations sit outside marked content; close and reopen around none
			r.addLink(a.link, x, y, textW, l.h)
		}
		x += w
		i = j
	}
	closeTag()
	if artifact {
		r.pdf.raw("EMC\n")
	}
}

func (r *renderer) addLink(lt *linkTarget, x, y, w, h float64) {
	if w <= 0 {
		return
	}
	r.tg.annot(lt.el)
	if lt.internal >= 0 {
		r.pdf.link(x, y, w, h, lt.internal, shortContents(lt.contents))
	} else {
		r.pdf.linkURL(x, y, w, h, lt.url, shortContents(lt.contents))
	}
}

func (r *renderer) drawInlineImage(a atom, x, baseline float64, artifact bool) {
	im := a.img
	name, err := r.registerImage(im.data)
	if err != nil {
		r.fail(err)
		return
	}
	top := baseline - im.h
	if im.el == nil || artifact {
		r.artifact("", func() { r.pdf.image(name, x, top, im.w, im.h) })
		return
	}
	r.figureBBox(im.el, x, top, im.w, im.h)
	r.beginTag(im.el)
	r.pdf.image(name, x, top, im.w, im.h)
	r.endTag()
}

func (r *renderer) figureBBox(e *elem, x, y, w, h float64) {
	if e.attrs().bbox == nil {
		e.set().bbox = &[4]float64{x, r.ph - (y + h), x + w, r.ph - y}
	}
}

func (r *renderer) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// missingGlyph reports a character no embedded face can draw (or a byte
// that is not UTF-8), once per distinct character, at the character's own
// line and column when the text comes from the source (src), else at the
// start of the text it is in.
func (r *renderer) missingGlyph(at int, pos doc.Pos, src *doc.Text, c rune) {
	bad := c == utf8.RuneError
	key := c
	if bad {
		key = -1
	}
	if r.glyphSeen[key] {
		return
	}
	if r.glyphSeen == nil {
		r.glyphSeen = map[rune]bool{}
	}
	r.glyphSeen[key] = true
	where := ""
	p := pos
	if src == nil || pos.Line <= 0 {
		where = " (in the text that starts here)"
	} else {
		p = src.PosAt(at)
	}
	if bad {
		r.glyphDiags = append(r.glyphDiags, doc.Errorf(p, "PDF-GLYPH", "save the file as UTF-8",
			"text is not valid UTF-8%s", where))
		return
	}
	r.glyphDiags = append(r.glyphDiags, doc.Errorf(p, "PDF-GLYPH",
		"remove the character, or name a font that has it in the theme (templates/theme.json)",
		"character U+%04X %q is in none of the PDF fonts%s", c, string(c), where))
}

// rightToLeft reports letters of the right-to-left scripts (Hebrew, Arabic,
// Syriac, Thaana, N'Ko and their presentation forms). The PDF writer has no
// bidi reordering or Arabic shaping, so such text would come out left to
// right and unjoined: it is refused instead, never garbled.
func rightToLeft(c rune) bool {
	switch {
	case c >= 0x0590 && c <= 0x08FF: // Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, Arabic extended
		return true
	case c >= 0xFB1D && c <= 0xFDFF, c >= 0xFE70 && c <= 0xFEFF && c != 0xFEFF: // presentation forms
		return true
	case c >= 0x10800 && c <= 0x10FFF, c >= 0x1E800 && c <= 0x1EFFF: // historic RTL scripts, Adlam, Arabic mathematical
		return true
	}
	return false
}

// rtlText reports right-to-left text once per document, at its first
// character, naming the line and the character.
func (r *renderer) rtlText(at int, pos doc.Pos, src *doc.Text, c rune) {
	if r.rtlSeen {
		return
	}
	r.rtlSeen = true
	p, where := pos, " (in the text that starts here)"
	if src != nil && pos.Line > 0 {
		p, where = src.PosAt(at), ""
	}
	r.glyphDiags = append(r.glyphDiags, doc.Errorf(p, "PDF-RTL",
		"build the other formats for now (--formats html,epub,docx,txt), which keep the text's direction",
		"right-to-left script not supported in PDF yet: character U+%04X %q%s", c, string(c), where))
}
