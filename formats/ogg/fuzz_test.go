package ogg_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/scrub-project/scrub/formats/ogg"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

// FuzzOgg checks that no input makes the handler panic or hang, that
// Inspect and Clean agree on what they refuse, and that whatever Clean
// writes inspects as clean and cleans to itself.
func FuzzOgg(f *testing.F) {
	f.Add(hostile.Opus("F"))
	f.Add(hostile.OggBytes(hostile.OggStream(1, 3, 0, 4096, hostile.VorbisHeaders(300, "v", "ARTIST=a")...)...))
	for _, tc := range malformedCases() {
		if len(tc.data) < 64<<10 {
			f.Add(tc.data)
		}
	}
	h := ogg.New().(scrub.PartLister)
	reg := registry()
	f.Fuzz(func(t *testing.T, in []byte) {
		env := scrub.NewEnv(reg, scrub.Limits{MaxMembers: 1000, MaxMemberSize: 1 << 20, MaxTotalSize: 16 << 20}, scrub.Policy{})
		ctx := context.Background()
		if _, err := h.Identify(in[:min(len(in), 4096)], bytes.NewReader(in), int64(len(in))); err != nil {
			t.Fatalf("Identify: %v", err)
		}
		_, ierr := h.Inspect(ctx, env, bytes.NewReader(in), int64(len(in)))
		h.Parts(ctx, env, bytes.NewReader(in), int64(len(in)), func(p scrub.Part) error {
			_, err := io.Copy(io.Discard, p.R)
			return err
		})
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
	})
}

// BenchmarkClean cleans five minutes of Vorbis (about 3 MB, 1400 pages) whose
// comment header is long enough to change the page count, so that every
// page is renumbered and gets a new checksum.
func BenchmarkClean(b *testing.B) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		b.Skip("ffmpeg is not installed")
	}
	dir := b.TempDir()
	p := filepath.Join(dir, "bench.ogg")
	cmd := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anoisesrc=duration=300:amplitude=0.3",
		"-ac", "2", "-c:a", "libvorbis", "-metadata", "DESCRIPTION="+string(bytes.Repeat([]byte("x"), 70000)), p)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	in, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	h := ogg.New()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for range b.N {
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(in), int64(len(in)), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
