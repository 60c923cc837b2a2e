package ogg_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/ogg"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

type malformedCase struct {
	name string
	data []byte
	kind error
}

func malformedCases() []malformedCase {
	opus := hostile.Opus("M")
	ps := hostile.OggStream(7, 2, 960, 8, append([][]byte{hostile.OpusHead(1), hostile.OpusTags("v")}, hostile.OpusSilence(20)...)...)
	gap := append([]hostile.OggPage(nil), ps...)
	gap[1].Seq = 5 // a page missing in the headers
	audioFirst := append([]hostile.OggPage(nil), ps...)
	audioFirst[1].Lacing = append(append([]byte(nil), ps[1].Lacing...), 1)
	audioFirst[1].Body = append(append([]byte(nil), ps[1].Body...), 0xf8) // audio shares the tags' page
	afterEOS := append([]hostile.OggPage(nil), ps...)
	afterEOS[3].Flags |= 4
	cs := []malformedCase{
		{"capture pattern only", []byte("OggS"), scrub.ErrMalformed},
		{"cut in the first page", opus[:20], scrub.ErrMalformed},
		{"cut in the headers", opus[:200], scrub.ErrMalformed},
		{"version 1", append([]byte("OggS\x01"), opus[5:]...), scrub.ErrMalformed},
		{"undefined flags", append(append([]byte("OggS\x00"), 0x0a), opus[6:]...), scrub.ErrMalformed},
		{"page missing in the headers", hostile.OggBytes(gap...), scrub.ErrMalformed},
		{"audio on the tags' page", hostile.OggBytes(audioFirst...), scrub.ErrMalformed},
		{"a page after the last page", hostile.OggBytes(afterEOS...), scrub.ErrMalformed},
		{"OpusHead of version 2", hostile.OggBytes(hostile.OggStream(7, 2, 960, 64, append([]byte("OpusHead\x20"), make([]byte, 10)...), hostile.OpusTags("v"))...), scrub.ErrUnsupported},
		{"Speex with extra headers", hostile.OggBytes(hostile.OggStream(7, 2, 0, 64, append(append([]byte("Speex   "), make([]byte, 60)...), 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), hostile.VorbisComment("v"))...), scrub.ErrUnsupported},
	}
	for _, c := range hostile.Cases() {
		if strings.HasPrefix(c.Name, "ogg-") && c.Planted == nil {
			kind := scrub.ErrMalformed
			if c.Name == "ogg-skeleton" {
				kind = scrub.ErrUnsupported
			}
			cs = append(cs, malformedCase{c.Name, c.Bytes(), kind})
		}
	}
	return cs
}

func TestMalformed(t *testing.T) {
	h := ogg.New()
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
	c, _ := hostile.ByName("ogg-endless-comment")
	in := c.Bytes()
	env := scrub.NewEnv(registry(), scrub.Limits{MaxMemberSize: 1 << 20}, scrub.Policy{})
	if _, err := ogg.New().Inspect(context.Background(), env, bytes.NewReader(in), int64(len(in))); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("comment header over the member size: %v, want a limit error", err)
	}
	many := hostile.OggBytes(hostile.OggStream(7, 2, 960, 64, hostile.OpusHead(1),
		hostile.OpusTags("v", strings.Split(strings.Repeat("A=b,", 50), ",")...))...)
	env = scrub.NewEnv(registry(), scrub.Limits{MaxMembers: 10}, scrub.Policy{})
	if _, err := ogg.New().Inspect(context.Background(), env, bytes.NewReader(many), int64(len(many))); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("too many comments: %v, want a limit error", err)
	}
	var streams []byte
	for i := range 20 {
		streams = append(streams, hostile.OggBytes(hostile.OggStream(uint32(i), 2, 960, 64, hostile.OpusHead(1), hostile.OpusTags("v"))...)...)
	}
	if _, err := ogg.New().Inspect(context.Background(), env, bytes.NewReader(streams), int64(len(streams))); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("too many streams: %v, want a limit error", err)
	}
}

// TestQueueBound: a stream whose headers never end does not make the
// pages of the others pile up in memory.
func TestQueueBound(t *testing.T) {
	a := hostile.OggStream(1, 2, 960, 64, hostile.OpusHead(1))[0] // its tags never come
	a.Flags &^= 4
	var packets [][]byte
	for range 3000 {
		packets = append(packets, bytes.Repeat([]byte{0xf8}, 100))
	}
	b := hostile.OggStream(2, 2, 960, 4000, append([][]byte{hostile.OpusHead(1), hostile.OpusTags("v")}, packets...)...)
	ps := []hostile.OggPage{a, b[0]}
	ps = append(ps, b[1:]...)
	in := hostile.OggBytes(ps...)
	env := scrub.NewEnv(registry(), scrub.Limits{MaxMemberSize: 1 << 20}, scrub.Policy{})
	if _, err := ogg.New().Clean(context.Background(), env, bytes.NewReader(in), int64(len(in)), new(bytes.Buffer)); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("Clean: %v, want a limit error", err)
	}
	if _, err := ogg.New().Inspect(context.Background(), env, bytes.NewReader(in), int64(len(in))); !errors.Is(err, scrub.ErrMalformed) {
		t.Errorf("Inspect: %v, want the headers that never end", err)
	}
}

// TestGenerated checks the builders the hostile set uses: the sample
// cleans, with its planted values gone, and ffmpeg decodes it the same.
func TestGenerated(t *testing.T) {
	in := hostile.Opus("OGEN")
	out, _, _ := cleanBytes(t, in)
	checkClean(t, "in.opus", in, out, "OGEN-ARTIST", "OGEN-VENDOR", "OGEN-ENCODER", "OGEN-PICDESC", "OGEN-COVER-AUTHOR")
	sameMedia(t, t.TempDir(), ".opus", in, out)
}
