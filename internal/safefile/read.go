// Package safefile reads input files without ever blocking or growing without
// bound: only regular files, size checked before reading, reads bounded.
package safefile

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// NotRegularError is a FIFO, device, socket or folder where a file was wanted:
// reading one can block for ever (a FIFO) or never end (/dev/zero).
type NotRegularError struct{ Mode fs.FileMode }

func (e NotRegularError) Error() string {
	kind := "a special file"
	switch {
	case e.Mode.IsDir():
		kind = "a folder"
	case e.Mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case e.Mode&fs.ModeDevice != 0 || e.Mode&fs.ModeCharDevice != 0:
		kind = "a device"
	case e.Mode&fs.ModeSocket != 0:
		kind = "a socket"
	}
	return "is " + kind + ", not a regular file"
}

// TooBigError is a file over the limit, found before reading it whole.
type TooBigError struct{ Size, Limit int64 }

func (e TooBigError) Error() string {
	return fmt.Sprintf("is %d bytes; the limit is %d MiB", e.Size, e.Limit>>20)
}

// ReadRegular reads a regular file of at most limit bytes. Everything is
// checked before a byte is read: the kind of file (only regular files; the
// open does not block on a FIFO swapped in after the check) and the size;
// the read itself is bounded too, for a file that grows.
func ReadRegular(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, NotRegularError{fi.Mode()}
	}
	if fi.Size() > limit {
		return nil, TooBigError{fi.Size(), limit}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, NotRegularError{fi.Mode()}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, TooBigError{int64(len(data)), limit}
	}
	return data, nil
}
