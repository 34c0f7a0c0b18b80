package doc

import "testing"

// TestPaperSizes: the sizes the writers used to hard-code (PDF points,
// Word twips) come out of the one table, so outputs did not move.
func TestPaperSizes(t *testing.T) {
	for _, c := range []struct {
		p      Paper
		pw, ph float64
		tw, th int
	}{
		{A4, 595.28, 841.89, 11906, 16838},
		{A5, 419.53, 595.28, 8391, 11906},
		{Letter, 612, 792, 12240, 15840},
	} {
		if w, h := c.p.Points(); w != c.pw || h != c.ph {
			t.Errorf("%s: %v × %v pt, want %v × %v", c.p, w, h, c.pw, c.ph)
		}
		if w, h := c.p.Twips(); w != c.tw || h != c.th {
			t.Errorf("%s: %d × %d twips, want %d × %d", c.p, w, h, c.tw, c.th)
		}
	}
	if (Paper{}).OrA4() != A4 || A5.OrA4() != A5 {
		t.Error("OrA4: the zero paper is A4, any other stays")
	}
}

func TestParsePaper(t *testing.T) {
	for in, want := range map[string]Paper{"A4": A4, "a5": A5, " letter ": Letter, "LETTER": Letter, "": {}} {
		got, err := ParsePaper(in)
		if err != nil || got != want {
			t.Errorf("ParsePaper(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"A3", "legal", "210x297", "A 4"} {
		if _, err := ParsePaper(in); err == nil {
			t.Errorf("ParsePaper(%q): no error", in)
		}
	}
	if got := PaperHint(); got != "use A4, A5 or Letter" {
		t.Errorf("PaperHint() = %q", got)
	}
}
