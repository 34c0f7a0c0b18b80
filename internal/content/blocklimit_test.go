package content

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

// repeated is a document of front matter then n lines of line (a format
// with one %d, the line's number), then tail.
func repeated(line string, n int, tail string) []byte {
	var sb strings.Builder
	sb.WriteString(fm)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, line, i)
	}
	sb.WriteString(tail)
	return []byte(sb.String())
}

// TestBlockLimit: memory after loading follows the number of blocks, not the
// bytes (249,000 one-line list items, 4.5 MB, peaked at 980 MiB in check), so
// a document of more than doc.MaxBlocks blocks is refused before any writer
// runs, at the block that passes the limit; one at the limit still loads.
// A list item and its paragraph are two blocks.
func TestBlockLimit(t *testing.T) {
	items := func(n int) []byte { return repeated("- item %d\n", n, "") }
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

// TestHeadingsWeighMore: each heading is also a contents entry with two
// links and a bookmark in both PDFs (80,000 headings in a row peaked at
// 912 MiB in check), so it counts doc.HeadingBlocks against doc.MaxBlocks.
func TestHeadingsWeighMore(t *testing.T) {
	headings := func(n int) []byte { return repeated("## Heading %d\n\n", n, "") }
	n := doc.MaxBlocks / doc.HeadingBlocks
	if d, ds := Parse("h.md", headings(n), Options{}); d == nil || ds.Err() != nil {
		t.Fatalf("%d headings refused: %v", n, ds)
	}
	_, ds := Parse("h.md", headings(n+1), Options{})
	want := 5 + 2*n // two lines a heading
	if len(ds) != 1 || ds[0].Code != "LIMIT-BLOCKS" || ds[0].Pos.Line != want || ds[0].Pos.Col != 1 {
		t.Fatalf("want one LIMIT-BLOCKS at %d:1, got %v", want, ds)
	}
}

// TestBlocksCountedWhereverNested: table rows and cells and the paragraphs
// inside quotes count as well as the blocks at the top.
func TestBlocksCountedWhereverNested(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(fm)
	// a table of half doc.MaxTableCells cells in four columns (the header
	// row among them): the table, each row and each cell count one
	rows := doc.MaxTableCells / 8
	sb.WriteString("| A | B | C | D |\n|---|---|---|---|\n")
	for i := 1; i < rows; i++ {
		sb.WriteString("| a | b | c | d |\n")
	}
	// then quotes of one paragraph, two blocks each, to one past the limit
	quotes := (doc.MaxBlocks - 5*rows) / 2
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

// TestLinksAndImagesWeighMore: each link is a structure element and an
// annotation in both PDFs (80,000 links peaked at 519 MiB in check), each
// image a figure; a paragraph of one link or one image weighs its own block
// and doc.LinkBlocks or doc.ImageBlocks.
func TestLinksAndImagesWeighMore(t *testing.T) {
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
		name, line string
		weight     int
	}{
		{"links", "See [page %d](https://example.org/p).\n\n", doc.LinkBlocks},
		{"images", "A ![chart %d](chart.png) here.\n\n", doc.ImageBlocks},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := func(n int) []byte { return repeated(c.line, n, "") }
			n := doc.MaxBlocks / (1 + c.weight)
			if d, ds := Parse(path, src(n), Options{Root: dir}); d == nil || ds.Err() != nil {
				t.Fatalf("%d paragraphs refused: %v", n, ds)
			}
			_, ds := Parse(path, src(n+1), Options{Root: dir})
			want := 5 + 2*n // the paragraph after the last that fits
			if len(ds) != 1 || ds[0].Code != "LIMIT-BLOCKS" || ds[0].Pos.Line != want {
				t.Fatalf("want one LIMIT-BLOCKS at line %d, got %v", want, ds)
			}
		})
	}
}

