package testutil

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// Rezip rewrites a zip (a Word package, an EPUB) with edit applied to each
// entry's data, keeping entry order, storage method and times: how tests
// corrupt or mutate one part of a written file.
func Rezip(t testing.TB, b []byte, edit func(name string, data []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		data := entryData(t, f)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method, Modified: f.Modified})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(edit(f.Name, data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Unzip reads a zip (a Word package, an EPUB, a pack) and returns its reader
// and every entry's data by name.
func Unzip(t testing.TB, b []byte) (*zip.Reader, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string][]byte, len(zr.File))
	for _, f := range zr.File {
		files[f.Name] = entryData(t, f)
	}
	return zr, files
}

func entryData(t testing.TB, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		t.Fatal(err)
	}
	return data
}
