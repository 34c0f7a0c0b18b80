// Package verify reads finished files back and checks them, independently
// of the writers that made them: a PDF through the PDF/UA checker
// (internal/check/pdfua), a Word package, an EPUB and an HTML page through
// parsers of their own. It also extracts what each file says (headings, alt
// texts, header cells, links, language changes, footnotes) so the formats of
// one document can be compared with the model and with each other (parity).
//
// It works on bytes and never touches the file system or runs a program, so
// the build can run it on every file before publishing, and `altformats
// verify` on any file, whoever made it.
package verify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/doc"
)

// Format is a kind of file verify knows how to read.
type Format string

const (
	PDF     Format = "pdf"
	DOCX    Format = "docx"
	EPUB    Format = "epub"
	HTML    Format = "html"
	Text    Format = "txt"
	BRF     Format = "brf"
	PEF     Format = "pef"
	Unknown Format = ""
)

// Finding is one failed rule in one file.
type Finding struct {
	Rule     string // e.g. "13-004" (Matterhorn), "HTML-LANG", "PARITY-HEADINGS"
	Severity doc.Severity
	Where    string // inside the file: "page 3", "word/document.xml", "<img> #2"; may be empty
	Msg      string
	Hint     string
}

// Line formats a finding as "file: error: where: what [RULE] (hint: ...)".
func (f Finding) Line(file string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s: %s: ", file, f.Severity)
	if f.Where != "" {
		sb.WriteString(f.Where + ": ")
	}
	fmt.Fprintf(&sb, "%s [%s]", f.Msg, Code(f.Rule))
	if f.Hint != "" {
		fmt.Fprintf(&sb, " (hint: %s)", f.Hint)
	}
	return sb.String()
}

// CheckResult is one rule run on one file.
type CheckResult struct {
	Rule   string `json:"rule"`
	Title  string `json:"title"`
	Result string `json:"result"` // "pass", "fail", "warning"
	Count  int    `json:"findings,omitempty"`
}

// Result is everything verify learned about one file.
type Result struct {
	Name     string        // file name as given
	Format   Format        //
	Standard string        // the standard the checks stand for: "PDF/UA-1", "WCAG 2.2 AA", ...
	Size     int64         //
	Pages    int           // PDF pages; 0 for other formats
	SHA256   string        //
	Checks   []CheckResult // every rule run, in a fixed order
	Findings []Finding
	Facts    *Facts // what the file contains, for parity; nil when it could not be read
	// CarriedOver marks a file an earlier build left in the folder and this
	// build kept (another format): read back and reported like the others,
	// but its findings are warnings to the build that kept it.
	CarriedOver bool
}

// Errors counts the error findings.
func (r *Result) Errors() int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == doc.Error {
			n++
		}
	}
	return n
}

// rule is one check a format runs: its id and what it asks of the file.
type rule struct{ id, title string }

// Detect tells the format from the name and the first bytes.
func Detect(name string, data []byte) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return PDF
	case ".docx":
		return DOCX
	case ".epub":
		return EPUB
	case ".html", ".htm", ".xhtml":
		return HTML
	case ".txt":
		return Text
	case ".brf":
		return BRF
	case ".pef":
		return PEF
	}
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) && bytes.Contains(data[:min(len(data), 200)], []byte("application/epub+zip")):
		return EPUB
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return DOCX
	}
	head := strings.ToLower(string(data[:min(len(data), 512)]))
	if strings.Contains(head, "<!doctype html") || strings.Contains(head, "<html") {
		return HTML
	}
	return Unknown
}

// File checks one file and extracts its facts.
func File(name string, data []byte) *Result {
	sum := sha256.Sum256(data)
	r := &Result{Name: name, Format: Detect(name, data), Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	var rules []rule
	switch r.Format {
	case PDF:
		rules = checkPDF(r, data)
	case DOCX:
		rules = checkDOCX(r, data)
	case EPUB:
		rules = checkEPUB(r, data)
	case HTML:
		rules = checkHTMLFile(r, data)
	case Text:
		rules = checkText(r, data)
	case BRF:
		rules = checkBRF(r, data)
	case PEF:
		rules = checkPEF(r, data)
	default:
		r.add(RuleFormat, doc.Error, "", "not a PDF, Word (.docx), EPUB, HTML, text or braille (.brf, .pef) file", "verify reads .pdf, .docx, .epub, .html, .txt, .brf and .pef files")
		rules = []rule{{RuleFormat, "a format verify can read"}}
	}
	r.Checks = summarise(rules, r.Findings)
	return r
}

func (r *Result) add(rule string, sev doc.Severity, where, msg, hint string) {
	r.Findings = append(r.Findings, Finding{Rule: rule, Severity: sev, Where: where, Msg: msg, Hint: hint})
}

func (r *Result) errorf(rule, where, hint, format string, args ...any) {
	r.add(rule, doc.Error, where, fmt.Sprintf(format, args...), hint)
}

func (r *Result) warnf(rule, where, hint, format string, args ...any) {
	r.add(rule, doc.Warning, where, fmt.Sprintf(format, args...), hint)
}

// summarise gives every rule that ran its result; findings whose rule is
// not in the list (a PDF rule the checker adds later) are listed too.
func summarise(rules []rule, fs []Finding) []CheckResult {
	errs, warns := map[string]int{}, map[string]int{}
	for _, f := range fs {
		if f.Severity == doc.Error {
			errs[f.Rule]++
		} else {
			warns[f.Rule]++
		}
	}
	seen := map[string]bool{}
	var out []CheckResult
	for _, ru := range rules {
		if seen[ru.id] {
			continue
		}
		seen[ru.id] = true
		c := CheckResult{Rule: ru.id, Title: ru.title, Result: "pass"}
		switch {
		case errs[ru.id] > 0:
			c.Result, c.Count = "fail", errs[ru.id]+warns[ru.id]
		case warns[ru.id] > 0:
			c.Result, c.Count = "warning", warns[ru.id]
		}
		out = append(out, c)
	}
	var extra []string
	for id := range errs {
		if !seen[id] {
			extra = append(extra, id)
		}
	}
	for id := range warns {
		if !seen[id] && errs[id] == 0 {
			extra = append(extra, id)
		}
	}
	sort.Strings(extra)
	for _, id := range extra {
		c := CheckResult{Rule: id, Title: id, Result: "warning", Count: warns[id]}
		if errs[id] > 0 {
			c.Result, c.Count = "fail", errs[id]+warns[id]
		}
		out = append(out, c)
	}
	return out
}

// normText compares texts the way a listener would: whitespace (where a
// line was broken, or a PDF has no space glyph) and soft hyphens do not count.
func normText(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == '\u00ad' || r == '\u200b':
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u202f' || r == '\u2009':
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// collapse trims and joins runs of white space, for messages and reports.
// Text that is already so (most headings and links) is returned as it is.
func collapse(s string) string {
	if collapsed(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// collapsed reports whether strings.Fields and a join with single spaces
// would give s back: no white space (as unicode.IsSpace, which Fields
// uses) but single spaces between words.
func collapsed(s string) bool {
	prevSpace := true // a leading space is not kept
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case ' ':
				if prevSpace {
					return false
				}
				prevSpace = true
			case '\t', '\n', '\v', '\f', '\r':
				return false
			default:
				prevSpace = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prevSpace = false
		i += size
	}
	return !prevSpace || s == ""
}

func clip(s string, n int) string {
	s = collapse(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func utf8Valid(s string) bool { return utf8.ValidString(s) }
