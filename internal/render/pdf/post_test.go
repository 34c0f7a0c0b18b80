package pdf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

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
		// the dictionary form writes the same bytes
		if got := textString(in).PDFString(); got != want {
			t.Errorf("%q: textString gives %s, want %s", in, got, want)
		}
	}
	// same result as pdfcpu's escaper on every printable ASCII character
	var all strings.Builder
	for c := byte(0x20); c < 0x7f; c++ {
		all.WriteByte(c)
	}
	esc, _ := types.Escape(all.String())
	if got := string(appendTextString(nil, all.String())); got != "("+*esc+")" {
		t.Errorf("ASCII: got %s, want (%s)", got, *esc)
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

// appendObject must write what pdfcpu's PDFString writes: the tagging pass
// switched to it without changing a byte of output.
func TestAppendObjectMatchesPDFString(t *testing.T) {
	objs := []types.Object{
		types.Dict{
			"Type": types.Name("Annot"), "Rect": types.Array{types.Float(56.69), types.Integer(0), types.Float(-1.5), nil},
			"Border":   types.Array{types.Integer(0), types.Integer(0), types.Integer(0)},
			"A":        types.Dict{"S": types.Name("URI"), "URI": types.StringLiteral(`https://example.org/a\(b\)`)},
			"Dest":     types.Array{*types.NewIndirectRef(12, 0), types.Name("XYZ"), types.Integer(0), types.Float(700.12), nil},
			"Contents": types.HexLiteral("FEFF00410042"), "P": *types.NewIndirectRef(3, 0), "F": types.Integer(4),
			"Odd name": types.Name("a b#c"), "Empty": types.Name(""), "Null": nil, "Marked": types.Boolean(true),
			"Kids": types.Array{types.Dict{"A": types.Integer(1)}, types.Array{types.Name("X"), types.StringLiteral("s")}, types.Name("Y")},
		},
		types.Array{types.Name("A"), types.Integer(1), types.StringLiteral("x"), types.HexLiteral("00"), types.Boolean(false)},
	}
	for _, o := range objs {
		if got, want := string(appendObject(nil, o)), o.PDFString(); got != want {
			t.Errorf("appendObject:\n got %s\nwant %s", got, want)
		}
	}
}
