// Package doc is the one document model every writer renders from.
//
// It is deliberately closed: a fixed set of block and inline node types,
// accessibility typed into the nodes (alt text, decorative images, language
// changes, table header rows), and a source position on every node so any
// message can point at file:line:col. It imports nothing of ours but
// internal/diag, the standard-library-only home of positions and diagnostics.
package doc

import (
	"strings"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/diag"
)

// Pos is a 1-based source position. Line 0 means "unknown". It is defined
// in internal/diag, beside the Diagnostic that carries it.
type Pos = diag.Pos

// Meta is the document's front matter, already validated by the loader.
type Meta struct {
	Title     string   // required
	Lang      string   // required, BCP 47 (en-GB, cy)
	Subtitle  string   // optional
	Summary   string   // optional one-paragraph description
	Authors   []string // optional
	Publisher string   // optional organisation
	Date      string   // optional, YYYY-MM-DD: first published
	Updated   string   // optional, YYYY-MM-DD: last updated
	Version   string
	Contact   string // optional e-mail address or URL for questions / other formats
	Licence   string
	Keywords  []string
	Slug      string // file-name stem of every output; never empty after loading
	// ShortTitle and PublisherShort are the running header's and footer's
	// forms of a long title or publisher name (optional).
	ShortTitle     string
	PublisherShort string
	// TOC is how deep the contents list goes: 0 lets the writers choose
	// (see TOCLevels), TOCNone means no contents, 1..6 a heading level.
	TOC int
	// ReadingAge is the plain-English target (UK reading age); 0 = none.
	ReadingAge int
	Pos        Pos // position of the front matter (or of the title heading)
	// FrontMatterErrors is set when the loader reported an error in the
	// front matter (a wrong type, a duplicate key, a bad lang): the checks
	// then do not add "no title" or "no language" for a key already reported.
	FrontMatterErrors bool
}

// Document is one source file, parsed and resolved. Images carry their bytes, so
// renderers never touch the file system.
type Document struct {
	Source string // path of the source file, as given to the loader
	Meta   Meta
	// TitleInlines is the title as rich text: a leading "# Heading" of the body
	// when there is one, else Meta.Title as a single Text. Writers render it as
	// the one level-1 title heading; Blocks never repeat it.
	TitleInlines []Inline
	// TitleID is the title's anchor (GitHub's id for the leading "# Heading",
	// else for the front-matter title), so "#title-id" links reach it.
	TitleID string
	Blocks  []Block
	// Footnotes in order of first reference; FootnoteRef.N indexes them from 1.
	Footnotes []*Footnote
}

// Block is a block-level node. The set is closed: see the types below.
type Block interface {
	Position() Pos
	isBlock()
}

// Inline is an inline node. The set is closed: see the types below.
type Inline interface {
	Position() Pos
	isInline()
}

// ---- blocks ----

type Heading struct {
	Pos     Pos
	Level   int    // 1..6; the document title is the only implicit level 1 unless the body uses "#"
	ID      string // unique within the document, stable, for anchors and bookmarks
	Inlines []Inline
}

type Paragraph struct {
	Pos     Pos
	Inlines []Inline
}

type List struct {
	Pos     Pos
	Ordered bool
	Start   int // first number of an ordered list
	Tight   bool
	Items   []*ListItem
}

type ListItem struct {
	Pos     Pos
	Task    bool // a task-list item ("- [ ]" / "- [x]")
	Checked bool
	Blocks  []Block
}

type BlockQuote struct {
	Pos    Pos
	Blocks []Block
}

// AlertKind is a GitHub alert type.
type AlertKind string

const (
	AlertNote      AlertKind = "note"
	AlertTip       AlertKind = "tip"
	AlertImportant AlertKind = "important"
	AlertWarning   AlertKind = "warning"
	AlertCaution   AlertKind = "caution"
)

// Label is the English heading shown for the alert ("Note", "Warning"...).
func (k AlertKind) Label() string {
	if k == "" {
		return ""
	}
	return strings.ToUpper(string(k[:1])) + string(k[1:])
}

// Alert is a GitHub alert ("> [!NOTE]"), a callout with a visible label.
type Alert struct {
	Pos    Pos
	Kind   AlertKind
	Blocks []Block
}

type CodeBlock struct {
	Pos  Pos
	Lang string // info string's first word, may be empty (a programming language, not a human one)
	Text string // verbatim, ends without a trailing newline
}

type ThematicBreak struct {
	Pos Pos
}

type Align int

const (
	AlignNone Align = iota
	AlignLeft
	AlignCenter
	AlignRight
)

type TableCell struct {
	Pos     Pos
	Header  bool // a header cell (th)
	Align   Align
	Inlines []Inline
}

type TableRow struct {
	Pos   Pos
	Cells []*TableCell
}

// Table has explicit header rows. Head may be empty only when the source table
// had an empty header row; check refuses that before rendering.
type Table struct {
	Pos     Pos
	Caption []Inline // optional: a paragraph "Table: ..." directly before the table
	Head    []*TableRow
	Body    []*TableRow
	Cols    int
	Align   []Align // per column
}

