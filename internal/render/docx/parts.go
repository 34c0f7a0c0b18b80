package docx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gomutex/godocx/common/constants"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// write finishes the package — styles, the parts godocx has no model for,
// document.xml from this writer's body — and writes the zip.
func (w *writer) write(out io.Writer) error {
	rd := w.rd
	styles, err := w.styles()
	if err != nil {
		return err
	}
	rd.DocStyles = styles

	parts := []struct {
		name, contentType string
		include           bool
		root              func() node
	}{
		{"word/footer1.xml", ctFooter, true, w.footer},
		{"word/settings.xml", ctSettings, true, w.settings},
		{"word/numbering.xml", ctNumbering, len(w.lists) > 0, w.numbering},
		{"word/footnotes.xml", ctFootnotes, len(w.fnOrder) > 0, w.footnotes},
	}
	for _, p := range parts {
		if !p.include {
			continue
		}
		data, err := xmlPart(xmlHead, p.root(), true)
		if err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		w.storePart(p.name, p.contentType, data)
	}
	if len(w.lists) > 0 {
		w.docRel(relNumbering, "numbering.xml", "")
	}
	if len(w.fnOrder) > 0 {
		w.docRel(relFootnotes, "footnotes.xml", "")
		if len(w.fnRels.Relationships) > 0 {
			rels, err := xml.Marshal(w.fnRels)
			if err != nil {
				return err
			}
			rd.FileMap.Store(w.fnRels.RelativePath, append([]byte(xmlHead), rels...))
		}
	}
	for name, root := range map[string]node{"docProps/core.xml": w.core(), "docProps/app.xml": w.app()} {
		data, err := xmlPart(xmlHead, root, true)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		rd.FileMap.Store(name, data)
	}
	if err := w.doc.close(&w.body, gx{"w:sectPr", w.section(w.footerID)}); err != nil {
		return fmt.Errorf("word/document.xml: %w", err)
	}
	return w.writeZip(out)
}

// writeZip writes the package the way godocx's RootDoc.Write does (the
// parts it models, marshalled; the rest from its file map; sorted names;
// deflated; a fixed 1970 time, so builds are reproducible), with
// document.xml from this writer: godocx's body cannot hold what ours does.
func (w *writer) writeZip(out io.Writer) error {
	rd := w.rd
	files := map[string][]byte{}
	for name, v := range map[string]any{"[Content_Types].xml": rd.ContentType, rd.Document.DocRels.RelativePath: rd.Document.DocRels,
		rd.RootRels.RelativePath: rd.RootRels, rd.DocStyles.RelativePath: rd.DocStyles} {
		b, err := xml.Marshal(v)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		files[name] = append(append([]byte{}, constants.XMLHeader...), b...)
	}
	rd.FileMap.Range(func(k, v any) bool {
		if _, ok := files[k.(string)]; !ok {
			files[k.(string)] = v.([]byte)
		}
		return true
	})
	const document = "word/document.xml" // from w.doc, never from the file map
	delete(files, document)
	names := []string{document}
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	zw := zip.NewWriter(out)
	for _, n := range names {
		if n == document {
			if err := w.doc.writeEntry(zw, n, time.Unix(0, 0).UTC()); err != nil {
				return err
			}
			continue
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: time.Unix(0, 0).UTC()})
		if err != nil {
			return err
		}
		if _, err := f.Write(files[n]); err != nil {
			return err
		}
	}
	return zw.Close()
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

// footer writes "Page N of M" with PAGE and NUMPAGES fields, which Word
// and LibreOffice update at layout time.
func (w *writer) footer() node {
	p := &paragraph{prop: &ctypes.ParagraphProp{
		Style: ctypes.NewParagraphStyle("Footer"), Justification: ctypes.NewGenSingleStrVal(stypes.JustificationCenter)}}
	field := func(instr string) {
		space := ctypes.TextSpacePreserve
		p.add(fieldChar("begin"))
		p.add(runNode(&ctypes.Run{Children: []ctypes.RunChild{{InstrText: &ctypes.Text{Text: " " + instr + " ", Space: &space}}}}))
		p.add(fieldChar("separate"))
		p.add(runNode(&ctypes.Run{Children: []ctypes.RunChild{{Text: ctypes.TextFromString("1")}}}))
		p.add(fieldChar("end"))
	}
	// The label is "Page %d of %s": text around two fields, in the document's language.
	before, rest, _ := strings.Cut(w.l.PageOf, "%d")
	middle, after, _ := strings.Cut(rest, "%s")
	text := func(t string) {
		if t != "" {
			p.add(runNode(textRun(rprops{}, t, "")))
		}
	}
	text(before)
	field(`PAGE \* MERGEFORMAT`)
	text(middle)
	field(`NUMPAGES \* MERGEFORMAT`)
	text(after)
	return el("w:ftr", "xmlns:w", nsW, "xmlns:r", nsR).add(p)
}

// fieldChar is a run holding a field's begin, separate or end mark.
func fieldChar(typ string) node { return el("w:r").add(el("w:fldChar", "w:fldCharType", typ)) }

