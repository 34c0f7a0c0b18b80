package docx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"

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
	pPr     []node
	rPr     []node
	tblPr   []node
}

func (s style) node() node {
	attrs := []string{"w:type", s.typ}
	if s.def {
		attrs = append(attrs, "w:default", "1")
	}
	e := el("w:style", append(attrs, "w:styleId", s.id)...).add(el("w:name", "w:val", s.name))
	if s.basedOn != "" {
		e.add(el("w:basedOn", "w:val", s.basedOn))
	}
	if s.next != "" {
		e.add(el("w:next", "w:val", s.next))
	}
	if s.prio > 0 {
		e.add(el("w:uiPriority", "w:val", strconv.Itoa(s.prio)))
	}
	if s.hidden {
		e.add(el("w:semiHidden"), el("w:unhideWhenUsed"))
	}
	if s.qFormat {
		e.add(el("w:qFormat"))
	}
	for _, pr := range []struct {
		name string
		kids []node
	}{{"w:pPr", s.pPr}, {"w:rPr", s.rPr}, {"w:tblPr", s.tblPr}} {
		if len(pr.kids) > 0 {
			e.add(el(pr.name).add(pr.kids...))
		}
	}
	return e
}

// halfPoints converts a size in points to Word's half-points.
func halfPoints(pt float64) int { return int(math.Round(pt * 2)) }

// Style property elements.
func sz(pt float64) node {
	v := strconv.Itoa(halfPoints(pt))
	return frag{el("w:sz", "w:val", v), el("w:szCs", "w:val", v)}
}

func color(c string) node { return el("w:color", "w:val", c) }

func border(side, c string, eighths, space int) node {
	return el("w:"+side, "w:val", "single", "w:sz", strconv.Itoa(eighths), "w:space", strconv.Itoa(space), "w:color", c)
}

func fill(c string) node { return el("w:shd", "w:val", "clear", "w:color", "auto", "w:fill", c) }

func spacing(attrs ...string) node { return el("w:spacing", attrs...) }

func indent(attrs ...string) node { return el("w:ind", attrs...) }

// tight is single line spacing (240 twips, auto) after the given spacing
// attributes.
func tight(attrs ...string) node {
	return spacing(append(attrs, "w:line", "240", "w:lineRule", "auto")...)
}

var (
	bold = frag{el("w:b"), el("w:bCs")}
	keep = frag{el("w:keepNext"), el("w:keepLines")}
)

func ns(n ...node) []node { return n }

