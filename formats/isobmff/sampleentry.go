package isobmff

import (
	"encoding/binary"
	"fmt"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

// Sample descriptions (stsd, ISO/IEC 14496-12 §8.5.2) say how a track is
// coded. The codec configuration in them must stay; what writers add —
// the QuickTime vendor code ('appl', 'FFMP'), the compressor name ("GoPro
// AVC encoder"), boxes of their own — goes.

// codecBoxes are the boxes inside a visual or audio sample description
// that decoding and display read: codec configuration, pixel aspect,
// clean aperture, colour, field order, HDR and spherical/stereo metadata,
// audio channel layouts.
var codecBoxes = map[string]bool{
	"avcC": true, "hvcC": true, "av1C": true, "vpcC": true, "vvcC": true, "lhvC": true, "hvcE": true,
	"dvcC": true, "dvvC": true, "dvwC": true, "esds": true, "dvc1": true, "jp2h": true, "glbl": true, "SMI ": true,
	"strf": true, "ARES": true, "APRG": true, "ACLR": true, "AVdh": true, "avcE": true,
	"dac3": true, "dec3": true, "dac4": true, "dOps": true, "dfLa": true, "alac": true, "ddts": true,
	"udts": true, "dmlp": true, "mhaC": true, "mhaP": true, "pcmC": true, "chnl": true, "chan": true,
	"wave": true, "enda": true, "srat": true, "iacb": true, "SA3D": true, "frma": true,
	"pasp": true, "clap": true, "fiel": true, "gama": true, "btrt": true, "mdcv": true, "clli": true,
	"cclv": true, "amve": true, "st3d": true, "ccst": true, "hfov": true,
	"vexu": true, "m4ds": true, "aclr": true, "evcC": true, "av3c": true, "lvcC": true,
	"CoLL": true, "SmDm": true,
}

// vendorBoxes are the 3GPP decoder configurations (AMR, AMR-WB+, H.263,
// EVRC, QCELP, SMV).
var vendorBoxes = map[string]bool{"damr": true, "dawp": true, "d263": true, "devc": true, "dqcp": true, "dsmv": true}

// stsd rebuilds the sample descriptions of a kept track; for a track that
// goes it only notes what it held.
func (a *analysis) stsd(p []byte, t *track, where string, kept bool) (*node, error) {
	if len(p) < 8 {
		return nil, malformed("%s: the sample description box is cut short", where)
	}
	entries, err := children(p[8:], where)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, malformed("%s: a track without a sample description", where)
	}
	t.entry = entries[0].typ
	if !kept {
		for _, e := range entries {
			switch e.typ {
			case "mebx":
				t.mebx = append(t.mebx, mebxKeys(e.data)...)
			case "tmcd":
				t.tmcd = e.data
			}
		}
		return leaf("stsd", p), nil
	}
	body := append([]byte(nil), p[:4]...)
	body = binary.BigEndian.AppendUint32(body, uint32(len(entries)))
	for _, e := range entries {
		if err := a.count(); err != nil {
			return nil, err
		}
		b, err := a.sampleEntry(e, t.handler, p[0], where+"/"+printable(e.typ))
		if err != nil {
			return nil, err
		}
		body = append(body, b...)
	}
	return leaf("stsd", body), nil
}

// sampleEntry returns a cleaned sample description box.
func (a *analysis) sampleEntry(e rawBox, handler string, stsdVersion byte, where string) ([]byte, error) {
	if encrypted[e.typ] {
		return nil, unsupported("protected (DRM-encrypted) media is not supported", "")
	}
	var fixed []int
	switch handler {
	case "vide", "auxv", "pict":
		fixed = []int{78} // SampleEntry (8) + VisualSampleEntry (70)
	case "soun":
		fixed = []int{28, 44, 64} // AudioSampleEntry; QuickTime version 1 and 2 add 16 and 36
		if len(e.data) >= 10 {
			v := binary.BigEndian.Uint16(e.data[8:])
			if a.qt || stsdVersion == 0 {
				// QuickTime sound descriptions (as FFmpeg reads them).
				switch v {
				case 1:
					fixed = []int{44, 28, 64}
				case 2:
					fixed = []int{64, 28, 44}
				}
			}
		}
	default:
		// Subtitle and text descriptions (tx3g, text, wvtt, stpp, c608)
		// hold display settings and font names: kept as they are.
		return append(appendHeader(nil, e.typ, int64(len(e.data)+8), nil), e.data...), nil
	}
	// Try the layouts in order of likelihood; the one whose boxes fill
	// the description exactly is it.
	for _, n := range fixed {
		if len(e.data) < n {
			continue
		}
		kids, err := children(e.data[n:], where)
		if err != nil {
			continue
		}
		head := append([]byte(nil), e.data[:n]...)
		clear(head[12:16]) // QuickTime vendor ('appl', 'FFMP'); reserved in ISO files
		if handler != "soun" {
			name := head[42:74] // compressorname: a length byte and 31 characters
			if s := pascal(name); s != "" {
				a.add(scrub.Finding{Where: where, Field: "compressor name", Value: s, Label: scrub.LabelSoftware, Minor: true})
			}
			clear(name)
		}
		if v := e.data[12:16]; !section.IsZero(v) {
			a.add(scrub.Finding{Where: where, Field: "vendor", Value: printable(string(v)), Label: scrub.LabelSoftware, Minor: true})
		}
		out := &node{typ: e.typ, body: head}
		for _, k := range kids {
			n, err := a.codecBox(k, where+"/"+printable(k.typ))
			if err != nil {
				return nil, err
			}
			if n != nil {
				out.kids = append(out.kids, n)
			}
		}
		return out.appendTo(nil), nil
	}
	if len(e.data) < fixed[0] {
		return nil, malformed("%s: the sample description is cut short", where)
	}
	return nil, unsupported(fmt.Sprintf("the description of a track's coding (%s) has a layout scrub does not know", printable(e.typ)), hintRemux)
}

