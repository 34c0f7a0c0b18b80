package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/altformats/altformats/internal/doc"
)

// Labels are the few words a writer adds (shared by every writer) to a document: they follow the
// document's language so a Welsh page does not announce English landmarks.
type Labels struct {
	Skip, Contents, Footnote, Footnotes, Notes, BackToRef string
	Author, Authors, Publisher                            string
	Published, Updated, Version, Licence                  string
	Contact                                               string // followed by the contact address
	Table, Figure, Image                                  string
	Done, NotDone                                         string
	PageOf                                                string // "Page %d of %s": the page number, then the page count as text
	By                                                    string // before author names
	PublishedBy                                           string // before the publisher
	And                                                   string // joins the last two names
	LargePrint                                            string // says a document is the large-print edition
	RowsAsTables                                          string // before a table set one row to a table
	Alerts                                                map[doc.AlertKind]string
	Months                                                [12]string
}

var english = Labels{
	Skip: "Skip to main content", Contents: "Contents", Footnote: "Footnote", Footnotes: "Footnotes", Notes: "Notes",
	BackToRef: "Back to reference", Author: "Author", Authors: "Authors", Publisher: "Publisher",
	Published: "Published", Updated: "Last updated", Version: "Version", Licence: "Licence",
	Contact: "To ask for this document in another format, or with any questions, contact",
	Table:   "Table", Figure: "Figure", Image: "Image", Done: "Done", NotDone: "Not done",
	PageOf: "Page %d of %s", By: "By", PublishedBy: "Published by", And: "and",
	LargePrint:   "Large print",
	RowsAsTables: "This table is too wide for large print, so each row is set below as a table of its own.",
	Alerts: map[doc.AlertKind]string{
		doc.AlertNote: "Note", doc.AlertTip: "Tip", doc.AlertImportant: "Important",
		doc.AlertWarning: "Warning", doc.AlertCaution: "Caution",
	},
	Months: [12]string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"},
}

var welsh = Labels{
	Skip: "Neidio i’r prif gynnwys", Contents: "Cynnwys", Footnote: "Troednodyn", Footnotes: "Troednodiadau", Notes: "Nodiadau",
	BackToRef: "Yn ôl i’r cyfeirnod", Author: "Awdur", Authors: "Awduron", Publisher: "Cyhoeddwr",
	Published: "Cyhoeddwyd", Updated: "Diweddarwyd ddiwethaf", Version: "Fersiwn", Licence: "Trwydded",
	Contact: "I ofyn am y ddogfen hon mewn fformat arall, neu gydag unrhyw gwestiynau, cysylltwch â",
	Table:   "Tabl", Figure: "Ffigur", Image: "Delwedd", Done: "Wedi’i wneud", NotDone: "Heb ei wneud",
	PageOf: "Tudalen %d o %s", By: "Gan", PublishedBy: "Cyhoeddwyd gan", And: "a",
	LargePrint:   "Print bras",
	RowsAsTables: "Mae’r tabl hwn yn rhy lydan ar gyfer print bras, felly mae pob rhes isod yn dabl ar ei phen ei hun.",
	Alerts: map[doc.AlertKind]string{
		doc.AlertNote: "Nodyn", doc.AlertTip: "Awgrym", doc.AlertImportant: "Pwysig",
		doc.AlertWarning: "Rhybudd", doc.AlertCaution: "Gofal",
	},
	Months: [12]string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf",
		"Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"},
}

// LabelsFor returns the labels for a BCP 47 tag: Welsh for "cy" and its
// regional forms, English otherwise.
func LabelsFor(lang string) Labels {
	primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if primary == "cy" {
		return welsh
	}
	return english
}

// Alert is the visible label of an alert kind, falling back to the model's
// English label for a kind this table does not know.
func (l Labels) Alert(k doc.AlertKind) string {
	if s, ok := l.Alerts[k]; ok {
		return s
	}
	return k.Label()
}

// HumanDate writes an ISO date (YYYY-MM-DD) the way UK public-sector
// style guides ask for: "1 March 2026". ok is false when iso is not a date,
// and the caller shows it as written.
func (l Labels) HumanDate(iso string) (s string, ok bool) {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso, false
	}
	return fmt.Sprintf("%d %s %d", t.Day(), l.Months[t.Month()-1], t.Year()), true
}

// Names joins names for a sentence: "A", "A and B", "A, B and C" (Welsh "a",
// or "ac" before a vowel).
func (l Labels) Names(ns []string) string {
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return ns[0]
	}
	last := ns[len(ns)-1]
	and := l.And
	if and == "a" && last != "" && strings.ContainsRune("AEIOUWYaeiouwyÂÊÎÔÛŴŶâêîôûŵŷ", []rune(last)[0]) {
		and = "ac"
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " " + and + " " + last
}
