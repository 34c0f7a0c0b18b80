package pdfua

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// The same document written the ways other writers write it must read the
// same: pdfcpu rewrites the good fixture with object streams and a
// cross-reference stream (Flate with the PNG Up predictor), and encrypts it
// with an empty user password; an incremental update, a damaged
// cross-reference table and a wrong /Length are made by hand.
func TestReaderAcceptsOtherFileForms(t *testing.T) {
	good := goodFixture().bytes()
	conf := model.NewDefaultConfiguration()
	conf.WriteObjectStream, conf.WriteXRefStream = true, true
	var compressed bytes.Buffer
	if err := api.Optimize(bytes.NewReader(good), &compressed, conf); err != nil {
		t.Fatalf("pdfcpu optimize: %v", err)
	}
	if !bytes.Contains(compressed.Bytes(), []byte("/ObjStm")) || !bytes.Contains(compressed.Bytes(), []byte("/XRef")) {
		t.Fatal("pdfcpu wrote no object stream or cross-reference stream: the case tests nothing")
	}
	enc := model.NewAESConfiguration("", "owner-secret", 256)
	var encrypted bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(good), &encrypted, enc); err != nil {
		t.Fatalf("pdfcpu encrypt: %v", err)
	}

	cases := map[string][]byte{
		"object and cross-reference streams": compressed.Bytes(),
		"encrypted, empty user password":     encrypted.Bytes(),
		"incremental update":                 incrementalUpdate(t, good, 22, "<</Type /StructElem /S /H1 /P 21 0 R /Pg 3 0 R /K 0 /Lang (en-GB)>>"),
		"startxref points nowhere":           bytes.Replace(good, []byte("startxref\n"), []byte("startxref\n9"), 1),
		"cross-reference offsets shifted":    shiftXref(good, 7),
		"no cross-reference table at all":    good[:bytes.LastIndex(good, []byte("xref\n0 "))],
		"wrong stream Length":                bytes.Replace(good, []byte("/Type /Metadata /Subtype /XML /Length "), []byte("/Type /Metadata /Subtype /XML /Length 3"), 1),
		"Flate-compressed content":           flateObject(t, goodFixture(), 4),
	}
	for name, pdf := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := Check(pdf)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if len(got) != 0 {
				t.Fatalf("want no findings, got:\n%s", dump(got))
			}
			d, err := Read(pdf)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if d.Pages != 1 || len(d.Root) != 1 || len(d.Root[0].Kids) != 7 || d.Root[0].Kids[0].Text != "Fixture title" {
				t.Fatalf("structure read back wrong: %d pages, root %+v", d.Pages, d.Root)
			}
		})
	}
	// The incremental update is read, not the original object.
	d, err := Read(cases["incremental update"])
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Root[0].Kids[0].Lang; got != "en-GB" {
		t.Fatalf("incremental update not applied: H1 /Lang %q", got)
	}
}

// incrementalUpdate appends a new version of object n, with a new
// cross-reference section whose /Prev is the old one.
func incrementalUpdate(t *testing.T, pdf []byte, n int, body string) []byte {
	t.Helper()
	m := regexp.MustCompile(`startxref\s+(\d+)`).FindSubmatch(pdf)
	prev, _ := strconv.Atoi(string(m[1]))
	var b bytes.Buffer
	b.Write(pdf)
	off := b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n%d 1\n%010d 00000 n \ntrailer\n<</Size 60 /Root 1 0 R /Prev %d>>\nstartxref\n%d\n%%%%EOF\n", n, off, prev, xref)
	return b.Bytes()
}

// shiftXref moves every object d bytes later without fixing the table.
func shiftXref(pdf []byte, d int) []byte {
	i := bytes.Index(pdf, []byte("1 0 obj"))
	return append(append(append([]byte{}, pdf[:i]...), bytes.Repeat([]byte(" "), d)...), pdf[i:]...)
}

// flateObject compresses stream n of f with Flate.
func flateObject(t *testing.T, f *fixture, n int) []byte {
	t.Helper()
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write([]byte(f.streams[n]))
	w.Close()
	f.streams[n] = z.String()
	f.objs[n] += "/Filter /FlateDecode"
	return f.bytes()
}

