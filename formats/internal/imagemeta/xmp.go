package imagemeta

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

const (
	nsRDF  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsMeta = "adobe:ns:meta/"
	nsXML  = "http://www.w3.org/XML/1998/namespace"
)

// xmpPrefixes gives the usual prefix of the namespaces whose properties
// xmpKinds classifies, whatever prefix a file binds them to.
var xmpPrefixes = map[string]string{
	"http://purl.org/dc/elements/1.1/":                     "dc",
	"http://ns.adobe.com/xap/1.0/":                         "xmp",
	"http://ns.adobe.com/xap/1.0/mm/":                      "xmpMM",
	"http://ns.adobe.com/xap/1.0/sType/ResourceEvent#":     "stEvt",
	"http://ns.adobe.com/xap/1.0/sType/ResourceRef#":       "stRef",
	"http://ns.adobe.com/xap/1.0/rights/":                  "xmpRights",
	"http://ns.adobe.com/photoshop/1.0/":                   "photoshop",
	"http://ns.adobe.com/tiff/1.0/":                        "tiff",
	"http://ns.adobe.com/exif/1.0/":                        "exif",
	"http://cipa.jp/exif/1.0/":                             "exifEX",
	"http://ns.adobe.com/exif/1.0/aux/":                    "aux",
	"http://ns.adobe.com/pdf/1.3/":                         "pdf",
	"http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/":          "Iptc4xmpCore",
	"http://iptc.org/std/Iptc4xmpExt/2008-02-29/":          "Iptc4xmpExt",
	"http://www.metadataworkinggroup.com/schemas/regions/": "mwg-rs",
	"http://ns.microsoft.com/photo/1.2/t/Region#":          "MPReg",
	"http://ns.microsoft.com/photo/1.0/":                   "MicrosoftPhoto",
	"http://ns.adobe.com/camera-raw-settings/1.0/":         "crs",
	"http://ns.adobe.com/lightroom/1.0/":                   "lr",
	"http://ns.google.com/photos/1.0/image/":               "GImage",
	"http://ns.google.com/photos/1.0/depthmap/":            "GDepth",
	"http://ns.google.com/photos/1.0/camera/":              "GCamera",
	"http://ns.useplus.org/ldf/xmp/1.0/":                   "plus",
	"http://ns.adobe.com/xmp/1.0/DynamicMedia/":            "xmpDM",
	"http://www.dji.com/drone-dji/1.0/":                    "drone-dji",
	"http://ns.adobe.com/xmp/note/":                        "xmpNote",
	"http://ns.adobe.com/xap/1.0/g/img/":                   "xmpGImg",
	"http://ns.adobe.com/xap/1.0/sType/Version#":           "stVer",
}

