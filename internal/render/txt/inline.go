package txt

import (
	"fmt"
	"strings"

	"github.com/altformats/altformats/internal/doc"
	"github.com/altformats/altformats/internal/render/html"
)

// inlineText flattens inlines to text; "\n" marks a hard line break.
func (w *writer) inlineText(ins []doc.Inline) string {
	var sb strings.Builder
	w.inlines(&sb, ins)
	return sb.String()
}

func (w *writer) inlines(sb *strings.Builder, ins []doc.Inline) {
	for _, in := range ins {
		w.inline(sb, in)
	}
}

func (w *writer) inline(sb *strings.Builder, in doc.Inline) {
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > maxDepth {
		w.fail(doc.Errorf(in.Position(), "RENDER-DEPTH", "flatten the formatting",
			"inline formatting is nested more than %d deep", maxDepth))
		return
	}
	switch n := in.(type) {
	case *doc.Text:
		sb.WriteString(clean(n.Text))
	case *doc.Code:
		sb.WriteString(clean(n.Text))
	case *doc.Emph:
		w.inlines(sb, n.Children)
	case *doc.Strong:
		w.inlines(sb, n.Children)
	case *doc.Strike:
		w.inlines(sb, n.Children)
	case *doc.Span:
		w.inlines(sb, n.Children)
	case *doc.LineBreak:
		sb.WriteByte('\n')
	case *doc.Link:
		text := w.inlineText(n.Children)
		sb.WriteString(text)
		u, ok := html.SafeURL(n.URL)
		if !ok || strings.HasPrefix(u, "#") {
			return
		}
		shown := u
		for _, scheme := range []string{"mailto:", "tel:"} {
			shown = strings.TrimPrefix(shown, scheme)
		}
		if strings.TrimSpace(text) != shown && strings.TrimSpace(text) != u {
			fmt.Fprintf(sb, " (%s)", u)
		}
	case *doc.Image:
		if !n.Decorative {
			sb.WriteString(imageText(w.l, n))
		}
	case *doc.FootnoteRef:
		fmt.Fprintf(sb, "[%d]", n.N)
	default:
		w.fail(fmt.Errorf("%s: unhandled %T", in.Position(), in))
	}
}
