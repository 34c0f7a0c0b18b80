package diag

// loaderCodes: reading sources safely (special files, links out of the
// content folder, memory), the link policy and scripts the PDF cannot lay out.
var loaderCodes = []Code{
	{ID: "SRC-SPECIAL", Meaning: "the document path is a FIFO, device, socket or folder, not a regular file; reading it could block or never end",
		Fix: "give the path of an ordinary Markdown file"},
	{ID: "SRC-PATH", Meaning: "the document is a symbolic link that leads outside the content folder",
		Fix: "copy the document into the content folder instead of linking to it"},
	{ID: "LIMIT-IMAGE-MEMORY", Meaning: "an image would take more than 64 MB of memory once decoded (width × height × bytes a pixel), checked before decoding",
		Fix: "save the image smaller, or as an 8-bit PNG or a JPEG"},
	{ID: "LINK-INVALID", Meaning: "a link's address breaks the one link policy (internal/doc/linkpolicy.go): a user name before @, no host, an empty or malformed mailto: address, a tel: number that is not a full international number",
		Fix: "write the full address, e.g. https://www.nhs.uk/, mailto:name@example.org or tel:+44-20-7946-0000"},
	{ID: "LIMIT-FOOTNOTES", Meaning: "the document has more than 2,000 footnote definitions or more than 10,000 \"[^\" footnote references (the parser's cost is references × definitions), refused before parsing",
		Fix: "split the document, or turn long runs of footnotes into a list of references"},
	{ID: "PDF-RTL", Meaning: "the document has Arabic, Hebrew or other right-to-left text, which the PDF writer cannot yet lay out (no bidi reordering or shaping), so both PDFs are refused rather than garbled",
		Fix: "build the other formats for now (--formats html,epub,docx,txt), which keep the text's direction"},
}
