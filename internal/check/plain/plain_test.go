package plain

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/testutil/goldenfile"
)

// reference is testdata/reference.json, made by testdata/reference.mjs with
// the npm packages text-readability 1.1.1 and syllable 5.0.1.
type reference struct {
	Texts []struct {
		File          string
		Words         int
		Sentences     int
		Syllables     int
		Polysyllables int
		FKGrade       float64 `json:"fleschKincaidGrade"`
		Ease          float64 `json:"fleschReadingEase"`
		SMOG          float64 `json:"smog"`
	}
}

// TestReferenceCrossCheck: on every text of the test set (the seed page
// included), the grades are within half a grade of the published
// implementation's, and the syllable total within 3%.
func TestReferenceCrossCheck(t *testing.T) {
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Texts) < 6 {
		t.Fatalf("reference has %d texts, want the seed and at least five more", len(ref.Texts))
	}
	for _, r := range ref.Texts {
		src, err := os.ReadFile(filepath.Join("testdata/texts", r.File))
		if err != nil {
			t.Fatal(err)
		}
		got := TextScores(string(src))
		if d := math.Abs(got.Grade - r.FKGrade); d > 0.5 {
			t.Errorf("%s: Flesch-Kincaid grade %.1f, reference %.2f (off by %.2f)", r.File, got.Grade, r.FKGrade, d)
		}
		if d := math.Abs(got.SMOG - r.SMOG); d > 0.5 {
			t.Errorf("%s: SMOG %.1f, reference %.2f (off by %.2f)", r.File, got.SMOG, r.SMOG, d)
		}
		if d := math.Abs(got.ReadingEase - r.Ease); d > 5 {
			t.Errorf("%s: reading ease %.1f, reference %.2f", r.File, got.ReadingEase, r.Ease)
		}
		if d := math.Abs(float64(got.Syllables-r.Syllables)) / float64(r.Syllables); d > 0.03 {
			t.Errorf("%s: %d syllables, reference %d", r.File, got.Syllables, r.Syllables)
		}
		if got.Sentences != r.Sentences {
			t.Errorf("%s: %d sentences, reference %d", r.File, got.Sentences, r.Sentences)
		}
	}
}

// TestSyllables pins the port to the npm package: every expected count is
// what syllable 5.0.1 returns (node -e, see testdata/reference.mjs).
func TestSyllables(t *testing.T) {
	for w, want := range map[string]int{
		"syllable": 3, "mental": 2, "health": 1, "professionals": 5, "organisations": 5, "therapists": 3,
		"people": 2, "created": 3, "creature": 2, "biology": 4, "whistle": 2, "little": 2, "business": 2,
		"recipe": 3, "the": 1, "a": 1, "real": 1, "realistic": 4, "naïve": 2, "don't": 1, "system-wide": 3,
		"2024": 0, "queues": 1, "cooperation": 4,
	} {
		if got := Syllables(w); got != want {
			t.Errorf("Syllables(%q) = %d, want %d", w, got, want)
		}
	}
}

// TestGolden keeps every number of the test set and the seed's full report
// (per section, and its findings) in a readable golden file.
func TestGolden(t *testing.T) {
	var sb strings.Builder
	files, _ := filepath.Glob("testdata/texts/*.txt")
	for _, f := range files {
		src, _ := os.ReadFile(f)
		fmt.Fprintf(&sb, "%s: %s\n", filepath.Base(f), fmtScores(TextScores(string(src))))
	}
	d, src := loadSeed(t)
	r := Analyze(d, src, Options{})
	fmt.Fprintf(&sb, "\nseed document: %s\n", fmtScores(r.Document))
	for _, s := range r.Sections {
		fmt.Fprintf(&sb, "  section %q (line %d): %s\n", s.Title, s.Pos.Line, fmtScores(s.Scores))
	}
	for _, f := range r.Findings {
		fmt.Fprintf(&sb, "  %s\n", f.Error())
	}
	goldenfile.Check(t, "testdata/seed-report.golden", []byte(sb.String()))
}

func fmtScores(s Scores) string {
	smog := "SMOG n/a (under 3 sentences)"
	if s.SMOG > 0 {
		smog = fmt.Sprintf("SMOG %.1f (age %.1f)", s.SMOG, UKAge(s.SMOG))
	}
	return fmt.Sprintf("words %d, sentences %d, syllables %d, polysyllables %d; ease %.1f (age %.0f), FK grade %.1f (age %.1f), %s",
		s.Words, s.Sentences, s.Syllables, s.Polysyllables, s.ReadingEase, UKAge(EaseGrade(s.ReadingEase)),
		s.Grade, s.ReadingAge(), smog)
}

