// Package hostile generates crafted files for scrub's tests and fuzz
// seeds: decompression bombs, zip name tricks, hostile XML, broken and
// encrypted PDFs, damaged images and files that are not what their name
// says, and small valid files of every format with planted values. It
// writes real bytes (large ones are streamed, never built in memory) and
// decides nothing: the expected outcome of each file is asserted by the
// tests that use it. It is for tests only.
package hostile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
)

// Case is one generated file.
type Case struct {
	Name string // unique, for test names
	File string // the file name to use; its extension is part of the case
	What string // what the file is, in a few words
	// Planted lists values that the original carries and a clean copy
	// must not (for cases whose right outcome is a clean).
	Planted []string
	// Large marks files over a few MB, or slow to build: not fuzz seeds.
	Large bool
	// Write writes the file's bytes.
	Write func(w io.Writer) error
}

// Bytes returns the file's bytes.
func (c Case) Bytes() []byte {
	var b bytes.Buffer
	if err := c.Write(&b); err != nil {
		panic("hostile: " + c.Name + ": " + err.Error())
	}
	return b.Bytes()
}

func fixed(b []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}
}

// lazy defers building small bytes to when the case is written.
func lazy(f func() []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(f())
		return err
	}
}

func mustZip(a Archive) []byte {
	var b bytes.Buffer
	if err := Zip(&b, a); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// zipCase returns a case writing a zip archive.
func zipCase(name, file, what string, a func() Archive) Case {
	return Case{Name: name, File: file, What: what, Write: func(w io.Writer) error { return Zip(w, a()) }}
}

// Samples returns one small valid file of every format scrub cleans, each
// carrying planted values a clean copy must not keep.
func Samples() []Case {
	return []Case{
		{Name: "sample-docx", File: "sample.docx", What: "Word document", Planted: []string{"SDOCX-CREATOR", "SDOCX-EDITOR"}, Write: lazy(func() []byte { return Docx("SDOCX", "visible text") })},
		{Name: "sample-xlsx", File: "sample.xlsx", What: "Excel workbook", Planted: []string{"SXLSX-CREATOR", "SXLSX-EDITOR"}, Write: lazy(func() []byte { return Xlsx("SXLSX") })},
		{Name: "sample-pptx", File: "sample.pptx", What: "PowerPoint presentation", Planted: []string{"SPPTX-CREATOR", "SPPTX-EDITOR"}, Write: lazy(func() []byte { return Pptx("SPPTX") })},
		{Name: "sample-odt", File: "sample.odt", What: "OpenDocument text", Planted: []string{"SODT-CREATOR", "SODT-EDITOR", "SODT-GENERATOR"}, Write: lazy(func() []byte { return ODT("SODT", "visible text") })},
		{Name: "sample-fodt", File: "sample.fodt", What: "flat OpenDocument text", Planted: []string{"SFODT-CREATOR", "SFODT-EDITOR", "SFODT-GENERATOR"}, Write: lazy(func() []byte { return FODT("SFODT", "visible text") })},
		{Name: "sample-pdf", File: "sample.pdf", What: "PDF", Planted: []string{"SPDF-AUTHOR", "SPDF-CREATOR"}, Write: lazy(func() []byte { return PDF("SPDF") })},
		{Name: "sample-pdf-classes", File: "classes.pdf", What: "PDF with a filtered JPEG, a content comment, a link author and a deleted page in its structure tree", Planted: []string{"SPDFC-ARTIST", "SPDFC-SERIAL", "SPDFC-COMMENT", "SPDFC-LINK-AUTHOR", "SPDFC-DELETED-TEXT", "SPDFC-DELETED-ACTUALTEXT"}, Write: lazy(func() []byte { return PDFClasses("SPDFC") })},
		{Name: "sample-jpeg", File: "sample.jpg", What: "JPEG with EXIF and a comment", Planted: []string{"SJPEG-ARTIST", "SJPEG-SERIAL", "SJPEG-COMMENT"}, Write: lazy(func() []byte { return JPEG("SJPEG") })},
		{Name: "sample-png", File: "sample.png", What: "PNG with a text chunk", Planted: []string{"SPNG-AUTHOR"}, Write: lazy(func() []byte { return PNG("SPNG") })},
		{Name: "sample-mp4", File: "sample.mp4", What: "MP4 with camera user data and a telemetry track", Planted: []string{"SMP4-MAKE", "SMP4-SERIAL", "SMP4-GPS"}, Write: lazy(func() []byte { return MP4("SMP4") })},
		{Name: "sample-heic", File: "sample.heic", What: "HEIC with an Exif item", Planted: []string{"SHEIC-MAKE", "SHEIC-SERIAL"}, Write: lazy(func() []byte { return HEIC("SHEIC") })},
		{Name: "sample-tiff", File: "sample.tif", What: "two-page TIFF with a thumbnail, EXIF, GPS and XMP", Planted: []string{"STIFF-ARTIST", "STIFF-MAKE", "STIFF-SERIAL", "STIFF-XMPCREATOR", "STIFF-PRIVATE", "STIFF-PAGE2ARTIST"}, Write: lazy(func() []byte { return TIFFSample("STIFF") })},
		{Name: "sample-dng", File: "sample.dng", What: "DNG with a serial number, maker notes and the original raw file", Planted: []string{"SDNG-SERIAL", "SDNG-MAKERNOTE", "SDNG-RAWNAME", "SDNG-RAWDATA", "SDNG-BODYSERIAL"}, Write: lazy(func() []byte { return DNGSample("SDNG", true) })},
		{Name: "sample-webp", File: "sample.webp", What: "WebP with EXIF and XMP chunks", Planted: []string{"SWEBP-ARTIST", "SWEBP-SERIAL", "SWEBP-CREATOR"}, Write: lazy(func() []byte { return WebP("SWEBP") })},
		{Name: "sample-gif", File: "sample.gif", What: "animated GIF with a comment and XMP", Planted: []string{"SGIF-COMMENT", "SGIF-CREATOR"}, Write: lazy(func() []byte { return GIF("SGIF") })},
		{Name: "sample-mkv", File: "sample.mkv", What: "Matroska with a title, tags, a track name and an attached photo", Planted: []string{"SMKV-TITLE", "SMKV-MUXER", "SMKV-TRACK", "SMKV-ARTIST", "SMKV-cover.jpg", "SMKV-PHOTOGRAPHER"}, Write: lazy(func() []byte { return Matroska("SMKV", "matroska") })},
		{Name: "sample-webm", File: "sample.webm", What: "WebM with a title, tags and a track name", Planted: []string{"SWEBM-TITLE", "SWEBM-MUXER", "SWEBM-TRACK", "SWEBM-ARTIST"}, Write: lazy(func() []byte { return Matroska("SWEBM", "webm") })},
		{Name: "sample-svg", File: "sample.svg", What: "Inkscape drawing with metadata and an embedded PNG", Planted: []string{"SSVG-DOCNAME", "SSVG-USER", "SSVG-CREATOR", "SSVG-COMMENT", "SSVG-AUTHOR"}, Write: lazy(func() []byte { return SVG("SSVG") })},
		{Name: "sample-flac", File: "sample.flac", What: "FLAC with comments, a cover picture and an application block", Planted: []string{"SFLAC-ARTIST", "SFLAC-VENDOR", "SFLAC-COVER-AUTHOR", "SFLAC-APP"}, Write: lazy(func() []byte { return FLAC("SFLAC") })},
		{Name: "sample-opus", File: "sample.opus", What: "Opus with tags and a cover picture", Planted: []string{"SOPUS-ARTIST", "SOPUS-VENDOR", "SOPUS-ENCODER", "SOPUS-COVER-AUTHOR"}, Write: lazy(func() []byte { return Opus("SOPUS") })},
		{Name: "sample-mp3", File: "sample.mp3", What: "MP3 with ID3v2.3, APEv2, Lyrics3v2 and ID3v1 tags", Planted: []string{"SMP3-TITLE", "SMP3-ARTIST", "SMP3-PRIV", "SMP3-APE", "SMP3-LYRICS", "SMP3-V1"}, Write: lazy(func() []byte { return MP3("SMP3") })},
		{Name: "sample-wav", File: "sample.wav", What: "WAV with LIST/INFO, bext, iXML and an ID3 chunk", Planted: []string{"SWAV-ARTIST", "SWAV-ORIGINATOR", "SWAV-PROJECT", "SWAV-ID3"}, Write: lazy(func() []byte { return WAV("SWAV") })},
		{Name: "sample-rtf", File: "sample.rtf", What: "RTF with document properties, a tracked deletion, a comment and a picture", Planted: []string{"SRTF-AUTHOR", "SRTF-OPERATOR", "SRTF-COMPANY", "SRTF-GENERATOR", "SRTF-DELETED", "SRTF-REVIEWER", "SRTF-COMMENTER"}, Write: lazy(func() []byte { return RTF("SRTF") })},
	}
}

// BombSize is how far the bomb cases inflate: a little over a gigabyte.
const BombSize = 1<<30 + 1<<20

// Cases returns every hostile file, grouped as the hardening issue lists
// them: zip bombs, zip name tricks, hostile XML, hostile PDFs, damaged
// images and type confusion.
func Cases() []Case {
	var cs []Case
	cs = append(cs, zipBombs()...)
	cs = append(cs, zipNames()...)
	cs = append(cs, hostileXML()...)
	cs = append(cs, hostilePDFs()...)
	cs = append(cs, pdfClassCases()...)
	cs = append(cs, pdfHiddenCases()...)
	cs = append(cs, hostileImages()...)
	cs = append(cs, tiffCases()...)
	cs = append(cs, confusion()...)
	cs = append(cs, escapes()...)
	cs = append(cs, hostileISOBMFF()...)
	cs = append(cs, archiveCases()...)
	cs = append(cs, hostileWebP()...)
	cs = append(cs, hostileGIF()...)
	cs = append(cs, hostileMatroska()...)
	cs = append(cs, svgRTFCases()...)
	cs = append(cs, hostileXiph()...)
	cs = append(cs, hostileAudio()...)
	cs = append(cs, officeIDCases()...)
	return cs
}

// ByName returns the case called name from Cases or Samples.
func ByName(name string) (Case, bool) {
	for _, c := range append(Cases(), Samples()...) {
		if c.Name == name {
			return c, true
		}
	}
	return Case{}, false
}

var (
	docPrefix = []byte(xmlDecl + `<w:document ` + nsW + `><w:body><w:p><w:r><w:t>`)
	docSuffix = []byte(`</w:t></w:r></w:p></w:body></w:document>`)
)

// bombDocx is a Word document whose document.xml inflates to n bytes of
// text; declared, if non-zero, replaces the size its headers give.
func bombDocx(n int64, declared uint64, zip64 bool) Archive {
	b := bomb("word/document.xml", docPrefix, 'A', n-int64(len(docPrefix)+len(docSuffix)), docSuffix)
	b.DeclaredSize = declared
	b.Zip64 = zip64
	return Archive{Entries: replace(entries(docxParts("BOMB", "")), b)}
}

func zipBombs() []Case {
	return []Case{
		{Name: "zip-bomb-gigabyte", File: "bomb.docx", What: "document.xml inflates to over 1 GiB from about 7 MB (sizes declared honestly)", Large: true,
			Write: func(w io.Writer) error { return Zip(w, bombDocx(BombSize, 0, false)) }},
		{Name: "zip-bomb-zip64-lie", File: "bomb-zip64.docx", What: "document.xml declares 4 KiB in its zip64 extra field but inflates to over 1 GiB", Large: true,
			Write: func(w io.Writer) error { return Zip(w, bombDocx(BombSize, 4096, true)) }},
		{Name: "zip-bomb-zip64-huge", File: "bomb-zip64-huge.docx", What: "document.xml declares 2^62 bytes in its zip64 extra field",
			Write: lazy(func() []byte {
				a := bombDocx(1<<20, 1<<62, true)
				return mustZip(a)
			})},
		{Name: "zip-bomb-quarter", File: "bomb-256m.docx", What: "document.xml inflates to 256 MiB, under the member limit: the total budget must stop it",
			Write: func(w io.Writer) error { return Zip(w, bombDocx(256<<20, 0, false)) }},
		zipCase("zip-many-members", "many.docx", "25000 members, over the member limit", func() Archive {
			ps := docxParts("MANY", "text")
			es := entries(ps)
			for i := 0; i < 25000; i++ {
				es = append(es, Entry{Name: fmt.Sprintf("x/%05d", i), Store: true})
			}
			return Archive{Entries: es}
		}),
		zipCase("zip-count-lie", "count.docx", "the end record declares 65535 members; the directory holds 4", func() Archive {
			return Archive{Entries: entries(docxParts("COUNT", "text")), Count: 65535}
		}),
		zipCase("zip64-count-lie", "count64.docx", "the zip64 end record declares 2^40 members", func() Archive {
			return Archive{Entries: entries(docxParts("COUNT", "text")), Count: 1 << 40, Zip64End: true}
		}),
		{Name: "zip-overlap", File: "overlap.docx", What: "members whose data overlap (a non-recursive zip bomb)", Write: lazy(overlapDocx)},
		{Name: "zip-size-lie-small", File: "lie.odt", What: "content.xml and meta.xml each declare 60 MiB but hold a few hundred bytes", Write: lazy(func() []byte {
			es := odtEntries("LIE", ODTContent("text"))
			for i := range es {
				if es[i].Name == "content.xml" || es[i].Name == "meta.xml" {
					es[i].DeclaredSize = 60 << 20
				}
			}
			return mustZip(Archive{Entries: es})
		})},
		{Name: "nested-docx", File: "nested.docx", What: "a Word document embedding a Word document, 6 levels deep", Write: lazy(func() []byte { return NestedDocx(6) })},
		{Name: "nested-docx-ok", File: "nested-ok.docx", What: "a Word document embedding a Word document, 2 levels deep (within the limit)",
			Planted: []string{"NEST0-CREATOR", "NEST1-CREATOR", "NEST2-CREATOR"}, Write: lazy(func() []byte { return NestedDocx(2) })},
	}
}

// replace returns es with the entry of the same name as e replaced by e.
func replace(es []Entry, e Entry) []Entry {
	for i := range es {
		if es[i].Name == e.Name {
			es[i] = e
		}
	}
	return es
}

// overlapDocx builds a docx whose stored word/document.xml runs on over
// the local header and data of the member after it, as in a
// non-recursive zip bomb: the same bytes belong to two members.
func overlapDocx() []byte {
	es := entries(docxParts("OVER", "text"))
	for i := range es {
		if es[i].Name == "word/document.xml" {
			es[i].Store = true
		}
	}
	data := mustZip(Archive{Entries: es})
	le := binary.LittleEndian
	cd := bytes.Index(data, []byte("PK\x01\x02"))
	for c := cd; c >= 0 && c < len(data); {
		nameLen := int(le.Uint16(data[c+28:]))
		if string(data[c+46:c+46+nameLen]) == "word/document.xml" {
			off := int(le.Uint32(data[c+42:]))
			start := off + 30 + int(le.Uint16(data[off+26:])) + int(le.Uint16(data[off+28:]))
			n := uint32(cd - start) // up to the directory: over the next member
			crc := crc32.ChecksumIEEE(data[start:cd])
			for _, at := range [][3]int{{off + 14, off + 18, off + 22}, {c + 16, c + 20, c + 24}} {
				le.PutUint32(data[at[0]:], crc)
				le.PutUint32(data[at[1]:], n)
				le.PutUint32(data[at[2]:], n)
			}
			break
		}
		next := bytes.Index(data[c+4:], []byte("PK\x01\x02"))
		if next < 0 {
			break
		}
		c += 4 + next
	}
	return data
}

// Name tricks are set inside an otherwise valid Word document.
func nameTrick(name, file, what string, f func(es []Entry) []Entry) Case {
	return zipCase(name, file, what, func() Archive {
		return Archive{Entries: f(entries(docxParts("NAME", "text")))}
	})
}

func zipNames() []Case {
	extra := func(n string) func([]Entry) []Entry {
		return func(es []Entry) []Entry { return append(es, Entry{Name: n, Data: []byte("payload")}) }
	}
	return []Case{
		nameTrick("zip-name-dotdot", "dotdot.docx", "a member called ../../evil.sh", extra("../../evil.sh")),
		nameTrick("zip-name-absolute", "absolute.docx", "a member called /etc/cron.d/evil", extra("/etc/cron.d/evil")),
		nameTrick("zip-name-drive", "drive.docx", `a member called C:/Windows/evil.dll`, extra("C:/Windows/evil.dll")),
		nameTrick("zip-name-backslash", "backslash.docx", `a member called ..\..\evil.bat`, extra(`..\..\evil.bat`)),
		nameTrick("zip-name-nul", "nul.docx", "a member name with a NUL byte", extra("word/media/image1.png\x00.exe")),
		nameTrick("zip-name-duplicate", "duplicate.docx", "two members called word/document.xml", func(es []Entry) []Entry {
			return append(es, Entry{Name: "word/document.xml", Data: DocumentXML("SECOND-DOCUMENT-HIDDEN")})
		}),
		nameTrick("zip-name-case", "case.docx", "word/document.xml and WORD/Document.xml", func(es []Entry) []Entry {
			return append(es, Entry{Name: "WORD/Document.xml", Data: DocumentXML("CASE-DOCUMENT-HIDDEN")})
		}),
		nameTrick("zip-name-nfd", "nfd.docx", "two members whose names differ only in Unicode normalisation (NFC and NFD)", func(es []Entry) []Entry {
			return append(es, Entry{Name: "word/caf\u00e9.xml", Data: []byte("<a/>")}, Entry{Name: "word/cafe\u0301.xml", Data: []byte("<b/>")})
		}),
		nameTrick("zip-local-mismatch", "local.docx", "the local header names word/evil.xml where the directory says word/document.xml", func(es []Entry) []Entry {
			for i := range es {
				if es[i].Name == "word/document.xml" {
					es[i].LocalName = "word/evil.xml"
				}
			}
			return es
		}),
		{Name: "zip-local-crc-mismatch", File: "local-crc.docx", What: "the local header of word/document.xml gives another checksum and size than the directory", Write: lazy(func() []byte {
			b := Docx("LCRC", "text")
			i := bytes.Index(b, []byte("word/document.xml"))
			h := i - 30 // its local header
			binary.LittleEndian.PutUint32(b[h+14:], 0xdeadbeef)
			binary.LittleEndian.PutUint32(b[h+22:], 7)
			return b
		})},
		{Name: "zip-trailing-data", File: "trailing.docx", What: "a valid document with bytes hidden after the archive (a correct clean drops them)",
			Planted: []string{"TRAIL-CREATOR", "TRAIL-HIDDEN-AFTER-THE-ARCHIVE"}, Write: lazy(func() []byte {
				return append(Docx("TRAIL", "text"), "TRAIL-HIDDEN-AFTER-THE-ARCHIVE"...)
			})},
		{Name: "zip-hidden-between", File: "between.docx", What: "a valid document with bytes hidden between two members (a correct clean drops them)",
			Planted: []string{"GAP2-CREATOR", "GAP2-HIDDEN-BETWEEN-MEMBERS"}, Write: lazy(func() []byte {
				es := entries(docxParts("GAP2", "text"))
				es[2].Gap = []byte("GAP2-HIDDEN-BETWEEN-MEMBERS")
				return mustZip(Archive{Entries: es})
			})},
		{Name: "zip-hidden-prefix", File: "prefix.docx", What: "a valid document behind a prefix of other bytes (offsets adjusted, as a self-extractor): not an Office file from its first byte",
			Planted: []string{"GAP-CREATOR", "GAP-HIDDEN-BEFORE-THE-MEMBERS"}, Write: lazy(func() []byte {
				return mustZip(Archive{Prefix: []byte("GAP-HIDDEN-BEFORE-THE-MEMBERS"), Adjust: true, Entries: entries(docxParts("GAP", "text"))})
			})},
	}
}

func hostileXML() []Case {
	laughs := `<!DOCTYPE lolz [<!ENTITY lol "lol">` +
		`<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">`
	for i := 2; i <= 9; i++ {
		laughs += fmt.Sprintf(`<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	laughs += "]>"
	xxe := `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`
	docBody := func(doctype, text string) []byte {
		return []byte(xmlDecl + doctype + `<w:document ` + nsW + `><w:body><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:body></w:document>`)
	}
	flat := func(doctype, text string) []byte {
		f := FODT("FLAT", text)
		return bytes.Replace(f, []byte("<office:document "), []byte(doctype+"<office:document "), 1)
	}
	deep := func(n int) []byte {
		return []byte(xmlDecl + `<w:document ` + nsW + `><w:body>` + strings.Repeat("<w:p>", n) + strings.Repeat("</w:p>", n) + `</w:body></w:document>`)
	}
	return []Case{
		{Name: "xml-billion-laughs-docx", File: "laughs.docx", What: "document.xml with a billion-laughs DOCTYPE", Write: lazy(func() []byte { return DocxWith("XML", docBody(laughs, "&lol9;")) })},
		{Name: "xml-xxe-docx", File: "xxe.docx", What: "core.xml with an external entity reading /etc/passwd", Write: lazy(func() []byte {
			return docxCorePart(bytes.Replace(CoreXML("XXE"), []byte("<cp:coreProperties"), []byte(xxe+"<cp:coreProperties"), 1))
		})},
		{Name: "xml-doctype-content-types", File: "ct-doctype.docx", What: "[Content_Types].xml with a DOCTYPE (read while identifying)", Write: lazy(func() []byte {
			es := entries(docxParts("CT", "text"))
			es[0].Data = bytes.Replace(es[0].Data, []byte("<Types"), []byte(laughs+"<Types"), 1)
			return mustZip(Archive{Entries: es})
		})},
		{Name: "xml-billion-laughs-fodt", File: "laughs.fodt", What: "a flat OpenDocument text with a billion-laughs DOCTYPE", Write: lazy(func() []byte { return flat(laughs, "&lol9;") })},
		{Name: "xml-xxe-fodt", File: "xxe.fodt", What: "a flat OpenDocument text with an external entity", Write: lazy(func() []byte { return flat(xxe, "&xxe;") })},
		{Name: "xml-undefined-entity-fodt", File: "entity.fodt", What: "a flat OpenDocument text using an undeclared entity", Write: lazy(func() []byte { return FODT("FLAT", "&lol9;") })},
		{Name: "xml-deep-docx", File: "deep.docx", What: "document.xml nested 100000 elements deep", Write: lazy(func() []byte { return DocxWith("DEEP", deep(100000)) })},
		{Name: "xml-deep-fodt", File: "deep.fodt", What: "a flat OpenDocument text nested 100000 elements deep", Write: lazy(func() []byte {
			return FODT("DEEP", strings.Repeat("<text:span>", 100000)+strings.Repeat("</text:span>", 100000))
		})},
		{Name: "xml-huge-attribute", File: "attr.docx", What: "a 100 MB attribute value in document.xml", Write: func(w io.Writer) error {
			prefix := []byte(xmlDecl + `<w:document ` + nsW + `><w:body><w:p w:rsidR="`)
			suffix := []byte(`"/></w:body></w:document>`)
			es := replace(entries(docxParts("ATTR", "")), bomb("word/document.xml", prefix, 'A', 100<<20, suffix))
			return Zip(w, Archive{Entries: es})
		}},
		{Name: "xml-percent-path", File: "percent.docx", What: "a hyperlink whose 1 MB target unescapes to itself minus two bytes, again and again (%252525…)",
			Planted: []string{"PCT-CREATOR", "PCT-EDITOR"}, Write: lazy(func() []byte {
				return percentDocx(1 << 20)
			})},
		{Name: "xml-invalid-utf8", File: "utf8.docx", What: "document.xml with bytes that are not UTF-8", Write: lazy(func() []byte { return DocxWith("UTF", docBody("", "bad \xff\xfe\xc0\x80 bytes")) })},
		{Name: "xml-mismatched-tags", File: "tags.docx", What: "document.xml with mismatched tags", Write: lazy(func() []byte {
			return DocxWith("TAGS", []byte(xmlDecl+`<w:document `+nsW+`><w:body><w:p><w:r></w:p></w:r></w:body></w:document>`))
		})},
		{Name: "xml-unclosed-fodt", File: "unclosed.fodt", What: "a flat OpenDocument text cut off before its end tags", Write: lazy(func() []byte {
			f := FODT("CUT", "text")
			return f[:bytes.Index(f, []byte("</text:p>"))]
		})},
		{Name: "xml-odt-deep-content", File: "deep.odt", What: "an OpenDocument text whose content.xml nests 100000 deep", Write: lazy(func() []byte {
			return mustZip(Archive{Entries: odtEntries("DEEPODT", ODTContent(strings.Repeat("<text:span>", 100000)+strings.Repeat("</text:span>", 100000)))})
		})},
	}
}

