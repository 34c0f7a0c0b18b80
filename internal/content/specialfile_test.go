package content

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/doc"
)

// loadQuickly runs Load and fails the test if it does not return promptly:
// a FIFO blocked for ever and /dev/zero grew to gigabytes before.
func loadQuickly(t *testing.T, path string, opt Options) (doc.Diagnostics, error) {
	t.Helper()
	type result struct {
		ds  doc.Diagnostics
		err error
	}
	done := make(chan result, 1)
	go func() {
		_, ds, err := Load(path, opt)
		done <- result{ds, err}
	}()
	select {
	case r := <-done:
		return r.ds, r.err
	case <-time.After(20 * time.Second):
		t.Fatalf("Load(%s) did not return", path)
		return nil, nil
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs on Windows")
	}
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("cannot make a FIFO:", err)
	}
}

func TestSpecialFilesRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("FIFO as the document", func(t *testing.T) {
		p := filepath.Join(dir, "fifo.md")
		mkfifo(t, p)
		ds, _ := loadQuickly(t, p, Options{})
		if !hasCode(ds, "SRC-SPECIAL") {
			t.Fatalf("want SRC-SPECIAL, got %v", ds)
		}
	})
	t.Run("FIFO as an image", func(t *testing.T) {
		mkfifo(t, filepath.Join(dir, "pipe.png"))
		p := write("img.md", fm+"![a chart](pipe.png)\n")
		ds, _ := loadQuickly(t, p, Options{})
		if !hasCode(ds, "IMG-TYPE") {
			t.Fatalf("want IMG-TYPE, got %v", ds)
		}
	})
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	t.Run("/dev/zero as an image, content root /", func(t *testing.T) {
		if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.png")); err != nil {
			t.Skip(err)
		}
		p := write("zero.md", fm+"![zeros](zero.png)\n")
		// with the root at / the link is inside it: only the kind of file stops it
		ds, _ := loadQuickly(t, p, Options{Root: "/"})
		if !hasCode(ds, "IMG-TYPE") {
			t.Fatalf("want IMG-TYPE, got %v", ds)
		}
		ds, _ = loadQuickly(t, p, Options{})
		if !hasCode(ds, "IMG-PATH") {
			t.Fatalf("want IMG-PATH, got %v", ds)
		}
	})
	t.Run("document linked to /dev/zero", func(t *testing.T) {
		p := filepath.Join(dir, "zero-doc.md")
		if err := os.Symlink("/dev/zero", p); err != nil {
			t.Skip(err)
		}
		ds, _ := loadQuickly(t, p, Options{Root: "/"})
		if !hasCode(ds, "SRC-SPECIAL") {
			t.Fatalf("want SRC-SPECIAL, got %v", ds)
		}
		ds, _ = loadQuickly(t, p, Options{})
		if !hasCode(ds, "SRC-PATH") {
			t.Fatalf("want SRC-PATH, got %v", ds)
		}
	})
}

// TestDocumentSymlinkOutOfRoot: a .md linked to a file outside the content
// folder is refused like an image is (it was read and published).
func TestDocumentSymlinkOutOfRoot(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	os.WriteFile(secret, []byte(fm+"Private notes.\n"), 0o644)
	root := t.TempDir()
	link := filepath.Join(root, "notes.md")
	if err := os.Symlink(secret, link); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	ds, err := loadQuickly(t, link, Options{Root: root})
	if err == nil || !hasCode(ds, "SRC-PATH") {
		t.Fatalf("a document linked outside the content folder was read: %v %v", ds, err)
	}
	// a link that stays inside is fine
	inside := filepath.Join(root, "real.md")
	os.WriteFile(inside, []byte(fm+"Public.\n"), 0o644)
	os.Symlink(inside, filepath.Join(root, "alias.md"))
	if ds, err := loadQuickly(t, filepath.Join(root, "alias.md"), Options{Root: root}); err != nil {
		t.Fatalf("link inside the folder refused: %v", ds)
	}
}

// png16 writes a 16-bit RGB PNG of w×h black pixels without holding the
// pixels: a few hundred KB of file that decodes to w×h×8 bytes.
func png16(t *testing.T, w, h int) []byte {
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&buf, binary.BigEndian, uint32(len(data)))
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		buf.WriteString(typ)
		buf.Write(data)
		binary.Write(&buf, binary.BigEndian, c.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 16, 2 // 16 bits, truecolour
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	row := make([]byte, 1+w*6)
	for y := 0; y < h; y++ {
		zw.Write(row)
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return buf.Bytes()
}

// TestImageMemoryCheckedBeforeDecoding: a 16-bit 7240×7240 PNG is inside the
// file-size and pixel limits but decodes to 419 MB (the build peaked at
// 1.25 GB); it is refused from its header, before decoding.
func TestImageMemoryCheckedBeforeDecoding(t *testing.T) {
	dir := t.TempDir()
	data := png16(t, 7240, 7240)
	if len(data) > doc.MaxImageBytes || 7240*7240 > doc.MaxImagePixels {
		t.Fatalf("the test image must be inside the other limits (%d bytes)", len(data))
	}
	os.WriteFile(filepath.Join(dir, "big.png"), data, 0o644)
	p := filepath.Join(dir, "x.md")
	os.WriteFile(p, []byte(fm+"![a big picture](big.png)\n"), 0o644)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ds, _ := loadQuickly(t, p, Options{})
	runtime.ReadMemStats(&after)
	if !hasCode(ds, "LIMIT-IMAGE-MEMORY") {
		t.Fatalf("want LIMIT-IMAGE-MEMORY, got %v", ds)
	}
	if a := after.TotalAlloc - before.TotalAlloc; a > 64<<20 {
		t.Errorf("refusing the image allocated %d MB: it was decoded", a>>20)
	}
	// an ordinary image still loads
	os.WriteFile(filepath.Join(dir, "small.png"), png16(t, 300, 200), 0o644)
	os.WriteFile(p, []byte(fm+"![a small picture](small.png)\n"), 0o644)
	if ds, err := loadQuickly(t, p, Options{}); err != nil {
		t.Fatalf("small 16-bit PNG refused: %v", ds)
	}
}

// TestSourceSizeCheckedBeforeReading: a source over the limit is refused
// from its size, without reading it.
func TestSourceSizeCheckedBeforeReading(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.md")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(fm)
	if err := f.Truncate(doc.MaxSourceBytes + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ds, _ := loadQuickly(t, p, Options{})
	runtime.ReadMemStats(&after)
	if !hasCode(ds, "LIMIT-SIZE") {
		t.Fatalf("want LIMIT-SIZE, got %v", ds)
	}
	if a := after.TotalAlloc - before.TotalAlloc; a > 1<<20 {
		t.Errorf("refusing the file allocated %d KB: it was read", a>>10)
	}
}
