package txt

import (
	"bytes"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/testutil"
)

// FuzzRender loads arbitrary Markdown and writes it as text: no panic, and
// the output is valid UTF-8 without control characters.
func FuzzRender(f *testing.F) {
	path := testutil.CasePath(f, "kitchen-sink")
	src, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(src)
	f.Add([]byte("---\ntitle: T\nlang: en\n---\n| a | b |\n|---|---|\n| " + string(bytes.Repeat([]byte("long "), 40)) + " | x |\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, ds := content.Parse(path, src, content.Options{})
		if d == nil || ds.HasErrors() {
			return
		}
		var buf bytes.Buffer
		if err := Render(d, opts(), &buf); err != nil {
			return
		}
		if !utf8.Valid(buf.Bytes()) {
			t.Fatal("output is not UTF-8")
		}
		for _, c := range buf.Bytes() {
			if c < 0x20 && c != '\n' {
				t.Fatalf("control character %#x in output", c)
			}
		}
	})
}
