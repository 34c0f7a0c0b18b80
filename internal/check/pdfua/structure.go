package pdfua

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// elem is one structure element as read back from the file.
type elem struct {
	objNr  int // 0 for a direct (inline) element
	dict   Dict
	s      string // /S as written
	role   string // standard type after the RoleMap; "" if none
	page   int    // from /Pg, inherited from ancestors; 0 if unknown
	parent *elem
	kids   []*elem
	mcrs   []mcr
	objrs  []objr
}

type mcr struct{ page, mcid int }

type objr struct{ obj, page int }

type structTree struct {
	top        []*elem
	all        []*elem // document (pre-)order
	byObj      *byNumber[*elem]
	roleMap    map[string]string
	parentTree map[int]Object
	problems   []string
	slab       []elem // see newElem
	mcrBlock   block[mcr]
	kidBlock   block[*elem]
}

// standardTypes are the standard structure types of ISO 32000-1 14.8.4,
// the set PDF/UA-1 allows without a role mapping.
var standardTypes = map[string]bool{}

func init() {
	for _, s := range strings.Fields(`Document Part Art Sect Div BlockQuote Caption TOC TOCI Index
		NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot
		Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP
		Figure Formula Form`) {
		standardTypes[s] = true
	}
}

const maxTreeDepth = 200

func (c *checker) loadStructTree() *structTree {
	root := c.dict(c.catalog.get("StructTreeRoot"))
	if root == nil {
		return nil
	}
	t := &structTree{byObj: newByNumber[*elem](c.f), roleMap: map[string]string{}, parentTree: map[int]Object{}}
	for _, kv := range c.dict(root.get("RoleMap")) {
		t.roleMap[kv.Key] = c.name(kv.Val) // in order: a key written twice keeps its last value
	}
	var top elem // a stand-in parent for the root's kids
	c.loadKids(t, &top, root.get("K"), 0)
	t.top = top.kids
	for _, e := range t.top {
		e.parent = nil
	}
	c.loadNumberTree(t, root.get("ParentTree"), 0, map[int]bool{})
	return t
}

func (c *checker) loadKids(t *structTree, parent *elem, k Object, depth int) {
	if k == nil {
		return
	}
	if depth > maxTreeDepth {
		t.problems = append(t.problems, fmt.Sprintf("structure tree deeper than %d", maxTreeDepth))
		return
	}
	if a, ok := k.(Array); ok {
		for _, e := range a {
			c.loadKids(t, parent, e, depth)
		}
		return
	}
	if r, ok := k.(Ref); ok {
		c.loadRef(t, parent, r, depth)
		return
	}
	c.loadObject(t, parent, k, 0, depth)
}

// loadRef is loadKids for a reference, whose depth is checked. Elements
// are read once each and not kept in the object cache, nor given slices of
// their own: the tree keeps what the rules need of them (keptEntries), and
// the rest goes when this one is done.
func (c *checker) loadRef(t *structTree, parent *elem, r Ref, depth int) {
	defer c.f.objs.release(c.f.objs.mark())
	if r.Num != 0 && c.loadQuickElem(t, parent, r.Num, depth) {
		return
	}
	c.loadObject(t, parent, c.f.getTransient(r), r.Num, depth)
}