func truncatedPDF(frac int) Case {
	return Case{Name: fmt.Sprintf("pdf-truncated-%d", frac), File: fmt.Sprintf("truncated-%d.pdf", frac),
		What: fmt.Sprintf("a PDF cut after %d%% of its bytes", frac), Planted: []string{"TRUNC-AUTHOR"},
		Write: lazy(func() []byte {
			b := PDF("TRUNC")
			return b[:len(b)*frac/100]
		})}
}

func encrypted(name, what string, aes bool, keyLen int, user, owner string, planted ...string) Case {
	return Case{Name: name, File: name + ".pdf", What: what, Planted: planted, Write: func(w io.Writer) error {
		b, err := encryptPDF("ENC", aes, keyLen, user, owner)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}}
}

func hostilePDFs() []Case {
	pdf := func(name, what string, f func(string) []byte) Case {
		return Case{Name: name, File: name + ".pdf", What: what, Planted: []string{"HPDF-AUTHOR"}, Write: lazy(func() []byte { return f("HPDF") })}
	}
	return []Case{
		pdf("pdf-broken-xref", "every xref offset is 7 bytes off", pdfBrokenXref),
		pdf("pdf-no-xref", "no xref table and no startxref", pdfNoXref),
		pdf("pdf-cyclic-kids", "a page tree node is its own grandchild", pdfCyclicKids),
		pdf("pdf-self-parent", "a page that is its own parent and XObject, a page tree root that is its own kid", pdfSelfParent),
		pdf("pdf-objstm-self", "an object stream listed as living inside itself", pdfObjStmSelf),
		pdf("pdf-objstm-loop", "two object streams each listed inside the other", pdfObjStmLoop),
		pdf("pdf-huge-length", "a stream declaring /Length 999999999999", pdfHugeLength),
		pdf("pdf-deep-array", "an array nested 100000 deep", func(p string) []byte { return pdfDeepArray(p, 100000) }),
		pdf("pdf-ref-chain", "a cycle of 5000 objects referring to each other", func(p string) []byte { return pdfRefChain(p, 5000) }),
		pdf("pdf-ref-loop", "the page tree root is a reference to a reference to itself", pdfRefLoop),
		pdf("pdf-length-self", "a stream whose /Length refers to the stream itself", pdfLengthSelf),
		pdf("pdf-prev-loop", "a trailer whose /Prev points at its own xref section", pdfPrevLoop),
		pdf("pdf-huge-xref", "an xref section claiming a billion entries", pdfHugeXref),
		pdf("pdf-deep-dict", "a dictionary nested 100000 deep", func(p string) []byte { return pdfDeepDict(p, 100000) }),
		pdf("pdf-flate-bomb", "a content stream that inflates to 1 GiB", func(p string) []byte { return pdfFlateBomb(p, 1<<30) }),
		pdf("pdf-filter-chain", "a content stream compressed 200 times over, each filter listed", func(p string) []byte { return pdfFilterChain(p, 200) }),
		pdf("pdf-self-array", "an Info value that is an array containing itself, and a file specification naming itself", pdfSelfArrayInfo),
		pdf("pdf-huge-size", "an xref stream declaring 19999999 objects", func(p string) []byte { return pdfHugeSize(p, 19999999) }),
		pdf("pdf-objstm-huge", "an object stream declaring a billion objects", pdfObjStmHuge),
		truncatedPDF(25), truncatedPDF(50), truncatedPDF(75), truncatedPDF(99),
		encrypted("pdf-rc4-40-user", "RC4 40-bit encryption with a user password", false, 40, "user", "owner"),
		encrypted("pdf-rc4-128-user", "RC4 128-bit encryption with a user password", false, 128, "user", "owner"),
		encrypted("pdf-aes-128-user", "AES-128 encryption with a user password", true, 128, "user", "owner"),
		encrypted("pdf-aes-256-user", "AES-256 encryption with a user password", true, 256, "user", "owner"),
		encrypted("pdf-rc4-40-owner", "RC4 40-bit encryption with only an owner password", false, 40, "", "owner", "ENC-AUTHOR", "ENC-CREATOR"),
		encrypted("pdf-aes-128-owner", "AES-128 encryption with only an owner password", true, 128, "", "owner", "ENC-AUTHOR", "ENC-CREATOR"),
		encrypted("pdf-aes-256-owner", "AES-256 encryption with only an owner password", true, 256, "", "owner", "ENC-AUTHOR", "ENC-CREATOR"),
	}
}

