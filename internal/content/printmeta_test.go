package content

import "testing"

// short-title, publisher-short and toc are front matter keys; toc is false
// or a level from 1 to 6.
func TestPrintFrontMatter(t *testing.T) {
	d, ds := parse(t, "---\ntitle: A long title\nlang: en-GB\nshort-title: Short\npublisher-short: NHS England\ntoc: 2\n---\n\nText.\n")
	if len(ds) != 0 {
		t.Fatalf("unexpected diagnostics: %v", ds)
	}
	if d.Meta.ShortTitle != "Short" || d.Meta.PublisherShort != "NHS England" || d.Meta.TOC != 2 {
		t.Errorf("meta = %+v", d.Meta)
	}
	d, _ = parse(t, "---\ntitle: T\nlang: en-GB\ntoc: false\n---\n\nText.\n")
	if d.Meta.TOC != -1 {
		t.Errorf("toc: false gave %d", d.Meta.TOC)
	}
	for _, bad := range []string{"toc: 9", "toc: lots", "toc: [2]"} {
		_, ds := parse(t, "---\ntitle: T\nlang: en-GB\n"+bad+"\n---\n\nText.\n")
		if !hasCode(ds, "META-YAML") && len(ds) == 0 {
			t.Errorf("%s: accepted", bad)
		}
	}
}