// styles derives the Word styles from the shared theme, so that Word, PDF
// and HTML read as one publication.
func (w *writer) styleList() []style {
	th := w.th
	base := th.Sizes.Base
	text, heading, link := hexOf(th.Colours.Text), hexOf(th.Colours.Heading), hexOf(th.Colours.Link)
	accent, muted := hexOf(th.Colours.Accent), hexOf(th.Colours.Muted)
	mono := th.Fonts.WordMono
	monoFonts := el("w:rFonts", "w:ascii", mono, "w:hAnsi", mono, "w:cs", mono)
	scale := func(i int) float64 {
		if s := th.Sizes.Headings[i]; s > 0 {
			return s
		}
		return 1
	}
	cellMar := func(side, w string) node { return el("w:"+side, "w:w", w, "w:type", "dxa") }

	ss := []style{
		{typ: "paragraph", id: "Normal", name: "Normal", def: true, qFormat: true},
		{typ: "character", id: "DefaultParagraphFont", name: "Default Paragraph Font", def: true, prio: 1, hidden: true},
		{typ: "table", id: "TableNormal", name: "Normal Table", def: true, prio: 99, hidden: true,
			tblPr: ns(el("w:tblInd", "w:w", "0", "w:type", "dxa"), el("w:tblCellMar").add(
				cellMar("top", "0"), cellMar("left", "108"), cellMar("bottom", "0"), cellMar("right", "108")))},
		{typ: "numbering", id: "NoList", name: "No List", def: true, prio: 99, hidden: true},
		{typ: "paragraph", id: "Subtitle", name: "Subtitle", basedOn: "Normal", next: "Normal", prio: 11, qFormat: true,
			pPr: ns(el("w:keepNext"), spacing("w:after", "160")), rPr: ns(color(muted), sz(base*scale(2)))},
		{typ: "paragraph", id: "DocumentInfo", name: "Document Info", basedOn: "Normal", next: "Normal", prio: 12,
			pPr: ns(el("w:pBdr").add(border("bottom", accent, 12, 8)), spacing("w:after", "360")), rPr: ns(color(muted))},
	}
	// The title is Heading 1, as in HTML and PDF; the body's ## is Heading 2.
	for i := range 6 {
		before := "240"
		if i < 2 {
			before = "360"
		}
		ss = append(ss, style{typ: "paragraph", id: fmt.Sprintf("Heading%d", i+1), name: fmt.Sprintf("heading %d", i+1),
			basedOn: "Normal", next: "Normal", prio: 9, qFormat: true,
			pPr: ns(keep, tight("w:before", before, "w:after", "120"), el("w:outlineLvl", "w:val", strconv.Itoa(i))),
			rPr: ns(bold, color(heading), sz(base*scale(i)))})
	}
	ss = append(ss,
		style{typ: "paragraph", id: "Caption", name: "caption", basedOn: "Normal", next: "Normal", prio: 35, qFormat: true,
			pPr: ns(spacing("w:before", "120", "w:after", "120")), rPr: ns(bold, color(text))},
		style{typ: "paragraph", id: "Quote", name: "Quote", basedOn: "Normal", next: "Normal", prio: 29, qFormat: true,
			pPr: ns(el("w:pBdr").add(border("left", accent, 24, 12)), indent("w:left", "340", "w:right", "340")), rPr: ns(color(text))},
		style{typ: "paragraph", id: "Note", name: "Note", basedOn: "Normal", next: "Normal", prio: 30, qFormat: true,
			pPr: ns(el("w:pBdr").add(border("left", accent, 48, 12)), fill(hexOf(th.Colours.Note)), indent("w:left", "340", "w:right", "170"))},
		style{typ: "paragraph", id: "Warning", name: "Warning", basedOn: "Normal", next: "Normal", prio: 30, qFormat: true,
			pPr: ns(el("w:pBdr").add(border("left", text, 48, 12)), fill(hexOf(th.Colours.Warning)), indent("w:left", "340", "w:right", "170"))},
		style{typ: "paragraph", id: "SourceCode", name: "Source Code", basedOn: "Normal", next: "Normal", prio: 31,
			pPr: ns(fill(hexOf(th.Colours.Note)), tight("w:after", "160"), indent("w:left", "113", "w:right", "113")),
			rPr: ns(monoFonts, el("w:noProof"), sz(base-1))},
		style{typ: "character", id: "VerbatimChar", name: "Verbatim Char", basedOn: "DefaultParagraphFont", prio: 31,
			rPr: ns(monoFonts, el("w:noProof"))},
		style{typ: "character", id: "Hyperlink", name: "Hyperlink", basedOn: "DefaultParagraphFont", prio: 99, hidden: true,
			rPr: ns(color(link), el("w:u", "w:val", "single"))},
		style{typ: "paragraph", id: "FootnoteText", name: "footnote text", basedOn: "Normal", prio: 99, hidden: true,
			pPr: ns(tight("w:after", "60")), rPr: ns(sz(base - 1))},
		style{typ: "character", id: "FootnoteReference", name: "footnote reference", basedOn: "DefaultParagraphFont", prio: 99, hidden: true,
			rPr: ns(el("w:vertAlign", "w:val", "superscript"))},
		style{typ: "paragraph", id: "Footer", name: "footer", basedOn: "Normal", prio: 99, hidden: true,
			pPr: ns(spacing("w:after", "0")), rPr: ns(color(muted), sz(base-1))},
		style{typ: "paragraph", id: "ListParagraph", name: "List Paragraph", basedOn: "Normal", prio: 34, qFormat: true,
			pPr: ns(spacing("w:after", "80"), indent("w:left", "720"))},
		style{typ: "paragraph", id: "DefinitionTerm", name: "Definition Term", basedOn: "Normal", next: "Definition", prio: 36,
			pPr: ns(el("w:keepNext"), spacing("w:after", "40")), rPr: ns(bold)},
		style{typ: "paragraph", id: "Definition", name: "Definition", basedOn: "Normal", next: "DefinitionTerm", prio: 36,
			pPr: ns(indent("w:left", "720"))},
		style{typ: "paragraph", id: "Figure", name: "Figure", basedOn: "Normal", next: "Normal", prio: 36,
			pPr: ns(spacing("w:before", "120", "w:after", "120"))},
		style{typ: "table", id: "TableGrid", name: "Table Grid", basedOn: "TableNormal", prio: 39,
			pPr: ns(tight("w:after", "0")),
			tblPr: ns(el("w:tblBorders").add(border("top", muted, 4, 0), border("left", muted, 4, 0), border("bottom", muted, 4, 0),
				border("right", muted, 4, 0), border("insideH", muted, 4, 0), border("insideV", muted, 4, 0)))},
		style{typ: "paragraph", id: "TableText", name: "Table Text", basedOn: "Normal", prio: 37,
			pPr: ns(tight("w:before", "40", "w:after", "40"))},
		style{typ: "paragraph", id: "TableHeading", name: "Table Heading", basedOn: "TableText", prio: 37,
			rPr: ns(bold)},
		// The contents: its heading has no outline level (not a heading of
		// the document, not listed in itself); entries are Word's "toc N".
		style{typ: "paragraph", id: "TOCHeading", name: "TOC Heading", basedOn: "Normal", next: "Normal", prio: 39, qFormat: true,
			pPr: ns(keep, tight("w:before", "240", "w:after", "120")), rPr: ns(bold, color(heading), sz(base*scale(1)))},
		style{typ: "paragraph", id: "HorizontalRule", name: "Horizontal Rule", basedOn: "Normal", next: "Normal", prio: 38,
			pPr: ns(el("w:pBdr").add(border("bottom", muted, 6, 1)), spacing("w:before", "120", "w:after", "240")), rPr: ns(sz(6))},
	)
	for i := 1; i <= 9; i++ {
		ss = append(ss, style{typ: "paragraph", id: fmt.Sprintf("TOC%d", i), name: fmt.Sprintf("toc %d", i),
			basedOn: "Normal", next: "Normal", prio: 39, hidden: true,
			pPr: ns(spacing("w:after", "60"), indent("w:left", strconv.Itoa(360*max(i-2, 0))))})
	}
	return ss
}

