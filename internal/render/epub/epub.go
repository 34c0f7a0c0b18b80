// Package epub writes an EPUB 3.3 publication: the HTML writer's page as one
// XHTML content document, a navigation document built from the headings,
// package metadata including EPUB Accessibility 1.1, the images as separate
// resources, all in a zip that is byte-identical for the same input.
package epub

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/zipdet"
)

// MediaType is the EPUB container's media type.
const MediaType = "application/epub+zip"

// Names inside the container. Everything the reading system shows sits in one
// folder so the content document can link "style.css" and "images/x.png".
const (
	dir         = "EPUB/"
	opfName     = "package.opf"
	navName     = "nav.xhtml"
	contentName = "content.xhtml"
	cssName     = "style.css"
)

// PageFunc writes the XHTML content document (a whole <html> element, with
// lang, linking style.css), pointing each image at imageURL(img).
type PageFunc func(d *doc.Document, opt render.Options, imageURL func(*doc.Image) string, w io.Writer) error

// Writer renders with a given page writer and stylesheet; Render uses the
// HTML writer's. Tests use it to check the container without the HTML writer.
type Writer struct {
	Page PageFunc
	CSS  func(*render.Theme) string
}

// image is one image resource of the container.
type image struct {
	name      string // "images/img-<hash>.png", relative to the content document
	mediaType string
	data      []byte
	id        string
}

// Render writes d as an EPUB using the HTML writer's XHTML page and stylesheet.
func Render(d *doc.Document, opt render.Options, w io.Writer) error {
	return htmlWriter.Render(d, opt, w)
}

// Render writes the EPUB zip to w.
func (wr Writer) Render(d *doc.Document, opt render.Options, w io.Writer) error {
	if err := wr.render(d, opt, w); err != nil {
		return render.Reported(opt, fmt.Errorf("render epub: %w", err))
	}
	return nil
}

func (wr Writer) render(d *doc.Document, opt render.Options, w io.Writer) error {
	if d == nil {
		return fmt.Errorf("no document")
	}
	if strings.TrimSpace(d.Meta.Title) == "" || strings.TrimSpace(d.Meta.Lang) == "" {
		return doc.Errorf(d.Meta.Pos, "META-REQUIRED", "add title: and lang: to the front matter",
			"an EPUB needs the document's title and language")
	}
	if opt.Theme == nil {
		opt.Theme = render.DefaultTheme()
	}
	images, byData, err := collectImages(d)
	if err != nil {
		return err
	}
	imageURL := func(img *doc.Image) string {
		if img == nil {
			return ""
		}
		return byData[imageKey(img)]
	}
	var content bytes.Buffer
	if err := wr.Page(d, opt, imageURL, &content); err != nil {
		return err
	}
	nav, err := navDocument(d)
	if err != nil {
		return err
	}
	opf, err := packageDocument(d, opt, images)
	if err != nil {
		return err
	}
	entries := []zipdet.Entry{
		{Name: "META-INF/container.xml", Data: []byte(containerXML)},
		{Name: dir + opfName, Data: opf},
		{Name: dir + navName, Data: nav},
		{Name: dir + contentName, Data: content.Bytes()},
		{Name: dir + cssName, Data: []byte(wr.CSS(opt.Theme) + epubCSS)},
	}
	for _, im := range images {
		entries = append(entries, zipdet.Entry{Name: dir + im.name, Data: im.data})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
	// OCF: the mimetype file comes first and is stored.
	entries = append([]zipdet.Entry{{Name: "mimetype", Data: []byte(MediaType), Store: true}}, entries...)
	return zipdet.Write(w, entries, zipTime(opt.Modified))
}

// epubCSS is added to the HTML stylesheet for the navigation document, which
// the HTML writer never produces.
const epubCSS = `
nav#toc ol { list-style: none; padding-left: 1.25em; }
nav#toc > ol { padding-left: 0; }
`

func zipTime(t time.Time) time.Time {
	if t.IsZero() {
		return zipdet.MinTime
	}
	return t
}

const containerXML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="` + dir + opfName + `" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`

// imageKey identifies an image by its bytes, so the same picture used twice is
// stored once and names never depend on source paths.
func imageKey(img *doc.Image) string {
	sum := sha256.Sum256(img.Data)
	return hex.EncodeToString(sum[:8])
}

var imageExt = map[string]string{
	"image/png":  ".png",
	"image/jpeg": ".jpg",
	"image/gif":  ".gif",
	"image/webp": ".webp",
}

func collectImages(d *doc.Document) ([]image, map[string]string, error) {
	var images []image
	byKey := map[string]string{}
	var err error
	doc.Walk(d, func(n any) bool {
		img, ok := n.(*doc.Image)
		if !ok || err != nil {
			return err == nil
		}
		ext, ok := imageExt[img.MediaType]
		if !ok || len(img.Data) == 0 {
			err = doc.Errorf(img.Pos, "EPUB-IMAGE", "use a PNG or JPEG image",
				"image %q has no data or an unsupported type %q", img.Src, img.MediaType)
			return false
		}
		k := imageKey(img)
		if _, seen := byKey[k]; seen {
			return true
		}
		name := "images/img-" + k + ext
		byKey[k] = name
		images = append(images, image{name: name, mediaType: img.MediaType, data: img.Data, id: "img-" + k})
		return true
	})
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(images, func(i, j int) bool { return images[i].name < images[j].name })
	return images, byKey, nil
}

// namespace is a fixed UUID for altformats publications: the version-5 UUID of
// the URL namespace and the project's address.
var namespace = uuid5([16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8},
	"https://github.com/altformats/altformats/epub")

// Identifier is the publication's stable dc:identifier: the same slug gives
// the same identifier on every build, so a reading system sees a new version
// of one book rather than a new book.
func Identifier(slug string) string {
	u := uuid5(namespace, slug)
	h := hex.EncodeToString(u[:])
	return "urn:uuid:" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// uuid5 is RFC 9562's name-based UUID with SHA-1.
func uuid5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}
