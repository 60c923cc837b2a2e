package matroska_test

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/scrub-project/scrub/internal/metatest"
)

// EBML writing for the fixtures.

func idb(id uint32) []byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], id)
	i := 0
	for i < 3 && b[i] == 0 {
		i++
	}
	return b[i:]
}

func vsize(n int) []byte {
	for l := 1; l <= 8; l++ {
		if uint64(n) < 1<<(7*l)-1 {
			b := make([]byte, l)
			v := uint64(n)
			for i := l - 1; i >= 0; i-- {
				b[i] = byte(v)
				v >>= 8
			}
			b[0] |= 0x80 >> (l - 1)
			return b
		}
	}
	panic("size")
}

// el returns an element whose data is the concatenation of parts.
func el(id uint32, parts ...[]byte) []byte {
	var data []byte
	for _, p := range parts {
		data = append(data, p...)
	}
	return append(append(idb(id), vsize(len(data))...), data...)
}

// unknownEl returns a master of unknown size.
func unknownEl(id uint32, parts ...[]byte) []byte {
	b := append(idb(id), 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func u(id uint32, v uint64) []byte {
	var b []byte
	for v > 0 {
		b = append([]byte{byte(v)}, b...)
		v >>= 8
	}
	return el(id, b)
}

// u8 returns an unsigned integer element in exactly 8 bytes.
func u8(id uint32, v uint64) []byte {
	return el(id, binary.BigEndian.AppendUint64(nil, v))
}

func s(id uint32, v string) []byte { return el(id, []byte(v)) }

func f64(id uint32, v float64) []byte {
	return el(id, binary.BigEndian.AppendUint64(nil, math.Float64bits(v)))
}

func join(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// Element IDs for the fixtures.
const (
	eEBML, eSegment, eSeekHead, eSeek, eSeekID, eSeekPos            = 0x1A45DFA3, 0x18538067, 0x114D9B74, 0x4DBB, 0x53AB, 0x53AC
	eInfo, eTimestampScale, eDuration, eDateUTC, eTitle, eMuxing    = 0x1549A966, 0x2AD7B1, 0x4489, 0x4461, 0x7BA9, 0x4D80
	eWriting, eSegUID, ePrevUID, eNextUID, eSegFile, ePrevFile      = 0x5741, 0x73A4, 0x3CB923, 0x3EB923, 0x7384, 0x3C83AB
	eNextFile, eFamily, eTracks, eTrackEntry, eTrackNumber, eTrackU = 0x3E83BB, 0x4444, 0x1654AE6B, 0xAE, 0xD7, 0x73C5
	eTrackType, eName, eCodecID, eCodecName, eCodecPriv, eLanguage  = 0x83, 0x536E, 0x86, 0x258688, 0x63A2, 0x22B59C
	eAudio, eSampling, eChannels, eBitDepth, eCluster, eTimestamp   = 0xE1, 0xB5, 0x9F, 0x6264, 0x1F43B675, 0xE7
	eSimpleBlock, eBlockGroup, eBlock, eBlockDuration, eCues        = 0xA3, 0xA0, 0xA1, 0x9B, 0x1C53BB6B
	eCuePoint, eCueTime, eCueTrackPos, eCueTrack, eCueClusterPos    = 0xBB, 0xB3, 0xB7, 0xF7, 0xF1
	eTags, eTag, eTargets, eTagTrackUID, eSimpleTag, eTagName       = 0x1254C367, 0x7373, 0x63C0, 0x63C5, 0x67C8, 0x45A3
	eTagString, eAttachments, eAttachedFile, eFileName, eFileMedia  = 0x4487, 0x1941A469, 0x61A7, 0x466E, 0x4660
	eFileData, eFileUID, eFileDesc, eChapters, eEditionEntry        = 0x465C, 0x46AE, 0x467E, 0x1043A770, 0x45B9
	eEditionUID, eChapterAtom, eChapterUID, eChapStart, eChapEnd    = 0x45BC, 0xB6, 0x73C4, 0x91, 0x92
	eChapDisplay, eChapString, eChapLang, eChapTrack, eChapTrackUID = 0x80, 0x85, 0x437C, 0x8F, 0x89
	eChapProcess, eChapProcCodec, eChapProcPriv, eVoid, eCRC        = 0x6944, 0x6955, 0x450D, 0xEC, 0xBF
	eDocType, eDocTypeVersion, eDocTypeRead, eEBMLVersion           = 0x4282, 0x4287, 0x4285, 0x4286
	eUnknown                                                        = 0x5AB1 // no element of Matroska
)

// fixture describes a synthetic Matroska file: a PCM audio track (8 kHz,
// mono, 16 bits) and a text subtitle track, every metadata place holding
// a value that starts with prefix.
type fixture struct {
	prefix   string
	webm     bool
	unknown  bool // segment and clusters of unknown size (a live recording)
	clusters int
	clean    bool // no metadata at all
}

// pcm returns the samples of one block: 100 ms of a tone.
func pcm(block int) []byte {
	b := make([]byte, 1600)
	for i := 0; i < 800; i++ {
		v := int16(8000 * math.Sin(float64(block*800+i)*2*math.Pi*440/8000))
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}

// block returns a SimpleBlock for track at timestamp ts (relative to its
// cluster), a keyframe.
func block(track int, ts int16, data []byte) []byte {
	h := []byte{0x80 | byte(track), byte(uint16(ts) >> 8), byte(ts), 0x80}
	return el(eSimpleBlock, h, data)
}

// build returns the file and the values planted in it (none for a clean
// fixture).
func (f fixture) build() ([]byte, []string) {
	p := f.prefix
	var planted []string
	plant := func(v string) string {
		if f.clean {
			return ""
		}
		planted = append(planted, v)
		return v
	}
	opt := func(b []byte) []byte {
		if f.clean {
			return nil
		}
		return b
	}
	doc := "matroska"
	if f.webm {
		doc = "webm"
	}
	header := el(eEBML, u(eEBMLVersion, 1), u(0x42F7, 1), u(0x42F2, 4), u(0x42F3, 8), s(eDocType, doc),
		u(eDocTypeVersion, 4), u(eDocTypeRead, 2), opt(s(eUnknown, p+"-EBML-UNKNOWN")))
	if !f.clean {
		plant(p + "-EBML-UNKNOWN")
	}
	info := el(eInfo, u(eTimestampScale, 1000000), f64(eDuration, float64(f.clusters*1000)),
		opt(s(eTitle, plant(p+"-TITLE"))),
		opt(el(eDateUTC, binary.BigEndian.AppendUint64(nil, 700000000000000000))),
		opt(el(eSegUID, []byte(plant(id16(p+"-SEGUID"))))), opt(el(ePrevUID, []byte(plant(id16(p+"-PREVUID"))))),
		opt(el(eNextUID, []byte(plant(id16(p+"-NEXTUID"))))), opt(el(eFamily, []byte(plant(id16(p+"-FAMILY"))))),
		opt(s(eSegFile, plant("/home/"+p+"-user/seg.mkv"))), opt(s(ePrevFile, plant(p+"-PREVFILE.mkv"))),
		opt(s(eNextFile, plant(p+"-NEXTFILE.mkv"))),
		s(eMuxing, "scrub-test-muxer "+plant(p+"-MUXER")), s(eWriting, plant(p+"-WRITER")),
		opt(s(eUnknown, plant(p+"-INFO-UNKNOWN"))))
	if f.clean {
		info = el(eInfo, u(eTimestampScale, 1000000), f64(eDuration, float64(f.clusters*1000)), s(eMuxing, ""), s(eWriting, ""))
	}
	audioUID, subUID := uint64(0x7a11ce5ec2e7), uint64(0x5b7171e5)
	if f.clean {
		audioUID, subUID = 1, 2
	}
	tracks := el(eTracks,
		el(eTrackEntry, u(eTrackNumber, 1), u(eTrackU, audioUID), u(eTrackType, 2), s(eCodecID, "A_PCM/INT/LIT"),
			opt(s(eName, plant(p+"-TRACK-NAME"))), opt(s(eCodecName, plant(p+"-CODEC-NAME"))), s(eLanguage, "eng"),
			el(eAudio, f64(eSampling, 8000), u(eChannels, 1), u(eBitDepth, 16)),
			opt(s(eUnknown, plant(p+"-TRACK-UNKNOWN")))),
		el(eTrackEntry, u(eTrackNumber, 2), u(eTrackU, subUID), u(eTrackType, 0x11), s(eCodecID, "S_TEXT/UTF8")))
	chapters := el(eChapters, el(eEditionEntry, u(eEditionUID, 0xed171011),
		el(eChapterAtom, u(eChapterUID, 0xc4a97e1), u(eChapStart, 0), u(eChapEnd, 500000000),
			el(eChapDisplay, s(eChapString, "Opening words"), s(eChapLang, "eng")),
			el(eChapTrack, u(eChapTrackUID, audioUID)),
			opt(el(eChapProcess, u(eChapProcCodec, 1), s(eChapProcPriv, plant(p+"-CHAPPROCESS")))))))
	if f.clean {
		chapters = el(eChapters, el(eEditionEntry, u(eEditionUID, 1),
			el(eChapterAtom, u(eChapterUID, 1), u(eChapStart, 0), el(eChapDisplay, s(eChapString, "Opening words")))))
	}
	photo := metatest.DirtyJPEG(16, 16, 7, metatest.Planted{Artist: p + "-COVER-ARTIST", Serial: p + "-COVER-SERIAL"})
	attachments := el(eAttachments, el(eAttachedFile, s(eFileName, plant(p+"-cover.jpg")), s(eFileMedia, "image/jpeg"),
		s(eFileDesc, plant(p+"-FILE-DESCRIPTION")), el(eFileData, photo), u(eFileUID, 0x1234567)))
	if !f.clean {
		plant(p + "-COVER-ARTIST")
		plant(p + "-COVER-SERIAL")
	}
	tags := el(eTags,
		el(eTag, el(eTargets), el(eSimpleTag, s(eTagName, "ARTIST"), s(eTagString, plant(p+"-TAG-ARTIST"))),
			el(eSimpleTag, s(eTagName, "LOCATION"), s(eTagString, plant("+48.8577+002.2950/"))),
			el(eSimpleTag, s(eTagName, "com.apple.quicktime.model"), s(eTagString, plant(p+"-PHONE-MODEL")),
				el(eSimpleTag, s(eTagName, "NESTED"), s(eTagString, plant(p+"-NESTED-TAG"))))),
		el(eTag, el(eTargets, u(eTagTrackUID, audioUID)), el(eSimpleTag, s(eTagName, "ENCODER"), s(eTagString, plant(p+"-TRACK-ENCODER")))))

	// Clusters: one block of each track per second... of 100 ms blocks.
	var clusters [][]byte
	for c := 0; c < f.clusters; c++ {
		var kids [][]byte
		if c == 1 && !f.clean {
			kids = append(kids, el(eCRC, []byte{1, 2, 3, 4})) // a checksum: voided once the cluster changes
		}
		kids = append(kids, u(eTimestamp, uint64(c*1000)))
		for b := 0; b < 10; b++ {
			if b == 5 {
				ts := b * 100
				kids = append(kids, el(eBlockGroup, el(eBlock, []byte{0x81, byte(ts >> 8), byte(ts), 0}, pcm(c*10+b)), u(eBlockDuration, 100)))
				continue
			}
			kids = append(kids, block(1, int16(b*100), pcm(c*10+b)))
		}
		kids = append(kids, block(2, 200, []byte(fmt.Sprintf("subtitle %d", c))))
		if c == 1 && !f.clean {
			kids = append(kids, s(eUnknown, plant(p+"-CLUSTER-UNKNOWN")), el(eVoid, []byte(plant(p+"-CLUSTER-VOID"))))
		}
		if f.unknown {
			clusters = append(clusters, unknownEl(eCluster, kids...))
		} else {
			clusters = append(clusters, el(eCluster, kids...))
		}
	}
	voidData := el(eVoid, []byte(plant(p+"-SEGMENT-VOID")))
	unknownTop := s(0x1A5A5A5A, plant(p+"-TOP-UNKNOWN"))
	if f.clean {
		attachments, tags, voidData, unknownTop = nil, nil, nil, nil
	}
	// Layout: SeekHead (fixed-size positions), Void, Info, Tracks,
	// Chapters, Attachments, unknown, clusters, Cues, Tags, Void.
	seekEntries := []uint32{eInfo, eTracks, eChapters, eCues}
	if !f.clean {
		seekEntries = append(seekEntries, eAttachments, eTags)
	}
	seekHead := func(pos map[uint32]int) []byte {
		var seeks [][]byte
		for _, id := range seekEntries {
			seeks = append(seeks, el(eSeek, el(eSeekID, idb(id)), u8(eSeekPos, uint64(pos[id]))))
		}
		return el(eSeekHead, seeks...)
	}
	cues := func(pos []int) []byte {
		var points [][]byte
		for c, at := range pos {
			points = append(points, el(eCuePoint, u(eCueTime, uint64(c*1000)), el(eCueTrackPos, u(eCueTrack, 1), u8(eCueClusterPos, uint64(at)))))
		}
		return el(eCues, points...)
	}
	pos := map[uint32]int{}
	off := len(seekHead(pos)) + len(el(eVoid, make([]byte, 40)))
	pos[eInfo] = off
	off += len(info)
	pos[eTracks] = off
	off += len(tracks)
	pos[eChapters] = off
	off += len(chapters)
	pos[eAttachments] = off
	off += len(attachments) + len(unknownTop)
	var cpos []int
	for _, c := range clusters {
		cpos = append(cpos, off)
		off += len(c)
	}
	pos[eCues] = off
	off += len(cues(cpos))
	pos[eTags] = off
	body := join(seekHead(pos), el(eVoid, make([]byte, 40)), info, tracks, chapters, attachments, unknownTop,
		join(clusters...), cues(cpos), tags, voidData)
	var seg []byte
	if f.unknown {
		seg = unknownEl(eSegment, body)
	} else {
		seg = append(append(idb(eSegment), 0x01, 0, 0, 0, 0, 0, 0, 0), body...)
		binary.BigEndian.PutUint64(seg[4:], uint64(len(body))|1<<56)
	}
	return append(header, seg...), planted
}

// id16 pads or cuts v to the 16 bytes of a UID.
func id16(v string) string {
	return (v + "................")[:16]
}
