package hostile

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// pdfBuilder writes a PDF by hand, object by object, so that every byte
// (offsets, lengths, references) is under the caller's control.
type pdfBuilder struct {
	buf  bytes.Buffer
	offs map[int]int
}

func newPDF(version string) *pdfBuilder {
	b := &pdfBuilder{offs: map[int]int{}}
	fmt.Fprintf(&b.buf, "%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n", version)
	return b
}

func (b *pdfBuilder) obj(n int, body string) {
	b.offs[n] = b.buf.Len()
	fmt.Fprintf(&b.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

// stream writes object n as a stream; dict is the inside of its
// dictionary, /Length is added unless dict has one.
func (b *pdfBuilder) stream(n int, dict string, data []byte) {
	b.offs[n] = b.buf.Len()
	if !strings.Contains(dict, "/Length") {
		dict += fmt.Sprintf(" /Length %d", len(data))
	}
	fmt.Fprintf(&b.buf, "%d 0 obj\n<<%s>>\nstream\n", n, dict)
	b.buf.Write(data)
	b.buf.WriteString("\nendstream\nendobj\n")
}

// xref writes a classic xref table for every object written, the trailer
// (the inside of its dictionary; /Size is added) and %%EOF. shift moves
// every offset (a broken xref).
func (b *pdfBuilder) xref(trailer string, shift int) {
	off := b.buf.Len()
	max := 0
	for n := range b.offs {
		max = maxInt(max, n)
	}
	b.buf.WriteString("xref\n")
	fmt.Fprintf(&b.buf, "0 %d\n0000000000 65535 f \n", max+1)
	for n := 1; n <= max; n++ {
		if o, ok := b.offs[n]; ok {
			fmt.Fprintf(&b.buf, "%010d 00000 n \n", o+shift)
		} else {
			b.buf.WriteString("0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&b.buf, "trailer\n<<%s /Size %d>>\nstartxref\n%d\n%%%%EOF\n", trailer, max+1, off)
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// xrefStream ends the file with a cross-reference stream, object
// xrefNr, that lists every object below it: the entry entries gives
// ({type, field 2, field 3}: {2, stream, index} for an object in an
// object stream), else the offset it was written at. trailer is the rest
// of the stream's dictionary (/Type, /Size and /W come first).
func (b *pdfBuilder) xrefStream(xrefNr int, entries map[int][3]int, trailer string) {
	size := xrefNr + 1
	var data []byte
	for n := 0; n < size; n++ {
		var t, f2, f3 int
		switch e, ok := entries[n]; {
		case ok:
			t, f2, f3 = e[0], e[1], e[2]
		case n == xrefNr:
			t, f2 = 1, b.buf.Len()
		default:
			if off, ok := b.offs[n]; ok {
				t, f2 = 1, off
			}
		}
		data = append(data, byte(t))
		data = binary.BigEndian.AppendUint32(data, uint32(f2))
		data = binary.BigEndian.AppendUint16(data, uint16(f3))
	}
	off := b.buf.Len()
	b.stream(xrefNr, fmt.Sprintf(" /Type /XRef /Size %d /W [1 4 2]%s", size, trailer), data)
	fmt.Fprintf(&b.buf, "startxref\n%d\n%%%%EOF\n", off)
}

func (b *pdfBuilder) bytes() []byte { return bytes.Clone(b.buf.Bytes()) }

func zlibBytes(data []byte) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

const pageContent = "BT /F1 18 Tf 20 100 Td (VISIBLE-PDF-TEXT) Tj ET"

// pdfBody writes the objects of a one-page document whose Info dictionary
// carries prefix ("P-AUTHOR", "P-CREATOR") and returns the trailer
// entries. pagesExtra and pageExtra go into the page tree root and the
// page.
func pdfBody(b *pdfBuilder, prefix, pagesExtra, pageExtra, contentDict string) string {
	b.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	b.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1"+pagesExtra+" >>")
	b.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >>"+pageExtra+" >>")
	if contentDict == "" {
		b.stream(4, "", []byte(pageContent))
	} else {
		b.stream(4, contentDict, []byte(pageContent))
	}
	b.obj(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	b.obj(6, "<< /Author ("+prefix+"-AUTHOR) /Creator ("+prefix+"-CREATOR) /CreationDate (D:20310203040506Z) >>")
	return "/Root 1 0 R /Info 6 0 R"
}

// PDF returns a small one-page PDF whose Info dictionary carries prefix
// ("P-AUTHOR", "P-CREATOR").
func PDF(prefix string) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	b.xref(tr, 0)
	return b.bytes()
}

// pdfBrokenXref returns PDF(prefix) with every xref offset wrong.
func pdfBrokenXref(prefix string) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	b.xref(tr, 7)
	return b.bytes()
}

// pdfNoXref returns a PDF without xref table or startxref: readers must
// rebuild the table by scanning.
func pdfNoXref(prefix string) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	fmt.Fprintf(&b.buf, "trailer\n<<%s /Size 7>>\n%%%%EOF\n", tr)
	return b.bytes()
}

// pdfCyclicKids returns a PDF whose page tree loops: a /Pages node is its
// own grandchild.
func pdfCyclicKids(prefix string) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	b.obj(2, "<< /Type /Pages /Kids [3 0 R 7 0 R] /Count 2 >>")
	b.obj(7, "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 7 0 R] /Count 1 >>")
	b.xref(tr, 0)
	return b.bytes()
}

// pdfSelfParent returns a PDF whose page is its own parent and whose page
// tree root is its own kid.
func pdfSelfParent(prefix string) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	b.obj(2, "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 /Parent 2 0 R >>")
	b.obj(3, "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X 3 0 R >> >> >>")
	b.xref(tr, 0)
	return b.bytes()
}

// pdfHugeLength returns a PDF whose content stream declares a length of
// 999999999999 bytes.
func pdfHugeLength(prefix string) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", " /Length 999999999999")
	b.xref(tr, 0)
	return b.bytes()
}

// pdfDeepArray returns a PDF with an array nested n deep in its catalog.
func pdfDeepArray(prefix string, n int) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	b.obj(1, "<< /Type /Catalog /Pages 2 0 R /Deep "+strings.Repeat("[", n)+strings.Repeat("]", n)+" >>")
	b.xref(tr, 0)
	return b.bytes()
}

