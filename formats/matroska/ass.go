package matroska

import (
	"bytes"
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

// isASS reports whether a codec ID is SubStation Alpha subtitles, whose
// CodecPrivate is the script's header: [Script Info] with its authors,
// and what subtitle editors add (Aegisub's [Aegisub Project Garbage]
// names the video and audio files the author worked on, with their
// paths).
func isASS(codec string) bool {
	switch codec {
	case "S_TEXT/ASS", "S_TEXT/SSA", "S_ASS", "S_SSA":
		return true
	}
	return false
}

// assKeep are the [Script Info] keys that rendering reads.
var assKeep = map[string]bool{
	"scripttype": true, "collisions": true, "playresx": true, "playresy": true, "playdepth": true, "timer": true,
	"wrapstyle": true, "scaledborderandshadow": true, "ycbcr matrix": true, "layoutresx": true, "layoutresy": true,
	"kerning": true,
}

// assSections are the sections kept: the script information (filtered),
// styles, the events' format line, and embedded fonts and pictures that
// rendering uses.
var assSections = map[string]bool{
	"[script info]": true, "[v4+ styles]": true, "[v4 styles]": true, "[v4 styles+]": true, "[events]": true,
	"[fonts]": true, "[graphics]": true,
}

// assLabels say what the [Script Info] keys that name someone are.
var assLabels = map[string]scrub.Label{
	"original script": scrub.LabelAuthor, "original translation": scrub.LabelPerson, "original editing": scrub.LabelPerson,
	"original timing": scrub.LabelPerson, "script updated by": scrub.LabelLastEditor, "update details": scrub.LabelComment,
	"title": scrub.LabelTitle, "synch point": scrub.LabelSettings,
}

// cleanASS returns a SubStation Alpha header without comments, without
// the [Script Info] keys rendering does not read, and without the
// sections of editors; and what it removed. It never makes the header
// longer.
func cleanASS(b []byte, add func(scrub.Finding)) []byte {
	out := make([]byte, 0, len(b))
	section := ""
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i+1]
		}
		b = b[len(line):]
		text := strings.TrimSpace(strings.TrimPrefix(string(line), "\ufeff"))
		if strings.HasPrefix(text, "[") && strings.HasSuffix(text, "]") {
			section = strings.ToLower(text)
			if !assSections[section] {
				add(scrub.Finding{Field: text, Value: "a section of the subtitle editor", Kind: scrub.KindOther,
					Label: scrub.LabelPrivateData, Action: scrub.Remove})
				continue
			}
			out = append(out, line...)
			continue
		}
		switch {
		case !assSections[section] && section != "":
			if k, v, ok := strings.Cut(text, ":"); ok && strings.TrimSpace(v) != "" {
				label, kind := scrub.LabelMetadata, scrub.KindOther
				if strings.Contains(v, "/") || strings.Contains(v, `\`) {
					label, kind = scrub.LabelFilePath, scrub.KindPath
				}
				add(scrub.Finding{Field: strings.TrimSpace(k), Value: strings.TrimSpace(v), Kind: kind, Label: label, Action: scrub.Remove})
			}
			continue
		case section == "[script info]" && text != "":
			k, v, _ := strings.Cut(text, ":")
			key := strings.ToLower(strings.TrimSpace(k))
			if strings.HasPrefix(text, ";") || strings.HasPrefix(text, "!:") {
				add(scrub.Finding{Field: "comment", Value: strings.TrimSpace(strings.TrimLeft(text, ";!:")), Kind: scrub.KindComment,
					Label: scrub.LabelComment, Action: scrub.Remove})
				continue
			}
			if !assKeep[key] {
				label, ok := assLabels[key]
				kind := scrub.KindPerson
				if !ok || label == scrub.LabelTitle || label == scrub.LabelComment || label == scrub.LabelSettings {
					kind = scrub.KindOther
				}
				if !ok {
					label = scrub.LabelMetadata
				}
				add(scrub.Finding{Field: strings.TrimSpace(k), Value: strings.TrimSpace(v), Kind: kind, Label: label, Action: scrub.Remove})
				continue
			}
		}
		out = append(out, line...)
	}
	return out
}
