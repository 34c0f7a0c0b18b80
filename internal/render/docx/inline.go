package docx

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // DecodeConfig for pictures whose size the loader did not record
	_ "image/jpeg"
	_ "image/png"
	"strconv"
	"strings"

	"github.com/gomutex/godocx/common/constants"
	"github.com/gomutex/godocx/common/units"
	"github.com/gomutex/godocx/dml"
	"github.com/gomutex/godocx/dml/dmlct"
	"github.com/gomutex/godocx/dml/dmlpic"
	"github.com/gomutex/godocx/wml/ctypes"

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

func (rp rprops) ct(mono string) *ctypes.RunProperty {
	if rp == (rprops{inLink: rp.inLink}) {
		return nil
	}
	p := &ctypes.RunProperty{}
	if rp.style != "" {
		p.Style = ctypes.NewRunStyle(rp.style)
	}
	if rp.mono {
		p.Fonts = &ctypes.RunFonts{Ascii: mono, HAnsi: mono, CS: mono}
	}
	if rp.bold {
		p.Bold, p.BoldCS = &ctypes.OnOff{}, &ctypes.OnOff{}
	}
	if rp.italic {
		p.Italic, p.ItalicCS = &ctypes.OnOff{}, &ctypes.OnOff{}
	}
	if rp.strike {
		p.Strike = &ctypes.OnOff{}
	}
	if rp.lang != "" {
		lang := cleanText(rp.lang)
		p.Lang = &ctypes.Lang{Val: &lang}
	}
	return p
}

// newlines become spaces: a line break in text is a doc.LineBreak, not a
// character in a run.
var newlines = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// textRun is text as one run, nil for no text; tabs become w:tab so they
// survive, and every w:t keeps its spaces.
func textRun(rp rprops, text, mono string) *ctypes.Run {
	text = cleanText(text)
	if text == "" {
		return nil
	}
	r := &ctypes.Run{Property: rp.ct(mono)}
	for i, seg := range strings.Split(text, "\t") {
		if i > 0 {
			r.Children = append(r.Children, ctypes.RunChild{Tab: &ctypes.Empty{}})
		}
		if seg != "" {
			seg = newlines.Replace(seg)
			t := ctypes.TextFromString(seg)
			preserve := ctypes.TextSpacePreserve
			t.Space = &preserve
			r.Children = append(r.Children, ctypes.RunChild{Text: t})
		}
	}
	return r
}

// runNode is a godocx run as a node, nil for no run.
func runNode(r *ctypes.Run) node {
	if r == nil {
		return nil
	}
	return gx{"w:r", r}
}

func (w *writer) inlines(c ctx, p *paragraph, ins []doc.Inline, rp rprops) error {
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
		if err := w.inline(c, p, in, rp); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) inline(c ctx, p *paragraph, in doc.Inline, rp rprops) error {
	switch n := in.(type) {
	case *doc.Text:
		p.add(runNode(textRun(rp, n.Text, w.th.Fonts.WordMono)))
	case *doc.Emph:
		rp.italic = true
		return w.inlines(c, p, n.Children, rp)
	case *doc.Strong:
		rp.bold = true
		return w.inlines(c, p, n.Children, rp)
	case *doc.Strike:
		rp.strike = true
		return w.inlines(c, p, n.Children, rp)
	case *doc.Code:
		if rp.style == "" {
			rp.style = "VerbatimChar"
		} else {
			rp.mono = true
		}
		p.add(runNode(textRun(rp, n.Text, w.th.Fonts.WordMono)))
	case *doc.LineBreak:
		p.add(runNode(&ctypes.Run{Children: []ctypes.RunChild{{Break: &ctypes.Break{}}}}))
	case *doc.Span:
		if n.Lang != "" {
			rp.lang = n.Lang
		}
		return w.inlines(c, p, n.Children, rp)
	case *doc.Link:
		return w.link(c, p, n, rp)
	case *doc.Image:
		return w.picture(c, p, n)
	case *doc.FootnoteRef:
		return w.footnoteRef(c, p, n)
	default:
		return fmt.Errorf("%s: unhandled %T", in.Position(), in)
	}
	return nil
}

