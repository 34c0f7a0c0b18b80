package verify

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strconv"
	"strings"
)

// ManualChecks are the conditions no program can judge: the report lists
// them so nobody mistakes a clean machine report for full conformance.
var ManualChecks = []CheckResult{
	{Rule: "HUMAN-ALT-MEANING", Title: "alt text says what the image means in its context (WCAG 1.1.1; Matterhorn 13-005)", Result: "needs a person"},
	{Rule: "HUMAN-READING-ORDER", Title: "the reading order makes sense (WCAG 1.3.2; Matterhorn 09-001)", Result: "needs a person"},
	{Rule: "HUMAN-COLOUR", Title: "colour is not the only way meaning is given (WCAG 1.4.1)", Result: "needs a person"},
	{Rule: "HUMAN-HEADINGS-DESCRIBE", Title: "headings and link texts describe their topic or purpose (WCAG 2.4.4, 2.4.6)", Result: "needs a person"},
	{Rule: "HUMAN-PLAIN-LANGUAGE", Title: "the text is as plain as its readers need", Result: "needs a person"},
	{Rule: "HUMAN-SCREEN-READER", Title: "tested with screen-reader and magnifier users", Result: "needs a person"},
}

// Tool names what ran the checks, for the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Where    string `json:"where,omitempty"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

type jsonFile struct {
	Name     string        `json:"name"`
	Format   string        `json:"format"`
	Standard string        `json:"claims"`
	Passed   bool          `json:"passed"`
	Size     int64         `json:"size"`
	Pages    int           `json:"pages,omitempty"`
	SHA256   string        `json:"sha256"`
	Checks   []CheckResult `json:"checks"`
	Findings []jsonFinding `json:"findings"`
	// CarriedOver: an earlier build wrote this file and this one kept it.
	CarriedOver bool `json:"carried_over,omitempty"`
}

// jsonReport is report.json; its field names are the file's format.
type jsonReport struct {
	Title        string        `json:"title"`
	Source       string        `json:"source,omitempty"`
	Lang         string        `json:"lang,omitempty"`
	Tool         Tool          `json:"tool"`
	Passed       bool          `json:"passed"`
	Files        []jsonFile    `json:"files"`
	NeedsAPerson []CheckResult `json:"needs_a_person"`
	Documents    []string      `json:"documents,omitempty"` // a pack's: the reports of its documents
	// newFailed: a file this build wrote failed (so nothing was published);
	// otherwise only files kept from an earlier build did.
	NewFailed bool `json:"-"`
}

func toJSON(title, source, lang string, files []*Result, tool Tool) jsonReport {
	j := jsonReport{Title: title, Source: source, Lang: lang, Tool: tool, Passed: true, NeedsAPerson: ManualChecks, Files: []jsonFile{}}
	for _, r := range files {
		jf := jsonFile{Name: r.Name, Format: string(r.Format), Standard: r.Standard, Passed: r.Errors() == 0,
			Size: r.Size, Pages: r.Pages, SHA256: r.SHA256, Checks: r.Checks, Findings: []jsonFinding{}, CarriedOver: r.CarriedOver}
		for _, f := range r.Findings {
			jf.Findings = append(jf.Findings, jsonFinding{f.Rule, f.Severity.String(), f.Where, f.Msg, f.Hint})
		}
		j.Passed = j.Passed && jf.Passed
		j.NewFailed = j.NewFailed || (!jf.Passed && !r.CarriedOver)
		j.Files = append(j.Files, jf)
	}
	return j
}

// Report renders report.json and report.html for a document's files.
func (rep *DocReport) Report(tool Tool) (jsonData, htmlData []byte, err error) {
	return renderReport(toJSON(rep.Title, rep.Source, rep.Lang, rep.Files, tool))
}

// PackReport renders the pack's own report: its files (index page, README,
// manifest) and the names of its documents' reports.
func PackReport(title, lang string, files []*Result, docReports []string, tool Tool) (jsonData, htmlData []byte, err error) {
	j := toJSON(title, "", lang, files, tool)
	j.Documents = docReports
	return renderReport(j)
}

