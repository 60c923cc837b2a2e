package wav

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/class"
	"github.com/scrub-project/scrub/formats/internal/id3"
	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/formats/internal/trailing"
	"github.com/scrub-project/scrub/scrub"
)

// maxRead bounds what Inspect reads of one dropped chunk: enough for any
// real metadata block; the chunk is dropped whole anyway.
const maxRead = 16 << 20

// Inspect lists every chunk Clean drops and what it holds (LIST/INFO and
// adtl texts, bext fields, iXML and axml elements, cart fields, XMP, ID3
// frames and pictures), the sampler fields smpl loses, and data after the
// last chunk. It returns the errors walk does.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	return inspectLayout(ctx, env, r, lay)
}

var (
	device = class.Class{Label: scrub.LabelDevice, Kind: scrub.KindDevice}
	serial = class.Class{Label: scrub.LabelSerial, Kind: scrub.KindDevice}
	path   = class.Class{Label: scrub.LabelFilePath, Kind: scrub.KindPath}
)

func inspectLayout(ctx context.Context, env *scrub.Env, r io.ReaderAt, lay *layout) ([]scrub.Finding, error) {
	var fs []scrub.Finding
	for i, c := range lay.chunks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var cfs []scrub.Finding
		var err error
		switch lay.acts[i] {
		case drop:
			cfs, err = chunkFindings(ctx, env, r, c, lay.rate)
			if err == nil && len(cfs) == 0 {
				cfs = []scrub.Finding{class.Remove(where(c), "chunk", fmt.Sprintf("%d bytes", c.n), class.Metadata)}
			}
		case rewrite:
			cfs, err = rewriteFindings(r, c)
		}
		if err != nil {
			return nil, err
		}
		fs = append(fs, cfs...)
	}
	if lay.trailing < lay.size {
		f, err := trailing.Finding(ctx, r, lay.trailing, lay.size-lay.trailing, "after the last chunk", "WAV")
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
	}
	return fs, nil
}

func where(c chunk) string {
	id := strings.TrimRight(c.id, " ")
	if c.form != "" {
		return id + "/" + strings.TrimRight(c.form, " ") + " chunk"
	}
	return id + " chunk"
}

// zerosOr returns a minor finding if r[from:to] is zeros, and a hidden
// data finding with what it holds otherwise.
func zerosOr(r io.ReaderAt, from, to int64, where, field string) (scrub.Finding, error) {
	if allZero(r, from, to) {
		return class.Remove(where, field, fmt.Sprintf("%d bytes of zeros", to-from), class.Padding), nil
	}
	b, err := section.Read(r, from, min(to-from, 64<<10))
	if err != nil {
		return scrub.Finding{}, err
	}
	return class.Remove(where, field, fmt.Sprintf("%d bytes: %s", to-from, imagemeta.Preview(b, 400)), class.Hidden), nil
}

// rewriteFindings lists what rewriting a kept chunk removes.
func rewriteFindings(r io.ReaderAt, c chunk) ([]scrub.Finding, error) {
	w := where(c)
	switch c.id {
	case "fact":
		f, err := zerosOr(r, c.data()+4, c.data()+c.n, w, "data after the sample count")
		return []scrub.Finding{f}, err
	case "fmt ":
		b, err := section.Read(r, c.data(), 18)
		if err != nil {
			return nil, err
		}
		f, err := zerosOr(r, c.data()+c.n-fmtExtra(b, c.n), c.data()+c.n, w, "data after the format")
		return []scrub.Finding{f}, err
	case "smpl":
		s, err := readSmpl(r, c)
		if err != nil || s == nil {
			return nil, err
		}
		var fs []scrub.Finding
		if s.maker != 0 {
			fs = append(fs, class.Remove(w, "Manufacturer", fmt.Sprintf("MIDI manufacturer %#x", s.maker), device))
		}
		if s.product != 0 {
			fs = append(fs, class.Remove(w, "Product", fmt.Sprintf("%#x", s.product), device))
		}
		if o := s.smpteOffset; o != 0 {
			fs = append(fs, class.Remove(w, "SMPTEOffset", fmt.Sprintf("%02d:%02d:%02d:%02d", int8(o>>24), o>>16&0xff, o>>8&0xff, o&0xff), class.Date))
		}
		if s.vendor > 0 {
			b, err := section.Read(r, c.data()+36+24*int64(s.loops), min(s.vendor, 4096))
			if err != nil {
				return nil, err
			}
			fs = append(fs, class.Remove(w, "SamplerData", imagemeta.Describe(b), class.PrivateData))
		}
		return fs, nil
	}
	return nil, nil // ds64: only sizes
}

