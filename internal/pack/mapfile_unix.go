//go:build unix

package pack

import (
	"fmt"
	"os"
	"syscall"
)

// MapFile gives the bytes of the file at path, read-only, without copying
// them into the Go heap: the file is mapped into memory, so reading a
// staged file back costs neither a copy nor garbage-collected memory (the
// kernel's page cache holds it already, just written). release unmaps it;
// the bytes must not be used after it. The file must not shrink while
// mapped (staged files belong to the build that reads them): see
// ReadMapped for a read that turns such a fault into an error.
func MapFile(path string) (data []byte, release func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := fi.Size()
	if size == 0 {
		return []byte{}, func() {}, nil
	}
	if size != int64(int(size)) || !fi.Mode().IsRegular() {
		return readWhole(path)
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		// Some file systems cannot map: read it instead.
		return readWhole(path)
	}
	return data, func() {
		if err := syscall.Munmap(data); err != nil {
			panic(fmt.Sprintf("unmap %s: %v", path, err))
		}
	}, nil
}
