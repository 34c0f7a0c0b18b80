package cli

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/diag"
	"github.com/altformats/altformats/internal/testutil"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// checkFolder is a folder with one document of each kind check must report:
// one with an error (a missing image), one with plain-English warnings, one
// Welsh, one that cannot be parsed (bad front matter).
func checkFolder(t *testing.T) string {
	dir := t.TempDir()
	writeDoc(t, dir, "a-error.md", "---\ntitle: Error\nlang: en-GB\n---\n\n![](missing-alt.png)\n")
	writeDoc(t, dir, "b-plain.md", "---\ntitle: Plain\nlang: en-GB\n---\n\n"+
		"We will utilise the NHS app. The National Health Service (NHS) runs it. Forms are processed by our staff.\n")
	writeDoc(t, dir, "c-welsh.md", "---\ntitle: Croeso\nlang: cy\n---\n\nMae hwn yn ddogfen yn Gymraeg.\n")
	writeDoc(t, dir, "d-yaml.md", "---\ntitle: [unclosed\n---\n\nText.\n")
	return dir
}

// TestCheckSARIFValidates: `check --format sarif` output validates against
// the SARIF 2.1.0 JSON schema (testdata/sarif/SOURCE.md), every result has a
// rule id, a level, a message and a file:line:column, and every rule is
// described once, with the registry's help text.
func TestCheckSARIFValidates(t *testing.T) {
	dir := checkFolder(t)
	code, stdout, stderr := run(t, "check", dir, "--format", "sarif")
	if code != ExitContent {
		t.Fatalf("exit %d, want 1 (a document has an error); stderr: %s", code, stderr)
	}
	c := jsonschema.NewCompiler()
	schema, err := c.Compile("testdata/sarif/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
	if err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %v", err)
	}
	// The validator does reject what 2.1.0 forbids: a level it has no name for.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(stdout, `"level": "warning"`, `"level": "fatal"`, 1)))
	if schema.Validate(bad) == nil {
		t.Fatal("the schema accepted a result with level \"fatal\"")
	}

	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID   string
						Help struct{ Text string }
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	run0 := log.Runs[0]
	rules := run0.Tool.Driver.Rules
	seen := map[string]bool{}
	for _, r := range rules {
		if seen[r.ID] {
			t.Errorf("rule %s described twice", r.ID)
		}
		seen[r.ID] = true
	}
	for _, c := range diag.All() {
		if !seen[c.ID] {
			t.Errorf("registered code %s is not among the rules", c.ID)
		}
	}
	codes := map[string]string{}
	for _, r := range run0.Results {
		if r.RuleID == "" || r.Message.Text == "" || (r.Level != "error" && r.Level != "warning") {
			t.Errorf("incomplete result: %+v", r)
		}
		if r.RuleIndex < 0 || r.RuleIndex >= len(rules) || rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("%s: ruleIndex %d does not point at its rule", r.RuleID, r.RuleIndex)
		}
		if len(r.Locations) != 1 || r.Locations[0].PhysicalLocation.Region.StartLine < 1 ||
			r.Locations[0].PhysicalLocation.Region.StartColumn < 1 {
			t.Errorf("%s: no file:line:column: %+v", r.RuleID, r.Locations)
			continue
		}
		codes[r.RuleID] = r.Level
		if r.RuleID == "PLAIN-ABBR" {
			l := r.Locations[0].PhysicalLocation
			if !strings.HasSuffix(l.ArtifactLocation.URI, "b-plain.md") || l.Region.StartLine != 6 || l.Region.StartColumn != 21 {
				t.Errorf("PLAIN-ABBR at %s:%d:%d, want b-plain.md:6:21", l.ArtifactLocation.URI, l.Region.StartLine, l.Region.StartColumn)
			}
		}
	}
	for code, level := range map[string]string{"IMG-MISSING": "error", "PLAIN-AVOID": "warning", "PLAIN-ABBR": "warning",
		"PLAIN-PASSIVE": "warning", "PLAIN-LANG": "warning", "META-YAML": "error"} {
		if codes[code] != level {
			t.Errorf("%s: level %q, want %q (results: %v)", code, codes[code], level, codes)
		}
	}
	for _, code := range []string{"PLAIN-AVOID", "PLAIN-ABBR", "PLAIN-PASSIVE", "PLAIN-LANG"} {
		if c, ok := diag.Lookup(code); !ok || c.Fix == "" {
			t.Errorf("%s is not registered with a fix", code)
		}
	}
}

