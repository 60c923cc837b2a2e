package ogg

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/trailing"
	"github.com/scrub-project/scrub/scrub"
)

// stream is one logical stream: the pages of one serial number from its
// first page (BOS) to its last (EOS).
type stream struct {
	serial uint32
	index  int // order of appearance in the file, from 0
	codec  *codec
	need   int      // header packets, the identification header included; 0: FLAC, until a block marked last
	pkts   [][]byte // header packets read so far
	part   []byte   // a header packet in progress
	// pending: the last page ended inside a packet.
	pending bool
	lastSeq uint32
	bosSeq  uint32
	bos     []byte // the first page, as queued
	pages   int    // pages after the first that hold headers
	done    bool   // every header packet was read
	ended   bool   // the last page (EOS) was read
	eos     bool   // the page that ends the headers is also the last
	// What cleaning writes instead: the first page if it changes, the
	// header pages, and what to add to the sequence number of every later
	// page.
	newBOS   []byte
	newPages [][]byte
	delta    uint32
}

func (s *stream) name() string {
	return fmt.Sprintf("stream %d (%s)", s.index+1, s.codec.name)
}

// where names the stream's comment header for the user.
func (s *stream) where() string {
	if s.index == 0 {
		return s.codec.where
	}
	return fmt.Sprintf("%s, stream %d", s.codec.where, s.index+1)
}

const (
	qBOS        = iota // a first page
	qHeader            // a page of header packets, replaced
	qHeaderLast        // the page where a stream's headers end: its new header pages go here
	qData              // any later page
)

type queued struct {
	raw  []byte
	s    *stream
	kind int
}

// walker reads an Ogg file page by page, once, for Inspect (w and parts
// nil), Clean (w set) or Parts (parts set).
type walker struct {
	ctx   context.Context
	env   *scrub.Env
	lim   scrub.Limits
	r     io.ReaderAt
	size  int64
	w     *bufio.Writer
	parts func(scrub.Part) error

	streams map[uint32]*stream // the current stream of each serial number
	all     []*stream
	waiting int // streams whose headers are not all read
	// Pages wait in the queue while some stream's headers are incomplete:
	// a first page may change, and the header pages are replaced.
	queue  []queued
	queued int64
	held   int64 // bytes of header packets held
	heads  []byte

	fs []scrub.Finding
	ws []scrub.Warning
}

func newWalker(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) *walker {
	return &walker{ctx: ctx, env: env, lim: scrub.LimitsOf(env), r: r, size: size, streams: map[uint32]*stream{}}
}

// run reads every page. It returns ErrMalformed errors for damage and
// broken structure, ErrUnsupported for streams scrub does not clean,
// ErrLimit errors past the limits, and what writing returns.
func (w *walker) run() error {
	pr := newPageReader(w.r, w.size)
	for n := 0; ; n++ {
		if n&255 == 0 {
			if err := w.ctx.Err(); err != nil {
				return err
			}
		}
		p, err := pr.next()
		if err == io.EOF {
			break
		}
		var np errNotPage
		if errors.As(err, &np) {
			if err := w.trailing(np); err != nil {
				return err
			}
			break
		}
		if err != nil {
			return err
		}
		if err := w.page(p); err != nil {
			return err
		}
	}
	if len(w.all) == 0 {
		return malformed("the file holds no Ogg page")
	}
	for _, s := range w.all {
		if !s.done {
			return malformed("the file ends inside the headers of %s", s.name())
		}
	}
	if err := w.flushHeads(); err != nil {
		return err
	}
	if w.w != nil {
		return w.w.Flush()
	}
	return nil
}

func (w *walker) page(p *page) error {
	if w.parts != nil {
		w.heads = append(w.heads, p.raw[:headerLen+len(p.lacing)]...)
		if len(w.heads) >= 1<<20 {
			if err := w.flushHeads(); err != nil {
				return err
			}
		}
	}
	s := w.streams[p.serial]
	switch {
	case p.flags&flagBOS != 0:
		if s != nil && !s.ended {
			return malformed("two streams with the same serial number at offset %d", p.off)
		}
		return w.begin(p)
	case s == nil:
		return malformed("the page at offset %d belongs to no stream that began (its first page is missing)", p.off)
	case s.ended:
		return malformed("the page at offset %d comes after the last page of its stream", p.off)
	case !s.done:
		return w.headerPage(s, p)
	}
	return w.dataPage(s, p)
}

