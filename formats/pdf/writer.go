package pdf

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// The writer serialises the rebuilt objects, numbered 1, 2, 3… in the
// order the rebuild first referenced them (dictionary keys sorted), as
// plain objects with a classic xref table and a trailer of
// /Size, /Root and /ID only. No /Info, no /Encrypt, no object streams, no
// producer stamp, no dates: the same document always gives the same bytes.
//
// The /ID is two copies of the first 16 bytes of the SHA-256 of everything
// before the xref table, each stream's data standing as its length and
// CRC-32C (streamRecord). It is unrelated to the original /ID, it is
// deterministic (cleaning twice gives identical bytes), and Inspect can
// recompute it: a single-revision file whose /ID matches is one scrub wrote
// and nobody changed since, so its /ID is not reported.
//
// Why not the SHA-256 of every byte: the digest says only "these are the
// bytes scrub wrote", so that Inspect does not report an id that derives
// from the cleaned content alone; an accidental edit of a stream changes
// its CRC all the same, and choosing the /ID (the original's, say) still
// takes a SHA-256 preimage. Hashing the photos of a camera-made PDF twice
// (writing, then verifying) with SHA-256 was an eighth of cleaning's CPU
// time; a CRC-32C runs some fifteen times faster.

// writer counts and hashes what it writes.
type writer struct {
	w   *bufio.Writer
	h   hash.Hash
	n   int64
	err error
}

func (w *writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.w.Write(p)
	w.h.Write(p[:n])
	w.n += int64(n)
	w.err = err
	return n, err
}

