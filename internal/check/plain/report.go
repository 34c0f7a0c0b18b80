package plain

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/doc"
)

// Codes of the plain-English findings (registered in internal/diag).
const (
	CodeReadingAge = "PLAIN-READING-AGE"
	CodeSentence   = "PLAIN-SENTENCE"
	CodeAvoid      = "PLAIN-AVOID"
	CodeAbbr       = "PLAIN-ABBR"
	CodePassive    = "PLAIN-PASSIVE"
	CodeLang       = "PLAIN-LANG"
)

// MaxSentenceWords is GOV.UK's limit on the length of a sentence.
const MaxSentenceWords = 25

// DefaultReadingAge is the reading age above which a document draws a
// warning when it sets no `reading-age:` target of its own: Flesch-Kincaid
// grade 9, the usual ceiling for plain English (GOV.UK writes for a reading
// age of 9; the NHS aims at 9 to 11).
const DefaultReadingAge = 14

// minWords is the length below which a reading age is not worth reporting:
// the formulas need text, not a few labels.
const minWords = 100

// Section is one part of a document under a level-2 heading (the part before
// the first one is named after the document's title).
type Section struct {
	Title  string
	Pos    doc.Pos
	Scores Scores
}

// Report is the plain-English report on one document.
type Report struct {
	Lang     string
	English  bool // false: no scores or findings, the formulas are for English
	Document Scores
	Sections []Section
	Findings doc.Diagnostics
}

// Options tune the report.
type Options struct {
	// Target is the reading age the document must not exceed (front matter
	// or altformats.yaml `reading-age:`); exceeding it is an error. 0 means
	// none: exceeding DefaultReadingAge is then a warning.
	Target int
}

// IsEnglish reports whether a BCP 47 tag is English (en, en-GB...).
func IsEnglish(lang string) bool {
	l := strings.ToLower(lang)
	return l == "en" || strings.HasPrefix(l, "en-")
}

// Analyze reports on a document. src is the source file's bytes, used to put
// each finding at the line and column of its word (nil: the block's position).
func Analyze(d *doc.Document, src []byte, opt Options) Report {
	r := Report{Lang: d.Meta.Lang, English: IsEnglish(d.Meta.Lang)}
	if !r.English {
		r.Findings = append(r.Findings, doc.Warnf(doc.Pos{File: d.Source, Line: 1, Col: 1}, CodeLang,
			"the report's formulas and word lists are for English; ask a Welsh-speaking editor to check plain language (Cymraeg Clir)",
			"no plain-English report: the document's language is %q, and the report is for English only", d.Meta.Lang))
		return r
	}
	a := &analyzer{file: d.Source, loc: newLocator(d.Source, src), abbr: map[string]*abbrUse{}}
	a.startSection(d.Meta.Title, d.Meta.Pos)
	a.blocks(d.Blocks)
	var total counter
	for _, c := range a.counts {
		total.add(c)
	}
	r.Document = total.scores()
	for i, s := range a.sections {
		s.Scores = a.counts[i].scores()
		if s.Scores.Words > 0 {
			r.Sections = append(r.Sections, s)
		}
	}
	r.Findings = append(r.Findings, a.findings...)
	r.Findings = append(r.Findings, a.abbrFindings()...)
	top := doc.Pos{File: d.Source, Line: 1, Col: 1}
	if d.Meta.Pos.Line > 0 {
		top = d.Meta.Pos
	}
	age := r.Document.ReadingAge()
	switch {
	case r.Document.Words < minWords:
	case opt.Target > 0 && age > float64(opt.Target):
		r.Findings = append(r.Findings, doc.Errorf(top, CodeReadingAge,
			"use shorter sentences and everyday words; the sections with the highest reading age are listed by `altformats check`",
			"reading age %.1f (Flesch-Kincaid grade %.1f) is above the target of %d set by reading-age", age, r.Document.Grade, opt.Target))
	case opt.Target == 0 && age > DefaultReadingAge:
		r.Findings = append(r.Findings, doc.Warnf(top, CodeReadingAge,
			"use shorter sentences and everyday words, or set your own target with `reading-age:` in the front matter or altformats.yaml",
			"reading age %.1f (Flesch-Kincaid grade %.1f) is above %d, the usual ceiling for plain English", age, r.Document.Grade, DefaultReadingAge))
	}
	r.Findings.Sort()
	return r
}

type analyzer struct {
	file     string
	loc      *locator
	sections []Section
	counts   []counter
	findings doc.Diagnostics
	abbr     map[string]*abbrUse
	abbrSeq  []string
}

