package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/altformats/altformats/internal/build"
	"github.com/altformats/altformats/internal/pack"
)

// buildSummary lists each written file the way GOV.UK lists an attachment:
// "out/ahp/ahp.pdf  PDF, 62 KB, 3 pages".
type buildSummary struct {
	lines []string
	bytes int64
}

// The bytes are read back from the folder: the pipeline drops them once
// staged.
func (b *buildSummary) add(dir string, outs []build.Output) {
	for _, o := range outs {
		data := o.Data
		if data == nil {
			var err error
			if data, err = os.ReadFile(filepath.Join(dir, o.Name)); err != nil {
				continue
			}
		}
		f := pack.File{Path: o.Name, Format: o.Format.Name, MediaType: o.Format.MediaType, Data: data}
		words, err := pack.FileWords(f)
		if err != nil {
			// a PDF our writer made that cannot be read back has failed its
			// checks already; the size alone is still worth saying
			words = pack.SizeWords(len(f.Data))
		}
		b.lines = append(b.lines, fmt.Sprintf("%s  %s", filepath.Join(dir, f.Path), words))
		b.bytes += int64(len(f.Data))
	}
}

// addReports lists the read-back reports written beside a document's files
// (read back from the folder: the pipeline does not return their bytes).
func (b *buildSummary) addReports(dir string) {
	for _, r := range []struct{ name, mediaType string }{
		{build.ReportHTML, "text/html"}, {build.ReportJSON, "application/json"}} {
		data, err := os.ReadFile(filepath.Join(dir, r.name))
		if err != nil {
			continue
		}
		words, _ := pack.FileWords(pack.File{Path: r.name, MediaType: r.mediaType, Data: data})
		b.lines = append(b.lines, fmt.Sprintf("%s  %s", filepath.Join(dir, r.name), words))
		b.bytes += int64(len(data))
	}
}

func (b *buildSummary) print(w io.Writer) {
	for _, l := range b.lines {
		fmt.Fprintln(w, l)
	}
}

// seconds says a duration to a tenth of a second ("0.4 s"), milliseconds
// below a tenth.
func seconds(d time.Duration) string {
	if d < 100*time.Millisecond {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}
