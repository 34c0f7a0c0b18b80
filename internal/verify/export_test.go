package verify

import (
	"bytes"
	"io"

	"golang.org/x/net/html"
)

// XMLParsersAgree parses b with the fast parser and with encoding/xml: fast
// says whether the fast parser read it, diff is empty when the trees (or the
// refusal) agree.
func XMLParsersAgree(b []byte) (fast bool, diff string) {
	f, ok := parseXMLFast(b)
	std, err := parseXMLStd(b)
	switch {
	case !ok:
		return false, ""
	case err != nil:
		return true, "encoding/xml refuses it: " + err.Error()
	case dumpElem(f) != dumpElem(std):
		return true, "fast: " + dumpElem(f) + "\nstd:  " + dumpElem(std)
	}
	return true, ""
}

// RawTokensFast says whether the fast tokenizer reads all of b (a PEF)
// without handing it to encoding/xml.
func RawTokensFast(b []byte) bool {
	p := &xmlFast{b: b}
	for {
		_, err := p.rawToken()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// HTMLParsersAgree parses b with the fast tree builder and with html.Parse:
// fast says whether the fast one read it, diff is empty when the trees agree.
func HTMLParsersAgree(b []byte) (fast bool, diff string) {
	f, ok := parseHTMLFast(b)
	if !ok {
		return false, ""
	}
	std, err := html.Parse(bytes.NewReader(b))
	switch {
	case err != nil:
		return true, "html.Parse refuses it: " + err.Error()
	case dumpHTML(f) != dumpHTML(std):
		return true, "fast:\n" + dumpHTML(f) + "\nhtml.Parse:\n" + dumpHTML(std)
	}
	return true, ""
}