// footnotes is footnotes.xml: the separators Word expects, then the notes
// in the order they are referenced.
func (w *writer) footnotes() node {
	root := el("w:footnotes", "xmlns:w", nsW, "xmlns:r", nsR, "xmlns:wp", nsWP, "xmlns:a", nsA, "xmlns:pic", nsPic).byLine()
	for _, sep := range []struct{ typ, id string }{{"separator", "-1"}, {"continuationSeparator", "0"}} {
		root.add(el("w:footnote", "w:type", sep.typ, "w:id", sep.id).add(el("w:p").add(
			el("w:pPr").add(el("w:spacing", "w:after", "0", "w:line", "240", "w:lineRule", "auto")),
			el("w:r").add(el("w:"+sep.typ)))))
	}
	for id := 1; id <= len(w.fnOrder); id++ {
		root.add(el("w:footnote", "w:id", strconv.Itoa(id)).add(w.fnBody[id]...))
	}
	return root
}

func (w *writer) settings() node {
	root := el("w:settings", "xmlns:w", nsW).byLine().add(
		frag{el("w:zoom", "w:percent", "100"), el("w:defaultTabStop", "w:val", "720"), el("w:characterSpacingControl", "w:val", "doNotCompress")})
	if len(w.fnOrder) > 0 {
		root.add(el("w:footnotePr").add(el("w:footnote", "w:id", "-1"), el("w:footnote", "w:id", "0")))
	}
	root.add(el("w:compat").add(el("w:compatSetting", "w:name", "compatibilityMode", "w:uri", "http://schemas.microsoft.com/office/word", "w:val", "15")))
	if w.d.Meta.Lang != "" {
		root.add(el("w:themeFontLang", "w:val", w.d.Meta.Lang))
	}
	return root.add(frag{el("w:decimalSymbol", "w:val", "."), el("w:listSeparator", "w:val", ",")})
}

// abstractNumID numbers our list definitions.
func abstractNumID(i int) int { return 10 + i }

// numbering writes one abstract numbering definition per list tree, so
// that every list restarts (Word counts per abstract definition, not per
// w:num), and one instance of each whose start overrides level 0's. Levels
// no list uses repeat the nearest used level above them.
func (w *writer) numbering() node {
	bullets := []string{"•", "◦", "▪"}
	root := el("w:numbering", "xmlns:w", nsW).byLine()
	itoa := strconv.Itoa
	for i, t := range w.lists {
		an := el("w:abstractNum", "w:abstractNumId", itoa(abstractNumID(i))).add(el("w:multiLevelType", "w:val", "multilevel"))
		l := listLevel{start: 1}
		for lvl := range 9 {
			if t.levels[lvl] != nil {
				l = *t.levels[lvl]
			}
			// Decimal at every depth, as the source and the HTML show it.
			start, format, text := itoa(l.start), "decimal", "%"+itoa(lvl+1)+"."
			if !l.ordered {
				start, format, text = "1", "bullet", bullets[lvl%3]
			}
			an.add(el("w:lvl", "w:ilvl", itoa(lvl)).add(
				el("w:start", "w:val", start), el("w:numFmt", "w:val", format), el("w:lvlText", "w:val", text),
				el("w:lvlJc", "w:val", "left"),
				el("w:pPr").add(el("w:ind", "w:left", itoa(720*(lvl+1)), "w:hanging", "360"))))
		}
		root.add(an)
	}
	for i, t := range w.lists {
		start := 1
		if l := t.levels[0]; l != nil {
			start = l.start
		}
		root.add(el("w:num", "w:numId", itoa(t.numID)).add(
			el("w:abstractNumId", "w:val", itoa(abstractNumID(i))),
			el("w:lvlOverride", "w:ilvl", "0").add(el("w:startOverride", "w:val", itoa(start)))))
	}
	return root
}

// w3cdtf formats a timestamp for dcterms:created/modified.
func w3cdtf(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// core writes the document properties Word shows in File > Info and that
// assistive technology and search use: title, creator, language, subject,
// keywords and fixed dates (never the time of the build). godocx has no
// model for this part.
func (w *writer) core() node {
	m := w.d.Meta
	creator := strings.Join(m.Authors, "; ")
	if creator == "" {
		creator = m.Publisher
	}
	created := w.modified
	if t, err := time.Parse("2006-01-02", m.Date); err == nil && !t.After(w.modified) {
		created = t
	}
	root := el("cp:coreProperties", "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
		"xmlns:dc", "http://purl.org/dc/elements/1.1/", "xmlns:dcterms", "http://purl.org/dc/terms/",
		"xmlns:dcmitype", "http://purl.org/dc/dcmitype/", "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance").byLine()
	for _, p := range []struct{ name, v string }{
		{"dc:title", m.Title}, {"dc:subject", m.Summary}, {"dc:creator", creator},
		{"cp:keywords", strings.Join(m.Keywords, ", ")}, {"dc:description", m.Summary}, {"dc:language", m.Lang},
		{"cp:lastModifiedBy", creator}, {"cp:version", m.Version},
	} {
		if p.v != "" {
			root.add(el(p.name).withText(p.v))
		}
	}
	return root.add(el("dcterms:created", "xsi:type", "dcterms:W3CDTF").withText(w3cdtf(created)),
		el("dcterms:modified", "xsi:type", "dcterms:W3CDTF").withText(w3cdtf(w.modified)))
}

func (w *writer) app() node {
	app := w.opt.Generator
	if app == "" {
		app = "altformats"
	}
	root := el("Properties", "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
		"xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes").byLine().add(
		el("Application").withText(app), el("DocSecurity").withText("0"))
	if w.d.Meta.Publisher != "" {
		root.add(el("Company").withText(w.d.Meta.Publisher))
	}
	return root
}
