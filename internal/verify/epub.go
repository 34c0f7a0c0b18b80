package verify

import (
	"path"
	"strings"
)

// Rule ids of the EPUB checks (content documents also get the HTML rules).
const (
	RuleEPUBPackage = "EPUB-PACKAGE"
	RuleEPUBNav     = "EPUB-NAV"
	RuleEPUBA11y    = "EPUB-A11Y-META"
	RuleEPUBClaim   = "EPUB-CONFORMS"
)

var epubRules = append([]rule{
	{RuleFormat, "the file can be read as an EPUB (zip)"},
	{RuleEPUBPackage, "mimetype first and stored; container names a package; package has title, language, identifier and modified date; every manifest item and spine entry exists"},
	{RuleEPUBNav, "a navigation document with a table of contents (nav epub:type=toc)"},
	{RuleEPUBA11y, "EPUB Accessibility 1.1 discovery metadata: accessMode, accessModeSufficient, accessibilityFeature, accessibilityHazard, accessibilitySummary"},
	{RuleEPUBClaim, "a claim of conformance (dcterms:conformsTo) is made only by a file that passes every other check"},
}, htmlRules[:len(htmlRules)-1]...) // a content document needs no main landmark

func checkEPUB(r *Result, data []byte) []rule {
	r.Standard = "EPUB Accessibility 1.1 (WCAG 2.2 AA, machine-checkable part)"
	p, err := readZip(data)
	if err != nil {
		r.errorf(RuleFormat, "", "the file is damaged or not an EPUB", "cannot read the EPUB: %v", err)
		return epubRules
	}
	if len(p.names) == 0 || p.names[0] != "mimetype" || string(p.parts["mimetype"]) != "application/epub+zip" || p.method["mimetype"] != 0 {
		r.errorf(RuleEPUBPackage, "mimetype", "", "the first entry must be an uncompressed mimetype file containing application/epub+zip")
	}
	cont, err := parseXML(p.parts["META-INF/container.xml"])
	if err != nil {
		r.errorf(RuleEPUBPackage, "META-INF/container.xml", "", "missing or not well-formed: %v", err)
		return epubRules
	}
	rf := cont.first("container:rootfile")
	if rf == nil {
		r.errorf(RuleEPUBPackage, "META-INF/container.xml", "", "no rootfile")
		return epubRules
	}
	opfName := rf.attrs.get("full-path")
	opf, err := parseXML(p.parts[opfName])
	if err != nil {
		r.errorf(RuleEPUBPackage, opfName, "", "package document missing or not well-formed: %v", err)
		return epubRules
	}
	base := path.Dir(opfName)
	resolve := func(href string) string {
		href, _, _ = strings.Cut(href, "#")
		if base == "." {
			return href
		}
		return path.Join(base, href)
	}
	if v := opf.attrs.get("version"); !strings.HasPrefix(v, "3") {
		r.errorf(RuleEPUBPackage, opfName, "", "package version %q, want 3.x", v)
	}
	f := &Facts{}
	meta := opf.first("opf:metadata")
	if meta == nil {
		meta = &elem{}
	}
	dcText := func(n string) string {
		if e := meta.first(n); e != nil {
			return strings.TrimSpace(e.text)
		}
		return ""
	}
	f.Title, f.Lang = dcText("dc:title"), dcText("dc:language")
	for _, need := range []string{"dc:title", "dc:language", "dc:identifier"} {
		if dcText(need) == "" {
			r.errorf(RuleEPUBPackage, opfName, "", "no %s", need)
		}
	}
	if f.Lang != "" && !validLang(f.Lang) {
		r.errorf(RuleEPUBPackage, opfName, "", "dc:language %q is not a valid tag", f.Lang)
	}
	props := map[string][]string{}
	for _, m := range meta.all("opf:meta") {
		if pr := m.attrs.get("property"); pr != "" {
			props[pr] = append(props[pr], strings.TrimSpace(m.text))
		} else if n := m.attrs.get("name"); n != "" { // EPUB 2 style
			props[n] = append(props[n], m.attrs.get("content"))
		}
	}
	for _, l := range meta.all("opf:link") {
		if l.attrs.get("rel") == "dcterms:conformsTo" {
			props["dcterms:conformsTo"] = append(props["dcterms:conformsTo"], l.attrs.get("href"))
		}
	}
	for _, e := range meta.all("dcterms:conformsTo") {
		props["dcterms:conformsTo"] = append(props["dcterms:conformsTo"], e.text)
	}
	if len(props["dcterms:modified"]) == 0 {
		r.errorf(RuleEPUBPackage, opfName, "", "no dcterms:modified")
	}
	var missing []string
	for _, k := range []string{"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature", "schema:accessibilityHazard", "schema:accessibilitySummary"} {
		if len(props[k]) == 0 {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		r.errorf(RuleEPUBA11y, opfName, "add the schema.org accessibility metadata (EPUB Accessibility 1.1 §2)", "missing %s", strings.Join(missing, ", "))
	}
	// Manifest and spine.
	items := map[string]*elem{}
	navHref := ""
	for _, it := range opf.all("opf:item") {
		items[it.attrs.get("id")] = it
		if _, ok := p.parts[resolve(it.attrs.get("href"))]; !ok && !remote(it.attrs.get("href")) {
			r.errorf(RuleEPUBPackage, opfName, "", "manifest item %s (%s) is not in the file", it.attrs.get("id"), it.attrs.get("href"))
		}
		if strings.Contains(" "+it.attrs.get("properties")+" ", " nav ") {
			navHref = resolve(it.attrs.get("href"))
		}
	}
	h := &htmlChecker{r: r, facts: f, epub: true, ids: map[string]bool{}}
	if navHref == "" {
		r.errorf(RuleEPUBNav, opfName, "add a navigation document (manifest item with properties=\"nav\")", "no navigation document")
	} else if nav, err := parseHTML(p.parts[navHref]); err != nil || !hasTOC(nav) {
		r.errorf(RuleEPUBNav, navHref, "", "the navigation document has no nav epub:type=\"toc\" with a list")
	}
	for _, ir := range opf.all("opf:itemref") {
		it := items[ir.attrs.get("idref")]
		if it == nil {
			r.errorf(RuleEPUBPackage, opfName, "", "spine entry %q is not in the manifest", ir.attrs.get("idref"))
			continue
		}
		name := resolve(it.attrs.get("href"))
		if name == navHref && ir.attrs.get("linear") == "no" {
			continue
		}
		data, ok := p.parts[name]
		if !ok || !strings.Contains(it.attrs.get("media-type"), "html") {
			continue
		}
		root, err := parseHTML(data)
		if err != nil {
			r.errorf(RuleEPUBPackage, name, "", "cannot parse: %v", err)
			continue
		}
		if name == navHref {
			// the nav's own headings ("Contents") are the writer's, like a generated contents list
			sub := &htmlChecker{r: &Result{}, facts: &Facts{}, epub: true, ids: map[string]bool{}}
			sub.page(htmlDoc{root: root, where: name}, false)
			continue
		}
		h.page(htmlDoc{root: root, where: name}, false)
	}
	h.finishHeadings(opfName)
	if f.Title == "" {
		f.Title = dcText("dc:title")
	}
	if claims := props["dcterms:conformsTo"]; len(claims) > 0 && r.Errors() > 0 {
		r.errorf(RuleEPUBClaim, opfName, "remove dcterms:conformsTo until the checks pass",
			"the book claims conformance (%s) but fails %d checks", clip(strings.Join(claims, ", "), 80), r.Errors())
	}
	r.Facts = f
	return epubRules
}

func hasTOC(root interface{}) bool {
	n, ok := root.(*htmlNode)
	if !ok {
		return false
	}
	found := false
	var walk func(*htmlNode, bool)
	walk = func(x *htmlNode, inToc bool) {
		if x.Type == htmlElement {
			if x.Data == "nav" && strings.Contains(" "+epubType(x)+" ", " toc ") {
				inToc = true
			}
			if inToc && x.Data == "ol" {
				found = true
			}
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inToc)
		}
	}
	walk(n, false)
	return found
}
