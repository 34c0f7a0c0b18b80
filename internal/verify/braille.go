package verify

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"unicode/utf8"
)

// Braille files are checked for what an embosser or a braille display needs
// and what UK layout promises: the page size (40 cells × 25 lines) and, in a
// BRF, only the characters of North American ASCII braille. Whether the
// translation is right needs liblouis or a braille reader: the build's tests
// back-translate with liblouis; verify stays pure Go.
const (
	brfCells = 40
	brfLines = 25
)

// Rule ids of the braille checks.
const (
	RuleBRFChars = "BRF-CHARS"
	RuleBRFPage  = "BRF-PAGE"
	RulePEFXML   = "PEF-XML"
)

func checkBRF(r *Result, data []byte) []rule {
	r.Standard = "BRF (North American ASCII braille, 40 cells × 25 lines)"
	rules := []rule{
		{RuleBRFChars, "only ASCII braille characters (0x20–0x5F) with CR, LF and form feed"},
		{RuleBRFPage, "no line over 40 cells, no page over 25 lines"},
	}
	for i, c := range data {
		if (c < 0x20 || c > 0x5f) && c != '\r' && c != '\n' && c != '\f' {
			r.errorf(RuleBRFChars, fmt.Sprintf("byte %d", i+1), "the file must hold braille cells only (upper-case ASCII braille)",
				"character 0x%02X is not ASCII braille", c)
			break
		}
	}
	// Pages end in form feeds (trailing ones end nothing), lines in CR LF
	// (a page's last one may not): cut in place, not split into slices.
	crlf := []byte("\r\n")
	rest, p := bytes.TrimRight(data, "\f"), 0
	for more := true; more; {
		var page []byte
		page, rest, more = bytes.Cut(rest, []byte("\f"))
		p++
		page = bytes.TrimSuffix(page, crlf)
		if len(page) == 0 {
			continue // no lines
		}
		if n := bytes.Count(page, crlf) + 1; n > brfLines {
			r.errorf(RuleBRFPage, fmt.Sprintf("page %d", p), "", "%d lines on a page of %d", n, brfLines)
		}
		for l, found := 1, true; found; l++ {
			var line []byte
			line, page, found = bytes.Cut(page, crlf)
			if n := len(bytes.TrimLeft(line, "\n")); n > brfCells {
				r.errorf(RuleBRFPage, fmt.Sprintf("page %d line %d", p, l), "", "%d cells on a line of %d", n, brfCells)
				break
			}
		}
	}
	r.Pages = p
	return rules
}

func checkPEF(r *Result, data []byte) []rule {
	r.Standard = "PEF 1.0 (40 cells × 25 rows)"
	rules := []rule{
		{RulePEFXML, "well-formed PEF 1.0: a pef root in the PEF namespace, pages of rows of braille cells"},
		{RuleBRFPage, "no row over 40 cells, no page over 25 rows"},
	}
	// The plain XML a writer makes is tokenized by xmlFast (RawToken was
	// most of reading a long book back); anything else, or an error, by
	// encoding/xml from the start, whose findings then stand.
	fast := &Result{}
	if p := (&xmlFast{b: data}); pefScan(fast, p.rawTok) {
		r.Findings = append(r.Findings, fast.Findings...)
		r.Pages = fast.Pages
		return rules
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	pefScan(r, func() (rawTok, error) {
		tok, err := dec.RawToken()
		if err != nil {
			return rawTok{}, err
		}
		return toRawTok(tok), nil
	})
	return rules
}

// pefScan checks a PEF read token by token, as Decoder.RawToken gives them.
// It returns false, having stopped, when next returns errDecline.
func pefScan(r *Result, next func() (rawTok, error)) bool {
	const ns = "http://www.daisy.org/ns/2008/pef"
	depth, pages, rows, inRow := 0, 0, 0, false
	var cells int
	// RawToken, with the nesting checked here: Token's namespace work was
	// most of the cost of reading a long book back.
	var open []xml.Name
	for {
		tok, err := next()
		if err == io.EOF {
			break
		}
		if err == errDecline {
			return false
		}
		if err != nil {
			r.errorf(RulePEFXML, "", "", "not well-formed XML: %v", err)
			return true
		}
		switch t := tok; t.kind {
		case tokStart:
			if depth == 0 && (t.Name.Local != "pef" || namespaceOf(xml.StartElement{Name: t.Name, Attr: t.Attr}) != ns) {
				r.errorf(RulePEFXML, "", "", "the root element is %s, not pef in %s", t.Name.Local, ns)
				return true
			}
			open = append(open, t.Name)
			depth++
			switch t.Name.Local {
			case "page":
				pages++
				rows = 0
			case "row":
				rows++
				inRow, cells = true, 0
				if rows == brfLines+1 {
					r.errorf(RuleBRFPage, fmt.Sprintf("page %d", pages), "", "more than %d rows on a page", brfLines)
				}
			}
		case tokEnd:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				r.errorf(RulePEFXML, "", "", "not well-formed XML: </%s> does not close the open element", t.Name.Local)
				return true
			}
			open = open[:len(open)-1]
			depth--
			if t.Name.Local == "row" {
				inRow = false
				if cells > brfCells {
					r.errorf(RuleBRFPage, fmt.Sprintf("page %d row %d", pages, rows), "", "%d cells on a row of %d", cells, brfCells)
				}
			}
		case tokText:
			if inRow {
				n, ok := brailleCells(t.Text)
				if !ok {
					for _, c := range string(t.Text) {
						if c < 0x2800 || c > 0x28ff {
							r.errorf(RulePEFXML, fmt.Sprintf("page %d row %d", pages, rows), "", "a row holds %q, not a braille cell", c)
							return true
						}
					}
					n = utf8.RuneCount(t.Text)
				}
				cells += n
			}
		}
	}
	if len(open) > 0 {
		r.errorf(RulePEFXML, "", "", "not well-formed XML: <%s> is never closed", open[len(open)-1].Local)
		return true
	}
	if pages == 0 {
		r.errorf(RulePEFXML, "", "", "no pages")
	}
	r.Pages = pages
	return true
}

// brailleCells counts the characters of t when all are braille cells
// (U+2800 to U+28FF, in UTF-8 E2 A0 80 to E2 A3 BF); ok is false for
// anything else, which the caller then reads character by character.
func brailleCells(t []byte) (n int, ok bool) {
	if len(t)%3 != 0 {
		return 0, false
	}
	for i := 0; i < len(t); i += 3 {
		if t[i] != 0xE2 || t[i+1]&0xFC != 0xA0 || t[i+2]&0xC0 != 0x80 {
			return 0, false
		}
	}
	return len(t) / 3, true
}

// namespaceOf is the namespace of a start element read with RawToken, from
// its own xmlns attributes (enough for a root element).
func namespaceOf(t xml.StartElement) string {
	for _, a := range t.Attr {
		if (t.Name.Space == "" && a.Name.Space == "" && a.Name.Local == "xmlns") ||
			(t.Name.Space != "" && a.Name.Space == "xmlns" && a.Name.Local == t.Name.Space) {
			return a.Value
		}
	}
	return ""
}
