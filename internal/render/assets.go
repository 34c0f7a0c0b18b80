package render

import "fmt"

// Assets are the bytes writers need besides the document and the theme: the
// font files a theme names and Word reference styles. The build reads them
// once, from a --templates folder, so writers never touch the file system.
// The zero Assets is the default look (built-in fonts, generated styles).
type Assets struct {
	// Source is where the assets were read from (the templates folder), for
	// messages.
	Source string
	// Fonts holds each font file a theme names, by its name in theme.json (a
	// path relative to the templates folder).
	Fonts map[string][]byte
	// DocxStyles is docx/styles.xml from the templates folder (the pandoc
	// --reference-doc idea reduced to the one part that carries the look),
	// nil for the writer's own styles.
	DocxStyles []byte
}

// Font returns the bytes of a font file the theme names.
func (a Assets) Font(name string) ([]byte, error) {
	if b := a.Fonts[name]; len(b) > 0 {
		return b, nil
	}
	if a.Source == "" {
		return nil, fmt.Errorf("no file %s: a theme font file comes from a --templates folder", name)
	}
	return nil, fmt.Errorf("no file %s in %s", name, a.Source)
}
