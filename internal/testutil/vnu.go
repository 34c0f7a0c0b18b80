package testutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// VNU runs the Nu HTML Checker (the W3C validator, vnu.jar) on HTML (.html,
// .htm: HTML parser) and XHTML (.xhtml: XML parser) files in one JVM, and
// returns one line per error or warning, "file:line:col: error: message"
// (informational notes are dropped). Batch files: the JVM takes seconds to
// start.
//
// For .xhtml files, the EPUB namespace attributes (epub:type, epub:prefix)
// that the HTML schema does not know are not reported: EPUB requires them and
// epubcheck validates them.
func VNU(t testing.TB, files ...string) []string {
	t.Helper()
	if len(files) == 0 {
		t.Fatal("VNU: no files")
	}
	java := Tool(t, "java")
	jar := filepath.Join(RepoRoot(t), ".ci", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		Missing(t, "vnu.jar not installed in .ci/node_modules (npm ci in .ci)")
	}
	abs := absFiles(t, files)
	args := append(append([]string{"-Xss16m"}, quickJVM...), "-jar", jar, "--format", "json", "--stdout", "--also-check-svg")
	args = append(args, abs...)
	cmd := exec.Command(java, args...)
	cmd.Env = toolEnv(t)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exit status 1 just means errors were found
	var res struct {
		Messages []struct {
			Type, SubType, URL, Message, Extract string
			LastLine, FirstColumn                int
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("vnu: %v (run: %v)\n%s%s", err, runErr, stderr.String(), stdout.String())
	}
	var out []string
	for _, m := range res.Messages {
		var kind string
		switch {
		case m.Type == "error", m.Type == "non-document-error":
			kind = "error"
		case m.Type == "info" && m.SubType == "warning":
			kind = "warning"
		default:
			continue
		}
		file := m.URL
		if u, err := url.Parse(m.URL); err == nil && u.Scheme == "file" {
			file = u.Path
		}
		if strings.HasSuffix(file, ".xhtml") && epubAttr(m.Message, m.Extract) {
			continue
		}
		msg := strings.Join(strings.Fields(m.Message), " ")
		out = append(out, fmt.Sprintf("%s:%d:%d: %s: %s", file, m.LastLine, m.FirstColumn, kind, msg))
	}
	if runErr != nil && len(out) == 0 && len(res.Messages) == 0 {
		t.Fatalf("vnu: %v\n%s", runErr, stderr.String())
	}
	return out
}

var vnuAttrNotAllowed = regexp.MustCompile(`^Attribute “(type|prefix)” not allowed on element “[^”]+” at this point\.$`)

// epubAttr reports whether a vnu message is about an epub: namespaced
// attribute; vnu names only the local part, so the source extract decides.
func epubAttr(msg, extract string) bool {
	m := vnuAttrNotAllowed.FindStringSubmatch(msg)
	return m != nil && strings.Contains(extract, "epub:"+m[1]+"=")
}
