package tiff_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/tiff"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

// FuzzTIFF checks that no input makes the handler panic or fail other than
// by a refusal, that Inspect and Clean agree, and that whatever it cleans
// inspects as clean and cleans to itself.
func FuzzTIFF(f *testing.F) {
	f.Add(hostile.TIFFSample("F"))
	f.Add(hostile.DNGSample("F", true))
	d := &hostile.TIFFDir{Strips: [][]byte{rgb(4, 4, 1)}, Entries: []hostile.TIFFEntry{
		{Tag: 256, Value: []uint32{4}}, {Tag: 257, Value: []uint32{4}}, {Tag: 258, Value: []uint16{8, 8, 8}},
		{Tag: 262, Value: []uint16{2}}, {Tag: 277, Value: []uint16{3}}, {Tag: 315, Value: "F-ARTIST"}}}
	f.Add(hostile.TIFF(binary.BigEndian, true, d))
	for _, c := range hostile.Cases() {
		if strings.HasPrefix(c.Name, "tiff-") || strings.HasPrefix(c.Name, "bigtiff-") {
			f.Add(c.Bytes())
		}
	}
	h := tiff.New()
	reg := registry()
	f.Fuzz(func(t *testing.T, in []byte) {
		env := scrub.NewEnv(reg, scrub.Limits{MaxMembers: 1000}, scrub.Policy{})
		ctx := context.Background()
		if _, err := h.Identify(in[:min(len(in), 4096)], bytes.NewReader(in), int64(len(in))); err != nil && !scrub.Refused(err) {
			t.Fatalf("Identify: %v", err)
		}
		_, ierr := h.Inspect(ctx, env, bytes.NewReader(in), int64(len(in)))
		var out bytes.Buffer
		_, cerr := h.Clean(ctx, env, bytes.NewReader(in), int64(len(in)), &out)
		if (ierr == nil) != (cerr == nil) {
			t.Fatalf("Inspect error %v but Clean error %v", ierr, cerr)
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

var mutations = 3000

// TestMutations runs the fuzz target's checks on a few thousand
// deterministic mutations of the samples (bytes overwritten, offsets
// pushed far, files cut short), so that every run exercises them.
func TestMutations(t *testing.T) {
	big := &hostile.TIFFDir{Strips: [][]byte{rgb(4, 2, 1), rgb(4, 2, 2)}, Entries: []hostile.TIFFEntry{
		{Tag: 256, Value: []uint32{4}}, {Tag: 257, Value: []uint32{4}}, {Tag: 258, Value: []uint16{8, 8, 8}},
		{Tag: 262, Value: []uint16{2}}, {Tag: 277, Value: []uint16{3}}, {Tag: 278, Value: []uint32{2}},
		{Tag: 315, Value: "M-ARTIST"}}, Exif: []hostile.TIFFEntry{{Tag: 0xa431, Value: "M-SERIAL"}}}
	seeds := [][]byte{hostile.TIFFSample("M"), hostile.DNGSample("M", true), hostile.TIFF(binary.BigEndian, true, big)}
	rng := rand.New(rand.NewPCG(1, 2))
	h := tiff.New()
	ctx := context.Background()
	cleaned := 0
	for i := 0; i < mutations; i++ {
		in := append([]byte(nil), seeds[i%len(seeds)]...)
		for k := rng.IntN(6) + 1; k > 0; k-- {
			switch rng.IntN(3) {
			case 0:
				in[rng.IntN(len(in))] = byte(rng.IntN(256))
			case 1:
				p := rng.IntN(len(in) - 4)
				copy(in[p:], []byte{0xff, 0xff, 0xff, 0x7f}[:rng.IntN(4)+1])
			case 2:
				in = in[:max(rng.IntN(len(in)), 8)]
			}
		}
		env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
		var out bytes.Buffer
		_, err := h.Clean(ctx, env, bytes.NewReader(in), int64(len(in)), &out)
		if err != nil {
			if !scrub.Refused(err) {
				t.Fatalf("mutation %d: %v", i, err)
			}
			continue
		}
		cleaned++
		clean := out.Bytes()
		if fs, err := h.Inspect(ctx, env, bytes.NewReader(clean), int64(len(clean))); err != nil || scrub.Removable(fs) {
			t.Fatalf("mutation %d: the cleaned copy inspects as %v %+v", i, err, fs)
		}
		var again bytes.Buffer
		if _, err := h.Clean(ctx, env, bytes.NewReader(clean), int64(len(clean)), &again); err != nil || !bytes.Equal(clean, again.Bytes()) {
			t.Fatalf("mutation %d: cleaning the cleaned copy: %v, same bytes %v", i, err, bytes.Equal(clean, again.Bytes()))
		}
	}
	t.Logf("%d of %d mutations cleaned, the rest refused", cleaned, mutations)
	if cleaned == 0 {
		t.Error("no mutation cleaned: the checks ran on nothing")
	}
}
