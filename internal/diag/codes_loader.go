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
}
