package archive

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"compress/bzip2"

	dbzip2 "github.com/dsnet/compress/bzip2"
	"github.com/klauspost/compress/gzip"
	"github.com/ulikunitz/xz"

	"github.com/scrub-project/scrub/scrub"
)

// compression is how a TAR archive is compressed. A cleaned archive is
// compressed the same way, so that it keeps a name and type the user
// recognises.
type compression uint8

const (
	plain compression = iota
	gzipped
	xzipped
	bzipped
)

func (c compression) format() string {
	switch c {
	case gzipped:
		return "tar.gz"
	case xzipped:
		return "tar.xz"
	case bzipped:
		return "tar.bz2"
	}
	return "tar"
}

func (c compression) where() string {
	switch c {
	case gzipped:
		return "gzip header"
	case xzipped:
		return "xz container"
	case bzipped:
		return "bzip2 container"
	}
	return ""
}

var (
	gzipMagic  = []byte{0x1f, 0x8b, 8}
	xzMagic    = []byte{0xfd, '7', 'z', 'X', 'Z', 0}
	bzip2Magic = []byte("BZh")
)

func sniffCompression(head []byte) (compression, bool) {
	switch {
	case bytes.HasPrefix(head, gzipMagic):
		return gzipped, true
	case bytes.HasPrefix(head, xzMagic):
		return xzipped, true
	case len(head) >= 10 && bytes.HasPrefix(head, bzip2Magic) && head[3] >= '1' && head[3] <= '9' &&
		(bytes.Equal(head[4:10], []byte{0x31, 0x41, 0x59, 0x26, 0x53, 0x59}) || bytes.Equal(head[4:10], []byte{0x17, 0x72, 0x45, 0x38, 0x50, 0x90})):
		return bzipped, true
	}
	return plain, false
}

// maxXZDict bounds the dictionary an xz stream may ask for: the decoder
// allocates it whole before it reads a byte. xz -9 uses 64 MiB.
const maxXZDict = 64 << 20

// decompressed is the content of a compressed archive as a stream.
type decompressed struct {
	io.Reader
	gz *gzipStream // for gzip: the headers of its members
}

// decompress returns a reader of the decompressed content of r (size
// bytes, compressed with c). It charges every byte to env (nil in
// Identify) and returns ctx.Err() once ctx is done. Errors of the
// decompressor are ErrMalformed.
func decompress(ctx context.Context, env *scrub.Env, c compression, r io.ReaderAt, size int64) (*decompressed, error) {
	format := c.format()
	src := bufio.NewReaderSize(io.NewSectionReader(r, 0, size), 64<<10)
	d := &decompressed{}
	var zr io.Reader
	switch c {
	case gzipped:
		g, err := newGzipStream(src)
		if err != nil {
			return nil, scrub.Malformed(format, err, "the gzip compression is damaged")
		}
		d.gz, zr = g, g
	case xzipped:
		total, err := checkXZ(r, size)
		if err != nil {
			return nil, err
		}
		if env != nil && total > uint64(scrub.LimitsOf(env).MaxTotalSize) {
			return nil, scrub.OverLimit(format, scrub.LimitTotalSize, fmt.Sprintf("the archive inflates to %d MiB, over the limit of %d MiB", total>>20, scrub.LimitsOf(env).MaxTotalSize>>20))
		}
		x, err := xz.ReaderConfig{DictCap: 1 << 20}.NewReader(src)
		if err != nil {
			return nil, scrub.Malformed(format, err, "the xz compression is damaged")
		}
		zr = x
	case bzipped:
		zr = bzip2.NewReader(src)
	default:
		zr = src
	}
	d.Reader = &budgetReader{ctx: ctx, env: env, r: zr, format: format, compressed: c != plain}
	return d, nil
}

