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

// closestKey returns the known front-matter key (or alias) a key is likely
// a typo of: within one edit (a swap of two neighbouring letters is one
// edit) for keys of up to five letters, two for longer ones.
func closestKey(s string, keys []string) string {
	keys = append(keys[:len(keys):len(keys)], "description", "author", "tags", "lastUpdated", "language")
	limit := 2
	if len([]rune(s)) <= 5 {
		limit = 1
	}
	best, bestD := "", limit+1
	for _, k := range keys {
		if d := typoDistance(strings.ToLower(s), strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// typoDistance is the optimal-string-alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each cost one.
func typoDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// resolveAnchors mends in-page links written for another site's ids: GitHub's
// "#user-content-" prefix is dropped; a target that matches one heading's id
// once hyphens are ignored ("#gov-uk-one-login" for "GOV.UK One Login") or
// that ends in one heading's id after a site's prefix ("#guidance-nodiadau"
// for "Nodiadau") is pointed at that heading, with a warning naming the guess.
func (c *converter) resolveAnchors(d *doc.Document) {
	ids := map[string]bool{}
	if d.TitleID != "" {
		ids[d.TitleID] = true
	}
	for _, h := range doc.Headings(d) {
		ids[h.ID] = true
	}
	dehyphen := map[string][]string{}
	for id := range ids {
		k := strings.ReplaceAll(id, "-", "")
		dehyphen[k] = append(dehyphen[k], id)
	}
	doc.Walk(d, func(n any) bool {
		l, ok := n.(*doc.Link)
		if !ok || !strings.HasPrefix(l.URL, "#") {
			return true
		}
		target := l.URL[1:]
		if ids[target] || strings.HasPrefix(target, "fn") {
			return true
		}
		if t, ok := strings.CutPrefix(target, "user-content-"); ok && ids[t] {
			l.URL = "#" + t
			return true
		}
		if id := c.anchorHeading(d, target); id != "" {
			l.URL = "#" + id // <a id="x"></a> at or just before the heading
			return true
		}
		guess := ""
		target = githubSlug(target) // "sy'n" is "syn" in an id
		if m := dehyphen[strings.ReplaceAll(target, "-", "")]; len(m) == 1 {
			guess = m[0]
		} else {
			for id := range ids {
				if strings.HasSuffix(target, "-"+id) {
					if guess != "" {
						return true // two headings fit: no guess
					}
					guess = id
				}
			}
		}
		if guess != "" {
			c.warnf(l.Pos, "LINK-ANCHOR-GUESSED", "write the heading's GitHub id: #"+guess,
				"link target %q matches no heading id; it is taken to mean #%s", l.URL, guess)
			l.URL = "#" + guess
		}
		return true
	})
}

// anchorHeading finds the heading an HTML anchor (<a id="x"></a> or
// <a name="x">) marks: the first heading on the anchor's line or after it.
func (c *converter) anchorHeading(d *doc.Document, name string) string {
	for _, a := range c.htmlAnchors {
		if a.name != name && githubSlug(a.name) != name {
			continue
		}
		for _, h := range doc.Headings(d) {
			if h.Pos.Line >= a.pos.Line {
				return h.ID
			}
		}
	}
	return ""
}
