package verify

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Rule ids of the Word checks.
const (
	RuleDOCXPackage  = "DOCX-PACKAGE"
	RuleDOCXStyles   = "DOCX-STYLES"
	RuleDOCXHeadings = "DOCX-HEADINGS"
	RuleDOCXNumber   = "DOCX-NUMBERING"
	RuleDOCXTable    = "DOCX-TABLE-HEADER"
	RuleDOCXAlt      = "DOCX-ALT"
	RuleDOCXLang     = "DOCX-LANG"
	RuleDOCXProps    = "DOCX-PROPERTIES"
	RuleDOCXLinkText = "DOCX-LINK-TEXT"
	RuleDOCXNotes    = "DOCX-FOOTNOTES"
)

var docxRules = []rule{
	{RuleFormat, "the file can be read as a Word package (zip)"},
	{RuleDOCXPackage, "every part is well-formed XML with a content type; every relationship resolves"},
	{RuleDOCXStyles, "every style used is defined; heading styles carry outline levels (navigation pane, PDF bookmarks)"},
	{RuleDOCXHeadings, "headings use heading styles: the title as level 1 first, no level skipped, none empty"},
	{RuleDOCXNumber, "list paragraphs use defined numbering (real lists, not typed bullets)"},
	{RuleDOCXTable, "every table's first row is a header row repeated on each page (w:tblHeader)"},
	{RuleDOCXAlt, "every picture has alternative text or is marked decorative"},
	{RuleDOCXLang, "the document language is set and every language tag is valid"},
	{RuleDOCXProps, "the document properties give a title"},
	{RuleDOCXLinkText, "every hyperlink has text"},
	{RuleDOCXNotes, "every footnote reference has its footnote"},
}

// docxRel is one relationship: its target and type, and whether the
// target is outside the package.
type docxRel struct {
	target, typ string
	external    bool
}

// docxCheck is a Word package being checked.
type docxCheck struct {
	r         *Result
	p         *zipPkg // names only: the parts are read into trees
	trees     map[string]*elem
	bad       map[string]error              // XML parts that are not well-formed
	rels      map[string]map[string]docxRel // source part -> id -> relationship
	mainPart  string
	body      *elem
	textParts []string // the parts that hold text a reader meets: body, notes, header, footer
	styleIDs  map[string]*elem
	outline   map[string]int // style id -> heading level (1-based)
	defLang   string
	f         *Facts
	index     map[*elem]map[string][]*elem // tree -> name -> its elements
}

// all is tree.all(name), from an index of the tree made in one walk: the
// checks ask a long body for a dozen names, and each walk was a visit of
// every element. The slice is shared: callers must not append to it.
func (c *docxCheck) all(tree *elem, name string) []*elem {
	if tree == nil {
		return nil
	}
	if !docxIndexed[name] {
		return tree.all(name)
	}
	ix := c.index[tree]
	if ix == nil {
		ix = map[string][]*elem{}
		var walk func(*elem)
		walk = func(x *elem) {
			if docxIndexed[x.name] {
				ix[x.name] = append(ix[x.name], x)
			}
			for _, k := range x.kids {
				walk(k)
			}
		}
		walk(tree)
		if c.index == nil {
			c.index = map[*elem]map[string][]*elem{}
		}
		c.index[tree] = ix
	}
	return ix[name]
}

func checkDOCX(r *Result, data []byte) []rule {
	r.Standard = "WCAG 2.2 AA applied to Word documents (machine-checkable part)"
	c := &docxCheck{r: r, trees: map[string]*elem{}, rels: map[string]map[string]docxRel{},
		mainPart: "word/document.xml", f: &Facts{OnlyHeaderRows: true}}
	// Each XML part is parsed as it is read, into trees that share none of
	// its bytes: the package is never all in memory at once.
	c.p = &zipPkg{parts: map[string][]byte{}}
	c.bad = map[string]error{}
	err := eachZipEntry(data, true, func(f *zip.File, data []byte) {
		c.p.names = append(c.p.names, f.Name)
		c.p.parts[f.Name] = nil // the names are what the checks ask
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			e, err := parseDOCXPart(f.Name, data)
			if err != nil {
				c.bad[f.Name] = err
				return
			}
			c.trees[f.Name] = e
		}
	})
	if err != nil {
		r.errorf(RuleFormat, "", "the file is damaged or not a .docx; save it again from Word", "cannot read the Word package: %v", err)
		return docxRules
	}
	if !c.contentTypes() {
		return docxRules
	}
	c.relationships()
	c.body = c.trees[c.mainPart]
	if c.body == nil {
		r.errorf(RuleDOCXPackage, c.mainPart, "", "the main document part is missing")
		return docxRules
	}
	c.findTextParts()
	c.styles()
	c.headings()
	c.listsAndTables()
	c.pictures()
	c.language()
	c.links()
	c.footnotes()
	r.Facts = c.f
	return docxRules
}

