package pdf

import (
	"sort"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/render"
)

// TestBuiltinFontsMatch: the names the theme decoder accepts without a file
// (render.BuiltinFonts) are exactly the faces this writer embeds.
func TestBuiltinFontsMatch(t *testing.T) {
	var have []string
	for name := range goFonts {
		have = append(have, name)
	}
	want := append([]string(nil), render.BuiltinFonts...)
	sort.Strings(have)
	sort.Strings(want)
	if strings.Join(have, ",") != strings.Join(want, ",") {
		t.Errorf("embedded faces %v, render.BuiltinFonts %v", have, want)
	}
}