func (a *analyzer) startSection(title string, pos doc.Pos) {
	a.sections = append(a.sections, Section{Title: title, Pos: pos})
	a.counts = append(a.counts, counter{})
}

func (a *analyzer) blocks(bs []doc.Block) {
	for _, b := range bs {
		switch x := b.(type) {
		case *doc.Heading:
			if x.Level <= 2 {
				a.startSection(strings.TrimSpace(doc.PlainText(x.Inlines)), x.Pos)
			}
		case *doc.Paragraph:
			a.unit(x.Pos, x.Inlines)
		case *doc.List:
			for _, it := range x.Items {
				a.blocks(it.Blocks)
			}
		case *doc.BlockQuote:
			a.blocks(x.Blocks)
		case *doc.Alert:
			a.blocks(x.Blocks)
		case *doc.DefinitionList:
			for _, it := range x.Items {
				for _, d := range it.Defs {
					a.blocks(d)
				}
			}
		}
		// Headings, tables, code and figures are labels and data, not prose.
	}
}

// unit analyses one paragraph's text.
func (a *analyzer) unit(pos doc.Pos, ins []doc.Inline) {
	text := unitText(ins)
	c := &a.counts[len(a.counts)-1]
	a.loc.seek(pos)
	for _, s := range splitSentences(text) {
		ts := tokens(s.text)
		if len(ts) == 0 {
			continue
		}
		ws := make([]string, len(ts))
		for i, t := range ts {
			ws[i] = t.text
		}
		c.addSentence(ws)
		spos := a.loc.find(ts[0].text, pos, true)
		at := func(t token) doc.Pos { return a.loc.findFrom(t.text, spos) }
		if len(ts) > MaxSentenceWords {
			a.findings = append(a.findings, doc.Warnf(spos, CodeSentence,
				fmt.Sprintf("split it: GOV.UK asks for sentences of at most %d words", MaxSentenceWords),
				"sentence has %d words", len(ts)))
		}
		a.avoidWords(s.text, ts, at)
		a.passive(s.text, ts, at)
		a.abbreviations(s.text, ts, at)
	}
}

// unitText is the text a reader reads: footnote markers and images left out.
func unitText(ins []doc.Inline) string {
	var sb strings.Builder
	var walk func([]doc.Inline)
	walk = func(ins []doc.Inline) {
		for _, in := range ins {
			switch n := in.(type) {
			case *doc.Text:
				sb.WriteString(n.Text)
			case *doc.Code:
				sb.WriteString(n.Text)
			case *doc.LineBreak:
				sb.WriteByte(' ')
			case *doc.Image, *doc.FootnoteRef:
			default:
				walk(doc.Children(in))
			}
		}
	}
	walk(ins)
	return sb.String()
}

//go:embed words-to-avoid.txt
var avoidData string

type avoidEntry struct {
	words  []string // a phrase, lower case, word by word
	advice string
}

// avoidList is keyed by each entry's first word.
var avoidList = parseAvoid(avoidData)

func parseAvoid(s string) map[string][]avoidEntry {
	out := map[string][]avoidEntry{}
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		forms, advice, _ := strings.Cut(l, "|")
		for _, f := range strings.Split(forms, ",") {
			f = strings.ToLower(strings.TrimSpace(f))
			if f == "" {
				continue
			}
			ws := words(strings.ReplaceAll(f, "-", " "))
			out[ws[0]] = append(out[ws[0]], avoidEntry{words: ws, advice: strings.TrimSpace(advice)})
		}
	}
	return out
}

func (a *analyzer) avoidWords(s string, ts []token, at func(token) doc.Pos) {
	lower := make([]string, 0, len(ts))
	for _, t := range ts {
		// "ring-fencing" and "one-stop" match their spaced forms
		lower = append(lower, strings.FieldsFunc(strings.ToLower(t.text), func(r rune) bool { return r == '-' || r == '‑' })...)
	}
	for i := range lower {
		for _, e := range avoidList[lower[i]] {
			if i+len(e.words) > len(lower) || !equalWords(lower[i:i+len(e.words)], e.words) {
				continue
			}
			phrase := strings.Join(e.words, " ")
			t := tokenContaining(ts, e.words[0])
			a.findings = append(a.findings, doc.Warnf(at(t), CodeAvoid, e.advice,
				"%q is on GOV.UK's list of words to avoid", phrase))
		}
	}
}