// docxIndexed are the names the checks ask a whole part for.
var docxIndexed = map[string]bool{
	"w:hyperlink": true, "a:blip": true, "w:style": true, "w:pStyle": true, "w:rStyle": true, "w:tblStyle": true,
	"w:p": true, "w:num": true, "w:numPr": true, "w:tbl": true, "wp:inline": true, "wp:anchor": true,
	"w:lang": true, "w:footnote": true, "w:footnoteReference": true,
}

// all2 is the elements named a, then those named b.
func (c *docxCheck) all2(tree *elem, a, b string) []*elem {
	return append(append([]*elem(nil), c.all(tree, a)...), c.all(tree, b)...)
}

// part is a part name relative to the main part's folder.
func (c *docxCheck) part(name string) string { return path.Join(path.Dir(c.mainPart), name) }

// contentTypes reports the XML parts that are not well-formed and checks
// every part has a content type; false when there is no
// [Content_Types].xml to go on with.
func (c *docxCheck) contentTypes() bool {
	for _, n := range c.p.names {
		if err := c.bad[n]; err != nil {
			c.r.errorf(RuleDOCXPackage, n, "", "not well-formed XML: %v", err)
		}
	}
	ct := c.trees["[Content_Types].xml"]
	if ct == nil {
		c.r.errorf(RuleDOCXPackage, "[Content_Types].xml", "", "missing")
		return false
	}
	defaults, overrides := map[string]bool{}, map[string]bool{}
	for _, e := range ct.all("ct:Default") {
		defaults[strings.ToLower(e.attrs.get("Extension"))] = true
	}
	for _, e := range ct.all("ct:Override") {
		overrides[e.attrs.get("PartName")] = true
	}
	for _, n := range c.p.names {
		if n == "[Content_Types].xml" || strings.HasSuffix(n, "/") {
			continue
		}
		if !overrides["/"+n] && !defaults[strings.ToLower(strings.TrimPrefix(path.Ext(n), "."))] {
			c.r.errorf(RuleDOCXPackage, n, "", "part has no content type")
		}
	}
	return true
}

// docxKept are the elements the checks ask for of a part other than
// [Content_Types].xml, relationships and the core properties (whose
// trees are whole): parseDOCXPart builds only these, with docxKeep.
// TestDOCXChecksAskOnlyForKeptElements holds the checks to this list.
var docxKept = map[string]bool{
	"w:p": true, "w:pPr": true, "w:pStyle": true, "w:outlineLvl": true, "w:t": true,
	"w:rStyle": true, "w:tblStyle": true, "w:numPr": true, "w:numId": true, "w:num": true,
	"w:tbl": true, "w:tblHeader": true, "w:tc": true, "w:hyperlink": true, "a:blip": true,
	"wp:inline": true, "wp:anchor": true, "wp:docPr": true, "adec:decorative": true,
	"w:lang": true, "w:footnoteReference": true, "w:footnote": true,
	"w:style": true, "w:basedOn": true, "w:rPrDefault": true,
}

// docxKeep keeps the elements of docxKept, and every child of a table
// (directRows reads a table's own children).
var docxKeep = &keepSet{names: docxKept, kidsOf: "w:tbl"}

// parseDOCXPart parses a part of a Word package. The body of a long
// document is mostly runs, run properties, bookmarks and list levels no
// check reads, and the numbering part lists every list's levels: building
// only the elements the checks ask for makes a fraction of the tree.
func parseDOCXPart(name string, b []byte) (*elem, error) {
	if name == "[Content_Types].xml" || strings.HasSuffix(name, ".rels") || name == "docProps/core.xml" || !docxPrune {
		return parseXML(b)
	}
	p := xmlFast{b: b, names: map[string]string{}, qnames: map[xml.Name]string{}, nsGen: 1}
	if e, ok := p.parse(docxKeep); ok {
		return e, nil
	}
	return parseXMLStd(b)
}

