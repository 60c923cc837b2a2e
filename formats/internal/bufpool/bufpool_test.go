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
