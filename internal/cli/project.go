package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/altformats/altformats/internal/content"
)

// findProject finds the altformats.yaml of the inputs, walking up from each
// (a folder itself, a file's folder). Inputs under two different project
// files are a usage mistake: one build has one set of defaults.
func findProject(args []string) (*content.Project, error) {
	if len(args) == 0 {
		args = []string{"content"}
	}
	found := ""
	for _, a := range args {
		if strings.TrimSpace(a) == "" {
			continue // refused as a usage mistake later
		}
		dir := a
		if fi, err := os.Stat(a); err == nil && !fi.IsDir() {
			dir = filepath.Dir(a)
		}
		p, err := content.FindProject(dir)
		if err != nil {
			return nil, err
		}
		switch {
		case p == "":
		case found == "":
			found = p
		case !samePath(found, p):
			return nil, usageError{fmt.Errorf("the inputs belong to two projects (%s and %s); build them one at a time", found, p)}
		}
	}
	if found == "" {
		return nil, nil
	}
	proj, _, err := content.LoadProject(found)
	if err != nil {
		return nil, err
	}
	return proj, nil
}

func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}
