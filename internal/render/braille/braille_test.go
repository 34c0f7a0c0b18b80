package braille

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/louis"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/render/txt"
	"github.com/altformats/altformats/internal/testutil"
)

// lib loads liblouis, or skips (fails under ALTFORMATS_REQUIRE_TOOLS=1).
func lib(t testing.TB) *louis.Library {
	t.Helper()
	l, err := louis.Load()
	if err != nil {
		testutil.Missing(t, err.Error())
	}
	return l
}

// plainTranslator stands in for liblouis in the layout tests that must run
// everywhere: one cell per character, lower case, like liblouis's output.
type plainTranslator struct{}

func (plainTranslator) Translate(table, text string, typeform []uint16) (string, error) {
	return strings.Map(func(r rune) rune {
		if r >= 0x20 && r < 0x7F {
			return unicode.ToLower(r)
		}
		return '?'
	}, text), nil
}

var opt = render.Options{Modified: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Generator: "altformats test"}

func write(t testing.TB, d *doc.Document, tr Translator) (brf, pef []byte) {
	t.Helper()
	var b, p bytes.Buffer
	if err := Write(d, opt, tr, &b, &p); err != nil {
		t.Fatalf("%s: %v", d.Source, err)
	}
	return b.Bytes(), p.Bytes()
}

// corpus: the shared cases, a Welsh document and the real corpus.
func corpus(t testing.TB) map[string]*doc.Document {
	t.Helper()
	docs := testutil.Cases(t)
	paths, _ := filepath.Glob(filepath.Join(testutil.RepoRoot(t), "..", "shared", "corpus", "real", "*", "*.md"))
	if len(paths) == 0 {
		paths, _ = filepath.Glob("/work/shared/corpus/real/*/*.md")
	}
	for _, p := range paths {
		name := filepath.Base(filepath.Dir(p))
		lang := "en-GB"
		if strings.HasPrefix(name, "statswales-cy-") {
			lang = "cy"
		}
		d, _, err := content.Load(p, content.Options{Root: filepath.Dir(p), DefaultLang: lang})
		if err != nil {
			continue // refused by the loader (e.g. an image the corpus lacks): not braille's business
		}
		docs[name] = d
	}
	if len(docs) < 5 {
		t.Logf("only %d documents: the real corpus is missing", len(docs))
	}
	return docs
}

// longDocument has headings at every position a page can offer, so the
// keep-with-next rule is exercised on every row.
func longDocument() *doc.Document {
	d := &doc.Document{Source: "long.md", Meta: doc.Meta{Title: "Layout test", Lang: "en-GB", Slug: "long"},
		TitleInlines: []doc.Inline{&doc.Text{Text: "Layout test"}}}
	for i := 0; i < 120; i++ {
		d.Blocks = append(d.Blocks, &doc.Heading{Level: 2 + i%3, Inlines: []doc.Inline{&doc.Text{Text: fmt.Sprintf("Heading number %d", i)}}})
		d.Blocks = append(d.Blocks, &doc.Paragraph{Inlines: []doc.Inline{&doc.Text{Text: strings.Repeat("word ", 9+i%40)}}})
	}
	return d
}

var pageNum = regexp.MustCompile(`^(.*\S)?( {3,})(P?#[A-J]+)$`)

