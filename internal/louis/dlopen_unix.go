//go:build !windows

package louis

import "github.com/ebitengine/purego"

// RTLD_LOCAL: each copy of liblouis must resolve its own functions and
// globals, never those of a copy loaded before it (RTLD_GLOBAL would put
// the first copy's symbols ahead of every later copy's own).
func dlopen(name string) (uintptr, error) {
	return purego.Dlopen(name, purego.RTLD_NOW|purego.RTLD_LOCAL)
}
