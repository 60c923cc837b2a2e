package png

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/trailing"
	"github.com/scrub-project/scrub/scrub"
)

// maxText bounds what Inspect inflates or reads of one chunk: enough for
// any real metadata block, and the chunk is dropped whole anyway.
const maxText = 16 << 20

// Inspect lists the chunks Clean removes and what they hold (text
// keywords and values, XMP, EXIF, dates), data after IEND, and the kept
// colour profile's name and texts. It returns the errors walk does, and
// ErrLimit when inflating text chunks exceeds the input's budget.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	return inspectLayout(ctx, env, r, size, lay)
}

// CleanReport is Clean that also returns Inspect's findings, from one walk
// of the chunks.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, nil, err
	}
	fs, err := inspectLayout(ctx, env, r, size, lay)
	if err != nil {
		return nil, nil, err
	}
	ws, err := cleanLayout(ctx, env, r, size, w, lay)
	return fs, ws, err
}

func inspectLayout(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, lay *layout) ([]scrub.Finding, error) {
	max := min(scrub.LimitsOf(env).MaxMemberSize, maxText)
	var fs []scrub.Finding
	for i, c := range lay.dropped {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if i == lay.exif && lay.minimal {
			continue
		}
		b, err := data(r, c, max)
		if err != nil {
			return nil, err
		}
		cf, err := chunkFindings(env, c.typ, b, max)
		if err != nil {
			return nil, err
		}
		if !scrub.Removable(cf) {
			cf = append(cf, finding(c.typ, c.typ+" chunk", imagemeta.Describe(b), scrub.KindOther))
		}
		fs = append(fs, cf...)
	}
	if lay.orientation != 0 {
		fs = append(fs, imagemeta.OrientationFinding("eXIf", lay.orientation))
	}
	for _, c := range lay.iccp {
		b, err := data(r, c, c.n)
		if err != nil {
			return nil, err
		}
		name, prof, whole, err := iccpProfile(env, b)
		if err != nil {
			return nil, err
		}
		if !whole { // Clean cannot rebuild it: it goes whole
			fs = append(fs, scrub.Finding{Where: "iCCP", Field: "ICC profile", Kind: scrub.KindOther, Action: scrub.Remove,
				Label: scrub.LabelColour, Value: "a colour profile too big to read (" + imagemeta.Size(len(b)) + " compressed)"})
			continue
		}
		if string(name) != iccpName {
			fs = append(fs, scrub.Finding{Where: "iCCP", Field: "ProfileName", Value: imagemeta.Latin1(name),
				Kind: scrub.KindSoftware, Action: scrub.Remove, Label: scrub.LabelColour, Minor: true})
		}
		fs = append(fs, imagemeta.ICC(prof, "iCCP")...)
	}
	if lay.end < size {
		f, err := trailing.Finding(ctx, r, lay.end, size-lay.end, "after the end of the image", "PNG")
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
	}
	return fs, nil
}

// label is what a field this package names is, in a word: a text chunk's
// keyword as imagemeta names it, except Source, which in PNG is the
// device that made the picture.
func label(field string, kind scrub.Kind) scrub.Label {
	if strings.EqualFold(field, "Source") {
		return scrub.LabelDevice
	}
	return imagemeta.LabelOf(field, kind)
}

func finding(where, field, value string, kind scrub.Kind) scrub.Finding {
	return scrub.Finding{Where: where, Field: field, Value: value, Kind: kind, Action: scrub.Remove, Label: label(field, kind)}
}

