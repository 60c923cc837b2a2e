package gif

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/trailing"
	"github.com/scrub-project/scrub/scrub"
)

// Inspect lists the blocks Clean removes and what they hold (comments,
// XMP, IPTC, application data, extensions with unknown labels, data
// hidden in kept blocks), data after the trailer, the texts of
// plain-text extensions (kept, Action Report) and what the colour profile
// names. It returns the errors walk does.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	var fs []scrub.Finding
	err := walk(ctx, env, r, size, nil, func(b *block) error {
		bfs, err := blockFindings(ctx, r, b)
		fs = append(fs, bfs...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return fs, nil
}

func remove(where, field, value string, kind scrub.Kind, label scrub.Label) scrub.Finding {
	return scrub.Finding{Where: where, Field: field, Value: value, Kind: kind, Label: label, Action: scrub.Remove}
}

// joined returns the data of sub-blocks joined.
func joined(sb [][]byte) []byte {
	var out []byte
	for _, s := range sb {
		out = append(out, s...)
	}
	return out
}

// text shows the text of a comment or plain-text block.
func text(b []byte, whole bool) string {
	s := strings.TrimSpace(imagemeta.Latin1(bytes.TrimRight(b, "\x00")))
	if !whole {
		s += "…"
	}
	return s
}

// blockFindings lists what Clean removes from a block, or keeps and the
// user should know.
func blockFindings(ctx context.Context, r io.ReaderAt, b *block) ([]scrub.Finding, error) {
	if b.kind == kTrailing {
		f, err := trailing.Finding(ctx, r, b.off, b.end-b.off, "after the end of the image", "GIF")
		return []scrub.Finding{f}, err
	}
	return findings(b), nil
}

// findings lists what Clean removes from a block that is not data after
// the trailer, or keeps and the user should know.
func findings(b *block) []scrub.Finding {
	switch b.kind {
	case kExt:
	default:
		return nil
	}
	sb := b.subBlocks()
	switch b.label {
	case labelGCE:
		if len(sb) > 1 || !b.whole {
			return []scrub.Finding{remove("graphic control extension", "extra data", imagemeta.Describe(joined(sb[min(len(sb), 1):])),
				scrub.KindHidden, scrub.LabelHiddenData)}
		}
		return nil
	case labelText:
		if len(sb) < 2 {
			return nil
		}
		return []scrub.Finding{{Where: "plain-text extension", Field: "plain text", Value: text(joined(sb[1:]), true),
			Kind: scrub.KindHidden, Label: scrub.LabelHiddenText, Action: scrub.Report}}
	case labelComment:
		return []scrub.Finding{remove("comment", "Comment", text(joined(sb), b.whole), scrub.KindComment, scrub.LabelComment)}
	case labelApp:
		return appFindings(b, sb)
	}
	return []scrub.Finding{remove(fmt.Sprintf("extension %#02x", b.label), "unknown extension",
		imagemeta.Describe(joined(sb)), scrub.KindOther, scrub.LabelPrivateData)}
}

func appFindings(b *block, sb [][]byte) []scrub.Finding {
	app := b.app()
	where := "application extension " + app
	switch {
	case isLoop(app):
		loop := loopBlock(b)
		if loop == nil {
			return []scrub.Finding{{Where: where, Field: "animation block", Value: "without a loop count",
				Kind: scrub.KindOther, Label: scrub.LabelSettings, Action: scrub.Remove, Minor: true}}
		}
		var fs []scrub.Finding
		for _, s := range sb[1:] {
			switch {
			case bytes.Equal(s, loop):
			case len(s) == 5 && s[0] == 2:
				fs = append(fs, scrub.Finding{Where: where, Field: "buffer size", Value: imagemeta.Size(int(s[1]) | int(s[2])<<8 | int(s[3])<<16 | int(s[4])<<24),
					Kind: scrub.KindOther, Label: scrub.LabelSettings, Action: scrub.Remove, Minor: true})
			default:
				fs = append(fs, remove(where, "extra data", imagemeta.Describe(s), scrub.KindHidden, scrub.LabelHiddenData))
			}
		}
		if !b.whole {
			fs = append(fs, remove(where, "extra data", "more data than scrub reads", scrub.KindHidden, scrub.LabelHiddenData))
		}
		return fs
	case isICC(b):
		orig, _, why := profile(b)
		if why != "" {
			return []scrub.Finding{remove("ICC profile", "ICC profile", why+" ("+imagemeta.Size(len(orig))+")", scrub.KindOther, scrub.LabelColour)}
		}
		return imagemeta.ICC(orig, "ICC profile")
	}
	var fs []scrub.Finding
	data := payload(b)
	switch app {
	case appXMP:
		fs = imagemeta.XMP(xmpPacket(b), "XMP")
	case app8BIM:
		fs = imagemeta.Photoshop(data, "Photoshop resources")
	case appIPTC:
		fs = imagemeta.IPTC(data, "IPTC")
	}
	if !scrub.Removable(fs) {
		if app == "" {
			app = "(no name)"
		}
		label := scrub.LabelPrivateData
		if app == appXMP || app == app8BIM || app == appIPTC {
			label = scrub.LabelMetadata
		}
		fs = append(fs, remove(where, app, imagemeta.Describe(data), scrub.KindOther, label))
	}
	return fs
}
