package flac_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/flac"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

type malformedCase struct {
	name string
	data []byte
	kind error
}

func malformedCases() []malformedCase {
	si := hostile.FLACStreamInfo(1, 4)
	frames := hostile.FLACFrames(1, 4)
	file := func(bs ...hostile.FLACBlock) []byte {
		return hostile.FLACFile(append([]hostile.FLACBlock{{Type: 0, Data: si}}, bs...), frames)
	}
	n := len(frames) / 4
	flip := append([]byte(nil), frames...)
	flip[n+n/2] ^= 0x10 // a byte inside the second frame
	cs := []malformedCase{
		{"signature only", []byte("fLaC"), scrub.ErrMalformed},
		{"cut in STREAMINFO", file()[:20], scrub.ErrMalformed},
		{"STREAMINFO too short", hostile.FLACFile([]hostile.FLACBlock{{Type: 0, Data: si[:20]}}, frames), scrub.ErrMalformed},
		{"two STREAMINFO", file(hostile.FLACBlock{Type: 0, Data: si}), scrub.ErrMalformed},
		{"two SEEKTABLE", file(hostile.FLACBlock{Type: 3}, hostile.FLACBlock{Type: 3}), scrub.ErrMalformed},
		{"SEEKTABLE of 17 bytes", file(hostile.FLACBlock{Type: 3, Data: make([]byte, 17)}), scrub.ErrMalformed},
		{"block type 127", file(hostile.FLACBlock{Type: 127}), scrub.ErrMalformed},
		{"bad ID3v2 header", append([]byte("ID3\x03\x00\x00\x80\x00\x00\x00"), file()...), scrub.ErrMalformed},
		{"picture fields past the end", file(hostile.FLACBlock{Type: 6, Data: []byte{0, 0, 0, 3, 0, 0, 1, 0}}), scrub.ErrMalformed},
		{"damaged frame", hostile.FLACFile([]hostile.FLACBlock{{Type: 0, Data: si}}, flip), scrub.ErrMalformed},
		{"a frame after junk after the audio", hostile.FLACFile([]hostile.FLACBlock{{Type: 0, Data: si}}, append(append(append([]byte(nil), frames...), "junk"...), frames[:n]...)), scrub.ErrMalformed},
		{"wrong channel count in the frames", hostile.FLACFile([]hostile.FLACBlock{{Type: 0, Data: si}}, hostile.FLACFrames(2, 4)), scrub.ErrMalformed},
	}
	for _, c := range hostile.Cases() {
		if strings.HasPrefix(c.Name, "flac-") && c.Planted == nil {
			kind := scrub.ErrMalformed
			switch c.Name {
			case "flac-unknown-block":
				kind = scrub.ErrUnsupported
			case "flac-many-blocks":
				kind = scrub.ErrLimit
			}
			cs = append(cs, malformedCase{c.Name, c.Bytes(), kind})
		}
	}
	return cs
}

func TestMalformed(t *testing.T) {
	h := flac.New()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	for _, tc := range malformedCases() {
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
	big := hostile.FLACFile([]hostile.FLACBlock{{Type: 0, Data: hostile.FLACStreamInfo(1, 2)},
		{Type: 4, Data: hostile.VorbisComment("v", "ARTIST="+strings.Repeat("x", 5000))}}, hostile.FLACFrames(1, 2))
	env := scrub.NewEnv(registry(), scrub.Limits{MaxMemberSize: 4096}, scrub.Policy{})
	if _, err := flac.New().Inspect(context.Background(), env, bytes.NewReader(big), int64(len(big))); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("comment block over the member size: %v, want a limit error", err)
	}
	many := hostile.FLACFile([]hostile.FLACBlock{{Type: 0, Data: hostile.FLACStreamInfo(1, 2)},
		{Type: 4, Data: hostile.VorbisComment("v", strings.Split(strings.Repeat("A=b,", 50), ",")...)}}, hostile.FLACFrames(1, 2))
	env = scrub.NewEnv(registry(), scrub.Limits{MaxMembers: 10}, scrub.Policy{})
	if _, err := flac.New().Inspect(context.Background(), env, bytes.NewReader(many), int64(len(many))); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("too many comments: %v, want a limit error", err)
	}
}

// TestGenerated checks the builders the hostile set uses: their FLAC
// decodes, and its sample cleans with the planted values gone.
func TestGenerated(t *testing.T) {
	in := hostile.FLAC("FGEN")
	out, fs, _ := cleanBytes(t, in)
	checkClean(t, in, out, "FGEN-ARTIST", "FGEN-VENDOR", "FGEN-COVER-AUTHOR", "FGEN-APP")
	if len(fs) == 0 {
		t.Error("no findings")
	}
	sameAudio(t, t.TempDir(), in, out)
}
