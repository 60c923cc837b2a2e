package isobmff_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/scrub-project/scrub/formats/isobmff"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

// FuzzISOBMFF checks that no input makes the handler panic, hang or fail
// with an error that is not a refusal, that Inspect and Clean agree on
// what they refuse, and that whatever it cleans inspects as clean,
// cleans to itself and lists its parts.
func FuzzISOBMFF(f *testing.F) {
	mp4, _ := plantMovie(f, syntheticMovie(false), movieOptions{layout: "head"})
	mov, _ := plantMovie(f, syntheticMovie(true), movieOptions{qt: true, layout: "tail"})
	c := codedPicture(f, false, false)
	heic, _ := plantHEIF(f, c, false, heifOptions{exifIn: "idat", ilocV: 1, offSize: 4, freeInIpco: true})
	avif, _ := plantHEIF(f, codedPicture(f, true, false), true, heifOptions{exifIn: "eof", ilocV: 2, offSize: 8, useBase: true, wideIpma: true})
	for _, b := range [][]byte{syntheticMovie(false), syntheticMovie(true), mp4, mov, heic, avif, hostile.MP4("F"), hostile.HEIC("F"),
		cat(heic, box("mpvd", syntheticMovie(false)))} {
		f.Add(b)
	}
	h := isobmff.New()
	reg := registry()
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > 1<<20 {
			return
		}
		env := scrub.NewEnv(reg, scrub.Limits{MaxMembers: 2000, MaxMemberSize: 1 << 20, MaxTotalSize: 16 << 20}, scrub.Policy{})
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
		if ierr != nil {
			t.Fatalf("Clean succeeded but Inspect failed: %v", ierr)
		}
		clean := out.Bytes()
		fs, err := h.Inspect(ctx, env, bytes.NewReader(clean), int64(len(clean)))
		if err != nil {
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
		err = h.(scrub.PartLister).Parts(ctx, env, bytes.NewReader(clean), int64(len(clean)), func(p scrub.Part) error {
			_, err := io.Copy(io.Discard, p.R)
			return err
		})
		if err != nil && !errors.Is(err, scrub.ErrLimit) {
			t.Fatalf("Parts of the cleaned output: %v", err)
		}
	})
}
