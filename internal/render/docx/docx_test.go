package docx

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	htmlpkg "html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
	"github.com/altformats/altformats/internal/testutil/goldenfile"
	"github.com/altformats/altformats/internal/verify"
)

func opts() render.Options {
	return render.Options{
		Theme:     render.DefaultTheme(),
		Modified:  time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC),
		Generator: "altformats test",
	}
}

func renderBytes(t *testing.T, d *doc.Document, opt render.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(d, opt, &buf); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf.Bytes()
}

// goldenParts are the readable parts compared with testdata/*.golden.
var goldenParts = []string{
	"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/_rels/footnotes.xml.rels",
	"word/document.xml", "word/styles.xml", "word/numbering.xml", "word/footnotes.xml",
	"word/footer1.xml", "word/settings.xml", "docProps/core.xml", "docProps/app.xml",
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

func TestGoldenKitchenSink(t *testing.T) {
	d := testutil.LoadCase(t, "kitchen-sink")
	p, err := verify.ReadPackage(renderBytes(t, d, opts()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	out.WriteString("zip entries:\n")
	for _, n := range p.Names {
		out.WriteString("  " + n + "\n")
	}
	for _, n := range goldenParts {
		data, ok := p.Parts[n]
		if !ok {
			t.Fatalf("part %s missing", n)
		}
		out.WriteString("\n==== " + n + " ====\n")
		pretty, err := indentXML(data)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out.Write(pretty)
	}
	golden(t, "kitchen-sink.golden", out.Bytes())
}

// indentXML lays a part out one element a line, indented by depth, so a
// golden diff can be read; an element holding only text stays on one line.
// The real output is not indented (whitespace would change text in w:t).
func indentXML(src []byte) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	var b bytes.Buffer
	name := func(n xml.Name) string {
		if n.Space != "" {
			return n.Space + ":" + n.Local
		}
		return n.Local
	}
	depth, open := 0, false // open: a start tag is written, its content not yet
	text := ""
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if open {
				b.WriteString(">\n")
			}
			b.WriteString(strings.Repeat("  ", depth) + "<" + name(t.Name))
			for _, a := range t.Attr {
				b.WriteString(" " + name(a.Name) + `="`)
				xml.EscapeText(&b, []byte(a.Value))
				b.WriteString(`"`)
			}
			depth++
			open, text = true, ""
		case xml.EndElement:
			depth--
			switch {
			case open && text == "":
				b.WriteString("/>\n")
			case open:
				b.WriteString(">")
				xml.EscapeText(&b, []byte(text))
				b.WriteString("</" + name(t.Name) + ">\n")
			default:
				b.WriteString(strings.Repeat("  ", depth) + "</" + name(t.Name) + ">\n")
			}
			open, text = false, ""
		case xml.CharData:
			if open {
				text += string(t)
			}
		case xml.ProcInst:
			b.WriteString("<?" + t.Target + " " + string(t.Inst) + "?>\n")
		}
	}
	return b.Bytes(), nil
}

func TestPackageRules(t *testing.T) {
	for name, load := range map[string]func(t *testing.T) *doc.Document{
		"kitchen-sink": func(t *testing.T) *doc.Document { return testutil.LoadCase(t, "kitchen-sink") },
		"seed":         func(t *testing.T) *doc.Document { return testutil.Seed(t) },
	} {
		t.Run(name, func(t *testing.T) {
			d := load(t)
			for _, p := range checkPackage(renderBytes(t, d, opts()), d) {
				t.Error(p)
			}
		})
	}
}

