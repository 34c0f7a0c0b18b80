package doc

// Input limits keep hostile or broken input from exhausting memory or time.
// The loader checks them, each reported as an error naming the limit;
// README.md's Guarantees section quotes them (TestReadmeQuotesLimits).
const (
	// MaxSourceBytes bounds one Markdown file. It was 64 MiB, but a build's
	// memory grows with the source (the model, then every writer's layout):
	// a 63 MiB source peaked at 1.8 GB, an 8 MiB one (the seed's body
	// repeated, now refused by MaxBlocks) at 408–422 MiB with the CLI's
	// 384 MiB soft limit (internal/build/PERFORMANCE.md).
	MaxSourceBytes = 8 << 20
	// MaxSourceLines bounds the lines of one file: memory follows the number
	// of text runs more than the bytes, and a paragraph of very short lines
	// makes one run a line (8 MiB of 6-byte lines took 1.4 GB to load). It
	// was 250,000, but one paragraph of 249,000 short lines peaked at
	// 483 MiB in build and one of 249,000 hard line breaks at 498 MiB; at
	// 150,000 they peak at 378 and 408 MiB (2026-11-30). The seed × 1,045,
	// about the largest copy MaxBlocks allows, has about 106,000 lines.
	MaxSourceLines = 150_000
	MaxImageBytes  = 20 << 20 // one image file
	MaxImagePixels = 50 << 20 // width × height of one image (50 megapixels)
	// MaxImageMemory bounds one image's decoded pixels (width × height ×
	// bytes a pixel), checked from the header before decoding: a 413 KB
	// 16-bit PNG inside the pixel limit decoded to over 400 MB.
	MaxImageMemory = 64 << 20
	// MaxImagesBytes bounds the image files of one document together, each
	// distinct file counted once however often it is used: every format
	// embeds them (HTML as base64), so memory follows their total. Eight
	// 6 MB JPEGs peaked at 428 MiB in build and twelve at 546 MiB, on
	// 2026-11-30; 40 MiB keeps a document of them under 448 MiB.
	MaxImagesBytes = 40 << 20
	MaxNesting     = 32 // lists, quotes and inline containers inside each other (goldmark slows sharply with depth)
	// MaxTableCells bounds the table cells of one document (all its tables
	// together). It was 200,000, but 160,000 cells in one table peaked at
	// 542 MiB in check (each cell is a structure element in both PDFs and
	// is read back); 100,000 stays under the 448 MiB target.
	MaxTableCells = 100_000
	// MaxBlocks bounds the blocks of one document: every paragraph,
	// heading, list, list item, quote, code block, table, table row, table cell,
	// figure and footnote, however deeply nested, with the heavier ones
	// weighed as several (HeadingBlocks, LinkBlocks, ImageBlocks). Memory
	// follows them more than the bytes (each is a structure element in both
	// PDFs, then read back), about 3 KB a block at the peak: 249,000 one-line
	// list items (498,000 blocks, 4.5 MB) peaked at 980 MiB and 63 s of CPU
	// in check, the garbage collector fighting the 384 MiB heap limit (with
	// no limit the CPU time is linear). At the limit, check peaked at
	// 375-404 MiB for list items, short paragraphs, table cells, headings,
	// links and images alone or mixed. Hard line breaks weigh one block and
	// a paragraph's further source lines half (counted in content). The
	// seed × 1000 weighs about 119,000 with its lines (106,000 without);
	// the seed's body repeated to 8 MiB, 158,000, is refused (it peaked at
	// 479 MiB).
	MaxBlocks = 125_000
	// HeadingBlocks is what a heading weighs against MaxBlocks: it is also a
	// contents entry with two links and a bookmark in both PDFs. 20,000
	// headings in a row peaked at 347 MiB in check, 80,000 at 912 MiB.
	HeadingBlocks = 6
	// LinkBlocks is what a link weighs: a structure element and an
	// annotation in both PDFs. 80,000 paragraphs of one link peaked at
	// 519 MiB in check (36 s of CPU; 20,000: 197 MiB, 4.6 s).
	LinkBlocks = 3
	// ImageBlocks is what a use of an image weighs (each use, even of one
	// file), on top of its figure: 40,000 figures of one small image peaked
	// at 391 MiB in check.
	ImageBlocks = 3
	// ImageBytesPerBlock: each distinct image file also weighs one block
	// per this many bytes, since every format embeds it (HTML as base64)
	// and memory follows: eight 6 MB photographs and almost no text peaked
	// at 428 MiB in build, and 17,800 small tables (just under MaxBlocks)
	// with six of them at 456 MiB. So 40 MiB of images weigh about 105,000
	// blocks, and a document at the block limit has no room for large ones.
	ImageBytesPerBlock = 400
	// goldmark's footnote extension finds each reference's definition by a
	// walk along every definition, so references × definitions is the cost:
	// 100,000 footnotes never finished. Both are bounded, checked before
	// parsing.
	MaxFootnotes    = 2_000  // footnote definitions ("[^1]: ...") in one document
	MaxFootnoteRefs = 10_000 // "[^" anywhere in one document (references, definitions)
	// MaxInlineMarks bounds the characters that can open an inline node
	// (* _ [ ` <: emphasis, links, images, code spans, autolinks, raw HTML)
	// in one document, counted in one pass before parsing. Memory follows
	// the number of inline nodes (about 460 bytes each), not the bytes:
	// `_a ` repeated to 8 MiB peaked at 1.3 GB. The real documents in the
	// test corpus have at most 340; the seed × 1000 has 2,000.
	MaxInlineMarks = 100_000

	// MaxSettingsBytes bounds a settings file: altformats.yaml, a pack
	// definition, a theme.json. Each is a page of keys, never large.
	MaxSettingsBytes = 1 << 20
	// MaxFontBytes bounds one font file a theme names (DejaVu Sans, one of
	// the largest common faces, is 740 KB; CJK faces reach 20 MB).
	MaxFontBytes = 32 << 20
	// MaxStylesBytes bounds a templates folder's docx/styles.xml (Word's
	// own is about 40 KB).
	MaxStylesBytes = 8 << 20

	// MaxRenderDepth bounds a writer's recursion over the model, for a
	// document built in code rather than loaded. A writer counts every
	// container it enters (a list, its item, the emphasis inside), so a
	// loaded document, at most MaxNesting levels deep, stays well below it.
	MaxRenderDepth = 4 * MaxNesting
)
