package pdf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

func TestTextStringEscaping(t *testing.T) {
	for in, want := range map[string]string{
		"":           "()",
		"plain text": "(plain text)",
		`a(b)\c`:     `(a\(b\)\\c)`,
		"((()))":     `(\(\(\(\)\)\))`,
		"café":       "<FEFF00630061006600E9>",
		"tab\there":  "<FEFF00740061006200090068006500720065>",
		"😀":          "<FEFFD83DDE00>",
		"o 2 ŵ":      "<FEFF006F0020003200200175>",
	} {
		if got := string(appendTextString(nil, in)); got != want {
			t.Errorf("%q: got %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"https://example.org/a?b=(c)": `(https://example.org/a?b=\(c\))`,
		`a\b`:                         `(a\\b)`,
		"é\n":                         `(\303\251\012)`,
	} {
		if got := string(appendPDFString(nil, in)); got != want {
			t.Errorf("URI %q: got %s, want %s", in, got, want)
		}
	}
}

// longLinkDoc is a paragraph with one link whose text is n words, every
// other one emphasised, so it is drawn as many runs over many lines, each
// with its own annotation.
func longLinkDoc(n int) *doc.Document {
	pos := doc.Pos{File: "x.md", Line: 3, Col: 1}
	var kids []doc.Inline
	for i := 0; i < n; i++ {
		var in doc.Inline = &doc.Text{Pos: pos, Text: "word(" + strings.Repeat("x", i%7) + ") "}
		if i%2 == 1 {
			in = &doc.Emph{Pos: pos, Children: []doc.Inline{in}}
		}
		kids = append(kids, in)
	}
	d := simpleDoc("intro")
	d.Blocks = append(d.Blocks, &doc.Paragraph{Pos: pos, Inlines: []doc.Inline{
		&doc.Link{Pos: pos, URL: "https://example.org/a", Children: kids}}})
	return d
}

// The file grows in proportion to the text, not its square: twice the
// link text gives about twice the bytes. (Each annotation used to repeat
// the link's whole text, so a link of 3,000 words took seconds and
// hundreds of megabytes.)
func TestLongLinkTextIsLinear(t *testing.T) {
	size := func(n int) int {
		var buf bytes.Buffer
		if err := Render(longLinkDoc(n), opts(), &buf); err != nil {
			t.Fatal(err)
		}
		return buf.Len()
	}
	a, b := size(1500), size(3000)
	if ratio := float64(b) / float64(a); ratio > 2.3 {
		t.Errorf("1,500 words: %d bytes; 3,000 words: %d bytes (×%.1f): output grows faster than the text", a, b, ratio)
	}
}