// TestCheckerCatchesProblems proves the checker is not vacuous: each
// mutation of a good package must be reported.
func TestCheckerCatchesProblems(t *testing.T) {
	d := testutil.LoadCase(t, "kitchen-sink")
	good := renderBytes(t, d, opts())
	p, err := verify.ReadPackage(good)
	if err != nil {
		t.Fatal(err)
	}
	mutations := map[string]struct {
		part, old, new string
		want           string
	}{
		"header row":   {"word/document.xml", "<w:tblHeader></w:tblHeader>", "", "w:tblHeader"},
		"alt text":     {"word/document.xml", `descr="small chart"`, `descr=""`, "no alt text"},
		"skip":         {"word/document.xml", `w:val="Heading3"`, `w:val="Heading5"`, "skips"},
		"language":     {"word/styles.xml", `<w:lang w:val="en-GB"></w:lang>`, ``, "default w:lang"},
		"title":        {"docProps/core.xml", "<dc:title>", "<dc:title>x", "dc:title"},
		"anchor":       {"word/document.xml", `w:anchor="table"`, `w:anchor="nowhere"`, "no bookmark"},
		"footnote":     {"word/document.xml", `<w:footnoteReference w:id="1"/>`, `<w:footnoteReference w:id="9"/>`, "no footnote"},
		"span lang":    {"word/document.xml", `<w:lang w:val="cy"></w:lang>`, ``, `language change`},
		"relationship": {"word/_rels/document.xml.rels", `Target="media/image1.png"`, `Target="media/gone.png"`, "missing part"},
		"title level":  {"word/document.xml", `<w:pStyle w:val="Heading1"></w:pStyle>`, `<w:pStyle w:val="Heading2"></w:pStyle>`, "Heading 1"},
		"toc depth":    {"word/document.xml", `TOC \o &#34;2-3&#34;`, `TOC \o &#34;2-4&#34;`, "contents field"},
		"toc entry":    {"word/document.xml", `<w:pStyle w:val="TOC3"></w:pStyle>`, `<w:pStyle w:val="Normal"></w:pStyle>`, "contents entries"},
	}
	for name, m := range mutations {
		t.Run(name, func(t *testing.T) {
			if !bytes.Contains(p.Parts[m.part], []byte(m.old)) {
				t.Fatalf("%s does not contain %q", m.part, m.old)
			}
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for _, n := range p.Names {
				data := p.Parts[n]
				if n == m.part {
					data = bytes.Replace(data, []byte(m.old), []byte(m.new), 1)
				}
				fw, err := zw.Create(n)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := fw.Write(data); err != nil {
					t.Fatal(err)
				}
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			probs := checkPackage(buf.Bytes(), d)
			if !strings.Contains(strings.Join(probs, "\n"), m.want) {
				t.Errorf("mutation not reported (want %q), got %q", m.want, probs)
			}
		})
	}
}

// TestContentsDepth: the Word contents follows toc: in the front matter as
// every format does (doc.TOCLevels): N levels, none for toc: false, 3 by
// default for a short document.
func TestContentsDepth(t *testing.T) {
	for _, c := range []struct {
		toc  int
		want string
	}{{0, `TOC \o &#34;2-3&#34;`}, {2, `TOC \o &#34;2-2&#34;`}, {4, `TOC \o &#34;2-4&#34;`}, {doc.TOCNone, ""}} {
		d := testutil.LoadCase(t, "kitchen-sink")
		d.Meta.TOC = c.toc
		b := renderBytes(t, d, opts())
		for _, pr := range checkPackage(b, d) {
			t.Errorf("toc %d: %s", c.toc, pr)
		}
		p, err := verify.ReadPackage(b)
		if err != nil {
			t.Fatal(err)
		}
		body := string(p.Parts["word/document.xml"])
		if c.want == "" && strings.Contains(body, " TOC ") || c.want != "" && !strings.Contains(body, c.want) {
			t.Errorf("toc %d: want field %q in document.xml", c.toc, c.want)
		}
	}
}

func TestByteIdenticalTwice(t *testing.T) {
	for _, d := range []*doc.Document{testutil.LoadCase(t, "kitchen-sink"), testutil.Seed(t)} {
		a, b := renderBytes(t, d, opts()), renderBytes(t, d, opts())
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renders differ", d.Meta.Slug)
		}
	}
}

