package pdf_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"sort"
	"strings"
	"testing"
)

// builder writes a PDF by hand, object by object, so that tests control
// every byte: revisions, unreferenced objects, odd trailer keys.
type builder struct {
	buf     bytes.Buffer
	pending map[int]int // objects written since the last xref section
	lastX   int
}

func newBuilder(version string) *builder {
	b := &builder{pending: map[int]int{}, lastX: -1}
	fmt.Fprintf(&b.buf, "%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n", version)
	return b
}

// obj writes object n with the given body.
func (b *builder) obj(n int, body string) {
	b.pending[n] = b.buf.Len()
	fmt.Fprintf(&b.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

// stream writes object n as a stream; dict is the inside of the
// dictionary without /Length.
func (b *builder) stream(n int, dict string, data []byte) {
	b.pending[n] = b.buf.Len()
	fmt.Fprintf(&b.buf, "%d 0 obj\n<<%s /Length %d>>\nstream\n", n, dict, len(data))
	b.buf.Write(data)
	b.buf.WriteString("\nendstream\nendobj\n")
}

// flate writes object n as a FlateDecode stream of data.
func (b *builder) flate(n int, dict string, data []byte) {
	b.stream(n, dict+" /Filter /FlateDecode", deflate(data))
}

// xref ends a revision: an xref section for the objects written since the
// last one, the trailer (the inside of its dictionary; /Size and /Prev are
// added) and %%EOF.
func (b *builder) xref(trailer string, size int) {
	off := b.buf.Len()
	nums := make([]int, 0, len(b.pending))
	for n := range b.pending {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	b.buf.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for _, n := range nums {
		fmt.Fprintf(&b.buf, "%d 1\n%010d 00000 n \n", n, b.pending[n])
	}
	prev := ""
	if b.lastX >= 0 {
		prev = fmt.Sprintf(" /Prev %d", b.lastX)
	}
	fmt.Fprintf(&b.buf, "trailer\n<<%s /Size %d%s>>\nstartxref\n%d\n%%%%EOF\n", trailer, size, prev, off)
	b.lastX = off
	b.pending = map[int]int{}
}

func (b *builder) bytes() []byte { return bytes.Clone(b.buf.Bytes()) }

func deflate(data []byte) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

func xmpPacket(creator, tool, docID string) []byte {
	return fmt.Appendf(nil, `<?xpacket begin="`+"\ufeff"+`" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmp:CreatorTool="%s">
<dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>
<xmpMM:DocumentID>%s</xmpMM:DocumentID>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`, tool, creator, docID)
}

// exifJPEG returns a small JPEG whose APP1 EXIF segment holds an Artist
// and a GPS position.
func exifJPEG(t testing.TB, artist string) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for y := range 16 {
		for x := range 16 {
			img.Set(x, y, color.RGBA{uint8(x * 16), uint8(y * 16), 128, 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	var tiff bytes.Buffer
	w16 := func(v uint16) { binary.Write(&tiff, le, v) }
	w32 := func(v uint32) { binary.Write(&tiff, le, v) }
	artistZ := append([]byte(artist), 0)
	const ifd0, gps = 8, 8 + 2 + 2*12 + 4
	data := gps + 2 + 2*12 + 4
	artistOff := data
	ratOff := artistOff + len(artistZ)
	if ratOff%2 == 1 {
		ratOff++
	}
	tiff.WriteString("II")
	w16(42)
	w32(ifd0)
	w16(2)
	w16(0x013B) // Artist
	w16(2)
	w32(uint32(len(artistZ)))
	w32(uint32(artistOff))
	w16(0x8825) // GPSInfo
	w16(4)
	w32(1)
	w32(gps)
	w32(0)
	w16(2)
	w16(1) // GPSLatitudeRef
	w16(2)
	w32(2)
	tiff.Write([]byte{'N', 0, 0, 0})
	w16(2) // GPSLatitude
	w16(5)
	w32(3)
	w32(uint32(ratOff))
	w32(0)
	tiff.Write(artistZ)
	for tiff.Len() < ratOff {
		tiff.WriteByte(0)
	}
	for _, r := range [][2]uint32{{48, 1}, {51, 1}, {2952, 100}} {
		w32(r[0])
		w32(r[1])
	}
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	out := append([]byte{}, enc.Bytes()[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, enc.Bytes()[2:]...)
}

// planted are the unique values the dirty fixture hides, one per place a
// PDF leaks.
var planted = []string{
	"PLANT-author-rev1",      // Info /Author of the FIRST revision only
	"PLANT-author-rev2",      // Info /Author of the current revision
	"PLANT-creator-app",      // Info /Creator
	"PLANT-company",          // custom Info key
	"PLANT-cat-xmp-creator",  // catalog XMP dc:creator (compressed)
	"PLANT-xmp-tool",         // catalog XMP CreatorTool (attribute form)
	"PLANT-docid",            // catalog XMP DocumentID
	"PLANT-page-xmp",         // XMP on the page
	"PLANT-image-xmp",        // XMP on the image
	"PLANT-form-xmp",         // XMP on a form XObject (compressed)
	"PLANT-font-xmp",         // XMP on a font descriptor
	"PLANT-pieceinfo-cat",    // catalog /PieceInfo
	"PLANT-pieceinfo-page",   // page /PieceInfo
	"PLANT-pieceinfo-form",   // form XObject /PieceInfo
	"D:19990203040506",       // page /LastModified
	"PLANT-thumb-pixels",     // page /Thumb image data
	"PLANT-exif-artist",      // EXIF Artist inside the page's JPEG
	"Exif\x00\x00",           // the EXIF segment itself (with its GPS IFD)
	"PLANT-attachment.txt",   // EmbeddedFiles name tree: file name
	"PLANT-attach-content",   // ... and content
	"PLANT-attach-desc",      // ... and description
	"PLANT-af-file.txt",      // /AF associated file on the page
	"PLANT-fa-file.txt",      // FileAttachment annotation file
	"PLANT-fa-content",       // ... and its content
	"PLANT-annot-author",     // Text annotation /T
	"PLANT-annot-comment",    // Text annotation /Contents
	"PLANT-annot-nm",         // /NM
	"D:20050607080910",       // annotation /M
	"PLANT-highlight-author", // Highlight annotation /T
	"PLANT-link-nm",          // /NM on a Link that stays
	"D:20060708091011",       // /M on a Link that stays
	"PLANT-js-name",          // Names /JavaScript
	"PLANT-js-open",          // OpenAction JavaScript
	"PLANT-js-aa",            // page /AA JavaScript
	"PLANT-js-field",         // field /AA JavaScript
	"PLANT-signer",           // signature /Name
	"PLANT-sig-location",     // signature /Location
	"PLANT-sig-cert",         // signature /Contents (the PKCS#7 blob)
	"PLANT-sig-appearance",   // the signature widget's appearance text
	"PLANT-perms-signer",     // catalog /Perms DocMDP signature
	"PLANT-dss-cert",         // catalog /DSS
	"PLANT-ocg-creator",      // OCG /Usage /CreatorInfo
	"PLANT-ocg-user",         // OCG /Usage /User
	"PLANT-thread-author",    // /Threads /I
	"PLANT-spider",           // /SpiderInfo
	"PLANT-ptex-file.tex",    // /PTEX.FileName
	"PLANT-ptex-banner",      // /PTEX.Fullbanner
	"PLANT-dpart",            // /DPartRoot
	"PLANT-additional",       // trailer /AdditionalStreams (hybrid PDF)
	"PLANT-orphan",           // an unreferenced object
	"PLANT-old-object",       // an object only the first revision used
	"PLANT-ID-0123456",       // trailer /ID (as bytes)
	"PLANT-portfolio",        // /Collection
	"PLANT-trailing-data",    // bytes after the last %%EOF
}

// kept are values the cleaned file must still hold.
var kept = []string{
	"Hello visible text",
	"https://example.org/kept-link",
	"Visible Form Value",
	"Layer kept",
}

// widths makes the fixtures' Helvetica valid for pdfcpu's strict mode.
var widths = " /FirstChar 32 /LastChar 126 /Widths [" + strings.Repeat("556 ", 95) + "]"

// dirtyPDF builds the fixture: two revisions, the first of which holds the
// author PLANT-author-rev1.
func dirtyPDF(t testing.TB) []byte {
	b := newBuilder("1.7")
	b.obj(1, `<</Type /Catalog /Pages 2 0 R /Metadata 10 0 R
 /Names <</EmbeddedFiles 20 0 R /JavaScript 30 0 R>> /OpenAction 31 0 R
 /PieceInfo <</PLANTApp <</Private (PLANT-pieceinfo-cat) /LastModified (D:20010101000000)>>>>
 /AcroForm 40 0 R /OCProperties <</OCGs [50 0 R] /D <</ON [50 0 R]>>>> /Threads [60 0 R]
 /SpiderInfo <</V 1.0 /Note (PLANT-spider)>> /DSS <</Certs [(PLANT-dss-cert)]>> /Perms <</DocMDP 42 0 R>>
 /PTEX.Fullbanner (PLANT-ptex-banner) /DPartRoot <</Note (PLANT-dpart)>>
 /Collection <</Type /Collection /Note (PLANT-portfolio)>>>>`)
	b.obj(2, `<</Type /Pages /Kids [3 0 R] /Count 1>>`)
	b.obj(3, `<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R
 /Resources <</Font <</F1 5 0 R>> /XObject <</Im1 6 0 R /Fx1 7 0 R>>>>
 /Annots [8 0 R 9 0 R 11 0 R 12 0 R 13 0 R 14 0 R 43 0 R] /Metadata 15 0 R
 /PieceInfo <</PLANTPage <</Private (PLANT-pieceinfo-page) /LastModified (D:20010101000000)>>>> /LastModified (D:19990203040506)
 /Thumb 16 0 R /AA <</O 17 0 R>> /PTEX.FileName (PLANT-ptex-file.tex) /AF [26 0 R]>>`)
	b.flate(4, "", []byte("BT /F1 24 Tf 72 700 Td (Hello visible text) Tj ET\nq 64 0 0 64 72 560 cm /Im1 Do Q\n/Fx1 Do\n"))
	b.obj(5, `<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /FontDescriptor 27 0 R`+widths+`>>`)
	b.stream(6, `/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Metadata 18 0 R`,
		exifJPEG(t, "PLANT-exif-artist"))
	b.stream(7, `/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Metadata 19 0 R /LastModified (D:19980101000000) /PieceInfo <</PLANTForm <</Private (PLANT-pieceinfo-form) /LastModified (D:20010101000000)>>>>`,
		[]byte("0 0 m 100 100 l S"))
	b.obj(8, `<</Type /Annot /Subtype /Text /Rect [10 10 30 30] /T (PLANT-annot-author) /Contents (PLANT-annot-comment)
 /M (D:20050607080910) /NM (PLANT-annot-nm) /Popup 9 0 R /P 3 0 R>>`)
	b.obj(9, `<</Type /Annot /Subtype /Popup /Parent 8 0 R /Rect [30 30 200 100]>>`)
	b.obj(11, `<</Type /Annot /Subtype /Link /Rect [72 690 300 720] /Border [0 0 0]
 /A <</S /URI /URI (https://example.org/kept-link)>> /NM (PLANT-link-nm) /M (D:20060708091011)>>`)
	b.obj(12, `<</Type /Annot /Subtype /FileAttachment /Rect [300 10 320 30] /FS 22 0 R /T (PLANT-annot-author)>>`)
	b.obj(13, `<</Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /V 41 0 R /Rect [400 10 550 60] /P 3 0 R /F 4
 /AP <</N 23 0 R>>>>`)
	b.obj(14, `<</Type /Annot /Subtype /Highlight /Rect [72 690 300 720] /QuadPoints [72 720 300 720 72 690 300 690]
 /T (PLANT-highlight-author) /C [1 1 0]>>`)
	b.stream(15, `/Type /Metadata /Subtype /XML`, xmpPacket("PLANT-page-xmp", "page tool", "uuid:page"))
	b.stream(16, `/Type /XObject /Subtype /Image /Width 18 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8`, []byte("PLANT-thumb-pixels"))
	b.obj(17, `<</S /JavaScript /JS (app.alert\('PLANT-js-aa'\))>>`)
	b.stream(18, `/Type /Metadata /Subtype /XML`, xmpPacket("PLANT-image-xmp", "image tool", "uuid:image"))
	b.flate(19, `/Type /Metadata /Subtype /XML`, xmpPacket("PLANT-form-xmp", "form tool", "uuid:form"))
	b.obj(20, `<</Names [(attachment key) 21 0 R]>>`)
	b.obj(21, `<</Type /Filespec /F (PLANT-attachment.txt) /UF (PLANT-attachment.txt) /EF <</F 24 0 R>> /Desc (PLANT-attach-desc)>>`)
	b.obj(22, `<</Type /Filespec /F (PLANT-fa-file.txt) /EF <</F 25 0 R>>>>`)
	b.stream(23, `/Type /XObject /Subtype /Form /BBox [0 0 150 50] /Resources <</Font <</F1 5 0 R>>>>`,
		[]byte("BT /F1 10 Tf 5 20 Td (PLANT-sig-appearance) Tj ET"))
	b.flate(24, `/Type /EmbeddedFile`, []byte("PLANT-attach-content"))
	b.flate(25, `/Type /EmbeddedFile`, []byte("PLANT-fa-content"))
	b.obj(26, `<</Type /Filespec /F (PLANT-af-file.txt) /EF <</F 28 0 R>> /AFRelationship /Source>>`)
	b.obj(27, `<</Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontBBox [-166 -225 1000 931] /ItalicAngle 0
 /Ascent 718 /Descent -207 /CapHeight 718 /StemV 88 /Metadata 29 0 R>>`)
	b.stream(28, `/Type /EmbeddedFile`, []byte("associated file data"))
	b.stream(29, `/Type /Metadata /Subtype /XML`, xmpPacket("PLANT-font-xmp", "font tool", "uuid:font"))
	b.obj(30, `<</Names [(PLANT-js-name) 32 0 R]>>`)
	b.obj(31, `<</S /JavaScript /JS (app.alert\('PLANT-js-open'\))>>`)
	b.obj(32, `<</S /JavaScript /JS (var x = 1;)>>`)
	b.obj(40, `<</Fields [13 0 R 43 0 R] /SigFlags 3 /DA (/Helv 0 Tf 0 g) /DR <</Font <</Helv 5 0 R>>>>>>`)
	b.obj(41, `<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Name (PLANT-signer)
 /M (D:20070809101112) /Location (PLANT-sig-location) /Reason (testing) /ByteRange [0 10 20 30]
 /Contents <`+fmt.Sprintf("%X", "PLANT-sig-cert")+`>>>`)
	b.obj(42, `<</Type /Sig /Filter /Adobe.PPKLite /Name (PLANT-perms-signer) /ByteRange [0 1 2 3] /Contents <00>>>`)
	b.obj(43, `<</Type /Annot /Subtype /Widget /Rect [72 600 300 620] /P 3 0 R /FT /Tx /T (name) /V (Visible Form Value) /DA (/Helv 12 Tf 0 g) /AA <</K 44 0 R>>>>`)
	b.obj(44, `<</S /JavaScript /JS (AFSpecial_Keystroke\('PLANT-js-field'\))>>`)
	b.obj(50, `<</Type /OCG /Name (Layer kept) /Usage <</CreatorInfo <</Creator (PLANT-ocg-creator) /Subtype /Artwork>> /User <</Type /Ind /Name (PLANT-ocg-user)>>>>>>`)
	b.obj(60, `<</Type /Thread /I <</Title (thread) /Author (PLANT-thread-author)>>>>`)
	b.obj(61, `<</Author (PLANT-author-rev1) /Creator (PLANT-creator-app) /Producer (Producer 1.0)
 /CreationDate (D:20010203040506+01'00') /Company (PLANT-company)>>`)
	b.flate(10, `/Type /Metadata /Subtype /XML`, xmpPacket("PLANT-cat-xmp-creator", "PLANT-xmp-tool", "uuid:PLANT-docid"))
	b.flate(70, ``, []byte("PLANT-additional: the source document of a hybrid PDF"))
	b.obj(80, `<</Orphan (PLANT-orphan)>>`)
	b.obj(81, `<</Old (PLANT-old-object)>>`)
	id := fmt.Sprintf("%X", "PLANT-ID-0123456")
	b.xref(fmt.Sprintf("/Root 1 0 R /Info 61 0 R /ID [<%s> <%s>] /AdditionalStreams [(application/vnd.oasis.opendocument.text) 70 0 R]", id, id), 82)
	// Revision 2: a new Info dictionary (the first one is now only in
	// the earlier revision) and object 81 freed by nobody using it.
	b.obj(62, `<</Author (PLANT-author-rev2) /Creator (PLANT-creator-app) /ModDate (D:20020304050607+00'00')>>`)
	b.xref(fmt.Sprintf("/Root 1 0 R /Info 62 0 R /ID [<%s> <%s>]", id, id), 82)
	b.buf.WriteString("PLANT-trailing-data appended after the end\n")
	return b.bytes()
}

// simplePDF is a one-page document with an author and XMP, good for
// encrypting with pdfcpu.
func simplePDF() []byte {
	b := newBuilder("1.7")
	b.obj(1, `<</Type /Catalog /Pages 2 0 R /Metadata 6 0 R>>`)
	b.obj(2, `<</Type /Pages /Kids [3 0 R] /Count 1>>`)
	b.obj(3, `<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>>`)
	b.flate(4, "", []byte("BT /F1 24 Tf 72 700 Td (Hello visible text) Tj ET"))
	b.obj(5, `<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /FontDescriptor 8 0 R`+widths+`>>`)
	b.stream(6, `/Type /Metadata /Subtype /XML`, xmpPacket("PLANT-simple-xmp", "simple tool", "uuid:simple"))
	b.obj(7, `<</Author (PLANT-simple-author) /Title (simple)>>`)
	b.obj(8, `<</Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontBBox [-166 -225 1000 931] /ItalicAngle 0
 /Ascent 718 /Descent -207 /CapHeight 718 /StemV 88>>`)
	b.xref("/Root 1 0 R /Info 7 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]", 9)
	return b.bytes()
}
