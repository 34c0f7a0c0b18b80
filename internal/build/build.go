// Package build is the one place that knows both sides: it loads and checks
// documents and runs the writers, in parallel, bounded by GOMAXPROCS. It
// returns bytes; the caller hands them to pack to write.
package build

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/altformats/altformats/internal/check"
	"github.com/altformats/altformats/internal/check/plain"
	"github.com/altformats/altformats/internal/content"
	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/render/braille"
	"github.com/altformats/altformats/internal/render/docx"
	"github.com/altformats/altformats/internal/render/epub"
	"github.com/altformats/altformats/internal/render/html"
	"github.com/altformats/altformats/internal/render/pdf"
	"github.com/altformats/altformats/internal/render/txt"
)

// Format is an output format, looked up by name.
type Format struct {
	Name      string // as given to --formats
	Suffix    string // appended to the slug: ".pdf", "-large-print.pdf"
	MediaType string
	Label     string // for people: "PDF", "Large print PDF"
	Render    render.Func
	// RenderFiles, set instead of Render, writes this file and then each of
	// Also's from one piece of work (braille: .brf and .pef, one translation).
	RenderFiles render.FilesFunc
	Also        []Format // Suffix, MediaType and Label of the further files
	// Requires, when set, says whether the format can be written here: nil,
	// or an error saying what to install (braille needs liblouis).
	Requires func() error
	// MemFactor estimates the writer's peak memory as a multiple of the
	// document's text size (see memory.go for the measurements); the build
	// runs renders side by side only while their estimates fit the budget.
	MemFactor int64
}

var formats = []Format{
	{Name: "pdf", Suffix: ".pdf", MediaType: "application/pdf", Label: "PDF", Render: pdf.Render, MemFactor: 8},
	{Name: "large-print", Suffix: "-large-print.pdf", MediaType: "application/pdf", Label: "Large print PDF", Render: pdf.RenderLargePrint, MemFactor: 8},
	{Name: "docx", Suffix: ".docx", MediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Label: "Word document", Render: docx.Render, MemFactor: 8},
	{Name: "html", Suffix: ".html", MediaType: "text/html; charset=utf-8", Label: "Web page (HTML)", Render: html.Render, MemFactor: 4},
	{Name: "txt", Suffix: ".txt", MediaType: "text/plain; charset=utf-8", Label: "Plain text", Render: txt.Render, MemFactor: 2},
	{Name: "epub", Suffix: ".epub", MediaType: "application/epub+zip", Label: "EPUB e-book", Render: epub.Render, MemFactor: 6}, // its claim is published only once read back: ReadBack
	{Name: "braille", Suffix: ".brf", MediaType: "application/x-brf", Label: "Braille ready file (BRF)",
		RenderFiles: braille.Render, Requires: braille.Available, MemFactor: 4, Also: []Format{
			{Name: "braille", Suffix: ".pef", MediaType: braille.PEFMediaType, Label: "Braille for embossers (PEF)"}}},
}

// Formats lists every format the tool knows, in a fixed order.
func Formats() []Format { return append([]Format(nil), formats...) }

// Writable keeps the formats this machine can write. A format that needs
// something missing (braille needs liblouis) is an error when it was asked
// for by name (explicit), and is left out with one warning when it came from
// "every format". at is where the formats were asked for (a pack
// definition's formats line; for the command line, a position naming the
// program).
func Writable(fs []Format, explicit bool, at doc.Pos) (ok []Format, skipped doc.Diagnostics, err error) {
	for _, f := range fs {
		if f.Requires != nil {
			if e := f.Requires(); e != nil {
				if explicit {
					return nil, nil, doc.Errorf(at, "BRAILLE-UNAVAILABLE", "or leave "+f.Name+" out of the formats",
						"the %s format cannot be written on this machine: %v", f.Name, e)
				}
				skipped = append(skipped, doc.Warnf(at, "BRAILLE-SKIPPED", "",
					"skipping the %s format: %v", f.Name, e))
				continue
			}
		}
		ok = append(ok, f)
	}
	return ok, skipped, nil
}

