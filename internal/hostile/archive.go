package hostile

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"time"
)

// ZipFile is one member of an archive written by ZipFiles, with the Unix
// mode (type bits included) a Unix zip tool records.
type ZipFile struct {
	Name    string
	Data    []byte
	Mode    uint32 // 0 means a plain 0644 file
	Comment string
}

// ZipFiles returns a zip archive of files as a Unix zip tool writes it:
// real times, Unix modes, and the comments given.
func ZipFiles(comment string, fs ...ZipFile) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range fs {
		mode := f.Mode
		if mode == 0 {
			mode = 0o100644
		}
		fh := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Comment: f.Comment,
			Modified: time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC), CreatorVersion: 3<<8 | 20, ExternalAttrs: mode << 16}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			panic(err)
		}
		w.Write(f.Data)
	}
	zw.SetComment(comment)
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// TarFile is one member of an archive written by Tar.
type TarFile struct {
	Header tar.Header
	Data   []byte
}

// Tar returns a tar archive of the members, each with an owner and a time
// unless its header sets them.
func Tar(fs ...TarFile) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range fs {
		h := f.Header
		if h.Typeflag == 0 {
			h.Typeflag = tar.TypeReg
		}
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(f.Data))
		}
		if h.Mode == 0 {
			h.Mode = 0o644
		}
		if h.ModTime.IsZero() {
			h.ModTime = time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC)
		}
		if err := tw.WriteHeader(&h); err != nil {
			panic(err)
		}
		tw.Write(f.Data)
	}
	if err := tw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Gzip compresses b, with a file name and a comment in the header.
func Gzip(b []byte, name, comment string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Name, zw.Comment = name, comment
	zw.ModTime = time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func tarFile(name, data string) TarFile {
	return TarFile{Header: tar.Header{Name: name, Uname: "HTAR-UNAME", Gname: "HTAR-GNAME", Uid: 1000, Gid: 1000}, Data: []byte(data)}
}

func tarSpecial(typ byte, name, link string, mode int64) TarFile {
	return TarFile{Header: tar.Header{Typeflag: typ, Name: name, Linkname: link, Mode: mode}}
}

// setTarChecksum writes a right checksum into the tar header at b.
func setTarChecksum(b []byte) {
	copy(b[148:156], "        ")
	var sum int64
	for _, c := range b[:512] {
		sum += int64(c)
	}
	copy(b[148:156], fmt.Sprintf("%06o\x00 ", sum))
}

// nestedZip returns a zip holding a zip holding … depth levels, with a
// text file at the bottom.
func nestedZip(depth int) []byte {
	b := []byte("the bottom\n")
	name := "bottom.txt"
	for i := 0; i < depth; i++ {
		b = ZipFiles("", ZipFile{Name: name, Data: b})
		name = fmt.Sprintf("level%d.zip", depth-i)
	}
	return b
}

// textBombTgz is a gzip-compressed tar of n members of size bytes of text
// each (text is kept as it is: the budget, not the cleaner, must stop it).
func textBombTgz(n int, size int) func(io.Writer) error {
	return func(w io.Writer) error {
		zw := gzip.NewWriter(w)
		tw := tar.NewWriter(zw)
		line := []byte(strings.Repeat("a", 63) + "\n")
		for i := 0; i < n; i++ {
			if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: fmt.Sprintf("part%d.txt", i), Mode: 0o644, Size: int64(size)}); err != nil {
				return err
			}
			for j := 0; j < size; j += len(line) {
				if _, err := tw.Write(line[:min(len(line), size-j)]); err != nil {
					return err
				}
			}
		}
		if err := tw.Close(); err != nil {
			return err
		}
		return zw.Close()
	}
}

