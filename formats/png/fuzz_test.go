package png_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/scrub"
)

// FuzzPNG checks that no input makes the handler panic, and that whatever
// it cleans inspects as clean and cleans to itself.
func FuzzPNG(f *testing.F) {
	f.Add(encode(f, 4, 4, 0))
	f.Add(dirty(f, 6))
	f.Add(dirty(f, 1))
	for _, tc := range malformedCases(f) {
		f.Add(tc.data)
	}
	h := png.New()
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
		if ierr != nil && !errorsIsLimit(ierr) {
			t.Fatalf("Clean succeeded but Inspect failed: %v", ierr)
		}
		clean := out.Bytes()
		fs, err := h.Inspect(ctx, env, bytes.NewReader(clean), int64(len(clean)))
		if err != nil && !errorsIsLimit(err) {
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

func errorsIsLimit(err error) bool { return errors.Is(err, scrub.ErrLimit) }
