package epub

import (
	"archive/zip"
	"bytes"
	"fmt"
	"github.com/altformats/altformats/internal/testutil/goldenfile"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

var modified = time.Date(2026, 11, 20, 9, 15, 0, 0, time.UTC)

func opts() render.Options {
	return render.Options{Theme: render.DefaultTheme(), Modified: modified, Generator: "altformats test"}
}

// handDoc is a small document with the features the container cares about:
// nested and skipped headings, a language change in a heading, informative,
// repeated and decorative images.
func handDoc(t testing.TB) *doc.Document {
	t.Helper()
	png, err := os.ReadFile("../../testdata/cases/images/chart.png")
	if err != nil {
		t.Fatal(err)
	}
	div, err := os.ReadFile("../../testdata/cases/images/divider.png")
	if err != nil {
		t.Fatal(err)
	}
	txt := func(s string) []doc.Inline { return []doc.Inline{&doc.Text{Text: s}} }
	chart := &doc.Image{Src: "images/chart.png", Alt: "Bar chart: paramedics are the largest group", Data: png, MediaType: "image/png", Width: 10, Height: 10}
	return &doc.Document{
		Source: "hand.md",
		Meta: doc.Meta{Title: "Hand & made", Lang: "en-GB", Subtitle: "A test", Summary: "A <small> document.",
			Authors: []string{"Ada Lovelace", "Gwen Jones"}, Publisher: "NHS England", Date: "2026-03-01",
			Keywords: []string{"test", "epub"}, Licence: "OGL v3.0", Slug: "hand-made"},
		TitleInlines: txt("Hand & made"),
		Blocks: []doc.Block{
			&doc.Paragraph{Inlines: txt("Intro.")},
			&doc.Heading{Level: 2, ID: "lists", Inlines: txt("Lists")},
			&doc.Heading{Level: 3, ID: "nested", Inlines: []doc.Inline{&doc.Text{Text: "Nested "}, &doc.Span{Lang: "cy", Children: txt("Croeso")}, &doc.FootnoteRef{N: 1}}},
			&doc.Heading{Level: 5, ID: "skipped", Inlines: []doc.Inline{&doc.Emph{Children: txt("Skipped")}, &doc.Code{Text: " <level>"}}},
			&doc.Heading{Level: 2, ID: "images", Inlines: txt("Images")},
			&doc.Figure{Image: chart, Caption: txt("Staff by profession")},
			&doc.Paragraph{Inlines: []doc.Inline{&doc.Text{Text: "Again "}, &doc.Image{Src: "images/chart.png", Alt: "small chart", Data: png, MediaType: "image/png"}}},
			&doc.Figure{Image: &doc.Image{Src: "images/divider.png", Decorative: true, Data: div, MediaType: "image/png"}},
		},
		Footnotes: []*doc.Footnote{{N: 1, Blocks: []doc.Block{&doc.Paragraph{Inlines: txt("A note.")}}}},
	}
}

// standInPage is the smallest XHTML page that carries the ids and images the
// container refers to; the real page comes from the HTML writer.
func standInPage(d *doc.Document, opt render.Options, imageURL func(*doc.Image) string, w io.Writer) error {
	esc := func(s string) string { return text(s) }
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="%s" xml:lang="%s"><head><meta charset="UTF-8"/><title>%s</title><link rel="stylesheet" href="style.css"/></head><body><main><h1>%s</h1>
`, d.Meta.Lang, d.Meta.Lang, esc(d.Meta.Title), esc(d.Meta.Title))
	var err error
	doc.WalkBlocks(d.Blocks, func(n any) bool {
		switch n := n.(type) {
		case *doc.Heading:
			fmt.Fprintf(w, "<h%d id=\"%s\">%s</h%d>\n", n.Level, n.ID, esc(doc.PlainText(n.Inlines)), n.Level)
			return false
		case *doc.Image:
			alt := n.Alt
			if n.Decorative {
				alt = ""
			}
			if imageURL(n) == "" {
				err = fmt.Errorf("no URL for image %s", n.Src)
			}
			fmt.Fprintf(w, "<p><img src=\"%s\" alt=\"%s\"/></p>\n", imageURL(n), attr(alt))
		}
		return true
	})
	fmt.Fprint(w, "</main></body></html>\n")
	return err
}

var standIn = Writer{Page: standInPage, CSS: func(th *render.Theme) string { return "body { color: " + th.Colours.Text + "; }\n" }}

func renderBytes(t testing.TB, wr Writer, d *doc.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := wr.Render(d, opts(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func unzip(t testing.TB, b []byte) (*zip.Reader, map[string][]byte) {
	t.Helper()
	return testutil.Unzip(t, b)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

func TestContainerGolden(t *testing.T) {
	zr, files := unzip(t, renderBytes(t, standIn, handDoc(t)))
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	golden(t, "hand.entries.txt", []byte(strings.Join(names, "\n")+"\n"))
	golden(t, "hand.package.opf", files["EPUB/package.opf"])
	golden(t, "hand.nav.xhtml", files["EPUB/nav.xhtml"])
	if zr.File[0].Name != "mimetype" || zr.File[0].Method != zip.Store || string(files["mimetype"]) != MediaType {
		t.Errorf("first entry %q method %d", zr.File[0].Name, zr.File[0].Method)
	}
}

func TestIdenticalTwice(t *testing.T) {
	a := renderBytes(t, standIn, handDoc(t))
	b := renderBytes(t, standIn, handDoc(t))
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same document differ")
	}
}

func TestIdentifierStable(t *testing.T) {
	a, b := Identifier("ahp-mental-health"), Identifier("ahp-mental-health")
	if a != b || a == Identifier("kitchen-sink") || !strings.HasPrefix(a, "urn:uuid:") || len(a) != 45 || a[23] != '5' {
		t.Errorf("identifiers: %s %s %s", a, b, Identifier("kitchen-sink"))
	}
}

func TestAccessibilityMetadataFollowsImages(t *testing.T) {
	d := handDoc(t)
	d.Blocks = d.Blocks[:5] // no images
	_, files := unzip(t, renderBytes(t, standIn, d))
	opf := string(files["EPUB/package.opf"])
	for _, bad := range []string{">visual<", "alternativeText", "textual,visual"} {
		if strings.Contains(opf, bad) {
			t.Errorf("text-only document claims %q", bad)
		}
	}
	d = handDoc(t)
	d.Blocks[5].(*doc.Figure).Image.Alt = ""
	_, files = unzip(t, renderBytes(t, standIn, d))
	opf = string(files["EPUB/package.opf"])
	for _, bad := range []string{"alternativeText", "conformsTo", `accessModeSufficient">textual<`} {
		if strings.Contains(opf, bad) {
			t.Errorf("document with an undescribed image claims %q", bad)
		}
	}
}

