package testutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// EPUBCheck runs the W3C EPUBCheck on an .epub and returns every fatal error,
// error and warning, one line each, "SEVERITY(CODE): path(line,col): message".
// Usage notes (-u) are not requested: they are informational.
func EPUBCheck(t testing.TB, epubFile string) []string {
	t.Helper()
	cmd := epubcheckCmd(t)
	in := absFiles(t, []string{epubFile})[0]
	cmd.Args = append(cmd.Args, in, "-w", "--locale", "en")
	cmd.Env = toolEnv(t)
	var outb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &outb, &outb
	runErr := cmd.Run() // exit status 1 just means errors were found
	var out []string
	for _, l := range lines(outb.Bytes()) {
		if epubcheckMsg.MatchString(l) {
			out = append(out, l)
		}
	}
	done := strings.Contains(outb.String(), "EPUBCheck completed") || strings.Contains(outb.String(), "Messages:")
	if !done || (runErr != nil && len(out) == 0) {
		t.Fatalf("epubcheck did not complete (%v):\n%s", runErr, outb.String())
	}
	return out
}

var epubcheckMsg = regexp.MustCompile(`^(FATAL|ERROR|WARNING)\(`)

// epubcheckCmd finds epubcheck. Debian installs it as a bare jar on PATH,
// runnable only through binfmt_misc (absent in containers), so a jar is
// started with java directly.
func epubcheckCmd(t testing.TB) *exec.Cmd {
	t.Helper()
	p := Tool(t, "epubcheck")
	if real, err := filepath.EvalSymlinks(p); err == nil {
		p = real
	}
	if strings.HasSuffix(p, ".jar") || isJar(p) {
		return exec.Command(Tool(t, "java"), append(quickJVM, "-jar", p)...)
	}
	return exec.Command(p)
}

func isJar(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	magic := make([]byte, 4)
	n, _ := f.Read(magic)
	return n == 4 && string(magic) == "PK\x03\x04"
}

// Ace runs DAISY Ace (EPUB accessibility: axe-core rules inside each content
// document plus EPUB metadata and navigation checks) and returns the serious
// and critical violations, one line each,
// "document: rule-id: [impact] target: description".
func Ace(t testing.TB, epubFile string) []string {
	t.Helper()
	node, ciDir := ciNode(t)
	browser := chromium(t)
	ace := filepath.Join(ciDir, "node_modules", "@daisy", "ace-cli", "bin", "ace.js")
	if _, err := os.Stat(ace); err != nil {
		Missing(t, "DAISY Ace not installed in .ci/node_modules (npm ci in .ci)")
	}
	in := absFiles(t, []string{epubFile})[0]
	work := t.TempDir()
	outDir := filepath.Join(work, "report")
	cmd := exec.Command(node, ace, "--silent", "--force", "--outdir", outDir,
		"--tempdir", filepath.Join(work, "tmp"), in)
	cmd.Dir = ciDir
	// Ace launches its own browser; the wrapper adds our no-network flags.
	cmd.Env = toolEnv(t, "PUPPETEER_EXECUTABLE_PATH="+filepath.Join(ciDir, "chromium-locked"),
		"ALTFORMATS_CHROMIUM="+browser)
	var outb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &outb, &outb
	if err := cmd.Run(); err != nil {
		t.Fatalf("ace: %v\n%s", err, outb.String())
	}
	data, err := os.ReadFile(filepath.Join(outDir, "report.json"))
	if err != nil {
		t.Fatalf("ace wrote no report: %v\n%s", err, outb.String())
	}
	got, err := aceViolations(data, map[string]bool{"serious": true, "critical": true})
	if err != nil {
		t.Fatalf("ace: %v", err)
	}
	return got
}

// aceReport is the part of Ace's EARL report.json that names failures.
type aceReport struct {
	Result     aceResult `json:"earl:result"`
	Assertions []struct {
		Subject struct {
			URL string `json:"url"`
		} `json:"earl:testSubject"`
		Assertions []struct {
			Result aceResult `json:"earl:result"`
			Test   struct {
				Impact string `json:"earl:impact"`
				Title  string `json:"dct:title"`
				Help   struct {
					Description string `json:"dct:description"`
				} `json:"help"`
			} `json:"earl:test"`
		} `json:"assertions"`
	} `json:"assertions"`
}

type aceResult struct {
	Outcome     string `json:"earl:outcome"`
	Description string `json:"dct:description"`
	Pointer     struct {
		CSS []string `json:"css"`
	} `json:"earl:pointer"`
}

func aceViolations(data []byte, impacts map[string]bool) ([]string, error) {
	var r aceReport
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("report.json: %w", err)
	}
	if r.Result.Outcome == "" {
		return nil, fmt.Errorf("report.json has no overall outcome")
	}
	var out []string
	for _, doc := range r.Assertions {
		for _, a := range doc.Assertions {
			if a.Result.Outcome != "fail" || !impacts[a.Test.Impact] {
				continue
			}
			target := strings.Join(a.Result.Pointer.CSS, ", ")
			if target == "" {
				target = "-"
			}
			msg := a.Test.Help.Description
			if d := strings.SplitN(a.Result.Description, "\n", 2)[0]; d != "" {
				msg += " (" + d + ")"
			}
			out = append(out, fmt.Sprintf("%s: %s: [%s] %s: %s",
				doc.Subject.URL, a.Test.Title, a.Test.Impact, target, strings.Join(strings.Fields(msg), " ")))
		}
	}
	return out, nil
}
