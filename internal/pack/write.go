package pack

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFileNew writes data to path only if nothing is there yet: the file is
// written and synced under a temporary name, then linked into place, which
// fails if path exists, so an existing file is never overwritten, even by a
// race. Folders are created as needed.
func WriteFileNew(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists; it was left as it is", path)
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
