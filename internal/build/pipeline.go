package build

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/pack"
	"github.com/altformats/altformats/internal/verify"
)

// The three commands' pipelines: each is load → check → (render →
// read-back → output), and the CLI only wires flags to them and prints what
// they return.

// Check runs every check a build runs, writing nothing: it loads and checks
// every path and renders each format into memory, since the writers refuse
// some documents themselves (a character no font has, a table too wide for
// the page), so check and build agree on every document. Results come back
// in input order. Each file is read back as soon as its format is rendered,
// while the document's other formats render, and dropped: Outputs keep names
// and formats, not bytes.
func Check(paths []string, opt Options) []Result {
	rb := newReadBacks()
	rendered := func(r *Result, outs []Output) {
		for j := range outs {
			rb.of(r).set(outs[j].Name, verify.DocumentFile(outs[j].Name, outs[j].Data))
			outs[j].Data = nil
		}
	}
	verifyDoc := func(r *Result) {
		// the read-back checks build runs before publishing, in memory
		st := rb.take(r)
		slug := r.Doc.Meta.Slug
		err := verify.Assemble(r.Doc, st.inOrder(r.Outputs)).Diagnostics(func(name string) string { return filepath.Join(slug, name) }).Err()
		var ds doc.Diagnostics
		if errors.As(err, &ds) {
			refuseWrite(r, err)
		} else if err != nil {
			r.Err = fmt.Errorf("%s: %w", r.Path, err)
		}
	}
	return run(paths, opt, nil, stages{rendered: rendered, finish: verifyDoc, finishFactor: assembleFactor,
		discard: func(r *Result) { rb.take(r) }})
}

// Documents loads, checks and renders every path and writes each document's
// files to outDir/<slug>/ through pack, the document's folder staged and
// swapped in whole so a reader never sees a mix of old and new files. A
// document whose files could not be written has Err set and Written zero.
//
// A folder the tool would refuse to replace ([OUT-NOT-OURS]) is found before
// anything is rendered, so the refusal costs no rendering and stages
// nothing; pack checks again under its lock just before the swap. Each
// writer writes straight into its file in the document's staging folder, no
// file is held whole in memory, and each file is read back from there and
// checked as soon as its format is rendered, while the other formats
// render. Once the last format is done the document's files are compared
// with each other, reported on and swapped in, and the document is let go:
// its Outputs keep their names and formats but no bytes, and its Doc keeps
// only Source and Meta.
func Documents(paths []string, outDir string, opt Options, progress Progress) []Result {
	return documents(paths, outDir, opt, progress, true)
}

// documents is Documents; without readBack (for the benchmark that
// measures what reading back costs) the files are published unread and
// without reports.
func documents(paths []string, outDir string, opt Options, progress Progress, readBack bool) []Result {
	preflight := func(r *Result) {
		if err := pack.CheckOutputs(outDir, r.Doc.Meta.Slug, knownNames(r.Doc.Meta.Slug)); err != nil {
			refuseWrite(r, err)
		}
	}
	rb := newReadBacks()
	pathOf := func(r *Result) func(string) string {
		dest := filepath.Join(outDir, r.Doc.Meta.Slug)
		return func(name string) string { return filepath.Join(dest, name) }
	}
	open := func(r *Result, name string) fileOut {
		st := rb.of(r)
		stage := st.staged(outDir, r.Doc.Meta.Slug)
		if stage == nil {
			return &stagedOut{st: st}
		}
		f, err := stage.Create(name)
		if err != nil {
			st.fail(err)
			return &stagedOut{st: st}
		}
		return &stagedOut{st: st, f: f, dest: stage.Dest()}
	}
	rendered := func(r *Result, outs []Output) {
		st := rb.of(r)
		stage := st.staged(outDir, r.Doc.Meta.Slug)
		if st.failed() != nil {
			return // nothing to read back: the document will not be published
		}
		for _, o := range outs {
			res, err := readBackFile(stage.Dir(), o.Name, pathOf(r))
			if err != nil {
				st.fail(err)
				return
			}
			st.set(o.Name, res)
		}
	}
	write := func(r *Result) {
		st := rb.take(r)
		stage := st.staged(outDir, r.Doc.Meta.Slug)
		if stage != nil {
			defer stage.Abort() // unless published
		}
		if err := st.failed(); err != nil {
			refuseWrite(r, err)
		} else {
			writeDocument(r, stage, st, opt, pathOf(r), readBack)
		}
		dropFiles(r)
		r.Doc = &doc.Document{Source: r.Doc.Source, Meta: r.Doc.Meta}
	}
	discard := func(r *Result) {
		if stage := rb.take(r).stage; stage != nil {
			stage.Abort()
		}
	}
	if !readBack {
		rendered = nil
	}
	return run(paths, opt, progress, stages{preflight: preflight, open: open, rendered: rendered,
		finish: write, finishFactor: publishFactor, discard: discard})
}

