package doc

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// The link policy, the one place that decides which addresses may become
// links, for every format: the loader refuses a link that breaks it (with
// CheckLink's reason) and every writer asks LinkTarget before writing one,
// so a model built any other way can never carry an active link the loader
// would have refused.
//
// A link is one of:
//   - "#id", a heading in this document (no white space);
//   - http: or https: with a host and no user name or password (the address
//     "http://nhs.uk@evil.example/" goes to evil.example, whatever it shows);
//   - mailto: one or more addresses (addr-spec: local@domain), with
//     optional ?subject=... headers;
//   - tel: a global number (RFC 3966): "+", digits and the visual
//     separators - . ( ), with optional ;name=value parameters.

// CheckLink returns the address to write (its scheme lower-cased) or, when
// the address may not be a link, a short reason saying why.
func CheckLink(raw string) (target, problem string) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", "the address is empty"
	}
	for _, r := range s {
		if r < 0x20 || r >= 0x7f && r <= 0x9f || r == utf8.RuneError || r >= 0xfdd0 && r <= 0xfdef || r&0xfffe == 0xfffe {
			return "", "the address holds a control or invalid character"
		}
	}
	if strings.HasPrefix(s, "#") {
		if len(s) == 1 || strings.ContainsAny(s, " \t\n") {
			return "", "an in-document link needs a heading id with no spaces after #"
		}
		return s, ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", "the address cannot be parsed"
	}
	scheme := strings.ToLower(u.Scheme)
	switch scheme {
	case "http", "https":
		switch {
		case u.Opaque != "" || u.Host == "":
			return "", "the address has no host (write it as https://example.org/...)"
		case u.User != nil:
			return "", "the address has a user name before @, which hides where it really goes"
		case strings.ContainsAny(u.Host, `"'<> `):
			return "", "the host name holds characters a host name cannot"
		}
	case "mailto":
		if p := mailtoProblem(u); p != "" {
			return "", p
		}
	case "tel":
		if p := telProblem(u); p != "" {
			return "", p
		}
	case "":
		return "", "the address has no scheme"
	default:
		return "", "the " + scheme + ": scheme is not allowed (only http, https, mailto and tel)"
	}
	u.Scheme = scheme
	return u.String(), ""
}

// LinkTarget is CheckLink for writers: the address to write and whether it
// may be a link at all (if not, the link's text is written as plain text).
func LinkTarget(raw string) (string, bool) {
	t, p := CheckLink(raw)
	return t, p == ""
}

func mailtoProblem(u *url.URL) string {
	if u.Opaque == "" {
		return "mailto: needs an e-mail address (mailto:name@example.org)"
	}
	to, err := url.PathUnescape(u.Opaque)
	if err != nil {
		return "mailto: address has a bad % escape"
	}
	for _, a := range strings.Split(to, ",") {
		if !addrSpec(strings.TrimSpace(a)) {
			return "mailto: address " + quoteShort(a) + " is not an e-mail address (name@example.org)"
		}
	}
	return ""
}

// addrSpec accepts local@domain: a dot-atom local part (RFC 5322 atext) and
// a domain of dot-separated labels of letters, digits and hyphens (letters
// may be non-ASCII: international domain names).
func addrSpec(a string) bool {
	at := strings.LastIndexByte(a, '@')
	if at <= 0 || at == len(a)-1 {
		return false
	}
	local, domain := a[:at], a[at+1:]
	for _, part := range strings.Split(local, ".") {
		if part == "" {
			return false
		}
		for _, r := range part {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", r) || r >= 0x80) {
				return false
			}
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r >= 0x80) {
				return false
			}
		}
	}
	return true
}

// telProblem accepts RFC 3966 global numbers: "+" then digits and visual
// separators, then ;name=value parameters (ext, isub, phone-context...).
func telProblem(u *url.URL) string {
	const want = "tel: needs a full international number, e.g. tel:+44-20-7946-0000"
	num := u.Opaque
	if num == "" || u.RawQuery != "" || u.Fragment != "" {
		return want
	}
	params := ""
	if i := strings.IndexByte(num, ';'); i >= 0 {
		num, params = num[:i], num[i+1:]
	}
	if len(num) < 2 || num[0] != '+' {
		return want
	}
	digits := 0
	for _, c := range num[1:] {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return want
		}
	}
	if digits == 0 {
		return want
	}
	if params != "" {
		for _, p := range strings.Split(params, ";") {
			name, value, _ := strings.Cut(p, "=")
			if name == "" || !paramChars(name, "-") || !paramChars(value, "-_.!~*'()[]/:&+$%") {
				return "tel: number has a malformed ;parameter"
			}
		}
	}
	return ""
}

func paramChars(s, extra string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(extra, r)) {
			return false
		}
	}
	return true
}

func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + s + `"`
}
