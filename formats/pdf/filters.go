package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/adler32"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zlib"
	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// A stream's /Filter is a chain: the data is decoded by the first filter,
// then the second, and so on. The chain may end in an image codec (JPEG,
// JPEG 2000, CCITT fax, JBIG2), whose output is pixels: decoding stops
// before it, and the codec's input is what scrub cleans (a JPEG file, a
// JPEG 2000 file) or copies (fax and JBIG2 data hold no metadata blocks).

type filterStep struct {
	name  string
	parms types.Dict
}

// imageCodecs are the filters whose output is pixels.
var imageCodecs = map[string]bool{"DCTDecode": true, "JPXDecode": true, "CCITTFaxDecode": true, "JBIG2Decode": true}

// errFilter means a stream's filters could not be read or applied.
var errFilter = errors.New("unknown or damaged filter")

// maxFilters bounds a filter chain.
const maxFilters = 16

// filterChain returns the filters of a stream dictionary, with their
// parameters. A /Crypt filter (the file was decrypted) is left out.
func (d *doc) filterChain(dict types.Dict) ([]filterStep, error) {
	f, _ := d.resolve(dict["Filter"])
	p, _ := d.resolve(dict["DecodeParms"])
	var names []types.Object
	var parms []types.Object
	switch t := f.(type) {
	case nil:
		return nil, nil
	case types.Name:
		names = types.Array{t}
		parms = types.Array{p}
	case types.Array:
		names = t
		if a, ok := p.(types.Array); ok {
			parms = a
		}
	default:
		return nil, errFilter
	}
	if len(names) > maxFilters {
		return nil, fmt.Errorf("%w: %d filters", errFilter, len(names))
	}
	var out []filterStep
	for i, n := range names {
		name := d.name(n)
		if name == "" {
			return nil, errFilter
		}
		if f, ok := inlineFilters[name]; ok {
			name = f
		}
		if name == "Crypt" {
			continue
		}
		var pd types.Dict
		if i < len(parms) {
			pd, _ = d.resolveDict(parms[i])
		}
		out = append(out, filterStep{name, pd})
	}
	return out, nil
}

// splitCodec splits a chain into the filters before an image codec and
// the codec (with its parameters), if the chain ends in one. A codec in
// the middle of a chain is an error.
func splitCodec(chain []filterStep) (pre []filterStep, codec *filterStep, err error) {
	for i, f := range chain {
		if imageCodecs[f.name] {
			if i != len(chain)-1 {
				return nil, nil, fmt.Errorf("%w: %s is not the last filter", errFilter, f.name)
			}
			return chain[:i], &chain[i], nil
		}
	}
	return chain, nil, nil
}

// decode runs data through chain (which holds no image codec) and charges
// the decoded bytes to the input's budget. It refuses (ErrLimit) a result
// over the member limit. A damaged zlib stream gives what inflated
// before the damage, with ok false.
func (d *doc) decode(data []byte, chain []filterStep, where string) (out []byte, ok bool, err error) {
	limit := d.env.Limits.MaxMemberSize
	out, ok = data, true
	for _, f := range chain {
		var step []byte
		var err error
		if f.name == "FlateDecode" && !predicted(f.parms) {
			var whole bool
			step, whole, err = inflate(out, limit)
			ok = ok && whole
		} else {
			step, err = pdfcpuDecode(out, f, limit)
		}
		if errors.Is(err, filter.ErrDecodeLimitExceeded) || errors.Is(err, errOverLimit) {
			return nil, false, streamLimit(where, limit)
		}
		if err != nil {
			return nil, false, fmt.Errorf("%w: %s: %v", errFilter, f.name, err)
		}
		if err := d.env.Consume(int64(len(step))); err != nil {
			return nil, false, d.overTotal()
		}
		out = step
	}
	return out, ok, nil
}

// overTotal is the error for decoded streams past the input's budget.
func (d *doc) overTotal() error {
	return scrub.OverLimit(formatName, scrub.LimitTotalSize,
		fmt.Sprintf("the PDF's streams decode to more than the limit of %d MiB in all", d.env.Limits.MaxTotalSize>>20))
}

// pdfcpuDecode applies one filter with pdfcpu's decoders, recovering
// their panics as errors (the input is the file's, and hostile).
func pdfcpuDecode(data []byte, f filterStep, limit int64) (out []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			out, err = nil, fmt.Errorf("the %s decoder failed: %v", f.name, v)
		}
	}()
	parms := map[string]int{}
	for k, v := range f.parms {
		switch t := v.(type) {
		case types.Integer:
			parms[k] = int(t)
		case types.Boolean:
			if t {
				parms[k] = 1
			} else {
				parms[k] = 0
			}
		}
	}
	fi, err := filter.NewFilter(f.name, parms, limit)
	if err != nil {
		return nil, err
	}
	r, err := fi.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if b, ok := r.(*bytes.Buffer); ok {
		return b.Bytes(), nil
	}
	return io.ReadAll(io.LimitReader(r, limit+1))
}

func predicted(parms types.Dict) bool {
	p, ok := parms["Predictor"].(types.Integer)
	return ok && p > 1
}

var errOverLimit = errors.New("over the member limit")

// inflate decompresses a zlib stream, up to limit bytes (more is
// errOverLimit). A damaged stream gives what inflated before the damage,
// with whole false.
func inflate(data []byte, limit int64) ([]byte, bool, error) {
	in := inflaters.Get().(*inflater)
	defer inflaters.Put(in)
	if err := in.reset(data); err != nil {
		return nil, false, nil
	}
	var out bytes.Buffer
	out.Grow(min(len(data)*4, int(min(limit, 64<<20))))
	n, err := io.Copy(&out, io.LimitReader(in.zr, limit+1))
	if n > limit {
		return nil, false, errOverLimit
	}
	return out.Bytes(), err == nil, nil
}

