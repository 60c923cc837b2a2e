package svg

import (
	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

// fieldLabels gives the findings this package makes their label, and
// says which identify no one.
var fieldLabels = map[string]struct {
	label scrub.Label
	minor bool
}{
	"XML comment":                       {scrub.LabelComment, false},
	"program comment":                   {scrub.LabelSoftware, false},
	"processing instruction":            {scrub.LabelMetadata, false},
	"document type link":                {scrub.LabelFilePath, false},
	"style sheet link":                  {scrub.LabelFilePath, false},
	"link to a local file":              {scrub.LabelFilePath, false},
	"link to a file beside the drawing": {scrub.LabelLink, false},
	"script":                            {scrub.LabelMacros, false},
	"event handler":                     {scrub.LabelMacros, false},
	"script link":                       {scrub.LabelMacros, false},
	"sodipodi:docname":                  {scrub.LabelFilePath, false},
	"sodipodi:absref":                   {scrub.LabelFilePath, false},
	"sodipodi:docbase":                  {scrub.LabelFilePath, false},
	"inkscape:export-filename":          {scrub.LabelFilePath, false},
	"inkscape:version":                  {scrub.LabelSoftware, false},
	"sodipodi:version":                  {scrub.LabelSoftware, false},
	"inkscape:label":                    {scrub.LabelLayers, false},
	"serif:id":                          {scrub.LabelLayers, false},
	"layer name":                        {scrub.LabelLayers, false},
	"inkscape:groupmode":                {scrub.LabelLayers, true},
	"inkscape:export-xdpi":              {scrub.LabelSettings, true},
	"inkscape:export-ydpi":              {scrub.LabelSettings, true},
	"editor data":                       {scrub.LabelSettings, true},
	"editor view settings":              {scrub.LabelSettings, true},
	"namespace of another program":      {scrub.LabelSoftware, true},
	"data of an unknown program":        {scrub.LabelPrivateData, false},
	"Illustrator editing data":          {scrub.LabelPrivateData, false},
	"editor's copy of the drawing":      {scrub.LabelPrivateData, false},
	"unknown SVG element":               {scrub.LabelMetadata, false},
	"unknown attribute":                 {scrub.LabelMetadata, false},
	"data attribute":                    {scrub.LabelMetadata, false},
	"title":                             {scrub.LabelTitle, false},
	"description":                       {scrub.LabelDescription, false},
	"program title":                     {scrub.LabelSoftware, false},
	"program description":               {scrub.LabelSoftware, false},
	"style sheet comment":               {scrub.LabelComment, false},
	"kept as is":                        {scrub.LabelEmbeddedPicture, false},
	"hidden layer":                      {scrub.LabelHiddenObject, false},
	"hidden object":                     {scrub.LabelHiddenObject, false},
	"original file name":                {scrub.LabelFilePath, false},
	"gzip comment":                      {scrub.LabelComment, false},
	"compression time":                  {scrub.LabelModified, false},
	"gzip extra field":                  {scrub.LabelPrivateData, false},
}

// metadataLabels correct imagemeta's labels for Dublin Core and Creative
// Commons properties it does not name.
var metadataLabels = map[string]struct {
	label scrub.Label
	kind  scrub.Kind
}{
	"dc:date":       {scrub.LabelDate, scrub.KindTime},
	"dc:identifier": {scrub.LabelDocumentID, scrub.KindOther},
	"dc:source":     {scrub.LabelLink, scrub.KindOther},
	"cc:license":    {scrub.LabelCopyright, scrub.KindOther},
}

// labelled gives every finding without a label (those of this package;
// embedded pictures' and imagemeta's come labelled) its label.
func labelled(fs []scrub.Finding) []scrub.Finding {
	for i := range fs {
		f := &fs[i]
		if l, ok := metadataLabels[f.Field]; ok && f.Where == whereMetadata {
			f.Label, f.Kind = l.label, l.kind
		}
		if f.Label != "" {
			continue
		}
		if l, ok := fieldLabels[f.Field]; ok {
			f.Label, f.Minor = l.label, l.minor
			continue
		}
		f.Label = imagemeta.LabelOf(f.Field, f.Kind)
	}
	return fs
}
