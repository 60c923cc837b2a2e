package id3_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/scrub-project/scrub/formats/internal/id3"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

// FuzzTag checks that no tag makes the reader panic or fail with anything
// but a limit, and that every tag it reads yields at least one finding
// (the handlers drop the tag whole: there must be something to say).
func FuzzTag(f *testing.F) {
	f.Add(hostile.ID3Tag(4, 0x10, cat(frame(4, "TIT2", 0, text("a")), frame(4, "CHAP", 0, cat([]byte("c\x00"), make([]byte, 16), frame(4, "TIT2", 0, text("b")))))))
	f.Add(hostile.ID3Tag(3, 0xc0, hostile.Unsynchronise(cat([]byte{0, 0, 0, 6, 0, 0, 0, 0, 0, 0}, frame(3, "APIC", 0, cat([]byte("\x00image/png\x00\x03\x00"), hostile.PNG("F")))))))
	f.Add(hostile.ID3Tag(2, 0, cat(frame(2, "TT2", 0, []byte("\x00t")), frame(2, "PIC", 0, []byte("\x00JPG\x03d\x00xx")))))
	f.Add(hostile.ID3Tag(4, 0, frame(4, "TPE1", 0x004b, cat([]byte{1, 2}, hostile.Syncsafe(3), hostile.Zlib([]byte("\x03abc"))))))
	f.Add(hostile.ID3Tag(3, 0, frame(3, "GEOB", 0, []byte("\x01a/b\x00\xff\xfen\x00\x00\x00\xff\xfed\x00\x00\x00data"))))
	f.Add(hostile.ID3v1("t", "a", "b", "1999", "c", 1, 2))
	reg := registry()
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx := context.Background()
		e := scrub.NewEnv(reg, scrub.Limits{MaxMemberSize: 1 << 20, MaxTotalSize: 8 << 20}, scrub.Policy{})
		if len(b) == id3.V1Len {
			id3.V1Findings(b, "v1")
		}
		h, ok := id3.ParseHeader(b)
		if !ok || h.Len() > int64(len(b)) {
			return
		}
		fs, err := id3.Findings(ctx, e, bytes.NewReader(b), 0, h, "tag")
		if err != nil && !errors.Is(err, scrub.ErrLimit) {
			t.Fatalf("Findings: %v", err)
		}
		if err == nil && !scrub.Removable(fs) {
			t.Fatal("a tag with nothing to say")
		}
		err = id3.Parts(ctx, e, bytes.NewReader(b), 0, h, "tag", func(p scrub.Part) error {
			_, err := io.Copy(io.Discard, p.R)
			return err
		})
		if err != nil && !errors.Is(err, scrub.ErrLimit) {
			t.Fatalf("Parts: %v", err)
		}
	})
}
