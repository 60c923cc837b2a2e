package isobmff

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/formats/internal/warnings"
	"github.com/scrub-project/scrub/scrub"
)

// Extended types of uuid boxes scrub names (XMP Specification Part 3;
// C2PA 2.x; Canon CR3).
var (
	uuidXMP     = []byte{0xbe, 0x7a, 0xcf, 0xcb, 0x97, 0xa9, 0x42, 0xe8, 0x9c, 0x71, 0x99, 0x94, 0x91, 0xe3, 0xaf, 0xac}
	uuidC2PA    = []byte{0xd8, 0xfe, 0xc3, 0xd6, 0x1b, 0x0e, 0x48, 0x3c, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7e, 0xc4, 0x81}
	uuidPreview = []byte{0xea, 0xf4, 0x2b, 0x5e, 0x1c, 0x98, 0x4b, 0x88, 0xb9, 0xfb, 0xb7, 0xdc, 0x40, 0x6e, 0x4d, 0x16}
)

func malformed(reasonf string, args ...any) error {
	return scrub.Malformed("isobmff", nil, reasonf, args...)
}

func unsupported(reason, hint string) error {
	return scrub.Unsupported("isobmff", reason, hint)
}

const hintRemux = "save it again as a regular MP4 or MOV with a video converter (without re-encoding if it offers that), then clean that copy"

// analysis is one pass over a file: what it holds (findings) and what the
// cleaned copy is made of (out). Inspect and Clean share it, so that they
// apply the same rules.
type analysis struct {
	ctx    context.Context
	env    *scrub.Env
	r      io.ReaderAt
	size   int64
	clean  bool // building the output too (embedded movies are cleaned)
	limits scrub.Limits
	format string
	qt     bool // QuickTime rules (sample description versions, user data text)

	top     []topBox
	mdats   []topBox
	out     []*outBox
	keep    spanSet // input bytes, inside media data boxes, that kept tracks and items use
	removed spanSet // input bytes of removed tracks and items
	tracks  []*track
	movie   bool
	image   *image
	boxes   int
	seen    map[string]bool // values already listed (dates, handler names), listed once

	fs []scrub.Finding
	ws []scrub.Warning
}

type outKind int

const (
	outCopy  outKind = iota // copied as it is (ftyp)
	outTree                 // rebuilt in memory (moov, meta)
	outMedia                // media data: header, then the kept spans
	outEmbed                // a cleaned embedded movie (Samsung motion photo)
)

// outBox is one top-level box of the cleaned output.
type outBox struct {
	kind  outKind
	src   topBox
	tree  *node
	spans []span // outMedia: the kept input spans, in order
	embed int64  // outEmbed: size of the cleaned payload
	at    int64  // offset in the output, set by layout
	hdr   int64  // outMedia, outEmbed: header length in the output
}

func (o *outBox) size() int64 {
	switch o.kind {
	case outCopy:
		return o.src.size
	case outTree:
		return o.tree.size()
	case outEmbed:
		return o.hdr + o.embed
	}
	var n int64
	for _, s := range o.spans {
		n += s.len()
	}
	return o.hdr + n
}

func (a *analysis) add(f scrub.Finding) {
	if f.Action == "" {
		f.Action = scrub.Remove
	}
	if f.Kind == "" {
		f.Kind = kindOf(f.Label)
	}
	a.fs = append(a.fs, f)
}

func (a *analysis) warn(msg string) {
	for _, w := range a.ws {
		if w.Message == msg {
			return
		}
	}
	a.ws = append(a.ws, scrub.Warning{Message: msg})
}

// count charges one parsed box against the limit on members.
func (a *analysis) count() error {
	a.boxes++
	if a.boxes > a.limits.MaxMembers {
		return scrub.OverLimit("isobmff", scrub.LimitMembers, fmt.Sprintf("more than %d boxes", a.limits.MaxMembers))
	}
	if a.boxes&1023 == 0 {
		return a.ctx.Err()
	}
	return nil
}

