package verify

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// xmlFastCases are parts the fast parser must read like encoding/xml, or
// decline; they seed FuzzParseXMLFast.
var xmlFastCases = []string{
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">A &amp; B &lt;c&gt; &#34;d&#34; &#x41;</w:t></w:r></w:p><w:hyperlink r:id="rId4"><w:r><w:t>x</w:t></w:r></w:hyperlink></w:body></w:document>`,
	`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="x"/></Types>`,
	`<a xmlns="u1"><b xmlns="u2" c='1' d = "2"/><e/>text<f>more</f>tail</a>`,
	`<a xmlns:p="u1"><p:b xmlns:p="u2"><p:c/></p:b><p:d/><q:e/></a>`,
	`<a x:y="1" xml:lang="en" foo:xmlns="z"/>`,
	`<a>  <b>1</b>  </a>  `,
	"<a>\r\n</a>",
	`<a><!-- c --></a>`,
	`<a><![CDATA[x]]></a>`,
	`<a>&nbsp;</a>`,
	`<a t="&apos;&quot;&amp;&lt;&gt;&#65;&#x42;">&apos;&quot;&amp;&lt;&gt;&#65;&#x42;&#xE9;</a>`,
	`<a>&#0;</a>`,
	`<a>&#xD800;</a>`,
	`<a>]]></a>`,
	`<a></b>`,
	`<a>`,
	`<a/><b/>`,
	``,
	`<a b=1/>`,
	`<a b="<"/>`,
	`<a:b:c/>`,
	`<?xml version="1.1"?><a/>`,
	`<?xml version="1.0" encoding="ISO-8859-1"?><a/>`,
	"\ufeff<a/>",
	"<a>\x01</a>",
	"<a>\xff</a>",
	`<a>é ü 中 😀</a>`,
	`<a b="1"c="2"/>`,
	`<xmlns:a/>`,
	`<a xmlns:xml="u"/>`,
	`<a>&#x10FFFF;&#65;&#;&#x;&amp</a>`,
	strings.Repeat("<a>", 501) + strings.Repeat("</a>", 501),
}

// compareXMLParsers fails when the fast parser accepts b with another tree
// than encoding/xml's, or accepts what encoding/xml refuses.
func compareXMLParsers(t *testing.T, b []byte) {
	t.Helper()
	fast, ok := parseXMLFast(b)
	std, err := parseXMLStd(b)
	if !ok {
		return
	}
	if err != nil {
		t.Fatalf("fast parser accepted %q, encoding/xml refuses it: %v", b, err)
	}
	if got, want := dumpElem(fast), dumpElem(std); got != want {
		t.Fatalf("trees differ for %q:\nfast: %s\nstd:  %s", b, got, want)
	}
}

func dumpElem(e *elem) string {
	var sb strings.Builder
	var walk func(*elem)
	walk = func(e *elem) {
		fmt.Fprintf(&sb, "<%q", e.name)
		if e.attrs == nil {
			sb.WriteString(" nil")
		}
		for _, a := range e.attrs {
			fmt.Fprintf(&sb, " %q=%q", a.name, a.value)
		}
		fmt.Fprintf(&sb, " text=%q>", e.text)
		for _, k := range e.kids {
			walk(k)
		}
		sb.WriteString("</>")
	}
	walk(e)
	return sb.String()
}

func TestParseXMLFastMatchesEncodingXML(t *testing.T) {
	accepted := 0
	for _, c := range xmlFastCases {
		compareXMLParsers(t, []byte(c))
		if _, ok := parseXMLFast([]byte(c)); ok {
			accepted++
		}
	}
	// The subset must be the common case, not an empty set that always
	// declines: the first seven cases are plain XML.
	for _, c := range xmlFastCases[:6] {
		if _, ok := parseXMLFast([]byte(c)); !ok {
			t.Errorf("fast parser declined plain XML %q", c)
		}
	}
	t.Logf("%d of %d cases read by the fast parser", accepted, len(xmlFastCases))
}

// readAllSized reads everything whatever the hint: exact, short, long, zero.
func TestReadAllSized(t *testing.T) {
	data := strings.Repeat("0123456789", 1000)
	for _, hint := range []int{0, 1, 9999, 10000, 10001, 50000} {
		got, err := readAllSized(iotestHalfReader{strings.NewReader(data)}, hint)
		if err != nil || string(got) != data {
			t.Errorf("hint %d: %d bytes, err %v", hint, len(got), err)
		}
	}
}

