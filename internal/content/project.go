package content

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"go.yaml.in/yaml/v3"
)

// ProjectFile is the name of the project defaults file at a content root.
const ProjectFile = "altformats.yaml"

// Project is altformats.yaml: defaults for every document under its folder.
// A document's own front matter wins over it; command-line flags win over
// both.
type Project struct {
	Path string   // the file, as found
	Meta doc.Meta // defaults for front-matter keys (Lang, Publisher, ...)

	Paper   doc.Paper // zero = not set
	Formats []string  // format names, checked by the caller (content does not know the writers)
	Theme   string    // a --templates folder, resolved against the file's folder
	// Positions of the build settings, for the caller's messages.
	PaperPos, FormatsPos, ThemePos doc.Pos
}

// projectFile is the front matter plus the build settings. The front-matter
// types do the decoding, so a default is read exactly as a document's key is.
type projectFile struct {
	frontMatter `yaml:",inline"`
	Paper       string  `yaml:"paper"`
	Formats     strList `yaml:"formats"`
	Theme       string  `yaml:"theme"`
}

// projectKeys are the keys altformats.yaml accepts; perDocument are the
// front-matter keys that only make sense in one document.
var (
	projectKeys = []string{"lang", "language", "publisher", "contact", "licence", "authors", "author", "keywords",
		"tags", "version", "reading-age", "paper", "formats", "theme", "toc", "publisher-short"}
	perDocument = map[string]bool{"title": true, "subtitle": true, "summary": true, "description": true,
		"slug": true, "date": true, "updated": true, "lastUpdated": true, "short-title": true}
)

// FindProject walks up from dir (a folder) to the first altformats.yaml; ""
// when there is none.
func FindProject(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(abs, ProjectFile)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			rel, err := filepath.Rel(mustAbs("."), p)
			if err != nil || strings.HasPrefix(rel, "..") {
				return p, nil
			}
			return rel, nil
		}
		up := filepath.Dir(abs)
		if up == abs {
			return "", nil
		}
		abs = up
	}
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// LoadProject reads and strictly validates an altformats.yaml: unknown keys,
// per-document keys, wrong types and bad values are errors at their line.
func LoadProject(path string) (*Project, doc.Diagnostics, error) {
	src, err := readRegular(path, doc.MaxSettingsBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("load %s: %w", path, err)
	}
	p, ds := ParseProject(path, src)
	return p, ds, ds.Err()
}