// xmpKinds classifies XMP properties by "prefix:name". Properties not
// listed fall back to xmpNSKinds, then to KindOther.
var xmpKinds = map[string]scrub.Kind{
	"x:xmptk":                           scrub.KindSoftware,
	"dc:creator":                        scrub.KindPerson,
	"dc:rights":                         scrub.KindPerson,
	"dc:contributor":                    scrub.KindPerson,
	"dc:publisher":                      scrub.KindPerson,
	"dc:description":                    scrub.KindComment,
	"xmp:CreatorTool":                   scrub.KindSoftware,
	"xmp:CreateDate":                    scrub.KindTime,
	"xmp:ModifyDate":                    scrub.KindTime,
	"xmp:MetadataDate":                  scrub.KindTime,
	"xmpRights:Owner":                   scrub.KindPerson,
	"xmpRights:WebStatement":            scrub.KindContact,
	"photoshop:AuthorsPosition":         scrub.KindPerson,
	"photoshop:CaptionWriter":           scrub.KindPerson,
	"photoshop:Credit":                  scrub.KindPerson,
	"photoshop:City":                    scrub.KindLocation,
	"photoshop:State":                   scrub.KindLocation,
	"photoshop:Country":                 scrub.KindLocation,
	"photoshop:DateCreated":             scrub.KindTime,
	"photoshop:Instructions":            scrub.KindComment,
	"photoshop:History":                 scrub.KindEditHistory,
	"photoshop:DocumentAncestors":       scrub.KindEditHistory,
	"tiff:Make":                         scrub.KindDevice,
	"tiff:Model":                        scrub.KindDevice,
	"tiff:Artist":                       scrub.KindPerson,
	"tiff:Copyright":                    scrub.KindPerson,
	"tiff:Software":                     scrub.KindSoftware,
	"tiff:DateTime":                     scrub.KindTime,
	"tiff:ImageDescription":             scrub.KindComment,
	"photoshop:Headline":                scrub.KindOther,
	"photoshop:Source":                  scrub.KindOther,
	"photoshop:TransmissionReference":   scrub.KindOther,
	"photoshop:Category":                scrub.KindOther,
	"photoshop:SupplementalCategories":  scrub.KindOther,
	"xmp:Label":                         scrub.KindOther,
	"xmp:Nickname":                      scrub.KindOther,
	"xmp:Identifier":                    scrub.KindOther,
	"xmp:BaseURL":                       scrub.KindContact,
	"MicrosoftPhoto:LastKeywordXMP":     scrub.KindOther,
	"MicrosoftPhoto:LastKeywordIPTC":    scrub.KindOther,
	"MicrosoftPhoto:CameraSerialNumber": scrub.KindDevice,
	"MicrosoftPhoto:LensManufacturer":   scrub.KindDevice,
	"MicrosoftPhoto:LensModel":          scrub.KindDevice,
	"MicrosoftPhoto:DateAcquired":       scrub.KindTime,
	"tiff:HostComputer":                 scrub.KindMachine,
	"exif:Make":                         scrub.KindDevice,
	"exif:Model":                        scrub.KindDevice,
	"exif:Artist":                       scrub.KindPerson,
	"exif:Copyright":                    scrub.KindPerson,
	"exif:Software":                     scrub.KindSoftware,
	"exif:DateTime":                     scrub.KindTime,
	"exif:ImageDescription":             scrub.KindComment,
	"exif:ImageUniqueID":                scrub.KindOther,
	"exif:CameraOwnerName":              scrub.KindPerson,
	"exif:BodySerialNumber":             scrub.KindDevice,
	"exif:LensSerialNumber":             scrub.KindDevice,
	"exif:LensMake":                     scrub.KindDevice,
	"exif:LensModel":                    scrub.KindDevice,
	"exifEX:ImageUniqueID":              scrub.KindOther,
	"exif:DateTimeOriginal":             scrub.KindTime,
	"exif:DateTimeDigitized":            scrub.KindTime,
	"exif:UserComment":                  scrub.KindComment,
	"exif:MakerNote":                    scrub.KindDevice,
	"exifEX:CameraOwnerName":            scrub.KindPerson,
	"exifEX:BodySerialNumber":           scrub.KindDevice,
	"exifEX:LensSerialNumber":           scrub.KindDevice,
	"exifEX:LensMake":                   scrub.KindDevice,
	"exifEX:LensModel":                  scrub.KindDevice,
	"exifEX:Photographer":               scrub.KindPerson,
	"exifEX:ImageEditor":                scrub.KindPerson,
	"aux:SerialNumber":                  scrub.KindDevice,
	"aux:LensSerialNumber":              scrub.KindDevice,
	"aux:OwnerName":                     scrub.KindPerson,
	"aux:Lens":                          scrub.KindDevice,
	"aux:LensID":                        scrub.KindDevice,
	"aux:LensInfo":                      scrub.KindDevice,
	"aux:Firmware":                      scrub.KindSoftware,
	"pdf:Producer":                      scrub.KindSoftware,
	"pdf:Author":                        scrub.KindPerson,
	"Iptc4xmpCore:Location":             scrub.KindLocation,
	"Iptc4xmpCore:CountryCode":          scrub.KindLocation,
	"Iptc4xmpCore:CreatorContactInfo":   scrub.KindContact,
	"Iptc4xmpExt:PersonInImage":         scrub.KindPerson,
	"Iptc4xmpExt:LocationCreated":       scrub.KindLocation,
	"Iptc4xmpExt:LocationShown":         scrub.KindLocation,
	"mwg-rs:Name":                       scrub.KindPerson,
	"MPReg:PersonDisplayName":           scrub.KindPerson,
	"MPReg:PersonEmailDigest":           scrub.KindContact,
	"MPReg:PersonLiveIdCID":             scrub.KindAccount,
	"plus:ImageCreator":                 scrub.KindPerson,
	"plus:CopyrightOwner":               scrub.KindPerson,
	"plus:Licensee":                     scrub.KindPerson,
	"xmpDM:artist":                      scrub.KindPerson,
	"xmpDM:composer":                    scrub.KindPerson,
	"stRef:filePath":                    scrub.KindPath,
	"stEvt:softwareAgent":               scrub.KindSoftware,
	"stEvt:action":                      scrub.KindOther, // "saved", "converted": a verb, not an id
	"stEvt:changed":                     scrub.KindOther, // "/metadata", "/content"
	"stEvt:parameters":                  scrub.KindOther, // "from image/png to image/jpeg"
	"stEvt:when":                        scrub.KindTime,
	"crs:RawFileName":                   scrub.KindPath,
	"GImage:Data":                       scrub.KindHidden,
	"GDepth:Data":                       scrub.KindHidden,
	"GDepth:Confidence":                 scrub.KindHidden,
	"GCamera:MicroVideo":                scrub.KindHidden,
	"GCamera:MotionPhoto":               scrub.KindHidden,
	"xmpGImg:image":                     scrub.KindHidden,
	"drone-dji:GpsLatitude":             scrub.KindLocation,
	"drone-dji:GpsLongitude":            scrub.KindLocation,
	"drone-dji:GpsLongtitude":           scrub.KindLocation,
	"drone-dji:AbsoluteAltitude":        scrub.KindLocation,
	"drone-dji:RelativeAltitude":        scrub.KindLocation,
}

