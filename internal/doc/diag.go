package doc

import "github.com/altformats/altformats/internal/diag"

// The diagnostic types live in internal/diag (with the registry of codes and
// the printer); these aliases keep doc.Errorf and friends working for the
// loader, the checks and the writers.
type (
	Severity    = diag.Severity
	Diagnostic  = diag.Diagnostic
	Diagnostics = diag.Diagnostics
)

const (
	Warning = diag.Warning
	Error   = diag.Error
)

// Errorf builds an error diagnostic.
func Errorf(pos Pos, code, hint, format string, args ...any) *Diagnostic {
	return diag.Errorf(pos, code, hint, format, args...)
}

// Warnf builds a warning diagnostic.
func Warnf(pos Pos, code, hint, format string, args ...any) *Diagnostic {
	return diag.Warnf(pos, code, hint, format, args...)
}
