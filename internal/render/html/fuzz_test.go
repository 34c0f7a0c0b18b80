package html

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/testutil"
)

// FuzzPage loads arbitrary Markdown and renders it: no panic, no script
// element, and the XHTML form always well-formed XML.
func FuzzPage(f *testing.F) {
	path := testutil.CasePath(f, "kitchen-sink")
	src, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(src)
	f.Add([]byte("---\ntitle: T\nlang: en\n---\n<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>\n"))
	f.Add([]byte("---\ntitle: T\nlang: cy\n---\n# A\n\n> [!TIP]\n> - [ ] x\n\n| a |\n|---|\n| b |\n\n[^n]\n\n[^n]: note\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, ds := content.Parse(path, src, content.Options{})
		if d == nil || ds.HasErrors() {
			return
		}
		for _, po := range []PageOptions{{}, {XHTML: true}} {
			var buf bytes.Buffer
			if err := Page(d, opts(), po, &buf); err != nil {
				continue // refused with an error: allowed
			}
			if strings.Contains(strings.ToLower(buf.String()), "<script") {
				t.Fatalf("script element in output")
			}
			if po.XHTML {
				dec := xml.NewDecoder(&buf)
				for {
					_, err := dec.Token()
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						t.Fatalf("XHTML not well-formed: %v", err)
					}
				}
			}
		}
	})
}
