// Package matroska cleans Matroska and WebM files (video, audio,
// subtitles) without remuxing them.
//
// A Matroska file is EBML: elements made of an ID, a size and data,
// masters holding elements. After the EBML header comes the Segment,
// whose children are the seek index (SeekHead), the segment information
// (Info), the tracks, the clusters holding the audio and video blocks,
// the cue index (Cues), chapters, tags and attachments.
//
// Clean removes from an allowlist (the specification's elements, each
// with an action): Tags, Attachments (every file, reported by name),
// the title, creation date, segment UIDs and linked-file names of Info,
// track names and codec names, codec settings, chapter codec commands,
// and every element the specification does not define where it stands;
// MuxingApp and WritingApp (mandatory) become empty; track, edition and
// chapter UIDs (random numbers that tie a file to its drafts) are
// renumbered 1, 2, 3 in the order of their values. Chapters stay: their
// times and names are content the viewer sees, and their names are
// reported for review. Void elements are written as zeros.
//
// Nothing moves. SeekHead and Cues hold positions relative to the
// segment, and clusters may carry their own position: so every element
// keeps its place and size (the Void trick). A rewritten Info, Tracks,
// Chapters, Cues or SeekHead is never larger than the original (only
// removals, empty strings and smaller numbers), and a Void at its end
// takes up the room it frees; a removed element becomes a Void of its
// size; elements at the end of the segment after the last one kept are
// cut, and the segment size says so. Clusters are copied byte for byte
// and streamed: their blocks are never held in memory. An element the
// specification does not define inside a cluster, and a Void holding
// data, become zeroed Voids of the same size (then a cluster checksum
// no longer matches and is voided too). Segments and clusters of
// unknown size (live recordings) are supported; any other element of
// unknown size is refused.
package matroska

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/trailing"
	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for Matroska and WebM files.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "matroska" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{
		{Name: "mkv", Extensions: []string{".mkv", ".mka", ".mks", ".mk3d"}, Description: "Matroska video or audio",
			MediaTypes: []string{"video/x-matroska", "audio/x-matroska"}},
		{Name: "webm", Extensions: []string{".webm", ".weba"}, Description: "WebM video or audio",
			MediaTypes: []string{"video/webm", "audio/webm"}},
	}
}

// Identify claims an EBML file whose header names the matroska or webm
// document type.
func (handler) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if !bytes.HasPrefix(head, []byte{0x1a, 0x45, 0xdf, 0xa3}) {
		return "", nil
	}
	size, n, ok := parseSize(head[4:])
	if !ok || size == unknownSize || 4+n >= len(head) {
		return "", nil
	}
	b := head[4+n : min(int64(len(head)), 4+int64(n)+size)]
	for p := 0; p < len(b); {
		id, k, ok := parseID(b[p:])
		if !ok {
			return "", nil
		}
		sz, m, ok := parseSize(b[p+k:])
		if !ok || sz == unknownSize || sz > int64(len(b)-p-k-m) {
			return "", nil
		}
		if id == idDocType {
			switch string(bytes.TrimRight(b[p+k+m:p+k+m+int(sz)], "\x00")) {
			case "matroska":
				return "mkv", nil
			case "webm":
				return "webm", nil
			}
			return "", nil
		}
		p += k + m + int(sz)
	}
	return "", nil
}

func malformed(reasonf string, args ...any) error {
	return scrub.Malformed("matroska", nil, reasonf, args...)
}

// maxDepth bounds the nesting of masters (real files nest about 8 deep).
const maxDepth = 32

// patch replaces the bytes [off, off+n) of the input in the output.
type patch struct {
	off, n int64
	data   []byte // the replacement
	void   bool   // data is nil: a zeroed Void element of n bytes
	cut    bool   // data is nil: the bytes go
}

// region is a top-level element, for Parts.
type region struct {
	where string
	e     elem
	text  []string     // what the viewer sees of it (chapter names)
	files []attachment // Attachments: the files
}

