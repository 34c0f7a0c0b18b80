//go:build windows

package pack

import (
	"golang.org/x/sys/windows"
)

// osLock locks a file in the output folder (Windows cannot lock a folder
// handle); LockFileEx waits until the lock is free and belongs to the
// handle, so goroutines and processes exclude each other alike.
func osLock(dir string) (func(), error) {
	f, err := openLockFile(dir)
	if err != nil {
		return nil, err
	}
	ol := new(windows.Overlapped)
	if err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, ol); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
		f.Close()
	}, nil
}