// docxPrune is false in the test that compares the checks on whole trees.
var docxPrune = true

// relationships reads every .rels part, checks ids are unique and internal
// targets exist, and finds the main part.
func (c *docxCheck) relationships() {
	for _, n := range c.p.names {
		if !strings.HasSuffix(n, ".rels") || c.trees[n] == nil {
			continue
		}
		dir, file := path.Split(n)
		src := path.Join(path.Dir(strings.TrimSuffix(dir, "/")), strings.TrimSuffix(file, ".rels"))
		if n == "_rels/.rels" {
			src = ""
		}
		c.rels[src] = map[string]docxRel{}
		for _, x := range c.trees[n].all("rel:Relationship") {
			id := x.attrs.get("Id")
			if _, dup := c.rels[src][id]; dup {
				c.r.errorf(RuleDOCXPackage, n, "", "relationship id %s used twice", id)
			}
			t := docxRel{target: x.attrs.get("Target"), typ: x.attrs.get("Type"), external: x.attrs.get("TargetMode") == "External"}
			c.rels[src][id] = t
			if t.external {
				continue
			}
			target := strings.TrimPrefix(path.Join(path.Dir(src), t.target), "/")
			if strings.HasPrefix(t.target, "/") {
				target = strings.TrimPrefix(t.target, "/")
			}
			if strings.HasSuffix(t.typ, "/officeDocument") && src == "" {
				c.mainPart = target
			}
			if _, ok := c.p.parts[target]; !ok {
				c.r.errorf(RuleDOCXPackage, n, "", "relationship %s targets missing part %s", id, target)
			}
		}
	}
}

// findTextParts lists the body and the notes, headers and footers it
// relates, and checks their r:id and r:embed references resolve.
func (c *docxCheck) findTextParts() {
	var more []string
	for _, t := range c.rels[c.mainPart] {
		if !t.external && (strings.HasSuffix(t.typ, "/footnotes") || strings.HasSuffix(t.typ, "/endnotes") ||
			strings.HasSuffix(t.typ, "/header") || strings.HasSuffix(t.typ, "/footer")) {
			more = append(more, c.part(t.target))
		}
	}
	sort.Strings(more) // footnotes before headers and footers, and a stable order
	c.textParts = append([]string{c.mainPart}, more...)
	for _, tp := range c.textParts {
		e := c.trees[tp]
		if e == nil {
			continue
		}
		for _, x := range c.all2(e, "w:hyperlink", "a:blip") {
			for _, k := range []string{"r:id", "r:embed"} {
				if id, ok := x.attrs.lookup(k); ok {
					if _, ok := c.rels[tp][id]; !ok {
						c.r.errorf(RuleDOCXPackage, tp, "", "%s=%q has no relationship", k, id)
					}
				}
			}
		}
	}
}

// styles reads the style definitions (outline levels, inherited through
// basedOn; the default language) and checks every style used is defined.
func (c *docxCheck) styles() {
	styles := c.trees[c.part("styles.xml")]
	c.styleIDs, c.outline = map[string]*elem{}, map[string]int{}
	if styles == nil {
		c.r.errorf(RuleDOCXStyles, c.part("styles.xml"), "", "the document has no styles part")
		styles = &elem{}
	}
	for _, s := range c.all(styles, "w:style") {
		id := s.attrs.get("w:styleId")
		c.styleIDs[id] = s
		if o := s.first("w:outlineLvl"); o != nil {
			if n, err := strconv.Atoi(o.val()); err == nil && n >= 0 && n < 9 {
				c.outline[id] = n + 1
			}
		}
	}
	// Heading styles inherit their outline level through basedOn.
	for id, s := range c.styleIDs {
		if _, ok := c.outline[id]; ok {
			continue
		}
		cur := s
		for i := 0; i < 10 && cur != nil; i++ {
			b := cur.first("w:basedOn").val()
			if l, ok := c.outline[b]; ok && b != "" {
				c.outline[id] = l
				break
			}
			cur = c.styleIDs[b]
		}
	}
	if dd := styles.first("w:rPrDefault"); dd != nil {
		if l := dd.first("w:lang"); l != nil {
			c.defLang = l.val()
		}
	}
	for _, tp := range c.textParts {
		if e := c.trees[tp]; e != nil {
			for _, k := range []string{"w:pStyle", "w:rStyle", "w:tblStyle"} {
				for _, s := range c.all(e, k) {
					if c.styleIDs[s.val()] == nil {
						c.r.errorf(RuleDOCXStyles, tp, "define the style or use a built-in one", "style %q is not defined", s.val())
					}
				}
			}
		}
	}
}

