package content

import "github.com/altformats/altformats/internal/doc"

// tooManyBlocks finds the first block past doc.MaxBlocks, or the first
// heading past doc.MaxHeadings, in document order. Memory after loading
// follows the number of blocks (each is a structure element in both PDFs,
// and is read back), so a document of very many small blocks is refused
// before any writer runs rather than left to exhaust memory. One walk of
// the model: linear, and small beside parsing.
func tooManyBlocks(d *doc.Document) (at doc.Pos, code string, limit int, over bool) {
	blocks, headings := 0, 0
	doc.Walk(d, func(n any) bool {
		if over {
			return false
		}
		var p doc.Pos
		switch t := n.(type) {
		case doc.Block:
			p = t.Position()
			if h, ok := t.(*doc.Heading); ok {
				if headings++; headings > doc.MaxHeadings {
					at, code, limit, over = h.Pos, "LIMIT-HEADINGS", doc.MaxHeadings, true
					return false
				}
			}
		case *doc.ListItem:
			p = t.Pos
		case *doc.TableCell:
			p = t.Pos
		case *doc.DefinitionItem:
			p = t.Pos
		case *doc.Footnote:
			p = t.Pos
		default:
			return true
		}
		if blocks++; blocks > doc.MaxBlocks {
			at, code, limit, over = p, "LIMIT-BLOCKS", doc.MaxBlocks, true
			return false
		}
		return true
	})
	return at, code, limit, over
}