// checkBRF applies the layout rules to a BRF: the characters, the page and
// line sizes, the page numbers at the right of line 1, three blank cells
// before them, body pages numbered 1, 2, 3… and preliminary pages p2, p3…
func checkBRF(t *testing.T, name string, brf []byte, book *Book) {
	t.Helper()
	for i, c := range brf {
		if !(c >= 0x20 && c <= 0x5F) && c != '\r' && c != '\n' && c != '\f' {
			t.Fatalf("%s: byte %d is %#x, outside ASCII braille 0x20–0x5F and CR LF FF", name, i, c)
		}
	}
	if !bytes.HasSuffix(brf, []byte("\f")) {
		t.Errorf("%s: BRF does not end with a form feed", name)
	}
	pages := strings.Split(strings.TrimSuffix(string(brf), "\f"), "\f")
	if len(pages) != len(book.Pages) {
		t.Fatalf("%s: %d pages in the BRF, %d laid out", name, len(pages), len(book.Pages))
	}
	body, prelim := 0, 1
	for i, p := range pages {
		lines := strings.Split(strings.TrimSuffix(p, "\r\n"), "\r\n")
		if strings.Contains(strings.ReplaceAll(p, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(p, "\r\n", ""), "\r") {
			t.Errorf("%s page %d: a bare CR or LF", name, i+1)
		}
		if len(lines) > Rows {
			t.Errorf("%s page %d: %d lines, more than %d", name, i+1, len(lines), Rows)
		}
		for j, l := range lines {
			if len(l) > Cols {
				t.Errorf("%s page %d line %d: %d cells, more than %d: %q", name, i+1, j+1, len(l), Cols, l)
			}
		}
		for _, h := range book.Pages[i].Headings {
			if h >= Rows-2 {
				t.Errorf("%s page %d: heading on line %d, among the last two", name, i+1, h+1)
			}
		}
		m := pageNum.FindStringSubmatch(lines[0])
		switch {
		case m == nil && strings.TrimSpace(lines[0]) == "":
			// a title page: no number shown
			if i > 0 && !strings.Contains(p, "VOLUME") {
				t.Errorf("%s page %d: no page number and not a volume's title page", name, i+1)
			}
			continue
		case m == nil:
			t.Errorf("%s page %d: line 1 %q has no braille page number at the right after 3 blank cells", name, i+1, lines[0])
			continue
		case strings.HasPrefix(m[3], "P"):
			prelim++
			if want := strings.ToUpper(number("p", prelim)); m[3] != want || body > 0 {
				t.Errorf("%s page %d: preliminary page number %s, want %s before the body", name, i+1, m[3], want)
			}
		default:
			body++
			if want := strings.ToUpper(number("", body)); m[3] != want {
				t.Errorf("%s page %d: page number %s, want %s", name, i+1, m[3], want)
			}
		}
	}
	if body == 0 {
		t.Errorf("%s: no numbered body page", name)
	}
}

// The layout rules hold on every document, with any translation.
func TestLayoutRules(t *testing.T) {
	docs := corpus(t)
	docs["long"] = longDocument()
	translators := map[string]Translator{"plain": plainTranslator{}}
	if l, err := louis.Load(); err == nil {
		translators["liblouis"] = l
	}
	for tn, tr := range translators {
		for name, d := range docs {
			book, err := Layout(d, tr)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			brf, _ := write(t, d, tr)
			checkBRF(t, tn+"/"+name, brf, book)
		}
	}
}

// Headings keep off the last two lines: the long document puts headings
// where they would otherwise land there, so pages must end early.
func TestHeadingNeverOnLastTwoLines(t *testing.T) {
	book, err := Layout(longDocument(), plainTranslator{})
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	for _, p := range book.Pages[1:] {
		if len(p.Headings) > 0 && p.Headings[0] == 1 {
			moved++ // a heading at the top of a page
		}
		if len(p.Rows) < Rows-2 && len(p.Headings) > 0 {
			moved++
		}
	}
	if moved == 0 {
		t.Errorf("no heading was ever carried to the next page: the rule was not exercised")
	}
}

// Title page: title, publisher, date, the code and the volumes; contents:
// each heading with the braille page it really is on.
func TestTitleAndContentsPages(t *testing.T) {
	d := testutil.Seed(t)
	book, err := Layout(d, plainTranslator{})
	if err != nil {
		t.Fatal(err)
	}
	title := strings.Join(book.Pages[0].Rows, "\n")
	for _, want := range []string{"allied health professionals in mental", "published by health education england", "unified english braille grade 2", "in 1 volume"} {
		if !strings.Contains(strings.Join(strings.Fields(title), " "), want) {
			t.Errorf("title page lacks %q:\n%s", want, title)
		}
	}
	var prelim []string
	for _, p := range book.Pages[1:] {
		if !strings.HasPrefix(strings.TrimSpace(p.Rows[0]), "p#") {
			break
		}
		prelim = append(prelim, p.Rows[1:]...)
	}
	contents := prelim
	for len(contents) > 0 && strings.TrimSpace(contents[0]) != "contents" {
		contents = contents[1:]
	}
	if len(contents) == 0 {
		t.Fatalf("no contents page among the preliminary pages: %q", prelim)
	}
	entries := 0
	for _, b := range d.Blocks {
		h, ok := b.(*doc.Heading)
		if !ok || h.Level > 3 {
			continue
		}
		text, _ := plainTranslator{}.Translate("", plainText(h.Inlines), nil)
		// the entry: the heading's words, guide dots, the page number
		var entry []string
		for i, l := range contents {
			if strings.HasPrefix(strings.TrimSpace(l), text[:min(len(text), 20)]) {
				for _, l := range contents[i:] {
					entry = append(entry, strings.TrimSpace(l))
					if strings.Contains(l, `" #`) {
						break
					}
				}
				break
			}
		}
		m := regexp.MustCompile(`^(.*?) "+ (#[a-j]+)$`).FindStringSubmatch(strings.Join(entry, " "))
		if m == nil || m[1] != text {
			t.Errorf("contents has no entry with a page number for %q: %q", text, entry)
			continue
		}
		entries++
		// the heading must be on that body page
		found := false
		for _, p := range book.Pages {
			if strings.HasSuffix(p.Rows[0], " "+m[2]) && len(p.Headings) > 0 {
				var hl []string
				for _, hi := range p.Headings {
					hl = append(hl, strings.TrimSpace(p.Rows[hi]))
				}
				if strings.Contains(strings.Join(hl, " "), text) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("contents says %q is on page %s, but it is not", text, m[2])
		}
	}
	if entries == 0 {
		t.Error("no contents entries checked")
	}
}

// The ASCII-braille-to-dots table agrees with liblouis for every cell the
// tables produce on a text with letters, digits, punctuation and contractions.
func TestASCIIBrailleTableMatchesLiblouis(t *testing.T) {
	l := lib(t)
	text := "The quick brown fox jumps over the lazy dog! 1234567890 (a) [b] {c} “q” ‘s’ – — … • @ # $ % & * + / : ; < = > ? ^ _ ` | ~ ½ é ß ought through ing ed er ar ou ow st th wh sh ch gh ea bb cc dd ff gg en in was were his"
	ascii, err := l.Translate(louis.TableUEB2, text, nil)
	if err != nil {
		t.Fatal(err)
	}
	uni, err := l.TranslateUnicode(louis.TableUEB2, text)
	if err != nil {
		t.Fatal(err)
	}
	a, u := []rune(ascii), []rune(uni)
	if len(a) != len(u) {
		t.Fatalf("ASCII %d cells, Unicode %d cells", len(a), len(u))
	}
	seen := map[rune]bool{}
	for i := range a {
		got := []rune(unicodeRow(string(a[i])))
		want := u[i] & 0x283F // six dots
		if a[i] == ' ' {
			continue
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("cell %q: our table gives %q, liblouis %q", a[i], string(got), string(want))
		}
		seen[want] = true
	}
	if len(seen) < 40 {
		t.Errorf("only %d distinct cells checked", len(seen))
	}
}

// words is the comparison form of a text: lower case, letters and digits,
// with æ (liblouis's Welsh back-translation of the ae contraction) as ae.
// A run of digits glued to letters is a word of its own: liblouis's Welsh
// back-translation leaves a comma as "1" ("lliwiau1").
func words(s string) []string {
	s = strings.NewReplacer("æ", "ae", "Æ", "ae").Replace(strings.ToLower(s))
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		start := 0
		rs := []rune(f)
		for i := 1; i < len(rs); i++ {
			if unicode.IsDigit(rs[i]) != unicode.IsDigit(rs[i-1]) {
				out = append(out, string(rs[start:i]))
				start = i
			}
		}
		out = append(out, string(rs[start:]))
	}
	return out
}

// inOrder is the share of want's words found in got in the same order: the
// longest common subsequence of the two word lists, over len(want). missing
// lists a few words of want that got lacks entirely, for the message.
func inOrder(want, got []string) (float64, []string) {
	if len(want) == 0 {
		return 1, nil
	}
	ids := map[string]int32{}
	id := func(s string) int32 {
		if v, ok := ids[s]; ok {
			return v
		}
		ids[s] = int32(len(ids))
		return ids[s]
	}
	a := make([]int32, len(want))
	for i, w := range want {
		a[i] = id(w)
	}
	b := make([]int32, len(got))
	for i, w := range got {
		b[i] = id(w)
	}
	prev, cur := make([]int32, len(b)+1), make([]int32, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	have := map[string]bool{}
	for _, w := range got {
		have[w] = true
	}
	var missing []string
	for _, w := range want {
		if !have[w] && len(missing) < 20 {
			missing = append(missing, w)
		}
	}
	return float64(prev[len(b)]) / float64(len(want)), missing
}

// backTranslate reads a BRF back with liblouis: every page's rows under
// line 1, joined, through the dots (our table, checked above against
// liblouis) and the table's back-translation. Contents pages (numbered p…)
// are left out: they repeat the headings, with guide dots between.
func backTranslate(t *testing.T, l *louis.Library, table string, brf []byte) string {
	t.Helper()
	var sb strings.Builder
	for _, p := range strings.Split(string(brf), "\f") {
		lines := strings.Split(p, "\r\n")
		if len(lines) < 2 || pageNum.FindStringSubmatch(lines[0]) != nil && strings.HasPrefix(pageNum.FindStringSubmatch(lines[0])[3], "P") {
			continue
		}
		var rows []string
		for _, r := range lines[1:] {
			if r = strings.TrimSpace(r); r != "" {
				rows = append(rows, unicodeRow(r))
			}
		}
		back, err := l.BackTranslateUnicode(table, strings.Join(rows, "\u2800"))
		if err != nil {
			t.Fatal(err)
		}
		sb.WriteString(back)
		sb.WriteString(" ")
	}
	return sb.String()
}

// roundTrip is the plain text as liblouis reads it back after translating
// it, block by block: the other way to leave liblouis's misreadings out of
// the comparison, better where they change the number of words (Welsh).
// The plain text's own decorations (⁂ rules, ☐ boxes, • bullets, heading
// underlines) are
// left out.
func roundTrip(t *testing.T, l *louis.Library, table, text string) []string {
	t.Helper()
	var out []string
	rule := regexp.MustCompile(`(?m)^[=.-]+$`) // heading underlines
	for _, block := range strings.Split(text, "\n\n") {
		block = rule.ReplaceAllString(block, "")
		block = strings.Join(strings.Fields(strings.Map(func(r rune) rune {
			if unicode.Is(unicode.So, r) || r == '\u2042' || r == '\u2022' {
				return ' '
			}
			return r
		}, block)), " ")
		if block == "" {
			continue
		}
		b, err := l.Translate(table, block, nil)
		if err != nil {
			t.Fatal(err)
		}
		back, err := l.BackTranslate(table, b)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, words(back)...)
	}
	return out
}

// joinSplit joins the words the plain-text writer split across a narrow
// table column ("secto" "r") where the braille has the whole word.
func joinSplit(want []string, have map[string]bool) []string {
	var out []string
	for i := 0; i < len(want); i++ {
		if i+1 < len(want) && !have[want[i]] && !have[want[i+1]] && have[want[i]+want[i+1]] {
			out = append(out, want[i]+want[i+1])
			i++
			continue
		}
		out = append(out, want[i])
	}
	return out
}

// columnTables splits the plain text into its prose and the tables it set
// in columns (a block with a "-----  ------" rule under its header). Such a
// table's words run across the row in print but down each row's
// "header: value" lines in braille when it does not fit 40 cells, so their
// order differs by design: they are checked for presence, the rest in order.
func columnTables(text string) (prose, tables string) {
	rule := regexp.MustCompile(`(?m)^-+(  +-+)+$`)
	var p, tb []string
	for _, block := range strings.Split(text, "\n\n") {
		if rule.MatchString(block) {
			tb = append(tb, block)
		} else {
			p = append(p, block)
		}
	}
	return strings.Join(p, "\n\n"), strings.Join(tb, "\n\n")
}

// present is how many of want's words got has.
func present(want, got []string) int {
	have := map[string]bool{}
	for _, w := range got {
		have[w] = true
	}
	n := 0
	for _, w := range want {
		if have[w] {
			n++
		}
	}
	return n
}

// Back-translated by liblouis, every BRF carries at least 99% of the plain
// text output's words, in order, once liblouis's own misreadings are
// discounted; the raw share is logged and held to a floor too.
//
// Two figures, both logged (README "Braille" quotes them):
//   - raw: the BRF read back by liblouis against the plain text's words;
//   - discounted: the same reading against liblouis's reading of the plain
//     text itself, translated and read back block by block. A word counts
//     as kept when the BRF gives back what liblouis gives back for the same
//     text at that place, so the only thing discounted is liblouis's
//     back-translation misreading braille it wrote itself ("https:" comes
//     back as "httpscc", Welsh "tabl" as "tablwyddyn"): the misreadings are
//     logged, with how often each was discounted.
//
// The words of tables set in columns in the plain text are checked for
// presence, not order (their order differs from braille's row-by-row form
// by design).
func TestBackTranslationKeepsTheWords(t *testing.T) {
	l := lib(t)
	for name, d := range corpus(t) {
		t.Run(name, func(t *testing.T) {
			var tx bytes.Buffer
			if err := txt.Render(d, opt, &tx); err != nil {
				t.Fatal(err)
			}
			brf, _ := write(t, d, l)
			table := tableFor(d.Meta.Lang, louis.TableUEB2)
			got := words(backTranslate(t, l, table, brf))
			have := map[string]bool{}
			for _, w := range got {
				have[w] = true
			}
			prose, tables := columnTables(tx.String())
			want := joinSplit(words(prose), have)
			rt := joinSplit(roundTrip(t, l, table, prose), have)
			// a column table's cells one by one (columns are two or more
			// spaces apart), as braille gives them, without the header's rule
			cells := regexp.MustCompile(`(?m)^-+(  +-+)+$`).ReplaceAllString(tables, "")
			cells = regexp.MustCompile(`  +|\n`).ReplaceAllString(cells, "\n\n")
			inTables, rtTables := words(tables), roundTrip(t, l, table, cells)
			raw, missing := inOrder(want, got)
			discounted, missing2 := inOrder(rt, got)
			share := func(inOrder float64, n int, tableWords []string) float64 {
				return (inOrder*float64(n) + float64(present(tableWords, got))) / float64(n+len(tableWords))
			}
			raw = share(raw, len(want), inTables)
			discounted = share(discounted, len(rt), rtTables)
			t.Logf("%s (%s): %d words (%d in column tables, checked for presence); kept in order: %.2f%% raw, %.2f%% discounting liblouis's misreadings of its own braille; discounted: %s",
				name, table, len(want)+len(inTables), len(inTables), 100*raw, 100*discounted, misreadings(t, l, table, tx.String()))
			if discounted < 0.99 {
				t.Errorf("%s: only %.2f%% of liblouis's reading of the text come back from the BRF, in order; words never seen: %q", name, 100*discounted, missing2)
			}
			// The raw floor: liblouis's Welsh back-translation misreads far
			// more than its English one (see the log), so Welsh has its own.
			floor := 0.98
			if table == louis.TableWelsh2 {
				floor = 0.85
			}
			if raw < floor {
				t.Errorf("%s: only %.2f%% of the text's words come back raw (floor %.0f%%); words never seen: %q", name, 100*raw, 100*floor, missing)
			}
		})
	}
}

// misreadings lists, most frequent first, the words liblouis reads back
// differently after translating them itself (block by block, where the
// number of words agrees): the differences the discounted figure forgives.
func misreadings(t *testing.T, l *louis.Library, table, text string) string {
	t.Helper()
	count := map[string]int{}
	unaligned := 0
	for _, block := range strings.Split(text, "\n\n") {
		block = strings.Join(strings.Fields(block), " ")
		if block == "" {
			continue
		}
		back, err := l.BackTranslate(table, mustTranslate(t, l, table, block))
		if err != nil {
			t.Fatal(err)
		}
		a, b := words(block), words(back)
		if len(a) != len(b) {
			unaligned++
			continue
		}
		for i := range a {
			if a[i] != b[i] {
				count[a[i]+"→"+b[i]]++
			}
		}
	}
	var pairs []string
	for p := range count {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if count[pairs[i]] != count[pairs[j]] {
			return count[pairs[i]] > count[pairs[j]]
		}
		return pairs[i] < pairs[j]
	})
	var sb strings.Builder
	for i, p := range pairs {
		if i == 8 {
			fmt.Fprintf(&sb, "… (%d kinds in all)", len(pairs))
			break
		}
		fmt.Fprintf(&sb, "%s ×%d; ", p, count[p])
	}
	if unaligned > 0 {
		fmt.Fprintf(&sb, " and %d blocks whose reading changes the number of words", unaligned)
	}
	return sb.String()
}

