package jpeg

import (
	"context"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

// Parts lists the file for the engine's residue check: every marker
// segment whole (its marker, length and payload), the stray bytes between
// segments, and the data after the end of the image (through the registry:
// a preview or gain map stored there is a JPEG whose own segments are
// listed). The entropy-coded data after each start-of-scan segment is
// not listed: cleaning copies it unchanged, and compressed pixels hold
// chance runs of letters that look like e-mail addresses ("L@m.dR"),
// which the check would otherwise learn from the original, find again in
// the copy and take for a leak.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return err
	}
	if err := fn(scrub.Part{Where: "start of image", R: io.NewSectionReader(r, 0, 2)}); err != nil {
		return err
	}
	for i, seg := range lay.segs {
		if seg.n < 0 {
			continue // RSTn: a marker alone, inside scan data
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		where := fmt.Sprintf("segment %d (%s)", i+1, markerName(seg.marker))
		if err := fn(scrub.Part{Where: where, R: io.NewSectionReader(r, seg.start-4, seg.n+4)}); err != nil {
			return err
		}
	}
	for _, run := range lay.extraRuns {
		if err := fn(scrub.Part{Where: "bytes between segments", R: io.NewSectionReader(r, run[0], run[1])}); err != nil {
			return err
		}
	}
	if lay.end >= size {
		return nil
	}
	n := size - lay.end
	head, err := section.Read(r, lay.end, min(n, 1024))
	if err != nil {
		return err
	}
	if i := jpegStart(head); i >= 0 && readable(ctx, env, r, lay.end+int64(i), size) {
		if i > 0 {
			if err := fn(scrub.Part{Where: "after the end of the image", R: io.NewSectionReader(r, lay.end, int64(i))}); err != nil {
				return err
			}
		}
		off := lay.end + int64(i)
		return env.PartsEmbedded(ctx, "image after the end", io.NewSectionReader(r, off, size-off), size-off, fn)
	}
	return fn(scrub.Part{Where: "after the end of the image", R: io.NewSectionReader(r, lay.end, n)})
}

// readable reports whether the data from off to size is a JPEG whose
// segments can be listed; if not, it is listed as bytes.
func readable(ctx context.Context, env *scrub.Env, r io.ReaderAt, off, size int64) bool {
	_, err := walk(ctx, env, io.NewSectionReader(r, off, size-off), size-off)
	return err == nil
}

// markerName names a segment's marker as the JPEG standard does.
func markerName(m byte) string {
	switch {
	case m >= mAPP0 && m <= mAPP15:
		return fmt.Sprintf("APP%d", m-mAPP0)
	case m == mCOM:
		return "COM"
	case m == mSOS:
		return "SOS"
	case m == mDQT:
		return "DQT"
	case m == mDRI:
		return "DRI"
	case isSOF(m):
		return fmt.Sprintf("SOF%d", m-0xc0)
	case m == mDHT:
		return "DHT"
	}
	return fmt.Sprintf("marker 0x%02X", m)
}