// link writes a hyperlink: to a heading's bookmark (w:anchor) or to an
// external target related from the part it is in (document.xml or
// footnotes.xml), around the runs of its text.
func (w *writer) link(c ctx, p *paragraph, l *doc.Link, rp rprops) error {
	if rp.inLink {
		return w.inlines(c, p, l.Children, rp)
	}
	url, ok := doc.LinkTarget(l.URL)
	if !ok {
		// the link policy (doc.CheckLink) refuses it: text only, as in every format
		return w.inlines(c, p, l.Children, rp)
	}
	var attrs []string
	switch {
	case strings.HasPrefix(url, "#"):
		name, ok := w.bookmarks[url[1:]]
		if !ok {
			// No such heading: text without a dead link (the checker reports it).
			return w.inlines(c, p, l.Children, rp)
		}
		attrs = []string{"w:anchor", name}
	case c.fn:
		attrs = []string{"r:id", w.noteRel(relHyperlink, url, "External")}
	default:
		attrs = []string{"r:id", w.docRel(relHyperlink, cleanText(url), "External")}
	}
	if l.Title != "" {
		attrs = append(attrs, "w:tooltip", l.Title)
	}
	attrs = append(attrs, "w:history", "1")
	// Write the link text as runs, then move them into the hyperlink.
	first := len(p.kids)
	rp.style, rp.inLink = "Hyperlink", true
	if err := w.inlines(c, p, l.Children, rp); err != nil {
		return err
	}
	if len(p.kids) == first {
		return nil
	}
	h := el("w:hyperlink", attrs...).add(p.kids[first:]...)
	p.kids = append(p.kids[:first], h)
	return nil
}

// footnoteRef writes a real Word footnote at its first reference. Word cannot
// put a footnote inside a footnote, and numbers notes by their position, so a
// repeated or nested reference is written as its number in superscript.
func (w *writer) footnoteRef(c ctx, p *paragraph, r *doc.FootnoteRef) error {
	ref := rprops{style: "FootnoteReference"}
	if c.fn || w.fnSeen[r.N] || r.N < 1 || r.N > len(w.d.Footnotes) {
		p.add(runNode(textRun(ref, strconv.Itoa(r.N), "")))
		return nil
	}
	w.fnSeen[r.N] = true
	w.fnOrder = append(w.fnOrder, r.N)
	id := len(w.fnOrder)
	fn := w.d.Footnotes[r.N-1]
	var note []node
	mark := &ctypes.Run{Property: ref.ct(""), Children: []ctypes.RunChild{{FootnoteRef: &ctypes.Empty{}}}}
	fc := ctx{out: &note, fn: true, width: w.page.textWidth(),
		lead: &lead{runs: []node{runNode(mark), runNode(textRun(rprops{}, " ", ""))}}}
	if fn != nil {
		if err := w.blocks(fc, fn.Blocks); err != nil {
			return err
		}
	}
	if err := w.flushLead(fc); err != nil {
		return err
	}
	if err := w.endAfterTable(fc); err != nil {
		return err
	}
	w.fnBody[id] = note
	p.add(el("w:r").add(gx{"w:rPr", ref.ct("")}, el("w:footnoteReference", "w:id", strconv.Itoa(id))))
	return nil
}

// orphanFootnotes writes notes that no body text refers to (only other
// notes do) at the end, numbered as in the source, so no text is lost.
func (w *writer) orphanFootnotes(c ctx) error {
	heading := false
	for _, fn := range w.d.Footnotes {
		if fn == nil || w.fnSeen[fn.N] {
			continue
		}
		if !heading {
			// The word every format uses for its notes.
			heading = true
			if err := w.para(c, pprops{style: "Heading2"}, []doc.Inline{&doc.Text{Text: w.l.Footnotes}}); err != nil {
				return err
			}
		}
		fc := c.with(func(c *ctx) {
			c.fn = true
			c.lead = &lead{runs: []node{
				runNode(textRun(rprops{style: "FootnoteReference"}, strconv.Itoa(fn.N), "")),
				runNode(textRun(rprops{}, " ", ""))}}
		})
		if err := w.blocks(fc, fn.Blocks); err != nil {
			return err
		}
		if err := w.flushLead(fc); err != nil {
			return err
		}
	}
	return nil
}

