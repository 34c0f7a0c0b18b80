package docx

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/verify"
)

// pkgCheck is a .docx read back with internal/verify's reader, the model it
// came from, and the problems found so far.
type pkgCheck struct {
	p     *verify.Package
	trees map[string]verify.Elem
	d     *doc.Document
	probs []string
}

func (c *pkgCheck) bad(f string, a ...any) { c.probs = append(c.probs, fmt.Sprintf(f, a...)) }

// need is a part's tree; a missing part is a problem and reads as empty.
func (c *pkgCheck) need(n string) verify.Elem {
	e, ok := c.trees[n]
	if !ok {
		c.bad("missing part %s", n)
	}
	return e
}

// checkPackage asserts the accessibility and packaging rules the writer
// promises, on the bytes a user would open. It returns every problem found.
// The package checks and the parity with the model are internal/verify's
// (the same the build runs on every file before publishing); what the
// rules below add is what this writer promises beyond them.
func checkPackage(b []byte, d *doc.Document) []string {
	p, err := verify.ReadPackage(b)
	if err != nil {
		return []string{"zip: " + err.Error()}
	}
	c := &pkgCheck{p: p, trees: map[string]verify.Elem{}, d: d}
	for _, r := range verify.Document(d, []verify.NamedFile{{Name: d.Meta.Slug + ".docx", Data: b}}).Files {
		for _, f := range r.Findings {
			c.bad("%s", f.Line(r.Name))
		}
	}
	c.parts()
	c.styles()
	body := c.need("word/document.xml")
	c.headings(body)
	c.contents(body)
	c.lists(body)
	c.tables(body)
	c.pictures()
	c.page(body)
	c.properties()
	return c.probs
}

// parts: the content types first, every part parsed, no template
// leftovers, one Default per extension.
func (c *pkgCheck) parts() {
	if len(c.p.Names) == 0 || c.p.Names[0] != "[Content_Types].xml" {
		c.bad("[Content_Types].xml is not the first entry")
	}
	for _, n := range c.p.Names {
		if strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels") {
			e, err := verify.ParseXML(c.p.Parts[n])
			if err != nil {
				c.bad("%s: not well-formed: %v", n, err)
				continue
			}
			c.trees[n] = e
		}
		if strings.Contains(strings.ToLower(n), "thumbnail") || strings.HasPrefix(n, "customXml/") || strings.Contains(n, "stylesWithEffects") {
			c.bad("template leftover %s", n)
		}
	}
	defaults := map[string]bool{}
	for _, e := range c.need("[Content_Types].xml").All("ct:Default") {
		ext := strings.ToLower(e.Attr("Extension"))
		if defaults[ext] {
			c.bad("content types: duplicate Default for %q", ext)
		}
		defaults[ext] = true
	}
}

// styles: Heading 1–6 with their outline levels, and the document language
// as the default w:lang.
func (c *pkgCheck) styles() {
	styles := c.need("word/styles.xml")
	ids := map[string]verify.Elem{}
	for _, s := range styles.All("w:style") {
		ids[s.Attr("w:styleId")] = s
	}
	for i := 1; i <= 6; i++ {
		s, ok := ids[fmt.Sprintf("Heading%d", i)]
		if !ok {
			c.bad("styles: Heading%d missing", i)
			continue
		}
		if o := s.First("w:outlineLvl"); !o.Ok() || o.Val() != strconv.Itoa(i-1) {
			c.bad("styles: Heading%d without outline level %d", i, i-1)
		}
	}
	if lang := styles.First("w:rPrDefault").First("w:lang").Val(); lang != c.d.Meta.Lang {
		c.bad("styles: default w:lang %q, want %q", lang, c.d.Meta.Lang)
	}
}

// headings: the title is the first heading and the only Heading 1, as in
// HTML and PDF; every body heading carries its bookmark; every internal
// link goes to one.
func (c *pkgCheck) headings(body verify.Elem) {
	bookmarks := map[string]bool{}
	for _, bm := range body.All("w:bookmarkStart") {
		bookmarks[bm.Attr("w:name")] = true
	}
	n, h1 := 0, 0
	for _, para := range body.All("w:p") {
		st := para.First("w:pStyle").Val()
		if !strings.HasPrefix(st, "Heading") {
			continue
		}
		text := para.WordText()
		n++
		if st == "Heading1" {
			h1++
			if n != 1 {
				c.bad("Heading 1 %q is not the first heading: only the title is Heading 1", text)
			}
			if strings.TrimSpace(text) != strings.TrimSpace(doc.PlainText(c.d.TitleInlines)) && c.d.TitleInlines != nil {
				c.bad("the Heading 1 reads %q, not the title", text)
			}
			continue
		}
		if !para.First("w:bookmarkStart").Ok() && !c.generated(text) {
			c.bad("heading %q has no bookmark", text)
		}
	}
	if h1 != 1 {
		c.bad("%d Heading 1 paragraphs, want 1 (the title)", h1)
	}
	for _, h := range body.All("w:hyperlink") {
		if h.HasAttr("w:anchor") && !bookmarks[h.Attr("w:anchor")] {
			c.bad("internal link to #%s has no bookmark", h.Attr("w:anchor"))
		}
	}
}

// generated reports whether a heading is one the writer adds (footnotes).
func (c *pkgCheck) generated(text string) bool {
	return text == render.LabelsFor(c.d.Meta.Lang).Footnotes
}

