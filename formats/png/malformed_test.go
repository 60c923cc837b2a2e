package png_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/scrub"
)

func malformedCases(t testing.TB) []struct {
	name string
	data []byte
	kind error
} {
	base := encode(t, 8, 8, 0)
	badIDAT := append([]byte(nil), base...)
	badIDAT[45] ^= 0x01 // a byte of IDAT data
	badText := afterIHDR(base, chunk("tEXt", []byte("Author\x00x")))
	badText[33+8] ^= 0x20 // "Author" -> "author": the CRC no longer matches
	huge := afterIHDR(base, chunk("tEXt", []byte("a\x00b")))
	binary.BigEndian.PutUint32(huge[33:], 0x80000000)
	past := afterIHDR(base, chunk("tEXt", []byte("a\x00b")))
	binary.BigEndian.PutUint32(past[33:], 1<<20)
	return []struct {
		name string
		data []byte
		kind error
	}{
		{"signature only", base[:8], scrub.ErrMalformed},
		{"cut in IHDR", base[:20], scrub.ErrMalformed},
		{"cut in IDAT", base[:50], scrub.ErrMalformed},
		{"no IEND", base[:len(base)-12], scrub.ErrMalformed},
		{"bad CRC in IDAT", badIDAT, scrub.ErrMalformed},
		{"bad CRC in a text chunk", badText, scrub.ErrMalformed},
		{"length over 2^31", huge, scrub.ErrMalformed},
		{"length past the end", past, scrub.ErrMalformed},
		{"no IDAT", append(append([]byte(nil), base[:33]...), chunk("IEND", nil)...), scrub.ErrMalformed},
		{"no IHDR", append([]byte("\x89PNG\r\n\x1a\n"), base[33:]...), scrub.ErrMalformed},
		{"IHDR too short", append(append([]byte("\x89PNG\r\n\x1a\n"), chunk("IHDR", []byte{0, 0, 0, 1})...), base[33:]...), scrub.ErrMalformed},
		{"two IHDR", afterIHDR(base, base[8:33]), scrub.ErrMalformed},
		{"invalid chunk type", afterIHDR(base, chunk("te1t", nil)), scrub.ErrMalformed},
		{"unknown critical chunk", afterIHDR(base, chunk("ABCD", nil)), scrub.ErrUnsupported},
		{"Apple CgBI", append(append([]byte("\x89PNG\r\n\x1a\n"), chunk("CgBI", []byte{0x50, 0, 0x20, 6})...), base[8:]...), scrub.ErrUnsupported},
	}
}

func TestMalformed(t *testing.T) {
	h := png.New()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	for _, tc := range malformedCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			r := bytes.NewReader(tc.data)
			if _, err := h.Inspect(context.Background(), env, r, int64(len(tc.data))); !errors.Is(err, tc.kind) {
				t.Errorf("Inspect: %v, want %v", err, tc.kind)
			}
			_, err := h.Clean(context.Background(), env, r, int64(len(tc.data)), new(bytes.Buffer))
			if !errors.Is(err, tc.kind) {
				t.Errorf("Clean: %v, want %v", err, tc.kind)
			}
			var fe *scrub.FormatError
			if !errors.As(err, &fe) || fe.Reason == "" {
				t.Errorf("error %v carries no reason", err)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	in := afterIHDR(encode(t, 8, 8, 0), chunk("tEXt", bytes.Repeat([]byte("x"), 5000)))
	env := scrub.NewEnv(registry(), scrub.Limits{MaxMemberSize: 4096}, scrub.Policy{})
	if _, err := png.New().Inspect(context.Background(), env, bytes.NewReader(in), int64(len(in))); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("chunk over the member size: %v, want a limit error", err)
	}
	in = encode(t, 8, 8, 0)
	for range 30 {
		in = afterIHDR(in, chunk("tEXt", []byte("a\x00b")))
	}
	env = scrub.NewEnv(registry(), scrub.Limits{MaxMembers: 10}, scrub.Policy{})
	if _, err := png.New().Inspect(context.Background(), env, bytes.NewReader(in), int64(len(in))); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("too many chunks: %v, want a limit error", err)
	}
}

// A zTXt that inflates to far more than its size is read only as far as
// Inspect needs, and charged to the input's budget.
func TestTextBomb(t *testing.T) {
	bomb := deflate(bytes.Repeat([]byte("A"), 20<<20))
	in := afterIHDR(encode(t, 8, 8, 0), chunk("zTXt", append([]byte("Comment\x00\x00"), bomb...)))
	env := scrub.NewEnv(registry(), scrub.Limits{MaxTotalSize: 4 << 20}, scrub.Policy{})
	if _, err := png.New().Inspect(context.Background(), env, bytes.NewReader(in), int64(len(in))); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("Inspect: %v, want a limit error", err)
	}
	// Clean does not inflate what it drops.
	env = scrub.NewEnv(registry(), scrub.Limits{MaxTotalSize: 4 << 20}, scrub.Policy{})
	if _, err := png.New().Clean(context.Background(), env, bytes.NewReader(in), int64(len(in)), new(bytes.Buffer)); err != nil {
		t.Errorf("Clean: %v", err)
	}
}
