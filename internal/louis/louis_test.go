package louis

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/ebitengine/purego"

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

// Private copies are really separate libraries: different code addresses,
// and calls running at once on several copies give, byte for byte, what one
// copy gives calling them one after another. A copy sharing another's
// globals (liblouis's translation buffers) would garble some of them.
func TestPrivateCopiesAreIndependent(t *testing.T) {
	lib(t)
	l, err := open(sonames)
	if err != nil {
		t.Fatal(err)
	}
	l.limit = 4
	if l.image == nil {
		t.Skip("skipping: this system cannot load private copies of liblouis (not Linux)")
	}
	var ins []*instance
	for i := 0; i < 4; i++ {
		ins = append(ins, l.acquire())
	}
	seen := map[uintptr]bool{}
	for _, in := range ins {
		sym, err := purego.Dlsym(in.handle, "lou_translateString")
		if err != nil {
			t.Fatal(err)
		}
		if seen[sym] {
			t.Fatalf("two copies share lou_translateString at %#x: not private copies", sym)
		}
		seen[sym] = true
	}
	for _, in := range ins {
		l.release(in)
	}
	if l.Copies() != 4 {
		t.Fatalf("Copies() = %d, want 4", l.Copies())
	}
	texts := []string{
		strings.Repeat("Allied Health Professionals in mental health work in 14 settings. ", 40),
		strings.Repeat("Xylophone quizzical jukebox! ", 50),
		"Gwasanaethau iechyd meddwl yng Nghymru",
		strings.Repeat("The toolkit contains an introduction to AHPs, information on the role. ", 30),
	}
	tables := []string{TableUEB2, TableUEB2, TableWelsh2, TableUEB1}
	want := make([]string, len(texts))
	for i := range texts {
		if want[i], err = l.Translate(tables[i], texts[i], nil); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for n := 0; n < 40; n++ {
				i := (g + n) % len(texts)
				got, err := l.Translate(tables[i], texts[i], nil)
				if err != nil || got != want[i] {
					select {
					case errs <- fmt.Sprintf("goroutine %d, text %d: %v, %d cells (want %d)", g, i, err, len(got), len(want[i])):
					default:
					}
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
