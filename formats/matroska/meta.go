package matroska

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

// maxTags bounds what is read of a Tags element to list its tags; the
// element goes whole anyway.
const maxTags = 16 << 20

// tags lists the tags of a Tags element.
func (a *analyzer) tags(e elem) error {
	if err := a.addRegion(region{where: "Tags", e: e}); err != nil {
		return err
	}
	n := min(e.size, maxTags, a.lim.MaxMemberSize)
	if err := a.hold(n, "Tags"); err != nil {
		return err
	}
	b, err := a.w.read(e.data(), n)
	if err != nil {
		return err
	}
	before := len(a.lay.findings)
	a.simpleTags(idTags, b, 1)
	if len(a.lay.findings) == before || n < e.size {
		a.lay.findings = append(a.lay.findings, scrub.Finding{Where: "Tags", Field: "Tags", Value: describeData(e.size, b[:min(len(b), 4096)]),
			Kind: scrub.KindOther, Label: scrub.LabelMetadata, Action: scrub.Remove})
	}
	return nil
}

// simpleTags lists the SimpleTags in b (the data of a master), reading
// what it can: the element goes whole, so damage only ends the list.
func (a *analyzer) simpleTags(parent uint32, b []byte, depth int) {
	if depth > maxDepth {
		return
	}
	var tagName, tagValue string
	for p := 0; p < len(b); {
		id, n, ok := parseID(b[p:])
		if !ok {
			return
		}
		size, m, ok := parseSize(b[p+n:])
		if !ok || size == unknownSize || size > int64(len(b)-p-n-m) {
			return
		}
		data := b[p+n+m : p+n+m+int(size)]
		p += n + m + int(size)
		switch id {
		case idTag, idSimpleTag:
			a.simpleTags(id, data, depth+1)
		case idTagName:
			tagName = string(data)
		case idTagString:
			tagValue = string(data)
		case idTagBinary:
			tagValue = describeData(int64(len(data)), data)
		}
	}
	if parent == idSimpleTag && (tagName != "" || tagValue != "") {
		label, kind, minor := tagLabel(tagName, tagValue)
		a.lay.findings = append(a.lay.findings, scrub.Finding{Where: "Tags", Field: tagName, Value: tagValue,
			Kind: kind, Label: label, Action: scrub.Remove, Minor: minor})
	}
}

// iso6709 matches an ISO 6709 position ("+51.4169-000.0806/").
var iso6709 = regexp.MustCompile(`^[+-]\d{2}(\.\d+)?[+-]\d{3}(\.\d+)?`)

// tagLabel says what a tag is, from its name (Matroska tag names, and
// those ffmpeg copies from MP4 and QuickTime, such as
// com.apple.quicktime.location.ISO6709).
func tagLabel(name, value string) (scrub.Label, scrub.Kind, bool) {
	n := strings.ToUpper(name)
	words := strings.FieldsFunc(n, func(r rune) bool { return r == '_' || r == '.' || r == '-' || r == ' ' })
	has := func(ws ...string) bool {
		for _, w := range ws {
			for _, x := range words {
				if x == w {
					return true
				}
			}
		}
		return false
	}
	contains := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(n, w) {
				return true
			}
		}
		return false
	}
	switch {
	case iso6709.MatchString(value) || contains("GPS", "ISO6709", "COORDINATES", "LATITUDE", "LONGITUDE"):
		return scrub.LabelGPS, scrub.KindLocation, false
	case contains("LOCATION", "COUNTRY", "CITY") || has("PLACE"):
		return scrub.LabelPlace, scrub.KindLocation, false
	case has("BPS", "DURATION", "TAGS", "FRAMES", "BYTES") && (n == "BPS" || n == "DURATION" || contains("_STATISTICS_", "NUMBER_OF_")):
		return scrub.LabelStatistics, scrub.KindOther, true
	case has("MAKE", "MODEL", "MANUFACTURER"):
		return scrub.LabelCamera, scrub.KindDevice, false
	case contains("SERIAL"):
		return scrub.LabelSerial, scrub.KindDevice, false
	case has("DATE", "TIME", "YEAR", "UTC") || contains("CREATIONDATE", "CREATION_TIME"):
		if has("CREATION", "RECORDED", "ORIGINAL", "WRITING") || contains("CREATIONDATE") {
			return scrub.LabelCreated, scrub.KindTime, false
		}
		return scrub.LabelDate, scrub.KindTime, false
	case has("HANDLER", "VENDOR", "MAJOR", "MINOR", "COMPATIBLE") && contains("HANDLER_NAME", "VENDOR_ID", "MAJOR_BRAND", "MINOR_VERSION", "COMPATIBLE_BRANDS"):
		return scrub.LabelSoftware, scrub.KindSoftware, true
	case has("ENCODER", "SOFTWARE", "TOOL", "VERSION", "ANDROID") || contains("WRITING_APP"):
		return scrub.LabelSoftware, scrub.KindSoftware, false
	case has("LANGUAGE"):
		return scrub.LabelLanguage, scrub.KindOther, true
	case has("COPYRIGHT", "LICENSE") || contains("TERMS_OF_USE"):
		return scrub.LabelCopyright, scrub.KindPerson, false
	case has("ARTIST", "PERFORMER", "ACTOR", "DIRECTOR", "COMPOSER", "AUTHOR", "LYRICIST", "CONDUCTOR", "ARRANGER") || contains("WRITTEN_BY"):
		return scrub.LabelAuthor, scrub.KindPerson, false
	case has("PRODUCER", "CHOREGRAPHER", "COSTUME", "LEAD", "ENGINEER", "OWNER") || contains("_BY"):
		return scrub.LabelPerson, scrub.KindPerson, false
	case has("PUBLISHER", "LABEL", "STUDIO", "ORGANIZATION", "ORGANISATION"):
		return scrub.LabelOrganisation, scrub.KindPerson, false
	case has("EMAIL", "URL", "PHONE", "ADDRESS"):
		return scrub.LabelContact, scrub.KindContact, false
	case has("TITLE", "SUBTITLE", "NAME"):
		return scrub.LabelTitle, scrub.KindOther, false
	case has("COMMENT", "NOTE", "NOTES"):
		return scrub.LabelComment, scrub.KindComment, false
	case has("DESCRIPTION", "SUMMARY", "SYNOPSIS"):
		return scrub.LabelDescription, scrub.KindComment, false
	case has("KEYWORDS"):
		return scrub.LabelKeywords, scrub.KindOther, false
	case has("GENRE", "RATING") || contains("CONTENT_TYPE"):
		return scrub.LabelCategory, scrub.KindOther, false
	case has("UID", "ISRC", "BARCODE", "CATALOG", "IDENTIFIER"):
		return scrub.LabelDocumentID, scrub.KindEditHistory, false
	}
	return scrub.LabelMetadata, scrub.KindOther, false
}

