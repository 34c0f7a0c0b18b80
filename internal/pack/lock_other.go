//go:build !unix && !windows

package pack

// osLock: these systems (Plan 9, WebAssembly) have no advisory lock the
// tool can use, so it takes an exclusive lock file instead.
func osLock(dir string) (func(), error) { return exclLock(dir) }
