package pdfua

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/testutil"
)

func check(t *testing.T, f *fixture) []Finding {
	t.Helper()
	got, err := Check(f.bytes())
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return got
}

func TestGoodFixturePasses(t *testing.T) {
	got := check(t, goodFixture())
	if len(got) != 0 {
		t.Fatalf("want no findings, got:\n%s", dump(got))
	}
	if got == nil {
		t.Fatal("want an empty, non-nil slice for a pass")
	}
}

// The fixture itself must be a sound PDF, or "passes" means little.
func TestGoodFixtureIsValidPDF(t *testing.T) {
	qpdf := testutil.Tool(t, "qpdf")
	path := filepath.Join(t.TempDir(), "fixture.pdf")
	if err := os.WriteFile(path, goodFixture().bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(qpdf, "--check", path).CombinedOutput()
	if err != nil || strings.Contains(string(out), "WARNING") {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

func dump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.String() + "\n")
	}
	return b.String()
}

// Variations the checker must accept: other legal ways to write the same thing.
func TestAcceptsEquivalentForms(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(t *testing.T, f *fixture)
	}{
		{"MCID in a named property list", func(t *testing.T, f *fixture) {
			f.set(t, 4, "/P <</MCID 1>> BDC", "/P /MC1 BDC")
			f.set(t, 3, "/Resources <<", "/Resources <</Properties <</MC1 <</MCID 1>>>> ")
		}},
		{"MCR dictionary instead of integer", func(t *testing.T, f *fixture) {
			f.set(t, 22, "/K 0", "/K <</Type /MCR /MCID 0 /Pg 3 0 R>>")
		}},
		{"role-mapped custom type", func(t *testing.T, f *fixture) {
			f.set(t, 35, "/S /H2", "/S /Subheading")
			f.set(t, 20, "/ParentTree", "/RoleMap <</Subheading /H2>> /ParentTree")
		}},
		{"inline image and tricky strings inside tagged content", func(t *testing.T, f *fixture) {
			f.set(t, 4, "q 0 0 1 rg", "q 10 0 0 10 72 600 cm BI /W 2 /H 1 /CS /G /BPC 8 ID \x00E \nEI Q q (a\\)b\\(c) pop <0 0 1> pop 0 0 1 rg")
		}},
		{"TBody/THead groups and a span that keeps rows even", func(t *testing.T, f *fixture) {
			f.objs[37] = "<</Type /StructElem /S /THead /P 26 0 R /K [27 0 R]>>"
			f.set(t, 26, "/K [27 0 R 29 0 R]", "/K [37 0 R 29 0 R]")
			f.set(t, 27, "/P 26 0 R", "/P 37 0 R")
			f.set(t, 28, "/Scope /Column", "/Scope /Column /RowSpan 1 /ColSpan 1")
		}},
		{"closed outline item", func(t *testing.T, f *fixture) {
			f.set(t, 51, "/Count 1", "/Count -1")
			f.set(t, 50, "/Count 2", "/Count 1")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := goodFixture()
			tc.mutate(t, f)
			if got := check(t, f); len(got) != 0 {
				t.Fatalf("want no findings, got:\n%s", dump(got))
			}
		})
	}
}

