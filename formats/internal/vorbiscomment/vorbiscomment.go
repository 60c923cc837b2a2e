// Package vorbiscomment reads and writes the comment block that FLAC, Ogg
// Vorbis, Opus, Speex and Theora share (Vorbis I specification §5; RFC
// 9639 §8.6; RFC 7845 §5.2): a vendor string and a list of NAME=value
// fields, every length a 32-bit little-endian count of bytes.
//
// It lists what a block holds as findings, each with its label, and
// decodes the pictures that ride in it (METADATA_BLOCK_PICTURE, a base64
// FLAC picture; COVERART, a base64 image) to inspect them through the
// registry. Cleaning replaces the block with Minimal: an empty vendor
// string and no fields but the few that decoding needs.
package vorbiscomment

import (
	"context"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/class"
	"github.com/scrub-project/scrub/scrub"
)

// Block is a parsed comment block. Its byte slices point into the bytes
// it was parsed from.
type Block struct {
	Vendor []byte
	Fields [][]byte // each "NAME=value" as stored
	// End is the offset just past the last field in the parsed bytes:
	// what follows (Vorbis' framing bit, Opus' padding) is the caller's.
	End int
}

// Parse reads a comment block from the start of b. It returns a
// *scrub.FormatError for format: ErrMalformed when a length runs past the
// end of b, ErrLimit (scrub.LimitMembers) when the block declares more
// than maxFields fields. Nothing is allocated in proportion to a declared
// count: every field must be present in b.
func Parse(format string, b []byte, maxFields int) (*Block, error) {
	le := binary.LittleEndian
	if len(b) < 4 {
		return nil, scrub.Malformed(format, nil, "the comment block is cut short")
	}
	n := uint64(le.Uint32(b))
	if n > uint64(len(b)-4) {
		return nil, scrub.Malformed(format, nil, "the comment block's vendor string runs past its end")
	}
	blk := &Block{Vendor: b[4 : 4+n]}
	p := 4 + int(n)
	if len(b)-p < 4 {
		return nil, scrub.Malformed(format, nil, "the comment block is cut short")
	}
	count := uint64(le.Uint32(b[p:]))
	p += 4
	if count > uint64(len(b)-p)/4 {
		return nil, scrub.Malformed(format, nil, "the comment block declares %d fields, more than it can hold", count)
	}
	if count > uint64(max(maxFields, 0)) {
		return nil, scrub.OverLimit(format, scrub.LimitMembers, fmt.Sprintf("the comment block holds more than %d fields", maxFields))
	}
	for range count {
		if len(b)-p < 4 {
			return nil, scrub.Malformed(format, nil, "the comment block is cut short")
		}
		n := uint64(le.Uint32(b[p:]))
		p += 4
		if n > uint64(len(b)-p) {
			return nil, scrub.Malformed(format, nil, "a comment runs past the end of the comment block")
		}
		blk.Fields = append(blk.Fields, b[p:p+int(n)])
		p += int(n)
	}
	blk.End = p
	return blk, nil
}

// Split returns a field's name (upper case, as the specification compares
// names case-insensitively) and value. A field without "=" has an empty
// name and is all value.
func Split(field []byte) (name, value string) {
	k, v, ok := strings.Cut(string(field), "=")
	if !ok {
		return "", k
	}
	return strings.ToUpper(k), v
}

