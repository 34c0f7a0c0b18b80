package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/templates"
)

// ThemePositions maps a theme key's dotted path ("colours.link",
// "fonts.pdf_regular") to where its value is in the user's theme.json, for
// the build's messages about the files a theme names.
type ThemePositions map[string]doc.Pos

// ParseTheme decodes a user's theme.json (src; nil for none) over the
// embedded default. The decoding is strict: an unknown or repeated key, a
// value of the wrong type, a colour that is not #RRGGBB, a built-in font
// name that does not exist or a size out of range is an error at its line
// and column, returned as doc.Diagnostics. Keys left out keep the default.
func ParseTheme(file string, src []byte) (*Theme, ThemePositions, error) {
	t := &Theme{}
	if err := json.Unmarshal(templates.ThemeJSON, t); err != nil {
		return nil, nil, fmt.Errorf("embedded theme.json: %w", err)
	}
	pos := ThemePositions{}
	if src != nil {
		d := &themeDecoder{file: file, src: src, dec: json.NewDecoder(bytes.NewReader(src)), pos: pos}
		d.dec.UseNumber()
		d.document()
		if len(d.ds) > 0 {
			d.ds.Sort()
			return nil, nil, d.ds
		}
		// The structure is known good: let encoding/json fill the fields.
		if err := json.Unmarshal(src, t); err != nil {
			return nil, nil, doc.Diagnostics{doc.Errorf(doc.Pos{File: file, Line: 1, Col: 1}, "THEME-JSON", "", "%v", err)}
		}
	}
	if ds := checkTheme(t, file, pos); len(ds) > 0 {
		ds.Sort()
		return nil, nil, ds
	}
	return t, pos, nil
}

// checkTheme checks the values the types cannot: colours, built-in font
// names and sizes. Positions come from pos (the user's file); a value the
// user left out is the default's, which is valid.
func checkTheme(t *Theme, file string, pos ThemePositions) doc.Diagnostics {
	var ds doc.Diagnostics
	at := func(key string) doc.Pos {
		if p, ok := pos[key]; ok {
			return p
		}
		return doc.Pos{File: file, Line: 1, Col: 1}
	}
	for _, set := range []struct {
		name string
		c    *Colours
	}{{"colours", &t.Colours}, {"dark", &t.Dark}} {
		for key, c := range set.c.byKey() {
			if !hexColour.MatchString(c) {
				ds = append(ds, doc.Errorf(at(set.name+"."+key), "THEME-COLOUR", "write a colour as #RRGGBB, e.g. #005EB8",
					"%s.%s %q is not a #RRGGBB colour", set.name, key, c))
			}
		}
	}
	for key, name := range t.Fonts.pdfByKey() {
		if strings.Contains(name, ":") && !IsBuiltinFont(name) {
			ds = append(ds, doc.Errorf(at("fonts."+key), "THEME-FONT", "built-in fonts are "+strings.Join(BuiltinFonts, ", "),
				"fonts.%s %q is not a built-in font", key, name))
		}
	}
	if t.Sizes.Base <= 0 {
		ds = append(ds, doc.Errorf(at("sizes.base"), "THEME-SIZE", "give the body text size in points, e.g. 11",
			"sizes.base must be more than 0 pt"))
	}
	if t.Sizes.LargeBase < 18 {
		ds = append(ds, doc.Errorf(at("sizes.large_base"), "THEME-SIZE", "large print is at least 18 pt (RNIB/UKAAF)",
			"sizes.large_base %g is below 18 pt", t.Sizes.LargeBase))
	}
	return ds
}

// byKey lists the colours by their theme.json keys.
func (c *Colours) byKey() map[string]string {
	return map[string]string{
		"text": c.Text, "background": c.Background, "heading": c.Heading,
		"link": c.Link, "accent": c.Accent, "muted": c.Muted,
		"border": c.Border, "table_head": c.TableHead, "note": c.Note,
		"warning": c.Warning, "focus": c.Focus,
	}
}

// pdfByKey lists the PDF fonts by their theme.json keys.
func (f *Fonts) pdfByKey() map[string]string {
	return map[string]string{"pdf_regular": f.PDFRegular, "pdf_bold": f.PDFBold, "pdf_italic": f.PDFItalic,
		"pdf_bold_italic": f.PDFBoldItal, "pdf_mono": f.PDFMono}
}

// PDFFontFiles lists the PDF font names that are files (not built in), each
// with its theme.json key, sorted by key.
func (t *Theme) PDFFontFiles() (keys, names []string) {
	m := t.Fonts.pdfByKey()
	for k, n := range m {
		if n != "" && !IsBuiltinFont(n) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		names = append(names, m[k])
	}
	return keys, names
}

// themeDecoder walks theme.json's tokens against the Theme type, so every
// unknown key and wrong type is reported at its own line and column
// (encoding/json stops at the first and gives no position for keys).
type themeDecoder struct {
	file string
	src  []byte
	dec  *json.Decoder
	ds   doc.Diagnostics
	pos  ThemePositions
	stop bool // a syntax error: nothing after it can be trusted
}

// at is the position of the next token, after offset off.
func (d *themeDecoder) at(off int64) doc.Pos {
	i := int(off)
	for i < len(d.src) && strings.IndexByte(" \t\r\n:,", d.src[i]) >= 0 {
		i++
	}
	return offsetPos(d.file, d.src, i)
}

// offsetPos turns a byte offset into a 1-based line and column (in
// characters).
func offsetPos(file string, src []byte, off int) doc.Pos {
	off = min(off, len(src))
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return doc.Pos{File: file, Line: line, Col: 1 + utf8.RuneCount(src[start:off])}
}

