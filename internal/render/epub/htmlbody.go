package epub

import (
	"errors"
	"io"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// htmlWriter renders with the HTML writer's XHTML page.
// TODO(epub): bind html.Page / html.CSS when internal/render/html lands.
var htmlWriter = Writer{
	Page: func(*doc.Document, render.Options, func(*doc.Image) string, io.Writer) error {
		return errors.New("the HTML writer's XHTML page is not available yet")
	},
	CSS: func(*render.Theme) string { return "" },
}
