package odf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/cfb"
	"github.com/scrub-project/scrub/formats/internal/ident"
	"github.com/scrub-project/scrub/formats/internal/metafile"
	"github.com/scrub-project/scrub/scrub"
)

// embedClass says what happens to an embedded file (a picture, a preview,
// a font, a file stored as base64 in a flat document). None is kept as it
// is while the document is called clean unless it holds nothing but what
// it shows.
type embedClass uint8

const (
	// embedClean: a registered handler cleans it.
	embedClean embedClass = iota
	// embedEMF: an enhanced metafile; its description is blanked.
	embedEMF
	// embedKeep: a Windows or LibreOffice metafile (WMF, SVM) or a font:
	// kept as it is (no metadata field; see package metafile).
	embedKeep
	// embedDrop: nothing cleans it: it goes, and the document keeps an
	// empty frame where it was.
	embedDrop
)

// classify decides what happens to embedded content. For embedDrop it
// returns what the content is and why no handler cleans it ("scrub cannot
// look inside it (BMP image, 812 bytes)"). OLE objects (compound files:
// embedded Office 97-2003 documents, equations, packages) are an
// ErrUnsupported error: they are documents with their own authors, and
// their place in the document cannot be left empty. Identification errors
// other than "nobody claims it" (an encrypted Office file) are returned
// with where.
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
	if cfb.Is(head) {
		return 0, "", scrub.Unsupported(format,
			fmt.Sprintf("%s is an embedded OLE object (an Office 97-2003 file or similar), which has its own author data and which scrub cannot clean", where),
			hintOLE)
	}
	switch metafile.Sniff(head) {
	case metafile.EMF:
		return embedEMF, "", nil
	case metafile.WMF, metafile.SVM:
		return embedKeep, "", nil
	}
	if isFont(head) {
		return embedKeep, "", nil
	}
	h, name, err := env.Identify(r, size)
	if err != nil {
		if errors.Is(err, scrub.ErrUnsupported) {
			var fe *scrub.FormatError
			reason := "scrub cannot look inside it"
			if errors.As(err, &fe) && fe.Reason != "" && fe.Reason != "not a format scrub knows" {
				reason = fe.Reason
			}
			return embedDrop, fmt.Sprintf("%s (%s, %d bytes)", reason, sniff(head), size), nil
		}
		return 0, "", fmt.Errorf("%s: %w", where, err)
	}
	for _, f := range h.Formats() {
		if f.Name == name && f.Refused != "" {
			return embedDrop, fmt.Sprintf("%s (%s, %d bytes)", f.Refused, f.Description, size), nil
		}
	}
	return embedClean, "", nil
}

// droppedFinding reports embedded content that goes because nothing
// cleans it.
func droppedFinding(where, why string) scrub.Finding {
	return scrub.Finding{Where: where, Field: "picture or file scrub cannot clean (removed; the document keeps an empty frame in its place)",
		Value: why, Kind: scrub.KindAttachment, Action: scrub.Remove, Label: scrub.LabelEmbeddedPicture}
}

// emfFinding is the finding of an EMF's description, if it has one.
func emfFinding(where string, data []byte) (scrub.Finding, bool) {
	d := metafile.Description(data)
	if d == "" {
		return scrub.Finding{}, false
	}
	kind := scrub.KindSoftware
	if ident.ContainsLocalPath(d) {
		kind = scrub.KindPath
	}
	return scrub.Finding{Where: where, Field: "picture description (EMF header)", Value: d, Kind: kind, Action: scrub.Remove, Label: scrub.LabelDescription}, true
}

// isFont reports an OpenType, TrueType or WOFF font.
func isFont(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0, 1, 0, 0}) || bytes.HasPrefix(b, []byte("OTTO")) || bytes.HasPrefix(b, []byte("true")) ||
		bytes.HasPrefix(b, []byte("wOFF")) || bytes.HasPrefix(b, []byte("wOF2"))
}

// sniff names common content that no handler cleans.
func sniff(b []byte) string {
	head := b[:min(len(b), 1024)]
	switch {
	case bytes.HasPrefix(b, []byte("BM")):
		return "BMP image"
	case bytes.Contains(head, []byte("<svg")):
		return "SVG image"
	case bytes.HasPrefix(b, []byte("<?xml")), bytes.HasPrefix(b, []byte("\xef\xbb\xbf<?xml")):
		return "XML"
	}
	return "unknown content"
}

// inspectEmbedded lists what embedded content leaks: the findings of its
// handler, the description of an EMF, or that it goes.
func inspectEmbedded(ctx context.Context, env *scrub.Env, format, where string, data []byte) ([]scrub.Finding, error) {
	class, why, err := classify(env, format, where, data)
	if err != nil {
		return nil, err
	}
	switch class {
	case embedEMF:
		if f, ok := emfFinding(where, data); ok {
			return []scrub.Finding{f}, nil
		}
		return nil, nil
	case embedKeep:
		return nil, nil
	case embedDrop:
		return []scrub.Finding{droppedFinding(where, why)}, nil
	}
	return env.InspectEmbedded(ctx, where, bytes.NewReader(data), int64(len(data)))
}

// cleanEmbedded writes the cleaned content to dst (embedClean, embedEMF,
// embedKeep; the caller has left out what goes).
func cleanEmbedded(ctx context.Context, env *scrub.Env, format, where string, data []byte, dst io.Writer) ([]scrub.Warning, error) {
	_, ws, err := cleanReportEmbedded(ctx, env, format, where, data, dst, false)
	return ws, err
}

// cleanReportEmbedded is cleanEmbedded that also returns inspectEmbedded's
// findings (if report is set), from the same pass.
func cleanReportEmbedded(ctx context.Context, env *scrub.Env, format, where string, data []byte, dst io.Writer, report bool) ([]scrub.Finding, []scrub.Warning, error) {
	class, _, err := classify(env, format, where, data)
	if err != nil {
		return nil, nil, err
	}
	switch class {
	case embedEMF:
		var fs []scrub.Finding
		if f, ok := emfFinding(where, data); ok && report {
			fs = append(fs, f)
		}
		if b := metafile.BlankEMF(data); b != nil {
			data = b
		}
		_, err := dst.Write(data)
		return fs, nil, err
	case embedKeep:
		_, err := dst.Write(data)
		return nil, nil, err
	case embedDrop:
		return nil, nil, fmt.Errorf("odf: %s: content nothing cleans reached the writer", where)
	}
	if !report {
		ws, err := env.CleanEmbedded(ctx, where, bytes.NewReader(data), int64(len(data)), dst)
		return nil, ws, err
	}
	return env.CleanReportEmbedded(ctx, where, bytes.NewReader(data), int64(len(data)), dst)
}
