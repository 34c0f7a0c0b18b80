package content

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	_ "image/jpeg" // register decoders for DecodeConfig
	_ "image/png"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"
	"syscall"
	"unicode"

	"github.com/altformats/altformats/internal/doc"
	"github.com/yuin/goldmark/ast"
)

type imageFile struct {
	data  []byte
	media string
	w, h  int
	diag  *doc.Diagnostic
}

// image resolves, reads and sniffs a local image. Images must be PNG or JPEG
// files inside the content root; anything else is an error at the image.
func (c *converter) image(n *ast.Image, p doc.Pos, depth int) *doc.Image {
	alt := doc.PlainText(c.inlines(n, depth+1))
	return c.localImage(p, decodeText(n.Destination), alt, decodeText(n.Title))
}

// localImage applies the image policy to an image written in Markdown or in
// raw HTML (<img src alt title>).
func (c *converter) localImage(p doc.Pos, src, alt, title string) *doc.Image {
	img := &doc.Image{
		Pos:   p,
		Src:   src,
		Alt:   strings.TrimSpace(alt),
		Title: strings.TrimSpace(title),
	}
	if strings.EqualFold(img.Title, "decorative") {
		img.Decorative, img.Title = true, ""
	}
	src = strings.TrimSpace(img.Src)
	lower := strings.ToLower(src)
	switch {
	case src == "":
		c.errorf(p, "IMG-MISSING", "write the image's file name between the brackets: ![alt](file.png)", "image has no path")
		return nil
	case strings.HasPrefix(lower, "http:") || strings.HasPrefix(lower, "https:") || strings.HasPrefix(lower, "//") || strings.HasPrefix(lower, "ftp:"):
		c.errorf(p, "IMG-REMOTE", "download the image into the content folder and refer to it by relative path",
			"remote image %q: outputs must be self-contained and the tool makes no network request", src)
		return nil
	case strings.HasPrefix(lower, "data:"):
		c.errorf(p, "IMG-DATA", "save the image as a PNG or JPEG file next to the document", "data: URL images are not accepted")
		return nil
	}
	if i := strings.IndexByte(src, ':'); i > 1 && !strings.ContainsAny(src[:i], "/\\") {
		c.errorf(p, "IMG-REMOTE", "refer to a local PNG or JPEG file by relative path", "image URL scheme %q is not allowed", src[:i])
		return nil
	}
	if q := strings.IndexAny(src, "?#"); q >= 0 {
		src = src[:q]
	}
	if u, err := url.PathUnescape(src); err == nil {
		src = u
	}
	if strings.IndexFunc(src, unicode.IsControl) >= 0 {
		c.errorf(p, "IMG-PATH", "write the image's file name without control characters (a %00 in the path is a NUL)",
			"image path %q contains a control character", src)
		return nil
	}
	if filepath.IsAbs(src) || strings.HasPrefix(src, "/") || strings.HasPrefix(src, `\`) {
		c.errorf(p, "IMG-PATH", "use a path relative to the document, inside the content folder",
			"image path %q is absolute", img.Src)
		return nil
	}
	f := c.readImage(src, p)
	if f.diag != nil {
		d := *f.diag
		d.Pos = p
		*c.ds = append(*c.ds, &d)
		return nil
	}
	img.Data, img.MediaType, img.Width, img.Height = f.data, f.media, f.w, f.h
	return img
}

func (c *converter) readImage(src string, p doc.Pos) imageFile {
	if c.images == nil {
		c.images = map[string]imageFile{}
	}
	key := filepath.Clean(filepath.FromSlash(src)) // "./a.png" and "a.png" are one file, counted once
	if f, ok := c.images[key]; ok {
		return f
	}
	f := c.loadImage(src)
	if n := int64(len(f.data)); f.diag == nil && c.imageBytes+n > doc.MaxImagesBytes {
		// Refused, so the model does not hold it and it is not counted.
		f = imageFile{diag: doc.Errorf(doc.Pos{}, "LIMIT-IMAGES-TOTAL", "make the images smaller (resize or compress them), or split the document",
			"image %q brings the document's images to %.1f MB; the limit is %d MB for all of them together",
			src, float64(c.imageBytes+n)/(1<<20), doc.MaxImagesBytes>>20)}
	} else {
		c.imageBytes += n
	}
	c.images[key] = f
	return f
}

func (c *converter) loadImage(src string) imageFile {
	fail := func(code, hint, format string, args ...any) imageFile {
		return imageFile{diag: doc.Errorf(doc.Pos{}, code, hint, format, args...)}
	}
	root := c.opt.Root
	if root == "" {
		root = c.dir
	}
	full := filepath.Join(c.dir, filepath.FromSlash(src))
	if !within(root, full) {
		return fail("IMG-PATH", "keep images inside the content folder ("+root+")",
			"image path %q leads outside the content folder", src)
	}
	var data []byte
	var err error
	if c.opt.ReadFile != nil {
		data, err = c.opt.ReadFile(full)
	} else {
		// Symlinks must not lead out of the content folder either.
		if !confined(root, full) {
			return fail("IMG-PATH", "copy the image into the content folder instead of linking to it",
				"image %q is a symbolic link that leads outside the content folder", src)
		}
		data, err = readRegular(full, doc.MaxImageBytes)
	}
	var big errTooBig
	var special errNotRegular
	switch {
	case errors.As(err, &big):
		return fail("LIMIT-IMAGE", "resize or compress the image",
			"image %q is %d MB; the limit is %d MB", src, big.Size>>20, doc.MaxImageBytes>>20)
	case errors.As(err, &special) && special.Mode.IsDir():
		return fail("IMG-TYPE", "point at a PNG or JPEG file", "image path %q is a folder", src)
	case errors.As(err, &special):
		return fail("IMG-TYPE", "point at a PNG or JPEG file", "image %q %v", src, special)
	case errors.Is(err, fs.ErrNotExist):
		return fail("IMG-MISSING", "check the file name and that the image is saved next to the document",
			"image file %q not found", src)
	case errors.Is(err, syscall.ELOOP):
		return fail("IMG-READ", "point the link at a real image file", "image %q is a symbolic link that loops", src)
	case errors.Is(err, fs.ErrPermission):
		return fail("IMG-READ", "check the file's permissions", "cannot read image %q: permission denied", src)
	case err != nil:
		return fail("IMG-READ", "check that the image is an ordinary, readable file", "cannot read image %q: %v", src, pathless(err))
	}
	if len(data) > doc.MaxImageBytes {
		return fail("LIMIT-IMAGE", "resize or compress the image",
			"image %q is %d MB; the limit is %d MB", src, len(data)>>20, doc.MaxImageBytes>>20)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		return fail("IMG-TYPE", "save the image as PNG or JPEG",
			"%q is not a PNG or JPEG image", src)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > doc.MaxImagePixels {
		return fail("LIMIT-IMAGE", "resize the image to at most 50 megapixels",
			"image %q is %d×%d pixels; the limit is 50 megapixels", src, cfg.Width, cfg.Height)
	}
	if mem := decodedBytes(cfg); mem > doc.MaxImageMemory {
		return fail("LIMIT-IMAGE-MEMORY", "save the image smaller, or as an 8-bit PNG or a JPEG",
			"image %q needs %d MB of memory once decoded (%d×%d pixels, %d bytes each); the limit is %d MB",
			src, mem>>20, cfg.Width, cfg.Height, mem/(int64(cfg.Width)*int64(cfg.Height)), doc.MaxImageMemory>>20)
	}
	// Decode fully once: a truncated or corrupt file must fail here, with a
	// position, not inside a writer.
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return fail("IMG-TYPE", "re-export the image; the file is damaged", "image %q cannot be decoded: %v", src, err)
	}
	return imageFile{data: data, media: "image/" + format, w: cfg.Width, h: cfg.Height}
}

// within reports whether path is root or inside it, lexically.
func within(root, path string) bool {
	r, err1 := filepath.Abs(root)
	p, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(r, p)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}

// decodedBytes is the memory image.Decode takes for the pixels, by the
// colour model the decoder will use (a 16-bit PNG takes 8 bytes a pixel, so
// a small file can need gigabytes).
func decodedBytes(cfg image.Config) int64 {
	bpp := int64(4)
	switch cfg.ColorModel {
	case color.GrayModel, color.AlphaModel:
		bpp = 1
	case color.Gray16Model, color.Alpha16Model:
		bpp = 2
	case color.YCbCrModel:
		bpp = 3
	case color.RGBA64Model, color.NRGBA64Model:
		bpp = 8
	default:
		if _, ok := cfg.ColorModel.(color.Palette); ok {
			bpp = 1
		}
	}
	return int64(cfg.Width) * int64(cfg.Height) * bpp
}

// pathless is err without the path an *fs.PathError repeats: the message
// already names the file, quoted.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
