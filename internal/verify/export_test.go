package verify

import "io"

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
