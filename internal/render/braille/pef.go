package braille

import (
	"bufio"
	"encoding/xml"
	"io"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// naBraille lists the North American ASCII braille character of each
// six-dot cell, indexed by its dots as bits (dot 1 = bit 0 … dot 6 = bit 5),
// the order of the Unicode braille block. A test checks it against liblouis.
const naBraille = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="

// dotsOf maps an ASCII braille byte (0x20–0x5F after folding) to its cell.
var dotsOf = func() [128]rune {
	var t [128]rune
	for i := range t {
		t[i] = 0x2800
	}
	for bits, c := range []byte(naBraille) {
		t[c] = 0x2800 + rune(bits)
		if c >= 0x40 && c <= 0x5F {
			t[c+0x20] = 0x2800 + rune(bits) // lower-case form of the same cell
		}
	}
	return t
}()

// unicodeRow turns a row of ASCII braille into Unicode braille patterns.
func unicodeRow(r string) string {
	b := brfLine(r)
	var sb strings.Builder
	sb.Grow(3 * len(b))
	for _, c := range b {
		sb.WriteRune(dotsOf[c])
	}
	return sb.String()
}

// PEF media type, as the PEF 1.0 specification and its schema require.
const PEFMediaType = "application/x-pef+xml"

// writePEF writes the book as PEF 1.0: one volume element per braille
// volume, one section, a page element per page, a row per braille line.
func (b *Book) writePEF(w io.Writer, d *doc.Document, opt render.Options) error {
	// Written as it goes (a PEF is about ten times its BRF: 20 MB at seed
	// × 1000), not gathered in memory first.
	sb := bufio.NewWriterSize(w, 64<<10)
	esc := func(s string) string {
		var e strings.Builder
		_ = xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	el := func(name, value string) {
		if strings.TrimSpace(value) == "" {
			return
		}
		sb.WriteString("      <dc:" + name + ">" + esc(value) + "</dc:" + name + ">\n")
	}
	m := d.Meta
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	sb.WriteString(`<pef version="2008-1" xmlns="http://www.daisy.org/ns/2008/pef">` + "\n")
	sb.WriteString("  <head>\n    <meta xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n")
	el("format", PEFMediaType)
	el("identifier", "altformats:"+m.Slug)
	el("title", m.Title)
	for _, a := range m.Authors {
		el("creator", a)
	}
	el("publisher", m.Publisher)
	if !opt.Modified.IsZero() {
		el("date", opt.Modified.UTC().Format("2006-01-02"))
	}
	el("language", m.Lang)
	code := "Unified English Braille grade 2 (liblouis en-ueb-g2.ctb)"
	if tableFor(m.Lang, "") == "cy-cy-g2.ctb" {
		code = "Welsh braille grade 2 (liblouis cy-cy-g2.ctb)"
	}
	el("description", code)
	sb.WriteString("    </meta>\n  </head>\n  <body>\n")
	vol := 0
	for _, p := range b.Pages {
		if p.Volume != vol {
			if vol != 0 {
				sb.WriteString("      </section>\n    </volume>\n")
			}
			vol = p.Volume
			sb.WriteString(`    <volume cols="40" rows="25" rowgap="0" duplex="true">` + "\n      <section>\n")
		}
		sb.WriteString("        <page>\n")
		rows := p.Rows
		for len(rows) > 0 && strings.TrimSpace(rows[len(rows)-1]) == "" {
			rows = rows[:len(rows)-1]
		}
		for _, r := range rows {
			r = strings.TrimRight(r, " ")
			if r == "" {
				sb.WriteString("          <row/>\n")
				continue
			}
			sb.WriteString("          <row>")
			for _, c := range brfLine(r) {
				sb.WriteRune(dotsOf[c])
			}
			sb.WriteString("</row>\n")
		}
		sb.WriteString("        </page>\n")
	}
	if vol != 0 {
		sb.WriteString("      </section>\n    </volume>\n")
	}
	sb.WriteString("  </body>\n</pef>\n")
	return sb.Flush()
}
