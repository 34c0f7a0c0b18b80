package pdfua

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/adler32"
	"io"

	deflate "github.com/klauspost/compress/flate"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDecoded bounds one decoded stream, so a compression bomb is an error,
// not the machine's memory. Page content, CMaps, XMP and object streams of
// real documents are far below it.
const maxDecoded = 64 << 20

// decode returns the stream's data with its filters undone. The filters a
// checker needs are the general-purpose ones; image codecs (DCT, JPX, CCITT,
// JBIG2) are refused, since no rule reads image data.
func (f *pdfFile) decode(s *Stream) ([]byte, error) { return f.decodeInto(s, nil) }

// decodeTemp is decode into a buffer the next decodeTemp reuses: for data
// read once and dropped (page content), so each page does not allocate anew.
func (f *pdfFile) decodeTemp(s *Stream) ([]byte, error) {
	if f.tmp == nil {
		f.tmp = new(bytes.Buffer)
	}
	return f.decodeInto(s, f.tmp)
}

func (f *pdfFile) decodeInto(s *Stream, tmp *bytes.Buffer) ([]byte, error) {
	filters := f.get(s.Dict.get("Filter"))
	parms := f.get(s.Dict.get("DecodeParms"))
	var names []Name
	var plist []Dict
	switch v := filters.(type) {
	case nil:
		return s.raw, nil
	case Name:
		names = []Name{v}
		p, _ := parms.(Dict)
		plist = []Dict{p}
	case Array:
		pa, _ := parms.(Array)
		for k, x := range v {
			n, ok := f.get(x).(Name)
			if !ok {
				return nil, errors.New("/Filter array holds a non-name")
			}
			names = append(names, n)
			var p Dict
			if k < len(pa) {
				p, _ = f.get(pa[k]).(Dict)
			}
			plist = append(plist, p)
		}
	default:
		return nil, errors.New("/Filter is neither a name nor an array")
	}
	data := s.raw
	for k, n := range names {
		var err error
		switch n {
		case "FlateDecode", "Fl":
			var into *bytes.Buffer
			if k == len(names)-1 {
				into = tmp // the last step may land in the reused buffer
			}
			data, err = f.inflate(data, into)
			if err == nil {
				data, err = f.unpredict(data, plist[k])
			}
		case "ASCIIHexDecode", "AHx":
			data, err = asciiHex(data)
		case "ASCII85Decode", "A85":
			data, err = ascii85(data)
		case "RunLengthDecode", "RL":
			data, err = runLength(data)
		default:
			return nil, fmt.Errorf("unsupported filter /%s", n)
		}
		if err != nil {
			return nil, fmt.Errorf("/%s: %w", n, err)
		}
	}
	return data, nil
}

// inflate undoes zlib compression. Data cut short or with a bad checksum is
// common in real files; what inflated before the damage is kept, as viewers
// do, unless nothing did.
//
// The zlib wrapper is read here and the deflate data handed to
// klauspost/compress's flate, which inflates page content about twice as
// fast as compress/flate (inflating was a fifth of reading a long PDF
// back). The results are compress/zlib's: the header is checked as it
// checks it; the trailing Adler-32 checksum only matters when nothing
// inflated (any later error is ignored, see above), so only then is it
// read; and damaged deflate data, where the two decoders may stop a few
// bytes apart, is inflated again by compress/zlib (inflateStd).
func (f *pdfFile) inflate(b []byte, out *bytes.Buffer) ([]byte, error) {
	if len(b) < 2 {
		return nil, io.ErrUnexpectedEOF
	}
	h := uint16(b[0])<<8 | uint16(b[1])
	if b[0]&0x0f != 8 || b[0]>>4 > 7 || h%31 != 0 {
		return nil, zlib.ErrHeader
	}
	data := b[2:]
	if b[1]&0x20 != 0 { // a preset dictionary, which PDF never supplies
		if len(data) < 4 {
			return nil, io.ErrUnexpectedEOF
		}
		if binary.BigEndian.Uint32(data) != adler32.Checksum(nil) {
			return nil, zlib.ErrDictionary
		}
		data = data[4:]
	}
	src := bytes.NewReader(data)
	// One decompressor serves every stream: each new one allocates its
	// 32 KiB window, thousands of times in a long document.
	if f.zr == nil {
		f.zr = deflate.NewReader(src)
	} else if err := f.zr.(deflate.Resetter).Reset(src, nil); err != nil {
		return nil, err
	}
	if out == nil {
		out = bytes.NewBuffer(make([]byte, 0, min(4*len(b)+512, maxDecoded)))
	} else {
		out.Reset()
	}
	n, err := io.Copy(out, io.LimitReader(f.zr, maxDecoded+1))
	if n > maxDecoded {
		return nil, fmt.Errorf("decodes to more than %d MiB", maxDecoded>>20)
	}
	if err != nil {
		return f.inflateStd(b, out)
	}
	if n == 0 {
		// The checksum of nothing, which compress/zlib checks too.
		var sum [4]byte
		if _, err := io.ReadFull(src, sum[:]); err != nil {
			return nil, io.ErrUnexpectedEOF
		}
		if binary.BigEndian.Uint32(sum[:]) != adler32.Checksum(nil) {
			return nil, zlib.ErrChecksum
		}
	}
	return out.Bytes(), nil
}

