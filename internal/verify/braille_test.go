package verify

import (
	"strings"
	"testing"
)

func brfPage(lines ...string) string { return strings.Join(lines, "\r\n") + "\r\n\f" }

func pef(rows ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><pef version="2008-1" xmlns="http://www.daisy.org/ns/2008/pef"><body><volume cols="40" rows="25" rowgap="0" duplex="true"><section><page>`)
	for _, r := range rows {
		b.WriteString("<row>" + r + "</row>")
	}
	b.WriteString("</page></section></volume></body></pef>")
	return b.String()
}

// Each braille rule passes a good file and fails the file broken for it.
func TestBrailleChecks(t *testing.T) {
	good := brfPage(",ALLI$ HEA<H", strings.Repeat("A", 40)) + brfPage("#B")
	many := make([]string, 26)
	for i := range many {
		many[i] = "A"
	}
	for _, c := range []struct {
		name, file, data, rule string
	}{
		{"good brf", "a.brf", good, ""},
		{"lower case", "a.brf", brfPage("allied"), RuleBRFChars},
		{"tab", "a.brf", brfPage("A\tB"), RuleBRFChars},
		{"41 cells", "a.brf", brfPage(strings.Repeat("A", 41)), RuleBRFPage},
		{"26 lines", "a.brf", brfPage(many...), RuleBRFPage},
		{"good pef", "a.pef", pef("⠁⠃", strings.Repeat("⠁", 40)), ""},
		{"41 cells pef", "a.pef", pef(strings.Repeat("⠁", 41)), RuleBRFPage},
		{"26 rows pef", "a.pef", pef(strings.Split(strings.Repeat("⠁,", 26), ",")[:26]...), RuleBRFPage},
		{"letters in a row", "a.pef", pef("ab"), RulePEFXML},
		{"not pef", "a.pef", `<html xmlns="http://www.w3.org/1999/xhtml"/>`, RulePEFXML},
		{"broken xml", "a.pef", `<pef xmlns="http://www.daisy.org/ns/2008/pef"><body>`, RulePEFXML},
	} {
		r := File(c.file, []byte(c.data))
		var rules []string
		for _, f := range r.Findings {
			rules = append(rules, f.Rule)
		}
		switch {
		case c.rule == "" && len(r.Findings) > 0:
			t.Errorf("%s: findings %v: %+v", c.name, rules, r.Findings)
		case c.rule != "" && !strings.Contains(strings.Join(rules, " "), c.rule):
			t.Errorf("%s: want %s, got %v", c.name, c.rule, rules)
		}
		if c.rule == "" && r.Pages == 0 {
			t.Errorf("%s: no pages counted", c.name)
		}
	}
}
