package diag

import (
	"fmt"
	"strings"
)

// Page is the Markdown page listing every registered code with its meaning
// and fix, generated from the tables: TestCodesPage keeps CODES.md equal to
// it, and rewrites it with -update. Only that test needs it.
func Page() []byte {
	var b strings.Builder
	b.WriteString("# Diagnostic codes\n\n")
	b.WriteString("Every code altformats prints, as `file:line:col: error: what [CODE] (hint: how to fix)`.\n")
	b.WriteString("Generated from the tables in internal/diag (`go test ./internal/diag -update`); do not edit by hand.\n\n")
	b.WriteString("| Code | Meaning | Fix |\n| --- | --- | --- |\n")
	cell := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") }
	for _, c := range All() {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.ID, cell(c.Meaning), cell(c.Fix))
	}
	return []byte(b.String())
}
