//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package backup

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes a shared or exclusive flock on f without waiting, and
// reports false when another open file holds a conflicting one.
func lockFile(f *os.File, exclusive bool) (bool, error) {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}