// begin starts a stream at its first page, which must hold its
// identification header alone.
func (w *walker) begin(p *page) error {
	if len(w.all) >= w.lim.MaxMembers {
		return scrub.OverLimit("ogg", scrub.LimitMembers, fmt.Sprintf("more than %d streams", w.lim.MaxMembers))
	}
	c := codecOf(p.body)
	if c == nil {
		return unsupported(p.body)
	}
	alone := len(p.lacing) > 0 && p.lacing[len(p.lacing)-1] < 255 && !p.continued()
	for _, l := range p.lacing[:max(len(p.lacing)-1, 0)] {
		alone = alone && l == 255
	}
	if !alone {
		return malformed("the first page of a %s stream (offset %d) does not hold its identification header alone", c.name, p.off)
	}
	id := bytes.Clone(p.body)
	need, err := c.headers(id)
	if err != nil {
		return err
	}
	if p.flags&flagEOS != 0 {
		return malformed("a %s stream ends on its first page (offset %d)", c.name, p.off)
	}
	s := &stream{serial: p.serial, index: len(w.all), codec: c, need: need, pkts: [][]byte{id}, lastSeq: p.seq, bosSeq: p.seq}
	w.streams[p.serial] = s
	w.all = append(w.all, s)
	w.waiting++
	w.held += int64(len(id))
	return w.emit(p.raw, s, qBOS)
}

// headerPage reads a page of a stream whose headers are incomplete.
func (w *walker) headerPage(s *stream, p *page) error {
	if p.seq != s.lastSeq+1 {
		return malformed("a page is missing in the headers of %s (offset %d)", s.name(), p.off)
	}
	if p.continued() != s.pending {
		return malformed("the headers of %s are broken at offset %d", s.name(), p.off)
	}
	s.lastSeq = p.seq
	s.pages++
	pos := 0
	for _, l := range p.lacing {
		if s.done {
			return malformed("audio begins on the page where the headers of %s end (offset %d)", s.name(), p.off)
		}
		s.part = append(s.part, p.body[pos:pos+int(l)]...)
		pos += int(l)
		w.held += int64(l)
		if w.held > w.lim.MaxMemberSize {
			return scrub.OverLimit("ogg", scrub.LimitMemberSize, fmt.Sprintf("the headers of the streams are larger than %d MiB", w.lim.MaxMemberSize>>20))
		}
		if l < 255 {
			if err := w.addPacket(s, s.part); err != nil {
				return err
			}
			s.part = nil
		}
	}
	if len(p.lacing) > 0 {
		s.pending = p.lacing[len(p.lacing)-1] == 255
	}
	if p.flags&flagEOS != 0 {
		if !s.done {
			return malformed("%s ends inside its headers (offset %d)", s.name(), p.off)
		}
		s.ended, s.eos = true, true
	}
	if !s.done {
		return w.emit(p.raw, s, qHeader)
	}
	if err := w.finish(s); err != nil {
		return err
	}
	return w.emit(p.raw, s, qHeaderLast)
}

func (w *walker) addPacket(s *stream, pkt []byte) error {
	s.pkts = append(s.pkts, pkt)
	if len(s.pkts) > w.lim.MaxMembers {
		return scrub.OverLimit("ogg", scrub.LimitMembers, fmt.Sprintf("more than %d header packets in %s", w.lim.MaxMembers, s.name()))
	}
	switch {
	case s.need > 0:
		s.done = len(s.pkts) == s.need
	case len(pkt) > 0:
		s.done = pkt[0]&0x80 != 0 // FLAC: the block marked last
	}
	return nil
}

// dataPage checks a page after the headers: in order, no header packet
// starting on it.
func (w *walker) dataPage(s *stream, p *page) error {
	if p.seq <= s.lastSeq {
		return malformed("pages out of order or repeated in %s (offset %d)", s.name(), p.off)
	}
	s.lastSeq = p.seq
	start := !p.continued()
	pos := 0
	for _, l := range p.lacing {
		if start && l > 0 && !s.codec.audio(p.body[pos:pos+int(l)]) {
			return malformed("a header packet in the middle of %s (offset %d)", s.name(), p.off)
		}
		pos += int(l)
		start = l < 255
	}
	if p.flags&flagEOS != 0 {
		s.ended = true
	}
	return w.emit(p.raw, s, qData)
}

// emit writes a page, or queues it while some stream's headers are
// incomplete.
func (w *walker) emit(raw []byte, s *stream, kind int) error {
	if w.waiting == 0 && len(w.queue) == 0 {
		return w.write(raw, s, kind)
	}
	if w.w == nil {
		if kind == qBOS {
			s.bos = bytes.Clone(raw)
		}
		return nil // nothing to write: only the first page is needed
	}
	var c []byte
	switch kind {
	case qBOS:
		c = bytes.Clone(raw)
		s.bos = c
	case qData:
		c = bytes.Clone(raw)
	}
	// Header pages are replaced: only their place in the order is kept.
	w.queue = append(w.queue, queued{c, s, kind})
	w.queued += int64(len(c))
	// Real files put every header before the audio: little waits. A
	// stream whose headers never end must not make the others' pages pile
	// up to the member limit: an eighth of it (64 MiB).
	if max := w.lim.MaxMemberSize / 8; w.queued > max {
		return scrub.OverLimit("ogg", scrub.LimitMemberSize,
			fmt.Sprintf("the headers of the streams are spread over more than %d MiB", max>>20))
	}
	if w.waiting == 0 {
		for _, q := range w.queue {
			if err := w.write(q.raw, q.s, q.kind); err != nil {
				return err
			}
		}
		w.queue, w.queued = nil, 0
	}
	return nil
}

