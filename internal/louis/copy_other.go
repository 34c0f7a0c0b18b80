//go:build !linux

package louis

import "errors"

// Private copies of liblouis need an in-memory file the dynamic loader can
// open (Linux's memfd); elsewhere calls take turns on one copy.
func libraryImage(uintptr) []byte { return nil }

func dlopenCopy([]byte) (uintptr, error) {
	return 0, errors.New("private copies of liblouis need Linux")
}
