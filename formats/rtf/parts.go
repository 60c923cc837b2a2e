package rtf

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/scrub-project/scrub/formats/internal/ident"
	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

// hexData decodes a piece of a picture's hexadecimal data.
func (c *cleaner) hexData(f *frame, p []byte) error {
	pic := f.pic
	for _, b := range p {
		switch {
		case isHex(b):
			if pic.nibble < 0 {
				pic.nibble = int(unhex(b))
				continue
			}
			pic.data.WriteByte(byte(pic.nibble<<4) | unhex(b))
			pic.nibble = -1
		case b == ' ' || b == '\t' || b == '\r' || b == '\n':
		default:
			return malformed("a picture's data is not hexadecimal (byte %q)", b)
		}
	}
	return c.picLimit(pic)
}

func (c *cleaner) picData(f *frame, p []byte) error {
	f.pic.data.Write(p)
	return c.picLimit(f.pic)
}

func (c *cleaner) picLimit(pic *picture) error {
	lim := scrub.LimitsOf(c.env)
	if int64(pic.data.Len()) > lim.MaxMemberSize {
		return scrub.OverLimit(format, scrub.LimitMemberSize, fmt.Sprintf("a picture is larger than %d MiB", lim.MaxMemberSize>>20))
	}
	return nil
}

// endPicture cleans a picture's data and writes the picture again, its
// data in hexadecimal.
func (c *cleaner) endPicture(f *frame) error {
	data := f.pic.data.Bytes()
	if f.name == "objdata" {
		// modeParts: an embedded object's data, listed as it is.
		c.ndata++
		if c.picture != nil && len(data) > 0 {
			return c.picture(fmt.Sprintf("object %d", c.ndata), data)
		}
		return nil
	}
	if (!f.out || c.inRemoved()) && c.mode != modeParts {
		return nil
	}
	c.npic++
	if c.npic > maxPictures {
		return scrub.OverLimit(format, scrub.LimitMembers, fmt.Sprintf("more than %d pictures", maxPictures))
	}
	if err := c.env.Consume(int64(len(data))); err != nil {
		return err
	}
	where := fmt.Sprintf("picture %d", c.npic)
	out := data
	if len(data) > 0 {
		var err error
		out, err = c.cleanPicture(where, f.pic.blip, data)
		if err != nil {
			return err
		}
	}
	if c.mode != modeClean {
		return nil
	}
	b := f.buf.Bytes()
	f.buf = nil
	c.wrote()
	c.write(b)
	if len(out) > 0 {
		c.write([]byte("\n"))
		c.writeHex(out)
	}
	c.write([]byte("}"))
	return nil
}

// inRemoved reports whether the innermost group is in removed content.
func (c *cleaner) inRemoved() bool {
	for _, f := range c.stack {
		if !f.out {
			return true
		}
	}
	return false
}

// writeHex writes data as hexadecimal, 128 digits a line.
func (c *cleaner) writeHex(data []byte) {
	var line [129]byte
	for len(data) > 0 {
		n := min(len(data), 64)
		hex.Encode(line[:], data[:n])
		line[2*n] = '\n'
		c.write(line[:2*n+1])
		data = data[n:]
	}
}

// cleanPicture cleans, inspects or lists a picture as the pass requires,
// and returns the data to write.
func (c *cleaner) cleanPicture(where, blip string, data []byte) ([]byte, error) {
	if c.mode == modeParts {
		if c.picture != nil {
			return data, c.picture(where, data)
		}
		return data, nil
	}
	cleanable, why, err := c.classify(where, data)
	if err != nil {
		return nil, err
	}
	switch {
	case cleanable:
		if c.mode == modeInspect {
			fs, err := c.env.InspectEmbedded(c.ctx, where, bytes.NewReader(data), int64(len(data)))
			if err != nil {
				return nil, err
			}
			c.fs.AddAll(fs)
			return data, nil
		}
		var out bytes.Buffer
		fs, ws, err := c.env.CleanReportEmbedded(c.ctx, where, bytes.NewReader(data), int64(len(data)), &out)
		if err != nil {
			return nil, err
		}
		c.fs.AddAll(fs)
		c.warnings = append(c.warnings, ws...)
		return out.Bytes(), nil
	case isEMF(data):
		out, desc, changed := blankEMF(data)
		if changed {
			c.fs.Add(scrub.Finding{Where: where, Field: "metafile description", Value: desc, Kind: scrub.KindSoftware,
				Action: scrub.Remove, Label: scrub.LabelSoftware})
		}
		return out, nil
	case blip == "dibitmap" || blip == "wbitmap":
		// A device-independent bitmap header holds sizes and colours, no
		// text.
		return data, nil
	case strings.HasPrefix(blip, "wmetafile"):
		if out, changed, ok := cleanWMF(data); ok {
			if changed {
				c.fs.Add(scrub.Finding{Where: where, Field: "metafile comment", Kind: scrub.KindHidden,
					Action: scrub.Remove, Label: scrub.LabelHiddenData})
			}
			return out, nil
		}
	}
	c.fs.Add(scrub.Finding{Where: where, Field: "kept as is", Value: why, Kind: scrub.KindAttachment, Action: scrub.Report, Label: scrub.LabelEmbeddedPicture})
	return data, nil
}

