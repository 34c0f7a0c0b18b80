package html

import (
	"github.com/altformats/altformats/internal/doc"
)

// stressDoc has the shapes the cases lack: Welsh, duplicate and missing
// heading ids, a link and a note inside a heading, a note cited twice, a
// footnote ending in a list, a table without a caption and with row headers,
// an alert opening with a list, an ordered task list, an image inside a link,
// a language change to a right-to-left script and a control character.
func stressDoc() *doc.Document {
	p := func(ins ...doc.Inline) *doc.Paragraph { return &doc.Paragraph{Inlines: ins} }
	png := &doc.Image{Src: "x.png", Alt: "Logo y GIG", MediaType: "image/png", Width: 1, Height: 1,
		Data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82")}
	item := func(task, checked bool, s string) *doc.ListItem {
		return &doc.ListItem{Task: task, Checked: checked, Blocks: []doc.Block{p(text(s))}}
	}
	cell := func(header bool, s string) *doc.TableCell {
		return &doc.TableCell{Header: header, Inlines: []doc.Inline{text(s)}}
	}
	d := &doc.Document{
		Meta: doc.Meta{Title: "Dogfen brawf", Lang: "cy", Slug: "prawf", Date: "2026-01-31", Publisher: "GIG Cymru"},
		Blocks: []doc.Block{
			&doc.Heading{Level: 2, ID: "adran", Inlines: []doc.Inline{text("Adran "),
				&doc.Link{URL: "https://example.org/", Children: []doc.Inline{text("gyda dolen")}},
				&doc.FootnoteRef{N: 1}}},
			p(text("Testun\x01 gyda nodyn"), &doc.FootnoteRef{N: 1}, text(" ddwywaith"), &doc.FootnoteRef{N: 2}, text(". "),
				&doc.Span{Lang: "ar", Children: []doc.Inline{text("مرحبا")}}, text(" "),
				&doc.Link{URL: "https://example.org/logo", Children: []doc.Inline{png}}),
			&doc.Heading{Level: 2, ID: "adran", Inlines: []doc.Inline{text("Adran arall")}},
			&doc.Heading{Level: 3, ID: "", Inlines: []doc.Inline{text("Is-adran")}},
			&doc.Alert{Kind: doc.AlertTip, Blocks: []doc.Block{&doc.List{Tight: true, Items: []*doc.ListItem{item(false, false, "un")}}}},
			&doc.List{Ordered: true, Start: 1, Tight: true, Items: []*doc.ListItem{item(true, true, "wedi"), item(true, false, "heb")}},
			&doc.Table{Cols: 2,
				Head: []*doc.TableRow{{Cells: []*doc.TableCell{cell(true, "Enw"), cell(true, "Nifer")}}},
				Body: []*doc.TableRow{{Cells: []*doc.TableCell{cell(true, "Caerdydd"), cell(false, "3")}}}},
			&doc.DefinitionList{Items: []*doc.DefinitionItem{{Term: []doc.Inline{text("GIG")},
				Defs: [][]doc.Block{{p(text("Gwasanaeth Iechyd Gwladol")), p(text("Ail baragraff"))}}}}},
		},
		Footnotes: []*doc.Footnote{
			{N: 1, Blocks: []doc.Block{p(text("Nodyn un."))}},
			{N: 2, Blocks: []doc.Block{&doc.List{Tight: true, Items: []*doc.ListItem{item(false, false, "rhestr")}}}},
		},
	}
	d.TitleInlines = []doc.Inline{text(d.Meta.Title)}
	return d
}
