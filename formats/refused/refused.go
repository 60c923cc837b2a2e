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
	return "", nil
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