// writeStream writes a stream's data, hashed as its streamRecord.
func (w *writer) writeStream(p []byte) {
	if w.err != nil {
		return
	}
	n, err := w.w.Write(p)
	w.n += int64(n)
	w.err = err
	w.h.Write(streamRecord(int64(len(p)), crc32.Checksum(p, castagnoli)))
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// streamRecord is what the /ID's digest takes for a stream's data: its
// length and CRC-32C, big-endian.
func streamRecord(n int64, crc uint32) []byte {
	var b [12]byte
	binary.BigEndian.PutUint64(b[:8], uint64(n))
	binary.BigEndian.PutUint32(b[8:], crc)
	return b[:]
}

func (d *doc) write(out io.Writer) error {
	w := &writer{w: bufio.NewWriterSize(out, 64<<10), h: sha256.New()}
	version := "1.7"
	if v := d.x.HeaderVersion; v != nil {
		version = v.String()
	}
	fmt.Fprintf(w, "%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n", version)

	// Every reference in the rebuilt objects is already an output
	// number (see rebuild.go).
	ref := func(n int) (int, bool) { return n, n >= 1 && n <= len(d.out) }
	if len(d.out) == 0 {
		return scrub.Malformed(formatName, nil, "the PDF has no document catalog")
	}
	var offsets []int64
	buf := make([]byte, 0, 64<<10)
	for i := 0; i < len(d.out); i++ {
		if i%512 == 0 {
			if err := d.ctx.Err(); err != nil {
				return err
			}
		}
		offsets = append(offsets, w.n)
		buf = buf[:0]
		buf = strconv.AppendInt(buf, int64(i+1), 10)
		buf = append(buf, " 0 obj\n"...)
		var err error
		var raw []byte
		stream := false
		switch o := d.out[i].(type) {
		case types.StreamDict:
			dict := streamDict(o)
			buf, err = appendValue(buf, dict, ref, 0)
			buf = append(buf, "\nstream\n"...)
			raw, stream = o.Raw, true
		default:
			buf, err = appendValue(buf, o, ref, 0)
		}
		if err != nil {
			return err
		}
		w.Write(buf)
		if stream {
			w.writeStream(raw)
			w.Write([]byte("\nendstream"))
		}
		w.Write([]byte("\nendobj\n"))
		if w.err != nil {
			return w.err
		}
	}
	xref := w.n
	id := idDigest(w.h.Sum(nil))
	buf = buf[:0]
	buf = fmt.Appendf(buf, "xref\n0 %d\n0000000000 65535 f\r\n", len(d.out)+1)
	for _, off := range offsets {
		buf = fmt.Appendf(buf, "%010d 00000 n\r\n", off)
	}
	buf = fmt.Appendf(buf, "trailer\n<</ID [<%x> <%x>] /Root 1 0 R /Size %d>>\nstartxref\n%d\n%%%%EOF\n", id, id, len(d.out)+1, xref)
	w.Write(buf)
	if w.err != nil {
		return w.err
	}
	return w.w.Flush()
}

// streamDict returns the dictionary to write for a stream: /Length set to
// the bytes written, and a /Crypt filter (encryption is gone) dropped.
func streamDict(sd types.StreamDict) types.Dict {
	dict := types.Dict{}
	for k, v := range sd.Dict {
		dict[k] = v
	}
	dict["Length"] = types.Integer(len(sd.Raw))
	switch f := dict["Filter"].(type) {
	case types.Name:
		if f == "Crypt" {
			delete(dict, "Filter")
			delete(dict, "DecodeParms")
		}
	case types.Array:
		parms, _ := dict["DecodeParms"].(types.Array)
		var nf, np types.Array
		for i, e := range f {
			if n, ok := e.(types.Name); ok && n == "Crypt" {
				continue
			}
			nf = append(nf, e)
			if i < len(parms) {
				np = append(np, parms[i])
			}
		}
		if len(nf) != len(f) {
			if len(nf) == 0 {
				delete(dict, "Filter")
				delete(dict, "DecodeParms")
			} else {
				dict["Filter"] = nf
				if parms != nil {
					dict["DecodeParms"] = np
				}
			}
		}
	}
	return dict
}

// keywords are the words pdfcpu's reader looks for in an object's raw
// bytes to find where it ends; a name that contains one (a crafted
// /stream key) makes it misread the object. Their first letter is written
// as a #xx escape, which is the same name to every PDF reader.
var keywords = strings.NewReplacer("stream", "#73tream", "endobj", "#65ndobj")

func encodeName(s string) string {
	return keywords.Replace(types.EncodeName(s))
}

// appendValue appends the PDF syntax of o. ref maps an original object
// number to its new number, or reports that it is gone (written as null).
func appendValue(buf []byte, o types.Object, ref func(int) (int, bool), depth int) ([]byte, error) {
	if depth > maxNesting {
		return buf, scrub.Malformed(formatName, errNesting, "the PDF structure is too deep")
	}
	var err error
	switch t := o.(type) {
	case nil:
		buf = append(buf, "null"...)
	case types.Boolean:
		buf = strconv.AppendBool(buf, bool(t))
	case types.Integer:
		buf = strconv.AppendInt(buf, int64(t), 10)
	case types.Float:
		f := float64(t)
		if math.IsNaN(f) || math.IsInf(f, 0) || f == 0 {
			f = 0
		}
		buf = strconv.AppendFloat(buf, f, 'f', -1, 64)
	case types.Name:
		buf = append(buf, '/')
		buf = append(buf, encodeName(string(t))...)
	case types.StringLiteral:
		buf = append(buf, '(')
		buf = append(buf, t...)
		buf = append(buf, ')')
	case types.HexLiteral:
		buf = append(buf, '<')
		buf = append(buf, t...)
		buf = append(buf, '>')
	case types.IndirectRef:
		if n, ok := ref(t.ObjectNumber.Value()); ok {
			buf = strconv.AppendInt(buf, int64(n), 10)
			buf = append(buf, " 0 R"...)
		} else {
			buf = append(buf, "null"...)
		}
	case types.Array:
		buf = append(buf, '[')
		for i, e := range t {
			if i > 0 {
				buf = append(buf, ' ')
			}
			if buf, err = appendValue(buf, e, ref, depth+1); err != nil {
				return buf, err
			}
		}
		buf = append(buf, ']')
	case types.Dict:
		keys := make([]string, 0, len(t))
		for k, v := range t {
			if v != nil {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		buf = append(buf, "<<"...)
		for _, k := range keys {
			v := t[k]
			if r, ok := v.(types.IndirectRef); ok {
				// A reference to nothing is null, and a null entry
				// is no entry: leave it out, as a second pass would.
				n, ok := ref(r.ObjectNumber.Value())
				if !ok {
					continue
				}
				if buf[len(buf)-1] != '<' {
					buf = append(buf, ' ')
				}
				buf = append(buf, '/')
				buf = append(buf, encodeName(k)...)
				buf = append(buf, ' ')
				buf = strconv.AppendInt(buf, int64(n), 10)
				buf = append(buf, " 0 R"...)
				continue
			}
			if buf[len(buf)-1] != '<' {
				buf = append(buf, ' ')
			}
			buf = append(buf, '/')
			buf = append(buf, encodeName(k)...)
			buf = append(buf, ' ')
			if buf, err = appendValue(buf, v, ref, depth+1); err != nil {
				return buf, err
			}
		}
		buf = append(buf, ">>"...)
	default:
		// Streams cannot be direct objects; anything else pdfcpu
		// produces is not PDF syntax.
		buf = append(buf, "null"...)
	}
	return buf, nil
}
