package words

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/scrub-project/scrub/internal/geo"
	"github.com/scrub-project/scrub/scrub"
)

// Group is what a finding reveals, for the headline and for grouping the
// details: "your name", "where the photo was taken".
type Group string

// The groups, in the order the headline and the details list them.
const (
	GroupPeople       Group = "people"
	GroupOrganisation Group = "organisation"
	GroupAccounts     Group = "accounts"
	GroupComputer     Group = "computer"
	GroupDevice       Group = "device"
	GroupPlace        Group = "place"
	GroupTime         Group = "time"
	GroupSoftware     Group = "software"
	GroupHistory      Group = "history"
	GroupComments     Group = "comments"
	GroupAttachments  Group = "attachments"
	GroupHidden       Group = "hidden"
	GroupOther        Group = "other"
)

// Groups lists every Group in display order.
var Groups = []Group{GroupPeople, GroupOrganisation, GroupAccounts, GroupComputer, GroupDevice, GroupPlace,
	GroupTime, GroupSoftware, GroupHistory, GroupComments, GroupAttachments, GroupHidden, GroupOther}

var labelGroups = map[scrub.Label]Group{
	scrub.LabelAuthor: GroupPeople, scrub.LabelLastEditor: GroupPeople, scrub.LabelPerson: GroupPeople,
	scrub.LabelManager: GroupPeople, scrub.LabelCommentAuthor: GroupPeople, scrub.LabelRevisionAuthor: GroupPeople,
	scrub.LabelCopyright: GroupPeople, scrub.LabelOrganisation: GroupOrganisation,
	scrub.LabelAccount: GroupAccounts, scrub.LabelEmail: GroupAccounts, scrub.LabelContact: GroupAccounts,
	scrub.LabelFilePath: GroupComputer, scrub.LabelTemplate: GroupComputer, scrub.LabelLink: GroupComputer,
	scrub.LabelComputer: GroupComputer, scrub.LabelPrinter: GroupComputer,
	scrub.LabelCamera: GroupDevice, scrub.LabelSerial: GroupDevice, scrub.LabelLens: GroupDevice, scrub.LabelDevice: GroupDevice,
	scrub.LabelGPS: GroupPlace, scrub.LabelPlace: GroupPlace, scrub.LabelTimeZone: GroupPlace,
	scrub.LabelCreated: GroupTime, scrub.LabelModified: GroupTime, scrub.LabelPrinted: GroupTime, scrub.LabelDate: GroupTime,
	scrub.LabelEditTime:      GroupTime,
	scrub.LabelSoftware:      GroupSoftware,
	scrub.LabelTrackedChange: GroupHistory, scrub.LabelEditSession: GroupHistory, scrub.LabelDocumentID: GroupHistory,
	scrub.LabelRevision: GroupHistory, scrub.LabelHistory: GroupHistory, scrub.LabelEarlierVersion: GroupHistory,
	scrub.LabelComment:    GroupComments,
	scrub.LabelAttachment: GroupAttachments, scrub.LabelMacros: GroupAttachments, scrub.LabelEmbeddedObject: GroupAttachments,
	scrub.LabelSignature: GroupAttachments, scrub.LabelTrack: GroupAttachments,
	scrub.LabelSpeakerNotes: GroupHidden, scrub.LabelHiddenSlide: GroupHidden, scrub.LabelHiddenSheet: GroupHidden,
	scrub.LabelHiddenRows: GroupHidden, scrub.LabelHiddenText: GroupHidden, scrub.LabelHiddenObject: GroupHidden,
	scrub.LabelOffPage: GroupHidden, scrub.LabelInvisibleText: GroupHidden, scrub.LabelCoveredText: GroupHidden,
	scrub.LabelCroppedPicture: GroupHidden, scrub.LabelStaleValue: GroupHidden, scrub.LabelFormValue: GroupHidden,
	scrub.LabelThumbnail: GroupHidden, scrub.LabelHiddenData: GroupHidden, scrub.LabelEmbeddedPicture: GroupHidden,
}

// emptyText reports whether f is an empty text property (a title, an
// author, a date left blank): it reveals nothing, though cleaning removes
// the element.
func emptyText(f scrub.Finding) bool {
	if strings.TrimSpace(f.Value) != "" || f.Action != scrub.Remove {
		return false
	}
	switch GroupOf(f.Label) {
	case GroupPeople, GroupOrganisation, GroupAccounts, GroupTime, GroupSoftware, GroupOther:
		return true
	}
	return false
}

// GroupOf returns what a label reveals.
func GroupOf(l scrub.Label) Group {
	if g, ok := labelGroups[l]; ok {
		return g
	}
	return GroupOther
}

