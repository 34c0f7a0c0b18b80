//go:build windows

package louis

import "syscall"

// On Windows the library is liblouis.dll (ALTFORMATS_LIBLOUIS may name it).
func dlopen(name string) (uintptr, error) {
	h, err := syscall.LoadLibrary(name)
	return uintptr(h), err
}
