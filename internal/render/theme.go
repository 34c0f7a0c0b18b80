package render

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/altformats/altformats/templates"
)

// Theme is the look shared by HTML, PDF and Word so they read as one
// publication. The default lives in templates/theme.json.
type Theme struct {
	Name    string  `json:"name"`
	Colours Colours `json:"colours"`
	// Dark is used by HTML's prefers-color-scheme: dark.
	Dark  Colours `json:"dark"`
	Fonts Fonts   `json:"fonts"`
	Sizes Sizes   `json:"sizes"`
	// Dir is where font files named in Fonts are looked up besides the
	// embedded templates (a user's templates folder); empty for the default.
	Dir string `json:"-"`
}

// Colours are "#RRGGBB".
type Colours struct {
	Text       string `json:"text"`
	Background string `json:"background"`
	Heading    string `json:"heading"`
	Link       string `json:"link"`
	Accent     string `json:"accent"` // NHS Blue: rules, title band, focus
	Muted      string `json:"muted"`  // secondary text (still AA on background)
	Border     string `json:"border"`
	TableHead  string `json:"table_head"` // header-row fill
	Note       string `json:"note"`       // note/tip fill
	Warning    string `json:"warning"`    // warning/caution fill
	Focus      string `json:"focus"`      // focus highlight (NHS yellow)
}

// Fonts names the families. HTML uses the CSS stacks; PDF embeds TrueType
// files: "liberation:sans", "go:regular" style names select the embedded
// Liberation, Go and DejaVu fonts (see render/pdf/fonts.go), anything else is
// a .ttf path relative to the templates folder.
type Fonts struct {
	CSSBody     string `json:"css_body"`
	CSSMono     string `json:"css_mono"`
	PDFRegular  string `json:"pdf_regular"`
	PDFBold     string `json:"pdf_bold"`
	PDFItalic   string `json:"pdf_italic"`
	PDFBoldItal string `json:"pdf_bold_italic"`
	PDFMono     string `json:"pdf_mono"`
	WordBody    string `json:"word_body"` // font name written into Word styles
	WordMono    string `json:"word_mono"`
}

// Sizes are in points; headings are multiples of the base size.
type Sizes struct {
	Base       float64    `json:"base"`        // normal print body text
	LargeBase  float64    `json:"large_base"`  // large print body text, >= 18
	LineHeight float64    `json:"line_height"` // multiple of the font size
	LargeLine  float64    `json:"large_line_height"`
	Headings   [6]float64 `json:"headings"` // scale for H1..H6
	MarginMM   float64    `json:"margin_mm"`
}

var hexColour = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// DefaultTheme returns the embedded theme.
func DefaultTheme() *Theme {
	t, err := parseTheme(nil)
	if err != nil {
		panic("embedded theme.json is invalid: " + err.Error()) // a build defect, caught by tests
	}
	return t
}

// LoadTheme reads theme.json from dir (a user's templates folder), falling
// back to the default for every field it leaves out.
func LoadTheme(dir string) (*Theme, error) {
	b, err := os.ReadFile(filepath.Join(dir, "theme.json"))
	if err != nil {
		return nil, fmt.Errorf("load theme: %w", err)
	}
	t, err := parseTheme(b)
	if err != nil {
		return nil, fmt.Errorf("load theme %s: %w", filepath.Join(dir, "theme.json"), err)
	}
	t.Dir = dir
	return t, nil
}

// parseTheme overlays b (a user's theme.json, or nil) on the embedded default.
func parseTheme(b []byte) (*Theme, error) {
	t := &Theme{}
	if err := json.Unmarshal(templates.ThemeJSON, t); err != nil {
		return nil, err
	}
	if b != nil {
		if err := json.Unmarshal(b, t); err != nil {
			return nil, err
		}
	}
	for name, c := range map[string]string{
		"text": t.Colours.Text, "background": t.Colours.Background, "heading": t.Colours.Heading,
		"link": t.Colours.Link, "accent": t.Colours.Accent, "muted": t.Colours.Muted,
		"border": t.Colours.Border, "table_head": t.Colours.TableHead, "note": t.Colours.Note,
		"warning": t.Colours.Warning, "focus": t.Colours.Focus,
	} {
		if !hexColour.MatchString(c) {
			return nil, fmt.Errorf("colours.%s %q is not #RRGGBB", name, c)
		}
	}
	if t.Sizes.Base <= 0 || t.Sizes.LargeBase < 18 {
		return nil, fmt.Errorf("sizes: base must be > 0 and large_base at least 18 pt (RNIB/UKAAF)")
	}
	return t, nil
}

// RGB splits "#RRGGBB" into components.
func RGB(hex string) (r, g, b int) {
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	return
}

// FontFile returns the bytes of a TrueType font named in the theme, from the
// user's templates folder when the theme came from one, else the embedded
// templates. Embedded names ("liberation:sans", "go:regular") are resolved by the PDF writer itself.
func (t *Theme) FontFile(name string) ([]byte, error) {
	if t.Dir != "" {
		if b, err := os.ReadFile(filepath.Join(t.Dir, name)); err == nil {
			return b, nil
		}
	}
	return fs.ReadFile(templates.FS, name)
}