// hold reads a box's payload into memory, within the member limit.
func (a *analysis) hold(b topBox, what string) ([]byte, error) {
	n := b.size - b.hdr
	if max := min(a.limits.MaxMemberSize, 1<<30); n > max {
		return nil, scrub.OverLimit("isobmff", scrub.LimitMemberSize,
			fmt.Sprintf("the %s takes %d MiB, over the limit of %d MiB", what, n>>20, max>>20))
	}
	p := make([]byte, n)
	if _, err := a.r.ReadAt(p, b.payload()); err != nil && !(err == io.EOF && int64(len(p)) == n) {
		return nil, fmt.Errorf("reading: %w", err)
	}
	return p, nil
}

// analyze walks the file and decides what the cleaned copy keeps. With
// clean set it also cleans embedded movies (to know their size).
func analyze(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, clean bool) (*analysis, error) {
	a := &analysis{ctx: ctx, env: env, r: r, size: size, clean: clean, limits: scrub.LimitsOf(env), seen: map[string]bool{}}
	if err := a.run(); err != nil {
		// Name the format in refusals, once it is known.
		var fe *scrub.FormatError
		if errors.As(err, &fe) && fe.Format == "isobmff" && a.format != "" {
			fe.Format = a.format
		}
		return nil, err
	}
	return a, nil
}

func (a *analysis) run() error {
	ctx := a.ctx
	if err := a.scan(); err != nil {
		return err
	}
	for _, b := range a.top {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := a.topLevel(b); err != nil {
			return err
		}
	}
	if !a.movie && a.image == nil {
		return malformed("there is neither a movie nor an image in the file")
	}
	if err := a.media(); err != nil {
		return err
	}
	if a.clean {
		return a.layout()
	}
	return nil
}

// scan lists the top-level boxes.
func (a *analysis) scan() error {
	for off := int64(0); off < a.size; {
		if a.size-off < 8 {
			tail := make([]byte, a.size-off)
			a.r.ReadAt(tail, off)
			if !section.IsZero(tail) {
				return malformed("%d stray bytes at the end of the file", len(tail))
			}
			a.add(scrub.Finding{Where: "end of file", Field: "padding", Value: fmt.Sprintf("%d zero bytes", len(tail)),
				Label: scrub.LabelHiddenData, Minor: true})
			break
		}
		b, err := readTop(a.r, off, a.size)
		if err != nil {
			return err
		}
		if err := a.count(); err != nil {
			return err
		}
		a.top = append(a.top, b)
		if b.typ == "mdat" {
			a.mdats = append(a.mdats, b)
		}
		off = b.end()
	}
	if len(a.top) == 0 {
		return malformed("the file is empty")
	}
	if a.top[0].typ == "ftyp" {
		if a.top[0].size > 4096 {
			return malformed("the file type box is %d bytes long", a.top[0].size)
		}
		p, err := a.hold(a.top[0], "file type box")
		if err != nil {
			return err
		}
		a.format = ftypFormat(p)
		if a.format == "" {
			return unsupported("this ISO media file is of a kind scrub does not know ("+printable(string(p[:min(4, len(p))]))+")",
				"convert it to MP4, MOV or JPEG and clean that copy")
		}
		if f := formatOf(a.format); f.Refused != "" {
			return unsupported(f.Refused, f.Hint)
		}
		a.qt = a.format == fmtMOV
		if !a.qt {
			for i := 8; i+4 <= len(p); i += 4 {
				a.qt = a.qt || string(p[i:i+4]) == "qt  "
			}
		}
	} else {
		a.format, a.qt = fmtMOV, true
	}
	return nil
}

