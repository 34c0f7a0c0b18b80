package diag

// Codes of the authoring area: project defaults (altformats.yaml), the
// plain-English report, and check's machine-readable output.
var authoringCodes = []Code{
	{"PROJECT-YAML", "altformats.yaml is not valid YAML, or not a set of `key: value` lines.",
		"Write one `key: value` a line, e.g. `lang: en-GB`; `altformats init` writes a commented example."},
	{"PROJECT-KEY", "altformats.yaml has a key it does not know, or a key that belongs to one document (title, slug, dates, summary).",
		"Use the keys listed in the message; put per-document keys in each document's front matter."},
	{"PROJECT-VALUE", "A build setting in altformats.yaml has a value the tool does not know (a paper size, a format).",
		"Use A4, A5 or Letter for paper, and format names from `altformats build --help`."},
	{"META-READING-AGE", "`reading-age:` is not a reading age from 5 to 25.",
		"Give the target as a number of years, e.g. `reading-age: 11` (the NHS aims at 9 to 11)."},
	{"PLAIN-READING-AGE", "The document's reading age (Flesch-Kincaid grade + 5) is above its `reading-age:` target (an error) or above 14 when it sets none (a warning).",
		"Use shorter sentences and everyday words; `altformats check` lists each section's scores to show where."},
	{"PLAIN-SENTENCE", "A sentence has more than 25 words, GOV.UK's limit.",
		"Split it into two or more sentences, or make a list."},
	{"PLAIN-AVOID", "A word or phrase on GOV.UK's list of words to avoid (style guide, OGL v3).",
		"Use the plainer word the hint suggests, or say specifically what you mean."},
	{"PLAIN-ABBR", "An abbreviation is used before the place where it is spelled out.",
		"Spell it out the first time it is used, with the abbreviation in brackets after it."},
	{"PLAIN-PASSIVE", "A sentence may be in the passive voice (a form of 'to be' and a past participle).",
		"Say who does what: 'we will send your letter', not 'your letter will be sent'."},
	{"PLAIN-LANG", "No plain-English report: the document is not in English, and the formulas and word lists are for English only.",
		"Nothing to fix; have a speaker of the language check it for plain language (Welsh: Cymraeg Clir)."},
	{"CHECK-IO", "`check` could not read a document (reported in JSON and SARIF output).",
		"Check that the file exists and can be read."},
	{"CHECK-UNCODED", "A message without a code of its own, in SARIF output.",
		"Report it: every message should carry a code."},
}
