package docx

import (
	"testing"

	"github.com/gomutex/godocx/wml/ctypes"
)

// TestXMLLayer: the one writer escapes text and attributes in one place,
// drops what XML 1.0 forbids, closes empty elements, keeps paragraphs open
// and closed as godocx does, and writes a godocx value in place.
func TestXMLLayer(t *testing.T) {
	p := &paragraph{}
	p.add(el("w:bookmarkStart", "w:id", "1", "w:name", `a"b<c>&d`+"\t\n"))
	p.add(runNode(textRun(rprops{bold: true}, "x < y & z\x00", "")))
	p.add(el("w:r").add(el("w:t").withText("1 < 2 & \x01 > 0")))
	root := el("w:body").byLine().add(p, &paragraph{prop: &ctypes.ParagraphProp{Style: ctypes.NewParagraphStyle("Normal")}}, frag{el("w:a"), el("w:b")})
	got, err := xmlPart("", root, true)
	if err != nil {
		t.Fatal(err)
	}
	want := "<w:body>\n" +
		`<w:p><w:bookmarkStart w:id="1" w:name="a&quot;b&lt;c&gt;&amp;d&#9;&#10;"/>` +
		`<w:r><w:rPr><w:b></w:b><w:bCs></w:bCs></w:rPr><w:t xml:space="preserve">x &lt; y &amp; z</w:t></w:r>` +
		`<w:r><w:t>1 &lt; 2 &amp;  &gt; 0</w:t></w:r></w:p>` + "\n" +
		`<w:p><w:pPr><w:pStyle w:val="Normal"></w:pStyle></w:pPr></w:p>` + "\n" +
		"<w:a/><w:b/>\n</w:body>\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
