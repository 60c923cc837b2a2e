// Package bufpool keeps large byte buffers for reuse.
//
// Pictures are read whole, cleaned and written, one after the other: a
// fresh buffer for each cost more than the cleaning itself (the kernel
// hands out and zeroes new pages, the collector gives them back). Buffers
// are kept in power-of-two classes from 64 KiB to 64 MiB; larger ones are
// not kept.
package bufpool

import (
	"math/bits"
	"sync"
)

const (
	minClass = 16
	maxClass = 26
)

var pools [maxClass + 1]sync.Pool

// Get returns an empty slice with room for at least n bytes.
func Get(n int) []byte {
	c := max(minClass, bits.Len(uint(max(n-1, 0))))
	if c > maxClass {
		return make([]byte, 0, n)
	}
	if p, ok := pools[c].Get().(*[]byte); ok {
		return (*p)[:0]
	}
	return make([]byte, 0, 1<<c)
}

// Put gives b back for reuse. b must not be used after.
func Put(b []byte) {
	c := bits.Len(uint(cap(b))) - 1
	if c < minClass || c > maxClass || cap(b) != 1<<c {
		return
	}
	b = b[:0]
	pools[c].Put(&b)
}
