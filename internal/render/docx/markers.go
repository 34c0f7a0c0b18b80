package docx

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/gomutex/godocx/wml/ctypes"
)

// godocx's object model has no bookmarks, anchor hyperlinks, footnote
// references, field characters, table captions or the decorative flag (its
// range-markup type is an empty stub and its hyperlink has only r:id). Where
// one is needed, the writer puts a marker into a string godocx does model (a
// run's text, a hyperlink's id, a picture's name, a table's tblLook) and
// resolveMarkers swaps the element around the marker for the real XML after
// godocx has serialised the part. A marker is U+E000, a kind letter, an index
// into writer.raw, U+E001; text from the document never contains those two
// private-use characters (cleanText drops them).
const (
	markOpen  = "\uE000"
	markClose = "\uE001"
)

// Marker kinds: what the replacement covers in the serialised part.
const (
	markRun     = 'B' // a whole <w:r><w:t>M</w:t></w:r>: paragraph-level markup (bookmarks)
	markInRun   = 'R' // <w:t>M</w:t> inside a run: footnote references, field characters
	markLink    = 'H' // the start tag of the w:hyperlink whose id is M; "" joins it to the previous one
	markElement = 'E' // the empty element whose attribute holds M (wp:docPr, w:tblLook)
)

// mark records the XML that replaces a marker and returns the marker.
func (w *writer) mark(kind byte, xml string) string {
	w.raw = append(w.raw, xml)
	return markOpen + string(kind) + strconv.Itoa(len(w.raw)-1) + markClose
}

// markerRun is a run that becomes paragraph-level markup.
func (w *writer) markerRun(xml string) ctypes.ParagraphChild {
	return ctypes.ParagraphChild{Run: &ctypes.Run{Children: []ctypes.RunChild{{Text: ctypes.TextFromString(w.mark(markRun, xml))}}}}
}

// markerInRun is run content godocx cannot express.
func (w *writer) markerInRun(xml string) ctypes.RunChild {
	return ctypes.RunChild{Text: ctypes.TextFromString(w.mark(markInRun, xml))}
}

func bookmarkStart(id int, name string) string {
	return fmt.Sprintf(`<w:bookmarkStart w:id="%d" w:name="%s"/>`, id, attr(name))
}

func bookmarkEnd(id int) string { return fmt.Sprintf(`<w:bookmarkEnd w:id="%d"/>`, id) }

func footnoteReference(id int) string { return fmt.Sprintf(`<w:footnoteReference w:id="%d"/>`, id) }

func fieldChar(typ string) string { return `<w:fldChar w:fldCharType="` + typ + `"/>` }

// resolveMarkers replaces every marker in a serialised part. It fails rather
// than guess when the XML around a marker is not what godocx writes.
func (w *writer) resolveMarkers(src []byte) ([]byte, error) {
	if !bytes.Contains(src, []byte(markOpen)) {
		return src, nil
	}
	var out bytes.Buffer
	out.Grow(len(src))
	prev := 0
	for {
		i := bytes.Index(src[prev:], []byte(markOpen))
		if i < 0 {
			break
		}
		i += prev
		j := bytes.Index(src[i:], []byte(markClose))
		if j < 0 {
			return nil, fmt.Errorf("unterminated marker")
		}
		j += i + len(markClose)
		body := string(src[i+len(markOpen) : j-len(markClose)])
		if len(body) < 2 {
			return nil, fmt.Errorf("bad marker %q", body)
		}
		kind := body[0]
		n, err := strconv.Atoi(body[1:])
		if err != nil || n < 0 || n >= len(w.raw) {
			return nil, fmt.Errorf("bad marker %q", body)
		}
		start, end := -1, -1
		around := func(open, close string) {
			if bytes.HasSuffix(src[prev:i], []byte(open)) && bytes.HasPrefix(src[j:], []byte(close)) {
				start, end = i-len(open), j+len(close)
			}
		}
		switch kind {
		case markRun:
			around("<w:r><w:t>", "</w:t></w:r>")
		case markInRun:
			around("<w:t>", "</w:t>")
		case markLink:
			if s := bytes.LastIndex(src[prev:i], []byte("<w:hyperlink ")); s >= 0 {
				if e := bytes.IndexByte(src[j:], '>'); e >= 0 {
					start, end = prev+s, j+e+1
				}
			}
			if start >= 0 && w.raw[n] == "" {
				// A continuation: the link goes on across this run.
				if !bytes.HasSuffix(src[prev:start], []byte("</w:hyperlink>")) {
					return nil, fmt.Errorf("hyperlink continuation without a hyperlink before it")
				}
				start -= len("</w:hyperlink>")
			}
		case markElement:
			if s := bytes.LastIndexByte(src[prev:i], '<'); s >= 0 {
				name := src[prev+s+1 : i]
				if k := bytes.IndexByte(name, ' '); k > 0 {
					closeTag := "></" + string(name[:k]) + ">"
					if e := bytes.Index(src[j:], []byte(closeTag)); e >= 0 && !bytes.ContainsAny(src[j:j+e], "<>") {
						start, end = prev+s, j+e+len(closeTag)
					}
				}
			}
		}
		if start < prev {
			return nil, fmt.Errorf("marker %c in unexpected XML", kind)
		}
		out.Write(src[prev:start])
		out.WriteString(w.raw[n])
		prev = end
	}
	out.Write(src[prev:])
	return out.Bytes(), nil
}
