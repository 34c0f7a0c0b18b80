package verify

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"os"
	"regexp"
	"testing"
)

// docxWhole are the elements the checks ask of the parts parseDOCXPart
// reads whole.
var docxWhole = map[string]bool{"ct:Default": true, "ct:Override": true, "rel:Relationship": true, "dc:language": true, "dc:title": true}

// Every element name the Word checks ask for (all, first, and the lists
// they loop over) is one the kept trees keep: a check that asked for
// another would silently find nothing in a kept tree.
func TestDOCXChecksAskOnlyForKeptElements(t *testing.T) {
	src, err := os.ReadFile("docx.go")
	if err != nil {
		t.Fatal(err)
	}
	asked := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?:all|first|all2)\((?:[a-zA-Z.]+, )?"([^"]+)"(?:, "([^"]+)")?\)`).FindAllSubmatch(src, -1) {
		for _, n := range m[1:] {
			if len(n) > 0 {
				asked[string(n)] = true
			}
		}
	}
	for _, m := range regexp.MustCompile(`range \[\]string\{([^}]*)\}`).FindAllSubmatch(src, -1) {
		for _, n := range regexp.MustCompile(`"([^"]+)"`).FindAllSubmatch(m[1], -1) {
			asked[string(n[1])] = true
		}
	}
	if len(asked) < 20 {
		t.Fatalf("found only %d names in docx.go: %v", len(asked), asked)
	}
	for n := range asked {
		switch {
		case n == "r:id" || n == "r:embed": // attributes looked up in a loop
		case !docxKept[n] && !docxWhole[n]:
			t.Errorf("the Word checks ask for %s, which kept trees leave out: add it to docxKept", n)
		}
	}
}