// brokenCases breaks the good fixture in one place each; every rule id in
// Rules must appear as the expected result of at least one case.
var brokenCases = []struct {
	name   string
	rule   string
	page   int
	mutate func(t *testing.T, f *fixture)
}{
	{"MarkInfo missing", RuleMarkInfo, 0, func(t *testing.T, f *fixture) { f.set(t, 1, "/MarkInfo <</Marked true>> ", "") }},
	{"MarkInfo false", RuleMarkInfo, 0, func(t *testing.T, f *fixture) { f.set(t, 1, "/Marked true", "/Marked false") }},
	{"Suspects true", "01-007", 0, func(t *testing.T, f *fixture) { f.set(t, 1, "/Marked true", "/Marked true /Suspects true") }},
	{"Lang missing", "11-001", 0, func(t *testing.T, f *fixture) { f.set(t, 1, "/Lang (en-GB) ", "") }},
	{"Lang invalid", "11-001", 0, func(t *testing.T, f *fixture) { f.set(t, 1, "(en-GB)", "(English please)") }},
	{"element Lang invalid", "11-001", 1, func(t *testing.T, f *fixture) { f.set(t, 23, "/S /P", "/S /P /Lang (cy_GB!)") }},
	{"Metadata missing", "06-001", 0, func(t *testing.T, f *fixture) { f.set(t, 1, "/Metadata 9 0 R ", "") }},
	{"Metadata not XML", "06-001", 0, func(t *testing.T, f *fixture) { f.set(t, 9, "</x:xmpmeta>", "</x:wrong>") }},
	{"pdfuaid:part missing", "06-002", 0, func(t *testing.T, f *fixture) { f.set(t, 9, "<pdfuaid:part>1</pdfuaid:part>", "") }},
	{"pdfuaid:part 2", "06-002", 0, func(t *testing.T, f *fixture) { f.set(t, 9, "<pdfuaid:part>1<", "<pdfuaid:part>2<") }},
	{"dc:title missing", "06-003", 0, func(t *testing.T, f *fixture) { f.set(t, 9, "Fixture title", " ") }},
	{"DisplayDocTitle missing", "07-001", 0, func(t *testing.T, f *fixture) { f.set(t, 1, "/ViewerPreferences <</DisplayDocTitle true>> ", "") }},
	{"DisplayDocTitle false", "07-002", 0, func(t *testing.T, f *fixture) { f.set(t, 1, "/DisplayDocTitle true", "/DisplayDocTitle false") }},
	{"StructTreeRoot missing", RuleStructTree, 0, func(t *testing.T, f *fixture) { f.set(t, 1, "/StructTreeRoot 20 0 R ", "") }},
	{"element reached twice", RuleStructTree, 0, func(t *testing.T, f *fixture) { f.set(t, 21, "35 0 R 38 0 R]", "35 0 R 35 0 R 38 0 R]") }},
	{"root is not Document", RuleDocumentRoot, 0, func(t *testing.T, f *fixture) { f.set(t, 21, "/S /Document", "/S /Sect") }},
	{"two root elements", RuleDocumentRoot, 0, func(t *testing.T, f *fixture) { f.set(t, 20, "/K 21 0 R", "/K [21 0 R 52 0 R]") }},
	{"Tabs missing", "28-008", 1, func(t *testing.T, f *fixture) { f.set(t, 3, "/Tabs /S ", "") }},
	{"Tabs row order", "28-009", 1, func(t *testing.T, f *fixture) { f.set(t, 3, "/Tabs /S", "/Tabs /R") }},
	{"StructParents missing", RuleStructParents, 1, func(t *testing.T, f *fixture) { f.set(t, 3, "/StructParents 0 ", "") }},
	{"content syntax error", RuleContentSyntax, 1, func(t *testing.T, f *fixture) { f.streams[4] += "(unterminated" }},
	{"EMC missing", RuleBalance, 1, func(t *testing.T, f *fixture) { f.set(t, 4, "Tj ET EMC\n/Artifact <<", "Tj ET\n/Artifact <<") }},
	{"stray EMC", RuleBalance, 1, func(t *testing.T, f *fixture) { f.streams[4] += "EMC\n" }},
	{"line drawn outside marked content", "01-005", 1, func(t *testing.T, f *fixture) { f.streams[4] += "72 300 m 100 300 l S\n" }},
	{"text outside marked content", "01-005", 1, func(t *testing.T, f *fixture) {
		f.streams[4] += "BT /F1 12 Tf 72 300 Td <0041> Tj ET\n"
	}},
	{"inline image outside marked content", "01-005", 1, func(t *testing.T, f *fixture) {
		f.streams[4] += "q BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q\n"
	}},
	{"text inside a non-MCID span only", "01-005", 1, func(t *testing.T, f *fixture) {
		f.streams[4] += "/Span <</Lang (cy)>> BDC BT /F1 12 Tf 72 300 Td <0041> Tj ET EMC\n"
	}},
	{"Artifact inside tagged content", "01-003", 1, func(t *testing.T, f *fixture) {
		f.set(t, 4, "q 0 0 1 rg", "/Artifact BMC 0 0 m 1 1 l S EMC q 0 0 1 rg")
	}},
	{"tagged content inside Artifact", "01-004", 1, func(t *testing.T, f *fixture) {
		f.set(t, 4, "72 540 200 40 re S EMC", "72 540 200 40 re S /Span <</MCID 9>> BDC EMC EMC")
	}},
	{"MCID used twice", RuleMCIDUnique, 1, func(t *testing.T, f *fixture) { f.set(t, 4, "/H2 <</MCID 8>>", "/H2 <</MCID 7>>") }},
	{"ParentTree points at wrong element", RuleParentTree, 1, func(t *testing.T, f *fixture) {
		f.set(t, 36, "[22 0 R 23 0 R", "[23 0 R 22 0 R")
	}},
	{"ParentTree array too short", RuleParentTree, 1, func(t *testing.T, f *fixture) { f.set(t, 36, " 38 0 R]", "]") }},
	{"ParentTree has no entry for the page", RuleParentTree, 1, func(t *testing.T, f *fixture) { f.set(t, 3, "/StructParents 0", "/StructParents 7") }},
	{"MCR names missing MCID", RuleMCR, 0, func(t *testing.T, f *fixture) { f.set(t, 35, "/K 8", "/K [8 42]") }},
	{"OBJR names nothing", RuleMCR, 0, func(t *testing.T, f *fixture) { f.set(t, 24, "/Obj 40 0 R /Pg", "/Obj 99 0 R /Pg") }},
	{"non-standard type without RoleMap", "02-001", 0, func(t *testing.T, f *fixture) { f.set(t, 35, "/S /H2", "/S /Subheading") }},
	{"circular RoleMap", "02-003", 0, func(t *testing.T, f *fixture) {
		f.set(t, 35, "/S /H2", "/S /A")
		f.set(t, 20, "/ParentTree", "/RoleMap <</A /B /B /A>> /ParentTree")
	}},
	{"standard type remapped", "02-004", 0, func(t *testing.T, f *fixture) { f.set(t, 20, "/ParentTree", "/RoleMap <</P /Span>> /ParentTree") }},
	{"first heading not H1", "14-002", 1, func(t *testing.T, f *fixture) { f.set(t, 22, "/S /H1", "/S /H2") }},
	{"heading level skipped", "14-003", 1, func(t *testing.T, f *fixture) { f.set(t, 35, "/S /H2", "/S /H3") }},
	{"H mixed with Hn", "14-007", 0, func(t *testing.T, f *fixture) { f.set(t, 35, "/S /H2", "/S /H") }},
	{"TH without Scope", "15-003", 1, func(t *testing.T, f *fixture) { f.set(t, 28, " /Scope /Column", "") }},
	{"TH with bad Scope", "15-003", 1, func(t *testing.T, f *fixture) { f.set(t, 28, "/Scope /Column", "/Scope /Sideways") }},
	{"Figure without Alt", "13-004", 1, func(t *testing.T, f *fixture) { f.set(t, 25, "/Alt (A blue square) ", "") }},
	{"Figure with empty Alt", "13-004", 1, func(t *testing.T, f *fixture) { f.set(t, 25, "(A blue square)", "( )") }},
	{"TH outside TR", "09-004", 1, func(t *testing.T, f *fixture) { f.set(t, 27, "/S /TR", "/S /Sect") }},
	{"TD directly in Table", "09-004", 1, func(t *testing.T, f *fixture) { f.set(t, 26, "/K [27 0 R 29 0 R]", "/K [27 0 R 30 0 R]") }},
	{"rows of different widths", "09-004", 1, func(t *testing.T, f *fixture) { f.set(t, 30, "/S /TD", "/S /TD /A <</O /Table /ColSpan 2>>") }},
	{"P directly in L", "09-005", 1, func(t *testing.T, f *fixture) { f.set(t, 32, "/S /LI", "/S /P") }},
	{"P directly in LI", "09-005", 1, func(t *testing.T, f *fixture) { f.set(t, 33, "/S /Lbl", "/S /P") }},
	{"TOC holding LI", "09-006", 1, func(t *testing.T, f *fixture) { f.set(t, 31, "/S /L", "/S /TOC") }},
	{"Note without ID", "19-003", 1, func(t *testing.T, f *fixture) { f.set(t, 38, "/ID (fn1) ", "") }},
	{"Note ID repeated", "19-004", 1, func(t *testing.T, f *fixture) {
		f.objs[39] = "<</Type /StructElem /S /Note /ID (fn1) /P 21 0 R /Pg 3 0 R>>"
		f.set(t, 21, "38 0 R]", "38 0 R 39 0 R]")
	}},
	{"annotation written direct", RuleAnnotIndirect, 1, func(t *testing.T, f *fixture) {
		f.set(t, 3, "/Annots [40 0 R]", "/Annots [40 0 R <</Type /Annot /Subtype /Link /Rect [0 0 1 1] /Contents (x)>>]")
	}},
	{"Link annotation without Contents", "28-012", 1, func(t *testing.T, f *fixture) { f.set(t, 40, " /Contents (Read the guide)", "") }},
	{"Link annotation without OBJR", "28-011", 1, func(t *testing.T, f *fixture) { f.set(t, 24, " <</Type /OBJR /Obj 40 0 R /Pg 3 0 R>>", "") }},
	{"Link annotation without StructParent", "28-011", 1, func(t *testing.T, f *fixture) { f.set(t, 40, " /StructParent 1", "") }},
	{"Link OBJR from a P, not a Link", "28-011", 1, func(t *testing.T, f *fixture) { f.set(t, 24, "/S /Link", "/S /Span") }},
	{"Link annotation ParentTree entry wrong", RuleParentTree, 1, func(t *testing.T, f *fixture) { f.set(t, 36, "1 24 0 R", "1 23 0 R") }},
	{"Text annotation outside Annot element", "28-002", 1, func(t *testing.T, f *fixture) {
		f.objs[41] = "<</Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (Note)>>"
		f.set(t, 3, "/Annots [40 0 R]", "/Annots [40 0 R 41 0 R]")
	}},
	{"Text annotation without Contents", "28-004", 1, func(t *testing.T, f *fixture) {
		f.objs[41] = "<</Type /Annot /Subtype /Text /Rect [0 0 10 10]>>"
		f.set(t, 3, "/Annots [40 0 R]", "/Annots [40 0 R 41 0 R]")
	}},
	{"font not embedded", "31-009", 1, func(t *testing.T, f *fixture) { f.set(t, 7, " /FontFile2 8 0 R", "") }},
	{"font without descriptor", "31-009", 1, func(t *testing.T, f *fixture) { f.set(t, 6, " /FontDescriptor 7 0 R", "") }},
	{"CIDToGIDMap missing", "31-005", 1, func(t *testing.T, f *fixture) { f.set(t, 6, " /CIDToGIDMap /Identity", "") }},
	{"CIDToGIDMap bad name", "31-004", 1, func(t *testing.T, f *fixture) { f.set(t, 6, "/CIDToGIDMap /Identity", "/CIDToGIDMap /Other") }},
	{"Type0 without ToUnicode", "31-027", 1, func(t *testing.T, f *fixture) { f.set(t, 5, " /ToUnicode 10 0 R", "") }},
	{"simple font without ToUnicode or standard encoding", "31-027", 1, func(t *testing.T, f *fixture) {
		f.objs[11] = "<</Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Fixture /FontDescriptor 7 0 R /FirstChar 32 /LastChar 126>>"
		f.set(t, 3, "/F1 5 0 R", "/F1 5 0 R /F2 11 0 R")
		f.set(t, 4, "/F1 9 Tf", "/F2 9 Tf")
	}},
	{".notdef from CIDToGIDMap", "31-030", 1, func(t *testing.T, f *fixture) {
		gids := make([]byte, 2*0x100)
		for cid := 1; cid < 0x100; cid++ {
			if cid != 'x' { // "Fixture" then draws glyph 0
				gids[2*cid+1] = byte(cid)
			}
		}
		f.objs[11], f.streams[11] = "", string(gids)
		f.set(t, 6, "/CIDToGIDMap /Identity", "/CIDToGIDMap 11 0 R")
	}},
	{"code without Unicode", "10-001", 1, func(t *testing.T, f *fixture) { f.set(t, 10, "<0020> <00FF> <0020>", "<0041> <00FF> <0041>") }},
	{"code mapped to U+0000", "31-028", 1, func(t *testing.T, f *fixture) {
		f.set(t, 10, "1 beginbfrange", "1 beginbfchar\n<0046> <0000>\nendbfchar\n1 beginbfrange")
	}},
	{"code mapped to U+FEFF", "31-029", 1, func(t *testing.T, f *fixture) {
		f.set(t, 10, "1 beginbfrange", "1 beginbfchar\n<0046> <FEFF>\nendbfchar\n1 beginbfrange")
	}},
	{"outline item Count 0 with children", RuleOutlineCount, 0, func(t *testing.T, f *fixture) { f.set(t, 51, "/Count 1", "/Count 0") }},
	{"outline root Count wrong", RuleOutlineCount, 0, func(t *testing.T, f *fixture) { f.set(t, 50, "/Count 2", "/Count 3") }},
	{"outline leaf with Count", RuleOutlineCount, 0, func(t *testing.T, f *fixture) { f.set(t, 52, "/Title", "/Count 2 /Title") }},
}

