// Package refused recognises files scrub cannot clean, so that the user
// is told what the file is, why scrub will not touch it, and what to do
// instead, rather than "unknown format": legacy binary Office files,
// password-protected Office files, Outlook messages, and common image and
// video formats that carry location and device data.
package refused

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for recognised but refused formats. Its Inspect
// and Clean always return an error matching scrub.ErrUnsupported (the
// engine refuses these formats before calling them).
func New() scrub.Handler { return handler{} }

func saveAs(app, ext string) string {
	return "open it in " + app + " and save it as " + ext + " (File > Save As), then clean the new file"
}

var formats = []scrub.Format{
	{Name: "doc", Extensions: []string{".doc", ".dot"}, MediaTypes: []string{"application/msword"}, Description: "Word 97-2003 document",
		Refused: "legacy binary Word format: its metadata, revision log and fast-save fragments cannot be removed safely",
		Hint:    saveAs("Word or LibreOffice", ".docx")},
	{Name: "xls", Extensions: []string{".xls", ".xlt", ".xla"}, MediaTypes: []string{"application/vnd.ms-excel"}, Description: "Excel 97-2003 workbook",
		Refused: "legacy binary Excel format: its metadata and user names cannot be removed safely",
		Hint:    saveAs("Excel or LibreOffice", ".xlsx")},
	{Name: "ppt", Extensions: []string{".ppt", ".pps", ".pot"}, MediaTypes: []string{"application/vnd.ms-powerpoint"}, Description: "PowerPoint 97-2003 presentation",
		Refused: "legacy binary PowerPoint format: its metadata cannot be removed safely",
		Hint:    saveAs("PowerPoint or LibreOffice", ".pptx")},
	{Name: "msg", Extensions: []string{".msg"}, MediaTypes: []string{"application/vnd.ms-outlook"}, Description: "Outlook message",
		Refused: "Outlook messages carry sender, recipients and mail server headers that are the message itself",
		Hint:    "save the attachments you want to send and clean those"},
	{Name: "ole", Extensions: []string{".vsd", ".pub", ".wps", ".mpp"}, Description: "OLE compound file (Visio, Publisher, Works, Project…)",
		Refused: "legacy binary format scrub cannot clean",
		Hint:    "save it in an open format (PDF, or an Office Open XML format) and clean that"},
	{Name: "raw", Extensions: []string{".cr2", ".nef", ".arw", ".orf", ".rw2"}, Description: "camera raw image",
		MediaTypes: []string{"image/x-canon-cr2", "image/x-nikon-nef", "image/x-sony-arw", "image/x-olympus-orf", "image/x-panasonic-rw2"},
		Refused:    "camera raw files other than DNG are not supported: their maker notes (serial numbers, owner) cannot be removed without breaking the raw data",
		Hint:       "export the photo as JPEG, PNG or DNG from your photo software (or convert it with Adobe DNG Converter) and clean that copy"},
	{Name: "psd", Extensions: []string{".psd", ".psb"}, MediaTypes: []string{"image/vnd.adobe.photoshop"}, Description: "Photoshop image",
		Refused: "Photoshop files keep their layers, history, author and camera data in a structure scrub cannot rewrite safely",
		Hint:    "export the picture as PNG or JPEG (File > Export) and clean that copy"},
	{Name: "xcf", Extensions: []string{".xcf"}, MediaTypes: []string{"image/x-xcf"}, Description: "GIMP image",
		Refused: "GIMP files keep their layers, the file paths of their sources and comments in a structure scrub cannot rewrite safely",
		Hint:    "export the picture as PNG or JPEG (File > Export As) and clean that copy"},
	{Name: "postscript", Extensions: []string{".eps", ".ps", ".ai"}, MediaTypes: []string{"application/postscript"}, Description: "PostScript or EPS drawing",
		Refused: "PostScript files are programs: their comments name the author, the program and the file, and scrub cannot clean a program safely",
		Hint:    "save or export it as PDF or SVG and clean that"},
	{Name: "avi", Extensions: []string{".avi"}, MediaTypes: []string{"video/x-msvideo", "video/avi"}, Description: "AVI video",
		Refused: "AVI videos are not supported yet (their INFO and maker chunks carry the camera and the date)",
		Hint:    "convert it to MP4 without re-encoding if you can (ffmpeg -i in.avi -c copy out.mp4) and clean that"},
	{Name: "asf", Extensions: []string{".wmv", ".wma", ".asf"}, MediaTypes: []string{"video/x-ms-wmv", "audio/x-ms-wma", "video/x-ms-asf"}, Description: "Windows Media file",
		Refused: "Windows Media files are not supported (their headers carry the author, the program and a unique id)",
		Hint:    "convert it to MP4 or M4A and clean that"},
	{Name: "aiff", Extensions: []string{".aif", ".aiff", ".aifc"}, MediaTypes: []string{"audio/aiff", "audio/x-aiff"}, Description: "AIFF audio",
		Refused: "AIFF audio is not supported yet (its name, author and annotation chunks and ID3 tags)",
		Hint:    "convert it to FLAC or WAV and clean that"},
	{Name: "jxl", Extensions: []string{".jxl"}, MediaTypes: []string{"image/jxl"}, Description: "JPEG XL image",
		Refused: "JPEG XL images are not supported yet (they carry EXIF and XMP boxes)",
		Hint:    "convert it to PNG or JPEG and clean that copy"},
	{Name: "jp2", Extensions: []string{".jp2", ".jpx", ".j2k", ".jpf"}, MediaTypes: []string{"image/jp2", "image/jpx"}, Description: "JPEG 2000 image",
		Refused: "JPEG 2000 image files are not supported yet (their XML and UUID boxes carry EXIF and XMP)",
		Hint:    "convert it to PNG and clean that copy"},
	{Name: "djvu", Extensions: []string{".djvu", ".djv"}, MediaTypes: []string{"image/vnd.djvu"}, Description: "DjVu document",
		Refused: "DjVu documents are not supported (their annotation chunks carry metadata)",
		Hint:    "convert it to PDF and clean that"},
}