// EMUs (English Metric Units) per pixel at 96 dpi and per twip.
const (
	emuPerPx   = 9525
	emuPerTwip = 635
)

// picture adds an image from its bytes: AddPicture only reads files, so its
// steps are repeated with godocx's exported pieces (media part, content
// type, image relationship, dmlpic picture in a dml inline drawing).
func (w *writer) picture(c ctx, p *paragraph, img *doc.Image) error {
	ext, err := imageExt(img)
	if err != nil {
		return err
	}
	target, ok := w.media[string(img.Data)]
	if !ok {
		w.rd.ImageCount++
		target = fmt.Sprintf("media/image%d.%s", w.rd.ImageCount, ext)
		w.rd.FileMap.Store(constants.MediaPath+strings.TrimPrefix(target, "media/"), img.Data)
		w.addDefaultContentType(ext, "image/"+ext)
		w.media[string(img.Data)] = target
	}
	var rid string
	if c.fn {
		rid = w.noteRel(relImage, target, "")
	} else {
		rid = w.docRel(relImage, target, "")
	}
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
	name := fmt.Sprintf("Picture %d", id)
	descr := cleanText(img.Alt)
	if img.Decorative {
		descr = ""
	}
	pic := dmlpic.NewPic(rid, uint(id), units.Emu(cx), units.Emu(cy))
	// Alt text goes on both wp:docPr and pic:cNvPr: Word reads the first,
	// LibreOffice and other consumers the second.
	pic.NonVisualPicProp.CNvPr.Name = name
	pic.NonVisualPicProp.CNvPr.Description = descr
	inline := dml.NewInline(*dmlct.NewPostvSz2D(units.Emu(cx), units.Emu(cy)),
		dml.DocProp{ID: uint64(id), Name: name, Description: descr}, *dml.NewPicGraphic(pic))
	if !img.Decorative {
		p.add(runNode(&ctypes.Run{Children: []ctypes.RunChild{{Drawing: &dml.Drawing{Inline: []dml.Inline{inline}}}}}))
		return nil
	}
	// What Word writes for "Mark as decorative": screen readers skip it and
	// the accessibility checker does not ask for alt text. dml's DocProp has
	// no extension list, so this inline is ours around godocx's pieces.
	docPr := el("wp:docPr", "id", strconv.Itoa(id), "name", name).add(
		el("a:extLst", "xmlns:a", nsA).add(el("a:ext", "uri", "{C183D7F6-B498-43B3-948B-1728B52AA6E4}").add(
			el("adec:decorative", "xmlns:adec", nsDecorative, "val", "1"))))
	in := el("wp:inline", "xmlns:a", nsA, "xmlns:pic", nsPic, "distT", "0", "distB", "0", "distL", "0", "distR", "0").add(
		gx{"wp:extent", inline.Extent}, docPr)
	if inline.CNvGraphicFramePr != nil {
		in.add(gx{"wp:cNvGraphicFramePr", inline.CNvGraphicFramePr})
	}
	in.add(gx{"a:graphic", inline.Graphic})
	p.add(el("w:r").add(el("w:drawing").add(in)))
	return nil
}

func imageExt(img *doc.Image) (string, error) {
	mt := img.MediaType
	if mt == "" {
		// The loader always sets the type; a model built by hand may not.
		switch d := img.Data; {
		case bytes.HasPrefix(d, []byte("\x89PNG\r\n\x1a\n")):
			mt = "image/png"
		case bytes.HasPrefix(d, []byte("\xff\xd8\xff")):
			mt = "image/jpeg"
		case bytes.HasPrefix(d, []byte("GIF8")):
			mt = "image/gif"
		}
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
