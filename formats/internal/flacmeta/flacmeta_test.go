package flacmeta

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

func point(sample, offset uint64, frames uint16) []byte {
	b := binary.BigEndian.AppendUint64(nil, sample)
	b = binary.BigEndian.AppendUint64(b, offset)
	return binary.BigEndian.AppendUint16(b, frames)
}

func TestSeekTable(t *testing.T) {
	real := point(4096, 1234, 4096)
	clean := append(bytes.Clone(real), point(^uint64(0), 0, 0)...)
	if fs := Findings("SEEKTABLE block", SeekTable, clean); len(fs) != 0 {
		t.Errorf("a clean table: %v", fs)
	}
	dirty := append(bytes.Clone(real), point(^uint64(0), 0x4849444445, 7)...)
	before := bytes.Clone(dirty)
	fs := Findings("SEEKTABLE block", SeekTable, dirty)
	if len(fs) != 1 || fs[0].Label != scrub.LabelHiddenData {
		t.Fatalf("data in a placeholder: %v", fs)
	}
	if !bytes.Equal(dirty, before) {
		t.Fatal("Findings changed the data it was given")
	}
	if !ClearPlaceholders(dirty) || !bytes.Equal(dirty, clean) {
		t.Errorf("ClearPlaceholders: % x, want % x", dirty, clean)
	}
	if ClearPlaceholders(dirty) {
		t.Error("a cleared table still holds something")
	}
}

func TestCueSheet(t *testing.T) {
	d := make([]byte, 396+36)
	copy(d, "CATALOGUE-123")
	d[395] = 1 // one track
	d[396+8] = 1
	copy(d[396+9:], "ISRC-PLANTED")
	fs := Findings("CUESHEET block", CueSheet, d)
	got := map[string]string{}
	for _, f := range fs {
		got[f.Field] = f.Value
	}
	if got["media catalogue number"] != "CATALOGUE-123" || got["ISRC (track 1)"] != "ISRC-PLANTED" || got["cue sheet"] != "1 tracks" {
		t.Errorf("cue sheet findings: %v", got)
	}
}

func TestName(t *testing.T) {
	if Name(SeekTable) != "SEEKTABLE" || Name(9) != "block type 9" {
		t.Errorf("Name: %q, %q", Name(SeekTable), Name(9))
	}
}
