package verify

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/check/pdfua"
)

// RuleFormat: the file cannot be read as the format it claims.
const RuleFormat = "VERIFY-READ"

// Our PDF rules on top of pdfua's (which are Matterhorn numbers or AF-…).
const RuleTagged = "PDF-TAGGED"

func pdfRules() []rule {
	out := []rule{{RuleFormat, "the file can be read as PDF"}, {RuleTagged, "the PDF is tagged (has a structure tree)"}}
	ids := make([]string, 0, len(pdfua.Rules))
	for id := range pdfua.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		out = append(out, rule{id, pdfua.Rules[id]})
	}
	return out
}

func checkPDF(r *Result, data []byte) []rule {
	r.Standard = "PDF/UA-1 (machine-checkable Matterhorn conditions)"
	d, err := pdfua.Read(data)
	if err != nil {
		r.errorf(RuleFormat, "", "the file is damaged or not a PDF; export it again", "cannot read the PDF: %v", strings.TrimPrefix(err.Error(), "pdfua: "))
		return pdfRules()
	}
	r.Pages = d.Pages
	if !d.Tagged {
		r.errorf(RuleTagged, "", "export a tagged PDF (in Word: Save as PDF with 'Document structure tags for accessibility')",
			"the PDF is not tagged: a screen reader gets no headings, tables, lists or alt text")
	}
	for _, f := range d.Findings {
		where := ""
		if f.Page > 0 {
			where = fmt.Sprintf("page %d", f.Page)
		}
		if !d.Tagged && untaggedFollows[f.Rule] {
			continue // consequences of having no structure tree, said once above
		}
		r.errorf(f.Rule, where, pdfHint(f.Rule), "%s", f.Msg)
	}
	if d.Tagged {
		r.Facts = pdfFacts(d)
	}
	return pdfRules()
}

// untaggedFollows are the rules every untagged PDF fails on every page:
// PDF-TAGGED says it once.
var untaggedFollows = map[string]bool{pdfua.RuleStructTree: true, pdfua.RuleStructParents: true, "01-005": true,
	"28-011": true, pdfua.RuleDocumentRoot: true, pdfua.RuleParentTree: true}

func pdfHint(rule string) string {
	switch rule {
	case "13-004":
		return "give every figure alternative text, or mark decoration as an artifact"
	case "11-001":
		return "set the document language"
	case "06-001", "06-002", "06-003":
		return "write XMP metadata with pdfuaid:part 1 and dc:title"
	case "01-005":
		return "tag all content or mark it as an artifact"
	case "31-009":
		return "embed every font"
	}
	return ""
}

// pdfFacts reads the structure tree. Decorative images are artifacts, which
// a structure tree does not list: they are not counted.
func pdfFacts(d *pdfua.Doc) *Facts {
	f := &Facts{Lang: d.Lang, SplitTables: true}
	f.unknown(FactDecorative)
	var table *[]string
	var walk func(n *pdfua.Node, inNote bool)
	walk = func(n *pdfua.Node, inNote bool) {
		switch n.Role {
		case "H1", "H2", "H3", "H4", "H5", "H6":
			f.Headings = append(f.Headings, Heading{int(n.Role[1] - '0'), collapse(n.Text)})
		case "H":
			f.Headings = append(f.Headings, Heading{0, collapse(n.Text)})
		case "Figure":
			f.Alts = append(f.Alts, n.Alt)
		case "Table":
			var hs []string
			saved := table
			table = &hs
			for _, k := range n.Kids {
				walk(k, inNote)
			}
			table = saved
			if len(hs) > 0 {
				f.TableHeaders = append(f.TableHeaders, hs)
			}
			return
		case "TH":
			if table != nil {
				*table = append(*table, collapse(n.Text))
			}
		case "Link":
			for _, u := range n.URIs {
				if external(u) {
					f.Links = append(f.Links, Link{collapse(n.Text), u})
					break
				}
			}
		case "Note":
			f.Footnotes++
		}
		if n.Lang != "" && !strings.EqualFold(n.Lang, d.Lang) {
			f.Langs = append(f.Langs, n.Lang)
		}
		for _, k := range n.Kids {
			walk(k, inNote || n.Role == "Note")
		}
	}
	for _, n := range d.Root {
		walk(n, false)
	}
	return f
}

func checkText(r *Result, data []byte) []rule {
	r.Standard = "plain text (UTF-8)"
	rules := []rule{{RuleTextUTF8, "the file is valid UTF-8 without control characters"}}
	if !plainText(data) {
		textLines(r, data)
	}
	return rules
}

// textLines finds the first line that is not UTF-8 or holds a control
// character; plainText says beforehand, in one pass, that there is none.
func textLines(r *Result, data []byte) {
	for i, line := range strings.Split(string(data), "\n") {
		if !utf8Valid(line) {
			r.errorf(RuleTextUTF8, fmt.Sprintf("line %d", i+1), "save the file as UTF-8", "not valid UTF-8")
			break
		}
		if strings.ContainsFunc(line, func(c rune) bool { return c < 0x20 && c != '\t' && c != '\r' || c == 0x7f }) {
			r.errorf(RuleTextUTF8, fmt.Sprintf("line %d", i+1), "", "control character in the text")
			break
		}
	}
}

// plainText reports whether data is valid UTF-8 without a control
// character other than tab, carriage return and line feed: then no line has
// either (a line feed never splits a character) and checkText finds nothing.
func plainText(data []byte) bool {
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f {
			return false
		}
	}
	return utf8.Valid(data)
}

// RuleTextUTF8: plain text must be UTF-8 a reader can show.
const RuleTextUTF8 = "TXT-UTF8"
