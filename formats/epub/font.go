package epub

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// Font obfuscation algorithms: a font's first bytes are XORed with a key
// made from the book's identifier, so that a font cannot be copied out of
// the book on its own. Changing the identifier means obfuscating again
// with the new key.
const (
	algIDPF  = "http://www.idpf.org/2008/embedding"
	algAdobe = "http://ns.adobe.com/pdf/enc#RC"
)

// obfuscated maps a member to the algorithm its font is obfuscated with.
type obfuscated map[string]string

// readEncryption reads META-INF/encryption.xml. Font obfuscation is
// understood; any other encryption (DRM) is ErrEncrypted.
func readEncryption(data []byte) (obfuscated, error) {
	p, err := splitProlog(encryptionName, data)
	if err != nil {
		return nil, err
	}
	out := obfuscated{}
	var alg string
	var bad error
	f := &xmlclean.Filter{Where: encryptionName, Start: func(e *xmlclean.Element) xmlclean.Decision {
		switch {
		case e.Is(nsEnc, "EncryptedData"):
			alg = ""
		case e.Is(nsEnc, "EncryptionMethod"):
			alg, _ = e.Attr("", "Algorithm")
		case e.Is(nsEnc, "CipherReference"):
			uri, _ := e.Attr("", "URI")
			switch alg {
			case algIDPF, algAdobe:
				if p := resolve("", uri); p != "" {
					out[p] = alg
				}
			default:
				bad = scrub.Encrypted("epub", "the book is encrypted (DRM-protected); scrub cannot read it", "use a copy of the book without DRM")
			}
		}
		return xmlclean.Decision{}
	}}
	if err := f.Inspect(bytes.NewReader(p.body), nil); err != nil {
		return nil, err
	}
	return out, bad
}

// fontKey returns the key alg derives from the identifier uid, and false
// if uid cannot make one (Adobe's needs a UUID).
func fontKey(alg, uid string) ([]byte, bool) {
	switch alg {
	case algIDPF:
		s := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, uid)
		k := sha1.Sum([]byte(s))
		return k[:], true
	case algAdobe:
		s := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(uid)), "urn:uuid:")
		s = strings.ReplaceAll(s, "-", "")
		k, err := hex.DecodeString(s)
		if err != nil || len(k) != 16 {
			return nil, false
		}
		return k, true
	}
	return nil, false
}

// xorFont obfuscates (or, the same operation, restores) a font in place.
func xorFont(data []byte, alg string, key []byte) {
	n := 1040
	if alg == algAdobe {
		n = 1024
	}
	for i := 0; i < n && i < len(data); i++ {
		data[i] ^= key[i%len(key)]
	}
}
