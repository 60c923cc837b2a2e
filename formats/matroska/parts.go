package matroska

import (
	"bytes"
	"context"
	"io"

	"github.com/scrub-project/scrub/scrub"
)

// Parts lists the file for the engine's residue check: the EBML header,
// each segment's header and every top-level element whole, but for
// clusters, whose structure is listed without the blocks' data (audio,
// video and subtitle frames), and attachments, whose files are listed
// through their own handlers. It returns the errors analyze does.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	lay, err := analyze(ctx, env, r, size, true)
	if err != nil {
		return err
	}
	w := newWindow(r, size)
	for _, g := range lay.regions {
		if err := ctx.Err(); err != nil {
			return err
		}
		switch {
		case g.e.id == idCluster:
			if err := clusterParts(ctx, w, g.e, fn); err != nil {
				return err
			}
		case g.e.id == idAttachments:
			// The element less the files' data, then each file.
			var rs []io.Reader
			from := g.e.off
			for _, f := range g.files {
				if f.size > 0 {
					rs = append(rs, io.NewSectionReader(r, from, f.off-from))
					from = f.off + f.size
				}
			}
			rs = append(rs, io.NewSectionReader(r, from, g.e.end()-from))
			if err := fn(scrub.Part{Where: g.where, R: io.MultiReader(rs...)}); err != nil {
				return err
			}
			for _, f := range g.files {
				if f.size > 0 {
					if err := env.PartsEmbedded(ctx, "attachment "+f.name, io.NewSectionReader(r, f.off, f.size), f.size, fn); err != nil {
						return err
					}
				}
			}
		default:
			end := g.e.off + g.e.size
			if g.e.id != 0 {
				end = g.e.end()
			}
			if err := fn(scrub.Part{Where: g.where, R: io.NewSectionReader(r, g.e.off, end-g.e.off), Text: g.text}); err != nil {
				return err
			}
		}
	}
	return nil
}

// payload says which elements hold codec data, left out of the parts.
var payload = map[uint32]bool{0xA3: true, 0xA1: true, 0xA2: true, 0xA5: true, 0xAF: true, 0xA4: true}

// clusterParts lists a cluster's structure: every element header, and
// the data of every element but the blocks, in parts of at most 1 MiB.
func clusterParts(ctx context.Context, w *window, c elem, fn func(scrub.Part) error) error {
	var buf bytes.Buffer
	flush := func() error {
		if buf.Len() == 0 {
			return nil
		}
		err := fn(scrub.Part{Where: "cluster", R: bytes.NewReader(bytes.Clone(buf.Bytes()))})
		buf.Reset()
		return err
	}
	var walk func(from, to int64, depth int) error
	walk = func(from, to int64, depth int) error {
		for p := from; p < to; {
			e, err := w.head(p, to)
			if err != nil {
				return malformed("%v", err)
			}
			if e.size == unknownSize || e.end() > to {
				return malformed("an element runs past its cluster")
			}
			h, err := w.read(e.off, int64(e.hlen))
			if err != nil {
				return err
			}
			buf.Write(h)
			switch d, ok := defs[e.id]; {
			case payload[e.id]:
			case ok && d.typ == 'm' && depth < maxDepth:
				if err := walk(e.data(), e.end(), depth+1); err != nil {
					return err
				}
			default:
				for q := e.data(); q < e.end(); q += windowSize {
					b, err := w.read(q, min(windowSize, e.end()-q))
					if err != nil {
						return err
					}
					buf.Write(b)
					if buf.Len() >= 1<<20 {
						if err := flush(); err != nil {
							return err
						}
					}
				}
			}
			if buf.Len() >= 1<<20 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := flush(); err != nil {
					return err
				}
			}
			p = e.end()
		}
		return nil
	}
	h, err := w.read(c.off, int64(c.hlen))
	if err != nil {
		return err
	}
	buf.Write(h)
	if err := walk(c.data(), c.end(), 1); err != nil {
		return err
	}
	return flush()
}
