package build

import (
	"bytes"
	"math/rand"
	"testing"
)

// The chunked buffer gives back exactly what was written, whatever the
// sizes of the writes, and nil when nothing was.
func TestBufferWriter(t *testing.T) {
	if b := (&bufferWriter{}).bytes(); b != nil {
		t.Fatalf("empty buffer gave %d bytes, want nil", len(b))
	}
	rng := rand.New(rand.NewSource(1))
	for _, total := range []int{1, minChunk - 1, minChunk, minChunk + 1, 3*maxChunk + 17} {
		var want bytes.Buffer
		w := &bufferWriter{}
		for want.Len() < total {
			p := make([]byte, min(1+rng.Intn(3*minChunk), total-want.Len()))
			rng.Read(p)
			want.Write(p)
			if n, err := w.Write(p); n != len(p) || err != nil {
				t.Fatalf("Write = %d, %v", n, err)
			}
		}
		got := w.bytes()
		if !bytes.Equal(got, want.Bytes()) || cap(got) != len(got) {
			t.Errorf("total %d: got %d bytes (cap %d), want %d, equal %v", total, len(got), cap(got), want.Len(), bytes.Equal(got, want.Bytes()))
		}
	}
}
