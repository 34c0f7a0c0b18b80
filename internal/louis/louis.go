// Package louis is the one place where altformats loads a shared library:
// liblouis, the braille translator behind NVDA, JAWS, BRLTTY and DAISY
// Pipeline. It is opened at run time with purego (no C compiler needed, so
// `go build` and `go test` work on a machine without it) the first time
// braille is asked for, and only then; Load reports how to install it when
// it is missing. The package reads no file of its own and writes none:
// liblouis finds its tables in its own data folder.
package louis

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// Tables used by the braille writer; Load checks that each one compiles.
const (
	TableUEB2     = "en-ueb-g2.ctb" // Unified English Braille grade 2 (contracted)
	TableUEB1     = "en-ueb-g1.ctb" // UEB grade 1, for code, where contractions would change the text
	TableWelsh2   = "cy-cy-g2.ctb"  // Welsh braille grade 2
	InstallAdvice = "install liblouis (Debian/Ubuntu: apt-get install liblouis20 liblouis-data; or run bash .ci/install-tools)"
)

// Typeform bits liblouis understands (liblouis.h: italic, underline, bold).
const (
	Italic uint16 = 1
	Bold   uint16 = 4
)

// Library is a loaded liblouis. Its methods are safe for concurrent use:
// liblouis keeps translation state in globals, so calls take turns.
type Library struct {
	mu       sync.Mutex
	version  string
	charSize int
	// lou_translateString / lou_backTranslateString
	translate louFunc
	back      louFunc
}

// sonames tried in order: Debian/Ubuntu and Fedora ship liblouis.so.20.
var sonames = []string{"liblouis.so.20", "liblouis.so", "liblouis.20.dylib", "liblouis.dylib"}

// EnvPath names an environment variable that, when set, is the liblouis
// shared library to load instead of searching for it by its usual names
// (for a liblouis installed outside the system's library path).
const EnvPath = "ALTFORMATS_LIBLOUIS"

type result struct {
	lib *Library
	err error
}

var (
	mu     sync.Mutex
	opened = map[string]result{} // by EnvPath's value: each library is opened once
)

// Load opens liblouis (once per process) and checks the tables the writer
// uses. The error says what is missing and how to install it.
func Load() (*Library, error) {
	path := os.Getenv(EnvPath)
	mu.Lock()
	defer mu.Unlock()
	r, ok := opened[path]
	if !ok {
		names := sonames
		if path != "" {
			names = []string{path}
		}
		r.lib, r.err = open(names)
		opened[path] = r
	}
	return r.lib, r.err
}

func open(sonames []string) (lib *Library, err error) {
	defer func() {
		// purego panics when a symbol is missing (a very old liblouis).
		if r := recover(); r != nil {
			lib, err = nil, fmt.Errorf("liblouis is too old or damaged (%v); %s", r, InstallAdvice)
		}
	}()
	var h uintptr
	var tried []string
	for _, name := range sonames {
		h, err = dlopen(name)
		if err == nil {
			break
		}
		tried = append(tried, name)
	}
	if h == 0 {
		return nil, fmt.Errorf("liblouis (the braille translator) was not found (tried %s); %s", strings.Join(tried, ", "), InstallAdvice)
	}
	l := &Library{}
	var version func() string
	var charSize func() int32
	var checkTable func(table string) int32
	var setLogLevel func(level int32)
	purego.RegisterLibFunc(&version, h, "lou_version")
	purego.RegisterLibFunc(&charSize, h, "lou_charSize")
	purego.RegisterLibFunc(&checkTable, h, "lou_checkTable")
	purego.RegisterLibFunc(&setLogLevel, h, "lou_setLogLevel")
	purego.RegisterLibFunc(&l.translate, h, "lou_translateString")
	purego.RegisterLibFunc(&l.back, h, "lou_backTranslateString")
	// Errors come back to us as return values; liblouis's own log lines on
	// stderr would only repeat them in the middle of the build's output.
	setLogLevel(60000) // LOU_LOG_OFF
	l.version = version()
	l.charSize = int(charSize())
	if l.charSize != 2 && l.charSize != 4 {
		return nil, fmt.Errorf("liblouis %s uses %d-byte characters, which altformats cannot call", l.version, l.charSize)
	}
	for _, t := range []string{TableUEB2, TableUEB1, TableWelsh2} {
		if checkTable(t) == 0 {
			return nil, fmt.Errorf("liblouis %s is installed but its braille table %s is missing; %s", l.version, t, InstallAdvice)
		}
	}
	return l, nil
}

