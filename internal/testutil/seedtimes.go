package testutil

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// SeedParts splits the seed into front matter (with its fences) and body.
func SeedParts(tb testing.TB) (front, body string) {
	tb.Helper()
	seedFile := filepath.Join(RepoRoot(tb), "content", "ahp-mental-health.md")
	src, err := os.ReadFile(seedFile)
	if err != nil {
		tb.Fatalf("read seed: %v", err)
	}
	s := string(src)
	if !strings.HasPrefix(s, "---\n") {
		tb.Fatalf("seed %s does not start with front matter", seedFile)
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		tb.Fatalf("seed %s: front matter not closed", seedFile)
	}
	return s[:4+end+5], s[4+end+5:]
}

// WriteSeed writes the seed with its body repeated n times and its slug and
// title replaced, so many copies can share one build. Repeated headings get
// unique ids from the loader, as any long document would.
func WriteSeed(tb testing.TB, dir string, n int, slug, title string) string {
	tb.Helper()
	front, body := SeedParts(tb)
	front = replaceLine(tb, front, "slug: ", "slug: "+slug)
	front = replaceLine(tb, front, "title: ", "title: "+title)
	var b strings.Builder
	b.Grow(len(front) + n*len(body))
	b.WriteString(front)
	for i := 0; i < n; i++ {
		b.WriteString(body)
		if !strings.HasSuffix(body, "\n\n") {
			b.WriteString("\n")
		}
	}
	p := filepath.Join(dir, slug+".md")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

func replaceLine(tb testing.TB, s, prefix, with string) string {
	tb.Helper()
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			lines[i] = with
			return strings.Join(lines, "\n")
		}
	}
	tb.Fatalf("seed front matter has no %q line", prefix)
	return ""
}
