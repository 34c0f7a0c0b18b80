package build

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/verify"
)

// Report file names, written next to a document's files (and a pack's).
const (
	ReportJSON = "report.json"
	ReportHTML = "report.html"
)

// ReadBack reads a document's files back from the staging folder dir (the
// bytes that will be published, not the writer's buffers), runs every check
// on each, compares what each says with the model, and returns the
// conformance reports to publish beside them. Any error finding is returned
// as Diagnostics naming the file as it will be published (pathOf gives it):
// the folder must then not be published.
func ReadBack(d *doc.Document, dir string, outs []Output, tool verify.Tool, pathOf func(name string) string) ([]verify.NamedFile, error) {
	files := make([]verify.NamedFile, 0, len(outs))
	for _, o := range outs {
		data, err := os.ReadFile(filepath.Join(dir, o.Name))
		if err != nil {
			return nil, fmt.Errorf("read back %s: %w", pathOf(o.Name), err)
		}
		files = append(files, verify.NamedFile{Name: o.Name, Data: data})
	}
	rep, err := VerifyFiles(d, files, pathOf)
	if err != nil {
		return nil, err
	}
	js, html, err := rep.Report(tool)
	if err != nil {
		return nil, fmt.Errorf("conformance report: %w", err)
	}
	return []verify.NamedFile{{Name: ReportJSON, Data: js}, {Name: ReportHTML, Data: html}}, nil
}

// VerifyFiles checks a document's files and their parity; any error finding
// is returned as Diagnostics.
func VerifyFiles(d *doc.Document, files []verify.NamedFile, pathOf func(name string) string) (*verify.DocReport, error) {
	rep := verify.Document(d, files)
	if err := rep.Diagnostics(pathOf).Err(); err != nil {
		return rep, err
	}
	return rep, nil
}

// ChecksPassed names the checks a verified file passed, for pack manifests.
func ChecksPassed(r *verify.Result) []string {
	checks := []string{CheckModel, CheckReadBack}
	if r.Format == verify.PDF {
		checks = append(checks, CheckPDFUA)
	}
	for _, c := range r.Checks {
		if c.Rule == verify.RuleParity && c.Result == "pass" {
			checks = append(checks, CheckParity)
		}
	}
	return checks
}
