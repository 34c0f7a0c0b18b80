package pdfua

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// pageTreeFixture is a catalog (1), the page tree objects given, and one
// content stream (99) every page shares.
func pageTreeFixture(tree map[int]string) *fixture {
	f := &fixture{objs: map[int]string{1: "<</Type /Catalog /Pages 2 0 R>>", 99: ""},
		streams: map[int]string{99: "0 0 m 1 1 l S"}}
	for n, s := range tree {
		f.objs[n] = s
	}
	return f
}

func pageObj(parent int, extra string) string {
	return fmt.Sprintf("<</Type /Page /Parent %d 0 R /MediaBox [0 0 10 10] /Contents 99 0 R%s>>", parent, extra)
}

// TestPageTreeWalkMatchesPdfcpu: our page walk gives, page by page, what
// pdfcpu's PageDict gives (object number, resources in effect) on well-formed
// trees, pdfcpu serving as an independent reader; on malformed ones it gives
// the pages a viewer would show (or an error for a cycle), never a panic.
func TestPageTreeWalkMatchesPdfcpu(t *testing.T) {
	flat := map[int]string{}
	var kids []string
	for i := 0; i < 40; i++ {
		kids = append(kids, fmt.Sprintf("%d 0 R", 10+i))
		flat[10+i] = pageObj(2, fmt.Sprintf(" /Resources <</Font <</F%d 98 0 R>>>>", i))
	}
	flat[2] = fmt.Sprintf("<</Type /Pages /Kids [%s] /Count 40>>", strings.Join(kids, " "))
	flat[98] = "<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>"

	nested := map[int]string{
		2:  "<</Type /Pages /Kids [3 0 R 10 0 R 4 0 R] /Count 4 /Resources <</Font <</FR 98 0 R>>>>>>",
		3:  "<</Type /Pages /Parent 2 0 R /Kids [11 0 R 12 0 R] /Count 2 /Resources <</Font <</FN 98 0 R>>>> /Rotate 90>>",
		4:  "<</Parent 2 0 R /Kids [13 0 R] /Count 1>>", // untyped: pdfcpu's relaxed mode takes it for /Pages
		10: pageObj(2, ""),
		11: pageObj(3, ""),
		12: pageObj(3, " /Resources <</Font <</FP 98 0 R>>>>"),
		13: pageObj(4, ""),
		98: "<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>",
	}
	cases := []struct {
		name  string
		tree  map[int]string
		fast  bool // well formed: pdfcpu must agree
		pages int  // what our walk finds; -1 for an error
	}{
		{"flat", flat, true, 40},
		{"nested with inherited resources", nested, true, 4},
		{"single page", map[int]string{2: "<</Type /Pages /Kids [10 0 R] /Count 1>>", 10: pageObj(2, "")}, true, 1},
		{"Count too high", map[int]string{2: "<</Type /Pages /Kids [10 0 R 11 0 R] /Count 3>>", 10: pageObj(2, ""), 11: pageObj(2, "")}, false, 2},
		{"inner Count wrong", map[int]string{2: "<</Type /Pages /Kids [3 0 R 11 0 R] /Count 3>>",
			3: "<</Type /Pages /Kids [10 0 R] /Count 2>>", 10: pageObj(3, ""), 11: pageObj(2, ""), 12: pageObj(2, "")}, false, 2},
		{"untyped leaf", map[int]string{2: "<</Type /Pages /Kids [10 0 R 11 0 R] /Count 2>>", 10: pageObj(2, ""),
			11: "<</Parent 2 0 R /MediaBox [0 0 10 10] /Contents 99 0 R>>"}, false, 2},
		{"short MediaBox", map[int]string{2: "<</Type /Pages /Kids [10 0 R] /Count 1 /MediaBox [0 0]>>", 10: pageObj(2, "")}, false, 1},
		{"kid is the parent", map[int]string{2: "<</Type /Pages /Kids [10 0 R 2 0 R] /Count 2>>", 10: pageObj(2, "")}, false, -1},
		{"direct page dictionary", map[int]string{2: "<</Type /Pages /Kids [10 0 R <</Type /Page /Contents 99 0 R>>] /Count 2>>",
			10: pageObj(2, "")}, false, 2},
		{"kid names nothing", map[int]string{2: "<</Type /Pages /Kids [10 0 R 77 0 R] /Count 2>>", 10: pageObj(2, "")}, false, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pdf := pageTreeFixture(tc.tree).bytes()
			f, err := openPDF(pdf)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			c := &checker{f: f}
			c.catalog, _ = f.get(f.trailer.get("Root")).(Dict)
			leaves, err := c.walkPageTree()
			if tc.pages < 0 {
				if err == nil {
					t.Fatalf("want an error, got %d pages", len(leaves))
				}
				return
			}
			if err != nil {
				t.Fatalf("walk: %v", err)
			}
			if len(leaves) != tc.pages {
				t.Fatalf("%d pages, want %d", len(leaves), tc.pages)
			}
			if !tc.fast {
				return
			}
			conf := model.NewDefaultConfiguration()
			conf.ValidationMode = model.ValidationRelaxed
			ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
			if err != nil {
				t.Fatalf("pdfcpu read: %v", err)
			}
			if err := ctx.EnsurePageCount(); err != nil {
				t.Fatalf("page count: %v", err)
			}
			if len(leaves) != ctx.PageCount {
				t.Fatalf("%d leaves for pdfcpu's %d pages", len(leaves), ctx.PageCount)
			}
			for i, l := range leaves {
				d, ref, inh, err := ctx.PageDict(i+1, false)
				if err != nil {
					t.Fatalf("pdfcpu page %d: %v", i+1, err)
				}
				if l.objNr != int(ref.ObjectNumber) {
					t.Errorf("page %d: walk found %d 0 R, pdfcpu %s", i+1, l.objNr, ref)
				}
				if got, want := len(l.dict), len(d); got != want {
					t.Errorf("page %d: %d keys, pdfcpu %d", i+1, got, want)
				}
				if got, want := dictKeys(c.dict(l.resources.get("Font"))), sortedKeys(inh.Resources.DictEntry("Font")); got != want {
					t.Errorf("page %d: resources %s, pdfcpu %s", i+1, got, want)
				}
			}
		})
	}
}

func sortedKeys[M ~map[string]V, V any](m M) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, " ")
}

// dictKeys is sortedKeys for our Dict: each key once.
func dictKeys(d Dict) string {
	m := map[string]bool{}
	for _, kv := range d {
		m[kv.Key] = true
	}
	return sortedKeys(m)
}
