package html

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
)

// epubMode is how the EPUB writer calls Page.
var epubMode = PageOptions{XHTML: true, NoTOC: true, CSSHref: "style.css",
	ImageURL: func(img *doc.Image) string { return "images/" + path.Base(img.Src) }}

func TestGolden(t *testing.T) {
	cs := cases(t)
	golden(t, "kitchen-sink.html", renderPage(t, cs["kitchen-sink"], PageOptions{}))
	golden(t, "kitchen-sink.xhtml", renderPage(t, cs["kitchen-sink"], epubMode))
	golden(t, "seed.html", renderPage(t, cs["seed"], PageOptions{}))
}

func TestDeterministic(t *testing.T) {
	for name, d := range cases(t) {
		for _, po := range []PageOptions{{}, epubMode} {
			if a, b := renderPage(t, d, po), renderPage(t, d, po); !bytes.Equal(a, b) {
				t.Errorf("%s (xhtml=%v): two renders differ", name, po.XHTML)
			}
		}
	}
}

func TestXHTMLIsWellFormed(t *testing.T) {
	for name, d := range cases(t) {
		for _, po := range []PageOptions{epubMode, {XHTML: true}} {
			dec := xml.NewDecoder(bytes.NewReader(renderPage(t, d, po)))
			for {
				_, err := dec.Token()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("%s: not well-formed XML: %v", name, err)
				}
			}
		}
	}
}

// TestStructure checks the accessibility markup the validators cannot judge.
func TestStructure(t *testing.T) {
	page := string(renderPage(t, cases(t)["kitchen-sink"], PageOptions{}))
	for _, want := range []string{
		`<html lang="en-GB">`,
		`<title>Kitchen sink – every feature altformats knows</title>`,
		`<meta name="description" content="One document that uses`,
		`<meta name="author" content="Ada Lovelace, Gwen Jones">`,
		// the skip link passes the title and the contents, to the text
		`<a class="skip-link" href="#main-text">Skip to main content</a>`,
		"</nav>\n<div id=\"main-text\" tabindex=\"-1\">\n<p>Intro paragraph",
		`<header class="banner">`, `<main id="main" tabindex="-1">`, `<footer class="page-footer">`,
		`<nav class="toc" aria-labelledby="contents-title">`,
		`<li><a href="#images">Images</a>` + "\n<ol>\n" + `<li><a href="#a-third-level-heading">`,
		`<time datetime="2026-03-01">1 March 2026</time>`,
		`<ol start="3">`,
		`<span class="visually-hidden">Done: </span>Done thing`,
		`<caption id="table-1-caption">Staff numbers by profession, 2026</caption>`,
		`<div class="table-wrap" role="region" tabindex="0" aria-labelledby="table-1-caption">`,
		`<th scope="col" class="align-right">Staff</th>`,
		`<td class="align-center">31%</td>`,
		`<figcaption>Staff by profession</figcaption>`,
		`alt="Bar chart: paramedics are the largest group, at 31%" width="120" height="60">`,
		`<div class="decorative"><img src="data:image/png;base64,`,
		`<span lang="cy">Croeso i Gymru</span>`,
		`<sup><a href="#fn-1" id="fnref-1" class="fn-ref" role="doc-noteref" aria-label="Footnote 1">1</a></sup>`,
		`<li id="fn-1"><p>A footnote`,
		`<a href="#fnref-1" class="fn-back" role="doc-backlink" aria-label="Back to reference 1">`,
		`<div class="alert alert-warning" role="note" aria-labelledby="alert-2">` + "\n" + `<p class="alert-label" id="alert-2">Warning</p>`,
		`<pre tabindex="0"><code class="language-go">`,
		`<h3 id="a-third-level-heading">`,
		`<a href="#table">the table</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if n := strings.Count(page, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want the title only", n)
	}
	if regexp.MustCompile(`\sstyle=`).MatchString(page) {
		t.Error("style attributes in the page: alignment and looks belong in the stylesheet")
	}
	for _, m := range regexp.MustCompile(`\ssrc="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[1], "data:image/") {
			t.Errorf("image source %.40q is not embedded: the page must be self-contained", m[1])
		}
	}
	if strings.Contains(page, "<link") || strings.Contains(page, "<script") {
		t.Error("page loads or runs something external")
	}

	x := string(renderPage(t, cases(t)["kitchen-sink"], epubMode))
	for _, want := range []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en-GB" lang="en-GB">`,
		`<meta charset="utf-8"/>`, `<link rel="stylesheet" href="style.css"/>`,
		`<img src="images/chart.png" alt="Bar chart`, `<hr/>`, `<br/>`,
		`epub:type="noteref"`, `epub:type="endnotes"`,
		`<span lang="cy" xml:lang="cy">`,
	} {
		if !strings.Contains(x, want) {
			t.Errorf("XHTML lacks %s", want)
		}
	}
	if strings.Contains(x, `class="toc"`) || strings.Contains(x, "<style>") {
		t.Error("EPUB mode must leave out the contents nav and the inline stylesheet")
	}
}

