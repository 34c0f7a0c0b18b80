// Package html writes a document as one accessible, self-contained HTML5 page
// (WCAG 2.2 AA: landmarks, skip link, contents, semantic lists and tables,
// linked footnotes, visible focus, dark mode, reflow, print styles), and as
// the polyglot XHTML body that the EPUB writer packages.
//
// Nothing from the source is ever passed through as markup: every string is
// escaped, and only http(s), mailto, tel and in-page links become links.
package html

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"text/template"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/templates"
)

// PageOptions adapt the page for a host format (EPUB) instead of a
// standalone web page.
type PageOptions struct {
	// XHTML writes polyglot XHTML5: XML declaration, xmlns, self-closed void
	// elements, xml:lang and epub:type semantics.
	XHTML bool
	// ImageURL names an image's file; nil embeds it as a data: URI so the page
	// is self-contained.
	ImageURL func(img *doc.Image) string
	// CSSHref links a stylesheet instead of inlining CSS(theme).
	CSSHref string
	// NoTOC leaves out the contents navigation (EPUB has its own nav document).
	NoTOC bool
}

// Render writes the standalone HTML page (format "html").
func Render(d *doc.Document, opt render.Options, w io.Writer) error {
	return render.Reported(opt, Page(d, opt, PageOptions{}, w))
}

// Page writes the document as a complete page shaped by po.
func Page(d *doc.Document, opt render.Options, po PageOptions, w io.Writer) error {
	if d == nil {
		return fmt.Errorf("render html: no document")
	}
	theme := opt.Theme
	if theme == nil {
		theme = render.DefaultTheme()
	}
	if strings.TrimSpace(d.Meta.Title) == "" {
		return fmt.Errorf("render html: %s: document has no title", d.Meta.Pos)
	}
	if !validLang(d.Meta.Lang) {
		return fmt.Errorf("render html: %s: document language %q is not a BCP 47 tag", d.Meta.Pos, d.Meta.Lang)
	}
	pw := newWriter(d, po)
	data, err := pw.page(opt, theme)
	if err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	// straight to w: a whole-page buffer would be one more copy of the page
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := pageTemplate().Execute(bw, data); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	return nil
}

// pageData holds the page's parts, every one already escaped.
type pageData struct {
	XHTML                         bool
	S                             string
	Lang, Dir                     string
	Title, Description, Author    string
	Keywords, Generator           string
	CSS, CSSHref                  string
	SkipLabel, SkipTarget, Banner string
	TitleBlock, TOC, Body, Footer string
	Footnotes                     string
}

var (
	pageOnce sync.Once
	pageTmpl *template.Template
	cssTmpl  *template.Template
)

// pageTemplate parses the embedded templates once. text/template is used on
// purpose: the writer escapes every value itself, in one place, for HTML and
// XHTML alike, so nothing reaches the template unescaped.
func pageTemplate() *template.Template {
	loadTemplates()
	return pageTmpl
}

func loadTemplates() {
	pageOnce.Do(func() {
		pageTmpl = template.Must(template.New("page.html").Parse(templates.PageHTML))
		cssTmpl = template.Must(template.New("style.css").Parse(templates.StyleCSS))
	})
}

// cssFont keeps a theme's font stack to characters a CSS font-family list
// needs, so a user's theme.json cannot inject rules or close the style element.
var cssFont = regexp.MustCompile(`^[A-Za-z0-9 ,"'._-]+$`)

// CSS returns the stylesheet for a theme (the EPUB writer stores it as a file).
func CSS(t *render.Theme) string {
	def := render.DefaultTheme()
	if t == nil {
		t = def
	}
	loadTemplates()
	body, mono := t.Fonts.CSSBody, t.Fonts.CSSMono
	if !cssFont.MatchString(body) {
		body = def.Fonts.CSSBody
	}
	if !cssFont.MatchString(mono) {
		mono = def.Fonts.CSSMono
	}
	margin := t.Sizes.MarginMM
	if margin <= 0 || margin > 50 {
		margin = def.Sizes.MarginMM
	}
	var sb strings.Builder
	err := cssTmpl.Execute(&sb, map[string]any{
		"Light": t.Colours, "Dark": t.Dark, "FontBody": body, "FontMono": mono,
		"FocusText": t.Colours.Text, "MarginMM": margin,
	})
	if err != nil {
		// The template is embedded and its data fixed: a failure is a build
		// defect that the package tests catch.
		return ""
	}
	return sb.String()
}

var langTag = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

func validLang(s string) bool { return langTag.MatchString(s) }

// rtlLangs are the primary language subtags written right to left.
var rtlLangs = map[string]bool{"ar": true, "he": true, "fa": true, "ur": true, "yi": true, "ps": true, "sd": true, "ug": true, "dv": true}

func langDir(lang string) string {
	primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if rtlLangs[primary] {
		return "rtl"
	}
	return ""
}

// allowedImageTypes are the raster types every browser and EPUB reading
// system shows; SVG is excluded because it can carry script.
var allowedImageTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true}

func (w *writer) imageSrc(img *doc.Image) (string, error) {
	if w.po.ImageURL != nil {
		return w.po.ImageURL(img), nil
	}
	if !allowedImageTypes[img.MediaType] {
		return "", doc.Errorf(img.Pos, "RENDER-IMAGE-TYPE", "use a PNG or JPEG image",
			"image %s has unsupported type %q", img.Src, img.MediaType)
	}
	return "data:" + img.MediaType + ";base64," + base64.StdEncoding.EncodeToString(img.Data), nil
}