// budgetReader charges what it reads to env and turns decompression errors
// into ErrMalformed.
type budgetReader struct {
	ctx        context.Context
	env        *scrub.Env
	r          io.Reader
	format     string
	compressed bool
	err        error
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if err := b.ctx.Err(); err != nil {
		b.err = err
		return 0, err
	}
	n, err := b.r.Read(p)
	if n > 0 && b.env != nil && b.compressed {
		if cerr := b.env.Consume(int64(n)); cerr != nil {
			b.err = cerr
			return 0, cerr
		}
	}
	if err != nil && err != io.EOF {
		var fe *scrub.FormatError
		if !errors.As(err, &fe) && b.compressed {
			err = scrub.Malformed(b.format, err, "the compressed data is damaged")
		}
		b.err = err
	}
	return n, err
}

// gzipStream reads every member of a gzip file (gzip -c a b > c makes
// several) and keeps their headers: the original file name, a time and a
// comment are metadata.
type gzipStream struct {
	src     *bufio.Reader
	zr      *gzip.Reader
	headers []gzip.Header
}

func newGzipStream(src *bufio.Reader) (*gzipStream, error) {
	zr, err := gzip.NewReader(src)
	if err != nil {
		return nil, err
	}
	zr.Multistream(false)
	return &gzipStream{src: src, zr: zr, headers: []gzip.Header{zr.Header}}, nil
}

func (g *gzipStream) Read(p []byte) (int, error) {
	for {
		n, err := g.zr.Read(p)
		if err != io.EOF {
			return n, err
		}
		if err := g.zr.Reset(g.src); err != nil {
			if err == io.EOF {
				return n, io.EOF
			}
			return n, fmt.Errorf("data after the compressed archive: %w", err)
		}
		g.zr.Multistream(false)
		if len(g.headers) < 1000 {
			g.headers = append(g.headers, g.zr.Header)
		}
		if n > 0 {
			return n, nil
		}
	}
}

// findings lists what the gzip headers reveal.
func (g *gzipStream) findings() []scrub.Finding {
	var fs []scrub.Finding
	add := func(field, value string, kind scrub.Kind, label scrub.Label) {
		fs = append(fs, scrub.Finding{Where: gzipped.where(), Field: field, Value: value, Kind: kind, Label: label, Action: scrub.Remove})
	}
	for _, h := range g.headers {
		if h.Name != "" {
			add("original file name", h.Name, scrub.KindPath, scrub.LabelFilePath)
		}
		if h.Comment != "" {
			add("comment", h.Comment, scrub.KindComment, scrub.LabelComment)
		}
		if !h.ModTime.IsZero() && h.ModTime.Unix() != 0 {
			add("modification time", h.ModTime.UTC().Format(time.DateTime), scrub.KindTime, scrub.LabelModified)
		}
		if len(h.Extra) > 0 {
			add("extra field", fmt.Sprintf("%d bytes", len(h.Extra)), scrub.KindOther, scrub.LabelPrivateData)
		}
	}
	return fs
}

