package content

import (
	"bytes"
	"image"
	"image/png"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

// TestDeepNestingRefusedBeforeParsing feeds two thousand nested lists and
// quotes in the shapes people (and fuzzers) write them. goldmark's cost grows
// much faster than the depth (2,000 indented levels took 100 s), so without
// the pre-parse check this test runs into go test's timeout; with it, each
// case is refused in milliseconds with LIMIT-NESTING at the line where the
// depth passes the limit.
func TestDeepNestingRefusedBeforeParsing(t *testing.T) {
	const n = 2000 // the largest shape stays under doc.MaxSourceBytes
	shapes := map[string]func(i int) string{
		"indented bullets":       func(i int) string { return strings.Repeat("  ", i) + "- item" },
		"indented numbers":       func(i int) string { return strings.Repeat("   ", i) + "1. item" },
		"tab-indented bullets":   func(i int) string { return strings.Repeat("\t", i) + "- item" },
		"bullet markers on line": func(i int) string { return strings.Repeat("- ", i) + "item" },
		"quotes then bullet":     func(i int) string { return strings.Repeat("> ", i) + "- item" },
		"quote markers":          func(i int) string { return strings.Repeat(">", i) + " para" },
	}
	for name, line := range shapes {
		t.Run(name, func(t *testing.T) {
			var sb strings.Builder
			sb.WriteString(fm)
			for i := 0; i < n; i++ {
				sb.WriteString(line(i) + "\n")
			}
			_, ds := Parse("deep.md", []byte(sb.String()), Options{})
			var hit bool
			for _, d := range ds {
				if d.Code == "LIMIT-NESTING" {
					hit = true
					if d.Pos.Line < 5 || d.Pos.Line > 5+2*doc.MaxNesting {
						t.Errorf("reported at line %d, want where the depth passes %d", d.Pos.Line, doc.MaxNesting)
					}
				}
			}
			if !hit {
				t.Fatalf("no LIMIT-NESTING for %d levels: %v", n, ds)
			}
		})
	}
}

// TestIndentedCodeIsNotNesting guards the pre-parse check against refusing
// ordinary documents: deep indentation inside code is not nesting.
func TestIndentedCodeIsNotNesting(t *testing.T) {
	src := fm + "- item\n\n  ```\n" + strings.Repeat(" ", 120) + "deeply indented code\n  ```\n\n" +
		"```yaml\n" + strings.Repeat(" ", 100) + "- key: value\n```\n"
	_, ds := Parse("code.md", []byte(src), Options{})
	for _, d := range ds {
		if d.Code == "LIMIT-NESTING" {
			t.Fatalf("indented code refused as nesting: %v", d)
		}
	}
}

// TestImagesTotalLimit: a document's distinct image files together are
// bounded (doc.MaxImagesBytes), each counted once however often it is
// used, and the image that passes the limit is refused at its own line,
// while a smaller one after it still fits.
func TestImagesTotalLimit(t *testing.T) {
	padded := func(size int) []byte { return paddedPNG(t, size) }
	big := int(doc.MaxImagesBytes) * 3 / 8 // two fit, a third does not
	files := map[string][]byte{"a.png": padded(big), "b.png": padded(big), "c.png": padded(big), "d.png": padded(1 << 20)}
	read := func(path string) ([]byte, error) {
		if b, ok := files[filepath.Base(path)]; ok {
			return b, nil
		}
		return nil, fs.ErrNotExist
	}
	src := fm + "![A](a.png)\n\n![B](b.png)\n\n![A again](./a.png)\n\n![C](c.png)\n\n![D](d.png)\n"
	d, ds := Parse(filepath.Join(t.TempDir(), "images.md"), []byte(src), Options{ReadFile: read})
	var hits []doc.Diagnostic
	for _, x := range ds {
		if x.Code == "LIMIT-IMAGES-TOTAL" {
			hits = append(hits, *x)
		} else if x.Severity == doc.Error {
			t.Errorf("unexpected error: %v", x)
		}
	}
	if len(hits) != 1 || !strings.Contains(hits[0].Message, `"c.png"`) || hits[0].Pos.Line != strings.Count(fm, "\n")+7 {
		t.Fatalf("want one LIMIT-IMAGES-TOTAL at c.png's line %d, got %v", strings.Count(fm, "\n")+7, hits)
	}
	var kept []string
	doc.Walk(d, func(x any) bool {
		if img, ok := x.(*doc.Image); ok && img.Data != nil {
			kept = append(kept, img.Alt)
		}
		return true
	})
	if got := strings.Join(kept, ","); got != "A,B,A again,D" {
		t.Errorf("images with data %q, want A,B,A again,D", got)
	}
}

// paddedPNG is a valid 4×4 PNG of size bytes: a PNG decoder stops at IEND,
// so zeros after it make a file of any size that still decodes.
func paddedPNG(t *testing.T, size int) []byte {
	t.Helper()
	var small bytes.Buffer
	if err := png.Encode(&small, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, max(size, small.Len()))
	copy(b, small.Bytes())
	return b
}