// contents: a TOC field over the levels doc.TOCLevels gives, with one entry
// per heading in those levels, or none when the document asks for none.
func (c *pkgCheck) contents(body verify.Elem) {
	hs := doc.Headings(c.d)
	base, last, ok := doc.TOCLevels(c.d, hs)
	var instr string
	for _, it := range body.All("w:instrText") {
		if strings.Contains(it.Text(), "TOC ") {
			instr = it.Text()
		}
	}
	if !ok {
		if instr != "" {
			c.bad("contents field %q in a document that asks for none", instr)
		}
		return
	}
	if want := fmt.Sprintf(`TOC \o "%d-%d"`, base, last); !strings.Contains(instr, want) {
		c.bad("contents field %q, want %s", instr, want)
	}
	var want, got []string
	for _, h := range hs {
		if h.Level <= last {
			want = append(want, doc.PlainText(h.Inlines))
		}
	}
	for _, para := range body.All("w:p") {
		if strings.HasPrefix(para.First("w:pStyle").Val(), "TOC") && para.First("w:pStyle").Val() != "TOCHeading" {
			got = append(got, para.WordText())
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		c.bad("contents entries %q, want %q", got, want)
	}
}

// lists: a document with lists has numbered paragraphs.
func (c *pkgCheck) lists(body verify.Elem) {
	hasList := false
	doc.Walk(c.d, func(n any) bool {
		if _, ok := n.(*doc.List); ok {
			hasList = true
		}
		return !hasList
	})
	if hasList && len(body.All("w:numPr")) == 0 {
		c.bad("the document has lists but no numbered paragraphs")
	}
}

// tables: header rows first, repeated (w:tblHeader), rows unsplittable, a
// caption or description.
func (c *pkgCheck) tables(body verify.Elem) {
	for i, tbl := range body.All("w:tbl") {
		rows := tbl.All("w:tr")
		if len(rows) == 0 || !rows[0].First("w:tblHeader").Ok() {
			c.bad("table %d: first row is not a repeating header (w:tblHeader)", i+1)
		}
		inHead := true
		for _, r := range rows {
			h := r.First("w:tblHeader").Ok()
			if h && !inHead {
				c.bad("table %d: header row after a body row", i+1)
			}
			inHead = inHead && h
			if !r.First("w:cantSplit").Ok() {
				c.bad("table %d: row may split across pages", i+1)
			}
		}
		if !tbl.First("w:tblDescription").Ok() && !tbl.First("w:tblCaption").Ok() {
			c.bad("table %d: no caption or description", i+1)
		}
	}
}

// pictures: alt text on both docPr (Word) and cNvPr (others), none on a
// decorative picture.
func (c *pkgCheck) pictures() {
	for _, part := range []string{"word/document.xml", "word/footnotes.xml"} {
		for _, inl := range c.trees[part].All("wp:inline") {
			dp, cp := inl.First("wp:docPr"), inl.First("pic:cNvPr")
			if !dp.Ok() || !cp.Ok() {
				c.bad("%s: picture without docPr/cNvPr", part)
				continue
			}
			if dec := dp.First("adec:decorative"); dec.Attr("val") == "1" && dp.Attr("descr") != "" {
				c.bad("decorative picture %s has alt text", dp.Attr("name"))
			}
			if cp.Attr("descr") != dp.Attr("descr") {
				c.bad("picture %s: pic:cNvPr descr differs from wp:docPr", dp.Attr("name"))
			}
		}
	}
}

// page: A4 by default, page numbers in the footer; footnotes are Word
// footnotes, at the foot of the page.
func (c *pkgCheck) page(body verify.Elem) {
	if sz := body.First("w:pgSz"); sz.Attr("w:w") != "11906" || sz.Attr("w:h") != "16838" {
		c.bad("page size is not A4")
	}
	if !body.First("w:footerReference").Ok() {
		c.bad("no footer")
	}
	ftr := string(c.p.Parts["word/footer1.xml"])
	if !strings.Contains(ftr, " PAGE ") || !strings.Contains(ftr, " NUMPAGES ") {
		c.bad("footer without PAGE and NUMPAGES fields")
	}
	refs := 0
	doc.Walk(c.d, func(n any) bool {
		if _, ok := n.(*doc.FootnoteRef); ok {
			refs++
		}
		return true
	})
	if refs > 0 && len(body.All("w:footnoteReference")) == 0 {
		c.bad("the document has footnotes but no w:footnoteReference (Word footnotes)")
	}
}

var w3cdtfDate = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

// properties: core title, language, dates and creator; this tool as the
// application.
func (c *pkgCheck) properties() {
	core := c.need("docProps/core.xml")
	get := func(n string) string { return core.First(n).Text() }
	if get("dc:title") != c.d.Meta.Title || c.d.Meta.Title == "" {
		c.bad("core.xml dc:title %q, want %q", get("dc:title"), c.d.Meta.Title)
	}
	if get("dc:language") != c.d.Meta.Lang {
		c.bad("core.xml dc:language %q, want %q", get("dc:language"), c.d.Meta.Lang)
	}
	for _, n := range []string{"dcterms:created", "dcterms:modified"} {
		if !w3cdtfDate.MatchString(get(n)) {
			c.bad("core.xml %s %q is not a W3CDTF date", n, get(n))
		}
	}
	if (len(c.d.Meta.Authors) > 0 || c.d.Meta.Publisher != "") && get("dc:creator") == "" {
		c.bad("core.xml has no dc:creator")
	}
	app := c.p.Parts["docProps/app.xml"]
	if bytes.Contains(app, []byte("Microsoft")) || !bytes.Contains(app, []byte("<Application>")) {
		c.bad("app.xml does not name this tool as the application")
	}
}
