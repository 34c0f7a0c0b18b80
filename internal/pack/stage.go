package pack

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
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

// crashAt lets tests stop a swap dead at a named point, as a kill would
// (the test's child process exits there, running no deferred cleanup).
var crashAt func(point string)

func crashPoint(point string) {
	if crashAt != nil {
		crashAt(point)
	}
}

// ReadBack checks a document's staged folder before it is swapped in; it may
// return more files to add (the conformance reports), which replace staged
// files of the same name. carried names the files kept from the previous
// folder (other formats of an earlier build), already in the stage. An error
// keeps the folder from being published.
type ReadBack func(stage string, carried []string) ([]File, error)

// WriteOutputsChecked writes a document's files into outDir/slug/ as one step: the
// new folder is staged beside it and swapped in only when every file is
// written, so a failure leaves the previous outputs as they were. Files of
// the previous folder that this build does not replace (other formats from an
// earlier build) are kept.
//
// The folder is replaced only when the tool wrote it: it carries a marker
// (MarkerName) listing the files the tool put there, or, for a folder from
// before markers, holds nothing but files named in known (every name the
// tool can give this document's files). Anything else is a *NotOwnedError
// and nothing changes. The check, the carrying over and the swap happen
// under a lock on outDir, so concurrent builds never lose each other's files.
//
// check, when not nil, reads the staged files back before the swap: what the
// build publishes is exactly what was checked.
//
// It is NewStage, each file written with Create, and Publish: a caller that
// has its files one by one (a writer's output as it is made) uses those.
func WriteOutputsChecked(outDir, slug string, files []File, known []string, check ReadBack) error {
	s, err := NewStage(outDir, slug)
	if err != nil {
		return err
	}
	defer s.Abort()
	sorted := append([]File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	for _, f := range sorted {
		if err := s.WriteFile(f.Path, f.Data); err != nil {
			return err
		}
	}
	return s.Publish(known, check)
}

// Stage is a document's staging folder while its files are written, one at
// a time or several at once (each writer's output goes straight into its
// file, so no file need be held whole in memory), until Publish swaps it in
// whole or Abort removes it. Its methods may be called from several
// goroutines.
type Stage struct {
	outDir, dest, dir string

	mu      sync.Mutex
	paths   []string        // files created, in order
	created map[string]bool // the same, to refuse a second file of one name
	done    bool            // published or aborted
}

// NewStage makes the staging folder for outDir/slug, after repairing what a
// build killed in a swap of that folder left (so even a build that then
// fails leaves the folder whole).
func NewStage(outDir, slug string) (*Stage, error) {
	if !safeName(slug) {
		return nil, fmt.Errorf("write outputs: %q is not a safe folder name", slug)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("write outputs: %w", err)
	}
	dest := filepath.Join(outDir, slug)
	if err := withLock(outDir, func() error { return recoverSwap(dest) }); err != nil {
		return nil, fmt.Errorf("write outputs %s: %w", dest, err)
	}
	dir, err := mkStage(outDir, slug)
	if err != nil {
		return nil, fmt.Errorf("write outputs: %w", err)
	}
	return &Stage{outDir: outDir, dest: dest, dir: dir, created: map[string]bool{}}, nil
}

// Dir is the staging folder, where the files written so far can be read
// back before Publish.
func (s *Stage) Dir() string { return s.dir }

// Dest is the folder the stage will replace: outDir/slug.
func (s *Stage) Dest() string { return s.dest }

// StagedFile is one file being written into a stage. Close flushes it to
// disk (fsync): a file is complete only once closed without error.
type StagedFile struct {
	f *os.File
	w *bufio.Writer
}

// stagedBuffer is each staged file's write buffer: writers that write a few
// bytes at a time (HTML, text) reach the file in blocks of this size; larger
// writes (a PDF's page streams) go straight through.
const stagedBuffer = 64 << 10

// Create starts the file at path (slash-separated, relative to the
// folder) in the stage; it fails for a path that would leave the folder or
// that was already created.
func (s *Stage) Create(path string) (*StagedFile, error) {
	if !safeRelPath(path) {
		return nil, fmt.Errorf("write outputs %s: file path %q is not a plain relative path", s.dest, path)
	}
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		return nil, fmt.Errorf("write outputs %s: the stage is closed", s.dest)
	}
	if s.created[path] {
		s.mu.Unlock()
		return nil, fmt.Errorf("write outputs %s: two files named %q", s.dest, path)
	}
	s.created[path] = true
	s.paths = append(s.paths, path)
	s.mu.Unlock()
	p := filepath.Join(s.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, fmt.Errorf("write outputs %s: %w", s.dest, err)
	}
	if failWrite != nil {
		if err := failWrite(p); err != nil {
			return nil, fmt.Errorf("write outputs %s: %w", s.dest, err)
		}
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("write outputs %s: %w", s.dest, err)
	}
	return &StagedFile{f: f, w: bufio.NewWriterSize(f, stagedBuffer)}, nil
}

