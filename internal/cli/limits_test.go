package cli_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

const limitsFM = "---\ntitle: Limits\nlang: en-GB\nslug: limits\n---\n\n"

func writeLimitDoc(t *testing.T, body string) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	path = filepath.Join(dir, "limits.md")
	if err := os.WriteFile(path, []byte(limitsFM+body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, path
}

// refusedWith asserts a build failed with exit 1, a positioned error with
// the code, and no stack trace; it returns the error lines.
func refusedWith(t *testing.T, code int, stderr, want string) []string {
	t.Helper()
	if code != 1 {
		t.Fatalf("exit %d, want 1 with [%s]\n%s", code, want, stderr)
	}
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") || strings.Contains(stderr, "internal error") {
		t.Fatalf("crash instead of a message:\n%s", stderr)
	}
	var hits []string
	re := regexp.MustCompile(`^.+limits\.md:\d+:\d+: error: .+ \[` + want + `\]`)
	for _, l := range strings.Split(stderr, "\n") {
		if re.MatchString(l) {
			hits = append(hits, l)
		}
	}
	if len(hits) == 0 {
		t.Fatalf("no file:line:col error with [%s]:\n%s", want, stderr)
	}
	return hits
}

// TestLongWordsWrapInPDF: a 2,000-letter word, a long URL written as text,
// a long URL as link text and an 800-letter code span must stay inside the
// right margin of every page, in normal and large print (read back with
// pdftotext -bbox); the HTML must let them wrap (overflow-wrap).
func TestLongWordsWrapInPDF(t *testing.T) {
	long := "https://example.org/" + strings.Repeat("averyveryverylongpathsegment/", 30)
	body := "Before " + strings.Repeat("x", 2000) + " after.\n\nAddress as text: " + long +
		" end.\n\nSee [the address " + long + "](https://example.org/a) here.\n\n`" + strings.Repeat("code", 200) + "`\n"
	out := buildLimits(t, body, "pdf,large-print,html")
	for _, name := range []string{"limits.pdf", "limits-large-print.pdf"} {
		if worst, limit := rightmostText(t, filepath.Join(out, name)); worst > limit {
			t.Errorf("%s: text reaches x=%.1f pt, past the right margin at %.1f pt", name, worst, limit)
		}
	}
	page, err := os.ReadFile(filepath.Join(out, "limits.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`overflow-wrap:\s*(anywhere|break-word)`).Match(page) {
		t.Error("HTML has no overflow-wrap rule: long words would overflow narrow screens")
	}

	t.Run("table cell", func(t *testing.T) {
		out := buildLimits(t, "| A | B |\n|---|---|\n| "+strings.Repeat("y", 400)+" | b |\n", "pdf,large-print")
		for _, name := range []string{"limits.pdf", "limits-large-print.pdf"} {
			if worst, limit := rightmostText(t, filepath.Join(out, name)); worst > limit {
				t.Errorf("%s: table text reaches x=%.1f pt, past the right margin at %.1f pt", name, worst, limit)
			}
		}
	})
}

func buildLimits(t *testing.T, body, formats string) string {
	t.Helper()
	_, doc := writeLimitDoc(t, body)
	out := t.TempDir()
	if code, e := runCLI(t, "build", doc, "--out", out, "--formats", formats); code != 0 {
		t.Fatalf("exit %d\n%s", code, e)
	}
	return filepath.Join(out, "limits")
}

var (
	pageWidthRe = regexp.MustCompile(`<page width="([0-9.]+)"`)
	wordBoxRe   = regexp.MustCompile(`<word xMin="[0-9.]+" yMin="[0-9.]+" xMax="([0-9.]+)"`)
)

// rightmostText returns the largest x any word reaches and the right
// margin's x (from the theme; one point of slack for side bearings).
func rightmostText(t *testing.T, pdfPath string) (worst, limit float64) {
	t.Helper()
	b, err := exec.Command(testutil.Tool(t, "pdftotext"), "-bbox", pdfPath, "-").Output()
	if err != nil {
		t.Fatalf("%s: pdftotext: %v", pdfPath, err)
	}
	pm := pageWidthRe.FindSubmatch(b)
	if pm == nil {
		t.Fatalf("%s: no page in pdftotext output", pdfPath)
	}
	width, _ := strconv.ParseFloat(string(pm[1]), 64)
	words := 0
	for _, m := range wordBoxRe.FindAllSubmatch(b, -1) {
		x, _ := strconv.ParseFloat(string(m[1]), 64)
		words++
		worst = max(worst, x)
	}
	if words < 3 {
		t.Fatalf("%s: only %d words read back", pdfPath, words)
	}
	return worst, width - render.DefaultTheme().Sizes.MarginMM*72/25.4 + 1
}

// TestEnormousTable: 5,000 rows render in every format (or are refused with
// LIMIT-TABLE, never a crash), and a table past the cell limit is refused.
func TestEnormousTable(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("| Row | Value | Note |\n|---|---:|---|\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&sb, "| %d | %d | note %d |\n", i, i*7, i)
	}
	_, doc := writeLimitDoc(t, sb.String())
	out := t.TempDir()
	code, e := runCLI(t, "build", doc, "--out", out)
	switch code {
	case 0:
		files, _ := filepath.Glob(filepath.Join(out, "limits", "[^.]*")) // not the hidden owner marker
		if want := build.FileCount(build.Available()) + 2; len(files) != want {
			t.Errorf("built, but %d files, want %d", len(files), want)
		}
	default:
		refusedWith(t, code, e, "LIMIT-TABLE")
	}

	sb.Reset()
	sb.WriteString("| A | B | C | D |\n|---|---|---|---|\n")
	for i := 0; i < 50_001; i++ {
		sb.WriteString("| a | b | c | d |\n")
	}
	_, doc = writeLimitDoc(t, sb.String())
	code, e = runCLI(t, "check", doc)
	refusedWith(t, code, e, "LIMIT-TABLE")
}

// TestDeepNestingRefused: lists, quotes and inline containers thousands
// deep are refused with LIMIT-NESTING through the whole CLI, with no stack
// overflow.
func TestDeepNestingRefused(t *testing.T) {
	var list strings.Builder
	for i := 0; i < 2000; i++ {
		list.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	for name, body := range map[string]string{
		"list":     list.String(),
		"quote":    strings.Repeat(">", 5000) + " deep\n",
		"emphasis": strings.Repeat("*", 3000) + "x" + strings.Repeat("*", 3000) + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, doc := writeLimitDoc(t, body)
			code, e := runCLI(t, "build", doc, "--out", t.TempDir())
			refusedWith(t, code, e, "LIMIT-NESTING")
		})
	}
}

