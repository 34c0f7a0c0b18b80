// Package plain is the plain-English report: readability scores per document
// and per section, and findings (long sentences, words GOV.UK asks writers to
// avoid, abbreviations used before they are spelled out, passive voice) at
// the line and column where they occur. English only.
package plain

import (
	"math"
	"strings"
	"unicode"
)

// Scores are counts of a text and the readability formulas computed from them.
type Scores struct {
	Words         int
	Sentences     int
	Syllables     int
	Polysyllables int // words of three syllables or more

	ReadingEase float64 // Flesch reading ease, 0 (hard) to 100 (easy)
	Grade       float64 // Flesch-Kincaid grade level (US school grade)
	SMOG        float64 // SMOG grade; 0 when there are fewer than 3 sentences
}

// UKAge turns a US school grade into a UK reading age: a child in grade G is
// about G+5 years old.
func UKAge(grade float64) float64 { return grade + 5 }

// ReadingAge is the reading age from the Flesch-Kincaid grade.
func (s Scores) ReadingAge() float64 { return UKAge(s.Grade) }

// EaseGrade maps Flesch reading ease onto a school grade with Flesch's own
// table (the same as text-readability's), so it too has a reading age.
func EaseGrade(ease float64) float64 {
	switch {
	case ease >= 90:
		return 5
	case ease >= 80:
		return 6
	case ease >= 70:
		return 7
	case ease >= 60:
		return 8.5
	case ease >= 50:
		return 11
	case ease >= 40:
		return 13
	case ease >= 30:
		return 15
	}
	return 16
}

// counter accumulates counts; scores are computed once at the end.
type counter struct{ words, sentences, syllables, poly int }

func (c *counter) addSentence(words []string) {
	for _, w := range words {
		n := wordSyllables(w)
		c.syllables += n
		if n >= 3 {
			c.poly++
		}
	}
	c.words += len(words)
	// A "sentence" of one or two words is a label or a heading-like line:
	// its words count, it does not (as in text-readability).
	if len(words) > 2 {
		c.sentences++
	}
}

func (c *counter) add(o counter) {
	c.words += o.words
	c.sentences += o.sentences
	c.syllables += o.syllables
	c.poly += o.poly
}

func (c counter) scores() Scores {
	s := Scores{Words: c.words, Sentences: c.sentences, Syllables: c.syllables, Polysyllables: c.poly}
	if c.words == 0 {
		return s
	}
	sents := max(c.sentences, 1)
	wps := float64(c.words) / float64(sents)
	spw := float64(c.syllables) / float64(c.words)
	s.ReadingEase = round(206.835-1.015*wps-84.6*spw, 1)
	s.Grade = round(0.39*wps+11.8*spw-15.59, 1)
	if c.sentences >= 3 {
		s.SMOG = round(1.043*math.Sqrt(30*float64(c.poly)/float64(c.sentences))+3.1291, 1)
	}
	return s
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// wordSyllables counts a word. A number has no letters and so no syllables,
// as in text-readability: the scores stay reproducible with it.
func wordSyllables(w string) int { return Syllables(w) }

// sentence is a span of a unit's text.
type sentence struct {
	text  string
	start int // byte offset in the unit
}

// abbrevDot lists words whose full stop does not end a sentence.
var abbrevDot = map[string]bool{
	"e.g": true, "i.e": true, "etc": true, "eg": true, "ie": true, "dr": true, "mr": true, "mrs": true,
	"ms": true, "prof": true, "st": true, "no": true, "vs": true, "approx": true, "fig": true, "cf": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true,
}

// splitSentences ends a sentence at . ! or ? (and any closing quotes or
// brackets) followed by a space and a capital letter, digit or opening
// quote, except after a known abbreviation or an initial.
func splitSentences(u string) []sentence {
	var out []sentence
	start := 0
	rs := []rune(u)
	byteAt := make([]int, len(rs)+1)
	b := 0
	for i, r := range rs {
		byteAt[i] = b
		b += len(string(r))
	}
	byteAt[len(rs)] = b
	for i := 0; i < len(rs); i++ {
		if rs[i] != '.' && rs[i] != '!' && rs[i] != '?' {
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune(`"')]”’`, rs[j]) {
			j++
		}
		if j >= len(rs) || !unicode.IsSpace(rs[j]) {
			continue
		}
		k := j
		for k < len(rs) && unicode.IsSpace(rs[k]) {
			k++
		}
		if k >= len(rs) || !(unicode.IsUpper(rs[k]) || unicode.IsDigit(rs[k]) || strings.ContainsRune(`"'“‘(`, rs[k])) {
			continue
		}
		if rs[i] == '.' {
			w := i
			for w > 0 && !unicode.IsSpace(rs[w-1]) && rs[w-1] != '(' {
				w--
			}
			prev := strings.ToLower(string(rs[w:i]))
			if abbrevDot[prev] || (i-w == 1 && unicode.IsUpper(rs[w])) {
				continue
			}
		}
		if s := strings.TrimSpace(string(rs[start:j])); s != "" {
			out = append(out, sentence{text: string(rs[start:j]), start: byteAt[start]})
		}
		start = k
		i = k - 1
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, sentence{text: string(rs[start:]), start: byteAt[start]})
	}
	return out
}

// token is a word and its byte offset in the sentence.
type token struct {
	text  string
	start int
}

// tokens splits text into words: letters and digits, with inner
// apostrophes, hyphens and full stops (e.g, co-operate, don't, 3.5).
func tokens(s string) []token {
	var out []token
	start := -1
	for i, r := range s {
		inner := r == '\'' || r == '’' || r == '-' || r == '.' || r == '‑'
		if unicode.IsLetter(r) || unicode.IsDigit(r) || (start >= 0 && inner) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, trimToken(s, start, i))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, trimToken(s, start, len(s)))
	}
	return out
}

func trimToken(s string, a, b int) token {
	t := strings.TrimRight(s[a:b], "'’-.‑")
	return token{text: t, start: a}
}

func words(s string) []string {
	ts := tokens(s)
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.text
	}
	return out
}
