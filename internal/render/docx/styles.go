package docx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
)

// style is one w:style of styles.xml.
type style struct {
	typ     string // paragraph, character, table, numbering
	id      string
	name    string // Word's built-in names where one exists ("heading 1", "caption"), so Word treats them as its own
	basedOn string
	next    string
	prio    int
	def     bool // the default style of its type
	qFormat bool // shown in the style gallery
	hidden  bool
	pPr     string
	rPr     string
	tblPr   string
}

func (s style) xml() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<w:style w:type="%s"`, s.typ)
	if s.def {
		b.WriteString(` w:default="1"`)
	}
	fmt.Fprintf(&b, ` w:styleId="%s"><w:name w:val="%s"/>`, s.id, s.name)
	if s.basedOn != "" {
		fmt.Fprintf(&b, `<w:basedOn w:val="%s"/>`, s.basedOn)
	}
	if s.next != "" {
		fmt.Fprintf(&b, `<w:next w:val="%s"/>`, s.next)
	}
	if s.prio > 0 {
		fmt.Fprintf(&b, `<w:uiPriority w:val="%d"/>`, s.prio)
	}
	if s.hidden {
		b.WriteString(`<w:semiHidden/><w:unhideWhenUsed/>`)
	}
	if s.qFormat {
		b.WriteString(`<w:qFormat/>`)
	}
	if s.pPr != "" {
		b.WriteString("<w:pPr>" + s.pPr + "</w:pPr>")
	}
	if s.rPr != "" {
		b.WriteString("<w:rPr>" + s.rPr + "</w:rPr>")
	}
	if s.tblPr != "" {
		b.WriteString("<w:tblPr>" + s.tblPr + "</w:tblPr>")
	}
	b.WriteString("</w:style>")
	return b.String()
}

// halfPoints converts a size in points to Word's half-points.
func halfPoints(pt float64) int { return int(math.Round(pt * 2)) }

// styles derives the Word styles from the shared theme, so that Word, PDF
// and HTML read as one publication.
func (w *writer) styleList() []style {
	th := w.th
	base := th.Sizes.Base
	text, heading, link := hexOf(th.Colours.Text), hexOf(th.Colours.Heading), hexOf(th.Colours.Link)
	accent, muted := hexOf(th.Colours.Accent), hexOf(th.Colours.Muted)
	mono := attr(th.Fonts.WordMono)
	monoFonts := fmt.Sprintf(`<w:rFonts w:ascii="%s" w:hAnsi="%s" w:cs="%s"/>`, mono, mono, mono)
	sz := func(pt float64) string {
		return fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, halfPoints(pt), halfPoints(pt))
	}
	color := func(c string) string { return fmt.Sprintf(`<w:color w:val="%s"/>`, c) }
	scale := func(i int) float64 {
		if s := th.Sizes.Headings[i]; s > 0 {
			return s
		}
		return 1
	}
	border := func(side, c string, eighths, space int) string {
		return fmt.Sprintf(`<w:%s w:val="single" w:sz="%d" w:space="%d" w:color="%s"/>`, side, eighths, space, c)
	}

	ss := []style{
		{typ: "paragraph", id: "Normal", name: "Normal", def: true, qFormat: true},
		{typ: "character", id: "DefaultParagraphFont", name: "Default Paragraph Font", def: true, prio: 1, hidden: true},
		{typ: "table", id: "TableNormal", name: "Normal Table", def: true, prio: 99, hidden: true,
			tblPr: `<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>`},
		{typ: "numbering", id: "NoList", name: "No List", def: true, prio: 99, hidden: true},
		{typ: "paragraph", id: "Subtitle", name: "Subtitle", basedOn: "Normal", next: "Normal", prio: 11, qFormat: true,
			pPr: `<w:keepNext/><w:spacing w:after="160"/>`, rPr: color(muted) + sz(base*scale(2))},
		{typ: "paragraph", id: "DocumentInfo", name: "Document Info", basedOn: "Normal", next: "Normal", prio: 12,
			pPr: `<w:pBdr>` + border("bottom", accent, 12, 8) + `</w:pBdr><w:spacing w:after="360"/>`, rPr: color(muted)},
	}
	// The title is Heading 1, as in HTML and PDF; the body's ## is Heading 2.
	for i := range 6 {
		before := 240
		if i < 2 {
			before = 360
		}
		ss = append(ss, style{typ: "paragraph", id: fmt.Sprintf("Heading%d", i+1), name: fmt.Sprintf("heading %d", i+1),
			basedOn: "Normal", next: "Normal", prio: 9, qFormat: true,
			pPr: fmt.Sprintf(`<w:keepNext/><w:keepLines/><w:spacing w:before="%d" w:after="120" w:line="240" w:lineRule="auto"/><w:outlineLvl w:val="%d"/>`, before, i),
			rPr: `<w:b/><w:bCs/>` + color(heading) + sz(base*scale(i))})
	}
	ss = append(ss,
		style{typ: "paragraph", id: "Caption", name: "caption", basedOn: "Normal", next: "Normal", prio: 35, qFormat: true,
			pPr: `<w:spacing w:before="120" w:after="120"/>`, rPr: `<w:b/><w:bCs/>` + color(text)},
		style{typ: "paragraph", id: "Quote", name: "Quote", basedOn: "Normal", next: "Normal", prio: 29, qFormat: true,
			pPr: `<w:pBdr>` + border("left", accent, 24, 12) + `</w:pBdr><w:ind w:left="340" w:right="340"/>`, rPr: color(text)},
		style{typ: "paragraph", id: "Note", name: "Note", basedOn: "Normal", next: "Normal", prio: 30, qFormat: true,
			pPr: `<w:pBdr>` + border("left", accent, 48, 12) + `</w:pBdr>` +
				fmt.Sprintf(`<w:shd w:val="clear" w:color="auto" w:fill="%s"/>`, hexOf(th.Colours.Note)) + `<w:ind w:left="340" w:right="170"/>`},
		style{typ: "paragraph", id: "Warning", name: "Warning", basedOn: "Normal", next: "Normal", prio: 30, qFormat: true,
			pPr: `<w:pBdr>` + border("left", text, 48, 12) + `</w:pBdr>` +
				fmt.Sprintf(`<w:shd w:val="clear" w:color="auto" w:fill="%s"/>`, hexOf(th.Colours.Warning)) + `<w:ind w:left="340" w:right="170"/>`},
		style{typ: "paragraph", id: "SourceCode", name: "Source Code", basedOn: "Normal", next: "Normal", prio: 31,
			pPr: fmt.Sprintf(`<w:shd w:val="clear" w:color="auto" w:fill="%s"/><w:spacing w:after="160" w:line="240" w:lineRule="auto"/><w:ind w:left="113" w:right="113"/>`, hexOf(th.Colours.Note)),
			rPr: monoFonts + `<w:noProof/>` + sz(base-1)},
		style{typ: "character", id: "VerbatimChar", name: "Verbatim Char", basedOn: "DefaultParagraphFont", prio: 31,
			rPr: monoFonts + `<w:noProof/>`},
		style{typ: "character", id: "Hyperlink", name: "Hyperlink", basedOn: "DefaultParagraphFont", prio: 99, hidden: true,
			rPr: color(link) + `<w:u w:val="single"/>`},
		style{typ: "paragraph", id: "FootnoteText", name: "footnote text", basedOn: "Normal", prio: 99, hidden: true,
			pPr: `<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>`, rPr: sz(base - 1)},
		style{typ: "character", id: "FootnoteReference", name: "footnote reference", basedOn: "DefaultParagraphFont", prio: 99, hidden: true,
			rPr: `<w:vertAlign w:val="superscript"/>`},
		style{typ: "paragraph", id: "Footer", name: "footer", basedOn: "Normal", prio: 99, hidden: true,
			pPr: `<w:spacing w:after="0"/>`, rPr: color(muted) + sz(base-1)},
		style{typ: "paragraph", id: "ListParagraph", name: "List Paragraph", basedOn: "Normal", prio: 34, qFormat: true,
			pPr: `<w:spacing w:after="80"/><w:ind w:left="720"/>`},
		style{typ: "paragraph", id: "DefinitionTerm", name: "Definition Term", basedOn: "Normal", next: "Definition", prio: 36,
			pPr: `<w:keepNext/><w:spacing w:after="40"/>`, rPr: `<w:b/><w:bCs/>`},
		style{typ: "paragraph", id: "Definition", name: "Definition", basedOn: "Normal", next: "DefinitionTerm", prio: 36,
			pPr: `<w:ind w:left="720"/>`},
		style{typ: "paragraph", id: "Figure", name: "Figure", basedOn: "Normal", next: "Normal", prio: 36,
			pPr: `<w:spacing w:before="120" w:after="120"/>`},
		style{typ: "table", id: "TableGrid", name: "Table Grid", basedOn: "TableNormal", prio: 39,
			pPr:   `<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>`,
			tblPr: `<w:tblBorders>` + border("top", muted, 4, 0) + border("left", muted, 4, 0) + border("bottom", muted, 4, 0) + border("right", muted, 4, 0) + border("insideH", muted, 4, 0) + border("insideV", muted, 4, 0) + `</w:tblBorders>`},
		style{typ: "paragraph", id: "TableText", name: "Table Text", basedOn: "Normal", prio: 37,
			pPr: `<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>`},
		style{typ: "paragraph", id: "TableHeading", name: "Table Heading", basedOn: "TableText", prio: 37,
			rPr: `<w:b/><w:bCs/>`},
		// The contents: its heading has no outline level (not a heading of
		// the document, not listed in itself); entries are Word's "toc N".
		style{typ: "paragraph", id: "TOCHeading", name: "TOC Heading", basedOn: "Normal", next: "Normal", prio: 39, qFormat: true,
			pPr: `<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120" w:line="240" w:lineRule="auto"/>`,
			rPr: `<w:b/><w:bCs/>` + color(heading) + sz(base*scale(1))},
		style{typ: "paragraph", id: "HorizontalRule", name: "Horizontal Rule", basedOn: "Normal", next: "Normal", prio: 38,
			pPr: `<w:pBdr>` + border("bottom", muted, 6, 1) + `</w:pBdr><w:spacing w:before="120" w:after="240"/>`, rPr: sz(6)},
	)
	for i := 1; i <= 9; i++ {
		ss = append(ss, style{typ: "paragraph", id: fmt.Sprintf("TOC%d", i), name: fmt.Sprintf("toc %d", i),
			basedOn: "Normal", next: "Normal", prio: 39, hidden: true,
			pPr: fmt.Sprintf(`<w:spacing w:after="60"/><w:ind w:left="%d"/>`, 360*max(i-2, 0))})
	}
	return ss
}

