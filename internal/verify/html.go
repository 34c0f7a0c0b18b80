package verify

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Rule ids of the HTML checks (also run on each EPUB content document).
const (
	RuleHTMLLang      = "HTML-LANG"
	RuleHTMLTitle     = "HTML-TITLE"
	RuleHTMLActive    = "HTML-ACTIVE"
	RuleHTMLRemote    = "HTML-REMOTE"
	RuleHTMLAlt       = "HTML-ALT"
	RuleHTMLHeadings  = "HTML-HEADINGS"
	RuleHTMLTable     = "HTML-TABLE-HEADER"
	RuleHTMLLinkText  = "HTML-LINK-TEXT"
	RuleHTMLIDs       = "HTML-ID-UNIQUE"
	RuleHTMLLandmarks = "HTML-MAIN"
)

var htmlRules = []rule{
	{RuleHTMLLang, "the page states its language (lang) and every language change is a valid BCP 47 tag (WCAG 3.1.1, 3.1.2)"},
	{RuleHTMLTitle, "the page has a non-empty title (WCAG 2.4.2)"},
	{RuleHTMLActive, "no active content: no script, event handler, javascript: link, frame, object, embed, form or refresh"},
	{RuleHTMLRemote, "no resource is loaded from the network"},
	{RuleHTMLAlt, "every image has an alt attribute (empty only for decoration) (WCAG 1.1.1)"},
	{RuleHTMLHeadings, "one h1 first, no heading level skipped, no empty heading (WCAG 1.3.1, 2.4.6)"},
	{RuleHTMLTable, "every table has header cells (th) (WCAG 1.3.1)"},
	{RuleHTMLLinkText, "every link has text (WCAG 2.4.4)"},
	{RuleHTMLIDs, "id attributes are unique"},
	{RuleHTMLLandmarks, "the page has one main landmark (WCAG 2.4.1)"},
}

var langTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

func validLang(s string) bool { return langTag.MatchString(s) }

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && (a.Namespace == "" || a.Namespace == "xml") {
			return a.Val, true
		}
	}
	return "", false
}

// textOf is the text a screen reader would read for n: its text, with the
// alt text of images inside it.
func textOf(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			sb.WriteString(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Img {
				a, _ := attr(n, "alt")
				sb.WriteString(a)
			}
			if h, _ := attr(n, "aria-hidden"); h == "true" {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return collapse(sb.String())
}

// htmlDoc is one parsed page or content document.
type htmlDoc struct {
	root  *html.Node
	where string // "" for a web page; the entry name inside an EPUB
}

// parseHTML parses a page as html.Parse does: with parseHTMLFast when the
// page is in the plain subset it reads, else with html.Parse.
func parseHTML(data []byte) (*html.Node, error) {
	if n, ok := parseHTMLFast(data); ok {
		return n, nil
	}
	return html.Parse(bytes.NewReader(data))
}

func checkHTMLFile(r *Result, data []byte) []rule {
	r.Standard = "WCAG 2.2 AA (machine-checkable part)"
	root, err := parseHTML(data)
	if err != nil {
		r.errorf(RuleHTMLTitle, "", "", "cannot parse the page: %v", err)
		return htmlRules
	}
	f := &Facts{}
	h := &htmlChecker{r: r, facts: f, ids: map[string]bool{}}
	h.page(htmlDoc{root: root}, true)
	h.finishHeadings("")
	r.Facts = f
	return htmlRules
}

// htmlChecker runs the HTML rules over one or more documents (an EPUB's
// spine is one book: headings run on across its documents).
type htmlChecker struct {
	r        *Result
	facts    *Facts
	ids      map[string]bool
	prevH    int
	h1s      int
	headings int
	epub     bool
	notes    map[string]bool // footnote targets seen
}

func (h *htmlChecker) where(d htmlDoc, what string) string {
	if d.where == "" {
		return what
	}
	if what == "" {
		return d.where
	}
	return d.where + ": " + what
}

// activeAttrs reports an element's event handlers, javascript: URLs and
// resources loaded from the network.
func (h *htmlChecker) activeAttrs(d htmlDoc, n *html.Node, tag string) {
	r := h.r
	for _, a := range n.Attr {
		if strings.HasPrefix(strings.ToLower(a.Key), "on") {
			r.errorf(RuleHTMLActive, h.where(d, "<"+tag+">"), "remove event handler attributes", "event handler %s", a.Key)
		}
		if (a.Key == "href" || a.Key == "src" || a.Key == "action") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
			r.errorf(RuleHTMLActive, h.where(d, "<"+tag+">"), "", "javascript: URL in %s", a.Key)
		}
		if (a.Key == "src" || a.Key == "srcset" || a.Key == "poster" || a.Key == "data" ||
			(a.Key == "href" && n.DataAtom == atom.Link)) && remote(a.Val) {
			r.errorf(RuleHTMLRemote, h.where(d, "<"+tag+">"), "embed the resource or ship it with the page", "%s loads %s", a.Key, clip(a.Val, 80))
		}
	}
}

// tableHeaders appends the text of a table's header cells to hs, leaving
// out nested tables (each is its own).
func tableHeaders(x *html.Node, hs []string) []string {
	for c := x.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom == atom.Table {
			continue
		}
		if c.DataAtom == atom.Th {
			hs = append(hs, textOf(c))
		}
		hs = tableHeaders(c, hs)
	}
	return hs
}