// pdfRefChain returns a PDF whose catalog points at a chain of n objects,
// each referring to the next, and the last to the first.
func pdfRefChain(prefix string, n int) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	b.obj(1, "<< /Type /Catalog /Pages 2 0 R /Chain 7 0 R >>")
	for i := 0; i < n; i++ {
		next := 7 + (i+1)%n
		b.obj(7+i, fmt.Sprintf("<< /Next %d 0 R >>", next))
	}
	b.xref(tr, 0)
	return b.bytes()
}

// xrefStream builds a PDF 1.5 file whose objects 4 and 5 live in object
// streams as the entries say: entries maps an object number to its
// (type, field2, field3) xref stream entry; objects with type 1 get their
// real offset.
func xrefStreamPDF(prefix string, objstm map[int][3]int, streams map[int][]byte) []byte {
	b := newPDF("1.5")
	b.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	b.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	b.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] >>")
	nums := make([]int, 0, len(streams))
	for n := range streams {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		s := streams[n]
		first := bytes.IndexByte(s, '<')
		b.stream(n, fmt.Sprintf(" /Type /ObjStm /N 1 /First %d", first), s)
	}
	b.xrefStream(9, objstm, " /Root 1 0 R /Info 5 0 R")
	return b.bytes()
}

// pdfObjStmSelf returns a PDF whose object stream 4 is listed as an
// object inside itself, and whose Info dictionary (5) lives in it.
func pdfObjStmSelf(prefix string) []byte {
	stm := []byte("5 0 << /Author (" + prefix + "-AUTHOR) >>")
	return xrefStreamPDF(prefix, map[int][3]int{4: {2, 4, 0}, 5: {2, 4, 0}}, map[int][]byte{4: stm})
}

// pdfObjStmLoop returns a PDF whose object streams 4 and 7 each claim to
// live in the other.
func pdfObjStmLoop(prefix string) []byte {
	s4 := []byte("5 0 << /Author (" + prefix + "-AUTHOR) >>")
	s7 := []byte("8 0 << /Creator (" + prefix + "-CREATOR) >>")
	return xrefStreamPDF(prefix, map[int][3]int{4: {2, 7, 0}, 7: {2, 4, 0}, 5: {2, 4, 0}, 8: {2, 7, 0}}, map[int][]byte{4: s4, 7: s7})
}

var configOnce sync.Once

// encryptPDF encrypts PDF(prefix) with pdfcpu.
func encryptPDF(prefix string, aes bool, keyLen int, user, owner string) ([]byte, error) {
	configOnce.Do(api.DisableConfigDir)
	var conf *model.Configuration
	if aes {
		conf = model.NewAESConfiguration(user, owner, keyLen)
	} else {
		conf = model.NewRC4Configuration(user, owner, keyLen)
	}
	conf.Offline = true
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(PDF(prefix)), &out, conf); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// pdfRefLoop returns a PDF whose page tree root is an indirect reference
// to a reference to itself.
func pdfRefLoop(prefix string) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	b.obj(1, "<< /Type /Catalog /Pages 7 0 R >>")
	b.obj(7, "8 0 R")
	b.obj(8, "7 0 R")
	b.xref(tr, 0)
	return b.bytes()
}

// pdfLengthSelf returns a PDF whose content stream's /Length is a
// reference to the stream itself.
func pdfLengthSelf(prefix string) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", " /Length 4 0 R")
	b.xref(tr, 0)
	return b.bytes()
}

