package scrub

// Label names, in a word the sender understands, what a finding is: the
// author, the camera, where a photo was taken. Handlers set it on every
// Finding from this closed set; the front ends turn it into words (in the
// user's language) and group findings by it. Field keeps the raw name of
// the field for --details and --json.
//
// Adding a label means adding it to Labels and to the word catalogue
// (internal/words); a test fails if a handler emits a finding without a
// label or with one the catalogue does not know.
type Label string

// People and organisations.
const (
	LabelAuthor         Label = "author"          // who made the file: creator, artist, photographer
	LabelLastEditor     Label = "last-editor"     // who saved it last
	LabelPerson         Label = "person"          // another name: contributor, performer, owner, recipient
	LabelOrganisation   Label = "organisation"    // company, publisher, agency
	LabelManager        Label = "manager"         // Office's Manager property
	LabelCommentAuthor  Label = "comment-author"  // who wrote a comment or annotation
	LabelRevisionAuthor Label = "revision-author" // who made a tracked change
	LabelCopyright      Label = "copyright"       // a copyright or licence notice naming someone
)

// Accounts, contacts and places on disks and networks.
const (
	LabelAccount  Label = "account"   // user name, login, Windows SID, tenant or account id
	LabelEmail    Label = "email"     // an e-mail address
	LabelContact  Label = "contact"   // phone, postal address, personal web address
	LabelFilePath Label = "file-path" // a folder or file on the sender's computer or network
	LabelTemplate Label = "template"  // the template the document was made from
	LabelLink     Label = "link"      // a link to a local or network file, or a web address
	LabelComputer Label = "computer"  // host or computer name, network share
	LabelPrinter  Label = "printer"   // printer name or settings
)

// Devices.
const (
	LabelCamera Label = "camera"        // camera or phone make and model
	LabelSerial Label = "serial-number" // serial number of a camera, lens, phone, scanner or recorder
	LabelLens   Label = "lens"          // lens make and model
	LabelDevice Label = "device"        // another device: scanner, recorder, drone, display
)

// Places.
const (
	LabelGPS      Label = "gps-position" // a GPS position (or a track of them)
	LabelPlace    Label = "place"        // a place name: city, country, venue
	LabelTimeZone Label = "time-zone"    // a time zone or UTC offset, which narrows down the region
)

// Time.
const (
	LabelCreated  Label = "created"      // when the file or the photo was made
	LabelModified Label = "modified"     // when it was last changed or saved
	LabelPrinted  Label = "printed"      // when it was last printed
	LabelDate     Label = "date"         // another date
	LabelEditTime Label = "editing-time" // how long it was edited, how many times saved
)

// Software.
const (
	LabelSoftware Label = "software" // the program (and version) that made or edited the file
)

// Edit history and ids that link the file to its drafts.
const (
	LabelTrackedChange  Label = "tracked-change"  // an insertion, deletion or format change recorded for review
	LabelEditSession    Label = "edit-session-id" // ids of editing sessions (Word rsids and the like)
	LabelDocumentID     Label = "document-id"     // an id shared by the drafts of a document, or an object id
	LabelRevision       Label = "revision"        // revision number, version count
	LabelHistory        Label = "edit-history"    // a history of edits (XMP history, derived-from)
	LabelEarlierVersion Label = "earlier-version" // an earlier version stored in the file (PDF revisions, fast save)
)

// Comments.
const (
	LabelComment Label = "comment" // a comment, note or annotation
)

