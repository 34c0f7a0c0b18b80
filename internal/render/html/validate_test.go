package html

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/testutil"
)

// writeCases renders every case to dir as standalone HTML and as the XHTML
// the EPUB writer uses, returning the files written.
func writeCases(t *testing.T, dir string) (htmlFiles, xhtmlFiles []string) {
	t.Helper()
	cs := cases(t)
	cs["stress"] = stressDoc()
	names := make([]string, 0, len(cs))
	for n := range cs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		d := cs[name]
		h := filepath.Join(dir, name+".html")
		if err := os.WriteFile(h, renderPage(t, d, PageOptions{}), 0o644); err != nil {
			t.Fatal(err)
		}
		x := filepath.Join(dir, name+".xhtml")
		if err := os.WriteFile(x, renderPage(t, d, PageOptions{XHTML: true}), 0o644); err != nil {
			t.Fatal(err)
		}
		htmlFiles = append(htmlFiles, h)
		xhtmlFiles = append(xhtmlFiles, x)
	}
	return htmlFiles, xhtmlFiles
}

func TestAxe(t *testing.T) {
	files, _ := writeCases(t, t.TempDir())
	if got := testutil.AxeAll(t, files...); len(got) > 0 {
		t.Errorf("axe-core (WCAG 2.2 AA) violations:\n%s", strings.Join(got, "\n"))
	}
}

func TestNuChecker(t *testing.T) {
	h, x := writeCases(t, t.TempDir())
	if got := testutil.VNU(t, append(h, x...)...); len(got) > 0 {
		t.Errorf("Nu Html Checker messages:\n%s", strings.Join(got, "\n"))
	}
}

// TestScreenshots renders the cases at desktop and mobile widths, light and
// dark, for a person to look at: set ALTFORMATS_SCREENSHOTS to a folder.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("ALTFORMATS_SCREENSHOTS")
	if dir == "" {
		t.Skip("set ALTFORMATS_SCREENSHOTS=DIR to write screenshots for review")
	}
	files, _ := writeCases(t, t.TempDir())
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".html")
		for _, width := range []int{1280, 320} {
			for _, dark := range []bool{false, true} {
				scheme := "light"
				if dark {
					scheme = "dark"
				}
				testutil.Screenshot(t, f, filepath.Join(dir, base+"-"+strconv.Itoa(width)+"-"+scheme+".png"), width, dark)
			}
		}
	}
}