// chunkFindings lists a dropped chunk.
func chunkFindings(ctx context.Context, env *scrub.Env, r io.ReaderAt, c chunk, rate int) ([]scrub.Finding, error) {
	w := where(c)
	switch c.id {
	case "JUNK", "junk", "PAD ", "FLLR", "filr", "fake":
		f, err := zerosOr(r, c.data(), c.data()+c.n, w, "padding")
		return []scrub.Finding{f}, err
	case "ID3 ", "id3 ":
		return id3Findings(ctx, env, r, c)
	}
	b, err := section.Read(r, c.data(), min(c.n, maxRead))
	if err != nil {
		return nil, err
	}
	switch c.id {
	case "LIST":
		return listFindings(c, b), nil
	case "bext":
		return bextFindings(w, b, rate), nil
	case "iXML":
		return xmlFindings(w, b, ixmlRule), nil
	case "axml":
		return xmlFindings(w, b, func(string) class.Class { return class.Metadata }), nil
	case "_PMX":
		fs := imagemeta.XMP(b, "XMP ("+w+")")
		if !scrub.Removable(fs) {
			fs = append(fs, class.Remove(w, "XMP", imagemeta.Describe(b), class.Metadata))
		}
		return fs, nil
	case "cart":
		return cartFindings(w, b), nil
	case "umid":
		return []scrub.Finding{class.Remove(w, "UMID", umid(b), class.DocumentID)}, nil
	case "DISP":
		if len(b) >= 4 && binary.LittleEndian.Uint32(b) == 1 { // CF_TEXT
			return []scrub.Finding{class.Remove(w, "DisplayTitle", cstr(b[4:]), class.Title)}, nil
		}
		return []scrub.Finding{class.Remove(w, "DisplayPicture", imagemeta.Describe(b), class.Class{Label: scrub.LabelThumbnail, Kind: scrub.KindHidden})}, nil
	case "PEAK":
		if len(b) >= 8 {
			return []scrub.Finding{class.Remove(w, "TimeStamp", fmt.Sprint(binary.LittleEndian.Uint32(b[4:])), class.Class{Label: scrub.LabelModified, Kind: scrub.KindTime}),
				class.Remove(w, "peak envelope", fmt.Sprintf("%d bytes", c.n), class.Statistics)}, nil
		}
	case "fmt ", "data", "fact", "cue ", "smpl", "inst", "acid", "ds64":
		// Kept chunk types dropped for being malformed.
		return []scrub.Finding{class.Remove(w, "chunk", fmt.Sprintf("%d bytes, dropped: its sizes do not add up", c.n), class.Settings)}, nil
	}
	var rl class.Class
	switch c.id {
	case "minf", "ovwf", "regn", "elm1", "ResU", "afsp", "SyLp", "Fake":
		rl = class.PrivateData
	case "levl", "plst", "chna", "link":
		rl = class.Settings
	default:
		rl = class.Metadata
	}
	return []scrub.Finding{class.Remove(w, strings.TrimRight(c.id, " ")+" chunk", imagemeta.Describe(b), rl)}, nil
}

// id3Findings lists the ID3v2 tag of an "ID3 " chunk, cut to the chunk if
// the tag says it is larger.
func id3Findings(ctx context.Context, env *scrub.Env, r io.ReaderAt, c chunk) ([]scrub.Finding, error) {
	w := where(c)
	b, err := section.Read(r, c.data(), min(c.n, id3.HeaderLen))
	if err != nil {
		return nil, err
	}
	h, ok := id3.ParseHeader(b)
	if !ok {
		b, err := section.Read(r, c.data(), min(c.n, 4096))
		if err != nil {
			return nil, err
		}
		return []scrub.Finding{class.Remove(w, "ID3 chunk", imagemeta.Describe(b), class.Metadata)}, nil
	}
	var fs []scrub.Finding
	if h.Len() > c.n {
		fs = append(fs, class.Remove(w, h.Name(), fmt.Sprintf("the tag declares %d bytes, more than its chunk holds (%d)", h.Len(), c.n), class.Hidden))
		h.Size, h.Flags = c.n-id3.HeaderLen, h.Flags&^0x10
	}
	tfs, err := id3.Findings(ctx, env, io.NewSectionReader(r, c.data(), c.n), 0, h, w+" > "+h.Name()+" tag")
	if err != nil {
		return nil, err
	}
	return append(fs, tfs...), nil
}

// cstr returns text up to the first NUL, trimmed.
func cstr(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return strings.TrimSpace(imagemeta.Latin1(b))
}

