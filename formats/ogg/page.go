package ogg

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// An Ogg page (RFC 3533 §6): "OggS", version 0, flags, granule position,
// serial number, page sequence number, CRC, segment count, lacing values,
// body. The CRC is CRC-32 with polynomial 0x04C11DB7, initial value 0, no
// reflection and no final XOR, over the page with the CRC field zeroed.

const (
	headerLen = 27
	maxPage   = headerLen + 255 + 255*255

	flagContinued = 1
	flagBOS       = 2
	flagEOS       = 4
)

var crcTables = func() (t [8][256]uint32) {
	for i := range 256 {
		c := uint32(i) << 24
		for range 8 {
			if c&0x80000000 != 0 {
				c = c<<1 ^ 0x04c11db7
			} else {
				c <<= 1
			}
		}
		t[0][i] = c
	}
	for k := 1; k < 8; k++ {
		for i := range 256 {
			c := t[k-1][i]
			t[k][i] = c<<8 ^ t[0][c>>24]
		}
	}
	return
}()

// crc32 continues the Ogg CRC c over b, eight bytes a step.
func crc32(c uint32, b []byte) uint32 {
	t := &crcTables
	for len(b) >= 8 {
		c ^= binary.BigEndian.Uint32(b)
		c = t[7][c>>24] ^ t[6][byte(c>>16)] ^ t[5][byte(c>>8)] ^ t[4][byte(c)] ^
			t[3][b[4]] ^ t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]]
		b = b[8:]
	}
	for _, x := range b {
		c = c<<8 ^ t[0][byte(c>>24)^x]
	}
	return c
}

var zeroCRC [4]byte

// pageCRC returns the checksum of a whole page, its CRC field read as
// zero.
func pageCRC(raw []byte) uint32 {
	c := crc32(0, raw[:22])
	c = crc32(c, zeroCRC[:])
	return crc32(c, raw[26:])
}

// setSeq writes a new sequence number into a page and its checksum.
func setSeq(raw []byte, seq uint32) {
	binary.LittleEndian.PutUint32(raw[18:], seq)
	binary.LittleEndian.PutUint32(raw[22:], pageCRC(raw))
}

// page is one page as read. Its slices point into the reader's buffer and
// are valid until the next page is read.
type page struct {
	off     int64
	flags   byte
	granule uint64
	serial  uint32
	seq     uint32
	lacing  []byte
	body    []byte
	raw     []byte
}

// continued reports whether the page's first segment continues a packet.
func (p *page) continued() bool { return p.flags&flagContinued != 0 }

// pageReader reads pages one after the other.
type pageReader struct {
	br   *bufio.Reader
	off  int64
	size int64
	buf  []byte
	p    page
}

func newPageReader(r io.ReaderAt, size int64) *pageReader {
	return &pageReader{br: bufio.NewReaderSize(io.NewSectionReader(r, 0, size), 256<<10), size: size, buf: make([]byte, maxPage)}
}

// errNotPage: the bytes at the reader's offset are not a page (or only
// the start of one, cut short); what they are is the caller's to decide.
type errNotPage struct {
	off int64
	cut bool // "OggS" and a page header, but the file ends inside the page
}

func (e errNotPage) Error() string { return fmt.Sprintf("no Ogg page at offset %d", e.off) }

// next returns the next page, io.EOF at the end of the input, an
// errNotPage when the next bytes are not a whole page, or an ErrMalformed
// error for a page of another version, with undefined flags, or with a
// bad checksum.
func (pr *pageReader) next() (*page, error) {
	if pr.off == pr.size {
		return nil, io.EOF
	}
	h, err := pr.br.Peek(headerLen)
	if len(h) < 4 || string(h[:4]) != "OggS" {
		return nil, errNotPage{off: pr.off}
	}
	if err != nil {
		return nil, errNotPage{off: pr.off, cut: true}
	}
	if h[4] != 0 {
		return nil, malformed("a page of an unknown Ogg version (%d) at offset %d", h[4], pr.off)
	}
	if h[5]&^7 != 0 {
		return nil, malformed("a page with undefined flags at offset %d", pr.off)
	}
	nseg := int(h[26])
	h, err = pr.br.Peek(headerLen + nseg)
	if err != nil {
		return nil, errNotPage{off: pr.off, cut: true}
	}
	n := headerLen + nseg
	for _, l := range h[headerLen:] {
		n += int(l)
	}
	raw := pr.buf[:n]
	if _, err := io.ReadFull(pr.br, raw); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, errNotPage{off: pr.off, cut: true}
		}
		return nil, fmt.Errorf("reading: %w", err)
	}
	le := binary.LittleEndian
	if le.Uint32(raw[22:]) != pageCRC(raw) {
		return nil, malformed("the page at offset %d has a bad checksum (the file is damaged)", pr.off)
	}
	pr.p = page{
		off:     pr.off,
		flags:   raw[5],
		granule: le.Uint64(raw[6:]),
		serial:  le.Uint32(raw[14:]),
		seq:     le.Uint32(raw[18:]),
		lacing:  raw[headerLen : headerLen+nseg],
		body:    raw[headerLen+nseg:],
		raw:     raw,
	}
	pr.off += int64(n)
	return &pr.p, nil
}

// pager lays packets out in pages of one stream, as libogg does when it
// flushes: as many segments as fit (255), a packet continuing on the next
// page when it does not fit. The granule position of a page is 0 if a
// packet ends on it and -1 (all ones) if none does; the caller gives
// header packets only.
type pager struct {
	serial uint32
	seq    uint32
	pages  [][]byte

	lacing []byte
	body   []byte
	cont   bool // the page's first packet began on the previous page
	ended  bool // a packet ended on the page
}

func (pg *pager) add(packet []byte) {
	for {
		if len(pg.lacing) == 255 {
			cont := pg.lacing[254] == 255
			pg.flush()
			pg.cont = cont
		}
		k := min(len(packet), 255)
		pg.lacing = append(pg.lacing, byte(k))
		pg.body = append(pg.body, packet[:k]...)
		packet = packet[k:]
		if k < 255 {
			pg.ended = true
			return
		}
	}
}

// flush closes the page under construction, if it has any segment.
func (pg *pager) flush() {
	if len(pg.lacing) == 0 {
		return
	}
	le := binary.LittleEndian
	b := make([]byte, 0, headerLen+len(pg.lacing)+len(pg.body))
	b = append(b, "OggS\x00"...)
	var flags byte
	if pg.cont {
		flags = flagContinued
	}
	b = append(b, flags)
	granule := ^uint64(0)
	if pg.ended {
		granule = 0
	}
	b = le.AppendUint64(b, granule)
	b = le.AppendUint32(b, pg.serial)
	b = le.AppendUint32(b, pg.seq)
	b = append(b, 0, 0, 0, 0, byte(len(pg.lacing)))
	b = append(b, pg.lacing...)
	b = append(b, pg.body...)
	le.PutUint32(b[22:], pageCRC(b))
	pg.pages = append(pg.pages, b)
	pg.seq++
	pg.lacing, pg.body, pg.cont, pg.ended = nil, nil, false, false
}
