package webp_test

import (
	"bytes"
	"context"
	"encoding/binary"

	"io"
	"testing"

	"github.com/scrub-project/scrub/formats/webp"
	"github.com/scrub-project/scrub/scrub"
)

// FuzzWebP checks that no input makes the handler panic or hang, that
// Inspect, Clean and Parts agree on what they refuse, and that whatever
// Clean writes is a valid container that inspects as clean and cleans to
// itself.
func FuzzWebP(f *testing.F) {
	in, _ := dirty()
	f.Add(in)
	f.Add(riff(ck("VP8L", tinyVP8L)))
	f.Add(riff(vp8x(0x02, 1, 1), ck("ANIM", make([]byte, 6)), ck("ANMF", append(make([]byte, 16), ck("VP8L", tinyVP8L)...))))
	f.Add(riff(vp8x(0x08, 1, 1), ck("VP8L", tinyVP8L), ck("EXIF", exifBlock("F", binary.LittleEndian))))
	h := webp.New()
	reg := registry()
	f.Fuzz(func(t *testing.T, in []byte) {
		env := scrub.NewEnv(reg, scrub.Limits{MaxMembers: 1000, MaxMemberSize: 1 << 20, MaxTotalSize: 16 << 20}, scrub.Policy{})
		ctx := context.Background()
		if _, err := h.Identify(in[:min(len(in), 4096)], bytes.NewReader(in), int64(len(in))); err != nil {
			t.Fatalf("Identify: %v", err)
		}
		_, ierr := h.Inspect(ctx, env, bytes.NewReader(in), int64(len(in)))
		perr := h.(scrub.PartLister).Parts(ctx, env, bytes.NewReader(in), int64(len(in)), func(p scrub.Part) error {
			_, err := io.Copy(io.Discard, p.R)
			return err
		})
		var out bytes.Buffer
		_, cerr := h.Clean(ctx, env, bytes.NewReader(in), int64(len(in)), &out)
		if (ierr == nil) != (cerr == nil) || (perr == nil) != (cerr == nil) {
			t.Fatalf("Inspect: %v, Parts: %v, Clean: %v", ierr, perr, cerr)
		}
		if cerr != nil {
			if !scrub.Refused(cerr) {
				t.Fatalf("Clean failed with an error that is not a refusal: %v", cerr)
			}
			return
		}
		clean := out.Bytes()
		if n := binary.LittleEndian.Uint32(clean[4:]); int(n) != len(clean)-8 {
			t.Fatalf("RIFF size %d for %d bytes", n, len(clean))
		}
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
	})
}
