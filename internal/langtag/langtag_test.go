package langtag

import "testing"

func TestValid(t *testing.T) {
	for _, s := range []string{"en", "en-GB", "cy", "zh-Hant-TW", "sr-Latn"} {
		if !Valid(s) {
			t.Errorf("%q should be valid", s)
		}
	}
	for _, s := range []string{"", "e", "xx-!!", "en_GB", "en GB", "english-language-x", "en-GB\n", "abcdefghi"} {
		if Valid(s) {
			t.Errorf("%q should be invalid", s)
		}
	}
}
