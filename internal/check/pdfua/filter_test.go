package pdfua

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math/rand"
	"testing"
)

// zlibResult is what inflate returned before it used klauspost/compress:
// compress/zlib's output, kept when the data is damaged after something
// inflated, or its error when nothing did.
func zlibResult(b []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	n, err := io.Copy(&out, io.LimitReader(r, maxDecoded+1))
	if n > maxDecoded {
		return nil, fmt.Errorf("decodes to more than %d MiB", maxDecoded>>20)
	}
	if err != nil && n == 0 {
		return nil, err
	}
	return out.Bytes(), nil
}

func inflateMatchesZlib(t *testing.T, b []byte) {
	t.Helper()
	want, wantErr := zlibResult(b)
	f := &pdfFile{}
	f.reset()
	for _, into := range []*bytes.Buffer{nil, new(bytes.Buffer)} {
		got, err := f.inflate(b, into)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || !bytes.Equal(got, want) {
			t.Fatalf("%q: inflate gave %d bytes, error %v; compress/zlib %d bytes, error %v", b, len(got), err, len(want), wantErr)
		}
	}
}

// inflateCases are zlib streams whole, cut short, with a byte changed, with
// a bad checksum, with a preset dictionary flag, and empty.
func inflateCases(t testing.TB) [][]byte {
	var whole [][]byte
	for _, level := range []int{zlib.NoCompression, zlib.BestSpeed, zlib.DefaultCompression, zlib.BestCompression} {
		for _, s := range []string{"", "a", "BT /F1 12 Tf (Hello) Tj ET\n", string(bytes.Repeat([]byte("0.5 0 0 rg 10 10 m 20 20 l S\n"), 3000))} {
			var b bytes.Buffer
			w, err := zlib.NewWriterLevel(&b, level)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(s))
			w.Close()
			whole = append(whole, b.Bytes())
		}
	}
	r := rand.New(rand.NewSource(1))
	cases := [][]byte{nil, {0x78}, {0x78, 0x9c}, {0x78, 0xbb, 0, 0, 0, 1, 3, 0}, {0x78, 0xbb, 0, 0, 0, 2}, {0x79, 0x9c, 1}}
	for _, b := range whole {
		cases = append(cases, b)
		for _, cut := range []int{len(b) - 1, len(b) - 4, len(b) - 5, len(b) / 2, 3} {
			if cut > 0 {
				cases = append(cases, b[:cut])
			}
		}
		for k := 0; k < 8; k++ {
			m := append([]byte(nil), b...)
			m[r.Intn(len(m))] ^= byte(1 + r.Intn(255))
			cases = append(cases, m)
		}
	}
	return cases
}

func TestInflateMatchesZlib(t *testing.T) {
	for _, b := range inflateCases(t) {
		inflateMatchesZlib(t, b)
	}
}

func FuzzInflateMatchesZlib(f *testing.F) {
	for _, b := range inflateCases(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		inflateMatchesZlib(t, b)
	})
}
