package pack

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// MarkerName is the file the tool writes into every folder it creates
// (OUT/<slug>/, OUT/packs/<name>/): the record that the folder is the
// tool's to replace, listing the files the tool put there. A folder without
// it (or holding anything it does not list) belongs to someone else and is
// never replaced. Hidden, so it is never taken for an output.
const MarkerName = ".altformats"

const markerHeader = "# altformats output folder: altformats replaces this folder whole on every build.\n" +
	"# Files it wrote (it refuses to replace the folder while anything else is in it):\n"

// markerData lists names (top-level entries of the folder) in sorted order,
// so the same set of files always gives the same marker.
func markerData(names []string) []byte {
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	var b bytes.Buffer
	b.WriteString(markerHeader)
	for _, n := range sorted {
		b.WriteString(n + "\n")
	}
	return b.Bytes()
}

// NotOwnedError is a refusal to replace (and so delete) a folder or file
// the tool did not write.
type NotOwnedError struct {
	Path   string // the folder or file that would have been replaced
	Reason string // what shows it is not the tool's, e.g. "it holds lib/, which altformats did not write"
}

func (e *NotOwnedError) Error() string {
	return fmt.Sprintf("refusing to replace %s: %s", e.Path, e.Reason)
}

// osLitter are files operating systems drop into folders a person looks
// at; losing them loses nothing, so they do not make a folder someone else's.
var osLitter = map[string]bool{".DS_Store": true, "Thumbs.db": true, "desktop.ini": true, ".directory": true}

// legacyFunc recognises a folder written before the tool marked its
// folders: it is given the folder's entries (without OS litter) and says
// whether the tool wrote them all.
type legacyFunc func(dir string, entries []os.DirEntry) bool

// ownedEntries returns the names in dir that the tool wrote there, to be
// carried over or replaced. It refuses (a *NotOwnedError) when dir is not a
// folder, or holds anything the tool did not write. A missing dir owns
// nothing and is no refusal; an empty folder holds nothing to lose.
func ownedEntries(dir string, legacy legacyFunc) (map[string]bool, error) {
	fi, err := os.Lstat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, &NotOwnedError{dir, "it is not a folder (a file or a link), so altformats did not write it"}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	listed, hasMarker, err := readMarker(dir)
	if err != nil {
		return nil, err
	}
	var kept []os.DirEntry
	for _, e := range entries {
		// a file of the marker's name that is no marker is someone's file
		if (e.Name() != MarkerName || !hasMarker) && !osLitter[e.Name()] {
			kept = append(kept, e)
		}
	}
	owned := map[string]bool{}
	if !hasMarker {
		if len(kept) > 0 && !legacy(dir, kept) {
			return nil, &NotOwnedError{dir, "it has no " + MarkerName + " file, so altformats did not create it (it holds " +
				describe(kept) + ")"}
		}
		for _, e := range kept {
			owned[e.Name()] = true
		}
		return owned, nil
	}
	for _, e := range kept {
		if !listed[e.Name()] {
			return nil, &NotOwnedError{dir, "it holds " + describe([]os.DirEntry{e}) + ", which altformats did not write"}
		}
		owned[e.Name()] = true
	}
	return owned, nil
}

// readMarker reads the names a folder's marker lists.
func readMarker(dir string) (map[string]bool, bool, error) {
	b, err := os.ReadFile(filepath.Join(dir, MarkerName))
	if err != nil {
		// missing, or not a readable file: no marker of ours
		return nil, false, nil
	}
	if !bytes.HasPrefix(b, []byte("# altformats output folder")) {
		return nil, false, nil
	}
	names := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			names[l] = true
		}
	}
	return names, true, nil
}

// describe names up to three entries for a message, folders with a slash.
func describe(es []os.DirEntry) string {
	var names []string
	for i, e := range es {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(es)-3))
			break
		}
		n := e.Name()
		if e.IsDir() {
			n += "/"
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

// outputsLegacy recognises a document folder from before the marker: only
// regular files, each named like an output of the document (known holds
// every name the tool can give the document's files).
func outputsLegacy(known []string) legacyFunc {
	return func(_ string, es []os.DirEntry) bool {
		ok := map[string]bool{}
		for _, k := range known {
			ok[k] = true
		}
		for _, e := range es {
			if !e.Type().IsRegular() || !ok[e.Name()] {
				return false
			}
		}
		return true
	}
}

// packLegacy recognises a pack folder from before the marker: its
// manifest.json names the pack and lists every other file in it.
func packLegacy(name string) legacyFunc {
	return func(dir string, es []os.DirEntry) bool {
		b, err := os.ReadFile(filepath.Join(dir, ManifestName))
		if err != nil {
			return false
		}
		var m ManifestDoc
		if json.Unmarshal(b, &m) != nil || m.Pack != name {
			return false
		}
		listed := map[string]bool{ManifestName: true}
		for _, f := range m.Files {
			listed[f.Path] = true
		}
		for _, e := range es {
			if !e.Type().IsRegular() || !listed[e.Name()] {
				return false
			}
		}
		return true
	}
}

// checkPackZip refuses to replace a file at a pack's zip path unless it is
// a pack zip of that name (every entry under name/, with a manifest): a
// file the user put there is never overwritten.
func checkPackZip(path, name string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return &NotOwnedError{path, "it is not a file altformats wrote"}
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return &NotOwnedError{path, "it is not a zip altformats wrote (" + err.Error() + ")"}
	}
	defer zr.Close()
	hasManifest := false
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, name+"/") {
			return &NotOwnedError{path, fmt.Sprintf("it holds %s, outside the pack's folder %s/", f.Name, name)}
		}
		hasManifest = hasManifest || f.Name == name+"/"+ManifestName
	}
	if !hasManifest {
		return &NotOwnedError{path, "it has no " + name + "/" + ManifestName + ", so altformats did not write it"}
	}
	return nil
}

// CheckOutputs says, before anything is rendered, whether outDir/slug/ may be
// replaced by a build (the same test WriteOutputs makes under its lock just
// before the swap): a *NotOwnedError when the folder is not the tool's, so
// a build that would be refused renders and stages nothing. It reads only,
// under outDir's lock when the folder exists, so another build's swap of
// the same folder is never read half done.
func CheckOutputs(outDir, slug string, known []string) error {
	if !safeName(slug) {
		return fmt.Errorf("write outputs: %q is not a safe folder name", slug)
	}
	return checkUnderLock(outDir, func() error {
		_, err := ownedEntries(filepath.Join(outDir, slug), outputsLegacy(known))
		return err
	}, slug)
}

// checkUnderLock runs check holding outDir's lock, unless none of names
// exists in outDir (nothing to refuse, and the lock would need outDir).
func checkUnderLock(outDir string, check func() error, names ...string) error {
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(outDir, n)); !errors.Is(err, os.ErrNotExist) {
			return withLock(outDir, check)
		}
	}
	return nil
}

// CheckPack is CheckOutputs for a pack: its folder OUT/packs/<name>/ and its
// zip beside it must be the tool's (or absent).
func CheckPack(outDir, name string) error {
	if !safeName(name) {
		return fmt.Errorf("pack %s: %q is not a safe pack name", name, name)
	}
	dest := filepath.Join(outDir, "packs", name)
	err := checkUnderLock(outDir, func() error {
		if _, err := ownedEntries(dest, packLegacy(name)); err != nil {
			return err
		}
		return checkPackZip(dest+".zip", name)
	}, filepath.Join("packs", name), filepath.Join("packs", name+".zip"))
	if err != nil {
		return fmt.Errorf("pack %s: %w", name, err)
	}
	return nil
}
