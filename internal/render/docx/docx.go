// Package docx writes the document model as an accessible Word file
// (WordprocessingML, ISO/IEC 29500 transitional), the "docx" format, built
// on github.com/gomutex/godocx.
//
// What Word's accessibility checker and screen-reader users rely on is written
// on purpose: the built-in Heading 1–6 styles with outline levels (the title
// is Heading 1, the levels HTML and PDF use), a contents list as a TOC field,
// real numbering for lists (one numbering definition per list, so every list
// restarts), tables whose header rows repeat (w:tblHeader) and do not split,
// with a caption and w:tblCaption/w:tblDescription, pictures with alt text in
// wp:docPr and pic:cNvPr (decorative ones flagged with the Office "decorative"
// extension), hyperlinks in the Hyperlink style, internal links to bookmarks on
// headings, real footnotes, w:lang as the document default and on language
// changes, and core properties (title, creator, language, subject, keywords,
// fixed dates).
//
// godocx holds the package (parts, relationships, content types) and
// models the run and paragraph properties, text runs, drawings, table, row
// and cell properties, the section and the styles. What it cannot say —
// bookmarks, anchor and multi-run hyperlinks, footnote references, field
// characters, table captions, the decorative flag, and containers that can
// hold them — is built with one small typed XML layer (wml.go), in which a
// godocx value is a leaf encoded in place; escaping happens there only.
// document.xml, the footnotes, footer, settings, numbering and core
// properties are written through it. ../shared/notes/tagged-pdf-and-docx.md
// lists godocx's gaps.
//
// Styles come from the shared theme (templates/theme.json). A user's templates
// folder may hold docx/styles.xml (saved from Word, like pandoc's
// --reference-doc); it replaces the generated styles, and any style this
// writer uses that it lacks is added from the generated set. Style IDs used:
// Normal, Subtitle, DocumentInfo, Heading1–Heading6, TOCHeading, TOC1–TOC9,
// Caption, Quote,
// Note, Warning, SourceCode, VerbatimChar, Hyperlink, FootnoteText,
// FootnoteReference, Footer, ListParagraph, DefinitionTerm, Definition,
// Figure, TableGrid, TableHeading, TableText, HorizontalRule.
package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sync"

	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/packager"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// Render writes d as a .docx package to w.
func Render(d *doc.Document, opt render.Options, w io.Writer) error {
	return render.Reported(opt, write(d, opt, w))
}

func write(d *doc.Document, opt render.Options, w io.Writer) error {
	if d == nil {
		return fmt.Errorf("render docx: nil document")
	}
	if opt.Theme == nil {
		opt.Theme = render.DefaultTheme()
	}
	wr, err := newWriter(d, opt)
	if err != nil {
		return fmt.Errorf("render docx: %w", err)
	}
	if err := wr.build(); err != nil {
		return fmt.Errorf("render docx: %w", err)
	}
	if err := wr.write(w); err != nil {
		return fmt.Errorf("render docx: %w", err)
	}
	return nil
}

// Renderer is Render as a render.Renderer.
var Renderer render.Renderer = render.Func(Render)

// The XML namespaces of the parts we write.
const (
	nsW          = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR          = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsWP         = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
	nsA          = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsPic        = "http://schemas.openxmlformats.org/drawingml/2006/picture"
	nsRels       = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsDecorative = "http://schemas.microsoft.com/office/drawing/2017/decorative"
	xmlHead      = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

	relBase      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	relStyles    = relBase + "styles"
	relSettings  = relBase + "settings"
	relNumbering = relBase + "numbering"
	relFootnotes = relBase + "footnotes"
	relFooter    = relBase + "footer"
	relImage     = relBase + "image"
	relHyperlink = relBase + "hyperlink"
	relOfficeDoc = relBase + "officeDocument"
	relExtended  = relBase + "extended-properties"
	relCore      = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

	ctMain      = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctStyles    = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
	ctSettings  = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
	ctNumbering = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
	ctFootnotes = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
	ctFooter    = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
	ctCore      = "application/vnd.openxmlformats-package.core-properties+xml"
	ctExtended  = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
	ctRels      = "application/vnd.openxmlformats-package.relationships+xml"
)

// basePackage is the package every render starts from: a document with an
// empty body, related to its styles, core and app properties.
// godocx.NewDocument would unpack godocx's own template instead, which costs
// about 220 ms a render (it parses a 439 KB styles part this writer replaces)
// and leaves a thumbnail of another document, customXml, stylesWithEffects
// and "Microsoft Macintosh Word" behind; packager.Unpack of this small
// package gives the same *docx.RootDoc with nothing to clean up.
var basePackage = sync.OnceValues(func() ([]byte, error) {
	override := func(part, ct string) node { return el("Override", "PartName", part, "ContentType", ct) }
	rel := func(id, typ, target string) node { return el("Relationship", "Id", id, "Type", typ, "Target", target) }
	parts := []struct {
		name string
		root node
	}{
		{"[Content_Types].xml", el("Types", "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types").add(
			el("Default", "Extension", "rels", "ContentType", ctRels), el("Default", "Extension", "xml", "ContentType", "application/xml"),
			override("/word/document.xml", ctMain), override("/word/styles.xml", ctStyles),
			override("/docProps/core.xml", ctCore), override("/docProps/app.xml", ctExtended))},
		{"_rels/.rels", el("Relationships", "xmlns", nsRels).add(rel("rId1", relOfficeDoc, "word/document.xml"),
			rel("rId2", relCore, "docProps/core.xml"), rel("rId3", relExtended, "docProps/app.xml"))},
		{"word/document.xml", el("w:document", "xmlns:w", nsW).add(el("w:body"))},
		{"word/_rels/document.xml.rels", el("Relationships", "xmlns", nsRels).add(rel("rId1", relStyles, "styles.xml"))},
		{"word/styles.xml", el("w:styles", "xmlns:w", nsW)},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		data, err := xmlPart(xmlHead, p.root, false)
		if err != nil {
			return nil, err
		}
		f, err := zw.Create(p.name)
		if err != nil {
			return nil, err
		}
		if _, err := f.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
})

// newRoot unpacks the base package into a fresh godocx document.
func newRoot() (*docx.RootDoc, error) {
	base, err := basePackage()
	if err != nil {
		return nil, err
	}
	b := base // Unpack takes a pointer but only reads
	return packager.Unpack(&b)
}
