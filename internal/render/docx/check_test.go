package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/verify"
)

// pkg is a .docx read back for checking.
type pkg struct {
	names []string // zip order
	parts map[string][]byte
}

func readPkg(b []byte) (*pkg, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	p := &pkg{parts: map[string][]byte{}}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if _, dup := p.parts[f.Name]; dup {
			return nil, fmt.Errorf("duplicate zip entry %s", f.Name)
		}
		p.names = append(p.names, f.Name)
		p.parts[f.Name] = data
	}
	return p, nil
}

// elem is a parsed XML element: enough of a DOM for the checks.
type elem struct {
	name  string // prefix:local as written by us, resolved to a short prefix
	attrs map[string]string
	kids  []*elem
	text  string
}

var prefixes = map[string]string{
	nsW: "w", nsR: "r", nsWP: "wp", nsA: "a", nsPic: "pic", nsRels: "rel",
	"http://schemas.microsoft.com/office/drawing/2017/decorative":             "adec",
	"http://schemas.openxmlformats.org/package/2006/content-types":            "ct",
	"http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "cp",
	"http://purl.org/dc/elements/1.1/":                                        "dc",
	"http://purl.org/dc/terms/":                                               "dcterms",
	"http://www.w3.org/XML/1998/namespace":                                    "xml",
}

func qname(n xml.Name) string {
	if p, ok := prefixes[n.Space]; ok {
		return p + ":" + n.Local
	}
	if n.Space == "" {
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}

func parseXML(b []byte) (*elem, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	root := &elem{name: "#root"}
	stack := []*elem{root}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := &elem{name: qname(t.Name), attrs: map[string]string{}}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				e.attrs[qname(a.Name)] = a.Value
			}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, e)
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].text += string(t)
		}
	}
	if len(root.kids) != 1 {
		return nil, fmt.Errorf("want one root element, have %d", len(root.kids))
	}
	return root.kids[0], nil
}

// all returns the descendants (and e itself) named name, in document order.
func (e *elem) all(name string) []*elem {
	var out []*elem
	var walk func(*elem)
	walk = func(x *elem) {
		if x.name == name {
			out = append(out, x)
		}
		for _, k := range x.kids {
			walk(k)
		}
	}
	walk(e)
	return out
}

func (e *elem) first(name string) *elem {
	if a := e.all(name); len(a) > 0 {
		return a[0]
	}
	return nil
}

// textOf concatenates the w:t text under e.
func (e *elem) textOf() string {
	var sb strings.Builder
	for _, t := range e.all("w:t") {
		sb.WriteString(t.text)
	}
	return sb.String()
}

