package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/altformats/altformats/internal/check/plain"
	"github.com/altformats/altformats/internal/diag"
	"github.com/altformats/altformats/internal/doc"
)

// checkedDoc is one document's outcome in `check`.
type checkedDoc struct {
	path   string
	lang   string
	diags  doc.Diagnostics
	report *plain.Report // nil when the document could not be read
	other  error         // a failure that is not a diagnostic (I/O)
}

// writePlainText prints the plain-English report: the document's scores,
// then each section's.
func writePlainText(w io.Writer, cd checkedDoc) {
	r := cd.report
	switch {
	case r == nil:
		return
	case !r.English:
		fmt.Fprintf(w, "%s: no plain-English report: the language is %s and the report is for English only\n", cd.path, r.Lang)
		return
	case r.Document.Words == 0:
		return
	}
	fmt.Fprintf(w, "%s: plain English: %s; %s in %s\n", cd.path, scoreWords(r.Document),
		plural(r.Document.Words, "word"), plural(r.Document.Sentences, "sentence"))
	for _, s := range r.Sections {
		fmt.Fprintf(w, "  %s (line %d): %s\n", s.Title, s.Pos.Line, scoreWords(s.Scores))
	}
}

func scoreWords(s plain.Scores) string {
	out := fmt.Sprintf("Flesch-Kincaid grade %.1f (reading age %.0f), Flesch reading ease %.0f (reading age %.0f)",
		s.Grade, s.ReadingAge(), s.ReadingEase, plain.UKAge(plain.EaseGrade(s.ReadingEase)))
	if s.SMOG > 0 {
		out += fmt.Sprintf(", SMOG %.1f (reading age %.0f)", s.SMOG, plain.UKAge(s.SMOG))
	}
	return out
}

// ---- JSON ----

type jsonScores struct {
	Words           int     `json:"words"`
	Sentences       int     `json:"sentences"`
	Syllables       int     `json:"syllables"`
	Polysyllables   int     `json:"polysyllables"`
	ReadingEase     float64 `json:"flesch_reading_ease"`
	ReadingEaseAge  float64 `json:"flesch_reading_ease_reading_age"`
	Grade           float64 `json:"flesch_kincaid_grade"`
	GradeReadingAge float64 `json:"flesch_kincaid_reading_age"`
	SMOG            float64 `json:"smog,omitempty"`
	SMOGReadingAge  float64 `json:"smog_reading_age,omitempty"`
}

type jsonSection struct {
	Title  string     `json:"title"`
	Line   int        `json:"line"`
	Scores jsonScores `json:"scores"`
}

type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

type jsonDoc struct {
	File      string        `json:"file"`
	Lang      string        `json:"lang,omitempty"`
	Errors    int           `json:"errors"`
	Warnings  int           `json:"warnings"`
	Plain     *jsonPlain    `json:"plain_english,omitempty"`
	Findings  []jsonFinding `json:"findings"`
	LoadError string        `json:"load_error,omitempty"`
}

type jsonPlain struct {
	English  bool          `json:"english"`
	Note     string        `json:"note,omitempty"`
	Document *jsonScores   `json:"document,omitempty"`
	Sections []jsonSection `json:"sections,omitempty"`
}

type jsonCheck struct {
	Tool      string    `json:"tool"`
	Documents []jsonDoc `json:"documents"`
	Errors    int       `json:"errors"`
	Warnings  int       `json:"warnings"`
}

func toJSONScores(s plain.Scores) jsonScores {
	j := jsonScores{Words: s.Words, Sentences: s.Sentences, Syllables: s.Syllables, Polysyllables: s.Polysyllables,
		ReadingEase: s.ReadingEase, ReadingEaseAge: plain.UKAge(plain.EaseGrade(s.ReadingEase)),
		Grade: s.Grade, GradeReadingAge: s.ReadingAge(), SMOG: s.SMOG}
	if s.SMOG > 0 {
		j.SMOGReadingAge = plain.UKAge(s.SMOG)
	}
	return j
}

