package pack

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/safefile"
	"go.yaml.in/yaml/v3"
)

// Def is a pack definition, content/packs/<name>.yaml: a set of documents
// in a set of formats, prepared for an organisation, with a covering note.
type Def struct {
	Name         string // the file name without .yaml: the pack's folder and zip name
	Path         string // the definition file, for messages
	Title        string
	Organisation string // optional: who the pack is prepared for
	Documents    []DocumentRef
	Formats      []string // empty means every format the tool knows
	FormatsPos   doc.Pos
	// Paper is the page size of the pack's PDFs and Word files; zero means
	// altformats.yaml's paper, else A4.
	Paper   doc.Paper
	Note    string // short covering note, plain text
	Contact string // optional: e-mail address or URL to ask for another format
	Pos     doc.Pos
}

// DocumentRef is one entry of "documents": a path under the content folder
// ("ahp-mental-health.md") or a document's slug ("ahp-mental-health").
type DocumentRef struct {
	Ref string
	Pos doc.Pos
}

// IsPath reports whether the entry names a Markdown file rather than a slug.
func (p DocumentRef) IsPath() bool { return strings.HasSuffix(strings.ToLower(p.Ref), ".md") }

var (
	packNameRe     = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	packSlugRe     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	packYAMLLineRe = regexp.MustCompile(`line (\d+)`)
)

const packKeys = "title, organisation, documents, formats, paper, note, contact"

// LoadDef reads and validates one pack definition.
func LoadDef(file string) (*Def, error) {
	src, err := safefile.ReadRegular(file, doc.MaxSettingsBytes)
	if err != nil {
		return nil, fmt.Errorf("load pack: %w", err)
	}
	return ParseDef(file, src)
}

// ParseDef parses a pack definition strictly: unknown keys, wrong types
// and missing required keys are errors at their line and column, returned as
// doc.Diagnostics.
func ParseDef(file string, src []byte) (*Def, error) {
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	def := &Def{Name: name, Path: file, Pos: doc.Pos{File: file, Line: 1, Col: 1}}
	var ds doc.Diagnostics
	at := func(n *yaml.Node) doc.Pos { return doc.Pos{File: file, Line: n.Line, Col: n.Column} }
	fail := func(pos doc.Pos, hint, format string, args ...any) {
		ds = append(ds, doc.Errorf(pos, "PACK-DEF", hint, format, args...))
	}
	if !packNameRe.MatchString(name) {
		fail(def.Pos, "rename the file using lower-case letters, digits and hyphens, e.g. employer-toolkit.yaml",
			"pack name %q is not a safe folder name", name)
	}

	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		pos := def.Pos
		if errors.Is(err, io.EOF) {
			fail(pos, "add title: and documents:", "pack definition is empty")
			return nil, ds
		}
		if m := packYAMLLineRe.FindStringSubmatch(err.Error()); m != nil {
			pos.Line, _ = strconv.Atoi(m[1])
			pos.Col = 0
		}
		fail(pos, "check the indentation and quoting", "pack definition is not valid YAML: %s",
			strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, ds
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		fail(at(&extra), "keep one YAML document per pack file", "a second YAML document (---) follows the pack definition")
	}
	m := &root
	if m.Kind == yaml.DocumentNode && len(m.Content) == 1 {
		m = m.Content[0]
	}
	if m.Kind != yaml.MappingNode {
		fail(at(m), "write the pack as keys: "+packKeys, "pack definition must be a mapping of keys")
		return nil, ds
	}

	str := func(n *yaml.Node, key string) string {
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			fail(at(n), "write it as text on the same line, or quote it", "%s must be a single string", key)
			return ""
		}
		return strings.TrimSpace(n.Value)
	}
	list := func(n *yaml.Node, key string) []*yaml.Node {
		if n.Kind != yaml.SequenceNode {
			fail(at(n), "write one item per line, each starting with \"- \"", "%s must be a list", key)
			return nil
		}
		var out []*yaml.Node
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode || c.Tag == "!!null" || strings.TrimSpace(c.Value) == "" {
				fail(at(c), "", "%s entries must be non-empty strings", key)
				continue
			}
			out = append(out, c)
		}
		return out
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		if seen[key] {
			fail(at(k), "", "key %q appears twice", key)
			continue
		}
		seen[key] = true
		switch key {
		case "title":
			def.Title = str(v, key)
		case "organisation":
			def.Organisation = str(v, key)
		case "note":
			def.Note = str(v, key)
		case "contact":
			def.Contact = str(v, key)
		case "documents":
			dups := map[string]bool{}
			for _, c := range list(v, key) {
				ref := strings.TrimSpace(c.Value)
				pd := DocumentRef{Ref: ref, Pos: at(c)}
				switch {
				case dups[ref]:
					fail(pd.Pos, "", "document %q is listed twice", ref)
				case pd.IsPath() && !staysInside(ref):
					fail(pd.Pos, "give the path relative to the content folder, e.g. ahp-mental-health.md",
						"document path %q must stay inside the content folder", ref)
				case !pd.IsPath() && !packSlugRe.MatchString(ref):
					fail(pd.Pos, "give a document's slug (ahp-mental-health) or its .md path",
						"%q is neither a slug nor a .md path", ref)
				}
				dups[ref] = true
				def.Documents = append(def.Documents, pd)
			}
		case "paper":
			if p, err := doc.ParsePaper(str(v, key)); err != nil {
				fail(at(v), doc.PaperHint(), "%v", err)
			} else {
				def.Paper = p
			}
		case "formats":
			def.FormatsPos = at(v)
			dups := map[string]bool{}
			for _, c := range list(v, key) {
				f := strings.ToLower(strings.TrimSpace(c.Value))
				if dups[f] {
					fail(at(c), "", "format %q is listed twice", f)
				}
				dups[f] = true
				def.Formats = append(def.Formats, f)
			}
		default:
			hint := "the keys are " + packKeys
			if key == "organization" {
				hint = "spell it organisation"
			}
			fail(at(k), hint, "unknown key %q in pack definition", key)
		}
	}
	if def.Title == "" && !seen["title"] {
		fail(at(m), "add a title: line, e.g. title: Mental health toolkit for employers", "pack definition has no title")
	} else if def.Title == "" {
		fail(at(m), "", "pack title is empty")
	}
	if len(def.Documents) == 0 && !ds.HasErrors() {
		fail(at(m), "add documents: with at least one slug or .md path", "pack lists no documents")
	}
	if ds.HasErrors() {
		ds.Sort()
		return nil, ds
	}
	return def, nil
}

// staysInside accepts a slash-separated relative path that stays inside its
// root: no absolute paths, no "..", no backslashes or drive letters.
func staysInside(p string) bool {
	if p == "" || strings.ContainsAny(p, "\\:\x00") || path.IsAbs(p) {
		return false
	}
	c := path.Clean(p)
	return c != ".." && !strings.HasPrefix(c, "../") && c == p
}

// Names lists the packs defined in contentDir/packs, sorted.
func Names(contentDir string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(contentDir, "packs", "*.yaml"))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, m := range matches {
		names = append(names, strings.TrimSuffix(filepath.Base(m), ".yaml"))
	}
	sort.Strings(names)
	return names, nil
}

// DefPath is where the pack called name is defined: name itself when it is a
// path to a .yaml file, else contentDir/packs/<name>.yaml.
func DefPath(contentDir, name string) string {
	if strings.HasSuffix(name, ".yaml") {
		return name
	}
	return filepath.Join(contentDir, "packs", name+".yaml")
}
