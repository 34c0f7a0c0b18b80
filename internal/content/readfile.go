package content

import (
	"path/filepath"

	"github.com/altformats/altformats/internal/safefile"
)

type (
	errNotRegular = safefile.NotRegularError
	errTooBig     = safefile.TooBigError
)

func readRegular(path string, limit int64) ([]byte, error) { return safefile.ReadRegular(path, limit) }

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
