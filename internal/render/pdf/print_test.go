package pdf

// Print-readiness tests: they read the positions of the words back from the
// finished PDF (poppler's pdftotext -bbox), as a reader would see the page.

import (
	"bytes"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

type bword struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

type bpage struct {
	w, h  float64
	words []bword
}

var (
	bboxPageRe = regexp.MustCompile(`<page width="([0-9.]+)" height="([0-9.]+)">`)
	bboxWordRe = regexp.MustCompile(`<word xMin="([0-9.-]+)" yMin="([0-9.-]+)" xMax="([0-9.-]+)" yMax="([0-9.-]+)">([^<]*)</word>`)
)

// bboxPages is every word of a PDF with its box, page by page, in the order
// the content streams draw them.
func bboxPages(t *testing.T, pdf []byte) []bpage {
	t.Helper()
	tool := testutil.Tool(t, "pdftotext")
	f := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-bbox", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var pages []bpage
	for _, chunk := range strings.Split(string(out), "<page ")[1:] {
		chunk = "<page " + chunk
		m := bboxPageRe.FindStringSubmatch(chunk)
		if m == nil {
			t.Fatalf("pdftotext -bbox: no page size in %.80q", chunk)
		}
		p := bpage{w: num(m[1]), h: num(m[2])}
		for _, w := range bboxWordRe.FindAllStringSubmatch(chunk, -1) {
			p.words = append(p.words, bword{html.UnescapeString(w[5]), num(w[1]), num(w[2]), num(w[3]), num(w[4])})
		}
		pages = append(pages, p)
	}
	return pages
}

func num(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

func (p bpage) text() string {
	var sb strings.Builder
	for i, w := range p.words {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(w.text)
	}
	return sb.String()
}

const tenMM = 10 * 72 / 25.4

// Every word on every page is at least 10 mm from the paper's edge, the
// running footer carries the whole publisher (or its short form) and the
// header the whole title (or its short form), never cut.
func TestRunningHeadsWholeAndClearOfTheEdge(t *testing.T) {
	long := testutil.Seed(t)
	long.Meta.Title = "Allied Health Professionals in mental health, learning disability and autism services: a toolkit for employer organisations in England"
	short := testutil.Seed(t)
	short.Meta.ShortTitle = "AHPs in mental health"
	short.Meta.PublisherShort = "NHS England"
	cases := map[string]*doc.Document{"seed": testutil.Seed(t), "long-title": long, "short-forms": short,
		"kitchen-sink": testutil.LoadCase(t, "kitchen-sink")}
	for name, d := range cases {
		for _, large := range []bool{false, true} {
			for _, paper := range []string{"A4", "A5"} {
				o := opts()
				o.Paper, _ = doc.ParsePaper(paper)
				pdfBytes := renderEither(t, d, o, large)
				pages := bboxPages(t, pdfBytes)
				if len(pages) < 2 {
					t.Fatalf("%s: %d pages", name, len(pages))
				}
				where := name + " " + paper
				if large {
					where += " large print"
				}
				title, pub := d.Meta.Title, d.Meta.Publisher
				if d.Meta.ShortTitle != "" {
					title = d.Meta.ShortTitle
				}
				if d.Meta.PublisherShort != "" {
					pub = d.Meta.PublisherShort
				}
				for i, p := range pages {
					for _, w := range p.words {
						if w.xMin < tenMM || w.yMin < tenMM || p.w-w.xMax < tenMM || p.h-w.yMax < tenMM {
							t.Errorf("%s page %d: %q at (%.1f,%.1f)-(%.1f,%.1f) is nearer than 10 mm to the edge of a %.0f×%.0f page",
								where, i+1, w.text, w.xMin, w.yMin, w.xMax, w.yMax, p.w, p.h)
							break
						}
					}
					text := p.text()
					if pub != "" && !strings.Contains(text, strings.Join(strings.Fields(pub), " ")) {
						t.Errorf("%s page %d: the footer does not hold the whole publisher %q:\n%s", where, i+1, pub, text)
					}
					whole := strings.Join(strings.Fields(title), " ")
					head, _, cut := strings.Cut(text, " …")
					switch {
					case i == 0:
					case cut:
						// a title of more than three lines (and no short-title)
						// ends its header at a word, with an ellipsis
						if !strings.HasPrefix(whole, head+" ") || len(wrapWords(title, mustFonts(t).slots[faceRegular], 18, 340)) <= 3 {
							t.Errorf("%s page %d: the header is cut short, or mid-word: %s", where, i+1, head)
						}
					case !strings.Contains(text, whole):
						t.Errorf("%s page %d: the header does not hold the whole title %q", where, i+1, title)
					}
				}
				if large && !strings.Contains(pages[0].text(), "Large print") {
					t.Errorf("%s: the first page does not say it is large print", where)
				}
			}
		}
	}
}

// tableWords is every word of every table cell of d.
func tableWords(d *doc.Document) map[string]bool {
	words := map[string]bool{}
	doc.WalkBlocks(d.Blocks, func(n any) bool {
		if t, ok := n.(*doc.Table); ok {
			for _, rows := range [][]*doc.TableRow{t.Head, t.Body} {
				for _, r := range rows {
					for _, c := range r.Cells {
						for _, w := range strings.Fields(doc.PlainText(c.Inlines)) {
							words[w] = true
						}
					}
				}
			}
		}
		return true
	})
	return words
}

// No word of a table cell is split across lines (in large print, a table
// that cannot keep its words whole is set one row to a table instead).
func TestTableWordsStayWhole(t *testing.T) {
	wide := tableDoc([]string{"Profession", "Classification", "Responsibilities", "Multidisciplinary", "Registration", "Accountability"},
		[]string{"Occupational therapist", "Allied health professional", "Assessment and rehabilitation", "Community teams", "HCPC registration", "Clinical governance"},
		[]string{"Physiotherapist", "Allied health professional", "Rehabilitation", "Inpatient wards", "HCPC", "Professional standards"})
	cases := map[string]*doc.Document{"wide": wide, "seed": testutil.Seed(t), "kitchen-sink": testutil.LoadCase(t, "kitchen-sink")}
	for _, c := range []string{"govuk-tables-guidance/tables.md", "nhs-wales-dhcw-good-practice-checklists/essential-good-practice-checklists.md"} {
		p := filepath.Join(testutil.RepoRoot(t), "..", "shared", "corpus", "real", c)
		if _, err := os.Stat(p); err != nil {
			t.Logf("corpus document %s not found: skipped", p)
			continue
		}
		d := testutil.LoadFile(t, p)
		if d.Meta.Lang == "" {
			d.Meta.Lang = "en-GB"
		}
		cases[filepath.Base(filepath.Dir(p))] = d
	}
	for name, d := range cases {
		words := tableWords(d)
		for _, large := range []bool{false, true} {
			pdfBytes := renderEither(t, d, opts(), large)
			split := 0
			for i, p := range bboxPages(t, pdfBytes) {
				for k := 0; k+1 < len(p.words); k++ {
					a, b := p.words[k].text, p.words[k+1].text
					if !words[a] && words[a+b] && p.words[k+1].yMin > p.words[k].yMin+1 {
						split++
						if split <= 5 {
							t.Errorf("%s (large %v) page %d: table word %q split across lines as %q | %q", name, large, i+1, a+b, a, b)
						}
					}
				}
			}
			if split > 5 {
				t.Errorf("%s (large %v): %d table words split in all", name, large, split)
			}
		}
	}
}

var listMarkerRe = regexp.MustCompile(`^(•|–|◦|-|\d+\.)$`)

// A heading is never the last text on a page: it keeps with what follows;
// nor is a list marker without its text.
func TestHeadingNeverLastOnPage(t *testing.T) {
	cases := map[string]*doc.Document{"seed": testutil.Seed(t), "kitchen-sink": testutil.LoadCase(t, "kitchen-sink")}
	for _, c := range []string{"govuk-a-to-z-style-guide/a-to-z-style-guide.md", "govuk-tables-guidance/tables.md",
		"nhs-wales-dhcw-good-practice-checklists/essential-good-practice-checklists.md"} {
		p := filepath.Join(testutil.RepoRoot(t), "..", "shared", "corpus", "real", c)
		if _, err := os.Stat(p); err != nil {
			t.Logf("corpus document %s not found: skipped", p)
			continue
		}
		d := testutil.LoadFile(t, p)
		if d.Meta.Lang == "" {
			d.Meta.Lang = "en-GB"
		}
		cases[filepath.Base(filepath.Dir(p))] = d
	}
	for name, d := range cases {
		var heads []string
		for _, h := range doc.Headings(d) {
			heads = append(heads, strings.Join(strings.Fields(doc.PlainText(h.Inlines)), " "))
		}
		for _, large := range []bool{false, true} {
			pdfBytes := renderEither(t, d, opts(), large)
			pages := bboxPages(t, pdfBytes)
			for i, p := range pages[:len(pages)-1] {
				line, tall := lastBodyLine(p)
				if listMarkerRe.MatchString(line) {
					t.Errorf("%s (large %v) page %d ends with a list marker %q alone", name, large, i+1, line)
				}
				if line == "" || !tall {
					continue
				}
				for _, h := range heads {
					if strings.HasSuffix(h, line) {
						t.Errorf("%s (large %v) page %d ends with the heading %q", name, large, i+1, h)
						break
					}
				}
			}
		}
	}
}

// lastBodyLine is the text of the lowest line above the running footer, and
// whether it is set larger than the page's usual text (as a heading is).
func lastBodyLine(p bpage) (string, bool) {
	// the footer starts at "Page N of M"
	footTop := p.h
	for k := 0; k+2 < len(p.words); k++ {
		if p.words[k].text == "Page" && p.words[k+2].text == "of" {
			footTop = p.words[k].yMin
		}
	}
	var body []bword
	var heights []float64
	for _, w := range p.words {
		if w.yMax < footTop-5 {
			body = append(body, w)
			heights = append(heights, w.yMax-w.yMin)
		}
	}
	if len(body) == 0 {
		return "", false
	}
	sort.Float64s(heights)
	usual := heights[len(heights)/2]
	low := 0.0
	for _, w := range body {
		low = max(low, w.yMin)
	}
	var words []string
	tall := true
	for _, w := range body {
		if w.yMin > low-1 {
			words = append(words, w.text)
			if w.yMax-w.yMin < usual*1.12 {
				tall = false
			}
		}
	}
	return strings.Join(words, " "), tall
}

// A footnote is set at the foot of the page that refers to it, whatever
// line of the page the reference falls on; in both PDFs.
func TestFootnoteOnThePageOfItsReference(t *testing.T) {
	filler := "Allied health professionals work across mental health, learning disability and autism services, " +
		"in hospitals and in the community, with people of every age."
	for _, large := range []bool{false, true} {
		for before := 3; before < 30; before += 2 {
			var md strings.Builder
			md.WriteString("---\ntitle: Notes at the foot\nlang: en-GB\n---\n\n")
			for k := 0; k < before; k++ {
				md.WriteString(filler + "\n\n")
			}
			md.WriteString("Zebra quagga okapi.[^a] " + filler + "\n\n")
			for k := 0; k < 10; k++ {
				md.WriteString(filler + "\n\n")
			}
			md.WriteString("[^a]: Marmoset tamarin capuchin, a note long enough to take two lines in large print at the least.\n")
			f := filepath.Join(t.TempDir(), "notes.md")
			if err := os.WriteFile(f, []byte(md.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			d := testutil.LoadFile(t, f)
			pdfBytes := renderEither(t, d, opts(), large)
			refPage, notePage := -1, -1
			for i, p := range bboxPages(t, pdfBytes) {
				for k, w := range p.words {
					if strings.HasPrefix(w.text, "okapi.") {
						refPage = i
					}
					if w.text == "Marmoset" {
						notePage = i
						if k == 0 || p.words[k-1].text != "1." {
							t.Errorf("large %v, %d paragraphs before: the note is not numbered", large, before)
						}
					}
					if w.text == "Footnotes" {
						t.Errorf("large %v, %d paragraphs before: a Footnotes section at the end as well", large, before)
					}
				}
			}
			if refPage < 0 || refPage != notePage {
				t.Errorf("large %v, %d paragraphs before: reference on page %d, note on page %d", large, before, refPage+1, notePage+1)
			}
		}
	}
}

// renderEither renders d as the PDF or, when large, as the large print.
func renderEither(t *testing.T, d *doc.Document, o render.Options, large bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	fn := Render
	if large {
		fn = RenderLargePrint
	}
	if err := fn(d, o, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
