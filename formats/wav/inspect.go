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

type rule struct {
	label scrub.Label
	kind  scrub.Kind
	minor bool
}

var (
	hidden   = rule{scrub.LabelHiddenData, scrub.KindHidden, false}
	padding  = rule{scrub.LabelHiddenData, scrub.KindHidden, true}
	metadata = rule{scrub.LabelMetadata, scrub.KindOther, false}
	minor    = rule{scrub.LabelSettings, scrub.KindOther, true}
	title    = rule{scrub.LabelTitle, scrub.KindOther, false}
	author   = rule{scrub.LabelAuthor, scrub.KindPerson, false}
	person   = rule{scrub.LabelPerson, scrub.KindPerson, false}
	comment  = rule{scrub.LabelComment, scrub.KindComment, false}
	date     = rule{scrub.LabelDate, scrub.KindTime, false}
	software = rule{scrub.LabelSoftware, scrub.KindSoftware, false}
	docID    = rule{scrub.LabelDocumentID, scrub.KindOther, false}
	device   = rule{scrub.LabelDevice, scrub.KindDevice, false}
	serial   = rule{scrub.LabelSerial, scrub.KindDevice, false}
	path     = rule{scrub.LabelFilePath, scrub.KindPath, false}
)

func finding(where, field, value string, r rule) scrub.Finding {
	return scrub.Finding{Where: where, Field: field, Value: value, Kind: r.kind, Action: scrub.Remove, Label: r.label, Minor: r.minor}
}

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
				cfs = []scrub.Finding{finding(where(c), "chunk", fmt.Sprintf("%d bytes", c.n), metadata)}
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
		return finding(where, field, fmt.Sprintf("%d bytes of zeros", to-from), padding), nil
	}
	b, err := section.Read(r, from, min(to-from, 64<<10))
	if err != nil {
		return scrub.Finding{}, err
	}
	return finding(where, field, fmt.Sprintf("%d bytes: %s", to-from, imagemeta.Preview(b, 400)), hidden), nil
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
			fs = append(fs, finding(w, "Manufacturer", fmt.Sprintf("MIDI manufacturer %#x", s.maker), device))
		}
		if s.product != 0 {
			fs = append(fs, finding(w, "Product", fmt.Sprintf("%#x", s.product), device))
		}
		if o := s.smpteOffset; o != 0 {
			fs = append(fs, finding(w, "SMPTEOffset", fmt.Sprintf("%02d:%02d:%02d:%02d", int8(o>>24), o>>16&0xff, o>>8&0xff, o&0xff), date))
		}
		if s.vendor > 0 {
			b, err := section.Read(r, c.data()+36+24*int64(s.loops), min(s.vendor, 4096))
			if err != nil {
				return nil, err
			}
			fs = append(fs, finding(w, "SamplerData", imagemeta.Describe(b), rule{scrub.LabelPrivateData, scrub.KindOther, false}))
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
		return xmlFindings(w, b, func(string) rule { return metadata }), nil
	case "_PMX":
		fs := imagemeta.XMP(b, "XMP ("+w+")")
		if !scrub.Removable(fs) {
			fs = append(fs, finding(w, "XMP", imagemeta.Describe(b), metadata))
		}
		return fs, nil
	case "cart":
		return cartFindings(w, b), nil
	case "umid":
		return []scrub.Finding{finding(w, "UMID", umid(b), docID)}, nil
	case "DISP":
		if len(b) >= 4 && binary.LittleEndian.Uint32(b) == 1 { // CF_TEXT
			return []scrub.Finding{finding(w, "DisplayTitle", cstr(b[4:]), title)}, nil
		}
		return []scrub.Finding{finding(w, "DisplayPicture", imagemeta.Describe(b), rule{scrub.LabelThumbnail, scrub.KindHidden, false})}, nil
	case "PEAK":
		if len(b) >= 8 {
			return []scrub.Finding{finding(w, "TimeStamp", fmt.Sprint(binary.LittleEndian.Uint32(b[4:])), rule{scrub.LabelModified, scrub.KindTime, false}),
				finding(w, "peak envelope", fmt.Sprintf("%d bytes", c.n), rule{scrub.LabelStatistics, scrub.KindOther, true})}, nil
		}
	case "fmt ", "data", "fact", "cue ", "smpl", "inst", "acid", "ds64":
		// Kept chunk types dropped for being malformed.
		return []scrub.Finding{finding(w, "chunk", fmt.Sprintf("%d bytes, dropped: its sizes do not add up", c.n), minor)}, nil
	}
	var rl rule
	switch c.id {
	case "minf", "ovwf", "regn", "elm1", "ResU", "afsp", "SyLp", "Fake":
		rl = rule{scrub.LabelPrivateData, scrub.KindOther, false}
	case "levl", "plst", "chna", "link":
		rl = minor
	default:
		rl = metadata
	}
	return []scrub.Finding{finding(w, strings.TrimRight(c.id, " ")+" chunk", imagemeta.Describe(b), rl)}, nil
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
		return []scrub.Finding{finding(w, "ID3 chunk", imagemeta.Describe(b), metadata)}, nil
	}
	var fs []scrub.Finding
	if h.Len() > c.n {
		fs = append(fs, finding(w, h.Name(), fmt.Sprintf("the tag declares %d bytes, more than its chunk holds (%d)", h.Len(), c.n), hidden))
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
var infoRules = map[string]rule{
	"INAM": title, "IPRD": title, "ISBJ": {scrub.LabelSubject, scrub.KindOther, false},
	"IART": author, "ICMS": person, "IENG": person, "ITCH": person, "ISRC": person, "ISTR": person,
	"ICOP": {scrub.LabelCopyright, scrub.KindPerson, false},
	"ISFT": software, "ICMT": comment, "IKEY": {scrub.LabelKeywords, scrub.KindOther, false},
	"ICRD": {scrub.LabelCreated, scrub.KindTime, false}, "IDIT": {scrub.LabelCreated, scrub.KindTime, false},
	"IARL": {scrub.LabelPlace, scrub.KindLocation, false},
	"IGNR": {scrub.LabelCategory, scrub.KindOther, true}, "ILNG": {scrub.LabelLanguage, scrub.KindOther, true},
	"IPRT": minor, "ITRK": minor, "IFRM": minor, "IMED": minor, "IDIM": minor, "IDPI": minor, "ILGT": minor,
	"IPLT": minor, "ISHP": minor, "ISMP": minor, "ICRP": minor, "ISRF": metadata,
	// LIST/exif, which cameras write into their sound recordings.
	"ecor": {scrub.LabelCamera, scrub.KindDevice, false}, "emdl": {scrub.LabelCamera, scrub.KindDevice, false},
	"emnt": {scrub.LabelPrivateData, scrub.KindDevice, false}, "etim": {scrub.LabelCreated, scrub.KindTime, false},
	"eucm": comment, "ever": minor, "erel": metadata,
}

// listFindings lists the items of a LIST chunk: INFO texts, adtl cue
// labels and notes, anything else by id and text.
func listFindings(c chunk, b []byte) []scrub.Finding {
	w := where(c)
	if len(b) < 4 {
		return []scrub.Finding{finding(w, "LIST", "an empty list", minor)}
	}
	var fs []scrub.Finding
	p := 4
	for len(b)-p >= 8 && len(fs) < 10000 {
		id := string(b[p : p+4])
		n := int(binary.LittleEndian.Uint32(b[p+4:]))
		if n > len(b)-p-8 {
			fs = append(fs, finding(w, id, imagemeta.Describe(b[p+8:])+" (cut short)", metadata))
			p = len(b)
			break
		}
		d := b[p+8 : p+8+n]
		switch {
		case c.form == "adtl" && (id == "labl" || id == "note") && n >= 4:
			rl := rule{scrub.LabelOutline, scrub.KindOther, false}
			if id == "note" {
				rl = comment
			}
			fs = append(fs, finding(w, fmt.Sprintf("%s (cue %d)", id, binary.LittleEndian.Uint32(d)), nonEmpty(cstr(d[4:])), rl))
		case c.form == "adtl" && id == "ltxt" && n >= 20:
			fs = append(fs, finding(w, fmt.Sprintf("ltxt (cue %d)", binary.LittleEndian.Uint32(d)), nonEmpty(cstr(d[20:])), comment))
		default:
			rl, ok := infoRules[id]
			if !ok {
				rl = metadata
			}
			v := cstr(d)
			if id == "emnt" { // a maker note: binary
				v = imagemeta.Describe(d)
			}
			if v == "" {
				v, rl.minor = "(empty)", true
			}
			fs = append(fs, finding(w, id, v, rl))
		}
		p += 8 + n + n%2
	}
	if p < len(b) && bytes.Count(b[p:], []byte{0}) != len(b)-p {
		fs = append(fs, finding(w, "data after the items", imagemeta.Describe(b[p:]), hidden))
	}
	if len(fs) == 0 {
		fs = append(fs, finding(w, "LIST", "an empty list", minor))
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
	field := func(name string, from, to int, rl rule) {
		if from >= len(b) {
			return
		}
		if v := cstr(b[from:min(to, len(b))]); v != "" {
			fs = append(fs, finding(w, name, v, rl))
		}
	}
	field("Description", 0, 256, rule{scrub.LabelDescription, scrub.KindOther, false})
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
			fs = append(fs, finding(w, "OriginationDate", d, rule{scrub.LabelCreated, scrub.KindTime, false}))
		}
	}
	if len(b) >= 346 {
		if t := binary.LittleEndian.Uint64(b[338:]); t != 0 {
			v := fmt.Sprintf("%d samples since midnight", t)
			if rate > 0 {
				s := t / uint64(rate)
				v += fmt.Sprintf(" (%02d:%02d:%02d)", s/3600%24, s/60%60, s%60)
			}
			fs = append(fs, finding(w, "TimeReference", v, date))
		}
	}
	if len(b) >= 412 {
		if u := b[348:412]; bytes.Count(u, []byte{0}) != len(u) {
			fs = append(fs, finding(w, "UMID", umid(u), docID))
		}
	}
	if len(b) >= 422 {
		if l := b[412:422]; bytes.Count(l, []byte{0}) != len(l) {
			fs = append(fs, finding(w, "Loudness", fmt.Sprintf("% X", l), rule{scrub.LabelStatistics, scrub.KindOther, true}))
		}
	}
	if len(b) >= 602 {
		if res := b[422:602]; bytes.Count(res, []byte{0}) != len(res) {
			fs = append(fs, finding(w, "Reserved", imagemeta.Describe(res), hidden))
		}
		if v := strings.TrimSpace(imagemeta.Latin1(bytes.TrimRight(b[602:], "\x00"))); v != "" {
			fs = append(fs, finding(w, "CodingHistory", v, rule{scrub.LabelHistory, scrub.KindEditHistory, false}))
		}
	}
	if len(fs) == 0 {
		fs = append(fs, finding(w, "bext", "an empty Broadcast Wave extension", rule{scrub.LabelMetadata, scrub.KindOther, true}))
	}
	return fs
}

