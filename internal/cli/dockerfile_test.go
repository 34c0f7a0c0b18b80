package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfile checks the repository's Dockerfile without Docker (which
// cannot run where the tests do): it has a build stage and a run stage, the
// binary is built static (CGO_ENABLED=0) in the first and copied from it
// into the second, fonts are installed, and the final stage runs as a
// numeric non-root user with an exec-form entry point.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile(repo(t, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	type stage struct {
		name  string
		lines []string
	}
	var stages []stage
	// instructions, with continuation lines joined and comments dropped
	text := regexp.MustCompile(`\\\n\s*`).ReplaceAllString(string(b), " ")
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if f := strings.Fields(l); strings.EqualFold(f[0], "FROM") {
			name := ""
			if len(f) == 4 && strings.EqualFold(f[2], "AS") {
				name = f[3]
			}
			stages = append(stages, stage{name: name})
			continue
		}
		if len(stages) == 0 {
			if !strings.HasPrefix(strings.ToUpper(l), "ARG ") {
				t.Fatalf("instruction before the first FROM: %q", l)
			}
			continue
		}
		stages[len(stages)-1].lines = append(stages[len(stages)-1].lines, l)
	}
	if len(stages) < 2 || stages[0].name == "" {
		t.Fatalf("want a named build stage and a run stage, got %d stages", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]
	has := func(s stage, re string) bool {
		for _, l := range s.lines {
			if regexp.MustCompile(re).MatchString(l) {
				return true
			}
		}
		return false
	}
	if !has(build, `^RUN .*CGO_ENABLED=0 .*go build .*\./cmd/altformats`) {
		t.Error("the build stage does not build ./cmd/altformats with CGO_ENABLED=0")
	}
	if !has(final, `^COPY --from=`+regexp.QuoteMeta(build.name)+` \S*altformats \S+`) {
		t.Error("the run stage does not copy the binary from the build stage")
	}
	if has(final, `go (build|install)`) {
		t.Error("the run stage has a Go toolchain step")
	}
	if !has(final, `^RUN .*apt-get install .*fonts-`) {
		t.Error("the run stage installs no fonts")
	}
	var user string
	for _, l := range final.lines {
		if strings.HasPrefix(strings.ToUpper(l), "USER ") {
			user = strings.TrimSpace(l[5:])
		}
	}
	if user == "" || regexp.MustCompile(`^(0|root)(:|$)`).MatchString(user) || !regexp.MustCompile(`^[1-9]\d*(:[1-9]\d*)?$`).MatchString(user) {
		t.Errorf("the final stage runs as %q; want a numeric non-root USER (Kubernetes runAsNonRoot checks the number)", user)
	}
	if !has(final, `^ENTRYPOINT \["[^"]*altformats"\]$`) {
		t.Error("no exec-form ENTRYPOINT running altformats")
	}
}
