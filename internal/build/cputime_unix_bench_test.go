//go:build unix

package build

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user + system) the whole test process has
// used. On a shared, busy machine wall time per op swings with everybody
// else's load; CPU time does not, so the benchmarks report both.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
