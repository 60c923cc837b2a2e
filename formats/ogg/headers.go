package ogg

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"

	"github.com/scrub-project/scrub/formats/internal/flacmeta"
	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/formats/internal/vorbiscomment"
	"github.com/scrub-project/scrub/scrub"
)

// rebuilt is what cleaning writes for a stream's headers, and what they
// held.
type rebuilt struct {
	id       []byte   // the new identification header, nil if unchanged
	packets  [][]byte // the header packets after it
	findings []scrub.Finding
	// For Parts: the comment blocks and FLAC pictures read.
	comments []*vorbiscomment.Block
	pictures [][]byte
	orig     [][]byte
}

// rebuild reads a stream's header packets and returns the clean ones.
func rebuild(ctx context.Context, env *scrub.Env, s *stream) (*rebuilt, error) {
	c := s.codec
	pk := s.pkts
	h := &rebuilt{orig: pk}
	if c.name == "FLAC" {
		return h, h.flac(ctx, env, s)
	}
	if c.name == "Speex" {
		h.speexID(s)
	}
	comment := pk[1]
	if !bytes.HasPrefix(comment, []byte(c.comment)) {
		return nil, malformed("the second header of %s is not its comment header", s.name())
	}
	if c.setup != "" && !bytes.HasPrefix(pk[2], []byte(c.setup)) {
		return nil, malformed("the third header of %s is not its setup header", s.name())
	}
	blk, err := vorbiscomment.Parse("ogg", comment[len(c.comment):], scrub.LimitsOf(env).MaxMembers)
	if err != nil {
		return nil, err
	}
	rest := comment[len(c.comment)+blk.End:]
	if c.framing {
		if len(rest) == 0 || rest[0]&1 == 0 {
			return nil, malformed("the comment header of %s has no framing bit", s.name())
		}
		rest = rest[1:]
	}
	fs, err := h.comment(ctx, env, s, blk)
	if err != nil {
		return nil, err
	}
	h.findings = append(h.findings, fs...)
	if !section.IsZero(rest) {
		f := scrub.Finding{Where: s.where(), Field: "data after the comments", Value: imagemeta.Describe(rest),
			Kind: scrub.KindHidden, Action: scrub.Remove, Label: scrub.LabelHiddenData}
		if c.name == "Opus" && rest[0]&1 != 0 { // RFC 7845 §5.2: binary metadata
			f.Field, f.Kind, f.Label = "binary metadata", scrub.KindOther, scrub.LabelPrivateData
		}
		h.findings = append(h.findings, f)
	}
	out := append([]byte(c.comment), vorbiscomment.Minimal(blk)...)
	if c.framing {
		out = append(out, 1)
	}
	h.packets = append([][]byte{out}, pk[2:]...)
	return h, nil
}

func (h *rebuilt) comment(ctx context.Context, env *scrub.Env, s *stream, blk *vorbiscomment.Block) ([]scrub.Finding, error) {
	h.comments = append(h.comments, blk)
	return vorbiscomment.Findings(ctx, env, "ogg", s.where(), blk)
}

// speexID blanks the encoder version string (speex_version, 20 bytes at
// offset 8) of a Speex identification header: decoders do not read it.
func (h *rebuilt) speexID(s *stream) {
	id := s.pkts[0]
	v := id[8:28]
	if section.IsZero(v) {
		return
	}
	h.findings = append(h.findings, scrub.Finding{Where: "Speex header", Field: "speex_version",
		Value: string(bytes.TrimRight(v, "\x00")), Kind: scrub.KindSoftware, Action: scrub.Remove, Label: scrub.LabelSoftware})
	h.id = bytes.Clone(id)
	clear(h.id[8:28])
}