func loadSeed(t testing.TB) (*doc.Document, []byte) {
	const p = "../../../content/ahp-mental-health.md"
	d, _, err := content.Load(p, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	d.Source = "ahp-mental-health.md"
	return d, src
}

func parseDoc(t *testing.T, src string) *doc.Document {
	t.Helper()
	d, ds := content.Parse("t.md", []byte(src), content.Options{})
	if d == nil || ds.HasErrors() {
		t.Fatalf("parse: %v", ds)
	}
	return d
}

func codes(ds doc.Diagnostics) map[string][]string {
	m := map[string][]string{}
	for _, d := range ds {
		m[d.Code] = append(m[d.Code], fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Col, d.Message))
	}
	return m
}

func TestFindings(t *testing.T) {
	src := "---\ntitle: T\nlang: en-GB\n---\n\nWe use the NHS app. The National Health Service (NHS) runs it.\n" +
		"Forms are processed by our staff. We will utilise the data in order to help.\n\n" +
		"This sentence is deliberately written to be far too long, so that it runs on and on past the limit of twenty five words that GOV.UK sets for us all.\n"
	d := parseDoc(t, src)
	r := Analyze(d, []byte(src), Options{})
	got := codes(r.Findings)
	want := map[string]string{
		CodeAbbr:     "6:12 abbreviation \"NHS\" is used before it is spelled out",
		CodePassive:  "7:7 \"are processed\" may be passive voice",
		CodeSentence: "9:1 sentence has 30 words",
	}
	for code, w := range want {
		if len(got[code]) == 0 || got[code][0] != w {
			t.Errorf("%s: got %q, want %q", code, got[code], w)
		}
	}
	if a := got[CodeAvoid]; len(a) != 2 || !strings.HasPrefix(a[0], "7:43 \"utilise\"") || !strings.HasPrefix(a[1], "7:60 \"in order to\"") {
		t.Errorf("words to avoid: %q", a)
	}
}

func TestReadingAgeTarget(t *testing.T) {
	d, src := loadSeed(t)
	warn := Analyze(d, src, Options{})
	if f := find(warn.Findings, CodeReadingAge); f == nil || f.Severity != doc.Warning {
		t.Fatalf("no target: want a warning, got %v", f)
	}
	err := Analyze(d, src, Options{Target: 11})
	if f := find(err.Findings, CodeReadingAge); f == nil || f.Severity != doc.Error {
		t.Fatalf("target 11: want an error, got %v", f)
	}
	ok := Analyze(d, src, Options{Target: 18})
	if f := find(ok.Findings, CodeReadingAge); f != nil {
		t.Fatalf("target 18: want no finding, got %v", f)
	}
}

func TestWelshSaysEnglishOnly(t *testing.T) {
	d := parseDoc(t, "---\ntitle: Croeso\nlang: cy\n---\n\nMae hwn yn ddogfen yn Gymraeg.\n")
	r := Analyze(d, nil, Options{})
	if r.English || len(r.Findings) != 1 || r.Findings[0].Code != CodeLang || r.Document.Words != 0 {
		t.Fatalf("Welsh: %+v", r)
	}
}

func find(ds doc.Diagnostics, code string) *doc.Diagnostic {
	for _, d := range ds {
		if d.Code == code {
			return d
		}
	}
	return nil
}

// BenchmarkSeed: the seed's full report (its grade) must take well under
// 50 ms.
func BenchmarkSeed(b *testing.B) {
	d, src := loadSeed(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Analyze(d, src, Options{})
	}
}

// BenchmarkSeedCold is the first report of a process: no syllable counts
// remembered.
func BenchmarkSeedCold(b *testing.B) {
	d, src := loadSeed(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		syllableCache.Clear()
		syllableCacheSize.Store(0)
		Analyze(d, src, Options{})
	}
}

// FuzzAnalyze: no document makes the report panic, and every finding has a
// line and column.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"# T\n\nThe NHS (National Health Service) is run. It was made by us.\n",
		"---\ntitle: T\nlang: en\n---\n\n- a list item, e.g. this. And U.K. more?\n", "# T\n\n'' -- ... !!! ??\n", "# T\n\nA (AB) ABs AB (\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d, _ := content.Parse("f.md", src, content.Options{DefaultLang: "en-GB", ReadFile: func(string) ([]byte, error) { return nil, os.ErrNotExist }})
		if d == nil {
			return
		}
		r := Analyze(d, src, Options{Target: 9})
		for _, x := range r.Findings {
			if x.Pos.Line < 1 || x.Pos.Col < 1 {
				t.Fatalf("finding without a position: %v", x)
			}
		}
	})
}
