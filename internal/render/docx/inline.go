package docx

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // DecodeConfig for pictures whose size the loader did not record
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"strings"

	"github.com/altformats/altformats/internal/doc"
)

// rprops are the run properties we use.
type rprops struct {
	style  string // character style: Hyperlink, VerbatimChar, FootnoteReference
	bold   bool
	italic bool
	strike bool
	mono   bool // code inside a link keeps the Hyperlink style and gets the mono font
	lang   string
	inLink bool // hyperlinks cannot nest
}

// xml writes the run properties in the order the schema requires.
func (rp rprops) xml(mono string) string {
	var b strings.Builder
	if rp.style != "" {
		fmt.Fprintf(&b, `<w:rStyle w:val="%s"/>`, rp.style)
	}
	if rp.mono {
		f := attr(mono)
		fmt.Fprintf(&b, `<w:rFonts w:ascii="%s" w:hAnsi="%s" w:cs="%s"/>`, f, f, f)
	}
	if rp.bold {
		b.WriteString("<w:b/><w:bCs/>")
	}
	if rp.italic {
		b.WriteString("<w:i/><w:iCs/>")
	}
	if rp.strike {
		b.WriteString("<w:strike/>")
	}
	if rp.lang != "" {
		fmt.Fprintf(&b, `<w:lang w:val="%s"/>`, attr(rp.lang))
	}
	if b.Len() == 0 {
		return ""
	}
	return "<w:rPr>" + b.String() + "</w:rPr>"
}

// run writes text as one run; tabs become w:tab so they survive. Word keeps
// spaces only with xml:space="preserve".
func run(rp rprops, text string) string {
	return runMono(rp, text, "")
}

func runMono(rp rprops, text, mono string) string {
	if text == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString("<w:r>")
	b.WriteString(rp.xml(mono))
	for i, seg := range strings.Split(text, "\t") {
		if i > 0 {
			b.WriteString("<w:tab/>")
		}
		if seg != "" {
			seg = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(seg)
			fmt.Fprintf(&b, `<w:t xml:space="preserve">%s</w:t>`, esc(seg))
		}
	}
	b.WriteString("</w:r>")
	return b.String()
}

