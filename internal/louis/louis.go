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
	"runtime"
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

// Library is a loaded liblouis. Its methods are safe for concurrent use.
// liblouis keeps its translation state in globals, so one copy of the
// library can run one call at a time; where the system allows it (Linux),
// the library holds up to GOMAXPROCS private copies of liblouis, each
// loaded from its own in-memory file with its own globals and its own
// compiled tables, and concurrent calls run on different copies. Every copy
// is the same code reading the same table files, so which copy translates a
// text does not change the braille.
type Library struct {
	version  string
	charSize int
	idle     chan *instance // copies not running a call

	mu     sync.Mutex // guards opened and image
	opened int        // copies loaded so far
	limit  int        // the most copies to load
	image  []byte     // the library file, for private copies (nil: none)

	firstHandle uintptr
}

// instance is one loaded copy of liblouis.
type instance struct {
	handle    uintptr
	version   string
	charSize  int
	translate louFunc // lou_translateString
	back      louFunc // lou_backTranslateString
}

// sonames tried in order: Debian/Ubuntu and Fedora ship liblouis.so.20.
var sonames = []string{"liblouis.so.20", "liblouis.so", "liblouis.20.dylib", "liblouis.dylib"}

// EnvPath names an environment variable that, when set, is the liblouis
// shared library to load instead of searching for it by its usual names
// (for a liblouis installed outside the system's library path).
const EnvPath = "ALTFORMATS_LIBLOUIS"

// maxCopies bounds the private copies whatever GOMAXPROCS says: each holds
// its own compiled tables (a few MB).
const maxCopies = 8

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

func open(sonames []string) (*Library, error) {
	var h uintptr
	var err error
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
	l := &Library{limit: min(runtime.GOMAXPROCS(0), maxCopies)}
	first, err := l.bind(h)
	if err != nil {
		return nil, err
	}
	l.version, l.charSize, l.firstHandle = first.version, first.charSize, h
	if l.limit > 1 {
		// A copy is loaded from the bytes of the file the first one came
		// from; without them (not Linux, or unreadable) there is one copy.
		l.image = libraryImage(h)
	}
	l.opened = 1
	l.idle = make(chan *instance, maxCopies)
	l.idle <- first
	return l, nil
}

// bind looks up the functions of one loaded copy, switches its logging off
// and checks that it compiles the writer's tables.
func (l *Library) bind(h uintptr) (in *instance, err error) {
	defer func() {
		// purego panics when a symbol is missing (a very old liblouis).
		if r := recover(); r != nil {
			in, err = nil, fmt.Errorf("liblouis is too old or damaged (%v); %s", r, InstallAdvice)
		}
	}()
	in = &instance{handle: h}
	var version func() string
	var charSize func() int32
	var checkTable func(table string) int32
	var setLogLevel func(level int32)
	purego.RegisterLibFunc(&version, h, "lou_version")
	purego.RegisterLibFunc(&charSize, h, "lou_charSize")
	purego.RegisterLibFunc(&checkTable, h, "lou_checkTable")
	purego.RegisterLibFunc(&setLogLevel, h, "lou_setLogLevel")
	purego.RegisterLibFunc(&in.translate, h, "lou_translateString")
	purego.RegisterLibFunc(&in.back, h, "lou_backTranslateString")
	// Errors come back to us as return values; liblouis's own log lines on
	// stderr would only repeat them in the middle of the build's output.
	setLogLevel(60000) // LOU_LOG_OFF
	in.version = version()
	in.charSize = int(charSize())
	if in.charSize != 2 && in.charSize != 4 {
		return nil, fmt.Errorf("liblouis %s uses %d-byte characters, which altformats cannot call", in.version, in.charSize)
	}
	for _, t := range []string{TableUEB2, TableUEB1, TableWelsh2} {
		if checkTable(t) == 0 {
			return nil, fmt.Errorf("liblouis %s is installed but its braille table %s is missing; %s", in.version, t, InstallAdvice)
		}
	}
	return in, nil
}

// acquire takes an idle copy, loading another when every copy is busy and
// the limit allows; release gives it back.
func (l *Library) acquire() *instance {
	select {
	case in := <-l.idle:
		return in
	default:
	}
	l.mu.Lock()
	if l.opened < l.limit && l.image != nil {
		l.opened++
		image := l.image
		l.mu.Unlock()
		if in, err := l.openCopy(image); err == nil {
			return in
		}
		// This system will not load another copy: stay with those we have.
		l.mu.Lock()
		l.opened--
		l.limit = l.opened
		l.mu.Unlock()
	} else {
		l.mu.Unlock()
	}
	return <-l.idle
}

func (l *Library) release(in *instance) { l.idle <- in }

func (l *Library) openCopy(image []byte) (*instance, error) {
	h, err := dlopenCopy(image)
	if err != nil {
		return nil, err
	}
	in, err := l.bind(h)
	if err == nil && (in.version != l.version || in.charSize != l.charSize || in.handle == l.firstHandle) {
		err = fmt.Errorf("liblouis copy is not a private copy of the same library")
	}
	return in, err
}

// Copies is how many copies of liblouis calls can run on at once (loaded
// as calls need them): 1 where the system cannot load private copies.
func (l *Library) Copies() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.image == nil {
		return 1
	}
	return l.limit
}

// Version is liblouis's version, e.g. "3.24.0".
func (l *Library) Version() string { return l.version }

// Translate turns text into braille with a table, as liblouis's display
// characters for that table (for the English and Welsh tables: lower-case
// North American ASCII braille, one character a cell). typeform, when not
// nil, has one entry per rune of text (Italic, Bold).
func (l *Library) Translate(table, text string, typeform []uint16) (string, error) {
	return l.callMode(false, table, text, typeform, 0)
}

// BackTranslate turns ASCII braille back into text with a table.
func (l *Library) BackTranslate(table, braille string) (string, error) {
	return l.callMode(true, table, braille, nil, 0)
}

type louFunc = func(string, unsafe.Pointer, *int32, unsafe.Pointer, *int32, unsafe.Pointer, unsafe.Pointer, int32) int32

func (l *Library) callMode(back bool, table, text string, typeform []uint16, mode int32) (string, error) {
	op := "translate"
	if back {
		op = "back-translate"
	}
	rs := []rune(text)
	if len(rs) == 0 {
		return "", nil
	}
	if typeform != nil && len(typeform) != len(rs) {
		return "", fmt.Errorf("liblouis %s: %d typeform entries for %d characters", op, len(typeform), len(rs))
	}
	inst := l.acquire()
	defer l.release(inst)
	fn := inst.translate
	if back {
		fn = inst.back
	}
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
	return l.callMode(false, table, text, nil, dotsIO|ucBrl)
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
	return l.callMode(true, table, string(dots), nil, dotsIO)
}
