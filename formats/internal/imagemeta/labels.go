package imagemeta

import (
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

// fieldLabels says in a word what each field this package reads is: EXIF
// and IPTC tag names, XMP properties (by their local name, or by
// "prefix:name" where the local name alone is ambiguous), ICC tags and the
// summary fields. Fields not listed take their label from their kind (see
// kindLabels).
var fieldLabels = map[string]scrub.Label{
	// EXIF (IFD0, Exif IFD) and their XMP twins (tiff:, exif:, exifEX:, aux:).
	"DocumentName":            scrub.LabelFilePath,
	"ImageDescription":        scrub.LabelDescription,
	"Make":                    scrub.LabelCamera,
	"Model":                   scrub.LabelCamera,
	"PageName":                scrub.LabelTitle,
	"Software":                scrub.LabelSoftware,
	"ModifyDate":              scrub.LabelModified,
	"DateTime":                scrub.LabelModified,
	"Artist":                  scrub.LabelAuthor,
	"HostComputer":            scrub.LabelComputer,
	"Copyright":               scrub.LabelCopyright,
	"TimeZoneOffset":          scrub.LabelTimeZone,
	"DateTimeOriginal":        scrub.LabelCreated,
	"DateTimeDigitized":       scrub.LabelCreated,
	"CreateDate":              scrub.LabelCreated,
	"OffsetTime":              scrub.LabelTimeZone,
	"OffsetTimeOriginal":      scrub.LabelTimeZone,
	"OffsetTimeDigitized":     scrub.LabelTimeZone,
	"UserComment":             scrub.LabelComment,
	"SubSecTime":              scrub.LabelDate,
	"SubSecTimeOriginal":      scrub.LabelCreated,
	"SubSecTimeDigitized":     scrub.LabelCreated,
	"MakerNote":               scrub.LabelPrivateData,
	"XPTitle":                 scrub.LabelTitle,
	"XPComment":               scrub.LabelComment,
	"XPAuthor":                scrub.LabelAuthor,
	"XPKeywords":              scrub.LabelKeywords,
	"XPSubject":               scrub.LabelSubject,
	"ImageUniqueID":           scrub.LabelDocumentID,
	"CameraOwnerName":         scrub.LabelPerson,
	"OwnerName":               scrub.LabelPerson,
	"BodySerialNumber":        scrub.LabelSerial,
	"SerialNumber":            scrub.LabelSerial,
	"CameraSerialNumber":      scrub.LabelSerial,
	"LensSerialNumber":        scrub.LabelSerial,
	"LensMake":                scrub.LabelLens,
	"LensModel":               scrub.LabelLens,
	"Lens":                    scrub.LabelLens,
	"LensID":                  scrub.LabelLens,
	"LensInfo":                scrub.LabelLens,
	"LensManufacturer":        scrub.LabelLens,
	"ImageTitle":              scrub.LabelTitle,
	"Photographer":            scrub.LabelAuthor,
	"ImageEditor":             scrub.LabelPerson,
	"CameraFirmware":          scrub.LabelSoftware,
	"Firmware":                scrub.LabelSoftware,
	"RAWDevelopingSoftware":   scrub.LabelSoftware,
	"ImageEditingSoftware":    scrub.LabelSoftware,
	"MetadataEditingSoftware": scrub.LabelSoftware,
	"UniqueCameraModel":       scrub.LabelCamera,
	"LocalizedCameraModel":    scrub.LabelCamera,
	"OriginalRawFileName":     scrub.LabelFilePath,
	"RawFile":                 scrub.LabelFilePath,
	"RawFileName":             scrub.LabelFilePath,
	"Converter":               scrub.LabelSoftware,
	"ThumbnailImage":          scrub.LabelThumbnail,
	"GPSPosition":             scrub.LabelGPS,
	"GPSTimeStamp":            scrub.LabelDate,
	"GPSDateStamp":            scrub.LabelDate,
	"Orientation":             scrub.LabelOrientation,
	// IPTC.
	"ObjectName":                    scrub.LabelTitle,
	"Keywords":                      scrub.LabelKeywords,
	"ContentLocationCode":           scrub.LabelPlace,
	"ContentLocationName":           scrub.LabelPlace,
	"SpecialInstructions":           scrub.LabelComment,
	"DateCreated":                   scrub.LabelCreated,
	"TimeCreated":                   scrub.LabelCreated,
	"DigitalCreationDate":           scrub.LabelCreated,
	"DigitalCreationTime":           scrub.LabelCreated,
	"OriginatingProgram":            scrub.LabelSoftware,
	"ProgramVersion":                scrub.LabelSoftware,
	"By-line":                       scrub.LabelAuthor,
	"By-lineTitle":                  scrub.LabelPerson,
	"City":                          scrub.LabelPlace,
	"Sub-location":                  scrub.LabelPlace,
	"Province-State":                scrub.LabelPlace,
	"Country-PrimaryLocationCode":   scrub.LabelPlace,
	"Country-PrimaryLocationName":   scrub.LabelPlace,
	"OriginalTransmissionReference": scrub.LabelDocumentID,
	"Headline":                      scrub.LabelTitle,
	"Credit":                        scrub.LabelPerson,
	"Source":                        scrub.LabelOrganisation,
	"CopyrightNotice":               scrub.LabelCopyright,
	"Contact":                       scrub.LabelContact,
	"Caption-Abstract":              scrub.LabelDescription,
	"Writer-Editor":                 scrub.LabelPerson,
	// Photoshop resources.
	"URL":      scrub.LabelLink,
	"URL list": scrub.LabelLink,
	// XMP properties by local name.
	"creator":                scrub.LabelAuthor,
	"rights":                 scrub.LabelCopyright,
	"contributor":            scrub.LabelPerson,
	"publisher":              scrub.LabelOrganisation,
	"description":            scrub.LabelDescription,
	"title":                  scrub.LabelTitle,
	"subject":                scrub.LabelKeywords,
	"CreatorTool":            scrub.LabelSoftware,
	"MetadataDate":           scrub.LabelModified,
	"Owner":                  scrub.LabelPerson,
	"WebStatement":           scrub.LabelLink,
	"AuthorsPosition":        scrub.LabelPerson,
	"CaptionWriter":          scrub.LabelPerson,
	"State":                  scrub.LabelPlace,
	"Country":                scrub.LabelPlace,
	"Instructions":           scrub.LabelComment,
	"History":                scrub.LabelHistory,
	"DocumentAncestors":      scrub.LabelHistory,
	"Category":               scrub.LabelCategory,
	"SupplementalCategories": scrub.LabelCategory,
	"Label":                  scrub.LabelCategory,
	"Nickname":               scrub.LabelTitle,
	"Identifier":             scrub.LabelDocumentID,
	"BaseURL":                scrub.LabelLink,
	"LastKeywordXMP":         scrub.LabelKeywords,
	"LastKeywordIPTC":        scrub.LabelKeywords,
	"DateAcquired":           scrub.LabelDate,
	"Producer":               scrub.LabelSoftware,
	"Author":                 scrub.LabelAuthor,
	"Location":               scrub.LabelPlace,
	"CountryCode":            scrub.LabelPlace,
	"CreatorContactInfo":     scrub.LabelContact,
	"PersonInImage":          scrub.LabelPerson,
	"LocationCreated":        scrub.LabelPlace,
	"LocationShown":          scrub.LabelPlace,
	"Name":                   scrub.LabelPerson,
	"PersonDisplayName":      scrub.LabelPerson,
	"PersonEmailDigest":      scrub.LabelEmail,
	"PersonLiveIdCID":        scrub.LabelAccount,
	"ImageCreator":           scrub.LabelAuthor,
	"CopyrightOwner":         scrub.LabelCopyright,
	"Licensee":               scrub.LabelPerson,
	"artist":                 scrub.LabelAuthor,
	"composer":               scrub.LabelAuthor,
	"filePath":               scrub.LabelFilePath,
	"softwareAgent":          scrub.LabelSoftware,
	"when":                   scrub.LabelDate,
	"DocumentID":             scrub.LabelDocumentID,
	"InstanceID":             scrub.LabelDocumentID,
	"OriginalDocumentID":     scrub.LabelDocumentID,
	"DerivedFrom":            scrub.LabelHistory,
	"Data":                   scrub.LabelHiddenData,
	"Confidence":             scrub.LabelHiddenData,
	"MicroVideo":             scrub.LabelHiddenData,
	"MotionPhoto":            scrub.LabelHiddenData,
	"image":                  scrub.LabelThumbnail,
	"GpsLatitude":            scrub.LabelGPS,
	"GpsLongitude":           scrub.LabelGPS,
	"GpsLongtitude":          scrub.LabelGPS,
	"AbsoluteAltitude":       scrub.LabelGPS,
	"RelativeAltitude":       scrub.LabelGPS,
	"xmptk":                  scrub.LabelSoftware,
	// ICC profiles.
	"ProfileDescription":            scrub.LabelColour,
	"ProfileCopyright":              scrub.LabelColour,
	"DeviceManufacturerDescription": scrub.LabelDevice,
	"DeviceModelDescription":        scrub.LabelDevice,
	"DeviceManufacturer":            scrub.LabelDevice,
	"DeviceModel":                   scrub.LabelDevice,
	"ProfileCreator":                scrub.LabelSoftware,
	"DisplaySerialNumber":           scrub.LabelSerial,
	// Segments and chunks of the image formats (JPEG, PNG and the others).
	"Comment":             scrub.LabelComment,
	"Creation Time":       scrub.LabelCreated,
	"date:create":         scrub.LabelCreated,
	"date:modify":         scrub.LabelModified,
	"date:timestamp":      scrub.LabelDate,
	"Disclaimer":          scrub.LabelMetadata,
	"Warning":             scrub.LabelMetadata,
	"trailing data":       scrub.LabelHiddenData,
	"stray data":          scrub.LabelHiddenData,
	"extra data":          scrub.LabelHiddenData,
	"more metadata":       scrub.LabelMetadata,
	"content credentials": scrub.LabelHistory,
	"digital signature":   scrub.LabelSignature,
	"multi-picture index": scrub.LabelHiddenData,
	"ICC profile":         scrub.LabelColour,
	"ProfileName":         scrub.LabelColour,
	// Summaries of blocks this package does not list item by item.
	"other tags":                scrub.LabelMetadata,
	"other properties":          scrub.LabelMetadata,
	"other IPTC fields":         scrub.LabelMetadata,
	"other Photoshop resources": scrub.LabelMetadata,
	"more items":                scrub.LabelMetadata,
	"damaged data":              scrub.LabelMetadata,
	"EXIF":                      scrub.LabelMetadata,
	"XMP":                       scrub.LabelMetadata,
	"IPTC":                      scrub.LabelMetadata,
	"Photoshop":                 scrub.LabelMetadata,
}

// kindLabels is the label of a field fieldLabels does not name.
var kindLabels = map[scrub.Kind]scrub.Label{
	scrub.KindPerson:      scrub.LabelPerson,
	scrub.KindAccount:     scrub.LabelAccount,
	scrub.KindContact:     scrub.LabelContact,
	scrub.KindPath:        scrub.LabelFilePath,
	scrub.KindMachine:     scrub.LabelComputer,
	scrub.KindDevice:      scrub.LabelDevice,
	scrub.KindLocation:    scrub.LabelGPS,
	scrub.KindTime:        scrub.LabelDate,
	scrub.KindSoftware:    scrub.LabelSoftware,
	scrub.KindEditHistory: scrub.LabelHistory,
	scrub.KindComment:     scrub.LabelComment,
	scrub.KindHidden:      scrub.LabelHiddenData,
	scrub.KindAttachment:  scrub.LabelAttachment,
	scrub.KindOther:       scrub.LabelMetadata,
}

// minorFields identify no one: counts of technical tags and the kept
// orientation.
var minorFields = map[string]bool{
	"other tags": true, "other properties": true, "other IPTC fields": true,
	"other Photoshop resources": true, "Orientation": true,
}

// LabelOf returns the label of a field this package names (an EXIF or
// IPTC tag name, an XMP property such as "xmpMM:History/stEvt:when", an
// ICC tag), falling back on what its kind says. Handlers that read the
// same blocks by other means use it so that a tag has one label
// everywhere.
func LabelOf(field string, kind scrub.Kind) scrub.Label {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	// XMP: "top/leaf" paths and "prefix:name" properties.
	leaf := field
	if i := strings.LastIndexByte(leaf, '/'); i >= 0 {
		leaf = leaf[i+1:]
	}
	if l, ok := fieldLabels[leaf]; ok && leaf != field {
		return l
	}
	if _, local, ok := strings.Cut(leaf, ":"); ok {
		if strings.HasPrefix(local, "GPS") && local != "GPSTimeStamp" && local != "GPSDateStamp" {
			return scrub.LabelGPS
		}
		if l, ok := fieldLabels[local]; ok {
			return l
		}
	}
	if strings.HasPrefix(field, "GPS") {
		return scrub.LabelGPS
	}
	if l, ok := kindLabels[kind]; ok {
		return l
	}
	return scrub.LabelMetadata
}