// docDefaults carries the body font, size, colour, line spacing and the
// document language (w:lang), which Word and LibreOffice use for proofing
// and as the language of every run without its own.
func (w *writer) docDefaults() string {
	th := w.th
	f := attr(th.Fonts.WordBody)
	// Word's "single" spacing for Arial is already about 1.15 × the font
	// size, so the theme's CSS-style line height is scaled down to match.
	line := int(math.Round(240 * th.Sizes.LineHeight / 1.15))
	var lang string
	if w.d.Meta.Lang != "" {
		lang = fmt.Sprintf(`<w:lang w:val="%s"/>`, attr(w.d.Meta.Lang))
	}
	return fmt.Sprintf(`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="%s" w:eastAsia="%s" w:hAnsi="%s" w:cs="%s"/>`+
		`<w:color w:val="%s"/><w:sz w:val="%d"/><w:szCs w:val="%d"/>%s</w:rPr></w:rPrDefault>`+
		`<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="%d" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>`,
		f, f, f, f, hexOf(th.Colours.Text), halfPoints(th.Sizes.Base), halfPoints(th.Sizes.Base), lang, line)
}

const stylesOpen = `<w:styles xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">`

// generatedStylesXML is the theme's styles part.
func (w *writer) generatedStylesXML() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHead)
	b.WriteString(stylesOpen + "\n")
	b.WriteString(w.docDefaults() + "\n")
	for _, s := range w.styleList() {
		b.WriteString(s.xml() + "\n")
	}
	b.WriteString("</w:styles>\n")
	return b.Bytes()
}

