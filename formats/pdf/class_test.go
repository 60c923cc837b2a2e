package pdf_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/ascii85"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/formats/pdf"
	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// The fixtures below plant a unique value in every place issue 13 names
// for PDFs, and the proof that cleaning removed it is a byte scan of the
// output decoded independently of the cleaner (decodedViews: pdfcpu's
// parser and filters, plus the generic expansions of scrubtest), not
// scrub's own Inspect.

// photo returns a JPEG whose APP1 EXIF holds an artist, a body serial
// number and a GPS position, with an XMP packet and a comment: all
// planted with prefix.
func photo(t testing.TB, prefix string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for y := range 16 {
		for x := range 16 {
			img.Set(x, y, color.RGBA{uint8(x * 16), uint8(y * 16), 100, 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	exif := (&metatest.EXIF{
		IFD0: []metatest.Entry{{Tag: 0x013B, Value: prefix + "-artist"}, {Tag: 0x010F, Value: prefix + "-make"}},
		Exif: []metatest.Entry{{Tag: 0xA431, Value: prefix + "-serial"}},
		GPS:  []metatest.Entry{{Tag: 1, Value: "N"}, {Tag: 2, Value: [][2]uint32{{48, 1}, {51, 1}, {2952, 100}}}},
	}).Bytes()
	seg := func(marker byte, payload []byte) []byte {
		n := len(payload) + 2
		return append([]byte{0xff, marker, byte(n >> 8), byte(n)}, payload...)
	}
	out := append([]byte{}, enc.Bytes()[:2]...)
	out = append(out, seg(0xe1, append([]byte("Exif\x00\x00"), exif...))...)
	out = append(out, seg(0xe1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), metatest.XMP([][2]string{{"dc:creator", prefix + "-xmp"}})...))...)
	out = append(out, seg(0xfe, []byte(prefix+"-com"))...)
	return append(out, enc.Bytes()[2:]...)
}

func ascii85Encode(b []byte) []byte {
	out := make([]byte, ascii85.MaxEncodedLen(len(b)))
	n := ascii85.Encode(out, b)
	return append(out[:n], "~>"...)
}

func hexEncode(b []byte) []byte { return append([]byte(hex.EncodeToString(b)), '>') }

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jp2Box returns a JP2 box.
func jp2Box(typ string, data []byte) []byte {
	n := len(data) + 8
	return append([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n), typ[0], typ[1], typ[2], typ[3]}, data...)
}

// dirtyJP2 returns testdata/gradient.jp2 with an XMP box, an EXIF UUID
// box and a codestream comment planted with prefix.
func dirtyJP2(t testing.TB, prefix string) []byte {
	b := readTestdata(t, "gradient.jp2")
	i := bytes.Index(b, []byte("jp2c")) - 4
	exif := (&metatest.EXIF{IFD0: []metatest.Entry{{Tag: 0x013B, Value: prefix + "-artist"}}}).Bytes()
	var out []byte
	out = append(out, b[:i]...)
	out = append(out, jp2Box("xml ", metatest.XMP([][2]string{{"dc:creator", prefix + "-xmp"}}))...)
	out = append(out, jp2Box("uuid", append([]byte("JpgTiffExif->JP2"), exif...))...)
	com := append([]byte{0xff, 0x64, 0, 0, 0, 1}, prefix+"-com"...)
	com[3] = byte(len(com) - 2)
	// Insert the comment before the first SOT, where main-header
	// segments may go.
	c := b[i+8:]
	sot := bytes.Index(c, []byte{0xff, 0x90})
	nc := append(append(append([]byte{}, c[:sot]...), com...), c[sot:]...)
	return append(out, jp2Box("jp2c", nc)...)
}

// dirtyJ2K returns testdata/gradient.j2k with a planted comment.
func dirtyJ2K(t testing.TB, prefix string) []byte {
	c := readTestdata(t, "gradient.j2k")
	com := append([]byte{0xff, 0x64, 0, 0, 0, 1}, prefix+"-com"...)
	com[3] = byte(len(com) - 2)
	sot := bytes.Index(c, []byte{0xff, 0x90})
	return append(append(append([]byte{}, c[:sot]...), com...), c[sot:]...)
}

// classPDF builds one page that carries every class of issue 13, and a
// page deleted from the page tree (object 90) that the structure tree, an
// outline item, a named destination and the parent tree still point at.
func classPDF(t testing.TB) []byte {
	b := newBuilder("1.7")
	icc := metatest.ICCDevice("PLANT-Brother-Scanner-desc", "PLANT-icc-copyright", "BRTH", "SCAN", "PLANT-icc-maker")
	oiICC := metatest.ICCDevice("PLANT-outputintent-desc", "PLANT-outputintent-cprt", "PRNT", "MODL", "PLANT-outputintent-maker")
	b.obj(1, `<</Type /Catalog /Pages 2 0 R /StructTreeRoot 100 0 R /MarkInfo <</Marked true>> /Outlines 120 0 R
 /Names <</Dests 130 0 R>> /URI <</Base (file:///C:/Users/PLANT-base-user/Documents/)>> /AcroForm <</Fields [40 0 R] /DA (/Helv 0 Tf 0 g) /DR <</Font <</Helv 5 0 R>>>>>>
 /OCProperties <</OCGs [50 0 R] /D <</ON [50 0 R] /Creator (PLANT-occonfig-creator)>>>>
 /OutputIntents [<</Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier (Custom) /DestOutputProfile 61 0 R>>]
 /PLANTCatalogKey (PLANT-private-catalog)>>`)
	b.obj(2, `<</Type /Pages /Kids [3 0 R] /Count 1>>`)
	b.obj(3, `<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /StructParents 0 /PLANTPageKey (PLANT-private-page)
 /Resources <</Font <</F1 5 0 R>> /XObject <</Im1 6 0 R /Im2 7 0 R /Im3 8 0 R /Im4 9 0 R /Im5 10 0 R /Im6 11 0 R /Fx1 12 0 R>> /Properties <</OC1 50 0 R>>>>
 /Annots [20 0 R 21 0 R 22 0 R 23 0 R 24 0 R 25 0 R 26 0 R 27 0 R 28 0 R 29 0 R 40 0 R 42 0 R]>>`)
	inline := photo(t, "PLANT-inline-page")
	content := []byte("% PLANT-content-comment written by a tool\n" +
		"/P <</MCID 0>> BDC BT /F1 18 Tf 72 720 Td (Kept tagged text) Tj ET EMC\n" +
		"/Span <</MCID 1>> BDC BT /F1 12 Tf 72 700 Td (Visible span text) Tj ET EMC\n" +
		"BT /F1 12 Tf 72 680 Td (100% kept \\(with 50%\\)) Tj ET %PLANT-trailing-comment\n" +
		"/TouchUp_TextEdit MP\n" +
		"q 16 0 0 16 72 600 cm /Im1 Do Q q 16 0 0 16 100 600 cm /Im2 Do Q q 16 0 0 16 128 600 cm /Im3 Do Q\n" +
		"q 24 0 0 16 156 600 cm /Im4 Do Q q 24 0 0 16 190 600 cm /Im5 Do Q q 16 0 0 16 224 600 cm /Im6 Do Q\n" +
		"q 16 0 0 16 260 600 cm BI /W 16 /H 16 /CS /RGB /BPC 8 /F /DCT ID ")
	content = append(content, inline...)
	content = append(content, "\nEI Q\n/Fx1 Do\n"...)
	b.flate(4, "", content)
	b.obj(5, `<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /PLANTFontKey (PLANT-private-font)`+widths+`>>`)
	img := `/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceRGB /BitsPerComponent 8 `
	b.stream(6, img+`/Filter [/FlateDecode /DCTDecode] /PLANTImageKey (PLANT-private-image)`, deflate(photo(t, "PLANT-img-flate")))
	b.stream(7, img+`/Filter [/ASCII85Decode /DCTDecode]`, ascii85Encode(photo(t, "PLANT-img-a85")))
	b.stream(8, img+`/Filter [/ASCIIHexDecode /FlateDecode /DCTDecode]`, hexEncode(deflate(photo(t, "PLANT-img-hex"))))
	b.stream(9, `/Type /XObject /Subtype /Image /Width 24 /Height 16 /Filter /JPXDecode`, dirtyJP2(t, "PLANT-jpx"))
	b.stream(10, `/Type /XObject /Subtype /Image /Width 24 /Height 16 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /JPXDecode`, dirtyJ2K(t, "PLANT-j2k"))
	b.stream(11, `/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace [/ICCBased 60 0 R] /BitsPerComponent 8 /Filter /DCTDecode`, photo(t, "PLANT-img-icc"))
	formInline := photo(t, "PLANT-inline-form")
	fx := []byte("% PLANT-form-comment\nq 16 0 0 16 300 600 cm BI /W 16 /H 16 /CS /RGB /BPC 8 /F [/AHx /DCT] ID ")
	fx = append(fx, hexEncode(formInline)...)
	fx = append(fx, "\nEI Q\n"...)
	b.flate(12, `/Type /XObject /Subtype /Form /BBox [0 0 612 792]`, fx)

	// Annotations on the kept page.
	b.obj(20, `<</Type /Annot /Subtype /Link /Rect [72 500 200 520] /Border [0 0 0] /T (PLANT-link-author) /M (D:20240101000000) /NM (PLANT-link-nm)
 /PLANTAnnotKey (PLANT-private-annot) /A <</S /URI /URI (file:///C:/Users/PLANT-uri-user/Documents/report.pdf)>>>>`)
	b.obj(21, `<</Type /Annot /Subtype /Link /Rect [72 480 200 500] /Border [0 0 0] /A <</S /URI /URI (https://example.org/kept-link)>>
 /CreationDate (D:20240202000000)>>`)
	b.obj(22, `<</Type /Annot /Subtype /FreeText /Rect [300 700 500 730] /Contents (Filled answer kept) /DA (/Helv 12 Tf 0 g)
 /T (PLANT-freetext-author) /RC (<body><p>Filled answer kept</p><span>PLANT-rc-richtext</span></body>) /CreationDate (D:20240303000000)
 /M (D:20240304000000) /NM (PLANT-freetext-nm) /Subj (PLANT-freetext-subject) /Popup 23 0 R /AP <</N 30 0 R>>>>`)
	b.obj(23, `<</Type /Annot /Subtype /Popup /Parent 22 0 R /Rect [500 600 600 700] /Contents (PLANT-popup-contents)>>`)
	b.obj(24, `<</Type /Annot /Subtype /Stamp /Rect [300 640 400 690] /Name /Approved /T (PLANT-stamp-author) /Contents (PLANT-stamp-note) /AP <</N 31 0 R>>>>`)
	b.obj(25, `<</Type /Annot /Subtype /Ink /Rect [300 560 400 620] /InkList [[310 570 390 610]] /T (PLANT-ink-author) /AP <</N 32 0 R>>>>`)
	b.obj(26, `<</Type /Annot /Subtype /Square /Rect [420 560 500 620] /IC [1 0 0] /T (PLANT-square-author) /Contents (PLANT-square-note) /AP <</N 33 0 R>>>>`)
	b.obj(27, `<</Type /Annot /Subtype /Watermark /Rect [0 0 612 792] /T (PLANT-watermark-author) /FixedPrint <</Type /FixedPrint /H 0.5>> /AP <</N 34 0 R>>>>`)
	b.obj(28, `<</Type /Annot /Subtype /Text /Rect [10 10 30 30] /T (PLANT-sticky-author) /Contents (PLANT-sticky-note) /Popup 29 0 R>>`)
	b.obj(29, `<</Type /Annot /Subtype /Popup /Parent 28 0 R /Rect [30 30 200 100]>>`)
	b.obj(42, `<</Type /Annot /Subtype /3D /Rect [10 400 60 450] /T (PLANT-3d-author) /Contents (PLANT-3d-contents)>>`)
	ap := `/Type /XObject /Subtype /Form /Resources <</Font <</F1 5 0 R>>>> `
	b.stream(30, ap+`/BBox [0 0 200 30]`, []byte("% PLANT-ap-comment\nBT /F1 12 Tf 2 10 Td (Filled answer kept) Tj ET"))
	b.stream(31, ap+`/BBox [0 0 100 50]`, []byte("1 0 0 RG 2 2 96 46 re S BT /F1 14 Tf 10 20 Td (APPROVED) Tj ET"))
	b.stream(32, ap+`/BBox [0 0 100 60]`, []byte("0 0 1 RG 10 10 m 90 50 l S"))
	b.stream(33, ap+`/BBox [0 0 80 60]`, []byte("1 0 0 rg 0 0 80 60 re f"))
	b.stream(34, ap+`/BBox [0 0 612 792]`, []byte("BT /F1 40 Tf 100 100 Td (WATERMARK) Tj ET"))
	b.obj(40, `<</Type /Annot /Subtype /Widget /Rect [72 400 300 420] /P 3 0 R /FT /Tx /T (name) /V (Visible Form Value)
 /TU (C:\\Users\\PLANT-tu-user\\Desktop\\form-help.txt) /DA (/Helv 12 Tf 0 g) /AP <</N 35 0 R>>>>`)
	b.stream(35, ap+`/BBox [0 0 228 20]`, []byte("/Tx BMC BT /F1 12 Tf 2 5 Td (Visible Form Value) Tj ET EMC"))

	// Optional content with creator information.
	b.obj(50, `<</Type /OCG /Name (Layer kept) /Usage <</CreatorInfo <</Creator (PLANT-ocg-creator) /Subtype /Artwork>>>>>>`)
	b.stream(60, `/N 3 /Alternate /DeviceRGB`, icc)
	b.stream(61, `/N 3`, oiICC)

	// The page deleted from the page tree, still described elsewhere.
	b.obj(90, `<</Type /Page /MediaBox [0 0 612 792] /Contents 91 0 R /StructParents 5 /Annots [92 0 R]>>`)
	b.flate(91, "", []byte("/P <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td (PLANT-deleted-page-text) Tj ET EMC"))
	b.obj(92, `<</Type /Annot /Subtype /Link /Rect [0 0 10 10] /P 90 0 R /T (PLANT-deleted-link-author) /A <</S /URI /URI (https://PLANT-deleted-link.example/)>>>>`)

	// The structure tree.
	b.obj(100, `<</Type /StructTreeRoot /K [101 0 R] /ParentTree 110 0 R /ParentTreeNextKey 6 /RoleMap <</Normal /P>>
 /PLANTStructRootKey (PLANT-private-structroot)>>`)
	b.obj(101, `<</Type /StructElem /S /Document /P 100 0 R /K [102 0 R 103 0 R 104 0 R 105 0 R 106 0 R 108 0 R]>>`)
	b.obj(102, `<</Type /StructElem /S /P /P 101 0 R /Pg 3 0 R /K 0 /Alt (C:\\Users\\PLANT-alt-user\\Pictures\\photo.jpg)>>`)
	b.obj(103, `<</Type /StructElem /S /P /P 101 0 R /Pg 90 0 R /K 0 /ActualText (PLANT-deleted-actualtext jane.plant@example.org)>>`)
	b.obj(104, `<</Type /StructElem /S /Figure /P 101 0 R /K <</Type /MCR /Pg 90 0 R /MCID 1>> /Alt (PLANT-deleted-mcr-alt)>>`)
	b.obj(105, `<</Type /StructElem /S /Link /P 101 0 R /K <</Type /OBJR /Obj 92 0 R /Pg 90 0 R>> /ActualText (PLANT-deleted-objr-text)>>`)
	b.obj(106, `<</Type /StructElem /S /Part /P 101 0 R /Info <</Author (PLANT-part-author) /Company (PLANT-part-company)>> /K [107 0 R]>>`)
	b.obj(107, `<</Type /StructElem /S /Span /P 106 0 R /Pg 3 0 R /K 1 /ActualText (Visible span text) /PLANTPrivate (PLANT-struct-private)
 /A <</O /UserProperties /P [<</N (Owner) /V (PLANT-userprop-value)>>]>>>>`)
	b.obj(108, `<</Type /StructElem /S /Sect /P 101 0 R /K 90 0 R /T (PLANT-deleted-k-title)>>`)
	b.obj(110, `<</Nums [0 [102 0 R 107 0 R] 5 [103 0 R 104 0 R]]>>`)

	// Outline: an item to the deleted page (with a child that stays),
	// and one to the kept page.
	b.obj(120, `<</Type /Outlines /First 121 0 R /Last 123 0 R /Count 3>>`)
	b.obj(121, `<</Title (PLANT-outline-deleted) /Parent 120 0 R /Next 123 0 R /First 122 0 R /Last 122 0 R /Count 1 /Dest [90 0 R /Fit]>>`)
	b.obj(122, `<</Title (Child kept) /Parent 121 0 R /Dest [3 0 R /Fit]>>`)
	b.obj(123, `<</Title (Kept chapter) /Parent 120 0 R /Prev 121 0 R /Dest (kept-dest)>>`)
	b.obj(130, `<</Names [(PLANT-dest-deleted) [90 0 R /Fit] (kept-dest) [3 0 R /XYZ 0 792 0]]>>`)
	b.xref("/Root 1 0 R", 131)
	return b.bytes()
}

// plantedClasses are the values classPDF plants in places that must go.
var plantedClasses = []string{
	"PLANT-img-flate-artist", "PLANT-img-flate-serial", "PLANT-img-flate-make", "PLANT-img-flate-xmp", "PLANT-img-flate-com",
	"PLANT-img-a85-artist", "PLANT-img-a85-serial", "PLANT-img-a85-xmp", "PLANT-img-a85-com",
	"PLANT-img-hex-artist", "PLANT-img-hex-serial", "PLANT-img-hex-xmp", "PLANT-img-hex-com",
	"PLANT-img-icc-artist", "PLANT-Brother-Scanner-desc", "PLANT-icc-copyright", "PLANT-icc-maker",
	"PLANT-outputintent-desc", "PLANT-outputintent-cprt", "PLANT-outputintent-maker",
	"PLANT-jpx-artist", "PLANT-jpx-xmp", "PLANT-jpx-com", "PLANT-j2k-com", "OpenJPEG",
	"PLANT-inline-page-artist", "PLANT-inline-page-serial", "PLANT-inline-page-com",
	"PLANT-inline-form-artist", "PLANT-inline-form-serial", "PLANT-inline-form-com",
	"PLANT-content-comment", "PLANT-trailing-comment", "PLANT-form-comment", "PLANT-ap-comment", "TouchUp_TextEdit",
	"PLANT-link-author", "PLANT-link-nm", "D:20240101000000", "D:20240202000000", "PLANT-uri-user",
	"PLANT-freetext-author", "PLANT-rc-richtext", "D:20240303000000", "D:20240304000000", "PLANT-freetext-nm",
	"PLANT-freetext-subject", "PLANT-popup-contents", "PLANT-stamp-author", "PLANT-stamp-note", "PLANT-ink-author",
	"PLANT-square-author", "PLANT-square-note", "PLANT-watermark-author", "PLANT-sticky-author", "PLANT-sticky-note",
	"PLANT-3d-author", "PLANT-3d-contents", "PLANT-tu-user", "PLANT-base-user",
	"PLANT-ocg-creator", "PLANT-occonfig-creator",
	"PLANT-private-catalog", "PLANT-private-page", "PLANT-private-font", "PLANT-private-image", "PLANT-private-annot",
	"PLANT-private-structroot", "PLANT-struct-private", "PLANT-userprop-value",
	"PLANT-deleted-page-text", "PLANT-deleted-link-author", "PLANT-deleted-link.example", "PLANT-deleted-actualtext",
	"jane.plant@example.org", "PLANT-deleted-mcr-alt", "PLANT-deleted-objr-text", "PLANT-deleted-k-title",
	"PLANT-part-author", "PLANT-part-company", "PLANT-alt-user", "PLANT-outline-deleted", "PLANT-dest-deleted",
}

// keptClasses are what the reader sees, and must stay.
var keptClasses = []string{
	"Kept tagged text", "Visible span text", "100% kept", "Filled answer kept", "APPROVED", "WATERMARK",
	"Visible Form Value", "https://example.org/kept-link", "report.pdf", "photo.jpg", "form-help.txt",
	"Kept chapter", "Child kept", "kept-dest", "Layer kept",
}

// decodedViews returns the bytes of a PDF as a byte scan should see them,
// decoded without the cleaner's code: the file itself and scrubtest's
// generic expansions of it, and, from pdfcpu's parser, every string
// (decoded) and every stream decoded through all its filters up to an
// image codec (JPEG and JPEG 2000 data stay as they are stored, with
// whatever metadata they still hold), with scrubtest's expansions of
// each (hex runs of inline images, zlib).
func decodedViews(t testing.TB, data []byte) [][]byte { return views(t, data, true) }

// views is decodedViews; without expand, scrubtest's generic expansions
// (base64 and hex runs, zlib anywhere) are left out: enough for values
// that a PDF stores as text, and much faster on big files.
func views(t testing.TB, data []byte, expand bool) [][]byte {
	t.Helper()
	more := func(b []byte) [][]byte {
		if expand {
			return scrubtest.Expand(b)
		}
		return [][]byte{b}
	}
	views := more(data)
	pdf.New() // disables pdfcpu's config folder first
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := pdfcpu.ReadWithContext(context.Background(), bytes.NewReader(data), conf)
	if err != nil {
		t.Fatalf("pdfcpu cannot read the file: %v", err)
	}
	var strs bytes.Buffer
	var walk func(o types.Object, depth int)
	walk = func(o types.Object, depth int) {
		if depth > 100 {
			return
		}
		switch v := o.(type) {
		case types.Dict:
			for k, e := range v {
				strs.WriteString(k + " ")
				walk(e, depth+1)
			}
		case types.Array:
			for _, e := range v {
				walk(e, depth+1)
			}
		case types.StringLiteral:
			if s, err := types.StringLiteralToString(v); err == nil {
				strs.WriteString(s + "\n")
			}
		case types.HexLiteral:
			if s, err := types.HexLiteralToString(v); err == nil {
				strs.WriteString(s + "\n")
			}
		case types.StreamDict:
			walk(v.Dict, depth+1)
			sd := v
			if err := sd.Decode(); err == nil {
				views = append(views, more(sd.Content)...)
				views = append(views, hexRuns(sd.Content)...)
			} else {
				views = append(views, sd.Raw)
			}
		case types.ObjectStreamDict:
			sd := v.StreamDict
			if err := sd.Decode(); err == nil {
				views = append(views, sd.Content)
			}
		}
	}
	for n, e := range ctx.Table {
		if e == nil || e.Free {
			continue
		}
		o := e.Object
		if l, ok := o.(types.LazyObjectStreamObject); ok {
			if o, err = l.DecodedObject(context.Background()); err != nil {
				t.Fatalf("object %d: %v", n, err)
			}
		}
		walk(o, 0)
	}
	return append(views, strs.Bytes())
}

var hexRun = regexp.MustCompile(`(?:^|[^0-9A-Za-z])([0-9A-Fa-f][0-9A-Fa-f\s]{31,})>`)

// hexRuns decodes the runs of hexadecimal digits ended by ">" in b (the
// data of inline images behind /ASCIIHexDecode).
func hexRuns(b []byte) [][]byte {
	var out [][]byte
	for _, sm := range hexRun.FindAllSubmatch(b, -1) {
		m := sm[1]
		h := bytes.Map(func(r rune) rune {
			if strings.ContainsRune(" \t\r\n\f>", r) {
				return -1
			}
			return r
		}, m)
		if len(h)%2 == 1 {
			h = append(h, '0')
		}
		if d, err := hex.DecodeString(string(h)); err == nil {
			out = append(out, d)
		}
	}
	return out
}

// residue returns the planted values found in any decoded view of data.
func residue(t testing.TB, data []byte, planted []string) []string {
	t.Helper()
	return residueIn(decodedViews(t, data), planted)
}

func residueIn(views [][]byte, planted []string) []string {
	var found []string
	for _, v := range planted {
	search:
		for _, view := range views {
			for _, enc := range scrubtest.Encodings(v) {
				if bytes.Contains(view, enc) {
					found = append(found, v)
					break search
				}
			}
		}
	}
	return found
}

func TestEveryClassRemoved(t *testing.T) {
	reg := registry()
	dirty := classPDF(t)
	if missing := missingValues(t, dirty, plantedClasses); len(missing) > 0 {
		t.Fatalf("the fixture does not carry %q", missing)
	}
	clean, ws := scrubtest.Clean(t, reg, "classes.pdf", dirty, scrub.Policy{})
	for _, v := range residue(t, clean, plantedClasses) {
		t.Errorf("cleaned output still holds %q", v)
	}
	if missing := missingValues(t, clean, keptClasses); len(missing) > 0 {
		t.Errorf("cleaned output lost visible content %q", missing)
	}
	scrubtest.CheckReport(t, reg, "classes.pdf", dirty, clean)
	if fs := scrubtest.Inspect(t, reg, "clean.pdf", clean); scrub.Removable(fs) {
		t.Errorf("cleaned output still has removable findings: %+v", fs)
	}
	if again, _ := scrubtest.Clean(t, reg, "clean.pdf", clean, scrub.Policy{}); !bytes.Equal(again, clean) {
		t.Error("cleaning twice is not idempotent")
	}
	for _, w := range ws {
		t.Logf("warning: %s", w.Message)
	}
	validate(t, dirty, clean, 1)
	if a, b := pdftotext(t, dirty), pdftotext(t, clean); a != b {
		t.Errorf("pdftotext changed:\n%q\n%q", a, b)
	}
	sameImages(t, dirty, clean)
	annotsKept(t, clean, map[string]bool{"FreeText": true, "Stamp": true, "Ink": true, "Square": true, "Watermark": true, "Link": true, "Widget": true},
		map[string]bool{"Text": true, "Popup": true, "3D": true})
	if missing := missingValues(t, clean, []string{"(100% kept \\(with 50%\\))"}); len(missing) > 0 {
		t.Error("the percent signs inside a string were taken for comments")
	}
}

// TestEveryClassEncrypted runs the image classes in a file encrypted with
// an owner password only (it opens without one).
func TestEveryClassEncrypted(t *testing.T) {
	b := newBuilder("1.7")
	b.obj(1, `<</Type /Catalog /Pages 2 0 R>>`)
	b.obj(2, `<</Type /Pages /Kids [3 0 R] /Count 1>>`)
	b.obj(3, `<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R
 /Resources <</Font <</F1 5 0 R>> /XObject <</Im1 6 0 R /Im2 7 0 R /Im3 8 0 R>>>>>>`)
	b.flate(4, "", []byte("% PLANT-enc-comment\nBT /F1 24 Tf 72 700 Td (Hello visible text) Tj ET\nq 16 0 0 16 72 600 cm /Im1 Do Q q 16 0 0 16 100 600 cm /Im2 Do Q q 16 0 0 16 130 600 cm /Im3 Do Q"))
	b.obj(5, `<</Type /Font /Subtype /Type1 /BaseFont /Helvetica`+widths+`>>`)
	img := `/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceRGB /BitsPerComponent 8 `
	b.stream(6, img+`/Filter [/FlateDecode /DCTDecode]`, deflate(photo(t, "PLANT-enc-flate")))
	b.stream(7, img+`/Filter [/ASCII85Decode /DCTDecode]`, ascii85Encode(photo(t, "PLANT-enc-a85")))
	b.stream(8, img+`/Filter /DCTDecode`, photo(t, "PLANT-enc-dct"))
	b.xref("/Root 1 0 R", 9)
	plain := b.bytes()
	enc := encrypt(t, plain, "", "PLANT-owner-pw")
	planted := []string{"PLANT-enc-flate-artist", "PLANT-enc-flate-serial", "PLANT-enc-a85-artist", "PLANT-enc-a85-serial",
		"PLANT-enc-dct-artist", "PLANT-enc-dct-serial", "PLANT-enc-comment"}
	if missing := missingValues(t, enc, planted); len(missing) > 0 {
		t.Fatalf("the encrypted fixture does not carry %q (pdfcpu's view)", missing)
	}
	reg := registry()
	clean, _ := scrubtest.Clean(t, reg, "enc.pdf", enc, scrub.Policy{})
	for _, v := range residue(t, clean, planted) {
		t.Errorf("cleaned output still holds %q", v)
	}
	validate(t, plain, clean, 1)
	sameImages(t, plain, clean)
}

// missingValues returns the values not found in any decoded view.
func missingValues(t testing.TB, data []byte, values []string) []string {
	found := map[string]bool{}
	for _, v := range residue(t, data, values) {
		found[v] = true
	}
	var missing []string
	for _, v := range values {
		if !found[v] {
			missing = append(missing, v)
		}
	}
	return missing
}

// sameImages checks that poppler extracts the same pictures (pixels) from
// both files.
func sameImages(t *testing.T, a, b []byte) {
	t.Helper()
	if _, err := exec.LookPath("pdfimages"); err != nil {
		t.Log("pdfimages is not installed: pictures not compared")
		return
	}
	hashes := func(data []byte, name string) []string {
		dir := t.TempDir()
		in := filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(in, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("pdfimages", "-png", in, filepath.Join(dir, "img")).CombinedOutput(); err != nil {
			t.Fatalf("pdfimages: %v\n%s", err, out)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "img*.png"))
		sort.Strings(files)
		var hs []string
		for _, f := range files {
			b, _ := os.ReadFile(f)
			hs = append(hs, fmt.Sprintf("%x", sha256.Sum256(b)))
		}
		return hs
	}
	ha, hb := hashes(a, "a"), hashes(b, "b")
	if len(ha) == 0 {
		t.Fatal("pdfimages found no pictures in the original")
	}
	if strings.Join(ha, ",") != strings.Join(hb, ",") {
		t.Errorf("the pictures differ after cleaning (%d vs %d)", len(ha), len(hb))
	}
}

// annotsKept checks, with pdfcpu, which annotation subtypes the cleaned
// file's first page has: those in keep (each with an appearance stream
// where the original had one), none of those in gone.
func annotsKept(t *testing.T, data []byte, keep, gone map[string]bool) {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), conf)
	if err != nil {
		t.Fatal(err)
	}
	pd, _, _, err := ctx.PageDict(1, false)
	if err != nil {
		t.Fatal(err)
	}
	arr, _ := ctx.DereferenceArray(pd["Annots"])
	have := map[string]bool{}
	for _, a := range arr {
		ad, err := ctx.DereferenceDict(a)
		if err != nil || ad == nil {
			continue
		}
		st := ad.NameEntry("Subtype")
		if st == nil {
			continue
		}
		have[*st] = true
		if *st != "Link" {
			if _, ok := ad["AP"]; !ok {
				t.Errorf("%s annotation lost its appearance", *st)
			}
		}
	}
	for k := range keep {
		if !have[k] {
			t.Errorf("%s annotation was removed", k)
		}
	}
	for k := range gone {
		if have[k] {
			t.Errorf("%s annotation was kept", k)
		}
	}
}
