package render

import "testing"

func TestNames(t *testing.T) {
	en, cy := LabelsFor("en-GB"), LabelsFor("cy")
	for _, c := range []struct {
		l    Labels
		ns   []string
		want string
	}{
		{en, nil, ""},
		{en, []string{"Ada"}, "Ada"},
		{en, []string{"Ada", "Gwen"}, "Ada and Gwen"},
		{en, []string{"Ada", "Bea", "Gwen"}, "Ada, Bea and Gwen"},
		{cy, []string{"Siân", "Gwen"}, "Siân a Gwen"},
		{cy, []string{"Siân", "Owain"}, "Siân ac Owain"},
	} {
		if got := c.l.Names(c.ns); got != c.want {
			t.Errorf("Names(%q) = %q, want %q", c.ns, got, c.want)
		}
	}
}