// page checks one document; whole is true for a stand-alone web page (title,
// main landmark and lang are then required of it).
func (h *htmlChecker) page(d htmlDoc, whole bool) {
	r := h.r
	var htmlEl, titleEl *html.Node
	mains := 0
	imgN, tableN, linkN := 0, 0, 0
	if !h.epub {
		h.ids = map[string]bool{}
	}
	ids := map[string]bool{}
	var walk func(n *html.Node, lang string)
	walk = func(n *html.Node, lang string) {
		if n.Type == html.ElementNode {
			tag := n.Data
			if l, ok := attr(n, "lang"); ok || hasXMLLang(n) {
				if !ok {
					l = xmlLang(n)
				}
				if !validLang(l) && !(n.DataAtom == atom.Html && l == "") {
					r.errorf(RuleHTMLLang, h.where(d, "<"+tag+">"), "use a BCP 47 tag such as en-GB or cy", "lang=%q is not a valid language tag", l)
				} else if n.DataAtom != atom.Html && !strings.EqualFold(l, lang) {
					h.facts.Langs = append(h.facts.Langs, l)
				}
				if n.DataAtom != atom.Html {
					lang = l
				}
			}
			if id, ok := attr(n, "id"); ok {
				if ids[id] {
					r.errorf(RuleHTMLIDs, h.where(d, "<"+tag+">"), "", "id %q is used twice", id)
				}
				ids[id] = true
			}
			h.activeAttrs(d, n, tag)
			switch n.DataAtom {
			case atom.Html:
				htmlEl = n
			case atom.Title:
				if titleEl == nil {
					titleEl = n
				}
			case atom.Script:
				// JSON-LD and the like are data, not active content
				if t, _ := attr(n, "type"); !strings.Contains(t, "json") {
					r.errorf(RuleHTMLActive, h.where(d, "<script>"), "the page must work without scripts", "a script element")
				}
			case atom.Iframe, atom.Frame, atom.Object, atom.Embed, atom.Applet, atom.Form, atom.Base:
				r.errorf(RuleHTMLActive, h.where(d, "<"+tag+">"), "", "<%s> element", tag)
			case atom.Meta:
				if he, _ := attr(n, "http-equiv"); strings.EqualFold(he, "refresh") {
					r.errorf(RuleHTMLActive, h.where(d, "<meta>"), "", "meta refresh")
				}
			case atom.Main:
				mains++
			case atom.Img:
				imgN++
				alt, ok := attr(n, "alt")
				role, _ := attr(n, "role")
				switch {
				case !ok && role != "presentation" && role != "none":
					r.errorf(RuleHTMLAlt, h.where(d, fmt.Sprintf("<img> %d", imgN)), "add alt text, or alt=\"\" if the image is decoration",
						"image %s has no alt attribute", clip(srcName(n), 40))
				case strings.TrimSpace(alt) == "":
					h.facts.Decorative++
				default:
					h.facts.Alts = append(h.facts.Alts, alt)
				}
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				lvl := int(tag[1] - '0')
				text := textOf(n)
				h.facts.Headings = append(h.facts.Headings, Heading{lvl, text})
				h.heading(d, lvl, text)
			case atom.Table:
				tableN++
				hs := tableHeaders(n, nil)
				if len(hs) == 0 {
					if role, _ := attr(n, "role"); role != "presentation" && role != "none" {
						r.errorf(RuleHTMLTable, h.where(d, fmt.Sprintf("<table> %d", tableN)), "mark the header row with <th>", "table has no header cells")
					}
				} else {
					h.facts.TableHeaders = append(h.facts.TableHeaders, hs)
				}
			case atom.A:
				if href, ok := attr(n, "href"); ok {
					linkN++
					text := textOf(n)
					if al, _ := attr(n, "aria-label"); text == "" {
						text = al
					}
					if strings.TrimSpace(text) == "" {
						r.errorf(RuleHTMLLinkText, h.where(d, fmt.Sprintf("<a> %d", linkN)), "give the link words that say where it goes", "link to %s has no text", clip(href, 60))
					}
					if external(href) {
						h.facts.Links = append(h.facts.Links, Link{textOf(n), href})
					}
					role, _ := attr(n, "role")
					if (role == "doc-noteref" || strings.Contains(epubType(n), "noteref")) && !h.notes[href] {
						if h.notes == nil {
							h.notes = map[string]bool{}
						}
						h.notes[href] = true
						h.facts.Footnotes++
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, lang)
		}
	}
	walk(d.root, "")
	if htmlEl != nil {
		l, ok := attr(htmlEl, "lang")
		if !ok {
			l = xmlLang(htmlEl)
		}
		if l == "" {
			r.errorf(RuleHTMLLang, h.where(d, "<html>"), "add lang=\"en-GB\" (or the page's language) to <html>", "the page does not state its language")
		} else if h.facts.Lang == "" {
			h.facts.Lang = l
		}
	}
	if whole || h.epub {
		t := ""
		if titleEl != nil {
			t = textOf(titleEl)
		}
		if t == "" {
			r.errorf(RuleHTMLTitle, h.where(d, "<title>"), "give the page a title naming the document", "the page has no title")
		} else if h.facts.Title == "" {
			h.facts.Title = t
		}
	}
	if whole && mains != 1 {
		r.warnf(RuleHTMLLandmarks, h.where(d, ""), "wrap the content in one <main>", "%d main landmarks, want 1", mains)
	}
}

func (h *htmlChecker) heading(d htmlDoc, lvl int, text string) {
	// where is made only for a finding: a long page has thousands of headings.
	where := func() string { return h.where(d, fmt.Sprintf("<h%d> %q", lvl, clip(text, 40))) }
	if strings.TrimSpace(text) == "" {
		h.r.errorf(RuleHTMLHeadings, where(), "", "empty heading")
	}
	if lvl == 1 {
		h.h1s++
	}
	if h.headings == 0 && lvl != 1 {
		h.r.errorf(RuleHTMLHeadings, where(), "start with one h1 naming the document", "the first heading is level %d", lvl)
	} else if lvl > h.prevH+1 && h.headings > 0 {
		h.r.errorf(RuleHTMLHeadings, where(), "use the next level down", "heading level skips from %d to %d", h.prevH, lvl)
	}
	h.prevH = lvl
	h.headings++
}

func (h *htmlChecker) finishHeadings(where string) {
	if h.headings == 0 {
		h.r.errorf(RuleHTMLHeadings, where, "start with an h1 naming the document", "no headings")
	}
}

func remote(u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(u, "http:") || strings.HasPrefix(u, "https:") || strings.HasPrefix(u, "//") || strings.Contains(u, " http")
}

func srcName(n *html.Node) string {
	s, _ := attr(n, "src")
	if strings.HasPrefix(s, "data:") {
		return "(embedded)"
	}
	return s
}

func hasXMLLang(n *html.Node) bool { return xmlLang(n) != "" }

func xmlLang(n *html.Node) string {
	for _, a := range n.Attr {
		if a.Key == "xml:lang" || (a.Namespace == "xml" && a.Key == "lang") {
			return a.Val
		}
	}
	return ""
}

func epubType(n *html.Node) string {
	for _, a := range n.Attr {
		if a.Key == "epub:type" || (a.Key == "type" && a.Namespace == "epub") {
			return a.Val
		}
	}
	return ""
}

type htmlNode = html.Node

const htmlElement = html.ElementNode
