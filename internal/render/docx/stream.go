package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"time"

	"github.com/gomutex/godocx/common/constants"
)

// docStream is word/document.xml as the body is written: each top-level
// block becomes XML and is compressed as soon as it ends (flush), so the
// writer holds the compressed part rather than the tree of the whole body
// (at seed × 1000, about 80 MiB of nodes for a 0.4 MB part). The part is
// compressed as archive/zip compresses an entry (deflate, level 5, fed the
// same bytes), so the package is byte-for-byte what writing the part in one
// piece gives.
type docStream struct {
	buf bytes.Buffer // XML not yet compressed
	x   *xw
	z   *flate.Writer
	out bytes.Buffer // the compressed part
	crc hash.Hash32
	n   uint64
}

func newDocStream() (*docStream, error) {
	s := &docStream{crc: crc32.NewIEEE()}
	z, err := flate.NewWriter(&s.out, 5) // archive/zip's level (register.go)
	if err != nil {
		return nil, err
	}
	s.z = z
	s.x = &xw{b: &s.buf, enc: xml.NewEncoder(&s.buf)}
	s.buf.Write(constants.XMLHeader)
	s.x.start("w:document", documentAttrs)
	s.buf.WriteByte('>')
	s.x.start("w:body", nil)
	s.buf.WriteByte('>')
	return s, nil
}

// documentAttrs are document.xml's root attributes: the namespaces godocx
// writes.
var documentAttrs = []string{"xmlns:w", nsW, "xmlns:o", "urn:schemas-microsoft-com:office:office", "xmlns:r", nsR,
	"xmlns:v", "urn:schemas-microsoft-com:vml", "xmlns:w10", "urn:schemas-microsoft-com:office:word", "xmlns:wp", nsWP,
	"xmlns:wps", "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
	"xmlns:wpg", "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
	"xmlns:mc", "http://schemas.openxmlformats.org/markup-compatibility/2006",
	"xmlns:wp14", "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
	"xmlns:w14", "http://schemas.microsoft.com/office/word/2010/wordml",
	"xmlns:w15", "http://schemas.microsoft.com/office/word/2012/wordml",
	"mc:Ignorable", "w14 wp14 w15"}

// flush writes the body's finished blocks into the part and lets them go.
func (s *docStream) flush(body *[]node) error {
	for i, n := range *body {
		if err := n.writeTo(s.x); err != nil {
			return err
		}
		(*body)[i] = nil
	}
	*body = (*body)[:0]
	return s.compress()
}

func (s *docStream) compress() error {
	b := s.buf.Bytes()
	s.crc.Write(b)
	s.n += uint64(len(b))
	_, err := s.z.Write(b)
	s.buf.Reset()
	return err
}

// close ends the body with its section properties and the part.
func (s *docStream) close(body *[]node, section node) error {
	*body = append(*body, section)
	if err := s.flush(body); err != nil {
		return err
	}
	s.x.end("w:body")
	s.x.end("w:document")
	if err := s.compress(); err != nil {
		return err
	}
	return s.z.Close()
}

// writeEntry writes the part into zw as the entry name, with the header
// archive/zip's CreateHeader gives a deflated entry dated modified (it is
// made by CreateHeader itself, on a writer that is thrown away), then the
// compressed bytes as they are.
func (s *docStream) writeEntry(zw *zip.Writer, name string, modified time.Time) error {
	fh := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified}
	if _, err := zip.NewWriter(io.Discard).CreateHeader(fh); err != nil {
		return err
	}
	fh.CRC32 = s.crc.Sum32()
	fh.CompressedSize64 = uint64(s.out.Len())
	fh.UncompressedSize64 = s.n
	if fh.CompressedSize64 >= math.MaxUint32 || fh.UncompressedSize64 >= math.MaxUint32 {
		fh.ReaderVersion = 45 // zip64, as archive/zip marks it
	}
	f, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	_, err = f.Write(s.out.Bytes())
	return err
}
