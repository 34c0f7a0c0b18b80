// Package check holds the accessibility rules applied to the model before
// anything is rendered. Errors stop the build; warnings are printed.
package check

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/langtag"
)

// Rule codes, stable so people can search for them.
const (
	CodeTitle        = "META-TITLE"
	CodeLang         = "META-LANG"
	CodeAlt          = "A11Y-ALT"
	CodeAltQuality   = "A11Y-ALT-TEXT"
	CodeHeadingSkip  = "A11Y-HEADING-SKIP"
	CodeHeadingEmpty = "A11Y-HEADING-EMPTY"
	CodeLinkEmpty    = "A11Y-LINK-EMPTY"
	CodeLinkVague    = "A11Y-LINK-TEXT"
	CodeLinkAnchor   = "LINK-ANCHOR"
	CodeTableHeader  = "A11Y-TABLE-HEADER"
	CodeTableEmptyTH = "A11Y-TABLE-EMPTY-TH"
)

var vague = map[string]bool{
	"click here": true, "here": true, "click": true, "this": true, "link": true, "this link": true,
	"read more": true, "more": true, "more info": true, "more information": true, "find out more": true,
	"learn more": true, "go": true, "this page": true, "page": true, "download": true,
	// Welsh
	"cliciwch yma": true, "yma": true, "mwy": true, "darllen mwy": true,
}

var (
	urlLike = regexp.MustCompile(`(?i)^(https?://|www\.)\S+$`)
	// vacuousAlt are alt texts that tell a screen-reader user nothing.
	vacuousAlt = map[string]bool{"alt": true, "alt text": true, "image": true, "img": true, "picture": true,
		"photo": true, "photograph": true, "graphic": true, "icon": true, "screenshot": true, "figure": true,
		"diagram": true, "chart": true, "placeholder": true, "untitled": true, "image description": true, "logo": true}
	fileNameAlt = regexp.MustCompile(`(?i)^[\w\-. ]+\.(png|jpe?g|gif|svg|webp)$`)
)

// ValidLang is the one language-tag rule (internal/langtag).
func ValidLang(s string) bool { return langtag.Valid(s) }

