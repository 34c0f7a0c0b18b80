package braille

import (
	"fmt"
	"strings"
)

// bodyPage is a page of the body before numbering: its rows under line 1.
type bodyPage struct {
	rows     []string
	headings []int // indexes in rows
}

type contentsEntry struct {
	text   []string
	level  int
	page   int // braille page number of the body page it starts on
	prelim int // or, when not 0, the preliminary page (p2…)
}

// flow pours the body blocks into pages of bodyRows rows: a blank line
// before each heading (not at the top of a page), and a heading that would
// reach a page's last two lines starts the next page instead.
func (w *writer) flow() ([]bodyPage, []contentsEntry) {
	var pages []bodyPage
	var cur []string
	var heads []int
	var entries []contentsEntry
	newPage := func() {
		pages = append(pages, bodyPage{rows: cur, headings: heads})
		cur, heads = nil, nil
	}
	for _, b := range w.blocks {
		if b.heading {
			need := len(b.lines)
			if len(cur) > 0 {
				need++ // the blank line before
			}
			if len(cur)+need-1 > lastHeadingRow && len(cur) > 0 {
				newPage()
			}
			if len(cur) > 0 {
				cur = append(cur, "")
			}
			if b.entry != nil && b.level >= 2 {
				entries = append(entries, contentsEntry{text: b.entry, level: b.level, page: len(pages) + 1})
			}
			for _, l := range b.lines {
				if len(cur) == bodyRows {
					newPage() // a heading longer than a page: rare, let it run on
				}
				heads = append(heads, len(cur))
				cur = append(cur, l)
			}
			continue
		}
		for _, l := range b.lines {
			if len(cur) == bodyRows {
				newPage()
			}
			cur = append(cur, l)
		}
	}
	if len(cur) > 0 || len(pages) == 0 {
		newPage()
	}
	return pages, entries
}

// paginate builds the book: title page, transcriber's notes, contents
// (preliminary pages, numbered p1, p2…; the title page's number is not
// shown), then the body
// pages numbered from 1, split into volumes of at most VolumePages with a
// title page at the start of each later volume.
func (w *writer) paginate(title []string) *Book {
	body, entries := w.flow()
	head := ""
	if len(title) == 1 && len(title[0]) <= Cols-12 {
		head = strings.TrimSpace(title[0])
	}
	// Preliminary pages: title page (p1, its number not shown), the
	// transcriber's notes (p2…), the contents.
	notesRows, notesHeading := w.transcriberNotes()
	notes := splitPages(notesRows)
	if len(entries) > 0 {
		entries = append([]contentsEntry{{text: []string{notesHeading}, level: 2, prelim: 2}}, entries...)
	}
	contents := w.contents(entries)
	prelim := 1 + len(notes) + len(contents)
	// Volumes: the first holds the preliminary pages; each later one
	// starts with its own title page.
	var volStarts []int // body index where each volume starts
	room := VolumePages - prelim
	for i := 0; i < len(body); {
		volStarts = append(volStarts, i)
		i += max(room, 1)
		room = VolumePages - 1
	}
	vols := len(volStarts)
	b := &Book{Volumes: vols}
	b.Pages = append(b.Pages, Page{Rows: w.titlePage(title, vols, 1, 0, 0), Volume: 1})
	for i, c := range append(notes, contents...) {
		rows := append([]string{infoLine(head, number("p", i+2))}, c...)
		b.Pages = append(b.Pages, Page{Rows: rows, Volume: 1})
	}
	for v, start := range volStarts {
		end := len(body)
		if v+1 < len(volStarts) {
			end = volStarts[v+1]
		}
		if v > 0 {
			b.Pages = append(b.Pages, Page{Rows: w.titlePage(title, vols, v+1, start+1, end), Volume: v + 1})
		}
		for i := start; i < end; i++ {
			rows := append([]string{infoLine(head, number("", i+1))}, body[i].rows...)
			var hs []int
			for _, h := range body[i].headings {
				hs = append(hs, h+1) // under line 1
			}
			b.Pages = append(b.Pages, Page{Rows: rows, Volume: v + 1, Headings: hs})
		}
	}
	return b
}

