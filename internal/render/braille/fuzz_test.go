package braille

import (
	"bytes"
	"testing"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/louis"
	"github.com/altformats/altformats/internal/testutil"
)

// FuzzRender loads arbitrary Markdown and writes it as braille (through
// liblouis when it is installed): no panic, and the layout rules hold on
// whatever comes out.
func FuzzRender(f *testing.F) {
	for _, s := range testutil.FuzzSeedsEvery(f, 4) {
		f.Add(s)
	}
	var tr Translator = plainTranslator{}
	if l, err := louis.Load(); err == nil {
		tr = l
	}
	path := testutil.CasePath(f, "kitchen-sink")
	f.Fuzz(func(t *testing.T, src []byte) {
		d, ds := content.Parse(path, src, content.Options{})
		if d == nil || ds.HasErrors() {
			return
		}
		book, err := Layout(d, tr)
		if err != nil {
			return
		}
		var brf, pef bytes.Buffer
		if err := Write(d, opt, tr, &brf, &pef); err != nil {
			t.Fatal(err)
		}
		checkBRF(t, "fuzz", brf.Bytes(), book)
	})
}
