// Package flacmeta knows FLAC's metadata blocks (RFC 9639 §8) for the two
// formats that carry them: native FLAC and FLAC in Ogg (one block per
// header packet). The Vorbis comment and picture blocks are
// vorbiscomment's.
package flacmeta

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

// Metadata block types.
const (
	StreamInfo = 0
	Padding    = 1
	App        = 2
	SeekTable  = 3
	Comment    = 4
	CueSheet   = 5
	Picture    = 6
	Invalid    = 127
)

var names = [...]string{StreamInfo: "STREAMINFO", Padding: "PADDING", App: "APPLICATION", SeekTable: "SEEKTABLE",
	Comment: "VORBIS_COMMENT", CueSheet: "CUESHEET", Picture: "PICTURE"}

// Name names a block type as RFC 9639 does ("SEEKTABLE").
func Name(t byte) string {
	if int(t) < len(names) {
		return names[t]
	}
	return fmt.Sprintf("block type %d", t)
}

// ClearPlaceholders zeroes the fields of d's placeholder points (sample
// number all ones): RFC 9639 leaves them undefined, so they could carry
// anything. d is a SEEKTABLE's data. It reports whether any held
// something.
func ClearPlaceholders(d []byte) bool {
	held := false
	for p := 0; p+18 <= len(d); p += 18 {
		if binary.BigEndian.Uint64(d[p:]) == ^uint64(0) && !section.IsZero(d[p+8:p+18]) {
			clear(d[p+8 : p+18])
			held = true
		}
	}
	return held
}

// Findings lists what cleaning removes from a block of type typ, at where,
// given its data d (of an APPLICATION block, the start of it): the data of
// an application, the catalogue number and ISRCs of a cue sheet, data in
// a seek table's placeholder points. It lists nothing for other types;
// see PaddingFinding for padding.
func Findings(where string, typ byte, d []byte) []scrub.Finding {
	switch typ {
	case App:
		id := "(none)"
		if len(d) >= 4 {
			id, d = fmt.Sprintf("%q", d[:4]), d[4:]
		}
		return []scrub.Finding{remove(where, "application "+id, imagemeta.Describe(d), scrub.KindOther, scrub.LabelPrivateData)}
	case SeekTable:
		if !ClearPlaceholders(bytes.Clone(d)) {
			return nil
		}
		return []scrub.Finding{remove(where, "placeholder points", "data in the unused entries of the seek table", scrub.KindHidden, scrub.LabelHiddenData)}
	case CueSheet:
		return cueSheet(where, d)
	}
	return nil
}

// PaddingFinding is the finding of a PADDING block that holds more than
// zeros; d is (the start of) what it holds.
func PaddingFinding(where string, d []byte) scrub.Finding {
	return remove(where, "padding", "data where there should be zeros: "+imagemeta.Describe(d), scrub.KindHidden, scrub.LabelHiddenData)
}

// cueSheet lists a CUESHEET (RFC 9639 §8.7): the media catalogue number,
// every track's ISRC, and the cue sheet itself.
func cueSheet(where string, d []byte) []scrub.Finding {
	var fs []scrub.Finding
	text := func(b []byte) string { return strings.TrimSpace(string(bytes.TrimRight(b, "\x00"))) }
	tracks := 0
	if len(d) >= 396 {
		if mcn := text(d[:128]); mcn != "" {
			fs = append(fs, remove(where, "media catalogue number", mcn, scrub.KindOther, scrub.LabelDocumentID))
		}
		n := int(d[395])
		p := 396
		for i := 0; i < n && p+36 <= len(d); i++ {
			if isrc := text(d[p+9 : p+21]); isrc != "" {
				fs = append(fs, remove(where, fmt.Sprintf("ISRC (track %d)", d[p+8]), isrc, scrub.KindOther, scrub.LabelDocumentID))
			}
			p += 36 + 12*int(d[p+35])
			tracks++
		}
	}
	f := remove(where, "cue sheet", fmt.Sprintf("%d tracks", tracks), scrub.KindOther, scrub.LabelMetadata)
	f.Minor = true
	return append(fs, f)
}

func remove(where, field, value string, kind scrub.Kind, label scrub.Label) scrub.Finding {
	return scrub.Finding{Where: where, Field: field, Value: value, Kind: kind, Action: scrub.Remove, Label: label}
}