// ParseProject decodes altformats.yaml bytes; path is for messages and to
// resolve the theme folder.
func ParseProject(path string, src []byte) (*Project, doc.Diagnostics) {
	var ds doc.Diagnostics
	p := &Project{Path: path}
	at := func(n *yaml.Node) doc.Pos { return doc.Pos{File: path, Line: n.Line, Col: n.Column} }
	if len(bytes.TrimSpace(src)) == 0 {
		return p, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, doc.Diagnostics{projectYAMLDiag(path, err, nil)}
	}
	if len(root.Content) != 1 {
		return p, nil
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, doc.Diagnostics{doc.Errorf(at(m), "PROJECT-YAML", "write `key: value` lines, e.g. `lang: en-GB`",
			"%s is not a set of keys and values", ProjectFile)}
	}
	var kept []*yaml.Node
	pos := map[string]doc.Pos{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		pos[k.Value] = at(k)
		switch {
		case contains(projectKeys, k.Value):
			kept = append(kept, m.Content[i], m.Content[i+1])
		case perDocument[k.Value]:
			ds = append(ds, doc.Errorf(at(k), "PROJECT-KEY", "put it in each document's front matter",
				"%q belongs to one document and cannot be a project default", k.Value))
		default:
			hint := "known keys are " + strings.Join(projectKeys, ", ")
			if s := closestKey(k.Value, projectKeys); s != "" && contains(projectKeys, s) {
				hint = fmt.Sprintf("did you mean %q? %s", s, hint)
			}
			ds = append(ds, doc.Errorf(at(k), "PROJECT-KEY", hint, "unknown key %q in %s", k.Value, ProjectFile))
		}
	}
	m.Content = kept
	var f projectFile
	if err := m.Decode(&f); err != nil {
		return nil, append(ds, projectYAMLDiag(path, err, m))
	}
	p.Meta = doc.Meta{
		Lang:      strings.TrimSpace(first(f.Lang, f.Language)),
		Publisher: strings.TrimSpace(f.Publisher),
		Contact:   strings.TrimSpace(f.Contact),
		Licence:   strings.TrimSpace(f.Licence),
		Version:   strings.TrimSpace(f.Version),
		Authors:   nonEmpty(append(append([]string{}, f.Authors...), f.Author...)),
		Keywords:  nonEmpty(append(append([]string{}, f.Keywords...), f.Tags...)),

		PublisherShort: strings.TrimSpace(f.PublisherShort),
		TOC:            f.TOC.Value,
	}
	if l := p.Meta.Lang; l != "" && !ValidLang(l) {
		ds = append(ds, doc.Errorf(first2(pos, "lang", "language"), "META-LANG", "use a BCP 47 language tag such as en-GB or cy",
			"lang %q is not a valid BCP 47 language tag", l))
		p.Meta.Lang = ""
	}
	p.Meta.ReadingAge = checkReadingAge(f.ReadingAge, pos["reading-age"], &ds)
	paper, err := doc.ParsePaper(f.Paper)
	if err != nil {
		ds = append(ds, doc.Errorf(pos["paper"], "PROJECT-VALUE", doc.PaperHint(), "%v", err))
	}
	p.Paper = paper
	p.Formats = f.Formats
	if t := strings.TrimSpace(f.Theme); t != "" {
		if !filepath.IsAbs(t) {
			t = filepath.Join(filepath.Dir(path), t)
		}
		p.Theme = t
	}
	p.PaperPos, p.FormatsPos, p.ThemePos = pos["paper"], pos["formats"], pos["theme"]
	return p, ds
}

// checkReadingAge validates a `reading-age:` target: a UK reading age a
// person can have, from 5 (grade 0) to 25.
func checkReadingAge(age int, pos doc.Pos, ds *doc.Diagnostics) int {
	if age == 0 {
		return 0
	}
	if age < 5 || age > 25 {
		*ds = append(*ds, doc.Errorf(pos, "META-READING-AGE", "give a reading age in years, e.g. `reading-age: 11` (the NHS aims at 9 to 11)",
			"reading-age %d is not a reading age from 5 to 25", age))
		return 0
	}
	return age
}

// projectYAMLDiag is yamlDiag for a file that is all YAML: yamlDiag counts
// lines from a front matter's opening ---, one line above the YAML.
func projectYAMLDiag(path string, err error, mapping *yaml.Node) *doc.Diagnostic {
	d := yamlDiag(path, err, mapping)
	var te *yaml.TypeError
	if d.Pos.Line > 1 || errors.As(err, &te) {
		d.Pos.Line = max(1, d.Pos.Line-1)
	}
	d.Code = "PROJECT-YAML"
	d.Hint = ProjectFile + " is YAML: `key: value` lines, e.g. `lang: en-GB`"
	return d
}

// Apply fills the document's empty metadata from the project defaults.
func (p *Project) Apply(m *doc.Meta) {
	if p == nil {
		return
	}
	d := p.Meta
	set := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	set(&m.Lang, d.Lang)
	set(&m.Publisher, d.Publisher)
	set(&m.Contact, d.Contact)
	set(&m.Licence, d.Licence)
	set(&m.Version, d.Version)
	set(&m.PublisherShort, d.PublisherShort)
	if m.TOC == 0 {
		m.TOC = d.TOC
	}
	if len(m.Authors) == 0 {
		m.Authors = d.Authors
	}
	if len(m.Keywords) == 0 {
		m.Keywords = d.Keywords
	}
	if m.ReadingAge == 0 {
		m.ReadingAge = d.ReadingAge
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func nonEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func first2(pos map[string]doc.Pos, keys ...string) doc.Pos {
	for _, k := range keys {
		if p, ok := pos[k]; ok {
			return p
		}
	}
	return doc.Pos{}
}
