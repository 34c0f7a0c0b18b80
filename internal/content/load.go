// Package content reads source documents: YAML front matter (strict, typed,
// with line numbers) and Markdown (goldmark) into the doc model. It is the only
// package that knows goldmark and YAML.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/doc"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Options control loading.
type Options struct {
	// Root is the folder images must stay inside (the content folder). Empty
	// means the document's own folder.
	Root string
	// DefaultLang is used when the front matter has no lang (from --lang).
	DefaultLang string
	// Project holds the altformats.yaml defaults (nil: none). The front
	// matter wins over them, and so does DefaultLang.
	Project *Project
	// ReadFile reads a file; nil means os.ReadFile. Tests and fuzzers swap it.
	ReadFile func(string) ([]byte, error)
}

var md = goldmark.New(
	goldmark.WithExtensions(
		extension.Table,
		extension.Strikethrough,
		extension.TaskList,
		extension.Linkify,
		extension.DefinitionList,
		extension.Footnote,
	),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
)

// Load reads and parses one document. Diagnostics holds warnings and errors;
// the error return is non-nil only when the file cannot be read at all, or
// when the diagnostics hold an error (it is then the Diagnostics).
func Load(path string, opt Options) (*doc.Document, doc.Diagnostics, error) {
	var src []byte
	var err error
	if opt.ReadFile != nil {
		src, err = opt.ReadFile(path)
	} else {
		root := opt.Root
		if root == "" {
			root = filepath.Dir(path)
		}
		if within(root, path) && !confined(root, path) {
			d := doc.Errorf(doc.Pos{File: path}, "SRC-PATH", "copy the document into the content folder instead of linking to it",
				"document is a symbolic link that leads outside the content folder (%s)", root)
			return nil, doc.Diagnostics{d}, doc.Diagnostics{d}
		}
		src, err = readRegular(path, doc.MaxSourceBytes)
	}
	var big errTooBig
	var special errNotRegular
	switch {
	case errors.As(err, &big):
		d := doc.Errorf(doc.Pos{File: path, Line: 1, Col: 1}, "LIMIT-SIZE", "split the document into smaller ones",
			"file is %d bytes; the limit is %d MiB", big.Size, doc.MaxSourceBytes>>20)
		return nil, doc.Diagnostics{d}, doc.Diagnostics{d}
	case errors.As(err, &special):
		d := doc.Errorf(doc.Pos{File: path}, "SRC-SPECIAL", "give the path of an ordinary Markdown file",
			"document %v", special)
		return nil, doc.Diagnostics{d}, doc.Diagnostics{d}
	case err != nil:
		return nil, nil, fmt.Errorf("load %s: %w", path, err)
	}
	d, ds := Parse(path, src, opt)
	ds.Sort()
	return d, ds, ds.Err()
}

