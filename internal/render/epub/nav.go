package epub

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/altformats/altformats/internal/doc"
)

// navEntry is one line of the table of contents.
type navEntry struct {
	level    int
	label    string // XHTML
	href     string
	children []*navEntry
}

// labels are the navigation document's own words, in the document's language
// where we have them.
type labels struct {
	lang      string // "" when the words are in the document's language
	contents  string
	landmarks string
	start     string
}

func navLabels(lang string) labels {
	base := strings.ToLower(strings.SplitN(lang, "-", 2)[0])
	switch base {
	case "cy":
		return labels{contents: "Cynnwys", landmarks: "Tirnodau", start: "Dechrau’r cynnwys"}
	case "en":
		return labels{contents: "Contents", landmarks: "Landmarks", start: "Start of content"}
	}
	return labels{lang: "en", contents: "Contents", landmarks: "Landmarks", start: "Start of content"}
}

// navDocument writes nav.xhtml: a nested list of the title and every heading,
// each linking to its id in the content document, and the landmarks.
func navDocument(d *doc.Document) ([]byte, error) {
	title, err := navInlines(d.TitleInlines)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(title) == "" {
		title = text(d.Meta.Title)
	}
	root := &navEntry{level: 0}
	stack := []*navEntry{root}
	add := func(e *navEntry) {
		// A skipped level nests under the nearest shallower entry, so the list
		// is valid whatever the headings do (check reports skips separately).
		for len(stack) > 1 && stack[len(stack)-1].level >= e.level {
			stack = stack[:len(stack)-1]
		}
		top := stack[len(stack)-1]
		top.children = append(top.children, e)
		stack = append(stack, e)
	}
	add(&navEntry{level: 1, label: title, href: contentName})
	// the contents go as deep as in every other format (doc.TOCLevels);
	// with toc: false the nav (which EPUB requires) holds the title only
	_, last, tocOK := doc.TOCLevels(d, doc.Headings(d))
	var walkErr error
	doc.WalkBlocks(d.Blocks, func(n any) bool {
		h, ok := n.(*doc.Heading)
		if !ok || walkErr != nil {
			return walkErr == nil
		}
		if !tocOK || h.Level > last {
			return false
		}
		label, err := navInlines(h.Inlines)
		if err != nil {
			walkErr = err
			return false
		}
		if strings.TrimSpace(label) == "" {
			return false // an empty heading has nothing to show in a contents list
		}
		href := contentName
		if h.ID != "" {
			href += "#" + h.ID
		}
		add(&navEntry{level: h.Level, label: label, href: href})
		return false
	})
	if walkErr != nil {
		return nil, walkErr
	}

	l := navLabels(d.Meta.Lang)
	lang := attr(d.Meta.Lang)
	labelLang := ""
	if l.lang != "" {
		labelLang = fmt.Sprintf(` lang="%s" xml:lang="%s"`, l.lang, l.lang)
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE html>\n")
	fmt.Fprintf(&b, `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="%s" xml:lang="%s">`+"\n", lang, lang)
	fmt.Fprintf(&b, "<head>\n<meta charset=\"UTF-8\"/>\n<title%s>%s</title>\n<link rel=\"stylesheet\" href=\"%s\"/>\n</head>\n<body>\n", labelLang, l.contents, cssName)
	fmt.Fprintf(&b, "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\"%s>%s</h1>\n", labelLang, l.contents)
	writeNavList(&b, root.children, 0)
	b.WriteString("</nav>\n")
	fmt.Fprintf(&b, "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\" aria-labelledby=\"landmarks-title\">\n<h2 id=\"landmarks-title\"%s>%s</h2>\n<ol>\n", labelLang, l.landmarks)
	fmt.Fprintf(&b, "<li><a epub:type=\"toc\" href=\"%s#toc\"%s>%s</a></li>\n", navName, labelLang, l.contents)
	fmt.Fprintf(&b, "<li><a epub:type=\"bodymatter\" href=\"%s\"%s>%s</a></li>\n", contentName, labelLang, l.start)
	b.WriteString("</ol>\n</nav>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

func writeNavList(b *bytes.Buffer, entries []*navEntry, depth int) {
	ind := strings.Repeat("  ", depth)
	b.WriteString(ind + "<ol>\n")
	for _, e := range entries {
		fmt.Fprintf(b, "%s  <li><a href=\"%s\">%s</a>", ind, attr(e.href), e.label)
		if len(e.children) > 0 {
			b.WriteString("\n")
			writeNavList(b, e.children, depth+2)
			b.WriteString(ind + "  ")
		}
		b.WriteString("</li>\n")
	}
	b.WriteString(ind + "</ol>\n")
}

// navInlines renders a heading's text for the contents list: plain text, with
// language changes kept (a screen reader must switch voice there too) and no
// links or footnote markers, which cannot sit inside the entry's own link.
func navInlines(ins []doc.Inline) (string, error) {
	var b strings.Builder
	var walk func([]doc.Inline) error
	walk = func(ins []doc.Inline) error {
		for _, in := range ins {
			switch n := in.(type) {
			case *doc.Text:
				b.WriteString(text(n.Text))
			case *doc.Code:
				b.WriteString(text(n.Text))
			case *doc.LineBreak:
				b.WriteString(" ")
			case *doc.Emph:
				if err := walk(n.Children); err != nil {
					return err
				}
			case *doc.Strong:
				if err := walk(n.Children); err != nil {
					return err
				}
			case *doc.Strike:
				if err := walk(n.Children); err != nil {
					return err
				}
			case *doc.Link:
				if err := walk(n.Children); err != nil {
					return err
				}
			case *doc.Span:
				fmt.Fprintf(&b, `<span lang="%s" xml:lang="%s">`, attr(n.Lang), attr(n.Lang))
				if err := walk(n.Children); err != nil {
					return err
				}
				b.WriteString("</span>")
			case *doc.Image:
				if !n.Decorative {
					b.WriteString(text(n.Alt))
				}
			case *doc.FootnoteRef:
			default:
				return fmt.Errorf("unhandled %T", in)
			}
		}
		return nil
	}
	if err := walk(ins); err != nil {
		return "", err
	}
	return b.String(), nil
}