// A Welsh span in an English document is translated with the Welsh table.
func TestWelshSpan(t *testing.T) {
	l := lib(t)
	welsh, _ := l.Translate(louis.TableWelsh2, "Gwasanaethau iechyd meddwl", nil)
	english, _ := l.Translate(louis.TableUEB2, "Gwasanaethau iechyd meddwl", nil)
	if welsh == english {
		t.Fatalf("the two tables agree on the test phrase (%q): pick another", welsh)
	}
	d := &doc.Document{Source: "span.md", Meta: doc.Meta{Title: "Span", Lang: "en-GB", Slug: "span"},
		TitleInlines: []doc.Inline{&doc.Text{Text: "Span"}},
		Blocks: []doc.Block{&doc.Paragraph{Inlines: []doc.Inline{&doc.Text{Text: "In Welsh: "},
			&doc.Span{Lang: "cy", Children: []doc.Inline{&doc.Text{Text: "Gwasanaethau iechyd meddwl"}}}}}}}
	brf, _ := write(t, d, l)
	if !bytes.Contains(brf, brfLine(welsh)) {
		t.Errorf("the Welsh span is not in Welsh braille %q:\n%s", brfLine(welsh), brf)
	}
	d.Meta.Lang = "cy"
	book, err := Layout(d, l)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(book.Pages[0].Rows, " "), strings.TrimSpace(mustTranslate(t, l, louis.TableWelsh2, "Braille Cymraeg gradd 2"))) {
		t.Errorf("a Welsh document's title page does not name Welsh braille:\n%s", strings.Join(book.Pages[0].Rows, "\n"))
	}
}

