package braille

import "strings"

// The transcriber's notes page follows the title page, as UKAAF and BANA
// place it among the preliminary pages: it says how the braille was made
// and explains each convention the document actually needed (an image's
// description between transcriber's note indicators, a link's address, a
// table given row by row, a divided word…), and no other. Born-digital
// documents have no print pages, so it says that print page numbers are not
// given.

// note is one sentence of the notes: text to translate, with the
// transcriber's note indicators (ready braille) between its parts.
type note []string

// transcriberNotes lays out the notes page's rows under line 1, and the
// heading's braille for the contents.
func (w *writer) transcriberNotes() (rows []string, heading string) {
	t := notesEnglish
	if w.welsh {
		t = notesWelsh
	}
	notes := []note{{t.made}, {t.code}, {t.printPages}}
	if w.used.images {
		notes = append(notes, note{t.images[0], tnOpen, t.images[1], tnClose, t.images[2]})
	}
	if w.used.links {
		notes = append(notes, note{t.links})
	}
	if w.used.linearised {
		notes = append(notes, note{t.tables})
	}
	if len(w.d.Footnotes) > 0 {
		notes = append(notes, note{strings.ReplaceAll(t.footnotes, "{Footnotes}", w.l.Footnotes)})
	}
	if w.used.code {
		notes = append(notes, note{t.code1})
	}
	if w.used.divided {
		notes = append(notes, note{t.divided})
	}
	if w.used.otherLang {
		notes = append(notes, note{t.otherLang})
	}
	heading = w.plain(t.heading)
	rows = []string{centre(heading), ""}
	for _, n := range notes {
		var parts []string
		for i, p := range n {
			if i%2 == 1 {
				parts = append(parts, p) // an indicator: already braille
			} else if b := w.plain(p); b != "" {
				parts = append(parts, b)
			}
		}
		rows = append(rows, w.wrap(strings.Join(parts, " "), Cols, 2, 0)...)
	}
	return rows, heading
}

type notesText struct {
	heading, made, code, printPages string
	images                          [3]string // before the opening indicator, between, after the closing one
	links, tables, footnotes        string
	code1, divided, otherLang       string
}

var notesEnglish = notesText{
	heading:    "Transcriber's notes",
	made:       "This braille was transcribed automatically by altformats, with the liblouis braille translator, from a digital document. It has not been checked by a braille transcriber.",
	code:       "The braille code is Unified English Braille grade 2 (contracted).",
	printPages: "Print page numbers are not given: the source is a digital document with no printed pages.",
	images:     [3]string{"Images are given as their description, after", "and before", "(the transcriber's note indicators)."},
	links:      "Links are given as their text, followed by the web address in brackets unless the text is the address.",
	tables:     "Tables too wide for the braille page are given row by row: each cell on its own line, after its column heading and a colon.",
	footnotes:  "Footnotes are gathered at the end, under the heading {Footnotes}; their numbers are shown in square brackets in the text.",
	code1:      "Computer code is in uncontracted (grade 1) braille.",
	divided:    "Words too long for a braille line are divided with a hyphen at the end of the line.",
	otherLang:  "Passages in Welsh are in Welsh braille grade 2.",
}

// The Welsh wording has not yet been checked by a Welsh-speaking transcriber.
var notesWelsh = notesText{
	heading:    "Nodiadau'r trawsgrifiwr",
	made:       "Trawsgrifiwyd y braille hwn yn awtomatig gan altformats, gyda'r cyfieithydd braille liblouis, o ddogfen ddigidol. Nid yw trawsgrifiwr braille wedi ei wirio.",
	code:       "Y cod braille yw Braille Cymraeg gradd 2 (cyfangedig).",
	printPages: "Ni roddir rhifau tudalennau print: dogfen ddigidol heb dudalennau print yw'r ffynhonnell.",
	images:     [3]string{"Rhoddir delweddau fel eu disgrifiad, ar ôl", "a chyn", "(dangosyddion nodyn y trawsgrifiwr)."},
	links:      "Rhoddir dolenni fel eu testun, ac yna'r cyfeiriad gwe mewn cromfachau oni bai mai'r cyfeiriad yw'r testun.",
	tables:     "Rhoddir tablau sy'n rhy llydan i'r dudalen braille fesul rhes: pob cell ar ei llinell ei hun, ar ôl pennawd ei cholofn a cholon.",
	footnotes:  "Casglwyd y troednodiadau ar y diwedd, o dan y pennawd {Footnotes}; dangosir eu rhifau mewn cromfachau sgwâr yn y testun.",
	code1:      "Mae cod cyfrifiadur mewn braille heb gyfangiadau (gradd 1).",
	divided:    "Rhennir geiriau sy'n rhy hir i linell braille gyda chysylltnod ar ddiwedd y llinell.",
	otherLang:  "Mae darnau yn Saesneg mewn Braille Saesneg Unedig gradd 2.",
}