// Parse turns source bytes into a document. It never panics; problems are
// diagnostics. path is used for messages and to resolve images.
func Parse(path string, src []byte, opt Options) (*doc.Document, doc.Diagnostics) {
	var ds doc.Diagnostics
	if len(src) > doc.MaxSourceBytes {
		ds = append(ds, doc.Errorf(doc.Pos{File: path, Line: 1, Col: 1}, "LIMIT-SIZE", "split the document into smaller ones",
			"file is %d bytes; the limit is %d MiB", len(src), doc.MaxSourceBytes>>20))
		return nil, ds
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = loneCRToLF(src)
	if !utf8.Valid(src) {
		line, col := invalidUTF8At(src)
		ds = append(ds, doc.Errorf(doc.Pos{File: path, Line: line, Col: col}, "SRC-UTF8",
			"save the file as UTF-8", "file is not valid UTF-8"))
		return nil, ds
	}
	if len(bytes.TrimSpace(src)) == 0 {
		ds = append(ds, doc.Errorf(doc.Pos{File: path, Line: 1, Col: 1}, "SRC-EMPTY",
			"add front matter with a title and lang, then the text", "file is empty"))
		return nil, ds
	}
	if bytes.IndexByte(src, 0) >= 0 {
		// NUL is never text; goldmark would replace it, but a NUL in a
		// Markdown file means a binary or corrupted file.
		line, col := lineCol(src, bytes.IndexByte(src, 0))
		ds = append(ds, doc.Errorf(doc.Pos{File: path, Line: line, Col: col}, "SRC-BINARY",
			"this looks like a binary file, not Markdown", "file contains a NUL byte"))
		return nil, ds
	}
	if n := bytes.Count(src, []byte("\n")); n >= doc.MaxSourceLines {
		ds = append(ds, doc.Errorf(doc.Pos{File: path, Line: doc.MaxSourceLines + 1, Col: 1}, "LIMIT-LINES",
			"split the document into smaller ones",
			"file has more than %d lines", doc.MaxSourceLines))
		return nil, ds
	}
	fm, body, bodyLine, _, err := splitFrontMatter(src)
	if err != nil {
		ds = append(ds, doc.Errorf(doc.Pos{File: path, Line: 1, Col: 1}, "META-YAML",
			"close the front matter with a line holding only ---", "%v", err))
		return nil, ds
	}
	meta := parseMeta(path, fm, &ds)
	if line, col, deep := deepIndent(body); deep {
		// goldmark's list continuation costs grow much faster than the
		// nesting: 3,000 indented levels take minutes. Refuse before parsing.
		ds = append(ds, doc.Errorf(doc.Pos{File: path, Line: bodyLine - 1 + line, Col: col}, "LIMIT-NESTING",
			"flatten the structure; lists, quotes and emphasis nest at most "+strconv.Itoa(doc.MaxNesting)+" deep",
			"content nests more than %d levels deep", doc.MaxNesting))
		return nil, ds
	}

	if line, col, what, limit := tooManyFootnotes(body); line > 0 {
		ds = append(ds, doc.Errorf(doc.Pos{File: path, Line: bodyLine - 1 + line, Col: col}, "LIMIT-FOOTNOTES",
			"split the document, or turn long runs of footnotes into a list of references",
			"more than %d footnote %s; this one passes the limit", limit, what))
		return nil, ds
	}

	if off := tooManyInlineMarks(body); off >= 0 {
		line, col := lineCol(body, off)
		ds = append(ds, doc.Errorf(doc.Pos{File: path, Line: bodyLine - 1 + line, Col: col}, "LIMIT-INLINES",
			"split the document into smaller ones",
			"more than %d characters that mark emphasis, links or code (* _ [ ` <); this one passes the limit", doc.MaxInlineMarks))
		return nil, ds
	}

	c := &converter{
		file:     path,
		src:      body,
		lineBase: bodyLine - 1,
		opt:      opt,
		ds:       &ds,
		dir:      filepath.Dir(path),
		fnIndex:  map[int]int{},
	}
	c.lineStarts = lineStarts(body)
	root := md.Parser().Parse(text.NewReader(body))
	d := &doc.Document{Source: path, Meta: meta}
	d.Blocks = c.blocks(root, 0)
	d.Footnotes = c.footnotes
	if at, over := tooManyBlocks(d); over {
		ds = append(ds, doc.Errorf(at, "LIMIT-BLOCKS", "split the document into smaller ones",
			"more than %d blocks (paragraphs, list items, table rows and cells, ...; a heading counts as %d, a link as %d, an image as %d and one more for each %d bytes of its file); this one passes the limit",
			doc.MaxBlocks, doc.HeadingBlocks, doc.LinkBlocks, doc.ImageBlocks, doc.ImageBytesPerBlock))
		return nil, ds
	}

	// A leading "# Heading" is the title heading; it is not repeated in Blocks.
	var titleHeading *doc.Heading
	if len(d.Blocks) > 0 {
		if h, ok := d.Blocks[0].(*doc.Heading); ok && h.Level == 1 {
			titleHeading = h
			d.TitleInlines = h.Inlines
			d.Blocks = d.Blocks[1:]
			if d.Meta.Title == "" {
				d.Meta.Title = strings.TrimSpace(doc.PlainText(h.Inlines))
				d.Meta.Pos = h.Pos
			}
		}
	}
	if d.Meta.Title != "" && len(d.TitleInlines) == 0 {
		d.TitleInlines = []doc.Inline{&doc.Text{Pos: d.Meta.Pos, Text: d.Meta.Title}}
	}
	c.titleAndLevels(d, titleHeading) // anchors.go
	c.resolveAnchors(d)               // anchors.go
	c.sourceWarnings(d)               // sourcewarn.go
	if d.Meta.Lang == "" && opt.DefaultLang != "" {
		d.Meta.Lang = opt.DefaultLang
	}
	opt.Project.Apply(&d.Meta)
	if d.Meta.Slug == "" {
		d.Meta.Slug = SlugFromPath(path)
	}
	return d, ds
}

// SlugFromPath derives an output name from a file name: "Using SW3.cy.md" →
// "using-sw3-cy"; "index.md" takes the folder's name.
func SlugFromPath(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if strings.EqualFold(base, "index") || strings.EqualFold(base, "readme") {
		if p := filepath.Base(filepath.Dir(path)); p != "." && p != "/" {
			base = p
		}
	}
	s := slugify(base)
	if s == "" {
		s = "document"
	}
	return s
}

func invalidUTF8At(src []byte) (int, int) {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return lineCol(src, i)
		}
		i += n
	}
	return 1, 1
}