// topLevel decides what happens to one top-level box.
func (a *analysis) topLevel(b topBox) error {
	where := printable(b.typ)
	switch b.typ {
	case "ftyp":
		if len(a.out) > 0 || b.off != 0 {
			return malformed("a second file type box at offset %d", b.off)
		}
		a.out = append(a.out, &outBox{kind: outCopy, src: b})
	case "moov":
		if a.movie {
			return malformed("the file has two movie boxes")
		}
		a.movie = true
		p, err := a.hold(b, "movie header")
		if err != nil {
			return err
		}
		n, err := a.moov(p)
		if err != nil {
			return err
		}
		a.out = append(a.out, &outBox{kind: outTree, src: b, tree: n})
	case "meta":
		p, err := a.hold(b, "image structure")
		if err != nil {
			return err
		}
		if isPictureMeta(p) {
			if a.image != nil {
				return malformed("the file has two image structures")
			}
			n, err := a.heif(p)
			if err != nil {
				return err
			}
			a.out = append(a.out, &outBox{kind: outTree, src: b, tree: n})
			break
		}
		if err := a.metaFindings(p, "meta"); err != nil {
			return err
		}
	case "mdat":
		a.out = append(a.out, &outBox{kind: outMedia, src: b, hdr: b.hdr})
	case "free", "skip", "wide", "junk", "pdin":
		return a.freeFinding(b, where)
	case "uuid":
		return a.uuidFinding(b)
	case "moof", "mfra", "sidx", "styp", "ssix", "emsg", "prft", "mfro":
		return unsupported("fragmented MP4 (a streaming layout) is not supported", hintRemux)
	case "sefd":
		p, err := a.peek(b, 64<<10)
		if err != nil {
			return err
		}
		a.add(scrub.Finding{Where: "sefd", Field: "Samsung SEF data", Value: describeSize(p, b.size-b.hdr),
			Label: scrub.LabelPrivateData, Kind: scrub.KindOther})
		if bytes.Contains(p, []byte("SlowMotion")) || bytes.Contains(p, []byte("Slow_Motion")) {
			a.warn("removed Samsung's slow-motion data: the video now plays at its recorded speed everywhere")
		}
	case "mpvd":
		return a.motionPhoto(b)
	default:
		p, err := a.peek(b, 64<<10)
		if err != nil {
			return err
		}
		a.add(scrub.Finding{Where: where, Field: where, Value: describeSize(p, b.size-b.hdr), Label: scrub.LabelPrivateData, Kind: scrub.KindOther})
	}
	return nil
}

// peek reads up to n bytes of a top-level box's payload.
func (a *analysis) peek(b topBox, n int64) ([]byte, error) {
	p := make([]byte, min(n, b.size-b.hdr))
	if _, err := a.r.ReadAt(p, b.payload()); err != nil && err != io.EOF {
		return nil, fmt.Errorf("reading: %w", err)
	}
	return p, nil
}

func describeSize(head []byte, n int64) string {
	if pv := imagemeta.Preview(head, 400); pv != "" {
		return fmt.Sprintf("%d bytes: %s", n, pv)
	}
	return fmt.Sprintf("%d bytes", n)
}

// freeFinding lists free space that is not blank: writers leave old
// metadata in it.
func (a *analysis) freeFinding(b topBox, where string) error {
	if b.size == b.hdr {
		return nil
	}
	p, err := a.peek(b, 64<<10)
	if err != nil {
		return err
	}
	pv := imagemeta.Preview(p, 400)
	a.add(scrub.Finding{Where: where, Field: "free space", Value: describeSize(p, b.size-b.hdr),
		Label: scrub.LabelHiddenData, Kind: scrub.KindHidden, Minor: pv == ""})
	return nil
}

func (a *analysis) uuidFinding(b topBox) error {
	switch {
	case bytes.Equal(b.uuid, uuidXMP):
		p, err := a.hold(b, "XMP packet")
		if err != nil {
			return err
		}
		a.xmp(p, "XMP")
	case bytes.Equal(b.uuid, uuidC2PA):
		a.add(scrub.Finding{Where: "uuid", Field: "C2PA manifest", Value: fmt.Sprintf("%d bytes", b.size-b.hdr),
			Label: scrub.LabelHistory, Kind: scrub.KindEditHistory})
		a.warn(warnings.ContentCredentialsRemoved().Message)
	case bytes.Equal(b.uuid, uuidPreview):
		a.add(scrub.Finding{Where: "uuid", Field: "preview image", Value: fmt.Sprintf("%d bytes", b.size-b.hdr),
			Label: scrub.LabelThumbnail, Kind: scrub.KindHidden})
	default:
		p, err := a.peek(b, 64<<10)
		if err != nil {
			return err
		}
		a.add(scrub.Finding{Where: "uuid", Field: fmt.Sprintf("uuid %x", b.uuid), Value: describeSize(p, b.size-b.hdr),
			Label: scrub.LabelPrivateData, Kind: scrub.KindOther})
	}
	return nil
}