// writeDocument publishes a rendered document's staged files, each already
// read back on its own (st): the files are compared with each other and with
// the model, the reports made, and the folder swapped in.
func writeDocument(r *Result, stage *pack.Stage, st *readBack, opt Options, pathOf func(string) string, check bool) {
	files := make([]pack.File, 0, len(r.Outputs))
	for _, out := range r.Outputs {
		files = append(files, pack.File{Path: out.Name, Format: out.Format.Name, Label: out.Format.Label,
			MediaType: out.Format.MediaType, Lang: r.Doc.Meta.Lang})
	}
	d, outs := r.Doc, r.Outputs
	var warnings doc.Diagnostics
	// Under the lock, after the files of other formats an earlier build
	// left are carried over: a file that fails is never published.
	readBack := func(dir string, carried []string) ([]pack.File, error) {
		more, ws, err := finishReadBack(d, dir, outs, st.inOrder(outs), carried, opt.Render, opt.tool(), pathOf)
		if err != nil {
			return nil, err
		}
		warnings = ws
		return readBackFiles(more, files, d.Meta.Lang), nil
	}
	if !check {
		if err := stage.Publish(knownNames(r.Doc.Meta.Slug), nil); err != nil {
			refuseWrite(r, err)
			return
		}
		r.Written = len(files)
		return
	}
	if err := stage.Publish(knownNames(r.Doc.Meta.Slug), readBack); err != nil {
		refuseWrite(r, err)
		return
	}
	r.Diags = append(r.Diags, warnings...) // files kept from an earlier build that fail
	r.Written = len(files) + 2             // and the two reports
}

// readBacks holds each document's read-back while its formats render.
type readBacks struct {
	mu sync.Mutex
	m  map[*Result]*readBack
}

func newReadBacks() *readBacks { return &readBacks{m: map[*Result]*readBack{}} }

// of is r's read-back, made on first use.
func (rb *readBacks) of(r *Result) *readBack {
	rb.mu.Lock()
	defer rb.mu.Unlock()
	st := rb.m[r]
	if st == nil {
		st = &readBack{results: map[string]*verify.Result{}}
		rb.m[r] = st
	}
	return st
}

// take is r's read-back, forgotten here: its document is finished.
func (rb *readBacks) take(r *Result) *readBack {
	st := rb.of(r)
	rb.mu.Lock()
	delete(rb.m, r)
	rb.mu.Unlock()
	return st
}

// readBack is one document's files as they are staged and read back, one
// format at a time, from the workers that render them.
type readBack struct {
	once  sync.Once
	stage *pack.Stage // build: the document's staging folder, made by the first file

	mu      sync.Mutex
	err     error                     // the first failure to stage or read back a file
	results map[string]*verify.Result // each file read back on its own, by name
}

// staged is the document's staging folder, made on first use; nil when
// it could not be made (failed then says why).
func (st *readBack) staged(outDir, slug string) *pack.Stage {
	st.once.Do(func() {
		s, err := pack.NewStage(outDir, slug)
		if err != nil {
			st.fail(err)
			return
		}
		st.stage = s
	})
	return st.stage
}

func (st *readBack) fail(err error) {
	st.mu.Lock()
	if st.err == nil {
		st.err = err
	}
	st.mu.Unlock()
}

func (st *readBack) failed() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.err
}