func TestEachRuleCanFail(t *testing.T) {
	for _, tc := range brokenCases {
		t.Run(tc.name, func(t *testing.T) {
			f := goodFixture()
			tc.mutate(t, f)
			got := check(t, f)
			for _, g := range got {
				if g.Rule == tc.rule && g.Page == tc.page {
					if _, ok := Rules[g.Rule]; !ok {
						t.Errorf("finding uses undocumented rule %q", g.Rule)
					}
					return
				}
			}
			t.Fatalf("want a [%s] finding on page %d, got:\n%s", tc.rule, tc.page, dump(got))
		})
	}
}

func TestEveryRuleHasAFailingCase(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range brokenCases {
		covered[tc.rule] = true
	}
	for id := range Rules {
		if !covered[id] {
			t.Errorf("rule %s (%s) has no test showing it can fail", id, Rules[id])
		}
	}
}

// Findings name only documented rules, whatever the input.
func TestFindingsUseDocumentedRules(t *testing.T) {
	for _, tc := range brokenCases {
		f := goodFixture()
		tc.mutate(t, f)
		for _, g := range check(t, f) {
			if _, ok := Rules[g.Rule]; !ok {
				t.Errorf("%s: finding %v uses an undocumented rule", tc.name, g)
			}
		}
	}
}

func TestNotAPDF(t *testing.T) {
	if _, err := Check([]byte("hello")); err == nil {
		t.Fatal("want an error for bytes that are not a PDF")
	}
}

func FuzzCheck(f *testing.F) {
	f.Add(goodFixture().bytes())
	for _, tc := range brokenCases[:10] {
		fx := goodFixture()
		tc.mutate(&testing.T{}, fx)
		f.Add(fx.bytes())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		// Must not hang or panic. pdfcpu's own panics on garbage are
		// recovered and reported as errors; one in our code is a bug.
		if _, err := Check(b); err != nil && strings.Contains(err.Error(), "internal error in the checker") {
			t.Fatal(err)
		}
	})
}

func FuzzParseContent(f *testing.F) {
	f.Add([]byte(goodFixture().streams[4]))
	f.Add([]byte("BI /W 1 ID x EI (a\\(b) <4142> [1 (x)] TJ << /A [1 2] >> BDC"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = parseContent(b)
	})
}
