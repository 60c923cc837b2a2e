package ooxml_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net/url"
	"path"
	"strings"
	"testing"
	"time"
)

// Relationship type prefixes.
const (
	relR    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	relPkg  = "http://schemas.openxmlformats.org/package/2006/relationships/"
	relMS06 = "http://schemas.microsoft.com/office/2006/relationships/"
	relMS11 = "http://schemas.microsoft.com/office/2011/relationships/"
	relMS17 = "http://schemas.microsoft.com/office/2017/10/relationships/"
	relMS18 = "http://schemas.microsoft.com/office/2018/10/relationships/"
)

const xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n"

// fpart is one part of a generated package.
type fpart struct {
	name, ctype string
	data        []byte
}

// fixture is a generated OPC package.
type fixture struct {
	parts   []fpart
	comment string
}

// thumbnailJPEG is a valid 8×8 JPEG (the jpeg handler lists what it
// holds) with text in a comment segment, as a stand-in for a thumbnail.
func thumbnailJPEG(text string) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		panic(err)
	}
	com := append([]byte{0xff, 0xfe}, binary.BigEndian.AppendUint16(nil, uint16(len(text)+2))...)
	com = append(com, text...)
	p := b.Bytes()
	return append(append(append([]byte{}, p[:2]...), com...), p[2:]...)
}

func (f *fixture) add(name, ctype string, data any) {
	var b []byte
	switch d := data.(type) {
	case string:
		b = []byte(d)
	case []byte:
		b = d
	}
	f.parts = append(f.parts, fpart{name, ctype, b})
}

