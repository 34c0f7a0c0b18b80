package zipdet

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"strings"
	"testing"
	"time"
)

func entries() []Entry {
	return []Entry{
		{Name: "mimetype", Data: []byte("application/epub+zip"), Store: true},
		{Name: "a/b.txt", Data: []byte(strings.Repeat("hello world ", 100))},
		{Name: "a/tiny.txt", Data: []byte("x")},
		{Name: "café.txt", Data: []byte("naïve")},
	}
}

func TestIdenticalTwiceAndReadable(t *testing.T) {
	when := time.Date(2026, 11, 20, 10, 30, 7, 0, time.UTC)
	var a, b bytes.Buffer
	if err := Write(&a, entries(), when); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, entries(), when); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes of the same entries differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	want := entries()
	if len(zr.File) != len(want) {
		t.Fatalf("got %d entries, want %d", len(zr.File), len(want))
	}
	for i, f := range zr.File {
		if f.Name != want[i].Name {
			t.Errorf("entry %d is %q, want %q (order must be kept)", i, f.Name, want[i].Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC too
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !bytes.Equal(got, want[i].Data) {
			t.Errorf("%s: content differs", f.Name)
		}
		if len(f.Extra) != 0 {
			t.Errorf("%s: has an extra field", f.Name)
		}
		if f.Flags&0x8 != 0 {
			t.Errorf("%s: uses a data descriptor", f.Name)
		}
		if got := f.Modified.UTC(); !got.Equal(time.Date(2026, 11, 20, 10, 30, 6, 0, time.UTC)) {
			t.Errorf("%s: modified %v", f.Name, got)
		}
		if f.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v", f.Name, f.Mode())
		}
	}
	if zr.File[0].Method != zip.Store || zr.File[1].Method != zip.Deflate {
		t.Errorf("methods: %d %d", zr.File[0].Method, zr.File[1].Method)
	}
	// OCF: the bytes "mimetype" at offset 30 and its content at 38, uncompressed.
	raw := a.Bytes()
	if binary.LittleEndian.Uint32(raw) != 0x04034b50 || string(raw[30:38]) != "mimetype" ||
		string(raw[38:58]) != "application/epub+zip" {
		t.Errorf("mimetype is not the first, stored entry: % x", raw[:64])
	}
}

func TestOldTimesClampTo1980(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, entries()[:1], time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if got := zr.File[0].Modified.UTC(); !got.Equal(MinTime) {
		t.Errorf("modified %v, want %v", got, MinTime)
	}
}

func TestDuplicateNameRefused(t *testing.T) {
	e := entries()
	e = append(e, e[1])
	if err := Write(io.Discard, e, MinTime); err == nil {
		t.Fatal("duplicate entry accepted")
	}
}
