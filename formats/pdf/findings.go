package pdf

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

// What goes, named for the user: the document information, the trailer,
// and every key an allowlist drops.

// infoFields names the document information keys (ISO 32000-1 §14.3.3
// and what Office and Acrobat add).
var infoFields = map[string]struct {
	kind  scrub.Kind
	label scrub.Label
}{
	"Author": {scrub.KindPerson, scrub.LabelAuthor}, "AuthorTitle": {scrub.KindPerson, scrub.LabelPerson},
	"Manager": {scrub.KindPerson, scrub.LabelManager}, "Company": {scrub.KindPerson, scrub.LabelOrganisation},
	"Creator": {scrub.KindSoftware, scrub.LabelSoftware}, "Producer": {scrub.KindSoftware, scrub.LabelSoftware},
	"CreationDate": {scrub.KindTime, scrub.LabelCreated}, "ModDate": {scrub.KindTime, scrub.LabelModified},
	"SourceModified": {scrub.KindTime, scrub.LabelModified}, "Title": {scrub.KindOther, scrub.LabelTitle},
	"Subject": {scrub.KindOther, scrub.LabelSubject}, "Keywords": {scrub.KindOther, scrub.LabelKeywords},
	"Trapped": {scrub.KindOther, scrub.LabelSettings}, "Comments": {scrub.KindComment, scrub.LabelComment},
}

// infoDict records the removal of a document information dictionary (the
// trailer's, a thread's, a /Part element's).
func (d *doc) infoDict(v types.Object, where string) {
	info, _ := d.resolveDict(v)
	if info == nil {
		if v != nil {
			d.remove(where, "document information", "", scrub.KindOther, scrub.LabelMetadata)
		}
		return
	}
	for _, k := range sortedKeys(info) {
		f, ok := infoFields[k]
		if !ok {
			f.kind, f.label = scrub.KindOther, scrub.LabelCustom
		}
		val := d.text(info[k])
		if k == "Trapped" {
			d.removeMinor(where, k, val, f.kind, f.label)
			continue
		}
		d.remove(where, k, val, f.kind, f.label)
	}
}

func (d *doc) trailer() {
	if d.x.Info != nil {
		d.infoDict(*d.x.Info, "document info")
	}
	// Listing the parts (d.parts) reports nothing: the /ID's digest is
	// not worth computing there.
	if len(d.x.ID) > 0 && !d.parts && !d.ourID() {
		v := ""
		if b, ok := idBytes(d.x.ID[0]); ok {
			v = hex.EncodeToString(b)
		}
		d.remove("document", "document id (trailer /ID)", v, scrub.KindEditHistory, scrub.LabelDocumentID)
	}
	if d.x.AdditionalStreams != nil && len(*d.x.AdditionalStreams) > 0 {
		d.remove("document", "AdditionalStreams", "the source document embedded in a hybrid PDF", scrub.KindAttachment, scrub.LabelAttachment)
	}
	if n := d.raw.earlier(); n > 0 {
		d.remove("document", "incremental update", fmt.Sprintf("%d earlier revision(s) of the document", n), scrub.KindEditHistory, scrub.LabelEarlierVersion)
	}
	if d.raw.headerAt > 0 {
		d.remove("document", "data before the PDF header", fmt.Sprintf("%d byte(s)", d.raw.headerAt), scrub.KindHidden, scrub.LabelHiddenData)
	}
	if d.raw.trailing > 0 {
		d.remove("document", "data after the end of the PDF", fmt.Sprintf("%d byte(s) after the last %%%%EOF", d.raw.trailing), scrub.KindHidden, scrub.LabelHiddenData)
	}
	if d.ownerOnly {
		d.removeMinor("document", "permission password", "restrictions on printing, copying or editing", scrub.KindOther, scrub.LabelSettings)
	}
}

