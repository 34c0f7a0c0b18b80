package pack

import (
	"testing"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

func TestSizeWords(t *testing.T) {
	for n, want := range map[int]string{0: "0 bytes", 1: "1 byte", 1023: "1023 bytes", 1024: "1 KB",
		250880: "245 KB", 1536 * 1024: "1.5 MB"} {
		if got := SizeWords(n); got != want {
			t.Errorf("SizeWords(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestLanguageWords(t *testing.T) {
	for tag, want := range map[string][2]string{
		"en-GB": {"English", ""}, "en": {"English", ""}, "cy": {"Welsh", "Cymraeg"},
		"cy-GB": {"Welsh", "Cymraeg"}, "fr": {"French", "français"}, "zz-bad-!": {"zz-bad-!", ""},
	} {
		e, s := LanguageWords(tag)
		if e != want[0] || s != want[1] {
			t.Errorf("LanguageWords(%q) = %q, %q; want %q, %q", tag, e, s, want[0], want[1])
		}
	}
}

// TestPDFPagesFastCount: the quick count of page objects agrees with
// pdfcpu's reading of the page tree on both PDF writers' output of the seed.
func TestPDFPagesFastCount(t *testing.T) {
	d := testutil.Seed(t)
	for _, f := range []build.Format{mustFormat(t, "pdf"), mustFormat(t, "large-print")} {
		outs, err := build.RenderDoc(d, []build.Format{f}, render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		fast := countPageObjects(outs[0].Data)
		slow, err := pdfcpuPages(outs[0].Data)
		if err != nil {
			t.Fatal(err)
		}
		if fast != slow || fast < 2 {
			t.Errorf("%s: counted %d page objects, pdfcpu reads %d pages", f.Name, fast, slow)
		}
	}
}

func mustFormat(t *testing.T, name string) build.Format {
	fs, err := build.LookupFormats([]string{name})
	if err != nil {
		t.Fatal(err)
	}
	return fs[0]
}
