package scrub

import (
	"context"
	"fmt"
	"io"
)

// Part is one piece of a file's content as the engine's residue check
// searches it: a zip member inflated, a PDF stream decoded through all its
// filters, an image's metadata segments, a container's headers.
type Part struct {
	// Where names the part for the user: "word/document.xml", "page 2",
	// "object 12", "moov box".
	Where string
	// R yields the part's bytes, decompressed. The engine reads it to the
	// end (or until it fails) before the next part is listed.
	R io.Reader
	// Text is what of this part the reader of the document sees (the text
	// of a page, the runs of a paragraph), as the handler extracted it; nil
	// when the part shows nothing. A learned value found in the part no more
	// often than in Text is visible content, reported for review; any other
	// occurrence is a leak.
	Text []string
}

// PartLister is a Handler that lists the content of a file for the
// engine's residue check, which is independent of the handler's cleaning
// rules: the engine learns the identifying values of the original (from
// its findings, and by searching its parts for e-mail addresses, Windows
// SIDs and home-folder paths) and searches every part of the cleaned copy
// for them.
//
// Parts must yield every byte of the file, decompressed, except codec
// payload that cleaning copies unchanged from the original and that no
// program reads as text (video and audio samples, JPEG entropy-coded data,
// image pixels): container structure, headers, names, every metadata
// block, every zip member inflated, every PDF stream decoded. Embedded
// files are listed through env.PartsEmbedded so that their own handler
// lists them. Handlers that do not implement PartLister are searched as
// raw bytes, whole.
type PartLister interface {
	Handler
	Parts(ctx context.Context, env *Env, r io.ReaderAt, size int64, fn func(Part) error) error
}

// PartsEmbedded lists the parts of content embedded in the current input
// through the handler the registry finds for it, with where prefixed to
// each part's Where. Content no handler claims, whose handler lists no
// parts, or whose handler fails to list them (it is damaged) is given to
// fn whole as one part. Errors from fn are returned as they are.
func (e *Env) PartsEmbedded(ctx context.Context, where string, r io.ReaderAt, size int64, fn func(Part) error) error {
	h, _, err := e.reg.identify(r, size)
	pl, ok := h.(PartLister)
	if err != nil || !ok {
		return fn(Part{Where: where, R: io.NewSectionReader(r, 0, size)})
	}
	child, err := e.nested()
	if err != nil {
		// Too deep to walk as a document: still searched, as bytes.
		return fn(Part{Where: where, R: io.NewSectionReader(r, 0, size)})
	}
	var fnErr error
	err = callParts(ctx, pl, child, r, size, func(p Part) error {
		p.Where = joinWhere(where, p.Where)
		fnErr = fn(p)
		return fnErr
	})
	if err == nil || fnErr != nil || ctx.Err() != nil {
		return err
	}
	// Its handler cannot list it (a damaged thumbnail, which cleaning
	// drops or refuses on its own): searched as bytes, whole, rather than
	// failing the check of the file that holds it.
	return fn(Part{Where: where, R: io.NewSectionReader(r, 0, size)})
}

func callParts(ctx context.Context, h PartLister, env *Env, r io.ReaderAt, size int64, fn func(Part) error) (err error) {
	defer recoverInto(&err)
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := h.Parts(ctx, env, r, size, fn); err != nil {
		return fmt.Errorf("listing the parts: %w", err)
	}
	return nil
}
