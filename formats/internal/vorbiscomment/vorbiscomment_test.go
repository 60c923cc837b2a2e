package vorbiscomment_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/internal/vorbiscomment"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

func env() *scrub.Env {
	reg := scrub.NewRegistry()
	reg.Register(png.New())
	return scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
}

func fields(fs ...string) [][]byte {
	var out [][]byte
	for _, f := range fs {
		out = append(out, []byte(f))
	}
	return out
}

// picture returns a FLAC PICTURE block's data.
func picture(typ uint32, mime, desc string, data []byte) []byte {
	be := binary.BigEndian
	var b []byte
	b = be.AppendUint32(b, typ)
	b = be.AppendUint32(b, uint32(len(mime)))
	b = append(b, mime...)
	b = be.AppendUint32(b, uint32(len(desc)))
	b = append(b, desc...)
	b = be.AppendUint32(b, 16)
	b = be.AppendUint32(b, 16)
	b = be.AppendUint32(b, 24)
	b = be.AppendUint32(b, 0)
	b = be.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

func TestParseAndFindings(t *testing.T) {
	pic := picture(3, "image/png", "VC-PICDESC", hostile.PNG("VC-PIC"))
	blk := vorbiscomment.Build([]byte("VC-VENDOR"), fields(
		"ARTIST=VC-ARTIST", "title=VC-TITLE", "Date=2024-05-01", "LOCATION=VC-PLACE", "CONTACT=VC-CONTACT",
		"ISRC=VC-ISRC", "MUSICBRAINZ_TRACKID=VC-MBID", "ENCODER=VC-ENCODER", "X-CUSTOM=VC-CUSTOM",
		"REPLAYGAIN_TRACK_GAIN=-3 dB", "noequals",
		"METADATA_BLOCK_PICTURE="+base64.StdEncoding.EncodeToString(pic),
		"COVERART="+base64.StdEncoding.EncodeToString(hostile.PNG("VC-COVER")),
		"WAVEFORMATEXTENSIBLE_CHANNEL_MASK=0x0033",
	))
	b, err := vorbiscomment.Parse("test", blk, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Fields) != 14 || string(b.Vendor) != "VC-VENDOR" || b.End != len(blk) {
		t.Fatalf("parsed %d fields, vendor %q, end %d", len(b.Fields), b.Vendor, b.End)
	}
	fs, err := vorbiscomment.Findings(context.Background(), env(), "test", "comments", b)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]scrub.Label{
		"VC-VENDOR": scrub.LabelSoftware, "VC-ARTIST": scrub.LabelAuthor, "VC-TITLE": scrub.LabelTitle,
		"2024-05-01": scrub.LabelCreated, "VC-PLACE": scrub.LabelPlace, "VC-CONTACT": scrub.LabelContact,
		"VC-ISRC": scrub.LabelDocumentID, "VC-MBID": scrub.LabelDocumentID, "VC-ENCODER": scrub.LabelSoftware,
		"VC-CUSTOM": scrub.LabelMetadata, "VC-PICDESC": scrub.LabelDescription, "VC-PIC-AUTHOR": scrub.LabelAuthor,
		"VC-COVER-AUTHOR": scrub.LabelAuthor,
	}
	got := map[string]scrub.Finding{}
	for _, f := range fs {
		if f.Action != scrub.Remove {
			t.Errorf("finding kept: %+v", f)
		}
		if !scrub.KnownLabel(f.Label) {
			t.Errorf("finding without a known label: %+v", f)
		}
		got[f.Value] = f
		if strings.Contains(f.Value, "0x0033") {
			t.Errorf("the channel mask is kept, not a finding: %+v", f)
		}
	}
	for v, l := range want {
		if f, ok := got[v]; !ok {
			t.Errorf("no finding for %q in %+v", v, fs)
		} else if f.Label != l {
			t.Errorf("%q: label %s, want %s", v, f.Label, l)
		}
	}
	pictures := 0
	for _, f := range fs {
		if f.Label == scrub.LabelEmbeddedPicture {
			pictures++
		}
	}
	if pictures != 2 {
		t.Errorf("%d picture findings, want 2", pictures)
	}

	min := vorbiscomment.Minimal(b)
	mb, err := vorbiscomment.Parse("test", min, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(mb.Vendor) != 0 || len(mb.Fields) != 1 || string(mb.Fields[0]) != "WAVEFORMATEXTENSIBLE_CHANNEL_MASK=0x0033" {
		t.Errorf("minimal block: vendor %q, fields %q", mb.Vendor, mb.Fields)
	}
	if !vorbiscomment.IsMinimal(mb) || vorbiscomment.IsMinimal(b) {
		t.Error("IsMinimal is wrong")
	}
	if !bytes.Equal(vorbiscomment.Minimal(mb), min) {
		t.Error("Minimal of a minimal block changed it")
	}
	if fs, _ := vorbiscomment.Findings(context.Background(), env(), "test", "comments", mb); len(fs) != 0 {
		t.Errorf("minimal block has findings: %+v", fs)
	}

	// Parts lists the decoded pictures, so that the residue check finds
	// what base64 hides.
	var parts bytes.Buffer
	err = vorbiscomment.Parts(context.Background(), env(), "test", "comments", b, func(p scrub.Part) error {
		_, err := io.Copy(&parts, p.R)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"VC-PICDESC", "VC-PIC-AUTHOR", "VC-COVER-AUTHOR"} {
		if !bytes.Contains(parts.Bytes(), []byte(v)) {
			t.Errorf("parts do not hold %q", v)
		}
	}
}

func TestKept(t *testing.T) {
	for f, want := range map[string]bool{
		"WAVEFORMATEXTENSIBLE_CHANNEL_MASK=0x3":         true,
		"waveformatextensible_channel_mask=0X0000063F":  true,
		"WAVEFORMATEXTENSIBLE_CHANNEL_MASK=0x123456789": false,
		"WAVEFORMATEXTENSIBLE_CHANNEL_MASK=0xJOHN":      false,
		"WAVEFORMATEXTENSIBLE_CHANNEL_MASK=3":           false,
		"WAVEFORMATEXTENSIBLE_CHANNEL_MASK=0x":          false,
		"ARTIST=0x3":                                    false,
	} {
		if vorbiscomment.Kept([]byte(f)) != want {
			t.Errorf("Kept(%q) = %v", f, !want)
		}
	}
}

func TestHostile(t *testing.T) {
	le := binary.LittleEndian
	count := func(vendor []byte, n uint32, rest []byte) []byte {
		b := le.AppendUint32(nil, uint32(len(vendor)))
		b = append(b, vendor...)
		b = le.AppendUint32(b, n)
		return append(b, rest...)
	}
	cases := []struct {
		name string
		b    []byte
		kind error
	}{
		{"empty", nil, scrub.ErrMalformed},
		{"vendor past the end", le.AppendUint32(nil, 1<<31), scrub.ErrMalformed},
		{"no count", le.AppendUint32(nil, 0), scrub.ErrMalformed},
		{"count bomb", count(nil, 0xffffffff, make([]byte, 64)), scrub.ErrMalformed},
		{"field past the end", count(nil, 1, le.AppendUint32(nil, 0xfffffff0)), scrub.ErrMalformed},
		{"over the field limit", count(nil, 20, make([]byte, 80)), scrub.ErrLimit},
	}
	for _, tc := range cases {
		if _, err := vorbiscomment.Parse("test", tc.b, 10); !errors.Is(err, tc.kind) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.kind)
		}
	}

	// A picture bigger than the member limit is refused before decoding.
	big := vorbiscomment.Build(nil, fields("COVERART="+strings.Repeat("QUFB", 1<<12)))
	b, err := vorbiscomment.Parse("test", big, 10)
	if err != nil {
		t.Fatal(err)
	}
	small := scrub.NewEnv(scrub.NewRegistry(), scrub.Limits{MaxMemberSize: 1 << 10}, scrub.Policy{})
	if _, err := vorbiscomment.Findings(context.Background(), small, "test", "comments", b); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("picture over the member limit: %v", err)
	}
	budget := scrub.NewEnv(scrub.NewRegistry(), scrub.Limits{MaxTotalSize: 1 << 10}, scrub.Policy{})
	if _, err := vorbiscomment.Findings(context.Background(), budget, "test", "comments", b); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("picture over the total budget: %v", err)
	}

	// Damaged pictures and bad base64 are refused as damaged: a declared
	// length is never trusted.
	for _, v := range []string{"!!!notbase64", base64.StdEncoding.EncodeToString([]byte{0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff})} {
		b, _ := vorbiscomment.Parse("test", vorbiscomment.Build(nil, fields("METADATA_BLOCK_PICTURE="+v)), 10)
		if _, err := vorbiscomment.Findings(context.Background(), env(), "test", "comments", b); !errors.Is(err, scrub.ErrMalformed) {
			t.Errorf("%q: %v", v, err)
		}
	}
}