// cartFields are the fixed fields of an AES46 cart chunk.
var cartFields = []struct {
	name     string
	from, to int
	r        rule
}{
	{"Title", 4, 68, title},
	{"Artist", 68, 132, author},
	{"CutID", 132, 196, docID},
	{"ClientID", 196, 260, rule{scrub.LabelOrganisation, scrub.KindPerson, false}},
	{"Category", 260, 324, rule{scrub.LabelCategory, scrub.KindOther, false}},
	{"Classification", 324, 388, rule{scrub.LabelCategory, scrub.KindOther, false}},
	{"OutCue", 388, 452, rule{scrub.LabelDescription, scrub.KindOther, false}},
	{"StartDate", 452, 462, date}, {"StartTime", 462, 470, date},
	{"EndDate", 470, 480, date}, {"EndTime", 480, 488, date},
	{"ProducerAppID", 488, 552, software}, {"ProducerAppVersion", 552, 616, software},
	{"UserDef", 616, 680, rule{scrub.LabelCustom, scrub.KindOther, false}},
	{"URL", 1024, 2048, rule{scrub.LabelLink, scrub.KindContact, false}},
	{"TagText", 2048, 1 << 30, comment},
}

func cartFindings(w string, b []byte) []scrub.Finding {
	var fs []scrub.Finding
	for _, f := range cartFields {
		if f.from >= len(b) {
			break
		}
		if v := cstr(b[f.from:min(f.to, len(b))]); v != "" {
			fs = append(fs, finding(w, f.name, v, f.r))
		}
	}
	if len(fs) == 0 {
		fs = append(fs, finding(w, "cart", "an empty cart chunk", rule{scrub.LabelMetadata, scrub.KindOther, true}))
	}
	return fs
}

