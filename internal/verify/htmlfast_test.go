package verify

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// htmlFastCases are pages the fast tree builder must build as html.Parse
// does, or decline; they seed FuzzParseHTMLFast.
var htmlFastCases = []string{
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en-GB\" lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>T &amp; t</title>\n<style>p > a { color: red }</style>\n<link rel=\"stylesheet\" href=\"s.css\"/>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip</a>\n<header><p>Pub</p></header>\n<main id=\"main\"><h1 id=\"t\">Title</h1><p>Text <strong>bold</strong> <em>it</em> <code>x</code> <a href=\"https://e.org/\" id=\"z\" class=\"c\">link</a><sup><a href=\"#fn1\" role=\"doc-noteref\" epub:type=\"noteref\">1</a></sup><br/>line</p>\n<ul>\n<li>one<ul><li>two</li></ul></li>\n<li><p>three</p></li>\n</ul>\n<ol><li>x</li></ol>\n<dl><div><dt>A</dt><dd>B</dd></div></dl>\n<figure><img src=\"a.png\" alt=\"A chart\"/><figcaption>Cap</figcaption></figure>\n<table>\n<caption>C</caption>\n<colgroup><col/><col/></colgroup>\n<thead>\n<tr><th scope=\"col\">H<br>x</th><th>I</th></tr>\n</thead>\n<tbody>\n<tr><td>1</td><td><table><tbody><tr><td>in</td></tr></tbody></table></td></tr>\n</tbody>\n</table>\n<pre>\ncode\n</pre>\n<blockquote><p lang=\"cy\">Croeso</p></blockquote>\n<hr/>\n<h2 aria-hidden=\"true\">H<span>2</span></h2>\n<section><h3>x</h3></section><nav><ol><li><a href=\"#t\">T</a></li></ol></nav>\n<script type=\"application/ld+json\">{\"a\": \"</p>\"}</script>\n</main>\n<footer><p>F</p></footer>\n</body>\n</html>\n",
	"<!DOCTYPE html><html><head><title>t</title></head><body><p>a<p>b</body></html>",
	"<!DOCTYPE html><html><head></head><body><p><div>x</div></p></body></html>",
	"<!DOCTYPE html><html><head></head><body><ul><li>a<li>b</ul></body></html>",
	"<!DOCTYPE html><html><head></head><body><ul><li><div><li>b</div></li></ul></body></html>",
	"<!DOCTYPE html><html><head></head><body><table><tr><td>x</td></tr></table></body></html>",
	"<!DOCTYPE html><html><head></head><body><table>text<tbody></tbody></table></body></html>",
	"<!DOCTYPE html><html><head></head><body><a href=x><a href=y>z</a></a></body></html>",
	"<!DOCTYPE html><html><head></head><body><b><i>x</b></i></body></html>",
	"<!DOCTYPE html><html><head></head><body><b id=2 class=1 id=1>x</b><a z=1 b=2 a=3>q</a></body></html>",
	"<!DOCTYPE html><html><head></head><body><div/>x<span/>y</body></html>",
	"<!DOCTYPE html><html><head></head><body><h1><h2>x</h2></h1><h3><span><h4>y</h4></span></h3></body></html>",
	"<!DOCTYPE html><html><head></head><body><pre>\n\nx</pre><pre></pre></body></html>",
	"<!DOCTYPE html><html><head></head><body>a\x00b</body></html>",
	"<!DOCTYPE html><html><head></head><body>x</body></html> <!-- c -->\n",
	"<!DOCTYPE html><html><head></head><body>x</body> <!-- after body --> </html>",
	"<!DOCTYPE html><html><head></head><body>x</body>y</html>",
	"<!DOCTYPE html><html><head></head><body><p>x</br></p></body></html>",
	"<!DOCTYPE html><html><head></head><body><svg><title>x</title></svg></body></html>",
	"<!DOCTYPE html><html><head><script>if (a < b) document.write('</p>')</script></head><body><script>x</script><style>y</style><title>z</title></body></html>",
	"<!doctype html><html><head></head><body>x",
	"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\"><html><head></head><body>x</body></html>",
	"<html><head></head><body>quirks</body></html>",
	"<!DOCTYPE html><html><body>no head</body></html>",
	"<!DOCTYPE html><html><head> x </head><body></body></html>",
	"<!DOCTYPE html><html><head></head> <!-- c --> <body> a &amp; &lt; &#65; &nbsp; &notanentity; </body></html>",
	"<!DOCTYPE html><html><head></head><body><p title=\"&amp;&lt;&gt;&quot;&apos;&nbsp;&#65;&#x42;\">&amp;&lt;&gt;&quot;&apos;&nbsp;&#65;&#x42;&#xE9;</p></body></html>",
	"<!DOCTYPE html><html><head></head><body><table> <colgroup> <col> </colgroup> <thead> <tr> <th>a</th> </tr> </thead> </table></body></html>",
	"<!DOCTYPE html><html><head></head><body><table><col><tr><td>1</td></tr></table></body></html>",
	"<!DOCTYPE html><html><head></head><body><table><tbody><tr><td>1<td>2</tr></tbody></table></body></html>",
	"<!DOCTYPE html><html><head></head><body><dl><dt>a<dd>b</dl></body></html>",
	"<!DOCTYPE html><html><head></head><body><p><table></table></p></body></html>",
	"<!DOCTYPE html><html><head></head><body><p><hr></p></body></html>",
	"<!DOCTYPE html><html><head></head><body><p><span><ul></ul></span></p></body></html>",
	"<!DOCTYPE html><html><head></head><body><table><tbody><tr><td><p>x<table></table></p></td></tr></tbody></table></body></html>",
	"<!DOCTYPE html><html><head></head><body><form><input></form><iframe src=x></iframe><img src=x onerror=y></body></html>",
	"<!DOCTYPE html><html><head></head><body>" + strings.Repeat("<div>", 520) + "</body></html>",
	"<!DOCTYPE html><html><head></head><body>\r\nx\ry<p title='a\r\nb'>z</p></body></html>",
	"<!DOCTYPE html><HTML><HEAD><TITLE>Up</TITLE></HEAD><BODY><P CLASS=X>y</P></BODY></HTML>",
}

