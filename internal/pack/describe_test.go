package pack

import (
	"bytes"
	"testing"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/render/pdf"
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
	for name, write := range map[string]render.Func{"pdf": pdf.Render, "large-print": pdf.RenderLargePrint} {
		var buf bytes.Buffer
		if err := write(d, render.Options{Theme: render.DefaultTheme(), Paper: doc.A4}, &buf); err != nil {
			t.Fatal(err)
		}
		fast := countPageObjects(buf.Bytes())
		slow, err := pdfcpuPages(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if fast != slow || fast < 2 {
			t.Errorf("%s: counted %d page objects, pdfcpu reads %d pages", name, fast, slow)
		}
	}
}

// Braille files say how many braille pages they hold: a BRF ends each page
// with a form feed, a PEF has a page element each.
func TestBrailleFileWords(t *testing.T) {
	for _, c := range []struct {
		f    File
		want string
	}{
		{File{MediaType: "application/x-brf", Data: []byte("A\r\n\f,B\r\n\f")}, "BRF, 9 bytes, 2 braille pages"},
		{File{MediaType: "application/x-brf", Data: []byte("A\r\n\f")}, "BRF, 4 bytes, 1 braille page"},
		{File{MediaType: "application/x-pef+xml", Data: []byte("<page><row/></page><page></page><page></page>")}, "PEF, 45 bytes, 3 braille pages"},
	} {
		got, err := FileWords(c.f)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("FileWords = %q, want %q", got, c.want)
		}
	}
}
