package pack

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/render/html"
	"github.com/altformats/altformats/internal/zipdet"
)

// Document is one document of a pack with its rendered files.
type Document struct {
	Slug    string
	Title   string
	Lang    string
	Summary string
	Contact string // the document's own contact, used when the pack names none
	Updated string // YYYY-MM-DD: the document's updated (or published) date, if it has one
	Files   []File // Path is the file name inside the pack, e.g. "ahp-mental-health.pdf"
}

// Options are fixed inputs that make a pack reproducible.
type Options struct {
	// Modified stamps the zip entries and the manifest; the CLI passes
	// SOURCE_DATE_EPOCH when set, else the newest document date. It may be a
	// placeholder (2000-01-01), so the pages never show it as a date.
	Modified  time.Time
	Theme     *render.Theme
	Generator string // "altformats 0.1.0"
	// Report, when set, is given the pack's files (documents, index page and
	// guide) and returns the pack's conformance report files, which the
	// manifest then lists too.
	Report func(files []File) ([]File, error)
}

// Pack file names the pack adds beside the documents' files.
const (
	IndexName    = "index.html"
	ReadmeName   = "README.txt"
	ManifestName = "manifest.json"
)

// Build writes outDir/packs/<name>/ and outDir/packs/<name>.zip. Both are
// staged in outDir/packs under temporary names and put in place only when
// complete, so a failure leaves an earlier pack as it was.
func Build(def *Def, docs []Document, outDir string, opt Options) error {
	if def == nil {
		return errors.New("pack: no definition")
	}
	if err := buildPack(def, docs, outDir, opt); err != nil {
		return fmt.Errorf("pack %s: %w", def.Name, err)
	}
	return nil
}

func buildPack(def *Def, docs []Document, outDir string, opt Options) error {
	if !safeName(def.Name) {
		return fmt.Errorf("%q is not a safe pack name", def.Name)
	}
	files, err := Assemble(def, docs, opt)
	if err != nil {
		return err
	}
	var zipBuf bytes.Buffer
	if err := Zip(def.Name, files, opt.Modified, &zipBuf); err != nil {
		return err
	}
	packs := filepath.Join(outDir, "packs")
	if err := os.MkdirAll(packs, 0o755); err != nil {
		return err
	}
	dest, zipDest := filepath.Join(packs, def.Name), filepath.Join(packs, def.Name+".zip")
	if err := withLock(outDir, func() error { return recoverPack(dest, zipDest) }); err != nil {
		return err
	}
	stage, err := mkStage(packs, def.Name)
	if err != nil {
		return err
	}
	staged := false
	defer func() {
		if !staged {
			os.RemoveAll(stage)
		}
	}()
	if err := writeTree(stage, files); err != nil {
		return err
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Path)
	}
	if err := writeSynced(filepath.Join(stage, MarkerName), markerData(names)); err != nil {
		return err
	}
	zipTmp := filepath.Join(stage, ".pack.zip")
	if failWrite != nil {
		if err := failWrite(zipTmp); err != nil {
			return err
		}
	}
	if err := writeSynced(zipTmp, zipBuf.Bytes()); err != nil {
		return err
	}

	// The folder and the zip are swapped under one lock (no other build
	// swaps either meanwhile), the zip first moved to a fixed pending name
	// so that a build killed between the two swaps is finished by the next.
	unlock, err := lockOut(outDir)
	if err != nil {
		return err
	}
	defer unlock()
	if err := recoverPack(dest, zipDest); err != nil {
		return err
	}
	if _, err := ownedEntries(dest, packLegacy(def.Name)); err != nil {
		return err
	}
	if err := checkPackZip(zipDest, def.Name); err != nil {
		return err
	}
	pending := pendingZip(zipDest)
	if err := os.Rename(zipTmp, pending); err != nil {
		return err
	}
	if err := swapDir(stage, dest); err != nil {
		os.Remove(pending)
		return err
	}
	staged = true
	crashPoint("pack folder swapped")
	return os.Rename(pending, zipDest)
}

// pendingZip is where a pack's new zip waits while its folder is swapped.
func pendingZip(zipDest string) string {
	return filepath.Join(filepath.Dir(zipDest), "."+filepath.Base(zipDest)+".pending")
}

