package jpeg_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/scrub"
)

// malformedCases are damaged JPEGs, each with the error kind scrub must
// return.
func malformedCases(t testing.TB) []struct {
	name string
	data []byte
	kind error
} {
	base := encode(t, 16, 16, "")
	sos := bytes.Index(base, []byte{0xff, 0xda})
	return []struct {
		name string
		data []byte
		kind error
	}{
		{"only SOI", []byte{0xff, 0xd8, 0xff}, scrub.ErrMalformed},
		{"cut in a marker", base[:3], scrub.ErrMalformed},
		{"cut in a length", base[:5], scrub.ErrMalformed},
		{"segment past the end", []byte{0xff, 0xd8, 0xff, 0xe1, 0xff, 0xf0, 'E', 'x'}, scrub.ErrMalformed},
		{"length below 2", []byte{0xff, 0xd8, 0xff, 0xe1, 0x00, 0x01, 0xff, 0xd9}, scrub.ErrMalformed},
		{"cut in a segment", base[:sos-3], scrub.ErrMalformed},
		{"cut in the scan", base[:len(base)-200], scrub.ErrMalformed},
		{"no EOI", base[:len(base)-2], scrub.ErrMalformed},
		{"0xFF at the end", append(append([]byte(nil), base[:len(base)-2]...), 0xff), scrub.ErrMalformed},
		{"no SOS", append(append([]byte(nil), base[:sos]...), 0xff, 0xd9), scrub.ErrMalformed},
		{"SOS before SOF", []byte{0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0x00, 0xff, 0xd9}, scrub.ErrMalformed},
		{"second SOI", afterSOI(base, []byte{0xff, 0xd8}), scrub.ErrMalformed},
		{"reserved marker", afterSOI(base, []byte{0xff, 0x05, 0x00, 0x02}), scrub.ErrMalformed},
		{"JPEG-LS", afterSOI(base, []byte{0xff, 0xf7, 0x00, 0x02}), scrub.ErrUnsupported},
	}
}

func TestMalformed(t *testing.T) {
	h := jpeg.New()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	for _, tc := range malformedCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			r := bytes.NewReader(tc.data)
			_, err := h.Inspect(context.Background(), env, r, int64(len(tc.data)))
			if !errors.Is(err, tc.kind) {
				t.Errorf("Inspect: %v, want %v", err, tc.kind)
			}
			var w bytes.Buffer
			_, err = h.Clean(context.Background(), env, r, int64(len(tc.data)), &w)
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

func TestTooManySegments(t *testing.T) {
	in := encode(t, 8, 8, "")
	for range 20 {
		in = afterSOI(in, seg(0xfe, []byte("x")))
	}
	env := scrub.NewEnv(registry(), scrub.Limits{MaxMembers: 10}, scrub.Policy{})
	_, err := jpeg.New().Inspect(context.Background(), env, bytes.NewReader(in), int64(len(in)))
	if !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("Inspect: %v, want a limit error", err)
	}
}

// Damaged entropy-coded data (a code that is no marker after 0xFF) is kept
// as it is, as libjpeg does when it resynchronises.
func TestDamagedScan(t *testing.T) {
	base := encode(t, 16, 16, "")
	sos := bytes.Index(base, []byte{0xff, 0xda})
	n := int(base[sos+2])<<8 | int(base[sos+3])
	at := sos + 2 + n + 10
	in := append(append(append([]byte(nil), base[:at]...), 0xff, 0xff, 0x9f), base[at:]...)
	out, _ := cleanBytes(t, in)
	if !bytes.Equal(in, out) {
		t.Error("a damaged scan was changed")
	}
}

func cleanBytes(t testing.TB, in []byte) ([]byte, error) {
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	var w bytes.Buffer
	_, err := jpeg.New().Clean(context.Background(), env, bytes.NewReader(in), int64(len(in)), &w)
	return w.Bytes(), err
}
