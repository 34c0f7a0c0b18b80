// Package render holds what every writer shares: the Renderer interface, the
// options and the theme. Writers live in the sub-packages (html, txt, pdf,
// docx, epub); they import doc and this package, never the loader, the CLI or
// the file system.
package render

import (
	"io"
	"time"

	"github.com/altformats/altformats/internal/doc"
)

// Options are the same for every writer.
type Options struct {
	Theme *Theme
	// Paper is "A4" (default), "A5" or "Letter"; used by paged formats.
	Paper string
	// Modified is the fixed timestamp written into metadata (never time.Now):
	// SOURCE_DATE_EPOCH when set, else the document's updated/date, else 2000-01-01.
	Modified time.Time
	// Generator names the tool in metadata, e.g. "altformats 0.1.0".
	Generator string
}

// Renderer turns one document into one file's bytes.
type Renderer interface {
	Render(d *doc.Document, opt Options, w io.Writer) error
}

// Func adapts a function to Renderer.
type Func func(d *doc.Document, opt Options, w io.Writer) error

func (f Func) Render(d *doc.Document, opt Options, w io.Writer) error { return f(d, opt, w) }

// FilesFunc writes several files from one piece of work (braille: the BRF
// and the PEF share one translation and layout), one writer per file in the
// order the format lists them.
type FilesFunc func(d *doc.Document, opt Options, ws []io.Writer) error