// ixmlRule classifies iXML elements by name.
func ixmlRule(name string) rule {
	switch name {
	case "PROJECT", "SCENE", "TAKE", "TAPE":
		return title
	case "CIRCLED", "TAKE_TYPE", "WILD_TRACK", "FALSE_START", "NO_GOOD":
		return minor
	case "NOTE", "BWF_DESCRIPTION":
		return comment
	case "FILE_UID", "FAMILY_UID", "FAMILY_NAME", "BWF_UMID", "FILE_SET_ID":
		return docID
	case "ORIGINAL_FILENAME", "PARENT_FILENAME", "CURRENT_FILENAME", "FILENAME", "PARENT_UID":
		return path
	case "LOCATION_NAME":
		return rule{scrub.LabelPlace, scrub.KindLocation, false}
	case "LOCATION_GPS", "LOCATION_ALTITUDE":
		return rule{scrub.LabelGPS, scrub.KindLocation, false}
	case "BWF_ORIGINATOR":
		return device
	case "BWF_ORIGINATOR_REFERENCE":
		return serial
	case "BWF_CODING_HISTORY":
		return rule{scrub.LabelHistory, scrub.KindEditHistory, false}
	case "BWF_ORIGINATION_DATE", "BWF_ORIGINATION_TIME", "LOCATION_TIME":
		return rule{scrub.LabelCreated, scrub.KindTime, false}
	case "USER", "NAME", "UBITS", "USER_BITS":
		return metadata
	}
	switch {
	case strings.HasSuffix(name, "RATE"):
		return minor
	case strings.Contains(name, "TIMESTAMP"), strings.Contains(name, "TIME_REFERENCE"):
		return date
	case strings.HasSuffix(name, "VERSION"), strings.Contains(name, "INDEX"),
		strings.Contains(name, "COUNT"), strings.Contains(name, "FLAG"), strings.Contains(name, "DEPTH"),
		strings.HasSuffix(name, "_TYPE"), strings.HasSuffix(name, "TOTAL_FILES"), strings.Contains(name, "SPEED"),
		strings.Contains(name, "FUNCTION"):
		return minor
	}
	return metadata
}

const (
	maxXMLDepth    = 100
	maxXMLFindings = 5000
)

// xmlFindings lists the text and attributes of every element of an XML
// chunk, by its path. Entities are not expanded: a document using one it
// does not declare stops the listing, and what could not be read is
// reported whole.
func xmlFindings(w string, b []byte, classify func(string) rule) []scrub.Finding {
	d := xml.NewDecoder(bytes.NewReader(b))
	var fs []scrub.Finding
	var stack []string
	var text [][]byte
	add := func(field, value string, rl rule) {
		if value = strings.TrimSpace(value); value != "" && len(fs) < maxXMLFindings {
			fs = append(fs, finding(w, field, value, rl))
		}
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil || len(stack) > maxXMLDepth {
			fs = append(fs, finding(w, "XML", "could not be read whole: "+imagemeta.Describe(b), metadata))
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
		fs = append(fs, finding(w, "XML", imagemeta.Describe(b), rule{scrub.LabelMetadata, scrub.KindOther, true}))
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