// A picture whose image is a FLAC-like nesting is bounded by the depth
// limit of the registry; here the image is a picture block in base64 in
// base64: decoding stops at one level, the rest is bytes.
func FuzzParse(f *testing.F) {
	f.Add(vorbiscomment.Build([]byte("v"), fields("ARTIST=a", "METADATA_BLOCK_PICTURE="+base64.StdEncoding.EncodeToString(picture(3, "image/png", "d", hostile.PNG("F"))))))
	f.Add(vorbiscomment.Minimal(nil))
	f.Add([]byte{1, 0, 0, 0})
	e := env()
	f.Fuzz(func(t *testing.T, in []byte) {
		b, err := vorbiscomment.Parse("test", in, 1000)
		if err != nil {
			if !scrub.Refused(err) {
				t.Fatalf("not a refusal: %v", err)
			}
			return
		}
		if _, err := vorbiscomment.Findings(context.Background(), e, "test", "c", b); err != nil && !scrub.Refused(err) {
			t.Fatalf("Findings: %v", err)
		}
		vorbiscomment.Parts(context.Background(), e, "test", "c", b, func(p scrub.Part) error {
			_, err := io.Copy(io.Discard, p.R)
			return err
		})
		m, err := vorbiscomment.Parse("test", vorbiscomment.Minimal(b), 1000)
		if err != nil {
			t.Fatalf("Minimal does not parse: %v", err)
		}
		if fs, _ := vorbiscomment.Findings(context.Background(), e, "test", "c", m); len(fs) != 0 {
			t.Fatalf("Minimal has findings: %+v", fs)
		}
		if _, err := vorbiscomment.ParsePicture(in); err == nil {
			vorbiscomment.PictureFindings(context.Background(), e, "test", "p", in)
		}
	})
}
