package mp3_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/scrub-project/scrub/formats/mp3"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

// FuzzMP3 checks that no input makes the handler panic, that Inspect and
// Clean agree on what they refuse, and that whatever it cleans identifies
// as MP3, inspects as clean and cleans to itself.
func FuzzMP3(f *testing.F) {
	f.Add(cat(hostile.ID3Tag(3, 0, frame(3, "TIT2", 0, text16("t"))), hostile.MP3Silence(3),
		hostile.APEv2(hostile.APEItem{Key: "Artist", Value: []byte("a")}), hostile.ID3v1("a", "b", "c", "d", "e", 1, 2)))
	f.Add(cat(v24Tag(false)[:200], hostile.MP3Silence(2)))
	f.Add(cat(v22Tag(), hostile.MP3Silence(3), tail()))
	f.Add(cat(hostile.ID3Tag(4, 0x10, frame(4, "TIT2", 0, text("t"))), hostile.MP3Silence(2), []byte("junk"), hostile.MP3Silence(2),
		hostile.ID3Tag(4, 0x10, frame(4, "TIT2", 0, text("t")))))
	f.Add(cat(hostile.MP3Silence(2), hostile.Lyrics3v2([2]string{"EAR", "x"}), hostile.ID3v1("a", "b", "c", "d", "e", 1, 2)))
	f.Add(cat(hostile.MP3Silence(1), []byte("LYRICSBEGINxxLYRICSEND"), hostile.ID3v1("a", "b", "c", "d", "e", 1, 2)))
	for _, tc := range malformedCases(f) {
		if len(tc.data) < 8<<10 { // small seeds mutate and minimise faster
			f.Add(tc.data)
		}
	}
	h := mp3.New()
	reg := registry()
	f.Fuzz(func(t *testing.T, in []byte) {
		env := scrub.NewEnv(reg, scrub.Limits{MaxMembers: 1000, MaxMemberSize: 1 << 20, MaxTotalSize: 16 << 20}, scrub.Policy{})
		ctx := context.Background()
		if _, err := h.Identify(in[:min(len(in), 4096)], bytes.NewReader(in), int64(len(in))); err != nil {
			t.Fatalf("Identify: %v", err)
		}
		_, ierr := h.Inspect(ctx, env, bytes.NewReader(in), int64(len(in)))
		var out bytes.Buffer
		_, cerr := h.Clean(ctx, env, bytes.NewReader(in), int64(len(in)), &out)
		if cerr != nil {
			if !scrub.Refused(cerr) {
				t.Fatalf("Clean failed with an error that is not a refusal: %v", cerr)
			}
			if ierr == nil {
				t.Fatalf("Inspect succeeded but Clean failed: %v", cerr)
			}
			return
		}
		if ierr != nil && !errors.Is(ierr, scrub.ErrLimit) {
			t.Fatalf("Clean succeeded but Inspect failed: %v", ierr)
		}
		clean := out.Bytes()
		if got, _ := h.Identify(clean[:min(len(clean), 4096)], bytes.NewReader(clean), int64(len(clean))); got != "mp3" {
			t.Fatalf("the cleaned output is not identified as MP3")
		}
		fs, err := h.Inspect(ctx, env, bytes.NewReader(clean), int64(len(clean)))
		if err != nil && !errors.Is(err, scrub.ErrLimit) {
			t.Fatalf("Inspect of the cleaned output: %v", err)
		}
		if scrub.Removable(fs) {
			t.Fatalf("cleaned output has removable findings: %+v", fs)
		}
		var again bytes.Buffer
		if _, err := h.Clean(ctx, env, bytes.NewReader(clean), int64(len(clean)), &again); err != nil {
			t.Fatalf("Clean of the cleaned output: %v", err)
		}
		if !bytes.Equal(clean, again.Bytes()) {
			t.Fatal("cleaning the cleaned output changed it")
		}
		if err := h.(scrub.PartLister).Parts(ctx, env, bytes.NewReader(in), int64(len(in)), func(p scrub.Part) error {
			_, err := io.Copy(io.Discard, p.R)
			return err
		}); err != nil && !errors.Is(err, scrub.ErrLimit) {
			t.Fatalf("Parts: %v", err)
		}
	})
}
