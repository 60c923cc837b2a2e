// Package png cleans PNG and APNG images without re-encoding them.
//
// Clean copies, byte for byte, the chunks that decoding and display need
// (IHDR, PLTE, IDAT, IEND, tRNS, the colour chunks gAMA, cHRM, sRGB, iCCP,
// sBIT, cICP, mDCV, cLLI, pHYs, bKGD, sTER, and APNG's acTL, fcTL, fdAT) and
// drops the rest: text chunks (tEXt, zTXt, iTXt, XMP included), eXIf,
// tIME, every other ancillary chunk, and data after IEND. Every chunk's
// CRC is checked first; a file with a bad CRC is refused as damaged. If
// the eXIf orientation was not 1, a minimal eXIf chunk that holds only the
// Orientation tag is written back right after IHDR (before the image data,
// where Safari and Chromium honour it; Firefox and Go ignore it), so the
// picture displays as it did. The colour profile keeps everything but the
// display serial number macOS writes into display profiles.
package png

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/formats/internal/trailing"
	"github.com/scrub-project/scrub/formats/internal/warnings"
	"github.com/scrub-project/scrub/scrub"
)

const signature = "\x89PNG\r\n\x1a\n"

type handler struct{}

// New returns the handler for PNG (and APNG) images.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "png" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{{Name: "png", Extensions: []string{".png"}, MediaTypes: []string{"image/png", "image/apng"}, Description: "PNG image"}}
}

// Identify claims content that starts with the PNG signature.
func (handler) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte(signature)) {
		return "png", nil
	}
	return "", nil
}

// kept are the chunks decoding or display needs. Everything else that is
// ancillary is dropped; an unknown critical chunk is refused.
var kept = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true,
	"tRNS": true, "gAMA": true, "cHRM": true, "sRGB": true, "iCCP": true, "sBIT": true,
	"cICP": true, "mDCV": true, "mDCv": true, "cLLI": true, "cLLi": true,
	"pHYs": true, "bKGD": true, "sTER": true,
	"acTL": true, "fcTL": true, "fdAT": true,
}

// chunk is one chunk of the file; its data is read again when needed.
type chunk struct {
	typ string
	off int64 // offset of the length field
	n   int64 // data length
}

func (c chunk) end() int64 { return c.off + 12 + c.n }

// run is a byte range of kept chunks, or one iCCP chunk.
type run struct {
	from, to int64
	iccp     bool
}

// layout is what walking a PNG found.
type layout struct {
	ihdr        chunk
	runs        []run // after IHDR: the kept chunks, in order
	dropped     []chunk
	iccp        []chunk
	end         int64 // offset just after IEND
	exif        int   // index in dropped of the first eXIf, -1 if none
	orientation int   // its Orientation if 2 to 8, else 0
	minimal     bool  // the first eXIf is exactly scrub's orientation-only block
}

func malformed(reasonf string, args ...any) error {
	return scrub.Malformed("png", nil, reasonf, args...)
}

// walk reads the chunk structure and checks every CRC. It returns a
// *scrub.FormatError of kind ErrMalformed for a truncated file, a bad
// length, type or CRC, or a missing IHDR, IDAT or IEND; ErrUnsupported for
// an unknown critical chunk; ErrLimit for a chunk larger than
// env.Limits.MaxMemberSize or more chunks than env.Limits.MaxMembers that
// cleaning would have to track.
func walk(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) (*layout, error) {
	sig := make([]byte, len(signature))
	if _, err := r.ReadAt(sig, 0); err != nil || string(sig) != signature {
		return nil, malformed("missing PNG signature")
	}
	lim := scrub.LimitsOf(env)
	lay := &layout{exif: -1}
	pos := int64(len(signature))
	var sawIDAT bool
	hdr := make([]byte, 8)
	for i := 0; ; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if pos+8 > size {
			return nil, malformed("the file ends before the end chunk (IEND): it is cut short")
		}
		if _, err := r.ReadAt(hdr, pos); err != nil {
			return nil, fmt.Errorf("reading: %w", err)
		}
		n := int64(binary.BigEndian.Uint32(hdr))
		typ := string(hdr[4:])
		if !validType(hdr[4:]) {
			return nil, malformed("invalid chunk type %q at offset %d", typ, pos)
		}
		if n > 1<<31-1 {
			return nil, malformed("chunk %s at offset %d has an invalid length", typ, pos)
		}
		c := chunk{typ: typ, off: pos, n: n}
		if c.end() > size {
			return nil, malformed("chunk %s at offset %d runs past the end of the file", typ, pos)
		}
		if n > lim.MaxMemberSize {
			return nil, scrub.LimitError("png", fmt.Sprintf("chunk %s is larger than %d MiB", typ, lim.MaxMemberSize>>20), "")
		}
		if err := checkCRC(ctx, r, c); err != nil {
			return nil, err
		}
		if i == 0 {
			switch {
			case typ == "CgBI":
				return nil, scrub.Unsupported("png", "Apple-optimised PNG (CgBI) is not a standard PNG",
					"open it on a Mac or iPhone and export it as a normal PNG, then clean that copy")
			case typ != "IHDR" || n != 13:
				return nil, malformed("missing header chunk (IHDR)")
			}
			lay.ihdr = c
			pos = c.end()
			continue
		}
		switch {
		case typ == "IHDR":
			return nil, malformed("a second header chunk (IHDR)")
		case kept[typ]:
			if typ == "IDAT" {
				sawIDAT = true
			}
			switch k := len(lay.runs); {
			case typ == "iCCP":
				lay.iccp = append(lay.iccp, c)
				lay.runs = append(lay.runs, run{c.off, c.end(), true})
			case k > 0 && !lay.runs[k-1].iccp && lay.runs[k-1].to == c.off:
				lay.runs[k-1].to = c.end()
			default:
				lay.runs = append(lay.runs, run{c.off, c.end(), false})
			}
		case typ[0]&0x20 == 0: // upper case: critical
			return nil, scrub.Unsupported("png", fmt.Sprintf("unknown critical chunk %s", typ),
				"convert it to a standard PNG and clean that copy")
		default:
			if typ == "eXIf" && lay.exif < 0 {
				lay.exif = len(lay.dropped)
				if err := lay.readOrientation(r, c); err != nil {
					return nil, err
				}
			}
			lay.dropped = append(lay.dropped, c)
		}
		if len(lay.runs)+len(lay.dropped) > lim.MaxMembers {
			return nil, scrub.LimitError("png", fmt.Sprintf("more than %d chunks to keep or remove", lim.MaxMembers), "")
		}
		pos = c.end()
		if typ == "IEND" {
			break
		}
	}
	if !sawIDAT {
		return nil, malformed("no image data (IDAT chunk)")
	}
	lay.end = pos
	return lay, nil
}

