package plain

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/doc"
)

// locator finds words of the model's text in the source file, so a finding
// points at its word: the model keeps a position per block, and a paragraph
// may span many lines. It searches forward from the block, so the Nth
// sentence's first word is found after the (N-1)th.
type locator struct {
	file       string
	src        []byte
	lineStarts []int
	cursor     int
}

// searchWindow bounds each search, so a word that is not in the source (an
// entity written another way) costs little and never matches far away.
const searchWindow = 4096

func newLocator(file string, src []byte) *locator {
	l := &locator{file: file, src: src, lineStarts: []int{0}}
	for i, b := range src {
		if b == '\n' {
			l.lineStarts = append(l.lineStarts, i+1)
		}
	}
	return l
}

// seek moves the cursor to a block's position.
func (l *locator) seek(p doc.Pos) {
	if l.src == nil || p.Line < 1 || p.Line > len(l.lineStarts) {
		return
	}
	off := l.lineStarts[p.Line-1]
	for c := 1; c < p.Col && off < len(l.src) && l.src[off] != '\n'; c++ {
		_, n := utf8.DecodeRune(l.src[off:])
		off += n
	}
	l.cursor = off
}

// find locates w at or after the cursor; advance moves the cursor past it.
// When w is not found the fallback position is returned.
func (l *locator) find(w string, fallback doc.Pos, advance bool) doc.Pos {
	off := l.index(l.cursor, w)
	if off < 0 {
		return fallback
	}
	if advance {
		l.cursor = off + len(w)
	}
	return l.pos(off)
}

// findFrom locates w at or after from (a position find returned).
func (l *locator) findFrom(w string, from doc.Pos) doc.Pos {
	if l.src == nil || from.Line < 1 || from.Line > len(l.lineStarts) {
		return from
	}
	save := l.cursor
	l.seek(from)
	p := l.find(w, from, false)
	l.cursor = save
	return p
}

func (l *locator) index(from int, w string) int {
	if l.src == nil || w == "" || from > len(l.src) {
		return -1
	}
	end := min(len(l.src), from+searchWindow)
	if i := bytes.Index(l.src[from:end], []byte(w)); i >= 0 {
		return from + i
	}
	// Markdown may have split a hyphenated or apostrophised word; try its start.
	if k := strings.IndexAny(w, "-'’"); k > 0 {
		if i := bytes.Index(l.src[from:end], []byte(w[:k])); i >= 0 {
			return from + i
		}
	}
	return -1
}

func (l *locator) pos(off int) doc.Pos {
	line := 0
	lo, hi := 0, len(l.lineStarts)-1
	for lo <= hi {
		m := (lo + hi) / 2
		if l.lineStarts[m] <= off {
			line = m
			lo = m + 1
		} else {
			hi = m - 1
		}
	}
	col := utf8.RuneCount(l.src[l.lineStarts[line]:off]) + 1
	return doc.Pos{File: l.file, Line: line + 1, Col: col}
}
