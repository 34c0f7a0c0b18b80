package content

import (
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

// words flattens the body to text the way a reader meets it: blocks and
// line breaks separate words, inline markup does not.
func words(d *doc.Document) string {
	var sb strings.Builder
	doc.Walk(d, func(n any) bool {
		switch x := n.(type) {
		case doc.Block, *doc.ListItem, *doc.TableCell:
			sb.WriteString(" | ")
		case *doc.Text:
			sb.WriteString(x.Text)
		case *doc.Code:
			sb.WriteString(x.Text)
		case *doc.LineBreak:
			sb.WriteString(" / ")
		}
		return true
	})
	return strings.Join(strings.Fields(sb.String()), " ")
}

func TestRawHTMLSafeSubsetKeepsWords(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"br between words", "It interacts<br>Smoke alarms\n", "| It interacts / Smoke alarms"},
		{"list items in HTML", "<ul><li>one</li><li>two</li></ul>\n", "| | | one | | two"},
		{"caveat paragraph", "<p>Completing this checklist will not guarantee your service is fully compliant with WCAG 2.1</p>\n",
			"| Completing this checklist will not guarantee your service is fully compliant with WCAG 2.1"},
		{"inline pairs wrap Markdown", "Say <strong>bold **md**</strong> H<sub>2</sub>O.\n", "| Say bold md H2O."},
		{"details and summary", "<details>\n<summary>More</summary>\n\nInside.\n\n</details>\n", "| More | Inside."},
		{"table", "<table><caption>Cap</caption><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2<br>3</td></tr></table>\n",
			"| Cap | A | B | 1 | 2 / 3"},
		{"blockquote testimonial", "<blockquote><p>Great service.</p><p>— A user</p></blockquote>\n", "| | Great service. | — A user"},
		{"unknown element is transparent", "<div align=\"center\"><custom-tag>kept words</custom-tag></div>\n", "| kept words"},
		{"link text trailing space", "[12th service standard ](https://x.gov.uk)goes\n", "| 12th service standard goes"},
		{"html link trailing space", "<a href=\"https://x.gov.uk\">standard </a>goes\n", "| standard goes"},
		{"block elements inside a link stay apart", "<a href=\"https://x.gov.uk\"><p>one</p><p>two</p></a>\n", "| one two"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, ds := parse(t, fm+tc.src)
			for _, x := range ds {
				if x.Severity == doc.Error {
					t.Errorf("unexpected error: %v", x)
				}
			}
			if got := strings.TrimPrefix(words(d), "T "); got != tc.want {
				t.Errorf("got  %q\nwant %q\n%s", got, tc.want, doc.Dump(d))
			}
		})
	}
}

func TestRawHTMLHeadingsAndLinksFollowPolicy(t *testing.T) {
	d, ds := parse(t, fm+"<h2>About GOV.UK</h2>\n\n<a href=\"javascript:alert(1)\">bad</a> <a href=\"#about-govuk\">up</a>\n")
	hs := doc.Headings(d)
	if len(hs) != 1 || hs[0].ID != "about-govuk" || hs[0].Level != 2 {
		t.Fatalf("want one h2 with id about-govuk, got %s", doc.Dump(d))
	}
	if !hasCode(ds, "LINK-SCHEME") {
		t.Errorf("a javascript: link in HTML must be refused like one in Markdown: %v", ds)
	}
	if strings.Contains(doc.Dump(d), "javascript") {
		t.Errorf("javascript: URL reached the model")
	}
}

func TestRawHTMLDroppedCountsWords(t *testing.T) {
	d, ds := parse(t, fm+"<form action=\"x\"><label>Your name please</label><input name=n></form>\n\n"+
		"<iframe src=\"https://www.youtube.com/embed/x\" title=\"Intro to RAP\"></iframe>\n\nText <script>one two three</script> end.\n")
	var msgs []string
	for _, x := range ds {
		msgs = append(msgs, x.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{":5:1: warning: <form> element dropped, 3 words dropped [HTML-DROPPED]",
		":7:1: warning: embedded <iframe> replaced by a link", ":9:6: warning: <script> element dropped, 3 words dropped"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s", want, all)
		}
	}
	dump := doc.Dump(d)
	if strings.Contains(dump, "name please") || strings.Contains(dump, "three") {
		t.Errorf("dropped content reached the model:\n%s", dump)
	}
	if !strings.Contains(words(d), "Video: Intro to RAP") {
		t.Errorf("the video is not announced: %s", words(d))
	}
}

func TestRawHTMLTableWithoutClosingThead(t *testing.T) {
	d, _ := parse(t, fm+"<table>\n<thead>\n<tr><th></th><th>Feed cost</th></tr>\n<tr><th>Cows</th><td>3,500</td></tr>\n<tr><th>Pigs</th><td>1,500</td></tr>\n</table>\n")
	tb, ok := d.Blocks[0].(*doc.Table)
	if !ok || len(tb.Head) != 1 || len(tb.Body) != 2 {
		t.Fatalf("want 1 header row and 2 body rows:\n%s", doc.Dump(d))
	}
	if !tb.Body[0].Cells[0].Header || tb.Body[0].Cells[1].Header {
		t.Errorf("the row header (th) and data cell (td) lost their kinds:\n%s", doc.Dump(d))
	}
}