func (f *StagedFile) Write(p []byte) (int, error) { return f.w.Write(p) }

// Close flushes and syncs the file and closes it.
func (f *StagedFile) Close() error {
	err := f.w.Flush()
	if err == nil {
		err = f.f.Sync()
	}
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteFile writes a whole file into the stage.
func (s *Stage) WriteFile(path string, data []byte) error {
	f, err := s.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write outputs %s: %w", s.dest, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write outputs %s: %w", s.dest, err)
	}
	return nil
}

// Abort removes the stage, unless it was published; it may be called
// after Publish (a deferred cleanup).
func (s *Stage) Abort() {
	s.mu.Lock()
	done := s.done
	s.done = true
	s.mu.Unlock()
	if !done {
		os.RemoveAll(s.dir)
	}
}

// Publish swaps the stage in at outDir/slug, with the files of the old
// folder it does not replace carried over (see WriteOutputsChecked for
// known and check). Every file created must have been closed. On an error
// the stage is removed and the old folder stays as it was.
func (s *Stage) Publish(known []string, check ReadBack) error {
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		return fmt.Errorf("write outputs %s: the stage is closed", s.dest)
	}
	paths := append([]string(nil), s.paths...)
	s.mu.Unlock()
	published := false
	defer func() {
		if !published {
			s.Abort()
		}
	}()
	outDir, dest, stage := s.outDir, s.dest, s.dir
	unlock, err := lockOut(outDir)
	if err != nil {
		return fmt.Errorf("write outputs %s: %w", dest, err)
	}
	defer unlock()
	if err := recoverSwap(dest); err != nil {
		return fmt.Errorf("write outputs %s: %w", dest, err)
	}
	owned, err := ownedEntries(dest, outputsLegacy(known))
	if err != nil {
		return fmt.Errorf("write outputs: %w", err)
	}
	names, err := keepOthers(dest, stage, paths, owned)
	if err != nil {
		return fmt.Errorf("write outputs %s: %w", dest, err)
	}
	if check != nil {
		// Under the lock, after the carrying over: the files checked are
		// exactly the files the swap publishes, kept ones included.
		mine := map[string]bool{}
		for _, p := range paths {
			mine[strings.SplitN(p, "/", 2)[0]] = true
		}
		var carried []string
		for _, n := range names {
			if !mine[n] {
				carried = append(carried, n)
			}
		}
		more, err := check(stage, carried)
		if err != nil {
			return err
		}
		for _, f := range more {
			if !safeRelPath(f.Path) {
				return fmt.Errorf("write outputs %s: file path %q is not a plain relative path", dest, f.Path)
			}
			if err := os.Remove(filepath.Join(stage, filepath.FromSlash(f.Path))); err != nil && !os.IsNotExist(err) {
				return fmt.Errorf("write outputs %s: %w", dest, err)
			}
			if top := strings.SplitN(f.Path, "/", 2)[0]; !mine[top] && !contains(names, top) {
				names = append(names, top)
			}
		}
		if err := writeTree(stage, more); err != nil {
			return fmt.Errorf("write outputs %s: %w", dest, err)
		}
	}
	if err := writeSynced(filepath.Join(stage, MarkerName), markerData(names)); err != nil {
		return fmt.Errorf("write outputs %s: %w", dest, err)
	}
	if err := swapDir(stage, dest); err != nil {
		return fmt.Errorf("write outputs %s: %w", dest, err)
	}
	s.mu.Lock()
	s.done = true
	s.mu.Unlock()
	published = true
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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
// folder that the tool wrote (owned) and the new set (paths) does not replace. It
// returns the top-level names the staged folder then holds.
func keepOthers(old, stage string, paths []string, owned map[string]bool) ([]string, error) {
	replaced := map[string]bool{}
	var names []string
	for _, p := range paths {
		top := strings.SplitN(p, "/", 2)[0]
		if !replaced[top] {
			names = append(names, top)
		}
		replaced[top] = true
	}
	var carry []string
	for n := range owned {
		carry = append(carry, n)
	}
	sort.Strings(carry)
	for _, n := range carry {
		src, dst := filepath.Join(old, n), filepath.Join(stage, n)
		if replaced[n] || strings.HasPrefix(n, ".") {
			continue
		}
		if fi, err := os.Lstat(src); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		names = append(names, n)
		if os.Link(src, dst) == nil {
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return nil, err
		}
		if err := writeSynced(dst, data); err != nil {
			return nil, err
		}
	}
	return names, nil
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

// exchangeDirs is exchange; tests replace it to run the fallback swap.
var exchangeDirs = exchange

// asideName is where the fallback swap moves the old folder while it puts
// the new one in place. It is fixed (one per destination, used only under
// the lock), so it doubles as the journal of an unfinished swap: see
// recoverSwap.
func asideName(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".old")
}