// recoverPack repairs what a pack build killed during its swaps left: a
// folder swap (recoverSwap), and a pending zip, which is put in place when
// the folder beside it is the one it was built with (same manifest) and
// removed otherwise.
func recoverPack(dest, zipDest string) error {
	if err := recoverSwap(dest); err != nil {
		return err
	}
	pending := pendingZip(zipDest)
	if _, err := os.Lstat(pending); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	folderManifest, err := os.ReadFile(filepath.Join(dest, ManifestName))
	if err == nil && bytes.Equal(zipManifest(pending, filepath.Base(dest)), folderManifest) {
		return os.Rename(pending, zipDest)
	}
	return os.Remove(pending)
}

// zipManifest reads name/manifest.json from a pack zip (nil if it cannot).
func zipManifest(path, name string) []byte {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != name+"/"+ManifestName {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, 64<<20))
		if err != nil {
			return nil
		}
		return b
	}
	return nil
}

// Assemble returns every file of the pack, sorted by path: the documents'
// files, index.html, README.txt and manifest.json.
func Assemble(def *Def, docs []Document, opt Options) ([]File, error) {
	if len(docs) == 0 {
		return nil, errors.New("no documents to pack")
	}
	if opt.Theme == nil {
		opt.Theme = render.DefaultTheme()
	}
	var files []File
	seen := map[string]bool{IndexName: true, ReadmeName: true, ManifestName: true}
	for _, d := range docs {
		if len(d.Files) == 0 {
			return nil, fmt.Errorf("document %s has no rendered files", d.Slug)
		}
		for _, f := range d.Files {
			if !safeRelPath(f.Path) || strings.Contains(f.Path, "/") {
				return nil, fmt.Errorf("file name %q is not a plain file name", f.Path)
			}
			if seen[f.Path] {
				return nil, fmt.Errorf("two files named %q in the pack", f.Path)
			}
			seen[f.Path] = true
			files = append(files, f)
		}
	}
	page, err := newPageData(def, docs, opt)
	if err != nil {
		return nil, err
	}
	index, err := indexHTML(page)
	if err != nil {
		return nil, err
	}
	files = append(files,
		File{Path: IndexName, Format: "index", Label: "Pack contents page", MediaType: "text/html; charset=utf-8", Lang: "en-GB", Data: index},
		File{Path: ReadmeName, Format: "readme", Label: "Pack guide", MediaType: "text/plain; charset=utf-8", Lang: "en-GB", Data: readmeText(page)},
	)
	if opt.Report != nil {
		more, err := opt.Report(files)
		if err != nil {
			return nil, err
		}
		for _, f := range more {
			if seen[f.Path] || !safeRelPath(f.Path) {
				return nil, fmt.Errorf("report file %q clashes with another file of the pack", f.Path)
			}
			seen[f.Path] = true
		}
		files = append(files, more...)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	manifest, err := Manifest(def, files, opt)
	if err != nil {
		return nil, err
	}
	files = append(files, File{Path: ManifestName, Format: "manifest", MediaType: "application/json", Lang: "en-GB", Data: manifest})
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// Zip writes the pack's files under a top folder named after the pack, in
// path order, stamped with modified: the same files give the same bytes.
func Zip(name string, files []File, modified time.Time, w interface{ Write([]byte) (int, error) }) error {
	entries := make([]zipdet.Entry, 0, len(files))
	for _, f := range files {
		entries = append(entries, zipdet.Entry{Name: name + "/" + f.Path, Data: f.Data})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
	return zipdet.Write(w, entries, modified)
}

// ManifestFile is one entry of manifest.json.
type ManifestFile struct {
	Path      string   `json:"path"`
	MediaType string   `json:"media_type"`
	Bytes     int      `json:"bytes"`
	SHA256    string   `json:"sha256"`
	Format    string   `json:"format"`
	Language  string   `json:"language"`
	Checks    []string `json:"checks"`
	// Description is what the index page shows beside the link: "PDF,
	// 62 KB, 3 pages". Pages is given for files with fixed pages (PDF).
	Description string `json:"description"`
	Pages       int    `json:"pages,omitempty"`
}

// ManifestDoc is manifest.json.
type ManifestDoc struct {
	Pack         string         `json:"pack"`
	Title        string         `json:"title"`
	Organisation string         `json:"organisation,omitempty"`
	Generated    string         `json:"generated"`
	Generator    string         `json:"generator,omitempty"`
	Files        []ManifestFile `json:"files"`
}

// Manifest lists files (not itself) with their hashes. "checks" holds only
// what the tool ran when it built the file; an empty list claims nothing.
func Manifest(def *Def, files []File, opt Options) ([]byte, error) {
	m := ManifestDoc{Pack: def.Name, Title: def.Title, Organisation: def.Organisation,
		Generated: zipTime(opt.Modified).UTC().Format(time.RFC3339), Generator: opt.Generator}
	for _, f := range files {
		sum := sha256.Sum256(f.Data)
		checks := append([]string{}, f.Checks...)
		sort.Strings(checks)
		words, err := FileWords(f)
		if err != nil {
			return nil, err
		}
		var pages int
		if strings.HasPrefix(f.MediaType, "application/pdf") {
			pages, _ = PDFPages(f.Data) // FileWords has counted them already without error
		}
		m.Files = append(m.Files, ManifestFile{Path: f.Path, MediaType: f.MediaType, Bytes: len(f.Data),
			SHA256: hex.EncodeToString(sum[:]), Format: f.Format, Language: f.Lang, Checks: checks,
			Description: words, Pages: pages})
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func zipTime(t time.Time) time.Time {
	if t.IsZero() || t.Before(zipdet.MinTime) {
		return zipdet.MinTime
	}
	return t
}

//go:embed index.html.tmpl
var indexTmplText string

var indexTmpl = template.Must(template.New("index").Parse(indexTmplText))

type contactLink struct{ Text, Href string }

type fileLine struct {
	Path, Label, MediaType, Words, Purpose string
}

type docSection struct {
	Slug, Title, Lang, Summary, Updated string
	LangEnglish, LangSelf, LangBase     string
	Files                               []fileLine
}

type pageData struct {
	Title, Organisation, Generator, DocCount string
	CSS                                      template.CSS
	Note                                     []string
	Docs                                     []docSection
	Contacts                                 []contactLink
}

// purposes tell a reader in a few words why they might pick a format.
var purposes = map[string]string{
	"html":        "Opens in any web browser; works with screen readers, zoom and your own colours",
	"pdf":         "For printing or reading on screen",
	"large-print": "Larger text (at least 18 point) for people with low vision",
	"docx":        "Opens in Word and similar programs; you can change the text size and layout",
	"txt":         "Works on any device, screen reader or braille display",
	"epub":        "E-book for e-readers and reading apps; you choose the text size",
	"braille":     "Contracted braille (Unified English Braille; Welsh braille for Welsh): the BRF for braille displays and most embossers, the PEF for embossers and braille software that read PEF",
}

func newPageData(def *Def, docs []Document, opt Options) (*pageData, error) {
	p := &pageData{Title: def.Title, Organisation: def.Organisation, Generator: opt.Generator,
		CSS: template.CSS(html.CSS(opt.Theme) + packCSS)}
	for _, para := range strings.Split(strings.ReplaceAll(def.Note, "\r\n", "\n"), "\n\n") {
		if para = strings.Join(strings.Fields(para), " "); para != "" {
			p.Note = append(p.Note, para)
		}
	}
	if len(docs) == 1 {
		p.DocCount = "one document"
	} else {
		p.DocCount = fmt.Sprintf("%d documents", len(docs))
	}
	contacts := []string{def.Contact}
	if def.Contact == "" {
		contacts = nil
		for _, d := range docs {
			contacts = append(contacts, d.Contact)
		}
	}
	seen := map[string]bool{}
	for _, c := range contacts {
		c = strings.TrimSpace(c)
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		p.Contacts = append(p.Contacts, contactFor(c))
	}
	for _, d := range docs {
		en, self := LanguageWords(d.Lang)
		base := strings.SplitN(d.Lang, "-", 2)[0]
		s := docSection{Slug: d.Slug, Title: d.Title, Lang: d.Lang, Summary: d.Summary,
			LangEnglish: en, LangSelf: self, LangBase: base}
		if t, err := time.Parse("2006-01-02", d.Updated); err == nil {
			s.Updated = t.Format("2 January 2006")
		}
		for _, f := range d.Files {
			words, err := FileWords(f)
			if err != nil {
				return nil, err
			}
			label := f.Label
			if label == "" {
				label = typeWords(f)
			}
			s.Files = append(s.Files, fileLine{Path: f.Path, Label: label, MediaType: mediaTypeOnly(f.MediaType),
				Words: words, Purpose: purposes[f.Format]})
		}
		p.Docs = append(p.Docs, s)
	}
	return p, nil
}

const packCSS = `
.pack-files { list-style: none; padding-left: 0; }
.pack-files li { border-left: 4px solid var(--accent); padding: 0.5rem 0 0.5rem 1rem; margin-bottom: 1rem; }
.pack-files a { font-weight: 700; font-size: 1.1875rem; }
.pack-file-meta { color: var(--muted); }
`

func mediaTypeOnly(mt string) string { return strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]) }

func contactFor(c string) contactLink {
	switch {
	case strings.HasPrefix(c, "mailto:"):
		return contactLink{Text: strings.TrimPrefix(c, "mailto:"), Href: c}
	case strings.HasPrefix(c, "https://") || strings.HasPrefix(c, "http://"):
		return contactLink{Text: c, Href: c}
	case strings.Contains(c, "@") && !strings.ContainsAny(c, " <>\"'"):
		return contactLink{Text: c, Href: "mailto:" + c}
	}
	return contactLink{Text: c}
}

func indexHTML(p *pageData) ([]byte, error) {
	var b bytes.Buffer
	if err := indexTmpl.Execute(&b, p); err != nil {
		return nil, fmt.Errorf("index page: %w", err)
	}
	return b.Bytes(), nil
}

// readmeText is the plain-text guide, wrapped at 72 columns.
func readmeText(p *pageData) []byte {
	var b strings.Builder
	heading := func(s, under string) {
		b.WriteString(s + "\n" + strings.Repeat(under, len([]rune(s))) + "\n\n")
	}
	para := func(s, indent string) { b.WriteString(wrap(s, 72, indent) + "\n") }
	heading(p.Title, "=")
	if p.Organisation != "" {
		para("Prepared for "+p.Organisation+".", "")
		b.WriteString("\n")
	}
	for _, n := range p.Note {
		para(n, "")
		b.WriteString("\n")
	}
	para("This pack holds "+p.DocCount+" in the formats listed below. Each has the same content; choose the one that suits you. Open index.html in a web browser for the same list with links.", "")
	b.WriteString("\n")
	for _, d := range p.Docs {
		heading(d.Title, "-")
		lang := d.LangEnglish
		if d.LangSelf != "" {
			lang += " (" + d.LangSelf + ")"
		}
		para("Language: "+lang, "")
		if d.Updated != "" {
			para("Last updated: "+d.Updated, "")
		}
		b.WriteString("\n")
		for _, f := range d.Files {
			line := f.Label + ": " + f.Path + " (" + f.Words + ")."
			if f.Purpose != "" {
				line += " " + f.Purpose + "."
			}
			para("- "+line, "  ")
		}
		b.WriteString("\n")
	}
	heading("Ask for another format", "-")
	ask := "If you need this information in another format, such as braille, audio, easy read or another language, "
	if len(p.Contacts) == 0 {
		ask += "ask the organisation that gave you this pack."
	} else {
		var cs []string
		for _, c := range p.Contacts {
			cs = append(cs, c.Text)
		}
		ask += "contact " + strings.Join(cs, " or ") + "."
	}
	para(ask, "")
	b.WriteString("\n")
	heading("Checking the files", "-")
	para("manifest.json lists every file in this pack with its size in bytes and its SHA-256 checksum.", "")
	b.WriteString("\n")
	para("Made with altformats.", "")
	return []byte(b.String())
}

// wrap breaks s into lines of at most width runes (longer words stay whole);
// lines after the first start with indent.
func wrap(s string, width int, indent string) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) > width:
			lines = append(lines, line)
			line = indent + w
		default:
			line += " " + w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
