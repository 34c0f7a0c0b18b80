package epub

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// packageDocument writes package.opf: metadata, manifest and spine.
func packageDocument(d *doc.Document, opt render.Options, images []image) ([]byte, error) {
	m := d.Meta
	slug := m.Slug
	if slug == "" {
		slug = m.Title
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="%s">`+"\n", attr(m.Lang))
	b.WriteString(`  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n")
	el := func(format string, args ...any) { fmt.Fprintf(&b, "    "+format+"\n", args...) }
	el(`<dc:identifier id="pub-id">%s</dc:identifier>`, text(Identifier(slug)))
	el(`<dc:title id="title">%s</dc:title>`, text(m.Title))
	if m.Subtitle != "" {
		el(`<meta refines="#title" property="title-type">main</meta>`)
		el(`<dc:title id="subtitle">%s</dc:title>`, text(m.Subtitle))
		el(`<meta refines="#subtitle" property="title-type">subtitle</meta>`)
	}
	el(`<dc:language>%s</dc:language>`, text(m.Lang))
	for i, a := range m.Authors {
		el(`<dc:creator id="creator%d">%s</dc:creator>`, i+1, text(a))
		el(`<meta refines="#creator%d" property="role" scheme="marc:relators">aut</meta>`, i+1)
	}
	if m.Publisher != "" {
		el(`<dc:publisher>%s</dc:publisher>`, text(m.Publisher))
	}
	if m.Date != "" {
		el(`<dc:date>%s</dc:date>`, text(m.Date))
	}
	if m.Summary != "" {
		el(`<dc:description>%s</dc:description>`, text(m.Summary))
	}
	for _, k := range m.Keywords {
		el(`<dc:subject>%s</dc:subject>`, text(k))
	}
	if m.Licence != "" {
		el(`<dc:rights>%s</dc:rights>`, text(m.Licence))
	}
	el(`<meta property="dcterms:modified">%s</meta>`, zipTime(opt.Modified).UTC().Format("2006-01-02T15:04:05Z"))
	if m.Version != "" {
		el(`<meta property="schema:version">%s</meta>`, text(m.Version))
	}
	for _, p := range accessibility(d) {
		el(`<meta property="%s">%s</meta>`, p.property, text(p.value))
	}
	b.WriteString("  </metadata>\n  <manifest>\n")
	el(`<item id="nav" href="%s" media-type="application/xhtml+xml" properties="nav"/>`, navName)
	el(`<item id="content" href="%s" media-type="application/xhtml+xml"/>`, contentName)
	el(`<item id="css" href="%s" media-type="text/css"/>`, cssName)
	for _, im := range images {
		el(`<item id="%s" href="%s" media-type="%s"/>`, im.id, attr(im.name), im.mediaType)
	}
	b.WriteString("  </manifest>\n  <spine>\n")
	el(`<itemref idref="content"/>`)
	// The contents page is reachable (the landmarks point at it) but not part
	// of the reading order, which starts at the title.
	el(`<itemref idref="nav" linear="no"/>`)
	b.WriteString("  </spine>\n</package>\n")
	return b.Bytes(), nil
}

type property struct{ property, value string }

// ConformsTo is the claim of conformance a book that passes makes.
const ConformsTo = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"

// accessibility returns the EPUB Accessibility 1.1 metadata that is true of
// this file. The content document is the HTML writer's page, which is tested
// against WCAG 2.2 AA with axe-core; images are "visual" content only when
// they carry information, and text alternatives are claimed only when every
// such image has one.
func accessibility(d *doc.Document) []property {
	informative, described := 0, 0
	doc.Walk(d, func(n any) bool {
		if img, ok := n.(*doc.Image); ok && !img.Decorative {
			informative++
			if strings.TrimSpace(img.Alt) != "" {
				described++
			}
		}
		return true
	})
	allDescribed := informative == described
	ps := []property{{"schema:accessMode", "textual"}}
	if informative > 0 {
		ps = append(ps, property{"schema:accessMode", "visual"})
	}
	if allDescribed {
		ps = append(ps, property{"schema:accessModeSufficient", "textual"})
	}
	if informative > 0 {
		ps = append(ps, property{"schema:accessModeSufficient", "textual,visual"})
	}
	features := []string{"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"}
	if informative > 0 && allDescribed {
		features = append(features, "alternativeText")
	}
	for _, f := range features {
		ps = append(ps, property{"schema:accessibilityFeature", f})
	}
	ps = append(ps, property{"schema:accessibilityHazard", "none"})
	summary := "This publication is designed to meet EPUB Accessibility 1.1 at WCAG 2.2 level AA. " +
		"It has a table of contents and marked-up headings for navigation, and one logical reading order. " +
		"Text can be resized, and fonts and colours changed, in the reading system."
	switch {
	case informative > 0 && allDescribed:
		summary += " Every image that carries information has a text description; decorative images are hidden from screen readers."
	case informative > 0:
		summary += " Some images have no text description."
	}
	summary += " It has no flashing, motion or sound hazards."
	ps = append(ps, property{"schema:accessibilitySummary", summary})
	if allDescribed {
		ps = append(ps, property{"dcterms:conformsTo", ConformsTo})
	}
	return ps
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func text(s string) string { return textEscaper.Replace(xmlChars(s)) }
func attr(s string) string { return attrEscaper.Replace(xmlChars(s)) }

// xmlChars drops characters XML 1.0 cannot carry (control characters), so
// no input makes the package document ill-formed.
func xmlChars(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	ok := true
	for _, r := range s {
		if !isXMLChar(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isXMLChar(r) {
			return r
		}
		return -1
	}, s)
}

func isXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || (r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