// leftOut counts the objects of the file the rebuild never looked at:
// unused resources, objects left over from earlier edits. (What it looked
// at and dropped was named where it was dropped.)
func (d *doc) leftOut() {
	count := 0
	for n, e := range d.x.Table {
		if n == 0 || e == nil || e.Free || d.touched.has(n) || d.x.LinearizationObjs[n] {
			continue
		}
		if e.Offset != nil && ((d.x.OffsetPrimaryHintTable != nil && *e.Offset == *d.x.OffsetPrimaryHintTable) ||
			(d.x.OffsetOverflowHintTable != nil && *e.Offset == *d.x.OffsetOverflowHintTable)) {
			continue
		}
		switch o := e.Object.(type) {
		case nil, types.ObjectStreamDict, types.XRefStreamDict:
			continue
		case types.StreamDict:
			if t := o.Dict.Type(); t != nil && (*t == "XRef" || *t == "ObjStm") {
				continue
			}
		}
		if d.x.Encrypt != nil && n == d.x.Encrypt.ObjectNumber.Value() {
			continue
		}
		count++
	}
	if count > 0 {
		d.remove("document", "unused objects", fmt.Sprintf("%d object(s) no page uses (left over from earlier edits, or unused)", count),
			scrub.KindEditHistory, scrub.LabelEarlierVersion)
	}
}

// dropKey records the removal of a key an allowlist does not hold: known
// metadata by what it is, anything else as private data.
func (d *doc) dropKey(k string, v types.Object, where string) {
	switch {
	case k == "Metadata":
		d.xmp(v, where)
	case k == "PieceInfo":
		var apps []string
		if pi, _ := d.resolveDict(v); pi != nil {
			apps = sortedKeys(pi)
		}
		d.remove(where, "PieceInfo", "private data of "+orUnknown(strings.Join(apps, ", ")), scrub.KindSoftware, scrub.LabelPrivateData)
	case k == "LastModified":
		d.remove(where, "LastModified", d.text(v), scrub.KindTime, scrub.LabelModified)
	case k == "AA":
		d.remove(where, "additional actions (AA)", "scripts or actions run on events", scrub.KindHidden, scrub.LabelMacros)
	case k == "AF", k == "EF", k == "RF":
		arr, _ := d.resolveArray(v)
		if arr == nil || k != "AF" {
			arr = types.Array{v}
		}
		for _, f := range arr {
			name := ""
			if fs, _ := d.resolveDict(f); fs != nil && k == "AF" {
				name = d.fileName(fs)
			}
			d.remove(where, "attached file ("+k+")", name, scrub.KindAttachment, scrub.LabelAttachment)
		}
	case k == "Thumb":
		d.remove(where, "thumbnail image", "may show an earlier state of the page", scrub.KindHidden, scrub.LabelThumbnail)
	case k == "CreatorInfo":
		val := ""
		if ci, _ := d.resolveDict(v); ci != nil {
			val = d.text(ci["Creator"])
		}
		d.remove(where, "layer creator info", val, scrub.KindSoftware, scrub.LabelSoftware)
	case k == "User":
		val := ""
		if u, _ := d.resolveDict(v); u != nil {
			val = d.text(u["Name"])
		}
		d.remove(where, "layer intended for (Usage /User)", val, scrub.KindPerson, scrub.LabelPerson)
	case k == "Creator":
		d.remove(where, "layer configuration creator", d.text(v), scrub.KindSoftware, scrub.LabelSoftware)
	case k == "SpiderInfo":
		d.remove(where, "web capture information", "", scrub.KindOther, scrub.LabelMetadata)
	case k == "DPartRoot", k == "DPart":
		d.remove(where, "document parts ("+k+")", "", scrub.KindOther, scrub.LabelMetadata)
	case k == "Threads":
		threads, _ := d.resolveArray(v)
		for _, t := range threads {
			if td, _ := d.resolveDict(t); td != nil {
				d.infoDict(td["I"], "article thread info")
			}
		}
		d.removeMinor(where, "article threads", fmt.Sprintf("%d thread(s)", len(threads)), scrub.KindOther, scrub.LabelSettings)
	case k == "Perms", k == "DSS":
		d.remove(where, "signature data ("+k+")", "certificates naming the signer", scrub.KindPerson, scrub.LabelSignature)
		d.sigRemoved = true
	case k == "Collection":
		d.remove(where, "portfolio (Collection)", "", scrub.KindAttachment, scrub.LabelAttachment)
	case k == "Info":
		d.infoDict(v, where)
	case k == "Ref", k == "OPI":
		val := ""
		if r, _ := d.resolveDict(v); r != nil {
			val = d.text(r["F"])
		}
		d.remove(where, "link to an external file ("+k+")", val, scrub.KindPath, scrub.LabelFilePath)
	case k == "VP", k == "Measure", k == "PtData", k == "GEO":
		d.remove(where, "measurement and map data ("+k+")", "may hold the position of the place the page shows", scrub.KindLocation, scrub.LabelPlace)
	case k == "ID":
		d.removeMinor(where, "web capture id (ID)", d.text(v), scrub.KindOther, scrub.LabelDocumentID)
	case strings.HasPrefix(k, "PTEX."):
		d.ptex(k, v, where)
	default:
		str := false
		val := ""
		if o, _ := d.resolve(v); o != nil {
			if _, ok := stringBytes(o); ok {
				str = true
				val = d.text(o)
			}
		}
		d.removeAll(where, "private key /"+k, val, str)
	}
}

