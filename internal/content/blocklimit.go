package content

import "github.com/altformats/altformats/internal/doc"

// tooManyBlocks finds the node at which the document's blocks pass
// doc.MaxBlocks, in document order: every block, list item, table row,
// table cell, definition, footnote, hard line break and further source line
// of a paragraph counts one, a heading doc.HeadingBlocks, a link
// doc.LinkBlocks and an image doc.ImageBlocks, plus, the first time a file
// is used, one block per doc.ImageBytesPerBlock of its bytes. Memory after loading follows
// this weight more than the bytes (each is a structure element in both PDFs,
// and is read back), so a document of very many is refused before any writer
// runs rather than left to exhaust memory. One walk of the model: linear,
// and small beside parsing.
func tooManyBlocks(d *doc.Document) (at doc.Pos, over bool) {
	weight, softLines := 0, 0
	seen := map[*byte]bool{} // image files already weighed (one Data slice per file)
	doc.Walk(d, func(n any) bool {
		if over {
			return false
		}
		w, p := 1, doc.Pos{}
		switch t := n.(type) {
		case *doc.Heading:
			w, p = doc.HeadingBlocks, t.Pos
		case *doc.Table:
			// Each row is a structure element too (TR), which Walk does
			// not visit: 24,000 tables of two rows of two cells peaked at
			// 455 MiB when only the tables and cells were counted.
			w, p = 1+len(t.Head)+len(t.Body), t.Pos
		case doc.Block:
			p = t.Position()
		case *doc.ListItem:
			p = t.Pos
		case *doc.TableCell:
			p = t.Pos
		case *doc.DefinitionItem:
			p = t.Pos
		case *doc.Footnote:
			p = t.Pos
		case *doc.Text:
			// A paragraph's lines: each further source line is a piece
			// of its text with its own position, and a hard break is a
			// node. One paragraph of 150,000 short lines peaked at
			// 378 MiB in build, and with six 6 MB photographs at 456 MiB.
			lines := 0
			for i := 1; i < len(t.Pieces); i++ {
				if t.Pieces[i].Pos.Line != t.Pieces[i-1].Pos.Line {
					lines++
				}
			}
			if lines == 0 {
				return true
			}
			// Half a block a line (counted across the document): 150,000
			// lines alone took 378 MiB, far less than as many blocks.
			softLines += lines
			w, p = softLines/2-(softLines-lines)/2, t.Pos
			if w == 0 {
				return true
			}
		case *doc.LineBreak:
			p = t.Pos
		case *doc.Link:
			w, p = doc.LinkBlocks, t.Pos
		case *doc.Image:
			w, p = doc.ImageBlocks, t.Pos
			if len(t.Data) > 0 && !seen[&t.Data[0]] { // each file once, however often it is used
				seen[&t.Data[0]] = true
				w += len(t.Data) / doc.ImageBytesPerBlock
			}
		default:
			return true
		}
		if weight += w; weight > doc.MaxBlocks {
			at, over = p, true
		}
		return !over
	})
	return at, over
}
