package id3

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/scrub-project/scrub/formats/internal/class"
	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

// rules classifies frames by their 2.3/2.4 id. Text frames not listed are
// LabelMetadata; URL frames are links; other unknown frames are described
// by their size and readable text.
var rules = map[string]class.Class{
	"TIT1": class.Category, "TIT2": class.Title, "TIT3": class.Title, "TALB": class.Title,
	"TOAL": class.Title, "TSST": class.Title, "TSOA": class.Title, "TSOT": class.Title, "MVNM": class.Title,
	"TPE1": class.Author, "TPE2": class.Author, "TCOM": class.Author, "TEXT": class.Author,
	"TOLY": class.Person, "TOPE": class.Person, "TPE3": class.Person, "TPE4": class.Person, "TMCL": class.Person, "TIPL": class.Person,
	"IPLS": class.Person, "TSOP": class.Person, "TSO2": class.Person, "TSOC": class.Person,
	"TENC": class.Software, "TSSE": class.Software,
	"TDRC": class.Created, "TDEN": class.Created, "TDTG": {Label: scrub.LabelModified, Kind: scrub.KindTime},
	"TYER": class.Date, "TDAT": class.Date, "TIME": class.Date, "TORY": class.Date, "TDOR": class.Date, "TDRL": class.Date, "TRDA": class.Date,
	"TOWN": class.Copyright, "TCOP": class.Copyright, "TPRO": class.Copyright, "USER": class.Copyright,
	"TPUB": class.Organisation, "TRSN": class.Organisation, "TRSO": class.Organisation, "COMR": class.Organisation,
	"TCON": {Label: scrub.LabelCategory, Kind: scrub.KindOther, Minor: true}, "TMOO": {Label: scrub.LabelCategory, Kind: scrub.KindOther, Minor: true},
	"TCAT": {Label: scrub.LabelCategory, Kind: scrub.KindOther, Minor: true}, "GRP1": class.Category,
	"TLAN": class.Language,
	"TSRC": class.DocumentID, "TGID": class.DocumentID, "UFID": class.DocumentID, "MCDI": class.DocumentID,
	"TOFN": {Label: scrub.LabelFilePath, Kind: scrub.KindPath},
	"TKWD": class.Keywords,
	"TDES": class.Description,
	"TRCK": class.Number, "TPOS": class.Number, "MVIN": class.Number,
	"TBPM": class.Settings, "TKEY": class.Settings, "TLEN": class.Settings, "TFLT": class.Settings, "TMED": class.Settings,
	"TDLY": class.Settings, "TSIZ": class.Settings, "TCMP": class.Settings, "PCST": class.Settings,
	"RVA2": class.Settings, "RVAD": class.Settings, "EQU2": class.Settings, "EQUA": class.Settings, "RVRB": class.Settings,
	"MLLT": class.Settings, "SYTC": class.Settings, "ETCO": class.Settings, "POSS": class.Settings, "SEEK": class.Settings,
	"ASPI": class.Settings, "RBUF": class.Settings,
	"PCNT": class.Statistics,
	"COMM": class.Comment,
	"USLT": class.Description, "SYLT": class.Description,
	"TXXX": class.Metadata, "WXXX": class.Link, "LINK": class.Link, "WFED": class.Link,
	"APIC": class.Picture,
	"GEOB": {Label: scrub.LabelAttachment, Kind: scrub.KindAttachment},
	"PRIV": class.PrivateData, "AENC": class.PrivateData, "ENCR": class.PrivateData, "GRID": class.PrivateData, "CRM": class.PrivateData,
	"POPM": class.Email,
	"OWNE": class.Person,
	"SIGN": {Label: scrub.LabelSignature, Kind: scrub.KindOther},
	"CHAP": {Label: scrub.LabelOutline, Kind: scrub.KindOther, Minor: true}, "CTOC": {Label: scrub.LabelOutline, Kind: scrub.KindOther, Minor: true},
}

func ruleFor(id string) class.Class {
	if r, ok := rules[id]; ok {
		return r
	}
	switch id[0] {
	case 'T':
		return class.Metadata
	case 'W':
		return class.Link
	}
	return class.Metadata
}