func (handler) Name() string            { return "refused" }
func (handler) Formats() []scrub.Format { return formats }
func (handler) Inspect(context.Context, *scrub.Env, io.ReaderAt, int64) ([]scrub.Finding, error) {
	return nil, scrub.Unsupported("", "this format is refused", "see the list of formats scrub cleans")
}
func (handler) Clean(context.Context, *scrub.Env, io.ReaderAt, int64, io.Writer) ([]scrub.Warning, error) {
	return nil, scrub.Unsupported("", "this format is refused", "see the list of formats scrub cleans")
}

// Identify recognises the refused formats by their magic bytes. A
// password-protected OOXML file (an OLE container holding EncryptedPackage)
// is reported as an ErrEncrypted error directly.
func (handler) Identify(head []byte, r io.ReaderAt, size int64) (string, error) {
	switch {
	case bytes.HasPrefix(head, cfbMagic):
		return identifyCFB(r, size)
	case bytes.HasPrefix(head, []byte("IIRO")), bytes.HasPrefix(head, []byte("IIU\x00")), // ORF, RW2
		len(head) >= 10 && bytes.HasPrefix(head, []byte("II*\x00")) && string(head[8:10]) == "CR": // CR2
		return "raw", nil
	}
	for _, m := range magics {
		if len(head) >= m.at+len(m.magic) && string(head[m.at:m.at+len(m.magic)]) == m.magic &&
			(m.also == "" || len(head) >= m.alsoAt+len(m.also) && string(head[m.alsoAt:m.alsoAt+len(m.also)]) == m.also) {
			return m.format, nil
		}
	}
	return "", nil
}

// magics are the signatures of the other refused formats: magic at offset
// at, and (if set) also at alsoAt.
var magics = []struct {
	format, magic string
	at            int
	also          string
	alsoAt        int
}{
	{format: "psd", magic: "8BPS\x00\x01"},
	{format: "psd", magic: "8BPS\x00\x02"}, // PSB
	{format: "xcf", magic: "gimp xcf "},
	{format: "postscript", magic: "%!PS-Adobe-"},
	{format: "postscript", magic: "\xc5\xd0\xd3\xc6"}, // DOS EPS binary header
	{format: "avi", magic: "RIFF", also: "AVI ", alsoAt: 8},
	{format: "asf", magic: "\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c"},
	{format: "aiff", magic: "FORM", also: "AIFF", alsoAt: 8},
	{format: "aiff", magic: "FORM", also: "AIFC", alsoAt: 8},
	{format: "jxl", magic: "\xff\x0a"},
	{format: "jxl", magic: "\x00\x00\x00\x0cJXL \x0d\x0a\x87\x0a"},
	{format: "jp2", magic: "\x00\x00\x00\x0cjP  \x0d\x0a\x87\x0a"},
	{format: "jp2", magic: "\xff\x4f\xff\x51"}, // a bare JPEG 2000 codestream
	{format: "djvu", magic: "AT&TFORM"},
}

func identifyCFB(r io.ReaderAt, size int64) (string, error) {
	names, err := cfbNames(r, size)
	if err != nil {
		return "ole", nil // refused either way; a damaged directory needs no detail
	}
	has := map[string]bool{}
	msg := false
	for _, n := range names {
		has[n] = true
		if strings.HasPrefix(n, "__substg1.0_") || n == "__properties_version1.0" {
			msg = true
		}
	}
	switch {
	case has["EncryptedPackage"]:
		return "", scrub.Encrypted("", "password-protected Office document",
			"open it in Office or LibreOffice, remove the password (Word: File > Info > Protect Document > Encrypt with Password, clear it), save, and clean the saved file")
	case has["WordDocument"]:
		return "doc", nil
	case has["Workbook"] || has["Book"]:
		return "xls", nil
	case has["PowerPoint Document"]:
		return "ppt", nil
	case msg:
		return "msg", nil
	}
	return "ole", nil
}
