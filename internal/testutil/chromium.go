package testutil

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Axe runs axe-core (WCAG 2.0/2.1 A+AA and 2.2 AA rules) on one HTML file in
// headless Chromium and returns one line per violating node,
// "rule-id: target: [impact] help (first failing check)", plus
// "external request: URL" for every request the page tried to make to
// anything but file: or data: (those are blocked, so no test touches the
// network) and "missing file: URL" for a local file it could not load.
// An empty result means the page passed.
func Axe(t testing.TB, htmlFile string) []string {
	t.Helper()
	abs := absFiles(t, []string{htmlFile})[0]
	var out []string
	for _, l := range AxeAll(t, abs) {
		out = append(out, strings.TrimPrefix(l, abs+": "))
	}
	return out
}

// AxeAll is Axe for several files in one browser session (much faster than
// one call per file); each line starts with the file's absolute path and ": ".
func AxeAll(t testing.TB, htmlFiles ...string) []string {
	t.Helper()
	node, ciDir := ciNode(t)
	browser := chromium(t)
	args := append([]string{filepath.Join(ciDir, "axe.mjs")}, absFiles(t, htmlFiles)...)
	return runNode(t, node, ciDir, browser, args)
}

// Screenshot renders htmlFile at the given CSS width (full page height) to a
// PNG, in the dark colour scheme when dark is true. It is for people to look
// at, not for assertions.
func Screenshot(t testing.TB, htmlFile, pngOut string, width int, dark bool) {
	t.Helper()
	node, ciDir := ciNode(t)
	browser := chromium(t)
	in := absFiles(t, []string{htmlFile})[0]
	out, err := filepath.Abs(pngOut)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	res := runNode(t, node, ciDir, browser,
		[]string{filepath.Join(ciDir, "screenshot.mjs"), in, out, strconv.Itoa(width), scheme})
	for _, l := range res {
		t.Logf("screenshot %s: %s", htmlFile, l)
	}
}

// runNode runs a .ci script and returns its stdout lines; a non-zero exit
// is a harness failure (not a validation result) and fails the test.
func runNode(t testing.TB, node, ciDir, browser string, args []string) []string {
	t.Helper()
	cmd := exec.Command(node, args...)
	cmd.Dir = ciDir
	cmd.Env = toolEnv(t, "PUPPETEER_EXECUTABLE_PATH="+browser)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", filepath.Base(node), filepath.Base(args[0]), err, stderr.String(), stdout.String())
	}
	return lines(stdout.Bytes())
}
