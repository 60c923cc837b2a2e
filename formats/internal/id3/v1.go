package id3

import (
	"fmt"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/class"
	"github.com/scrub-project/scrub/scrub"
)

// V1Len is the length of an ID3v1 tag; V1ExtLen that of the "TAG+"
// extension some players write just before it.
const (
	V1Len    = 128
	V1ExtLen = 227
)

// IsV1 reports whether b (128 bytes) is an ID3v1 tag; IsV1Ext whether b
// (227 bytes) is its "TAG+" extension.
func IsV1(b []byte) bool    { return len(b) == V1Len && string(b[:3]) == "TAG" }
func IsV1Ext(b []byte) bool { return len(b) == V1ExtLen && string(b[:4]) == "TAG+" }

type v1Field struct {
	name     string
	from, to int
	r        class.Class
}

var v1Fields = []v1Field{
	{"Title", 3, 33, class.Title},
	{"Artist", 33, 63, class.Author},
	{"Album", 63, 93, class.Title},
	{"Year", 93, 97, class.Date},
	{"Comment", 97, 127, class.Comment},
}

var v1ExtFields = []v1Field{
	{"Title", 4, 64, class.Title},
	{"Artist", 64, 124, class.Author},
	{"Album", 124, 184, class.Title},
	{"Genre", 185, 215, class.Class{Label: scrub.LabelCategory, Kind: scrub.KindOther, Minor: true}},
	{"StartTime", 215, 221, class.Number},
	{"EndTime", 221, 227, class.Number},
}

// V1Findings lists the fields of an ID3v1 tag (b is the 128 bytes from
// "TAG"), or a minor finding for a tag with nothing in it. Every finding
// is Remove.
func V1Findings(b []byte, where string) []scrub.Finding {
	if !IsV1(b) {
		return nil
	}
	fields := v1Fields
	v11 := b[125] == 0 && b[126] != 0 // ID3v1.1: a track number ends the comment
	if v11 {
		fields = append([]v1Field(nil), v1Fields...)
		fields[len(fields)-1].to = 125
	}
	fs := v1Strings(b, fields, where)
	if v11 {
		fs = append(fs, class.Remove(where, "Track", fmt.Sprint(b[126]), class.Number))
	}
	if g := b[127]; g != 0xff {
		fs = append(fs, class.Remove(where, "Genre", fmt.Sprintf("genre %d", g), class.Class{Label: scrub.LabelCategory, Kind: scrub.KindOther, Minor: true}))
	}
	if len(fs) == 0 {
		fs = append(fs, class.Remove(where, "ID3v1", "an empty tag", class.Number))
	}
	return fs
}

// V1ExtFindings lists the fields of a "TAG+" extension (b is its 227
// bytes).
func V1ExtFindings(b []byte, where string) []scrub.Finding {
	if !IsV1Ext(b) {
		return nil
	}
	fs := v1Strings(b, v1ExtFields, where)
	if len(fs) == 0 {
		fs = append(fs, class.Remove(where, "TAG+", "an empty extended tag", class.Number))
	}
	return fs
}

func v1Strings(b []byte, fields []v1Field, where string) []scrub.Finding {
	var fs []scrub.Finding
	for _, f := range fields {
		raw := b[f.from:f.to]
		if i := strings.IndexByte(string(raw), 0); i >= 0 {
			// Text after a NUL is hidden from most readers: show it too.
			if rest := strings.Trim(string(raw[i:]), "\x00 "); rest != "" {
				fs = append(fs, class.Remove(where, f.name+" (after its end)", latin1([]byte(rest)), class.Hidden))
			}
			raw = raw[:i]
		}
		if v := strings.TrimSpace(latin1(raw)); v != "" {
			fs = append(fs, class.Remove(where, f.name, v, f.r))
		}
	}
	return fs
}
