package rtf_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// hexLines writes data as RTF writes a picture: hexadecimal, 128 digits a
// line.
func hexLines(data []byte) string {
	s := hex.EncodeToString(data)
	var b strings.Builder
	for len(s) > 128 {
		b.WriteString(s[:128] + "\n")
		s = s[128:]
	}
	b.WriteString(s)
	return b.String()
}

// emf returns a minimal enhanced metafile: a header whose description
// names the program and the picture, and the end record.
func emf(desc string) []byte {
	le := binary.LittleEndian
	u := utf16.Encode([]rune(desc))
	descBytes := (2*len(u) + 3) &^ 3
	size := 88 + descBytes
	b := make([]byte, size+20)
	le.PutUint32(b[0:], 1)
	le.PutUint32(b[4:], uint32(size))
	le.PutUint32(b[24:], 100) // rclFrame right
	le.PutUint32(b[28:], 100) // rclFrame bottom
	le.PutUint32(b[40:], 0x464d4520)
	le.PutUint32(b[44:], 0x10000)
	le.PutUint32(b[48:], uint32(len(b)))
	le.PutUint32(b[52:], 2)
	le.PutUint16(b[56:], 1)
	le.PutUint32(b[60:], uint32(len(u)))
	le.PutUint32(b[64:], 88)
	le.PutUint32(b[72:], 1024)
	le.PutUint32(b[76:], 768)
	le.PutUint32(b[80:], 320)
	le.PutUint32(b[84:], 240)
	for i, c := range u {
		le.PutUint16(b[88+2*i:], c)
	}
	e := b[size:]
	le.PutUint32(e[0:], 14)
	le.PutUint32(e[4:], 20)
	le.PutUint32(e[12:], 16)
	le.PutUint32(e[16:], 20)
	return b
}

// wmf returns a minimal Windows metafile whose one record is a comment
// escape holding comment.
func wmf(comment string) []byte {
	le := binary.LittleEndian
	data := []byte(comment)
	if len(data)%2 == 1 {
		data = append(data, 0)
	}
	esc := make([]byte, 10+len(data))
	le.PutUint32(esc[0:], uint32(len(esc)/2))
	le.PutUint16(esc[4:], 0x0626)
	le.PutUint16(esc[6:], 0x000f)
	le.PutUint16(esc[8:], uint16(len(comment)))
	copy(esc[10:], data)
	eof := []byte{3, 0, 0, 0, 0, 0}
	total := 18 + len(esc) + len(eof)
	h := make([]byte, 18)
	le.PutUint16(h[0:], 1)
	le.PutUint16(h[2:], 9)
	le.PutUint16(h[4:], 0x0300)
	le.PutUint32(h[6:], uint32(total/2))
	le.PutUint32(h[12:], uint32(len(esc)/2))
	return append(append(h, esc...), eof...)
}