// xmpNSKinds classifies the properties of whole namespaces.
var xmpNSKinds = map[string]scrub.Kind{
	"xmpMM":  scrub.KindEditHistory,
	"stEvt":  scrub.KindEditHistory,
	"stRef":  scrub.KindEditHistory,
	"stVer":  scrub.KindEditHistory,
	"lr":     scrub.KindOther,
	"GImage": scrub.KindHidden,
	"GDepth": scrub.KindHidden,
}

// XMPKind classifies an XMP property by its name with the usual prefix
// ("dc:creator", "xmp:CreatorTool"): what it reveals, and whether scrub
// knows the property as revealing something.
func XMPKind(qname string) (scrub.Kind, bool) { return xmpKind(qname) }

func xmpKind(qname string) (scrub.Kind, bool) {
	if k, ok := xmpKinds[qname]; ok {
		return k, true
	}
	prefix, local, _ := strings.Cut(qname, ":")
	if prefix == "exif" && strings.HasPrefix(local, "GPS") {
		if local == "GPSTimeStamp" {
			return scrub.KindTime, true
		}
		return scrub.KindLocation, true
	}
	if prefix == "Iptc4xmpCore" && strings.HasPrefix(local, "Ci") {
		return scrub.KindContact, true
	}
	if k, ok := xmpNSKinds[prefix]; ok {
		return k, true
	}
	return "", false
}

// Limits of the XMP walk.
const (
	maxXMPTokens = 1 << 20
	maxXMPDepth  = 64
)

// XMP lists the properties of an XMP packet: every simple value, array
// item and structure field, named by its top-level property ("dc:creator",
// "xmpMM:History/stEvt:softwareAgent") and classified by what it reveals.
// It tolerates broken XML: what was read before the damage is listed, and
// a packet with nothing readable is listed as one block. All findings have
// Action Remove and the Where given.
func XMP(packet []byte, where string) []scrub.Finding {
	c := &collector{where: where}
	x := &xmpWalk{c: c}
	if i := bytes.IndexByte(packet, '<'); i > 0 {
		x.walk(packet[i:]) // skip a header (an EXIF header, padding) before the XML
	} else {
		x.walk(packet)
	}
	if x.other > 0 {
		c.add("other properties", fmt.Sprintf("%d more properties (camera settings, image details)", x.other), scrub.KindOther)
	}
	if len(c.fs) == 0 && c.more == 0 {
		if len(bytes.TrimSpace(packet)) > 0 {
			c.add("XMP", Describe(packet), scrub.KindOther)
		}
	}
	return c.done()
}

type xmpFrame struct {
	name     xml.Name // as written: Space is the prefix
	ns       map[string]string
	qname    string // "dc:creator" with the usual prefix, for properties
	prop     bool   // a property element (not rdf:*, not x:xmpmeta)
	children bool
	text     strings.Builder
}

type xmpWalk struct {
	c      *collector
	stack  []*xmpFrame
	fields map[string]*xmpField
	other  int // technical properties, counted
}

func (x *xmpWalk) resolve(prefix string, attr bool) string {
	switch prefix {
	case "xml":
		return nsXML
	case "xmlns":
		return "xmlns"
	case "":
		if attr {
			return ""
		}
	}
	for i := len(x.stack) - 1; i >= 0; i-- {
		if uri, ok := x.stack[i].ns[prefix]; ok {
			return uri
		}
	}
	// Undeclared (broken packets, fragments after the packet's end):
	// assume the usual binding.
	return usualNS[prefix]
}

// usualNS maps the usual prefixes back to their namespaces.
var usualNS = func() map[string]string {
	m := map[string]string{"rdf": nsRDF, "x": nsMeta}
	for uri, p := range xmpPrefixes {
		if _, dup := m[p]; !dup {
			m[p] = uri
		}
	}
	return m
}()

// qualify returns the display name of a property: the usual prefix of its
// namespace if it is known, else the prefix as written.
func (x *xmpWalk) qualify(n xml.Name, attr bool) (qname, uri string) {
	uri = x.resolve(n.Space, attr)
	prefix := n.Space
	if p, ok := xmpPrefixes[uri]; ok {
		prefix = p
	}
	if prefix == "" {
		return n.Local, uri
	}
	return prefix + ":" + n.Local, uri
}