func small(blocks ...doc.Block) *doc.Document {
	return &doc.Document{Meta: doc.Meta{Title: "T", Lang: "en-GB", Slug: "t"},
		TitleInlines: []doc.Inline{&doc.Text{Text: "T"}}, Blocks: blocks}
}

func text(s string) *doc.Text { return &doc.Text{Text: s} }

// TestNoActiveContent feeds hostile strings to every place source text can
// reach and requires that none of it becomes markup, script or a live link.
func TestNoActiveContent(t *testing.T) {
	evil := `"><script>alert(1)</script><img src=x onerror=alert(2)>`
	link := func(u string) doc.Inline {
		return &doc.Link{URL: u, Title: evil, Children: []doc.Inline{text("link")}}
	}
	h := &doc.Heading{Level: 2, ID: `x" onclick="alert(3)`, Inlines: []doc.Inline{text(evil)}}
	d := small(
		h,
		&doc.Paragraph{Inlines: []doc.Inline{
			text(evil), &doc.Code{Text: evil},
			link("javascript:alert(1)"), link("JaVaScRiPt:alert(1)"), link(" javascript:alert(1)"),
			link("java\tscript:alert(1)"), link("data:text/html,<script>alert(1)</script>"),
			link("vbscript:msgbox(1)"), link("file:///etc/passwd"), link("//evil.example/x"),
			link("https://ok.example/?q=\"onmouseover=alert(1)"),
			&doc.Span{Lang: `en" onclick="alert(4)`, Children: []doc.Inline{text("span")}},
			&doc.Image{Alt: evil, Src: evil, MediaType: "image/png", Data: []byte("x"), Width: 1, Height: 1},
		}},
		&doc.CodeBlock{Lang: `go" onload="alert(5)`, Text: "</code></pre><script>alert(6)</script>"},
		&doc.Alert{Kind: doc.AlertKind(`note" onclick="x`), Blocks: []doc.Block{&doc.Paragraph{Inlines: []doc.Inline{text("a")}}}},
		&doc.Table{Cols: 1, Caption: []doc.Inline{text(evil)},
			Head: []*doc.TableRow{{Cells: []*doc.TableCell{{Header: true, Inlines: []doc.Inline{text(evil)}}}}}},
	)
	d.Meta.Title = "</title><script>alert(7)</script>"
	d.Meta.Summary, d.Meta.Publisher, d.Meta.Licence = evil, evil, evil
	d.Meta.Authors = []string{evil}
	d.Meta.Contact = "javascript:alert(8)"
	theme := *render.DefaultTheme()
	theme.Fonts.CSSBody = `Arial; } </style><script>alert(9)</script><style> body {`
	opt := opts()
	opt.Theme = &theme
	for _, po := range []PageOptions{{}, {XHTML: true}} {
		var buf bytes.Buffer
		if err := Page(d, opt, po, &buf); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Errorf("xhtml=%v: a script element got through", po.XHTML)
		}
		quoted := regexp.MustCompile(`"[^"]*"`)
		for _, m := range regexp.MustCompile(`<[a-zA-Z][^>]*`).FindAllString(out, -1) {
			// Attribute values are escaped text; only attribute names matter.
			if regexp.MustCompile(`(?i)\son[a-z]+\s*=`).MatchString(quoted.ReplaceAllString(m, `""`)) {
				t.Errorf("xhtml=%v: event attribute in tag %q", po.XHTML, m)
			}
		}
		for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(out, -1) {
			if !regexp.MustCompile(`^(https?://|mailto:|tel:|#|style\.css$)`).MatchString(m[1]) {
				t.Errorf("xhtml=%v: unsafe link target %q", po.XHTML, m[1])
			}
		}
		if strings.Contains(out, "alert(9)") {
			t.Errorf("theme font stack injected into the stylesheet")
		}
	}
}

