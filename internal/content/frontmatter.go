package content

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/langtag"
	"go.yaml.in/yaml/v3"
)

// frontMatter is the strict, typed YAML header. Unknown keys are errors, so
// a typo ("tittle:") never silently drops a title. A few keys that static-site
// generators use for the same thing are accepted as aliases.
type frontMatter struct {
	Title     string   `yaml:"title"`
	Lang      string   `yaml:"lang"`
	Subtitle  string   `yaml:"subtitle"`
	Summary   string   `yaml:"summary"`
	Authors   strList  `yaml:"authors"`
	Publisher string   `yaml:"publisher"`
	Date      yamlDate `yaml:"date"`
	Updated   yamlDate `yaml:"updated"`
	Version   string   `yaml:"version"`
	Contact   string   `yaml:"contact"`
	Licence   string   `yaml:"licence"`
	Keywords  strList  `yaml:"keywords"`
	Slug      string   `yaml:"slug"`
	// Short forms for the running header and footer of the PDFs.
	ShortTitle     string   `yaml:"short-title"`
	PublisherShort string   `yaml:"publisher-short"`
	TOC            tocDepth `yaml:"toc"`
	// ReadingAge is the plain-English target: a higher reading age is an error.
	ReadingAge int `yaml:"reading-age"`

	// Aliases from Jekyll / Eleventy / Hugo front matter.
	Description string   `yaml:"description"` // = summary
	Author      strList  `yaml:"author"`      // = authors
	Tags        strList  `yaml:"tags"`        // = keywords
	LastUpdated yamlDate `yaml:"lastUpdated"` // = updated
	Language    string   `yaml:"language"`    // = lang
}

// foreignKeys belong to static-site generators (Jekyll, Eleventy, Hugo,
// MkDocs) and mean nothing in an accessible alternative format. They are
// ignored with a warning so existing site content builds; any other unknown
// key is an error, so a typo never silently drops information.
var foreignKeys = map[string]bool{
	"layout": true, "permalink": true, "order": true, "nav_order": true, "weight": true, "section": true,
	"sectionKey": true, "eleventyNavigation": true, "eleventyExcludeFromCollections": true, "showPageNav": true,
	"opengraphImage": true, "ogImage": true, "image": true, "screenshots": true, "parent": true,
	"has_children": true, "draft": true, "aliases": true, "template": true, "menu": true, "categories": true,
	"hide": true, "sidebar": true, "redirect_from": true, "excerpt": true,
}

var knownKeys = "title, lang, subtitle, summary, authors, publisher, date, updated, version, contact, licence, keywords, slug, short-title, publisher-short, toc, reading-age"

// strList accepts a single string or a list of strings.
type strList []string

func (s *strList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			*s = nil
			return nil
		}
		*s = strList{n.Value}
		return nil
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode || c.Tag == "!!map" {
				return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: expected a string in the list", c.Line)}}
			}
			out = append(out, c.Value)
		}
		*s = out
		return nil
	}
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: expected a string or a list of strings", n.Line)}}
}

// tocDepth is `toc: false` (no contents), `toc: true` or absent (the
// writers choose), or `toc: 1`..`toc: 6` (headings down to that level).
type tocDepth struct{ Value int }

func (t *tocDepth) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		switch n.Tag {
		case "!!null":
			return nil
		case "!!bool":
			if n.Value == "false" || n.Value == "False" || n.Value == "FALSE" {
				t.Value = doc.TOCNone
			}
			return nil
		case "!!int":
			var v int
			if _, err := fmt.Sscanf(n.Value, "%d", &v); err == nil && v >= 1 && v <= 6 {
				t.Value = v
				return nil
			}
		}
	}
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: toc must be false or a heading level from 1 to 6", n.Line)}}
}

// yamlDate is YYYY-MM-DD (YAML's own timestamp form is accepted too).
type yamlDate struct {
	Value string
	Line  int
	Col   int
}

func (d *yamlDate) UnmarshalYAML(n *yaml.Node) error {
	d.Line, d.Col = n.Line, n.Column
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: a date must be written YYYY-MM-DD", n.Line)}}
	}
	if n.Tag == "!!null" || n.Value == "" {
		d.Value = ""
		return nil
	}
	v := n.Value
	if len(v) > 10 && v[10] == 'T' {
		v = v[:10]
	}
	if _, err := time.Parse("2006-01-02", v); err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %q is not a date written YYYY-MM-DD", n.Line, n.Value)}}
	}
	d.Value = v
	return nil
}

var (
	slugRe     = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	yamlLineRe = regexp.MustCompile(`line (\d+)`)
)