func TestPaperSizes(t *testing.T) {
	d := testutil.LoadCase(t, "kitchen-sink")
	for paper, want := range map[string]string{"": `w:w="11906" w:h="16838"`, "A5": `w:w="8391" w:h="11906"`, "Letter": `w:w="12240" w:h="15840"`} {
		o := opts()
		o.Paper, _ = doc.ParsePaper(paper)
		p, err := verify.ReadPackage(renderBytes(t, d, o))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(p.Parts["word/document.xml"], []byte("<w:pgSz "+want+"></w:pgSz>")) {
			t.Errorf("paper %q: page size is not %s", paper, want)
		}
	}
}

// TestUserReferenceStyles: a templates folder with docx/styles.xml replaces
// the generated styles, keeps the user's definitions, adds the styles the
// writer needs that it lacks, and takes the document's language.
func TestUserReferenceStyles(t *testing.T) {
	user := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Frutiger"/><w:lang w:val="fr-FR"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:color w:val="AE2573"/></w:rPr></w:style>
</w:styles>
`
	o := opts()
	o.Assets = render.Assets{Source: "look", DocxStyles: []byte(user)}
	d := testutil.LoadCase(t, "kitchen-sink")
	out := renderBytes(t, d, o)
	p, err := verify.ReadPackage(out)
	if err != nil {
		t.Fatal(err)
	}
	st := string(p.Parts["word/styles.xml"])
	for _, want := range []string{`w:color w:val="AE2573"`, `w:ascii="Frutiger"`, `<w:lang w:val="en-GB"></w:lang>`, `w:styleId="Heading2"`, `w:styleId="Hyperlink"`} {
		if !strings.Contains(st, want) {
			t.Errorf("merged styles.xml lacks %s", want)
		}
	}
	if strings.Contains(st, "fr-FR") || strings.Count(st, `w:styleId="Heading1"`) != 1 {
		t.Errorf("merged styles.xml kept the reference language or duplicated Heading1:\n%s", st)
	}
	for _, pr := range checkPackage(out, d) {
		t.Error(pr)
	}
}

// TestHostileInput: whatever the model holds, the writer returns an error or
// a package that parses; it never panics or writes invalid XML.
func TestHostileInput(t *testing.T) {
	deep := &doc.BlockQuote{}
	cur := deep
	for range 5000 {
		next := &doc.BlockQuote{}
		cur.Blocks = []doc.Block{next}
		cur = next
	}
	var deepList doc.Block = &doc.Paragraph{Inlines: []doc.Inline{&doc.Text{Text: "bottom"}}}
	for range 20 {
		deepList = &doc.List{Items: []*doc.ListItem{{Blocks: []doc.Block{deepList}}}}
	}
	cases := map[string]*doc.Document{
		"empty":       {Meta: doc.Meta{Title: "T", Lang: "en"}},
		"deep quotes": {Meta: doc.Meta{Title: "T", Lang: "en"}, Blocks: []doc.Block{deep}},
		"deep list":   {Meta: doc.Meta{Title: "T", Lang: "en"}, Blocks: []doc.Block{deepList}},
		"control chars": {Meta: doc.Meta{Title: "T\x00\x01 <&> \"q\"", Lang: "en\x02"}, Blocks: []doc.Block{
			&doc.Paragraph{Inlines: []doc.Inline{&doc.Text{Text: "a\x00b\x1b\xff\ufffe c\td\ne"}, &doc.Link{URL: "https://x/?a=1&b=\"2\"", Children: []doc.Inline{&doc.Text{Text: "x"}}}}},
			&doc.Table{}, &doc.Table{Body: []*doc.TableRow{{}}},
			&doc.Table{Head: []*doc.TableRow{{Cells: []*doc.TableCell{{}, {}}}}, Body: []*doc.TableRow{{Cells: []*doc.TableCell{{}}}}},
			&doc.Table{Head: []*doc.TableRow{{Cells: []*doc.TableCell{{}}}}},
			&doc.Paragraph{Inlines: []doc.Inline{&doc.FootnoteRef{N: 7}, &doc.Link{URL: "#missing"}}},
		}},
	}
	for name, d := range cases {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Render(d, opts(), &buf)
			if name == "deep quotes" {
				if err == nil || !strings.Contains(err.Error(), "nested") {
					t.Fatalf("want a nesting error, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			p, err := verify.ReadPackage(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			for n, data := range p.Parts {
				if strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels") {
					if _, err := verify.ParseXML(data); err != nil {
						t.Errorf("%s: %v", n, err)
					}
				}
			}
		})
	}
	bad := &doc.Document{Meta: doc.Meta{Title: "T", Lang: "en"}, Blocks: []doc.Block{&doc.Figure{Image: &doc.Image{Src: "x.bmp", Data: []byte("BM...")}}}}
	if err := Render(bad, opts(), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "x.bmp") {
		t.Errorf("unsupported image: want an error naming it, got %v", err)
	}
}

func FuzzRenderText(f *testing.F) {
	f.Add("plain", "cy")
	f.Add("\x00<&>\"\t\n", "")
	f.Fuzz(func(t *testing.T, s, lang string) {
		d := &doc.Document{Meta: doc.Meta{Title: s, Lang: lang, Summary: s, Keywords: []string{s}}, Blocks: []doc.Block{
			&doc.Heading{Level: 2, ID: s, Inlines: []doc.Inline{&doc.Text{Text: s}}},
			&doc.Paragraph{Inlines: []doc.Inline{&doc.Span{Lang: lang, Children: []doc.Inline{&doc.Text{Text: s}}}, &doc.Link{URL: s, Title: s, Children: []doc.Inline{&doc.Code{Text: s}}}}},
			&doc.CodeBlock{Text: s},
		}}
		var buf bytes.Buffer
		if err := Render(d, opts(), &buf); err != nil {
			return
		}
		p, err := verify.ReadPackage(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		for n, data := range p.Parts {
			if strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels") {
				if _, err := verify.ParseXML(data); err != nil {
					t.Fatalf("%s: %v", n, err)
				}
			}
		}
	})
}

const taggedPDF = `pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}`

// TestLibreOfficeRoundTrip opens the kitchen sink and the seed in
// LibreOffice, an independent consumer: its tagged PDF must show the
// structure the .docx declares, and its HTML the headings, lists and table
// header.
func TestLibreOfficeRoundTrip(t *testing.T) {
	pdfinfo := testutil.Tool(t, "pdfinfo")
	qpdf := testutil.Tool(t, "qpdf")
	for _, d := range []*doc.Document{testutil.LoadCase(t, "kitchen-sink"), testutil.Seed(t)} {
		t.Run(d.Meta.Slug, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, d.Meta.Slug+".docx")
			if err := os.WriteFile(in, renderBytes(t, d, opts()), 0o644); err != nil {
				t.Fatal(err)
			}
			pdf := testutil.SofficeConvert(t, in, taggedPDF, filepath.Join(dir, "pdf"))
			out, err := exec.Command(pdfinfo, "-struct-text", pdf).CombinedOutput()
			if err != nil {
				t.Fatalf("pdfinfo -struct-text: %v\n%s", err, out)
			}
			tree := string(out)
			info, _ := exec.Command(pdfinfo, pdf).CombinedOutput()
			if !regexp.MustCompile(`Tagged:\s+yes`).Match(info) {
				t.Errorf("LibreOffice PDF is not tagged:\n%s", info)
			}
			if !strings.Contains(string(info), "Title:") || !strings.Contains(string(info), d.Meta.Title) {
				t.Errorf("PDF Title is not the document title:\n%s", info)
			}
			want := []string{"H1 (block)", "H2 (block)", "L (block)", "LI (block)", "LBody (block)"}
			var hasTable, hasLink, hasFigure bool
			doc.Walk(d, func(n any) bool {
				switch n.(type) {
				case *doc.Table:
					hasTable = true
				case *doc.Link:
					hasLink = true
				case *doc.Figure:
					hasFigure = true
				}
				return true
			})
			if hasTable {
				want = append(want, "TH", "/Scope /Column", "TD")
			}
			if hasLink {
				want = append(want, "Link (inline)")
			}
			if hasFigure {
				want = append(want, "Figure")
			}
			for _, w := range want {
				if !strings.Contains(tree, w) {
					t.Errorf("LibreOffice's tagged PDF has no %s", w)
				}
			}
			if !regexp.MustCompile(`(?m)^\s+"` + regexp.QuoteMeta(firstWords(doc.PlainText(d.TitleInlines))) + `.*\n(?:.*\n)*?`).MatchString(tree) {
				t.Errorf("title text not found in the structure tree")
			}
			if d.Meta.Slug == "kitchen-sink" && !regexp.MustCompile(`LI \(block\)\n(?:\s+.*\n)*?\s+L \(block\)`).MatchString(tree) {
				t.Errorf("nested list is not an L inside an LI:\n%s", tree)
			}

			// Alt text survives into /Alt; decorative pictures carry none.
			qdf := filepath.Join(dir, "qdf.pdf")
			if out, err := exec.Command(qpdf, "--qdf", "--object-streams=disable", pdf, qdf).CombinedOutput(); err != nil {
				t.Fatalf("qpdf: %v\n%s", err, out)
			}
			raw, err := os.ReadFile(qdf)
			if err != nil {
				t.Fatal(err)
			}
			alts := pdfAlts(raw)
			doc.Walk(d, func(n any) bool {
				if img, ok := n.(*doc.Image); ok && !img.Decorative && !alts[img.Alt] {
					t.Errorf("alt text %q missing from the PDF (have %v)", img.Alt, alts)
				}
				return true
			})
			if d.Meta.Lang != "" && !bytes.Contains(raw, []byte("/Lang ("+d.Meta.Lang)) {
				t.Errorf("PDF has no /Lang (%s)", d.Meta.Lang)
			}

			html := testutil.SofficeConvert(t, in, "html", filepath.Join(dir, "html"))
			hb, err := os.ReadFile(html)
			if err != nil {
				t.Fatal(err)
			}
			h := strings.ToLower(string(hb))
			// LibreOffice's HTML export maps Heading n styles to <hn>: the
			// title, Heading 1, is its <h1>, and the body's headings keep
			// their levels; core.xml's title is its <title>.
			hw := []string{"<li", "<title>" + strings.ToLower(d.Meta.Title) + "</title>", "<h1"}
			for _, hd := range doc.Headings(d) {
				hw = append(hw, fmt.Sprintf("<h%d", hd.Level))
			}
			if hasTable {
				hw = append(hw, "<thead", "<th")
			}
			for _, w := range hw {
				if !strings.Contains(h, w) {
					t.Errorf("LibreOffice's HTML has no %s", w)
				}
			}
			// Every heading at its level, in order: the title as <h1>, the
			// body's as in HTML and PDF (LibreOffice's reading of the levels).
			var got, wantH []string
			for _, m := range regexp.MustCompile(`(?s)<h([1-6])[^>]*>(.*?)</h[1-6]>`).FindAllStringSubmatch(string(hb), -1) {
				text := strings.Join(strings.Fields(htmlpkg.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[2], ""))), " ")
				got = append(got, m[1]+" "+text)
			}
			wantH = append(wantH, "1 "+strings.Join(strings.Fields(doc.PlainText(d.TitleInlines)), " "))
			for _, hd := range doc.Headings(d) {
				wantH = append(wantH, fmt.Sprintf("%d %s", hd.Level, strings.Join(strings.Fields(doc.PlainText(hd.Inlines)), " ")))
			}
			if strings.Join(got, "\n") != strings.Join(wantH, "\n") {
				t.Errorf("LibreOffice reads the headings as\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantH, "\n"))
			}
			if !strings.Contains(h, "<ul") && !strings.Contains(h, "<ol") {
				t.Errorf("LibreOffice's HTML has no list")
			}
			if os.Getenv("ALTFORMATS_KEEP") != "" {
				// For looking at the rendering by hand (pdftoppm -png).
				_ = os.WriteFile(filepath.Join(os.Getenv("ALTFORMATS_KEEP"), d.Meta.Slug+".pdf"), mustRead(t, pdf), 0o644)
			}
		})
	}
}

