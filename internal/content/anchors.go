package content

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/altformats/altformats/internal/doc"
)

// Heading ids are GitHub's, so the in-page links authors wrote and tested on
// GitHub keep working in every format: the heading's text in lower case,
// punctuation and symbols removed, each space a hyphen ("GOV.UK" → "govuk",
// "A - B" → "a---b", "1. Mission" → "1-mission"), and "-1", "-2"... after
// a repeated id. Ids are never shortened, so a link cannot break on a cut.

// githubSlug is github-slugger's slug: letters, numbers, marks, "-" and "_"
// stay (in lower case), spaces become "-", everything else goes.
func githubSlug(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || r == '-' || r == '_':
			sb.WriteRune(r)
		case r == ' ' || r == '\t' || r == '\n':
			sb.WriteByte('-')
		}
	}
	return sb.String()
}

// uniqueID gives a heading its GitHub id, unique in the document the way
// GitHub makes it unique.
func (c *converter) uniqueID(s string) string {
	if c.ids == nil {
		c.ids = map[string]int{}
	}
	base := githubSlug(s)
	if base == "" {
		base = "section" // a heading of only symbols or emoji
	}
	id := base
	for {
		if _, taken := c.ids[id]; !taken {
			break
		}
		c.ids[base]++
		id = base + "-" + strconv.Itoa(c.ids[base])
	}
	c.ids[id] = 0
	return id
}

// titleAndLevels settles the title's id and the body's heading levels once
// the title is known. A body heading at level 1 besides the title would sit
// at the title's level in one format and not in another; every body heading
// is moved one level down instead (keeping their relations), with a warning
// at each level-1 heading.
func (c *converter) titleAndLevels(d *doc.Document, titleHeading *doc.Heading) {
	if titleHeading != nil {
		d.TitleID = titleHeading.ID
	} else if d.Meta.Title != "" {
		if id := githubSlug(d.Meta.Title); id != "" {
			if _, taken := c.ids[id]; !taken {
				d.TitleID = id
			}
		}
	}
	var hs []*doc.Heading
	extraH1 := false
	doc.WalkBlocks(d.Blocks, func(n any) bool {
		if h, ok := n.(*doc.Heading); ok {
			hs = append(hs, h)
			extraH1 = extraH1 || h.Level == 1
		}
		return true
	})
	if !extraH1 {
		return
	}
	for _, h := range hs {
		if h.Level == 1 {
			c.warnf(h.Pos, "HEADING-EXTRA-H1", "use ## for sections; the title is the only level-1 heading",
				"level-1 heading %q besides the title; every body heading is moved one level down", strings.TrimSpace(doc.PlainText(h.Inlines)))
		}
		if h.Level < 6 {
			h.Level++
		}
	}
}