func (w *writer) inlines(c ctx, ins []doc.Inline, rp rprops) error {
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > maxDepth {
		var pos doc.Pos
		if len(ins) > 0 {
			pos = ins[0].Position()
		}
		return fmt.Errorf("%s: inlines nested more than %d deep", pos, maxDepth)
	}
	for _, in := range ins {
		if err := w.inline(c, in, rp); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) inline(c ctx, in doc.Inline, rp rprops) error {
	b := c.b
	switch n := in.(type) {
	case *doc.Text:
		b.WriteString(runMono(rp, n.Text, w.th.Fonts.WordMono))
	case *doc.Emph:
		rp.italic = true
		return w.inlines(c, n.Children, rp)
	case *doc.Strong:
		rp.bold = true
		return w.inlines(c, n.Children, rp)
	case *doc.Strike:
		rp.strike = true
		return w.inlines(c, n.Children, rp)
	case *doc.Code:
		if rp.style == "" {
			rp.style = "VerbatimChar"
		} else {
			rp.mono = true
		}
		b.WriteString(runMono(rp, n.Text, w.th.Fonts.WordMono))
	case *doc.LineBreak:
		b.WriteString("<w:r><w:br/></w:r>")
	case *doc.Span:
		if n.Lang != "" {
			rp.lang = n.Lang
		}
		return w.inlines(c, n.Children, rp)
	case *doc.Link:
		return w.link(c, n, rp)
	case *doc.Image:
		return w.picture(c, n)
	case *doc.FootnoteRef:
		return w.footnoteRef(c, n)
	default:
		return fmt.Errorf("%s: unhandled %T", in.Position(), in)
	}
	return nil
}

func (w *writer) link(c ctx, l *doc.Link, rp rprops) error {
	if rp.inLink {
		return w.inlines(c, l.Children, rp)
	}
	var open string
	if strings.HasPrefix(l.URL, "#") {
		name, ok := w.bookmarks[l.URL[1:]]
		if !ok {
			// No such heading: text without a dead link (the checker reports it).
			return w.inlines(c, l.Children, rp)
		}
		open = fmt.Sprintf(`<w:hyperlink w:anchor="%s" w:history="1"`, name)
	} else {
		id := c.part.add(relHyperlink, l.URL, true)
		open = fmt.Sprintf(`<w:hyperlink r:id="%s" w:history="1"`, id)
	}
	if l.Title != "" {
		open += fmt.Sprintf(` w:tooltip="%s"`, attr(l.Title))
	}
	c.b.WriteString(open + ">")
	rp.style, rp.inLink = "Hyperlink", true
	if err := w.inlines(c, l.Children, rp); err != nil {
		return err
	}
	c.b.WriteString("</w:hyperlink>")
	return nil
}

// footnoteRef writes a real Word footnote at its first reference. Word cannot
// put a footnote inside a footnote, and numbers notes by their position, so a
// repeated or nested reference is written as its number in superscript.
func (w *writer) footnoteRef(c ctx, r *doc.FootnoteRef) error {
	ref := rprops{style: "FootnoteReference"}
	if c.fn || w.fnSeen[r.N] || r.N < 1 || r.N > len(w.d.Footnotes) {
		c.b.WriteString(run(ref, fmt.Sprint(r.N)))
		return nil
	}
	w.fnSeen[r.N] = true
	w.fnOrder = append(w.fnOrder, r.N)
	id := len(w.fnOrder)
	fn := w.d.Footnotes[r.N-1]
	var body bytes.Buffer
	fc := ctx{b: &body, part: w.fnPart, fn: true, width: w.page.textWidth(),
		lead: &lead{runs: `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>` + run(rprops{}, " ")}}
	if fn != nil {
		if err := w.blocks(fc, fn.Blocks); err != nil {
			return err
		}
	}
	w.flushLead(fc)
	w.endAfterTable(fc)
	w.fnBody[id] = &body
	fmt.Fprintf(c.b, `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="%d"/></w:r>`, id)
	return nil
}

// orphanFootnotes writes notes that no body text refers to (only other
// notes do) at the end, numbered as in the source, so no text is lost.
func (w *writer) orphanFootnotes(c ctx) error {
	for _, fn := range w.d.Footnotes {
		if fn == nil || w.fnSeen[fn.N] {
			continue
		}
		fc := c.with(func(c *ctx) {
			c.fn = true
			c.lead = &lead{runs: run(rprops{style: "FootnoteReference"}, fmt.Sprint(fn.N)) + run(rprops{}, " ")}
		})
		if err := w.blocks(fc, fn.Blocks); err != nil {
			return err
		}
		w.flushLead(fc)
	}
	return nil
}

// EMUs (English Metric Units) per pixel at 96 dpi and per twip.
const (
	emuPerPx   = 9525
	emuPerTwip = 635
)

func (w *writer) picture(c ctx, img *doc.Image) error {
	ext, err := imageExt(img)
	if err != nil {
		return err
	}
	idx, ok := w.mediaByID[string(img.Data)]
	if !ok {
		idx = len(w.media)
		w.media = append(w.media, mediaFile{
			name: fmt.Sprintf("media/image%d.%s", idx+1, ext), ext: ext, data: img.Data,
		})
		w.mediaByID[string(img.Data)] = idx
	}
	rid := c.part.add(relImage, w.media[idx].name, false)
	wpx, hpx := img.Width, img.Height
	if wpx <= 0 || hpx <= 0 {
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(img.Data)); err == nil {
			wpx, hpx = cfg.Width, cfg.Height
		}
	}
	if wpx <= 0 || hpx <= 0 {
		wpx, hpx = 96, 96
	}
	cx, cy := int64(wpx)*emuPerPx, int64(hpx)*emuPerPx
	maxW := int64(max(c.width-c.ind-216, 720)) * emuPerTwip
	maxH := int64(w.page.height-2*w.page.margin-1440) * emuPerTwip
	if cx > maxW {
		cy, cx = cy*maxW/cx, maxW
	}
	if cy > maxH {
		cx, cy = cx*maxH/cy, maxH
	}
	cx, cy = max(cx, 1), max(cy, 1)

	w.drawingID++
	id := w.drawingID
	descr := img.Alt
	if img.Decorative {
		descr = ""
	}
	name := fmt.Sprintf("Picture %d", id)
	docPr := fmt.Sprintf(`<wp:docPr id="%d" name="%s" descr="%s"`, id, name, attr(descr))
	if img.Decorative {
		// What Word writes for "Mark as decorative": screen readers skip it
		// and the accessibility checker does not ask for alt text.
		docPr += `><a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">` +
			`<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>` +
			`</a:ext></a:extLst></wp:docPr>`
	} else {
		docPr += "/>"
	}
	fmt.Fprintf(c.b, `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">`+
		`<wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>%s`+
		`<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`+
		`<a:graphic><a:graphicData uri="%s"><pic:pic>`+
		`<pic:nvPicPr><pic:cNvPr id="%d" name="%s" descr="%s"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`,
		cx, cy, docPr, nsPic, id, attr(name), attr(descr), rid, cx, cy)
	return nil
}

func imageExt(img *doc.Image) (string, error) {
	mt := img.MediaType
	if mt == "" && len(img.Data) > 0 {
		mt = http.DetectContentType(img.Data)
	}
	switch mt {
	case "image/png":
		return "png", nil
	case "image/jpeg":
		return "jpeg", nil
	case "image/gif":
		return "gif", nil
	}
	return "", fmt.Errorf("%s: image %q: unsupported type %q", img.Pos, img.Src, mt)
}
