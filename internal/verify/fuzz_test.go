package verify

import (
	"archive/zip"
	"bytes"
	"testing"
)

// FuzzFile: verify reads files anyone made, so no input may crash it,
// whatever its name says it is.
func FuzzFile(f *testing.F) {
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("mimetype")
	_, _ = w.Write([]byte("application/epub+zip"))
	w, _ = zw.Create("META-INF/container.xml")
	_, _ = w.Write([]byte(`<container><rootfiles><rootfile full-path="a.opf"/></rootfiles></container>`))
	w, _ = zw.Create("word/document.xml")
	_, _ = w.Write([]byte(`<w:document xmlns:w="x"><w:body><w:p/></w:body></w:document>`))
	_ = zw.Close()
	for _, s := range []struct{ name, data string }{
		{"a.pdf", "%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"},
		{"a.html", `<!DOCTYPE html><html lang="en"><title>t</title><main><h1>x</h1><img src=a><table><tr><td>1</table></main>`},
		{"a.epub", zb.String()},
		{"a.docx", zb.String()},
		{"a.txt", "plain\n"},
		{"a.brf", ",A\r\n\f"},
		{"a.pef", `<pef xmlns="http://www.daisy.org/ns/2008/pef"><body><volume><section><page><row>⠁</row></page></section></volume></body></pef>`},
	} {
		f.Add(s.name, []byte(s.data))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		r := File(name, data)
		if r == nil {
			t.Fatal("no result")
		}
	})
}

// FuzzParseXMLFast: the fast XML parser either declines or builds exactly
// the tree encoding/xml builds; it never accepts what encoding/xml refuses.
func FuzzParseXMLFast(f *testing.F) {
	for _, s := range xmlFastCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		compareXMLParsers(t, b)
	})
}
