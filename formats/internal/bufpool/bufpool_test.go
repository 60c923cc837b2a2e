package bufpool

import "testing"

func TestGetPut(t *testing.T) {
	for _, n := range []int{0, 1, 1 << 16, 1<<16 + 1, 3 << 20, 1 << 26} {
		b := Get(n)
		if len(b) != 0 || cap(b) < n {
			t.Fatalf("Get(%d): len %d cap %d", n, len(b), cap(b))
		}
		Put(append(b, 1, 2, 3))
	}
	// Larger than the largest class: a plain slice, never kept.
	b := Get(1<<26 + 1)
	if cap(b) < 1<<26+1 {
		t.Fatalf("cap %d", cap(b))
	}
	Put(b)
	// A slice whose capacity is not a class is not kept either.
	Put(make([]byte, 0, 100000))
	if b := Get(100000); cap(b) != 1<<17 {
		t.Errorf("Get(100000): cap %d, want %d", cap(b), 1<<17)
	}
}

// What waits for reuse stays under maxHeld.
func TestHeldBounded(t *testing.T) {
	var bs [][]byte
	for range 20 {
		bs = append(bs, Get(5<<20))
	}
	for _, b := range bs {
		Put(b)
	}
	mu.Lock()
	h := held
	mu.Unlock()
	if h > maxHeld {
		t.Fatalf("%d bytes held, more than %d", h, maxHeld)
	}
	if h == 0 {
		t.Fatal("nothing was kept for reuse")
	}
}