// rels builds a relationships part; each entry is "Id|Type|Target" with
// an optional "|External".
func rels(entries ...string) string {
	var b strings.Builder
	b.WriteString(xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for _, e := range entries {
		f := strings.Split(e, "|")
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="%s"`, f[0], f[1], xmlEscape(f[2]))
		if len(f) > 3 {
			b.WriteString(` TargetMode="External"`)
		}
		b.WriteString("/>")
	}
	b.WriteString("</Relationships>")
	return b.String()
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// bytes writes the package: [Content_Types].xml first, real member times,
// an archive comment, a member comment and a Unix owner extra field.
func (f *fixture) bytes(t testing.TB) []byte {
	t.Helper()
	return f.bytesWithTypes(t, nil)
}

// bytesWithTypes is bytes with the given [Content_Types].xml (nil: made
// from the parts' types).
func (f *fixture) bytesWithTypes(t testing.TB, types []byte) []byte {
	t.Helper()
	var ct strings.Builder
	ct.WriteString(xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	for _, d := range [][2]string{{"rels", "application/vnd.openxmlformats-package.relationships+xml"}, {"xml", "application/xml"},
		{"png", "image/png"}, {"jpeg", "image/jpeg"}, {"bin", "application/vnd.openxmlformats-officedocument.oleObject"},
		{"vml", "application/vnd.openxmlformats-officedocument.vmlDrawing"}, {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"sigs", "application/vnd.openxmlformats-package.digital-signature-origin"}, {"dat", "application/octet-stream"}} {
		fmt.Fprintf(&ct, `<Default Extension="%s" ContentType="%s"/>`, d[0], d[1])
	}
	for _, p := range f.parts {
		if p.ctype != "" {
			fmt.Fprintf(&ct, `<Override PartName="/%s" ContentType="%s"/>`, p.name, p.ctype)
		}
	}
	ct.WriteString("</Types>")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	when := time.Date(2031, 7, 8, 9, 10, 11, 0, time.UTC)
	if types == nil {
		types = []byte(ct.String())
	}
	all := append([]fpart{{name: "[Content_Types].xml", data: types}}, f.parts...)
	for i, p := range all {
		fh := &zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: when}
		if i == 1 {
			fh.Comment = "PLANT-MEMBER-COMMENT"
			fh.Extra = []byte{0x75, 0x78, 11, 0, 1, 4, 0x39, 0x30, 0, 0, 4, 0x39, 0x30, 0, 0} // uid/gid 12345
		}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	if f.comment != "" {
		zw.SetComment(f.comment)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngWith returns a small PNG carrying text in a tEXt chunk.
func pngWith(t testing.TB, text string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	data := []byte("Author\x00" + text)
	var chunk bytes.Buffer
	binary.Write(&chunk, binary.BigEndian, uint32(len(data)))
	chunk.WriteString("tEXt")
	chunk.Write(data)
	binary.Write(&chunk, binary.BigEndian, crc32.ChecksumIEEE(append([]byte("tEXt"), data...)))
	// After the signature (8) and IHDR (25).
	out := append([]byte(nil), b[:33]...)
	out = append(out, chunk.Bytes()...)
	return append(out, b[33:]...)
}

// oleWith returns bytes that look like an OLE compound file holding text.
func oleWith(text string) []byte {
	b := make([]byte, 1024)
	copy(b, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1})
	copy(b[600:], text)
	return b
}

// members returns the decompressed members of a zip, in order.
func members(t testing.TB, data []byte) ([]string, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("output is not a zip: %v", err)
	}
	var names []string
	m := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		names = append(names, f.Name)
		m[f.Name] = b
	}
	return names, m
}

type xrels struct {
	Rels []struct {
		ID         string `xml:"Id,attr"`
		Type       string `xml:"Type,attr"`
		Target     string `xml:"Target,attr"`
		TargetMode string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

// ctEntries returns the Default and Override entries of a content types
// part, in order.
func ctEntries(t testing.TB, b []byte) []string {
	d := xml.NewDecoder(bytes.NewReader(b))
	var out []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("content types: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && (se.Name.Local == "Default" || se.Name.Local == "Override") {
			var s []string
			for _, a := range se.Attr {
				s = append(s, a.Name.Local+"="+a.Value)
			}
			out = append(out, se.Name.Local+" "+strings.Join(s, " "))
		}
	}
}

// checkStructure asserts that a cleaned package is sound: [Content_Types].xml
// first, every part well-formed and with a content type, every internal
// relationship target present, every override naming a present part,
// every r: reference naming a relationship of its part, no comment parts
// or anchors left, and the content-type entries of the original in their
// original order.
func checkStructure(t testing.TB, original, cleaned []byte) {
	t.Helper()
	names, m := members(t, cleaned)
	if len(names) == 0 || names[0] != "[Content_Types].xml" {
		t.Fatalf("[Content_Types].xml is not first: %v", names)
	}
	present := map[string]bool{}
	for _, n := range names {
		present[strings.ToLower(n)] = true
	}
	// Content types.
	var ct struct {
		Defaults []struct {
			Extension   string `xml:",attr"`
			ContentType string `xml:",attr"`
		} `xml:"Default"`
		Overrides []struct {
			PartName    string `xml:",attr"`
			ContentType string `xml:",attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(m["[Content_Types].xml"], &ct); err != nil {
		t.Fatalf("content types: %v", err)
	}
	defs := map[string]bool{}
	for _, d := range ct.Defaults {
		defs[strings.ToLower(d.Extension)] = true
	}
	overridden := map[string]bool{}
	for _, o := range ct.Overrides {
		n := strings.ToLower(strings.TrimPrefix(o.PartName, "/"))
		if !present[n] {
			t.Errorf("content type override for missing part %s", o.PartName)
		}
		overridden[n] = true
	}
	for _, n := range names {
		if n == "[Content_Types].xml" {
			continue
		}
		ext := strings.TrimPrefix(strings.ToLower(path.Ext(n)), ".")
		if !overridden[strings.ToLower(n)] && !defs[ext] {
			t.Errorf("part %s has no content type", n)
		}
	}
	// Order of the content-type entries kept.
	_, om := members(t, original)
	orig := ctEntries(t, om["[Content_Types].xml"])
	kept := ctEntries(t, m["[Content_Types].xml"])
	j := 0
	for _, e := range kept {
		for j < len(orig) && orig[j] != e {
			j++
		}
		if j == len(orig) {
			t.Errorf("content types reordered or changed at %q", e)
			break
		}
	}
	// Relationships and references.
	relIDs := map[string]map[string]bool{}
	for _, n := range names {
		if !strings.HasSuffix(n, ".rels") {
			continue
		}
		var rs xrels
		if err := xml.Unmarshal(m[n], &rs); err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		dir, file := path.Split(n)
		src := strings.TrimSuffix(dir, "_rels/") + strings.TrimSuffix(file, ".rels")
		if src != "" && !present[strings.ToLower(src)] {
			t.Errorf("%s: relationships of a missing part", n)
		}
		ids := map[string]bool{}
		for _, r := range rs.Rels {
			ids[r.ID] = true
			kind := r.Type[strings.LastIndexByte(r.Type, '/')+1:]
			if strings.Contains(strings.ToLower(kind), "comment") || kind == "people" || kind == "person" {
				t.Errorf("%s: relationship to comments left: %s", n, r.Target)
			}
			if r.TargetMode == "External" {
				continue
			}
			target := r.Target
			if !strings.HasPrefix(target, "/") {
				target = path.Join("/", path.Dir("/"+src), target)
			}
			target, _ = url.PathUnescape(target)
			if !present[strings.ToLower(strings.TrimPrefix(path.Clean(target), "/"))] {
				t.Errorf("%s: relationship %s targets missing part %s", n, r.ID, r.Target)
			}
		}
		relIDs[src] = ids
	}
	for _, n := range names {
		b := m[n]
		if !strings.HasSuffix(n, ".xml") && !strings.HasSuffix(n, ".rels") && !strings.HasSuffix(n, ".vml") {
			continue
		}
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s is not well-formed: %v", n, err)
				break
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			switch se.Name.Local {
			case "commentReference", "commentRangeStart", "commentRangeEnd":
				t.Errorf("%s: comment anchor %s left", n, se.Name.Local)
			}
			for _, a := range se.Attr {
				if a.Name.Space == "http://schemas.openxmlformats.org/officeDocument/2006/relationships" && !relIDs[n][a.Value] {
					t.Errorf("%s: <%s r:%s=%q> names no relationship", n, se.Name.Local, a.Name.Local, a.Value)
				}
			}
		}
	}
}