// Available is every format this machine can write, in table order.
func Available() []Format {
	fs, _, _ := Writable(Formats(), false, doc.Pos{})
	return fs
}

// FileCount is how many files the formats write for one document.
func FileCount(fs []Format) int {
	n := 0
	for _, f := range fs {
		n += 1 + len(f.Also)
	}
	return n
}

// Explicit says whether a --formats list names formats rather than meaning
// every format (empty, or "all").
func Explicit(names []string) bool {
	for _, n := range names {
		if strings.EqualFold(strings.TrimSpace(n), "all") {
			return false
		}
	}
	return len(names) > 0
}

// FormatNames lists the names, for help text and completion.
func FormatNames() []string {
	var ns []string
	for _, f := range formats {
		ns = append(ns, f.Name)
	}
	return ns
}

// OutputNames lists every file name the tool can give a document's outputs,
// one per format: how a folder written before ownership markers is known.
func OutputNames(slug string) []string {
	var ns []string
	for _, f := range formats {
		ns = append(ns, slug+f.Suffix)
		for _, a := range f.Also {
			ns = append(ns, slug+a.Suffix)
		}
	}
	return ns
}

// LookupFormats parses a list such as ["pdf","html"]; empty means all.
func LookupFormats(names []string) ([]Format, error) {
	if len(names) == 0 {
		return Formats(), nil
	}
	seen := map[string]bool{}
	var out []Format
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "" || seen[n] {
			continue
		}
		if n == "all" {
			return Formats(), nil
		}
		found := false
		for _, f := range formats {
			if f.Name == n {
				out = append(out, f)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown format %q (known: %s)", n, strings.Join(FormatNames(), ", "))
		}
		seen[n] = true
	}
	// Keep the registry order so output order never depends on the flag.
	sort.SliceStable(out, func(i, j int) bool { return indexOf(out[i].Name) < indexOf(out[j].Name) })
	return out, nil
}

func indexOf(name string) int {
	for i, f := range formats {
		if f.Name == name {
			return i
		}
	}
	return len(formats)
}

// Output is one rendered file.
type Output struct {
	Format Format
	Name   string // file name: slug + suffix
	Data   []byte
}

// Options for a build.
type Options struct {
	Root        string // content root for images; "" = each document's folder
	DefaultLang string // --lang, for documents without one
	Formats     []Format
	Render      render.Options   // Modified is filled per document when zero
	Jobs        int              // parallel tasks; 0 = GOMAXPROCS
	Project     *content.Project // altformats.yaml defaults, nil for none
	Shard       Shard            // this run's share of the documents; zero = all
}

// reservedSlugs are output folder names the tool uses for something other
// than a document, with what they hold.
var reservedSlugs = map[string]string{"packs": "where `altformats pack` writes packs"}

// Result is one document's outcome, in the order the documents were given.
type Result struct {
	Path    string
	Doc     *doc.Document   // after Documents, only its Source and Meta (the rest is let go once written)
	Diags   doc.Diagnostics // loader and checker messages, warnings included
	Outputs []Output        // after Documents and Check, names and formats without the bytes
	Err     error           // non-nil when the document failed (content errors, a writer error, or writing its files)
	Written int             // files written to disk (Documents only)
	// Report is the plain-English report (nil when the document could not
	// be read); its findings are among Diags.
	Report *plain.Report
	// Skipped: the document belongs to another shard; nothing else is set
	// but Path, and it is neither rendered nor reported.
	Skipped bool
}

// Load reads one document and runs the model checks. err is non-nil when
// there is any error diagnostic (it is then the Diagnostics) or I/O failure.
func Load(path string, opt Options) (*doc.Document, doc.Diagnostics, error) {
	d, ds, _, err := LoadReport(path, opt)
	return d, ds, err
}