func (st *readBack) set(name string, r *verify.Result) {
	st.mu.Lock()
	st.results[name] = r
	st.mu.Unlock()
}

// inOrder is the results of outs' files, in outs' order.
func (st *readBack) inOrder(outs []Output) []*verify.Result {
	st.mu.Lock()
	defer st.mu.Unlock()
	rs := make([]*verify.Result, len(outs))
	for i, o := range outs {
		rs[i] = st.results[o.Name]
	}
	return rs
}

// stagedOut writes a file into its document's staging folder as the writer
// makes it. A failure to write is kept for the document (it is then not
// published, and says why) and the rest of the file is dropped: the writer
// runs to its end as it would into memory and reports what it always reports.
type stagedOut struct {
	st   *readBack
	f    *pack.StagedFile // nil: the file could not be started (st says why)
	dest string
}

func (w *stagedOut) Write(p []byte) (int, error) {
	if w.f != nil {
		if _, err := w.f.Write(p); err != nil {
			w.fail(err)
		}
	}
	return len(p), nil
}

func (w *stagedOut) finish() []byte {
	if w.f != nil {
		if err := w.f.Close(); err != nil {
			w.st.fail(fmt.Errorf("write outputs %s: %w", w.dest, err))
		}
		w.f = nil
	}
	return nil
}

func (w *stagedOut) fail(err error) {
	w.st.fail(fmt.Errorf("write outputs %s: %w", w.dest, err))
	w.f.Close()
	w.f = nil
}

// dropFiles lets a document's rendered bytes go, keeping each file's name
// and format.
func dropFiles(r *Result) {
	for j := range r.Outputs {
		r.Outputs[j].Data = nil
	}
}

// knownNames is every name the tool can give a document's files, reports
// included: how a folder written before ownership markers is recognised.
func knownNames(slug string) []string {
	return append(OutputNames(slug), ReportJSON, ReportHTML)
}

// refuseWrite records why a document's files were not written: read-back
// findings, a folder that is not the tool's, or a failure to write.
func refuseWrite(r *Result, err error) {
	var no *pack.NotOwnedError
	var ds doc.Diagnostics
	if errors.As(err, &ds) {
		all := append(append(doc.Diagnostics(nil), ds...), doc.Errorf(r.Doc.Meta.Pos, "VERIFY-REFUSED", "",
			"its files failed the read-back checks and were not published"))
		r.Diags = append(r.Diags, all...)
		r.Err = all
	} else if errors.As(err, &no) {
		d := doc.Errorf(doc.Pos{File: r.Path}, "OUT-NOT-OURS", "move it away, or choose another --out", "%v", no)
		r.Diags = append(r.Diags, d)
		r.Err = doc.Diagnostics{d}
	} else {
		r.Err = err
	}
}

// tool names this program in reports: the generator the writers are given
// ("altformats 1.2.3").
func (o Options) tool() verify.Tool {
	name, version, _ := strings.Cut(o.Render.Generator, " ")
	if name == "" {
		name = "altformats"
	}
	return verify.Tool{Name: name, Version: version}
}

// ReportFiles are the conformance reports as files to publish.
func ReportFiles(reports []verify.NamedFile, lang string) []pack.File {
	var out []pack.File
	for _, r := range reports {
		mt := "application/json"
		if strings.HasSuffix(r.Name, ".html") {
			mt = "text/html; charset=utf-8"
		}
		out = append(out, pack.File{Path: r.Name, Format: "report", Label: "Accessibility report", MediaType: mt, Lang: lang, Data: r.Data})
	}
	return out
}

// readBackFiles turns what ReadBack returns into files to publish: the
// claimed EPUB takes the place (and description) of the file it replaces,
// the rest are reports.
func readBackFiles(more []verify.NamedFile, written []pack.File, lang string) []pack.File {
	var out, reports []pack.File
	for _, m := range more {
		replaced := false
		for _, w := range written {
			if w.Path == m.Name {
				w.Data = m.Data
				out = append(out, w)
				replaced = true
			}
		}
		if !replaced {
			reports = append(reports, ReportFiles([]verify.NamedFile{m}, lang)...)
		}
	}
	return append(out, reports...)
}
