package mp3

import (
	"context"
	"fmt"
	"io"
	"strings"

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
			fs = append(fs, finding(xingWhere, "data after the header",
				fmt.Sprintf("%d bytes that should be zeros: %s", len(x.rest), imagemeta.Describe(x.rest)), hidden))
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

type rule struct {
	label scrub.Label
	kind  scrub.Kind
	minor bool
}

var (
	hidden    = rule{scrub.LabelHiddenData, scrub.KindHidden, false}
	title     = rule{scrub.LabelTitle, scrub.KindOther, false}
	author    = rule{scrub.LabelAuthor, scrub.KindPerson, false}
	person    = rule{scrub.LabelPerson, scrub.KindPerson, false}
	comment   = rule{scrub.LabelComment, scrub.KindComment, false}
	metadata  = rule{scrub.LabelMetadata, scrub.KindOther, false}
	technical = rule{scrub.LabelSettings, scrub.KindOther, true}
)

func finding(where, field, value string, r rule) scrub.Finding {
	return scrub.Finding{Where: where, Field: field, Value: value, Kind: r.kind, Action: scrub.Remove, Label: r.label, Minor: r.minor}
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
		return []scrub.Finding{finding(b.where, "lyrics", nonEmpty(imagemeta.Latin1(data)), rule{scrub.LabelDescription, scrub.KindOther, false})}, nil
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
				return []scrub.Finding{finding(b.where, "data that is not audio",
					fmt.Sprintf("%d bytes: %s", b.len(), imagemeta.Describe(head)), hidden)}, nil
			}
		}
		off += k
	}
	return []scrub.Finding{finding(b.where, "padding", fmt.Sprintf("%d bytes of zeros", b.len()), rule{scrub.LabelHiddenData, scrub.KindHidden, true})}, nil
}

// apeRules classifies APE item keys (compared in lower case).
var apeRules = map[string]rule{
	"title": title, "subtitle": title, "album": title, "debut album": title,
	"artist": author, "composer": author, "album artist": author, "albumartist": author,
	"conductor": person, "performer": person, "lyricist": person, "arranger": person,
	"comment": comment, "abstract": comment, "bibliography": comment,
	"copyright": {scrub.LabelCopyright, scrub.KindPerson, false}, "publicationright": {scrub.LabelCopyright, scrub.KindPerson, false},
	"publisher": {scrub.LabelOrganisation, scrub.KindPerson, false}, "label": {scrub.LabelOrganisation, scrub.KindPerson, false},
	"year": {scrub.LabelDate, scrub.KindTime, false}, "record date": {scrub.LabelCreated, scrub.KindTime, false},
	"date":            {scrub.LabelDate, scrub.KindTime, false},
	"record location": {scrub.LabelPlace, scrub.KindLocation, false},
	"file":            {scrub.LabelLink, scrub.KindContact, false}, "related": {scrub.LabelLink, scrub.KindContact, false},
	"isbn": {scrub.LabelDocumentID, scrub.KindOther, false}, "isrc": {scrub.LabelDocumentID, scrub.KindOther, false},
	"ean/upc": {scrub.LabelDocumentID, scrub.KindOther, false}, "lc": {scrub.LabelDocumentID, scrub.KindOther, false},
	"catalog": {scrub.LabelDocumentID, scrub.KindOther, false},
	"genre":   {scrub.LabelCategory, scrub.KindOther, true}, "language": {scrub.LabelLanguage, scrub.KindOther, true},
	"track": {scrub.LabelMetadata, scrub.KindOther, true}, "disc": {scrub.LabelMetadata, scrub.KindOther, true},
	"media": technical, "index": technical, "introplay": technical,
	"tool name": {scrub.LabelSoftware, scrub.KindSoftware, false}, "tool version": {scrub.LabelSoftware, scrub.KindSoftware, false},
	"encoder": {scrub.LabelSoftware, scrub.KindSoftware, false}, "encodedby": {scrub.LabelSoftware, scrub.KindSoftware, false},
}

func apeRule(key string) rule {
	k := strings.ToLower(key)
	if r, ok := apeRules[k]; ok {
		return r
	}
	switch {
	case strings.HasPrefix(k, "replaygain_"), strings.HasPrefix(k, "mp3gain_"):
		return technical
	case strings.HasPrefix(k, "musicbrainz_"):
		return rule{scrub.LabelDocumentID, scrub.KindOther, false}
	case strings.HasPrefix(k, "cover art"):
		return rule{scrub.LabelEmbeddedPicture, scrub.KindAttachment, false}
	}
	return metadata
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
				rl = rule{scrub.LabelEmbeddedPicture, scrub.KindAttachment, false}
				sub, err := env.InspectEmbedded(ctx, b.where+" > "+it.key, pic, n)
				if err != nil && ctx.Err() != nil {
					return nil, ctx.Err()
				}
				nested = sub // a picture no handler reads is dropped all the same
			}
		case 2: // a link
			value = string(v)
			rl = rule{scrub.LabelLink, scrub.KindContact, false}
		default:
			value = strings.ReplaceAll(strings.TrimRight(string(v), "\x00"), "\x00", " / ")
		}
		if strings.TrimSpace(value) == "" {
			value, rl.minor = "(empty)", true
		}
		fs = append(fs, finding(b.where, it.key, value, rl))
		fs = append(fs, nested...)
	}
	if !whole {
		fs = append(fs, finding(b.where, "damaged items", "the items after these could not be read", hidden))
	}
	if len(fs) == 0 {
		fs = append(fs, finding(b.where, "APE", fmt.Sprintf("an empty tag of %d bytes", b.len()), rule{scrub.LabelMetadata, scrub.KindOther, true}))
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

var lyricsRules = map[string]rule{
	"IND": technical,
	"LYR": {scrub.LabelDescription, scrub.KindOther, false},
	"INF": comment,
	"AUT": author,
	"EAL": title,
	"EAR": author,
	"ETT": title,
	"IMG": {scrub.LabelLink, scrub.KindContact, false},
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
			rl = metadata
		}
		value := imagemeta.Latin1(v)
		if strings.TrimSpace(value) == "" {
			value, rl.minor = "(empty)", true
		}
		fs = append(fs, finding(b.where, f.id, value, rl))
	}
	if !whole {
		fs = append(fs, finding(b.where, "damaged fields", "the fields after these could not be read", hidden))
	}
	if len(fs) == 0 {
		fs = append(fs, finding(b.where, "Lyrics3v2", fmt.Sprintf("an empty tag of %d bytes", b.len()), rule{scrub.LabelMetadata, scrub.KindOther, true}))
	}
	return fs, nil
}
