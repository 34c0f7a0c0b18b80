package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// write finishes the godocx document — styles, section, the parts godocx
// has no model for — lets godocx write the package, and then resolves the
// markers in document.xml and sets list starts in numbering.xml.
func (w *writer) write(out io.Writer) error {
	rd := w.rd
	styles, err := w.styles()
	if err != nil {
		return err
	}
	rd.DocStyles = styles

	footer, err := w.footerXML()
	if err != nil {
		return err
	}
	w.storePart("word/footer1.xml", ctFooter, footer)
	w.storePart("word/settings.xml", ctSettings, w.settingsXML())
	if len(w.lists) > 0 {
		w.docRel(relNumbering, "numbering.xml", "")
		w.storePart("word/numbering.xml", ctNumbering, w.numberingXML())
	}
	if len(w.fnOrder) > 0 {
		w.docRel(relFootnotes, "footnotes.xml", "")
		fn, err := w.footnotesXML()
		if err != nil {
			return err
		}
		w.storePart("word/footnotes.xml", ctFootnotes, fn)
		if len(w.fnRels.Relationships) > 0 {
			rels, err := xml.Marshal(w.fnRels)
			if err != nil {
				return err
			}
			rd.FileMap.Store(w.fnRels.RelativePath, append([]byte(xmlHead), rels...))
		}
	}
	rd.FileMap.Store("docProps/core.xml", w.coreXML())
	rd.FileMap.Store("docProps/app.xml", w.appXML())
	rd.Document.Body.SectPr = w.section(w.footerID)

	var buf bytes.Buffer
	if err := rd.Write(&buf); err != nil {
		return err
	}
	return w.postEdit(buf.Bytes(), out)
}

// storePart puts a part godocx does not model into its file map, with the
// content type godocx's template would have declared.
func (w *writer) storePart(name, contentType string, data []byte) {
	w.rd.FileMap.Store(name, data)
	w.rd.ContentType.AddOverride("/"+name, contentType)
}

// addDefaultContentType declares an extension once: godocx's AddExtension
// appends blindly, and OPC forbids two Defaults for one extension.
func (w *writer) addDefaultContentType(ext, contentType string) {
	for _, d := range w.rd.ContentType.Default {
		if strings.EqualFold(d.Extension, ext) {
			return
		}
	}
	w.rd.ContentType.AddExtension(ext, contentType)
}

// section is the page: size and margins from the paper and theme, and the
// footer with page numbers.
func (w *writer) section(footerID string) *ctypes.SectionProp {
	p := w.page
	wd, ht := uint64(p.width), uint64(p.height)
	m, header, footer, gutter := p.margin, 709, 567, 0
	return &ctypes.SectionProp{
		FooterReference: &ctypes.FooterReference{Type: stypes.HdrFtrDefault, ID: footerID},
		PageSize:        &ctypes.PageSize{Width: &wd, Height: &ht},
		PageMargin:      &ctypes.PageMargin{Top: &m, Right: &m, Bottom: &m, Left: &m, Header: &header, Footer: &footer, Gutter: &gutter},
		DocGrid:         &ctypes.DocGrid{LinePitch: ptr(360)},
	}
}

func ptr[T any](v T) *T { return &v }

