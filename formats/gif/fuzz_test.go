package gif_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/scrub-project/scrub/formats/gif"
	"github.com/scrub-project/scrub/scrub"
)

// FuzzGIF checks that no input makes the handler panic or hang, that
// Inspect, Clean and Parts refuse the same inputs, and that whatever Clean
// writes inspects as clean and cleans to itself.
func FuzzGIF(f *testing.F) {
	in, _ := dirty(f)
	f.Add(in)
	f.Add(encode(f, 3, 3, 1))
	f.Add(encode(f, 5, 2, 3))
	for _, tc := range malformedCases(f) {
		f.Add(tc.in)
	}
	h := gif.New()
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
