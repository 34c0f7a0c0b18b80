package pack_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"github.com/altformats/altformats/internal/testutil/goldenfile"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/pack"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

var when = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

func def() *pack.Def {
	return &pack.Def{Name: "employer-toolkit", Title: "Mental health toolkit for employers",
		Organisation: "Example NHS Trust", Note: "Every format of the guide.\n\nShare it with your staff.",
		Contact: "mentalhealth@hee.nhs.uk"}
}

var (
	seedOnce sync.Once
	seedDoc  pack.Document
	seedErr  error
)

// seedDocument renders the seed in every format through the build package,
// as the pack command does.
func seedDocument(t *testing.T) pack.Document {
	t.Helper()
	d := testutil.Seed(t)
	seedOnce.Do(func() {
		outs, err := build.RenderDoc(d, build.Available(), render.Options{Theme: render.DefaultTheme(), Modified: when, Generator: "altformats test"})
		if err != nil {
			seedErr = err
			return
		}
		seedDoc = pack.Document{Slug: d.Meta.Slug, Title: d.Meta.Title, Lang: d.Meta.Lang, Summary: d.Meta.Summary, Contact: d.Meta.Contact}
		for _, o := range outs {
			seedDoc.Files = append(seedDoc.Files, pack.File{Path: o.Name, Format: o.Format.Name, Label: o.Format.Label,
				MediaType: o.Format.MediaType, Lang: d.Meta.Lang, Data: o.Data, Checks: []string{"altformats-model-checks"}})
		}
	})
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	return seedDoc
}

func opts() pack.Options {
	return pack.Options{Modified: when, Theme: render.DefaultTheme(), Generator: "altformats test"}
}

func TestBuildWritesFolderZipAndManifest(t *testing.T) {
	out := t.TempDir()
	doc := seedDocument(t)
	if err := pack.Build(def(), []pack.Document{doc}, out, opts()); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(out, "packs", "employer-toolkit")
	files := pack.Snapshot(t, dir)
	for _, f := range doc.Files {
		if files[f.Path] != string(f.Data) {
			t.Errorf("%s missing or different in the pack", f.Path)
		}
	}
	if want := build.FileCount(build.Available()); len(doc.Files) != want {
		t.Errorf("seed rendered %d files, want every format's (%d)", len(doc.Files), want)
	}

	// The manifest lists every other file with the right size and hash.
	var m pack.ManifestDoc
	if err := json.Unmarshal([]byte(files[pack.ManifestName]), &m); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, mf := range m.Files {
		listed[mf.Path] = true
		data, ok := files[mf.Path]
		if !ok {
			t.Errorf("manifest lists %s, which is not in the pack", mf.Path)
			continue
		}
		sum := sha256.Sum256([]byte(data))
		if mf.SHA256 != hex.EncodeToString(sum[:]) || mf.Bytes != len(data) {
			t.Errorf("%s: manifest says %d bytes %s, file has %d bytes %x", mf.Path, mf.Bytes, mf.SHA256, len(data), sum)
		}
		if mf.MediaType == "" || mf.Format == "" || mf.Language == "" || mf.Checks == nil {
			t.Errorf("%s: incomplete manifest entry %+v", mf.Path, mf)
		}
	}
	for p := range files {
		if p != pack.ManifestName && !listed[p] {
			t.Errorf("%s is in the pack but not in the manifest", p)
		}
	}

	// The zip holds exactly the folder's files under the pack's name.
	zb := pack.Read(t, filepath.Join(out, "packs", "employer-toolkit.zip"))
	zr, entries := testutil.Unzip(t, zb)
	if len(zr.File) != len(files) {
		t.Errorf("zip has %d entries, folder %d files", len(zr.File), len(files))
	}
	for _, zf := range zr.File {
		data := entries[zf.Name]
		if files[strings.TrimPrefix(zf.Name, "employer-toolkit/")] != string(data) {
			t.Errorf("zip entry %s differs from the folder", zf.Name)
		}
	}

	// The landing page describes the files in words.
	index := files[pack.IndexName]
	for _, re := range []string{`PDF, \d+ KB, \d+ pages`, `Word document, \d+ KB<`, `EPUB, \d+ KB`,
		`Language: English<`, `href="mailto:mentalhealth@hee.nhs.uk"`, `Prepared for Example NHS Trust`} {
		if !regexp.MustCompile(re).MatchString(index) {
			t.Errorf("index.html lacks %s", re)
		}
	}
	if regexp.MustCompile(`Word document, \d+ KB, \d+ page`).MatchString(index) {
		t.Error("index.html invents a page count for Word")
	}
	if strings.Contains(index, "http://") || strings.Contains(index, "https://") || strings.Contains(index, "<script") {
		t.Error("index.html is not self-contained")
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("pack folder mode: %v %v", fi, err)
	}
	if entries, _ := os.ReadDir(filepath.Join(out, "packs")); len(entries) != 2 {
		t.Errorf("leftovers in packs/: %v", entries)
	}
}