func umid(b []byte) string {
	if bytes.Count(b, []byte{0}) == len(b) {
		return fmt.Sprintf("%d zero bytes", len(b))
	}
	return fmt.Sprintf("%X", b[:min(len(b), 64)])
}

// infoRules classifies LIST/INFO items.
var infoRules = map[string]class.Class{
	"INAM": class.Title, "IPRD": class.Title, "ISBJ": {Label: scrub.LabelSubject, Kind: scrub.KindOther},
	"IART": class.Author, "ICMS": class.Person, "IENG": class.Person, "ITCH": class.Person, "ISRC": class.Person, "ISTR": class.Person,
	"ICOP": class.Copyright,
	"ISFT": class.Software, "ICMT": class.Comment, "IKEY": class.Keywords,
	"ICRD": class.Created, "IDIT": class.Created,
	"IARL": class.Place,
	"IGNR": {Label: scrub.LabelCategory, Kind: scrub.KindOther, Minor: true}, "ILNG": class.Language,
	"IPRT": class.Settings, "ITRK": class.Settings, "IFRM": class.Settings, "IMED": class.Settings, "IDIM": class.Settings, "IDPI": class.Settings, "ILGT": class.Settings,
	"IPLT": class.Settings, "ISHP": class.Settings, "ISMP": class.Settings, "ICRP": class.Settings, "ISRF": class.Metadata,
	// LIST/exif, which cameras write into their sound recordings.
	"ecor": {Label: scrub.LabelCamera, Kind: scrub.KindDevice}, "emdl": {Label: scrub.LabelCamera, Kind: scrub.KindDevice},
	"emnt": {Label: scrub.LabelPrivateData, Kind: scrub.KindDevice}, "etim": class.Created,
	"eucm": class.Comment, "ever": class.Settings, "erel": class.Metadata,
}

// listFindings lists the items of a LIST chunk: INFO texts, adtl cue
// labels and notes, anything else by id and text.
func listFindings(c chunk, b []byte) []scrub.Finding {
	w := where(c)
	if len(b) < 4 {
		return []scrub.Finding{class.Remove(w, "LIST", "an empty list", class.Settings)}
	}
	var fs []scrub.Finding
	p := 4
	for len(b)-p >= 8 && len(fs) < 10000 {
		id := string(b[p : p+4])
		n := int(binary.LittleEndian.Uint32(b[p+4:]))
		if n > len(b)-p-8 {
			fs = append(fs, class.Remove(w, id, imagemeta.Describe(b[p+8:])+" (cut short)", class.Metadata))
			p = len(b)
			break
		}
		d := b[p+8 : p+8+n]
		switch {
		case c.form == "adtl" && (id == "labl" || id == "note") && n >= 4:
			rl := class.Class{Label: scrub.LabelOutline, Kind: scrub.KindOther}
			if id == "note" {
				rl = class.Comment
			}
			fs = append(fs, class.Remove(w, fmt.Sprintf("%s (cue %d)", id, binary.LittleEndian.Uint32(d)), nonEmpty(cstr(d[4:])), rl))
		case c.form == "adtl" && id == "ltxt" && n >= 20:
			fs = append(fs, class.Remove(w, fmt.Sprintf("ltxt (cue %d)", binary.LittleEndian.Uint32(d)), nonEmpty(cstr(d[20:])), class.Comment))
		default:
			rl, ok := infoRules[id]
			if !ok {
				rl = class.Metadata
			}
			v := cstr(d)
			if id == "emnt" { // a maker note: binary
				v = imagemeta.Describe(d)
			}
			if v == "" {
				v, rl.Minor = "(empty)", true
			}
			fs = append(fs, class.Remove(w, id, v, rl))
		}
		p += 8 + n + n%2
	}
	if p < len(b) && bytes.Count(b[p:], []byte{0}) != len(b)-p {
		fs = append(fs, class.Remove(w, "data after the items", imagemeta.Describe(b[p:]), class.Hidden))
	}
	if len(fs) == 0 {
		fs = append(fs, class.Remove(w, "LIST", "an empty list", class.Settings))
	}
	return fs
}

func nonEmpty(s string) string {
	if s == "" {
		return "(empty)"
	}
	return s
}

var serialish = regexp.MustCompile(`[0-9]{6,}|S#`)

