package build

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"io"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// badLinks must never be written as links by any format, whatever built the
// model: PDF and Word kept links that HTML and EPUB dropped, with no warning.
var badLinks = []string{
	"http://nhs.uk@evil.example/",
	"https:javascript:alert(1)",
	"https://",
	"mailto:",
	`tel:+44"onclick="x`,
	"mailto:not an address",
	"javascript:alert(2)",
	"ftp://files.example.org/x",
}

// everyText is every file a format wrote, unzipped, with any zlib streams
// (PDF objects) inflated, so an address anywhere in the output is found.
func everyText(t *testing.T, b []byte) string {
	var sb strings.Builder
	sb.Write(b)
	if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			sb.Write(data)
		}
	}
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte("stream\n"))
		if k < 0 {
			break
		}
		i += k + 7
		if zr, err := zlib.NewReader(bytes.NewReader(b[i:])); err == nil {
			data, _ := io.ReadAll(zr)
			sb.Write(data)
		}
	}
	return sb.String()
}

func TestOneLinkPolicyInEveryFormat(t *testing.T) {
	p := doc.Pos{File: "x.md", Line: 5, Col: 1}
	tx := func(s string) []doc.Inline { return []doc.Inline{&doc.Text{Pos: p, Text: s}} }
	ins := []doc.Inline{&doc.Link{Pos: p, URL: "https://www.nhs.uk/good-place", Children: tx("the good place")}}
	for i, u := range badLinks {
		ins = append(ins, &doc.Text{Pos: p, Text: " and "},
			&doc.Link{Pos: p, URL: u, Children: tx("bad link " + string(rune('a'+i)))})
	}
	d := &doc.Document{
		Source:       "x.md",
		Meta:         doc.Meta{Title: "Links", Lang: "en-GB", Slug: "links"},
		TitleInlines: tx("Links"),
		Blocks:       []doc.Block{&doc.Paragraph{Pos: p, Inlines: ins}},
	}
	outs, err := RenderDoc(d, Formats(), render.Options{Generator: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		if o.Format.Name == "braille" {
			continue // transcribed: its text cannot be searched for addresses (it asks the same policy, html.SafeURL)
		}
		all := strings.Join(strings.Fields(everyText(t, o.Data)), " ")
		if !strings.Contains(all, "https://www.nhs.uk/good-place") {
			t.Errorf("%s: the good link is missing", o.Format.Name)
		}
		for i, u := range badLinks {
			// the text stays, the address never becomes a link target
			if !strings.Contains(all, "bad link "+string(rune('a'+i))) && o.Format.Name != "pdf" && o.Format.Name != "large-print" {
				t.Errorf("%s: the text of %q was lost", o.Format.Name, u)
			}
			for _, needle := range []string{"evil.example", "javascript", "onclick", "not an address", "files.example.org"} {
				if strings.Contains(u, needle) && strings.Contains(all, needle) {
					t.Errorf("%s: %q was written (%s)", o.Format.Name, u, needle)
				}
			}
		}
		// an empty address, as an attribute value (HTML, EPUB, Word) or a PDF string
		empty := false
		for _, u := range []string{"mailto:", "https://"} {
			for _, f := range []string{`href="%s"`, `Target="%s"`, `(%s)`} {
				empty = empty || strings.Contains(all, strings.Replace(f, "%s", u, 1))
			}
		}
		if empty {
			t.Errorf("%s: an empty mailto: or https:// was written as a link", o.Format.Name)
		}
	}
}