func renderReport(j jsonReport) ([]byte, []byte, error) {
	jb, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	var hb bytes.Buffer
	if err := reportTmpl.Execute(&hb, j); err != nil {
		return nil, nil, err
	}
	return append(jb, '\n'), hb.Bytes(), nil
}

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"sizeOf": func(n int64) string {
		switch {
		case n >= 1<<20:
			return trimZero(float64(n)/(1<<20)) + " MB"
		case n >= 1<<10:
			return trimZero(float64(n)/(1<<10)) + " KB"
		}
		return itoa(n) + " bytes"
	},
}).Parse(`<!DOCTYPE html>
<html lang="{{if .Lang}}{{.Lang}}{{else}}en{{end}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accessibility checks: {{.Title}}</title>
<style>
body{font-family:system-ui,sans-serif;line-height:1.5;max-width:60rem;margin:0 auto;padding:1rem;color:#0b0c0c;background:#fff}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #505a5f;padding:.25rem .5rem;text-align:left;vertical-align:top}
.fail{color:#a4000f;font-weight:bold}.pass{color:#00703c}
a{color:#1d70b8}
code{word-break:break-all}
</style>
</head>
<body>
<main>
<h1>Accessibility checks: {{.Title}}</h1>
<p>{{if .Passed}}Every file passed every automatic check.{{else if .NewFailed}}<span class="fail">Some files failed automatic checks</span>: they were not published.{{else}}<span class="fail">Files kept from an earlier build failed automatic checks</span>: this build did not write them; build their formats again, or delete them.{{end}}
Checked by {{.Tool.Name}} {{.Tool.Version}}. Automatic checks find only part of what makes a document accessible: the checks that need a person are listed at the end.</p>
{{- if .Documents}}
<h2>Documents in this pack</h2>
<ul>{{range .Documents}}<li><a href="{{.}}">{{.}}</a></li>{{end}}</ul>
{{- end}}
<h2>Files</h2>
<table>
<caption>Each file, the standard it is checked against, and the result</caption>
<thead><tr><th scope="col">File</th><th scope="col">Checked against</th><th scope="col">Result</th><th scope="col">Size</th><th scope="col">Pages</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
{{- range .Files}}
<tr><th scope="row"><a href="{{.Name}}">{{.Name}}</a>{{if .CarriedOver}} (kept from an earlier build){{end}}</th><td>{{.Standard}}</td><td>{{if not .Checks}}not checked{{else if .Passed}}<span class="pass">passed</span>{{else}}<span class="fail">failed</span>{{end}}</td><td>{{sizeOf .Size}}</td><td>{{if .Pages}}{{.Pages}}{{else}}not paged{{end}}</td><td><code>{{.SHA256}}</code></td></tr>
{{- end}}
</tbody>
</table>
{{- range .Files}}
<h2>{{.Name}}</h2>
{{- if .Findings}}
<h3>Problems found in {{.Name}}</h3>
<ul>{{range .Findings}}<li><span class="{{if eq .Severity "error"}}fail{{end}}">{{.Severity}}</span>: {{if .Where}}{{.Where}}: {{end}}{{.Message}} [{{.Rule}}]{{if .Hint}} (hint: {{.Hint}}){{end}}</li>{{end}}</ul>
{{- end}}
<table>
<caption>Checks run on {{.Name}}</caption>
<thead><tr><th scope="col">Rule</th><th scope="col">What it asks</th><th scope="col">Result</th></tr></thead>
<tbody>
{{- range .Checks}}
<tr><th scope="row">{{.Rule}}</th><td>{{.Title}}</td><td>{{if eq .Result "fail"}}<span class="fail">fail</span>{{else}}{{.Result}}{{end}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
<h2>Checks that need a person</h2>
<table>
<caption>No program can judge these</caption>
<thead><tr><th scope="col">Rule</th><th scope="col">What it asks</th></tr></thead>
<tbody>
{{- range .NeedsAPerson}}
<tr><th scope="row">{{.Rule}}</th><td>{{.Title}}</td></tr>
{{- end}}
</tbody>
</table>
</main>
</body>
</html>
`))

func trimZero(f float64) string {
	s := strings.TrimRight(strings.TrimRight(strconvF(f), "0"), ".")
	return s
}

func strconvF(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