// Findings lists what the ID3v2 tag at off in r holds: every frame with
// a label (pictures and objects inspected through env, frames inside
// chapters included), and what could not be read (encrypted or damaged
// frames, data after the frames). h is the tag's header, which the caller
// read at off and checked to fit in r. Every finding is Remove: the
// handlers drop tags whole. where names the tag for the user ("ID3v2.4
// tag"). Findings returns only read errors, context errors and ErrLimit
// (a compressed frame over the input's budget).
func Findings(ctx context.Context, env *scrub.Env, r io.ReaderAt, off int64, h Header, where string) ([]scrub.Finding, error) {
	t, err := open(r, off, h, env)
	if err != nil {
		return nil, err
	}
	var fs []scrub.Finding
	for _, n := range t.notes {
		fs = append(fs, class.Remove(where, n.field, n.value, class.Hidden))
	}
	if t.body != nil {
		count := 0
		err := t.walk(ctx, env, t.body, t.n, where, 0, &count, func(f *frame, where string, depth int) error {
			ffs, err := frameFindings(ctx, env, f, where)
			fs = append(fs, ffs...)
			return err
		}, func(where string, body io.ReaderAt, stop, end int64) error {
			f, err := padding(body, stop, end, where)
			if f != nil {
				fs = append(fs, *f)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	if len(fs) == 0 {
		fs = append(fs, class.Remove(where, h.Name(), fmt.Sprintf("an empty tag of %d bytes", h.Len()), class.Number))
	}
	return fs, nil
}

// Parts lists the tag at off in r for the residue check: its bytes as
// stored, and what had to be decoded to read it (the tag without
// unsynchronisation, frames decompressed or without unsynchronisation);
// pictures and objects go through env.PartsEmbedded.
func Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, off int64, h Header, where string, fn func(scrub.Part) error) error {
	t, err := open(r, off, h, env)
	if err != nil {
		return err
	}
	if err := fn(scrub.Part{Where: where, R: t.storedWithoutObjects(ctx, env, r, off, where)}); err != nil {
		return err
	}
	if t.decoded != nil {
		if err := fn(scrub.Part{Where: where + " (unsynchronised)", R: bytes.NewReader(t.decoded)}); err != nil {
			return err
		}
	}
	if t.body == nil {
		return nil
	}
	count := 0
	return t.walk(ctx, env, t.body, t.n, where, 0, &count, func(f *frame, where string, depth int) error {
		fw := where + " > " + f.raw
		if f.decoded != nil {
			if err := fn(scrub.Part{Where: fw, R: bytes.NewReader(f.decoded)}); err != nil {
				return err
			}
		}
		if o, err := object(f); err != nil {
			return err
		} else if o != nil {
			return env.PartsEmbedded(ctx, fw, o.data, o.n, fn)
		}
		return nil
	}, nil)
}

// storedWithoutObjects reads the tag at off as stored, but for the data of
// the pictures and objects it holds as they are: Parts lists those through
// env.PartsEmbedded, whose handler leaves out a picture's compressed
// pixels, where chance runs of letters look like e-mail addresses that
// the residue check would learn, and find again in a copy that keeps the
// picture.
func (t *tag) storedWithoutObjects(ctx context.Context, env *scrub.Env, r io.ReaderAt, off int64, where string) io.Reader {
	whole := io.NewSectionReader(r, off, t.h.Len())
	if t.body == nil || t.stored == nil {
		return whole
	}
	var holes [][2]int64 // offsets in the stored body
	count := 0
	err := t.walk(ctx, env, t.body, t.n, where, 0, &count, func(f *frame, _ string, _ int) error {
		o, err := object(f)
		if err != nil || o == nil {
			return nil
		}
		if at, ok := offsetIn(o.data, t.stored); ok {
			holes = append(holes, [2]int64{at, at + o.n})
		}
		return nil
	}, nil)
	if err != nil || len(holes) == 0 {
		return whole
	}
	slices.SortFunc(holes, func(a, b [2]int64) int { return cmp.Compare(a[0], b[0]) })
	start := off + HeaderLen
	rs := []io.Reader{io.NewSectionReader(r, off, HeaderLen)}
	at := int64(0)
	for _, h := range holes {
		if h[0] < at {
			continue // overlapping: never written so, but keep the bytes
		}
		rs = append(rs, io.NewSectionReader(r, start+at, h[0]-at))
		at = h[1]
	}
	rs = append(rs, io.NewSectionReader(r, start+at, off+t.h.Len()-(start+at))) // the rest, a footer too
	return io.MultiReader(rs...)
}

// offsetIn returns where ra reads in base, if ra is a chain of sections
// of base.
func offsetIn(ra io.ReaderAt, base *io.SectionReader) (int64, bool) {
	var at int64
	for range 16 {
		sr, ok := ra.(*io.SectionReader)
		if !ok {
			return 0, false
		}
		if sr == base {
			return at, true
		}
		outer, o, _ := sr.Outer()
		at += o
		ra = outer
	}
	return 0, false
}

// walk calls fn for every frame of body[0:end], and for the frames inside
// chapters (to maxDepth), and tail with where the frames stopped.
func (t *tag) walk(ctx context.Context, env *scrub.Env, body io.ReaderAt, end int64, where string, depth int, count *int,
	fn func(f *frame, where string, depth int) error, tail func(where string, body io.ReaderAt, stop, end int64) error) error {
	stop, err := t.frames(ctx, env, body, end, count, func(f *frame) error {
		if err := fn(f, where, depth); err != nil {
			return err
		}
		sub, n, name, err := subFrames(f)
		if err != nil || sub == nil {
			return err
		}
		if depth+1 >= maxDepth {
			return nil
		}
		return t.walk(ctx, env, sub, n, where+" > "+f.raw+" "+name, depth+1, count, fn, tail)
	})
	if err != nil {
		return err
	}
	if tail != nil {
		return tail(where, body, stop, end)
	}
	return nil
}

// subFrames returns the frames inside a CHAP or CTOC frame and the
// element id that names it.
func subFrames(f *frame) (io.ReaderAt, int64, string, error) {
	if f.id != "CHAP" && f.id != "CTOC" || f.data == nil {
		return nil, 0, "", nil
	}
	b, err := f.head(maxTextRead)
	if err != nil {
		return nil, 0, "", err
	}
	id, rest, ok := cut(0, b)
	if !ok {
		return nil, 0, "", nil
	}
	if f.id == "CHAP" {
		if len(rest) < 16 {
			return nil, 0, "", nil
		}
		rest = rest[16:]
	} else {
		if len(rest) < 2 {
			return nil, 0, "", nil
		}
		n := int(rest[1])
		rest = rest[2:]
		for i := 0; i < n; i++ {
			if _, rest, ok = cut(0, rest); !ok {
				return nil, 0, "", nil
			}
		}
	}
	start := int64(len(b) - len(rest))
	return io.NewSectionReader(f.data, start, f.n-start), f.n - start, imagemeta.Latin1(id), nil
}

// padding checks that body[stop:end] is zeros (padding); otherwise it
// returns a finding for what is there.
func padding(body io.ReaderAt, stop, end int64, where string) (*scrub.Finding, error) {
	buf := make([]byte, 32<<10)
	for off := stop; off < end; {
		k := min(end-off, int64(len(buf)))
		if n, err := body.ReadAt(buf[:k], off); int64(n) < k {
			return nil, fmt.Errorf("reading: %w", err)
		}
		for i, c := range buf[:k] {
			if c != 0 {
				at := off + int64(i)
				b, err := readFull(body, at, min(end-at, 4096))
				if err != nil {
					return nil, err
				}
				f := class.Remove(where, "data after the frames", fmt.Sprintf("%d bytes that are not frames or padding: %s", end-at, imagemeta.Describe(b)),
					class.Hidden)
				return &f, nil
			}
		}
		off += k
	}
	return nil, nil
}

// frameFindings lists one frame.
func frameFindings(ctx context.Context, env *scrub.Env, f *frame, where string) ([]scrub.Finding, error) {
	r := ruleFor(f.id)
	if f.data == nil {
		if f.encrypted {
			r = class.PrivateData
		}
		return []scrub.Finding{class.Remove(where, f.raw, fmt.Sprintf("(%s, %d bytes)", f.unreadable, f.stored), class.Class{Label: r.Label, Kind: r.Kind})}, nil
	}
	b, err := f.head(maxTextRead)
	if err != nil {
		return nil, err
	}
	field, value := f.raw, ""
	var nested []scrub.Finding
	switch id := f.id; {
	case id == "TXXX" || id == "WXXX":
		if len(b) < 1 {
			break
		}
		desc, rest, _ := cut(b[0], b[1:])
		if len(desc) > 0 {
			field += ":" + text(b[0], desc)
		}
		if id == "WXXX" {
			value = latin1(rest)
		} else {
			value = strings.Join(texts(b[0], rest), " / ")
		}
		if strings.HasPrefix(strings.ToLower(field), "txxx:musicbrainz") {
			r = class.DocumentID
		}
	case id[0] == 'T':
		if len(b) >= 1 {
			value = strings.Join(texts(b[0], b[1:]), " / ")
		}
	case id[0] == 'W' || id == "LINK":
		value = latin1(b)
	case id == "COMM" || id == "USLT" || id == "USER":
		if len(b) < 4 {
			break
		}
		rest := b[4:]
		if id != "USER" {
			var desc []byte
			desc, rest, _ = cut(b[0], rest)
			if d := text(b[0], desc); d != "" {
				field += ":" + d
			}
		}
		value = text(b[0], rest)
	case id == "SYLT":
		value = syltText(b)
	case id == "APIC" || id == "GEOB":
		o, err := object(f)
		if err != nil {
			return nil, err
		}
		if o == nil {
			value = imagemeta.Describe(b)
			break
		}
		value = o.describe()
		sub, err := env.InspectEmbedded(ctx, where+" > "+f.raw+" ("+o.kind+")", o.data, o.n)
		if err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		nested = sub // content no handler claims, or cannot read, is dropped with the tag all the same
	case id == "PRIV" || id == "UFID" || id == "AENC" || id == "ENCR" || id == "GRID" || id == "CRM":
		owner, rest, _ := cut(0, b)
		value = latin1(owner) + ": " + binaryValue(rest, f.n-int64(len(b)-len(rest)))
	case id == "POPM":
		email, rest, _ := cut(0, b)
		value = latin1(email)
		if value == "" {
			r = class.Statistics
			value = "(no e-mail)"
		}
		if len(rest) > 0 {
			value += fmt.Sprintf(" (rating %d)", rest[0])
		}
	case id == "OWNE":
		if len(b) < 1 {
			break
		}
		price, rest, _ := cut(0, b[1:])
		if len(rest) >= 8 {
			value = fmt.Sprintf("%s, bought %s for %s", text(b[0], rest[8:]), latin1(rest[:8]), latin1(price))
		}
	case id == "COMR":
		value = imagemeta.Preview(b, 400)
	case id == "CHAP":
		elem, rest, _ := cut(0, b)
		value = latin1(elem)
		if len(rest) >= 8 {
			value += fmt.Sprintf(" %d–%d ms", binary.BigEndian.Uint32(rest), binary.BigEndian.Uint32(rest[4:]))
		}
	case id == "CTOC":
		elem, _, _ := cut(0, b)
		value = latin1(elem)
	default:
		value = imagemeta.Describe(b)
		if f.n > int64(len(b)) {
			value = fmt.Sprintf("%d bytes", f.n)
		}
	}
	if f.unreadable != "" {
		value += " (" + f.unreadable + ")"
	}
	if strings.TrimSpace(value) == "" {
		value, r.Minor = "(empty)", true
	}
	if f.compressed {
		field += " (compressed)"
	}
	return append([]scrub.Finding{class.Remove(where, field, value, r)}, nested...), nil
}

// obj is the file inside an APIC, PIC or GEOB frame.
type obj struct {
	kind, mime, name, desc string
	data                   io.ReaderAt
	n                      int64
}

func (o *obj) describe() string {
	var s []string
	for _, x := range []string{o.name, o.mime} {
		if x != "" {
			s = append(s, x)
		}
	}
	s = append(s, fmt.Sprintf("%d bytes", o.n))
	v := strings.Join(s, ", ")
	if o.desc != "" {
		v += ": " + o.desc
	}
	return v
}

var pictureTypes = []string{"other", "file icon", "other file icon", "front cover", "back cover", "leaflet page",
	"media", "lead artist", "artist", "conductor", "band", "composer", "lyricist", "recording location",
	"during recording", "during performance", "screen capture", "bright coloured fish", "illustration",
	"band logo", "publisher logo"}

// object returns the picture (APIC, PIC) or object (GEOB) a frame
// carries, or nil.
func object(f *frame) (*obj, error) {
	if f.id != "APIC" && f.id != "GEOB" || f.data == nil {
		return nil, nil
	}
	b, err := f.head(64 << 10)
	if err != nil {
		return nil, err
	}
	if len(b) < 2 {
		return nil, nil
	}
	enc, rest := b[0], b[1:]
	o := &obj{}
	var ok bool
	var mime, name, desc []byte
	switch {
	case f.raw == "PIC":
		if len(rest) < 4 {
			return nil, nil
		}
		o.mime = "image/" + strings.ToLower(latin1(rest[:3]))
		o.kind = pictureType(rest[3])
		desc, rest, ok = cut(enc, rest[4:])
	case f.id == "APIC":
		if mime, rest, ok = cut(0, rest); !ok || len(rest) < 1 {
			return nil, nil
		}
		o.mime = latin1(mime)
		o.kind = pictureType(rest[0])
		desc, rest, ok = cut(enc, rest[1:])
	default: // GEOB
		if mime, rest, ok = cut(0, rest); !ok {
			return nil, nil
		}
		if name, rest, ok = cut(enc, rest); !ok {
			return nil, nil
		}
		desc, rest, ok = cut(enc, rest)
		o.kind, o.mime, o.name = "object", latin1(mime), text(enc, name)
	}
	if !ok {
		return nil, nil
	}
	o.desc = text(enc, desc)
	start := int64(len(b) - len(rest))
	o.n = f.n - start
	o.data = io.NewSectionReader(f.data, start, o.n)
	return o, nil
}

func pictureType(t byte) string {
	if int(t) < len(pictureTypes) {
		return pictureTypes[t]
	}
	return fmt.Sprintf("picture type %d", t)
}

// binaryValue shows binary frame content: a GUID as Windows prints it,
// readable text, or the size.
func binaryValue(b []byte, n int64) string {
	if n == 16 && len(b) == 16 {
		return fmt.Sprintf("%08X-%04X-%04X-%X-%X", binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint16(b[4:]),
			binary.LittleEndian.Uint16(b[6:]), b[8:10], b[10:])
	}
	if p := imagemeta.Preview(b, 200); p != "" {
		return fmt.Sprintf("%d bytes: %s", n, p)
	}
	if n <= 64 && int64(len(b)) == n {
		return fmt.Sprintf("%X", b)
	}
	return fmt.Sprintf("%d bytes", n)
}

// syltText joins the lines of synchronised lyrics: encoding, language,
// time format, content type, description, then text and time stamps.
func syltText(b []byte) string {
	if len(b) < 6 {
		return ""
	}
	enc := b[0]
	_, rest, ok := cut(enc, b[6:])
	var lines []string
	for ok && len(rest) > 0 && len(lines) < 1000 {
		var line []byte
		if line, rest, ok = cut(enc, rest); ok {
			lines = append(lines, text(enc, line))
			if len(rest) < 4 {
				break
			}
			rest = rest[4:]
		}
	}
	return strings.Join(lines, " ")
}

// cut splits b at the first string terminator of encoding enc (one NUL
// byte, or two at an even offset for UTF-16). ok is false when there is
// none: first is then all of b.
func cut(enc byte, b []byte) (first, rest []byte, ok bool) {
	if enc == 1 || enc == 2 {
		for i := 0; i+1 < len(b); i += 2 {
			if b[i] == 0 && b[i+1] == 0 {
				return b[:i], b[i+2:], true
			}
		}
		return b, nil, false
	}
	for i, c := range b {
		if c == 0 {
			return b[:i], b[i+1:], true
		}
	}
	return b, nil, false
}

// texts returns the strings of a text frame (2.4 separates several
// values by terminators).
func texts(enc byte, b []byte) []string {
	var out []string
	for len(b) > 0 && len(out) < 100 {
		s, rest, _ := cut(enc, b)
		if t := text(enc, s); t != "" {
			out = append(out, t)
		}
		b = rest
	}
	return out
}

// text decodes one string in encoding enc: 0 ISO-8859-1, 1 UTF-16 with a
// byte order mark, 2 UTF-16BE, 3 UTF-8.
func text(enc byte, b []byte) string {
	switch enc {
	case 1, 2:
		bigEndian := enc == 2
		if len(b) >= 2 {
			switch {
			case b[0] == 0xfe && b[1] == 0xff:
				bigEndian, b = true, b[2:]
			case b[0] == 0xff && b[1] == 0xfe:
				bigEndian, b = false, b[2:]
			}
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			if bigEndian {
				u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
			} else {
				u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
			}
		}
		return strings.TrimRight(string(utf16.Decode(u)), "\x00")
	case 3:
		return strings.TrimRight(string(b), "\x00")
	}
	return latin1(b)
}

func latin1(b []byte) string { return strings.TrimRight(imagemeta.Latin1(b), "\x00") }
