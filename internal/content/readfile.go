package content

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// errNotRegular is a FIFO, device, socket or folder where a file was wanted:
// reading one can block for ever (a FIFO) or never end (/dev/zero).
type errNotRegular struct{ mode fs.FileMode }

func (e errNotRegular) Error() string {
	kind := "a special file"
	switch {
	case e.mode.IsDir():
		kind = "a folder"
	case e.mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case e.mode&fs.ModeDevice != 0 || e.mode&fs.ModeCharDevice != 0:
		kind = "a device"
	case e.mode&fs.ModeSocket != 0:
		kind = "a socket"
	}
	return "is " + kind + ", not a regular file"
}

// errTooBig is a file over the limit, found before reading it whole.
type errTooBig struct{ size, limit int64 }

func (e errTooBig) Error() string {
	return fmt.Sprintf("is %d bytes; the limit is %d MiB", e.size, e.limit>>20)
}

// readRegular reads a regular file of at most limit bytes. Everything is
// checked before a byte is read: the kind of file (only regular files; the
// open does not block on a FIFO swapped in after the check) and the size;
// the read itself is bounded too, for a file that grows.
func readRegular(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errNotRegular{fi.Mode()}
	}
	if fi.Size() > limit {
		return nil, errTooBig{fi.Size(), limit}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errNotRegular{fi.Mode()}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooBig{int64(len(data)), limit}
	}
	return data, nil
}

// confined reports whether path, with every symbolic link followed, stays
// inside root (also with links followed). A path that does not exist is
// left to the read to report.
func confined(root, path string) bool {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return true
	}
	realPath, err := filepath.EvalSymlinks(path)
	if err != nil {
		return true // missing, a loop, no permission: the read says which
	}
	return within(realRoot, realPath)
}