// inflateStd is inflate with compress/zlib alone.
func (f *pdfFile) inflateStd(b []byte, out *bytes.Buffer) ([]byte, error) {
	if f.zstd == nil {
		r, err := zlib.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		f.zstd = r
	} else if err := f.zstd.(zlib.Resetter).Reset(bytes.NewReader(b), nil); err != nil {
		return nil, err
	}
	out.Reset()
	n, err := io.Copy(out, io.LimitReader(f.zstd, maxDecoded+1))
	if n > maxDecoded {
		return nil, fmt.Errorf("decodes to more than %d MiB", maxDecoded>>20)
	}
	if err != nil && n == 0 {
		return nil, err
	}
	return out.Bytes(), nil
}

func (f *pdfFile) unpredict(b []byte, p Dict) ([]byte, error) {
	pred, _ := f.get(p.get("Predictor")).(Integer)
	if pred <= 1 {
		return b, nil
	}
	colors, bpc, columns := 1, 8, 1
	if v, ok := f.get(p.get("Colors")).(Integer); ok {
		colors = int(v)
	}
	if v, ok := f.get(p.get("BitsPerComponent")).(Integer); ok {
		bpc = int(v)
	}
	if v, ok := f.get(p.get("Columns")).(Integer); ok {
		columns = int(v)
	}
	if colors < 1 || colors > 32 || bpc < 1 || bpc > 16 || columns < 1 || columns > 1<<20 {
		return nil, errors.New("bad predictor parameters")
	}
	bpp := (colors*bpc + 7) / 8
	rowLen := (colors*bpc*columns + 7) / 8
	if pred == 2 {
		if bpc != 8 {
			return nil, errors.New("TIFF predictor with other than 8 bits per component")
		}
		out := append([]byte(nil), b...)
		for r := 0; r+rowLen <= len(out); r += rowLen {
			for i := bpp; i < rowLen; i++ {
				out[r+i] += out[r+i-bpp]
			}
		}
		return out, nil
	}
	if pred < 10 {
		return nil, fmt.Errorf("unknown predictor %d", pred)
	}
	// PNG predictors: each row starts with its filter type byte.
	out := make([]byte, 0, len(b)/(rowLen+1)*rowLen)
	prev := make([]byte, rowLen)
	for r := 0; r+rowLen+1 <= len(b); r += rowLen + 1 {
		typ, row := b[r], b[r+1:r+1+rowLen]
		cur := make([]byte, rowLen)
		for i := 0; i < rowLen; i++ {
			var left, upLeft byte
			if i >= bpp {
				left, upLeft = cur[i-bpp], prev[i-bpp]
			}
			up := prev[i]
			switch typ {
			case 0:
				cur[i] = row[i]
			case 1:
				cur[i] = row[i] + left
			case 2:
				cur[i] = row[i] + up
			case 3:
				cur[i] = row[i] + byte((int(left)+int(up))/2)
			case 4:
				cur[i] = row[i] + paeth(left, up, upLeft)
			default:
				return nil, fmt.Errorf("bad PNG filter type %d", typ)
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func asciiHex(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b)/2)
	var hi byte
	half := false
	for _, c := range b {
		var n byte
		switch {
		case c == '>':
			if half {
				out = append(out, hi<<4)
			}
			return out, nil
		case isWhite(c):
			continue
		case hexDigit(c) >= 0:
			n = byte(hexDigit(c))
		default:
			return nil, fmt.Errorf("bad hex digit %q", c)
		}
		if half {
			out = append(out, hi<<4|n)
		} else {
			hi = n
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out, nil
}

func ascii85(b []byte) ([]byte, error) {
	out := make([]byte, 0, len(b)*4/5)
	var group [5]byte
	n := 0
	flush := func(count int) error {
		for k := count; k < 5; k++ {
			group[k] = 'u'
		}
		var v uint64
		for _, c := range group {
			v = v*85 + uint64(c-'!')
		}
		if v > 0xFFFFFFFF {
			return errors.New("ASCII85 group out of range")
		}
		w := []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
		out = append(out, w[:count-1]...)
		return nil
	}
	if bytes.HasPrefix(b, []byte("<~")) {
		b = b[2:]
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case isWhite(c):
			continue
		case c == '~':
			if n == 1 {
				return nil, errors.New("ASCII85 data ends with a single character")
			}
			if n > 0 {
				if err := flush(n); err != nil {
					return nil, err
				}
			}
			return out, nil
		case c == 'z' && n == 0:
			out = append(out, 0, 0, 0, 0)
		case c >= '!' && c <= 'u':
			group[n] = c
			n++
			if n == 5 {
				if err := flush(5); err != nil {
					return nil, err
				}
				n = 0
			}
		default:
			return nil, fmt.Errorf("bad ASCII85 character %q", c)
		}
		if len(out) > maxDecoded {
			return nil, fmt.Errorf("decodes to more than %d MiB", maxDecoded>>20)
		}
	}
	if n > 1 {
		if err := flush(n); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func runLength(b []byte) ([]byte, error) {
	var out []byte
	for i := 0; i < len(b); {
		n := int(b[i])
		i++
		switch {
		case n == 128:
			return out, nil
		case n < 128:
			if i+n+1 > len(b) {
				return nil, errors.New("run-length data cut short")
			}
			out = append(out, b[i:i+n+1]...)
			i += n + 1
		default:
			if i >= len(b) {
				return nil, errors.New("run-length data cut short")
			}
			out = append(out, bytes.Repeat(b[i:i+1], 257-n)...)
			i++
		}
		if len(out) > maxDecoded {
			return nil, fmt.Errorf("decodes to more than %d MiB", maxDecoded>>20)
		}
	}
	return out, nil
}

// textString decodes a PDF text string (ISO 32000-1 7.9.2.2): UTF-16BE with
// a byte order mark, UTF-8 (with or without its mark, as real files have
// it), or PDFDocEncoding.
func textString(s String) string {
	b := []byte(s)
	if len(b) >= 2 && len(b)%2 == 0 && b[0] == 0xFE && b[1] == 0xFF {
		u := make([]uint16, 0, len(b)/2-1)
		for i := 2; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u))
	}
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if utf8.Valid(b) && !hasDocEncodingControl(b) {
		return string(b)
	}
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = docEncodingRune(c)
	}
	return string(rs)
}

// pdfDocHigh is PDFDocEncoding (ISO 32000-1 Table D.2) where it differs
// from Latin-1.
var pdfDocHigh = map[byte]rune{
	0x18: 0x02d8, 0x19: 0x02c7, 0x1a: 0x02c6, 0x1b: 0x02d9, 0x1c: 0x02dd, 0x1d: 0x02db, 0x1e: 0x02da, 0x1f: 0x02dc,
	0x80: 0x2022, 0x81: 0x2020, 0x82: 0x2021, 0x83: 0x2026, 0x84: 0x2014, 0x85: 0x2013, 0x86: 0x0192, 0x87: 0x2044,
	0x88: 0x2039, 0x89: 0x203a, 0x8a: 0x2212, 0x8b: 0x2030, 0x8c: 0x201e, 0x8d: 0x201c, 0x8e: 0x201d, 0x8f: 0x2018,
	0x90: 0x2019, 0x91: 0x201a, 0x92: 0x2122, 0x93: 0xfb01, 0x94: 0xfb02, 0x95: 0x0141, 0x96: 0x0152, 0x97: 0x0160,
	0x98: 0x0178, 0x99: 0x017d, 0x9a: 0x0131, 0x9b: 0x0142, 0x9c: 0x0153, 0x9d: 0x0161, 0x9e: 0x017e, 0xa0: 0x20ac,
}

func docEncodingRune(b byte) rune {
	if r, ok := pdfDocHigh[b]; ok {
		return r
	}
	if b == 0x09 || b == 0x0a || b == 0x0d || b >= 0x20 && b <= 0x7e || b >= 0xa1 && b != 0xad {
		return rune(b)
	}
	return utf8.RuneError
}

func hasDocEncodingControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != 0x09 && c != 0x0a && c != 0x0d {
			return true
		}
	}
	return false
}

// hexDigit is the value of a hexadecimal digit, or -1; hex strings (lex.go)
// and the ASCIIHexDecode filter share it.
func hexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
