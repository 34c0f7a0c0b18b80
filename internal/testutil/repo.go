package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// RepoRoot returns the module root (the directory holding go.mod), found by
// walking up from the test's working directory, which go test sets to the
// package directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("repo root: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("repo root: no go.mod above %s", dir)
		}
		dir = parent
	}
}

// ciNode returns the node binary and the .ci directory whose node_modules
// holds the pinned validators (axe-core, puppeteer-core, vnu-jar, Ace).
func ciNode(t testing.TB) (node, ciDir string) {
	t.Helper()
	node = Tool(t, "node")
	ciDir = filepath.Join(RepoRoot(t), ".ci")
	if _, err := os.Stat(filepath.Join(ciDir, "node_modules", ".package-lock.json")); err != nil {
		Missing(t, ".ci/node_modules not installed (npm ci in .ci)")
	}
	return node, ciDir
}

// chromium finds the system browser the node scripts drive; puppeteer-core
// never downloads one.
func chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(t, "chromium not found on PATH")
	return ""
}

// toolEnv is the environment for validator processes: a private, writable
// HOME (LibreOffice, Ace and Chromium all write profile or config files there)
// and puppeteer pointed at the system Chromium.
func toolEnv(t testing.TB, extra ...string) []string {
	t.Helper()
	home := t.TempDir()
	env := make([]string, 0, len(os.Environ())+len(extra)+4)
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "HOME=") || strings.HasPrefix(kv, "XDG_CONFIG_HOME=") ||
			strings.HasPrefix(kv, "XDG_CACHE_HOME=") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"PUPPETEER_SKIP_DOWNLOAD=1",
	)
	return append(env, extra...)
}

// absFiles makes paths absolute so tool output can be matched back to them.
func absFiles(t testing.TB, files []string) []string {
	t.Helper()
	out := make([]string, len(files))
	for i, f := range files {
		a, err := filepath.Abs(f)
		if err != nil {
			t.Fatalf("abs %s: %v", f, err)
		}
		if _, err := os.Stat(a); err != nil {
			t.Fatalf("validator input: %v", err)
		}
		out[i] = a
	}
	return out
}

// lines splits tool output into non-empty lines.
func lines(b []byte) []string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimRight(l, "\r"); strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// quickJVM are JVM flags for short validator runs: the client compiler only
// and the serial collector start epubcheck and vnu about twice as fast, and
// far faster on a busy machine, where the optimising compiler's threads fight
// the tests for CPU. Client-compiled frames are larger, so vnu also needs a
// bigger thread stack (-Xss) than its documented 512k.
var quickJVM = []string{"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"}
