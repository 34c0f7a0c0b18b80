package pack

import (
	"strings"
	"testing"
)

func TestParseDef(t *testing.T) {
	src := `title: Mental health toolkit for employers
organisation: Example NHS Trust
documents:
  - ahp-mental-health
  - guides/other.md
formats: [pdf, HTML]
note: |
  Every format of the guide.
contact: mentalhealth@hee.nhs.uk
`
	def, err := ParseDef("content/packs/employer-toolkit.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if def.Name != "employer-toolkit" || def.Title != "Mental health toolkit for employers" ||
		def.Organisation != "Example NHS Trust" || def.Note != "Every format of the guide." ||
		def.Contact != "mentalhealth@hee.nhs.uk" {
		t.Errorf("fields: %+v", def)
	}
	if len(def.Documents) != 2 || def.Documents[0].IsPath() || !def.Documents[1].IsPath() ||
		def.Documents[1].Pos.Line != 5 || def.Documents[1].Pos.Col != 5 {
		t.Errorf("documents: %+v", def.Documents)
	}
	if strings.Join(def.Formats, ",") != "pdf,html" || def.FormatsPos.Line != 6 {
		t.Errorf("formats: %v at %v", def.Formats, def.FormatsPos)
	}
}

func TestParseDefErrors(t *testing.T) {
	for _, tc := range []struct{ name, file, src, want string }{
		{"unknown key", "p.yaml", "title: T\ndocuments: [a]\ntittle: x\n", "p.yaml:3:1: error: unknown key \"tittle\""},
		{"american spelling", "p.yaml", "title: T\ndocuments: [a]\norganization: x\n", "spell it organisation"},
		{"no title", "p.yaml", "documents: [a]\n", "p.yaml:1:1: error: pack definition has no title"},
		{"no documents", "p.yaml", "title: T\n", "lists no documents"},
		{"list for title", "p.yaml", "title: [a, b]\ndocuments: [a]\n", "p.yaml:1:8: error: title must be a single string"},
		{"escaping path", "p.yaml", "title: T\ndocuments:\n  - ../../etc/passwd.md\n", "p.yaml:3:5: error: document path"},
		{"absolute path", "p.yaml", "title: T\ndocuments: [/etc/x.md]\n", "must stay inside"},
		{"bad slug", "p.yaml", "title: T\ndocuments: [\"a b\"]\n", "neither a slug"},
		{"duplicate doc", "p.yaml", "title: T\ndocuments: [a, a]\n", "listed twice"},
		{"duplicate key", "p.yaml", "title: T\ntitle: U\ndocuments: [a]\n", "p.yaml:2:1: error: key \"title\" appears twice"},
		{"bad yaml", "p.yaml", "title: T\ndocuments: [a\n", "not valid YAML"},
		{"not a mapping", "p.yaml", "- a\n", "must be a mapping"},
		{"empty", "p.yaml", "", "is empty"},
		{"unsafe name", "Bad Name.yaml", "title: T\ndocuments: [a]\n", "not a safe folder name"},
		{"two documents", "p.yaml", "title: T\ndocuments: [a]\n---\ntitle: U\n", "second YAML document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseDef(tc.file, []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func FuzzParseDef(f *testing.F) {
	f.Add([]byte("title: T\ndocuments: [a, b.md]\nformats: [pdf]\n"))
	f.Add([]byte("title: [\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		def, err := ParseDef("p.yaml", src)
		if (def == nil) == (err == nil) {
			t.Fatalf("def %v, err %v", def, err)
		}
	})
}