// top returns the outermost and innermost property elements open.
func (x *xmpWalk) props() (top, leaf string) {
	for _, f := range x.stack {
		if f.prop {
			if top == "" {
				top = f.qname
			}
			leaf = f.qname
		}
	}
	return top, leaf
}

// emit records one value. Values of the same field (array items, the
// same field of every History event) are joined into one finding, each
// distinct value once. Properties of well-known technical namespaces that
// reveal nothing (exposure, resolution, editing settings) are counted
// rather than listed.
func (x *xmpWalk) emit(top, leaf, value string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	field := top
	if leaf != "" && leaf != top {
		field = top + "/" + leaf
	}
	kind, ok := xmpKind(leaf)
	if !ok {
		kind, ok = xmpKind(top)
	}
	if !ok {
		if technical(top) {
			x.other++
			return
		}
		kind = scrub.KindOther
	}
	if x.fields == nil {
		x.fields = map[string]*xmpField{}
	}
	f := x.fields[field]
	if f == nil {
		x.c.add(field, value, kind)
		if len(x.c.fs) > 0 && x.c.fs[len(x.c.fs)-1].Field == field {
			x.fields[field] = &xmpField{index: len(x.c.fs) - 1, seen: map[string]bool{value: true}}
		}
		return
	}
	if f.seen[value] || len(x.c.fs[f.index].Value) >= maxValue {
		return
	}
	f.seen[value] = true
	x.c.fs[f.index].Value = clip(x.c.fs[f.index].Value + "; " + value)
}

type xmpField struct {
	index int
	seen  map[string]bool
}

// technicalNS are namespaces whose properties, unless xmpKinds names
// them, describe the picture rather than its author, place or device.
var technicalNS = map[string]bool{
	"tiff": true, "exif": true, "exifEX": true, "aux": true, "crs": true, "photoshop": true,
	"xmp": true, "MicrosoftPhoto": true, "xmpNote": true, "GPano": true, "mwg-rs": true,
	"MPReg": true, "xmpDM": true, "stDim": true, "stArea": true, "xmpTPg": true,
	"hdrgm": true, "Container": true, "Item": true, "GContainer": true,
}

func technical(qname string) bool {
	if qname == "dc:format" {
		return true
	}
	prefix, _, _ := strings.Cut(qname, ":")
	return technicalNS[prefix]
}

func (x *xmpWalk) walk(packet []byte) {
	d := xml.NewDecoder(bytes.NewReader(packet))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for range maxXMPTokens {
		tok, err := d.RawToken()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			x.start(t)
		case xml.EndElement:
			x.end()
		case xml.CharData:
			if n := len(x.stack); n > 0 && x.stack[n-1].text.Len() < maxValue {
				x.stack[n-1].text.Write(t)
			}
		}
		if len(x.stack) > maxXMPDepth {
			return
		}
	}
}

func (x *xmpWalk) start(t xml.StartElement) {
	if n := len(x.stack); n > 0 {
		x.stack[n-1].children = true
	}
	f := &xmpFrame{name: t.Name}
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			if f.ns == nil {
				f.ns = map[string]string{}
			}
			p := a.Name.Local
			if a.Name.Space == "" {
				p = ""
			}
			f.ns[p] = a.Value
		}
	}
	x.stack = append(x.stack, f)
	qname, uri := x.qualify(t.Name, false)
	f.qname = qname
	f.prop = uri != nsRDF && uri != nsMeta && !(uri == "" && (t.Name.Local == "xmpmeta" || t.Name.Local == "xapmeta" || t.Name.Local == "RDF"))
	top, leaf := x.props()
	for _, a := range t.Attr {
		aq, auri := x.qualify(a.Name, true)
		switch {
		case a.Name.Space == "xmlns", a.Name.Space == "" && a.Name.Local == "xmlns", auri == nsXML:
		case auri == nsMeta || (uri == nsMeta && a.Name.Space == ""):
			if a.Name.Local == "xmptk" {
				x.emit("x:xmptk", "", a.Value)
			}
		case auri == nsRDF:
			if a.Name.Local == "resource" && top != "" {
				x.emit(top, leaf, a.Value)
			}
		case top == "":
			x.emit(aq, "", a.Value)
		default:
			x.emit(top, aq, a.Value)
		}
	}
}

func (x *xmpWalk) end() {
	n := len(x.stack)
	if n == 0 {
		return
	}
	f := x.stack[n-1]
	if !f.children {
		top, leaf := x.props()
		if top != "" {
			x.emit(top, leaf, f.text.String())
		}
	}
	x.stack = x.stack[:n-1]
}