// EPUB returns a small EPUB 3 book with planted metadata
// (prefix+"-CREATOR", prefix+"-PUBLISHER", prefix+"-GENERATOR") and a
// cover photo with EXIF.
func EPUB(prefix string) []byte {
	opf := `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>Book</dc:title><dc:language>en</dc:language>
<dc:identifier id="id">urn:uuid:0b7a3c1e-8f1d-4a43-9d1e-2c6b5a4f3e21</dc:identifier>
<dc:creator>` + prefix + `-CREATOR</dc:creator><dc:publisher>` + prefix + `-PUBLISHER</dc:publisher>
<meta property="dcterms:modified">2024-02-03T04:05:06Z</meta>
</metadata>
<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="c" href="cover.jpg" media-type="image/jpeg" properties="cover-image"/></manifest>
<spine><itemref idref="nav"/></spine>
</package>`
	nav := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Book</title><meta name="generator" content="` + prefix + `-GENERATOR"/></head>
<body><nav epub:type="toc"><ol><li><a href="nav.xhtml">Book</a></li></ol></nav><p><img src="cover.jpg" alt=""/></p></body></html>`
	container := `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`
	return mustZip(Archive{Entries: []Entry{
		{Name: "mimetype", Data: []byte("application/epub+zip"), Store: true},
		{Name: "META-INF/container.xml", Data: []byte(container)},
		{Name: "OPS/book.opf", Data: []byte(opf)},
		{Name: "OPS/nav.xhtml", Data: []byte(nav)},
		{Name: "OPS/cover.jpg", Data: JPEG(prefix + "J"), Store: true},
	}})
}

// epubWith returns EPUB(prefix) with the member name replaced (or added).
func epubWith(prefix, name string, data []byte) []byte {
	var es []Entry
	zr, err := zip.NewReader(bytes.NewReader(EPUB(prefix)), int64(len(EPUB(prefix))))
	if err != nil {
		panic(err)
	}
	found := false
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == name {
			b, found = data, true
		}
		es = append(es, Entry{Name: f.Name, Data: b, Store: f.Method == zip.Store})
	}
	if !found {
		es = append(es, Entry{Name: name, Data: data})
	}
	return mustZip(Archive{Entries: es})
}

// archiveCases are hostile ZIP and TAR archives and EPUB books, and valid
// samples of each (here rather than in Samples, whose list other formats
// extend).
func archiveCases() []Case {
	badSum := Tar(tarFile("a.txt", "text"))
	badSum[148] ^= 1
	huge := Tar(tarFile("a.txt", "text"))
	copy(huge[124:136], "77777777777\x00")
	setTarChecksum(huge)
	trailing := append(Tar(tarFile("notes.txt", "visible notes\n")), []byte("HIDDEN-AFTER-END")...)
	return append(archiveSamples(), []Case{
		{Name: "archive-zip-symlink", File: "link.zip", What: "a zip whose member is a symbolic link to a home folder",
			Write: lazy(func() []byte {
				return ZipFiles("", ZipFile{Name: "link", Data: []byte("/home/alice/.ssh/id_rsa"), Mode: 0o120777})
			})},
		{Name: "archive-zip-setuid", File: "setuid.zip", What: "a zip with a setuid member",
			Write: lazy(func() []byte { return ZipFiles("", ZipFile{Name: "su", Data: []byte("x"), Mode: 0o104755}) })},
		{Name: "archive-zip-unknown", File: "unknown.zip", What: "a zip with a program scrub cannot clean beside a document",
			Write: lazy(func() []byte {
				return ZipFiles("", ZipFile{Name: "a.docx", Data: Docx("HZU", "t")}, ZipFile{Name: "tool.exe", Data: []byte("MZ\x90\x00program")})
			})},
		{Name: "archive-zip-nested-deep", File: "deep.zip", What: "zips nested 6 deep", Write: lazy(func() []byte { return nestedZip(6) })},
		{Name: "archive-zip-dotdot", File: "slip.zip", What: "a zip-slip member name (../)",
			Write: lazy(func() []byte { return ZipFiles("", ZipFile{Name: "../../evil.txt", Data: []byte("x")}) })},
		{Name: "archive-tar-symlink", File: "link.tar", What: "a tar with a symbolic link", Write: lazy(func() []byte { return Tar(tarSpecial(tar.TypeSymlink, "l", "/etc/passwd", 0o777)) })},
		{Name: "archive-tar-hardlink", File: "hard.tar", What: "a tar with a hard link",
			Write: lazy(func() []byte { return Tar(tarFile("a.txt", "x"), tarSpecial(tar.TypeLink, "b.txt", "a.txt", 0o644)) })},
		{Name: "archive-tar-device", File: "dev.tar", What: "a tar with a character device", Write: lazy(func() []byte { return Tar(tarSpecial(tar.TypeChar, "tty", "", 0o600)) })},
		{Name: "archive-tar-fifo", File: "fifo.tar", What: "a tar with a FIFO", Write: lazy(func() []byte { return Tar(tarSpecial(tar.TypeFifo, "p", "", 0o600)) })},
		{Name: "archive-tar-setuid", File: "setuid.tar", What: "a tar with a setuid file",
			Write: lazy(func() []byte {
				return Tar(TarFile{Header: tar.Header{Name: "su", Mode: 0o4755}, Data: []byte("x")})
			})},
		{Name: "archive-tar-absolute", File: "abs.tar", What: "a tar member with an absolute name", Write: lazy(func() []byte { return Tar(tarFile("/etc/cron.d/x", "x")) })},
		{Name: "archive-tar-dotdot", File: "slip.tar", What: "a tar member that climbs out (../)", Write: lazy(func() []byte { return Tar(tarFile("a/../../x", "x")) })},
		{Name: "archive-tar-duplicate", File: "dup.tar", What: "two members with one name", Write: lazy(func() []byte { return Tar(tarFile("a.txt", "x"), tarFile("a.txt", "y")) })},
		{Name: "archive-tar-case", File: "case.tar", What: "two members whose names differ only in case", Write: lazy(func() []byte { return Tar(tarFile("Notes.txt", "x"), tarFile("notes.TXT", "y")) })},
		{Name: "archive-tar-bad-checksum", File: "sum.tar", What: "a tar header with a wrong checksum", Write: fixed(badSum)},
		{Name: "archive-tar-huge-size", File: "huge.tar", What: "a tar member declaring 8 GiB", Write: fixed(huge)},
		{Name: "archive-tar-truncated", File: "cut.tar", What: "a tar cut inside a member", Write: lazy(func() []byte { return Tar(tarFile("a.txt", strings.Repeat("x", 5000)))[:2048] })},
		{Name: "archive-tar-trailing", File: "trailing.tar", What: "a tar with bytes after its end", Planted: []string{"HIDDEN-AFTER-END", "HTAR-UNAME"}, Write: fixed(trailing)},
		{Name: "archive-tgz-text-bomb", File: "bomb.tgz", What: "a tar.gz of three 15 MiB text members (45 MiB from about 140 KiB)", Write: textBombTgz(3, 15<<20)},
		{Name: "archive-xz-huge-dict", File: "dict.tar.xz", What: "an xz stream asking for a 1.5 GiB dictionary", Write: lazy(xzHugeDict)},
		{Name: "epub-drm", File: "drm.epub", What: "an EPUB with DRM-encrypted content", Write: lazy(func() []byte {
			return epubWith("HDRM", "META-INF/encryption.xml", []byte(`<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OPS/nav.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>`))
		})},
		{Name: "epub-doctype-subset", File: "laughs.epub", What: "an EPUB whose XHTML declares entities (billion laughs)", Write: lazy(func() []byte {
			return epubWith("HLOL", "OPS/nav.xhtml", []byte(`<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><html xmlns="http://www.w3.org/1999/xhtml"><body>&b;</body></html>`))
		})},
		{Name: "epub-opf-outside", File: "outside.epub", What: "an EPUB whose container points outside the book", Write: lazy(func() []byte {
			return epubWith("HOUT", "META-INF/container.xml", []byte(`<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="../../etc/x.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`))
		})},
	}...)
}

