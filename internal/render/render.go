// Package render holds what every writer shares: the Renderer interface, the
// options and the theme. Writers live in the sub-packages (html, txt, pdf,
// docx, epub); they import doc and this package, never the loader, the CLI or
// the file system.
package render

import (
	"errors"
	"io"
	"time"

	"github.com/altformats/altformats/internal/doc"
)

// Options are the same for every writer.
type Options struct {
	Theme *Theme
	// Assets are the font and style bytes the theme's templates folder
	// holds, read by the build; the zero value for the default look.
	Assets Assets
	// Paper is the page size of paged formats; the zero Paper is A4.
	Paper doc.Paper
	// Modified is the fixed timestamp written into metadata (never time.Now):
	// SOURCE_DATE_EPOCH when set, else the document's updated/date, else 2000-01-01.
	Modified time.Time
	// Generator names the tool in metadata, e.g. "altformats 0.1.0".
	Generator string
	// Report receives the writer's diagnostics about the document, warnings
	// and errors; a writer that reported an error returns ErrReported. The
	// build sets it; it may be called from the writer's goroutine only.
	Report func(*doc.Diagnostic)
}

// Renderer turns one document into one file's bytes.
type Renderer interface {
	Render(d *doc.Document, opt Options, w io.Writer) error
}

// Func adapts a function to Renderer.
type Func func(d *doc.Document, opt Options, w io.Writer) error

func (f Func) Render(d *doc.Document, opt Options, w io.Writer) error { return f(d, opt, w) }

// ErrReported is what a writer returns when the document has errors it gave
// to Options.Report (a character no font has, a table too wide for the page):
// the caller prints the diagnostics, not this error.
var ErrReported = errors.New("the document has errors, reported as diagnostics")

// Reported is how a writer returns: the diagnostics in err (one, or a list,
// however wrapped) go to opt.Report and ErrReported comes back; any other
// error is a real failure and comes back as it is. A caller that sets no
// Report gets the writer's error back as it was.
func Reported(opt Options, err error) error {
	if err == nil {
		return nil
	}
	var ds doc.Diagnostics
	var d *doc.Diagnostic
	switch {
	case errors.As(err, &ds):
	case errors.As(err, &d):
		ds = doc.Diagnostics{d}
	default:
		return err
	}
	if opt.Report == nil {
		return err
	}
	for _, d := range ds {
		opt.Report(d)
	}
	if !ds.HasErrors() {
		return nil
	}
	return ErrReported
}

// FilesFunc writes several files from one piece of work (braille: the BRF
// and the PEF share one translation and layout), one writer per file in the
// order the format lists them.
type FilesFunc func(d *doc.Document, opt Options, ws []io.Writer) error
