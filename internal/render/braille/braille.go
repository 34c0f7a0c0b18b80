// Package braille writes a document as contracted braille laid out for UK
// readers: a BRF (ASCII braille, the file UK embossers and braille displays
// read) and a PEF 1.0 (the DAISY XML braille format), both from one
// translation and one layout.
//
// Translation is liblouis's (Unified English Braille grade 2, Welsh grade 2
// for Welsh documents and {lang=cy} spans); this package only decides what
// is translated and where each line and page breaks: 40 cells by 25 lines,
// a page information line with the braille page number at the right, a
// title page, the transcriber's notes and a contents page, headings kept off
// a page's last two lines, lists with their markers, tables in columns when
// they fit and linearised when not, images as their alt text in
// transcriber's note indicators, words longer than a line divided with a
// hyphen between braille signs. Each distinct text is translated once, on
// as many private copies of liblouis as there are cores (batch.go).
package braille

import (
	"fmt"
	"io"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/louis"
	"github.com/altformats/altformats/internal/render"
)

// Page geometry: the common UK interpoint page (A4 or 11 inch paper).
const (
	Cols = 40
	Rows = 25
)

// Translator turns text into ASCII braille with a liblouis table
// (louis.Library; tests may pass another).
type Translator interface {
	Translate(table, text string, typeform []uint16) (string, error)
}

// Available says whether braille can be written on this machine: nil, or an
// error saying how to install liblouis.
func Available() error {
	_, err := louis.Load()
	return err
}

// Render writes the BRF to ws[0] and the PEF to ws[1] (format "braille"),
// with liblouis loaded on first use.
func Render(d *doc.Document, opt render.Options, ws []io.Writer) error {
	if len(ws) != 2 {
		return fmt.Errorf("render braille: want 2 outputs (BRF, PEF), got %d", len(ws))
	}
	lib, err := louis.Load()
	if err != nil {
		return fmt.Errorf("render braille: %w", err)
	}
	return Write(d, opt, lib, ws[0], ws[1])
}

// Write lays the document out once with tr and writes the BRF and the PEF.
// The document's problems (formatting nested too deep) go to opt.Report and
// render.ErrReported comes back, as from every writer.
func Write(d *doc.Document, opt render.Options, tr Translator, brf, pef io.Writer) error {
	return render.Reported(opt, writeFiles(d, opt, tr, brf, pef))
}

func writeFiles(d *doc.Document, opt render.Options, tr Translator, brf, pef io.Writer) error {
	if d == nil {
		return fmt.Errorf("render braille: no document")
	}
	b, err := Layout(d, tr)
	if err != nil {
		return fmt.Errorf("render braille: %w", err)
	}
	if _, err := brf.Write(b.BRF()); err != nil {
		return fmt.Errorf("render braille: %w", err)
	}
	if err := b.writePEF(pef, d, opt); err != nil {
		return fmt.Errorf("render braille: %w", err)
	}
	return nil
}
