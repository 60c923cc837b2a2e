package pdf

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// maxXMPFindings bounds the findings one XMP packet yields.
const maxXMPFindings = 64

// xmp records the removal of an XMP /Metadata value: one finding per
// value the packet holds (creators, tools, ids, history, dates), or one for
// the packet if it holds none that can be read.
func (d *doc) xmp(v types.Object, where string) error {
	where = "XMP (" + where + ")"
	o, _ := d.resolve(v)
	sd, ok := o.(types.StreamDict)
	if !ok || len(sd.Raw) == 0 {
		d.remove(where, "XMP metadata", "", scrub.KindOther)
		return nil
	}
	content := sd.Raw
	if _, hasFilter := sd.Dict["Filter"]; hasFilter {
		probe := sd
		probe.Content = nil
		if err := probe.DecodeWithLimit(d.env.Limits.MaxMemberSize); err != nil {
			if errors.Is(err, scrub.ErrLimit) {
				return err
			}
			d.remove(where, "XMP metadata", "", scrub.KindOther)
			return nil
		}
		content = probe.Content
		if err := d.env.Consume(int64(len(content))); err != nil {
			return err
		}
	}
	vals := xmpValues(content)
	if len(vals) == 0 {
		d.remove(where, "XMP metadata", "", scrub.KindOther)
	}
	for _, kv := range vals {
		d.remove(where, kv.field, kv.value, xmpKind(kv.local))
	}
	return nil
}

type xmpValue struct {
	field, local, value string
}

var xmpPrefixes = map[string]string{
	"http://purl.org/dc/elements/1.1/":                 "dc",
	"http://ns.adobe.com/xap/1.0/":                     "xmp",
	"http://ns.adobe.com/pdf/1.3/":                     "pdf",
	"http://ns.adobe.com/xap/1.0/mm/":                  "xmpMM",
	"http://ns.adobe.com/xap/1.0/sType/ResourceEvent#": "stEvt",
	"http://ns.adobe.com/xap/1.0/sType/ResourceRef#":   "stRef",
	"http://ns.adobe.com/photoshop/1.0/":               "photoshop",
	"http://ns.adobe.com/exif/1.0/":                    "exif",
	"http://ns.adobe.com/exif/1.0/aux/":                "aux",
	"http://ns.adobe.com/tiff/1.0/":                    "tiff",
	"http://ns.adobe.com/xap/1.0/rights/":              "xmpRights",
	"http://ns.adobe.com/pdfx/1.3/":                    "pdfx",
	"http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/":      "Iptc4xmpCore",
	"http://www.aiim.org/pdfa/ns/id/":                  "pdfaid",
	"http://www.aiim.org/pdfua/ns/id/":                 "pdfuaid",
	"adobe:ns:meta/":                                   "x",
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#":      "rdf",
	"http://ns.adobe.com/illustrator/1.0/":             "illustrator",
	"http://ns.adobe.com/xap/1.0/t/pg/":                "xmpTPg",
	"http://purl.org/dc/terms/":                        "dcterms",
	"http://prismstandard.org/namespaces/basic/3.0/":   "prism",
}

// rdfContainers are the RDF elements that only structure values.
var rdfContainers = map[string]bool{"RDF": true, "Description": true, "Seq": true, "Bag": true, "Alt": true, "li": true, "xmpmeta": true, "xapmeta": true}

// xmpValues returns the values an XMP packet holds: element text and
// property attributes, each named by its (prefixed) property. It reads
// leniently and stops at the first XML error, keeping what it found.
func xmpValues(b []byte) []xmpValue {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var stack []xml.Name
	var out []xmpValue
	add := func(n xml.Name, v string) {
		v = strings.TrimSpace(v)
		if v == "" || len(out) >= maxXMPFindings {
			return
		}
		field := n.Local
		if p, ok := xmpPrefixes[n.Space]; ok {
			field = p + ":" + n.Local
		}
		out = append(out, xmpValue{field: "XMP " + field, local: n.Local, value: v})
	}
	prop := func() (xml.Name, bool) {
		for i := len(stack) - 1; i >= 0; i-- {
			if !rdfContainers[stack[i].Local] {
				return stack[i], true
			}
		}
		return xml.Name{}, false
	}
	for len(out) < maxXMPFindings {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name)
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" || xmpPrefixes[a.Name.Space] == "rdf" ||
					a.Name.Space == "http://www.w3.org/XML/1998/namespace" || a.Name.Space == "xml" {
					continue
				}
				if a.Name.Local == "about" && a.Name.Space == "" {
					continue
				}
				add(a.Name, a.Value)
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if n, ok := prop(); ok {
				add(n, string(t))
			}
		}
	}
	return out
}

func xmpKind(local string) scrub.Kind {
	l := strings.ToLower(local)
	switch {
	case strings.HasPrefix(l, "gps"), l == "location", l == "city", l == "country", l == "state", l == "sublocation":
		return scrub.KindLocation
	case l == "creator", l == "author", l == "authors", l == "artist", l == "by-line", l == "captionwriter",
		l == "lastmodifiedby", l == "owner", l == "ownername", l == "authorsposition", l == "contributor", l == "publisher":
		return scrub.KindPerson
	case l == "creatortool", l == "producer", l == "xmptk", l == "xaptk", l == "softwareagent", l == "software", l == "toolkit":
		return scrub.KindSoftware
	case strings.Contains(l, "date"), l == "when":
		return scrub.KindTime
	case strings.HasSuffix(l, "id"), l == "history", l == "action", l == "changed", l == "versionid", l == "renditionclass",
		l == "parameters", l == "derivedfrom", l == "ingredients", l == "manifest", l == "pantry":
		return scrub.KindEditHistory
	case strings.Contains(l, "path"), l == "filepath":
		return scrub.KindPath
	case l == "make", l == "model", l == "serialnumber", l == "lens", l == "lensmodel":
		return scrub.KindDevice
	}
	return scrub.KindOther
}
