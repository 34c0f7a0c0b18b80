package render

import (
	"errors"
	"fmt"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

func TestReportedSendsDiagnosticsToReport(t *testing.T) {
	var got doc.Diagnostics
	opt := Options{Report: func(d *doc.Diagnostic) { got = append(got, d) }}
	ds := doc.Diagnostics{
		doc.Errorf(doc.Pos{File: "a.md", Line: 2, Col: 1}, "PDF-GLYPH", "", "character missing"),
		doc.Warnf(doc.Pos{File: "a.md", Line: 3, Col: 1}, "SRC-HTML", "", "dropped"),
	}
	if err := Reported(opt, fmt.Errorf("render pdf: %w", ds)); !errors.Is(err, ErrReported) {
		t.Fatalf("errors reported: got %v, want ErrReported", err)
	}
	if len(got) != 2 || got[0] != ds[0] || got[1] != ds[1] {
		t.Fatalf("Report got %v", got)
	}
	got = nil
	if err := Reported(opt, ds[1]); err != nil || len(got) != 1 {
		t.Fatalf("a warning alone: err %v, reported %d", err, len(got))
	}
	real := errors.New("disk full")
	if err := Reported(opt, real); err != real {
		t.Fatalf("a real failure must come back as it is, got %v", err)
	}
	if err := Reported(Options{}, ds[0]); err != ds[0] {
		t.Fatalf("with no Report the diagnostics come back as the error, got %v", err)
	}
}