// styles loads the theme's styles, or the user's reference styles with the
// missing ones added, into godocx's model, and sets the document language
// as the default w:lang, typed through ctypes.
func (w *writer) styles() (*ctypes.Styles, error) {
	gen := w.generatedStylesXML()
	st, err := loadStyles(gen)
	if err != nil {
		return nil, fmt.Errorf("generated styles: %w", err)
	}
	if user, ok := w.userStyles(); ok {
		if st, err = w.mergeStyles(user, st); err != nil {
			return nil, err
		}
	}
	if lang := cleanText(w.d.Meta.Lang); lang != "" {
		dd := st.DocDefaults
		if dd.RunProp == nil {
			dd.RunProp = &ctypes.RunPropDefault{}
		}
		if dd.RunProp.RunProp == nil {
			dd.RunProp.RunProp = &ctypes.RunProperty{}
		}
		// Replaces a reference file's language, which is its author's.
		dd.RunProp.RunProp.Lang = &ctypes.Lang{Val: &lang}
	}
	return st, nil
}

// loadStyles parses a styles part with godocx and puts back the line
// spacing (w:spacing/@w:line) its Spacing type drops when reading: the
// field lacks the attr tag, so only writing knows it.
func loadStyles(src []byte) (*ctypes.Styles, error) {
	st, err := docx.LoadStyles("word/styles.xml", src)
	if err != nil {
		return nil, err
	}
	lines, err := spacingLines(src)
	if err != nil {
		return nil, err
	}
	setLine := func(pp *ctypes.ParagraphProp, key string) {
		if v, ok := lines[key]; ok && pp != nil && pp.Spacing != nil {
			pp.Spacing.Line = &v
		}
	}
	if st.DocDefaults != nil && st.DocDefaults.ParaProp != nil {
		setLine(st.DocDefaults.ParaProp.ParaProp, "")
	}
	for i := range st.StyleList {
		if id := st.StyleList[i].ID; id != nil {
			setLine(st.StyleList[i].ParaProp, *id)
		}
	}
	return st, nil
}

