package diag

import (
	"fmt"
	"io"
)

// Format is how a Printer writes diagnostics.
type Format int

const (
	// Text is one line each, as it is met:
	// "file:line:col: error: message [CODE] (hint: fix)".
	Text Format = iota
	// Structured formats (JSON, SARIF) are written whole by Flush, from
	// Printed(); they are added as Format values with their writer there.
)

// Exit codes of the tool. The printer decides between OK and Content; Usage
// is the command line's.
const (
	ExitOK      = 0
	ExitContent = 1 // a document has an error (content, rendering or writing)
	ExitUsage   = 2
)

// Printer is the one place diagnostics are printed. It prints each distinct
// diagnostic once (by value, whoever reports it), counts errors and warnings,
// and from them decides the exit code.
type Printer struct {
	W      io.Writer
	Format Format

	printed  []*Diagnostic
	seen     map[Diagnostic]bool
	errors   int
	warnings int
	failures int
}

// NewPrinter prints to w in format f.
func NewPrinter(w io.Writer, f Format) *Printer { return &Printer{W: w, Format: f} }

// Print prints each diagnostic not printed before.
func (p *Printer) Print(ds ...*Diagnostic) {
	if p.seen == nil {
		p.seen = map[Diagnostic]bool{}
	}
	for _, d := range ds {
		if d == nil || p.seen[*d] {
			continue
		}
		p.seen[*d] = true
		p.printed = append(p.printed, d)
		if d.Severity == Error {
			p.errors++
		} else {
			p.warnings++
		}
		if p.Format == Text {
			fmt.Fprintln(p.W, d.Error())
		}
	}
}

// Failure prints a failure that is not about a place in the source (an
// output folder that cannot be written): "what: error: message".
func (p *Printer) Failure(what string, err error) {
	p.failures++
	fmt.Fprintf(p.W, "%s: error: %v\n", Pos{File: what}, err)
}

// Warnings counts the distinct warnings printed.
func (p *Printer) Warnings() int { return p.warnings }

// Flush finishes the output (structured formats are written whole here).
func (p *Printer) Flush() error { return nil }

// ExitCode is ExitContent when any error or failure was printed, else ExitOK.
func (p *Printer) ExitCode() int {
	if p.errors > 0 || p.failures > 0 {
		return ExitContent
	}
	return ExitOK
}