// loadObject is loadKids for o, object nr (0 when direct).
func (c *checker) loadObject(t *structTree, parent *elem, o Object, nr, depth int) {
	if a, ok := o.(Array); ok {
		// An indirect array may name itself: count it as a level.
		c.loadKids(t, parent, a, depth+1)
		return
	}
	switch v := o.(type) {
	case Integer:
		parent.mcrs = append(parent.mcrs, mcr{page: parent.page, mcid: int(v)})
	case Dict:
		switch {
		case v.typ() == "MCR":
			pg := parent.page
			if p, ok := v.lookup("Pg"); ok {
				pg = c.pageOf.get(objNr(p))
			}
			if _, ok := v.lookup("Stm"); ok {
				t.problems = append(t.problems, "MCR into a stream other than the page content is not checked")
				return
			}
			m, ok := c.integer(v.get("MCID"))
			if !ok {
				t.problems = append(t.problems, fmt.Sprintf("MCR without an integer /MCID under /%s", parent.s))
				return
			}
			parent.mcrs = append(parent.mcrs, mcr{page: pg, mcid: m})
		case v.typ() == "OBJR":
			pg := parent.page
			if p, ok := v.lookup("Pg"); ok {
				pg = c.pageOf.get(objNr(p))
			}
			parent.objrs = append(parent.objrs, objr{obj: objNr(v.get("Obj")), page: pg})
		default:
			if nr != 0 && t.byObj.get(nr) != nil { // byObj holds every element read so far
				t.problems = append(t.problems, fmt.Sprintf("structure element %d 0 R is reached twice (shared or cyclic)", nr))
				return
			}
			e := t.newElem()
			*e = elem{objNr: nr, dict: keptEntries(v), s: c.name(v.get("S")), parent: parent, page: parent.page}
			if e.s == "" {
				t.problems = append(t.problems, fmt.Sprintf("structure element %d 0 R has no /S", nr))
			}
			if p, ok := v.lookup("Pg"); ok {
				e.page = c.pageOf.get(objNr(p))
			}
			e.role = t.resolve(e.s)
			parent.kids = append(parent.kids, e)
			t.all = append(t.all, e)
			if nr != 0 {
				t.byObj.set(nr, e)
			}
			k := v.get("K")
			if a, ok := k.(Array); ok {
				e.reserve(a)
			}
			c.loadKids(t, e, k, depth+1)
		}
	default:
		t.problems = append(t.problems, fmt.Sprintf("unexpected %T in /K of /%s", o, parent.s))
	}
}

// newElem allocates an element from a slab: one allocation per few
// hundred elements rather than one each.
func (t *structTree) newElem() *elem {
	if len(t.slab) == 0 {
		t.slab = make([]elem, 256)
	}
	e := &t.slab[0]
	t.slab = t.slab[1:]
	return e
}

// reserve sizes e's lists for the kids in k, its /K array, at once.
func (e *elem) reserve(k Array) {
	ints := 0
	for _, o := range k {
		if _, ok := o.(Integer); ok {
			ints++
		}
	}
	if ints > 0 {
		e.mcrs = slices.Grow(e.mcrs, ints)
	}
	if len(k) > ints {
		e.kids = slices.Grow(e.kids, len(k)-ints)
	}
}

// elemKeys are the entries of a structure element the rules read after the
// tree is built; the others (/K, /P, /Pg, /S, …) are spent by then.
var elemKeys = []string{"Alt", "ActualText", "Lang", "ID", "A"}

func isElemKey(k string) bool {
	for _, e := range elemKeys {
		if k == e {
			return true
		}
	}
	return false
}

