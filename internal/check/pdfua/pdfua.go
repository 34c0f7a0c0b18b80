// Package pdfua checks a PDF against the machine-checkable conditions of
// PDF/UA-1 (ISO 14289-1) as listed in the Matterhorn Protocol, plus a few
// rules of our own that the renderer promises (a Document root, balanced
// marked content, a consistent ParentTree, consistent outline counts).
//
// It is independent of the renderer: it reads the finished bytes back with
// its own lazy PDF reader (object.go, xref.go, filter.go) and parses content
// streams itself, so a bug in how the renderer records its structure cannot
// hide the same bug in the check. pdfcpu is used only to decrypt an
// encrypted file.
//
// It is not veraPDF: fonts are not opened (glyph presence is judged from
// CIDToGIDMap and ToUnicode), form XObjects are treated as single painting
// operations, and the human-judged checkpoints (reading order, whether alt
// text is meaningful) are out of reach.
package pdfua

import (
	"bytes"
	"fmt"
	"sort"

	"errors"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Finding is one violated condition.
type Finding struct {
	// Rule is a Matterhorn Protocol 1.1 failure-condition id ("01-005") or,
	// for conditions Matterhorn does not number, one of ours ("AF-…").
	Rule string
	// Page is 1-based; 0 means the document as a whole.
	Page int
	Msg  string
}

func (f Finding) String() string {
	if f.Page == 0 {
		return fmt.Sprintf("[%s] %s", f.Rule, f.Msg)
	}
	return fmt.Sprintf("[%s] page %d: %s", f.Rule, f.Page, f.Msg)
}

// Our own rule ids, for conditions the Matterhorn Protocol does not number.
const (
	RuleMarkInfo      = "AF-MARKINFO"       // catalog /MarkInfo <</Marked true>>
	RuleStructTree    = "AF-STRUCTTREE"     // catalog /StructTreeRoot present and well formed
	RuleDocumentRoot  = "AF-DOCUMENT"       // the tree has one root element, Document
	RuleStructParents = "AF-STRUCTPARENTS"  // every page has /StructParents
	RuleContentSyntax = "AF-CONTENT-SYNTAX" // a content stream cannot be parsed
	RuleBalance       = "AF-MC-BALANCE"     // BDC/BMC and EMC balanced per page
	RuleMCIDUnique    = "AF-MCID-UNIQUE"    // an MCID is used once per page
	RuleParentTree    = "AF-PARENTTREE"     // MCID/annotation ↔ ParentTree ↔ element agree
	RuleMCR           = "AF-MCR"            // every MCR/OBJR in the tree points at something real
	RuleAnnotIndirect = "AF-ANNOT-INDIRECT" // annotations are indirect objects (OBJR needs it)
	RuleOutlineCount  = "AF-OUTLINE-COUNT"  // outline /Count values match the items
)

// Rules describes every rule id a Finding can carry.
var Rules = map[string]string{
	"01-003": "Artifact inside tagged content",
	"01-004": "tagged content inside an Artifact",
	"01-005": "painting operator outside tagged content and Artifacts",
	"01-007": "MarkInfo /Suspects is true",
	"02-001": "structure type neither standard nor role-mapped to one",
	"02-003": "circular RoleMap",
	"02-004": "standard structure type remapped",
	"06-001": "no XMP metadata stream in the catalog",
	"06-002": "XMP lacks pdfuaid:part 1",
	"06-003": "XMP lacks dc:title",
	"07-001": "ViewerPreferences lacks DisplayDocTitle",
	"07-002": "DisplayDocTitle is false",
	"09-004": "table structure (Table/THead/TBody/TFoot/TR/TH/TD) malformed or rows inconsistent",
	"09-005": "list structure (L/LI/Lbl/LBody) malformed",
	"09-006": "TOC structure (TOC/TOCI) malformed",
	"10-001": "character code without Unicode mapping",
	"11-001": "missing or invalid BCP 47 /Lang (catalog or element)",
	"13-004": "Figure without /Alt",
	"14-002": "first numbered heading is not H1",
	"14-003": "heading level skipped",
	"14-007": "both H and H1–H6 used",
	"15-003": "TH without /Scope",
	"19-003": "Note without /ID",
	"19-004": "Note /ID not unique",
	"28-002": "annotation not in an Annot element",
	"28-004": "annotation without /Contents or /Alt",
	"28-008": "page without /Tabs",
	"28-009": "page /Tabs is not /S",
	"28-011": "Link annotation not in a Link element (OBJR, StructParent)",
	"28-012": "Link annotation without /Contents",
	"31-004": "CIDToGIDMap neither stream nor /Identity",
	"31-005": "CIDFontType2 without CIDToGIDMap",
	"31-009": "font program not embedded",
	"31-027": "font without ToUnicode (where required)",
	"31-028": "ToUnicode maps a used code to U+0000",
	"31-029": "ToUnicode maps a used code to U+FEFF/U+FFFE",
	"31-030": ".notdef glyph used",

	RuleMarkInfo:      "catalog /MarkInfo /Marked is not true",
	RuleStructTree:    "no usable /StructTreeRoot",
	RuleDocumentRoot:  "structure tree root is not a single Document element",
	RuleStructParents: "page without /StructParents",
	RuleContentSyntax: "content stream cannot be parsed",
	RuleBalance:       "BMC/BDC and EMC unbalanced on a page",
	RuleMCIDUnique:    "MCID used twice on a page",
	RuleParentTree:    "MCID or annotation not reachable through the ParentTree to the element that owns it",
	RuleMCR:           "MCR/OBJR in the tree names content that does not exist",
	RuleAnnotIndirect: "annotation written as a direct object",
	RuleOutlineCount:  "outline /Count inconsistent",
}

// Check reads pdf and returns every violation found, in a stable order. An
// empty result means every checked condition holds. The error is reserved for
// files that cannot be read as PDF at all.
func Check(pdf []byte) (findings []Finding, err error) {
	c, err := run(pdf, false)
	if err != nil {
		return nil, err
	}
	if c.findings == nil {
		return []Finding{}, nil
	}
	return c.findings, nil
}

// run reads pdf and applies every rule. With withText, the text shown inside
// the elements Read decodes is kept while the pages are scanned.
func run(pdf []byte, withText bool) (c *checker, err error) {
	phase := "reading the file"
	defer func() {
		// Hostile input must give an error, never a crash; a panic here is
		// a bug in the checker, and says so (the fuzz targets look for it).
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("pdfua: internal error in the checker (%s): %v", phase, r)
		}
	}()
	f, err := openPDF(pdf)
	if errors.Is(err, errEncrypted) {
		// Encrypted with the empty user password (as PDF/UA allows, to
		// restrict editing): pdfcpu decrypts, we read the result.
		var plain bytes.Buffer
		conf := model.NewDefaultConfiguration()
		conf.ValidationMode = model.ValidationRelaxed
		if derr := decrypt(pdf, &plain, conf); derr != nil {
			return nil, fmt.Errorf("pdfua: read: the file is encrypted and cannot be opened without a password: %v", derr)
		}
		f, err = openPDF(plain.Bytes())
	}
	if err != nil {
		return nil, fmt.Errorf("pdfua: read: %w", err)
	}
	phase = "the checker"
	c = &checker{f: f, pageOf: newByNumber[int](f), fonts: map[string]*usedFont{}}
	if err := c.load(withText); err != nil {
		return nil, fmt.Errorf("pdfua: %w", err)
	}
	for _, rule := range rules {
		rule(c)
	}
	sort.SliceStable(c.findings, func(i, j int) bool {
		a, b := c.findings[i], c.findings[j]
		if a.Page != b.Page {
			return a.Page < b.Page
		}
		return a.Rule < b.Rule
	})
	return c, nil
}

