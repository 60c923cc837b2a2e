package mailfilter

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// message processes the entity in raw (a whole message when path is "",
// or the body of a forwarded message at path) and returns its bytes, and
// whether they changed. bounds are the boundaries of the multiparts the
// bytes will sit in unencoded; signed says they are covered by a
// signature. Problems are recorded in the report, never returned: the
// entity is then left as it was.
func (f *filter) message(raw []byte, path string, depth int, bounds [][]byte, signed bool) ([]byte, bool) {
	return f.entity(raw, path, true, depth, bounds, signed, "text/plain")
}

// entity processes one entity. msgBody says raw is the body of a message
// (numbered like its first part when it is not a multipart).
func (f *filter) entity(raw []byte, path string, msgBody bool, depth int, bounds [][]byte, signed bool, defaultType string) ([]byte, bool) {
	if f.ctx.Err() != nil {
		return raw, false
	}
	// label numbers the entity as a leaf; errors about the entity itself
	// name the message it is the body of, if it is one.
	label, self := path, path
	if msgBody {
		label = childPath(path, 0)
	}
	f.parts++
	if f.parts > maxParts {
		if f.parts == maxParts+1 {
			f.structure(Attachment{Part: self}, mailErr("", "mail.too-many-parts", maxParts))
		}
		return raw, false
	}
	if depth > maxDepth {
		f.structure(Attachment{Part: self}, mailErr("", "mail.too-deep", maxDepth))
		return raw, false
	}
	ent, err := parseEntity(raw, defaultType)
	if err != nil {
		f.structure(Attachment{Part: self}, err)
		return raw, false
	}
	switch {
	case opaqueTypes[ent.mediaType] != "":
		f.refuse(Attachment{Part: self, Type: ent.mediaType, Name: ent.filename()},
			mailErr(words.T("mail.encrypted.hint"), "mail.encrypted", opaqueTypes[ent.mediaType]), nil)
		return raw, false
	case strings.HasPrefix(ent.mediaType, "multipart/"):
		return f.multipart(ent, path, depth, bounds, signed)
	case ent.mediaType == "message/rfc822" || ent.mediaType == "message/global":
		return f.forwarded(ent, label, depth, bounds, signed)
	}
	return f.leaf(ent, label, bounds, signed)
}

// structure records a part whose structure cannot be read.
func (f *filter) structure(a Attachment, err error) {
	f.broken = true
	f.refuse(a, err, nil)
}

func (f *filter) multipart(ent *entity, path string, depth int, bounds [][]byte, signed bool) ([]byte, bool) {
	boundary := ent.params["boundary"]
	if ent.typeErr != nil || boundary == "" {
		f.structure(Attachment{Part: path, Type: ent.mediaType}, mailErr("", "mail.no-boundary"))
		return ent.raw, false
	}
	body := ent.body()
	spans, err := splitMultipart(body, boundary)
	if err != nil {
		f.structure(Attachment{Part: path, Type: ent.mediaType}, err)
		return ent.raw, false
	}
	childType := "text/plain"
	if ent.mediaType == "multipart/digest" {
		childType = "message/rfc822"
	}
	bounds = append(bounds[:len(bounds):len(bounds)], []byte(boundary))
	signed = signed || ent.mediaType == "multipart/signed"
	var out []byte
	last := 0
	for i, sp := range spans {
		b, changed := f.entity(body[sp.start:sp.end], childPath(path, i), false, depth+1, bounds, signed, childType)
		if !changed {
			continue
		}
		if out == nil {
			out = append(out, ent.raw[:ent.bodyOff]...)
		}
		out = append(out, body[last:sp.start]...)
		out = append(out, b...)
		last = sp.end
	}
	if out == nil {
		return ent.raw, false
	}
	return append(out, body[last:]...), true
}

// forwarded cleans a message/rfc822 part: the forwarded message's own
// attachments, recursively.
func (f *filter) forwarded(ent *entity, label string, depth int, bounds [][]byte, signed bool) ([]byte, bool) {
	a := Attachment{Part: label, Type: ent.mediaType, Name: ent.filename()}
	cte := ent.transferEncoding()
	inner, err := decodeBody(cte, ent.body())
	if err != nil {
		f.structure(a, err)
		return ent.raw, false
	}
	if cte == "base64" || cte == "quoted-printable" {
		bounds = nil // the encoding keeps boundaries out, see rewrite
	}
	head, rest := splitEnvelope(inner)
	cleaned, changed := f.message(rest, label, depth+1, bounds, signed)
	if !changed {
		return ent.raw, false
	}
	out, err := f.rewrite(ent, cte, append(append([]byte(nil), head...), cleaned...), bounds)
	if err != nil {
		f.refuse(a, err, nil)
		return ent.raw, false
	}
	return out, true
}

