package isobmff

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/scrub-project/scrub/scrub"
)

// GoPro writes GPMF (github.com/gopro/gpmf-parser, docs/README.md): a
// key-length-value stream of 8-byte headers (a four-character key, a type
// character, a structure size, a 16-bit repeat count) and data padded to
// 32 bits; type 0 nests. The moov/udta/GPMF box holds the camera's
// serial numbers and ids; the samples of the 'gpmd' track hold the
// telemetry, GPS included.

const maxGPMFDepth = 8

type klv struct {
	key    string
	typ    byte
	size   int // structure size
	repeat int
	data   []byte
}

// gpmfWalk calls fn for every entry of a GPMF stream, depth first, until
// fn returns false.
func gpmfWalk(b []byte, depth int, fn func(k klv) bool) bool {
	for len(b) >= 8 && depth < maxGPMFDepth {
		k := klv{key: string(b[:4]), typ: b[4], size: int(b[5]), repeat: int(binary.BigEndian.Uint16(b[6:]))}
		n := k.size * k.repeat
		padded := (n + 3) &^ 3
		if padded > len(b)-8 {
			return true // damaged: stop reading, no error
		}
		k.data = b[8 : 8+n]
		if k.typ == 0 {
			if !gpmfWalk(k.data, depth+1, fn) {
				return false
			}
		} else if !fn(k) {
			return false
		}
		b = b[8+padded:]
	}
	return true
}

// gpmfUserData lists the GoPro metadata box of the user data.
func (a *analysis) gpmfUserData(p []byte, where string) {
	var n int
	gpmfWalk(p, 0, func(k klv) bool {
		n++
		var label scrub.Label
		var field string
		switch k.key {
		case "CASN":
			field, label = "CameraSerialNumber", scrub.LabelSerial
		case "LINF":
			field, label = "LensInfo", scrub.LabelSerial
		case "CINF":
			field, label = "CameraInfo", scrub.LabelSerial
		case "MINF":
			field, label = "Model", scrub.LabelCamera
		case "FMWR":
			field, label = "FirmwareVersion", scrub.LabelSoftware
		case "MUID":
			field, label = "MediaUniqueID", scrub.LabelDocumentID
		case "GPSU":
			field, label = "GPSDateTime", scrub.LabelDate
		default:
			return true
		}
		a.add(scrub.Finding{Where: where, Field: field, Value: gpmfValue(k), Label: label})
		return true
	})
	a.add(scrub.Finding{Where: where, Field: "GoPro metadata", Value: fmt.Sprintf("%d entries, %d bytes", n, len(p)),
		Label: scrub.LabelPrivateData, Kind: scrub.KindOther})
}

// gpmfValue renders an entry: text for characters, hex for ids, numbers
// otherwise.
func gpmfValue(k klv) string {
	switch k.typ {
	case 'c', 'U':
		return trimText(string(k.data))
	case 'L', 'l', 'B', 'b', 'S', 's', 'J', 'j':
		if k.key == "MUID" || k.key == "CINF" || k.key == "CPIN" {
			return fmt.Sprintf("%x", k.data)
		}
	}
	return valueOf(k.data)
}

// gpmfTrack lists the first GPS position (and its time) in the samples of
// a GoPro telemetry track.
func (a *analysis) gpmfTrack(samples []byte, where string) {
	var scal []float64
	var gpsu string
	var pos string
	gpmfWalk(samples, 0, func(k klv) bool {
		switch k.key {
		case "STNM", "DVNM":
		case "SCAL":
			scal = gpmfNumbers(k)
		case "GPSU":
			if gpsu == "" {
				gpsu = trimText(string(k.data))
			}
		case "GPS5", "GPS9":
			v := gpmfNumbers(k)
			width := 5
			if k.key == "GPS9" {
				width = 9
			}
			for i := 0; i+1 < len(v); i += width {
				lat, lon := v[i], v[i+1]
				if len(scal) >= 2 {
					lat, lon = lat/scal[0], lon/scal[1]
				} else if len(scal) == 1 {
					lat, lon = lat/scal[0], lon/scal[0]
				}
				if (lat != 0 || lon != 0) && math.Abs(lat) <= 90 && math.Abs(lon) <= 180 {
					pos = position(lat, lon, 6)
					return false
				}
			}
		}
		return true
	})
	if pos != "" {
		a.add(scrub.Finding{Where: where, Field: "GPS position", Value: pos + " (the first of a track of positions)", Label: scrub.LabelGPS})
	}
	if gpsu != "" {
		a.add(scrub.Finding{Where: where, Field: "GPSDateTime", Value: gpsTime(gpsu), Label: scrub.LabelDate})
	}
}

// gpmfNumbers reads the numbers of an entry of integer type.
func gpmfNumbers(k klv) []float64 {
	var w int
	switch k.typ {
	case 'l', 'L':
		w = 4
	case 's', 'S':
		w = 2
	case 'b', 'B':
		w = 1
	default:
		return nil
	}
	out := make([]float64, 0, len(k.data)/w)
	for i := 0; i+w <= len(k.data); i += w {
		var v float64
		switch k.typ {
		case 'l':
			v = float64(int32(binary.BigEndian.Uint32(k.data[i:])))
		case 'L':
			v = float64(binary.BigEndian.Uint32(k.data[i:]))
		case 's':
			v = float64(int16(binary.BigEndian.Uint16(k.data[i:])))
		case 'S':
			v = float64(binary.BigEndian.Uint16(k.data[i:]))
		case 'b':
			v = float64(int8(k.data[i]))
		case 'B':
			v = float64(k.data[i])
		}
		out = append(out, v)
	}
	return out
}

// gpsTime renders GPMF's GPSU (yymmddhhmmss.sss, UTC).
func gpsTime(s string) string {
	if len(s) < 12 {
		return s
	}
	for _, c := range s[:12] {
		if c < '0' || c > '9' {
			return s
		}
	}
	return fmt.Sprintf("20%s-%s-%s %s:%s:%s UTC", s[0:2], s[2:4], s[4:6], s[6:8], s[8:10], s[10:12])
}
