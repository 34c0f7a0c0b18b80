package verify_test

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/diag"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
	"github.com/altformats/altformats/internal/verify"
)

// outputs renders d in every format, as the build does.
func outputs(t testing.TB, d *doc.Document) []verify.NamedFile {
	t.Helper()
	outs, err := build.RenderDoc(d, build.Formats(), render.Options{Generator: "altformats test"})
	if err != nil {
		t.Fatal(err)
	}
	var fs []verify.NamedFile
	for _, o := range outs {
		fs = append(fs, verify.NamedFile{Name: o.Name, Data: o.Data})
	}
	return fs
}

func errorsOf(rep *verify.DocReport) []string {
	var out []string
	for _, r := range rep.Files {
		for _, f := range r.Findings {
			if f.Severity == doc.Error {
				out = append(out, f.Line(r.Name))
			}
		}
	}
	return out
}

// Every format the tool writes passes every check and says the same as the
// model, for both shared cases.
func TestOwnOutputsPass(t *testing.T) {
	for name, d := range testutil.Cases(t) {
		files := outputs(t, d)
		rep := verify.Document(d, files)
		for _, e := range errorsOf(rep) {
			t.Errorf("%s: %s", name, e)
		}
		if len(rep.Files) != len(files) {
			t.Errorf("%s: %d files verified of %d", name, len(rep.Files), len(files))
		}
		for _, r := range rep.Files {
			if r.Format == verify.Unknown { // braille: not read back yet
				continue
			}
			if len(r.Checks) < 2 && r.Format != verify.Text {
				t.Errorf("%s: %s ran %d checks", name, r.Name, len(r.Checks))
			}
			if r.Format == verify.PDF && r.Pages == 0 {
				t.Errorf("%s: %s has no page count", name, r.Name)
			}
		}
	}
}

// mutate replaces the first match of re in the file named by suffix (inside a
// zip, in the entries whose name matches entry), failing if nothing changed.
func mutate(t *testing.T, files []verify.NamedFile, suffix, entry string, re *regexp.Regexp, repl string) []verify.NamedFile {
	t.Helper()
	out := append([]verify.NamedFile(nil), files...)
	for i, f := range out {
		if !strings.HasSuffix(f.Name, suffix) {
			continue
		}
		if entry == "" {
			loc := re.FindIndex(f.Data)
			if loc == nil {
				t.Fatalf("%s: %s not found", f.Name, re)
			}
			nb := append(append(append([]byte{}, f.Data[:loc[0]]...), re.ReplaceAll(f.Data[loc[0]:loc[1]], []byte(repl))...), f.Data[loc[1]:]...)
			out[i].Data = nb
			return out
		}
		out[i].Data = testutil.Rezip(t, f.Data, func(name string, data []byte) []byte {
			if !regexp.MustCompile(entry).MatchString(name) {
				return data
			}
			loc := re.FindIndex(data)
			if loc == nil {
				return data
			}
			entry = "^$" // once
			return append(append(append([]byte{}, data[:loc[0]]...), re.ReplaceAll(data[loc[0]:loc[1]], []byte(repl))...), data[loc[1]:]...)
		})
		if entry != "^$" {
			t.Fatalf("%s: %s not found in any entry", f.Name, re)
		}
		return out
	}
	t.Fatalf("no file ends in %s", suffix)
	return nil
}

