package build_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/pack"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
	"github.com/altformats/altformats/internal/verify"
)

func packFiles(outs []build.Output) []pack.File {
	var fs []pack.File
	for _, o := range outs {
		fs = append(fs, pack.File{Path: o.Name, Format: o.Format.Name, Data: o.Data})
	}
	return fs
}

func replaceOnce(t *testing.T, b []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%q not found", old)
	}
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}

// A broken writer cannot publish: each format's file is corrupted in the
// staging folder, after it was written and before the swap, and the read-back
// must refuse the whole folder, naming the file and the rule, and leave the
// earlier outputs exactly as they were.
func TestReadBackRefusesCorruptedStage(t *testing.T) {
	d := testutil.LoadCase(t, "kitchen-sink")
	outs, err := build.RenderDoc(d, build.Available(), render.Options{Generator: "altformats test"})
	if err != nil {
		t.Fatal(err)
	}
	corrupt := map[string]struct {
		rule string
		edit func([]byte) []byte
	}{
		"pdf":         {"PDF-TAGGED", func(b []byte) []byte { return replaceOnce(t, b, "/StructTreeRoot", "/StructTreeRooX") }},
		"large-print": {verify.RuleFormat, func(b []byte) []byte { return b[:len(b)/2] }},
		"docx": {"DOCX-ALT", func(b []byte) []byte {
			return testutil.Rezip(t, b, func(n string, x []byte) []byte {
				if n == "word/document.xml" {
					return bytes.ReplaceAll(x, []byte(`descr="small chart"`), nil)
				}
				return x
			})
		}},
		"html": {"HTML-LANG", func(b []byte) []byte { return replaceOnce(t, b, `<html lang="en-GB"`, `<html`) }},
		"epub": {"HTML-ACTIVE", func(b []byte) []byte {
			return testutil.Rezip(t, b, func(n string, x []byte) []byte {
				if strings.HasSuffix(n, ".xhtml") && !strings.Contains(n, "nav") {
					return bytes.Replace(x, []byte("</body>"), []byte(`<script>alert(1)</script></body>`), 1)
				}
				return x
			})
		}},
		"txt":     {"TXT-UTF8", func(b []byte) []byte { return append(append([]byte{}, b...), 0xff, 0xfe) }},
		"braille": {verify.RuleBRFChars, func(b []byte) []byte { return replaceOnce(t, b, "\n", "\nlower case\n") }},
	}
	tool := verify.Tool{Name: "altformats", Version: "test"}
	for _, f := range build.Available() { // braille when liblouis is here
		c, ok := corrupt[f.Name]
		if !ok {
			t.Fatalf("no corruption test for format %s", f.Name)
		}
		t.Run(f.Name, func(t *testing.T) {
			out := t.TempDir()
			dest := filepath.Join(out, d.Meta.Slug)
			check := func(stage string, carried []string) ([]pack.File, error) {
				reports, _, err := build.ReadBack(d, stage, outs, carried, render.Options{Generator: "altformats test"}, tool, func(n string) string { return filepath.Join(dest, n) })
				var fs []pack.File
				for _, r := range reports {
					fs = append(fs, pack.File{Path: r.Name, Data: r.Data})
				}
				return fs, err
			}
			// A first, good build publishes every file and the reports.
			if err := pack.WriteOutputsChecked(out, d.Meta.Slug, packFiles(outs), nil, check); err != nil {
				t.Fatalf("good build refused: %v", err)
			}
			before := snapshot(t, dest)
			if before[build.ReportJSON] == "" || before[build.ReportHTML] == "" {
				t.Fatalf("no reports published: %v", keys(before))
			}
			// The second build's file is corrupted in the stage.
			name := d.Meta.Slug + f.Suffix
			err := pack.WriteOutputsChecked(out, d.Meta.Slug, packFiles(outs), nil, func(stage string, carried []string) ([]pack.File, error) {
				p := filepath.Join(stage, name)
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, c.edit(b), 0o644); err != nil {
					t.Fatal(err)
				}
				return check(stage, carried)
			})
			var ds doc.Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("corrupted %s was published (err %v)", name, err)
			}
			found := false
			for _, x := range ds {
				if x.Code == c.rule && x.Pos.File == filepath.Join(dest, name) {
					found = true
				}
			}
			if !found {
				t.Errorf("no %s error naming %s; got:\n%v", c.rule, name, ds)
			}
			after := snapshot(t, dest)
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s changed although the build was refused", k)
				}
			}
			if len(after) != len(before) {
				t.Errorf("files before %v, after %v", keys(before), keys(after))
			}
			if left, _ := filepath.Glob(filepath.Join(out, ".*")); len(left) > 0 {
				t.Errorf("staging folder left behind: %v", left)
			}
		})
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// seedCopy copies the seed page into a fresh folder, so a build of it writes
// into a temporary --out only.
func seedCopy(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "content", "ahp-mental-health.md"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "seed.md")
	if err := os.WriteFile(p, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func buildFormats(t *testing.T, src, out string, names ...string) build.Result {
	t.Helper()
	fs, err := build.LookupFormats(names)
	if err != nil {
		t.Fatal(err)
	}
	opt := build.Options{Formats: fs, Render: render.Options{Theme: render.DefaultTheme(), Generator: "altformats test"}}
	res := build.Documents([]string{src}, out, opt, nil)
	if len(res) != 1 {
		t.Fatalf("%d results", len(res))
	}
	return res[0]
}

type reportJSON struct {
	Passed bool `json:"passed"`
	Files  []struct {
		Name        string `json:"name"`
		Passed      bool   `json:"passed"`
		SHA256      string `json:"sha256"`
		CarriedOver bool   `json:"carried_over"`
	} `json:"files"`
}

func readReport(t *testing.T, dir string) reportJSON {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, build.ReportJSON))
	if err != nil {
		t.Fatal(err)
	}
	var r reportJSON
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// Files an earlier build left (other --formats) are read back by the next
// build and listed in its reports, marked as carried over; a defect in one
// is a warning naming it (this build did not write it), and the report says
// it failed.
func TestCarriedOverFilesAreReadBack(t *testing.T) {
	src, out := seedCopy(t), t.TempDir()
	if r := buildFormats(t, src, out, "html", "txt", "epub"); r.Err != nil {
		t.Fatalf("first build: %v", r.Err)
	}
	r := buildFormats(t, src, out, "pdf")
	if r.Err != nil {
		t.Fatalf("second build: %v", r.Err)
	}
	dir := filepath.Join(out, r.Doc.Meta.Slug)
	rep := readReport(t, dir)
	got := map[string]bool{}
	for _, f := range rep.Files {
		got[f.Name] = f.CarriedOver
	}
	slug := r.Doc.Meta.Slug
	want := map[string]bool{slug + ".pdf": false, slug + ".html": true, slug + ".txt": true, slug + ".epub": true}
	for name, carried := range want {
		c, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s is in the folder but not in report.json (files %v)", name, got)
		case c != carried:
			t.Errorf("%s: carried_over %v, want %v", name, c, carried)
		}
	}
	if !rep.Passed {
		t.Errorf("report does not pass: %+v", rep)
	}

	// A carried-over file that no longer passes: reported, warned, not fatal.
	html := filepath.Join(dir, slug+".html")
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(b, []byte(`<html lang="en-GB"`), []byte(`<html`), 1)
	if bytes.Equal(bad, b) {
		t.Fatal("no lang attribute to remove")
	}
	os.Remove(html) // a fresh inode: the published file may be hard-linked
	if err := os.WriteFile(html, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	r = buildFormats(t, src, out, "pdf")
	if r.Err != nil {
		t.Fatalf("a defect in a carried-over file refused the build: %v", r.Err)
	}
	warned := false
	for _, d := range r.Diags {
		if d.Code == "HTML-LANG" && d.Severity == doc.Warning && d.Pos.File == html {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no HTML-LANG warning naming %s; diagnostics:\n%v", html, r.Diags)
	}
	rep = readReport(t, dir)
	for _, f := range rep.Files {
		if f.Name == slug+".html" && (f.Passed || !f.CarriedOver) {
			t.Errorf("report: %s passed=%v carried_over=%v, want a failed carried-over file", f.Name, f.Passed, f.CarriedOver)
		}
	}
	if rep.Passed {
		t.Error("report passes although a file in the folder fails")
	}
}

// An EPUB claims conformance (dcterms:conformsTo) only when its read-back
// checks passed in the same run: the writer puts the claim in the staged
// book, and only a book that passed every check and the parity is
// published (a failing one stays in the dropped stage: see
// TestReadBackRefusesCorruptedStage, whose EPUB carries the claim); the
// report describes the published file; a failing book that claims
// conformance is an EPUB-CONFORMS error besides its own.
func TestEPUBClaimFollowsItsReadBack(t *testing.T) {
	claim := []byte("dcterms:conformsTo")
	src, out := seedCopy(t), t.TempDir()
	r := buildFormats(t, src, out, "epub", "html")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	dir := filepath.Join(out, r.Doc.Meta.Slug)
	published, err := os.ReadFile(filepath.Join(dir, r.Doc.Meta.Slug+".epub"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(opfOf(t, published), claim) {
		t.Fatal("a book that passed its checks was published without its claim")
	}
	sum := sha256.Sum256(published)
	for _, f := range readReport(t, dir).Files {
		if f.Name == r.Doc.Meta.Slug+".epub" && f.SHA256 != hex.EncodeToString(sum[:]) {
			t.Error("report.json describes another EPUB than the one published")
		}
	}
	if res := verify.File("x.epub", published); res.Errors() != 0 {
		t.Fatalf("published EPUB fails: %v", res.Findings)
	}

	// The same book failing a check: its claim is an error of its own.
	broken := testutil.Rezip(t, published, func(n string, x []byte) []byte {
		if strings.HasSuffix(n, ".xhtml") && !strings.Contains(n, "nav") {
			return bytes.Replace(x, []byte("</body>"), []byte(`<script>alert(1)</script></body>`), 1)
		}
		return x
	})
	res := verify.File("x.epub", broken)
	rules := map[string]bool{}
	for _, f := range res.Findings {
		rules[f.Rule] = true
	}
	if !rules["HTML-ACTIVE"] || !rules["EPUB-CONFORMS"] {
		t.Errorf("a failing book claiming conformance: findings %v, want HTML-ACTIVE and EPUB-CONFORMS", res.Findings)
	}
}

// opfOf is the package document of an EPUB.
func opfOf(t *testing.T, b []byte) []byte {
	t.Helper()
	var opf []byte
	testutil.Rezip(t, b, func(n string, x []byte) []byte {
		if strings.HasSuffix(n, ".opf") {
			opf = x
		}
		return x
	})
	if opf == nil {
		t.Fatal("no package document")
	}
	return opf
}

// Reading a file back keeps nothing of its bytes (the build maps the staged
// file and unmaps it once checked: pack.ReadMapped): every format's file is
// read back from a buffer that is then overwritten, and the result must be
// what a read of untouched bytes gives. A result borrowing a string or a
// slice from the input fails here, where in a build it would read unmapped
// memory.
func TestReadBackKeepsNothingOfTheBytes(t *testing.T) {
	for _, name := range []string{"kitchen-sink", "seed"} {
		var d *doc.Document
		if name == "seed" {
			d = testutil.Seed(t)
		} else {
			d = testutil.LoadCase(t, name)
		}
		outs, err := build.RenderDoc(d, build.Formats(), render.Options{Theme: render.DefaultTheme(), Generator: "altformats test"})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outs {
			buf := bytes.Clone(o.Data)
			got := verify.DocumentFile(o.Name, buf)
			for i := range buf {
				buf[i] = 'x'
			}
			want := verify.DocumentFile(o.Name, o.Data)
			if got.Facts == nil && want.Facts != nil {
				t.Fatalf("%s %s: no facts", name, o.Name)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s: the result changed when the bytes it was read from were overwritten", name, o.Name)
			}
		}
	}
}
