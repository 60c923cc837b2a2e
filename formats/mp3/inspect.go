package mp3

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/class"
	"github.com/scrub-project/scrub/formats/internal/id3"
	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

const xingWhere = "first audio frame (Xing/LAME header)"

// maxValue bounds what is read of one tag field for its finding.
const maxValue = 64 << 10

func inspectLayout(ctx context.Context, env *scrub.Env, r io.ReaderAt, lay *layout) ([]scrub.Finding, error) {
	var fs []scrub.Finding
	if x := lay.st.xing; x != nil {
		if x.encoder != "" {
			fs = append(fs, scrub.Finding{Where: xingWhere, Field: "encoder", Value: x.encoder, Kind: scrub.KindSoftware,
				Action: scrub.Report, Label: scrub.LabelSoftware, Minor: true})
		}
		if x.dirty {
			fs = append(fs, class.Remove(xingWhere, "data after the header",
				fmt.Sprintf("%d bytes that should be zeros: %s", len(x.rest), imagemeta.Describe(x.rest)), class.Hidden))
		}
	}
	for _, b := range lay.blocks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		bfs, err := blockFindings(ctx, env, r, b)
		if err != nil {
			return nil, err
		}
		fs = append(fs, bfs...)
	}
	return fs, nil
}

func blockFindings(ctx context.Context, env *scrub.Env, r io.ReaderAt, b block) ([]scrub.Finding, error) {
	switch b.kind {
	case kindID3v2:
		return id3.Findings(ctx, env, r, b.off, b.id3, b.where)
	case kindID3v1:
		data, err := section.Read(r, b.off, b.len())
		if err != nil {
			return nil, err
		}
		if len(data) == id3.V1Len+id3.V1ExtLen {
			return append(id3.V1ExtFindings(data[:id3.V1ExtLen], b.where), id3.V1Findings(data[id3.V1ExtLen:], b.where)...), nil
		}
		return id3.V1Findings(data, b.where), nil
	case kindAPE:
		return apeFindings(ctx, env, r, b)
	case kindLyrics2:
		return lyricsFindings(r, b)
	case kindLyrics1:
		data, err := section.Read(r, b.off+11, b.len()-11-9)
		if err != nil {
			return nil, err
		}
		return []scrub.Finding{class.Remove(b.where, "lyrics", nonEmpty(imagemeta.Latin1(data)), class.Description)}, nil
	}
	return junkFindings(r, b)
}

func nonEmpty(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(empty)"
	}
	return s
}

// junkFindings describes data that is neither tag nor audio: zeros are a
// minor finding, anything else is hidden data.
func junkFindings(r io.ReaderAt, b block) ([]scrub.Finding, error) {
	buf := make([]byte, min(b.len(), 32<<10))
	for off := b.off; off < b.end; {
		k := min(b.end-off, int64(len(buf)))
		if _, err := r.ReadAt(buf[:k], off); err != nil {
			return nil, fmt.Errorf("reading: %w", err)
		}
		for i, c := range buf[:k] {
			if c != 0 {
				head, err := section.Read(r, off+int64(i), min(b.end-off-int64(i), 4096))
				if err != nil {
					return nil, err
				}
				return []scrub.Finding{class.Remove(b.where, "data that is not audio",
					fmt.Sprintf("%d bytes: %s", b.len(), imagemeta.Describe(head)), class.Hidden)}, nil
			}
		}
		off += k
	}
	return []scrub.Finding{class.Remove(b.where, "padding", fmt.Sprintf("%d bytes of zeros", b.len()), class.Padding)}, nil
}

// apeRules classifies APE item keys (compared in lower case).
var apeRules = map[string]class.Class{
	"title": class.Title, "subtitle": class.Title, "album": class.Title, "debut album": class.Title,
	"artist": class.Author, "composer": class.Author, "album artist": class.Author, "albumartist": class.Author,
	"conductor": class.Person, "performer": class.Person, "lyricist": class.Person, "arranger": class.Person,
	"comment": class.Comment, "abstract": class.Comment, "bibliography": class.Comment,
	"copyright": class.Copyright, "publicationright": class.Copyright,
	"publisher": class.Organisation, "label": class.Organisation,
	"year": class.Date, "record date": class.Created,
	"date":            class.Date,
	"record location": class.Place,
	"file":            class.Link, "related": class.Link,
	"isbn": class.DocumentID, "isrc": class.DocumentID,
	"ean/upc": class.DocumentID, "lc": class.DocumentID,
	"catalog": class.DocumentID,
	"genre":   {Label: scrub.LabelCategory, Kind: scrub.KindOther, Minor: true}, "language": class.Language,
	"track": class.Number, "disc": class.Number,
	"media": class.Settings, "index": class.Settings, "introplay": class.Settings,
	"tool name": class.Software, "tool version": class.Software,
	"encoder": class.Software, "encodedby": class.Software,
}