// attachment is one attached file.
type attachment struct {
	name       string
	off, size  int64 // its FileData
	fileHeader int64 // where its FileData element starts
}

// layout is what analysing a file found: how to write the clean copy,
// what it removes and reports.
type layout struct {
	patches  []patch
	findings []scrub.Finding
	warnings []scrub.Warning
	regions  []region // with Parts only
}

type analyzer struct {
	ctx   context.Context
	env   *scrub.Env
	r     io.ReaderAt
	size  int64
	w     *window
	lim   scrub.Limits
	lay   *layout
	parts bool // record regions for Parts
	held  int64
	count int // elements tracked (patches, regions, findings of clusters)
}

// analyze reads the structure of a file and decides what the clean copy
// holds. It returns a *scrub.FormatError of kind ErrMalformed for what is
// not valid EBML or Matroska (a missing header, sizes past the end of
// their parent or of the file, IDs and sizes that are not valid numbers,
// unknown sizes where none is allowed, nesting deeper than maxDepth, a
// file cut short inside an element); ErrUnsupported for another EBML
// document type; ErrLimit for metadata elements larger than
// env.Limits.MaxMemberSize or more elements to change than
// env.Limits.MaxMembers.
func analyze(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, parts bool) (*layout, error) {
	a := &analyzer{ctx: ctx, env: env, r: r, size: size, w: newWindow(r, size), lim: scrub.LimitsOf(env),
		lay: &layout{}, parts: parts}
	if err := a.top(); err != nil {
		return nil, err
	}
	sort.Slice(a.lay.patches, func(i, j int) bool { return a.lay.patches[i].off < a.lay.patches[j].off })
	for i := 1; i < len(a.lay.patches); i++ {
		if p, q := a.lay.patches[i-1], a.lay.patches[i]; p.off+p.n > q.off {
			return nil, fmt.Errorf("matroska: internal error: changes at %d and %d overlap", p.off, q.off)
		}
	}
	return a.lay, nil
}

func (a *analyzer) addPatch(p patch) error {
	if a.count++; a.count > a.lim.MaxMembers {
		return scrub.OverLimit("matroska", scrub.LimitMembers, fmt.Sprintf("more than %d elements to change", a.lim.MaxMembers))
	}
	a.lay.patches = append(a.lay.patches, p)
	return nil
}

func (a *analyzer) addRegion(r region) error {
	if !a.parts {
		return nil
	}
	if a.count++; a.count > a.lim.MaxMembers+1<<20 {
		return scrub.OverLimit("matroska", scrub.LimitMembers, "too many elements")
	}
	a.lay.regions = append(a.lay.regions, r)
	return nil
}

// hold charges n bytes read into memory to the input's budget.
func (a *analyzer) hold(n int64, what string) error {
	if n > a.lim.MaxMemberSize {
		return scrub.OverLimit("matroska", scrub.LimitMemberSize, fmt.Sprintf("%s is larger than %d MiB", what, a.lim.MaxMemberSize>>20))
	}
	a.held += n
	if a.env != nil {
		return a.env.Consume(n)
	}
	return nil
}

// top walks the top level: EBML headers, segments, and whatever follows
// the last segment.
func (a *analyzer) top() error {
	sawHeader, sawSegment := false, false
	for pos := int64(0); pos < a.size; {
		if err := a.ctx.Err(); err != nil {
			return err
		}
		e, err := a.w.head(pos, a.size)
		if err != nil {
			if !sawSegment {
				return malformed("%v", err)
			}
			return a.trailing(pos)
		}
		switch {
		case e.id == idEBML:
			if e.size == unknownSize || e.end() > a.size {
				return malformed("the EBML header runs past the end of the file")
			}
			if err := a.ebmlHeader(e); err != nil {
				return err
			}
			sawHeader = true
			pos = e.end()
		case e.id == idSegment && sawHeader:
			end, err := a.segment(e)
			if err != nil {
				return err
			}
			sawSegment = true
			pos = end
		case (e.id == idVoid || e.id == idCRC32) && sawHeader && e.size != unknownSize && e.end() <= a.size:
			if err := a.dropped(e, "top level"); err != nil {
				return err
			}
			pos = e.end()
		case !sawHeader:
			return malformed("the file does not start with an EBML header")
		case !sawSegment:
			return malformed("no segment after the EBML header")
		default:
			return a.trailing(pos)
		}
	}
	if !sawSegment {
		return malformed("no segment after the EBML header")
	}
	return nil
}

