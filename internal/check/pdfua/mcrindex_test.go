package pdfua

import "testing"

// TestMCRIndexLinear: checking that every MCID of one element is named by
// its /K costs work in proportion to its MCIDs, not their square (a code
// block of 200,000 lines, one MCID a line in one element, took 37 s to check
// when each MCID scanned the element's whole list). Counted, not timed:
// four times the MCIDs may cost at most about four times the steps.
func TestMCRIndexLinear(t *testing.T) {
	steps := func(n int) int {
		e := &elem{}
		for i := 0; i < n; i++ {
			e.mcrs = append(e.mcrs, mcr{page: 1 + i/100, mcid: i % 100})
		}
		var x mcrIndex
		for i := 0; i < n; i++ {
			if !x.has(e, mcr{page: 1 + i/100, mcid: i % 100}) {
				t.Fatalf("MCID %d of page %d not found", i%100, 1+i/100)
			}
		}
		if x.has(e, mcr{page: 1, mcid: 100}) || x.has(e, mcr{page: 0, mcid: 0}) {
			t.Fatal("an MCID the element does not name was found")
		}
		return x.steps
	}
	a, b := steps(2_000), steps(8_000)
	if b > 5*a {
		t.Errorf("4× the MCIDs took %.1f× the steps (%d → %d): quadratic", float64(b)/float64(a), a, b)
	}
	// a small element is scanned, and still answers right
	small := &elem{mcrs: []mcr{{1, 0}, {1, 1}, {2, 0}}}
	var x mcrIndex
	if !x.has(small, mcr{2, 0}) || x.has(small, mcr{2, 1}) {
		t.Error("small element answered wrongly")
	}
}