// minorLabels identify no one, or are nothing the sender can act on:
// they are not counted and are shown only with the details.
var minorLabels = map[scrub.Label]bool{
	scrub.LabelStatistics: true, scrub.LabelSettings: true, scrub.LabelFont: true, scrub.LabelOrientation: true,
	scrub.LabelLanguage: true, scrub.LabelOutline: true, scrub.LabelColour: true, scrub.LabelLayers: true,
}

// Minor reports whether f is shown only with the details: the handler
// said so, or its label is never identifying or actionable.
func Minor(f scrub.Finding) bool { return f.Minor || minorLabels[f.Label] }

// Label returns a label in words: "Author", "Where it was taken".
func Label(l scrub.Label) string {
	if l == "" {
		return T("label.metadata")
	}
	return T("label." + string(l))
}

// Summary is what a file's findings come to, for a person.
type Summary struct {
	Reveals  []Group         // groups of the identifying findings cleaning removes, in order
	Remove   int             // identifying findings cleaning removes (not Minor)
	Review   []scrub.Finding // kept findings the sender can act on, most important first
	Details  int             // findings shown only with the details
	Serious  bool            // a finding that must stop a send (a fake redaction)
	ByGroup  map[Group][]Line
	Format   string
	HasPlace bool
}

// Line is one line of the details: a label and its values.
type Line struct {
	Label  scrub.Label
	Values []string
	Action scrub.Action
}

// reviewOrder ranks what the sender can act on: what they cannot see at
// all first.
var reviewOrder = map[scrub.Label]int{
	scrub.LabelCoveredText: 0, scrub.LabelCroppedPicture: 1, scrub.LabelOffPage: 2, scrub.LabelInvisibleText: 3,
	scrub.LabelSpeakerNotes: 4, scrub.LabelHiddenSlide: 5, scrub.LabelHiddenSheet: 6, scrub.LabelHiddenRows: 7,
	scrub.LabelHiddenText: 8, scrub.LabelHiddenObject: 9, scrub.LabelComment: 10, scrub.LabelFormValue: 11,
	scrub.LabelStaleValue: 12,
}

// Summarize groups a file's findings for display.
func Summarize(format string, fs []scrub.Finding) Summary {
	s := Summary{Format: format, ByGroup: map[Group][]Line{}}
	seen := map[Group]bool{}
	// A position's parts (its reference, degrees, satellites, datum) are
	// one identifying value, the position: where a part of the file gives
	// it whole, the parts are details.
	whole := map[string]bool{}
	isPos := func(f scrub.Finding) bool {
		_, _, ok := ParsePosition(f.Value)
		return f.Label == scrub.LabelGPS && ok
	}
	for _, f := range fs {
		if isPos(f) {
			whole[f.Where] = true
		}
	}
	for _, f := range fs {
		if f.Label == scrub.LabelCoveredText {
			s.Serious = true
		}
		if Minor(f) || (f.Label == scrub.LabelGPS && whole[f.Where] && !isPos(f)) || emptyText(f) {
			s.Details++
			continue
		}
		g := GroupOf(f.Label)
		if f.Action == scrub.Remove {
			s.Remove++
			if !seen[g] {
				seen[g] = true
			}
			if g == GroupPlace {
				s.HasPlace = true
			}
		} else {
			s.Review = append(s.Review, f)
		}
		s.ByGroup[g] = addLine(s.ByGroup[g], f)
	}
	for _, g := range Groups {
		if seen[g] {
			s.Reveals = append(s.Reveals, g)
		}
	}
	sortReview(s.Review)
	return s
}