// headingLevel is a paragraph's heading level (0 for none), from its own
// outline level or its style's; the Title style counts as level 1.
func (c *docxCheck) headingLevel(para *elem) (lvl int, styleID string) {
	if st := para.first("w:pPr"); st != nil {
		styleID = st.first("w:pStyle").val()
		if o := st.first("w:outlineLvl"); o != nil {
			if n, err := strconv.Atoi(o.val()); err == nil && n < 9 {
				lvl = n + 1
			}
		}
	}
	if lvl == 0 {
		lvl = c.outline[styleID]
	}
	if styleID == "Title" {
		lvl = 1
	}
	if lvl == 0 && strings.HasPrefix(styleID, "Heading") {
		if n, err := strconv.Atoi(strings.TrimPrefix(styleID, "Heading")); err == nil {
			lvl = n
			if c.styleIDs[styleID] != nil {
				c.r.errorf(RuleDOCXStyles, c.part("styles.xml"), "give the style an outline level", "heading style %s has no outline level", styleID)
			}
		}
	}
	return lvl, styleID
}

// headings: heading paragraphs start at level 1, skip no level and have
// words; they are the facts compared with the model.
func (c *docxCheck) headings() {
	prev, count := 0, 0
	for _, para := range c.all(c.body, "w:p") {
		lvl, styleID := c.headingLevel(para)
		if lvl == 0 {
			continue
		}
		text := collapse(para.wText())
		// where is made only for a finding: a long document has thousands of headings.
		where := func() string { return fmt.Sprintf("heading %q", clip(text, 40)) }
		if text == "" {
			c.r.errorf(RuleDOCXHeadings, where(), "remove the empty heading or give it words", "empty heading paragraph (%s)", styleID)
			continue
		}
		c.f.Headings = append(c.f.Headings, Heading{lvl, text})
		if count == 0 && lvl != 1 {
			c.r.errorf(RuleDOCXHeadings, where(), "start with the title as Heading 1", "the first heading is level %d", lvl)
		} else if count > 0 && lvl > prev+1 {
			c.r.errorf(RuleDOCXHeadings, where(), "use the next heading level down", "heading level skips from %d to %d", prev, lvl)
		}
		prev = lvl
		count++
	}
	if count == 0 {
		c.r.errorf(RuleDOCXHeadings, "", "use Word's heading styles for headings", "the document has no headings")
	}
}

// listsAndTables: list paragraphs use defined numbering; tables start with
// header rows, whose text is the facts compared with the model.
func (c *docxCheck) listsAndTables() {
	nums := map[string]bool{}
	if n := c.trees[c.part("numbering.xml")]; n != nil {
		for _, e := range c.all(n, "w:num") {
			nums[e.attrs.get("w:numId")] = true
		}
	}
	for _, np := range c.all(c.body, "w:numPr") {
		if id := np.first("w:numId"); id == nil || (id.val() != "0" && !nums[id.val()]) {
			c.r.errorf(RuleDOCXNumber, c.mainPart, "", "list paragraph with undefined numbering %q", id.val())
		}
	}
	for i, tbl := range c.all(c.body, "w:tbl") {
		rows := directRows(tbl)
		if len(rows) == 0 {
			continue
		}
		if rows[0].first("w:tblHeader") == nil {
			c.r.errorf(RuleDOCXTable, fmt.Sprintf("table %d", i+1), "Table Properties → Row → 'Repeat as header row at the top of each page'",
				"the first row is not marked as a header row")
			continue
		}
		var hs []string
		for _, row := range rows {
			if row.first("w:tblHeader") == nil {
				break
			}
			for _, cell := range row.all("w:tc") {
				hs = append(hs, collapse(cell.wText()))
			}
		}
		c.f.TableHeaders = append(c.f.TableHeaders, hs)
	}
}