// splitFrontMatter separates a leading "---" YAML block. It returns the YAML
// bytes, the body, and the 1-based line on which the body starts.
func splitFrontMatter(src []byte) (fm []byte, body []byte, bodyLine int, has bool, err error) {
	if !(bytes.HasPrefix(src, []byte("---\n")) || bytes.HasPrefix(src, []byte("---\r\n"))) {
		return nil, src, 1, false, nil
	}
	rest := src[bytes.IndexByte(src, '\n')+1:]
	line := 2
	off := 0
	for off <= len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		t := strings.TrimRight(string(l), " \t\r")
		if t == "---" || t == "..." {
			fm = rest[:off]
			if end < 0 {
				return fm, nil, line + 1, true, nil
			}
			return fm, rest[off+end+1:], line + 1, true, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, nil, 0, true, errors.New("front matter starts with --- but has no closing --- line")
}

// parseMeta decodes and validates the front matter into doc.Meta.
func parseMeta(file string, fm []byte, ds *doc.Diagnostics) doc.Meta {
	var m frontMatter
	pos := doc.Pos{File: file, Line: 1, Col: 1}
	errsBefore := countErrors(*ds)
	if len(bytes.TrimSpace(fm)) > 0 {
		var root yaml.Node
		if err := yaml.Unmarshal(fm, &root); err != nil {
			*ds = append(*ds, yamlDiag(file, err, nil))
			return doc.Meta{Pos: pos, FrontMatterErrors: true}
		}
		if len(root.Content) == 1 {
			mapping := root.Content[0]
			if mapping.Kind != yaml.MappingNode {
				*ds = append(*ds, doc.Errorf(doc.Pos{File: file, Line: mapping.Line + 1, Col: mapping.Column}, "META-YAML",
					"write front matter as `key: value` lines", "front matter is not a set of keys and values"))
				return doc.Meta{Pos: pos, FrontMatterErrors: true}
			}
			mapping.Content = filterKeys(file, mapping.Content, ds)
			// A value of the wrong type is reported at the value; yaml goes on
			// and decodes the other keys, so they are not reported missing.
			if err := mapping.Decode(&m); err != nil {
				var te *yaml.TypeError
				if !errors.As(err, &te) {
					*ds = append(*ds, yamlDiag(file, err, mapping))
					return doc.Meta{Pos: pos, FrontMatterErrors: true}
				}
				for _, e := range te.Errors {
					*ds = append(*ds, yamlDiag(file, &yaml.TypeError{Errors: []string{e}}, mapping))
				}
			}
		}
	}
	// Keys the model does not know are caught above; here aliases fold in.
	meta := doc.Meta{
		Title:     strings.TrimSpace(m.Title),
		Lang:      strings.TrimSpace(first(m.Lang, m.Language)),
		Subtitle:  strings.TrimSpace(m.Subtitle),
		Summary:   strings.TrimSpace(first(m.Summary, m.Description)),
		Authors:   append(append([]string{}, m.Authors...), m.Author...),
		Publisher: strings.TrimSpace(m.Publisher),
		Date:      m.Date.Value,
		Updated:   first(m.Updated.Value, m.LastUpdated.Value),
		Version:   strings.TrimSpace(m.Version),
		Contact:   strings.TrimSpace(m.Contact),
		Licence:   strings.TrimSpace(m.Licence),
		Keywords:  append(append([]string{}, m.Keywords...), m.Tags...),
		Slug:      strings.TrimSpace(m.Slug),
		Pos:       pos,

		ShortTitle:     strings.TrimSpace(m.ShortTitle),
		PublisherShort: strings.TrimSpace(m.PublisherShort),
		TOC:            m.TOC.Value,
	}
	meta.ReadingAge = checkReadingAge(m.ReadingAge, fmPos(file, fm, "reading-age"), ds)
	if len(meta.Authors) == 0 {
		meta.Authors = nil
	}
	if len(meta.Keywords) == 0 {
		meta.Keywords = nil
	}
	if meta.Slug != "" && !slugRe.MatchString(meta.Slug) {
		*ds = append(*ds, doc.Errorf(fmPos(file, fm, "slug"), "META-SLUG",
			"use lower-case letters, digits and single hyphens, e.g. ahp-mental-health",
			"slug %q is not a valid file name stem", meta.Slug))
		meta.Slug = ""
	}
	if meta.Lang != "" {
		if !ValidLang(meta.Lang) {
			*ds = append(*ds, doc.Errorf(fmPos(file, fm, "lang"), "META-LANG",
				"use a BCP 47 language tag such as en-GB or cy",
				"lang %q is not a valid BCP 47 language tag", meta.Lang))
			meta.Lang = ""
		}
	}
	meta.FrontMatterErrors = countErrors(*ds) > errsBefore
	return meta
}

func countErrors(ds doc.Diagnostics) int {
	n := 0
	for _, d := range ds {
		if d.Severity == doc.Error {
			n++
		}
	}
	return n
}

// ValidLang reports whether s is a well-formed BCP 47 tag (for other packages'
// inputs, such as --lang): langtag.Valid, the one rule.
func ValidLang(s string) bool { return langtag.Valid(s) }

func first(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// yamlDiag turns a yaml error into a positioned diagnostic. yaml.v3 reports
// "line N: ..." relative to the YAML text, which starts on file line 2; every
// line number in the message is turned into the file's ("already defined at
// line 2" keeps its line). With the mapping, a value of the wrong type is
// reported at the value's column.
func yamlDiag(file string, err error, mapping *yaml.Node) *doc.Diagnostic {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line, col := 1, 1
	if m := yamlLeadLineRe.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &line)
		line++ // the opening --- is line 1
		msg = msg[len(m[0]):]
		col = valueCol(mapping, line-1)
	}
	msg = yamlLineRe.ReplaceAllStringFunc(msg, func(s string) string {
		var n int
		fmt.Sscan(strings.TrimPrefix(s, "line "), &n)
		return fmt.Sprintf("line %d", n+1)
	})
	hint := "front matter is YAML between two --- lines"
	code := "META-YAML"
	if strings.Contains(msg, "not found in type") {
		key := msg
		if i := strings.Index(msg, "field "); i >= 0 {
			key = msg[i+6:]
			key = strings.TrimSpace(strings.SplitN(key, " not found", 2)[0])
		}
		msg = fmt.Sprintf("unknown front-matter key %q", key)
		hint = "known keys are " + knownKeys
		code = "META-KEY"
	}
	return doc.Errorf(doc.Pos{File: file, Line: line, Col: col}, code, hint, "%s", msg)
}

