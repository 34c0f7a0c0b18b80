package pdf

// External-tool and PDF/UA validation of the public Render and
// RenderLargePrint on the kitchen-sink case and the seed document. Each tool
// is found through testutil.Tool: skipped locally when missing, mandatory in CI.

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/altformats/altformats/internal/check/pdfua"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/testutil"
)

// validateCase is one rendered PDF under validation.
type validateCase struct {
	name  string // "kitchen-sink", "seed-large"...
	large bool
	load  func(t testing.TB) *doc.Document
	// sentences must appear in pdftotext output and in the text of the
	// structure tree, with single spaces between words.
	sentences []string
	// tags must each appear as an element in pdfinfo -struct-text.
	tags []string
}

var kitchenSentences = []string{
	"Characters that fonts must carry: £25, “curly quotes”, ‘single’, en – and em — dashes, café, naïve,",
	"Welsh ŵ ŷ Ŵ Ŷ â, Greek αβγ Ω, ellipsis…",
	"A Welsh greeting: Croeso i Gymru, and a footnote.",
	"Staff numbers by profession, 2026",
	"Speech and language therapists",
	"A block quote with strong text.",
	"Useful information that users should know.",
	"A footnote with a link to the Health Education England website.",
}

var seedSentences = []string{
	"Allied Health Professionals (AHPs) are the third largest workforce in the NHS.",
	"By adopting a holistic approach to healthcare, AHPs can help manage patients’ care throughout the life course from birth to palliative care.",
	"If you have any queries, please contact mentalhealth@hee.nhs.uk.",
}

func validateCases() []validateCase {
	kitchen := func(t testing.TB) *doc.Document { return testutil.LoadCase(t, "kitchen-sink") }
	seed := func(t testing.TB) *doc.Document { return testutil.Seed(t) }
	kitchenTags := []string{"Document", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody",
		"TR", "TH", "TD", "Caption", "Figure", "Link", "BlockQuote", "Note", "Reference", "Code", "TOC", "TOCI", "Span"}
	seedTags := []string{"Document", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Link", "TOC", "TOCI"}
	return []validateCase{
		{"kitchen-sink", false, kitchen, kitchenSentences, kitchenTags},
		{"kitchen-sink-large", true, kitchen, kitchenSentences, kitchenTags},
		{"seed", false, seed, seedSentences, seedTags},
		{"seed-large", true, seed, seedSentences, seedTags},
	}
}

var (
	renderedMu sync.Mutex
	rendered   = map[string][]byte{}
)

// renderPublic renders through the exported entry points, once per case.
func renderPublic(t *testing.T, c validateCase) []byte {
	t.Helper()
	renderedMu.Lock()
	defer renderedMu.Unlock()
	if b, ok := rendered[c.name]; ok {
		return b
	}
	b := renderOnce(t, c)
	rendered[c.name] = b
	return b
}

func renderOnce(t *testing.T, c validateCase) []byte {
	t.Helper()
	var buf bytes.Buffer
	render := Render
	if c.large {
		render = RenderLargePrint
	}
	if err := render(c.load(t), opts(), &buf); err != nil {
		t.Fatalf("%s: render: %v", c.name, err)
	}
	return buf.Bytes()
}

// pdfFile writes the case's PDF into a temporary folder for the tools.
func pdfFile(t *testing.T, c validateCase) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), c.name+".pdf")
	if err := os.WriteFile(path, renderPublic(t, c), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(t *testing.T, tool string, args ...string) string {
	t.Helper()
	out, err := exec.Command(testutil.Tool(t, tool), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// forEachCase runs f on every case in parallel: the external tools are slow
// (pdfinfo -struct-text takes seconds), and concurrent renders are a free
// check that the renderer shares no mutable state between documents.
func forEachCase(t *testing.T, f func(t *testing.T, c validateCase)) {
	for _, c := range validateCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f(t, c)
		})
	}
}

func TestValidatePDFUA(t *testing.T) {
	forEachCase(t, func(t *testing.T, c validateCase) {
		findings, err := pdfua.Check(renderPublic(t, c))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range findings {
			t.Errorf("%s", f)
		}
	})
}