// dirty returns an RTF document as Word writes one, with a value planted
// in every place the issue names (each starting with p): the info group,
// the generator, edit-session ids, the revision table and tracked
// changes, comments, custom properties, document variables, the custom
// XML data store, the theme, the password hash, the template, an unknown
// destination, fields with local paths, pictures in hexadecimal and in
// \bin data with metadata of their own, an enhanced metafile with a
// description, an embedded object, a shape with its picture's original
// file, and data after the end.
func dirty(p string) []byte {
	png := hostile.PNG(p + "-PNG")
	jpeg := hostile.JPEG(p + "-JPEG")
	var b bytes.Buffer
	w := func(s string, args ...any) { fmt.Fprintf(&b, s, args...) }
	w(`{\rtf1\ansi\ansicpg1252\deff0\nouicompat\deflang1033{\fonttbl{\f0\fnil\fcharset0 Calibri;}{\f1\fswiss\fcharset0 Arial;}}
{\colortbl ;\red255\green0\blue0;}
{\*\defchp \f0}{\stylesheet{\ql \f0 Normal;}{\*\cs10 \additive Default Paragraph Font;}}
{\*\rsidtbl \rsid1112233\rsid4445566}
{\*\generator %[1]s-GENERATOR 10.0.19041}
{\*\xmlnstbl {\xmlns1 http://%[1]s-XMLNS.example/ns}}
{\*\revtbl {Unknown;}{%[1]s-REVAUTHOR;}}
{\*\userprops {\propname %[1]s-PROPNAME}\proptype30{\staticval %[1]s-PROPVALUE}}
{\*\docvar {%[1]s-DOCVARNAME}{%[1]s-DOCVARVALUE}}
{\*\passwordhash %[1]s-PASSHASH}
{\*\template C:\\Users\\%[1]s-TPLUSER\\Templates\\Normal.dotm}
{\*\datastore %[1]s-DATASTORE}
{\*\themedata %[1]s-THEME}
{\*\colorschememapping %[1]s-CSM}
{\*\latentstyles\lsdstimax376\lsdlockeddef0{\lsdlockedexcept \lsdqformat1 Normal;}}
{\*\unknowndest %[1]s-UNKNOWNDEST}
{\info{\title %[1]s-TITLE}{\subject %[1]s-SUBJECT}{\author %[1]s-AUTHOR}{\manager %[1]s-MANAGER}{\company %[1]s-COMPANY}{\operator %[1]s-OPERATOR}{\category %[1]s-CATEGORY}{\keywords %[1]s-KEYWORDS}{\comment %[1]s-INFOCOMMENT}{\doccomm %[1]s-DOCCOMM}{\hlinkbase %[1]s-HLINKBASE}{\creatim\yr2021\mo3\dy4\hr5\min6}{\revtim\yr2022\mo3\dy4\hr5\min6}{\printim\yr2023\mo3\dy4\hr5\min6}{\buptim\yr2024\mo3\dy4\hr5\min6}\version3\edmins42\nofpages1\nofwords5\nofchars30\vern49275{\*\company %[1]s-STARCOMPANY}}
\viewkind4\uc1
\pard\plain\pararsid1112233\f0\fs24 {\insrsid4445566 Visible first paragraph }{\revised\revauth1\revdttm1234 inserted words }{\deleted\revauthdel1\revdttmdel1234 %[1]s-DELETED }and the rest.\par
\pard {\*\bkmkstart _GoBack}{\*\bkmkend _GoBack}{\*\bkmkstart Chapter}Caf\'e9 and \u8364? euro{\*\bkmkend Chapter}\par
\pard Commented {\*\atrfstart 1}text{\*\atrfend 1}{\*\atnid %[1]s-INITIALS}{\*\atnauthor %[1]s-COMMENTER}\chatn {\*\annotation{\*\atndate 1234}{\*\atnref 1}\pard %[1]s-COMMENTTEXT\par}\par
\pard {\field{\*\fldinst { HYPERLINK "file:///C:\\\\Users\\\\%[1]s-LINKUSER\\\\Docs\\\\target.docx" }}{\fldrslt {\ul link text}}}\par
\pard {\field{\*\fldinst INCLUDEPICTURE "C:\\\\Users\\\\%[1]s-PICUSER\\\\pic.jpg" \\* MERGEFORMAT}{\fldrslt }}\par
`, p)
	w("\\pard {\\*\\shppict{\\pict{\\*\\picprop\\shplid1025{\\sp{\\sn shapeType}{\\sv 75}}}\\picw16\\pich16\\picwgoal240\\pichgoal240\\pngblip\\bliptag-12345{\\*\\blipuid %s}\n%s}}{\\nonshppict{\\pict\\picw16\\pich16\\wmetafile8 %s}}\\par\n",
		hex.EncodeToString([]byte(p+"-BLIPUID")), hexLines(png), hexLines(wmf(p+"-WMF comment kept by a program")))
	w("\\pard {\\pict\\jpegblip\\picw16\\pich16\\picwgoal240\\pichgoal240\\bin%d %s}\\par\n", len(jpeg), jpeg)
	w("\\pard {\\pict\\emfblip\\picw10\\pich10\\picwgoal150\\pichgoal150 %s}\\par\n", hexLines(emf(p+"-EMFAPP\x00"+p+"-EMFNAME\x00\x00")))
	w("\\pard {\\object\\objemb{\\*\\objclass %s-OBJCLASS.Document.8}\\objw100\\objh100{\\*\\objdata %s}{\\result {\\pict\\pngblip\\picw16\\pich16 %s}}}\\par\n",
		p, hexLines(append([]byte("\x01\x05\x00\x00\x02\x00\x00\x00"), []byte(p+"-OBJDATA")...)), hexLines(hostile.PNG(p+"-RESULT")))
	w("\\pard {\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright100\\shpbottom100{\\sp{\\sn shapeType}{\\sv 75}}{\\sp{\\sn pibName}{\\sv C:\\\\Users\\\\%s-PIBUSER\\\\photo.png}}{\\sp{\\sn pib}{\\sv {\\pict\\pngblip\\picw16\\pich16 %s}}}}}\\par\n",
		p, hexLines(hostile.PNG(p+"-SHAPE")))
	w("\\pard Last paragraph{\\*\\oldcprops \\b\\crauth1\\crdate1234}\\par\n}\n%s-TRAILING\n", p)
	return b.Bytes()
}

// dirtyPlanted are the values dirty plants.
func dirtyPlanted(p string) []string {
	var out []string
	for _, s := range []string{"GENERATOR", "XMLNS", "REVAUTHOR", "PROPNAME", "PROPVALUE", "DOCVARNAME", "DOCVARVALUE",
		"PASSHASH", "TPLUSER", "DATASTORE", "THEME", "CSM", "UNKNOWNDEST", "TITLE", "SUBJECT", "AUTHOR", "MANAGER",
		"COMPANY", "OPERATOR", "CATEGORY", "KEYWORDS", "INFOCOMMENT", "DOCCOMM", "HLINKBASE", "STARCOMPANY",
		"DELETED", "INITIALS", "COMMENTER", "COMMENTTEXT", "LINKUSER", "PICUSER", "BLIPUID", "WMF",
		"PNG-AUTHOR", "JPEG-ARTIST", "JPEG-SERIAL", "JPEG-COMMENT", "EMFAPP", "EMFNAME", "OBJCLASS", "OBJDATA",
		"RESULT-AUTHOR", "PIBUSER", "SHAPE-AUTHOR", "TRAILING"} {
		out = append(out, p+"-"+s)
	}
	return out
}

var hexRun = regexp.MustCompile(`[0-9a-fA-F\r\n]{16,}`)

// expand returns data with the hexadecimal runs in it decoded, as
// separate pieces: a picture's bytes are hexadecimal in RTF (scrubtest
// decodes PDF hex strings, not these). Text written with \'hh and \uN
// is also decoded (in UTF-16 too).
func expand(data []byte) []byte {
	out := append([]byte{}, data...)
	for _, m := range hexRun.FindAll(data, -1) {
		h := bytes.Map(func(r rune) rune {
			if r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, m)
		if len(h)%2 == 1 {
			h = h[:len(h)-1]
		}
		if d, err := hex.DecodeString(string(h)); err == nil {
			out = append(out, '\n')
			out = append(out, d...)
			for _, part := range scrubtest.Expand(d)[1:] {
				out = append(out, '\n')
				out = append(out, part...)
			}
		}
	}
	return out
}
