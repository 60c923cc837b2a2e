// Package bufpool keeps large byte buffers for reuse.
//
// Pictures are read whole, cleaned and written, one after the other: a
// fresh buffer for each cost more than the cleaning itself (the kernel
// hands out and zeroes new pages, the collector gives them back). Buffers
// come in power-of-two classes from 64 KiB to 64 MiB. At most maxHeld
// bytes wait for reuse, so that memory stays bounded (a sync.Pool keeps
// whatever was put back until two collections pass, which cost a hundred
// megabytes on a folder of photo-heavy documents).
package bufpool

import (
	"math/bits"
	"sync"
)

const (
	minClass = 16
	maxClass = 26
	maxHeld  = 32 << 20
)

var (
	mu   sync.Mutex
	free [maxClass + 1][][]byte
	held int
)

// Get returns an empty slice with room for at least n bytes.
func Get(n int) []byte {
	c := max(minClass, bits.Len(uint(max(n-1, 0))))
	if c > maxClass {
		return make([]byte, 0, n)
	}
	mu.Lock()
	if l := free[c]; len(l) > 0 {
		b := l[len(l)-1]
		l[len(l)-1] = nil
		free[c] = l[:len(l)-1]
		held -= cap(b)
		mu.Unlock()
		return b[:0]
	}
	mu.Unlock()
	return make([]byte, 0, 1<<c)
}

// Put gives b back for reuse. b must not be used after.
func Put(b []byte) {
	c := bits.Len(uint(cap(b))) - 1
	if c < minClass || c > maxClass || cap(b) != 1<<c {
		return
	}
	mu.Lock()
	if held+cap(b) <= maxHeld {
		free[c] = append(free[c], b[:0])
		held += cap(b)
	}
	mu.Unlock()
}