func (d *themeDecoder) errorf(p doc.Pos, code, hint, format string, args ...any) {
	d.ds = append(d.ds, doc.Errorf(p, code, hint, format, args...))
}

// token reads the next token and where it starts; a syntax error is
// reported once and stops the walk.
func (d *themeDecoder) token() (json.Token, doc.Pos, bool) {
	if d.stop {
		return nil, doc.Pos{}, false
	}
	off := d.dec.InputOffset()
	tok, err := d.dec.Token()
	if err != nil {
		d.stop = true
		var se *json.SyntaxError
		p := d.at(off)
		msg := err.Error()
		if errors.As(err, &se) {
			p = offsetPos(d.file, d.src, int(se.Offset))
			msg = se.Error()
		} else if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			p = offsetPos(d.file, d.src, len(d.src))
			msg = "the file ends inside a value"
		}
		d.errorf(p, "THEME-JSON", "check the commas, quotes and brackets", "theme.json is not valid JSON: %s", msg)
		return nil, p, false
	}
	return tok, d.at(off), true
}

func (d *themeDecoder) document() {
	tok, p, ok := d.token()
	if !ok {
		return
	}
	if delim, isDelim := tok.(json.Delim); !isDelim || delim != '{' {
		d.errorf(p, "THEME-TYPE", `start the file with { and give keys such as "colours", "fonts" and "sizes"`,
			"theme.json must be an object")
		return
	}
	d.object("", reflect.TypeOf(Theme{}))
	if d.stop {
		return
	}
	off := d.dec.InputOffset()
	if _, err := d.dec.Token(); !errors.Is(err, io.EOF) {
		d.errorf(d.at(off), "THEME-JSON", "keep one JSON object in theme.json", "theme.json has more after its object")
	}
}

// object reads the keys of an object whose '{' has been read, into the
// struct type t; path is its dotted path ("" at the top).
func (d *themeDecoder) object(path string, t reflect.Type) {
	fields := map[string]reflect.Type{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if tag != "" && tag != "-" {
			fields[tag] = t.Field(i).Type
			names = append(names, tag)
		}
	}
	seen := map[string]bool{}
	for {
		tok, p, ok := d.token()
		if !ok {
			return
		}
		if tok == json.Delim('}') {
			return
		}
		key, _ := tok.(string)
		full := key
		if path != "" {
			full = path + "." + key
		}
		ft, known := fields[key]
		switch {
		case !known:
			d.errorf(p, "THEME-KEY", "the keys here are "+strings.Join(names, ", "), "unknown key %q in theme.json", full)
			d.skip()
			continue
		case seen[key]:
			d.errorf(p, "THEME-KEY", "keep one of them", "key %q appears twice in theme.json", full)
		}
		seen[key] = true
		d.value(full, ft)
	}
}

// value reads one value of type t at path.
func (d *themeDecoder) value(path string, t reflect.Type) {
	off := d.dec.InputOffset()
	p := d.at(off)
	d.pos[path] = p
	want := map[reflect.Kind]string{reflect.String: "a string", reflect.Float64: "a number",
		reflect.Struct: "an object", reflect.Array: "a list"}[t.Kind()]
	tok, _, ok := d.token()
	if !ok {
		return
	}
	wrong := func() {
		d.errorf(p, "THEME-TYPE", "write it as "+want+" (see templates/theme.json)", "%s must be %s", path, want)
	}
	switch v := tok.(type) {
	case json.Delim:
		switch {
		case v == '{' && t.Kind() == reflect.Struct:
			d.object(path, t)
		case v == '[' && t.Kind() == reflect.Array:
			d.array(path, t, p)
		default:
			wrong()
			d.skipRest(v)
		}
	case string:
		if t.Kind() != reflect.String {
			wrong()
		}
	case json.Number:
		if t.Kind() != reflect.Float64 {
			wrong()
		} else if _, err := v.Float64(); err != nil {
			d.errorf(p, "THEME-TYPE", "", "%s: %s is out of range", path, v)
		}
	default: // bool, null
		wrong()
	}
}

// array reads a fixed-length list whose '[' has been read.
func (d *themeDecoder) array(path string, t reflect.Type, p doc.Pos) {
	n := 0
	for d.dec.More() {
		if n == t.Len() {
			d.errorf(p, "THEME-TYPE", fmt.Sprintf("give exactly %d numbers", t.Len()), "%s has more than %d entries", path, t.Len())
			d.skipRest('[')
			return
		}
		d.value(fmt.Sprintf("%s[%d]", path, n), t.Elem())
		n++
		if d.stop {
			return
		}
	}
	if _, _, ok := d.token(); !ok { // ']'
		return
	}
	if n != t.Len() {
		d.errorf(p, "THEME-TYPE", fmt.Sprintf("give exactly %d numbers", t.Len()), "%s has %d entries, not %d", path, n, t.Len())
	}
}

// skip reads and drops one value.
func (d *themeDecoder) skip() {
	tok, _, ok := d.token()
	if !ok {
		return
	}
	if delim, isDelim := tok.(json.Delim); isDelim {
		d.skipRest(delim)
	}
}

// skipRest drops the rest of an object or list whose opening was read.
func (d *themeDecoder) skipRest(open json.Delim) {
	if open != '{' && open != '[' {
		return
	}
	for depth := 1; depth > 0; {
		tok, _, ok := d.token()
		if !ok {
			return
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}
