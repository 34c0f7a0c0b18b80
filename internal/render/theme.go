package render

import (
	"fmt"
	"regexp"
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
// files: "liberation:sans", "go:regular" style names (BuiltinFonts) select
// the embedded Liberation, Go and DejaVu fonts (see render/pdf/fonts.go),
// anything else is a .ttf path relative to the templates folder, whose bytes
// the build reads once into Assets.
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

// BuiltinFonts are the font names a theme may give for PDF without a file:
// the faces embedded in the tool (render/pdf keeps their bytes).
var BuiltinFonts = []string{"liberation:sans", "liberation:sans-bold", "liberation:sans-italic",
	"liberation:sans-bold-italic", "liberation:mono", "go:regular", "go:bold", "go:italic", "go:bold-italic", "go:mono",
	"dejavu:sans", "dejavu:sans-bold", "dejavu:mono"}

// IsBuiltinFont reports whether name is one of BuiltinFonts.
func IsBuiltinFont(name string) bool {
	for _, b := range BuiltinFonts {
		if name == b {
			return true
		}
	}
	return false
}

// DefaultTheme returns the embedded theme.
func DefaultTheme() *Theme {
	t, err := parseTheme(nil)
	if err != nil {
		panic("embedded theme.json is invalid: " + err.Error()) // a build defect, caught by tests
	}
	return t
}

// parseTheme overlays b (a user's theme.json, or nil) on the embedded
// default, strictly (see ParseTheme).
func parseTheme(b []byte) (*Theme, error) {
	t, _, err := ParseTheme("theme.json", b)
	return t, err
}

// RGB splits "#RRGGBB" into components.
func RGB(hex string) (r, g, b int) {
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	return
}
