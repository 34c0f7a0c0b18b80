package build

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/render/epub"
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
// add to the folder before it is published: the conformance reports and,
// when the EPUB passed, the EPUB with its claim of conformance (see
// ClaimEPUB). Any error finding is returned as Diagnostics naming the file as
// it will be published (pathOf gives it): the folder must then not be
// published. Warnings are returned apart, to print.
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
// own (verify.DocumentFile); its bytes go once it is checked.
func readBackFile(dir, name string, pathOf func(name string) string) (*verify.Result, error) {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("read back %s: %w", pathOf(name), err)
	}
	return verify.DocumentFile(name, data), nil
}

// finishReadBack is what ReadBack does once each of this build's files
// (outs) has been read back on its own (results, in the same order), which
// a build does as soon as each is written: the carried-over files are read
// back, every file is compared with the model and the others (parity), the
// EPUB gets its claim and the reports are made.
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
	var extra []verify.NamedFile
	for i, o := range outs {
		if o.Format.Name != "epub" {
			continue
		}
		// The unclaimed book is read again (it is small) rather than held
		// while the other formats render and are read back.
		unclaimed, err := os.ReadFile(filepath.Join(dir, o.Name))
		if err != nil {
			return nil, nil, fmt.Errorf("read back %s: %w", pathOf(o.Name), err)
		}
		claimed, res, err := ClaimEPUB(d, ropt, unclaimed, rep.Files[i])
		if err != nil {
			return nil, nil, fmt.Errorf("read back %s: %w", pathOf(o.Name), err)
		}
		if claimed != nil {
			extra = append(extra, verify.NamedFile{Name: o.Name, Data: claimed})
			rep.Files[i] = res
		}
	}
	js, html, err := rep.Report(tool)
	if err != nil {
		return nil, nil, fmt.Errorf("conformance report: %w", err)
	}
	return append(extra, verify.NamedFile{Name: ReportJSON, Data: js}, verify.NamedFile{Name: ReportHTML, Data: html}), warnings, nil
}

// ClaimEPUB makes an EPUB's claim of conformance depend on this run's checks.
// The format table writes EPUBs without the claim (epub.RenderUnclaimed);
// once the unclaimed book, read back, has passed every check and the parity
// with the other formats (checked, its read-back result), this renders the
// same book with the claim, reads that back too, and returns it with its
// result. Nothing is returned (nil, nil, nil) when the book failed, or when
// the model gives nothing to claim (an informative image without alt text).
// The claimed book must differ only in its package document.
func ClaimEPUB(d *doc.Document, ropt render.Options, unclaimed []byte, checked *verify.Result) ([]byte, *verify.Result, error) {
	if checked.Errors() > 0 || checked.Format != verify.EPUB {
		return nil, nil, nil
	}
	if ropt.Modified.IsZero() {
		ropt.Modified = ModifiedTime(d.Meta) // as the build's render had it
	}
	var buf bytes.Buffer
	if err := epub.Render(d, ropt, &buf); err != nil {
		return nil, nil, fmt.Errorf("claiming conformance: %w", err)
	}
	claimed := buf.Bytes()
	opf, err := sameBookBut(unclaimed, claimed, "package.opf")
	if err != nil {
		return nil, nil, fmt.Errorf("claiming conformance: the claimed book differs from the checked one: %w", err)
	}
	if !bytes.Contains(opf, []byte(epub.ConformsTo)) {
		return nil, nil, nil // nothing to claim
	}
	res := verify.File(checked.Name, claimed)
	if res.Errors() > 0 {
		return nil, nil, fmt.Errorf("claiming conformance: the claimed book fails its checks: %s", res.Findings[0].Msg)
	}
	// Parity was judged on the checked book, whose content is this one's.
	for _, c := range checked.Checks {
		if c.Rule == verify.RuleParity {
			res.Checks = append(res.Checks, c)
		}
	}
	return claimed, res, nil
}

// sameBookBut reports how EPUB b differs from a other than in the entry
// whose name ends in except, and returns that entry of b: the same entries,
// in the same order, with the same dates and contents (CRC-32 and size, from
// the zip directory).
func sameBookBut(a, b []byte, except string) ([]byte, error) {
	za, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		return nil, err
	}
	zb, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	if len(za.File) != len(zb.File) {
		return nil, fmt.Errorf("%d entries, not %d", len(zb.File), len(za.File))
	}
	var kept []byte
	for i, fa := range za.File {
		fb := zb.File[i]
		if fa.Name != fb.Name {
			return nil, fmt.Errorf("entry %d is %s, not %s", i+1, fb.Name, fa.Name)
		}
		if !fa.Modified.Equal(fb.Modified) {
			return nil, fmt.Errorf("%s is dated %s, not %s", fa.Name, fb.Modified, fa.Modified)
		}
		if strings.HasSuffix(fa.Name, except) {
			rc, err := fb.Open()
			if err != nil {
				return nil, err
			}
			kept, err = io.ReadAll(io.LimitReader(rc, 16<<20))
			rc.Close()
			if err != nil {
				return nil, err
			}
			continue
		}
		if fa.CRC32 != fb.CRC32 || fa.UncompressedSize64 != fb.UncompressedSize64 {
			return nil, fmt.Errorf("%s differs", fa.Name)
		}
	}
	return kept, nil
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