func writeCheckJSON(w io.Writer, docs []checkedDoc) error {
	out := jsonCheck{Tool: "altformats " + Version, Documents: []jsonDoc{}}
	for _, cd := range docs {
		jd := jsonDoc{File: cd.path, Lang: cd.lang, Findings: []jsonFinding{}}
		for _, d := range cd.diags {
			jd.Findings = append(jd.Findings, jsonFinding{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col,
				Severity: d.Severity.String(), Code: d.Code, Message: d.Message, Hint: d.Hint})
			if d.Severity == doc.Error {
				jd.Errors++
			} else {
				jd.Warnings++
			}
		}
		if cd.other != nil {
			jd.LoadError = cd.other.Error()
			jd.Errors++
		}
		if r := cd.report; r != nil {
			jp := &jsonPlain{English: r.English}
			if !r.English {
				jp.Note = "the plain-English report is for English only"
			} else {
				ds := toJSONScores(r.Document)
				jp.Document = &ds
				for _, s := range r.Sections {
					jp.Sections = append(jp.Sections, jsonSection{Title: s.Title, Line: s.Pos.Line, Scores: toJSONScores(s.Scores)})
				}
			}
			jd.Plain = jp
		}
		out.Errors += jd.Errors
		out.Warnings += jd.Warnings
		out.Documents = append(out.Documents, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// ---- SARIF 2.1.0 ----

// sarifSchema is where SARIF readers find the schema of what we write.
const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	Results    []sarifResult `json:"results"`
	ColumnKind string        `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID               string          `json:"id"`
	ShortDescription sarifText       `json:"shortDescription"`
	FullDescription  sarifText       `json:"fullDescription"`
	Help             sarifText       `json:"help"`
	DefaultConfig    *sarifRuleLevel `json:"defaultConfiguration,omitempty"`
}

type sarifRuleLevel struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// writeCheckSARIF writes one run: every code the tool can print is described
// once in the driver's rules (from the registry, with its fix as help), and
// each finding refers to its rule by id and index.
func writeCheckSARIF(w io.Writer, docs []checkedDoc) error {
	var rules []sarifRule
	index := map[string]int{}
	addRule := func(id, meaning, fix string) {
		index[id] = len(rules)
		rules = append(rules, sarifRule{ID: id, ShortDescription: sarifText{meaning}, FullDescription: sarifText{meaning},
			Help: sarifText{fix}})
	}
	for _, c := range diag.All() {
		addRule(c.ID, c.Meaning, c.Fix)
	}
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "altformats", Version: Version,
		InformationURI: "https://github.com/altformats/altformats"}}, Results: []sarifResult{}, ColumnKind: "unicodeCodePoints"}
	for _, cd := range docs {
		ds := cd.diags
		if cd.other != nil {
			ds = append(ds, doc.Errorf(doc.Pos{File: cd.path}, "CHECK-IO", "check that the file exists and can be read", "%v", cd.other))
		}
		for _, d := range ds {
			id := d.Code
			if id == "" {
				id = "CHECK-UNCODED"
			}
			if _, ok := index[id]; !ok {
				// not in the registry (yet): still a rule, described by its first message
				addRule(id, d.Message, d.Hint)
			}
			msg := d.Message
			if d.Hint != "" {
				msg += " (hint: " + d.Hint + ")"
			}
			res := sarifResult{RuleID: id, RuleIndex: index[id], Level: d.Severity.String(), Message: sarifText{msg}}
			if file := d.Pos.File; file != "" {
				loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: fileURI(file)}}}
				if d.Pos.Line > 0 {
					loc.PhysicalLocation.Region = &sarifRegion{StartLine: d.Pos.Line, StartColumn: d.Pos.Col}
				}
				res.Locations = []sarifLocation{loc}
			}
			run.Results = append(run.Results, res)
		}
	}
	run.Tool.Driver.Rules = rules
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// fileURI is a relative path as a URI reference (forward slashes, escaped),
// which code scanning resolves against the repository root; an absolute
// path becomes a file: URI.
func fileURI(p string) string {
	slash := filepath.ToSlash(p)
	if filepath.IsAbs(p) {
		return (&url.URL{Scheme: "file", Path: slash}).String()
	}
	slash = strings.TrimPrefix(slash, "./")
	return (&url.URL{Path: slash}).String()
}
