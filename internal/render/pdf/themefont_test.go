package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/check/pdfua"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

// A theme may name its own TrueType files (relative to the templates folder);
// they are embedded, subset and tagged like the default Go fonts.
func TestThemeTrueTypeFont(t *testing.T) {
	const dir = "/usr/share/fonts/truetype/dejavu"
	fonts := map[string][]byte{}
	for _, f := range []string{"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			testutil.Missing(t, "DejaVu fonts (Debian package fonts-dejavu-core)")
		}
		fonts[f] = b
	}
	th := *render.DefaultTheme()
	th.Fonts.PDFRegular, th.Fonts.PDFBold = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
	th.Fonts.PDFItalic, th.Fonts.PDFBoldItal = "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"
	d := testutil.LoadCase(t, "kitchen-sink")
	var buf bytes.Buffer
	if err := Render(d, render.Options{Theme: &th, Assets: render.Assets{Source: "look", Fonts: fonts}}, &buf); err != nil {
		t.Fatal(err)
	}
	fs, err := pdfua.Check(buf.Bytes())
	if err != nil || len(fs) > 0 {
		t.Fatalf("PDF/UA findings with a theme font: %v %v", err, fs)
	}
	pdffonts := testutil.Tool(t, "pdffonts")
	p := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(p, buf.Bytes(), 0o644)
	out, err := exec.Command(pdffonts, p).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "+DejaVuSans ") || !strings.Contains(string(out), "+DejaVuSans-Bold ") {
		t.Errorf("theme fonts not embedded:\n%s", out)
	}
}

// Symbols the Go fonts lack (ballot boxes, check marks, arrows, Cyrillic)
// come from the embedded DejaVu fallback instead of failing the build.
func TestDejaVuFallback(t *testing.T) {
	d := simpleDoc("Checklist ☐ ☑ ☒ ✓ ✗ → and Кириллица.")
	var buf bytes.Buffer
	if err := Render(d, render.Options{}, &buf); err != nil {
		t.Fatalf("symbols refused: %v", err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("+DejaVuSans")) {
		t.Error("DejaVu fallback face not embedded")
	}
	if fs, err := pdfua.Check(buf.Bytes()); err != nil || len(fs) > 0 {
		t.Fatalf("PDF/UA findings: %v %v", err, fs)
	}
}

// Large print (RNIB/UKAAF): no visible text below 18 pt. Every text-showing
// font size in the content streams is read back through qpdf's uncompressed
// form; only invisible text (render mode 3, e.g. a task item's spoken state)
// may be smaller.
func TestLargePrintMinimumSize(t *testing.T) {
	qpdf := testutil.Tool(t, "qpdf")
	d := testutil.LoadCase(t, "kitchen-sink")
	var buf bytes.Buffer
	if err := RenderLargePrint(d, render.Options{}, &buf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	os.WriteFile(in, buf.Bytes(), 0o644)
	if b, err := exec.Command(qpdf, "--qdf", "--object-streams=disable", in, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, b)
	}
	q, _ := os.ReadFile(out)
	tf := regexp.MustCompile(`/\S+ ([0-9.]+) Tf`)
	invisible := false
	seen := 0
	for _, line := range strings.Split(string(q), "\n") {
		switch {
		case strings.HasSuffix(line, "3 Tr"):
			invisible = true
		case strings.HasSuffix(line, "0 Tr"):
			invisible = false
		}
		for _, m := range tf.FindAllStringSubmatch(line, -1) {
			size, _ := strconv.ParseFloat(m[1], 64)
			seen++
			if size < 18 && !invisible {
				t.Errorf("large print uses %.2f pt text: %s", size, line)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no font sizes found; the test reads nothing")
	}
}
