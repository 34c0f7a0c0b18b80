package build

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render"
	"github.com/altformats/altformats/internal/safefile"
	"github.com/altformats/altformats/templates"
	"golang.org/x/image/font/sfnt"
)

// LoadTemplates reads a templates folder once, before any document is
// rendered: theme.json (strictly: an unknown key, a wrong type, a bad colour
// or font is an error at its line and column), the font files it names and
// docx/styles.xml when there is one. An empty dir is the default look. The
// writers get the result in render.Options and never read a file.
func LoadTemplates(dir string) (*render.Theme, render.Assets, error) {
	if dir == "" {
		return render.DefaultTheme(), render.Assets{}, nil
	}
	a := render.Assets{Source: dir}
	file := filepath.Join(dir, "theme.json")
	src, err := safefile.ReadRegular(file, doc.MaxSettingsBytes)
	if err != nil {
		return nil, a, fmt.Errorf("load theme: %w", err)
	}
	th, pos, err := render.ParseTheme(file, src)
	if err != nil {
		return nil, a, err
	}
	var ds doc.Diagnostics
	keys, names := th.PDFFontFiles()
	for i, name := range names {
		if _, done := a.Fonts[name]; done {
			continue
		}
		b, err := readTemplateFile(dir, name, doc.MaxFontBytes)
		if err == nil {
			_, err = sfnt.Parse(b)
		}
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the folder and name are in the message already
			}
			ds = append(ds, doc.Errorf(pos["fonts."+keys[i]], "THEME-FONT",
				"put a TrueType (.ttf) file in the templates folder and give its path from there, or a built-in font such as liberation:sans",
				"fonts.%s: font file %q: %v", keys[i], name, err))
			continue
		}
		if a.Fonts == nil {
			a.Fonts = map[string][]byte{}
		}
		a.Fonts[name] = b
	}
	if len(ds) > 0 {
		ds.Sort()
		return nil, a, ds
	}
	a.DocxStyles, err = safefile.ReadRegular(filepath.Join(dir, "docx", "styles.xml"), doc.MaxStylesBytes)
	if errors.Is(err, fs.ErrNotExist) {
		a.DocxStyles, err = nil, nil
	}
	if err != nil {
		return nil, a, fmt.Errorf("load templates: docx/styles.xml: %w", err)
	}
	return th, a, nil
}

// readTemplateFile reads a file a theme names from the templates folder,
// falling back to the embedded templates.
func readTemplateFile(dir, name string, limit int64) ([]byte, error) {
	b, err := safefile.ReadRegular(filepath.Join(dir, name), limit)
	if err == nil {
		return b, nil
	}
	if eb, eerr := fs.ReadFile(templates.FS, name); eerr == nil {
		return eb, nil
	}
	return nil, err
}
