package matroska_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/scrub-project/scrub/formats/matroska"
	"github.com/scrub-project/scrub/scrub"
)

// FuzzMatroska checks that no input makes the handler panic, hang or
// allocate without bound, that Inspect, Clean and Parts refuse the same
// inputs, and that whatever Clean writes inspects as clean and cleans to
// itself.
func FuzzMatroska(f *testing.F) {
	for _, fx := range []fixture{{prefix: "F", clusters: 1}, {prefix: "F", clusters: 2, unknown: true, webm: true}, {prefix: "F", clusters: 1, clean: true}} {
		in, _ := fx.build()
		f.Add(in)
	}
	for _, tc := range hostileCases(f) {
		f.Add(tc.in)
	}
	h := matroska.New()
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
