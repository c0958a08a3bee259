package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// ErrLocked is returned when another run holds the output directory.
var ErrLocked = errors.New("output directory is locked by another run")

// Lock is an exclusive hold on an output directory. It is an advisory flock on
// OUT/_state/lock: the kernel drops it when its process dies, so a lock left
// by a killed run is stale by construction and the next run takes it over.
type Lock struct {
	f *os.File
}

// AcquireLock takes the output directory's lock or fails at once with ErrLocked.
func AcquireLock(out string) (*Lock, error) {
	dir := filepath.Join(out, "_state")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(f.Name())
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (%s, pid %s)", ErrLocked, out, strings.TrimSpace(string(holder)))
		}
		return nil, err
	}
	// Record the holder for the message a second run prints.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

// Release gives the lock up.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