// flac reads the header packets of FLAC in Ogg, one metadata block each
// (RFC 9639 §10.1), and keeps what native FLAC cleaning keeps: a minimal
// VORBIS_COMMENT (which the mapping requires, first) and the SEEKTABLE.
func (h *rebuilt) flac(ctx context.Context, env *scrub.Env, s *stream) error {
	var comment *vorbiscomment.Block
	var seek []byte
	for i, b := range s.pkts[1:] {
		if len(b) < 4 || int(b[1])<<16|int(b[2])<<8|int(b[3]) != len(b)-4 {
			return malformed("header packet %d of %s is not one metadata block", i+2, s.name())
		}
		typ, d := b[0]&0x7f, b[4:]
		where := fmt.Sprintf("%s block", flacmeta.Name(typ))
		if s.index > 0 {
			where += fmt.Sprintf(", stream %d", s.index+1)
		}
		var fs []scrub.Finding
		switch {
		case typ == flacmeta.StreamInfo:
			return malformed("a second stream header (STREAMINFO) in %s", s.name())
		case typ == flacmeta.Invalid:
			return malformed("a metadata block of the invalid type 127 in %s", s.name())
		case typ > flacmeta.Picture:
			return scrub.Unsupported("ogg", fmt.Sprintf("a FLAC metadata block of a type scrub does not know (%d)", typ),
				"convert it to a plain .flac file with a FLAC tool and clean that")
		case typ == flacmeta.Comment:
			blk, err := vorbiscomment.Parse("ogg", d, scrub.LimitsOf(env).MaxMembers)
			if err != nil {
				return err
			}
			if comment == nil {
				comment = blk
			}
			if fs, err = h.comment(ctx, env, s, blk); err != nil {
				return err
			}
		case typ == flacmeta.SeekTable:
			if seek != nil || len(d)%18 != 0 {
				return malformed("an invalid seek table in %s", s.name())
			}
			seek = bytes.Clone(d)
			flacmeta.ClearPlaceholders(seek)
			fs = flacmeta.Findings(where, typ, d)
		case typ == flacmeta.Picture:
			var err error
			if fs, err = vorbiscomment.PictureFindings(ctx, env, "ogg", where, d); err != nil {
				return err
			}
			h.pictures = append(h.pictures, d)
		case typ == flacmeta.Padding:
			if !section.IsZero(d) {
				fs = []scrub.Finding{flacmeta.PaddingFinding(where, d)}
			}
		default: // APPLICATION, CUESHEET
			fs = flacmeta.Findings(where, typ, d)
		}
		h.findings = append(h.findings, fs...)
	}
	kept := [][]byte{vorbiscomment.Minimal(comment)}
	types := []byte{flacmeta.Comment}
	if seek != nil {
		kept, types = append(kept, seek), append(types, flacmeta.SeekTable)
	}
	for i, d := range kept {
		t := types[i]
		if i == len(kept)-1 {
			t |= 0x80
		}
		h.packets = append(h.packets, append([]byte{t, byte(len(d) >> 16), byte(len(d) >> 8), byte(len(d))}, d...))
	}
	// The first packet counts the header packets after it, unless it
	// says 0 (unknown).
	id := s.pkts[0]
	if n := binary.BigEndian.Uint16(id[7:]); n != 0 && int(n) != len(h.packets) {
		h.id = bytes.Clone(id)
		binary.BigEndian.PutUint16(h.id[7:], uint16(len(h.packets)))
	}
	return nil
}

// listParts lists a stream's header packets as they were read, what the
// comments hold in base64, and the FLAC pictures' images.
func (h *rebuilt) listParts(ctx context.Context, env *scrub.Env, s *stream, fn func(scrub.Part) error) error {
	for i, p := range h.orig {
		if err := fn(scrub.Part{Where: fmt.Sprintf("%s header %d", s.name(), i+1), R: bytes.NewReader(p)}); err != nil {
			return err
		}
	}
	for _, blk := range h.comments {
		if err := vorbiscomment.Parts(ctx, env, "ogg", s.where(), blk, fn); err != nil {
			return err
		}
	}
	for _, p := range h.pictures {
		if err := vorbiscomment.PictureParts(ctx, env, s.name()+" PICTURE block", p, fn); err != nil {
			return err
		}
	}
	return nil
}