// spacingLines maps each style ID ("" for the document defaults) to the
// w:line of its paragraph spacing.
func spacingLines(src []byte) (map[string]int, error) {
	out := map[string]int{}
	d := xml.NewDecoder(bytes.NewReader(src))
	style, depth, inPPr := "", 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "style":
				style = ""
				for _, a := range t.Attr {
					if a.Name.Local == "styleId" {
						style = a.Value
					}
				}
			case "pPr":
				inPPr = depth
			case "spacing":
				if inPPr > 0 && inPPr == depth-1 {
					for _, a := range t.Attr {
						if a.Name.Local == "line" {
							if v, err := strconv.Atoi(a.Value); err == nil {
								out[style] = v
							}
						}
					}
				}
			}
		case xml.EndElement:
			if t.Name.Local == "pPr" {
				inPPr = 0
			}
			if t.Name.Local == "style" {
				style = ""
			}
			depth--
		}
	}
}

// userStyles returns docx/styles.xml from the user's templates folder, the
// pandoc --reference-doc idea reduced to the one part that carries the look.
// Theme.FontFile is the shared reader of a templates folder (it falls back
// to the embedded templates, which hold no docx/styles.xml).
func (w *writer) userStyles() ([]byte, bool) {
	if w.th.Dir == "" {
		return nil, false
	}
	b, err := w.th.FontFile("docx/styles.xml")
	if err != nil || len(b) == 0 {
		return nil, false
	}
	return b, true
}

// mergeStyles keeps the user's styles as godocx reads them and adds every
// style this writer refers to that the user's file lacks.
func (w *writer) mergeStyles(user []byte, gen *ctypes.Styles) (*ctypes.Styles, error) {
	if !bytes.Contains(user, []byte("<w:styles")) {
		return nil, fmt.Errorf("docx/styles.xml in %s is not a Word styles part (<w:styles> with the w: prefix)", w.th.Dir)
	}
	st, err := loadStyles(user)
	if err != nil {
		return nil, fmt.Errorf("docx/styles.xml in %s: %w", w.th.Dir, err)
	}
	have := map[string]bool{}
	for _, s := range st.StyleList {
		if s.ID != nil {
			have[*s.ID] = true
		}
	}
	for _, s := range gen.StyleList {
		if s.ID != nil && !have[*s.ID] {
			s.Default = nil // the user's defaults stay the defaults
			st.StyleList = append(st.StyleList, s)
		}
	}
	if st.DocDefaults == nil {
		st.DocDefaults = gen.DocDefaults
	}
	st.RelativePath = gen.RelativePath
	return st, nil
}
