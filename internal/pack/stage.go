package pack

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// File is one file of an output folder or a pack: a rendered document or a
// file the pack adds (index.html, README.txt, manifest.json).
type File struct {
	Path      string // slash-separated, relative to the folder: "ahp-mental-health.pdf"
	Format    string // "pdf", "large-print", "docx", "html", "txt", "epub"; "index", "readme" for pack files
	Label     string // for people: "Large print PDF"
	MediaType string
	Lang      string // BCP 47
	Data      []byte
	// Checks names the checks this file passed when the tool built it (only
	// checks the tool really ran, e.g. "altformats-model-checks").
	Checks []string
}

// failWrite lets tests inject a write failure part-way through staging.
var failWrite func(path string) error

// WriteOutputs writes a document's files into outDir/slug/ as one step: the
// new folder is staged beside it and swapped in only when every file is
// written, so a failure leaves the previous outputs as they were. Files of
// the previous folder that this build does not replace (other formats from an
// earlier build) are kept.
func WriteOutputs(outDir, slug string, files []File) error {
	return WriteOutputsChecked(outDir, slug, files, nil)
}

// ReadBack checks a document's staged folder before it is swapped in; it may
// return more files to add (the conformance reports). An error keeps the
// folder from being published.
type ReadBack func(stage string) ([]File, error)

// WriteOutputsChecked is WriteOutputs with a read-back of the staged files
// before the swap: what the build publishes is exactly what was checked.
func WriteOutputsChecked(outDir, slug string, files []File, check ReadBack) error {
	if !safeName(slug) {
		return fmt.Errorf("write outputs: %q is not a safe folder name", slug)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return fmt.Errorf("write outputs: %w", err)
	}
	dest := filepath.Join(outDir, slug)
	stage, err := mkStage(outDir, slug)
	if err != nil {
		return fmt.Errorf("write outputs: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(stage)
		}
	}()
	if err := writeTree(stage, files); err != nil {
		return fmt.Errorf("write outputs %s: %w", dest, err)
	}
	if check != nil {
		more, err := check(stage)
		if err != nil {
			return err
		}
		if err := writeTree(stage, more); err != nil {
			return fmt.Errorf("write outputs %s: %w", dest, err)
		}
		files = append(files[:len(files):len(files)], more...)
	}
	if err := keepOthers(dest, stage, files); err != nil {
		return fmt.Errorf("write outputs %s: %w", dest, err)
	}
	if err := swapDir(stage, dest); err != nil {
		return fmt.Errorf("write outputs %s: %w", dest, err)
	}
	done = true
	return nil
}

// mkStage makes a temporary folder beside the destination, readable like
// any output folder (MkdirTemp alone gives 0700).
func mkStage(parent, name string) (string, error) {
	removeStaleStages(parent, name)
	stage, err := os.MkdirTemp(parent, "."+name+".tmp-")
	if err != nil {
		return "", err
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		os.RemoveAll(stage)
		return "", err
	}
	return stage, nil
}

// staleAfter is how old a staging folder must be before a later build takes
// it for the leftover of a killed build: far longer than any build, so a
// build running at the same time never loses its stage.
const staleAfter = 30 * time.Minute

// removeStaleStages deletes staging folders that a killed build left beside
// the destination. Failures are ignored: they change nothing the user sees.
func removeStaleStages(parent, name string) {
	old, _ := filepath.Glob(filepath.Join(parent, "."+name+".tmp-*"))
	for _, p := range old {
		if fi, err := os.Lstat(p); err == nil && time.Since(fi.ModTime()) > staleAfter {
			os.RemoveAll(p)
		}
	}
}

// keepOthers hard-links (or copies) into stage the regular files of the old
// folder that the new set does not replace.
func keepOthers(old, stage string, files []File) error {
	entries, err := os.ReadDir(old)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	replaced := map[string]bool{}
	for _, f := range files {
		replaced[strings.SplitN(f.Path, "/", 2)[0]] = true
	}
	for _, e := range entries {
		if replaced[e.Name()] || !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		src, dst := filepath.Join(old, e.Name()), filepath.Join(stage, e.Name())
		if os.Link(src, dst) == nil {
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// writeTree writes files under dir, refusing any path that would leave it.
func writeTree(dir string, files []File) error {
	seen := map[string]bool{}
	sorted := append([]File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	for _, f := range sorted {
		if !safeRelPath(f.Path) {
			return fmt.Errorf("file path %q is not a plain relative path", f.Path)
		}
		if seen[f.Path] {
			return fmt.Errorf("two files named %q", f.Path)
		}
		seen[f.Path] = true
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if failWrite != nil {
			if err := failWrite(p); err != nil {
				return err
			}
		}
		if err := writeSynced(p, f.Data); err != nil {
			return err
		}
	}
	return nil
}

func writeSynced(p string, data []byte) error {
	fh, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := fh.Write(data); err != nil {
		fh.Close()
		return err
	}
	if err := fh.Sync(); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// swapDir puts the staged folder at dest. Where the system can exchange two
// paths atomically it does; otherwise the old folder is moved aside first,
// leaving dest missing for an instant but never half-written.
func swapDir(stage, dest string) error {
	if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(stage, dest); err == nil {
			return nil
		} else if _, statErr := os.Lstat(dest); statErr != nil {
			return err
		}
		// Another build created dest meanwhile: swap with it as below.
	}
	if fi, err := os.Lstat(dest); err == nil && !fi.IsDir() {
		return fmt.Errorf("%s exists and is not a folder", dest)
	}
	if exchange(stage, dest) == nil {
		// stage now holds the old folder.
		return os.RemoveAll(stage)
	}
	old := stage + ".old"
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(stage, dest); err != nil {
		// Put the old folder back rather than leave nothing.
		if rerr := os.Rename(old, dest); rerr != nil {
			return fmt.Errorf("%w (and restoring the old folder failed: %v; it is at %s)", err, rerr, old)
		}
		return err
	}
	return os.RemoveAll(old)
}

// safeName is a single path element made of ordinary characters.
func safeName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.HasPrefix(s, ".") &&
		!strings.ContainsAny(s, `/\:`+"\x00") && len(s) <= 200
}

// safeRelPath is a slash-separated relative path that stays inside its folder.
func safeRelPath(p string) bool {
	if p == "" || path.IsAbs(p) || strings.ContainsAny(p, `\:`+"\x00") || path.Clean(p) != p {
		return false
	}
	for _, el := range strings.Split(p, "/") {
		if !safeName(el) {
			return false
		}
	}
	return true
}
