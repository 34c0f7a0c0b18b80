package pdf

import (
	"errors"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

// Arabic and Hebrew came out left to right and unshaped with exit 0. Until
// the writer has bidi and shaping, both PDFs refuse them, at the first
// such character's own line and column.
func TestRightToLeftRefused(t *testing.T) {
	for _, c := range []struct{ text, char string }{
		{"Welcome: مرحبا بكم", "م"},
		{"Shalom: שלום עולם", "ש"},
	} {
		d := simpleDoc(c.text) // text starts at 7:3
		txt := d.Blocks[0].(*doc.Paragraph).Inlines[0].(*doc.Text)
		// a joined paragraph: the second line starts at 8:1
		txt.Text = "first line " + c.text
		txt.Pieces = []doc.TextPiece{{Off: 0, Pos: txt.Pos}, {Off: len("first line "), Pos: doc.Pos{File: "x.md", Line: 8, Col: 1}}}
		for _, large := range []bool{false, true} {
			var sb strings.Builder
			render := Render
			if large {
				render = RenderLargePrint
			}
			err := render(d, opts(), &sb)
			var ds doc.Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("%q large=%v: want a diagnostic, got %v", c.text, large, err)
			}
			col := 1 + len([]rune(c.text[:strings.Index(c.text, c.char)]))
			if len(ds) != 1 || ds[0].Code != "PDF-RTL" || ds[0].Pos.Line != 8 || ds[0].Pos.Col != col ||
				!strings.Contains(ds[0].Message, "right-to-left script not supported in PDF yet") {
				t.Errorf("%q large=%v: want one PDF-RTL at 8:%d, got %v", c.text, large, col, ds)
			}
		}
	}
}