// decrypt is pdfcpu's decryption, whose panics on malformed encryption
// dictionaries become errors.
func decrypt(pdf []byte, w io.Writer, conf *model.Configuration) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed encryption: %v", r)
		}
	}()
	return api.Decrypt(bytes.NewReader(pdf), w, conf)
}

// pdfcpu keeps its configuration directory in a package variable that
// NewDefaultConfiguration reads: setting it in init, before any goroutine
// exists, keeps concurrent Checks race-free (and keeps pdfcpu from creating
// ~/.config/pdfcpu).
func init() { api.DisableConfigDir() }

// rules runs in this order; each is one condition (or one tight family),
// documented where it is defined.
var rules = []func(*checker){
	checkMarkInfo,
	checkSuspects,
	checkLang,
	checkMetadata,
	checkDisplayDocTitle,
	checkStructTreeRoot,
	checkDocumentRoot,
	checkPageTabs,
	checkPageStructParents,
	checkContentSyntax,
	checkMarkedContentBalance,
	checkUntaggedPainting,
	checkArtifactNesting,
	checkMCIDUnique,
	checkMCIDsReachable,
	checkMCRsExist,
	checkRoleMap,
	checkHeadings,
	checkTHScope,
	checkFigureAlt,
	checkTableStructure,
	checkListStructure,
	checkTOCStructure,
	checkNoteIDs,
	checkElementLang,
	checkAnnotsIndirect,
	checkLinkAnnots,
	checkOtherAnnots,
	checkFontsEmbedded,
	checkFontsToUnicode,
	checkNotdef,
	checkUnicodeMapping,
	checkOutlineCounts,
}

