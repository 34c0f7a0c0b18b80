package diag

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Pos is a 1-based source position. Line 0 means "unknown". The model's
// doc.Pos is this type, so every node's position is a diagnostic's position.
type Pos struct {
	File string
	Line int
	Col  int
}

// String is "file:line:col". A file name holding a control character (a
// newline could fake a diagnostic line, a NUL or escape upsets a terminal) is
// quoted, Go-style.
func (p Pos) String() string {
	file := p.File
	if strings.IndexFunc(file, unicode.IsControl) >= 0 {
		file = strconv.Quote(file)
	}
	switch {
	case file == "":
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	case p.Line == 0:
		return file
	default:
		return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
	}
}

// Severity says whether a diagnostic stops the document.
type Severity int

const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Diagnostic is one message about the source, printed as
// "file:line:col: error: message [CODE] (hint: ...)". Its Code is registered
// in this package's tables with its meaning and fix.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Code     string // stable, e.g. A11Y-ALT
	Message  string
	Hint     string
}

func (d *Diagnostic) Error() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s: %s: %s", d.Pos, d.Severity, d.Message)
	if d.Code != "" {
		fmt.Fprintf(&sb, " [%s]", d.Code)
	}
	if d.Hint != "" {
		fmt.Fprintf(&sb, " (hint: %s)", d.Hint)
	}
	return sb.String()
}

// Errorf builds an error diagnostic.
func Errorf(pos Pos, code, hint, format string, args ...any) *Diagnostic {
	return &Diagnostic{Pos: pos, Severity: Error, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint}
}

// Warnf builds a warning diagnostic.
func Warnf(pos Pos, code, hint, format string, args ...any) *Diagnostic {
	return &Diagnostic{Pos: pos, Severity: Warning, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint}
}

// Diagnostics is a list of messages; as an error it is the errors among them.
type Diagnostics []*Diagnostic

// HasErrors reports whether any of the list is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns the list as an error when it holds at least one error, else nil.
func (ds Diagnostics) Err() error {
	if ds.HasErrors() {
		return ds
	}
	return nil
}

func (ds Diagnostics) Error() string {
	var lines []string
	for _, d := range ds {
		if d.Severity == Error {
			lines = append(lines, d.Error())
		}
	}
	return strings.Join(lines, "\n")
}

// Sort orders by file, line, column, then code, so output is stable.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i].Pos, ds[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return ds[i].Code < ds[j].Code
	})
}
