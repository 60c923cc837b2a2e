package hostile

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// officeIDCases attack what the fail-closed rules of the Office and
// OpenDocument handlers added: GUID renumbering, relationship and
// namespace allowlists, EMF descriptions, hidden fields and settings.
func officeIDCases() []Case {
	return []Case{
		{Name: "docx-guid-flood", File: "guids.docx", What: "100 000 distinct field GUIDs to renumber in one part",
			Write: lazy(func() []byte {
				var b strings.Builder
				b.WriteString(xmlDecl + `<w:document ` + nsW + ` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body><w:p>`)
				for i := range 100000 {
					fmt.Fprintf(&b, `<a:fld id="{%08X-0000-4000-8000-000000000000}"/>`, i)
				}
				b.WriteString(`</w:p></w:body></w:document>`)
				return DocxWith("GUIDS", []byte(b.String()))
			})},
		{Name: "docx-unknown-rels", File: "rels.docx", What: "15 000 relationships of unknown types, each to a part of its own",
			Write: lazy(func() []byte {
				ps := docxParts("RELS", "text")
				var rs [][3]string
				for i := range 15000 {
					name := fmt.Sprintf("x/p%d.xml", i)
					rs = append(rs, [3]string{fmt.Sprintf("rId%d", i), "http://example.org/rel/x", "../" + name})
					ps = append(ps, part{name, "", []byte("<p/>")})
				}
				ps = append(ps, part{"word/_rels/document.xml.rels", "", rels(rs...)})
				return mustZip(Archive{Entries: entries(ps)})
			})},
		{Name: "docx-foreign-namespaces", File: "foreign.docx", What: "every element and attribute in a namespace Office does not write, 100 deep",
			Planted: []string{"FOREIGN-VALUE"},
			Write: lazy(func() []byte {
				var b strings.Builder
				b.WriteString(xmlDecl + `<w:document ` + nsW + ` xmlns:x="urn:x"><w:body><w:p><w:r><w:t>kept</w:t></w:r>`)
				for range 100 {
					b.WriteString(`<x:e x:a="FOREIGN-VALUE">`)
				}
				for range 100 {
					b.WriteString(`</x:e>`)
				}
				b.WriteString(`</w:p></w:body></w:document>`)
				return DocxWith("FOREIGN", []byte(b.String()))
			})},
		{Name: "docx-emf-description-lie", File: "emf.docx", What: "an EMF whose description claims 2^31 characters past its header",
			Write: lazy(func() []byte {
				emf := make([]byte, 108)
				le := binary.LittleEndian
				le.PutUint32(emf, 1)
				le.PutUint32(emf[4:], 108)
				le.PutUint32(emf[40:], 0x464d4520)
				le.PutUint32(emf[60:], 1<<31)
				le.PutUint32(emf[64:], 0xfffffff0)
				ps := docxParts("EMF", "text",
					part{"word/_rels/document.xml.rels", "", rels([3]string{"rId9", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", "media/e.emf"})},
					part{"word/media/e.emf", "image/x-emf", emf})
				return mustZip(Archive{Entries: entries(ps)})
			})},
		{Name: "odt-hidden-fields-flood", File: "fields.odt", What: "50 000 hidden fields and declarations, and conditions naming them",
			Planted: []string{"FIELD-VALUE"},
			Write: lazy(func() []byte {
				var decls, body strings.Builder
				for i := range 50000 {
					v := "FIELD-VALUE"
					if i == 1 {
						v = "CONDITION-VALUE" // a condition names f1: it stays
					}
					fmt.Fprintf(&decls, `<text:user-field-decl office:value-type="string" office:string-value="%s" text:name="f%d"/>`, v, i)
					fmt.Fprintf(&body, `<text:user-field-get text:display="none" text:name="f%d">FIELD-VALUE</text:user-field-get>`, i)
				}
				content := xmlDecl + `<office:document-content ` + nsODF + ` office:version="1.3"><office:body><office:text><text:user-field-decls>` + decls.String() +
					`</text:user-field-decls><text:p>text` + body.String() + `</text:p><text:section text:name="s" text:condition="ooow:f1 == 0" text:display="condition"><text:p>x</text:p></text:section></office:text></office:body></office:document-content>`
				return mustZip(Archive{Entries: odtEntries("FIELDS", []byte(content))})
			})},
	}
}
