// Package zipdet writes zip archives that are deterministic, byte-identical for the same
// entries: fixed timestamps, no extra fields, no data descriptors, fixed
// compression level, entries in the order given. EPUB containers and packs use
// it; an EPUB's "mimetype" entry must come first, stored and without an extra
// field, which CreateHeader cannot promise (it adds a timestamp extra field and
// a data descriptor), so every entry is written raw.
package zipdet

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"time"
	"unicode/utf8"
)

// Entry is one file of the archive.
type Entry struct {
	Name  string // slash-separated path inside the archive
	Data  []byte
	Store bool // no compression (EPUB mimetype)
}

// MinTime is the earliest time an MS-DOS zip timestamp can hold.
var MinTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Write writes entries in the given order, each stamped with modified (in UTC,
// clamped to the zip format's 1980–2107 range, at its two-second resolution).
func Write(w io.Writer, entries []Entry, modified time.Time) error {
	date, tm := dosTime(modified)
	zw := zip.NewWriter(w)
	seen := make(map[string]bool, len(entries))
	var fw *flate.Writer
	for _, e := range entries {
		if e.Name == "" || seen[e.Name] {
			return fmt.Errorf("zip: empty or duplicate entry name %q", e.Name)
		}
		seen[e.Name] = true
		body := e.Data
		method := zip.Store
		if !e.Store {
			var buf bytes.Buffer
			// One compressor for every entry: a new flate writer allocates
			// and clears about a megabyte, which dominated small archives.
			if fw == nil {
				var err error
				if fw, err = flate.NewWriter(&buf, flate.BestCompression); err != nil {
					return fmt.Errorf("zip %s: %w", e.Name, err)
				}
			} else {
				fw.Reset(&buf)
			}
			if _, err := fw.Write(e.Data); err != nil {
				return fmt.Errorf("zip %s: %w", e.Name, err)
			}
			if err := fw.Close(); err != nil {
				return fmt.Errorf("zip %s: %w", e.Name, err)
			}
			// Tiny files can grow when deflated; storing them is still valid.
			if buf.Len() < len(e.Data) {
				body, method = buf.Bytes(), zip.Deflate
			}
		}
		// The MS-DOS date and time fields are set directly: Modified would
		// add an extended-timestamp extra field, and the bytes must not change.
		fh := &zip.FileHeader{
			Name:   e.Name,
			Method: method,
			//lint:ignore SA1019 the DOS fields, set directly (see above)
			ModifiedDate: date,
			//lint:ignore SA1019 the DOS fields, set directly (see above)
			ModifiedTime:       tm,
			CRC32:              crc32.ChecksumIEEE(e.Data),
			CompressedSize64:   uint64(len(body)),
			UncompressedSize64: uint64(len(e.Data)),
			// "Made by" Unix, version 2.0, so the mode below is honoured on unzip.
			CreatorVersion: 3<<8 | 20,
			ReaderVersion:  20,
		}
		fh.SetMode(0o644)
		if !isASCII(e.Name) && utf8.ValidString(e.Name) {
			fh.Flags |= 0x800 // names are UTF-8
		}
		fw, err := zw.CreateRaw(fh)
		if err != nil {
			return fmt.Errorf("zip %s: %w", e.Name, err)
		}
		if _, err := fw.Write(body); err != nil {
			return fmt.Errorf("zip %s: %w", e.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	return nil
}

func dosTime(t time.Time) (date, tm uint16) {
	t = t.UTC()
	if t.Before(MinTime) {
		t = MinTime
	}
	if max := time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC); t.After(max) {
		t = max
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	tm = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, tm
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
