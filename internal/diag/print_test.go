package diag

import (
	"strings"
	"testing"
)

func TestPrinterPrintsEachDiagnosticOnceAndDecidesTheExitCode(t *testing.T) {
	var sb strings.Builder
	p := NewPrinter(&sb, Text)
	w := Warnf(Pos{File: "a.md", Line: 3, Col: 1}, "SRC-HTML", "write it in Markdown", "raw HTML %q dropped", "<b>")
	p.Print(w, Warnf(w.Pos, w.Code, w.Hint, "%s", w.Message)) // the same message from another pointer
	if p.ExitCode() != ExitOK || p.Warnings() != 1 || p.Errors() != 0 {
		t.Fatalf("after a warning: exit %d, %d warnings, %d errors", p.ExitCode(), p.Warnings(), p.Errors())
	}
	p.Print(Errorf(Pos{File: "a.md", Line: 7, Col: 3}, "A11Y-ALT", "describe it", "image has no alt text"))
	if p.ExitCode() != ExitContent || p.Errors() != 1 {
		t.Fatalf("after an error: exit %d, %d errors", p.ExitCode(), p.Errors())
	}
	want := "a.md:3:1: warning: raw HTML \"<b>\" dropped [SRC-HTML] (hint: write it in Markdown)\n" +
		"a.md:7:3: error: image has no alt text [A11Y-ALT] (hint: describe it)\n"
	if sb.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", sb.String(), want)
	}
	if len(p.Printed()) != 2 {
		t.Errorf("Printed() has %d, want 2", len(p.Printed()))
	}
	q := NewPrinter(&sb, Text)
	q.Failure("out/x", errTest("disk full"))
	if q.ExitCode() != ExitContent {
		t.Error("a failure must make the exit code ExitContent")
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }

// A file name with a newline cannot fake a diagnostic line.
func TestPosQuotesControlCharacters(t *testing.T) {
	p := Pos{File: "a\nb.md:1:1: error: fake.md", Line: 2, Col: 3}
	if got := p.String(); strings.ContainsAny(got, "\n") || got != `"a\nb.md:1:1: error: fake.md":2:3` {
		t.Errorf("got %q", got)
	}
	if got := (Pos{File: "a.md", Line: 1, Col: 1}).String(); got != "a.md:1:1" {
		t.Errorf("plain name: %q", got)
	}
}
