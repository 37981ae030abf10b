//go:build unix

package benchdata

import (
	"syscall"
	"time"
)

// CPUTime is the user and system CPU time this process has used. On a
// machine shared with other processes it measures the work done, where the
// wall clock also counts the time others had the CPU.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
