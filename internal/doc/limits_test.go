package doc

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// thousands writes n as README does: 150,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestReadmeQuotesLimits: README's Limits paragraph gives the values of the
// constants in limits.go, so changing a limit without the README fails.
func TestReadmeQuotesLimits(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "- **Limits**")
	if i < 0 {
		t.Fatal("README.md has no **Limits** paragraph")
	}
	para := s[i+2:]
	if j := strings.Index(para, "\n- "); j >= 0 {
		para = para[:j]
	}
	para = strings.Join(strings.Fields(para), " ")
	for _, want := range []string{
		fmt.Sprintf("a source file of at most %d MiB and %s lines", MaxSourceBytes>>20, thousands(MaxSourceLines)),
		fmt.Sprintf("nested at most %d deep", MaxNesting),
		fmt.Sprintf("at most %s footnotes and %s footnote references", thousands(MaxFootnotes), thousands(MaxFootnoteRefs)),
		fmt.Sprintf("at most %s characters that can mark", thousands(MaxInlineMarks)),
		fmt.Sprintf("at most %s table cells", thousands(MaxTableCells)),
		fmt.Sprintf("at most %s blocks", thousands(MaxBlocks)),
		fmt.Sprintf("a heading counts as %d", HeadingBlocks),
		fmt.Sprintf("a link or an image as %d", LinkBlocks),
		fmt.Sprintf("each distinct image file weighing one more per %d bytes", ImageBytesPerBlock),
		fmt.Sprintf("images of at most %d MiB, %d megapixels and %d MiB of decoded pixels",
			MaxImageBytes>>20, MaxImagePixels>>20, MaxImageMemory>>20),
		fmt.Sprintf("at most %d MiB of image files per document together", MaxImagesBytes>>20),
	} {
		if LinkBlocks != ImageBlocks {
			t.Errorf("README gives links and images one weight, but LinkBlocks is %d and ImageBlocks %d", LinkBlocks, ImageBlocks)
		}
		if !strings.Contains(para, want) {
			t.Errorf("README's Limits paragraph does not say %q", want)
		}
	}
}