// postEdit copies godocx's package, resolving the markers of document.xml
// and restoring list starts in numbering.xml; every other entry is copied
// compressed as it is.
func (w *writer) postEdit(pkg []byte, out io.Writer) error {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		var edit func([]byte) ([]byte, error)
		switch f.Name {
		case "word/document.xml":
			edit = w.resolveMarkers
		case "word/numbering.xml":
			edit = w.keepListStarts
		}
		if edit == nil {
			if err := zw.Copy(f); err != nil {
				return err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if data, err = edit(data); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// marshalBlocks serialises godocx paragraphs and tables for a part godocx
// does not write itself.
func (w *writer) marshalBlocks(b *bytes.Buffer, blocks []noteBlock) error {
	enc := xml.NewEncoder(b)
	for _, bl := range blocks {
		var err error
		if bl.p != nil {
			err = enc.Encode(bl.p)
		} else {
			err = enc.Encode(bl.t.GetCT())
		}
		if err != nil {
			return err
		}
	}
	return enc.Flush()
}

// footerXML writes "Page N of M" with PAGE and NUMPAGES fields, which Word
// and LibreOffice update at layout time.
func (w *writer) footerXML() ([]byte, error) {
	p := &ctypes.Paragraph{Property: &ctypes.ParagraphProp{
		Style: ctypes.NewParagraphStyle("Footer"), Justification: ctypes.NewGenSingleStrVal(stypes.JustificationCenter)}}
	run := func(ch ...ctypes.RunChild) {
		p.Children = append(p.Children, ctypes.ParagraphChild{Run: &ctypes.Run{Children: ch}})
	}
	field := func(instr string) {
		run(w.markerInRun(fieldChar("begin")))
		space := ctypes.TextSpacePreserve
		run(ctypes.RunChild{InstrText: &ctypes.Text{Text: " " + instr + " ", Space: &space}})
		run(w.markerInRun(fieldChar("separate")))
		run(ctypes.RunChild{Text: ctypes.TextFromString("1")})
		run(w.markerInRun(fieldChar("end")))
	}
	// The label is "Page %d of %s": text around two fields, in the document's language.
	before, rest, _ := strings.Cut(w.l.PageOf, "%d")
	middle, after, _ := strings.Cut(rest, "%s")
	text := func(t string) {
		if t != "" {
			p.Children = append(p.Children, ctypes.ParagraphChild{Run: textRun(rprops{}, t, "")})
		}
	}
	text(before)
	field(`PAGE \* MERGEFORMAT`)
	text(middle)
	field(`NUMPAGES \* MERGEFORMAT`)
	text(after)
	var b bytes.Buffer
	b.WriteString(xmlHead + `<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">`)
	if err := w.marshalBlocks(&b, []noteBlock{{p: p}}); err != nil {
		return nil, err
	}
	b.WriteString("</w:ftr>\n")
	return w.resolveMarkers(b.Bytes())
}

const notesNS = ` xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" xmlns:wp="` + nsWP + `" xmlns:a="` + nsA + `" xmlns:pic="` + nsPic + `"`

func (w *writer) footnotesXML() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xmlHead)
	b.WriteString("<w:footnotes" + notesNS + ">\n")
	b.WriteString(`<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>` + "\n")
	b.WriteString(`<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>` + "\n")
	for id := 1; id <= len(w.fnOrder); id++ {
		fmt.Fprintf(&b, `<w:footnote w:id="%d">`, id)
		if err := w.marshalBlocks(&b, w.fnBody[id].blocks); err != nil {
			return nil, err
		}
		b.WriteString("</w:footnote>\n")
	}
	b.WriteString("</w:footnotes>\n")
	return w.resolveMarkers(b.Bytes())
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

// abstractNumID numbers our list definitions. godocx reads 1 and 2 as its
// own built-in bullet and decimal definitions, so ours start above them.
func abstractNumID(i int) int { return 10 + i }

// numberingXML writes the abstract numbering definitions, one per list tree
// so that every list restarts (Word counts per abstract definition, not per
// w:num); godocx appends the w:num instances. Levels no list uses repeat
// the nearest used level above them.
func (w *writer) numberingXML() []byte {
	bullets := []string{"•", "◦", "▪"}
	var b bytes.Buffer
	b.WriteString(xmlHead)
	b.WriteString(`<w:numbering xmlns:w="` + nsW + `">` + "\n")
	for i, t := range w.lists {
		fmt.Fprintf(&b, `<w:abstractNum w:abstractNumId="%d"><w:multiLevelType w:val="multilevel"/>`, abstractNumID(i))
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
	b.WriteString("</w:numbering>\n")
	return b.Bytes()
}

// keepListStarts undoes godocx's restart at 1 for lists that start
// elsewhere: each instance it writes overrides level 0 with startOverride 1.
func (w *writer) keepListStarts(src []byte) ([]byte, error) {
	for _, t := range w.lists {
		l := t.levels[0]
		if l == nil || l.start == 1 {
			continue
		}
		old := fmt.Sprintf(`<w:num w:numId="%d"><w:abstractNumId w:val="`, t.numID)
		i := bytes.Index(src, []byte(old))
		if i < 0 {
			return nil, fmt.Errorf("numbering instance %d not found", t.numID)
		}
		const override = `<w:startOverride w:val="1"/>`
		j := bytes.Index(src[i:], []byte(override))
		if j < 0 {
			return nil, fmt.Errorf("numbering instance %d has no start override", t.numID)
		}
		j += i
		src = append(src[:j:j], append([]byte(fmt.Sprintf(`<w:startOverride w:val="%d"/>`, l.start)), src[j+len(override):]...)...)
	}
	return src, nil
}

// w3cdtf formats a timestamp for dcterms:created/modified.
func w3cdtf(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// coreXML writes the document properties Word shows in File > Info and that
// assistive technology and search use: title, creator, language, subject,
// keywords and fixed dates (never the time of the build). godocx has no
// model for this part.
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