// write writes a page as cleaning changes it.
func (w *walker) write(raw []byte, s *stream, kind int) error {
	if w.w == nil {
		return nil
	}
	switch kind {
	case qBOS:
		if s.newBOS != nil {
			raw = s.newBOS
		}
	case qHeader:
		return nil
	case qHeaderLast:
		for _, p := range s.newPages {
			if _, err := w.w.Write(p); err != nil {
				return err
			}
		}
		return nil
	case qData:
		if s.delta != 0 {
			setSeq(raw, binary.LittleEndian.Uint32(raw[18:])+s.delta)
		}
	}
	_, err := w.w.Write(raw)
	return err
}

// finish builds a stream's new headers once they are all read: the
// findings, the new first page if it changes, the new header pages and
// the sequence number shift.
func (w *walker) finish(s *stream) error {
	h, err := rebuild(w.ctx, w.env, s)
	if err != nil {
		return err
	}
	w.fs = append(w.fs, h.findings...)
	if h.id != nil {
		bos := bytes.Clone(s.bos)
		body := bos[len(bos)-len(h.id):]
		copy(body, h.id)
		binary.LittleEndian.PutUint32(bos[22:], pageCRC(bos))
		s.newBOS = bos
	}
	pg := pager{serial: s.serial, seq: s.bosSeq + 1}
	for _, p := range h.packets {
		pg.add(p)
	}
	pg.flush()
	if s.eos {
		last := pg.pages[len(pg.pages)-1]
		last[5] |= flagEOS
		binary.LittleEndian.PutUint32(last[22:], pageCRC(last))
	}
	s.newPages = pg.pages
	s.delta = uint32(len(pg.pages) - s.pages)
	if w.parts != nil {
		if err := h.listParts(w.ctx, w.env, s, w.parts); err != nil {
			return err
		}
	}
	for _, p := range s.pkts {
		w.held -= int64(len(p))
	}
	s.pkts, s.part = nil, nil
	w.waiting--
	return nil
}

// trailing handles what follows the last whole page: a page cut short at
// the end of the file, or other data. Data that holds another page is
// refused (pages with something between them); the rest is removed.
func (w *walker) trailing(np errNotPage) error {
	if len(w.all) == 0 {
		return malformed("the file is not a valid Ogg file: it is cut short or damaged in its first page")
	}
	from := np.off
	n := w.size - from
	// Another page in what follows means damage, not an end: a page whose
	// lacing values run over the next pages, or data between pages.
	look := from
	if np.cut {
		look += 4
	}
	at, err := findPage(w.ctx, w.r, look, w.size)
	if err != nil {
		return err
	}
	if at >= 0 {
		if np.cut {
			return malformed("the page at offset %d runs over the pages after it (the file is damaged)", from)
		}
		return malformed("data between pages at offset %d", from)
	}
	if np.cut {
		w.fs = append(w.fs, scrub.Finding{Where: "after the last page", Field: "incomplete page", Value: fmt.Sprintf("%d bytes of a page cut short", n),
			Kind: scrub.KindHidden, Action: scrub.Remove, Label: scrub.LabelHiddenData, Minor: true})
		w.ws = append(w.ws, scrub.Warning{Message: "removed an incomplete page at the end of the file (the file was cut short; players skip it too)"})
	} else {
		f, err := trailing.Finding(w.ctx, w.r, from, n, "after the last page", "Ogg")
		if err != nil {
			return err
		}
		w.fs = append(w.fs, f)
		tw, ok, err := trailing.Warning(w.ctx, w.r, from, n, "after the last page", "Ogg")
		if err != nil {
			return err
		}
		if ok {
			w.ws = append(w.ws, tw)
		}
	}
	if w.parts != nil {
		return w.parts(scrub.Part{Where: "after the last page", R: io.NewSectionReader(w.r, from, n)})
	}
	return nil
}

// findPage returns the offset of the first "OggS" in [from, to), or -1.
func findPage(ctx context.Context, r io.ReaderAt, from, to int64) (int64, error) {
	const chunk = 1 << 20
	buf := make([]byte, min(to-from, chunk+3))
	for pos := from; pos < to; pos += chunk {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		b := buf[:min(to-pos, int64(len(buf)))]
		if _, err := r.ReadAt(b, pos); err != nil && err != io.EOF {
			return 0, fmt.Errorf("reading: %w", err)
		}
		if i := bytes.Index(b, []byte("OggS")); i >= 0 {
			return pos + int64(i), nil
		}
	}
	return -1, nil
}

func (w *walker) flushHeads() error {
	if w.parts == nil || len(w.heads) == 0 {
		return nil
	}
	err := w.parts(scrub.Part{Where: "page headers", R: bytes.NewReader(w.heads)})
	w.heads = w.heads[:0]
	return err
}
