package verify

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/altformats/altformats/internal/check/pdfua"
	"github.com/altformats/altformats/internal/doc"
)

// NamedFile is one finished file of a document.
type NamedFile struct {
	Name string
	Data []byte
}

// DocReport is the read-back of every file of one document.
type DocReport struct {
	Title  string
	Source string
	Lang   string
	Files  []*Result
	Parity []ParityFinding
}

// Document verifies every file of d and compares what each says with the
// model and, through it, with each other.
func Document(d *doc.Document, files []NamedFile) *DocReport {
	results := make([]*Result, len(files))
	for i, f := range files {
		results[i] = DocumentFile(f.Name, f.Data)
	}
	return Assemble(d, results)
}

// DocumentFile reads back one file of a document as Document does: a
// format verify does not read (braille) is listed with its hash, not judged.
// With Assemble, a build checks each file as soon as it is written, and
// lets its bytes go, before the document's other files are made.
func DocumentFile(name string, data []byte) *Result {
	if Detect(name, data) == Unknown {
		sum := sha256.Sum256(data)
		return &Result{Name: name, Standard: "not checked by verify", Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Checks: []CheckResult{}}
	}
	return File(name, data)
}

// Assemble is Document for files already read back one by one
// (DocumentFile), in the document's order: it compares what each says with
// the model and, through it, with each other, and adds the parity check to
// each file's results.
func Assemble(d *doc.Document, results []*Result) *DocReport {
	rep := &DocReport{Title: d.Meta.Title, Source: d.Source, Lang: d.Meta.Lang}
	got := map[Format]*Facts{}
	var order []Format
	byFormat := map[Format]*Result{}
	for _, r := range results {
		rep.Files = append(rep.Files, r)
		if r.Facts != nil && r.Format != Text {
			key := r.Format
			if _, dup := got[key]; dup {
				key = Format(r.Name) // large print: a second PDF, compared on its own
			}
			got[key] = r.Facts
			byFormat[key] = r
			order = append(order, key)
		}
	}
	model := FromModel(d)
	rep.Parity = Compare(model, got, order, d.Meta.Contact)
	for _, p := range rep.Parity {
		r := byFormat[p.Format]
		r.add(RuleParity, doc.Error, p.Fact, p.Msg, "a writer lost or changed this; please report it with the document")
		r.Checks = summarise(append(rulesOf(r.Checks), rule{RuleParity, parityTitle}), r.Findings)
	}
	for _, r := range rep.Files {
		if r.Facts != nil && r.Format != Text && !hasRule(r.Checks, RuleParity) {
			r.Checks = append(r.Checks, CheckResult{Rule: RuleParity, Title: parityTitle, Result: "pass"})
		}
	}
	return rep
}

// RuleParity: a file says something different from the document.
const RuleParity = "VERIFY-PARITY"

const parityTitle = "headings, alt texts, decorative images, table headers, links, language changes and footnotes equal the document's (and so every other format's)"

func rulesOf(cs []CheckResult) []rule {
	out := make([]rule, len(cs))
	for i, c := range cs {
		out[i] = rule{c.Rule, c.Title}
	}
	return out
}

func hasRule(cs []CheckResult, id string) bool {
	for _, c := range cs {
		if c.Rule == id {
			return true
		}
	}
	return false
}

// Code is the diagnostic code a rule prints as: the PDF/UA rules (Matterhorn
// numbers and AF-…, as reports name them) as PDFUA-<rule>, the one code the
// PDF writer's own checks print for them; the others as they are.
func Code(rule string) string {
	if _, ok := pdfua.Rules[rule]; ok {
		return "PDFUA-" + rule
	}
	return rule
}

// Diagnostics turns the error and warning findings into diagnostics that
// name the file (as path(name) gives it) and the rule.
func (rep *DocReport) Diagnostics(pathOf func(name string) string) doc.Diagnostics {
	var ds doc.Diagnostics
	for _, r := range rep.Files {
		for _, f := range r.Findings {
			msg := f.Msg
			if f.Where != "" {
				msg = f.Where + ": " + msg
			}
			sev, hint := f.Severity, f.Hint
			if r.CarriedOver {
				// Refusing this build would not unpublish a file it did not write.
				sev = doc.Warning
				msg = "(carried over from an earlier build) " + msg
				hint = "rebuild this format (--formats), or delete the file"
			}
			ds = append(ds, &doc.Diagnostic{Pos: doc.Pos{File: pathOf(r.Name)}, Severity: sev, Code: Code(f.Rule), Message: msg, Hint: hint})
		}
	}
	return ds
}