// checkPackage asserts the accessibility and packaging rules the writer
// promises, on the bytes a user would open. It returns every problem found.
func checkPackage(b []byte, d *doc.Document) []string {
	var probs []string
	bad := func(f string, a ...any) { probs = append(probs, fmt.Sprintf(f, a...)) }
	p, err := readPkg(b)
	if err != nil {
		return []string{"zip: " + err.Error()}
	}
	if len(p.names) == 0 || p.names[0] != "[Content_Types].xml" {
		bad("[Content_Types].xml is not the first entry")
	}
	trees := map[string]*elem{}
	for _, n := range p.names {
		if strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels") {
			e, err := parseXML(p.parts[n])
			if err != nil {
				bad("%s: not well-formed: %v", n, err)
				continue
			}
			trees[n] = e
		}
		if strings.Contains(strings.ToLower(n), "thumbnail") || strings.HasPrefix(n, "customXml/") || strings.Contains(n, "stylesWithEffects") {
			bad("template leftover %s", n)
		}
	}
	need := func(n string) *elem {
		e := trees[n]
		if e == nil {
			bad("missing part %s", n)
			return &elem{}
		}
		return e
	}

	// The package checks and the parity with the model are internal/verify's
	// (the same the build runs on every file before publishing); what
	// follows is what this writer promises beyond them.
	for _, r := range verify.Document(d, []verify.NamedFile{{Name: d.Meta.Slug + ".docx", Data: b}}).Files {
		for _, f := range r.Findings {
			bad("%s", f.Line(r.Name))
		}
	}
	ct := need("[Content_Types].xml")
	defaults := map[string]bool{}
	for _, e := range ct.all("ct:Default") {
		ext := strings.ToLower(e.attrs["Extension"])
		if defaults[ext] {
			bad("content types: duplicate Default for %q", ext)
		}
		defaults[ext] = true
	}

	// Relationships resolve.
	relIDs := map[string]map[string]string{} // source part -> id -> type
	for _, n := range p.names {
		if !strings.HasSuffix(n, ".rels") || trees[n] == nil {
			continue
		}
		dir, file := path.Split(n)
		src := path.Join(path.Dir(strings.TrimSuffix(dir, "/")), strings.TrimSuffix(file, ".rels"))
		if n == "_rels/.rels" {
			src = ""
		}
		relIDs[src] = map[string]string{}
		for _, r := range trees[n].all("rel:Relationship") {
			if _, dup := relIDs[src][r.attrs["Id"]]; dup {
				bad("%s: duplicate relationship id %s", n, r.attrs["Id"])
			}
			relIDs[src][r.attrs["Id"]] = r.attrs["Type"]
			if r.attrs["TargetMode"] == "External" {
				continue
			}
			target := path.Join(path.Dir(src), r.attrs["Target"])
			if _, ok := p.parts[target]; !ok {
				bad("%s: relationship %s targets missing part %s", n, r.attrs["Id"], target)
			}
		}
	}
	for _, part := range []string{"word/document.xml", "word/footnotes.xml", "word/footer1.xml"} {
		e := trees[part]
		if e == nil {
			continue
		}
		for _, x := range append(e.all("w:hyperlink"), e.all("a:blip")...) {
			for _, k := range []string{"r:id", "r:embed"} {
				if id, ok := x.attrs[k]; ok {
					if _, ok := relIDs[part][id]; !ok {
						bad("%s: %s=%q has no relationship", part, k, id)
					}
				}
			}
		}
	}

	// Styles: defined, headings with outline levels, default language.
	styles := need("word/styles.xml")
	styleIDs := map[string]*elem{}
	for _, s := range styles.all("w:style") {
		styleIDs[s.attrs["w:styleId"]] = s
	}
	for i := 1; i <= 6; i++ {
		s := styleIDs[fmt.Sprintf("Heading%d", i)]
		if s == nil {
			bad("styles: Heading%d missing", i)
			continue
		}
		if o := s.first("w:outlineLvl"); o == nil || o.attrs["w:val"] != strconv.Itoa(i-1) {
			bad("styles: Heading%d without outline level %d", i, i-1)
		}
	}
	if s := styleIDs["Title"]; s == nil || s.first("w:outlineLvl") == nil || s.first("w:outlineLvl").attrs["w:val"] != "0" {
		bad("styles: Title without outline level 0")
	}
	defLang := ""
	if dd := styles.first("w:rPrDefault"); dd != nil && dd.first("w:lang") != nil {
		defLang = dd.first("w:lang").attrs["w:val"]
	}
	if defLang != d.Meta.Lang {
		bad("styles: default w:lang %q, want %q", defLang, d.Meta.Lang)
	}

	body := need("word/document.xml")
	// Every style used is defined.
	for _, part := range []string{"word/document.xml", "word/footnotes.xml", "word/footer1.xml"} {
		if e := trees[part]; e != nil {
			for _, k := range []string{"w:pStyle", "w:rStyle", "w:tblStyle"} {
				for _, s := range e.all(k) {
					if styleIDs[s.attrs["w:val"]] == nil {
						bad("%s: style %q is not defined", part, s.attrs["w:val"])
					}
				}
			}
		}
	}

	// Headings: one Title first, then no skipped level.
	prev, titles := 0, 0
	bookmarks := map[string]bool{}
	for _, bm := range body.all("w:bookmarkStart") {
		bookmarks[bm.attrs["w:name"]] = true
	}
	for _, para := range body.all("w:p") {
		st := ""
		if s := para.first("w:pStyle"); s != nil {
			st = s.attrs["w:val"]
		}
		lvl := 0
		switch {
		case st == "Title":
			titles++
			lvl = 1
			if prev != 0 {
				bad("Title paragraph %q is not the first heading", para.textOf())
			}
		case strings.HasPrefix(st, "Heading"):
			lvl, _ = strconv.Atoi(strings.TrimPrefix(st, "Heading"))
			if para.first("w:bookmarkStart") == nil {
				bad("heading %q has no bookmark", para.textOf())
			}
		default:
			continue
		}
		if prev == 0 && lvl != 1 {
			bad("first heading %q is level %d", para.textOf(), lvl)
		}
		if lvl > prev+1 {
			bad("heading %q skips from level %d to %d", para.textOf(), prev, lvl)
		}
		prev = lvl
		if strings.TrimSpace(para.textOf()) == "" {
			bad("empty heading paragraph (%s)", st)
		}
	}
	if titles != 1 {
		bad("%d Title paragraphs, want 1", titles)
	}
	for _, h := range body.all("w:hyperlink") {
		if a, ok := h.attrs["w:anchor"]; ok && !bookmarks[a] {
			bad("internal link to #%s has no bookmark", a)
		}
		if strings.TrimSpace(h.textOf()) == "" && h.first("wp:docPr") == nil {
			bad("hyperlink without text")
		}
	}

	// Lists: numbering present and every numId defined.
	nums := map[string]bool{}
	if n := trees["word/numbering.xml"]; n != nil {
		for _, e := range n.all("w:num") {
			nums[e.attrs["w:numId"]] = true
		}
	}
	listParas := 0
	for _, np := range body.all("w:numPr") {
		listParas++
		if id := np.first("w:numId"); id == nil || !nums[id.attrs["w:val"]] {
			bad("list paragraph with undefined numbering")
		}
	}
	hasList := false
	doc.Walk(d, func(n any) bool {
		if _, ok := n.(*doc.List); ok {
			hasList = true
		}
		return true
	})
	if hasList && listParas == 0 {
		bad("the document has lists but no numbered paragraphs")
	}

	// Tables: header rows first, repeated and unsplittable.
	for i, tbl := range body.all("w:tbl") {
		rows := tbl.all("w:tr")
		if len(rows) == 0 || rows[0].first("w:tblHeader") == nil {
			bad("table %d: first row is not a repeating header (w:tblHeader)", i+1)
		}
		inHead := true
		for _, r := range rows {
			h := r.first("w:tblHeader") != nil
			if h && !inHead {
				bad("table %d: header row after a body row", i+1)
			}
			inHead = inHead && h
			if r.first("w:cantSplit") == nil {
				bad("table %d: row may split across pages", i+1)
			}
		}
		if tbl.first("w:tblDescription") == nil && tbl.first("w:tblCaption") == nil {
			bad("table %d: no caption or description", i+1)
		}
	}

	// Pictures: alt text on both docPr and cNvPr, decorative flagged.
	for _, part := range []string{"word/document.xml", "word/footnotes.xml"} {
		e := trees[part]
		if e == nil {
			continue
		}
		for _, inl := range e.all("wp:inline") {
			dp, cp := inl.first("wp:docPr"), inl.first("pic:cNvPr")
			if dp == nil || cp == nil {
				bad("%s: picture without docPr/cNvPr", part)
				continue
			}
			dec := dp.first("adec:decorative")
			switch {
			case dec != nil && dec.attrs["val"] == "1":
				if dp.attrs["descr"] != "" {
					bad("decorative picture %s has alt text", dp.attrs["name"])
				}
			case strings.TrimSpace(dp.attrs["descr"]) == "":
				bad("picture %s has no alt text (wp:docPr descr)", dp.attrs["name"])
			}
			if cp.attrs["descr"] != dp.attrs["descr"] {
				bad("picture %s: pic:cNvPr descr differs from wp:docPr", dp.attrs["name"])
			}
		}
	}

	// Page: A4 by default, page numbers in the footer.
	if sz := body.first("w:pgSz"); sz == nil || sz.attrs["w:w"] != "11906" || sz.attrs["w:h"] != "16838" {
		bad("page size is not A4")
	}
	if body.first("w:footerReference") == nil {
		bad("no footer")
	}
	ftr := string(p.parts["word/footer1.xml"])
	if !strings.Contains(ftr, " PAGE ") || !strings.Contains(ftr, " NUMPAGES ") {
		bad("footer without PAGE and NUMPAGES fields")
	}

	// Core properties.
	core := need("docProps/core.xml")
	get := func(n string) string {
		if e := core.first(n); e != nil {
			return e.text
		}
		return ""
	}
	if get("dc:title") != d.Meta.Title || d.Meta.Title == "" {
		bad("core.xml dc:title %q, want %q", get("dc:title"), d.Meta.Title)
	}
	if get("dc:language") != d.Meta.Lang {
		bad("core.xml dc:language %q, want %q", get("dc:language"), d.Meta.Lang)
	}
	for _, n := range []string{"dcterms:created", "dcterms:modified"} {
		if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`).MatchString(get(n)) {
			bad("core.xml %s %q is not a W3CDTF date", n, get(n))
		}
	}
	if (len(d.Meta.Authors) > 0 || d.Meta.Publisher != "") && get("dc:creator") == "" {
		bad("core.xml has no dc:creator")
	}
	app := string(p.parts["docProps/app.xml"])
	if strings.Contains(app, "Microsoft") || !strings.Contains(app, "<Application>") {
		bad("app.xml does not name this tool as the application")
	}
	return probs
}