func apeRule(key string) class.Class {
	k := strings.ToLower(key)
	if r, ok := apeRules[k]; ok {
		return r
	}
	switch {
	case strings.HasPrefix(k, "replaygain_"), strings.HasPrefix(k, "mp3gain_"):
		return class.Settings
	case strings.HasPrefix(k, "musicbrainz_"):
		return class.DocumentID
	case strings.HasPrefix(k, "cover art"):
		return class.Picture
	}
	return class.Metadata
}

// apeFindings lists the items of an APE tag; a cover picture is
// inspected through env.
func apeFindings(ctx context.Context, env *scrub.Env, r io.ReaderAt, b block) ([]scrub.Finding, error) {
	items, whole, err := apeItems(ctx, r, b)
	if err != nil {
		return nil, err
	}
	var fs []scrub.Finding
	for _, it := range items {
		v, err := section.Read(r, it.off, min(it.n, maxValue))
		if err != nil {
			return nil, err
		}
		rl := apeRule(it.key)
		var value string
		var nested []scrub.Finding
		switch it.flags >> 1 & 3 {
		case 1: // binary
			value = imagemeta.Describe(v)
			if name, pic, n, ok := apePicture(r, it); ok {
				value = fmt.Sprintf("%s, %d bytes", name, n)
				rl = class.Picture
				sub, err := env.InspectEmbedded(ctx, b.where+" > "+it.key, pic, n)
				if err != nil && ctx.Err() != nil {
					return nil, ctx.Err()
				}
				nested = sub // a picture no handler reads is dropped all the same
			}
		case 2: // a link
			value = string(v)
			rl = class.Link
		default:
			value = strings.ReplaceAll(strings.TrimRight(string(v), "\x00"), "\x00", " / ")
		}
		if strings.TrimSpace(value) == "" {
			value, rl.Minor = "(empty)", true
		}
		fs = append(fs, class.Remove(b.where, it.key, value, rl))
		fs = append(fs, nested...)
	}
	if !whole {
		fs = append(fs, class.Remove(b.where, "damaged items", "the items after these could not be read", class.Hidden))
	}
	if len(fs) == 0 {
		fs = append(fs, class.Remove(b.where, "APE", fmt.Sprintf("an empty tag of %d bytes", b.len()), class.Number))
	}
	return fs, nil
}

// apePicture returns the picture of a binary "Cover Art" item: a file
// name, a NUL, and the image.
func apePicture(r io.ReaderAt, it apeItem) (string, io.ReaderAt, int64, bool) {
	if !strings.HasPrefix(strings.ToLower(it.key), "cover art") {
		return "", nil, 0, false
	}
	h, err := section.Read(r, it.off, min(it.n, 1024))
	if err != nil {
		return "", nil, 0, false
	}
	i := strings.IndexByte(string(h), 0)
	if i < 0 {
		return "", nil, 0, false
	}
	n := it.n - int64(i) - 1
	return string(h[:i]), io.NewSectionReader(r, it.off+int64(i)+1, n), n, true
}

// apePictures calls fn for every cover picture of an APE tag.
func apePictures(ctx context.Context, r io.ReaderAt, b block, fn func(where string, pic io.ReaderAt, n int64) error) error {
	items, _, err := apeItems(ctx, r, b)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.flags>>1&3 != 1 {
			continue
		}
		if _, pic, n, ok := apePicture(r, it); ok {
			if err := fn(b.where+" > "+it.key, pic, n); err != nil {
				return err
			}
		}
	}
	return nil
}

var lyricsRules = map[string]class.Class{
	"IND": class.Settings,
	"LYR": class.Description,
	"INF": class.Comment,
	"AUT": class.Author,
	"EAL": class.Title,
	"EAR": class.Author,
	"ETT": class.Title,
	"IMG": class.Link,
}

// lyricsFindings lists the fields of a Lyrics3v2 tag.
func lyricsFindings(r io.ReaderAt, b block) ([]scrub.Finding, error) {
	fields, whole, err := lyricsFields(r, b)
	if err != nil {
		return nil, err
	}
	var fs []scrub.Finding
	for _, f := range fields {
		v, err := section.Read(r, f.off, min(f.n, maxValue))
		if err != nil {
			return nil, err
		}
		rl, ok := lyricsRules[f.id]
		if !ok {
			rl = class.Metadata
		}
		value := imagemeta.Latin1(v)
		if strings.TrimSpace(value) == "" {
			value, rl.Minor = "(empty)", true
		}
		fs = append(fs, class.Remove(b.where, f.id, value, rl))
	}
	if !whole {
		fs = append(fs, class.Remove(b.where, "damaged fields", "the fields after these could not be read", class.Hidden))
	}
	if len(fs) == 0 {
		fs = append(fs, class.Remove(b.where, "Lyrics3v2", fmt.Sprintf("an empty tag of %d bytes", b.len()), class.Number))
	}
	return fs, nil
}
