package content

import (
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

// TestJoinedTextKeepsPositions: a paragraph's lines are joined into one text
// run, and every character still reports its own line and column (issue 11:
// a character at 7:17 was reported at 6:45, counted from the run's start as
// if the paragraph were one line).
func TestJoinedTextKeepsPositions(t *testing.T) {
	src := fm + "First line of a paragraph that is long enough,\n" +
		"and the second has a ☃ at column 22,\n" +
		"*emph* then Ω on the third\n"
	d, ds := Parse("p.md", []byte(src), Options{})
	if ds.Err() != nil {
		t.Fatal(ds)
	}
	p := d.Blocks[0].(*doc.Paragraph)
	find := func(r string) doc.Pos {
		for _, in := range p.Inlines {
			if tx, ok := in.(*doc.Text); ok {
				if i := strings.Index(tx.Text, r); i >= 0 {
					return tx.PosAt(i)
				}
			}
		}
		t.Fatalf("%q not found in %s", r, doc.Dump(d))
		return doc.Pos{}
	}
	// fm is 4 lines: the paragraph starts on line 5
	for r, want := range map[string]string{"First": "5:1", "☃": "6:22", "and the": "6:1", "Ω": "7:13", "on the": "7:15"} {
		if got := find(r); got.String() != "p.md:"+want {
			t.Errorf("%q at %v, want %s", r, got, want)
		}
	}
}
