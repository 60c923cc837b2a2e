//go:build unix

package scrub_test

import "syscall"

func mkfifo(path string) { syscall.Mkfifo(path, 0o600) }
