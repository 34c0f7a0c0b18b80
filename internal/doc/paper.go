package doc

import (
	"fmt"
	"math"
	"strings"
)

// Paper is a page size for the paged formats (PDF, large print PDF, Word).
// It is chosen by --paper, altformats.yaml's paper or a pack definition's
// paper, parsed once by ParsePaper; writers take it from render.Options. The
// zero Paper means "not set", which every writer takes as A4.
type Paper struct {
	Name              string // as written in settings and shown in messages: "A4"
	WidthMM, HeightMM float64
}

// The paper sizes the tool knows: ISO A4 and A5, US Letter (8.5 × 11 in).
var (
	A4     = Paper{Name: "A4", WidthMM: 210, HeightMM: 297}
	A5     = Paper{Name: "A5", WidthMM: 148, HeightMM: 210}
	Letter = Paper{Name: "Letter", WidthMM: 215.9, HeightMM: 279.4}
)

// papers lists every paper size, the default first.
var papers = []Paper{A4, A5, Letter}

// PaperNames lists the paper sizes' names, the default first, for flags,
// completion and messages.
func PaperNames() []string {
	names := make([]string, len(papers))
	for i, p := range papers {
		names[i] = p.Name
	}
	return names
}

// PaperChoices names the paper sizes for people: "A4, A5 or Letter".
func PaperChoices() string {
	n := PaperNames()
	return strings.Join(n[:len(n)-1], ", ") + " or " + n[len(n)-1]
}

// PaperHint is the fix for a bad paper value: "use A4, A5 or Letter".
func PaperHint() string { return "use " + PaperChoices() }

// ParsePaper reads a paper value from a flag, altformats.yaml or a pack
// definition: a name in any case, surrounding spaces ignored. An empty value
// is the zero Paper (not set) and no error; the caller positions the error.
func ParsePaper(s string) (Paper, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Paper{}, nil
	}
	for _, p := range papers {
		if strings.EqualFold(s, p.Name) {
			return p, nil
		}
	}
	return Paper{}, fmt.Errorf("paper %q is not a paper size", s)
}

// OrA4 is the paper to lay out on: p, or A4 when p is not set.
func (p Paper) OrA4() Paper {
	if p.Name == "" {
		return A4
	}
	return p
}

// String is the paper's name, empty when not set.
func (p Paper) String() string { return p.Name }

// Points is the page size in PDF points (1/72 inch), to the hundredth.
func (p Paper) Points() (w, h float64) {
	pt := func(mm float64) float64 { return math.Round(mm*72/25.4*100) / 100 }
	return pt(p.WidthMM), pt(p.HeightMM)
}

// Twips is the page size in twentieths of a point, as Word's w:pgSz has it.
func (p Paper) Twips() (w, h int) {
	tw := func(mm float64) int { return int(math.Round(mm / 25.4 * 1440)) }
	return tw(p.WidthMM), tw(p.HeightMM)
}