// docDefaults carries the body font, size, colour, line spacing and the
// document language (w:lang), which Word and LibreOffice use for proofing
// and as the language of every run without its own.
func (w *writer) docDefaults() node {
	th := w.th
	f := th.Fonts.WordBody
	// Word's "single" spacing for Arial is already about 1.15 × the font
	// size, so the theme's CSS-style line height is scaled down to match.
	line := int(math.Round(240 * th.Sizes.LineHeight / 1.15))
	rPr := el("w:rPr").add(el("w:rFonts", "w:ascii", f, "w:eastAsia", f, "w:hAnsi", f, "w:cs", f),
		color(hexOf(th.Colours.Text)), sz(th.Sizes.Base))
	if w.d.Meta.Lang != "" {
		rPr.add(el("w:lang", "w:val", w.d.Meta.Lang))
	}
	return el("w:docDefaults").add(el("w:rPrDefault").add(rPr),
		el("w:pPrDefault").add(el("w:pPr").add(spacing("w:after", "160", "w:line", strconv.Itoa(line), "w:lineRule", "auto"))))
}

// generatedStylesXML is the theme's styles part.
func (w *writer) generatedStylesXML() ([]byte, error) {
	root := el("w:styles", "xmlns:w", nsW, "xmlns:r", nsR).byLine().add(w.docDefaults())
	for _, s := range w.styleList() {
		root.add(s.node())
	}
	return xmlPart(xmlHead, root, true)
}

// styles loads the theme's styles, or the user's reference styles with the
// missing ones added, into godocx's model, and sets the document language
// as the default w:lang, typed through ctypes.
func (w *writer) styles() (*ctypes.Styles, error) {
	gen, err := w.generatedStylesXML()
	if err != nil {
		return nil, err
	}
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
// pandoc --reference-doc idea reduced to the one part that carries the look;
// the build read it into the options' Assets.
func (w *writer) userStyles() ([]byte, bool) {
	b := w.opt.Assets.DocxStyles
	return b, len(b) > 0
}

// mergeStyles keeps the user's styles as godocx reads them and adds every
// style this writer refers to that the user's file lacks.
func (w *writer) mergeStyles(user []byte, gen *ctypes.Styles) (*ctypes.Styles, error) {
	if !bytes.Contains(user, []byte("<w:styles")) {
		return nil, fmt.Errorf("docx/styles.xml in %s is not a Word styles part (<w:styles> with the w: prefix)", w.opt.Assets.Source)
	}
	st, err := loadStyles(user)
	if err != nil {
		return nil, fmt.Errorf("docx/styles.xml in %s: %w", w.opt.Assets.Source, err)
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
