package render

import (
	"strings"
	"testing"

	"github.com/altformats/altformats/templates"
)

// TestParseThemeErrors: every mistake in a user's theme.json is an error at
// its own line and column, with a registered code and a hint (the decoder
// used to ignore unknown keys and stop at the first type error, unplaced).
func TestParseThemeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"unknown top key", "{\n  \"colors\": {}\n}\n",
			[]string{`t/theme.json:2:3: error: unknown key "colors" in theme.json [THEME-KEY] (hint: the keys here are name, colours, dark, fonts, sizes)`}},
		{"unknown nested key", "{\"colours\": {\"link\": \"#000000\",\n  \"linc\": \"#000000\"}}",
			[]string{`t/theme.json:2:3: error: unknown key "colours.linc" in theme.json [THEME-KEY]`}},
		{"every unknown key", "{\"a\": 1,\n\"sizes\": {\"b\": [1, {\"c\": 2}], \"base\": 12},\n\"d\": null}",
			[]string{`t/theme.json:1:2: error: unknown key "a"`, `t/theme.json:2:11: error: unknown key "sizes.b"`, `t/theme.json:3:1: error: unknown key "d"`}},
		{"duplicate key", "{\"name\": \"a\",\n \"name\": \"b\"}", []string{`t/theme.json:2:2: error: key "name" appears twice in theme.json [THEME-KEY]`}},
		{"string for number", "{\"sizes\": {\n  \"base\": \"11\"}}",
			[]string{`t/theme.json:2:11: error: sizes.base must be a number [THEME-TYPE] (hint: write it as a number (see templates/theme.json))`}},
		{"number for string", "{\"fonts\": {\"word_body\": 12}}", []string{`t/theme.json:1:25: error: fonts.word_body must be a string [THEME-TYPE]`}},
		{"null", "{\"colours\": {\"text\": null}}", []string{`t/theme.json:1:22: error: colours.text must be a string [THEME-TYPE]`}},
		{"list for object", "{\"colours\": [1]}", []string{`t/theme.json:1:13: error: colours must be an object [THEME-TYPE]`}},
		{"short headings", "{\"sizes\": {\"headings\": [2, 1.5]}}", []string{`t/theme.json:1:24: error: sizes.headings has 2 entries, not 6 [THEME-TYPE]`}},
		{"long headings", "{\"sizes\": {\"headings\": [1,1,1,1,1,1,1]}}", []string{`t/theme.json:1:24: error: sizes.headings has more than 6 entries [THEME-TYPE]`}},
		{"heading type", "{\"sizes\": {\"headings\": [1, \"2\", 1, 1, 1, 1]}}", []string{`t/theme.json:1:28: error: sizes.headings[1] must be a number`}},
		{"bad colour", "{\n\"colours\": {\"accent\": \"#12345\"},\n\"dark\": {\"link\": \"blue\"}}",
			[]string{`t/theme.json:2:23: error: colours.accent "#12345" is not a #RRGGBB colour [THEME-COLOUR] (hint: write a colour as #RRGGBB, e.g. #005EB8)`,
				`t/theme.json:3:18: error: dark.link "blue" is not a #RRGGBB colour [THEME-COLOUR]`}},
		{"bad built-in font", "{\"fonts\": {\"pdf_bold\": \"liberation:serif\"}}",
			[]string{`t/theme.json:1:24: error: fonts.pdf_bold "liberation:serif" is not a built-in font [THEME-FONT] (hint: built-in fonts are liberation:sans, `}},
		{"small large print", "{\"sizes\": {\"large_base\": 16}}", []string{`t/theme.json:1:26: error: sizes.large_base 16 is below 18 pt [THEME-SIZE]`}},
		{"zero base", "{\"sizes\": {\"base\": 0}}", []string{`t/theme.json:1:20: error: sizes.base must be more than 0 pt [THEME-SIZE]`}},
		{"syntax", "{\"name\": \"a\"\n \"dark\": {}}", []string{`t/theme.json:2:2: error: theme.json is not valid JSON: invalid character '"' after object key:value pair [THEME-JSON]`}},
		{"truncated", "{\"name\": ", []string{`t/theme.json:1:10: error: theme.json is not valid JSON: the file ends inside a value [THEME-JSON]`}},
		{"not an object", "[]", []string{`t/theme.json:1:1: error: theme.json must be an object [THEME-TYPE]`}},
		{"trailing", "{}\n{}", []string{`t/theme.json:2:1: error: theme.json has more after its object [THEME-JSON]`}},
		{"characters count", "{\"name\": \"é\", \"x\": 1}", []string{`t/theme.json:1:15: error: unknown key "x"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			th, _, err := ParseTheme("t/theme.json", []byte(tc.src))
			if err == nil {
				t.Fatalf("no error; theme %+v", th)
			}
			got := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("got\n%s\nwant a line containing\n%s", got, w)
				}
			}
			if n := strings.Count(got, "\n") + 1; n != len(tc.want) {
				t.Errorf("%d diagnostics, want %d:\n%s", n, len(tc.want), got)
			}
		})
	}
}

// TestParseThemeOverlay: keys left out keep the default; the embedded theme
// itself passes the strict decoder; positions of given keys are kept.
func TestParseThemeOverlay(t *testing.T) {
	if _, _, err := ParseTheme("theme.json", templates.ThemeJSON); err != nil {
		t.Fatalf("the embedded theme.json fails the strict decoder: %v", err)
	}
	th, pos, err := ParseTheme("t.json", []byte("{\"colours\": {\"link\": \"#AE2573\"},\n \"fonts\": {\"pdf_regular\": \"f/My.ttf\"},\n \"sizes\": {\"headings\": [3, 2, 1, 1, 1, 1]}}"))
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultTheme()
	if th.Colours.Link != "#AE2573" || th.Colours.Text != def.Colours.Text || th.Sizes.Base != def.Sizes.Base || th.Sizes.Headings[0] != 3 {
		t.Errorf("overlay: %+v", th)
	}
	if p := pos["fonts.pdf_regular"]; p.Line != 2 || p.Col != 27 {
		t.Errorf("fonts.pdf_regular at %v", p)
	}
	if keys, names := th.PDFFontFiles(); len(keys) != 1 || keys[0] != "pdf_regular" || names[0] != "f/My.ttf" {
		t.Errorf("PDFFontFiles: %v %v", keys, names)
	}
}

func FuzzParseTheme(f *testing.F) {
	f.Add(templates.ThemeJSON)
	f.Add([]byte(`{"sizes": {"headings": [1, [2], {"a": 3}]}, "x": [[[]]]}`))
	f.Add([]byte(`{"colours": {"text": "#000000"`))
	f.Fuzz(func(t *testing.T, src []byte) {
		th, _, err := ParseTheme("t.json", src)
		if (th == nil) == (err == nil) {
			t.Fatalf("theme %v, err %v", th, err)
		}
	})
}
