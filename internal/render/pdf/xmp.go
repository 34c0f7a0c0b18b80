package pdf

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"github.com/altformats/altformats/internal/doc"
)

// xmp builds the XMP packet: dc:title (shown by viewers with
// DisplayDocTitle), language, creators, dates matching the Info dictionary,
// and the PDF/UA identification schema (pdfuaid:part 1).
func xmp(m doc.Meta, gen string, mod time.Time) []byte {
	esc := func(s string) string {
		var b bytes.Buffer
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	date := mod.Format("2006-01-02T15:04:05Z")
	var sb strings.Builder
	sb.WriteString("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	sb.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
`)
	sb.WriteString("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + esc(m.Title) + "</rdf:li></rdf:Alt></dc:title>\n")
	if m.Summary != "" {
		sb.WriteString("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + esc(m.Summary) + "</rdf:li></rdf:Alt></dc:description>\n")
	}
	creators := m.Authors
	if len(creators) == 0 && m.Publisher != "" {
		creators = []string{m.Publisher}
	}
	if len(creators) > 0 {
		sb.WriteString("<dc:creator><rdf:Seq>")
		for _, a := range creators {
			sb.WriteString("<rdf:li>" + esc(a) + "</rdf:li>")
		}
		sb.WriteString("</rdf:Seq></dc:creator>\n")
	}
	if m.Publisher != "" {
		sb.WriteString("<dc:publisher><rdf:Bag><rdf:li>" + esc(m.Publisher) + "</rdf:li></rdf:Bag></dc:publisher>\n")
	}
	if m.Lang != "" {
		sb.WriteString("<dc:language><rdf:Bag><rdf:li>" + esc(m.Lang) + "</rdf:li></rdf:Bag></dc:language>\n")
	}
	if m.Licence != "" {
		sb.WriteString("<dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">" + esc(m.Licence) + "</rdf:li></rdf:Alt></dc:rights>\n")
	}
	if len(m.Keywords) > 0 {
		sb.WriteString("<pdf:Keywords>" + esc(strings.Join(m.Keywords, ", ")) + "</pdf:Keywords>\n")
	}
	sb.WriteString("<pdf:Producer>" + esc(gen) + "</pdf:Producer>\n")
	sb.WriteString("<xmp:CreatorTool>" + esc(gen) + "</xmp:CreatorTool>\n")
	sb.WriteString("<xmp:CreateDate>" + date + "</xmp:CreateDate>\n")
	sb.WriteString("<xmp:ModifyDate>" + date + "</xmp:ModifyDate>\n")
	sb.WriteString("<xmp:MetadataDate>" + date + "</xmp:MetadataDate>\n")
	sb.WriteString("<pdfuaid:part>1</pdfuaid:part>\n")
	sb.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return []byte(sb.String())
}
