package odf

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

// Bounds for identification: Identify must stay cheap.
const (
	maxMimetype     = 256     // bytes of a mimetype member
	maxManifest     = 8 << 20 // bytes of META-INF/manifest.xml read to identify
	maxFlatRootScan = 64 << 10
)

var zipLocal = []byte("PK\x03\x04")

// identify recognises a package or a flat document. ok is false for
// content that is not OpenDocument (or an OpenDocument type scrub does not
// know, such as a chart or formula on its own).
func identify(head []byte, r io.ReaderAt, size int64) (k kind, ok bool, err error) {
	if bytes.HasPrefix(head, zipLocal) {
		return identifyPackage(head, r, size)
	}
	return identifyFlat(head, r, size)
}

// identifyPackage reads the mimetype member when it comes first and is
// stored (the ODF rule, which makes it a magic number), and otherwise the
// manifest's root entry.
func identifyPackage(head []byte, r io.ReaderAt, size int64) (kind, bool, error) {
	if mime, ok := leadingMimetype(head, r, size); ok {
		k, known := packaged(mime)
		return k, known, nil
	}
	a, err := zipclean.Open(context.Background(), nil, "", r, size)
	if err != nil {
		return kind{}, false, nil // not a sound zip: not ours to judge
	}
	mime, found, err := packageType(context.Background(), a, "")
	if err != nil || !found {
		return kind{}, false, err
	}
	k, known := packaged(mime)
	return k, known, nil
}

// leadingMimetype returns the content of a stored first member called
// mimetype, if the local header shows one.
func leadingMimetype(head []byte, r io.ReaderAt, size int64) (string, bool) {
	le := binary.LittleEndian
	if len(head) < 30+8 || !bytes.HasPrefix(head, zipLocal) {
		return "", false
	}
	flags, method := le.Uint16(head[6:]), le.Uint16(head[8:])
	csize, usize := le.Uint32(head[18:]), le.Uint32(head[22:])
	nameLen, extraLen := int(le.Uint16(head[26:])), int(le.Uint16(head[28:]))
	if nameLen != 8 || string(head[30:38]) != "mimetype" || method != zipclean.Store || flags&0x9 != 0 ||
		csize != usize || csize == 0 || csize > maxMimetype {
		return "", false
	}
	off := int64(30 + nameLen + extraLen)
	if off+int64(csize) > size {
		return "", false
	}
	b := make([]byte, csize)
	if _, err := r.ReadAt(b, off); err != nil && err != io.EOF {
		return "", false
	}
	return string(b), true
}

// packageType returns the package's media type: the mimetype member's and
// the manifest root entry's, which must agree when both are present. format
// names the file type in errors.
func packageType(ctx context.Context, a *zipclean.Archive, format string) (string, bool, error) {
	var fromMember, fromManifest string
	if m := a.Lookup("mimetype"); m != nil && m.Size <= maxMimetype {
		b, err := m.ReadAll(ctx)
		if err != nil {
			return "", false, nil
		}
		fromMember = string(b)
	}
	if m := a.Lookup(manifestName); m != nil && m.Size <= maxManifest {
		b, err := m.ReadAll(ctx)
		if err == nil {
			if mf, err := parseManifest(b); err == nil && mf.hasRoot {
				fromManifest = mf.rootType
			}
		}
	}
	switch {
	case fromMember == "" && fromManifest == "":
		return "", false, nil
	case fromMember != "" && fromManifest != "" && fromMember != fromManifest &&
		(strings.HasPrefix(fromMember, mimePrefix) || strings.HasPrefix(fromManifest, mimePrefix)):
		return "", false, scrub.Malformed(format, nil, "the mimetype member says %q but the manifest says %q, so the document type is ambiguous", fromMember, fromManifest)
	case fromMember != "":
		return fromMember, true, nil
	}
	return fromManifest, true, nil
}