// bextFindings lists a Broadcast Wave bext chunk (EBU Tech 3285):
// Description[256], Originator[32], OriginatorReference[32],
// OriginationDate[10], OriginationTime[8], TimeReference (64 bits),
// Version, UMID[64], loudness (10 bytes), reserved[180], CodingHistory.
func bextFindings(w string, b []byte, rate int) []scrub.Finding {
	var fs []scrub.Finding
	field := func(name string, from, to int, rl class.Class) {
		if from >= len(b) {
			return
		}
		if v := cstr(b[from:min(to, len(b))]); v != "" {
			fs = append(fs, class.Remove(w, name, v, rl))
		}
	}
	field("Description", 0, 256, class.Description)
	if len(b) >= 288 {
		rl := device
		if serialish.Match(b[256:288]) {
			rl = serial
		}
		field("Originator", 256, 288, rl)
	}
	field("OriginatorReference", 288, 320, serial)
	if len(b) >= 338 {
		if d := strings.TrimSpace(cstr(b[320:330]) + " " + cstr(b[330:338])); d != "" {
			fs = append(fs, class.Remove(w, "OriginationDate", d, class.Created))
		}
	}
	if len(b) >= 346 {
		if t := binary.LittleEndian.Uint64(b[338:]); t != 0 {
			v := fmt.Sprintf("%d samples since midnight", t)
			if rate > 0 {
				s := t / uint64(rate)
				v += fmt.Sprintf(" (%02d:%02d:%02d)", s/3600%24, s/60%60, s%60)
			}
			fs = append(fs, class.Remove(w, "TimeReference", v, class.Date))
		}
	}
	if len(b) >= 412 {
		if u := b[348:412]; bytes.Count(u, []byte{0}) != len(u) {
			fs = append(fs, class.Remove(w, "UMID", umid(u), class.DocumentID))
		}
	}
	if len(b) >= 422 {
		if l := b[412:422]; bytes.Count(l, []byte{0}) != len(l) {
			fs = append(fs, class.Remove(w, "Loudness", fmt.Sprintf("% X", l), class.Statistics))
		}
	}
	if len(b) >= 602 {
		if res := b[422:602]; bytes.Count(res, []byte{0}) != len(res) {
			fs = append(fs, class.Remove(w, "Reserved", imagemeta.Describe(res), class.Hidden))
		}
		if v := strings.TrimSpace(imagemeta.Latin1(bytes.TrimRight(b[602:], "\x00"))); v != "" {
			fs = append(fs, class.Remove(w, "CodingHistory", v, class.Class{Label: scrub.LabelHistory, Kind: scrub.KindEditHistory}))
		}
	}
	if len(fs) == 0 {
		fs = append(fs, class.Remove(w, "bext", "an empty Broadcast Wave extension", class.Number))
	}
	return fs
}

// cartFields are the fixed fields of an AES46 cart chunk.
var cartFields = []struct {
	name     string
	from, to int
	r        class.Class
}{
	{"Title", 4, 68, class.Title},
	{"Artist", 68, 132, class.Author},
	{"CutID", 132, 196, class.DocumentID},
	{"ClientID", 196, 260, class.Organisation},
	{"Category", 260, 324, class.Category},
	{"Classification", 324, 388, class.Category},
	{"OutCue", 388, 452, class.Description},
	{"StartDate", 452, 462, class.Date}, {"StartTime", 462, 470, class.Date},
	{"EndDate", 470, 480, class.Date}, {"EndTime", 480, 488, class.Date},
	{"ProducerAppID", 488, 552, class.Software}, {"ProducerAppVersion", 552, 616, class.Software},
	{"UserDef", 616, 680, class.Class{Label: scrub.LabelCustom, Kind: scrub.KindOther}},
	{"URL", 1024, 2048, class.Link},
	{"TagText", 2048, 1 << 30, class.Comment},
}

func cartFindings(w string, b []byte) []scrub.Finding {
	var fs []scrub.Finding
	for _, f := range cartFields {
		if f.from >= len(b) {
			break
		}
		if v := cstr(b[f.from:min(f.to, len(b))]); v != "" {
			fs = append(fs, class.Remove(w, f.name, v, f.r))
		}
	}
	if len(fs) == 0 {
		fs = append(fs, class.Remove(w, "cart", "an empty cart chunk", class.Number))
	}
	return fs
}

