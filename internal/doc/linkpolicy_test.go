package doc

import "testing"

func TestCheckLink(t *testing.T) {
	ok := []string{
		"https://www.nhs.uk/", "http://example.org/a?b=c#d", "HTTPS://Example.org/", "#about",
		"mailto:name@example.org", "mailto:a.b+c@nhs.net,d@example.org?subject=Hello%20there",
		"tel:+44-20-7946-0000", "tel:+1(555)0100;ext=12", "tel:+44.20.7946.0000",
		"mailto:ffôn@enghraifft.cymru",
	}
	bad := []string{
		"", "#", "# x", "http://nhs.uk@evil.example/", "https://user:pw@example.org/", "https:javascript:alert(1)",
		"https://", "http:///path", "mailto:", "mailto:name", "mailto:@example.org", "mailto:a@b", "mailto:a..b@example.org",
		`mailto:a"b@example.org`, "tel:", "tel:0207946000", `tel:+44"onclick="x`, "tel:+", "tel:+44;=x",
		"javascript:alert(1)", "ftp://example.org/", "data:text/html,x", "file:///etc/passwd", "example.org",
		"https://exa mple.org/", "https://example.org/\x01",
	}
	for _, u := range ok {
		if _, p := CheckLink(u); p != "" {
			t.Errorf("CheckLink(%q) refused: %s", u, p)
		}
	}
	for _, u := range bad {
		if got, p := CheckLink(u); p == "" {
			t.Errorf("CheckLink(%q) = %q, want refused", u, got)
		}
	}
}