type DefinitionItem struct {
	Pos  Pos
	Term []Inline
	Defs [][]Block // one or more definitions, each a block sequence
}

type DefinitionList struct {
	Pos   Pos
	Items []*DefinitionItem
}

// Figure is an image standing alone in its paragraph.
type Figure struct {
	Pos     Pos
	Image   *Image
	Caption []Inline // from the image title, when given and not "decorative"
}

// ---- inlines ----

type Text struct {
	Pos  Pos
	Text string // never contains Markdown syntax; soft line breaks are single spaces
	// Pieces, when the text was joined from several source pieces (the lines
	// of a paragraph), give each piece's position; see PosAt. Nil means the
	// whole text is one piece starting at Pos.
	Pieces []TextPiece
}

type Emph struct {
	Pos      Pos
	Children []Inline
}

type Strong struct {
	Pos      Pos
	Children []Inline
}

type Strike struct {
	Pos      Pos
	Children []Inline
}

type Code struct {
	Pos  Pos
	Text string
}

type LineBreak struct {
	Pos Pos
}

// Link to an absolute http(s)/mailto/tel URL or to an anchor "#id" in the document.
type Link struct {
	Pos      Pos
	URL      string
	Title    string
	Children []Inline
}

// Image is a local raster image, read and sniffed by the loader.
type Image struct {
	Pos        Pos
	Src        string // as written in the source
	Alt        string // required unless Decorative
	Decorative bool   // declared with the title "decorative": ![](x.png "decorative")
	Title      string
	Data       []byte
	MediaType  string // image/png or image/jpeg
	Width      int    // pixels
	Height     int
}

// Span marks a change of language, written [text]{lang=cy}.
type Span struct {
	Pos      Pos
	Lang     string
	Children []Inline
}

// FootnoteRef refers to Document.Footnotes[N-1].
type FootnoteRef struct {
	Pos Pos
	N   int
}

type Footnote struct {
	Pos    Pos
	N      int
	Label  string
	Blocks []Block
}

func (n *Heading) Position() Pos        { return n.Pos }
func (n *Paragraph) Position() Pos      { return n.Pos }
func (n *List) Position() Pos           { return n.Pos }
func (n *BlockQuote) Position() Pos     { return n.Pos }
func (n *Alert) Position() Pos          { return n.Pos }
func (n *CodeBlock) Position() Pos      { return n.Pos }
func (n *ThematicBreak) Position() Pos  { return n.Pos }
func (n *Table) Position() Pos          { return n.Pos }
func (n *DefinitionList) Position() Pos { return n.Pos }
func (n *Figure) Position() Pos         { return n.Pos }

func (*Heading) isBlock()        {}
func (*Paragraph) isBlock()      {}
func (*List) isBlock()           {}
func (*BlockQuote) isBlock()     {}
func (*Alert) isBlock()          {}
func (*CodeBlock) isBlock()      {}
func (*ThematicBreak) isBlock()  {}
func (*Table) isBlock()          {}
func (*DefinitionList) isBlock() {}
func (*Figure) isBlock()         {}

func (n *Text) Position() Pos        { return n.Pos }
func (n *Emph) Position() Pos        { return n.Pos }
func (n *Strong) Position() Pos      { return n.Pos }
func (n *Strike) Position() Pos      { return n.Pos }
func (n *Code) Position() Pos        { return n.Pos }
func (n *LineBreak) Position() Pos   { return n.Pos }
func (n *Link) Position() Pos        { return n.Pos }
func (n *Image) Position() Pos       { return n.Pos }
func (n *Span) Position() Pos        { return n.Pos }
func (n *FootnoteRef) Position() Pos { return n.Pos }

func (*Text) isInline()        {}
func (*Emph) isInline()        {}
func (*Strong) isInline()      {}
func (*Strike) isInline()      {}
func (*Code) isInline()        {}
func (*LineBreak) isInline()   {}
func (*Link) isInline()        {}
func (*Image) isInline()       {}
func (*Span) isInline()        {}
func (*FootnoteRef) isInline() {}

// TextPiece records where part of a Text came from: Text[Off:] (up to the
// next piece) starts at Pos in the source. The loader joins a paragraph's
// lines into one Text, so the run's own Pos is only where its first line
// starts; the pieces keep every later line's position.
type TextPiece struct {
	Off int
	Pos Pos
}

// PosAt is the source position of the byte at offset off in t.Text: the
// position of the piece holding it, moved on by the characters before it in
// that piece. Without pieces it counts from t.Pos.
func (t *Text) PosAt(off int) Pos {
	if off > len(t.Text) {
		off = len(t.Text)
	}
	from, p := 0, t.Pos
	// pieces are in offset order: binary search for the last one at or before off
	lo, hi := 0, len(t.Pieces)
	for lo < hi {
		m := (lo + hi) / 2
		if t.Pieces[m].Off <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo > 0 {
		from, p = t.Pieces[lo-1].Off, t.Pieces[lo-1].Pos
	}
	if p.Line > 0 && from <= off {
		p.Col += utf8.RuneCountInString(t.Text[from:off])
	}
	return p
}
