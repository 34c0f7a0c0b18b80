package epub

import (
	"io"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/render/html"
)

// htmlWriter packages the HTML writer's page as XHTML, linking the stylesheet
// and the image files instead of inlining them, without the page's own
// contents list (the navigation document is the EPUB's contents).
var htmlWriter = Writer{
	Page: func(d *doc.Document, opt render.Options, imageURL func(*doc.Image) string, w io.Writer) error {
		return html.Page(d, opt, html.PageOptions{XHTML: true, ImageURL: imageURL, CSSHref: cssName, NoTOC: true}, w)
	},
	CSS: html.CSS,
}
