package txt

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

func TestGolden(t *testing.T) {
	for name, d := range cases(t) {
		t.Run(name, func(t *testing.T) { golden(t, name+".txt", renderText(t, d)) })
	}
}

func TestDeterministic(t *testing.T) {
	for name, d := range cases(t) {
		if a, b := renderText(t, d), renderText(t, d); !bytes.Equal(a, b) {
			t.Errorf("%s: two renders differ", name)
		}
	}
}

// TestLayout checks the promises of the format on the real documents: lines
// fit, nothing of the Markdown source is left, and features are written out.
func TestLayout(t *testing.T) {
	leftover := regexp.MustCompile("\\*\\*|__|~~|`|\\]\\(|!\\[|^#{1,6} |^> |\\{lang=|\\[\\^|</?[a-z]+[ >]")
	for name, d := range cases(t) {
		out := string(renderText(t, d))
		for i, l := range strings.Split(out, "\n") {
			if w := displayWidth(l); w > Width {
				t.Errorf("%s:%d: line is %d columns: %q", name, i+1, w, l)
			}
			if leftover.MatchString(l) {
				t.Errorf("%s:%d: Markdown left over: %q", name, i+1, l)
			}
			if strings.HasSuffix(l, " ") {
				t.Errorf("%s:%d: trailing space", name, i+1)
			}
		}
		if !strings.HasSuffix(out, "\n") || strings.HasSuffix(out, "\n\n") {
			t.Errorf("%s: output should end with exactly one newline", name)
		}
	}
	ks := string(renderText(t, cases(t)["kitchen-sink"]))
	flat := strings.Join(strings.Fields(ks), " ")
	for _, want := range []string{
		"Contact mentalhealth@hee.nhs.uk or go back to the table.", // mailto text == address; #anchor has no URL
		"link to the NHS website (https://www.nhs.uk/)",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("kitchen-sink text lacks %q", want)
		}
	}
	for _, want := range []string{
		"=============================================\nKitchen sink",
		"Lists\n-----",
		"A third-level heading\n.....................",
		"[Image: Bar chart: paramedics are the largest group, at 31%]",
		"[Image: small chart]",
		"Croeso i Gymru, and a footnote.[1]",
		"\nFootnotes\n---------\n\n[1] ",
		"Note: Useful information",
		"Warning: Urgent info",
		"\n3. Three\n4. Four\n",
		"☑ Done thing\n☐ Open thing",
		"• Second item with a nested list:\n  ◦ Nested one",
		"    1. Deep numbered",
		"Paramedics                      22,000   31%",
		"Line one with a hard break\nline two.",
		"    func main() {\n        fmt.Println",
	} {
		if !strings.Contains(ks, want) {
			t.Errorf("kitchen-sink text lacks %q", want)
		}
	}
	if strings.Count(ks, "[Image") != 2 {
		t.Errorf("the decorative image must be left out: %d image mentions", strings.Count(ks, "[Image"))
	}
}

func para(ins ...doc.Inline) *doc.Paragraph { return &doc.Paragraph{Inlines: ins} }
func text(s string) *doc.Text               { return &doc.Text{Text: s} }

func small(blocks ...doc.Block) *doc.Document {
	return &doc.Document{Meta: doc.Meta{Title: "T", Lang: "en-GB", Slug: "t"},
		TitleInlines: []doc.Inline{text("T")}, Blocks: blocks}
}

func TestWideTableBecomesRecords(t *testing.T) {
	long := strings.Repeat("word ", 20)
	row := func(cells ...string) *doc.TableRow {
		r := &doc.TableRow{}
		for _, c := range cells {
			r.Cells = append(r.Cells, &doc.TableCell{Inlines: []doc.Inline{text(c)}})
		}
		return r
	}
	tbl := &doc.Table{Cols: 2, Head: []*doc.TableRow{row("Name", "Description")},
		Body: []*doc.TableRow{row("First", long), row("Second", "short")}}
	out := string(renderText(t, small(tbl)))
	for _, want := range []string{"Name: First\nDescription: word word", "\n\nName: Second\nDescription: short\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("records layout lacks %q in:\n%s", want, out)
		}
	}
}

func TestWrap(t *testing.T) {
	long := "example.org/" + strings.Repeat("a", 100) // a long word that is not an address is cut
	url := "https://" + long                          // an address never is: TestLongAddressNeverSplit
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"one two three", []string{"one two", "three"}},
		{"no\u00a0break here", []string{"no\u00a0break", "here"}},
		{long, []string{long[:10], long[10:20]}},
		{"see " + url, []string{"see", url}},
		{"日本語の文章です", []string{"日本語の文", "章です"}},
	} {
		got := wrap(tc.in, 10, "", "")
		for i, w := range tc.want {
			if i >= len(got) || got[i] != w {
				t.Errorf("wrap(%q) = %q, want prefix %q", tc.in, got, tc.want)
				break
			}
		}
		for _, l := range got {
			if displayWidth(l) > 10 && l != url {
				t.Errorf("wrap(%q): line %q too wide", tc.in, l)
			}
		}
	}
}

func TestUnsafeLinksAndControls(t *testing.T) {
	d := small(para(
		&doc.Link{URL: "javascript:alert(1)", Children: []doc.Inline{text("click")}},
		text(" and \x1b[31mred\x07"),
	))
	out := string(renderText(t, d))
	if strings.Contains(out, "javascript") || strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("unsafe link or control character written:\n%q", out)
	}
	if !strings.Contains(out, "click and [31mred") {
		t.Errorf("link text lost:\n%s", out)
	}
}

func TestUnhandledNode(t *testing.T) {
	var buf bytes.Buffer
	type alien struct{ doc.Paragraph }
	err := Render(small(&alien{}), opts(), &buf)
	if err == nil || !strings.Contains(err.Error(), "unhandled") {
		t.Errorf("want an unhandled-node error, got %v", err)
	}
}

func TestDeepNestingIsAnError(t *testing.T) {
	var b doc.Block = para(text("deep"))
	for i := 0; i < 5000; i++ {
		b = &doc.BlockQuote{Blocks: []doc.Block{b}}
	}
	var buf bytes.Buffer
	if err := Render(small(b), opts(), &buf); err == nil {
		t.Error("5000 nested quotes rendered without an error")
	}
}
