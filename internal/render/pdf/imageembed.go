package pdf

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strconv"

	"github.com/altformats/altformats/internal/doc"
)

// imageRes is an image XObject, written the first time the image is drawn:
// images come out in the order the document first shows them, the same on
// every run.
type imageRes struct {
	name string // resource name
	nr   int
}

// addImage writes img as an image XObject.
func (p *pdfWriter) addImage(img *doc.Image) (*imageRes, error) {
	h := fnv.New64a()
	h.Write(img.Data)
	im := &imageRes{name: fmt.Sprintf("img%x", h.Sum64())}
	var err error
	if img.MediaType == "image/jpeg" {
		err = p.writeJPEG(im, img.Data)
	} else {
		err = p.writePNG(im, img.Data)
	}
	if err != nil {
		return nil, err
	}
	p.images = append(p.images, im)
	return im, nil
}

// writeJPEG passes the file through: PDF reads baseline and progressive
// JPEG itself (DCTDecode).
func (p *pdfWriter) writeJPEG(im *imageRes, data []byte) error {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return err
	}
	cs, extra := "/DeviceRGB", ""
	switch cfg.ColorModel {
	case color.GrayModel:
		cs = "/DeviceGray"
	case color.CMYKModel:
		// Adobe's CMYK JPEGs store inverted samples
		cs, extra = "/DeviceCMYK", "/Decode[1 0 1 0 1 0 1 0]"
	}
	im.nr = p.alloc()
	p.putStream(im.nr, imageDict(cfg.Width, cfg.Height, cs)+extra+"/Filter/DCTDecode", data, false)
	return nil
}

func imageDict(w, h int, cs string) string {
	return "/Type/XObject/Subtype/Image/Width " + strconv.Itoa(w) + "/Height " + strconv.Itoa(h) +
		"/ColorSpace" + cs + "/BitsPerComponent 8"
}

// writePNG decodes the image (any bit depth, palette or interlacing) to 8-bit
// grey or RGB samples, with the alpha channel, if any pixel is not opaque, as
// a soft mask.
func (p *pdfWriter) writePNG(im *imageRes, data []byte) error {
	src, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return err
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	grey := false
	switch src.ColorModel() {
	case color.GrayModel, color.Gray16Model:
		grey = true
	}
	n := 3
	if grey {
		n = 1
	}
	samples := make([]byte, 0, w*h*n)
	var alpha []byte
	opaque := true
	// the usual decoded types are read straight from their pixels (At and a
	// colour conversion per pixel cost a tenth of a second a megapixel)
	at := func(x, y int) color.NRGBA { return color.NRGBAModel.Convert(src.At(x, y)).(color.NRGBA) }
	switch im := src.(type) {
	case *image.NRGBA:
		at = func(x, y int) color.NRGBA {
			i := im.PixOffset(x, y)
			return color.NRGBA{im.Pix[i], im.Pix[i+1], im.Pix[i+2], im.Pix[i+3]}
		}
	case *image.RGBA:
		at = func(x, y int) color.NRGBA {
			i := im.PixOffset(x, y)
			if im.Pix[i+3] == 255 {
				return color.NRGBA{im.Pix[i], im.Pix[i+1], im.Pix[i+2], 255}
			}
			return color.NRGBAModel.Convert(im.RGBAAt(x, y)).(color.NRGBA)
		}
	case *image.Gray:
		at = func(x, y int) color.NRGBA {
			v := im.Pix[im.PixOffset(x, y)]
			return color.NRGBA{v, v, v, 255}
		}
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := at(x, y)
			if grey {
				samples = append(samples, c.R)
			} else {
				samples = append(samples, c.R, c.G, c.B)
			}
			if c.A != 255 && opaque {
				opaque = false
				alpha = make([]byte, (y-b.Min.Y)*w+(x-b.Min.X), w*h)
				for i := range alpha {
					alpha[i] = 255
				}
			}
			if !opaque {
				alpha = append(alpha, c.A)
			}
		}
	}
	smask := 0
	if !opaque {
		smask = p.alloc()
		p.putStream(smask, imageDict(w, h, "/DeviceGray"), alpha, true)
	}
	cs := "/DeviceRGB"
	if grey {
		cs = "/DeviceGray"
	}
	d := imageDict(w, h, cs)
	if smask > 0 {
		d += "/SMask " + strconv.Itoa(smask) + " 0 R"
	}
	im.nr = p.alloc()
	p.putStream(im.nr, d, samples, true)
	return nil
}

// image paints im over the box with its top-left corner at (x, y).
func (p *pdfWriter) image(im *imageRes, x, y, w, h float64) {
	b := append(p.cur.data, "q "...)
	b = appendNum(b, w)
	b = append(b, " 0 0 "...)
	b = appendNum(b, h)
	b = append(b, ' ')
	b = appendNum(b, x)
	b = append(b, ' ')
	b = appendNum(b, p.ph-(y+h))
	b = append(b, " cm /"...)
	b = append(b, im.name...)
	p.cur.data = append(b, " Do Q\n"...)
}
