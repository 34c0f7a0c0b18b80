package docx

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"
)

// parts assembles the package around the rendered body.
func (w *writer) parts(body []byte) ([]file, error) {
	var files []file
	add := func(name string, data []byte) { files = append(files, file{name, data}) }
	overrides := map[string]string{
		"/word/document.xml": ctMain,
		"/word/styles.xml":   ctStyles,
		"/word/settings.xml": ctSettings,
		"/word/footer1.xml":  ctFooter,
		"/docProps/core.xml": ctCore,
		"/docProps/app.xml":  ctExtended,
	}

	// styles, settings and footer were related first (newWriter), so the
	// ids of the body's links and pictures do not depend on what follows.
	dp := w.docPart
	footerID := dp.add(relFooter, "footer1.xml", false)
	if len(w.lists) > 0 {
		dp.add(relNumbering, "numbering.xml", false)
		overrides["/word/numbering.xml"] = ctNumbering
		add("word/numbering.xml", w.numberingXML())
	}
	if len(w.fnOrder) > 0 {
		dp.add(relFootnotes, "footnotes.xml", false)
		overrides["/word/footnotes.xml"] = ctFootnotes
		add("word/footnotes.xml", w.footnotesXML())
		if len(w.fnPart.rels) > 0 {
			add("word/_rels/footnotes.xml.rels", w.fnPart.xml())
		}
	}
	add("word/_rels/document.xml.rels", dp.xml())
	add("word/document.xml", w.documentXML(body, footerID))

	styles, err := w.stylesXML()
	if err != nil {
		return nil, err
	}
	add("word/styles.xml", styles)
	add("word/settings.xml", w.settingsXML())
	add("word/footer1.xml", w.footerXML())
	for _, m := range w.media {
		add("word/"+m.name, m.data)
	}

	root := newPart()
	root.add(relOfficeDoc, "word/document.xml", false)
	root.add(relCore, "docProps/core.xml", false)
	root.add(relExtended, "docProps/app.xml", false)
	add("_rels/.rels", root.xml())
	add("docProps/core.xml", w.coreXML())
	add("docProps/app.xml", w.appXML())
	add("[Content_Types].xml", w.contentTypesXML(overrides))
	return files, nil
}