func firstWords(s string) string {
	if f := strings.Fields(s); len(f) > 2 {
		return strings.Join(f[:2], " ")
	}
	return s
}

func mustRead(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pdfAlts collects the /Alt strings of an uncompressed PDF.
func pdfAlts(raw []byte) map[string]bool {
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`/Alt\s*<([0-9A-Fa-f]+)>`).FindAllSubmatch(raw, -1) {
		b, err := hex.DecodeString(string(m[1]))
		if err != nil || len(b) < 2 {
			continue
		}
		if b[0] == 0xFE && b[1] == 0xFF {
			u := make([]uint16, 0, len(b)/2)
			for i := 2; i+1 < len(b); i += 2 {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			}
			out[string(utf16.Decode(u))] = true
		} else {
			out[string(b)] = true
		}
	}
	for _, m := range regexp.MustCompile(`/Alt\s*\(((?:[^()\\]|\\.)*)\)`).FindAllSubmatch(raw, -1) {
		out[string(m[1])] = true
	}
	return out
}

// TestPandocReadsStructure: pandoc's docx reader is a second independent
// consumer. It recovers structure only from real styles, numbering, footnotes
// and alt text, so what it reads back shows the file carries them.
func TestPandocReadsStructure(t *testing.T) {
	pandoc := testutil.Tool(t, "pandoc")
	d := testutil.LoadCase(t, "kitchen-sink")
	in := filepath.Join(t.TempDir(), "ks.docx")
	if err := os.WriteFile(in, renderBytes(t, d, opts()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pandoc, "-f", "docx", "-t", "markdown", "-s", "--wrap=none", in).CombinedOutput()
	if err != nil {
		t.Fatalf("pandoc: %v\n%s", err, out)
	}
	md := string(out)
	for _, want := range []string{
		"# Kitchen sink -- every feature altformats knows\n", "\nA test document for every writer\n",
		"\nContents\n", "\n[Lists](#lists)\n", "\n[A third-level heading](#a-third-level-heading)\n",
		"\n## Lists\n", "\n### A third-level heading\n",
		"\n-   First item\n", "\n    -   Nested one\n", "\n        1.  Deep numbered\n", "\n3.  Three\n",
		"\n-   [x] Done thing\n", "\n-   [ ] Open thing\n",
		"\n> A block quote with **strong** text.\n",
		"\n    func main() {\n", "\n:   Allied health professional.\n",
		"![Bar chart: paramedics are the largest group, at 31%]", "![small chart]",
		"[the table](#table)", "[link to the NHS website](https://www.nhs.uk/)",
		"a footnote.[^1]", "\n[^1]: A footnote with",
		"Profession", "Speech and language",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("pandoc's reading lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("pandoc read:\n%s", md)
	}
}

func BenchmarkRenderSeed(b *testing.B) {
	d := testutil.Seed(b)
	o := opts()
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(d, o, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderSeedX1000 is the scale case: the seed's body a thousand
// times over (about 50 000 paragraphs).
func BenchmarkRenderSeedX1000(b *testing.B) {
	d := *testutil.Seed(b)
	var bs []doc.Block
	for range 1000 {
		bs = append(bs, d.Blocks...)
	}
	d.Blocks = bs
	o := opts()
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := Render(&d, o, &buf); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	}
}

// word/document.xml is compressed as the body is written (docStream), not
// handed to archive/zip in one piece: the package must still be exactly the
// zip archive/zip makes of the same parts, byte for byte (same header,
// same deflate stream, same data descriptor), on documents with tables,
// lists, footnotes, images and one long enough to span many flushes.
func TestStreamedDocumentIsTheZipArchiveMakes(t *testing.T) {
	long := testutil.WriteSeed(t, t.TempDir(), 30, "long", "Long")
	for _, d := range []*doc.Document{testutil.LoadCase(t, "kitchen-sink"), testutil.Seed(t), testutil.LoadFile(t, long)} {
		got := renderBytes(t, d, opts())
		want := testutil.Rezip(t, got, func(_ string, data []byte) []byte { return data })
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the package (%d bytes) is not what archive/zip makes of its parts (%d bytes)", d.Meta.Title, len(got), len(want))
		}
	}
}