func lineCol(src []byte, off int) (int, int) {
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	ls := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, utf8.RuneCount(src[ls:off]) + 1
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// deepIndent finds the first line whose leading container markers (block
// quote ">" and list markers) and indentation can only mean nesting far past
// doc.MaxNesting: each marker is one level, and a nested list level needs at
// least two columns of indent, so the estimate never falls below the real
// depth (it may exceed it when items are indented more than they need).
// The converter still checks the real depth. Tabs count to the next stop of 4.
func deepIndent(src []byte) (line, col int, deep bool) {
	line = 1
	var fence []byte // the open code fence ("```" or "~~~"), if any
	for len(src) > 0 {
		l := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		markers, w, i := 0, 0, 0
		for i < len(l) {
			switch c := l[i]; {
			case c == ' ':
				w++
				i++
				continue
			case c == '\t':
				w += 4 - w%4
				i++
				continue
			case c == '>':
				markers++
				i++
				continue
			}
			if n := listMarker(l[i:]); n > 0 {
				markers++
				i += n
				continue
			}
			break
		}
		// Lines inside fenced code are text, however they are indented.
		rest := l[i:]
		switch {
		case fence != nil:
			if bytes.HasPrefix(rest, fence) {
				fence = nil
			}
			line++
			continue
		case bytes.HasPrefix(rest, []byte("```")):
			fence = []byte("```")
		case bytes.HasPrefix(rest, []byte("~~~")):
			fence = []byte("~~~")
		}
		if markers > 0 && markers+w/2 > doc.MaxNesting {
			return line, i + 1, true
		}
		line++
	}
	return 0, 0, false
}

// listMarker returns the length of a list marker ("-", "*", "+", "1.", "1)")
// followed by a space or tab at the start of l, or 0.
func listMarker(l []byte) int {
	n := 0
	switch {
	case l[0] == '-' || l[0] == '*' || l[0] == '+':
		n = 1
	default:
		for n < len(l) && n < 9 && l[n] >= '0' && l[n] <= '9' {
			n++
		}
		if n == 0 || n >= len(l) || (l[n] != '.' && l[n] != ')') {
			return 0
		}
		n++
	}
	if n < len(l) && (l[n] == ' ' || l[n] == '\t') {
		return n
	}
	return 0
}

// loneCRToLF turns the line endings of old Mac files (a CR alone) into LF, so
// their front matter is found and every position has its own line, as an
// editor shows it. CRLF is left as it is.
func loneCRToLF(src []byte) []byte {
	i := bytes.IndexByte(src, '\r')
	for i >= 0 && i+1 < len(src) && src[i+1] == '\n' {
		j := bytes.IndexByte(src[i+1:], '\r')
		if j < 0 {
			return src
		}
		i += 1 + j
	}
	if i < 0 {
		return src
	}
	out := bytes.Clone(src)
	for k := i; k < len(out); k++ {
		if out[k] == '\r' && (k+1 == len(out) || out[k+1] != '\n') {
			out[k] = '\n'
		}
	}
	return out
}

// tooManyFootnotes finds the line and column where the footnote definitions
// or the "[^" references pass their limits, counting in the source before
// parsing (a "[^" in code counts too: only documents with tens of thousands
// of them can be refused for it).
// tooManyInlineMarks returns the offset of the inline mark (* _ [ ` <) that
// passes doc.MaxInlineMarks, or -1. Marks inside code count too: the pass is
// cheap and never parses.
func tooManyInlineMarks(src []byte) int {
	n := 0
	for i, b := range src {
		switch b {
		case '*', '_', '[', '`', '<':
			if n++; n > doc.MaxInlineMarks {
				return i
			}
		}
	}
	return -1
}

func tooManyFootnotes(src []byte) (line, col int, what string, limit int) {
	if bytes.Count(src, []byte("[^")) <= doc.MaxFootnotes {
		return 0, 0, "", 0
	}
	defs, refs := 0, 0
	line = 1
	for len(src) > 0 {
		l := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		t := bytes.TrimLeft(l, " \t")
		if bytes.HasPrefix(t, []byte("[^")) && bytes.Contains(t, []byte("]:")) {
			if defs++; defs > doc.MaxFootnotes {
				return line, len(l) - len(t) + 1, "definitions", doc.MaxFootnotes
			}
		}
		for rest, off := l, 0; ; {
			i := bytes.Index(rest, []byte("[^"))
			if i < 0 {
				break
			}
			if refs++; refs > doc.MaxFootnoteRefs {
				return line, utf8.RuneCount(l[:off+i]) + 1, "references", doc.MaxFootnoteRefs
			}
			rest, off = rest[i+2:], off+i+2
		}
		line++
	}
	return 0, 0, "", 0
}