// pictures: each has alt text or is marked decorative.
func (c *docxCheck) pictures() {
	n := 0
	for _, tp := range c.textParts {
		e := c.trees[tp]
		if e == nil {
			continue
		}
		for _, kind := range []string{"wp:inline", "wp:anchor"} {
			for _, inl := range c.all(e, kind) {
				n++
				dp := inl.first("wp:docPr")
				if dp == nil {
					c.r.errorf(RuleDOCXAlt, fmt.Sprintf("%s: picture %d", tp, n), "", "picture without wp:docPr")
					continue
				}
				dec := dp.first("adec:decorative")
				switch {
				case dec != nil && (dec.attrs.get("val") == "1" || dec.attrs.get("val") == "true"):
					c.f.Decorative++
				case strings.TrimSpace(dp.attrs.get("descr")) == "":
					c.r.errorf(RuleDOCXAlt, fmt.Sprintf("%s: picture %d %q", tp, n, dp.attrs.get("name")),
						"right-click the picture → View Alt Text, or tick 'Mark as decorative'", "picture has no alt text")
				default:
					c.f.Alts = append(c.f.Alts, dp.attrs.get("descr"))
				}
			}
		}
	}
}

// language: the default language is set and valid, every language tag
// valid; the title is in the properties.
func (c *docxCheck) language() {
	core := c.trees["docProps/core.xml"]
	coreText := func(n string) string {
		if core == nil {
			return ""
		}
		if e := core.first(n); e != nil {
			return strings.TrimSpace(e.text)
		}
		return ""
	}
	lang := c.defLang
	if lang == "" {
		lang = coreText("dc:language")
	}
	if lang == "" {
		c.r.errorf(RuleDOCXLang, c.part("styles.xml"), "Review → Language → Set Proofing Language, and set it as default",
			"the document language is not set (no default w:lang)")
	} else if !validLang(lang) {
		c.r.errorf(RuleDOCXLang, c.part("styles.xml"), "", "default language %q is not a valid tag", lang)
	}
	c.f.Lang = lang
	for _, l := range c.all(c.body, "w:lang") {
		v := l.val()
		if v == "" {
			continue
		}
		if !validLang(v) {
			c.r.errorf(RuleDOCXLang, c.mainPart, "", "language %q is not a valid tag", v)
		}
		if !strings.EqualFold(v, lang) {
			c.f.Langs = append(c.f.Langs, v)
		}
	}
	c.f.Title = coreText("dc:title")
	if c.f.Title == "" {
		c.r.errorf(RuleDOCXProps, "docProps/core.xml", "File → Info → Properties → Title", "the document has no title in its properties")
	}
}

// links: every hyperlink, in the body and then the notes (the order of the
// other formats), has text; external ones are the facts.
func (c *docxCheck) links() {
	var links []*elem
	linkPart := map[*elem]string{}
	for _, tp := range c.textParts {
		if e := c.trees[tp]; e != nil && !strings.Contains(tp, "header") && !strings.Contains(tp, "footer") {
			for _, h := range c.all(e, "w:hyperlink") {
				links = append(links, h)
				linkPart[h] = tp
			}
		}
	}
	for i, h := range links {
		text := collapse(h.wText())
		if text == "" && h.first("wp:docPr") != nil {
			text = h.first("wp:docPr").attrs.get("descr")
		}
		target := ""
		if id, ok := h.attrs.lookup("r:id"); ok {
			target = c.rels[linkPart[h]][id].target
		}
		if text == "" {
			c.r.errorf(RuleDOCXLinkText, fmt.Sprintf("link %d", i+1), "give the link words that say where it goes", "hyperlink to %s has no text", target)
		}
		if external(target) {
			c.f.Links = append(c.f.Links, Link{text, target})
		}
	}
}

// footnotes: every reference has its note.
func (c *docxCheck) footnotes() {
	fnIDs := map[string]bool{}
	for _, x := range c.rels[c.mainPart] {
		if strings.HasSuffix(x.typ, "/footnotes") {
			if fn := c.trees[c.part(x.target)]; fn != nil {
				for _, e := range c.all(fn, "w:footnote") {
					fnIDs[e.attrs.get("w:id")] = true
				}
			}
		}
	}
	refs := map[string]bool{}
	for _, ref := range c.all(c.body, "w:footnoteReference") {
		id := ref.attrs.get("w:id")
		if !fnIDs[id] {
			c.r.errorf(RuleDOCXNotes, c.mainPart, "", "footnote reference %s has no footnote", id)
		}
		refs[id] = true
	}
	c.f.Footnotes = len(refs)
}

// directRows are a table's own rows, not those of tables nested in its cells.
func directRows(tbl *elem) []*elem {
	var rows []*elem
	for _, k := range tbl.kids {
		if k.name == "w:tr" {
			rows = append(rows, k)
		}
	}
	return rows
}
