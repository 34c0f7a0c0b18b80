package verify

import (
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
	{RuleDOCXHeadings, "headings use heading styles: one level 1 first, no level skipped, none empty"},
	{RuleDOCXNumber, "list paragraphs use defined numbering (real lists, not typed bullets)"},
	{RuleDOCXTable, "every table's first row is a header row repeated on each page (w:tblHeader)"},
	{RuleDOCXAlt, "every picture has alternative text or is marked decorative"},
	{RuleDOCXLang, "the document language is set and every language tag is valid"},
	{RuleDOCXProps, "the document properties give a title"},
	{RuleDOCXLinkText, "every hyperlink has text"},
	{RuleDOCXNotes, "every footnote reference has its footnote"},
}

func checkDOCX(r *Result, data []byte) []rule {
	r.Standard = "WCAG 2.2 AA applied to Word documents (machine-checkable part)"
	p, err := readZip(data)
	if err != nil {
		r.errorf(RuleFormat, "", "the file is damaged or not a .docx; save it again from Word", "cannot read the Word package: %v", err)
		return docxRules
	}
	trees := map[string]*elem{}
	for _, n := range p.names {
		if strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels") {
			e, err := parseXML(p.parts[n])
			if err != nil {
				r.errorf(RuleDOCXPackage, n, "", "not well-formed XML: %v", err)
				continue
			}
			trees[n] = e
		}
	}
	ct := trees["[Content_Types].xml"]
	if ct == nil {
		r.errorf(RuleDOCXPackage, "[Content_Types].xml", "", "missing")
		return docxRules
	}
	defaults, overrides := map[string]bool{}, map[string]bool{}
	for _, e := range ct.all("ct:Default") {
		defaults[strings.ToLower(e.attrs["Extension"])] = true
	}
	for _, e := range ct.all("ct:Override") {
		overrides[e.attrs["PartName"]] = true
	}
	for _, n := range p.names {
		if n == "[Content_Types].xml" || strings.HasSuffix(n, "/") {
			continue
		}
		if !overrides["/"+n] && !defaults[strings.ToLower(strings.TrimPrefix(path.Ext(n), "."))] {
			r.errorf(RuleDOCXPackage, n, "", "part has no content type")
		}
	}
	// Relationships: source part → id → target (and whether external).
	type relT struct {
		target, typ string
		external    bool
	}
	rels := map[string]map[string]relT{}
	mainPart := "word/document.xml"
	for _, n := range p.names {
		if !strings.HasSuffix(n, ".rels") || trees[n] == nil {
			continue
		}
		dir, file := path.Split(n)
		src := path.Join(path.Dir(strings.TrimSuffix(dir, "/")), strings.TrimSuffix(file, ".rels"))
		if n == "_rels/.rels" {
			src = ""
		}
		rels[src] = map[string]relT{}
		for _, x := range trees[n].all("rel:Relationship") {
			id := x.attrs["Id"]
			if _, dup := rels[src][id]; dup {
				r.errorf(RuleDOCXPackage, n, "", "relationship id %s used twice", id)
			}
			t := relT{target: x.attrs["Target"], typ: x.attrs["Type"], external: x.attrs["TargetMode"] == "External"}
			rels[src][id] = t
			if t.external {
				continue
			}
			target := strings.TrimPrefix(path.Join(path.Dir(src), t.target), "/")
			if strings.HasPrefix(t.target, "/") {
				target = strings.TrimPrefix(t.target, "/")
			}
			if strings.HasSuffix(t.typ, "/officeDocument") && src == "" {
				mainPart = target
			}
			if _, ok := p.parts[target]; !ok {
				r.errorf(RuleDOCXPackage, n, "", "relationship %s targets missing part %s", id, target)
			}
		}
	}
	body := trees[mainPart]
	if body == nil {
		r.errorf(RuleDOCXPackage, mainPart, "", "the main document part is missing")
		return docxRules
	}
	dir := path.Dir(mainPart)
	part := func(name string) string { return path.Join(dir, name) }
	// The parts that hold text a reader meets: body, notes, header, footer.
	var more []string
	for _, t := range rels[mainPart] {
		if !t.external && (strings.HasSuffix(t.typ, "/footnotes") || strings.HasSuffix(t.typ, "/endnotes") ||
			strings.HasSuffix(t.typ, "/header") || strings.HasSuffix(t.typ, "/footer")) {
			more = append(more, part(t.target))
		}
	}
	sort.Strings(more) // footnotes before headers and footers, and a stable order
	textParts := append([]string{mainPart}, more...)
	for _, tp := range textParts {
		e := trees[tp]
		if e == nil {
			continue
		}
		for _, x := range append(e.all("w:hyperlink"), e.all("a:blip")...) {
			for _, k := range []string{"r:id", "r:embed"} {
				if id, ok := x.attrs[k]; ok {
					if _, ok := rels[tp][id]; !ok {
						r.errorf(RuleDOCXPackage, tp, "", "%s=%q has no relationship", k, id)
					}
				}
			}
		}
	}

	f := &Facts{OnlyHeaderRows: true}
	// Styles.
	styles := trees[part("styles.xml")]
	styleIDs := map[string]*elem{}
	outline := map[string]int{} // style id → heading level (1-based)
	if styles == nil {
		r.errorf(RuleDOCXStyles, part("styles.xml"), "", "the document has no styles part")
		styles = &elem{}
	}
	for _, s := range styles.all("w:style") {
		id := s.attrs["w:styleId"]
		styleIDs[id] = s
		if o := s.first("w:outlineLvl"); o != nil {
			if n, err := strconv.Atoi(o.val()); err == nil && n >= 0 && n < 9 {
				outline[id] = n + 1
			}
		}
	}
	// Heading styles inherit their outline level through basedOn.
	for id, s := range styleIDs {
		if _, ok := outline[id]; ok {
			continue
		}
		cur := s
		for i := 0; i < 10 && cur != nil; i++ {
			b := cur.first("w:basedOn").val()
			if l, ok := outline[b]; ok && b != "" {
				outline[id] = l
				break
			}
			cur = styleIDs[b]
		}
	}
	defLang := ""
	if dd := styles.first("w:rPrDefault"); dd != nil {
		if l := dd.first("w:lang"); l != nil {
			defLang = l.val()
		}
	}
	for _, tp := range textParts {
		if e := trees[tp]; e != nil {
			for _, k := range []string{"w:pStyle", "w:rStyle", "w:tblStyle"} {
				for _, s := range e.all(k) {
					if styleIDs[s.val()] == nil {
						r.errorf(RuleDOCXStyles, tp, "define the style or use a built-in one", "style %q is not defined", s.val())
					}
				}
			}
		}
	}

	// Headings, from the paragraphs' styles.
	prev, count := 0, 0
	for _, para := range body.all("w:p") {
		st := para.first("w:pPr")
		styleID := ""
		lvl := 0
		if st != nil {
			styleID = st.first("w:pStyle").val()
			if o := st.first("w:outlineLvl"); o != nil {
				if n, err := strconv.Atoi(o.val()); err == nil && n < 9 {
					lvl = n + 1
				}
			}
		}
		if lvl == 0 {
			lvl = outline[styleID]
		}
		if styleID == "Title" {
			lvl = 1
		}
		if lvl == 0 && strings.HasPrefix(styleID, "Heading") {
			if n, err := strconv.Atoi(strings.TrimPrefix(styleID, "Heading")); err == nil {
				lvl = n
				if styleIDs[styleID] != nil {
					r.errorf(RuleDOCXStyles, part("styles.xml"), "give the style an outline level", "heading style %s has no outline level", styleID)
				}
			}
		}
		if lvl == 0 {
			continue
		}
		text := collapse(para.wText())
		where := fmt.Sprintf("heading %q", clip(text, 40))
		if text == "" {
			r.errorf(RuleDOCXHeadings, where, "remove the empty heading or give it words", "empty heading paragraph (%s)", styleID)
			continue
		}
		f.Headings = append(f.Headings, Heading{lvl, text})
		if count == 0 && lvl != 1 {
			r.errorf(RuleDOCXHeadings, where, "start with the title as Title or Heading 1", "the first heading is level %d", lvl)
		} else if count > 0 && lvl > prev+1 {
			r.errorf(RuleDOCXHeadings, where, "use the next heading level down", "heading level skips from %d to %d", prev, lvl)
		}
		prev = lvl
		count++
	}
	if count == 0 {
		r.errorf(RuleDOCXHeadings, "", "use Word's heading styles for headings", "the document has no headings")
	}

	// Lists.
	nums := map[string]bool{}
	if n := trees[part("numbering.xml")]; n != nil {
		for _, e := range n.all("w:num") {
			nums[e.attrs["w:numId"]] = true
		}
	}
	for _, np := range body.all("w:numPr") {
		if id := np.first("w:numId"); id == nil || (id.val() != "0" && !nums[id.val()]) {
			r.errorf(RuleDOCXNumber, mainPart, "", "list paragraph with undefined numbering %q", id.val())
		}
	}

	// Tables: header rows first.
	for i, tbl := range body.all("w:tbl") {
		rows := directRows(tbl)
		if len(rows) == 0 {
			continue
		}
		if rows[0].first("w:tblHeader") == nil {
			r.errorf(RuleDOCXTable, fmt.Sprintf("table %d", i+1), "Table Properties → Row → 'Repeat as header row at the top of each page'",
				"the first row is not marked as a header row")
			continue
		}
		var hs []string
		for _, row := range rows {
			if row.first("w:tblHeader") == nil {
				break
			}
			for _, c := range row.all("w:tc") {
				hs = append(hs, collapse(c.wText()))
			}
		}
		f.TableHeaders = append(f.TableHeaders, hs)
	}

	// Pictures.
	n := 0
	for _, tp := range textParts {
		e := trees[tp]
		if e == nil {
			continue
		}
		for _, kind := range []string{"wp:inline", "wp:anchor"} {
			for _, inl := range e.all(kind) {
				n++
				dp := inl.first("wp:docPr")
				if dp == nil {
					r.errorf(RuleDOCXAlt, fmt.Sprintf("%s: picture %d", tp, n), "", "picture without wp:docPr")
					continue
				}
				dec := dp.first("adec:decorative")
				switch {
				case dec != nil && (dec.attrs["val"] == "1" || dec.attrs["val"] == "true"):
					f.Decorative++
				case strings.TrimSpace(dp.attrs["descr"]) == "":
					r.errorf(RuleDOCXAlt, fmt.Sprintf("%s: picture %d %q", tp, n, dp.attrs["name"]),
						"right-click the picture → View Alt Text, or tick 'Mark as decorative'", "picture has no alt text")
				default:
					f.Alts = append(f.Alts, dp.attrs["descr"])
				}
			}
		}
	}

	// Language.
	core := trees["docProps/core.xml"]
	coreText := func(n string) string {
		if core == nil {
			return ""
		}
		if e := core.first(n); e != nil {
			return strings.TrimSpace(e.text)
		}
		return ""
	}
	lang := defLang
	if lang == "" {
		lang = coreText("dc:language")
	}
	if lang == "" {
		r.errorf(RuleDOCXLang, part("styles.xml"), "Review → Language → Set Proofing Language, and set it as default",
			"the document language is not set (no default w:lang)")
	} else if !validLang(lang) {
		r.errorf(RuleDOCXLang, part("styles.xml"), "", "default language %q is not a valid tag", lang)
	}
	f.Lang = lang
	for _, l := range body.all("w:lang") {
		v := l.val()
		if v == "" {
			continue
		}
		if !validLang(v) {
			r.errorf(RuleDOCXLang, mainPart, "", "language %q is not a valid tag", v)
		}
		if !strings.EqualFold(v, lang) {
			f.Langs = append(f.Langs, v)
		}
	}

	// Properties.
	f.Title = coreText("dc:title")
	if f.Title == "" {
		r.errorf(RuleDOCXProps, "docProps/core.xml", "File → Info → Properties → Title", "the document has no title in its properties")
	}

	// Hyperlinks, in the body and then the notes (the order of the other formats).
	var links []*elem
	linkPart := map[*elem]string{}
	for _, tp := range textParts {
		if e := trees[tp]; e != nil && !strings.Contains(tp, "header") && !strings.Contains(tp, "footer") {
			for _, h := range e.all("w:hyperlink") {
				links = append(links, h)
				linkPart[h] = tp
			}
		}
	}
	for i, h := range links {
		text := collapse(h.wText())
		if text == "" && h.first("wp:docPr") != nil {
			text = h.first("wp:docPr").attrs["descr"]
		}
		target := ""
		if id, ok := h.attrs["r:id"]; ok {
			target = rels[linkPart[h]][id].target
		}
		if text == "" {
			r.errorf(RuleDOCXLinkText, fmt.Sprintf("link %d", i+1), "give the link words that say where it goes", "hyperlink to %s has no text", target)
		}
		if external(target) {
			f.Links = append(f.Links, Link{text, target})
		}
	}

	// Footnotes.
	fnIDs := map[string]bool{}
	if t := rels[mainPart]; t != nil {
		for _, x := range t {
			if strings.HasSuffix(x.typ, "/footnotes") {
				if fn := trees[part(x.target)]; fn != nil {
					for _, e := range fn.all("w:footnote") {
						fnIDs[e.attrs["w:id"]] = true
					}
				}
			}
		}
	}
	refs := map[string]bool{}
	for _, ref := range body.all("w:footnoteReference") {
		id := ref.attrs["w:id"]
		if !fnIDs[id] {
			r.errorf(RuleDOCXNotes, mainPart, "", "footnote reference %s has no footnote", id)
		}
		refs[id] = true
	}
	f.Footnotes = len(refs)
	r.Facts = f
	return docxRules
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
