package doc

import "testing"

// The contents depth: toc: N, toc: false, else 2 levels past 40 headings.
func TestTOCLevels(t *testing.T) {
	hs := func(n int, levels ...int) []*Heading {
		var out []*Heading
		for i := 0; i < n; i++ {
			out = append(out, &Heading{Level: levels[i%len(levels)]})
		}
		return out
	}
	for _, c := range []struct {
		toc, n     int
		levels     []int
		base, last int
		ok         bool
	}{
		{0, 10, []int{2, 3, 4}, 2, 3, true},     // default: three levels counting the title
		{0, 41, []int{2, 3, 4}, 2, 2, true},     // a long document: top level only
		{2, 10, []int{2, 3}, 2, 2, true},        // toc: 2
		{4, 10, []int{2, 3, 4}, 2, 4, true},     // toc: 4
		{TOCNone, 10, []int{2, 3}, 0, 0, false}, // toc: false
		{0, 5, []int{3, 4, 5}, 3, 4, true},      // headings starting at ###
		{1, 5, []int{2}, 2, 1, false},           // toc: 1 is the title alone
		{0, 0, nil, 0, 0, false},
	} {
		var list []*Heading
		if c.n > 0 {
			list = hs(c.n, c.levels...)
		}
		d := &Document{Meta: Meta{TOC: c.toc}}
		base, last, ok := TOCLevels(d, list)
		if ok != c.ok || ok && (base != c.base || last != c.last) {
			t.Errorf("toc %d, %d headings %v: got %d..%d %v, want %d..%d %v", c.toc, c.n, c.levels, base, last, ok, c.base, c.last, c.ok)
		}
	}
}