func (f *filter) leaf(ent *entity, label string, bounds [][]byte, signed bool) ([]byte, bool) {
	a := Attachment{Part: label, Type: ent.mediaType, Name: ent.filename()}
	cte := ent.transferEncoding()
	if !isAttachment(ent.mediaType, a.Name, ent.disposition()) {
		// Text is never changed, but a patch in it is checked.
		if data, err := decodeBody(cte, ent.body()); err == nil && hasBinaryPatch(data) {
			f.patch(a, data)
		}
		return ent.raw, false
	}
	if strings.ContainsAny(a.Name, `/\`) {
		a.Warnings = append(a.Warnings, scrub.Warning{Message: words.T("mail.name-has-folder")})
	}
	data, err := decodeBody(cte, ent.body())
	if err != nil {
		f.refuse(a, err, nil)
		return ent.raw, false
	}
	cleaned, ok := f.clean(&a, data)
	if !ok {
		return ent.raw, false
	}
	if signed {
		f.refuse(a, mailErr(words.T("mail.signed.hint"), "mail.signed"), data)
		return ent.raw, false
	}
	out, err := f.rewrite(ent, cte, cleaned, bounds)
	if err != nil {
		f.refuse(a, err, data)
		return ent.raw, false
	}
	f.add(a)
	return out, true
}

// clean recognises and cleans one attachment's decoded content. It returns
// the cleaned bytes and true when the attachment must be replaced (a is
// then filled in, and the caller records it); otherwise it has recorded a
// itself.
func (f *filter) clean(a *Attachment, data []byte) ([]byte, bool) {
	reg := f.e.Registry
	size := int64(len(data))
	ext := nameExt(a.Name)
	// The extension of the format the declared type names, if scrub knows
	// it: to tell a damaged or disguised file from content scrub simply
	// does not know.
	typeExt := ""
	if tf, ok := reg.FormatOfMediaType(a.Type); ok && len(tf.Extensions) > 0 {
		typeExt = tf.Extensions[0]
	}
	_, format, err := reg.Detect(bytes.NewReader(data), size, "")
	if err != nil {
		if !isUnknown(err) {
			f.refuse(*a, err, data)
			return nil, false
		}
		if hasBinaryPatch(data) {
			f.patch(*a, data) // a patch attached as a file
			return nil, false
		}
		// Content scrub does not know: a damaged or disguised file if its
		// name or type claims a format scrub knows.
		if ext != "" && reg.ClaimsExtension(ext) {
			if _, _, err := reg.Detect(bytes.NewReader(data), size, "attachment"+ext); err != nil {
				f.refuse(*a, err, data)
				return nil, false
			}
		}
		if typeExt != "" && reg.ClaimsExtension(typeExt) {
			f.refuse(*a, &scrub.FormatError{Kind: scrub.ErrMismatch,
				Reason: words.T("mail.type-mismatch", a.Type), Hint: words.T("mail.type-mismatch.hint")}, data)
			return nil, false
		}
		if !silentTypes[a.Type] {
			a.Status = StatusUnknown
			a.Reason = words.T("mail.unknown")
			f.add(*a)
		}
		return nil, false
	}
	a.Format = format.Name
	if format.Refused != "" {
		f.refuse(*a, scrub.Unsupported(format.Name, format.Refused, format.Hint), data)
		return nil, false
	}
	// A name or type that says otherwise does not stop the cleaning: the
	// content decides, and the user is told.
	switch {
	case ext != "" && reg.ClaimsExtension(ext):
		if _, _, err := reg.Detect(bytes.NewReader(data), size, "attachment"+ext); errors.Is(err, scrub.ErrMismatch) {
			a.Warnings = append(a.Warnings, scrub.Warning{Message: words.T("mail.name-says", ext, describe(format))})
		}
	case typeExt != "" && reg.ClaimsExtension(typeExt):
		if _, _, err := reg.Detect(bytes.NewReader(data), size, "attachment"+typeExt); errors.Is(err, scrub.ErrMismatch) {
			a.Warnings = append(a.Warnings, scrub.Warning{Message: words.T("mail.type-says", a.Type, describe(format))})
		}
	}
	out, res := f.e.CleanData(f.ctx, "", data)
	a.Findings = res.Findings
	a.Warnings = append(a.Warnings, res.Warnings...)
	switch res.Status {
	case scrub.StatusCleaned:
		if f.review(a, data) {
			return nil, false
		}
		if !bytes.Equal(out, data) {
			a.Status = StatusCleaned
			return out, true
		}
		a.Status = StatusAlreadyClean
		f.add(*a)
	case scrub.StatusAlreadyClean:
		if f.review(a, data) {
			return nil, false
		}
		a.Status = StatusAlreadyClean
		f.add(*a)
	case scrub.StatusInterrupted:
		// Filter reports ctx.Err().
	default:
		err := res.Err
		if err == nil {
			err = errors.New(res.Error)
		}
		f.refuse(*a, err, data)
	}
	return nil, false
}

// review decides about an attachment that was cleaned (or was clean):
// one with a fake redaction is refused unless AllowUnclean; one that keeps
// other content to check holds the message unless AllowReview. It reports
// whether it recorded a: the cleaned copy must then not be used.
func (f *filter) review(a *Attachment, data []byte) bool {
	v := words.Summarize(a.Format, a.Findings)
	if v.Serious && !f.opt.AllowUnclean {
		f.refuse(*a, &mailError{reason: words.T("mail.fake-redaction"), kind: ErrFakeRedaction}, data)
		return true
	}
	if f.opt.AllowReview {
		return false
	}
	for _, r := range v.Review {
		if r.Label != scrub.LabelCoveredText {
			a.Status = StatusHeld
			f.add(*a)
			return true
		}
	}
	return false
}

func describe(f scrub.Format) string {
	if f.Description == "" {
		return f.Name
	}
	return f.Description + " (" + f.Name + ")"
}

// isUnknown reports whether err is the registry's "no handler claims this
// content" error.
func isUnknown(err error) bool { return errors.Is(err, scrub.ErrUnknown) }

// rewrite returns the entity with its body replaced by data, encoded with
// the entity's own transfer encoding, and its header adjusted (see the
// package documentation). bounds are the boundaries the new body must not
// contain.
func (f *filter) rewrite(ent *entity, cte string, data []byte, bounds [][]byte) ([]byte, error) {
	hdr, body := ent.raw[:ent.bodyOff], ent.body()
	eol := lineEnding(hdr, body)
	var newBody []byte
	newCTE := ""
	switch cte {
	case "base64":
		newBody = append(encodeBase64(data, base64LineLen(body), eol), trailingBreaks(body)...)
	case "quoted-printable":
		newBody = append(encodeQP(data, eol), trailingBreaks(body)...)
	case "binary":
		newBody = data
	default: // 7bit, 8bit or none: the cleaned file may not be valid in them
		if ent.mediaType == "message/rfc822" || ent.mediaType == "message/global" {
			newBody = data // a message stays readable as it was sent
			break
		}
		newCTE = "base64"
		newBody = append(encodeBase64(data, maxLine, eol), trailingBreaks(body)...)
	}
	for _, b := range bounds {
		if bytes.HasPrefix(newBody, append([]byte("--"), b...)) || bytes.Contains(newBody, append([]byte("\n--"), b...)) {
			return nil, mailErr("", "mail.boundary-in-attachment")
		}
	}
	newHdr, err := editHeader(hdr, newCTE, len(data), eol)
	if err != nil {
		return nil, err
	}
	return append(newHdr, newBody...), nil
}

// dateParams are the Content-Disposition parameters that carry the file's
// own times (RFC 2183).
var dateParams = map[string]bool{"creation-date": true, "modification-date": true, "read-date": true}

// editHeader returns a copy of the raw header of a cleaned part with: the
// Content-Transfer-Encoding set to cte (if cte is not ""), the
// Content-Disposition size parameter set to size and its date parameters
// removed, and Content-MD5 removed. Every other byte is kept.
func editHeader(hdr []byte, cte string, size int, eol string) ([]byte, error) {
	fields, blank := splitFields(hdr)
	if len(blank) == 0 {
		return nil, mailErr("", "mail.header-unterminated")
	}
	var out []byte
	setCTE := cte == ""
	for _, fd := range fields {
		switch fd.name {
		case "content-md5":
			continue
		case "content-transfer-encoding":
			if cte != "" {
				name, _, _ := bytes.Cut(fd.raw, []byte(":"))
				out = append(out, name...)
				out = append(out, ": "+cte+eol...)
				setCTE = true
				continue
			}
		case "content-disposition":
			out = append(out, editDisposition(fd.raw, size)...)
			continue
		}
		out = append(out, fd.raw...)
	}
	if !setCTE {
		out = append(out, "Content-Transfer-Encoding: "+cte+eol...)
	}
	return append(out, blank...), nil
}

// editDisposition updates the size parameter of a raw Content-Disposition
// field and removes its date parameters.
func editDisposition(raw []byte, size int) []byte {
	var out []byte
	last := 0
	for _, p := range params(raw) {
		switch {
		case dateParams[p.name]:
			out = append(out, raw[last:p.start]...)
			last = p.end
		case p.name == "size":
			out = append(out, raw[last:p.vstart]...)
			out = append(out, strconv.Itoa(size)...)
			last = p.end
		}
	}
	return append(out, raw[last:]...)
}
