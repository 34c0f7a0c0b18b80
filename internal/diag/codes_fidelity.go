package diag

// fidelityCodes: raw HTML, anchors, words the author will not see, front
// matter from other tools.
var fidelityCodes = []Code{
	{"HEADING-EXTRA-H1", "A body heading is at level 1 besides the title; every body heading is moved one level down, the same in every format.",
		"Use `##` for sections: the title is the only level-1 heading."},
	{"HTML-DROPPED", "An active or embedded HTML element (script, style, form, iframe, svg...) never reaches any output; the message counts the words it held.",
		"Write the content in Markdown."},
	{"HTML-EMBED", "An embedded video or frame with a title and an address is replaced by a link to it, \"Video: title\".",
		"Write the link in Markdown: `[Video: title](https://...)`."},
	{"HTML-TABLE-HEAD", "An HTML table has no `<th>` cells; its first row is used as the header row.",
		"Mark the header cells with `<th>`, or write the table in Markdown."},
	{"LINK-ANCHOR-GUESSED", "An in-page link's target matches no heading id, but matches one once hyphens or a site's prefix are ignored; the link is pointed at that heading.",
		"Write the heading's GitHub id: lower case, punctuation removed, spaces as hyphens (`GOV.UK One Login` is `#govuk-one-login`)."},
	{"META-UNKNOWN", "A front-matter key altformats does not use (from a website generator or another tool) is ignored.",
		"Remove it if no other tool needs it. A key close to a known one (`titel`) is an error instead."},
	{"SRC-EMOJI-CODE", "A GitHub emoji short code such as `:wrench:` is printed literally.",
		"Write the emoji character itself, or words."},
	{"SRC-TABLE-ROWS", "Lines written as table rows (starting and ending with `|`) are not in a table, so every format prints them as one paragraph with the `|` signs, as GitHub does: a table ends at a blank line or at a block that interrupts it, such as an HTML comment between two rows, and rows need a header row and a `|---|` line above them.",
		"Delete the blank line or the comment between the rows (to hide a row, delete it), or add the header row and the `|---|` line."},
	{"SRC-TEMPLATE", "Website-template code (`{% ... %}` or `{{ ... }}`) is printed as text.",
		"Remove it, or write out what it stands for."},
}
