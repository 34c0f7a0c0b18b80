package diag

// verifyCodes are printed when finished files are read back: by build and
// pack before publishing (a failure there is a writer defect, and the folder
// is not published), and by `altformats verify` on any file. The PDF/UA
// rules (Matterhorn Protocol 1.1 numbers and AF-…, as the reports name them)
// print as the core table's PDFUA-<rule> codes (verify.Code).
var verifyCodes = []Code{
	{"VERIFY-READ", "the file cannot be read as the format its name says (damaged, truncated, or another format)", "export or save the file again"},
	{"VERIFY-REFUSED", "a document's files failed the read-back checks, so the build did not publish them (the earlier outputs are kept)", "see the messages above it; report writer defects with the document"},
	{"VERIFY-PARITY", "one format of a document says something different from the document (a heading, alt text, decorative image, table header, link, language change or footnote lost or changed)", "a writer defect: report it with the document"},
	{"PDF-TAGGED", "the PDF is not tagged: no structure tree, so no headings, tables, lists or alt text for assistive technology", "export a tagged PDF (Word: Save as PDF → Options → Document structure tags for accessibility)"},
	{"BRF-CHARS", "a braille ready file holds a byte that is not North American ASCII braille (0x20–0x5F) or CR, LF, form feed", "write the BRF again; embossers misread other bytes"},
	{"BRF-PAGE", "a braille line is longer than 40 cells or a page longer than 25 lines", "lay the braille out again for 40 × 25 pages"},
	{"PEF-XML", "a PEF file is not well-formed PEF 1.0 (root, namespace, pages, rows of braille cells)", "write the PEF again"},
	{"HUMAN-ALT-MEANING", "listed in every report as a check no program can make: alt text says what the image means in its context", "have a person who knows the subject read each alt text beside its image"},
	{"HUMAN-READING-ORDER", "listed in every report as a check no program can make: the reading order makes sense", "read the document with a screen reader, or its tag tree, from start to end"},
	{"HUMAN-COLOUR", "listed in every report as a check no program can make: colour is not the only way meaning is given", "look at the pages in greyscale"},
	{"HUMAN-HEADINGS-DESCRIBE", "listed in every report as a check no program can make: headings and link texts describe their topic or purpose", "read the list of headings and of links on their own"},
	{"HUMAN-PLAIN-LANGUAGE", "listed in every report as a check no program can make in full: the text is as plain as its readers need", "test the text with its readers; altformats check gives reading ages as a guide"},
	{"HUMAN-SCREEN-READER", "listed in every report as a check no program can make: the files work for screen-reader and magnifier users", "test with the people who use them"},
	{"TXT-UTF8", "a plain-text file is not valid UTF-8 or holds control characters", "save it as UTF-8"},
	{"HTML-LANG", "the page has no lang on <html>, or a lang attribute is not a valid BCP 47 tag", "add lang=\"en-GB\" (or the page's language)"},
	{"HTML-TITLE", "the page has no title", "give the page a <title> naming the document"},
	{"HTML-ACTIVE", "the page has active content: a script, an event handler, a javascript: link, a frame, object, embed, form, base or meta refresh", "remove it; accessible documents work without scripts"},
	{"HTML-REMOTE", "the page loads a resource from the network", "embed the resource or ship it with the page"},
	{"HTML-ALT", "an image has no alt attribute", "add alt text, or alt=\"\" if the image is decoration"},
	{"HTML-HEADINGS", "headings do not start with one h1, skip a level, or are empty", "use heading levels in order"},
	{"HTML-TABLE-HEADER", "a table has no header cells", "mark the header row with <th>"},
	{"HTML-LINK-TEXT", "a link has no text", "give the link words that say where it goes"},
	{"HTML-ID-UNIQUE", "an id is used twice in a page", "make ids unique"},
	{"HTML-MAIN", "the page does not have exactly one main landmark (a warning)", "wrap the content in one <main>"},
	{"DOCX-PACKAGE", "a Word part is not well-formed, has no content type, or a relationship points at nothing", "save the document again from Word"},
	{"DOCX-STYLES", "a style used is not defined, or a heading style has no outline level", "use Word's built-in heading styles"},
	{"DOCX-HEADINGS", "headings do not use heading styles in order (first is not level 1, a level is skipped, or one is empty)", "apply Title/Heading 1, Heading 2 … in order"},
	{"DOCX-NUMBERING", "a list paragraph uses numbering that is not defined", "apply a list style again"},
	{"DOCX-TABLE-HEADER", "a table's first row is not a repeating header row", "Table Properties → Row → Repeat as header row at the top of each page"},
	{"DOCX-ALT", "a picture has no alternative text and is not marked decorative", "View Alt Text, or tick Mark as decorative"},
	{"DOCX-LANG", "the document language is not set, or a language tag is not valid", "Review → Language → Set Proofing Language → Set as Default"},
	{"DOCX-PROPERTIES", "the document properties have no title", "File → Info → Properties → Title"},
	{"DOCX-LINK-TEXT", "a hyperlink has no text", "give the link words that say where it goes"},
	{"DOCX-FOOTNOTES", "a footnote reference has no footnote", "delete and insert the footnote again"},
	{"EPUB-PACKAGE", "the EPUB package is malformed: mimetype, container, package metadata (title, language, identifier, modified), manifest or spine", "rebuild the EPUB; run epubcheck for details"},
	{"EPUB-NAV", "the EPUB has no navigation document with a table of contents", "add a nav epub:type=\"toc\""},
	{"EPUB-A11Y-META", "the EPUB lacks EPUB Accessibility 1.1 discovery metadata (accessMode, accessModeSufficient, accessibilityFeature, accessibilityHazard, accessibilitySummary)", "add the schema.org metadata to the package document"},
	{"EPUB-CONFORMS", "the EPUB claims conformance (dcterms:conformsTo) but fails other checks", "fix the failures, or remove the claim"},
}
