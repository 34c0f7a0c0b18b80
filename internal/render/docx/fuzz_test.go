package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/render/docx"
	"github.com/altformats/altformats/internal/testutil"
)

// FuzzDOCX loads arbitrary Markdown (seeded from our cases, content/, the
// real corpus, pandoc's test suite and every CommonMark example) and writes
// it as Word whenever the loader accepts it: never a panic or a hang, and
// the package must open as a zip whose XML parts are all well-formed (Word
// refuses the whole file over one bad part).
func FuzzDOCX(f *testing.F) {
	for _, s := range testutil.FuzzSeeds(f) {
		f.Add(s)
	}
	img := testutil.FuzzImage(f)
	opt := render.Options{Theme: render.DefaultTheme(), Modified: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Generator: "fuzz"}
	f.Fuzz(func(t *testing.T, src []byte) {
		d, ds := content.Parse("/fuzz/doc.md", src, content.Options{Root: "/fuzz", DefaultLang: "en-GB",
			ReadFile: func(string) ([]byte, error) { return img, nil }})
		if d == nil || ds.HasErrors() {
			return
		}
		var buf bytes.Buffer
		if err := docx.Render(d, opt, &buf); err != nil {
			return
		}
		checkZipXML(t, buf.Bytes(), func(name string) bool {
			return strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels")
		})
	})
}

func checkZipXML(t *testing.T, data []byte, isXML func(string) bool) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatalf("%s: %v", zf.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", zf.Name, err)
		}
		if !isXML(zf.Name) {
			continue
		}
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", zf.Name, err)
			}
		}
	}
}
