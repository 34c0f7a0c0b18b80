package build

import (
	"fmt"
	"path/filepath"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/pack"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/verify"
)

// Report file names, written next to a document's files (and a pack's).
const (
	ReportJSON = "report.json"
	ReportHTML = "report.html"
)

// ReadBack reads a document's files back from the staging folder dir (the
// bytes that will be published, not the writer's buffers), runs every check
// on each, compares what each says with the model, and returns the files to
// add to the folder before it is published: the conformance reports. Any
// error finding is returned as Diagnostics naming the file as it will be
// published (pathOf gives it): the folder must then not be published.
// Warnings are returned apart, to print.
//
// The EPUB is written with its claim of conformance (dcterms:conformsTo,
// when the model gives one), which is published only with the book's
// read-back checks and parity passed in this run: a book that fails stays
// in the staging folder, which is dropped.
//
// carried names the files an earlier build left in the folder that this one
// keeps (other formats): they are read back too and listed in the reports,
// marked as carried over. Their findings are warnings, not errors: this
// build did not write them, and refusing it would not unpublish them.
func ReadBack(d *doc.Document, dir string, outs []Output, carried []string, ropt render.Options, tool verify.Tool, pathOf func(name string) string) (_ []verify.NamedFile, warnings doc.Diagnostics, _ error) {
	results := make([]*verify.Result, len(outs))
	for i, o := range outs {
		r, err := readBackFile(dir, o.Name, pathOf)
		if err != nil {
			return nil, nil, err
		}
		results[i] = r
	}
	return finishReadBack(d, dir, outs, results, carried, ropt, tool, pathOf)
}

// readBackFile reads one staged file back from dir and checks it on its
// own (verify.DocumentFile), which keeps nothing of its bytes: they are
// mapped from the file (pack.ReadMapped), not copied into memory, and
// unmapped once it is checked.
func readBackFile(dir, name string, pathOf func(name string) string) (*verify.Result, error) {
	r, err := pack.ReadMapped(filepath.Join(dir, name), func(data []byte) *verify.Result {
		return verify.DocumentFile(name, data)
	})
	if err != nil {
		return nil, fmt.Errorf("read back %s: %w", pathOf(name), err)
	}
	return r, nil
}

// finishReadBack is what ReadBack does once each of this build's files
// (outs) has been read back on its own (results, in the same order), which
// a build does as soon as each is written: the carried-over files are read
// back, every file is compared with the model and the others (parity) and
// the reports are made.
func finishReadBack(d *doc.Document, dir string, outs []Output, results []*verify.Result, carried []string, ropt render.Options, tool verify.Tool, pathOf func(name string) string) (_ []verify.NamedFile, warnings doc.Diagnostics, _ error) {
	all := append(make([]*verify.Result, 0, len(results)+len(carried)), results...)
	for _, name := range carried {
		if name == ReportJSON || name == ReportHTML {
			continue // this build's reports replace them
		}
		r, err := readBackFile(dir, name, pathOf)
		if err != nil {
			return nil, nil, err
		}
		r.CarriedOver = true
		all = append(all, r)
	}
	rep := verify.Assemble(d, all)
	ds := rep.Diagnostics(pathOf)
	if err := ds.Err(); err != nil {
		return nil, nil, err
	}
	for _, x := range ds {
		if x.Severity != doc.Error {
			warnings = append(warnings, x)
		}
	}
	js, html, err := rep.Report(tool)
	if err != nil {
		return nil, nil, fmt.Errorf("conformance report: %w", err)
	}
	return []verify.NamedFile{{Name: ReportJSON, Data: js}, {Name: ReportHTML, Data: html}}, warnings, nil
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
