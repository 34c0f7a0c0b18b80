package diag

// fidelityCodes: raw HTML, anchors, words the author will not see, front
// matter from other tools.
var fidelityCodes = []Code{
	{"HTML-DROPPED", "an active or embedded HTML element (script, style, form, iframe, svg...) never reaches any output; the message counts the words it held",
		"write the content in Markdown"},
	{"HTML-EMBED", "an embedded video or frame with a title and an address is replaced by a link to it, \"Video: title\"",
		"write the link in Markdown: [Video: title](https://...)"},
	{"HTML-TABLE-HEAD", "an HTML table has no <th> cells; its first row is used as the header row",
		"mark the header cells with <th>, or write the table in Markdown"},
	{"HEADING-EXTRA-H1", "a body heading is at level 1 besides the title; every body heading is moved one level down in every format",
		"use ## for sections: the title is the only level-1 heading"},
	{"SRC-TEMPLATE", "website-template code ({% ... %} or {{ ... }}) is printed as text",
		"remove it, or write out what it stands for"},
	{"SRC-EMOJI-CODE", "a GitHub emoji short code such as :wrench: is printed literally",
		"write the emoji character itself, or words"},
	{"LINK-ANCHOR-GUESSED", "an in-page link's target matches no heading id, but one heading's id once hyphens or a site's prefix are ignored; the link is pointed there",
		"write the heading's GitHub id (lower case, punctuation removed, spaces as hyphens)"},
	{"META-UNKNOWN", "a front-matter key altformats does not use (from a website generator or another tool) is ignored",
		"remove it if no other tool needs it; a key close to a known one (titel) is an error instead"},
}
