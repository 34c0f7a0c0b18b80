// Package pdfua checks a PDF against the machine-checkable conditions of
// PDF/UA-1 (ISO 14289-1) as listed in the Matterhorn Protocol, plus a few
// rules of our own that the renderer promises (a Document root, balanced
// marked content, a consistent ParentTree, consistent outline counts).
//
// It is independent of the renderer: it reads the finished bytes back with
// pdfcpu and parses content streams itself, so a bug in how the renderer
// records its structure cannot hide the same bug in the check.
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

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
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

// pdfcpu keeps its configuration directory in a package variable that
// NewDefaultConfiguration reads: setting it in init, before any goroutine
// exists, keeps concurrent Checks race-free (and keeps pdfcpu from creating
// ~/.config/pdfcpu).
func init() { api.DisableConfigDir() }

// Check reads pdf and returns every violation found, in a stable order. An
// empty result means every checked condition holds. The error is reserved for
// files that cannot be read as PDF at all.
func Check(pdf []byte) (findings []Finding, err error) {
	c, err := run(pdf)
	if err != nil {
		return nil, err
	}
	if c.findings == nil {
		return []Finding{}, nil
	}
	return c.findings, nil
}

// run reads pdf and applies every rule.
func run(pdf []byte) (c *checker, err error) {
	phase := "pdfcpu reading the file"
	defer func() {
		// pdfcpu parses hostile input and panics on some of it (e.g. a
		// trailer without /Root); a checker must report, never crash.
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("pdfua: internal error in %s: %v", phase, r)
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
	if err != nil {
		return nil, fmt.Errorf("pdfua: read: %w", err)
	}
	if ctx.XRefTable.Root == nil {
		return nil, fmt.Errorf("pdfua: trailer has no /Root")
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, fmt.Errorf("pdfua: page tree: %w", err)
	}
	phase = "the checker"
	c = &checker{xt: ctx.XRefTable, pageOf: map[int]int{}}
	if err := c.load(); err != nil {
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
	xt       *model.XRefTable
	catalog  types.Dict
	pages    []*page
	pageOf   map[int]int // page object number → 1-based page number
	tree     *structTree // nil when there is no usable StructTreeRoot
	findings []Finding
}

func (c *checker) add(rule string, pg int, format string, args ...any) {
	c.findings = append(c.findings, Finding{Rule: rule, Page: pg, Msg: fmt.Sprintf(format, args...)})
}

// pageDict is pdfcpu's PageDict, whose panics on malformed page attributes
// (e.g. an empty /MediaBox array) become errors: they are the file's fault,
// not the checker's.
func pageDict(xt *model.XRefTable, i int) (d types.Dict, ref *types.IndirectRef, inh *model.InheritedPageAttrs, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed page object: %v", r)
		}
	}()
	return xt.PageDict(i, false)
}

func (c *checker) load() error {
	cat, err := c.xt.Catalog()
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	c.catalog = cat
	leaves, fast := c.walkPageTree()
	for i := 1; i <= c.xt.PageCount; i++ {
		var p *page
		if fast {
			l := leaves[i-1]
			p = &page{n: i, dict: l.dict, objNr: l.objNr, resources: l.resources}
		} else {
			d, ref, inh, err := pageDict(c.xt, i)
			if err != nil {
				return fmt.Errorf("page %d: %w", i, err)
			}
			p = &page{n: i, dict: d, objNr: int(ref.ObjectNumber)}
			if inh != nil {
				p.resources = inh.Resources
			}
		}
		c.pageOf[p.objNr] = i
		c.scanContent(p)
		c.pages = append(c.pages, p)
	}
	c.tree = c.loadStructTree()
	return nil
}

// ---- small dereferencing helpers that never fail loudly ----

func (c *checker) deref(o types.Object) types.Object {
	o, err := c.xt.Dereference(o)
	if err != nil {
		return nil
	}
	return o
}

func (c *checker) dict(o types.Object) types.Dict {
	switch v := c.deref(o).(type) {
	case types.Dict:
		return v
	case types.StreamDict:
		return v.Dict
	}
	return nil
}

func (c *checker) array(o types.Object) types.Array {
	a, _ := c.deref(o).(types.Array)
	return a
}

func (c *checker) name(o types.Object) string {
	n, _ := c.deref(o).(types.Name)
	return string(n)
}

func (c *checker) integer(o types.Object) (int, bool) {
	i, ok := c.deref(o).(types.Integer)
	return int(i), ok
}

func (c *checker) boolean(o types.Object) (value, ok bool) {
	b, ok := c.deref(o).(types.Boolean)
	return bool(b), ok
}

func (c *checker) text(o types.Object) (string, bool) {
	o = c.deref(o)
	switch o.(type) {
	case types.StringLiteral, types.HexLiteral:
		s, err := model.Text(o)
		return s, err == nil
	}
	return "", false
}

// stream returns the decoded bytes of a stream object.
func (c *checker) stream(o types.Object) ([]byte, types.Dict, error) {
	sd, _, err := c.xt.DereferenceStreamDict(o)
	if err != nil {
		return nil, nil, err
	}
	if sd == nil {
		return nil, nil, fmt.Errorf("not a stream")
	}
	if err := sd.Decode(); err != nil {
		return nil, sd.Dict, err
	}
	return sd.Content, sd.Dict, nil
}

// objNr is the object number behind an indirect reference, or 0.
func objNr(o types.Object) int {
	if r, ok := o.(types.IndirectRef); ok {
		return int(r.ObjectNumber)
	}
	if r, ok := o.(*types.IndirectRef); ok && r != nil {
		return int(r.ObjectNumber)
	}
	return 0
}
