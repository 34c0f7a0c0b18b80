package pack

import (
	"fmt"
	"os"
	"runtime/debug"
)

func readWhole(path string) ([]byte, func(), error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return b, func() {}, nil
}

// ReadMapped calls read with the bytes of the file at path (MapFile) and
// unmaps them when it returns; read must not keep them. A fault reading the
// mapping (the file shrank under it) is returned as an error, not a crash.
func ReadMapped[T any](path string, read func([]byte) T) (v T, err error) {
	data, release, err := MapFile(path)
	if err != nil {
		return v, err
	}
	defer release()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			if f, ok := p.(interface{ Addr() uintptr }); ok {
				err = fmt.Errorf("%s changed while it was read (fault at %#x)", path, f.Addr())
				return
			}
			panic(p)
		}
	}()
	return read(data), nil
}