// Content the reader does not see, or may not notice (mostly Report).
const (
	LabelSpeakerNotes    Label = "speaker-notes"    // notes kept with slides
	LabelHiddenSlide     Label = "hidden-slide"     // a slide not shown in the show
	LabelHiddenSheet     Label = "hidden-sheet"     // a hidden or very hidden sheet
	LabelHiddenRows      Label = "hidden-rows"      // hidden rows or columns
	LabelHiddenText      Label = "hidden-text"      // text formatted as hidden, hidden sections and paragraphs
	LabelHiddenObject    Label = "hidden-object"    // a hidden shape, layer or object
	LabelOffPage         Label = "off-page"         // an object outside the page or slide
	LabelInvisibleText   Label = "invisible-text"   // text drawn invisibly, in the background colour, or too small to read
	LabelCoveredText     Label = "covered-text"     // text under a box or highlight: a redaction that did not remove it
	LabelCroppedPicture  Label = "cropped-picture"  // a picture that keeps what was cropped away
	LabelStaleValue      Label = "stale-value"      // a field or link whose stored result differs from what it says now
	LabelFormValue       Label = "form-value"       // a value typed into a form field
	LabelThumbnail       Label = "thumbnail"        // a small preview picture, possibly of an earlier state
	LabelHiddenData      Label = "hidden-data"      // data stored after the end of the file, or between its parts
	LabelEmbeddedPicture Label = "embedded-picture" // a picture inside the file (a cover, an icon) with data of its own
)

// Attachments and active content.
const (
	LabelAttachment     Label = "attachment"      // a file attached or embedded in the file
	LabelMacros         Label = "macros"          // macros or scripts
	LabelEmbeddedObject Label = "embedded-object" // an object from another program (OLE and the like)
	LabelSignature      Label = "signature"       // a digital signature (names the signer)
	LabelTrack          Label = "data-track"      // a track of sensor or telemetry data in a video
)

// Descriptive and technical metadata.
const (
	LabelTitle       Label = "title"
	LabelSubject     Label = "subject"
	LabelKeywords    Label = "keywords"
	LabelDescription Label = "description" // description, caption, summary
	LabelCategory    Label = "category"    // category, status, genre, rating, classification
	LabelLanguage    Label = "language"
	LabelCustom      Label = "custom-property" // a property someone added by hand
	LabelMetadata    Label = "metadata"        // other metadata that may identify (a tag scrub does not name)
	LabelPrivateData Label = "private-data"    // binary data of a program or a camera maker
	LabelStatistics  Label = "statistics"      // pages, words, characters, lines, counts
	LabelSettings    Label = "settings"        // program settings, view state, default values
	LabelColour      Label = "colour-profile"  // a colour profile (its name, maker and device)
	LabelFont        Label = "font"            // font names
	LabelOutline     Label = "bookmark"        // outline and bookmark titles
	LabelOrientation Label = "orientation"     // which way up a picture is shown
	LabelLayers      Label = "layers"          // layer and group names
)

// Labels lists every Label, in display order within its group.
var Labels = []Label{
	LabelAuthor, LabelLastEditor, LabelPerson, LabelOrganisation, LabelManager, LabelCommentAuthor,
	LabelRevisionAuthor, LabelCopyright,
	LabelAccount, LabelEmail, LabelContact, LabelFilePath, LabelTemplate, LabelLink, LabelComputer, LabelPrinter,
	LabelCamera, LabelSerial, LabelLens, LabelDevice,
	LabelGPS, LabelPlace, LabelTimeZone,
	LabelCreated, LabelModified, LabelPrinted, LabelDate, LabelEditTime,
	LabelSoftware,
	LabelTrackedChange, LabelEditSession, LabelDocumentID, LabelRevision, LabelHistory, LabelEarlierVersion,
	LabelComment,
	LabelSpeakerNotes, LabelHiddenSlide, LabelHiddenSheet, LabelHiddenRows, LabelHiddenText, LabelHiddenObject,
	LabelOffPage, LabelInvisibleText, LabelCoveredText, LabelCroppedPicture, LabelStaleValue, LabelFormValue,
	LabelThumbnail, LabelHiddenData, LabelEmbeddedPicture,
	LabelAttachment, LabelMacros, LabelEmbeddedObject, LabelSignature, LabelTrack,
	LabelTitle, LabelSubject, LabelKeywords, LabelDescription, LabelCategory, LabelLanguage, LabelCustom,
	LabelMetadata, LabelPrivateData, LabelStatistics, LabelSettings, LabelColour, LabelFont, LabelOutline,
	LabelOrientation, LabelLayers,
}

// KnownLabel reports whether l is one of Labels.
func KnownLabel(l Label) bool {
	for _, k := range Labels {
		if k == l {
			return true
		}
	}
	return false
}