// structure renders the gzip headers for the residue search.
func (g *gzipStream) structure() []byte {
	var b bytes.Buffer
	for _, h := range g.headers {
		fmt.Fprintf(&b, "%s\n%s\n%d\n%d\n", h.Name, h.Comment, h.ModTime.Unix(), h.OS)
		b.Write(h.Extra)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// compressor returns a writer that compresses with c into w, with fixed
// settings and no header metadata (no name, no time), so that the same
// input always gives the same bytes.
func compressor(c compression, w io.Writer) (io.WriteCloser, error) {
	switch c {
	case gzipped:
		return gzip.NewWriterLevel(w, 6)
	case xzipped:
		return xz.WriterConfig{}.NewWriter(w)
	case bzipped:
		return dbzip2.NewWriter(w, &dbzip2.WriterConfig{Level: 9})
	}
	return nopCloser{w}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// checkXZ walks the xz streams in r from the end (stream footers, indexes
// and block headers) before anything is decompressed, and refuses a
// dictionary over maxXZDict: the decoder would allocate it in full. It
// returns the uncompressed size the indexes declare.
func checkXZ(r io.ReaderAt, size int64) (uint64, error) {
	bad := func(f string, args ...any) error {
		return scrub.Malformed("tar.xz", nil, "the xz compression is damaged ("+f+")", args...)
	}
	read := func(off, n int64) ([]byte, error) {
		if off < 0 || n < 0 || off+n > size {
			return nil, bad("a size points outside the file")
		}
		b := make([]byte, n)
		if _, err := r.ReadAt(b, off); err != nil && err != io.EOF {
			return nil, err
		}
		return b, nil
	}
	end := size
	var total uint64
	for streams := 0; end > 0; streams++ {
		if streams > 1000 {
			return 0, bad("too many streams")
		}
		// Stream padding: zero bytes in groups of four.
		for end >= 4 {
			b, err := read(end-4, 4)
			if err != nil {
				return 0, err
			}
			if !bytes.Equal(b, []byte{0, 0, 0, 0}) {
				break
			}
			end -= 4
		}
		if end == 0 {
			break
		}
		foot, err := read(end-12, 12)
		if err != nil {
			return 0, err
		}
		if string(foot[10:]) != "YZ" {
			return 0, bad("no stream footer")
		}
		indexSize := (int64(binary.LittleEndian.Uint32(foot[4:])) + 1) * 4
		indexStart := end - 12 - indexSize
		idx, err := read(indexStart, indexSize)
		if err != nil {
			return 0, err
		}
		if idx[0] != 0 {
			return 0, bad("no index")
		}
		p := idx[1:]
		count, ok := uvarint(&p)
		if !ok || count > uint64(len(p)) {
			return 0, bad("index")
		}
		var blocks []int64 // padded block sizes
		var sum int64
		for i := uint64(0); i < count; i++ {
			unpadded, ok1 := uvarint(&p)
			usize, ok2 := uvarint(&p)
			if !ok1 || !ok2 || unpadded > uint64(size) {
				return 0, bad("index")
			}
			padded := (int64(unpadded) + 3) &^ 3
			blocks = append(blocks, padded)
			sum += padded
			total += usize
		}
		streamStart := indexStart - sum - 12
		head, err := read(streamStart, 12)
		if err != nil {
			return 0, err
		}
		if !bytes.Equal(head[:6], xzMagic) {
			return 0, bad("no stream header")
		}
		off := streamStart + 12
		for _, n := range blocks {
			if err := checkXZBlock(read, off, bad); err != nil {
				return 0, err
			}
			off += n
		}
		end = streamStart
	}
	return total, nil
}

func checkXZBlock(read func(off, n int64) ([]byte, error), off int64, bad func(string, ...any) error) error {
	b, err := read(off, 1)
	if err != nil {
		return err
	}
	hsize := (int64(b[0]) + 1) * 4
	h, err := read(off, hsize)
	if err != nil {
		return err
	}
	flags := h[1]
	p := h[2:]
	if flags&0x40 != 0 {
		if _, ok := uvarint(&p); !ok {
			return bad("block header")
		}
	}
	if flags&0x80 != 0 {
		if _, ok := uvarint(&p); !ok {
			return bad("block header")
		}
	}
	for i := 0; i <= int(flags&3); i++ {
		id, ok1 := uvarint(&p)
		n, ok2 := uvarint(&p)
		if !ok1 || !ok2 || n > uint64(len(p)) {
			return bad("block header")
		}
		props := p[:n]
		p = p[n:]
		if id != 0x21 {
			return scrub.Unsupported("tar.xz", fmt.Sprintf("the xz compression uses a filter scrub does not support (0x%x)", id), "")
		}
		if len(props) == 1 {
			d := props[0]
			if d > 40 {
				return bad("dictionary size")
			}
			dict := uint64(2|d&1) << (d/2 + 11)
			if d == 40 || dict > maxXZDict {
				return scrub.OverLimit("tar.xz", scrub.LimitMemberSize, fmt.Sprintf("the xz compression asks for a %d MiB dictionary, over the %d MiB scrub allows", dict>>20, maxXZDict>>20))
			}
		}
	}
	return nil
}

// uvarint reads an xz variable-length integer (at most 9 bytes).
func uvarint(p *[]byte) (uint64, bool) {
	var v uint64
	for i := 0; i < 9 && i < len(*p); i++ {
		c := (*p)[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			*p = (*p)[i+1:]
			return v, true
		}
	}
	return 0, false
}