func mustTranslate(t *testing.T, l *louis.Library, table, s string) string {
	t.Helper()
	b, err := l.Translate(table, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Images become their alt text inside transcriber's note indicators; links
// their text with the address once after it.
func TestImagesAndLinks(t *testing.T) {
	d := &doc.Document{Source: "x.md", Meta: doc.Meta{Title: "X", Lang: "en-GB", Slug: "x"},
		TitleInlines: []doc.Inline{&doc.Text{Text: "X"}},
		Blocks: []doc.Block{
			&doc.Figure{Image: &doc.Image{Alt: "a chart of staff numbers"}},
			&doc.Paragraph{Inlines: []doc.Inline{&doc.Link{URL: "https://example.org/a", Children: []doc.Inline{&doc.Text{Text: "the site"}}},
				&doc.Text{Text: " and "}, &doc.Link{URL: "https://example.org/b", Children: []doc.Inline{&doc.Text{Text: "https://example.org/b"}}}}},
		}}
	brf, _ := write(t, d, plainTranslator{})
	s := strings.Join(strings.Fields(strings.NewReplacer("\r\n", " ", "\f", " ").Replace(string(brf))), " ")
	if !strings.Contains(s, "@.<IMAGE: A CHART OF STAFF NUMBERS@.>") {
		t.Errorf("image alt text not in transcriber's note indicators: %s", s)
	}
	if !strings.Contains(s, "THE SITE (HTTPS://EXAMPLE.ORG/A)") {
		t.Errorf("link address not after its text: %s", s)
	}
	if strings.Count(s, "EXAMPLE.ORG/B") != 1 {
		t.Errorf("a link whose text is its address must show it once: %s", s)
	}
}

// Tables: in columns when they fit, else "header: value" lines.
func TestTables(t *testing.T) {
	cell := func(s string, h bool) *doc.TableCell {
		return &doc.TableCell{Header: h, Inlines: []doc.Inline{&doc.Text{Text: s}}}
	}
	mk := func(a, b string) *doc.Table {
		return &doc.Table{Cols: 2, Head: []*doc.TableRow{{Cells: []*doc.TableCell{cell("Name", true), cell("Count", true)}}},
			Body: []*doc.TableRow{{Cells: []*doc.TableCell{cell(a, false), cell(b, false)}}}}
	}
	d := &doc.Document{Source: "t.md", Meta: doc.Meta{Title: "T", Lang: "en-GB", Slug: "t"}, TitleInlines: []doc.Inline{&doc.Text{Text: "T"}}}
	d.Blocks = []doc.Block{mk("Nurses", "12")}
	brf, _ := write(t, d, plainTranslator{})
	if !regexp.MustCompile(`\r\nNAME +COUNT\r\nNURSES +12\r\n`).Match(brf) {
		t.Errorf("a table that fits is not in columns:\n%s", brf)
	}
	d.Blocks = []doc.Block{mk("Occupational therapists and physiotherapists", "twelve in every region")}
	brf, _ = write(t, d, plainTranslator{})
	if !bytes.Contains(brf, []byte("\r\nNAME: OCCUPATIONAL THERAPISTS AND\r\n")) || !bytes.Contains(brf, []byte("\r\n  COUNT: TWELVE IN EVERY REGION\r\n")) {
		t.Errorf("a wide table is not linearised as header: value lines:\n%s", brf)
	}
}

// The PEF is valid against the PEF 1.0 RELAX NG schema (xmllint), keeps the
// schema's two Schematron rules (rows per page, cells per row), and holds
// exactly the BRF's cells.
func TestPEFValidAgainstSchema(t *testing.T) {
	xmllint := testutil.Tool(t, "xmllint")
	l := lib(t)
	schema := filepath.Join("testdata", "pef-schema", "pef-2008-1-light.rng")
	docs := testutil.Cases(t)
	docs["long"] = longDocument()
	for name, d := range docs {
		brf, pef := write(t, d, l)
		f := filepath.Join(t.TempDir(), name+".pef")
		if err := os.WriteFile(f, pef, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(xmllint, "--noout", "--relaxng", schema, f).CombinedOutput()
		if err != nil {
			t.Errorf("%s: PEF fails the schema: %v\n%s", name, err, out)
		}
		pages := regexp.MustCompile(`(?s)<page>(.*?)</page>`).FindAllStringSubmatch(string(pef), -1)
		brfPages := strings.Split(strings.TrimSuffix(string(brf), "\f"), "\f")
		if len(pages) != len(brfPages) {
			t.Fatalf("%s: PEF has %d pages, BRF %d", name, len(pages), len(brfPages))
		}
		rowRe := regexp.MustCompile(`<row>(.*?)</row>|<row/>`)
		for i, p := range pages {
			rows := rowRe.FindAllStringSubmatch(p[1], -1)
			if len(rows) > Rows {
				t.Errorf("%s page %d: %d rows", name, i+1, len(rows))
			}
			lines := strings.Split(strings.TrimSuffix(brfPages[i], "\r\n"), "\r\n")
			for j, r := range rows {
				if n := len([]rune(r[1])); n > Cols {
					t.Errorf("%s page %d row %d: %d cells", name, i+1, j+1, n)
				}
				if r[1] != unicodeRow(lines[j]) {
					t.Errorf("%s page %d row %d: PEF %q, BRF %q", name, i+1, j+1, r[1], lines[j])
				}
			}
		}
	}
	// and the check can fail: a row of ASCII is not braille
	bad := filepath.Join(t.TempDir(), "bad.pef")
	_, pef := write(t, testutil.Seed(t), l)
	_ = os.WriteFile(bad, bytes.Replace(pef, []byte("<row>"), []byte("<row>abc"), 1), 0o644)
	if err := exec.Command(xmllint, "--noout", "--relaxng", schema, bad).Run(); err == nil {
		t.Error("xmllint accepted a PEF row with ASCII letters: the schema check proves nothing")
	}
}

// Two renders give the same bytes.
func TestDeterministic(t *testing.T) {
	var tr Translator = plainTranslator{}
	if l, err := louis.Load(); err == nil {
		tr = l
	}
	d := testutil.Seed(t)
	b1, p1 := write(t, d, tr)
	b2, p2 := write(t, d, tr)
	if !bytes.Equal(b1, b2) || !bytes.Equal(p1, p2) {
		t.Error("two renders of the seed differ")
	}
}

// Volumes: a document longer than VolumePages pages is split, each later
// volume with its own title page, and the PEF has a volume element each.
func TestVolumes(t *testing.T) {
	d := longDocument()
	for i := 0; i < 4; i++ {
		d.Blocks = append(d.Blocks, longDocument().Blocks...)
	}
	book, err := Layout(d, plainTranslator{})
	if err != nil {
		t.Fatal(err)
	}
	if book.Volumes < 2 {
		t.Fatalf("%d pages in %d volume(s): the test document is too short", len(book.Pages), book.Volumes)
	}
	count := map[int]int{}
	for _, p := range book.Pages {
		count[p.Volume]++
	}
	for v := 1; v <= book.Volumes; v++ {
		if count[v] > VolumePages || count[v] == 0 {
			t.Errorf("volume %d has %d pages", v, count[v])
		}
	}
	brf, pef := write(t, d, plainTranslator{})
	checkBRF(t, "volumes", brf, book)
	if n := bytes.Count(pef, []byte("<volume ")); n != book.Volumes {
		t.Errorf("PEF has %d volumes, want %d", n, book.Volumes)
	}
	if !strings.Contains(strings.Join(book.Pages[0].Rows, " "), fmt.Sprintf("volume 1 of %d", book.Volumes)) {
		t.Errorf("title page does not give the number of volumes")
	}
}

// A word or an address longer than a line is divided with a hyphen at the
// end of the line (UEB 10.13), between braille signs; joined again across
// the hyphen, liblouis reads back the same word.
func TestLongWordsAreDivided(t *testing.T) {
	l := lib(t)
	word := "pneumonoultramicroscopicsilicovolcanoconiosishippopotamusabc" // 60 letters
	url := "https://www.example.org/services/mental-health/allied-health-professionals/toolkit-for-employers/index.html"
	if len(word) != 60 {
		t.Fatalf("the long word has %d letters", len(word))
	}
	for _, c := range []struct{ name, text string }{{"word", word}, {"url", url}} {
		t.Run(c.name, func(t *testing.T) {
			d := &doc.Document{Source: "w.md", Meta: doc.Meta{Title: "W", Lang: "en-GB", Slug: "w"},
				TitleInlines: []doc.Inline{&doc.Text{Text: "W"}},
				Blocks:       []doc.Block{&doc.Paragraph{Inlines: []doc.Inline{&doc.Text{Text: "See " + c.text + " here."}}}}}
			book, err := Layout(d, l)
			if err != nil {
				t.Fatal(err)
			}
			body := book.Pages[len(book.Pages)-1].Rows[1:]
			var joined string
			divided := 0
			for i, r := range body {
				if len(r) > Cols {
					t.Errorf("row %d has %d cells: %q", i, len(r), r)
				}
				r = strings.TrimSpace(r)
				if strings.HasSuffix(r, "-") && i+1 < len(body) && body[i+1] != "" {
					divided++
					joined += strings.TrimSuffix(r, "-")
					continue
				}
				joined += r + " "
			}
			if divided == 0 {
				t.Fatalf("the %s was not divided with a hyphen:\n%s", c.name, strings.Join(body, "\n"))
			}
			back, err := l.BackTranslate(louis.TableUEB2, joined)
			if err != nil {
				t.Fatal(err)
			}
			// liblouis misreads some undivided braille too ("https:" comes
			// back as "httpscc"): the divided word must read back as the
			// undivided one does.
			whole := mustTranslate(t, l, louis.TableUEB2, c.text)
			want, err := l.BackTranslate(louis.TableUEB2, whole)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.ToLower(back), strings.ToLower(want)) {
				t.Errorf("joined across the hyphens, liblouis reads %q, not the %s as undivided %q\nrows:\n%s", back, c.name, want, strings.Join(body, "\n"))
			}
			t.Logf("%s: divided %d times:\n%s", c.name, divided, strings.Join(body, "\n"))
		})
	}
}

// divide never ends a line inside a multi-cell sign, next to a lower sign,
// or inside a number.
func TestDivideKeepsSignsWhole(t *testing.T) {
	for _, c := range []struct{ word, head string }{
		{"abcdefgh", "abcdefg-"},          // plain letters: as late as the room allows
		{"abcdef,,gh", "abcdef-"},         // not between the two cells of the capital word indicator
		{"abcdef.dgh", "abcde-"},          // nor before a final-letter groupsign (46 + letter)
		{"abcdef1gh", "abcde-"},           // nor next to a lower sign (ea)
		{"ab#abcdefgh", "ab-"},            // nor inside a number
		{"abcdef-ghij", "abcde-"},         // nor after an existing hyphen
		{"\"w\"w\"w\"w\"w", "\"w\"w\"w-"}, // nor after a prefix (dot 5 of "word")
		{"ab_/cdefgh", "ab_/-"},           // an address divides after its slash (456 34)…
		{"abc/defgh", "abc/def-"},         // …but a lone 34 is the groupsign st, not a slash
	} {
		head, tail := divide(c.word, 8)
		if head != c.head || strings.TrimSuffix(head, "-")+tail != c.word {
			t.Errorf("divide(%q, 8) = %q + %q, want head %q", c.word, head, tail, c.head)
		}
	}
}

// The transcriber's notes page comes after the title page (p2), is listed
// in the contents, and explains exactly the conventions the document uses.
func TestTranscribersNotes(t *testing.T) {
	text := func(s string) []doc.Inline { return []doc.Inline{&doc.Text{Text: s}} }
	base := func(blocks ...doc.Block) *doc.Document {
		return &doc.Document{Source: "n.md", Meta: doc.Meta{Title: "Notes test", Lang: "en-GB", Slug: "n"},
			TitleInlines: text("Notes test"),
			Blocks:       append([]doc.Block{&doc.Heading{Level: 2, Inlines: text("Part one")}}, blocks...)}
	}
	wide := &doc.Table{Cols: 2, Head: []*doc.TableRow{{Cells: []*doc.TableCell{{Header: true, Inlines: text("Name")}, {Header: true, Inlines: text("Count")}}}},
		Body: []*doc.TableRow{{Cells: []*doc.TableCell{{Inlines: text("Occupational therapists and physiotherapists")}, {Inlines: text("twelve in every region")}}}}}
	rich := base(
		&doc.Figure{Image: &doc.Image{Alt: "a chart"}},
		&doc.Paragraph{Inlines: []doc.Inline{&doc.Link{URL: "https://example.org", Children: text("the site")}}},
		wide,
		&doc.CodeBlock{Text: "go test ./..."},
		&doc.Paragraph{Inlines: text(strings.Repeat("x", 50))},
	)
	plain := base(&doc.Paragraph{Inlines: text("Only words.")})
	notesOf := func(d *doc.Document) (notes, contents string) {
		book, err := Layout(d, plainTranslator{})
		if err != nil {
			t.Fatal(err)
		}
		p := book.Pages[1]
		if !strings.HasSuffix(p.Rows[0], "p#b") || strings.TrimSpace(p.Rows[1]) != "transcriber's notes" {
			t.Fatalf("page p2 is not the transcriber's notes:\n%s", strings.Join(p.Rows, "\n"))
		}
		rows := p.Rows[2:]
		for _, p := range book.Pages[2:] {
			if strings.TrimSpace(p.Rows[1]) == "contents" {
				contents = strings.Join(p.Rows, "\n")
				break
			}
			rows = append(rows, p.Rows[1:]...) // the notes run on
		}
		notes = strings.Join(strings.Fields(strings.Join(rows, " ")), " ")
		return notes, contents
	}
	always := []string{"unified english braille grade 2", "print page numbers are not given", "not been checked by a braille transcriber"}
	optional := map[string]string{
		"images": "images are given as their description, after @.< and before @.>",
		"links":  "links are given as their text",
		"tables": "tables too wide for the braille page are given row by row",
		"code":   "computer code is in uncontracted (grade 1) braille",
		"divide": "divided with a hyphen",
	}
	notes, contents := notesOf(rich)
	for _, want := range always {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q: %s", want, notes)
		}
	}
	for what, want := range optional {
		if !strings.Contains(notes, want) {
			t.Errorf("a document with %s: notes lack %q: %s", what, want, notes)
		}
	}
	if !regexp.MustCompile(`(?m)^transcriber's notes "+ p#b$`).MatchString(contents) {
		t.Errorf("contents does not list the transcriber's notes on p2:\n%s", contents)
	}
	notes, _ = notesOf(plain)
	for what, want := range optional {
		if strings.Contains(notes, want) {
			t.Errorf("a document without %s: notes still say %q", what, want)
		}
	}
	for _, want := range always {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q: %s", want, notes)
		}
	}
}