// Document runs every rule and returns the findings in source order.
func Document(d *doc.Document) doc.Diagnostics {
	var ds doc.Diagnostics
	add := func(x *doc.Diagnostic) { ds = append(ds, x) }
	top := doc.Pos{File: d.Source, Line: 1, Col: 1}

	switch {
	case d.Meta.FrontMatterErrors:
		// the loader reported the front matter's errors at their keys
	case strings.TrimSpace(d.Meta.Title) == "":
		add(doc.Errorf(top, CodeTitle, "add `title: ...` to the front matter, or start the text with a `# Title` line", "document has no title"))
	}
	switch {
	case d.Meta.FrontMatterErrors:
	case d.Meta.Lang == "":
		add(doc.Errorf(top, CodeLang, "add `lang: en-GB` (or cy, ...) to the front matter, or pass --lang", "document has no language"))
	case !ValidLang(d.Meta.Lang):
		add(doc.Errorf(top, CodeLang, "use a BCP 47 tag such as en-GB or cy", "lang %q is not a valid language tag", d.Meta.Lang))
	}

	ids := map[string]bool{d.TitleID: d.TitleID != ""}
	for _, h := range doc.Headings(d) {
		ids[h.ID] = true
	}
	// The title is the document's level-1 heading; body headings follow it.
	prev := 1
	first := true
	doc.Walk(d, func(n any) bool {
		switch x := n.(type) {
		case *doc.Heading:
			if strings.TrimSpace(doc.PlainText(x.Inlines)) == "" {
				add(doc.Errorf(x.Pos, CodeHeadingEmpty, "write the heading's text, or remove the empty heading", "heading is empty"))
			}
			if x.Level > prev+1 {
				what := fmt.Sprintf("heading level %d follows level %d", x.Level, prev)
				if first {
					what = fmt.Sprintf("first heading is level %d; after the title (level 1) it should be level 2", x.Level)
				}
				add(doc.Errorf(x.Pos, CodeHeadingSkip,
					fmt.Sprintf("use %s (level %d) so no level is skipped", strings.Repeat("#", prev+1), prev+1), "%s", what))
			}
			prev = x.Level
			first = false
		case *doc.Image:
			if !x.Decorative && strings.TrimSpace(x.Alt) == "" {
				add(doc.Errorf(x.Pos, CodeAlt,
					`describe the image in the brackets: ![what it shows](file.png), or declare it decorative: ![](file.png "decorative")`,
					"image %q has no alt text", x.Src))
			} else if !x.Decorative {
				alt := strings.TrimSpace(x.Alt)
				switch {
				case vacuousAlt[strings.ToLower(strings.Trim(alt, ".:!- "))]:
					add(doc.Warnf(x.Pos, CodeAltQuality, "describe what the image shows, or declare it decorative", "alt text %q says nothing about the image", alt))
				case fileNameAlt.MatchString(alt):
					add(doc.Warnf(x.Pos, CodeAltQuality, "describe what the image shows", "alt text %q is a file name", alt))
				case strings.HasPrefix(strings.ToLower(alt), "image of") || strings.HasPrefix(strings.ToLower(alt), "picture of"):
					add(doc.Warnf(x.Pos, CodeAltQuality, "screen readers already say it is an image; start with what it shows", "alt text starts with %q", alt[:8]))
				case len([]rune(alt)) > 250:
					add(doc.Warnf(x.Pos, CodeAltQuality, "keep alt text short; put a long description in the text or a caption", "alt text is %d characters long", len([]rune(alt))))
				}
			}
		case *doc.Link:
			txt := strings.TrimSpace(doc.PlainText(x.Children))
			lower := strings.ToLower(strings.Trim(txt, ".:!… "))
			switch {
			case txt == "":
				add(doc.Errorf(x.Pos, CodeLinkEmpty, "write link text that says where the link goes: [NHS website](https://www.nhs.uk/)",
					"link to %q has no text", x.URL))
			case vague[lower]:
				add(doc.Warnf(x.Pos, CodeLinkVague, "say where the link goes, e.g. [AHP toolkit](...)", "link text %q does not say where it goes", txt))
			case urlLike.MatchString(txt) && len(txt) > 30:
				add(doc.Warnf(x.Pos, CodeLinkVague, "use words for the link text; screen readers read a web address letter by letter",
					"link text is a bare web address"))
			}
			if strings.HasPrefix(x.URL, "#") && !ids[x.URL[1:]] && !isFootnoteAnchor(x.URL) {
				add(doc.Warnf(x.Pos, CodeLinkAnchor, "link to a heading's id; ids are the heading text in lower case with hyphens, e.g. #about",
					"link target %q matches no heading in this document", x.URL))
			}
		case *doc.Span:
			if !ValidLang(x.Lang) {
				add(doc.Errorf(x.Pos, CodeLang, "use a BCP 47 tag such as cy", "language change has an invalid tag %q", x.Lang))
			}
		case *doc.Table:
			if len(x.Head) == 0 {
				add(doc.Errorf(x.Pos, CodeTableHeader, "give the table a header row naming each column",
					"table has no header row"))
			} else {
				for _, r := range x.Head {
					for i, c := range r.Cells {
						if strings.TrimSpace(doc.PlainText(c.Inlines)) == "" {
							add(doc.Warnf(c.Pos, CodeTableEmptyTH, "name every column so screen readers can announce it",
								"header cell in column %d is empty", i+1))
						}
					}
				}
			}
		}
		return true
	})
	ds.Sort()
	return ds
}

func isFootnoteAnchor(u string) bool { return strings.HasPrefix(u, "#fn") }