// keptEntries copies the entries of d named in elemKeys, nil when there are
// none (most elements): a long document has hundreds of thousands of
// elements, and their whole dictionaries were most of the checker's memory.
func keptEntries(d Dict) Dict {
	n := 0
	for _, kv := range d {
		if isElemKey(kv.Key) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make(Dict, 0, n)
	for _, kv := range d {
		if isElemKey(kv.Key) {
			// A key written twice: both kept, lookup takes the last. The
			// element was parsed into the transient arenas.
			out = append(out, DictEntry{kv.Key, durable(kv.Val)})
		}
	}
	return out
}

// textMCRs is the marked content of every element Read decodes the text of
// (isTextRole), through its descendants: the page scan keeps the text shown
// in these and drops the rest.
func (t *structTree) textMCRs() map[int][]int {
	keep := map[int][]int{}
	var mark func(e *elem, depth int)
	mark = func(e *elem, depth int) {
		if depth > maxTreeDepth {
			return
		}
		for _, m := range e.mcrs {
			keep[m.page] = append(keep[m.page], m.mcid)
		}
		for _, k := range e.kids {
			mark(k, depth+1)
		}
	}
	for _, e := range t.all {
		if isTextRole(e.role) || (e.role == "" && isTextRole(e.s)) {
			mark(e, 0)
		}
	}
	return keep
}

// resolve follows the RoleMap to a standard type; "" when it never gets there.
func (t *structTree) resolve(s string) string {
	for i := 0; i < 32; i++ {
		if standardTypes[s] {
			return s
		}
		next, ok := t.roleMap[s]
		if !ok {
			return ""
		}
		s = next
	}
	return ""
}

func (c *checker) loadNumberTree(t *structTree, o Object, depth int, seen map[int]bool) {
	nr := objNr(o)
	if depth > 32 || (nr != 0 && seen[nr]) {
		t.problems = append(t.problems, "ParentTree is cyclic or too deep")
		return
	}
	seen[nr] = true
	d := c.dict(o)
	if d == nil {
		return
	}
	nums := c.array(d.get("Nums"))
	for i := 0; i+1 < len(nums); i += 2 {
		if k, ok := c.integer(nums[i]); ok {
			t.parentTree[k] = nums[i+1]
		}
	}
	for _, kid := range c.array(d.get("Kids")) {
		c.loadNumberTree(t, kid, depth+1, seen)
	}
}

// attr finds an attribute in an element's /A (a dictionary, or an array of
// dictionaries and revision numbers).
func (c *checker) attr(e *elem, key string) (Object, bool) {
	a := e.dict.get("A")
	list := c.array(a)
	if list == nil {
		list = Array{a}
	}
	for _, o := range list {
		if d := c.dict(o); d != nil {
			if v, ok := d.lookup(key); ok {
				return v, true
			}
		}
	}
	return nil, false
}

func (e *elem) label() string {
	if e.objNr != 0 {
		return fmt.Sprintf("/%s (%d 0 R)", e.s, e.objNr)
	}
	return "/" + e.s
}

// ---- rules on the structure tree ----

// checkStructTreeRoot: the file has a structure tree that can be walked.
func checkStructTreeRoot(c *checker) {
	if c.tree == nil {
		c.add(RuleStructTree, 0, "catalog has no /StructTreeRoot dictionary")
		return
	}
	for _, p := range c.tree.problems {
		c.add(RuleStructTree, 0, "%s", p)
	}
}

// checkDocumentRoot: one root element, and it is a Document.
func checkDocumentRoot(c *checker) {
	if c.tree == nil {
		return
	}
	switch {
	case len(c.tree.top) != 1:
		c.add(RuleDocumentRoot, 0, "StructTreeRoot has %d top-level elements, want one /Document", len(c.tree.top))
	case c.tree.top[0].role != "Document":
		c.add(RuleDocumentRoot, 0, "top-level element is %s, want /Document", c.tree.top[0].label())
	}
}

// checkMCIDsReachable: every MCID on every page leads, through the page's
// /StructParents entry in the ParentTree, to an element whose /K names that
// MCID on that page. This is how assistive technology finds the element for
// what is on screen.
func checkMCIDsReachable(c *checker) {
	if c.tree == nil {
		return
	}
	var named mcrIndex
	for _, p := range c.pages {
		if len(p.mcidOrder) == 0 {
			continue
		}
		sp, ok := c.integer(p.dict.get("StructParents"))
		if !ok {
			continue // reported by checkPageStructParents
		}
		// Read once and dropped (with its page's turn), not cached: as the
		// object numbers it names, or failing that as an array.
		nums, ok := c.refArray(c.tree.parentTree[sp])
		if !ok {
			mark := c.f.objs.mark()
			if arr, isArray := c.f.getTransient(c.tree.parentTree[sp]).(Array); isArray {
				nums, ok = c.nums[:0], true
				for _, o := range arr {
					nums = append(nums, objNr(o))
				}
				c.nums = nums
			}
			c.f.objs.release(mark)
		}
		c.mcidsReachable(p, sp, nums, ok, &named)
	}
}

// mcidsReachable checks page p's MCIDs against its ParentTree array, as
// the object number each entry names (0 for none).
func (c *checker) mcidsReachable(p *page, sp int, arr []int, isArray bool, named *mcrIndex) {
	if !isArray {
		c.add(RuleParentTree, p.n, "ParentTree has no array for /StructParents %d", sp)
		return
	}
	bad := []string{}
	for _, m := range p.mcidOrder {
		if m >= len(arr) {
			bad = append(bad, fmt.Sprintf("MCID %d: beyond the ParentTree array (%d entries)", m, len(arr)))
			continue
		}
		e := c.tree.byObj.get(arr[m])
		if e == nil {
			bad = append(bad, fmt.Sprintf("MCID %d: ParentTree entry is not a structure element in the tree", m))
			continue
		}
		if !named.has(e, mcr{page: p.n, mcid: m}) {
			bad = append(bad, fmt.Sprintf("MCID %d: ParentTree points at %s, whose /K does not name it", m, e.label()))
		}
	}
	for _, b := range capList(bad, 5) {
		c.add(RuleParentTree, p.n, "%s", b)
	}
}

// mcrIndex answers whether an element's /K names a marked-content
// reference. Scanning the element's list for each MCID that points at it
// was quadratic for an element with many: a code block of 200,000 lines
// (one MCID a line, all in one element) took 37 s to check, 50,000 lines
// 2.7 s. An element with more than a few gets a set, built once.
type mcrIndex struct {
	sets  map[*elem]map[mcr]struct{}
	steps int // comparisons and lookups made, for the tests
}

const mcrScanMax = 16

func (x *mcrIndex) has(e *elem, r mcr) bool {
	if len(e.mcrs) <= mcrScanMax {
		for _, m := range e.mcrs {
			x.steps++
			if m == r {
				return true
			}
		}
		return false
	}
	set, ok := x.sets[e]
	if !ok {
		if x.sets == nil {
			x.sets = map[*elem]map[mcr]struct{}{}
		}
		set = make(map[mcr]struct{}, len(e.mcrs))
		for _, m := range e.mcrs {
			set[m] = struct{}{}
		}
		x.sets[e] = set
		x.steps += len(e.mcrs)
	}
	x.steps++
	_, ok = set[r]
	return ok
}

// capList keeps the first n messages and says how many more there were, so
// one systematic bug does not bury every other finding.
func capList(msgs []string, n int) []string {
	if len(msgs) <= n {
		return msgs
	}
	out := append([]string{}, msgs[:n]...)
	out[n-1] = fmt.Sprintf("%s (and %d more like it)", out[n-1], len(msgs)-n)
	return out
}

// checkMCRsExist: every marked-content reference in the tree names a page and
// an MCID that exists in that page's content; every OBJR names an object.
func checkMCRsExist(c *checker) {
	if c.tree == nil {
		return
	}
	var bad []string
	annotNrs := map[int]bool{}
	for _, a := range c.annots() {
		annotNrs[a.objNr] = true
	}
	for _, e := range c.tree.all {
		for _, r := range e.mcrs {
			switch {
			case r.page < 1 || r.page > len(c.pages):
				bad = append(bad, fmt.Sprintf("%s names MCID %d without a known page (/Pg)", e.label(), r.mcid))
			default:
				if !c.pages[r.page-1].mcids.has(r.mcid) {
					bad = append(bad, fmt.Sprintf("%s names MCID %d on page %d, which has no such marked content", e.label(), r.mcid, r.page))
				}
			}
		}
		for _, r := range e.objrs {
			// An annotation is known to be a dictionary without reading
			// it again (or caching it).
			if r.obj == 0 || (!annotNrs[r.obj] && c.dict(Ref{Num: r.obj}) == nil) {
				bad = append(bad, fmt.Sprintf("%s has an OBJR whose /Obj is not an indirect dictionary", e.label()))
			}
		}
	}
	for _, b := range capList(bad, 10) {
		c.add(RuleMCR, 0, "%s", b)
	}
}

// checkRoleMap (02-001, 02-003, 02-004): every type is standard or maps to
// one; no circular mapping; standard types are not remapped.
func checkRoleMap(c *checker) {
	if c.tree == nil {
		return
	}
	keys := make([]string, 0, len(c.tree.roleMap))
	for k := range c.tree.roleMap {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if standardTypes[k] {
			c.add("02-004", 0, "RoleMap remaps the standard type /%s to /%s", k, c.tree.roleMap[k])
		}
		if circular(c.tree.roleMap, k) {
			c.add("02-003", 0, "RoleMap mapping of /%s is circular", k)
		}
	}
	reported := map[string]bool{}
	for _, e := range c.tree.all {
		if e.role == "" && !reported[e.s] && !circular(c.tree.roleMap, e.s) {
			reported[e.s] = true
			c.add("02-001", 0, "structure type /%s is not standard and not role-mapped to a standard type", e.s)
		}
	}
}

func circular(m map[string]string, s string) bool {
	seen := map[string]bool{}
	for !standardTypes[s] {
		if seen[s] {
			return true
		}
		seen[s] = true
		next, ok := m[s]
		if !ok {
			return false
		}
		s = next
	}
	return false
}

// checkHeadings (14-002, 14-003, 14-007): numbered headings start at H1 and
// never skip a level going down; H and Hn are not mixed.
func checkHeadings(c *checker) {
	if c.tree == nil {
		return
	}
	prev := 0
	sawH, sawHn := false, false
	for _, e := range c.tree.all {
		if e.role == "H" {
			sawH = true
			continue
		}
		lvl := headingLevel(e.role)
		if lvl == 0 {
			continue
		}
		sawHn = true
		switch {
		case prev == 0 && lvl != 1:
			c.add("14-002", e.page, "first heading is %s, not H1", e.label())
		case prev != 0 && lvl > prev+1:
			c.add("14-003", e.page, "heading %s follows H%d: a level is skipped", e.label(), prev)
		}
		prev = lvl
	}
	if sawH && sawHn {
		c.add("14-007", 0, "document uses both /H and numbered /H1–/H6 headings")
	}
}

func headingLevel(role string) int {
	if len(role) == 2 && role[0] == 'H' && role[1] >= '1' && role[1] <= '6' {
		return int(role[1] - '0')
	}
	return 0
}

// checkTHScope (15-003): every header cell says what it heads. We do not
// accept the Headers/ID alternative: the renderer promises Scope.
func checkTHScope(c *checker) {
	if c.tree == nil {
		return
	}
	for _, e := range c.tree.all {
		if e.role != "TH" {
			continue
		}
		v, ok := c.attr(e, "Scope")
		switch s := c.name(v); {
		case !ok:
			c.add("15-003", e.page, "%s has no /Scope attribute", e.label())
		case s != "Row" && s != "Column" && s != "Both":
			c.add("15-003", e.page, "%s has /Scope /%s, want Row, Column or Both", e.label(), s)
		}
	}
}

// checkFigureAlt (13-004): a Figure has non-empty /Alt (or /ActualText).
func checkFigureAlt(c *checker) {
	if c.tree == nil {
		return
	}
	for _, e := range c.tree.all {
		if e.role != "Figure" {
			continue
		}
		alt, _ := c.text(e.dict.get("Alt"))
		act, _ := c.text(e.dict.get("ActualText"))
		if strings.TrimSpace(alt) == "" && strings.TrimSpace(act) == "" {
			c.add("13-004", e.page, "%s has no non-empty /Alt", e.label())
		}
	}
}

// nesting reports children whose role is not in allowed, and a parent whose
// role is not in parents; the shared shape of the 09-00x checks.
func (c *checker) nesting(rule string, e *elem, parents, kids []string) {
	if parents != nil {
		pr := ""
		if e.parent != nil {
			pr = e.parent.role
		}
		if !contains(parents, pr) {
			c.add(rule, e.page, "%s is inside %s, want %s", e.label(), parentLabel(e), strings.Join(parents, " or "))
		}
	}
	if kids != nil {
		for _, k := range e.kids {
			if !contains(kids, k.role) {
				c.add(rule, k.page, "%s contains %s, want only %s", e.label(), k.label(), strings.Join(kids, ", "))
			}
		}
	}
}

func parentLabel(e *elem) string {
	if e.parent == nil {
		return "the StructTreeRoot"
	}
	return e.parent.label()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkTableStructure (09-004): Table > [Caption] (THead|TBody|TFoot)? > TR >
// TH|TD, and every row spans the same number of columns.
func checkTableStructure(c *checker) {
	if c.tree == nil {
		return
	}
	groups := []string{"Table", "THead", "TBody", "TFoot"}
	for _, e := range c.tree.all {
		switch e.role {
		case "Table":
			c.nesting("09-004", e, nil, []string{"TR", "THead", "TBody", "TFoot", "Caption"})
			c.tableColumns(e)
		case "THead", "TBody", "TFoot":
			c.nesting("09-004", e, []string{"Table"}, []string{"TR"})
		case "TR":
			c.nesting("09-004", e, groups, []string{"TH", "TD"})
		case "TH", "TD":
			c.nesting("09-004", e, []string{"TR"}, nil)
		}
	}
}

// tableColumns lays the rows out on a grid (honouring RowSpan and ColSpan)
// and reports rows that cover a different number of columns than the first.
func (c *checker) tableColumns(table *elem) {
	var rows []*elem
	for _, k := range table.kids {
		switch k.role {
		case "TR":
			rows = append(rows, k)
		case "THead", "TBody", "TFoot":
			for _, r := range k.kids {
				if r.role == "TR" {
					rows = append(rows, r)
				}
			}
		}
	}
	type cell struct{ row, col int }
	used := map[cell]bool{}
	width := make([]int, len(rows))
	for i, r := range rows {
		col := 0
		for _, k := range r.kids {
			for used[cell{i, col}] {
				col++
			}
			cs, rs := c.span(k, "ColSpan"), c.span(k, "RowSpan")
			for dr := 0; dr < rs && i+dr < len(rows); dr++ {
				for dc := 0; dc < cs; dc++ {
					used[cell{i + dr, col + dc}] = true
					width[i+dr]++
				}
			}
			col += cs
		}
	}
	for i := 1; i < len(rows); i++ {
		if width[i] != width[0] {
			c.add("09-004", rows[i].page, "%s: row %d covers %d columns, row 1 covers %d", table.label(), i+1, width[i], width[0])
		}
	}
}

func (c *checker) span(e *elem, key string) int {
	if v, ok := c.attr(e, key); ok {
		if n, ok := c.integer(v); ok && n > 0 && n < 1000 {
			return n
		}
	}
	return 1
}

// checkListStructure (09-005): L > LI > Lbl|LBody.
func checkListStructure(c *checker) {
	if c.tree == nil {
		return
	}
	for _, e := range c.tree.all {
		switch e.role {
		case "L":
			c.nesting("09-005", e, nil, []string{"LI", "L", "Caption"})
		case "LI":
			c.nesting("09-005", e, []string{"L"}, []string{"Lbl", "LBody"})
		case "LBody":
			c.nesting("09-005", e, []string{"LI"}, nil)
		}
	}
}

// checkTOCStructure (09-006): TOC > TOCI > Lbl|Reference|NonStruct|P|TOC.
func checkTOCStructure(c *checker) {
	if c.tree == nil {
		return
	}
	for _, e := range c.tree.all {
		switch e.role {
		case "TOC":
			c.nesting("09-006", e, nil, []string{"TOC", "TOCI", "Caption"})
		case "TOCI":
			c.nesting("09-006", e, []string{"TOC"}, []string{"Lbl", "Reference", "NonStruct", "P", "TOC"})
		}
	}
}

// checkElementLang (11-001): a /Lang on an element is a valid BCP 47 tag.
func checkElementLang(c *checker) {
	if c.tree == nil {
		return
	}
	for _, e := range c.tree.all {
		if o, ok := e.dict.lookup("Lang"); ok {
			if s, _ := c.text(o); !validLang(s) {
				c.add("11-001", e.page, "%s has /Lang %q, not a valid BCP 47 tag", e.label(), s)
			}
		}
	}
}

// checkNoteIDs (19-003, 19-004): every Note has an /ID, unique in the file,
// so references can point at it.
func checkNoteIDs(c *checker) {
	if c.tree == nil {
		return
	}
	seen := map[string]bool{}
	for _, e := range c.tree.all {
		if e.role != "Note" {
			continue
		}
		id, ok := c.text(e.dict.get("ID"))
		switch {
		case !ok || id == "":
			c.add("19-003", e.page, "%s has no /ID", e.label())
		case seen[id]:
			c.add("19-004", e.page, "%s repeats /ID %q", e.label(), id)
		}
		seen[id] = true
	}
}