// serial hides the translator's copies, so translateAll runs one call at a
// time: the reference for the parallel translation.
type serial struct{ tr Translator }

func (s serial) Translate(table, text string, tf []uint16) (string, error) {
	return s.tr.Translate(table, text, tf)
}

// Translation across liblouis's private copies gives the bytes a one-at-a-
// time translation gives, also when several documents are written at once
// (as a build of many documents does).
func TestParallelTranslationMatchesSerial(t *testing.T) {
	l := lib(t)
	if l.Copies() < 2 {
		t.Logf("liblouis runs on %d copy here (GOMAXPROCS %d): the comparison still runs", l.Copies(), runtime.GOMAXPROCS(0))
	}
	docs := corpus(t)
	names := make([]string, 0, len(docs))
	for name := range docs {
		names = append(names, name)
	}
	sort.Strings(names)
	want := map[string][2][]byte{}
	for _, name := range names {
		b, p := write(t, docs[name], serial{l})
		want[name] = [2][]byte{b, p}
	}
	var wg sync.WaitGroup
	errs := make(chan string, len(names))
	for _, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b, p bytes.Buffer
			if err := Write(docs[name], opt, l, &b, &p); err != nil {
				errs <- fmt.Sprintf("%s: %v", name, err)
				return
			}
			if !bytes.Equal(b.Bytes(), want[name][0]) || !bytes.Equal(p.Bytes(), want[name][1]) {
				errs <- fmt.Sprintf("%s: written in parallel with %d others, the BRF or PEF differs from the serial one", name, len(names)-1)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
