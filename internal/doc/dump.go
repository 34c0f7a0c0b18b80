package doc

import (
	"fmt"
	"strconv"
	"strings"
)

// Dump writes a readable, stable text form of the model for golden tests.
// Image bytes are summarised by size and type.
func Dump(d *Document) string {
	var sb strings.Builder
	m := d.Meta
	fmt.Fprintf(&sb, "Document %s\n", d.Source)
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&sb, "  %s: %s\n", k, strconv.Quote(v))
		}
	}
	field("title", m.Title)
	field("lang", m.Lang)
	field("subtitle", m.Subtitle)
	field("summary", m.Summary)
	if len(m.Authors) > 0 {
		fmt.Fprintf(&sb, "  authors: %q\n", m.Authors)
	}
	field("publisher", m.Publisher)
	field("date", m.Date)
	field("updated", m.Updated)
	field("version", m.Version)
	field("contact", m.Contact)
	field("licence", m.Licence)
	if len(m.Keywords) > 0 {
		fmt.Fprintf(&sb, "  keywords: %q\n", m.Keywords)
	}
	field("slug", m.Slug)
	sb.WriteString("  TitleInlines\n")
	dumpInlines(&sb, d.TitleInlines, 2)
	for _, b := range d.Blocks {
		dumpBlock(&sb, b, 1)
	}
	for _, fn := range d.Footnotes {
		fmt.Fprintf(&sb, "  Footnote %d %q @%d:%d\n", fn.N, fn.Label, fn.Pos.Line, fn.Pos.Col)
		for _, b := range fn.Blocks {
			dumpBlock(&sb, b, 2)
		}
	}
	return sb.String()
}

func at(p Pos) string { return fmt.Sprintf("@%d:%d", p.Line, p.Col) }

func dumpBlock(sb *strings.Builder, b Block, depth int) {
	ind := strings.Repeat("  ", depth)
	switch n := b.(type) {
	case *Heading:
		fmt.Fprintf(sb, "%sHeading %d #%s %s\n", ind, n.Level, n.ID, at(n.Pos))
		dumpInlines(sb, n.Inlines, depth+1)
	case *Paragraph:
		fmt.Fprintf(sb, "%sParagraph %s\n", ind, at(n.Pos))
		dumpInlines(sb, n.Inlines, depth+1)
	case *List:
		fmt.Fprintf(sb, "%sList ordered=%v start=%d tight=%v %s\n", ind, n.Ordered, n.Start, n.Tight, at(n.Pos))
		for _, it := range n.Items {
			task := ""
			if it.Task {
				task = fmt.Sprintf(" task checked=%v", it.Checked)
			}
			fmt.Fprintf(sb, "%s  Item%s %s\n", ind, task, at(it.Pos))
			for _, c := range it.Blocks {
				dumpBlock(sb, c, depth+2)
			}
		}
	case *BlockQuote:
		fmt.Fprintf(sb, "%sBlockQuote %s\n", ind, at(n.Pos))
		for _, c := range n.Blocks {
			dumpBlock(sb, c, depth+1)
		}
	case *Alert:
		fmt.Fprintf(sb, "%sAlert %s %s\n", ind, n.Kind, at(n.Pos))
		for _, c := range n.Blocks {
			dumpBlock(sb, c, depth+1)
		}
	case *CodeBlock:
		fmt.Fprintf(sb, "%sCodeBlock lang=%q %s %q\n", ind, n.Lang, at(n.Pos), n.Text)
	case *ThematicBreak:
		fmt.Fprintf(sb, "%sThematicBreak %s\n", ind, at(n.Pos))
	case *Table:
		fmt.Fprintf(sb, "%sTable cols=%d %s\n", ind, n.Cols, at(n.Pos))
		if len(n.Caption) > 0 {
			fmt.Fprintf(sb, "%s  Caption\n", ind)
			dumpInlines(sb, n.Caption, depth+2)
		}
		for _, part := range []struct {
			name string
			rows []*TableRow
		}{{"Head", n.Head}, {"Body", n.Body}} {
			for _, r := range part.rows {
				fmt.Fprintf(sb, "%s  %sRow %s\n", ind, part.name, at(r.Pos))
				for _, c := range r.Cells {
					fmt.Fprintf(sb, "%s    Cell header=%v align=%d %s\n", ind, c.Header, c.Align, at(c.Pos))
					dumpInlines(sb, c.Inlines, depth+3)
				}
			}
		}
	case *DefinitionList:
		fmt.Fprintf(sb, "%sDefinitionList %s\n", ind, at(n.Pos))
		for _, it := range n.Items {
			fmt.Fprintf(sb, "%s  Term %s\n", ind, at(it.Pos))
			dumpInlines(sb, it.Term, depth+2)
			for _, d := range it.Defs {
				fmt.Fprintf(sb, "%s  Definition\n", ind)
				for _, c := range d {
					dumpBlock(sb, c, depth+2)
				}
			}
		}
	case *Figure:
		fmt.Fprintf(sb, "%sFigure %s\n", ind, at(n.Pos))
		dumpInlines(sb, []Inline{n.Image}, depth+1)
		if len(n.Caption) > 0 {
			fmt.Fprintf(sb, "%s  Caption\n", ind)
			dumpInlines(sb, n.Caption, depth+2)
		}
	default:
		fmt.Fprintf(sb, "%sunhandled %T\n", ind, b)
	}
}

func dumpInlines(sb *strings.Builder, ins []Inline, depth int) {
	ind := strings.Repeat("  ", depth)
	for _, in := range ins {
		switch n := in.(type) {
		case *Text:
			fmt.Fprintf(sb, "%sText %q %s\n", ind, n.Text, at(n.Pos))
		case *Code:
			fmt.Fprintf(sb, "%sCode %q %s\n", ind, n.Text, at(n.Pos))
		case *LineBreak:
			fmt.Fprintf(sb, "%sLineBreak %s\n", ind, at(n.Pos))
		case *Emph:
			fmt.Fprintf(sb, "%sEmph %s\n", ind, at(n.Pos))
			dumpInlines(sb, n.Children, depth+1)
		case *Strong:
			fmt.Fprintf(sb, "%sStrong %s\n", ind, at(n.Pos))
			dumpInlines(sb, n.Children, depth+1)
		case *Strike:
			fmt.Fprintf(sb, "%sStrike %s\n", ind, at(n.Pos))
			dumpInlines(sb, n.Children, depth+1)
		case *Link:
			fmt.Fprintf(sb, "%sLink %q title=%q %s\n", ind, n.URL, n.Title, at(n.Pos))
			dumpInlines(sb, n.Children, depth+1)
		case *Span:
			fmt.Fprintf(sb, "%sSpan lang=%s %s\n", ind, n.Lang, at(n.Pos))
			dumpInlines(sb, n.Children, depth+1)
		case *Image:
			fmt.Fprintf(sb, "%sImage src=%q alt=%q decorative=%v title=%q %s %dx%d %d bytes %s\n",
				ind, n.Src, n.Alt, n.Decorative, n.Title, n.MediaType, n.Width, n.Height, len(n.Data), at(n.Pos))
		case *FootnoteRef:
			fmt.Fprintf(sb, "%sFootnoteRef %d %s\n", ind, n.N, at(n.Pos))
		default:
			fmt.Fprintf(sb, "%sunhandled %T\n", ind, in)
		}
	}
}
