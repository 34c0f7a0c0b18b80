package cli_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/altformats/altformats/internal/cli"
	"github.com/altformats/altformats/internal/testutil"
)

// Issue 10, "concurrent builds lose formats": builds of the same documents
// with different --formats into one --out at the same time left folders
// with 3 to 5 of their 6 files, every build exiting 0. These tests run 30
// at once, in-process and as processes of the real binary, and require
// every folder to hold all six files, each byte-identical to a lone build.

// allFormats are the formats every machine can write (braille needs
// liblouis, so it is left out), in the build table's order.
var allFormats = []string{"pdf", "large-print", "docx", "html", "txt", "epub"}

// formatsFor gives build i two formats; six builds in a row cover all.
func formatsFor(i int) string {
	return allFormats[i%6] + "," + allFormats[(i+1)%6]
}

// mixedContent writes two small documents and returns the folder and a
// reference: a lone build of every format, by slug and file name.
func mixedContent(t *testing.T) (string, map[string]map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	seed, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "content", "ahp-mental-health.md"))
	if err != nil {
		t.Fatal(err)
	}
	put(t, filepath.Join(dir, "ahp-mental-health.md"), string(seed))
	put(t, filepath.Join(dir, "small.md"), smallFM)
	return dir, referenceSets(t, dir, "ahp-mental-health", "small")
}

// referenceSets builds src once, every format, into a fresh folder.
func referenceSets(t *testing.T, src string, slugs ...string) map[string]map[string][]byte {
	t.Helper()
	out := t.TempDir()
	if code, e := runCLI(t, "build", src, "--out", out, "--formats", strings.Join(allFormats, ",")); code != 0 {
		t.Fatalf("reference build: exit %d\n%s", code, e)
	}
	ref := map[string]map[string][]byte{}
	for _, s := range slugs {
		ref[s] = readOutputs(t, filepath.Join(out, s))
		if len(ref[s]) != len(allFormats)+2 { // and the two reports
			t.Fatalf("reference build of %s wrote %d files, want %d", s, len(ref[s]), len(allFormats)+2)
		}
	}
	return ref
}

// completeSets asserts every folder of ref under out holds exactly the
// reference files, byte for byte, and that no swap was left half done.
func completeSets(t *testing.T, what, out string, ref map[string]map[string][]byte) {
	t.Helper()
	for slug, want := range ref {
		got := readOutputs(t, filepath.Join(out, slug))
		if len(got) != len(want) {
			var names []string
			for n := range got {
				names = append(names, n)
			}
			t.Errorf("%s: %s holds %d of its %d files: %v", what, slug, len(got), len(want), names)
		}
		for name, b := range got {
			// The reports describe the files the last build checked (a build
			// of some formats keeps the others from earlier builds unchecked),
			// so with mixed formats they depend on which build came last.
			if strings.HasPrefix(name, "report.") {
				continue
			}
			if !bytes.Equal(b, want[name]) {
				t.Errorf("%s: %s/%s is not the file a lone build writes", what, slug, name)
			}
		}
		if _, err := os.Lstat(filepath.Join(out, "."+slug+".old")); err == nil {
			t.Errorf("%s: a half-done swap of %s was left", what, slug)
		}
	}
}

// buildBinary builds the altformats binary once for a test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "altformats")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/altformats")
	cmd.Dir = testutil.RepoRoot(t)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return bin
}

// concurrentInProcess runs n builds of src at once through cli.Main.
func concurrentInProcess(t *testing.T, src, out string, n int) {
	t.Helper()
	var wg sync.WaitGroup
	codes, errs := make([]int, n), make([]string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var o, e bytes.Buffer
			codes[i] = cli.Main([]string{"build", src, "--out", out, "--formats", formatsFor(i)}, cli.Streams{Out: &o, Err: &e})
			errs[i] = e.String()
		}(i)
	}
	wg.Wait()
	for i, c := range codes {
		if c != 0 {
			t.Fatalf("build %d: exit %d\n%s", i, c, errs[i])
		}
	}
}

// concurrentProcesses runs n processes of bin building src at once.
func concurrentProcesses(t *testing.T, bin, src, out string, n int) {
	t.Helper()
	cmds := make([]*exec.Cmd, n)
	logs := make([]*bytes.Buffer, n)
	for i := range cmds {
		cmds[i] = exec.Command(bin, "build", src, "--out", out, "--formats", formatsFor(i), "--jobs", "1")
		logs[i] = new(bytes.Buffer)
		cmds[i].Stdout, cmds[i].Stderr = logs[i], logs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("process %d: %v\n%s", i, err, logs[i])
		}
	}
}

func TestConcurrentMixedFormatBuilds(t *testing.T) {
	src, ref := mixedContent(t)
	t.Run("in-process", func(t *testing.T) {
		out := t.TempDir()
		concurrentInProcess(t, src, out, 30)
		completeSets(t, "30 builds in one process", out, ref)
	})
	t.Run("processes", func(t *testing.T) {
		bin := buildBinary(t)
		out := t.TempDir()
		concurrentProcesses(t, bin, src, out, 30)
		completeSets(t, "30 processes", out, ref)
	})
}