// Version is liblouis's version, e.g. "3.24.0".
func (l *Library) Version() string { return l.version }

// Translate turns text into braille with a table, as liblouis's display
// characters for that table (for the English and Welsh tables: lower-case
// North American ASCII braille, one character a cell). typeform, when not
// nil, has one entry per rune of text (Italic, Bold).
func (l *Library) Translate(table, text string, typeform []uint16) (string, error) {
	return l.call(l.translate, "translate", table, text, typeform)
}

// BackTranslate turns ASCII braille back into text with a table.
func (l *Library) BackTranslate(table, braille string) (string, error) {
	return l.call(l.back, "back-translate", table, braille, nil)
}

type louFunc = func(string, unsafe.Pointer, *int32, unsafe.Pointer, *int32, unsafe.Pointer, unsafe.Pointer, int32) int32

func (l *Library) call(fn louFunc, op, table, text string, typeform []uint16) (string, error) {
	return l.callMode(fn, op, table, text, typeform, 0)
}

func (l *Library) callMode(fn louFunc, op, table, text string, typeform []uint16, mode int32) (string, error) {
	rs := []rune(text)
	if len(rs) == 0 {
		return "", nil
	}
	if typeform != nil && len(typeform) != len(rs) {
		return "", fmt.Errorf("liblouis %s: %d typeform entries for %d characters", op, len(typeform), len(rs))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	in := l.encode(rs)
	size := 4*len(rs) + 64
	for attempt := 0; attempt < 4; attempt++ {
		out := make([]byte, size*l.charSize)
		inlen, outlen := int32(len(rs)), int32(size)
		var tf unsafe.Pointer
		var tfBuf []uint16
		if typeform != nil {
			// liblouis writes into typeform when translating; give it room.
			tfBuf = make([]uint16, max(len(rs), size))
			copy(tfBuf, typeform)
			tf = unsafe.Pointer(&tfBuf[0])
		}
		ok := fn(table, unsafe.Pointer(&in[0]), &inlen, unsafe.Pointer(&out[0]), &outlen, tf, nil, mode)
		if ok == 0 {
			return "", fmt.Errorf("liblouis could not %s with %s", op, table)
		}
		if int(outlen) < size || int(inlen) >= len(rs) {
			return l.decode(out, int(outlen)), nil
		}
		size *= 2
	}
	return "", fmt.Errorf("liblouis %s with %s: output does not fit", op, table)
}

func (l *Library) encode(rs []rune) []byte {
	b := make([]byte, len(rs)*l.charSize)
	for i, r := range rs {
		if l.charSize == 4 {
			*(*uint32)(unsafe.Pointer(&b[i*4])) = uint32(r)
			continue
		}
		if r > 0xFFFF {
			r = '?' // a 2-byte liblouis cannot take characters beyond the BMP
		}
		*(*uint16)(unsafe.Pointer(&b[i*2])) = uint16(r)
	}
	return b
}

func (l *Library) decode(b []byte, n int) string {
	var sb strings.Builder
	sb.Grow(n)
	for i := 0; i < n; i++ {
		if l.charSize == 4 {
			sb.WriteRune(rune(*(*uint32)(unsafe.Pointer(&b[i*4]))))
		} else {
			sb.WriteRune(rune(*(*uint16)(unsafe.Pointer(&b[i*2]))))
		}
	}
	return sb.String()
}

// TranslateUnicode translates like Translate but returns Unicode braille
// patterns (U+2800…), liblouis's own dot output; tests use it to check the
// writer's ASCII-braille-to-dots table against liblouis.
func (l *Library) TranslateUnicode(table, text string) (string, error) {
	const dotsIO, ucBrl = 4, 64
	return l.callMode(l.translate, "translate", table, text, nil, dotsIO|ucBrl)
}

// BackTranslateUnicode turns Unicode braille patterns (U+2800…) back into
// text with a table; tests use it to read a BRF or PEF back.
func (l *Library) BackTranslateUnicode(table, braille string) (string, error) {
	// liblouis reads dot patterns as 0x8000 | dots in dotsIO mode.
	const dotsIO = 4
	dots := []rune(braille)
	for i, r := range dots {
		if r >= 0x2800 && r <= 0x28FF {
			dots[i] = 0x8000 | (r - 0x2800)
		}
	}
	return l.callMode(l.back, "back-translate", table, string(dots), nil, dotsIO)
}