// LoadReport is Load that also returns the plain-English report (nil when
// the document could not be read). Its findings are among the diagnostics.
func LoadReport(path string, opt Options) (*doc.Document, doc.Diagnostics, *plain.Report, error) {
	root := opt.Root
	if root == "" {
		root = filepath.Dir(path)
	}
	d, ds, err := content.Load(path, content.Options{Root: root, DefaultLang: opt.DefaultLang, Project: opt.Project})
	if d == nil {
		if err == nil {
			err = ds.Err()
		}
		return nil, ds, nil, err
	}
	ds = append(ds, check.Document(d)...)
	var rep *plain.Report
	if d.Meta.Lang != "" {
		// The source is read again to put findings at their word; the OS
		// has it cached from a moment ago.
		src, _ := os.ReadFile(path)
		r := plain.Analyze(d, src, plain.Options{Target: d.Meta.ReadingAge})
		rep = &r
		ds = append(ds, r.Findings...)
	}
	ds.Sort()
	if err := ds.Err(); err != nil {
		return d, ds, rep, err
	}
	return d, ds, rep, err
}

// ModifiedTime is the fixed timestamp written into outputs: SOURCE_DATE_EPOCH
// when set (reproducible builds), else the document's updated or date, else
// 2000-01-01.
func ModifiedTime(m doc.Meta) time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 {
			return time.Unix(n, 0).UTC()
		}
	}
	if t, err := time.Parse("2006-01-02", m.PublishedDate()); err == nil {
		return t.UTC()
	}
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
}

// RenderDoc renders one document into the given formats.
func RenderDoc(d *doc.Document, fs []Format, ropt render.Options) ([]Output, error) {
	r := renderAll([]*doc.Document{d}, fs, ropt, 0, renderHooks{})[0]
	if r.err != nil {
		return nil, r.diags.Err()
	}
	return r.outs, nil
}

type docOut struct {
	outs  []Output
	diags doc.Diagnostics // the writers' diagnostics, formats in table order
	err   error           // the first failing format's error (ErrReported when it reported errors)
}

// renderHooks are what a pipeline does with the files as the pool makes
// them. The zero value keeps every file in memory and returns them.
type renderHooks struct {
	// open, when set, gives where each file of document di is written as its
	// writer makes it (build: the document's staging folder); the Outputs
	// then carry no bytes. Otherwise each file is kept in memory.
	open func(di int, name string) fileOut
	// rendered is called for each format of document di as soon as its
	// files are finished, ahead of any render still waiting, while other
	// formats may be rendering, holding readBackFactor(format) × the
	// document's text size of the memory budget: the read-back of one file
	// overlaps the rendering of the next. It may drop the files' bytes
	// (outs[i].Data = nil): outs is what done gets.
	rendered func(di int, outs []Output)
	// done, when set, gets each document's result as soon as its last
	// format is finished (and read back), ahead of any other waiting work,
	// holding doneFactor × the document's text size of the budget;
	// renderAll then keeps nothing and returns an empty slice.
	done       func(di int, o docOut)
	doneFactor int64
}