type checker struct {
	f        *pdfFile
	catalog  Dict
	pages    []*page
	pageOf   *byNumber[int] // page object number → 1-based page number
	tree     *structTree    // nil when there is no usable StructTreeRoot
	fonts    map[string]*usedFont
	findings []Finding

	lastFont   fontOnPage // see noteFontUse
	keepHere   mcidSet    // see scanContent
	annotsRead bool       // annotList is made
	annotList  []annot
	ownerMap   map[int][]*elem // see owners

	elemLexer lexer    // see readQuickElem
	pageLexer lexer    // see scanContent
	textBlock []byte   // see keepText
	kidStack  []kid    // the /K kids of the elements being read, innermost last
	kidObjs   []Object // those kids that are neither MCIDs nor references
	nums      []int    // see refArray
}

func (c *checker) add(rule string, pg int, format string, args ...any) {
	c.findings = append(c.findings, Finding{Rule: rule, Page: pg, Msg: fmt.Sprintf(format, args...)})
}

// load reads the page tree, then the structure tree, then each page's
// content in turn: a page's operators are dropped once the page is scanned,
// keeping only what the rules need (marked-content ids, the codes each font
// showed, and the text of the elements Read decodes).
func (c *checker) load(withText bool) error {
	cat, ok := c.f.get(c.f.trailer.get("Root")).(Dict)
	if !ok {
		return fmt.Errorf("catalog: trailer /Root is not a dictionary")
	}
	c.catalog = cat
	leaves, err := c.walkPageTree()
	if err != nil {
		return fmt.Errorf("page tree: %w", err)
	}
	for i, l := range leaves {
		p := &page{n: i + 1, dict: l.dict, objNr: l.objNr, resources: l.resources}
		if l.objNr != 0 {
			c.pageOf.set(l.objNr, p.n)
		}
		c.pages = append(c.pages, p)
	}
	c.tree = c.loadStructTree()
	var keep map[int][]int
	if withText && c.tree != nil {
		keep = c.tree.textMCRs()
	}
	for _, p := range c.pages {
		c.scanContent(p, keep)
	}
	return nil
}

// ---- small dereferencing helpers that never fail loudly ----

func (c *checker) deref(o Object) Object { return c.f.get(o) }

func (c *checker) dict(o Object) Dict {
	switch v := c.deref(o).(type) {
	case Dict:
		return v
	case *Stream:
		return v.Dict
	}
	return nil
}

// dictTransient is dict for an object read once and dropped: not kept in
// the cache, and (when not cached already) parsed into the transient arenas,
// so the caller takes c.f.objs.mark() before and releases it when done.
func (c *checker) dictTransient(o Object) Dict {
	switch v := c.f.getTransient(o).(type) {
	case Dict:
		return v
	case *Stream:
		return v.Dict
	}
	return nil
}

func (c *checker) array(o Object) Array {
	a, _ := c.deref(o).(Array)
	return a
}

func (c *checker) name(o Object) string {
	n, _ := c.deref(o).(Name)
	return string(n)
}

func (c *checker) integer(o Object) (int, bool) {
	i, ok := c.deref(o).(Integer)
	return int(i), ok
}

func (c *checker) boolean(o Object) (value, ok bool) {
	b, ok := c.deref(o).(Boolean)
	return bool(b), ok
}

func (c *checker) text(o Object) (string, bool) {
	s, ok := c.deref(o).(String)
	if !ok {
		return "", false
	}
	return textString(s), true
}

// stream returns the decoded bytes of a stream object.
func (c *checker) stream(o Object) ([]byte, Dict, error) {
	s, ok := c.deref(o).(*Stream)
	if !ok {
		return nil, nil, fmt.Errorf("not a stream")
	}
	data, err := c.f.decode(s)
	if err != nil {
		return nil, s.Dict, err
	}
	return data, s.Dict, nil
}

// objNr is the object number behind an indirect reference, or 0.
func objNr(o Object) int {
	if r, ok := o.(Ref); ok {
		return r.Num
	}
	return 0
}