// xmp lists an XMP packet; a packet with nothing to list is still one
// finding, since it goes.
func (a *analysis) xmp(p []byte, where string) {
	fs := imagemeta.XMP(p, where)
	if !scrub.Removable(fs) {
		fs = append(fs, scrub.Finding{Where: where, Field: "XMP", Value: imagemeta.Describe(p), Label: scrub.LabelMetadata,
			Kind: scrub.KindOther, Action: scrub.Remove})
	}
	for _, f := range fs {
		a.add(f)
	}
}

// motionPhoto handles Samsung's mpvd box: a whole MP4 (the motion part of
// a motion photo) whose offsets count from the start of its payload. It is
// cleaned through the registry like any movie; if scrub refuses it, it is
// dropped.
func (a *analysis) motionPhoto(b topBox) error {
	where := "motion photo video"
	inner := io.NewSectionReader(a.r, b.payload(), b.size-b.hdr)
	n := b.size - b.hdr
	dropped := func(err error) error {
		if !scrub.Refused(err) {
			return err
		}
		a.add(scrub.Finding{Where: where, Field: "mpvd", Value: fmt.Sprintf("a %d-byte video scrub cannot clean (%v)", n, err),
			Label: scrub.LabelAttachment, Kind: scrub.KindAttachment})
		a.warn("removed the video part of the motion photo: scrub could not clean it")
		return nil
	}
	if !a.clean {
		fs, err := a.env.InspectEmbedded(a.ctx, where, inner, n)
		if err != nil {
			return dropped(err)
		}
		a.fs = append(a.fs, fs...)
		return nil
	}
	cw := &countWriter{}
	fs, ws, err := a.env.CleanReportEmbedded(a.ctx, where, inner, n, cw)
	if err != nil {
		return dropped(err)
	}
	a.fs = append(a.fs, fs...)
	a.ws = append(a.ws, ws...)
	hdr := int64(8)
	if cw.n+8 > 1<<32-1 {
		hdr = 16
	}
	a.out = append(a.out, &outBox{kind: outEmbed, src: b, embed: cw.n, hdr: hdr})
	return nil
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// media decides, for every media data box, which of its bytes the output
// keeps: those kept tracks and items refer to. It checks that they lie in
// media data boxes, and lists the bytes no one refers to.
func (a *analysis) media() error {
	a.keep.norm()
	a.removed.norm()
	for _, s := range a.keep.s {
		if s.end > a.size {
			return malformed("a track or an image refers to data past the end of the file")
		}
		if m := a.mdatAt(s.start); m == nil || s.end > m.end() {
			return unsupported("the media data lies outside the media data box, a layout scrub does not rewrite", hintRemux)
		}
	}
	var hidden int64
	var head []byte
	for _, o := range a.out {
		if o.kind != outMedia {
			continue
		}
		o.spans = a.keep.within(o.src.payload(), o.src.end())
		for _, g := range a.keep.gaps(o.src.payload(), o.src.end()) {
			for _, h := range a.removed.gaps(g.start, g.end) {
				hidden += h.len()
				if len(head) < 4096 {
					p := make([]byte, min(h.len(), int64(4096-len(head))))
					if _, err := a.r.ReadAt(p, h.start); err != nil && err != io.EOF {
						return fmt.Errorf("reading: %w", err)
					}
					head = append(head, p...)
				}
			}
		}
	}
	if hidden > 0 {
		pv := imagemeta.Preview(head, 400)
		v := fmt.Sprintf("%d bytes of media data that no track or image uses", hidden)
		if pv != "" {
			v += ": " + pv
		}
		a.add(scrub.Finding{Where: "mdat", Field: "unreferenced data", Value: v, Label: scrub.LabelHiddenData,
			Kind: scrub.KindHidden, Minor: pv == "" && hidden < 4096})
	}
	// A media data box nothing refers to any more goes.
	kept := a.out[:0]
	for _, o := range a.out {
		if o.kind == outMedia && len(o.spans) == 0 {
			continue
		}
		kept = append(kept, o)
	}
	a.out = kept
	return nil
}

// mdatAt returns the media data box whose payload holds x.
func (a *analysis) mdatAt(x int64) *topBox {
	for i := range a.mdats {
		if m := &a.mdats[i]; x >= m.payload() && x < m.end() {
			return m
		}
	}
	return nil
}
