// Package langtag is the one language-tag rule every part of the tool uses
// (front matter, --lang, [..]{lang=} spans, the model checks).
package langtag

import (
	"regexp"

	"golang.org/x/text/language"
)

var safe = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// Valid reports whether s is a well-formed BCP 47 tag (golang.org/x/text
// parses it) that is also safe to write verbatim into PDF /Lang, HTML lang
// and w:lang (letters, digits and hyphens only).
func Valid(s string) bool {
	if !safe.MatchString(s) {
		return false
	}
	_, err := language.Parse(s)
	return err == nil
}
