package content

import (
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