// maxAttachmentText bounds what is read of an attachment's name, type or
// description.
const maxAttachmentText = 64 << 10

// attachments lists the attached files: name, type, size and
// description, and what the file itself carries (through the registry).
func (a *analyzer) attachments(e elem) error {
	var files []attachment
	err := a.each(e, idAttachments, func(f elem) error {
		if f.id != idAttached {
			return nil
		}
		if len(files) >= a.lim.MaxMembers {
			return scrub.OverLimit("matroska", scrub.LimitMembers, fmt.Sprintf("more than %d attached files", a.lim.MaxMembers))
		}
		var file attachment
		var mime, desc string
		err := a.each(f, idAttached, func(c elem) error {
			switch c.id {
			case idFileName, idFileMedia, idFileDesc:
				b, err := a.w.read(c.data(), min(c.size, maxAttachmentText))
				if err != nil {
					return err
				}
				switch c.id {
				case idFileName:
					file.name = string(b)
				case idFileMedia:
					mime = string(b)
				default:
					desc = string(b)
				}
			case idFileData:
				file.off, file.size, file.fileHeader = c.data(), c.size, c.off
			}
			return nil
		})
		if err != nil {
			return err
		}
		where := "attachment " + file.name
		if file.name == "" {
			where = "attachment"
		}
		v := file.name
		if v == "" {
			v = "(no name)"
		}
		v += " (" + mime + ", " + sizeText(file.size) + ")"
		a.lay.findings = append(a.lay.findings, scrub.Finding{Where: where, Field: "FileName", Value: v,
			Kind: scrub.KindAttachment, Label: scrub.LabelAttachment, Action: scrub.Remove})
		if desc != "" {
			a.lay.findings = append(a.lay.findings, scrub.Finding{Where: where, Field: "FileDescription", Value: desc,
				Kind: scrub.KindComment, Label: scrub.LabelDescription, Action: scrub.Remove})
		}
		if file.size > 0 && a.env != nil {
			fs, err := a.env.InspectEmbedded(a.ctx, where, io.NewSectionReader(a.r, file.off, file.size), file.size)
			if err := a.ctx.Err(); err != nil {
				return err
			}
			if err == nil {
				for i := range fs {
					fs[i].Action = scrub.Remove // the file goes whole
				}
				a.lay.findings = append(a.lay.findings, fs...)
			}
		}
		files = append(files, file)
		return nil
	})
	if err != nil {
		return err
	}
	if len(files) > 0 {
		a.lay.warnings = append(a.lay.warnings, scrub.Warning{Where: "Attachments", Message: fmt.Sprintf(
			"removed %d attached file(s) (fonts, cover pictures, other files): subtitles may show in another font", len(files))})
	}
	return a.addRegion(region{where: "Attachments", e: e, files: files})
}

// each calls fn for every child of the master e (whose ID is parent),
// reading headers only.
func (a *analyzer) each(e elem, parent uint32, fn func(elem) error) error {
	for p := e.data(); p < e.end(); {
		c, err := a.w.head(p, e.end())
		if err != nil {
			var eh errHeader
			if errors.As(err, &eh) {
				return malformed("in %s: %v", name(parent), err)
			}
			return err
		}
		if c.size == unknownSize || c.end() > e.end() {
			return malformed("an element in %s runs past its end", name(parent))
		}
		if err := fn(c); err != nil {
			return err
		}
		p = c.end()
	}
	return nil
}