// pdfPrevLoop returns a PDF whose trailer's /Prev points at its own xref
// section.
func pdfPrevLoop(prefix string) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	off := b.buf.Len()
	b.xref(tr+fmt.Sprintf(" /Prev %d", off), 0)
	return b.bytes()
}

// pdfHugeXref returns a PDF whose xref section claims a billion entries.
func pdfHugeXref(prefix string) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	off := b.buf.Len()
	fmt.Fprintf(&b.buf, "xref\n0 999999999\n0000000000 65535 f \n")
	for n := 1; n <= 6; n++ {
		fmt.Fprintf(&b.buf, "%010d 00000 n \n", b.offs[n])
	}
	fmt.Fprintf(&b.buf, "trailer\n<<%s /Size 999999999>>\nstartxref\n%d\n%%%%EOF\n", tr, off)
	return b.bytes()
}

// pdfDeepDict returns a PDF with a dictionary nested n deep.
func pdfDeepDict(prefix string, n int) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	b.obj(1, "<< /Type /Catalog /Pages 2 0 R /Deep "+strings.Repeat("<< /A ", n)+strings.Repeat(">> ", n)+" >>")
	b.xref(tr, 0)
	return b.bytes()
}

// pdfFlateBomb returns a PDF whose page content inflates to n bytes.
func pdfFlateBomb(prefix string, n int64) []byte {
	var z bytes.Buffer
	z.Write([]byte{0x78, 0x9c})
	repeatDeflate(&z, []byte("BT /F1 18 Tf 20 100 Td (VISIBLE-PDF-TEXT) Tj ET\n"), ' ', n, nil)
	z.Write([]byte{0, 0, 0, 0}) // adler32 left wrong: readers stop before
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	b.stream(4, " /Filter /FlateDecode", z.Bytes())
	b.xref(tr, 0)
	return b.bytes()
}

// pdfFilterChain returns a PDF whose content stream lists FlateDecode
// n times.
func pdfFilterChain(prefix string, n int) []byte {
	data := []byte(pageContent)
	for i := 0; i < n; i++ {
		data = zlibBytes(data)
	}
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	b.stream(4, " /Filter ["+strings.Repeat("/FlateDecode ", n)+"]", data)
	b.xref(tr, 0)
	return b.bytes()
}

// pdfObjStmHuge returns a PDF 1.5 whose object stream declares a billion
// objects.
func pdfObjStmHuge(prefix string) []byte {
	stm := []byte("5 0 << /Author (" + prefix + "-AUTHOR) >>")
	b := xrefStreamPDF(prefix, map[int][3]int{5: {2, 4, 0}}, map[int][]byte{4: stm})
	return bytes.Replace(b, []byte("/N 1 "), []byte("/N 999999999 "), 1)
}

// HybridPDF returns a PDF that carries its source document the way
// LibreOffice's hybrid PDF export does: an OpenDocument text stored as an
// uncompressed stream listed in the trailer's /AdditionalStreams. A zip
// reader opens it too (the archive is inside the PDF). The text's meta.xml
// carries prefix ("P-CREATOR"...), the PDF's Info "P-AUTHOR".
func HybridPDF(prefix string) []byte {
	b := newPDF("1.4")
	tr := pdfBody(b, prefix, "", "", "")
	b.stream(7, " /Type /EmbeddedFile /Subtype /application#2Fvnd.oasis.opendocument.text", ODT(prefix, "source text"))
	b.xref(tr+" /AdditionalStreams [ (/ODT) 7 0 R ]", 0)
	return b.bytes()
}

// pdfHugeSize returns a PDF 1.5 whose xref stream declares /Size n and an
// /Index covering it, with almost no entries.
func pdfHugeSize(prefix string, n int) []byte {
	stm := []byte("5 0 << /Author (" + prefix + "-AUTHOR) >>")
	b := xrefStreamPDF(prefix, map[int][3]int{5: {2, 4, 0}}, map[int][]byte{4: stm})
	return bytes.Replace(b, []byte("/Size 10 "), []byte(fmt.Sprintf("/Size %d ", n)), 1)
}

// pdfSelfArrayInfo returns a PDF whose Info /Author is an array that
// contains itself, and whose /Creator is a file specification whose /F is
// itself.
func pdfSelfArrayInfo(prefix string) []byte {
	b := newPDF("1.4")
	pdfBody(b, prefix, "", "", "")
	b.obj(6, "<< /Author 7 0 R /Creator 8 0 R /Title ("+prefix+"-AUTHOR) >>")
	b.obj(7, "[7 0 R]")
	b.obj(8, "<< /F 8 0 R >>")
	b.xref("/Root 1 0 R /Info 6 0 R", 0)
	return b.bytes()
}