func validType(t []byte) bool {
	for _, c := range t {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// checkCRC compares a chunk's stored CRC with the CRC of its type and
// data, streaming the data.
func checkCRC(ctx context.Context, r io.ReaderAt, c chunk) error {
	h := crc32.NewIEEE()
	const step = 4 << 20
	for off, left := c.off+4, c.n+4; left > 0; {
		if err := ctx.Err(); err != nil {
			return err
		}
		k := min(left, step)
		if _, err := io.Copy(h, io.NewSectionReader(r, off, k)); err != nil {
			return fmt.Errorf("reading: %w", err)
		}
		off, left = off+k, left-k
	}
	var stored [4]byte
	if _, err := r.ReadAt(stored[:], c.off+8+c.n); err != nil {
		return fmt.Errorf("reading: %w", err)
	}
	if binary.BigEndian.Uint32(stored[:]) != h.Sum32() {
		return malformed("chunk %s at offset %d has a bad checksum (the file is damaged)", c.typ, c.off)
	}
	return nil
}

// data reads a chunk's data, at most max bytes of it.
func data(r io.ReaderAt, c chunk, max int64) ([]byte, error) {
	return section.Read(r, c.off+8, min(c.n, max))
}

func (l *layout) readOrientation(r io.ReaderAt, c chunk) error {
	b, err := data(r, c, c.n)
	if err != nil {
		return err
	}
	if o, ok := imagemeta.IsOrientationEXIF(b); ok {
		l.orientation, l.minimal = o, true
		return nil
	}
	_, o := imagemeta.EXIF(imagemeta.ExifTIFF(b), "")
	if o >= 2 && o <= 8 {
		l.orientation = o
	}
	return nil
}

// Clean writes the signature, IHDR, an orientation-only eXIf if the
// picture is rotated, and the kept chunks byte for byte in their order. It
// returns the errors walk does, and warnings when data after IEND, a
// digital signature or content credentials were removed.
func (handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	return cleanLayout(ctx, env, r, size, w, lay)
}

func cleanLayout(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer, lay *layout) ([]scrub.Warning, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(signature)
	if err := section.Copy(ctx, bw, r, lay.ihdr.off, lay.ihdr.end()-lay.ihdr.off); err != nil {
		return nil, err
	}
	if lay.orientation != 0 {
		writeChunk(bw, "eXIf", imagemeta.OrientationEXIF(lay.orientation))
	}
	for _, run := range lay.runs {
		if run.iccp {
			c := chunk{typ: "iCCP", off: run.from, n: run.to - run.from - 12}
			b, err := data(r, c, c.n)
			if err != nil {
				return nil, err
			}
			if p, drop, err := scrubICCP(env, b); err != nil {
				return nil, err
			} else if drop {
				continue
			} else if p != nil {
				writeChunk(bw, "iCCP", p)
				continue
			}
		}
		if err := section.Copy(ctx, bw, r, run.from, run.to-run.from); err != nil {
			return nil, err
		}
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	var ws []scrub.Warning
	for _, c := range lay.dropped {
		switch c.typ {
		case "dSIG":
			ws = append(ws, warnings.SignatureRemoved())
		case "caBX":
			ws = append(ws, warnings.ContentCredentialsRemoved())
		}
	}
	if lay.end < size {
		tw, ok, err := trailing.Warning(ctx, r, lay.end, size-lay.end, "after the end of the image", "PNG")
		if err != nil {
			return nil, err
		}
		if ok {
			ws = append(ws, tw)
		}
	}
	return ws, nil
}

func writeChunk(w io.Writer, typ string, data []byte) {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(b.Bytes()[4:]))
	w.Write(b.Bytes())
}

// inflate decompresses zlib data, at most max bytes of output, charging
// what it inflates to env. A damaged stream yields what was readable.
func inflate(env *scrub.Env, b []byte, max int64) ([]byte, error) {
	out, _, err := inflateAll(env, b, max)
	return out, err
}

// inflateAll is inflate that also reports whether the stream was read
// whole and intact.
func inflateAll(env *scrub.Env, b []byte, max int64) (out []byte, whole bool, err error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, false, nil
	}
	out, rerr := io.ReadAll(io.LimitReader(zr, max+1))
	if env != nil {
		if err := env.Consume(int64(len(out))); err != nil {
			return nil, false, err
		}
	}
	if int64(len(out)) > max {
		return out[:max], false, nil
	}
	return out, rerr == nil, nil
}

// iccpProfile returns the profile of an iCCP chunk's data (name, NUL,
// method, compressed profile) and whether it was read whole, so that
// Clean can rewrite it.
func iccpProfile(env *scrub.Env, b []byte) (name, prof []byte, whole bool, err error) {
	name, rest, ok := bytes.Cut(b, []byte{0})
	if !ok || len(rest) < 1 || rest[0] != 0 {
		return name, nil, false, nil
	}
	prof, whole, err = inflateAll(env, rest[1:], maxProfile(env))
	return name, prof, whole, err
}

// iccpName is the profile name cleaned iCCP chunks carry: the name is
// free text a program chooses (often the profile's description).
const iccpName = "ICC profile"

func maxProfile(env *scrub.Env) int64 { return min(scrub.LimitsOf(env).MaxMemberSize, 64<<20) }

// scrubICCP returns the iCCP chunk data with the profile cleaned (see
// imagemeta.CleanICC) and a neutral profile name, or nil if there is
// nothing to change or the profile cannot be read whole.
// A profile that cannot be read whole (over the limits) cannot be
// cleaned: drop is true and the chunk goes.
func scrubICCP(env *scrub.Env, b []byte) (p []byte, drop bool, err error) {
	name, prof, whole, err := iccpProfile(env, b)
	if err != nil || !whole || !imagemeta.ICCUsable(prof) {
		return nil, err == nil, err
	}
	prof, changed := imagemeta.CleanICC(prof)
	if !changed && string(name) == iccpName {
		return nil, false, nil
	}
	var out bytes.Buffer
	out.WriteString(iccpName)
	out.Write([]byte{0, 0})
	zw := zlib.NewWriter(&out)
	zw.Write(prof)
	zw.Close()
	return out.Bytes(), false, nil
}

// keywordKinds classifies the text chunks' registered and common
// keywords.
var keywordKinds = map[string]scrub.Kind{
	"Title":          scrub.KindOther,
	"Author":         scrub.KindPerson,
	"Description":    scrub.KindComment,
	"Copyright":      scrub.KindPerson,
	"Creation Time":  scrub.KindTime,
	"Software":       scrub.KindSoftware,
	"Disclaimer":     scrub.KindOther,
	"Warning":        scrub.KindOther,
	"Source":         scrub.KindDevice,
	"Comment":        scrub.KindComment,
	"date:create":    scrub.KindTime,
	"date:modify":    scrub.KindTime,
	"date:timestamp": scrub.KindTime,
}

func keywordKind(k string) scrub.Kind {
	for key, kind := range keywordKinds {
		if strings.EqualFold(k, key) {
			return kind
		}
	}
	// ImageMagick and others copy XMP properties into "prefix:Name"
	// keywords.
	if kind, ok := imagemeta.XMPKind(k); ok {
		return kind
	}
	// ImageMagick copies EXIF tags into "exif:Name" text chunks.
	if name, ok := strings.CutPrefix(k, "exif:"); ok {
		switch {
		case strings.HasPrefix(name, "GPS"):
			return scrub.KindLocation
		case strings.HasPrefix(name, "DateTime"), strings.HasPrefix(name, "SubSecTime"), strings.HasPrefix(name, "OffsetTime"):
			return scrub.KindTime
		case name == "Make" || name == "Model" || strings.Contains(name, "SerialNumber") || strings.HasPrefix(name, "Lens"):
			return scrub.KindDevice
		case name == "Software":
			return scrub.KindSoftware
		case name == "Artist" || name == "Copyright" || name == "CameraOwnerName":
			return scrub.KindPerson
		case name == "UserComment" || name == "ImageDescription":
			return scrub.KindComment
		}
	}
	return scrub.KindOther
}
