package xmlclean_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// A filter that drops ODF annotations and edit-session ids, and unwraps a
// change marker: everything else is written back byte for byte, prefixes
// and quoting included.
func Example() {
	const (
		text      = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
		office    = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
		officeooo = "http://openoffice.org/2009/office"
	)
	in := `<office:text xmlns:office="` + office + `" xmlns:t="` + text + `" xmlns:officeooo="` + officeooo + `">` +
		`<t:p officeooo:rsid='0012ab'>Hello <office:annotation><t:p>by Alice</t:p></office:annotation>world</t:p></office:text>`
	f := &xmlclean.Filter{
		Where: "content.xml",
		Start: func(e *xmlclean.Element) xmlclean.Decision {
			for i := range e.Attrs {
				if e.Attrs[i].Name == (xmlclean.Name{Space: officeooo, Local: "rsid"}) {
					e.RemoveAttr(i, scrub.KindEditHistory)
				}
			}
			if e.Is(office, "annotation") {
				return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindComment}
			}
			return xmlclean.Decision{}
		},
	}
	var fs xmlclean.Findings
	if err := f.Clean(os.Stdout, strings.NewReader(in), &fs); err != nil {
		fmt.Println(err)
	}
	fmt.Println()
	for _, f := range fs.List() {
		fmt.Printf("%s %s %q\n", f.Action, f.Field, f.Value)
	}
	// Output:
	// <office:text xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:t="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:officeooo="http://openoffice.org/2009/office"><t:p>Hello world</t:p></office:text>
	// remove officeooo:rsid "0012ab"
	// remove office:annotation "by Alice"
}