var yamlLeadLineRe = regexp.MustCompile(`^line (\d+): `)

// valueCol is the column of the value on YAML line yamlLine of the mapping,
// else 1.
func valueCol(mapping *yaml.Node, yamlLine int) int {
	if mapping == nil {
		return 1
	}
	for i := 0; i+1 < len(mapping.Content); i += 2 {
		if v := mapping.Content[i+1]; v.Line == yamlLine {
			return v.Column
		}
	}
	return 1
}

// fmPos finds the line of a top-level key in the front matter, for messages.
func fmPos(file string, fm []byte, key string) doc.Pos {
	for i, l := range strings.Split(string(fm), "\n") {
		if strings.HasPrefix(l, key+":") {
			return doc.Pos{File: file, Line: i + 2, Col: 1}
		}
	}
	return doc.Pos{File: file, Line: 1, Col: 1}
}

// filterKeys drops foreign keys (warning) and unknown keys (error, with a
// suggestion when the key looks like a typo of a known one) from a mapping.
func filterKeys(file string, kv []*yaml.Node, ds *doc.Diagnostics) []*yaml.Node {
	known := map[string]bool{}
	for _, k := range strings.Split(knownKeys, ", ") {
		known[k] = true
	}
	for _, k := range []string{"description", "author", "tags", "lastUpdated", "language"} {
		known[k] = true
	}
	var out []*yaml.Node
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i]
		p := doc.Pos{File: file, Line: k.Line + 1, Col: k.Column}
		switch {
		case known[k.Value]:
			out = append(out, kv[i], kv[i+1])
		case foreignKeys[k.Value]:
			*ds = append(*ds, doc.Warnf(p, "META-IGNORED", "remove it if the document is only used with altformats",
				"front-matter key %q belongs to a website generator and is ignored", k.Value))
		default:
			// Keys from other tools (owner_slack, status, nav_title) are
			// ignored with a warning; only a likely typo of a known key
			// refuses the document, since its value would be lost silently.
			if s := closestKey(k.Value, strings.Split(knownKeys, ", ")); s != "" {
				hint := fmt.Sprintf("did you mean %q? known keys are %s", s, knownKeys)
				*ds = append(*ds, doc.Errorf(p, "META-KEY", hint, "unknown front-matter key %q", k.Value))
				continue
			}
			*ds = append(*ds, doc.Warnf(p, "META-UNKNOWN", "known keys are "+knownKeys+"; remove it if no other tool needs it",
				"front-matter key %q is not used by altformats and is ignored", k.Value))
		}
	}
	return out
}
