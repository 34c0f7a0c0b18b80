package plain

import "strings"

// TextScores scores plain text the way the reference implementations do:
// each line is a unit (a paragraph, list item or heading), split into
// sentences. Only the tests score text without a document.
func TextScores(text string) Scores {
	var c counter
	for _, line := range strings.Split(text, "\n") {
		for _, s := range splitSentences(line) {
			c.addSentence(words(s.text))
		}
	}
	return c.scores()
}