// Each comparison can fail: one writer's output is changed the way a writer
// bug would change it, and verify must name that format and that fact (and
// only then does the rule fire).
func TestParityMutations(t *testing.T) {
	d := testutil.LoadCase(t, "kitchen-sink")
	base := outputs(t, d)
	if errs := errorsOf(verify.Document(d, base)); len(errs) > 0 {
		t.Fatalf("unmutated outputs fail: %v", errs)
	}
	re := regexp.MustCompile
	cases := []struct {
		name, suffix, entry string
		re                  *regexp.Regexp
		repl                string
		format, fact, rule  string
	}{
		{"html demotes a heading", ".html", "", re(`<h2 id="lists">Lists</h2>`), `<h3 id="lists">Lists</h3>`, "html", verify.FactHeadings, "VERIFY-PARITY"},
		{"html drops an alt text", ".html", "", re(`alt="Bar chart[^"]*"`), `alt="Bar"`, "html", verify.FactAlts, "VERIFY-PARITY"},
		{"html makes an informative image decorative", ".html", "", re(`alt="small chart"`), `alt=""`, "html", verify.FactDecorative, "VERIFY-PARITY"},
		{"html loses a header cell", ".html", "", re(`<th scope="col"[^>]*>Staff</th>`), `<td>Staff</td>`, "html", verify.FactTables, "VERIFY-PARITY"},
		{"html changes a link target", ".html", "", re(`href="https://www.nhs.uk/"`), `href="https://example.org/"`, "html", verify.FactLinks, "VERIFY-PARITY"},
		{"html loses a language change", ".html", "", re(`<span lang="cy">`), `<span>`, "html", verify.FactLangs, "VERIFY-PARITY"},
		{"html loses a footnote", ".html", "", re(`role="doc-noteref"`), ``, "html", verify.FactFootnotes, "VERIFY-PARITY"},
		{"pdf demotes a heading", "sink.pdf", "", re(`(?s)(/S/H2.*?)/S/H2`), `${1}/S/H3`, "pdf", verify.FactHeadings, "VERIFY-PARITY"},
		{"pdf drops an alt text", "sink.pdf", "", re(`/Alt\(`), `/Xlt(`, "pdf", verify.FactAlts, "13-004"},
		{"docx demotes a heading", ".docx", `document\.xml$`, re(`w:val="Heading2"`), `w:val="Heading3"`, "docx", verify.FactHeadings, "VERIFY-PARITY"},
		{"docx drops an alt text", ".docx", `document\.xml$`, re(`descr="Bar chart[^"]*"`), `descr="Chart"`, "docx", verify.FactAlts, "VERIFY-PARITY"},
		{"docx loses the header row", ".docx", `document\.xml$`, re(`<w:tblHeader></w:tblHeader>`), ``, "docx", verify.FactTables, "DOCX-TABLE-HEADER"},
		{"docx loses a language change", ".docx", `document\.xml$`, re(`<w:lang w:val="cy"></w:lang>`), ``, "docx", verify.FactLangs, "VERIFY-PARITY"},
		{"epub demotes a heading", ".epub", `\.xhtml$`, re(`<h2 id="lists">`), `<h3 id="lists">`, "epub", verify.FactHeadings, "VERIFY-PARITY"},
		{"epub drops an alt text", ".epub", `\.xhtml$`, re(`alt="small chart"`), `alt="chart"`, "epub", verify.FactAlts, "VERIFY-PARITY"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := mutate(t, base, c.suffix, c.entry, c.re, c.repl)
			checkParity(t, verify.Document(d, files), c.format, c.fact, c.rule)
		})
	}
}

