//go:build unix

package pack

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// osLock takes an exclusive flock on the output folder itself, so no lock
// file is left in it. flock belongs to the open file, so two goroutines
// that each open the folder exclude each other too. Where the file system
// does not lock folders (flock on NFS is emulated with fcntl, which needs a
// file open for writing) a lock file in the folder is locked instead.
func osLock(dir string) (func(), error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err = flock(f); err == nil {
		return func() { f.Close() }, nil // closing releases the lock
	}
	f.Close()
	if !errors.Is(err, unix.EBADF) && !errors.Is(err, unix.ENOLCK) && !errors.Is(err, unix.EINVAL) &&
		!errors.Is(err, unix.EOPNOTSUPP) && !errors.Is(err, unix.ENOTSUP) {
		return nil, err
	}
	if f, err = openLockFile(dir); err != nil {
		return nil, err
	}
	if err := flock(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

func flock(f *os.File) error {
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}