func (d *doc) ptex(k string, v types.Object, where string) {
	kind, label := scrub.KindOther, scrub.LabelMetadata
	switch k {
	case "PTEX.FileName":
		kind, label = scrub.KindPath, scrub.LabelFilePath
	case "PTEX.Fullbanner":
		kind, label = scrub.KindSoftware, scrub.LabelSoftware
	case "PTEX.InfoDict":
		d.infoDict(v, where+" (pdfTeX)")
		return
	}
	d.remove(where, k, d.text(v), kind, label)
}

// dropName records the removal of a name tree of the name dictionary.
func (d *doc) dropName(k string, v types.Object, where string) {
	found := false
	d.nameTree(v, func(key []byte, _ types.Object, val types.Object) {
		found = true
		switch k {
		case "EmbeddedFiles":
			name := decodeText(key)
			if fs, _ := d.resolveDict(val); fs != nil {
				if s := d.fileName(fs); s != "" {
					name = s
				}
			}
			d.remove(where, "attachment", name, scrub.KindAttachment, scrub.LabelAttachment)
		case "JavaScript":
			d.remove(where, "JavaScript", decodeText(key), scrub.KindHidden, scrub.LabelMacros)
		default:
			d.removeMinor(where, "named "+k, decodeText(key), scrub.KindOther, scrub.LabelMetadata)
		}
	})
	if !found {
		d.removeMinor(where, "names ("+k+")", "", scrub.KindOther, scrub.LabelMetadata)
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "an application"
	}
	return s
}

// maxXMPBytes bounds the XMP packet read for findings.
const maxXMPBytes = 16 << 20

// xmp records the removal of an XMP /Metadata value: what the packet
// holds, classified by imagemeta (the classification every format uses).
func (d *doc) xmp(v types.Object, where string) {
	where = "XMP (" + where + ")"
	o, _ := d.resolve(v)
	sd, ok := o.(types.StreamDict)
	if !ok || len(sd.Raw) == 0 {
		d.remove(where, "XMP metadata", "", scrub.KindOther, scrub.LabelMetadata)
		return
	}
	chain, err := d.filterChain(sd.Dict)
	content := sd.Raw
	if err == nil && len(chain) > 0 {
		pre, codec, err := splitCodec(chain)
		if err != nil || codec != nil {
			d.remove(where, "XMP metadata", "", scrub.KindOther, scrub.LabelMetadata)
			return
		}
		content, _, err = d.decode(sd.Raw, pre, where)
		if err != nil {
			if scrub.Refused(err) && !isFilterError(err) {
				d.fail(err)
				return
			}
			d.remove(where, "XMP metadata", "", scrub.KindOther, scrub.LabelMetadata)
			return
		}
	}
	fs := imagemeta.XMP(content[:min(len(content), maxXMPBytes)], where)
	if len(fs) == 0 {
		d.remove(where, "XMP metadata", "", scrub.KindOther, scrub.LabelMetadata)
	}
	d.findings = append(d.findings, fs...)
}