// xzHugeDict is an xz stream (stream header, one block header asking for
// a 1.5 GiB LZMA2 dictionary, index, footer) whose block is empty.
func xzHugeDict() []byte {
	crc := func(b []byte) []byte {
		c := crc32.ChecksumIEEE(b)
		return []byte{byte(c), byte(c >> 8), byte(c >> 16), byte(c >> 24)}
	}
	var b bytes.Buffer
	flags := []byte{0, 1} // CRC32 check
	b.Write([]byte{0xfd, '7', 'z', 'X', 'Z', 0})
	b.Write(flags)
	b.Write(crc(flags))
	// Block header: size byte (2 => 12 bytes), flags 0 (one filter),
	// filter 0x21 with one property byte 39 (1.5 GiB), padding, CRC32.
	bh := []byte{2, 0, 0x21, 1, 39, 0, 0, 0}
	b.Write(bh)
	b.Write(crc(bh))
	// LZMA2 end marker as the compressed data, padded to 4, then the check.
	b.Write([]byte{0, 0, 0, 0})
	b.Write(crc(nil))
	unpadded := 12 + 1 + 4
	idx := []byte{0, 1, byte(unpadded), 0}
	for len(idx)%4 != 0 {
		idx = append(idx, 0)
	}
	idx = append(idx, crc(idx)...)
	b.Write(idx)
	back := uint32(len(idx)/4 - 1)
	foot := []byte{byte(back), byte(back >> 8), byte(back >> 16), byte(back >> 24), 0, 1}
	b.Write(crc(foot))
	b.Write(foot)
	b.Write([]byte("YZ"))
	return b.Bytes()
}

// archiveSamples are valid archives and books with planted values.
func archiveSamples() []Case {
	return []Case{
		{Name: "sample-zip", File: "sample.zip", What: "ZIP of a Word document, a photo and notes", Planted: []string{"SZIP-CREATOR", "SZIP-EDITOR", "SZIPJ-ARTIST", "SZIP-ARCHIVECOMMENT", "SZIP-MEMBERCOMMENT"},
			Write: lazy(func() []byte {
				return ZipFiles("SZIP-ARCHIVECOMMENT", ZipFile{Name: "docs/letter.docx", Data: Docx("SZIP", "visible text"), Comment: "SZIP-MEMBERCOMMENT"},
					ZipFile{Name: "photo.jpg", Data: JPEG("SZIPJ")}, ZipFile{Name: "notes.txt", Data: []byte("plain notes\n")})
			})},
		{Name: "sample-tgz", File: "sample.tar.gz", What: "gzip-compressed TAR of a Word document and a photo", Planted: []string{"STGZ-CREATOR", "STGZJ-ARTIST", "HTAR-UNAME", "STGZ-GZNAME"},
			Write: lazy(func() []byte {
				return Gzip(Tar(TarFile{Header: tarFile("letter.docx", "").Header, Data: Docx("STGZ", "visible text")},
					TarFile{Header: tarFile("photo.jpg", "").Header, Data: JPEG("STGZJ")}), "STGZ-GZNAME.tar", "")
			})},
		{Name: "sample-epub", File: "sample.epub", What: "EPUB 3 book with a creator, a publisher and a cover photo", Planted: []string{"SEPUB-CREATOR", "SEPUB-PUBLISHER", "SEPUB-GENERATOR", "SEPUBJ-ARTIST"},
			Write: lazy(func() []byte { return EPUB("SEPUB") })},
	}
}
