package diag

// loaderCodes: reading sources safely (special files, links out of the
// content folder, memory, footnotes), the one link policy, and scripts the
// PDF cannot lay out yet.
var loaderCodes = []Code{
	{"LIMIT-BLOCKS", "The document has more than 125,000 blocks (paragraphs, headings, lists, list items, quotes, code blocks, tables, table rows, table cells, figures, footnotes, counted however deeply nested; a heading counts as 6, being also a contents entry with two links and a bookmark in both PDFs, a link or an image as 3, each distinct image file one more per 400 bytes of it, since every format embeds it, a hard line break 1 and each further source line of a paragraph half): memory follows the blocks more than the bytes (each is a structure element in both PDFs, and is read back), so such a document could pass the 448 MiB memory target. It is refused after parsing, before any writer runs, at the block that passes the limit.",
		"Split the document into smaller ones."},
	{"LIMIT-FOOTNOTES", "The document has more than 2,000 footnote definitions or more than 10,000 `[^` footnote references (the parser's cost is references × definitions); it is refused before parsing, at the line that passes the limit.",
		"Split the document, or turn long runs of footnotes into a list of references."},
	{"LIMIT-INLINES", "The document has more than 100,000 characters that can mark emphasis, links, images or code (`*` `_` `[` `` ` `` `<`, counted anywhere, code included): memory follows the number of inline nodes, about 460 bytes each, so such a document could pass the 448 MiB memory target. It is refused before parsing, at the character that passes the limit.",
		"Split the document into smaller ones."},
	{"LIMIT-LINES", "The source file has more than 150,000 lines (memory follows the number of text runs, and a paragraph of very short lines makes one a line); it is refused before parsing.",
		"Split the document into smaller ones."},
	{"LIMIT-IMAGES-TOTAL", "The document's image files together are over 40 MB (each distinct file counted once, however often it is used): every format embeds them, so memory follows their total, and such a document could pass the 448 MiB memory target.",
		"Make the images smaller (resize, or compress photographs as JPEG), or split the document."},
	{"LIMIT-IMAGE-MEMORY", "An image would take more than 64 MB of memory once decoded (width × height × bytes a pixel: a 16-bit PNG takes 8), checked from its header before decoding.",
		"Save the image smaller, or as an 8-bit PNG or a JPEG."},
	{"LINK-INVALID", "A link's address breaks the link policy (internal/doc/linkpolicy.go), which every format applies: a user name before `@`, no host, an empty or malformed `mailto:` address, a `tel:` number that is not a full international number.",
		"Write the full address, e.g. `https://www.nhs.uk/`, `mailto:name@example.org` or `tel:+44-20-7946-0000`."},
	{"PDF-RTL", "The document has Arabic, Hebrew or other right-to-left text, which the PDF writer cannot lay out yet (no bidi reordering or shaping): both PDFs are refused rather than garbled.",
		"Build the other formats for now (`--formats html,epub,docx,txt`), which keep the text's direction."},
	{"SRC-PATH", "The document is a symbolic link that leads outside the content folder.",
		"Copy the document into the content folder instead of linking to it."},
	{"SRC-SPECIAL", "The document path is a FIFO, device, socket or folder, not a regular file: reading it could block or never end.",
		"Give the path of an ordinary Markdown file."},
}