// BenchmarkManyBlocks loads the shapes past the block limit, which
// are refused after parsing: 249,000 one-line list items (4.5 MB) and
// 100,000 one-line headings. Before the limit, check took 63 s and 980 MiB
// for the first and 68 s and 1,133 MiB for the second.
//
//	go test ./internal/content -run '^$' -bench ManyBlocks -benchmem
func BenchmarkManyBlocks(b *testing.B) {
	for _, c := range []struct {
		name, line string
		n          int
	}{
		{"items=249000", "- item %d\n", 249_000},
		{"headings=100000", "## Heading %d\n\n", 100_000},
	} {
		src := repeated(c.line, c.n, "")
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, ds := Parse("many.md", src, Options{}); len(ds) == 0 || ds[0].Code != "LIMIT-BLOCKS" {
					b.Fatalf("not refused: %v", ds)
				}
			}
		})
	}
}

// TestImageBytesWeigh: a distinct image file also weighs a block per
// doc.ImageBytesPerBlock of its bytes (every format embeds it), counted at
// its first use only, so a document near the block limit has no room for a
// large photograph but may use a small one many times.
func TestImageBytesWeigh(t *testing.T) {
	small, big := paddedPNG(t, 0), paddedPNG(t, 4<<20)
	read := func(path string) ([]byte, error) {
		switch filepath.Base(path) {
		case "big.png":
			return big, nil
		case "small.png":
			return small, nil
		}
		return nil, fs.ErrNotExist
	}
	bigWeight := len(big) / doc.ImageBytesPerBlock
	items := (doc.MaxBlocks - bigWeight) / 2 // a list of items of one paragraph: 2 blocks each, and the list
	src := func(tail string) []byte { return repeated("- item %d\n", items, "\n"+tail) }
	path := filepath.Join(t.TempDir(), "w.md")
	// the small image's bytes weigh nothing; used three times it weighs
	// three figures and three images
	if d, ds := Parse(path, src("![A](small.png)\n\n![A](small.png)\n\n![A](small.png)\n"), Options{ReadFile: read}); d == nil || ds.Err() != nil {
		t.Fatalf("small image refused: %v", ds)
	}
	_, ds := Parse(path, src("![A large photograph](big.png)\n"), Options{ReadFile: read})
	want := 5 + items + 1 // after the items and a blank line
	if len(ds) != 1 || ds[0].Code != "LIMIT-BLOCKS" || ds[0].Pos.Line != want {
		t.Fatalf("want one LIMIT-BLOCKS at line %d (the large image), got %v", want, ds)
	}
}

// TestParagraphLinesWeigh: each further source line of a paragraph weighs
// half a block (one paragraph of 150,000 short lines took 378 MiB, and with
// six 6 MB photographs 456 MiB), and a hard line break one.
func TestParagraphLinesWeigh(t *testing.T) {
	items := (doc.MaxBlocks - 1000) / 2 // 2 blocks an item, and the list
	src := func(tail string) []byte { return repeated("- item %d\n", items, "\n"+tail) }
	want := 5 + items + 1 // the paragraph's first line, after the items and a blank line
	for name, c := range map[string]struct {
		tail string
		over bool
	}{
		"1,990 soft lines":  {strings.Repeat("word\n", 1990), false},
		"2,010 soft lines":  {strings.Repeat("word\n", 2010), true},
		"990 hard breaks":   {strings.Repeat("word\\\n", 990) + "end\n", false},
		"1,010 hard breaks": {strings.Repeat("word\\\n", 1010) + "end\n", true},
	} {
		t.Run(name, func(t *testing.T) {
			_, ds := Parse("p.md", src(c.tail), Options{})
			var hits []int
			for _, d := range ds {
				if d.Code == "LIMIT-BLOCKS" {
					hits = append(hits, d.Pos.Line)
				}
			}
			switch {
			case c.over && (len(hits) != 1 || hits[0] < want):
				t.Errorf("want one LIMIT-BLOCKS in the paragraph (from line %d), got %v", want, hits)
			case !c.over && len(hits) != 0:
				t.Errorf("refused at %v, want it to fit", hits)
			}
		})
	}
}
