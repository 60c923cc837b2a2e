package odf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/scrub"
)

// embedClass says what happens to an embedded file (a picture, a preview,
// a font, a file stored as base64 in a flat document).
type embedClass uint8

const (
	// embedClean: a registered handler cleans it.
	embedClean embedClass = iota
	// embedKeep: no handler cleans it; it is kept as it is and reported.
	embedKeep
)

var cfbMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// classify decides what happens to embedded content. It returns, for
// embedKeep, what the content is and why no handler cleans it ("scrub
// cannot look inside it (Windows metafile (WMF), 812 bytes)"). OLE
// objects (compound files: embedded Office 97-2003 documents, equations,
// packages) are an ErrUnsupported error: they are documents with their own
// authors and scrub cannot clean them. Identification errors other than
// "nobody claims it" (an encrypted Office file) are returned with where.
func classify(env *scrub.Env, format, where string, data []byte) (embedClass, string, error) {
	return classifyAt(env, format, where, bytes.NewReader(data), int64(len(data)))
}

// classifyAt is classify for content read through r (size bytes): only
// what identification needs is read.
func classifyAt(env *scrub.Env, format, where string, r io.ReaderAt, size int64) (embedClass, string, error) {
	head := make([]byte, min(size, 4096))
	if n, err := r.ReadAt(head, 0); n < len(head) {
		return 0, "", scrub.Malformed(format, err, "%s is cut short", where)
	}
	if bytes.HasPrefix(head, cfbMagic) {
		return 0, "", scrub.Unsupported(format,
			fmt.Sprintf("%s is an embedded OLE object (an Office 97-2003 file or similar), which has its own author data and which scrub cannot clean", where),
			hintOLE)
	}
	h, name, err := env.Identify(r, size)
	if err != nil {
		if errors.Is(err, scrub.ErrUnsupported) {
			var fe *scrub.FormatError
			reason := "scrub cannot look inside it"
			if errors.As(err, &fe) && fe.Reason != "" && fe.Reason != "not a format scrub knows" {
				reason = fe.Reason
			}
			return embedKeep, fmt.Sprintf("%s (%s, %d bytes)", reason, sniff(head), size), nil
		}
		return 0, "", fmt.Errorf("%s: %w", where, err)
	}
	for _, f := range h.Formats() {
		if f.Name == name && f.Refused != "" {
			return embedKeep, fmt.Sprintf("%s (%s, %d bytes)", f.Refused, f.Description, size), nil
		}
	}
	return embedClean, "", nil
}

// keptFinding reports embedded content that stays as it is.
func keptFinding(where, why string) scrub.Finding {
	return scrub.Finding{Where: where, Field: "kept as is", Value: why, Kind: scrub.KindAttachment, Action: scrub.Report}
}

// sniff names common content that no handler cleans.
func sniff(b []byte) string {
	le32 := func(off int) uint32 {
		if len(b) < off+4 {
			return 0
		}
		return uint32(b[off]) | uint32(b[off+1])<<8 | uint32(b[off+2])<<16 | uint32(b[off+3])<<24
	}
	head := b[:min(len(b), 1024)]
	switch {
	case bytes.HasPrefix(b, []byte("VCLMTF")):
		return "LibreOffice metafile (SVM)"
	case le32(0) == 0x9ac6cdd7, bytes.HasPrefix(b, []byte{1, 0, 9, 0}), bytes.HasPrefix(b, []byte{2, 0, 9, 0}):
		return "Windows metafile (WMF)"
	case le32(0) == 1 && le32(40) == 0x464d4520:
		return "enhanced metafile (EMF)"
	case bytes.HasPrefix(b, []byte("BM")):
		return "BMP image"
	case bytes.Contains(head, []byte("<svg")):
		return "SVG image"
	case bytes.HasPrefix(b, []byte{0, 1, 0, 0}), bytes.HasPrefix(b, []byte("OTTO")), bytes.HasPrefix(b, []byte("true")),
		bytes.HasPrefix(b, []byte("wOFF")), bytes.HasPrefix(b, []byte("wOF2")):
		return "font"
	case bytes.HasPrefix(b, []byte("<?xml")), bytes.HasPrefix(b, []byte("\xef\xbb\xbf<?xml")):
		return "XML"
	}
	return "unknown content"
}

// inspectEmbedded lists what embedded content leaks: the findings of its
// handler, or a report that it is kept as it is.
func inspectEmbedded(ctx context.Context, env *scrub.Env, format, where string, data []byte) ([]scrub.Finding, error) {
	class, why, err := classify(env, format, where, data)
	if err != nil {
		return nil, err
	}
	if class == embedKeep {
		return []scrub.Finding{keptFinding(where, why)}, nil
	}
	return env.InspectEmbedded(ctx, where, bytes.NewReader(data), int64(len(data)))
}

// cleanEmbedded writes the cleaned content to dst, or the content itself
// if no handler cleans it.
func cleanEmbedded(ctx context.Context, env *scrub.Env, format, where string, data []byte, dst io.Writer) ([]scrub.Warning, error) {
	class, _, err := classify(env, format, where, data)
	if err != nil {
		return nil, err
	}
	if class == embedKeep {
		_, err := dst.Write(data)
		return nil, err
	}
	return env.CleanEmbedded(ctx, where, bytes.NewReader(data), int64(len(data)), dst)
}

// cleanReportEmbedded is cleanEmbedded that also returns inspectEmbedded's
// findings, from the same pass.
func cleanReportEmbedded(ctx context.Context, env *scrub.Env, format, where string, data []byte, dst io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	class, why, err := classify(env, format, where, data)
	if err != nil {
		return nil, nil, err
	}
	if class == embedKeep {
		_, err := dst.Write(data)
		return []scrub.Finding{keptFinding(where, why)}, nil, err
	}
	return env.CleanReportEmbedded(ctx, where, bytes.NewReader(data), int64(len(data)), dst)
}