// inflateInto decompresses a zlib stream into buf (reset first), up to
// limit bytes: more is errOverLimit. A damaged stream gives what inflated
// before the damage. It returns how many bytes it inflated.
func inflateInto(buf *bytes.Buffer, data []byte, limit int64) (int64, error) {
	buf.Reset()
	in := inflaters.Get().(*inflater)
	defer inflaters.Put(in)
	if err := in.reset(data); err != nil {
		return 0, nil
	}
	n, _ := buf.ReadFrom(io.LimitReader(in.zr, limit+1))
	if n > limit {
		return n, errOverLimit
	}
	return n, nil
}

// deflate compresses data in the zlib format, deterministically. The
// compressors are reused: each holds a megabyte of state.
func deflate(data []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(data)/3 + 64)
	buf.Write([]byte{0x78, 0x5e}) // zlib header: deflate, 32 KiB window, fast level
	var fw *flate.Writer
	select {
	case fw = <-deflaters:
		fw.Reset(&buf)
	default:
		fw, _ = flate.NewWriter(&buf, deflateLevel)
	}
	fw.Write(data)
	fw.Close()
	select {
	case deflaters <- fw:
	default:
	}
	return binary.BigEndian.AppendUint32(buf.Bytes(), adler32.Checksum(data))
}

// deflateLevel trades a few per cent of size for speed: what scrub
// recompresses (rewritten content streams, fonts without their
// signature, cleaned colour profiles) is a small part of a document.
const deflateLevel = 4

// deflaters keeps a few compressors for reuse (a sync.Pool loses them
// at every garbage collection, and they are big).
var deflaters = make(chan *flate.Writer, 4)

// inflater is a reusable zlib reader and buffer: content streams are many
// and small, and a fresh inflater per stream costs more than the search.
type inflater struct {
	zr  io.ReadCloser
	buf []byte
}

func (in *inflater) reset(data []byte) error {
	var err error
	if in.zr == nil {
		in.zr, err = zlib.NewReader(bytes.NewReader(data))
	} else {
		err = in.zr.(zlib.Resetter).Reset(bytes.NewReader(data), nil)
	}
	if err != nil {
		in.zr = nil
	}
	return err
}

var inflaters = sync.Pool{New: func() any { return &inflater{buf: make([]byte, 64<<10)} }}

// inflateAppend decompresses a zlib stream onto the end of dst, up to
// limit bytes (more is errOverLimit). A damaged stream gives what inflated
// before the damage. It returns dst extended and how many bytes it added.
func inflateAppend(dst, data []byte, limit int64) ([]byte, int64, error) {
	in := inflaters.Get().(*inflater)
	defer inflaters.Put(in)
	if err := in.reset(data); err != nil {
		return dst, 0, nil
	}
	start := len(dst)
	for {
		if len(dst) == cap(dst) {
			dst = append(dst, 0)[:len(dst)]
		}
		n, err := in.zr.Read(dst[len(dst):cap(dst)])
		dst = dst[:len(dst)+n]
		if int64(len(dst)-start) > limit {
			return dst, int64(len(dst) - start), errOverLimit
		}
		if err != nil {
			return dst, int64(len(dst) - start), nil
		}
	}
}

// scanInflated inflates data (up to limit bytes) without keeping it and
// reports whether it holds a byte of stop or one of words, and how many
// bytes it inflated. A damaged stream is scanned as far as it inflates.
func scanInflated(data []byte, stop byte, words [][]byte, limit int64) (bool, int64) {
	in := inflaters.Get().(*inflater)
	defer inflaters.Put(in)
	if err := in.reset(data); err != nil {
		return false, 0
	}
	keepMax := 0
	for _, w := range words {
		keepMax = max(keepMax, len(w)-1)
	}
	buf := in.buf
	keep := 0
	var total int64
	for total <= limit {
		n, err := in.zr.Read(buf[keep:])
		total += int64(n)
		if containsAny(buf[:keep+n], stop, words) {
			return true, total
		}
		if err != nil {
			return false, total
		}
		end := keep + n
		keep = min(keepMax, end)
		copy(buf, buf[end-keep:end])
	}
	return false, total
}

// inflatedSize returns how many bytes a zlib stream inflates to, up to
// limit+1, without keeping them.
func inflatedSize(data []byte, limit int64) int64 {
	in := inflaters.Get().(*inflater)
	defer inflaters.Put(in)
	if err := in.reset(data); err != nil {
		return 0
	}
	var total int64
	for total <= limit {
		n, err := in.zr.Read(in.buf)
		total += int64(n)
		if err != nil {
			break
		}
	}
	return total
}

func containsAny(b []byte, stop byte, words [][]byte) bool {
	if bytes.IndexByte(b, stop) >= 0 {
		return true
	}
	for _, w := range words {
		if bytes.Contains(b, w) {
			return true
		}
	}
	return false
}

// streamLimit is the error for a stream that decodes past the member
// limit: cleaning would have to cut it, and a page cut short is a broken
// document.
func streamLimit(where string, limit int64) error {
	return scrub.OverLimit(formatName, scrub.LimitMemberSize,
		fmt.Sprintf("%s: a stream decodes to more than %d MiB (a decompression bomb?)", where, limit>>20))
}
