package pack

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// lockName is the file locked where the output folder itself cannot be
// (systems without flock on folders, some network file systems).
const lockName = ".altformats.lock"

// inProcess serialises swaps of one output folder between goroutines of
// this process; the OS lock below does the same between processes.
var inProcess sync.Map // absolute output folder → *sync.Mutex

// lockOut takes the lock that every swap into outDir (a document's folder,
// a pack's folder and zip) holds, so two builds never read and replace the
// same folder at once. The swap is a few renames, so the lock is held
// briefly; rendering and staging happen outside it. A killed process's lock
// is released by the OS.
func lockOut(outDir string) (unlock func(), err error) {
	abs, err := filepath.Abs(outDir)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", outDir, err)
	}
	mu, _ := inProcess.LoadOrStore(abs, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	release, err := osLock(abs)
	if err != nil {
		mu.(*sync.Mutex).Unlock()
		return nil, fmt.Errorf("lock %s: %w", outDir, err)
	}
	return func() {
		release()
		mu.(*sync.Mutex).Unlock()
	}, nil
}

// withLock runs f holding outDir's lock.
func withLock(outDir string, f func() error) error {
	unlock, err := lockOut(outDir)
	if err != nil {
		return err
	}
	defer unlock()
	return f()
}

// openLockFile opens (creating) the lock file inside dir.
func openLockFile(dir string) (*os.File, error) {
	return os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o644)
}

// exclStaleAfter is how old an exclusive lock file must be before a waiting
// build takes it for the leftover of a killed one: the lock covers only a
// swap (a few renames), so minutes are far longer than any holder needs.
const exclStaleAfter = 2 * time.Minute

// exclLock is the lock for systems without an advisory lock: the lock file
// is created with O_EXCL (only one creator wins) and removed on release; a
// waiting build polls, and takes over a lock file left by a killed build
// once it is stale.
func exclLock(dir string) (func(), error) {
	p := filepath.Join(dir, lockName)
	wait := time.Millisecond
	for {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			f.Close()
			return func() { os.Remove(p) }, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, err
		}
		if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > exclStaleAfter {
			os.Remove(p)
			continue
		}
		time.Sleep(wait)
		wait = min(2*wait, 50*time.Millisecond)
	}
}
