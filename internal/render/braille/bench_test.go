package braille

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/testutil"
)

// The braille benchmarks time the whole writer (translation, layout, BRF
// and PEF) on two kinds of long input:
//
//   - text=repeated: the seed page's body repeated n times, as the build's
//     benchmarks do. Every paragraph recurs, so each distinct text is
//     translated once: this measures the layout more than liblouis.
//
//   - text=distinct: the GOV.UK A to Z style guide (78 KB of real prose,
//     headings, lists and links) repeated n times with words changed in
//     every copy, so no paragraph recurs and every one goes through liblouis.
//
//     go test ./internal/render/braille -run '^$' -bench . -benchtime 1x
//
// cpu-ns/op is the process's user + system time per operation (every
// thread, GC included), next to the wall-clock ns/op.
func BenchmarkWrite(b *testing.B) {
	l := lib(b)
	for _, c := range []struct {
		text  string
		sizes []int
	}{{"repeated", []int{1, 100, 1000}}, {"distinct", []int{1, 10, 72}}} {
		for _, n := range c.sizes {
			b.Run(fmt.Sprintf("text=%s/size=%d", c.text, n), func(b *testing.B) {
				d := benchDocument(b, c.text, n)
				b.ReportAllocs()
				b.ResetTimer()
				cpu0 := processCPU()
				for i := 0; i < b.N; i++ {
					if err := Write(d, opt, l, io.Discard, io.Discard); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

var benchWord = regexp.MustCompile(`\b[a-z]{4,}\b`)

// benchDocument builds and loads the benchmark's Markdown.
func benchDocument(b *testing.B, text string, n int) *doc.Document {
	b.Helper()
	var src string
	switch text {
	case "repeated":
		src = readFile(b, filepath.Join(testutil.RepoRoot(b), "content", "ahp-mental-health.md"))
	default:
		p := filepath.Join(testutil.RepoRoot(b), "..", "shared", "corpus", "real", "govuk-a-to-z-style-guide", "a-to-z-style-guide.md")
		if _, err := os.Stat(p); err != nil {
			p = "/work/shared/corpus/real/govuk-a-to-z-style-guide/a-to-z-style-guide.md"
		}
		src = readFile(b, p)
	}
	end := strings.Index(src[4:], "\n---\n") + 9
	front, body := src[:end], src[end:]
	vocabulary := benchWord.FindAllString(body, -1)
	var sb strings.Builder
	sb.WriteString(front)
	for k := 0; k < n; k++ {
		copyK := body
		if text == "distinct" && k > 0 {
			copyK = changeWords(body, vocabulary, k)
		}
		sb.WriteString(copyK)
		sb.WriteString("\n\n")
	}
	dir := b.TempDir()
	p := filepath.Join(dir, "bench.md")
	if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	d, _, err := content.Load(p, content.Options{Root: dir, DefaultLang: "en-GB"})
	if err != nil {
		b.Fatalf("load %s ×%d: %v", text, n, err)
	}
	return d
}

// changeWords makes copy k of the text: every fifth word of four letters or
// more, counted from k, becomes another word of the text, except in
// addresses, anchors and names joined by - _ . / (so links stay links).
func changeWords(body string, vocabulary []string, k int) string {
	var sb strings.Builder
	last, i := 0, 0
	for _, m := range benchWord.FindAllStringIndex(body, -1) {
		i++
		if (i+k)%5 != 0 || inName(body, m[0], m[1]) {
			continue
		}
		sb.WriteString(body[last:m[0]])
		sb.WriteString(vocabulary[(i*7+k*13)%len(vocabulary)])
		last = m[1]
	}
	sb.WriteString(body[last:])
	return sb.String()
}

func inName(s string, start, end int) bool {
	if start > 0 && strings.ContainsRune("/.#-_=?&:@{", rune(s[start-1])) {
		return true
	}
	if end >= len(s) {
		return false
	}
	if s[end] == '.' { // a full stop ends a sentence; a dot inside a name does not
		return end+1 < len(s) && s[end+1] >= 'a' && s[end+1] <= 'z'
	}
	return strings.ContainsRune(":/-_@}", rune(s[end]))
}

func readFile(b *testing.B, p string) string {
	src, err := os.ReadFile(p)
	if err != nil {
		b.Skipf("skipping: %v", err)
	}
	return string(src)
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
