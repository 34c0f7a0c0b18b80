package build_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/pack"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
	"github.com/altformats/altformats/internal/verify"
)

func packFiles(outs []build.Output) []pack.File {
	var fs []pack.File
	for _, o := range outs {
		fs = append(fs, pack.File{Path: o.Name, Format: o.Format.Name, Data: o.Data})
	}
	return fs
}

func rezipEdit(t *testing.T, b []byte, edit func(name string, data []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method})
		w.Write(edit(f.Name, data))
	}
	zw.Close()
	return buf.Bytes()
}

func replaceOnce(t *testing.T, b []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%q not found", old)
	}
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}

// A broken writer cannot publish: each format's file is corrupted in the
// staging folder, after it was written and before the swap, and the read-back
// must refuse the whole folder, naming the file and the rule, and leave the
// earlier outputs exactly as they were.
func TestReadBackRefusesCorruptedStage(t *testing.T) {
	d := testutil.LoadCase(t, "kitchen-sink")
	outs, err := build.RenderDoc(d, build.Formats(), render.Options{Generator: "altformats test"})
	if err != nil {
		t.Fatal(err)
	}
	corrupt := map[string]struct {
		rule string
		edit func([]byte) []byte
	}{
		"pdf":         {"PDF-TAGGED", func(b []byte) []byte { return replaceOnce(t, b, "/StructTreeRoot", "/StructTreeRooX") }},
		"large-print": {verify.RuleFormat, func(b []byte) []byte { return b[:len(b)/2] }},
		"docx": {"DOCX-ALT", func(b []byte) []byte {
			return rezipEdit(t, b, func(n string, x []byte) []byte {
				if n == "word/document.xml" {
					return bytes.ReplaceAll(x, []byte(`descr="small chart"`), nil)
				}
				return x
			})
		}},
		"html": {"HTML-LANG", func(b []byte) []byte { return replaceOnce(t, b, `<html lang="en-GB"`, `<html`) }},
		"epub": {"HTML-ACTIVE", func(b []byte) []byte {
			return rezipEdit(t, b, func(n string, x []byte) []byte {
				if strings.HasSuffix(n, ".xhtml") && !strings.Contains(n, "nav") {
					return bytes.Replace(x, []byte("</body>"), []byte(`<script>alert(1)</script></body>`), 1)
				}
				return x
			})
		}},
		"txt": {"TXT-UTF8", func(b []byte) []byte { return append(append([]byte{}, b...), 0xff, 0xfe) }},
	}
	tool := verify.Tool{Name: "altformats", Version: "test"}
	for _, f := range build.Formats() {
		if f.Name == "braille" {
			continue // verify does not read braille files back yet
		}
		c, ok := corrupt[f.Name]
		if !ok {
			t.Fatalf("no corruption test for format %s", f.Name)
		}
		t.Run(f.Name, func(t *testing.T) {
			out := t.TempDir()
			dest := filepath.Join(out, d.Meta.Slug)
			check := func(stage string, carried []string) ([]pack.File, error) {
				reports, err := build.ReadBack(d, stage, outs, carried, render.Options{Generator: "altformats test"}, tool, func(n string) string { return filepath.Join(dest, n) })
				var fs []pack.File
				for _, r := range reports {
					fs = append(fs, pack.File{Path: r.Name, Data: r.Data})
				}
				return fs, err
			}
			// A first, good build publishes every file and the reports.
			if err := pack.WriteOutputsChecked(out, d.Meta.Slug, packFiles(outs), nil, check); err != nil {
				t.Fatalf("good build refused: %v", err)
			}
			before := snapshot(t, dest)
			if before[build.ReportJSON] == "" || before[build.ReportHTML] == "" {
				t.Fatalf("no reports published: %v", keys(before))
			}
			// The second build's file is corrupted in the stage.
			name := d.Meta.Slug + f.Suffix
			err := pack.WriteOutputsChecked(out, d.Meta.Slug, packFiles(outs), nil, func(stage string, carried []string) ([]pack.File, error) {
				p := filepath.Join(stage, name)
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, c.edit(b), 0o644); err != nil {
					t.Fatal(err)
				}
				return check(stage, carried)
			})
			var ds doc.Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("corrupted %s was published (err %v)", name, err)
			}
			found := false
			for _, x := range ds {
				if x.Code == c.rule && x.Pos.File == filepath.Join(dest, name) {
					found = true
				}
			}
			if !found {
				t.Errorf("no %s error naming %s; got:\n%v", c.rule, name, ds)
			}
			after := snapshot(t, dest)
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s changed although the build was refused", k)
				}
			}
			if len(after) != len(before) {
				t.Errorf("files before %v, after %v", keys(before), keys(after))
			}
			if left, _ := filepath.Glob(filepath.Join(out, ".*")); len(left) > 0 {
				t.Errorf("staging folder left behind: %v", left)
			}
		})
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
