package content

import (
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

func TestGitHubHeadingIDs(t *testing.T) {
	src := fm + "## GOV.UK\n\n## A - B\n\n## 1. Mission\n\n## Mission\n\n## Mission\n\n## Café ŵ\n\n## " +
		strings.Repeat("Long heading words ", 8) + "\n\n## `code` *and* **more**\n\n## :)\n"
	d, _ := parse(t, src)
	var got []string
	for _, h := range doc.Headings(d) {
		got = append(got, h.ID)
	}
	want := []string{"govuk", "a---b", "1-mission", "mission", "mission-1", "café-ŵ",
		strings.TrimSuffix(strings.Repeat("long-heading-words-", 8), "-"), "code-and-more", "section"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ids\n got  %q\n want %q", got, want)
	}
}

func TestTitleID(t *testing.T) {
	d, _ := parse(t, "# Guide to GOV.UK\n\n## Guide to GOV.UK\n")
	if d.TitleID != "guide-to-govuk" || doc.Headings(d)[0].ID != "guide-to-govuk-1" {
		t.Errorf("title id %q, first heading %q; want guide-to-govuk and guide-to-govuk-1 as on GitHub", d.TitleID, doc.Headings(d)[0].ID)
	}
	d, _ = parse(t, fm+"Text\n")
	if d.TitleID != "t" {
		t.Errorf("a front-matter title has id %q, want t", d.TitleID)
	}
}

func TestExtraLevelOneHeadingsDemoted(t *testing.T) {
	d, ds := parse(t, "# Title\n\nIntro\n\n# Part one\n\n## Detail\n\n# Part two\n")
	var levels []int
	for _, h := range doc.Headings(d) {
		levels = append(levels, h.Level)
	}
	if len(levels) != 3 || levels[0] != 2 || levels[1] != 3 || levels[2] != 2 {
		t.Errorf("levels %v, want [2 3 2]", levels)
	}
	n := 0
	for _, x := range ds {
		if x.Code == "HEADING-EXTRA-H1" {
			n++
			if x.Pos.Line != 5 && x.Pos.Line != 9 {
				t.Errorf("warning at the wrong line: %v", x)
			}
		}
	}
	if n != 2 {
		t.Errorf("want 2 HEADING-EXTRA-H1 warnings, got %d: %v", n, ds)
	}
}

func TestFrontMatterFromOtherTools(t *testing.T) {
	_, ds := parse(t, "---\ntitle: T\nlang: en-GB\nowner_slack: \"#team\"\nstatus: draft\nnav_title: Short\n---\nText\n")
	if ds.HasErrors() {
		t.Errorf("keys from other tools refused the document: %v", ds)
	}
	if n := countCode(ds, "META-UNKNOWN"); n != 3 {
		t.Errorf("want 3 META-UNKNOWN warnings, got %d: %v", n, ds)
	}
	_, ds = parse(t, "---\ntitle: T\nlang: en-GB\ntitel: Other\n---\nText\n")
	if !ds.HasErrors() || !strings.Contains(ds.Error(), `did you mean "title"`) {
		t.Errorf("a typo of a known key must be an error with a suggestion: %v", ds)
	}
}

func TestSourceWarnings(t *testing.T) {
	_, ds := parse(t, fm+"Intro {% include x.html %} and a :wrench: at 10:30:00, `{{ code }}`.\n\n{{ page.title }}\n")
	var got []string
	for _, x := range ds {
		got = append(got, x.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{":5:7: warning: template code {% include x.html %}", ":5:34: warning: emoji short code :wrench:",
		":7:1: warning: template code {{ page.title }}"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, all)
		}
	}
	if len(got) != 3 {
		t.Errorf("want exactly 3 warnings (none for the time or the code span), got\n%s", all)
	}
}

func countCode(ds doc.Diagnostics, code string) int {
	n := 0
	for _, x := range ds {
		if x.Code == code {
			n++
		}
	}
	return n
}

func TestAnchorsWrittenForOtherSites(t *testing.T) {
	d, ds := parse(t, fm+"## GOV.UK One Login\n\n## Nodiadau\n\n## Sy’n iawn\n\n"+
		"[a](#gov-uk-one-login) [b](#guidance-nodiadau) [c](#user-content-nodiadau) [d](#guidance-sy'n-iawn) [e](#lookup-tables)\n")
	var got []string
	doc.Walk(d, func(n any) bool {
		if l, ok := n.(*doc.Link); ok {
			got = append(got, l.URL)
		}
		return true
	})
	want := "#govuk-one-login #nodiadau #nodiadau #syn-iawn #lookup-tables"
	if strings.Join(got, " ") != want {
		t.Errorf("links %q, want %q", strings.Join(got, " "), want)
	}
	if n := countCode(ds, "LINK-ANCHOR-GUESSED"); n != 3 {
		t.Errorf("want a warning for each of the 3 guesses, got %d: %v", n, ds)
	}
}

func TestLinksToHTMLAnchors(t *testing.T) {
	d, ds := parse(t, fm+"[a](#usage) [b](#install-step)\n\n## <a name=\"usage\"></a>How to use it\n\n<a id=\"install-step\"></a>\n\n## Installing\n")
	var got []string
	doc.Walk(d, func(n any) bool {
		if l, ok := n.(*doc.Link); ok {
			got = append(got, l.URL)
		}
		return true
	})
	if strings.Join(got, " ") != "#how-to-use-it #installing" {
		t.Errorf("links %q, want the headings the anchors mark", got)
	}
	if countCode(ds, "LINK-ANCHOR-GUESSED") != 0 {
		t.Errorf("an HTML anchor is not a guess: %v", ds)
	}
}