// iotestHalfReader returns at most 7 bytes per Read, as a decompressor may.
type iotestHalfReader struct{ r *strings.Reader }

func (h iotestHalfReader) Read(p []byte) (int, error) {
	if len(p) > 7 {
		p = p[:7]
	}
	return h.r.Read(p)
}

// compareRawTokens fails when xmlFast.rawToken reads all of b without
// declining but its tokens differ from Decoder.RawToken's, or encoding/xml
// refuses b.
func compareRawTokens(t *testing.T, b []byte) {
	t.Helper()
	p := &xmlFast{b: b}
	var fast []string
	for {
		tok, err := p.rawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return // declined: encoding/xml reads it from the start
		}
		fast = append(fast, fmt.Sprintf("%#v", xml.CopyToken(tok)))
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var std []string
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("fast tokenizer read %q, encoding/xml refuses it: %v", b, err)
		}
		if pi, ok := tok.(xml.ProcInst); ok {
			tok = xml.ProcInst{Target: pi.Target} // the fast one does not keep the declaration's text
		}
		std = append(std, fmt.Sprintf("%#v", xml.CopyToken(tok)))
	}
	if got, want := strings.Join(fast, "\n"), strings.Join(std, "\n"); got != want {
		t.Fatalf("tokens differ for %q:\nfast: %s\nstd:  %s", b, got, want)
	}
}

var pefCase = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<pef version="2008-1" xmlns="http://www.daisy.org/ns/2008/pef" xmlns:dc="http://purl.org/dc/elements/1.1/"><head><meta><dc:format>application/x-pef+xml</dc:format><dc:identifier>x</dc:identifier></meta></head><body><volume cols="40" rows="25" rowgap="0" duplex="false"><section><page><row>⠁⠃⠉</row><row/></page></section></volume></body></pef>`

func TestRawTokenFastMatchesEncodingXML(t *testing.T) {
	for _, c := range append(xmlFastCases, pefCase) {
		compareRawTokens(t, []byte(c))
	}
	p := &xmlFast{b: []byte(pefCase)}
	for {
		_, err := p.rawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the fast tokenizer declined a plain PEF: %v", err)
		}
	}
}

// FuzzRawTokenFast: the fast tokenizer declines or gives RawToken's tokens.
func FuzzRawTokenFast(f *testing.F) {
	for _, s := range append(xmlFastCases, pefCase) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		compareRawTokens(t, b)
	})
}

// rawToken is rawTok as an xml.Token, for comparing with encoding/xml.
func (p *xmlFast) rawToken() (xml.Token, error) {
	t, err := p.rawTok()
	if err != nil {
		return nil, err
	}
	switch t.kind {
	case tokStart:
		return xml.StartElement{Name: t.Name, Attr: t.Attr}, nil
	case tokEnd:
		return xml.EndElement{Name: t.Name}, nil
	case tokText:
		return xml.CharData(t.Text), nil
	}
	return xml.ProcInst{Target: "xml"}, nil
}

// TestXMLMixedTextLinear: an element with text between many children (a
// pretty-printed w:body) gathers its text in linear time and memory in
// both parsers. Adding each piece to a string copied all the text before
// it: 4× the children cost 16× the bytes.
func TestXMLMixedTextLinear(t *testing.T) {
	doc := func(n int) []byte {
		return []byte("<r>" + strings.Repeat("\n <a/>", n) + "\n</r>")
	}
	parsers := map[string]func([]byte) (*elem, error){
		"encoding/xml": parseXMLStd,
		"fast": func(b []byte) (*elem, error) {
			e, ok := parseXMLFast(b)
			if !ok {
				return nil, fmt.Errorf("fast parser refused plain XML")
			}
			return e, nil
		},
	}
	for name, parse := range parsers {
		allocated := func(n int) uint64 {
			b := doc(n)
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			e, err := parse(b)
			runtime.ReadMemStats(&m1)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if want := strings.Repeat("\n ", n) + "\n"; e.text != want || len(e.kids) != n {
				t.Fatalf("%s: %d children, text %q…, want %d and the whitespace between them", name, len(e.kids), e.text[:min(len(e.text), 20)], n)
			}
			return m1.TotalAlloc - m0.TotalAlloc
		}
		small, big := allocated(4000), allocated(16000)
		if big > 8*small {
			t.Errorf("%s: 4× the children allocated %.1f× the bytes (%d → %d): quadratic", name, float64(big)/float64(small), small, big)
		}
	}
}