func TestErrors(t *testing.T) {
	type alien struct{ doc.Paragraph }
	var deep doc.Block = &doc.Paragraph{Inlines: []doc.Inline{text("deep")}}
	for i := 0; i < 5000; i++ {
		deep = &doc.BlockQuote{Blocks: []doc.Block{deep}}
	}
	noLang := small()
	noLang.Meta.Lang = ""
	for name, d := range map[string]*doc.Document{
		"unhandled":    small(&alien{}),
		"deep":         small(deep),
		"no language":  noLang,
		"bad footnote": small(&doc.Paragraph{Inlines: []doc.Inline{&doc.FootnoteRef{N: 3}}}),
		"svg image":    small(&doc.Figure{Image: &doc.Image{Alt: "a", MediaType: "image/svg+xml"}}),
	} {
		var buf bytes.Buffer
		if err := Render(d, opts(), &buf); err == nil {
			t.Errorf("%s: rendered without an error", name)
		}
	}
}

func TestWelshLabels(t *testing.T) {
	d := small(&doc.Heading{Level: 2, ID: "a", Inlines: []doc.Inline{text("Adran")}})
	d.Meta.Lang = "cy"
	d.Meta.Date = "2026-03-01"
	page := string(renderPage(t, d, PageOptions{}))
	for _, want := range []string{`lang="cy"`, "Neidio i’r prif gynnwys", ">Cynnwys</h2>", "1 Mawrth 2026"} {
		if !strings.Contains(page, want) {
			t.Errorf("Welsh page lacks %q", want)
		}
	}
}

// ---- stylesheet ----

func luminance(hex string) float64 {
	r, g, b := render.RGB(hex)
	lin := func(c int) float64 {
		v := float64(c) / 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// TestThemeContrast checks every text/background pair the stylesheet uses
// against WCAG 2.2 AA (4.5:1 text, 3:1 focus indicator), light and dark.
func TestThemeContrast(t *testing.T) {
	th := render.DefaultTheme()
	for _, scheme := range []struct {
		name         string
		c            render.Colours
		banner, bnFg string
	}{
		{"light", th.Colours, th.Colours.Accent, th.Colours.Background},
		{"dark", th.Dark, th.Dark.Background, th.Dark.Text},
	} {
		c := scheme.c
		pairs := []struct{ what, fg, bg string }{
			{"text", c.Text, c.Background}, {"heading", c.Heading, c.Background},
			{"link", c.Link, c.Background}, {"muted", c.Muted, c.Background},
			{"text on note", c.Text, c.Note}, {"link on note", c.Link, c.Note},
			{"text on warning", c.Text, c.Warning}, {"link on warning", c.Link, c.Warning},
			{"text on table head/code", c.Text, c.TableHead}, {"link on code", c.Link, c.TableHead},
			{"banner", scheme.bnFg, scheme.banner},
			{"focused link", th.Colours.Text, c.Focus},
		}
		for _, p := range pairs {
			if r := contrast(p.fg, p.bg); r < 4.5 {
				t.Errorf("%s: %s %s on %s is %.2f:1, below 4.5:1", scheme.name, p.what, p.fg, p.bg, r)
			}
		}
		if contrast(c.Focus, c.Background) < 3 && contrast(th.Colours.Text, c.Background) < 3 {
			t.Errorf("%s: focus indicator has no part with 3:1 against the background", scheme.name)
		}
	}
}

func TestCSS(t *testing.T) {
	css := CSS(nil)
	if css == "" {
		t.Fatal("empty stylesheet")
	}
	for _, want := range []string{
		"@media (prefers-color-scheme: dark)", "@media print", "overflow-wrap: break-word",
		".table-wrap { overflow-x: auto;", "img { max-width: 100%; height: auto; }",
		`a[href^="http"]::after`, "break-inside: avoid", ":focus-visible", "#FFEB3B", "#005EB8", "#212B32",
		"Arial", "text-size-adjust: 100%",
	} {
		if !strings.Contains(css, want) {
			t.Errorf("stylesheet lacks %q", want)
		}
	}
	// Reflow at 320 CSS px: nothing may force a wider layout.
	for _, m := range regexp.MustCompile(`[\s;{](?:min-)?width:\s*(\d+)(px|pt|cm|mm|in)`).FindAllStringSubmatch(css, -1) {
		if n, _ := strconv.Atoi(m[1]); n > 100 || m[2] != "px" {
			t.Errorf("fixed width %q would break reflow: use relative units", m[0])
		}
	}
	for _, bad := range []string{"position: fixed", "url(", "@import", "{{", "<", "&", "white-space: nowrap; }"} {
		if strings.Contains(css, bad) {
			t.Errorf("stylesheet contains %q", bad)
		}
	}
}
