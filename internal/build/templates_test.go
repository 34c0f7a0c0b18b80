package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/testutil"
)

func writeTemplates(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestLoadTemplatesAssets: the font files and Word styles of a templates
// folder are read once here, into Assets, for writers that read no file.
func TestLoadTemplatesAssets(t *testing.T) {
	ttf, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
	if err != nil {
		testutil.Missing(t, "DejaVu fonts (Debian package fonts-dejavu-core)")
	}
	dir := writeTemplates(t, map[string]string{
		"theme.json":      `{"fonts": {"pdf_regular": "fonts/Body.ttf", "pdf_bold": "fonts/Body.ttf"}}`,
		"fonts/Body.ttf":  string(ttf),
		"docx/styles.xml": `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`,
	})
	th, a, err := LoadTemplates(dir)
	if err != nil {
		t.Fatal(err)
	}
	if th.Fonts.PDFRegular != "fonts/Body.ttf" || len(a.Fonts) != 1 || len(a.Fonts["fonts/Body.ttf"]) != len(ttf) ||
		!strings.Contains(string(a.DocxStyles), "w:styles") || a.Source != dir {
		t.Errorf("theme %+v, assets: source %q, %d fonts, styles %q", th.Fonts, a.Source, len(a.Fonts), a.DocxStyles)
	}
	if _, a, err := LoadTemplates(writeTemplates(t, map[string]string{"theme.json": "{}"})); err != nil || a.DocxStyles != nil || a.Fonts != nil {
		t.Errorf("a folder with only theme.json: %v %+v", err, a)
	}
}

// TestLoadTemplatesFontErrors: a font file that is missing or not a font is
// an error at the theme.json key that names it, not a failure of every PDF.
func TestLoadTemplatesFontErrors(t *testing.T) {
	dir := writeTemplates(t, map[string]string{
		"theme.json": "{\"fonts\": {\n  \"pdf_regular\": \"Missing.ttf\",\n  \"pdf_mono\": \"notes.txt\"}}",
		"notes.txt":  "not a font",
	})
	_, _, err := LoadTemplates(dir)
	if err == nil {
		t.Fatal("no error")
	}
	file := filepath.Join(dir, "theme.json")
	for _, want := range []string{
		file + `:2:18: error: fonts.pdf_regular: font file "Missing.ttf": no such file or directory [THEME-FONT] (hint: put a TrueType (.ttf) file`,
		file + `:3:15: error: fonts.pdf_mono: font file "notes.txt": `,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("got\n%v\nwant\n%s", err, want)
		}
	}
	if _, _, err := LoadTemplates(writeTemplates(t, map[string]string{"theme.json": `{"colour": {}}`})); err == nil ||
		!strings.Contains(err.Error(), `theme.json:1:2: error: unknown key "colour"`) {
		t.Errorf("an unknown key: %v", err)
	}
}