func hostileImages() []Case {
	img := func(name, file, what string, f func(string) []byte) Case {
		return Case{Name: name, File: file, What: what, Write: lazy(func() []byte { return f("HIMG") })}
	}
	return []Case{
		img("jpeg-truncated-marker", "truncated.jpg", "a JPEG cut inside a marker's length", jpegTruncatedInMarker),
		img("jpeg-segment-past-end", "past-end.jpg", "a JPEG segment whose length runs past the end of the file", jpegSegmentPastEnd),
		img("jpeg-no-eoi", "no-eoi.jpg", "a JPEG cut inside its image data (no end-of-image marker)", jpegNoEOI),
		img("png-bad-crc", "bad-crc.png", "a PNG chunk with a wrong CRC", pngBadCRC),
		img("png-huge-chunk", "huge-chunk.png", "a PNG chunk declaring 2^31-1 bytes", pngHugeChunk),
		img("png-truncated", "truncated.png", "a PNG cut inside its image data", pngTruncated),
	}
}

func confusion() []Case {
	return []Case{
		{Name: "jpeg-named-docx", File: "photo.docx", What: "a JPEG named .docx", Write: lazy(func() []byte { return JPEG("CONF") })},
		{Name: "pdf-named-jpg", File: "doc.jpg", What: "a PDF named .jpg", Write: lazy(func() []byte { return PDF("CONF") })},
		{Name: "docx-named-odt", File: "doc.odt", What: "a Word document named .odt", Write: lazy(func() []byte { return Docx("CONF", "text") })},
		{Name: "doc-named-docx", File: "legacy.docx", What: "a Word 97-2003 file (OLE compound file) named .docx", Write: lazy(func() []byte { return CFB("WordDocument", "\x05SummaryInformation") })},
		{Name: "encrypted-docx", File: "locked.docx", What: "a password-protected Word document (an OLE file holding EncryptedPackage)", Write: lazy(func() []byte {
			return CFB("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")
		})},
		{Name: "cfb-dir-loop", File: "loop.doc", What: "an OLE file whose directory chain loops on itself", Write: lazy(func() []byte {
			b := CFB("WordDocument")
			binary.LittleEndian.PutUint32(b[512+4:], 1) // sector 1 follows itself
			return b
		})},
		{Name: "garbage-named-pdf", File: "garbage.pdf", What: "random bytes named .pdf", Write: lazy(func() []byte { return garbage(4096) })},
		{Name: "empty-named-docx", File: "empty.docx", What: "an empty file named .docx", Write: fixed(nil)},
		{Name: "pdf-zip-appended", File: "appended.pdf", What: "a PDF with a zip archive appended (offsets relative to the archive)", Write: lazy(func() []byte {
			return mustZip(Archive{Prefix: PDF("POLY"), Entries: []Entry{{Name: "secret.txt", Data: []byte("POLY-ZIP-PAYLOAD")}}})
		})},
		{Name: "pdf-zip-prefix", File: "prefix.pdf", What: "a Word document whose zip has a PDF in its prefix (offsets adjusted: both views open)", Write: lazy(func() []byte {
			return mustZip(Archive{Prefix: PDF("POLY"), Adjust: true, Entries: entries(docxParts("POLY", "text"))})
		})},
		{Name: "pdf-zip-prefix-docx", File: "prefix.docx", What: "the PDF-prefixed Word document, named .docx", Write: lazy(func() []byte {
			return mustZip(Archive{Prefix: PDF("POLY"), Adjust: true, Entries: entries(docxParts("POLY", "text"))})
		})},
		{Name: "docx-pdf-member", File: "member.docx", What: "a Word document whose first member is a stored PDF (both views start in the first KiB)", Write: lazy(func() []byte {
			es := append([]Entry{{Name: "a.pdf", Store: true, Data: PDF("POLY")}}, entries(docxParts("POLY", "text"))...)
			return mustZip(Archive{Entries: es})
		})},
		{Name: "pdf-hybrid", File: "hybrid.pdf", What: "a LibreOffice-style hybrid PDF: the source .odt stored in the PDF (a zip reader opens it)",
			Planted: []string{"HYB-AUTHOR", "HYB-CREATOR", "HYB-EDITOR", "HYB-GENERATOR"}, Write: lazy(func() []byte { return HybridPDF("HYB") })},
		{Name: "jpeg-zip-appended", File: "appended.jpg", What: "a JPEG with a zip archive appended", Write: lazy(func() []byte {
			return mustZip(Archive{Prefix: JPEG("POLY"), Entries: []Entry{{Name: "secret.txt", Data: []byte("POLY-ZIP-PAYLOAD")}}})
		})},
	}
}

