package pdf

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/testutil"
)

// A wrapped line of code carries a visible continuation mark, and the mark is
// an artifact: the structure tree (what a screen reader reads) has the line
// without it.
func TestCodeLineWrapMarked(t *testing.T) {
	pdftotext := testutil.Tool(t, "pdftotext")
	pdfinfo := testutil.Tool(t, "pdfinfo")
	long := "git clone https://github.com/nhsengland/some-very-long-repository-name-here.git && cd some-very-long-repository-name-here && make install"
	d := simpleDoc("x")
	d.Blocks = []doc.Block{&doc.CodeBlock{Text: long + "\necho next"}}
	for _, large := range []bool{false, true} {
		pdf, _ := renderDoc(t, d, large)
		f := filepath.Join(t.TempDir(), "c.pdf")
		if err := os.WriteFile(f, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(pdftotext, "-layout", f, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		marks := 0
		for _, l := range strings.Split(string(out), "\n") {
			tl := strings.TrimSpace(l)
			if strings.HasPrefix(tl, "↪") {
				marks++
			}
			if strings.HasPrefix(tl, "echo next") && strings.Contains(l, "↪") {
				t.Errorf("a new line of code is marked as a continuation: %q", l)
			}
		}
		if marks == 0 {
			t.Errorf("large=%v: the wrapped line has no continuation mark:\n%s", large, out)
		}
		st, err := exec.Command(pdfinfo, "-struct-text", f).Output()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(st), "↪") {
			t.Errorf("the mark is in the tagged text a screen reader reads:\n%s", st)
		}
		var joined strings.Builder // the quoted runs, joined as a reader joins them
		for _, l := range strings.Split(string(st), "\n") {
			if tl := strings.TrimSpace(l); strings.HasPrefix(tl, "\"") {
				joined.WriteString(strings.Trim(tl, "\""))
			}
		}
		if !strings.Contains(joined.String(), long) {
			t.Errorf("the tagged text lost part of the line:\n%s", st)
		}
	}
}
