package wav_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/scrub-project/scrub/formats/wav"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

// FuzzWAV checks that no input makes the handler panic, that Inspect and
// Clean agree on what they refuse, and that whatever it cleans inspects as
// clean and cleans to itself.
func FuzzWAV(f *testing.F) {
	f.Add(hostile.WAV("F"))
	fmtData := hostile.WAVFmt
	d := make([]byte, 64)
	f.Add(hostile.WAVFile(chunk("fmt ", fmtData), chunk("cue ", cue()), chunk("smpl", smpl(1, 2, 3, []byte("v"))), chunk("inst", inst),
		chunk("acid", acid), chunk("data", d), chunk("LIST", adtl()), chunk("cart", cart()[:700]), chunk("bext", bext()), []byte("tail")))
	f.Add(rf64(f, chunk("ds64", make([]byte, 28)), chunk("fmt ", fmtData), chunk("data", d)))
	for _, tc := range malformedCases(f) {
		if len(tc.data) < 8<<10 {
			f.Add(tc.data)
		}
	}
	h := wav.New()
	reg := registry()
	f.Fuzz(func(t *testing.T, in []byte) {
		env := scrub.NewEnv(reg, scrub.Limits{MaxMembers: 1000, MaxMemberSize: 1 << 20, MaxTotalSize: 16 << 20}, scrub.Policy{})
		ctx := context.Background()
		id, err := h.Identify(in[:min(len(in), 4096)], bytes.NewReader(in), int64(len(in)))
		if err != nil && !errors.Is(err, scrub.ErrUnsupported) {
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
		if id != "wav" {
			t.Fatalf("cleaned content that Identify does not claim")
		}
		clean := out.Bytes()
		if got, _ := h.Identify(clean[:min(len(clean), 4096)], bytes.NewReader(clean), int64(len(clean))); got != "wav" {
			t.Fatalf("the cleaned output is not identified as WAV")
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
		if err := h.(scrub.PartLister).Parts(ctx, env, bytes.NewReader(in), int64(len(in)), func(p scrub.Part) error {
			_, err := io.Copy(io.Discard, p.R)
			return err
		}); err != nil && !errors.Is(err, scrub.ErrLimit) {
			t.Fatalf("Parts: %v", err)
		}
	})
}
