package diag

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/testutil/goldenfile"
)

func TestCodesAreWellFormedAndUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, tab := range tables {
		for _, c := range tab {
			if !codeRe.MatchString(c.ID) {
				t.Errorf("%q is not a code: upper-case words joined by hyphens", c.ID)
			}
			if seen[c.ID] {
				t.Errorf("%s is registered twice", c.ID)
			}
			seen[c.ID] = true
			if strings.TrimSpace(c.Meaning) == "" || strings.TrimSpace(c.Fix) == "" {
				t.Errorf("%s needs both a meaning and a fix", c.ID)
			}
		}
	}
	if _, ok := Lookup("A11Y-ALT"); !ok {
		t.Error("Lookup cannot find A11Y-ALT")
	}
}

// TestCodesPage keeps CODES.md equal to the tables.
func TestCodesPage(t *testing.T) {
	goldenfile.Check(t, "CODES.md", Page())
}

var (
	codeRe      = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`)
	matterhorn  = regexp.MustCompile(`^[0-9]{2}-[0-9]{3}$`)
	notCodes    = map[string]bool{"UTF-8": true}
	pdfuaFolder = "internal/check/pdfua/"
)

// TestEveryCodeIsRegistered reads every string literal of the non-test Go
// source: each one shaped like a code must be registered. In the PDF/UA
// checker, rule ids (Matterhorn "01-005" and our "AF-...") are printed as
// PDFUA-<id>.
func TestEveryCodeIsRegistered(t *testing.T) {
	root := filepath.Join("..", "..")
	used := 0
	for _, dir := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			if strings.HasPrefix(rel, "internal/diag/") || strings.HasPrefix(rel, "internal/testutil/") {
				return nil
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil || notCodes[s] {
					return true
				}
				id := ""
				switch {
				case strings.HasPrefix(rel, pdfuaFolder) && (matterhorn.MatchString(s) || codeRe.MatchString(s)):
					id = "PDFUA-" + s
				case codeRe.MatchString(s):
					id = s
				default:
					return true
				}
				used++
				if _, ok := Lookup(id); !ok {
					t.Errorf("%s: code %s is not registered in internal/diag (add it, with its meaning and fix, to your area's codes_*.go)", fset.Position(lit.Pos()), id)
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if used < 50 {
		t.Errorf("found only %d code literals: is the walk reading the source?", used)
	}
}
