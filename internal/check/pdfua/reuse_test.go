package pdfua

import (
	"bytes"
	"compress/zlib"
	"strings"
	"testing"
)

// A key written twice counts with its last value and a null value is no
// entry, as when dictionaries were maps: /A 1 /A 3 is 3, /B 2 /B null is 2.
func TestDictDuplicateKeys(t *testing.T) {
	l := &lexer{b: []byte("<</A 1 /B 2 /A 3 /C null /B null /D [/A /A] /E <</A 1 /A (x)>>>>")}
	o, err := l.parseObject(0)
	if err != nil {
		t.Fatal(err)
	}
	d := o.(Dict)
	if got := d.get("A"); got != Integer(3) {
		t.Errorf("/A = %v, want 3", got)
	}
	if got := d.get("B"); got != Integer(2) {
		t.Errorf("/B = %v, want 2 (a null value does not remove an entry)", got)
	}
	if d.has("C") {
		t.Error("/C null is an entry")
	}
	if got := d.get("E").(Dict).get("A"); got != String("x") {
		t.Errorf("/E /A = %v, want (x)", got)
	}
	if got := d.get("D").(Array); len(got) != 2 || got[0] != Name("A") {
		t.Errorf("/D = %v", got)
	}
	if d.get("Z") != nil || d.has("Z") {
		t.Error("/Z is not in the dictionary")
	}
	// The RoleMap keeps the last mapping of a key, and the trailer of a
	// section the last of its values.
	f := goodFixture()
	c, err := run(f.set(t, 20, "/ParentTreeNextKey 2>>", "/ParentTreeNextKey 2 /RoleMap << /Heading /P /Heading /H1 >>>>").bytes(), false)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.tree.roleMap["Heading"]; got != "H1" {
		t.Errorf("RoleMap /Heading = %q, want the last mapping, H1", got)
	}
}

func flate(t *testing.T, s string) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// decodeTemp reuses one buffer (page content is scanned once and dropped);
// decode gives bytes of their own, which a later decodeTemp leaves alone.
func TestStreamsDecodedIntoAReusedBuffer(t *testing.T) {
	f := &pdfFile{}
	f.reset()
	one := &Stream{Dict: Dict{{"Filter", Name("FlateDecode")}}, raw: flate(t, strings.Repeat("one ", 1000))}
	two := &Stream{Dict: Dict{{"Filter", Name("FlateDecode")}}, raw: flate(t, strings.Repeat("two ", 500))}
	kept, err := f.decode(one)
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.decodeTemp(one)
	if err != nil || string(a) != strings.Repeat("one ", 1000) {
		t.Fatalf("first decodeTemp: %q…, %v", a[:8], err)
	}
	b, err := f.decodeTemp(two)
	if err != nil || string(b) != strings.Repeat("two ", 500) {
		t.Fatalf("second decodeTemp: %q…, %v", b[:8], err)
	}
	if &a[0] != &b[0] {
		t.Error("decodeTemp did not reuse its buffer")
	}
	if string(kept) != strings.Repeat("one ", 1000) {
		t.Error("decode's result changed when decodeTemp reused its buffer")
	}
}

// Text kept for Read outlives the arena its operator's strings were made
// in: every heading of the fixture reads back whole, though later
// operators reuse the bytes.
func TestReadKeepsShownTextPastItsOperator(t *testing.T) {
	d, err := Read(goodFixture().bytes())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var walk func(ns []*Node)
	walk = func(ns []*Node) {
		for _, n := range ns {
			if n.Text != "" {
				got = append(got, n.Role+"="+n.Text)
			}
			walk(n.Kids)
		}
	}
	walk(d.Root)
	want := "H1=Fixture title Link=guide TH=Name Lbl=- H2=Part two Note=A note"
	if strings.Join(got, " ") != want {
		t.Errorf("texts read back:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}
