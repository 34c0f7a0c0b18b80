package txt

import (
	"bytes"
	"github.com/altformats/altformats/internal/testutil/goldenfile"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

func opts() render.Options {
	return render.Options{Theme: render.DefaultTheme(), Modified: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}
}

func renderText(t *testing.T, d *doc.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(d, opts(), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	return buf.Bytes()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

func cases(t *testing.T) map[string]*doc.Document { return testutil.Cases(t) }

// A word far longer than a line is cut into full lines, in linear time.
func TestHugeWordWraps(t *testing.T) {
	word := strings.Repeat("ŵ", 200_000)
	lines := wrap(word, Width, "", "")
	total := 0
	for i, l := range lines {
		n := utf8.RuneCountInString(l)
		if n > Width || (i < len(lines)-1 && n != Width) {
			t.Fatalf("line %d has %d characters", i, n)
		}
		total += n
	}
	if total != 200_000 {
		t.Fatalf("lost characters: %d", total)
	}
}

func TestLongAddressNeverSplit(t *testing.T) {
	url := "(https://www.gov.uk/service-manual/helping-people-to-use-your-service/making-your-service-accessible-an-introduction)."
	lines := wrap("Read the guidance on accessibility "+url+" and then carry on reading.", Width, "  ", "  ")
	found := false
	for _, l := range lines {
		if strings.Contains(l, "https://") {
			if l != "  "+url {
				t.Errorf("the address shares or splits its line: %q", l)
			}
			found = true
		} else if displayWidth(l) > Width {
			t.Errorf("line too wide: %q", l)
		}
	}
	if !found {
		t.Errorf("address lost or split: %q", lines)
	}
}
