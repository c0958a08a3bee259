package main

import (
	"os"
	"syscall"
)

// maxRSS returns a finished child's peak resident set size in bytes
// (getrusage reports kilobytes on Linux).
func maxRSS(ps *os.ProcessState) int64 {
	if ps == nil {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) * 1024
	}
	return 0
}
