package verify

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