// TestCheckJSON: the JSON output carries each document's findings and the
// plain-English scores per document and per section, and nothing else is on
// standard output.
func TestCheckJSON(t *testing.T) {
	dir := t.TempDir()
	writeDoc(t, dir, "doc.md", "---\ntitle: T\nlang: en-GB\n---\n\nWe will write to you. Call us if you need help.\n\n"+
		"## Money\n\nYou may get money to help with the cost of travel. Ask us how to claim it.\n")
	code, stdout, stderr := run(t, "check", dir, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out jsonCheck
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if len(out.Documents) != 1 || out.Documents[0].Plain == nil || out.Documents[0].Plain.Document == nil {
		t.Fatalf("no report: %s", stdout)
	}
	p := out.Documents[0].Plain
	if p.Document.Words != 28 || len(p.Sections) != 2 || p.Sections[1].Title != "Money" || p.Sections[1].Line != 8 {
		t.Errorf("scores: %+v sections %+v", p.Document, p.Sections)
	}
	if p.Document.GradeReadingAge != p.Document.Grade+5 {
		t.Errorf("reading age %v is not grade %v + 5", p.Document.GradeReadingAge, p.Document.Grade)
	}
}

// TestCheckFormatUnknownIsUsage: a format check does not know is exit 2.
func TestCheckFormatUnknownIsUsage(t *testing.T) {
	if code, _, _ := run(t, "check", repo(t, "content"), "--format", "xml"); code != ExitUsage {
		t.Fatalf("exit %d, want 2", code)
	}
}

// TestReadingAgeTargetFailsCheckAndBuild: a document whose reading-age
// target is exceeded fails check and build with a positioned error.
func TestReadingAgeTargetFailsCheckAndBuild(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile(repo(t, "content/ahp-mental-health.md"))
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(seed), "lang: en-GB\n", "lang: en-GB\nreading-age: 11\n", 1)
	if src == string(seed) {
		t.Fatal("seed front matter has no lang line to put the target after")
	}
	p := writeDoc(t, dir, "seed.md", src)
	for _, cmd := range [][]string{{"check", p}, {"build", p, "--out", t.TempDir(), "--formats", "txt"}} {
		code, _, stderr := run(t, cmd...)
		if code != ExitContent || !regexp.MustCompile(`seed\.md:\d+:\d+: error: reading age 1\d\.\d .* above the target of 11 .*\[PLAIN-READING-AGE\]`).MatchString(stderr) {
			t.Errorf("%s: exit %d, stderr:\n%s", cmd[0], code, stderr)
		}
	}
}

