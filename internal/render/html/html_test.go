package html

import (
	"bytes"
	"github.com/altformats/altformats/internal/testutil/goldenfile"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/testutil"
)

func opts() render.Options {
	return render.Options{
		Theme:     render.DefaultTheme(),
		Modified:  time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
		Generator: "altformats test",
	}
}

func renderPage(t *testing.T, d *doc.Document, po PageOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Page(d, opts(), po, &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got)
}

func cases(t *testing.T) map[string]*doc.Document { return testutil.Cases(t) }

// A link to an anchor that nothing in the page has is written as plain text:
// a dead end for readers, and an error in EPUB.
func TestDeadAnchorLinkIsText(t *testing.T) {
	d := small(&doc.Heading{Level: 2, ID: "here", Inlines: []doc.Inline{text("Here")}},
		&doc.Paragraph{Inlines: []doc.Inline{
			&doc.Link{URL: "#here", Children: []doc.Inline{text("live")}},
			&doc.Link{URL: "#nowhere", Children: []doc.Inline{text("dead")}},
		}})
	page := string(renderPage(t, d, PageOptions{}))
	if !strings.Contains(page, `<a href="#here">live</a>`) {
		t.Error("link to an existing heading lost")
	}
	if strings.Contains(page, `href="#nowhere"`) || !strings.Contains(page, "dead") {
		t.Error("dead anchor still linked, or its text lost")
	}
}