// dumpHTML writes a tree out with everything the checks could read.
func dumpHTML(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node, int)
	walk = func(n *html.Node, depth int) {
		fmt.Fprintf(&sb, "%s%d %q %d %q", strings.Repeat(" ", depth), n.Type, n.Data, n.DataAtom, n.Namespace)
		for _, a := range n.Attr {
			fmt.Fprintf(&sb, " %q:%q=%q", a.Namespace, a.Key, a.Val)
		}
		sb.WriteString("\n")
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Parent != n {
				sb.WriteString("BAD PARENT\n")
			}
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return sb.String()
}

// compareHTMLParsers fails when the fast tree builder accepts b with
// another tree than html.Parse's, or accepts what html.Parse refuses.
func compareHTMLParsers(t *testing.T, b []byte) (fast bool) {
	t.Helper()
	f, ok := parseHTMLFast(b)
	std, err := html.Parse(bytes.NewReader(b))
	if !ok {
		return false
	}
	if err != nil {
		t.Fatalf("fast tree builder accepted %q, html.Parse refuses it: %v", b, err)
	}
	if got, want := dumpHTML(f), dumpHTML(std); got != want {
		t.Fatalf("trees differ for %q:\nfast:\n%s\nhtml.Parse:\n%s", b, got, want)
	}
	return true
}

func TestParseHTMLFastMatchesHTMLParse(t *testing.T) {
	accepted := 0
	for i, c := range htmlFastCases {
		if compareHTMLParsers(t, []byte(c)) {
			accepted++
		} else if i == 0 {
			t.Errorf("the fast tree builder declined the plain page")
		}
	}
	t.Logf("%d of %d cases read by the fast tree builder", accepted, len(htmlFastCases))
}

// FuzzParseHTMLFast: the fast tree builder either declines or builds
// exactly the tree html.Parse builds.
func FuzzParseHTMLFast(f *testing.F) {
	for _, s := range htmlFastCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		compareHTMLParsers(t, b)
	})
}
