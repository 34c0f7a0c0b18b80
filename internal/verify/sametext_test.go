package verify

import "testing"

// sameText must agree with comparing normText's results.
func FuzzSameText(f *testing.F) {
	for _, c := range [][2]string{{"", ""}, {"a b", "ab"}, {"Co\u00adoperate", "Cooperate"}, {"x\u200b", "x"},
		{"a\xffb", "a\ufffdb"}, {"ab", "abc"}, {" \t", ""}, {"é", "e\u0301"}, {"A\u00a0B", "AB"}} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := sameText(a, b), normText(a) == normText(b); got != want {
			t.Fatalf("sameText(%q, %q) = %v, normText says %v", a, b, got, want)
		}
	})
}