// TestProjectDefaultsBuildRealDocuments is the "done when" of project
// defaults: real documents with no front matter (one as published, two with
// their front matter reduced to a "# Title" line) are refused for want of a
// language, and build once one altformats.yaml gives it, with its publisher
// and contact in the outputs.
func TestProjectDefaultsBuildRealDocuments(t *testing.T) {
	corpus := filepath.Join(testutil.RepoRoot(t), "..", "shared", "corpus", "real")
	if _, err := os.Stat(corpus); err != nil {
		if os.Getenv(testutil.RequireEnv) == "1" {
			t.Fatalf("real corpus missing: %v", err)
		}
		t.Skipf("skipping: the real-document corpus is not here (%v)", err)
	}
	dir := t.TempDir()
	copyFile(t, filepath.Join(corpus, "nhs-wales-dhcw-good-practice-checklists", "essential-good-practice-checklists.md"),
		filepath.Join(dir, "checklists.md"), false)
	copyFile(t, filepath.Join(corpus, "nhs-dh-mavis-vaccination-statuses", "index.md"),
		filepath.Join(dir, "vaccination-statuses.md"), true)
	copyFile(t, filepath.Join(corpus, "govuk-design-system-accessibility-strategy", "index.md"),
		filepath.Join(dir, "accessibility-strategy.md"), true)

	code, _, stderr := run(t, "build", dir, "--out", t.TempDir(), "--formats", "html,txt", "-q")
	if code != ExitContent || strings.Count(stderr, "[META-LANG]") != 3 {
		t.Fatalf("without altformats.yaml: exit %d, want 3 documents refused for no language:\n%s", code, stderr)
	}

	writeDoc(t, dir, "altformats.yaml", "# project defaults\nlang: en-GB\npublisher: NHS Test Trust\ncontact: help@example.nhs.uk\n"+
		"formats: [html, txt]\nreading-age: 25\n")
	out := t.TempDir()
	code, stdout, stderr := run(t, "build", dir, "--out", out)
	if code != 0 {
		t.Fatalf("with altformats.yaml: exit %d:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "built 3 documents: 12 files") { // html, txt and the two read-back reports each
		t.Errorf("summary: %s", stdout)
	}
	for _, slug := range []string{"checklists", "vaccination-statuses", "accessibility-strategy"} {
		html, err := os.ReadFile(filepath.Join(out, slug, slug+".html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`lang="en-GB"`, "NHS Test Trust", "help@example.nhs.uk"} {
			if !bytes.Contains(html, []byte(want)) {
				t.Errorf("%s.html lacks %s", slug, want)
			}
		}
		if _, err := os.Stat(filepath.Join(out, slug, slug+".pdf")); err == nil {
			t.Errorf("%s: a PDF was written though the project's formats are html and txt", slug)
		}
	}

	// A flag wins over the project file.
	out2 := t.TempDir()
	if code, _, stderr := run(t, "build", dir, "--out", out2, "--formats", "txt", "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if files, _ := filepath.Glob(filepath.Join(out2, "*", "*[^t].html")); len(files) != 0 { // report.html is the read-back report
		t.Errorf("--formats txt still wrote %v", files)
	}
}

// copyFile copies a corpus document; stripFM replaces its front matter with
// a "# Title" line made from its title.
func copyFile(t *testing.T, from, to string, stripFM bool) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if stripFM {
		end := strings.Index(s[4:], "\n---\n")
		if !strings.HasPrefix(s, "---\n") || end < 0 {
			t.Fatalf("%s has no front matter", from)
		}
		fm := s[4 : 4+end]
		title := regexp.MustCompile(`(?m)^title:\s*(.+)$`).FindStringSubmatch(fm)
		if title == nil {
			t.Fatalf("%s: no title", from)
		}
		s = "# " + strings.Trim(strings.TrimSpace(title[1]), `"'`) + "\n\n" + s[4+end+5:]
	}
	if err := os.WriteFile(to, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestProjectPrecedence: front matter wins over altformats.yaml; --lang
// fills in before the project's lang; a flag wins over a build setting.
func TestProjectPrecedence(t *testing.T) {
	dir := t.TempDir()
	writeDoc(t, dir, "altformats.yaml", "lang: cy\npublisher: Project Publisher\n")
	own := writeDoc(t, dir, "own.md", "---\ntitle: Own\nlang: en-GB\npublisher: Own Publisher\n---\n\nText.\n")
	bare := writeDoc(t, dir, "bare.md", "# Bare\n\nText.\n")
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	nested := writeDoc(t, sub, "nested.md", "# Nested\n\nText.\n")
	out := t.TempDir()
	for _, c := range []struct {
		args       []string
		file, want string
	}{
		{[]string{own}, "own/own.html", `lang="en-GB"`},
		{[]string{own}, "own/own.html", "Own Publisher"},
		{[]string{bare}, "bare/bare.html", `lang="cy"`},
		{[]string{bare}, "bare/bare.html", "Project Publisher"},
		{[]string{bare, "--lang", "en-GB"}, "bare/bare.html", `lang="en-GB"`},
		{[]string{nested}, "nested/nested.html", "Project Publisher"}, // found by walking up
	} {
		args := append([]string{"build", "--out", out, "--formats", "html", "-q"}, c.args...)
		if code, _, stderr := run(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		b, _ := os.ReadFile(filepath.Join(out, c.file))
		if !bytes.Contains(b, []byte(c.want)) {
			t.Errorf("%v: %s lacks %s", c.args, c.file, c.want)
		}
	}
}

// TestProjectFileErrors: a bad altformats.yaml stops the build with messages
// at the line and column of the key.
func TestProjectFileErrors(t *testing.T) {
	dir := t.TempDir()
	writeDoc(t, dir, "doc.md", "# Doc\n\nText.\n")
	writeDoc(t, dir, "altformats.yaml", "lang: en-GB\npublsher: X\ntitle: Y\npaper: B5\n")
	code, _, stderr := run(t, "build", dir, "--out", t.TempDir())
	if code != ExitContent {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	for _, want := range []string{
		`altformats.yaml:2:1: error: unknown key "publsher" in altformats.yaml [PROJECT-KEY] (hint: did you mean "publisher"?`,
		`altformats.yaml:3:1: error: "title" belongs to one document and cannot be a project default [PROJECT-KEY]`,
		`altformats.yaml:4:1: error: paper "B5" is not a paper size [PROJECT-VALUE]`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	writeDoc(t, dir, "altformats.yaml", "lang: en-GB\nformats: [pdf, braile]\n")
	code, _, stderr = run(t, "build", dir, "--out", t.TempDir())
	if code != ExitContent || !strings.Contains(stderr, `altformats.yaml:2:1: error: unknown format "braile"`) {
		t.Errorf("bad format: exit %d: %s", code, stderr)
	}
}

// TestInitWritesStarterAndRefusesToOverwrite: init writes a starter that
// checks and builds cleanly, and never overwrites.
func TestInitWritesStarterAndRefusesToOverwrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if code, _, stderr := run(t, "init", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	if _, ds, err := content.LoadProject(filepath.Join(dir, content.ProjectFile)); err != nil || len(ds) != 0 {
		t.Fatalf("starter altformats.yaml: %v %v", err, ds)
	}
	code, stdout, stderr := run(t, "check", dir)
	if code != 0 || !strings.Contains(stdout, "no errors, 0 warnings") {
		t.Fatalf("check of the starter: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// the example is plain English by the report's own measure
	if !regexp.MustCompile(`example\.md: plain English: Flesch-Kincaid grade [0-5]\.\d \(reading age (\d|1[01])\)`).MatchString(stdout) {
		t.Errorf("example's report: %s", stdout)
	}
	if code, _, stderr := run(t, "build", dir, "--out", t.TempDir(), "--formats", "html,txt"); code != 0 {
		t.Fatalf("build of the starter: exit %d: %s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, ExampleName), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, content.ProjectFile)); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "init", dir)
	if code == 0 || !strings.Contains(stderr, "example.md already exists") {
		t.Fatalf("second init: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ExampleName)); string(b) != "mine" {
		t.Error("init overwrote example.md")
	}
	if _, err := os.Stat(filepath.Join(dir, content.ProjectFile)); err == nil {
		t.Error("init wrote altformats.yaml though it refused")
	}
}

// TestBuildSummary: one line per written file in GOV.UK's attachment style,
// then the totals; --quiet prints none of it.
func TestBuildSummary(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := run(t, "build", repo(t, "content/ahp-mental-health.md"), "--out", out, "--formats", "pdf,docx,txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	want := []*regexp.Regexp{
		regexp.MustCompile(`^.*ahp-mental-health/ahp-mental-health\.pdf  PDF, \d+ KB, \d+ pages$`),
		regexp.MustCompile(`^.*ahp-mental-health/ahp-mental-health\.docx  Word document, \d+ KB$`),
		regexp.MustCompile(`^.*ahp-mental-health/ahp-mental-health\.txt  Plain text, \d+ KB$`),
		regexp.MustCompile(`^.*ahp-mental-health/report\.html  HTML, \d+ KB$`),
		regexp.MustCompile(`^.*ahp-mental-health/report\.json  JSON, \d+ KB$`),
		regexp.MustCompile(`^built 1 document: 5 files, \d+ KB, in \d+(\.\d)? m?s to .+$`),
	}
	if len(lines) != len(want) {
		t.Fatalf("summary has %d lines, want %d:\n%s", len(lines), len(want), stdout)
	}
	for i, re := range want {
		if !re.MatchString(lines[i]) {
			t.Errorf("line %d %q does not match %s", i+1, lines[i], re)
		}
	}
	if code, stdout, _ := run(t, "build", repo(t, "content/ahp-mental-health.md"), "--out", out, "--formats", "txt", "--quiet"); code != 0 || stdout != "" {
		t.Errorf("--quiet: exit %d, stdout %q", code, stdout)
	}
}

// TestShardsEqualWholeBuild is the "done when" of sharding: the outputs of
// --shard 1/3, 2/3 and 3/3 (each into its own folder, as CI runners would)
// together are byte for byte one whole build's, with no document in two
// shards, and a Kubernetes indexed job's JOB_COMPLETION_INDEX picks the same
// share as K/N.
func TestShardsEqualWholeBuild(t *testing.T) {
	src := t.TempDir()
	for _, name := range []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"} {
		writeDoc(t, src, name+".md", "---\ntitle: "+name+"\nlang: en-GB\n---\n\n## About "+name+"\n\nThis is the page called "+
			name+". It has a [link](https://www.nhs.uk/).\n\n| Day | Time |\n|---|---|\n| Monday | 9am |\n")
	}
	formats := "pdf,large-print,docx,html,txt,epub"
	whole := t.TempDir()
	if code, _, stderr := run(t, "build", src, "--out", whole, "--formats", formats, "-q"); code != 0 {
		t.Fatalf("whole build: exit %d: %s", code, stderr)
	}
	union := map[string][]byte{}
	nonEmpty := 0
	for _, k := range []string{"1/3", "2/3", "3/3"} {
		out := t.TempDir()
		code, stdout, stderr := run(t, "build", src, "--out", out, "--formats", formats, "--shard", k)
		if code != 0 {
			t.Fatalf("shard %s: exit %d: %s", k, code, stderr)
		}
		if !strings.Contains(stdout, "(shard "+k+": ") {
			t.Errorf("shard %s: summary does not name the shard: %s", k, stdout)
		}
		got := readTree(t, out)
		if len(got) > 0 {
			nonEmpty++
		}
		for p, b := range got {
			if _, dup := union[p]; dup {
				t.Errorf("%s written by two shards", p)
			}
			union[p] = b
		}
	}
	if nonEmpty < 2 {
		t.Errorf("only %d of 3 shards wrote anything: the share by slug does not spread 8 documents", nonEmpty)
	}
	want := readTree(t, whole)
	if len(union) != len(want) {
		t.Errorf("shards wrote %d files, the whole build %d", len(union), len(want))
	}
	for p, b := range want {
		if !bytes.Equal(union[p], b) {
			t.Errorf("%s differs between the shards and the whole build", p)
		}
	}

	// JOB_COMPLETION_INDEX=1 with --shard 3 is shard 2/3.
	t.Setenv("JOB_COMPLETION_INDEX", "1")
	out := t.TempDir()
	if code, _, stderr := run(t, "build", src, "--out", out, "--formats", "txt", "--shard", "3", "-q"); code != 0 {
		t.Fatalf("indexed job: exit %d: %s", code, stderr)
	}
	out2 := t.TempDir()
	if code, _, stderr := run(t, "build", src, "--out", out2, "--formats", "txt", "--shard", "2/3", "-q"); code != 0 {
		t.Fatalf("2/3: exit %d: %s", code, stderr)
	}
	a, b := readTree(t, out), readTree(t, out2)
	if len(a) != len(b) {
		t.Errorf("JOB_COMPLETION_INDEX=1 --shard 3 wrote %d files, --shard 2/3 %d", len(a), len(b))
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			t.Errorf("%s: in shard 2/3 but not in the indexed job's share", p)
		}
	}

	for _, bad := range []string{"0/3", "4/3", "x/3", "1/0", "2/"} {
		if code, _, _ := run(t, "build", src, "--out", t.TempDir(), "--shard", bad); code != ExitUsage {
			t.Errorf("--shard %s: exit %d, want 2", bad, code)
		}
	}
}

// readTree reads every file under dir, keyed by its path relative to dir.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		m[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
