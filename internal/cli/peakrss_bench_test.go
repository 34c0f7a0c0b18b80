package cli_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/altformats/altformats/internal/testutil"
)

// BenchmarkPeakRSS runs `altformats build` on the seed × N, every format
// this machine can write, in a child process (the test binary re-executed
// as the CLI, with the CLI's own soft memory limit unless GOMEMLIMIT is set)
// and reports the child's peak resident memory (the kernel's maxrss: Go
// heap, runtime, mapped files and liblouis together) as peak-rss-MiB, with
// its CPU time: issue 16's "peak memory at most 256 MiB for the whole build"
// at N = 1000.
//
//	go test ./internal/cli -run '^$' -bench PeakRSS -benchtime 1x
func BenchmarkPeakRSS(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
			src := testutil.WriteSeed(b, b.TempDir(), n, fmt.Sprintf("seed-x%d", n), "Seed")
			var peak int64
			var cpu float64
			for i := 0; i < b.N; i++ {
				out := filepath.Join(b.TempDir(), "out")
				cmd := helperCmd(b, "build", src, "--out", out)
				var stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = nil, &stderr
				if err := cmd.Run(); err != nil {
					b.Fatalf("build: %v\n%s", err, tail(stderr.String(), 2000))
				}
				ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
				peak = max(peak, int64(ru.Maxrss)) // KiB on Linux
				cpu += (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
			}
			b.ReportMetric(float64(peak)/1024, "peak-rss-MiB")
			b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
		})
	}
}

// tail is the end of s, at most n bytes.
func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