// codecBox keeps what decoding needs from a sample description's boxes.
func (a *analysis) codecBox(k rawBox, where string) (*node, error) {
	switch {
	case k.typ == "sinf":
		return nil, unsupported("protected (DRM-encrypted) media is not supported", "")
	case k.typ == "colr":
		return a.colr(k.data, where)
	case k.typ == "sv3d":
		return a.sv3d(k.data, where)
	case vendorBoxes[k.typ]:
		// 3GPP decoder configurations start with the encoder's vendor
		// code and version (TS 26.244 §6.7): zeroed, decoders ignore them.
		body := append([]byte(nil), k.data...)
		if len(body) >= 5 {
			if !section.IsZero(body[:5]) {
				a.add(scrub.Finding{Where: where, Field: "encoder vendor", Value: printable(string(body[:4])),
					Label: scrub.LabelSoftware, Minor: true})
			}
			clear(body[:5])
		}
		return leaf(k.typ, body), nil
	case codecBoxes[k.typ]:
		return leaf(k.typ, k.data), nil
	case k.typ == "free" || k.typ == "skip":
		a.freeBox(k.data, where)
	case k.typ == "uuid":
		a.unknownBox(k, where) // makers' boxes (Sony, DJI): metadata, not coding
	default:
		// An unknown box in a coding description may be what a decoder
		// needs (a codec scrub does not know yet): dropping it could
		// break playback, keeping it could keep anything. Refuse.
		return nil, unsupported(fmt.Sprintf("a track is coded with a description scrub does not know (%s)", printable(k.typ)), hintRemux)
	}
	return nil, nil
}

// colr keeps colour information: nclx/nclc code points as they are, an
// ICC profile without what names its maker, device and program.
func (a *analysis) colr(p []byte, where string) (*node, error) {
	if len(p) < 4 {
		return nil, malformed("%s: the colour box is cut short", where)
	}
	switch string(p[:4]) {
	case "nclx", "nclc":
		return leaf("colr", p), nil
	case "prof", "rICC":
		prof := p[4:]
		for _, f := range imagemeta.ICC(prof, where) {
			a.add(f)
		}
		if !imagemeta.ICCUsable(prof) {
			return nil, nil // no profile scrub can read: it goes (ICC listed it)
		}
		clean, _ := imagemeta.CleanICC(prof)
		return leaf("colr", append(append([]byte(nil), p[:4]...), clean...)), nil
	}
	a.add(scrub.Finding{Where: where, Field: "colour type " + printable(string(p[:4])), Value: describe(p[4:]),
		Label: scrub.LabelColour, Minor: true})
	return nil, nil
}

// sv3d (Google's spherical video V2) keeps the projection and drops the
// metadata source string of its header (often the camera or the tool).
func (a *analysis) sv3d(p []byte, where string) (*node, error) {
	kids, err := children(p, where)
	if err != nil {
		return nil, err
	}
	out := &node{typ: "sv3d"}
	for _, k := range kids {
		switch k.typ {
		case "svhd":
			if len(k.data) > 5 {
				a.add(scrub.Finding{Where: where, Field: "metadata source", Value: trimText(string(k.data[4:])),
					Label: scrub.LabelSoftware, Minor: true})
			}
			var body [5]byte
			if len(k.data) >= 4 {
				copy(body[:], k.data[:4])
			}
			out.kids = append(out.kids, leaf("svhd", body[:]))
		case "proj":
			out.kids = append(out.kids, leaf("proj", k.data))
		default:
			a.unknownBox(k, where+"/"+printable(k.typ))
		}
	}
	return out, nil
}

// pascal reads a fixed-size Pascal string (a length byte, then text).
func pascal(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	n := int(b[0])
	if n > len(b)-1 {
		return trimText(string(b))
	}
	return trimText(string(b[1 : 1+n]))
}

// mebxKeys returns the key names of an Apple timed-metadata sample
// description ('mebx' with 'keys' → key entries → 'keyd').
func mebxKeys(p []byte) []string {
	if len(p) < 8 {
		return nil
	}
	kids, err := children(p[8:], "mebx")
	if err != nil {
		return nil
	}
	var out []string
	for _, k := range kids {
		if k.typ != "keys" {
			continue
		}
		entries, err := children(k.data, "keys")
		if err != nil {
			continue
		}
		for _, e := range entries {
			ds, err := children(e.data, "key")
			if err != nil {
				continue
			}
			for _, d := range ds {
				if d.typ == "keyd" && len(d.data) > 4 {
					out = append(out, trimText(string(d.data[4:])))
				}
			}
		}
	}
	return out
}