// Kept reports whether cleaning keeps a field: only what decoding needs
// and that names no one. That is FLAC's WAVEFORMATEXTENSIBLE_CHANNEL_MASK
// (libFLAC and ffmpeg read it to lay out the channels of a file whose
// speakers are not the default for its channel count), and only when its
// value is a plain hexadecimal number.
func Kept(field []byte) bool {
	name, value := Split(field)
	if name != "WAVEFORMATEXTENSIBLE_CHANNEL_MASK" {
		return false
	}
	hex, ok := strings.CutPrefix(strings.ToLower(value), "0x")
	if !ok || len(hex) == 0 || len(hex) > 8 {
		return false
	}
	for _, c := range hex {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Minimal returns the comment block cleaning writes in place of blk (which
// may be nil): an empty vendor string and the fields of blk that Kept
// allows, in their order. The vendor string is mandatory in every format
// that uses the block, but its content is free: an empty one names no
// encoder. Cleaning a Minimal block gives the same bytes.
func Minimal(blk *Block) []byte {
	var kept [][]byte
	if blk != nil {
		for _, f := range blk.Fields {
			if Kept(f) {
				kept = append(kept, f)
			}
		}
	}
	return Build(nil, kept)
}

// Build returns the comment block holding vendor and fields.
func Build(vendor []byte, fields [][]byte) []byte {
	le := binary.LittleEndian
	n := 8 + len(vendor)
	for _, f := range fields {
		n += 4 + len(f)
	}
	b := make([]byte, 0, n)
	b = le.AppendUint32(b, uint32(len(vendor)))
	b = append(b, vendor...)
	b = le.AppendUint32(b, uint32(len(fields)))
	for _, f := range fields {
		b = le.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

// IsMinimal reports whether blk is what Minimal would write for it.
func IsMinimal(blk *Block) bool {
	if len(blk.Vendor) != 0 {
		return false
	}
	for _, f := range blk.Fields {
		if !Kept(f) {
			return false
		}
	}
	return true
}

// Findings lists what blk holds: the vendor string and every field Kept
// does not allow, with their labels, all removed by cleaning. Pictures
// are decoded and their own content inspected through env (see
// PictureFindings). where names the block for the user ("Vorbis
// comment"). It returns ErrMalformed errors for damaged pictures, ErrLimit
// errors for pictures over the limits, and ctx's error.
func Findings(ctx context.Context, env *scrub.Env, format, where string, blk *Block) ([]scrub.Finding, error) {
	var fs []scrub.Finding
	if len(blk.Vendor) > 0 {
		fs = append(fs, scrub.Finding{Where: where, Field: "vendor", Value: string(blk.Vendor),
			Kind: scrub.KindSoftware, Action: scrub.Remove, Label: scrub.LabelSoftware})
	}
	for _, f := range blk.Fields {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if Kept(f) {
			continue
		}
		name, value := Split(f)
		switch name {
		case "METADATA_BLOCK_PICTURE":
			pf, err := base64PictureFindings(ctx, env, format, where, name, value, true)
			if err != nil {
				return nil, err
			}
			fs = append(fs, pf...)
			continue
		case "COVERART":
			pf, err := base64PictureFindings(ctx, env, format, where, name, value, false)
			if err != nil {
				return nil, err
			}
			fs = append(fs, pf...)
			continue
		}
		c := classify(name)
		field := name
		if field == "" {
			field = "(no name)"
		}
		if value == "" {
			value = "(empty)"
		}
		fs = append(fs, class.Remove(where, field, value, c))
	}
	return fs, nil
}

// names classifies the field names in common use (Xiph's recommended
// names, and what MusicBrainz Picard, foobar2000, ffmpeg and Media Center
// write).
var (
	summary = class.Class{Label: scrub.LabelDescription, Kind: scrub.KindComment}
	contact = class.Class{Label: scrub.LabelContact, Kind: scrub.KindContact}
	licence = class.Class{Label: scrub.LabelCopyright, Kind: scrub.KindOther}
)

var names = map[string]class.Class{
	"ARTIST":         class.Author,
	"AUTHOR":         class.Author,
	"ORGANIZATION":   class.Organisation,
	"ORGANISATION":   class.Organisation,
	"LABEL":          class.Organisation,
	"PUBLISHER":      class.Organisation,
	"TITLE":          class.Title,
	"ALBUM":          class.Title,
	"SUBTITLE":       class.Title,
	"DISCSUBTITLE":   class.Title,
	"WORK":           class.Title,
	"MOVEMENTNAME":   class.Title,
	"VERSION":        class.Title,
	"GROUPING":       class.Title,
	"DATE":           class.Created,
	"YEAR":           class.Created,
	"CREATION_TIME":  class.Created,
	"CREATIONDATE":   class.Created,
	"RECORDINGDATE":  class.Created,
	"LOCATION":       class.Place,
	"PLACE":          class.Place,
	"COUNTRY":        class.Place,
	"COMMENT":        class.Comment,
	"COMMENTS":       class.Comment,
	"NOTE":           class.Comment,
	"NOTES":          class.Comment,
	"DESCRIPTION":    summary,
	"SUMMARY":        summary,
	"SYNOPSIS":       summary,
	"LYRICS":         class.Description,
	"UNSYNCEDLYRICS": class.Description,
	"CONTACT":        contact,
	"ADDRESS":        contact,
	"PHONE":          contact,
	"EMAIL":          class.Email,
	"E-MAIL":         class.Email,
	"WEBSITE":        class.Link,
	"WWW":            class.Link,
	"COPYRIGHT":      class.Copyright,
	"LICENSE":        licence,
	"LICENCE":        licence,
	"RIGHTS":         licence,
	"ISRC":           class.DocumentID,
	"DISCID":         class.DocumentID,
	"ASIN":           class.DocumentID,
	"BARCODE":        class.DocumentID,
	"UPC":            class.DocumentID,
	"EAN":            class.DocumentID,
	"CATALOGNUMBER":  class.DocumentID,
	"GENRE":          class.Category,
	"MOOD":           class.Category,
	"STYLE":          class.Category,
	"RATING":         class.Category,
	"KEYWORDS":       class.Keywords,
	"LANGUAGE":       class.Language,
	"TRACKNUMBER":    class.Number,
	"TRACKTOTAL":     class.Number,
	"TOTALTRACKS":    class.Number,
	"DISCNUMBER":     class.Number,
	"DISCTOTAL":      class.Number,
	"TOTALDISCS":     class.Number,
	"BPM":            class.Number,
	"COMPILATION":    class.Number,
	"COVERARTMIME":   class.Number,
	"ENCODEDBY":      class.Person,
	"ENCODED_BY":     class.Person,
	"ENCODED-BY":     class.Person,
}

// classify labels a field by its upper-case name: first the table, then
// by what the name contains.
func classify(name string) class.Class {
	if c, ok := names[name]; ok {
		return c
	}
	has := func(parts ...string) bool {
		for _, p := range parts {
			if strings.Contains(name, p) {
				return true
			}
		}
		return false
	}
	switch {
	case strings.HasPrefix(name, "REPLAYGAIN_"), strings.HasPrefix(name, "R128_"), name == "ITUNNORM", name == "ITUNSMPB":
		return class.Settings
	case strings.HasPrefix(name, "MUSICBRAINZ_"), strings.HasPrefix(name, "ACOUSTID_"), strings.HasPrefix(name, "MUSICIP_"),
		strings.HasPrefix(name, "CDDB"), has("UUID", "GUID", "ISRC", "DISCID"), strings.HasSuffix(name, "_ID"):
		return class.DocumentID
	case has("GPS", "LATITUDE", "LONGITUDE", "GEO"):
		return class.Class{Label: scrub.LabelGPS, Kind: scrub.KindLocation}
	case has("LOCATION"):
		return class.Place
	case has("ENCODER", "SOFTWARE", "TOOL", "ENCODING", "APPLICATION"):
		return class.Software
	case has("ARTIST", "COMPOSER", "CONDUCTOR", "PERFORMER", "LYRICIST", "WRITER", "ARRANGER", "REMIXER", "MIXER",
		"PRODUCER", "ENGINEER", "ENSEMBLE", "OWNER", "AUTHOR"):
		return class.Person
	case has("EMAIL", "E-MAIL"):
		return class.Email
	case has("URL", "WEBSITE"):
		return class.Link
	case has("DATE", "TIME", "YEAR"):
		return class.Date
	case has("COMMENT"):
		return class.Comment
	case has("COPYRIGHT", "LICEN"):
		return class.Class{Label: scrub.LabelCopyright, Kind: scrub.KindOther}
	}
	return class.Metadata
}
