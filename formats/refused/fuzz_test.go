package refused

import (
	"bytes"
	"testing"

	"github.com/scrub-project/scrub/internal/hostile"
)

// FuzzCFB runs the compound-file directory reader (legacy Office files,
// password-protected Office files) on mutated inputs: it must never
// panic, never loop, and never return more names than its bound. The
// seeds are the compound files of the hostile set.
func FuzzCFB(f *testing.F) {
	for _, c := range hostile.Cases() {
		if b := c.Bytes(); !c.Large && len(b) <= 64<<10 && bytes.HasPrefix(b, cfbMagic) {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		names, err := cfbNames(bytes.NewReader(data), int64(len(data)))
		if err != nil && names != nil {
			t.Fatalf("names and an error: %v", err)
		}
		if len(names) > maxEntries {
			t.Fatalf("%d names, more than the bound %d", len(names), maxEntries)
		}
		if _, err := (handler{}).Identify(data[:min(len(data), 4096)], bytes.NewReader(data), int64(len(data))); err != nil {
			_ = err // refusals are fine; a panic is not
		}
	})
}
