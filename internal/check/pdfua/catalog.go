package pdfua

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"golang.org/x/text/language"
)

// checkMarkInfo: the catalog declares the file tagged (ISO 32000-1 14.7.1,
// required by PDF/UA-1 7.1).
func checkMarkInfo(c *checker) {
	mi := c.dict(c.catalog.get("MarkInfo"))
	if mi == nil {
		c.add(RuleMarkInfo, 0, "catalog has no /MarkInfo dictionary")
		return
	}
	if v, ok := c.boolean(mi.get("Marked")); !ok || !v {
		c.add(RuleMarkInfo, 0, "catalog /MarkInfo /Marked is not true")
	}
}

// checkSuspects (01-007): /Suspects true says the tagging is not trustworthy.
func checkSuspects(c *checker) {
	mi := c.dict(c.catalog.get("MarkInfo"))
	if v, ok := c.boolean(mi.get("Suspects")); ok && v {
		c.add("01-007", 0, "catalog /MarkInfo /Suspects is true")
	}
}

// validLang reports whether s is a well-formed BCP 47 tag.
func validLang(s string) bool {
	if s == "" || strings.TrimSpace(s) != s {
		return false
	}
	_, err := language.Parse(s)
	return err == nil
}

// checkLang (11-001): without a document language no text's language can be
// determined (we do not rely on per-element /Lang covering everything).
func checkLang(c *checker) {
	o, ok := c.catalog.lookup("Lang")
	if !ok {
		c.add("11-001", 0, "catalog has no /Lang")
		return
	}
	s, ok := c.text(o)
	if !ok || !validLang(s) {
		c.add("11-001", 0, "catalog /Lang %q is not a valid BCP 47 language tag", s)
	}
}

const (
	nsPDFUAID = "http://www.aiim.org/pdfua/ns/id/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsRDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
)

// checkMetadata (06-001, 06-002, 06-003): the catalog's XMP stream names
// PDF/UA part 1 and carries a non-empty dc:title.
func checkMetadata(c *checker) {
	o, ok := c.catalog.lookup("Metadata")
	if !ok {
		c.add("06-001", 0, "catalog has no /Metadata XMP stream")
		return
	}
	data, _, err := c.stream(o)
	if err != nil {
		c.add("06-001", 0, "catalog /Metadata is not a readable stream: %v", err)
		return
	}
	part, title, err := readXMP(data)
	if err != nil {
		c.add("06-001", 0, "catalog /Metadata is not well-formed XMP: %v", err)
		return
	}
	if part != "1" {
		c.add("06-002", 0, "XMP has no pdfuaid:part 1 (found %q)", part)
	}
	if strings.TrimSpace(title) == "" {
		c.add("06-003", 0, "XMP has no non-empty dc:title")
	}
}

// readXMP returns pdfuaid:part (element or attribute form) and the first
// dc:title text.
func readXMP(data []byte) (part, title string, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []xml.Name
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return part, title, nil
		}
		if err != nil {
			return part, title, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name)
			for _, a := range t.Attr {
				if a.Name.Space == nsPDFUAID && a.Name.Local == "part" {
					part = strings.TrimSpace(a.Value)
				}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			top := stack[len(stack)-1]
			if top.Space == nsPDFUAID && top.Local == "part" {
				part = strings.TrimSpace(string(t))
			}
			inTitle := false
			for _, n := range stack {
				if n.Space == nsDC && n.Local == "title" {
					inTitle = true
				}
			}
			if inTitle && title == "" && strings.TrimSpace(string(t)) != "" {
				title = strings.TrimSpace(string(t))
			}
		}
	}
}

// checkDisplayDocTitle (07-001, 07-002): viewers show the title, not the file name.
func checkDisplayDocTitle(c *checker) {
	vp := c.dict(c.catalog.get("ViewerPreferences"))
	v, ok := c.boolean(vp.get("DisplayDocTitle"))
	switch {
	case !ok:
		c.add("07-001", 0, "catalog /ViewerPreferences has no /DisplayDocTitle")
	case !v:
		c.add("07-002", 0, "catalog /ViewerPreferences /DisplayDocTitle is false")
	}
}

// checkPageTabs (28-008, 28-009): tab order follows the structure. PDF/UA asks
// it of pages with annotations; we ask it of every page, as the renderer
// promises.
func checkPageTabs(c *checker) {
	for _, p := range c.pages {
		o, ok := p.dict.lookup("Tabs")
		switch {
		case !ok:
			c.add("28-008", p.n, "page has no /Tabs")
		case c.name(o) != "S":
			c.add("28-009", p.n, "page /Tabs is /%s, not /S", c.name(o))
		}
	}
}

// checkPageStructParents: every page's MCIDs are found through /StructParents.
func checkPageStructParents(c *checker) {
	for _, p := range c.pages {
		if _, ok := c.integer(p.dict.get("StructParents")); !ok {
			c.add(RuleStructParents, p.n, "page has no integer /StructParents")
		}
	}
}