func TestValidatePdfinfo(t *testing.T) {
	forEachCase(t, func(t *testing.T, c validateCase) {
		out := run(t, "pdfinfo", pdfFile(t, c))
		for _, want := range []string{`(?m)^Tagged:\s+yes$`, `(?m)^Page size:.*\(A4\)$`, `(?m)^PDF version:\s+1\.7$`} {
			if !regexp.MustCompile(want).MatchString(out) {
				t.Errorf("pdfinfo output does not match %s:\n%s", want, out)
			}
		}
		title := regexp.MustCompile(`(?m)^Title:\s+(.+)$`).FindStringSubmatch(out)
		want := c.load(t).Meta.Title
		if c.large {
			want += " (Large print)" // the edition is part of the large print's title
		}
		if title == nil || title[1] != want {
			t.Errorf("pdfinfo Title = %q, want %q", title, want)
		}
	})
}

// structElem matches an element line of pdfinfo -struct-text: its type is the
// first word, possibly followed by " (block)", " <id>", ":" for attributes.
var structElem = regexp.MustCompile(`^(\s*)([A-Za-z][A-Za-z0-9]*)(?:\s|:|$)`)

func TestValidateStructText(t *testing.T) {
	forEachCase(t, func(t *testing.T, c validateCase) {
		out := run(t, "pdfinfo", "-struct-text", pdfFile(t, c))
		seen := map[string]int{}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), `"`) || strings.HasPrefix(strings.TrimSpace(line), "/") {
				continue
			}
			if m := structElem.FindStringSubmatch(line); m != nil {
				seen[m[2]]++
			}
		}
		for _, tag := range c.tags {
			if seen[tag] == 0 {
				t.Errorf("no %s element in pdfinfo -struct-text", tag)
			}
		}
		if !strings.HasPrefix(out, "Document\n") {
			t.Errorf("tree does not start with Document:\n%.300s", out)
		}
		if seen["H1"] != 1 {
			t.Errorf("want exactly one H1, got %d", seen["H1"])
		}
		if n := strings.Count(out, "/Scope /Column") + strings.Count(out, "/Scope /Row"); n != seen["TH"] {
			t.Errorf("%d TH elements but %d /Scope attributes", seen["TH"], n)
		}
		text := structTreeText(out)
		for _, s := range c.sentences {
			if !strings.Contains(text, s) {
				t.Errorf("structure-tree text lacks %q (a space lost at a line end reads as run-together words)", s)
			}
		}
	})
}

// structTreeText joins the text strings of pdfinfo -struct-text in order.
// Each line of text is its own marked-content sequence, so this shows
// whether a line break kept the space between two words.
func structTreeText(out string) string {
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		s := strings.TrimSpace(line)
		if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
			b.WriteString(s[1 : len(s)-1])
		}
	}
	return normSpace(b.String())
}

func normSpace(s string) string {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	return strings.Join(strings.Fields(s), " ")
}

var fontRow = regexp.MustCompile(`\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$`)

func TestValidateFonts(t *testing.T) {
	forEachCase(t, func(t *testing.T, c validateCase) {
		out := run(t, "pdffonts", pdfFile(t, c))
		rows := 0
		for _, line := range strings.Split(out, "\n")[2:] {
			if strings.TrimSpace(line) == "" {
				continue
			}
			rows++
			m := fontRow.FindStringSubmatch(line)
			if m == nil || m[1] != "yes" || m[2] != "yes" || m[3] != "yes" {
				t.Errorf("font not embedded, subset and Unicode-mapped: %s", line)
			}
		}
		if rows == 0 {
			t.Errorf("pdffonts lists no fonts:\n%s", out)
		}
	})
}

func TestValidateQpdfCheck(t *testing.T) {
	forEachCase(t, func(t *testing.T, c validateCase) {
		out := run(t, "qpdf", "--check", pdfFile(t, c))
		if strings.Contains(strings.ToLower(out), "warning") || !strings.Contains(out, "No syntax or stream encoding errors") {
			t.Errorf("qpdf --check is not clean:\n%s", out)
		}
	})
}

func TestValidatePdftotext(t *testing.T) {
	forEachCase(t, func(t *testing.T, c validateCase) {
		out := normSpace(run(t, "pdftotext", "-enc", "UTF-8", pdfFile(t, c), "-"))
		for _, s := range c.sentences {
			if !strings.Contains(out, s) {
				t.Errorf("pdftotext output lacks %q", s)
			}
		}
	})
}

func TestValidateByteIdentical(t *testing.T) {
	forEachCase(t, func(t *testing.T, c validateCase) {
		a, b := renderOnce(t, c), renderOnce(t, c)
		if !bytes.Equal(a, b) {
			t.Errorf("two renders differ (%d vs %d bytes)", len(a), len(b))
		}
	})
}
