package content

import "github.com/altformats/altformats/internal/doc"

// structureLimit is one bound on the number of nodes of a kind.
type structureLimit struct {
	code  string
	limit int
	what  string // plural, for the message
}

var (
	blockLimit   = structureLimit{"LIMIT-BLOCKS", doc.MaxBlocks, "blocks (paragraphs, headings, list items, table cells, ...)"}
	headingLimit = structureLimit{"LIMIT-HEADINGS", doc.MaxHeadings, "headings"}
	linkLimit    = structureLimit{"LIMIT-LINKS", doc.MaxLinks, "links"}
	imageLimit   = structureLimit{"LIMIT-IMAGES", doc.MaxImages, "images"}
)

// tooManyNodes finds the first block past doc.MaxBlocks, heading past
// doc.MaxHeadings, link past doc.MaxLinks or image past doc.MaxImages, in
// document order. Memory after loading follows the number of these more than
// the bytes (each is a structure element, and links an annotation too, in
// both PDFs, and is read back), so a document of very many is refused before
// any writer runs rather than left to exhaust memory. One walk of the model:
// linear, and small beside parsing.
func tooManyNodes(d *doc.Document) (at doc.Pos, lim structureLimit, over bool) {
	var blocks, headings, links, images int
	count := func(n *int, l structureLimit, p doc.Pos) bool {
		if *n++; *n > l.limit {
			at, lim, over = p, l, true
		}
		return over
	}
	doc.Walk(d, func(n any) bool {
		if over {
			return false
		}
		switch t := n.(type) {
		case doc.Block:
			if h, ok := t.(*doc.Heading); ok && count(&headings, headingLimit, h.Pos) {
				return false
			}
			count(&blocks, blockLimit, t.Position())
		case *doc.ListItem:
			count(&blocks, blockLimit, t.Pos)
		case *doc.TableCell:
			count(&blocks, blockLimit, t.Pos)
		case *doc.DefinitionItem:
			count(&blocks, blockLimit, t.Pos)
		case *doc.Footnote:
			count(&blocks, blockLimit, t.Pos)
		case *doc.Link:
			count(&links, linkLimit, t.Pos)
		case *doc.Image:
			count(&images, imageLimit, t.Pos)
		}
		return !over
	})
	return at, lim, over
}