// renderAll runs every (document, format) pair on a pool of jobs workers
// within the memory budget (renderMemBudget; see scheduler): a format's
// render holds its MemFactor × the document's text size, its read-back
// readBackFactor(format) ×, a document's finish h.doneFactor ×. Without
// h.done the results come back in the returned slice, in input order.
func renderAll(ds []*doc.Document, fs []Format, ropt render.Options, jobs int, h renderHooks) []docOut {
	left := make([]atomic.Int32, len(ds))
	for i := range left {
		left[i].Store(int32(len(fs)))
	}
	res := make([]docOut, len(ds))
	perFormat := make([][][]Output, len(ds))
	for i := range perFormat {
		perFormat[i] = make([][]Output, len(fs))
	}
	errs := make([][]error, len(ds))
	diags := make([][]doc.Diagnostics, len(ds))
	for i := range errs {
		errs[i] = make([]error, len(fs))
		diags[i] = make([]doc.Diagnostics, len(fs))
	}
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	sizes := make([]int64, len(ds))
	for i, d := range ds {
		if d != nil {
			sizes[i] = textSize(d)
		}
	}
	// collect gathers a finished document's formats, in table order, and
	// forgets them here.
	collect := func(i int) docOut {
		var r docOut
		for _, outs := range perFormat[i] {
			r.outs = append(r.outs, outs...)
		}
		for fi, e := range errs[i] {
			r.diags = appendNew(r.diags, diags[i][fi])
			if e != nil && r.err == nil {
				r.err = e
			}
		}
		perFormat[i], errs[i], diags[i] = nil, nil, nil
		return r
	}
	var loaded int64
	for _, n := range sizes {
		loaded += n
	}
	sched := newScheduler(buildBudget(loaded))
	refused := make([]atomic.Bool, len(ds))
	// finished counts a document's formats down; the last one finishes it.
	finished := func(di int) {
		if left[di].Add(-1) != 0 {
			return
		}
		// the last format of this document: no other job touches its slots now
		if h.done == nil {
			res[di] = collect(di)
			return
		}
		sched.add(classFinish, sizes[di]*h.doneFactor, func() {
			trace(schedEvent{Kind: "finish", Doc: di})
			h.done(di, collect(di))
		})
	}
	// A document's renders are queued largest first: the big ones start
	// while nothing is being read back yet, and the small ones fill in
	// beside the read-backs later (Word, the largest, waited for both PDFs'
	// read-backs otherwise). The order of the results is the table's.
	renderNeed := func(f Format) int64 {
		need := f.MemFactor
		if h.open == nil {
			need += outputFactor(f) // its files are kept in memory
		}
		return need
	}
	byNeed := make([]int, len(fs))
	for i := range byNeed {
		byNeed[i] = i
	}
	sort.SliceStable(byNeed, func(i, j int) bool { return renderNeed(fs[byNeed[i]]) > renderNeed(fs[byNeed[j]]) })
	for di, d := range ds {
		if d == nil {
			continue
		}
		for _, fi := range byNeed {
			f := fs[fi]
			sched.add(classRender, sizes[di]*renderNeed(f), func() {
				o := ropt
				if o.Modified.IsZero() {
					o.Modified = ModifiedTime(d.Meta)
				}
				if o.Theme == nil {
					o.Theme = render.DefaultTheme()
				}
				var open func(name string) fileOut
				if h.open != nil {
					open = func(name string) fileOut { return h.open(di, name) }
				}
				o.Report = func(dg *doc.Diagnostic) { diags[di][fi] = append(diags[di][fi], dg) }
				trace(schedEvent{Kind: "render", Doc: di, Format: f.Name})
				outs, err := renderOne(d, f, o, open)
				trace(schedEvent{Kind: "rendered", Doc: di, Format: f.Name})
				if err != nil {
					errs[di][fi] = err
					refused[di].Store(true)
					finished(di)
					return
				}
				perFormat[di][fi] = outs
				if h.rendered == nil {
					finished(di)
					return
				}
				// Read back at once, ahead of any render still waiting.
				sched.add(classReadBack, sizes[di]*readBackFactor(f), func() {
					if refused[di].Load() {
						finished(di) // a writer refused the document: it will not be published
						return
					}
					held := 0
					for _, o := range outs {
						held += len(o.Data)
					}
					trace(schedEvent{Kind: "readback", Doc: di, Format: f.Name, Held: held})
					h.rendered(di, outs)
					finished(di)
				})
			})
		}
	}
	sched.run(jobs)
	if len(fs) == 0 && h.done != nil {
		for di, d := range ds {
			if d != nil {
				h.done(di, docOut{})
			}
		}
	}
	return res
}