func checkParity(t *testing.T, rep *verify.DocReport, format, fact, rule string) {
	t.Helper()
	found := false
	for _, r := range rep.Files {
		for _, f := range r.Findings {
			if f.Severity != doc.Error {
				continue
			}
			if string(r.Format) != format {
				t.Errorf("a finding in a format that was not changed: %s", f.Line(r.Name))
				continue
			}
			if f.Rule == rule && (rule != "VERIFY-PARITY" || f.Where == fact) {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no %s error about %s in %s; got %v", rule, fact, format, errorsOf(rep))
	}
	for _, p := range rep.Parity {
		if string(p.Format) != format {
			t.Errorf("parity blames %s: %s", p.Format, p.Msg)
		}
	}
}

// Every rule id verify can print is registered, with its meaning and fix.
func TestRulesRegistered(t *testing.T) {
	var ids []string
	for _, name := range []string{"a.pdf", "a.docx", "a.epub", "a.html", "a.txt", "a.bin"} {
		r := verify.File(name, []byte("x"))
		for _, c := range r.Checks {
			ids = append(ids, c.Rule)
		}
	}
	ids = append(ids, verify.RuleParity, "VERIFY-REFUSED")
	for _, id := range ids {
		if _, ok := diag.Lookup(verify.Code(id)); !ok {
			t.Errorf("rule %s is not registered in internal/diag/codes_verify.go", id)
		}
	}
}

// The XML parts of the Word documents and EPUBs this tool writes are read by
// the fast XML parser (not its encoding/xml fallback), into the same trees.
func TestOwnXMLPartsTakeTheFastParser(t *testing.T) {
	parts := 0
	for name, d := range testutil.Cases(t) {
		for _, f := range outputs(t, d) {
			if strings.HasSuffix(f.Name, ".pef") {
				parts++
				if !verify.RawTokensFast(f.Data) {
					t.Errorf("%s: %s: the fast XML tokenizer declined it", name, f.Name)
				}
				continue
			}
			if !strings.HasSuffix(f.Name, ".docx") && !strings.HasSuffix(f.Name, ".epub") {
				continue
			}
			pkg, err := verify.ReadPackage(f.Data)
			if err != nil {
				t.Fatal(err)
			}
			for _, part := range pkg.Names {
				if !regexp.MustCompile(`\.(xml|rels|opf)$`).MatchString(part) {
					continue
				}
				parts++
				fast, diff := verify.XMLParsersAgree(pkg.Parts[part])
				if !fast {
					t.Errorf("%s: %s %s: the fast XML parser declined it", name, f.Name, part)
				}
				if diff != "" {
					t.Errorf("%s: %s %s: %s", name, f.Name, part, diff)
				}
			}
		}
	}
	if parts < 20 {
		t.Errorf("only %d XML parts compared", parts)
	}
	t.Logf("%d XML parts compared", parts)
}

// The pages this tool writes (web pages, EPUB content documents) are read
// by the fast tree builder (not its html.Parse fallback), into the same trees.
func TestOwnPagesTakeTheFastTreeBuilder(t *testing.T) {
	pages := 0
	check := func(name, file string, data []byte) {
		pages++
		fast, diff := verify.HTMLParsersAgree(data)
		if !fast {
			t.Errorf("%s: %s: the fast tree builder declined it", name, file)
		}
		if diff != "" {
			t.Errorf("%s: %s: %s", name, file, diff)
		}
	}
	for name, d := range testutil.Cases(t) {
		for _, f := range outputs(t, d) {
			switch {
			case strings.HasSuffix(f.Name, ".html"):
				check(name, f.Name, f.Data)
			case strings.HasSuffix(f.Name, ".epub"):
				pkg, err := verify.ReadPackage(f.Data)
				if err != nil {
					t.Fatal(err)
				}
				for _, part := range pkg.Names {
					if strings.HasSuffix(part, ".xhtml") {
						check(name, f.Name+" "+part, pkg.Parts[part])
					}
				}
			}
		}
	}
	if pages < 4 {
		t.Errorf("only %d pages compared", pages)
	}
	t.Logf("%d pages compared", pages)
}

// verify.File keeps no shared state: files read back at the same time give
// what each gives alone (run with -race to see any sharing).
func TestFileIsSafeConcurrently(t *testing.T) {
	for name, d := range testutil.Cases(t) {
		files := outputs(t, d)
		want := make([]string, len(files))
		for i, f := range files {
			want[i] = fmt.Sprintf("%+v %+v", verify.File(f.Name, f.Data).Findings, verify.File(f.Name, f.Data).Facts)
		}
		got := make([]string, 2*len(files))
		var wg sync.WaitGroup
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f := files[i%len(files)]
				r := verify.File(f.Name, f.Data)
				got[i] = fmt.Sprintf("%+v %+v", r.Findings, r.Facts)
			}()
		}
		wg.Wait()
		for i, g := range got {
			if w := want[i%len(files)]; g != w {
				t.Errorf("%s: %s read back concurrently:\n got %s\nwant %s", name, files[i%len(files)].Name, g, w)
			}
		}
	}
}
