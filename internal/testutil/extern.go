// Package testutil is shared by tests only: external validators and fixtures.
package testutil

import (
	"os"
	"os/exec"
	"testing"
)

// RequireEnv makes every external-tool test mandatory when set to 1 (.ci/run
// sets it): a missing tool then fails the test instead of skipping it.
const RequireEnv = "ALTFORMATS_REQUIRE_TOOLS"

// Tool returns the path of an external validator (pdfinfo, qpdf, chromium,
// java, libreoffice, epubcheck, node...). When it is missing the test is
// skipped with a clear message, or fails when ALTFORMATS_REQUIRE_TOOLS=1.
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	Missing(t, name+" not found on PATH")
	return ""
}

// Missing skips (or, under ALTFORMATS_REQUIRE_TOOLS=1, fails) for a missing
// external dependency, with a message saying how to get it.
func Missing(t testing.TB, what string) {
	t.Helper()
	msg := what + " (install the validators with: bash .ci/install-tools)"
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("required external tool missing: %s", msg)
	}
	t.Skipf("skipping: %s", msg)
}