// trailing drops what follows the last segment.
func (a *analyzer) trailing(pos int64) error {
	f, err := trailing.Finding(a.ctx, a.r, pos, a.size-pos, "after the end of the file's content", "Matroska")
	if err != nil {
		return err
	}
	a.lay.findings = append(a.lay.findings, f)
	if err := a.addRegion(region{where: "after the end of the file's content", e: elem{off: pos, size: a.size - pos}}); err != nil {
		return err
	}
	return a.addPatch(patch{off: pos, n: a.size - pos, cut: true})
}

// describe returns ": " and the readable text of b, or "".
func describe(b []byte) string {
	if p := imagemeta.Preview(b, 400); p != "" {
		return ": " + p
	}
	return ""
}

// ebmlHeader rewrites the EBML header from its allowlist and checks the
// document type.
func (a *analyzer) ebmlHeader(e elem) error {
	if err := a.hold(e.size, "the EBML header"); err != nil {
		return err
	}
	b, err := a.w.read(e.data(), e.size)
	if err != nil {
		return err
	}
	rw := &rewriter{a: a, where: "EBML header", out: true}
	content, err := rw.master(idEBML, b, 1)
	if err != nil {
		return err
	}
	switch {
	case rw.docType != "matroska" && rw.docType != "webm":
		return scrub.Unsupported("matroska", fmt.Sprintf("an EBML file of type %q, not Matroska or WebM", rw.docType), "")
	case rw.maxID > 4 || rw.maxSize > 8:
		return scrub.Unsupported("matroska", "element IDs or sizes longer than Matroska allows", "")
	}
	a.lay.findings = append(a.lay.findings, rw.fs...)
	if err := a.addRegion(region{where: "EBML header", e: e}); err != nil {
		return err
	}
	if out := element(idEBML, content); !bytes.Equal(out, a.mustRead(e)) {
		return a.addPatch(patch{off: e.off, n: e.end() - e.off, data: out})
	}
	return nil
}

// mustRead returns an element's bytes already known to be in the file.
func (a *analyzer) mustRead(e elem) []byte {
	b, _ := a.w.read(e.off, e.end()-e.off)
	return b
}

// dropped turns an element into a zeroed Void of its size, reporting a
// Void that held data.
func (a *analyzer) dropped(e elem, where string) error {
	if e.id == idVoid {
		zero, preview, err := a.zeros(e.data(), e.size)
		if err != nil || zero {
			return err
		}
		a.lay.findings = append(a.lay.findings, scrub.Finding{Where: where, Field: "Void", Kind: scrub.KindHidden,
			Label: scrub.LabelHiddenData, Action: scrub.Remove, Value: "padding that holds " + imagemeta.Size(int(e.size)) + " of data" + preview})
	}
	return a.addPatch(patch{off: e.off, n: e.end() - e.off, void: true})
}

// zeros reports whether n bytes at off are all zero, with a preview of
// the text in them if not.
func (a *analyzer) zeros(off, n int64) (bool, string, error) {
	buf := make([]byte, min(n, 64<<10))
	for k := int64(0); k < n; {
		if err := a.ctx.Err(); err != nil {
			return false, "", err
		}
		m := min(n-k, int64(len(buf)))
		if _, err := a.r.ReadAt(buf[:m], off+k); err != nil {
			return false, "", fmt.Errorf("reading: %w", err)
		}
		for _, c := range buf[:m] {
			if c != 0 {
				return false, describe(buf[:m]), nil
			}
		}
		k += m
	}
	return true, "", nil
}
