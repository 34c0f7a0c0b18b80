package build

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const mod = "github.com/altformats/altformats/"

// TestDependencyRules keeps the shape of STYLE.md: the model imports nothing
// of ours but diag (itself a leaf); writers never import the loader, goldmark, the CLI or pack, and
// never read a file (no os, io/fs or template.ParseFS: the build hands them render.Assets); only
// pack writes files (the deterministic zip writer both EPUB and pack use is a
// leaf, internal/zipdet, so writers need not import pack). One exception to
// "writers never touch the file system", kept in one named place: braille
// needs liblouis, a shared library loaded at run time. Only internal/louis
// loads it (purego), and only the braille writer uses internal/louis.
func TestDependencyRules(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		src, _ := os.ReadFile(p)
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			switch {
			case strings.HasPrefix(rel, "internal/diag/") && strings.HasPrefix(path, mod):
				t.Errorf("%s: diag (positions, diagnostics, codes) imports %s", rel, path)
			case strings.HasPrefix(rel, "internal/doc/") && strings.HasPrefix(path, mod) && path != mod+"internal/diag":
				t.Errorf("%s: the model imports %s", rel, path)
			case strings.HasPrefix(rel, "internal/render/") && (strings.Contains(path, "goldmark") ||
				strings.HasPrefix(path, mod+"internal/content") || strings.HasPrefix(path, mod+"internal/cli") ||
				strings.HasPrefix(path, mod+"internal/pack") || strings.HasPrefix(path, mod+"internal/build")):
				t.Errorf("%s: a writer imports %s", rel, path)
			case strings.Contains(path, "goldmark") && !strings.HasPrefix(rel, "internal/content/"):
				t.Errorf("%s: only internal/content may import %s", rel, path)
			case strings.Contains(path, "yaml") && !strings.HasPrefix(rel, "internal/content/") && rel != "internal/pack/def.go":
				// Documents' front matter, and pack definitions (read by pack).
				t.Errorf("%s: only internal/content and the pack definition may import %s", rel, path)
			case strings.HasPrefix(rel, "internal/zipdet/") && strings.HasPrefix(path, mod):
				t.Errorf("%s: the zip writer imports %s", rel, path)
			case strings.HasPrefix(path, "github.com/ebitengine/purego") && !strings.HasPrefix(rel, "internal/louis/"):
				t.Errorf("%s imports %s; only internal/louis loads a shared library", rel, path)
			case path == mod+"internal/louis" && !strings.HasPrefix(rel, "internal/render/braille/"):
				t.Errorf("%s imports internal/louis; only the braille writer uses liblouis", rel)
			case strings.HasPrefix(rel, "internal/louis/") && strings.HasPrefix(path, mod):
				t.Errorf("%s: the liblouis binding imports %s; it stands alone", rel, path)
			case strings.HasPrefix(rel, "internal/render/") && (path == "os" || path == "io/fs" || path == "io/ioutil" || path == "embed"):
				// Writers read no file: the build resolves fonts and styles
				// once into render.Assets (internal/build/templates.go).
				t.Errorf("%s imports %s; writers never touch the file system (fonts and styles come in render.Options.Assets)", rel, path)
			case (path == "net" || strings.HasPrefix(path, "net/http") || path == "os/exec") && !strings.HasPrefix(rel, "internal/testutil/"):
				// The tool makes no network request and runs no program.
				t.Errorf("%s imports %s", rel, path)
			}
		}
		if strings.HasPrefix(rel, "internal/render/") {
			for _, call := range []string{"ParseFS(", "ParseFiles(", "ParseGlob(", "filepath.Glob(", "filepath.Walk", "syscall.Open", "unix.Open"} {
				if strings.Contains(string(src), call) {
					t.Errorf("%s calls %s; writers never read files", rel, call)
				}
			}
		}
		if strings.HasPrefix(rel, "internal/safefile/") {
			// The bounded reader opens with O_NONBLOCK (os.Open cannot), read-only.
			for _, flag := range []string{"O_WRONLY", "O_RDWR", "O_CREATE", "O_APPEND", "O_TRUNC", "os.Create(", "os.WriteFile"} {
				if strings.Contains(string(src), flag) {
					t.Errorf("%s uses %s; the safe reader only reads", rel, flag)
				}
			}
		} else if !strings.HasPrefix(rel, "internal/pack/") && !strings.HasPrefix(rel, "internal/testutil/") {
			for _, call := range []string{"os.WriteFile", "os.Create(", "os.Rename", "os.MkdirAll", "os.OpenFile", "os.Remove"} {
				if strings.Contains(string(src), call) {
					t.Errorf("%s calls %s; only internal/pack writes to disk", rel, call)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// longFunctions are the functions over the limit still to be split, each
// with its length now: they may shrink, never grow, and leave this list once
// under the limit (the test says so). Nothing may join it.
var longFunctions = map[string]int{}

// TestNoLongFunctions keeps every function (tests included) at 150 lines or
// fewer: a longer one is split into named steps.
func TestNoLongFunctions(t *testing.T) {
	const limit = 150
	seen := map[string]bool{}
	root := filepath.Join("..", "..")
	for _, dir := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".go") {
				if err == nil && e.IsDir() && e.Name() == "node_modules" {
					return filepath.SkipDir
				}
				return err
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			ast.Inspect(f, func(n ast.Node) bool {
				var body *ast.BlockStmt
				name := "func literal"
				switch fn := n.(type) {
				case *ast.FuncDecl:
					body, name = fn.Body, fn.Name.Name
				case *ast.FuncLit:
					body = fn.Body
				}
				if body != nil {
					start, end := fset.Position(body.Lbrace).Line, fset.Position(body.Rbrace).Line
					lines := end - start - 1
					key := rel + " " + name
					if known, ok := longFunctions[key]; ok {
						seen[key] = true
						switch {
						case lines <= limit:
							t.Errorf("%s is %d lines now: take it off longFunctions", key, lines)
						case lines > known:
							t.Errorf("%s grew from %d to %d lines; split it (at most %d)", key, known, lines, limit)
						}
					} else if lines > limit {
						t.Errorf("%s: %s is %d lines long; split it (at most %d)", fset.Position(n.Pos()), name, lines, limit)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for key := range longFunctions {
		if !seen[key] {
			t.Errorf("%s is gone: take it off longFunctions", key)
		}
	}
}
