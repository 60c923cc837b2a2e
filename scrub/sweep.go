package scrub

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// sweeper removes temporary files that an earlier scrub run left behind
// when it was killed (SIGKILL, power loss): only files named by TempPrefix
// whose writing process is gone, once per folder per run.
type sweeper struct {
	mu   sync.Mutex
	done map[string]bool
}

func (s *sweeper) sweep(dir string) {
	s.mu.Lock()
	if s.done == nil {
		s.done = map[string]bool{}
	}
	if s.done[dir] {
		s.mu.Unlock()
		return
	}
	s.done[dir] = true
	s.mu.Unlock()
	SweepStale(dir)
}

// SweepStale removes scrub's own stale temporary files from dir: regular
// files named .scrub-tmp-PID-* where no process PID is running (or, on
// systems where that cannot be told, that are older than a day). It
// returns the paths removed. Nothing else is ever touched.
func SweepStale(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		rest, ok := strings.CutPrefix(name, TempPrefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		pidStr, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidStr)
		if !ok || err != nil || pid <= 0 {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		if pid == os.Getpid() || processAlive(pid, info.ModTime()) {
			continue
		}
		p := filepath.Join(dir, name)
		if os.Remove(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}
