package content

import (
	"strings"
	"testing"

	"github.com/altformats/altformats/internal/doc"
)

// The loader applies the one link policy (doc.CheckLink): an address that
// may not be a link is an error at the link, for every format alike.
func TestLinkPolicyAtLoad(t *testing.T) {
	for _, u := range []string{"http://nhs.uk@evil.example/", "https:javascript:alert(1)", "https://", "mailto:", `tel:+44"onclick="x`, "mailto:nobody"} {
		_, ds := Parse("l.md", []byte(fm+"See [the page]("+u+") now.\n"), Options{})
		if !hasCode(ds, "LINK-INVALID") || ds[0].Pos.Line != 5 {
			t.Errorf("%q: want LINK-INVALID at line 5, got %v", u, ds)
		}
	}
}

// An address written in prose with a scheme other than http(s)/mailto is
// text: it is not auto-linked and does not refuse the document (ftp:// did).
func TestPlainAddressesStayText(t *testing.T) {
	d, ds := Parse("l.md", []byte(fm+"Files at ftp://files.example.org/pub and www.nhs.uk and help@nhs.net.\n"), Options{})
	if len(ds) > 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	dump := doc.Dump(d)
	if strings.Contains(dump, `Link "ftp`) || !strings.Contains(dump, "ftp://files.example.org/pub") {
		t.Errorf("ftp address should stay text:\n%s", dump)
	}
	if !strings.Contains(dump, `Link "http://www.nhs.uk"`) || !strings.Contains(dump, `Link "mailto:help@nhs.net"`) {
		t.Errorf("www and e-mail addresses should still be links:\n%s", dump)
	}
}
