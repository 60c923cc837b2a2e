package png

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/scrub"
)

// Parts lists the file for the engine's residue check: the signature,
// every chunk whole (length, type, data and CRC) and, for the chunks that
// hold compressed text or a colour profile (zTXt, iTXt, iCCP), their data
// inflated as well, then the data after the end chunk. The compressed
// pixels (IDAT, fdAT) are listed without their data: cleaning copies them
// unchanged, and compressed data holds chance runs of letters that look
// like e-mail addresses, which the check would learn from the original,
// find again in the copy and take for a leak.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return err
	}
	if err := fn(scrub.Part{Where: "signature", R: io.NewSectionReader(r, 0, int64(len(signature)))}); err != nil {
		return err
	}
	hdr := make([]byte, 8)
	max := scrub.LimitsOf(env).MaxMemberSize
	for pos, i := int64(len(signature)), 1; pos < lay.end; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := r.ReadAt(hdr, pos); err != nil {
			return fmt.Errorf("reading: %w", err)
		}
		c := chunk{typ: string(hdr[4:]), off: pos, n: int64(binary.BigEndian.Uint32(hdr))}
		pos = c.end()
		where := fmt.Sprintf("chunk %d (%s)", i, c.typ)
		p := scrub.Part{Where: where, R: io.NewSectionReader(r, c.off, 12+c.n)}
		switch c.typ {
		case "IDAT", "fdAT":
			// Length and type; the CRC identifies nothing.
			p.R = io.NewSectionReader(r, c.off, 8)
		case "zTXt", "iTXt", "iCCP":
			b, err := data(r, c, max)
			if err != nil {
				return err
			}
			text, err := inflated(env, c.typ, b, max)
			if err != nil {
				return err
			}
			if len(text) > 0 {
				p.R = io.MultiReader(p.R, bytes.NewReader([]byte{0}), bytes.NewReader(text))
			}
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	if lay.end < size {
		return fn(scrub.Part{Where: "after the end of the image", R: io.NewSectionReader(r, lay.end, size-lay.end)})
	}
	return nil
}

// inflated returns the inflated text or profile of a zTXt, iTXt or iCCP
// chunk's data, or nil if it holds none or cannot be read; the error is
// env's decompression budget running out.
func inflated(env *scrub.Env, typ string, b []byte, max int64) ([]byte, error) {
	_, rest, ok := bytes.Cut(b, []byte{0}) // the keyword or profile name
	if !ok {
		return nil, nil
	}
	switch typ {
	case "zTXt", "iCCP":
		if len(rest) < 1 {
			return nil, nil
		}
		rest = rest[1:] // the compression method
	case "iTXt":
		if len(rest) < 2 || rest[0] == 0 {
			return nil, nil // not compressed: listed as it is
		}
		rest = rest[2:]
		for range 2 { // language tag, translated keyword
			_, after, ok := bytes.Cut(rest, []byte{0})
			if !ok {
				return nil, nil
			}
			rest = after
		}
	}
	return inflate(env, rest, max)
}
