package louis

import (
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/testutil"
)

// lib loads liblouis or skips (fails under ALTFORMATS_REQUIRE_TOOLS=1).
func lib(t testing.TB) *Library {
	t.Helper()
	l, err := Load()
	if err != nil {
		testutil.Missing(t, err.Error())
	}
	return l
}

// The recipe's proven pairs: contracted UEB and Welsh, and back again.
func TestTranslateRoundTrip(t *testing.T) {
	l := lib(t)
	for _, c := range []struct{ table, text, braille, back string }{
		{TableUEB2, "Allied Health Professionals in mental health work in 14 settings.",
			",alli$ ,h1l? ,pr(es.nals 9 m5tal h1l? \"w 9 #ad sett+s4", ""},
		{TableWelsh2, "Gwasanaethau iechyd meddwl yng Nghymru", ",gwasanae?au ie*yd _m yng ,nghymru", "Gwasanæthau iechyd meddwl yng Nghymru"},
	} {
		got, err := l.Translate(c.table, c.text, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.braille {
			t.Errorf("%s: %q → %q, want %q", c.table, c.text, got, c.braille)
		}
		back, err := l.BackTranslate(c.table, got)
		if err != nil {
			t.Fatal(err)
		}
		want := c.back
		if want == "" {
			want = c.text
		}
		if !strings.EqualFold(back, want) {
			t.Errorf("%s: back-translation %q, want %q", c.table, back, want)
		}
	}
}

// A long text needs the output buffer to grow; emphasis adds indicators.
func TestLongTextAndTypeform(t *testing.T) {
	l := lib(t)
	long := strings.Repeat("Xylophone quizzical jukebox! ", 2000)
	got, err := l.Translate(TableUEB2, long, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(got, ",xyloph\"o quizzical jukebox6"); n != 2000 {
		t.Errorf("long text: %d of 2000 words translated", n)
	}
	tf := make([]uint16, len([]rune("very important")))
	for i := range tf {
		tf[i] = Bold
	}
	plain, _ := l.Translate(TableUEB2, "very important", nil)
	bold, err := l.Translate(TableUEB2, "very important", tf)
	if err != nil {
		t.Fatal(err)
	}
	if bold == plain || !strings.Contains(bold, "~1") {
		t.Errorf("bold gave %q, plain %q: no bold indicator", bold, plain)
	}
}
