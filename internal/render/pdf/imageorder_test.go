package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

// pngOf is a w×h PNG of one colour; alpha < 255 gives it a soft mask
// object, paletted an indexed colour space with a palette object.
func pngOf(t *testing.T, w, h int, c color.NRGBA, paletted bool) []byte {
	var img image.Image
	if paletted {
		p := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{c, color.Black})
		img = p
	} else {
		m := image.NewNRGBA(image.Rect(0, 0, w, h))
		for i := 0; i < len(m.Pix); i += 4 {
			m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = c.R, c.G, c.B, c.A
		}
		img = m
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestImagesGiveTheSameBytes: images are written in the order the document
// first shows them (fpdf wrote them in map order, so a document with two or
// more images gave different PDF bytes from run to run); opaque, soft-masked
// and paletted PNGs together.
func TestImagesGiveTheSameBytes(t *testing.T) {
	p := doc.Pos{File: "x.md", Line: 5, Col: 1}
	var blocks []doc.Block
	for i, c := range []struct {
		col      color.NRGBA
		paletted bool
	}{
		{color.NRGBA{200, 0, 0, 255}, false}, {color.NRGBA{0, 200, 0, 128}, false}, {color.NRGBA{0, 0, 200, 255}, true},
		{color.NRGBA{90, 90, 0, 255}, false}, {color.NRGBA{0, 90, 90, 60}, false}, {color.NRGBA{90, 0, 90, 255}, true},
	} {
		data := pngOf(t, 40, 30, c.col, c.paletted)
		img := &doc.Image{Pos: p, Src: "x.png", Alt: "picture " + string(rune('A'+i)), Data: data,
			MediaType: "image/png", Width: 40, Height: 30}
		blocks = append(blocks, &doc.Figure{Pos: p, Image: img})
	}
	d := &doc.Document{
		Source: "x.md", Meta: doc.Meta{Title: "Pictures", Lang: "en-GB", Slug: "x"},
		TitleInlines: []doc.Inline{&doc.Text{Pos: p, Text: "Pictures"}}, Blocks: blocks,
	}
	first, _ := renderDoc(t, d, false)
	for i := 0; i < 12; i++ {
		again, _ := renderDoc(t, d, false)
		if !bytes.Equal(first, again) {
			t.Fatalf("render %d differs from the first", i+2)
		}
	}
}
