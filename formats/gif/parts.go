package gif

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/scrub"
)

// Parts lists the file for the engine's residue check: the header with
// the screen descriptor and colour table, every extension whole and its
// sub-blocks joined (the text of a plain-text extension as what the
// reader may see), every image
// descriptor with its colour table (not its LZW data), and data after
// the trailer. It returns the errors walk does.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	return walk(ctx, env, r, size, nil, func(b *block) error {
		p := scrub.Part{R: io.NewSectionReader(r, b.off, b.end-b.off)}
		switch b.kind {
		case kHeader:
			p.Where = "header"
		case kImage:
			p.Where = fmt.Sprintf("image %d descriptor", b.index)
		case kTrailer:
			p.Where = "trailer"
		case kTrailing:
			p.Where = "after the end of the image"
		case kExt:
			// As stored, then its sub-blocks joined: a value the framing
			// splits is whole in the second view.
			p.Where = fmt.Sprintf("extension %d", b.index)
			p.R = io.MultiReader(p.R, bytes.NewReader([]byte{0}), bytes.NewReader(joined(b.subBlocks())))
			for _, f := range findings(b) {
				if f.Action == scrub.Report {
					p.Text = append(p.Text, f.Value)
				}
			}
		}
		return fn(p)
	})
}