func tokenContaining(ts []token, w string) token {
	for _, t := range ts {
		if strings.Contains(strings.ToLower(t.text), w) {
			return t
		}
	}
	return ts[0]
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Passive voice: a form of "to be" followed (perhaps after an adverb) by a
// past participle. Regular participles end in -ed; irregular ones are listed.
var (
	beForms       = map[string]bool{"am": true, "is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "being": true, "isn't": true, "aren't": true, "wasn't": true, "weren't": true}
	irregularPart = map[string]bool{}
	notParticiple = map[string]bool{"need": true, "seed": true, "speed": true, "feed": true, "bed": true, "red": true,
		"shed": true, "hundred": true, "indeed": true, "interested": true, "concerned": true, "tired": true,
		"bored": true, "excited": true, "worried": true, "married": true, "based": true, "sacred": true, "naked": true,
		"wicked": true, "aged": true, "skilled": true, "qualified": true, "experienced": true, "committed": true,
		"related": true, "supposed": true, "used": true, "pleased": true, "scared": true, "embed": true}
)

func init() {
	for _, w := range strings.Fields(`given made done seen known taken written shown built paid held kept found sent
		told brought bought led left set put chosen drawn driven spoken sold thought understood won met caught taught
		begun broken forgotten hidden cut hit shut spent lost meant heard felt grown thrown worn torn born borne sought
		struck stolen frozen woven sung rung hung fed bound ground sworn undertaken overseen withdrawn forbidden`) {
		irregularPart[w] = true
	}
}

func isParticiple(w string) bool {
	w = strings.ToLower(w)
	if irregularPart[w] {
		return true
	}
	return len(w) > 4 && strings.HasSuffix(w, "ed") && !notParticiple[w]
}

func (a *analyzer) passive(s string, ts []token, at func(token) doc.Pos) {
	for i := 0; i+1 < len(ts); i++ {
		if !beForms[strings.ToLower(ts[i].text)] {
			continue
		}
		j := i + 1
		if j+1 < len(ts) && strings.HasSuffix(strings.ToLower(ts[j].text), "ly") && len(ts[j].text) > 4 {
			j++
		}
		if isParticiple(ts[j].text) {
			a.findings = append(a.findings, doc.Warnf(at(ts[i]), CodePassive,
				"say who does what: 'we will send your letter', not 'your letter will be sent'",
				"%q may be passive voice", ts[i].text+" "+strings.Join(tokenTexts(ts[i+1:j+1]), " ")))
			i = j
		}
	}
}

func tokenTexts(ts []token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.text
	}
	return out
}

// Abbreviations: a word of two or more capitals (AHP, AHPs, NHS). It is
// spelled out when it stands in brackets after its long form ("Allied
// Health Professionals (AHPs)") or has its long form in brackets after it.
var abbrRe = regexp.MustCompile(`^[A-Z][A-Z0-9&]*[A-Z][A-Z0-9&]*s?$`)

type abbrUse struct {
	first    doc.Pos
	firstSet bool
	defined  doc.Pos
	defSet   bool
}

func (a *analyzer) abbreviations(s string, ts []token, at func(token) doc.Pos) {
	for i, t := range ts {
		if !abbrRe.MatchString(t.text) || utf8.RuneCountInString(t.text) > 10 {
			continue
		}
		key := strings.TrimSuffix(t.text, "s")
		if len(key) < 2 || strings.ToUpper(key) != key {
			key = t.text
		}
		u := a.abbr[key]
		if u == nil {
			u = &abbrUse{}
			a.abbr[key] = u
			a.abbrSeq = append(a.abbrSeq, key)
		}
		before := strings.TrimRight(s[:t.start], " ")
		after := strings.TrimLeft(s[t.start+len(t.text):], " ")
		isDef := (strings.HasSuffix(before, "(") && strings.HasPrefix(after, ")") && i > 0) ||
			(strings.HasPrefix(after, "(") && !strings.HasPrefix(after, "()"))
		switch {
		case isDef && !u.defSet:
			u.defined, u.defSet = at(t), true
		case !u.defSet && !u.firstSet:
			u.first, u.firstSet = at(t), true
		}
	}
}

func (a *analyzer) abbrFindings() doc.Diagnostics {
	var ds doc.Diagnostics
	for _, k := range a.abbrSeq {
		u := a.abbr[k]
		if u.defSet && u.firstSet {
			ds = append(ds, doc.Warnf(u.first, CodeAbbr,
				fmt.Sprintf("spell it out the first time it is used, as you do at line %d", u.defined.Line),
				"abbreviation %q is used before it is spelled out", k))
		}
	}
	return ds
}
