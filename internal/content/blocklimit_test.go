package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

// TestBlockLimit: memory after loading follows the number of blocks, not the
// bytes (249,000 one-line list items, 4.5 MB, peaked at 980 MiB in check), so
// a document of more than doc.MaxBlocks blocks is refused before any writer
// runs, at the block that passes the limit; one at the limit still loads.
// A list item and its paragraph are two blocks.
func TestBlockLimit(t *testing.T) {
	items := func(n int) []byte {
		var sb strings.Builder
		sb.WriteString(fm)
		for i := 0; i < n; i++ {
			fmt.Fprintf(&sb, "- item %d\n", i)
		}
		return []byte(sb.String())
	}
	// one list, n items, n paragraphs: 2n+1 blocks
	atLimit := (doc.MaxBlocks - 1) / 2
	if d, ds := Parse("items.md", items(atLimit), Options{}); d == nil || ds.Err() != nil {
		t.Fatalf("%d items (%d blocks) refused: %v", atLimit, 2*atLimit+1, ds)
	}
	_, ds := Parse("items.md", items(atLimit+1), Options{})
	// the body starts on line 5; the last item's paragraph is the block past the limit
	want := 5 + atLimit
	if len(ds) != 1 || ds[0].Code != "LIMIT-BLOCKS" || ds[0].Pos.Line != want || ds[0].Pos.Col != 3 {
		t.Fatalf("want one LIMIT-BLOCKS at %d:3, got %v", want, ds)
	}
	if !strings.Contains(ds[0].Message, fmt.Sprint(doc.MaxBlocks)) {
		t.Errorf("the message does not name the limit: %q", ds[0].Message)
	}
}

// TestHeadingLimit: each heading is also a contents entry with two links and
// a bookmark in both PDFs (80,000 headings in a row peaked at 912 MiB in
// check), so more than doc.MaxHeadings headings are refused at the heading
// that passes the limit, whatever else the document holds.
func TestHeadingLimit(t *testing.T) {
	headings := func(n int) []byte {
		var sb strings.Builder
		sb.WriteString(fm)
		for i := 0; i < n; i++ {
			fmt.Fprintf(&sb, "## Heading %d\n\n", i)
		}
		return []byte(sb.String())
	}
	if d, ds := Parse("h.md", headings(doc.MaxHeadings), Options{}); d == nil || ds.Err() != nil {
		t.Fatalf("%d headings refused: %v", doc.MaxHeadings, ds)
	}
	_, ds := Parse("h.md", headings(doc.MaxHeadings+1), Options{})
	want := 5 + 2*doc.MaxHeadings // two lines a heading
	if len(ds) != 1 || ds[0].Code != "LIMIT-HEADINGS" || ds[0].Pos.Line != want || ds[0].Pos.Col != 1 {
		t.Fatalf("want one LIMIT-HEADINGS at %d:1, got %v", want, ds)
	}
}

// TestBlocksCountedWhereverNested: table cells and the paragraphs inside
// quotes count as well as the blocks at the top.
func TestBlocksCountedWhereverNested(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(fm)
	// a table of doc.MaxTableCells cells (the header row among them) and
	// the table itself
	rows := doc.MaxTableCells / 4
	sb.WriteString("| A | B | C | D |\n|---|---|---|---|\n")
	for i := 1; i < rows; i++ {
		sb.WriteString("| a | b | c | d |\n")
	}
	// then quotes of one paragraph, two blocks each, to one past the limit
	quotes := (doc.MaxBlocks - doc.MaxTableCells) / 2
	for i := 0; i < quotes; i++ {
		sb.WriteString("\n> quoted\n")
	}
	_, ds := Parse("t.md", []byte(sb.String()), Options{})
	// line 5 the header, 6 the delimiter, then rows-1 rows, then a blank
	// line and a quote for each
	want := 5 + 2 + (rows - 1) + 2*quotes - 1
	if len(ds) != 1 || ds[0].Code != "LIMIT-BLOCKS" || ds[0].Pos.Line != want || ds[0].Pos.Col != 3 {
		t.Fatalf("want one LIMIT-BLOCKS at %d:3, got %v", want, ds)
	}
}

// TestLinkAndImageLimits: each link is a structure element and an annotation
// in both PDFs (80,000 links peaked at 519 MiB in check), each image a
// figure; past doc.MaxLinks links or doc.MaxImages images the document is
// refused at the one that passes, whatever else it holds.
func TestLinkAndImageLimits(t *testing.T) {
	dir := t.TempDir()
	png, err := os.ReadFile(filepath.Join("..", "testdata", "cases", "images", "chart.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "chart.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "l.md")
	for _, c := range []struct {
		code, line string
		limit, col int
	}{
		{"LIMIT-LINKS", "See [page %d](https://example.org/p).\n\n", doc.MaxLinks, 5},
		{"LIMIT-IMAGES", "A ![chart %d](chart.png) here.\n\n", doc.MaxImages, 3},
	} {
		t.Run(c.code, func(t *testing.T) {
			src := func(n int) []byte {
				var sb strings.Builder
				sb.WriteString(fm)
				for i := 0; i < n; i++ {
					fmt.Fprintf(&sb, c.line, i)
				}
				return []byte(sb.String())
			}
			if d, ds := Parse(path, src(c.limit), Options{Root: dir}); d == nil || ds.Err() != nil {
				t.Fatalf("%d refused: %v", c.limit, ds)
			}
			_, ds := Parse(path, src(c.limit+1), Options{Root: dir})
			want := 5 + 2*c.limit
			if len(ds) != 1 || ds[0].Code != c.code || ds[0].Pos.Line != want || ds[0].Pos.Col != c.col {
				t.Fatalf("want one %s at %d:%d, got %v", c.code, want, c.col, ds)
			}
		})
	}
}
