package build_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
	"golang.org/x/net/html"
)

// TestFidelityCorpus: for every real document that builds (the shared corpus
// of public NHS, GOV.UK, Welsh Government pages and the DWP page in
// testdata/fidelity), every word an independent reader finds in the source
// (pandoc: GitHub Markdown → HTML → plain text) is in the plain text and in
// the HTML, except words a warning says were dropped; no two source words
// are joined into one; and every in-page link resolves in HTML, EPUB, Word
// and PDF.
func TestFidelityCorpus(t *testing.T) {
	pandoc := testutil.Tool(t, "pandoc")
	root := testutil.RepoRoot(t)
	var dirs []string
	for _, base := range []string{filepath.Join(root, "..", "shared", "corpus", "real"), filepath.Join(root, "internal", "testdata", "fidelity")} {
		es, err := os.ReadDir(base)
		if err != nil {
			t.Logf("skipping %s: %v", base, err)
			continue
		}
		for _, e := range es {
			if e.IsDir() {
				dirs = append(dirs, filepath.Join(base, e.Name()))
			}
		}
	}
	if len(dirs) < 2 {
		t.Fatalf("fidelity corpus missing: %v", dirs)
	}
	formats, err := build.LookupFormats([]string{"txt", "html", "epub", "docx", "pdf"})
	if err != nil {
		t.Fatal(err)
	}
	var built, refused, srcWords, dropped, links int
	for _, dir := range dirs {
		slug := filepath.Base(dir)
		md := findMarkdown(t, dir)
		lang := "en-GB"
		if strings.HasPrefix(slug, "statswales-cy-") {
			lang = "cy"
		}
		d, ds, err := build.Load(md, build.Options{Root: dir, DefaultLang: lang})
		if err != nil {
			refused++
			t.Logf("%s: refused (%d errors): not measured", slug, countErrors(ds))
			continue
		}
		built++
		outs, err := build.RenderDoc(d, formats, render.Options{Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Errorf("%s: render: %v", slug, err)
			continue
		}
		out := map[string][]byte{}
		for _, o := range outs {
			out[o.Format.Name] = o.Data
		}

		// Words.
		src := wordBag(pandocPlain(t, pandoc, md))
		allowed := 0
		for _, x := range ds {
			if m := droppedWordsRe.FindStringSubmatch(x.Message); m != nil {
				n, _ := strconv.Atoi(m[1])
				allowed += n
			}
		}
		n := 0
		for _, c := range src {
			n += c
		}
		srcWords += n
		dropped += allowed
		for _, f := range []struct {
			name string
			text string
		}{{"txt", string(out["txt"])}, {"html", htmlText(t, out["html"])}} {
			got := wordBag(f.text)
			missing, examples := 0, []string{}
			for w, c := range src {
				if got[w] < c {
					missing += c - got[w]
					if len(examples) < 8 {
						examples = append(examples, w)
					}
				}
			}
			if missing > allowed {
				sort.Strings(examples)
				t.Errorf("%s: %s lacks %d of %d source words (warnings name %d): e.g. %q", slug, f.name, missing, n, allowed, examples)
			}
			if joined := joinedWords(src, wordBag(addressRe.ReplaceAllString(f.text, " "))); len(joined) > 0 {
				t.Errorf("%s: %s joins source words: %q", slug, f.name, joined)
			}
		}

		// In-page links.
		ids := map[string]bool{d.TitleID: d.TitleID != ""}
		for _, h := range doc.Headings(d) {
			ids[h.ID] = true
		}
		want := 0
		doc.Walk(d, func(n any) bool {
			if l, ok := n.(*doc.Link); ok && strings.HasPrefix(l.URL, "#") && ids[l.URL[1:]] {
				want++
			}
			return true
		})
		links += want
		if bad, n := htmlAnchors(t, out["html"]); len(bad) > 0 || n < want {
			t.Errorf("%s: HTML: %d in-page links (want at least %d), unresolved %q", slug, n, want, bad)
		}
		if bad, n := epubAnchors(t, out["epub"]); len(bad) > 0 || n < want {
			t.Errorf("%s: EPUB: %d in-page links (want at least %d), unresolved %q", slug, n, want, bad)
		}
		if bad, n := docxAnchors(t, out["docx"]); len(bad) > 0 || n < want {
			t.Errorf("%s: Word: %d links to bookmarks (want at least %d), unresolved %q", slug, n, want, bad)
		}
		if want > 0 {
			// A link the PDF writer cannot resolve is written as plain text:
			// the links must add as many internal link annotations as they
			// are (or more, when one wraps over lines).
			withLinks := bytes.Count(out["pdf"], []byte("/Dest"))
			doc.Walk(d, func(n any) bool {
				if l, ok := n.(*doc.Link); ok && strings.HasPrefix(l.URL, "#") && ids[l.URL[1:]] {
					l.URL = "#no-such-heading-anywhere"
				}
				return true
			})
			again, err := build.RenderDoc(d, formats[4:], render.Options{Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if got := withLinks - bytes.Count(again[0].Data, []byte("/Dest")); got < want {
				t.Errorf("%s: PDF: in-page links add %d internal link annotations, want at least %d", slug, got, want)
			}
		}
		t.Logf("%s: %d source words, %d named as dropped by warnings, %d in-page links", slug, n, allowed, want)
	}
	t.Logf("fidelity corpus: %d documents built, %d refused; %d source words checked in txt and HTML, %d dropped with a warning; %d in-page links checked in HTML, EPUB, Word and PDF",
		built, refused, srcWords, dropped, links)
}

var droppedWordsRe = regexp.MustCompile(`(\d+) words? dropped`)

// addressRe matches web and mail addresses, which the outputs print and the
// reference reader does not: their parts are not joined words.
var addressRe = regexp.MustCompile(`\S*://\S*|www\.\S+|\S+@\S+`)

var wordRe = regexp.MustCompile(`[\p{L}\p{N}\p{M}]+`)

func wordBag(s string) map[string]int {
	bag := map[string]int{}
	for _, w := range wordRe.FindAllString(strings.ToLower(s), -1) {
		bag[w]++
	}
	return bag
}

// joinedWords finds output words that are not source words but two source
// words run together ("interactssmoke").
func joinedWords(src, got map[string]int) []string {
	var out []string
	for w := range got {
		if src[w] > 0 || len(w) < 4 {
			continue
		}
		for i := 2; i <= len(w)-2; i++ {
			if src[w[:i]] > 0 && src[w[i:]] > 0 && len(w[:i]) >= 2 && len(w[i:]) >= 2 && !strings.ContainsAny(w, "0123456789") {
				out = append(out, w)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

var frontMatterRe = regexp.MustCompile(`(?s)\A---\r?\n.*?\n---\r?\n`)

// pandocPlain reads the Markdown body as GitHub does and returns the text.
func pandocPlain(t *testing.T, pandoc, md string) string {
	t.Helper()
	b, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	b = frontMatterRe.ReplaceAll(b, nil)
	toHTML := exec.Command(pandoc, "-f", "gfm", "-t", "html")
	toHTML.Stdin = bytes.NewReader(b)
	h, err := toHTML.Output()
	if err != nil {
		t.Fatalf("pandoc: %v", err)
	}
	toText := exec.Command(pandoc, "-f", "html", "-t", "plain", "--wrap=none")
	toText.Stdin = bytes.NewReader(h)
	txt, err := toText.Output()
	if err != nil {
		t.Fatalf("pandoc: %v", err)
	}
	return string(txt)
}

// htmlText is the text of the page's body with image alt text and the
// numbers of ordered list items, as a screen reader announces them.
func htmlText(t *testing.T, page []byte) string {
	t.Helper()
	n, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "head" || n.Data == "script" || n.Data == "style") {
			return
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if n.Data == "img" && a.Key == "alt" {
					sb.WriteString(" " + a.Val + " ")
				}
			}
			sb.WriteByte(' ')
			if n.Data == "li" && n.Parent != nil && n.Parent.Data == "ol" {
				start, i := 1, 0
				for _, a := range n.Parent.Attr {
					if a.Key == "start" {
						start, _ = strconv.Atoi(a.Val)
					}
				}
				for c := n.Parent.FirstChild; c != nil && c != n; c = c.NextSibling {
					if c.Type == html.ElementNode && c.Data == "li" {
						i++
					}
				}
				sb.WriteString(strconv.Itoa(start+i) + ". ")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return sb.String()
}

// pageAnchors returns the in-page link targets found nowhere on the page
// and the number of in-page links outside the contents list.
func pageAnchors(t *testing.T, page []byte) (ids map[string]bool, hrefs []string) {
	t.Helper()
	n, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	ids = map[string]bool{}
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inNav bool) {
		if n.Type == html.ElementNode {
			inNav = inNav || n.Data == "nav"
			for _, a := range n.Attr {
				switch {
				case a.Key == "id":
					ids[a.Val] = true
				case a.Key == "href" && n.Data == "a" && !inNav && strings.HasPrefix(a.Val, "#"):
					hrefs = append(hrefs, a.Val[1:])
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inNav)
		}
	}
	walk(n, false)
	return ids, hrefs
}

func htmlAnchors(t *testing.T, page []byte) (bad []string, n int) {
	ids, hrefs := pageAnchors(t, page)
	for _, h := range hrefs {
		if !ids[h] {
			bad = append(bad, h)
		}
	}
	return bad, len(hrefs)
}

func epubAnchors(t *testing.T, epub []byte) (bad []string, n int) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(epub), int64(len(epub)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xhtml") || strings.HasSuffix(f.Name, "nav.xhtml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		b1, n1 := htmlAnchors(t, b)
		bad, n = append(bad, b1...), n+n1
	}
	return bad, n
}

var (
	docxAnchorRe   = regexp.MustCompile(`<w:hyperlink [^>]*w:anchor="([^"]+)"`)
	docxBookmarkRe = regexp.MustCompile(`<w:bookmarkStart [^>]*w:name="([^"]+)"`)
)

func docxAnchors(t *testing.T, docx []byte) (bad []string, n int) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	var body []byte
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			body, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	names := map[string]bool{}
	for _, m := range docxBookmarkRe.FindAllSubmatch(body, -1) {
		names[string(m[1])] = true
	}
	for _, m := range docxAnchorRe.FindAllSubmatch(body, -1) {
		n++
		if !names[string(m[1])] {
			bad = append(bad, string(m[1]))
		}
	}
	return bad, n
}

func countErrors(ds doc.Diagnostics) int {
	n := 0
	for _, x := range ds {
		if x.Severity == doc.Error {
			n++
		}
	}
	return n
}
