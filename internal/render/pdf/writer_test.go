package pdf

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

// sectionsDoc has n sections of a heading and a few paragraphs: with four
// or more headings it gets a contents list whose page numbers are only
// known at the end.
func sectionsDoc(n int) *doc.Document {
	pos := doc.Pos{File: "x.md", Line: 3, Col: 1}
	d := simpleDoc("intro")
	text := strings.Repeat("Words to fill a page with ordinary text, set in lines. ", 40)
	for i := 1; i <= n; i++ {
		d.Blocks = append(d.Blocks,
			&doc.Heading{Pos: pos, Level: 2, ID: fmt.Sprintf("s%d", i), Inlines: []doc.Inline{&doc.Text{Pos: pos, Text: fmt.Sprintf("Section %d", i)}}},
			&doc.Paragraph{Pos: pos, Inlines: []doc.Inline{&doc.Text{Pos: pos, Text: text}}},
			&doc.Paragraph{Pos: pos, Inlines: []doc.Inline{&doc.Text{Pos: pos, Text: text}}})
	}
	return d
}

type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

// A finished page is written at once: when the layout ends, every page but
// the last and the contents pages (whose numbers wait for the end) is in
// the output already, and nothing of it is kept.
func TestPagesAreWrittenAsTheyEnd(t *testing.T) {
	for _, large := range []bool{false, true} {
		d := sectionsDoc(120)
		r := newRenderer(d, opts(), render.DefaultTheme(), mustFonts(t), large, false, false)
		var out countingWriter
		pw := newPDFWriter(&out, r.pw, r.ph)
		r.pdf = pw
		if err := r.run(); err != nil {
			t.Fatal(err)
		}
		if len(pw.pages) < 8 {
			t.Fatalf("large=%v: want a long document, got %d pages", large, len(pw.pages))
		}
		held := map[int]bool{}
		for _, h := range pw.held {
			held[h.nr] = true
		}
		if len(held) == 0 {
			t.Errorf("large=%v: no page held for the end, but the contents list page numbers", large)
		}
		firstSection := r.headingPages[0] // 1-based: the contents end before it
		for i, pg := range pw.pages[:len(pw.pages)-1] {
			if pw.offsets[pg.contents] == 0 && !held[pg.contents] {
				t.Errorf("large=%v: page %d was finished but not written", large, i+1)
			}
			if held[pg.contents] && i+1 > firstSection {
				t.Errorf("large=%v: page %d held, but the contents end on page %d", large, i+1, firstSection)
			}
		}
		if int64(out.n)+int64(pw.out.Buffered()) != pw.written || out.n == 0 {
			t.Errorf("large=%v: %d bytes reached the output, %d buffered, %d counted", large, out.n, pw.out.Buffered(), pw.written)
		}
	}
}

// The numbers written at the end are right: each footer says "Page i of
// N" with N the real count, and the contents give each section's page.
func TestNumbersWrittenAtTheEnd(t *testing.T) {
	pdftotext := testutil.Tool(t, "pdftotext")
	for _, large := range []bool{false, true} {
		data, _ := renderDoc(t, sectionsDoc(12), large)
		f := filepath.Join(t.TempDir(), "x.pdf")
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(pdftotext, "-layout", f, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
		n := len(pages)
		onPage := map[string]int{}
		for i, p := range pages {
			if want := fmt.Sprintf("Page %d of %d", i+1, n); !strings.Contains(p, want) {
				t.Errorf("large=%v: page %d has no %q", large, i+1, want)
			}
			for _, m := range regexp.MustCompile(`(?m)^\s*(Section \d+)\s*$`).FindAllStringSubmatch(p, -1) {
				if _, ok := onPage[m[1]]; !ok {
					onPage[m[1]] = i + 1
				}
			}
		}
		entry := regexp.MustCompile(`(Section \d+)[ .]+(\d+)\s*$`)
		found := 0
		for _, line := range strings.Split(pages[0]+pages[min(1, n-1)], "\n") {
			m := entry.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			found++
			if got, _ := strconv.Atoi(m[2]); got != onPage[m[1]] {
				t.Errorf("large=%v: contents give %s on page %d, it is on page %d", large, m[1], got, onPage[m[1]])
			}
		}
		if found < 6 {
			t.Errorf("large=%v: only %d contents entries read back", large, found)
		}
	}
}

// Two renders of a document with fonts from three files (regular, bold,
// the DejaVu fallback for ✓) and several images are the same bytes, and a
// changed document gets a new file identifier.
func TestSameBytesAndIdentifier(t *testing.T) {
	d := sectionsDoc(5)
	pos := doc.Pos{File: "x.md", Line: 3, Col: 1}
	d.Blocks = append(d.Blocks, &doc.Paragraph{Pos: pos, Inlines: []doc.Inline{
		&doc.Strong{Pos: pos, Children: []doc.Inline{&doc.Text{Pos: pos, Text: "done ✓"}}}}})
	for i := 0; i < 3; i++ {
		img := &doc.Image{Pos: pos, Src: "x.png", Alt: "picture", Data: testutil.FuzzImage(t), MediaType: "image/png", Width: 10 + i, Height: 10}
		img.Data = append(bytes.Clone(img.Data), byte(i)) // distinct images (trailing bytes after IEND are ignored)
		d.Blocks = append(d.Blocks, &doc.Figure{Pos: pos, Image: img})
	}
	a, _ := renderDoc(t, d, false)
	b, _ := renderDoc(t, d, false)
	if !bytes.Equal(a, b) {
		t.Fatal("two renders differ")
	}
	if n := bytes.Count(a, []byte("/FontFile2")); n < 3 {
		t.Errorf("%d embedded fonts, want 3 or more", n)
	}
	if n := bytes.Count(a, []byte("/Subtype/Image")); n < 3 {
		t.Errorf("%d images, want 3", n)
	}
	id := regexp.MustCompile(`/ID\[<([0-9A-F]{32})>`)
	d.Meta.Title = "Another title"
	c, _ := renderDoc(t, d, false)
	ia, ic := id.FindSubmatch(a), id.FindSubmatch(c)
	if ia == nil || ic == nil || bytes.Equal(ia[1], ic[1]) {
		t.Errorf("identifiers %s and %s: want two, different", ia, ic)
	}
}

// fpdf is only the font subsetter, and nothing of the writer reads a PDF:
// only fontembed.go may import fpdf, and no file pdfcpu.
func TestFpdfOnlySubsets(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if strings.HasPrefix(p, "github.com/go-pdf/fpdf") && f != "fontembed.go" ||
				strings.HasPrefix(p, "github.com/pdfcpu/") {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}
