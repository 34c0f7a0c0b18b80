package testutil

import (
	"bytes"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// SofficeConvert converts in with headless LibreOffice, e.g. filter "pdf" or
// "docx:MS Word 2007 XML", into outDir and returns the output path. Each call
// uses a private profile (-env:UserInstallation) and HOME, so calls can run in
// parallel and never touch the user's own LibreOffice settings.
//
// soffice exits 0 even when an import or export fails, so the test fails
// unless the expected output file exists and is not empty.
func SofficeConvert(t testing.TB, in, filter, outDir string) string {
	t.Helper()
	soffice := sofficePath(t)
	src := absFiles(t, []string{in})[0]
	dir, err := filepath.Abs(outDir)
	if err != nil {
		t.Fatalf("soffice: %v", err)
	}
	profile := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(t.TempDir(), "profile"))}
	cmd := exec.Command(soffice, "--headless", "--invisible", "--norestore", "--nolockcheck",
		"--nologo", "--nodefault", "-env:UserInstallation="+profile.String(),
		"--convert-to", filter, "--outdir", dir, src)
	cmd.Env = toolEnv(t)
	var outb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &outb, &outb
	runErr := cmd.Run()
	ext, _, _ := strings.Cut(filter, ":")
	base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	out := filepath.Join(dir, base+"."+ext)
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 || runErr != nil {
		t.Fatalf("soffice --convert-to %q %s produced no %s (exit: %v):\n%s", filter, in, out, runErr, outb.String())
	}
	return out
}

func sofficePath(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(t, "soffice (LibreOffice) not found on PATH")
	return ""
}
