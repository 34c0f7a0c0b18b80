package pack

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// SizeWords says a file size the way people read it: "812 bytes", "245 KB",
// "1.4 MB" (binary multiples, as GOV.UK attachment listings do).
func SizeWords(n int) string {
	switch {
	case n < 1024:
		if n == 1 {
			return "1 byte"
		}
		return fmt.Sprintf("%d bytes", n)
	case n < 1024*1024:
		return fmt.Sprintf("%d KB", int(math.Round(float64(n)/1024)))
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
	}
}

// PDFPages counts the pages of a PDF; it never runs an external program. The
// page objects of the PDFs this tool writes are plain text, so counting their
// "/Type /Page" entries is enough and takes milliseconds on a thousand pages;
// a PDF that hides them (object streams) has its page tree read by pdfcpu.
func PDFPages(pdf []byte) (int, error) {
	if n := countPageObjects(pdf); n > 0 {
		return n, nil
	}
	return pdfcpuPages(pdf)
}

// countPageObjects counts "/Type /Page" (any spacing) not followed by a
// name character, so /Pages is not counted.
func countPageObjects(pdf []byte) int {
	n := 0
	for rest := pdf; ; {
		i := bytes.Index(rest, []byte("/Type"))
		if i < 0 {
			return n
		}
		rest = rest[i+5:]
		j := 0
		for j < len(rest) && (rest[j] == ' ' || rest[j] == '\n' || rest[j] == '\r' || rest[j] == '\t') {
			j++
		}
		if bytes.HasPrefix(rest[j:], []byte("/Page")) {
			k := j + 5
			if k >= len(rest) || !isNameChar(rest[k]) {
				n++
			}
		}
	}
}

func isNameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// pdfcpuPages reads the page tree.
func pdfcpuPages(pdf []byte) (int, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
	if err != nil {
		return 0, fmt.Errorf("count pages: %w", err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return 0, fmt.Errorf("count pages: %w", err)
	}
	return ctx.PageCount, nil
}

// typeWords names a file type for people.
func typeWords(f File) string {
	switch {
	case strings.HasPrefix(f.MediaType, "application/pdf"):
		return "PDF"
	case strings.Contains(f.MediaType, "wordprocessingml"):
		return "Word document"
	case strings.HasPrefix(f.MediaType, "text/html"):
		return "HTML"
	case strings.HasPrefix(f.MediaType, "text/plain"):
		return "Plain text"
	case f.MediaType == "application/epub+zip":
		return "EPUB"
	case f.MediaType == "application/json":
		return "JSON"
	case f.MediaType == "application/x-brf":
		return "BRF"
	case f.MediaType == "application/x-pef+xml":
		return "PEF"
	}
	return f.MediaType
}

// FileWords is the line a person reads next to a download: "PDF, 245 KB,
// 12 pages". Pages are given only where the file has fixed pages (PDF); a
// Word document's page count depends on the program that opens it, so none
// is claimed.
func FileWords(f File) (string, error) {
	s := typeWords(f) + ", " + SizeWords(len(f.Data))
	if strings.HasPrefix(f.MediaType, "application/pdf") {
		n, err := PDFPages(f.Data)
		if err != nil {
			return "", fmt.Errorf("%s: %w", f.Path, err)
		}
		if n == 1 {
			s += ", 1 page"
		} else {
			s += fmt.Sprintf(", %d pages", n)
		}
	}
	if n := braillePages(f); n > 0 {
		if n == 1 {
			s += ", 1 braille page"
		} else {
			s += fmt.Sprintf(", %d braille pages", n)
		}
	}
	return s, nil
}

// braillePages counts a braille file's pages: a BRF ends each with a form
// feed, a PEF has a page element each.
func braillePages(f File) int {
	switch f.MediaType {
	case "application/x-brf":
		return bytes.Count(f.Data, []byte{'\f'})
	case "application/x-pef+xml":
		return bytes.Count(f.Data, []byte("<page>"))
	}
	return 0
}

// LanguageWords names a language in English and, where it differs, in
// itself: "English", "Welsh (Cymraeg)". The region is left out: readers
// choose a format by language, not by spelling convention.
func LanguageWords(tag string) (english, self string) {
	t, err := language.Parse(tag)
	if err != nil {
		return tag, ""
	}
	base, _ := t.Base()
	bt := language.Make(base.String())
	english = display.English.Languages().Name(bt)
	if english == "" {
		return tag, ""
	}
	self = display.Self.Name(bt)
	if strings.EqualFold(self, english) {
		self = ""
	}
	return english, self
}

// pdfcpu would otherwise create a configuration folder in the user's home. It
// is a global that NewDefaultConfiguration reads, so it is set once before any
// goroutine can race on it.
func init() { api.DisableConfigDir() }