// chunkFindings lists what a dropped chunk holds.
func chunkFindings(env *scrub.Env, typ string, b []byte, max int64) ([]scrub.Finding, error) {
	switch typ {
	case "tEXt":
		k, v, _ := bytes.Cut(b, []byte{0})
		return textFindings(typ, imagemeta.Latin1(k), imagemeta.Latin1(v)), nil
	case "zTXt":
		k, rest, _ := bytes.Cut(b, []byte{0})
		if len(rest) < 1 {
			return nil, nil
		}
		v, err := inflate(env, rest[1:], max)
		if err != nil {
			return nil, err
		}
		if v == nil {
			return []scrub.Finding{finding(typ, imagemeta.Latin1(k), "(compressed text that could not be read)", keywordKind(string(k)))}, nil
		}
		return textFindings(typ, imagemeta.Latin1(k), imagemeta.Latin1(v)), nil
	case "iTXt":
		// keyword \0 flag method language \0 translated keyword \0 text
		k, rest, _ := bytes.Cut(b, []byte{0})
		if len(rest) < 2 {
			return nil, nil
		}
		compressed := rest[0] == 1
		_, rest, _ = bytes.Cut(rest[2:], []byte{0}) // language
		_, v, _ := bytes.Cut(rest, []byte{0})       // translated keyword
		if compressed {
			var err error
			if v, err = inflate(env, v, max); err != nil {
				return nil, err
			}
			if v == nil {
				return []scrub.Finding{finding(typ, string(k), "(compressed text that could not be read)", keywordKind(string(k)))}, nil
			}
		}
		return textFindings(typ, imagemeta.Latin1(k), string(v)), nil
	case "eXIf":
		fs, _ := imagemeta.EXIF(imagemeta.ExifTIFF(b), "eXIf")
		return fs, nil
	case "tIME":
		if len(b) == 7 {
			return []scrub.Finding{finding(typ, "ModifyDate", fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d",
				int(b[0])<<8|int(b[1]), b[2], b[3], b[4], b[5], b[6]), scrub.KindTime)}, nil
		}
	case "dSIG":
		return []scrub.Finding{finding(typ, "digital signature", imagemeta.Describe(b), scrub.KindOther)}, nil
	case "caBX":
		return []scrub.Finding{finding(typ, "content credentials", imagemeta.Describe(b), scrub.KindEditHistory)}, nil
	}
	return nil, nil
}

// textFindings lists a text chunk: its keyword and value, or what the
// XMP packet or metadata profile it carries reveals.
func textFindings(typ, keyword, value string) []scrub.Finding {
	where := typ + " " + keyword
	switch {
	case keyword == "XML:com.adobe.xmp":
		return imagemeta.XMP([]byte(value), "XMP ("+typ+")")
	case strings.HasPrefix(keyword, "Raw profile type "):
		if fs := rawProfile(strings.TrimPrefix(keyword, "Raw profile type "), value, where); scrub.Removable(fs) {
			return fs
		}
	}
	if value == "" {
		value = "(empty)"
	}
	if keyword == "" {
		keyword = "(no keyword)"
	}
	return []scrub.Finding{finding(typ, keyword, value, keywordKind(keyword))}
}

// rawProfile reads the hex-encoded metadata profiles ImageMagick stores in
// text chunks: "\nexif\n    1234\n4578696600...".
func rawProfile(kind, value, where string) []scrub.Finding {
	lines := strings.SplitN(strings.TrimLeft(value, "\n"), "\n", 3)
	if len(lines) < 3 {
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(lines[1]))
	if err != nil || n <= 0 {
		return nil
	}
	h := strings.Map(func(r rune) rune {
		if strings.ContainsRune(" \t\r\n", r) {
			return -1
		}
		return r
	}, lines[2])
	b, err := hex.DecodeString(h[:min(len(h), 2*n)&^1])
	if err != nil {
		return nil
	}
	switch strings.ToLower(kind) {
	case "exif", "app1":
		if i := bytes.Index(b, []byte("<x:xmpmeta")); i >= 0 && !bytes.HasPrefix(b, []byte("Exif")) {
			return imagemeta.XMP(b[i:], where) // ImageMagick's APP1 profile can be XMP
		}
		fs, _ := imagemeta.EXIF(imagemeta.ExifTIFF(b), where)
		return fs
	case "iptc", "8bim":
		if i := bytes.Index(b, []byte("8BIM")); i >= 0 && i < 32 {
			return imagemeta.Photoshop(b[i:], where)
		}
		return imagemeta.IPTC(b, where)
	case "xmp":
		return imagemeta.XMP(b, where)
	case "icc", "icm":
		fs := imagemeta.ICC(b, where)
		for i := range fs {
			fs[i].Action = scrub.Remove
		}
		return fs
	}
	return nil
}