// identifyFlat recognises a flat document: XML whose root element is
// office:document with an OpenDocument office:mimetype.
func identifyFlat(head []byte, r io.ReaderAt, size int64) (kind, bool, error) {
	b := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	i := skipProlog(b)
	if i < 0 {
		return kind{}, false, nil
	}
	// The root tag of a LibreOffice file declares some forty namespaces:
	// read on past head if needed.
	tag := rootTag(b[i:])
	if tag == nil && len(head) < int(min(size, maxFlatRootScan)) {
		more := make([]byte, min(size, maxFlatRootScan))
		n, _ := r.ReadAt(more, 0)
		more = bytes.TrimPrefix(more[:n], []byte("\xef\xbb\xbf"))
		if j := skipProlog(more); j >= 0 && j < len(more) {
			tag = rootTag(more[j:])
		}
	}
	if tag == nil {
		return kind{}, false, nil
	}
	name, attrs := parseTag(tag)
	prefix, local := "", name
	if c := strings.IndexByte(name, ':'); c >= 0 {
		prefix, local = name[:c], name[c+1:]
	}
	decl := "xmlns"
	if prefix != "" {
		decl += ":" + prefix
	}
	if local != "document" || attrs[decl] != nsOffice {
		return kind{}, false, nil
	}
	mt := "mimetype"
	if prefix != "" {
		mt = prefix + ":mimetype"
	}
	// An unprefixed attribute is in no namespace: the office prefix must
	// be used for the mimetype attribute.
	if prefix == "" {
		for k, v := range attrs {
			if strings.HasPrefix(k, "xmlns:") && v == nsOffice {
				mt = k[len("xmlns:"):] + ":mimetype"
			}
		}
	}
	k, ok := flatKind(attrs[mt])
	return k, ok, nil
}

// skipProlog returns the index of the root element's '<' in b, skipping
// the XML declaration, comments, processing instructions and whitespace;
// -1 if b holds something else first (a DOCTYPE, text).
func skipProlog(b []byte) int {
	i := 0
	for i < len(b) {
		switch c := b[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case bytes.HasPrefix(b[i:], []byte("<?")):
			j := bytes.Index(b[i:], []byte("?>"))
			if j < 0 {
				return -1
			}
			i += j + 2
		case bytes.HasPrefix(b[i:], []byte("<!--")):
			j := bytes.Index(b[i+4:], []byte("-->"))
			if j < 0 {
				return -1
			}
			i += 4 + j + 3
		case c == '<' && i+1 < len(b) && b[i+1] != '!' && b[i+1] != '/':
			return i
		default:
			return -1
		}
	}
	return -1
}

// rootTag returns the start tag at the start of b, or nil if it does not
// end within b.
func rootTag(b []byte) []byte {
	var quote byte
	for i := 1; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return b[:i+1]
		case c == '<':
			return nil
		}
	}
	return nil
}

// parseTag splits a start tag into its name and raw attribute values
// (entity references are left as they are; ODF namespace URIs and media
// types have none).
func parseTag(tag []byte) (string, map[string]string) {
	s := strings.TrimSuffix(strings.TrimSuffix(string(tag[1:]), ">"), "/")
	i := strings.IndexAny(s, " \t\r\n")
	if i < 0 {
		return s, nil
	}
	name, rest := s[:i], s[i:]
	attrs := map[string]string{}
	for {
		rest = strings.TrimLeft(rest, " \t\r\n")
		eq := strings.IndexByte(rest, '=')
		if eq < 0 {
			break
		}
		key := strings.TrimSpace(rest[:eq])
		rest = strings.TrimLeft(rest[eq+1:], " \t\r\n")
		if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
			break
		}
		end := strings.IndexByte(rest[1:], rest[0])
		if end < 0 {
			break
		}
		if _, dup := attrs[key]; !dup {
			attrs[key] = rest[1 : 1+end]
		}
		rest = rest[2+end:]
	}
	return name, attrs
}