// TestMissingGlyphsNamed: characters no embedded font has (Japanese, an
// emoji beyond the Basic Multilingual Plane, which makes fpdf panic if it
// is ever drawn) give an error naming the file, the line and the character.
func TestMissingGlyphsNamed(t *testing.T) {
	for _, c := range []struct{ ch, text string }{
		{"日", "Welcome in Japanese: 日本."},
		{"😀", "A smile 😀 here."},
	} {
		t.Run(c.ch, func(t *testing.T) {
			_, doc := writeLimitDoc(t, "First paragraph.\n\n"+c.text+"\n")
			code, e := runCLI(t, "build", doc, "--out", t.TempDir())
			if code == 0 {
				// No embedded face (Go, DejaVu) has these: a build that succeeds
				// drew .notdef boxes or lost the check.
				t.Fatalf("%s was not refused: %s", c.ch, e)
			}
			hits := refusedWith(t, code, e, "[A-Z0-9-]+")
			ok := false
			for _, h := range hits {
				if strings.Contains(h, "limits.md:9:") && strings.Contains(h, c.ch) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("no error names line 9 and %q:\n%s", c.ch, e)
			}
		})
	}
}

// TestHugeImagesRefused: a 30 MB image file and a small file that claims
// 100,000 × 100,000 pixels (a decompression bomb) are both refused with
// LIMIT-IMAGE before anything decodes them.
func TestHugeImagesRefused(t *testing.T) {
	dir, doc := writeLimitDoc(t, "![A very large picture](big.png)\n")
	big := make([]byte, 30<<20)
	copy(big, pngHeader(4000, 3000))
	if err := os.WriteFile(filepath.Join(dir, "big.png"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	code, e := runCLI(t, "build", doc, "--out", t.TempDir())
	refusedWith(t, code, e, "LIMIT-IMAGE")

	os.WriteFile(filepath.Join(dir, "big.png"), pngHeader(100_000, 100_000), 0o644)
	code, e = runCLI(t, "build", doc, "--out", t.TempDir())
	refusedWith(t, code, e, "LIMIT-IMAGE")
}

// pngHeader is a PNG signature and a valid IHDR chunk declaring w × h.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}