// schedEvent is one step of renderAll's work, for tests that check the
// order of the steps (not their timing): a format's render starting
// ("render") and ending ("rendered"), its read-back starting ("readback",
// with the bytes of its files then held in memory), a document's finish
// starting ("finish").
type schedEvent struct {
	Kind   string
	Doc    int
	Format string
	Held   int
}

// traceSched, when set (tests), is told every schedEvent, from the worker
// that runs the step.
var traceSched func(schedEvent)

func trace(e schedEvent) {
	if traceSched != nil {
		traceSched(e)
	}
}

// appendNew appends the diagnostics of add not already in ds (by value: the
// two PDF writers report the same missing character once).
func appendNew(ds, add doc.Diagnostics) doc.Diagnostics {
	for _, a := range add {
		dup := false
		for _, d := range ds {
			if *d == *a {
				dup = true
				break
			}
		}
		if !dup {
			ds = append(ds, a)
		}
	}
	return ds
}

// renderOne calls a writer. The document's problems come through o.Report
// (the writer then returns render.ErrReported); any other error, or a panic,
// is the writer failing, reported to o.Report too, as RENDER-FAIL at the
// document, so one bad document can never take the whole build down with a
// stack trace and every failure prints with a position, code and hint.
//
// Each file goes where open says as the writer writes it (nil: into memory,
// the Output's Data); every file opened is finished, whatever happens.
func renderOne(d *doc.Document, f Format, o render.Options, open func(name string) fileOut) (outs []Output, err error) {
	at := d.Meta.Pos
	if at.File == "" {
		at = doc.Pos{File: d.Source}
	}
	const hint = "please report this with the document"
	files := append([]Format{f}, f.Also...)
	ws := make([]fileOut, len(files))
	defer func() {
		if r := recover(); r != nil {
			o.Report(doc.Errorf(at, "RENDER-FAIL", hint, "internal error while writing %s: %v", f.Name, r))
			outs, err = nil, render.ErrReported
		}
		if err != nil {
			for _, w := range ws {
				if w != nil {
					w.finish()
				}
			}
		}
	}()
	iws := make([]io.Writer, len(files))
	for i, file := range files {
		if open != nil {
			ws[i] = open(d.Meta.Slug + file.Suffix)
		} else {
			ws[i] = &bufferWriter{}
		}
		iws[i] = ws[i]
	}
	if f.RenderFiles != nil {
		err = f.RenderFiles(d, o, iws)
	} else {
		err = f.Render(d, o, iws[0])
	}
	if err = render.Reported(o, err); err != nil {
		if !errors.Is(err, render.ErrReported) {
			o.Report(doc.Errorf(at, "RENDER-FAIL", hint, "writing %s failed: %v", f.Name, err))
		}
		return nil, render.ErrReported
	}
	for i, file := range files {
		file.Render, file.RenderFiles, file.Also, file.Requires = nil, nil, nil, nil
		if i == 0 {
			file = f
		}
		data := ws[i].finish()
		ws[i] = nil
		outs = append(outs, Output{Format: file, Name: d.Meta.Slug + file.Suffix, Data: data})
	}
	return outs, nil
}

// fileOut is where a writer's file goes as it is written: memory
// (bufferWriter) or the document's staging folder (stagedOut).
type fileOut interface {
	io.Writer
	// finish ends the file; it returns the bytes when they were kept in
	// memory, nil when they went to disk.
	finish() []byte
}

// bufferWriter collects a writer's output in chunks and joins them once at
// the end. Appending to one slice re-allocated and copied a 30 MB PDF about
// twenty times as it grew (1.25× a step), which cost 1.6 s of CPU at seed
// ×1000 (page faults on every fresh copy) and held the old and the new copy
// at once.
type bufferWriter struct {
	chunks [][]byte
	n      int
}

// Chunks start small (most outputs are a few kilobytes) and grow with what
// has been written, up to 4 MiB.
const minChunk, maxChunk = 64 << 10, 4 << 20