func (w *writer) contentTypesXML(overrides map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString(xmlHead)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` + "\n")
	defaults := map[string]string{"rels": ctRels, "xml": "application/xml"}
	for _, m := range w.media {
		defaults[m.ext] = "image/" + m.ext
	}
	for _, ext := range sortedKeys(defaults) {
		fmt.Fprintf(&b, `<Default Extension="%s" ContentType="%s"/>`+"\n", ext, defaults[ext])
	}
	for _, name := range sortedKeys(overrides) {
		fmt.Fprintf(&b, `<Override PartName="%s" ContentType="%s"/>`+"\n", name, overrides[name])
	}
	b.WriteString("</Types>\n")
	return b.Bytes()
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

const docNS = ` xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" xmlns:wp="` + nsWP + `" xmlns:a="` + nsA + `" xmlns:pic="` + nsPic + `"`

func (w *writer) documentXML(body []byte, footerID string) []byte {
	var b bytes.Buffer
	b.WriteString(xmlHead)
	b.WriteString("<w:document" + docNS + ">\n<w:body>\n")
	b.Write(body)
	p := w.page
	fmt.Fprintf(&b, `<w:sectPr><w:footerReference w:type="default" r:id="%s"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/>`+
		`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="709" w:footer="567" w:gutter="0"/>`+
		`<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>`+"\n",
		footerID, p.width, p.height, p.margin, p.margin, p.margin, p.margin)
	b.WriteString("</w:body>\n</w:document>\n")
	return b.Bytes()
}

// footerXML writes "Page N of M" with PAGE and NUMPAGES fields, which Word
// and LibreOffice update at layout time.
func (w *writer) footerXML() []byte {
	field := func(instr string) string {
		return `<w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
			`<w:r><w:instrText xml:space="preserve"> ` + instr + ` </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
			`<w:r><w:t>1</w:t></w:r>` +
			`<w:r><w:fldChar w:fldCharType="end"/></w:r>`
	}
	var b bytes.Buffer
	b.WriteString(xmlHead)
	b.WriteString(`<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` + "\n")
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>`)
	b.WriteString(run(rprops{}, "Page ") + field("PAGE \\* MERGEFORMAT") + run(rprops{}, " of ") + field("NUMPAGES \\* MERGEFORMAT"))
	b.WriteString("</w:p>\n</w:ftr>\n")
	return b.Bytes()
}

func (w *writer) footnotesXML() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHead)
	b.WriteString("<w:footnotes" + docNS + ">\n")
	b.WriteString(`<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>` + "\n")
	b.WriteString(`<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>` + "\n")
	for id := 1; id <= len(w.fnOrder); id++ {
		fmt.Fprintf(&b, `<w:footnote w:id="%d">`+"\n", id)
		b.Write(w.fnBody[id].Bytes())
		b.WriteString("</w:footnote>\n")
	}
	b.WriteString("</w:footnotes>\n")
	return b.Bytes()
}

func (w *writer) settingsXML() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHead)
	b.WriteString(`<w:settings xmlns:w="` + nsW + `">` + "\n")
	b.WriteString(`<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>` + "\n")
	if len(w.fnOrder) > 0 {
		b.WriteString(`<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>` + "\n")
	}
	b.WriteString(`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` + "\n")
	if w.d.Meta.Lang != "" {
		fmt.Fprintf(&b, `<w:themeFontLang w:val="%s"/>`+"\n", attr(w.d.Meta.Lang))
	}
	b.WriteString(`<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>` + "\n")
	b.WriteString("</w:settings>\n")
	return b.Bytes()
}

// numberingXML writes one abstract numbering per list tree so that every
// list restarts: Word counts per abstract definition, not per w:num. Levels
// no list uses repeat the nearest used level above them.
func (w *writer) numberingXML() []byte {
	bullets := []string{"•", "◦", "▪"}
	var b bytes.Buffer
	b.WriteString(xmlHead)
	b.WriteString(`<w:numbering xmlns:w="` + nsW + `">` + "\n")
	for i, t := range w.lists {
		fmt.Fprintf(&b, `<w:abstractNum w:abstractNumId="%d"><w:multiLevelType w:val="multilevel"/>`, i)
		l := listLevel{start: 1}
		for lvl := range 9 {
			if t.levels[lvl] != nil {
				l = *t.levels[lvl]
			}
			left := 720 * (lvl + 1)
			if l.ordered {
				// Decimal at every depth, as the source and the HTML show it.
				fmt.Fprintf(&b, `<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%%d."/><w:lvlJc w:val="left"/>`+
					`<w:pPr><w:ind w:left="%d" w:hanging="360"/></w:pPr></w:lvl>`,
					lvl, l.start, lvl+1, left)
			} else {
				fmt.Fprintf(&b, `<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="%s"/><w:lvlJc w:val="left"/>`+
					`<w:pPr><w:ind w:left="%d" w:hanging="360"/></w:pPr></w:lvl>`,
					lvl, bullets[lvl%3], left)
			}
		}
		b.WriteString("</w:abstractNum>\n")
	}
	for i := range w.lists {
		fmt.Fprintf(&b, `<w:num w:numId="%d"><w:abstractNumId w:val="%d"/></w:num>`+"\n", i+1, i)
	}
	b.WriteString("</w:numbering>\n")
	return b.Bytes()
}

// w3cdtf formats a timestamp for dcterms:created/modified.
func w3cdtf(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// coreXML writes the document properties Word shows in File > Info and that
// assistive technology and search use: title, creator, language, subject,
// keywords and fixed dates (never the time of the build).
func (w *writer) coreXML() []byte {
	m := w.d.Meta
	creator := strings.Join(m.Authors, "; ")
	if creator == "" {
		creator = m.Publisher
	}
	created := w.modified
	if t, err := time.Parse("2006-01-02", m.Date); err == nil && !t.After(w.modified) {
		created = t
	}
	var b bytes.Buffer
	b.WriteString(xmlHead)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` + "\n")
	el := func(name, v string) {
		if v != "" {
			fmt.Fprintf(&b, "<%s>%s</%s>\n", name, esc(v), name)
		}
	}
	el("dc:title", m.Title)
	el("dc:subject", m.Summary)
	el("dc:creator", creator)
	el("cp:keywords", strings.Join(m.Keywords, ", "))
	el("dc:description", m.Summary)
	el("dc:language", m.Lang)
	el("cp:lastModifiedBy", creator)
	el("cp:version", m.Version)
	fmt.Fprintf(&b, `<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>`+"\n", w3cdtf(created))
	fmt.Fprintf(&b, `<dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>`+"\n", w3cdtf(w.modified))
	b.WriteString("</cp:coreProperties>\n")
	return b.Bytes()
}

func (w *writer) appXML() []byte {
	app := w.opt.Generator
	if app == "" {
		app = "altformats"
	}
	var b bytes.Buffer
	b.WriteString(xmlHead)
	b.WriteString(`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"` +
		` xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` + "\n")
	fmt.Fprintf(&b, "<Application>%s</Application>\n<DocSecurity>0</DocSecurity>\n", esc(app))
	if w.d.Meta.Publisher != "" {
		fmt.Fprintf(&b, "<Company>%s</Company>\n", esc(w.d.Meta.Publisher))
	}
	b.WriteString("</Properties>\n")
	return b.Bytes()
}