// Malformed input gives an error that says what is wrong, never a panic or
// an "internal error".
func TestReaderErrorsAreClear(t *testing.T) {
	good := string(goodFixture().bytes())
	cases := map[string]struct{ pdf, want string }{
		"empty":             {"", "not a PDF"},
		"header only":       {"%PDF-1.7\n", "no document catalog"},
		"no catalog":        {strings.Replace(strings.Replace(good, "/Root 1 0 R", "/Root 5", 1), "/Type /Catalog", "", 1), "no document catalog"},
		"page tree cycle":   {strings.Replace(good, "/Kids [3 0 R]", "/Kids [3 0 R 2 0 R]", 1), "reached twice"},
		"no Pages":          {strings.Replace(good, "/Pages 2 0 R", "", 1), "no /Pages"},
		"encrypted garbage": {strings.Replace(good, "/Root 1 0 R", "/Root 1 0 R /Encrypt <</Filter /Standard /V 9>>", 1), "encrypted"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Check([]byte(tc.pdf))
			if err == nil {
				t.Fatal("want an error")
			}
			if strings.Contains(err.Error(), "internal error") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// A broken stream inside the file is a finding on what it breaks, not a
// failure to read the file.
func TestUnreadableStreamsAreFindings(t *testing.T) {
	f := goodFixture()
	f.objs[4] += "/Filter /FlateDecode" // not compressed at all
	got := check(t, f)
	found := false
	for _, g := range got {
		found = found || (g.Rule == RuleContentSyntax && g.Page == 1)
	}
	if !found {
		t.Fatalf("want a [%s] finding on page 1, got:\n%s", RuleContentSyntax, dump(got))
	}
	f = goodFixture()
	f.objs[9] += "/Filter /DCTDecode"
	if got := check(t, f); len(got) != 1 || got[0].Rule != "06-001" || !strings.Contains(got[0].Msg, "unsupported filter /DCTDecode") {
		t.Fatalf("want one 06-001 finding naming the filter, got:\n%s", dump(got))
	}
}

// number must agree with strconv.ParseFloat wherever it answers.
func FuzzNumber(f *testing.F) {
	for _, s := range []string{"0", "-1", "+.5", "12.25", "1.", ".", "-", "1e5", "0.000001", "99999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := number([]byte(s))
		if !ok {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("number(%q) = %v, ParseFloat fails: %v", s, got, err)
		}
		// relative to the size of the number: past 2^53 an integer read
		// digit by digit may differ from ParseFloat's rounding in the last bit
		if d := math.Abs(got - want); d > 1e-9*max(1, math.Abs(want)) {
			t.Fatalf("number(%q) = %v, ParseFloat %v", s, got, want)
		}
	})
}

// FuzzReader: any bytes opened and every object number touched, decoded and
// walked must give an error or a value, never a panic or a hang.
func FuzzReader(f *testing.F) {
	good := goodFixture().bytes()
	f.Add(good)
	f.Add(flateObject(&testing.T{}, goodFixture(), 4))
	f.Add(incrementalUpdate(&testing.T{}, good, 22, "<</S /H1>>"))
	f.Add([]byte("%PDF-1.5\n1 0 obj<</Type/XRef/W[1 2 1]/Size 3/Index[0 3]/Length 12>>stream\n\x00\x00\x00\x00\x01\x00\x09\x00\x02\x00\x01\x00\nendstream endobj\nstartxref 9\n"))
	f.Add([]byte("%PDF-1.5\n2 0 obj<</Type/ObjStm/N 2/First 8/Length 20>>stream\n3 0 4 5 <<>> [3 0 R]\nendstream endobj trailer<</Root 3 0 R>>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		pf, err := openPDF(b)
		if err != nil {
			return
		}
		for _, n := range pf.xref.numbers() {
			if s, ok := pf.get(Ref{Num: n}).(*Stream); ok {
				_, _ = pf.decode(s)
			}
		}
		if _, err := Check(b); err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatal(err)
		}
	})
}