// contents lays out the contents pages' rows (under line 1): each heading
// of level 2–3 with guide dots to its braille page number at the right.
func (w *writer) contents(entries []contentsEntry) [][]string {
	if len(entries) == 0 {
		return nil
	}
	rows := []string{centre(w.plain(w.l.Contents)), ""}
	for _, e := range entries {
		num := number("", e.page)
		if e.prelim > 0 {
			num = number("p", e.prelim)
		}
		indent := 2 * (e.level - 2)
		text := strings.Join(e.text, " ")
		// leave room for a space, two guide dots, a space and the number
		lines := w.wrap(text, Cols-len(num)-4, indent, indent+2)
		if len(lines) == 0 {
			continue
		}
		last := lines[len(lines)-1]
		dots := Cols - len(last) - len(num) - 2
		lines[len(lines)-1] = last + " " + strings.Repeat(string(guide), dots) + " " + num
		rows = append(rows, lines...)
	}
	return splitPages(rows)
}

// splitPages cuts rows into pages of bodyRows rows.
func splitPages(rows []string) [][]string {
	var pages [][]string
	for len(rows) > 0 {
		n := min(len(rows), bodyRows)
		pages = append(pages, rows[:n])
		rows = rows[n:]
	}
	return pages
}

// titlePage: title, publisher, date, the braille code and the volumes, each
// centred; a later volume's title page says which pages it holds.
func (w *writer) titlePage(title []string, vols, vol, from, to int) []string {
	rows := []string{""} // line 1: no page number on a title page
	for _, t := range title {
		for _, l := range w.wrap(t, Cols-4, 0, 0) {
			rows = append(rows, centre(l))
		}
	}
	rows = append(rows, "")
	m := w.d.Meta
	add := func(s string) {
		if s = strings.TrimSpace(s); s == "" {
			return
		}
		for _, l := range w.wrap(w.plain(s), Cols-4, 0, 0) {
			rows = append(rows, centre(l))
		}
	}
	if vol == 1 {
		if m.Publisher != "" {
			add(w.l.PublishedBy + " " + m.Publisher)
		}
		if date := m.PublishedDate(); date != "" {
			s, _ := w.l.HumanDate(date)
			add(s)
		}
		rows = append(rows, "")
	}
	code := "Unified English Braille grade 2"
	if w.welsh {
		code = "Braille Cymraeg gradd 2"
	}
	add(code)
	rows = append(rows, "")
	if vols == 1 {
		if w.welsh {
			add("Mewn 1 gyfrol")
		} else {
			add("In 1 volume")
		}
	} else if w.welsh {
		add(fmt.Sprintf("Cyfrol %d o %d", vol, vols))
	} else {
		add(fmt.Sprintf("Volume %d of %d", vol, vols))
	}
	if vol > 1 {
		if w.welsh {
			add(fmt.Sprintf("Tudalennau braille %d i %d", from, to))
		} else {
			add(fmt.Sprintf("Braille pages %d to %d", from, to))
		}
	}
	if len(rows) > Rows {
		rows = rows[:Rows] // a title of more than 15 lines: the rest is on the next page's heading
	}
	return rows
}

// BRF is the book as a braille-ready file: North American ASCII braille
// (0x20–0x5F, letters folded to upper case as embossers expect), CR LF at
// the end of each row, a form feed after each page.
func (b *Book) BRF() []byte {
	n := 0
	for _, p := range b.Pages {
		for _, r := range p.Rows {
			n += len(r) + 2
		}
		n++
	}
	out := make([]byte, 0, n)
	for _, p := range b.Pages {
		for _, r := range p.Rows {
			out = appendBRFLine(out, r)
			out = append(out, '\r', '\n')
		}
		out = append(out, '\f')
	}
	return out
}

// brfLine folds a row to the 0x20–0x5F range: 0x60–0x7F are the same cells
// as 0x40–0x5F; anything else (never produced by the English and Welsh
// tables) becomes a full cell so the fault is visible, not silent.
func brfLine(r string) []byte {
	return appendBRFLine(nil, r)
}

func appendBRFLine(out []byte, r string) []byte {
	r = strings.TrimRight(r, " ")
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case c >= 0x60 && c <= 0x7F:
			c -= 0x20
		case c < 0x20 || c > 0x7F:
			c = '='
		}
		out = append(out, c)
	}
	return out
}
