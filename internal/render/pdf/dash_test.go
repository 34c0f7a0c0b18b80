package pdf

import (
	"testing"

	"github.com/altformats/altformats/internal/render"
)

// The default print face sets dashes in the order a style guide's rules
// assume: hyphen narrower than en dash, en dash narrower than em dash. The Go
// font, the face before Liberation Sans, had a hyphen wider than its en dash.
func TestDefaultFaceDashWidths(t *testing.T) {
	fs, err := newFontSet(render.DefaultTheme(), render.Assets{})
	if err != nil {
		t.Fatal(err)
	}
	for slot, m := range fs.slots[:faceMono] {
		h, en, em := m.runeWidth('-', 1000), m.runeWidth('–', 1000), m.runeWidth('—', 1000)
		t.Logf("%s: hyphen %.0f, en dash %.0f, em dash %.0f per 1000 em", m.name, h, en, em)
		if !(h > 0 && h < en && en < em) {
			t.Errorf("face %d (%s): hyphen %.0f, en dash %.0f, em dash %.0f: want hyphen < en dash < em dash", slot, m.name, h, en, em)
		}
	}
}