// swapDir puts the staged folder at dest; the caller holds the lock. Where
// the system can exchange two paths atomically it does; otherwise the old
// folder is moved aside to asideName(dest) first, leaving dest missing for
// an instant but never half-written, and a build killed in that instant is
// repaired by the next one (recoverSwap).
func swapDir(stage, dest string) error {
	if fi, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) {
		return os.Rename(stage, dest)
	} else if err != nil {
		return err
	} else if !fi.IsDir() {
		return fmt.Errorf("%s exists and is not a folder", dest)
	}
	if exchangeDirs(stage, dest) == nil {
		// stage now holds the old folder.
		return os.RemoveAll(stage)
	}
	old := asideName(dest)
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	crashPoint("moved aside")
	if err := os.Rename(stage, dest); err != nil {
		// Put the old folder back rather than leave nothing.
		if rerr := os.Rename(old, dest); rerr != nil {
			return fmt.Errorf("%w (and restoring the old folder failed: %v; it is at %s)", err, rerr, old)
		}
		return err
	}
	crashPoint("swapped")
	return removeAside(old, stage)
}

// removeAside deletes the moved-aside old folder. It is first renamed to a
// staging name (one atomic step), so asideName never holds a half-deleted
// folder that recoverSwap could put back.
func removeAside(old, trash string) error {
	if err := os.Rename(old, trash); err != nil {
		return err
	}
	return os.RemoveAll(trash)
}

// recoverSwap repairs what a fallback swap killed part-way left behind; the
// caller holds the lock, so no swap of dest is running. With the old folder
// aside and nothing at dest, the build died between the two renames: the
// old folder is the last complete set and goes back. With both present, it
// died after the swap: the old copy is removed.
func recoverSwap(dest string) error {
	old := asideName(dest)
	if _, err := os.Lstat(old); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(old, dest); err != nil {
			return fmt.Errorf("restoring %s from an interrupted build: %w", dest, err)
		}
		return nil
	}
	trash, err := os.MkdirTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return err
	}
	os.Remove(trash) // only its unique name is wanted
	return removeAside(old, trash)
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