// classify says whether a registered handler (not a refusal) cleans
// data, and otherwise why it stays as it is.
func (c *cleaner) classify(where string, data []byte) (bool, string, error) {
	h, name, err := c.env.Identify(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if errors.Is(err, scrub.ErrUnsupported) {
			return false, fmt.Sprintf("scrub cannot look inside it (%s)", sniff(data)), nil
		}
		return false, "", fmt.Errorf("%s: %w", where, err)
	}
	for _, f := range h.Formats() {
		if f.Name == name && f.Refused != "" {
			return false, fmt.Sprintf("%s (%s, %d bytes)", f.Refused, f.Description, len(data)), nil
		}
	}
	return true, "", nil
}

func sniff(b []byte) string {
	switch {
	case len(b) >= 4 && (bytes.HasPrefix(b, []byte{0xd7, 0xcd, 0xc6, 0x9a}) || bytes.HasPrefix(b, []byte{1, 0, 9, 0}) || bytes.HasPrefix(b, []byte{2, 0, 9, 0})):
		return fmt.Sprintf("Windows metafile, %d bytes", len(b))
	}
	return imagemeta.Describe(b)
}

func (c *cleaner) endObject(f *frame) {
	class := f.col.text()
	if class == "" {
		class = "an object of another program"
	}
	shows := " (the picture it shows stays)"
	if !f.decided {
		shows = " (it had no picture to keep)"
	}
	c.fs.Add(scrub.Finding{Where: whereDoc, Field: "embedded object", Value: class + shows,
		Kind: scrub.KindAttachment, Action: scrub.Remove, Label: scrub.LabelEmbeddedObject})
	c.stack = append(c.stack, f)
	c.write([]byte("}"))
	c.stack = c.stack[:len(c.stack)-1]
}

// Fields.

// fieldsShowing are fields whose result shows who wrote the document or
// where it is kept: the result is content, reported.
var fieldsShowing = map[string]struct {
	field string
	label scrub.Label
}{
	"AUTHOR":       {"field showing the author", scrub.LabelAuthor},
	"LASTSAVEDBY":  {"field showing who saved last", scrub.LabelLastEditor},
	"USERNAME":     {"field showing the user's name", scrub.LabelAuthor},
	"USERINITIALS": {"field showing the user's initials", scrub.LabelAuthor},
	"USERADDRESS":  {"field showing the user's address", scrub.LabelContact},
	"FILENAME":     {"field showing the file name", scrub.LabelFilePath},
	"TEMPLATE":     {"field showing the template", scrub.LabelTemplate},
}

func (c *cleaner) endFldinst(f *frame) error {
	instr := f.col.String()
	if p := c.top(); p.kind == gField {
		p.fld.instr = instr
	}
	nv, changed := c.rewriteInstr(instr)
	if changed && f.nested {
		// Writing the instruction again as text would lose the field
		// inside it.
		return scrub.Unsupported(format, "a field that holds another field names a file on this computer by its full path", "remove the field in the word processor (or replace the path), then clean the document")
	}
	if !changed || c.mode != modeClean {
		c.flush(f, "}")
		return nil
	}
	f.buf = nil
	var b strings.Builder
	b.WriteString("{")
	if f.star {
		b.WriteString(`\*`)
	}
	b.WriteString(`\fldinst\uc1 `)
	for _, r := range nv {
		switch {
		case r == '\\' || r == '{' || r == '}':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x80:
			b.WriteRune(r)
		default:
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, `\u%d?`, int16(u))
			}
		}
	}
	b.WriteString("}")
	c.wrote()
	c.write([]byte(b.String()))
	return nil
}