func TestZipIdenticalOnEveryRun(t *testing.T) {
	doc := seedDocument(t)
	a, b := t.TempDir(), t.TempDir()
	for _, out := range []string{a, b, b} {
		if err := pack.Build(def(), []pack.Document{doc}, out, opts()); err != nil {
			t.Fatal(err)
		}
	}
	za := pack.Read(t, filepath.Join(a, "packs", "employer-toolkit.zip"))
	zb := pack.Read(t, filepath.Join(b, "packs", "employer-toolkit.zip"))
	if !bytes.Equal(za, zb) {
		t.Fatal("two pack runs gave different zip bytes")
	}
	o := opts()
	o.Modified = when.Add(48 * time.Hour)
	var c bytes.Buffer
	files, err := pack.Assemble(def(), []pack.Document{doc}, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := pack.Zip("employer-toolkit", files, o.Modified, &c); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(za, c.Bytes()) {
		t.Error("the zip does not depend on the timestamp given (SOURCE_DATE_EPOCH would be ignored)")
	}
}

func TestFailedBuildKeepsEarlierPack(t *testing.T) {
	out := t.TempDir()
	doc := seedDocument(t)
	if err := pack.Build(def(), []pack.Document{doc}, out, opts()); err != nil {
		t.Fatal(err)
	}
	packs := filepath.Join(out, "packs")
	before := pack.Snapshot(t, packs)

	later := opts()
	later.Modified = when.Add(24 * time.Hour) // a rebuild that would change every file's stamp
	injected := errors.New("injected: disk full")
	for _, tc := range []struct {
		name string
		docs []pack.Document
		fail func(string) error
	}{
		{"write fails part-way", []pack.Document{doc}, func(p string) error {
			if strings.HasSuffix(p, ".epub") {
				return injected
			}
			return nil
		}},
		{"zip write fails", []pack.Document{doc}, func(p string) error {
			if strings.HasSuffix(p, ".zip") {
				return injected
			}
			return nil
		}},
		{"document failed to render", []pack.Document{doc, {Slug: "broken", Title: "Broken", Lang: "en-GB"}}, nil},
		{"broken PDF", []pack.Document{{Slug: "bad", Title: "Bad", Lang: "en-GB", Files: []pack.File{
			{Path: "bad.pdf", Format: "pdf", MediaType: "application/pdf", Data: []byte("%PDF-1.7 not really")}}}}, nil},
		{"unsafe file name", []pack.Document{{Slug: "bad", Title: "Bad", Lang: "en-GB", Files: []pack.File{
			{Path: "../escape.txt", Format: "txt", MediaType: "text/plain", Data: []byte("x")}}}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pack.SetFailWrite(tc.fail)
			defer pack.SetFailWrite(nil)
			if err := pack.Build(def(), tc.docs, out, later); err == nil {
				t.Fatal("build succeeded")
			}
			after := pack.Snapshot(t, packs)
			if len(after) != len(before) {
				t.Errorf("packs/ changed: %d files before, %d after", len(before), len(after))
			}
			for p, data := range before {
				if after[p] != data {
					t.Errorf("%s changed after a failed build", p)
				}
			}
			if _, err := os.Stat(filepath.Join(out, "escape.txt")); err == nil {
				t.Error("a file was written outside the pack")
			}
		})
	}
}

func TestIndexPassesAxeAndNuChecker(t *testing.T) {
	out := t.TempDir()
	if err := pack.Build(def(), []pack.Document{seedDocument(t)}, out, opts()); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(out, "packs", "employer-toolkit", pack.IndexName)
	if v := testutil.Axe(t, index); len(v) > 0 {
		t.Errorf("axe-core:\n%s", strings.Join(v, "\n"))
	}
	if v := testutil.VNU(t, index); len(v) > 0 {
		t.Errorf("Nu checker:\n%s", strings.Join(v, "\n"))
	}
}

// TestPackTextGolden fixes the plain-text guide and manifest for a pack of
// two synthetic documents (no PDF, so no renderer is involved).
func TestPackTextGolden(t *testing.T) {
	d := def()
	d.Contact = ""
	docs := []pack.Document{
		{Slug: "one", Title: "First guide", Lang: "en-GB", Updated: "2026-11-20", Contact: "https://example.org/contact", Files: []pack.File{
			{Path: "one.html", Format: "html", Label: "Web page (HTML)", MediaType: "text/html; charset=utf-8", Lang: "en-GB", Data: []byte("<p>one</p>"), Checks: []string{"altformats-model-checks"}},
			{Path: "one.txt", Format: "txt", Label: "Plain text", MediaType: "text/plain; charset=utf-8", Lang: "en-GB", Data: bytes.Repeat([]byte("x"), 3000)},
		}},
		{Slug: "dau", Title: "Ail ganllaw", Lang: "cy", Contact: "help@example.org", Files: []pack.File{
			{Path: "dau.txt", Format: "txt", Label: "Plain text", MediaType: "text/plain; charset=utf-8", Lang: "cy", Data: []byte("dau")},
		}},
	}
	files, err := pack.Assemble(d, docs, opts())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	got := map[string][]byte{}
	for _, f := range files {
		names = append(names, f.Path)
		got[f.Path] = f.Data
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("files not sorted: %v", names)
	}
	golden(t, "two.README.txt", got[pack.ReadmeName])
	// index.html's hash follows the HTML writer's stylesheet; the golden
	// fixes the rest of the manifest.
	sum := sha256.Sum256(got[pack.IndexName])
	manifest := strings.Replace(string(got[pack.ManifestName]), hex.EncodeToString(sum[:]), "<index.html sha256>", 1)
	manifest = regexp.MustCompile(`"bytes": \d+,(\s+"sha256": "<index)`).ReplaceAllString(manifest, `"bytes": "<index.html bytes>",$1`)
	golden(t, "two.manifest.json", []byte(manifest))
	index := string(got[pack.IndexName])
	for _, want := range []string{`<h2 id="doc-dau" lang="cy">Ail ganllaw</h2>`, `Welsh (<span lang="cy">Cymraeg</span>)`,
		`<a href="https://example.org/contact">https://example.org/contact</a> or <a href="mailto:help@example.org">`,
		`Plain text, 3 KB`, `Last updated: 20 November 2026</p>`, `This pack holds 2 documents`} {
		if !strings.Contains(index, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}
