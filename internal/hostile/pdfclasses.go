package hostile

import (
	"bytes"
	"fmt"
	"strings"
)

// PDF cases of issue 13: what a scrubber that trusts its own rules lets
// through, and what a parser charged only for raw bytes lets grow.

func pdfClassCases() []Case {
	return []Case{
		{Name: "pdf-objstm-arrays", File: "arrays.pdf",
			What:  "a 100 KB PDF whose object stream holds arrays that decode to 96 MB of numbers (gigabytes once parsed)",
			Write: lazy(func() []byte { return pdfObjStmArrays(24, 2<<20) })},
		{Name: "pdf-header-in-text", File: "notes.pdf", What: "a plain text that mentions the %PDF-1.7 header, named .pdf",
			Write: lazy(func() []byte {
				return []byte("Notes on the format\n\nEvery file starts with %PDF-1.7 and ends with %%EOF; objects look like 1 0 obj.\n")
			})},
	}
}

// pdfObjStmArrays returns a PDF 1.5 whose object stream holds n arrays of
// elems zeros each, all referenced from the catalog.
func pdfObjStmArrays(n, elems int) []byte {
	var prolog, body bytes.Buffer
	arr := "[" + strings.Repeat("0 ", elems) + "]\n"
	refs := make([]string, n)
	for i := range n {
		fmt.Fprintf(&prolog, "%d %d ", 10+i, body.Len())
		body.WriteString(arr)
		refs[i] = fmt.Sprintf("%d 0 R", 10+i)
	}
	stm := append(prolog.Bytes(), body.Bytes()...)
	b := newPDF("1.5")
	b.obj(1, "<< /Type /Catalog /Pages 2 0 R /Big ["+strings.Join(refs, " ")+"] >>")
	b.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	b.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] >>")
	b.stream(4, fmt.Sprintf(" /Type /ObjStm /N %d /First %d /Filter /FlateDecode", n, prolog.Len()), zlibBytes(stm))
	inStream := map[int][3]int{}
	for i := range n {
		inStream[10+i] = [3]int{2, 4, i}
	}
	b.xrefStream(10+n, inStream, " /Root 1 0 R")
	return b.bytes()
}

// PDFClasses returns a one-page PDF that carries, with prefix, what
// issue 13 found kept: a JPEG behind [/FlateDecode /DCTDecode] with EXIF,
// a comment in the page's content, a link annotation's author, and a page
// deleted from the page tree that the structure tree still describes
// (with the /ActualText of its text).
func PDFClasses(prefix string) []byte {
	b := newPDF("1.7")
	b.obj(1, "<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 10 0 R /MarkInfo << /Marked true >> >>")
	b.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	b.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> /Annots [7 0 R] >>")
	b.stream(4, " /Filter /FlateDecode", zlibBytes([]byte("% "+prefix+"-COMMENT\nBT /F1 18 Tf 20 100 Td (VISIBLE-PDF-TEXT) Tj ET q 16 0 0 16 20 20 cm /Im1 Do Q")))
	b.obj(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	b.stream(6, " /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter [/FlateDecode /DCTDecode]", zlibBytes(JPEG(prefix)))
	b.obj(7, "<< /Type /Annot /Subtype /Link /Rect [20 90 200 120] /T ("+prefix+"-LINK-AUTHOR) /A << /S /URI /URI (https://example.org/) >> >>")
	b.obj(8, "<< /Type /Page /MediaBox [0 0 300 200] /Contents 9 0 R >>")
	b.stream(9, "", []byte("BT /F1 18 Tf 20 100 Td ("+prefix+"-DELETED-TEXT) Tj ET"))
	b.obj(10, "<< /Type /StructTreeRoot /K [11 0 R 12 0 R] >>")
	b.obj(11, "<< /Type /StructElem /S /P /P 10 0 R /Pg 3 0 R /K 0 >>")
	b.obj(12, "<< /Type /StructElem /S /P /P 10 0 R /Pg 8 0 R /K 0 /ActualText ("+prefix+"-DELETED-ACTUALTEXT) >>")
	b.xref("/Root 1 0 R", 0)
	return b.bytes()
}