// rewriteInstr shortens the local paths in a field instruction
// (INCLUDEPICTURE "C:\\Users\\…\\a.jpg", HYPERLINK "file:///…", LINK …)
// to their file names, with a finding for each; links to files beside
// the document are reported.
func (c *cleaner) rewriteInstr(instr string) (string, bool) {
	var b strings.Builder
	changed := false
	for i := 0; i < len(instr); {
		ch := instr[i]
		switch {
		case ch == ' ' || ch == '\t':
			b.WriteByte(ch)
			i++
		case ch == '"':
			end := strings.IndexByte(instr[i+1:], '"')
			if end < 0 {
				end = len(instr) - i - 1
			}
			arg := instr[i+1 : i+1+end]
			nv, ch := c.pathArg(arg)
			changed = changed || ch
			b.WriteString(`"` + nv)
			i += 1 + end
			if i < len(instr) {
				b.WriteByte('"')
				i++
			}
		default:
			end := strings.IndexAny(instr[i:], " \t\"")
			if end < 0 {
				end = len(instr) - i
			}
			arg := instr[i : i+end]
			nv, ch := arg, false
			if arg[0] != '\\' {
				nv, ch = c.pathArg(arg)
			}
			changed = changed || ch
			b.WriteString(nv)
			i += end
		}
	}
	return b.String(), changed
}

// pathArg applies the link rules to one argument of a field instruction,
// where backslashes are written twice.
func (c *cleaner) pathArg(arg string) (string, bool) {
	v := strings.ReplaceAll(arg, `\\`, `\`)
	switch ident.Link(v) {
	case ident.Local:
		c.fs.Add(scrub.Finding{Where: whereDoc, Field: "link to a local file", Value: v, Kind: scrub.KindPath, Action: scrub.Remove, Label: scrub.LabelFilePath})
		return strings.ReplaceAll(ident.ShortenLink(v), `\`, `\\`), true
	case ident.Beside:
		if strings.ContainsAny(v, "./\\") && !strings.HasPrefix(v, "_") {
			c.fs.Add(scrub.Finding{Where: whereDoc, Field: "link to a file beside the document", Value: v, Kind: scrub.KindPath, Action: scrub.Report, Label: scrub.LabelLink})
		}
	}
	return arg, false
}

func (c *cleaner) endField(f *frame) {
	typ := strings.ToUpper(strings.TrimSpace(f.fld.instr))
	if i := strings.IndexAny(typ, " \t\\"); i >= 0 {
		typ = typ[:i]
	}
	s, ok := fieldsShowing[typ]
	if !ok || c.inRemoved() {
		return
	}
	c.fs.Add(scrub.Finding{Where: whereDoc, Field: s.field, Value: f.fld.result.text(), Kind: scrub.KindPerson, Action: scrub.Report, Label: s.label})
}

func (c *cleaner) endBookmark(f *frame) {
	name := f.col.text()
	if strings.HasPrefix(name, "_GoBack") {
		if f.name == "bkmkstart" {
			c.fs.Add(scrub.Finding{Where: whereDoc, Field: "last edit position", Value: name, Kind: scrub.KindEditHistory,
				Action: scrub.Remove, Label: scrub.LabelHistory, Minor: true})
		}
		f.buf = nil
		return
	}
	if f.name == "bkmkstart" && !strings.HasPrefix(name, "_") && !c.inRemoved() {
		c.fs.Add(scrub.Finding{Where: whereDoc, Field: "bookmark", Value: name, Kind: scrub.KindOther, Action: scrub.Report,
			Label: scrub.LabelOutline, Minor: true})
	}
	c.flush(f, "}")
}

// Shape properties removed for what their value holds.
var droppedProps = map[string]dropped{
	"pibName":  {"picture's original file", scrub.KindPath, scrub.LabelFilePath, false, whereDoc},
	"pibNameW": {"picture's original file", scrub.KindPath, scrub.LabelFilePath, false, whereDoc},
}

func (c *cleaner) endSn(f *frame) {
	c.write([]byte("}"))
	sp := c.top()
	if sp.kind != gSp || sp.decided {
		return
	}
	sp.decided = true
	sp.sn = f.col.text()
	if d, ok := droppedProps[sp.sn]; ok {
		sp.buf, sp.out, sp.drop = nil, false, d
		sp.col = newCollector(c.enc, maxValue)
		return
	}
	c.flush(sp, "")
}

func (c *cleaner) endSp(f *frame) {
	if f.drop.field != "" {
		d := f.drop
		c.fs.Add(scrub.Finding{Where: d.where, Field: d.field, Value: f.col.text(), Kind: d.kind, Action: scrub.Remove, Label: d.label})
		return
	}
	if f.buf != nil {
		c.flush(f, "}")
		return
	}
	c.stack = append(c.stack, f)
	c.write([]byte("}"))
	c.stack = c.stack[:len(c.stack)-1]
}