// Packs: concurrent `pack` processes of two contents (different formats)
// into one --out must leave a folder and a zip of the same build.
func TestConcurrentPackProcesses(t *testing.T) {
	bin := buildBinary(t)
	var contents []string
	for _, formats := range []string{"txt", "html,txt"} {
		dir := t.TempDir()
		put(t, filepath.Join(dir, "small.md"), smallFM)
		put(t, filepath.Join(dir, "packs", "kit.yaml"), "title: Kit\ndocuments: [small]\nformats: ["+formats+"]\n")
		contents = append(contents, dir)
	}
	out := t.TempDir()
	var cmds []*exec.Cmd
	for i := 0; i < 12; i++ {
		c := exec.Command(bin, "pack", "kit", "--content", contents[i%2], "--out", out)
		var buf bytes.Buffer
		c.Stdout, c.Stderr = &buf, &buf
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, c)
		defer func(i int) {
			if buf.Len() > 0 && t.Failed() {
				t.Logf("process %d: %s", i, buf.String())
			}
		}(i)
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("process %d: %v", i, err)
		}
	}
	folder := readOutputs(t, filepath.Join(out, "packs", "kit"))
	zipFiles := unzip(t, filepath.Join(out, "packs", "kit.zip"), "kit/")
	if fmt.Sprint(folder) != fmt.Sprint(zipFiles) {
		t.Errorf("the pack's folder and zip come from different builds:\nfolder %d files, zip %d", len(folder), len(zipFiles))
	}
}

// unzip reads a zip's files under prefix, by name without the prefix.
func unzip(t *testing.T, path, prefix string) map[string][]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return zipEntries(t, b, prefix)
}

// TestStressOutdir is the long form CI runs through .ci/stress-outdir
// (ALTFORMATS_STRESS=1): 20 rounds of 30 concurrent mixed-format builds as
// processes, then 20 builds of the seed × 200 killed (SIGKILL) at random
// moments over an earlier complete set; only complete, byte-identical sets
// may remain, and the next build must succeed.
func TestStressOutdir(t *testing.T) {
	if os.Getenv("ALTFORMATS_STRESS") != "1" {
		t.Skip("set ALTFORMATS_STRESS=1 (or run .ci/stress-outdir) for the long stress run")
	}
	rounds, kills := 20, 20
	bin := buildBinary(t)
	src, ref := mixedContent(t)
	out := t.TempDir() // one folder for every round: each starts from the last one's sets
	for r := 0; r < rounds; r++ {
		start := time.Now()
		concurrentProcesses(t, bin, src, out, 30)
		completeSets(t, fmt.Sprintf("round %d", r), out, ref)
		t.Logf("round %d: 30 builds in %v", r, time.Since(start).Round(time.Millisecond))
		if t.Failed() {
			return
		}
	}

	big := t.TempDir()
	seed, err := os.ReadFile(filepath.Join(testutil.RepoRoot(t), "content", "ahp-mental-health.md"))
	if err != nil {
		t.Fatal(err)
	}
	front, body, ok := strings.Cut(string(seed[4:]), "\n---\n")
	if !ok {
		t.Fatal("seed has no front matter")
	}
	front = strings.Replace("---\n"+front, "slug: ahp-mental-health", "slug: seed-x200", 1)
	put(t, filepath.Join(big, "seed-x200.md"), front+"\n---\n"+strings.Repeat(body+"\n", 200))
	bigRef := referenceSets(t, big, "seed-x200")
	out = t.TempDir()
	start := time.Now()
	every := strings.Join(allFormats, ",")
	if b, err := exec.Command(bin, "build", big, "--out", out, "--formats", every).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, b)
	}
	whole := time.Since(start)
	t.Logf("seed × 200: one build takes %v", whole.Round(time.Millisecond))
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	finished := 0
	for k := 0; k < kills; k++ {
		// Half the builds write every format, half two of them (carrying
		// the rest over), so kills land in both kinds of swap.
		args := []string{"build", big, "--out", out, "--formats", every}
		if k%2 == 1 {
			args[len(args)-1] = formatsFor(k)
		}
		cmd := exec.Command(bin, args...)
		began := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		after := time.Duration(rng.Int63n(int64(whole)))
		time.Sleep(after)
		cmd.Process.Kill()
		if cmd.Wait() == nil {
			// It beat its kill: aim the next kills inside the quickest build seen.
			finished++
			whole = min(whole, time.Since(began))
		}
		completeSets(t, fmt.Sprintf("kill %d after %v", k, after.Round(time.Millisecond)), out, bigRef)
		if t.Failed() {
			return
		}
	}
	t.Logf("%d of %d builds finished before their kill", finished, kills)
	if b, err := exec.Command(bin, "build", big, "--out", out, "--formats", every).CombinedOutput(); err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, b)
	}
	completeSets(t, "after the kills", out, bigRef)
}

// zipEntries reads a zip's files under prefix, by name without the prefix.
func zipEntries(t *testing.T, b []byte, prefix string) map[string][]byte {
	t.Helper()
	_, files := testutil.Unzip(t, b)
	m := make(map[string][]byte, len(files))
	for name, data := range files {
		m[strings.TrimPrefix(name, prefix)] = data
	}
	return m
}