// percentDocx returns a Word document with an external hyperlink whose
// target is "%25" repeated to n bytes: each URL unescaping peels off one
// level.
func percentDocx(n int) []byte {
	ps := docxParts("PCT", "text")
	target := "%" + strings.Repeat("25", n/2)
	ps = append(ps, part{"word/_rels/document.xml.rels", "", []byte(xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="` + target + `" TargetMode="External"/></Relationships>`)})
	ps[1].data = []byte(xmlDecl + `<w:document ` + nsW + `><w:body><w:p><w:hyperlink r:id="rId9"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p></w:body></w:document>`)
	return mustZip(Archive{Entries: entries(ps)})
}

// Escape is the terminal escape injection the escape cases plant: a title
// change, a screen clear, a colour and a right-to-left override.
const Escape = "ESC-INJECTION\x1b]0;pwned\x07\x1b[2J\x1b[31m\u202eexe.txt\x9b1m"

func escapes() []Case {
	return []Case{
		{Name: "escape-jpeg", File: "escape.jpg", What: "a JPEG whose EXIF artist and comment carry terminal escape sequences",
			Planted: []string{"ESC-INJECTION"}, Write: lazy(func() []byte { return jpegWith(Escape, "ESC-SERIAL", Escape) })},
		{Name: "escape-pdf", File: "escape.pdf", What: "a PDF whose author carries terminal escape sequences",
			Planted: []string{"ESC-INJECTION"}, Write: lazy(func() []byte {
				return bytes.Replace(PDF("ESC"), []byte("(ESC-AUTHOR)"), []byte("("+Escape+")"), 1)
			})},
	}
}

// garbage returns n pseudo-random bytes (the same every time).
func garbage(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}