// ixmlRule classifies iXML elements by name.
func ixmlRule(name string) class.Class {
	switch name {
	case "PROJECT", "SCENE", "TAKE", "TAPE":
		return class.Title
	case "CIRCLED", "TAKE_TYPE", "WILD_TRACK", "FALSE_START", "NO_GOOD":
		return class.Settings
	case "NOTE", "BWF_DESCRIPTION":
		return class.Comment
	case "FILE_UID", "FAMILY_UID", "FAMILY_NAME", "BWF_UMID", "FILE_SET_ID":
		return class.DocumentID
	case "ORIGINAL_FILENAME", "PARENT_FILENAME", "CURRENT_FILENAME", "FILENAME", "PARENT_UID":
		return path
	case "LOCATION_NAME":
		return class.Place
	case "LOCATION_GPS", "LOCATION_ALTITUDE":
		return class.Class{Label: scrub.LabelGPS, Kind: scrub.KindLocation}
	case "BWF_ORIGINATOR":
		return device
	case "BWF_ORIGINATOR_REFERENCE":
		return serial
	case "BWF_CODING_HISTORY":
		return class.Class{Label: scrub.LabelHistory, Kind: scrub.KindEditHistory}
	case "BWF_ORIGINATION_DATE", "BWF_ORIGINATION_TIME", "LOCATION_TIME":
		return class.Created
	case "USER", "NAME", "UBITS", "USER_BITS":
		return class.Metadata
	}
	switch {
	case strings.HasSuffix(name, "RATE"):
		return class.Settings
	case strings.Contains(name, "TIMESTAMP"), strings.Contains(name, "TIME_REFERENCE"):
		return class.Date
	case strings.HasSuffix(name, "VERSION"), strings.Contains(name, "INDEX"),
		strings.Contains(name, "COUNT"), strings.Contains(name, "FLAG"), strings.Contains(name, "DEPTH"),
		strings.HasSuffix(name, "_TYPE"), strings.HasSuffix(name, "TOTAL_FILES"), strings.Contains(name, "SPEED"),
		strings.Contains(name, "FUNCTION"):
		return class.Settings
	}
	return class.Metadata
}

const (
	maxXMLDepth    = 100
	maxXMLFindings = 5000
)

// xmlFindings lists the text and attributes of every element of an XML
// chunk, by its path. Entities are not expanded: a document using one it
// does not declare stops the listing, and what could not be read is
// reported whole.
func xmlFindings(w string, b []byte, classify func(string) class.Class) []scrub.Finding {
	d := xml.NewDecoder(bytes.NewReader(b))
	var fs []scrub.Finding
	var stack []string
	var text [][]byte
	add := func(field, value string, rl class.Class) {
		if value = strings.TrimSpace(value); value != "" && len(fs) < maxXMLFindings {
			fs = append(fs, class.Remove(w, field, value, rl))
		}
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil || len(stack) > maxXMLDepth {
			fs = append(fs, class.Remove(w, "XML", "could not be read whole: "+imagemeta.Describe(b), class.Metadata))
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			text = append(text, nil)
			p := strings.Join(stack, "/")
			for _, a := range t.Attr {
				add(p+"@"+a.Name.Local, a.Value, classify(a.Name.Local))
			}
		case xml.CharData:
			if k := len(text) - 1; k >= 0 && len(text[k]) < 1<<16 {
				text[k] = append(text[k], t...)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				break
			}
			add(strings.Join(stack, "/"), string(text[len(text)-1]), classify(stack[len(stack)-1]))
			stack, text = stack[:len(stack)-1], text[:len(text)-1]
		}
	}
	if len(fs) == 0 {
		fs = append(fs, class.Remove(w, "XML", imagemeta.Describe(b), class.Number))
	}
	return fs
}

// Parts lists everything but the audio samples: the RIFF header, every
// chunk but the data chunk's payload (the ID3 chunks through the ID3
// reader, pictures through env), and data after the last chunk.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return err
	}
	if err := fn(scrub.Part{Where: "RIFF header", R: io.NewSectionReader(r, 0, 12)}); err != nil {
		return err
	}
	for _, c := range lay.chunks {
		if err := ctx.Err(); err != nil {
			return err
		}
		w := where(c)
		if c.id == "data" {
			if err := fn(scrub.Part{Where: w + " header", R: io.NewSectionReader(r, c.off, 8)}); err != nil {
				return err
			}
			continue
		}
		if err := fn(scrub.Part{Where: w, R: io.NewSectionReader(r, c.off, c.end()-c.off)}); err != nil {
			return err
		}
		if c.id == "ID3 " || c.id == "id3 " {
			b, err := section.Read(r, c.data(), min(c.n, id3.HeaderLen))
			if err != nil {
				return err
			}
			if h, ok := id3.ParseHeader(b); ok && h.Len() <= c.n {
				if err := id3.Parts(ctx, env, io.NewSectionReader(r, c.data(), c.n), 0, h, w+" > "+h.Name()+" tag", fn); err != nil {
					return err
				}
			}
		}
	}
	if lay.trailing < size {
		return fn(scrub.Part{Where: "after the last chunk", R: io.NewSectionReader(r, lay.trailing, size-lay.trailing)})
	}
	return nil
}
