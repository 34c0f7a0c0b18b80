package pack

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// OverlapError is an output folder that overlaps the content: writing
// there could replace the sources (or their images) with outputs.
type OverlapError struct {
	Out     string // as given
	Content string // the content folder or document it overlaps, as given
	Inside  bool   // true: Out is inside Content; false: Content is inside Out (or the same)
}

func (e *OverlapError) Error() string {
	if e.Inside {
		return fmt.Sprintf("the output folder %s is inside the content folder %s", e.Out, e.Content)
	}
	return fmt.Sprintf("the output folder %s holds the content %s", e.Out, e.Content)
}

// CheckSeparate refuses an output folder that overlaps the content: one
// that is, holds or lies inside any of folders (content folders: every
// document and image under them is a source), or that holds any of files
// (documents given one by one). Paths are compared after resolving symbolic
// links, so another spelling of the same folder is caught too.
func CheckSeparate(out string, folders, files []string) error {
	o, err := resolve(out)
	if err != nil {
		return err
	}
	for _, f := range folders {
		c, err := resolve(f)
		if err != nil {
			return err
		}
		if within(c, o) {
			return &OverlapError{Out: out, Content: f}
		}
		if within(o, c) {
			return &OverlapError{Out: out, Content: f, Inside: true}
		}
	}
	for _, f := range files {
		c, err := resolve(f)
		if err != nil {
			return err
		}
		if within(c, o) {
			return &OverlapError{Out: out, Content: f}
		}
	}
	return nil
}

// within reports whether p is dir or inside it (both absolute and clean).
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// resolve makes p absolute with symbolic links resolved, for the part of
// it that exists (an output folder may not exist yet).
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for cur := abs; ; {
		r, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = append([]string{filepath.Base(cur)}, rest...)
		cur = parent
	}
}
