package epub

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/render"
)

// FuzzRender loads arbitrary Markdown and writes it as an EPUB: no panic on
// any input, and whenever it renders, the package and navigation documents
// are well-formed XML.
func FuzzRender(f *testing.F) {
	cases, _ := filepath.Glob("../../testdata/cases/*.md")
	for _, c := range cases {
		if b, err := os.ReadFile(c); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("---\ntitle: T\nlang: cy\n---\n# A [b]{lang=en} `c` <x>\n\n###### deep\n\n## &amp;\n"))
	dir, _ := filepath.Abs("../../testdata/cases")
	f.Fuzz(func(t *testing.T, src []byte) {
		d, ds := content.Parse(filepath.Join(dir, "fuzz.md"), src, content.Options{Root: dir})
		if d == nil || ds.HasErrors() {
			return
		}
		var buf strings.Builder
		if err := Render(d, render.Options{Modified: modified}, &buf); err != nil {
			return
		}
		_, files := unzip(t, []byte(buf.String()))
		for _, name := range []string{"EPUB/package.opf", "EPUB/nav.xhtml"} {
			dec := xml.NewDecoder(strings.NewReader(string(files[name])))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s is not well-formed: %v\n%s", name, err, files[name])
				}
			}
		}
	})
}
