// Package docx writes the document model as an accessible Word file
// (WordprocessingML, ISO/IEC 29500 transitional), the "docx" format.
//
// What Word's accessibility checker and screen-reader users rely on is written
// on purpose: the built-in Title and Heading 1–6 styles with outline levels,
// real numbering for lists (one numbering definition per list, so every list
// restarts), tables whose header rows repeat (w:tblHeader) and do not split,
// with a caption and w:tblCaption/w:tblDescription, pictures with alt text in
// wp:docPr and pic:cNvPr (decorative ones flagged with the Office "decorative"
// extension), hyperlinks in the Hyperlink style, internal links to bookmarks on
// headings, real footnotes, w:lang as the document default and on language
// changes, and core properties (title, creator, language, subject, keywords,
// fixed dates).
//
// The WordprocessingML is written directly rather than through godocx: its
// object model cannot express bookmarks, anchor hyperlinks, footnote
// references, fields, table captions or the decorative flag, so every one of
// those would have been a text patch on XML it had already serialised (see
// ../shared/notes/tagged-pdf-and-docx.md for the list). Writing the parts
// ourselves is less code than those patches, leaves no template leftovers and
// is deterministic by construction.
//
// Styles come from the shared theme (templates/theme.json). A user's templates
// folder may hold docx/styles.xml (saved from Word, like pandoc's
// --reference-doc); it replaces the generated styles, and any style this
// writer uses that it lacks is added from the generated set. Style IDs used:
// Normal, Title, Subtitle, DocumentInfo, Heading1–Heading6, Caption, Quote,
// Note, Warning, SourceCode, VerbatimChar, Hyperlink, FootnoteText,
// FootnoteReference, Footer, ListParagraph, DefinitionTerm, Definition,
// Figure, TableGrid, TableHeading, TableText, HorizontalRule.
package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// Render writes d as a .docx package to w.
func Render(d *doc.Document, opt render.Options, w io.Writer) error {
	if d == nil {
		return fmt.Errorf("render docx: nil document")
	}
	if opt.Theme == nil {
		opt.Theme = render.DefaultTheme()
	}
	wr := newWriter(d, opt)
	files, err := wr.build()
	if err != nil {
		return fmt.Errorf("render docx: %w", err)
	}
	if err := writeZip(w, files, wr.modified); err != nil {
		return fmt.Errorf("render docx: %w", err)
	}
	return nil
}

// Renderer is Render as a render.Renderer.
var Renderer render.Renderer = render.Func(Render)

// file is one part of the package.
type file struct {
	name string
	data []byte
}

// writeZip writes the parts in a fixed order: [Content_Types].xml first (some
// consumers sniff it there), then the package relationships, then the rest
// sorted, all with the same timestamp so the bytes only depend on the input.
func writeZip(w io.Writer, files []file, mod time.Time) error {
	rank := func(n string) int {
		switch n {
		case "[Content_Types].xml":
			return 0
		case "_rels/.rels":
			return 1
		}
		return 2
	}
	sort.SliceStable(files, func(i, j int) bool {
		ri, rj := rank(files[i].name), rank(files[j].name)
		if ri != rj {
			return ri < rj
		}
		return files[i].name < files[j].name
	})
	if mod.Year() < 1980 { // the zip (DOS) date field cannot go earlier
		mod = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	zw := zip.NewWriter(w)
	for _, f := range files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: mod.UTC()})
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// The XML namespaces of the parts we write.
const (
	nsW     = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsWP    = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
	nsA     = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsPic   = "http://schemas.openxmlformats.org/drawingml/2006/picture"
	nsRels  = "http://schemas.openxmlformats.org/package/2006/relationships"
	xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

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

// rel is one relationship of a part.
type rel struct {
	id, typ, target string
	external        bool
}

// part collects the relationships of one XML part (document or footnotes):
// hyperlinks and pictures inside a footnote must be related from
// footnotes.xml, not from document.xml.
type part struct {
	rels  []rel
	byKey map[string]string
}

func newPart() *part { return &part{byKey: map[string]string{}} }

// add returns the id of a relationship, reusing an identical one.
func (p *part) add(typ, target string, external bool) string {
	key := fmt.Sprintf("%s\x00%s\x00%t", typ, target, external)
	if id, ok := p.byKey[key]; ok {
		return id
	}
	id := fmt.Sprintf("rId%d", len(p.rels)+1)
	p.rels = append(p.rels, rel{id: id, typ: typ, target: target, external: external})
	p.byKey[key] = id
	return id
}

func (p *part) xml() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHead)
	fmt.Fprintf(&b, `<Relationships xmlns="%s">`+"\n", nsRels)
	for _, r := range p.rels {
		mode := ""
		if r.external {
			mode = ` TargetMode="External"`
		}
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="%s"%s/>`+"\n", r.id, r.typ, attr(r.target), mode)
	}
	b.WriteString("</Relationships>\n")
	return b.Bytes()
}