func (w *bufferWriter) Write(p []byte) (int, error) {
	n := len(p)
	w.n += n
	for len(p) > 0 {
		if len(w.chunks) == 0 || len(w.chunks[len(w.chunks)-1]) == cap(w.chunks[len(w.chunks)-1]) {
			w.chunks = append(w.chunks, make([]byte, 0, min(max(minChunk, w.n-n), maxChunk)))
		}
		last := &w.chunks[len(w.chunks)-1]
		k := min(len(p), cap(*last)-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

func (w *bufferWriter) finish() []byte { return w.bytes() }

// bytes joins the chunks into one slice of exactly the written size and
// lets the chunks go.
func (w *bufferWriter) bytes() []byte {
	if w.n == 0 {
		return nil
	}
	b := make([]byte, 0, w.n)
	for _, c := range w.chunks {
		b = append(b, c...)
	}
	w.chunks = nil
	return b
}

// Progress is told how many documents have passed a stage ("checked", then
// "rendered") out of how many.
type Progress func(stage string, done, total int)

// Run loads, checks and renders every path. Documents load in parallel and
// all (document, format) pairs render on one bounded pool. Results come back
// in input order; progress (if not nil) is called as documents finish each
// stage, from one goroutine at a time.
func Run(paths []string, opt Options, progress Progress) []Result {
	return run(paths, opt, progress, stages{})
}

// stages are what a pipeline does around rendering.
type stages struct {
	// preflight is called for each document that would be rendered
	// (loaded, no error, slug free, in this shard) before any rendering
	// starts; it may set the document's Err to refuse it, so a document
	// that could never be written costs no rendering.
	preflight func(*Result)
	// open, when set, gives where each file of a document goes as its
	// writer makes it (see renderHooks.open); otherwise files are kept in
	// memory, in Outputs.
	open func(r *Result, name string) fileOut
	// rendered is called for each format of a document as soon as its
	// files are finished, while the document's other formats may still
	// render (see renderHooks.rendered): it must not touch r but through
	// its own locks.
	rendered func(r *Result, outs []Output)
	// finish is called for each rendered document as soon as its last
	// format is done (Outputs set), on the render pool, while holding
	// finishFactor × its text size of the memory budget: writing or
	// reading back one document's files happens while others render, and
	// its bytes can go before the build ends.
	finish       func(*Result)
	finishFactor int64
	// discard is called instead of finish for a document a writer refused
	// (Err set), to drop what open and rendered made for it.
	discard func(*Result)
}

// run is Run with the stages of build or check around rendering.
func run(paths []string, opt Options, progress Progress, st stages) []Result {
	var mu sync.Mutex
	res := loadAll(paths, opt, progress, &mu)
	renderResults(res, opt, progress, &mu, st)
	return res
}

// renderResults renders every loaded document of res that has no error, in
// place; progress (if not nil) is called under mu.
func renderResults(res []Result, opt Options, progress Progress, mu *sync.Mutex, st stages) {
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	refuseSlugs(res)
	for i := range res {
		if !opt.Shard.Owns(ownerSlug(&res[i])) {
			res[i] = Result{Path: res[i].Path, Skipped: true}
		}
	}
	if st.preflight != nil {
		for i := range res {
			if res[i].Err == nil && res[i].Doc != nil && !res[i].Skipped {
				st.preflight(&res[i])
			}
		}
	}
	docs := make([]*doc.Document, len(res))
	total := 0
	for i := range res {
		if res[i].Err == nil && res[i].Doc != nil {
			docs[i] = res[i].Doc
			total++
		}
	}
	rendered := 0
	h := renderHooks{doneFactor: st.finishFactor}
	if st.open != nil {
		h.open = func(i int, name string) fileOut { return st.open(&res[i], name) }
	}
	if st.rendered != nil {
		h.rendered = func(i int, outs []Output) { st.rendered(&res[i], outs) }
	}
	h.done = func(i int, o docOut) {
		r := &res[i] // this document's alone: no other goroutine touches it now
		r.Diags = appendNew(r.Diags, o.diags)
		if o.err != nil {
			r.Err = r.Diags.Err()
			if st.discard != nil {
				st.discard(r)
			}
		} else {
			r.Outputs = o.outs
			if st.finish != nil {
				st.finish(r)
			}
		}
		if progress != nil {
			mu.Lock()
			rendered++
			progress("rendered", rendered, total)
			mu.Unlock()
		}
	}
	renderAll(docs, opt.Formats, opt.Render, jobs, h)
}

// refuseSlugs refuses, before anything is rendered, the documents whose
// slug is reserved or already another document's: two documents must not
// write the same files, nor one the folder of packs.
func refuseSlugs(res []Result) {
	seen := map[string]int{}
	for i := range res {
		if res[i].Err != nil || res[i].Doc == nil {
			continue
		}
		slug := res[i].Doc.Meta.Slug
		if what, ok := reservedSlugs[slug]; ok {
			res[i].Err = doc.Errorf(res[i].Doc.Meta.Pos, "SLUG-RESERVED",
				"give the document another `slug:` in its front matter (or rename the file)",
				"slug %q is reserved: OUT/%s/ is %s", slug, slug, what)
			res[i].Diags = append(res[i].Diags, res[i].Err.(*doc.Diagnostic))
			continue
		}
		if j, ok := seen[slug]; ok {
			res[i].Err = doc.Errorf(res[i].Doc.Meta.Pos, "SLUG-DUPLICATE",
				"give one of them another `slug:` in its front matter",
				"slug %q is also used by %s", slug, res[j].Path)
			res[i].Diags = append(res[i].Diags, res[i].Err.(*doc.Diagnostic))
			continue
		}
		seen[slug] = i
	}
}

// loadAll loads and checks every path, in parallel, results in input order;
// progress (if not nil) is called under mu.
func loadAll(paths []string, opt Options, progress Progress, mu *sync.Mutex) []Result {
	res := make([]Result, len(paths))
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	sem := make(chan struct{}, jobs)
	var wg sync.WaitGroup
	done := 0
	for i, p := range paths {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int, p string) {
			defer wg.Done()
			defer func() { <-sem }()
			d, ds, rep, err := LoadReport(p, opt)
			res[i] = Result{Path: p, Doc: d, Diags: ds, Report: rep, Err: err}
			if progress != nil {
				mu.Lock()
				done++
				progress("checked", done, len(paths))
				mu.Unlock()
			}
		}(i, p)
	}
	wg.Wait()
	return res
}

// ErrNoDocuments is a folder given to build or check with no document in it.
var ErrNoDocuments = errors.New("no Markdown documents (*.md) found in this folder")

// FindDocuments expands folders into the Markdown documents inside them,
// sorted; README.md files (documentation of a folder) and hidden folders are
// skipped, as is the packs/ folder of pack definitions.
func FindDocuments(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, unwrapPathErr(err))
		}
		if !fi.IsDir() {
			out = append(out, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, e os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := e.Name()
			if e.IsDir() {
				if p != a && (strings.HasPrefix(name, ".") || name == "packs" || name == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.EqualFold(filepath.Ext(name), ".md") && !strings.EqualFold(name, "README.md") && !strings.HasPrefix(name, ".") {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: %w", a, ErrNoDocuments)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Check names recorded in pack manifests: only checks this tool itself runs.
const (
	CheckModel    = "altformats-model-checks"     // the rules in internal/check, run on every document
	CheckPDFUA    = "pdfua-1-machine-checks"      // internal/check/pdfua on the written PDF
	CheckReadBack = "altformats-read-back-checks" // internal/verify's rules for the file's format
	CheckParity   = "altformats-format-parity"    // internal/verify: the file says what the document says
)
