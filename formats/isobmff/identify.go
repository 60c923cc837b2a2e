package isobmff

import (
	"encoding/binary"
	"io"
	"strings"
)

// brands maps ftyp brands to formats (ISO/IEC 14496-12 Annex E, 23008-12
// Annex B, the MP4 registration authority's list).
var brands = map[string]string{
	"qt  ": fmtMOV,
	"M4A ": fmtM4A, "M4B ": fmtM4A, "F4A ": fmtM4A, "F4B ": fmtM4A,
	"heic": fmtHEIC, "heix": fmtHEIC, "heim": fmtHEIC, "heis": fmtHEIC, "hevc": fmtHEIC, "hevx": fmtHEIC,
	"hevm": fmtHEIC, "hevs": fmtHEIC, "mif1": fmtHEIC, "msf1": fmtHEIC, "mif2": fmtHEIC, "MiHE": fmtHEIC,
	"MiHA": fmtHEIC, "MiHB": fmtHEIC, "jpeg": fmtHEIC, "jpgs": fmtHEIC,
	"avif": fmtAVIF, "avis": fmtAVIF, "avio": fmtAVIF, "MA1A": fmtAVIF, "MA1B": fmtAVIF,
	"isom": fmtMP4, "iso2": fmtMP4, "iso3": fmtMP4, "iso4": fmtMP4, "iso5": fmtMP4, "iso6": fmtMP4,
	"iso7": fmtMP4, "iso8": fmtMP4, "iso9": fmtMP4, "mp41": fmtMP4, "mp42": fmtMP4, "mp71": fmtMP4,
	"avc1": fmtMP4, "M4V ": fmtMP4, "M4VH": fmtMP4, "M4VP": fmtMP4, "mmp4": fmtMP4, "MSNV": fmtMP4,
	"NDAS": fmtMP4, "NDSC": fmtMP4, "NDSH": fmtMP4, "NDSM": fmtMP4, "NDSP": fmtMP4, "NDSS": fmtMP4,
	"NDXC": fmtMP4, "NDXH": fmtMP4, "NDXM": fmtMP4, "NDXP": fmtMP4, "NDXS": fmtMP4, "XAVC": fmtMP4,
	"F4V ": fmtMP4, "F4P ": fmtMP4, "dash": fmtMP4, "CAEP": fmtMP4, "caqv": fmtMP4, "mp4v": fmtMP4,
	"hvc1": fmtMP4, "hev1": fmtMP4, "av01": fmtMP4, "MQT ": fmtMOV,
	"crx ": fmtCR3,
}

// brandFormat returns the format of a brand, or "".
func brandFormat(b string) string {
	if f, ok := brands[b]; ok {
		return f
	}
	if strings.HasPrefix(b, "3g") || b == "kddi" {
		return fmt3GP
	}
	return ""
}

// ftypFormat decides the format from an ftyp payload: the major brand if
// scrub knows it, else the first compatible brand it knows. A generic
// image brand (mif1, msf1) with AVIF among the compatible brands is AVIF.
func ftypFormat(p []byte) string {
	if len(p) < 8 {
		return ""
	}
	major := brandFormat(string(p[:4]))
	var compat []string
	for i := 8; i+4 <= len(p); i += 4 {
		compat = append(compat, string(p[i:i+4]))
	}
	if major == fmtHEIC || major == "" {
		for _, c := range compat {
			if f := brandFormat(c); f == fmtAVIF || f == fmtCR3 {
				return f
			}
		}
	}
	if major == fmtMP4 {
		for _, c := range compat {
			if f := brandFormat(c); f == fmtHEIC || f == fmtAVIF {
				// An image file that names isom first.
				return f
			}
		}
	}
	if major != "" {
		return major
	}
	for _, c := range compat {
		if f := brandFormat(c); f != "" {
			return f
		}
	}
	return ""
}

// Identify claims files that start with an ftyp box naming a brand of
// MP4, QuickTime, 3GPP, HEIF or AVIF, and QuickTime movies from before
// ftyp existed (a first box of a QuickTime type and a movie box among the
// top-level boxes).
func (handler) Identify(head []byte, r io.ReaderAt, size int64) (string, error) {
	if len(head) < 16 {
		return "", nil
	}
	n := binary.BigEndian.Uint32(head)
	typ := string(head[4:8])
	if typ == "ftyp" {
		if n < 16 || int64(n) > size || n > 4096 {
			return "", nil
		}
		end := min(int(n), len(head))
		return ftypFormat(head[8:end]), nil
	}
	switch typ {
	case "moov", "mdat", "wide", "free", "skip", "pnot":
	default:
		return "", nil
	}
	// A classic QuickTime movie: every top-level header must be sound and
	// one of them a movie box.
	moov := false
	var off int64
	for i := 0; off < size && i < 64; i++ {
		b, err := readTop(r, off, size)
		if err != nil {
			return "", nil
		}
		if !oldQuickTime[b.typ] {
			return "", nil
		}
		moov = moov || b.typ == "moov"
		off = b.end()
	}
	if moov && off == size {
		return fmtMOV, nil
	}
	return "", nil
}

// oldQuickTime are the top-level boxes of a QuickTime movie without ftyp.
var oldQuickTime = map[string]bool{"moov": true, "mdat": true, "wide": true, "free": true, "skip": true, "pnot": true, "PICT": true, "udta": true}