// docxWith is a Word package around document (the body part) with the
// parts the checks read.
func docxWith(document []byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	add := func(name, data string) {
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte(data))
	}
	add("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="x"/></Types>`)
	add("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="x/core-properties" Target="docProps/core.xml"/></Relationships>`)
	add("word/_rels/document.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x/styles" Target="styles.xml"/><Relationship Id="rId5" Type="x/hyperlink" Target="https://example.org/" TargetMode="External"/><Relationship Id="rId6" Type="x/footnotes" Target="footnotes.xml"/><Relationship Id="rId7" Type="x/numbering" Target="numbering.xml"/><Relationship Id="rId8" Type="x/image" Target="media/a.png"/></Relationships>`)
	add("word/styles.xml", `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:styleId="Heading1"><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:styleId="Heading2"><w:basedOn w:val="Heading1"/></w:style><w:style w:styleId="Heading3"/><w:style w:styleId="Title"/></w:styles>`)
	add("word/numbering.xml", `<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>`)
	add("word/footnotes.xml", `<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:id="1"><w:p><w:r><w:t>note</w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>x</w:t></w:r></w:hyperlink></w:p></w:footnote></w:footnotes>`)
	add("docProps/core.xml", `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></cp:coreProperties>`)
	add("word/media/a.png", "png")
	add("word/document.xml", string(document))
	_ = zw.Close()
	return b.Bytes()
}

// docxBodies seed the comparison of kept and whole trees: the shapes the
// kept tree changes (tables with rows inside other elements, pictures,
// headings inside text boxes, text outside w:t, links, notes).
var docxBodies = []string{
	`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative"><w:body>` +
		`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Title</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t xml:space="preserve">Skip </w:t><w:t>me</w:t></w:r>tail</w:p>` +
		`<w:p><w:r><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:r><w:r><w:t>nested pPr</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:pStyle w:val="Missing"/><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr><w:hyperlink r:id="rId5"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:lang w:val="cy"/></w:rPr><w:t>link</w:t></w:r></w:hyperlink><w:hyperlink r:id="rId99"/></w:p>` +
		`<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/></w:tblPr><w:sdt><w:sdtContent><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>H</w:t></w:r></w:p></w:tc></w:tr></w:sdtContent></w:sdt><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
		`<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="P1" descr="A chart"/><a:graphic><a:blip r:embed="rId8"/></a:graphic></wp:inline><wp:anchor><wp:docPr id="2" name="P2"><a:extLst><adec:decorative val="1"/></a:extLst></wp:docPr></wp:anchor><wp:inline><wp:docPr name="P3"/></wp:inline><wp:inline/></w:drawing></w:r></w:p>` +
		`<w:p><w:r><w:footnoteReference w:id="1"/><w:footnoteReference w:id="2"/></w:r></w:p>` +
		`<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:txbxContent><w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>in a box</w:t></w:r></w:p></w:txbxContent></w:r></w:p>` +
		`</w:body></w:document>`,
	`<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:t>root paragraph</w:t></w:p>`,
	`<x:document xmlns:x="http://purl.oclc.org/ooxml/wordprocessingml/main"><x:body><x:p><x:pPr><x:pStyle x:val="Heading1"/></x:pPr><x:r><x:t>Strict</x:t></x:r></x:p><x:tbl><x:tr><x:tc/></x:tr></x:tbl></x:body></x:document>`,
	`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>no headings</w:t></w:r></w:p><!-- a comment: encoding/xml reads this part --></w:body></w:document>`,
}

// docxResult is what a Word check gives: its findings and facts.
func docxResult(data []byte) string {
	r := File("a.docx", data)
	return fmt.Sprintf("%+v\n%+v", r.Findings, r.Facts)
}

// compareDOCXTrees fails when the checks on kept trees give other findings
// or facts than on whole trees.
func compareDOCXTrees(t *testing.T, pkg []byte) {
	t.Helper()
	kept := docxResult(pkg)
	docxPrune = false
	whole := docxResult(pkg)
	docxPrune = true
	if kept != whole {
		t.Fatalf("kept trees:\n%s\nwhole trees:\n%s", kept, whole)
	}
}

// The Word checks give the same findings and facts on kept trees as on
// whole trees, for the seed bodies and for each with pieces cut out or
// repeated (which moves elements in and out of tables, pictures, headings).
func TestDOCXKeptTreesMatchWholeTrees(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, body := range docxBodies {
		compareDOCXTrees(t, docxWith([]byte(body)))
		for k := 0; k < 200; k++ {
			b := []byte(body)
			i, j := r.Intn(len(b)), r.Intn(len(b))
			if i > j {
				i, j = j, i
			}
			var m []byte
			if k%2 == 0 {
				m = append(append([]byte{}, b[:i]...), b[j:]...)
			} else {
				m = append(append(append([]byte{}, b[:j]...), b[i:j]...), b[j:]...)
			}
			compareDOCXTrees(t, docxWith(m))
		}
	}
}

// FuzzDOCXKeptTrees: on any body part, kept trees give what whole trees give.
func FuzzDOCXKeptTrees(f *testing.F) {
	for _, b := range docxBodies {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		compareDOCXTrees(t, docxWith(body))
	})
}

// A Word package's parts are read one after another into one buffer: the
// facts read from the body do not change when other parts, read later,
// overwrite it.
func TestDOCXPartsReadIntoOneBuffer(t *testing.T) {
	last := docxWith([]byte(docxBodies[0])) // the body is the last part
	zr, err := zip.NewReader(bytes.NewReader(last), int64(len(last)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	var rest []*zip.File
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			rest = append(rest, f)
			continue
		}
		w, _ := zw.Create(f.Name)
		rc, _ := f.Open()
		_, _ = io.Copy(w, rc)
	}
	for _, f := range rest {
		w, _ := zw.Create(f.Name)
		rc, _ := f.Open()
		_, _ = io.Copy(w, rc)
	}
	w, _ := zw.Create("word/media/big.png")
	_, _ = w.Write(bytes.Repeat([]byte("overwrite "), 10000))
	_ = zw.Close()
	first := File("a.docx", b.Bytes())
	want := File("a.docx", last)
	if got, want := fmt.Sprintf("%+v", first.Facts), fmt.Sprintf("%+v", want.Facts); got != want || first.Facts.Headings == nil {
		t.Errorf("body read first:\n%s\nbody read last:\n%s", got, want)
	}
}
