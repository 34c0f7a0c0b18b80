//go:build linux

package louis

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/ebitengine/purego"
	"golang.org/x/sys/unix"
)

// libraryImage is the bytes of the shared library file handle h was loaded
// from (found through the mapping that holds its lou_version), or nil.
func libraryImage(h uintptr) []byte {
	sym, err := purego.Dlsym(h, "lou_version")
	if err != nil {
		return nil
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 7f…-7f… r-xp 00010000 08:01 1234  /usr/lib/…/liblouis.so.20.0.12
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || !strings.HasPrefix(fields[5], "/") {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || uint64(sym) < start || uint64(sym) >= end {
			continue
		}
		image, err := os.ReadFile(strings.Join(fields[5:], " "))
		if err != nil {
			return nil
		}
		return image
	}
	return nil
}

// dlopenCopy loads a private copy of the library from an anonymous
// in-memory file (memfd): the dynamic loader sees a file it has not loaded
// yet, so the copy gets its own code and data, hence its own globals.
// Nothing is written to disk.
func dlopenCopy(image []byte) (uintptr, error) {
	fd, err := unix.MemfdCreate("liblouis-copy", unix.MFD_CLOEXEC)
	if err != nil {
		return 0, fmt.Errorf("memfd_create: %w", err)
	}
	for b := image; len(b) > 0; {
		n, err := unix.Write(fd, b)
		if err != nil {
			unix.Close(fd)
			return 0, fmt.Errorf("write liblouis copy: %w", err)
		}
		b = b[n:]
	}
	// The descriptor stays open for the life of the process: the loader
	// knows the copy by the name /proc/self/fd/N, and a later copy given the
	// same number after a close would be taken for this one.
	h, err := dlopen("/proc/self/fd/" + strconv.Itoa(fd))
	if err != nil {
		unix.Close(fd)
	}
	return h, err
}