func sortReview(fs []scrub.Finding) {
	rank := func(f scrub.Finding) int {
		if r, ok := reviewOrder[f.Label]; ok {
			return r
		}
		return 100
	}
	// Insertion sort: stable, and the lists are short.
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && rank(fs[j]) < rank(fs[j-1]); j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

// maxValues bounds the values one line lists.
const maxValues = 6

func addLine(lines []Line, f scrub.Finding) []Line {
	v := Value(f)
	for i := range lines {
		if lines[i].Label == f.Label && lines[i].Action == f.Action {
			for _, old := range lines[i].Values {
				if old == v || strings.Contains(old, v) {
					return lines
				}
			}
			// "Canon" then "Canon EOS 50D": keep the longer.
			for j, old := range lines[i].Values {
				if strings.Contains(v, old) {
					lines[i].Values[j] = v
					return lines
				}
			}
			if len(lines[i].Values) < maxValues {
				lines[i].Values = append(lines[i].Values, v)
			}
			return lines
		}
	}
	return append(lines, Line{Label: f.Label, Values: []string{v}, Action: f.Action})
}

// Value returns a finding's value for a person: a GPS position with the
// nearest town, other values as they are.
func Value(f scrub.Finding) string {
	if f.Label == scrub.LabelGPS {
		if lat, lon, ok := ParsePosition(f.Value); ok {
			return Position(lat, lon)
		}
	}
	return f.Value
}

// Headline says in one sentence what a file reveals: "Reveals your name,
// your organisation and where the photo was taken".
func Headline(s Summary) string {
	if len(s.Reveals) == 0 {
		if len(s.Review) > 0 {
			return N("headline.nothing-but-review", len(s.Review))
		}
		return T("headline.nothing")
	}
	var parts []string
	for _, g := range s.Reveals {
		parts = append(parts, revealWords(g, s.Format))
	}
	return T("headline.reveals", List(parts))
}

// RevealWords names what a group reveals in a file of format, as the
// headline does: "your name", "where the photo was taken".
func RevealWords(g Group, format string) string { return revealWords(g, format) }

func revealWords(g Group, format string) string {
	if g == GroupPlace {
		switch {
		case photoFormats[format]:
			return T("reveals.place-photo")
		case recordingFormats[format]:
			return T("reveals.place-recording")
		}
	}
	return T("reveals." + string(g))
}

var photoFormats = map[string]bool{"jpeg": true, "png": true, "heic": true, "heif": true, "avif": true, "webp": true,
	"tiff": true, "dng": true, "gif": true}

var recordingFormats = map[string]bool{"mp4": true, "mov": true, "m4a": true, "3gp": true, "mkv": true, "webm": true,
	"mp3": true, "wav": true, "flac": true, "ogg": true, "opus": true}

// List joins items as a sentence does: "a", "a and b", "a, b and c".
func List(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	head := items[0]
	for _, it := range items[1 : len(items)-1] {
		head = T("list.more", head, it)
	}
	return T("list.two", head, items[len(items)-1])
}

var (
	// The two numbers are separated by a comma, semicolon or slash, or by
	// the hemisphere's letter: "43 28 2.814" (degrees, minutes, seconds)
	// is not a position.
	decimalPos = regexp.MustCompile(`^\s*([+-]?\d+(?:\.\d+)?)\s*°?\s*(?:([NSns])\s*[,;/ ]|[,;/])\s*([+-]?\d+(?:\.\d+)?)\s*°?\s*([EWew])?`)
	iso6709    = regexp.MustCompile(`^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)`)
)

// ParsePosition reads the positions handlers write: "48.858400 N,
// 2.294500 E", "51.4169, -0.0806", ISO 6709 "+51.4169-000.0806/".
func ParsePosition(s string) (lat, lon float64, ok bool) {
	if m := decimalPos.FindStringSubmatch(s); m != nil {
		lat, _ = strconv.ParseFloat(m[1], 64)
		lon, _ = strconv.ParseFloat(m[3], 64)
		if strings.EqualFold(m[2], "S") {
			lat = -math.Abs(lat)
		}
		if strings.EqualFold(m[4], "W") {
			lon = -math.Abs(lon)
		}
	} else if m := iso6709.FindStringSubmatch(s); m != nil {
		lat, _ = strconv.ParseFloat(m[1], 64)
		lon, _ = strconv.ParseFloat(m[2], 64)
	} else {
		return 0, 0, false
	}
	if math.Abs(lat) > 90 || math.Abs(lon) > 180 || math.IsNaN(lat) || math.IsNaN(lon) {
		return 0, 0, false
	}
	return lat, lon, true
}

// Position writes a position as "48.8584° N, 2.2945° E", with the nearest
// town when the offline table knows one ("— near Paris, France").
func Position(lat, lon float64) string {
	ns, ew := "N", "E"
	if lat < 0 {
		ns = "S"
	}
	if lon < 0 {
		ew = "W"
	}
	p := fmt.Sprintf("%.4f° %s, %.4f° %s", math.Abs(lat), ns, math.Abs(lon), ew)
	if town, country, ok := nearPlace(lat, lon); ok {
		place := town
		if country != "" {
			place = T("gps.near.country", town, country)
		}
		return T("gps.near", p, place)
	}
	return p
}

// nearPlace names the nearest town and its country, from the offline
// table of the world's towns (see internal/geo), the country in the
// current language. Far from any town it names only the country, as the
// town (Position then says "near France"), and in mid-ocean nothing.
var nearPlace = func(lat, lon float64) (town, country string, ok bool) {
	town, code, _, ok := geo.Near(lat, lon)
	if !ok {
		return "", "", false
	}
	country = geo.CountryName(code, Current().Tag.String())
	if town == "" {
		return country, "", country != ""
	}
	return town, country, true
}