func TestBadInputIsAnError(t *testing.T) {
	d := handDoc(t)
	d.Meta.Lang = ""
	if err := standIn.Render(d, opts(), io.Discard); err == nil {
		t.Error("missing lang accepted")
	}
	d = handDoc(t)
	d.Blocks[5].(*doc.Figure).Image.MediaType = "image/tiff"
	if err := standIn.Render(d, opts(), io.Discard); err == nil {
		t.Error("TIFF image accepted")
	}
	d = handDoc(t)
	d.Meta.Title = "Bad \x01 title \xff"
	_, files := unzip(t, renderBytes(t, standIn, d))
	if bytes.ContainsAny(files["EPUB/package.opf"], "\x01") {
		t.Error("control character written into the package document")
	}
}

func TestEPUBCheckStandIn(t *testing.T) {
	if msgs := testutil.EPUBCheck(t, writeTemp(t, "hand.epub", renderBytes(t, standIn, handDoc(t)))); len(msgs) > 0 {
		t.Errorf("epubcheck:\n%s", strings.Join(msgs, "\n"))
	}
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// realCases are the documents every validator must pass on, rendered with
// the HTML writer's page.
func realCases(t *testing.T) map[string]*doc.Document { return testutil.Cases(t) }

func TestEPUBCheck(t *testing.T) {
	for name, d := range realCases(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(d, opts(), &buf); err != nil {
				t.Fatal(err)
			}
			if msgs := testutil.EPUBCheck(t, writeTemp(t, name+".epub", buf.Bytes())); len(msgs) > 0 {
				t.Errorf("epubcheck:\n%s", strings.Join(msgs, "\n"))
			}
		})
	}
}

func TestAce(t *testing.T) {
	for name, d := range realCases(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(d, opts(), &buf); err != nil {
				t.Fatal(err)
			}
			if msgs := testutil.Ace(t, writeTemp(t, name+".epub", buf.Bytes())); len(msgs) > 0 {
				t.Errorf("Ace serious or critical violations:\n%s", strings.Join(msgs, "\n"))
			}
		})
	}
}

// TestNavMatchesContent checks every contents entry points at an id the
// HTML writer's page really has.
func TestNavMatchesContent(t *testing.T) {
	for name, d := range realCases(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(d, opts(), &buf); err != nil {
				t.Fatal(err)
			}
			_, files := unzip(t, buf.Bytes())
			nav, content := string(files["EPUB/nav.xhtml"]), string(files["EPUB/content.xhtml"])
			n := 0
			for _, part := range strings.Split(nav, `href="content.xhtml#`)[1:] {
				id := part[:strings.IndexByte(part, '"')]
				n++
				if !strings.Contains(content, `id="`+id+`"`) {
					t.Errorf("nav links to #%s, which content.xhtml lacks", id)
				}
			}
			if n == 0 {
				t.Error("nav has no heading entries")
			}
		})
	}
}

func TestKitchenSinkGolden(t *testing.T) {
	d := testutil.LoadCase(t, "kitchen-sink")
	var a, b bytes.Buffer
	if err := Render(d, opts(), &a); err != nil {
		t.Fatal(err)
	}
	if err := Render(d, opts(), &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renders of the kitchen sink differ")
	}
	_, files := unzip(t, a.Bytes())
	golden(t, "kitchen-sink.package.opf", files["EPUB/package.opf"])
	golden(t, "kitchen-sink.nav.xhtml", files["EPUB/nav.xhtml"])
}
