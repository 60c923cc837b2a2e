package matroska

// Code generated from the Matroska specification's ebml_matroska.xml
// (ietf-wg-cellar/matroska-specification, RFC 9559) and RFC 8794's EBML
// header; the actions are scrub's choices. Edit the actions by hand.

import "github.com/scrub-project/scrub/scrub"

// Element IDs scrub handles by name.
const (
	idEBML        = 0x1A45DFA3
	idDocType     = 0x4282
	idMaxIDLength = 0x42F2
	idMaxSizeLen  = 0x42F3
	idSegment     = 0x18538067
	idSeekHead    = 0x114D9B74
	idSeek        = 0x4DBB
	idSeekID      = 0x53AB
	idSeekPos     = 0x53AC
	idInfo        = 0x1549A966
	idCluster     = 0x1F43B675
	idTracks      = 0x1654AE6B
	idTrackEntry  = 0xAE
	idCodecID     = 0x86
	idCodecPriv   = 0x63A2
	idCues        = 0x1C53BB6B
	idAttachments = 0x1941A469
	idAttached    = 0x61A7
	idFileName    = 0x466E
	idFileMedia   = 0x4660
	idFileData    = 0x465C
	idFileDesc    = 0x467E
	idChapters    = 0x1043A770
	idChapString  = 0x85
	idEditionStr  = 0x4521
	idTags        = 0x1254C367
	idTag         = 0x7373
	idSimpleTag   = 0x67C8
	idTagName     = 0x45A3
	idTagString   = 0x4487
	idTagBinary   = 0x4485
	idVoid        = 0xEC
	idCRC32       = 0xBF
)

// action is what cleaning does with an element.
type action byte

const (
	keep       action = iota // kept; a master's children are filtered in turn
	drop                     // removed, and reported
	neutral                  // kept with an empty value (a mandatory text)
	uidTrack                 // kept, renumbered: a track UID or a reference to one
	uidEdition               // kept, renumbered: an edition UID
	uidChapter               // kept, renumbered: a chapter UID
)

// def describes one element of the schema.
type def struct {
	name    string
	typ     byte   // m master, u uint, i int, f float, s ASCII, 8 UTF-8, b binary, d date
	parent  uint32 // the master it belongs in (0: top level)
	parent2 uint32 // a second possible parent (recursive elements)
	act     action
	label   scrub.Label // for dropped elements
	kind    scrub.Kind
	minor   bool
}

// defs is the schema: every element of Matroska and of the EBML header.
var defs = map[uint32]def{
	0x1A45DFA3: {name: "EBML", typ: 'm', parent: 0, act: keep},
	0x4286:     {name: "EBMLVersion", typ: 'u', parent: 0x1A45DFA3, act: keep},
	0x42F7:     {name: "EBMLReadVersion", typ: 'u', parent: 0x1A45DFA3, act: keep},
	0x42F2:     {name: "EBMLMaxIDLength", typ: 'u', parent: 0x1A45DFA3, act: keep},
	0x42F3:     {name: "EBMLMaxSizeLength", typ: 'u', parent: 0x1A45DFA3, act: keep},
	0x4282:     {name: "DocType", typ: 's', parent: 0x1A45DFA3, act: keep},
	0x4287:     {name: "DocTypeVersion", typ: 'u', parent: 0x1A45DFA3, act: keep},
	0x4285:     {name: "DocTypeReadVersion", typ: 'u', parent: 0x1A45DFA3, act: keep},
	0x4281:     {name: "DocTypeExtension", typ: 'm', parent: 0x1A45DFA3, act: keep},
	0x4283:     {name: "DocTypeExtensionName", typ: 's', parent: 0x4281, act: keep},
	0x4284:     {name: "DocTypeExtensionVersion", typ: 'u', parent: 0x4281, act: keep},
	0x18538067: {name: "Segment", typ: 'm', parent: 0, act: keep},
	0x114D9B74: {name: "SeekHead", typ: 'm', parent: 0x18538067, act: keep},
	0x4DBB:     {name: "Seek", typ: 'm', parent: 0x114D9B74, act: keep},
	0x53AB:     {name: "SeekID", typ: 'b', parent: 0x4DBB, act: keep},
	0x53AC:     {name: "SeekPosition", typ: 'u', parent: 0x4DBB, act: keep},
	0x1549A966: {name: "Info", typ: 'm', parent: 0x18538067, act: keep},
	0x73A4:     {name: "SegmentUUID", typ: 'b', parent: 0x1549A966, act: drop, label: scrub.LabelDocumentID, kind: scrub.KindEditHistory},
	0x7384:     {name: "SegmentFilename", typ: '8', parent: 0x1549A966, act: drop, label: scrub.LabelFilePath, kind: scrub.KindPath},
	0x3CB923:   {name: "PrevUUID", typ: 'b', parent: 0x1549A966, act: drop, label: scrub.LabelDocumentID, kind: scrub.KindEditHistory},
	0x3C83AB:   {name: "PrevFilename", typ: '8', parent: 0x1549A966, act: drop, label: scrub.LabelFilePath, kind: scrub.KindPath},
	0x3EB923:   {name: "NextUUID", typ: 'b', parent: 0x1549A966, act: drop, label: scrub.LabelDocumentID, kind: scrub.KindEditHistory},
	0x3E83BB:   {name: "NextFilename", typ: '8', parent: 0x1549A966, act: drop, label: scrub.LabelFilePath, kind: scrub.KindPath},
	0x4444:     {name: "SegmentFamily", typ: 'b', parent: 0x1549A966, act: drop, label: scrub.LabelDocumentID, kind: scrub.KindEditHistory},
	0x6924:     {name: "ChapterTranslate", typ: 'm', parent: 0x1549A966, act: drop, label: scrub.LabelPrivateData, kind: scrub.KindOther, minor: true},
	0x69A5:     {name: "ChapterTranslateID", typ: 'b', parent: 0x6924, act: keep},
	0x69BF:     {name: "ChapterTranslateCodec", typ: 'u', parent: 0x6924, act: keep},
	0x69FC:     {name: "ChapterTranslateEditionUID", typ: 'u', parent: 0x6924, act: keep},
	0x2AD7B1:   {name: "TimestampScale", typ: 'u', parent: 0x1549A966, act: keep},
	0x4489:     {name: "Duration", typ: 'f', parent: 0x1549A966, act: keep},
	0x4461:     {name: "DateUTC", typ: 'd', parent: 0x1549A966, act: drop, label: scrub.LabelCreated, kind: scrub.KindTime},
	0x7BA9:     {name: "Title", typ: '8', parent: 0x1549A966, act: drop, label: scrub.LabelTitle, kind: scrub.KindOther},
	0x4D80:     {name: "MuxingApp", typ: '8', parent: 0x1549A966, act: neutral},
	0x5741:     {name: "WritingApp", typ: '8', parent: 0x1549A966, act: neutral},
	0x1F43B675: {name: "Cluster", typ: 'm', parent: 0x18538067, act: keep},
	0xE7:       {name: "Timestamp", typ: 'u', parent: 0x1F43B675, act: keep},
	0x5854:     {name: "SilentTracks", typ: 'm', parent: 0x1F43B675, act: keep},
	0x58D7:     {name: "SilentTrackNumber", typ: 'u', parent: 0x5854, act: keep},
	0xA7:       {name: "Position", typ: 'u', parent: 0x1F43B675, act: keep},
	0xAB:       {name: "PrevSize", typ: 'u', parent: 0x1F43B675, act: keep},
	0xA3:       {name: "SimpleBlock", typ: 'b', parent: 0x1F43B675, act: keep},
	0xA0:       {name: "BlockGroup", typ: 'm', parent: 0x1F43B675, act: keep},
	0xA1:       {name: "Block", typ: 'b', parent: 0xA0, act: keep},
	0xA2:       {name: "BlockVirtual", typ: 'b', parent: 0xA0, act: keep},
	0x75A1:     {name: "BlockAdditions", typ: 'm', parent: 0xA0, act: keep},
	0xA6:       {name: "BlockMore", typ: 'm', parent: 0x75A1, act: keep},
	0xA5:       {name: "BlockAdditional", typ: 'b', parent: 0xA6, act: keep},
	0xEE:       {name: "BlockAddID", typ: 'u', parent: 0xA6, act: keep},
	0x9B:       {name: "BlockDuration", typ: 'u', parent: 0xA0, act: keep},
	0xFA:       {name: "ReferencePriority", typ: 'u', parent: 0xA0, act: keep},
	0xFB:       {name: "ReferenceBlock", typ: 'i', parent: 0xA0, act: keep},
	0xFD:       {name: "ReferenceVirtual", typ: 'i', parent: 0xA0, act: keep},
	0xA4:       {name: "CodecState", typ: 'b', parent: 0xA0, act: keep},
	0x75A2:     {name: "DiscardPadding", typ: 'i', parent: 0xA0, act: keep},
	0x8E:       {name: "Slices", typ: 'm', parent: 0xA0, act: keep},
	0xE8:       {name: "TimeSlice", typ: 'm', parent: 0x8E, act: keep},
	0xCC:       {name: "LaceNumber", typ: 'u', parent: 0xE8, act: keep},
	0xCD:       {name: "FrameNumber", typ: 'u', parent: 0xE8, act: keep},
	0xCB:       {name: "BlockAdditionID", typ: 'u', parent: 0xE8, act: keep},
	0xCE:       {name: "Delay", typ: 'u', parent: 0xE8, act: keep},
	0xCF:       {name: "SliceDuration", typ: 'u', parent: 0xE8, act: keep},
	0xC8:       {name: "ReferenceFrame", typ: 'm', parent: 0xA0, act: keep},
	0xC9:       {name: "ReferenceOffset", typ: 'u', parent: 0xC8, act: keep},
	0xCA:       {name: "ReferenceTimestamp", typ: 'u', parent: 0xC8, act: keep},
	0xAF:       {name: "EncryptedBlock", typ: 'b', parent: 0x1F43B675, act: keep},
	0x1654AE6B: {name: "Tracks", typ: 'm', parent: 0x18538067, act: keep},
	0xAE:       {name: "TrackEntry", typ: 'm', parent: 0x1654AE6B, act: keep},
	0xD7:       {name: "TrackNumber", typ: 'u', parent: 0xAE, act: keep},
	0x73C5:     {name: "TrackUID", typ: 'u', parent: 0xAE, act: uidTrack},
	0x83:       {name: "TrackType", typ: 'u', parent: 0xAE, act: keep},
	0xB9:       {name: "FlagEnabled", typ: 'u', parent: 0xAE, act: keep},
	0x88:       {name: "FlagDefault", typ: 'u', parent: 0xAE, act: keep},
	0x55AA:     {name: "FlagForced", typ: 'u', parent: 0xAE, act: keep},
	0x55AB:     {name: "FlagHearingImpaired", typ: 'u', parent: 0xAE, act: keep},
	0x55AC:     {name: "FlagVisualImpaired", typ: 'u', parent: 0xAE, act: keep},
	0x55AD:     {name: "FlagTextDescriptions", typ: 'u', parent: 0xAE, act: keep},
	0x55AE:     {name: "FlagOriginal", typ: 'u', parent: 0xAE, act: keep},
	0x55AF:     {name: "FlagCommentary", typ: 'u', parent: 0xAE, act: keep},
	0x9C:       {name: "FlagLacing", typ: 'u', parent: 0xAE, act: keep},
	0x6DE7:     {name: "MinCache", typ: 'u', parent: 0xAE, act: keep},
	0x6DF8:     {name: "MaxCache", typ: 'u', parent: 0xAE, act: keep},
	0x23E383:   {name: "DefaultDuration", typ: 'u', parent: 0xAE, act: keep},
	0x234E7A:   {name: "DefaultDecodedFieldDuration", typ: 'u', parent: 0xAE, act: keep},
	0x23314F:   {name: "TrackTimestampScale", typ: 'f', parent: 0xAE, act: keep},
	0x537F:     {name: "TrackOffset", typ: 'i', parent: 0xAE, act: keep},
	0x55EE:     {name: "MaxBlockAdditionID", typ: 'u', parent: 0xAE, act: keep},
	0x41E4:     {name: "BlockAdditionMapping", typ: 'm', parent: 0xAE, act: keep},
	0x41F0:     {name: "BlockAddIDValue", typ: 'u', parent: 0x41E4, act: keep},
	0x41A4:     {name: "BlockAddIDName", typ: 's', parent: 0x41E4, act: drop, label: scrub.LabelSettings, kind: scrub.KindOther, minor: true},
	0x41E7:     {name: "BlockAddIDType", typ: 'u', parent: 0x41E4, act: keep},
	0x41ED:     {name: "BlockAddIDExtraData", typ: 'b', parent: 0x41E4, act: keep},
	0x536E:     {name: "Name", typ: '8', parent: 0xAE, act: drop, label: scrub.LabelTitle, kind: scrub.KindOther},
	0x22B59C:   {name: "Language", typ: 's', parent: 0xAE, act: keep},
	0x22B59D:   {name: "LanguageBCP47", typ: 's', parent: 0xAE, act: keep},
	0x86:       {name: "CodecID", typ: 's', parent: 0xAE, act: keep},
	0x63A2:     {name: "CodecPrivate", typ: 'b', parent: 0xAE, act: keep},
	0x258688:   {name: "CodecName", typ: '8', parent: 0xAE, act: drop, label: scrub.LabelSoftware, kind: scrub.KindSoftware},
	0x7446:     {name: "AttachmentLink", typ: 'u', parent: 0xAE, act: drop, label: scrub.LabelAttachment, kind: scrub.KindAttachment, minor: true},
	0x3A9697:   {name: "CodecSettings", typ: '8', parent: 0xAE, act: drop, label: scrub.LabelSoftware, kind: scrub.KindSoftware},
	0x3B4040:   {name: "CodecInfoURL", typ: 's', parent: 0xAE, act: drop, label: scrub.LabelLink, kind: scrub.KindOther, minor: true},
	0x26B240:   {name: "CodecDownloadURL", typ: 's', parent: 0xAE, act: drop, label: scrub.LabelLink, kind: scrub.KindOther, minor: true},
	0xAA:       {name: "CodecDecodeAll", typ: 'u', parent: 0xAE, act: keep},
	0x6FAB:     {name: "TrackOverlay", typ: 'u', parent: 0xAE, act: keep},
	0x56AA:     {name: "CodecDelay", typ: 'u', parent: 0xAE, act: keep},
	0x56BB:     {name: "SeekPreRoll", typ: 'u', parent: 0xAE, act: keep},
	0x6624:     {name: "TrackTranslate", typ: 'm', parent: 0xAE, act: drop, label: scrub.LabelPrivateData, kind: scrub.KindOther, minor: true},
	0x66A5:     {name: "TrackTranslateTrackID", typ: 'b', parent: 0x6624, act: keep},
	0x66BF:     {name: "TrackTranslateCodec", typ: 'u', parent: 0x6624, act: keep},
	0x66FC:     {name: "TrackTranslateEditionUID", typ: 'u', parent: 0x6624, act: keep},
	0xE0:       {name: "Video", typ: 'm', parent: 0xAE, act: keep},
	0x9A:       {name: "FlagInterlaced", typ: 'u', parent: 0xE0, act: keep},
	0x9D:       {name: "FieldOrder", typ: 'u', parent: 0xE0, act: keep},
	0x53B8:     {name: "StereoMode", typ: 'u', parent: 0xE0, act: keep},
	0x53C0:     {name: "AlphaMode", typ: 'u', parent: 0xE0, act: keep},
	0x53B9:     {name: "OldStereoMode", typ: 'u', parent: 0xE0, act: keep},
	0xB0:       {name: "PixelWidth", typ: 'u', parent: 0xE0, act: keep},
	0xBA:       {name: "PixelHeight", typ: 'u', parent: 0xE0, act: keep},
	0x54AA:     {name: "PixelCropBottom", typ: 'u', parent: 0xE0, act: keep},
	0x54BB:     {name: "PixelCropTop", typ: 'u', parent: 0xE0, act: keep},
	0x54CC:     {name: "PixelCropLeft", typ: 'u', parent: 0xE0, act: keep},
	0x54DD:     {name: "PixelCropRight", typ: 'u', parent: 0xE0, act: keep},
	0x54B0:     {name: "DisplayWidth", typ: 'u', parent: 0xE0, act: keep},
	0x54BA:     {name: "DisplayHeight", typ: 'u', parent: 0xE0, act: keep},
	0x54B2:     {name: "DisplayUnit", typ: 'u', parent: 0xE0, act: keep},
	0x54B3:     {name: "AspectRatioType", typ: 'u', parent: 0xE0, act: keep},
	0x2EB524:   {name: "UncompressedFourCC", typ: 'b', parent: 0xE0, act: keep},
	0x2FB523:   {name: "GammaValue", typ: 'f', parent: 0xE0, act: keep},
	0x2383E3:   {name: "FrameRate", typ: 'f', parent: 0xE0, act: keep},
	0x55B0:     {name: "Colour", typ: 'm', parent: 0xE0, act: keep},
	0x55B1:     {name: "MatrixCoefficients", typ: 'u', parent: 0x55B0, act: keep},
	0x55B2:     {name: "BitsPerChannel", typ: 'u', parent: 0x55B0, act: keep},
	0x55B3:     {name: "ChromaSubsamplingHorz", typ: 'u', parent: 0x55B0, act: keep},
	0x55B4:     {name: "ChromaSubsamplingVert", typ: 'u', parent: 0x55B0, act: keep},
	0x55B5:     {name: "CbSubsamplingHorz", typ: 'u', parent: 0x55B0, act: keep},
	0x55B6:     {name: "CbSubsamplingVert", typ: 'u', parent: 0x55B0, act: keep},
	0x55B7:     {name: "ChromaSitingHorz", typ: 'u', parent: 0x55B0, act: keep},
	0x55B8:     {name: "ChromaSitingVert", typ: 'u', parent: 0x55B0, act: keep},
	0x55B9:     {name: "Range", typ: 'u', parent: 0x55B0, act: keep},
	0x55BA:     {name: "TransferCharacteristics", typ: 'u', parent: 0x55B0, act: keep},
	0x55BB:     {name: "Primaries", typ: 'u', parent: 0x55B0, act: keep},
	0x55BC:     {name: "MaxCLL", typ: 'u', parent: 0x55B0, act: keep},
	0x55BD:     {name: "MaxFALL", typ: 'u', parent: 0x55B0, act: keep},
	0x55D0:     {name: "MasteringMetadata", typ: 'm', parent: 0x55B0, act: keep},
	0x55D1:     {name: "PrimaryRChromaticityX", typ: 'f', parent: 0x55D0, act: keep},
	0x55D2:     {name: "PrimaryRChromaticityY", typ: 'f', parent: 0x55D0, act: keep},
	0x55D3:     {name: "PrimaryGChromaticityX", typ: 'f', parent: 0x55D0, act: keep},
	0x55D4:     {name: "PrimaryGChromaticityY", typ: 'f', parent: 0x55D0, act: keep},
	0x55D5:     {name: "PrimaryBChromaticityX", typ: 'f', parent: 0x55D0, act: keep},
	0x55D6:     {name: "PrimaryBChromaticityY", typ: 'f', parent: 0x55D0, act: keep},
	0x55D7:     {name: "WhitePointChromaticityX", typ: 'f', parent: 0x55D0, act: keep},
	0x55D8:     {name: "WhitePointChromaticityY", typ: 'f', parent: 0x55D0, act: keep},
	0x55D9:     {name: "LuminanceMax", typ: 'f', parent: 0x55D0, act: keep},
	0x55DA:     {name: "LuminanceMin", typ: 'f', parent: 0x55D0, act: keep},
	0x7670:     {name: "Projection", typ: 'm', parent: 0xE0, act: keep},
	0x7671:     {name: "ProjectionType", typ: 'u', parent: 0x7670, act: keep},
	0x7672:     {name: "ProjectionPrivate", typ: 'b', parent: 0x7670, act: keep},
	0x7673:     {name: "ProjectionPoseYaw", typ: 'f', parent: 0x7670, act: keep},
	0x7674:     {name: "ProjectionPosePitch", typ: 'f', parent: 0x7670, act: keep},
	0x7675:     {name: "ProjectionPoseRoll", typ: 'f', parent: 0x7670, act: keep},
	0xE1:       {name: "Audio", typ: 'm', parent: 0xAE, act: keep},
	0xB5:       {name: "SamplingFrequency", typ: 'f', parent: 0xE1, act: keep},
	0x78B5:     {name: "OutputSamplingFrequency", typ: 'f', parent: 0xE1, act: keep},
	0x9F:       {name: "Channels", typ: 'u', parent: 0xE1, act: keep},
	0x7D7B:     {name: "ChannelPositions", typ: 'b', parent: 0xE1, act: keep},
	0x6264:     {name: "BitDepth", typ: 'u', parent: 0xE1, act: keep},
	0x52F1:     {name: "Emphasis", typ: 'u', parent: 0xE1, act: keep},
	0xE2:       {name: "TrackOperation", typ: 'm', parent: 0xAE, act: keep},
	0xE3:       {name: "TrackCombinePlanes", typ: 'm', parent: 0xE2, act: keep},
	0xE4:       {name: "TrackPlane", typ: 'm', parent: 0xE3, act: keep},
	0xE5:       {name: "TrackPlaneUID", typ: 'u', parent: 0xE4, act: uidTrack},
	0xE6:       {name: "TrackPlaneType", typ: 'u', parent: 0xE4, act: keep},
	0xE9:       {name: "TrackJoinBlocks", typ: 'm', parent: 0xE2, act: keep},
	0xED:       {name: "TrackJoinUID", typ: 'u', parent: 0xE9, act: uidTrack},
	0xC0:       {name: "TrickTrackUID", typ: 'u', parent: 0xAE, act: drop, label: scrub.LabelDocumentID, kind: scrub.KindEditHistory, minor: true},
	0xC1:       {name: "TrickTrackSegmentUID", typ: 'b', parent: 0xAE, act: drop, label: scrub.LabelDocumentID, kind: scrub.KindEditHistory, minor: true},
	0xC6:       {name: "TrickTrackFlag", typ: 'u', parent: 0xAE, act: drop, label: scrub.LabelSettings, kind: scrub.KindOther, minor: true},
	0xC7:       {name: "TrickMasterTrackUID", typ: 'u', parent: 0xAE, act: drop, label: scrub.LabelDocumentID, kind: scrub.KindEditHistory, minor: true},
	0xC4:       {name: "TrickMasterTrackSegmentUID", typ: 'b', parent: 0xAE, act: drop, label: scrub.LabelDocumentID, kind: scrub.KindEditHistory, minor: true},
	0x6D80:     {name: "ContentEncodings", typ: 'm', parent: 0xAE, act: keep},
	0x6240:     {name: "ContentEncoding", typ: 'm', parent: 0x6D80, act: keep},
	0x5031:     {name: "ContentEncodingOrder", typ: 'u', parent: 0x6240, act: keep},
	0x5032:     {name: "ContentEncodingScope", typ: 'u', parent: 0x6240, act: keep},
	0x5033:     {name: "ContentEncodingType", typ: 'u', parent: 0x6240, act: keep},
	0x5034:     {name: "ContentCompression", typ: 'm', parent: 0x6240, act: keep},
	0x4254:     {name: "ContentCompAlgo", typ: 'u', parent: 0x5034, act: keep},
	0x4255:     {name: "ContentCompSettings", typ: 'b', parent: 0x5034, act: keep},
	0x5035:     {name: "ContentEncryption", typ: 'm', parent: 0x6240, act: keep},
	0x47E1:     {name: "ContentEncAlgo", typ: 'u', parent: 0x5035, act: keep},
	0x47E2:     {name: "ContentEncKeyID", typ: 'b', parent: 0x5035, act: keep},
	0x47E7:     {name: "ContentEncAESSettings", typ: 'm', parent: 0x5035, act: keep},
	0x47E8:     {name: "AESSettingsCipherMode", typ: 'u', parent: 0x47E7, act: keep},
	0x47E3:     {name: "ContentSignature", typ: 'b', parent: 0x5035, act: keep},
	0x47E4:     {name: "ContentSigKeyID", typ: 'b', parent: 0x5035, act: keep},
	0x47E5:     {name: "ContentSigAlgo", typ: 'u', parent: 0x5035, act: keep},
	0x47E6:     {name: "ContentSigHashAlgo", typ: 'u', parent: 0x5035, act: keep},
	0x1C53BB6B: {name: "Cues", typ: 'm', parent: 0x18538067, act: keep},
	0xBB:       {name: "CuePoint", typ: 'm', parent: 0x1C53BB6B, act: keep},
	0xB3:       {name: "CueTime", typ: 'u', parent: 0xBB, act: keep},
	0xB7:       {name: "CueTrackPositions", typ: 'm', parent: 0xBB, act: keep},
	0xF7:       {name: "CueTrack", typ: 'u', parent: 0xB7, act: keep},
	0xF1:       {name: "CueClusterPosition", typ: 'u', parent: 0xB7, act: keep},
	0xF0:       {name: "CueRelativePosition", typ: 'u', parent: 0xB7, act: keep},
	0xB2:       {name: "CueDuration", typ: 'u', parent: 0xB7, act: keep},
	0x5378:     {name: "CueBlockNumber", typ: 'u', parent: 0xB7, act: keep},
	0xEA:       {name: "CueCodecState", typ: 'u', parent: 0xB7, act: keep},
	0xDB:       {name: "CueReference", typ: 'm', parent: 0xB7, act: keep},
	0x96:       {name: "CueRefTime", typ: 'u', parent: 0xDB, act: keep},
	0x97:       {name: "CueRefCluster", typ: 'u', parent: 0xDB, act: keep},
	0x535F:     {name: "CueRefNumber", typ: 'u', parent: 0xDB, act: keep},
	0xEB:       {name: "CueRefCodecState", typ: 'u', parent: 0xDB, act: keep},
	0x1941A469: {name: "Attachments", typ: 'm', parent: 0x18538067, act: keep},
	0x61A7:     {name: "AttachedFile", typ: 'm', parent: 0x1941A469, act: keep},
	0x467E:     {name: "FileDescription", typ: '8', parent: 0x61A7, act: keep},
	0x466E:     {name: "FileName", typ: '8', parent: 0x61A7, act: keep},
	0x4660:     {name: "FileMediaType", typ: 's', parent: 0x61A7, act: keep},
	0x465C:     {name: "FileData", typ: 'b', parent: 0x61A7, act: keep},
	0x46AE:     {name: "FileUID", typ: 'u', parent: 0x61A7, act: keep},
	0x4675:     {name: "FileReferral", typ: 'b', parent: 0x61A7, act: keep},
	0x4661:     {name: "FileUsedStartTime", typ: 'u', parent: 0x61A7, act: keep},
	0x4662:     {name: "FileUsedEndTime", typ: 'u', parent: 0x61A7, act: keep},
	0x1043A770: {name: "Chapters", typ: 'm', parent: 0x18538067, act: keep},
	0x45B9:     {name: "EditionEntry", typ: 'm', parent: 0x1043A770, act: keep},
	0x45BC:     {name: "EditionUID", typ: 'u', parent: 0x45B9, act: uidEdition},
	0x45BD:     {name: "EditionFlagHidden", typ: 'u', parent: 0x45B9, act: keep},
	0x45DB:     {name: "EditionFlagDefault", typ: 'u', parent: 0x45B9, act: keep},
	0x45DD:     {name: "EditionFlagOrdered", typ: 'u', parent: 0x45B9, act: keep},
	0x4520:     {name: "EditionDisplay", typ: 'm', parent: 0x45B9, act: keep},
	0x4521:     {name: "EditionString", typ: '8', parent: 0x4520, act: keep},
	0x45E4:     {name: "EditionLanguageIETF", typ: 's', parent: 0x4520, act: keep},
	0xB6:       {name: "ChapterAtom", typ: 'm', parent: 0x45B9, parent2: 0xB6, act: keep},
	0x73C4:     {name: "ChapterUID", typ: 'u', parent: 0xB6, act: uidChapter},
	0x5654:     {name: "ChapterStringUID", typ: '8', parent: 0xB6, act: drop, label: scrub.LabelDocumentID, kind: scrub.KindEditHistory, minor: true},
	0x91:       {name: "ChapterTimeStart", typ: 'u', parent: 0xB6, act: keep},
	0x92:       {name: "ChapterTimeEnd", typ: 'u', parent: 0xB6, act: keep},
	0x98:       {name: "ChapterFlagHidden", typ: 'u', parent: 0xB6, act: keep},
	0x4598:     {name: "ChapterFlagEnabled", typ: 'u', parent: 0xB6, act: keep},
	0x6E67:     {name: "ChapterSegmentUUID", typ: 'b', parent: 0xB6, act: drop, label: scrub.LabelDocumentID, kind: scrub.KindEditHistory},
	0x4588:     {name: "ChapterSkipType", typ: 'u', parent: 0xB6, act: keep},
	0x6EBC:     {name: "ChapterSegmentEditionUID", typ: 'u', parent: 0xB6, act: drop, label: scrub.LabelDocumentID, kind: scrub.KindEditHistory, minor: true},
	0x63C3:     {name: "ChapterPhysicalEquiv", typ: 'u', parent: 0xB6, act: keep},
	0x8F:       {name: "ChapterTrack", typ: 'm', parent: 0xB6, act: keep},
	0x89:       {name: "ChapterTrackUID", typ: 'u', parent: 0x8F, act: uidTrack},
	0x80:       {name: "ChapterDisplay", typ: 'm', parent: 0xB6, act: keep},
	0x85:       {name: "ChapString", typ: '8', parent: 0x80, act: keep},
	0x437C:     {name: "ChapLanguage", typ: 's', parent: 0x80, act: keep},
	0x437D:     {name: "ChapLanguageBCP47", typ: 's', parent: 0x80, act: keep},
	0x437E:     {name: "ChapCountry", typ: 's', parent: 0x80, act: keep},
	0x6944:     {name: "ChapProcess", typ: 'm', parent: 0xB6, act: drop, label: scrub.LabelPrivateData, kind: scrub.KindOther, minor: true},
	0x6955:     {name: "ChapProcessCodecID", typ: 'u', parent: 0x6944, act: keep},
	0x450D:     {name: "ChapProcessPrivate", typ: 'b', parent: 0x6944, act: keep},
	0x6911:     {name: "ChapProcessCommand", typ: 'm', parent: 0x6944, act: keep},
	0x6922:     {name: "ChapProcessTime", typ: 'u', parent: 0x6911, act: keep},
	0x6933:     {name: "ChapProcessData", typ: 'b', parent: 0x6911, act: keep},
	0x1254C367: {name: "Tags", typ: 'm', parent: 0x18538067, act: keep},
	0x7373:     {name: "Tag", typ: 'm', parent: 0x1254C367, act: keep},
	0x63C0:     {name: "Targets", typ: 'm', parent: 0x7373, act: keep},
	0x68CA:     {name: "TargetTypeValue", typ: 'u', parent: 0x63C0, act: keep},
	0x63CA:     {name: "TargetType", typ: 's', parent: 0x63C0, act: keep},
	0x63C5:     {name: "TagTrackUID", typ: 'u', parent: 0x63C0, act: keep},
	0x63C9:     {name: "TagEditionUID", typ: 'u', parent: 0x63C0, act: keep},
	0x63C4:     {name: "TagChapterUID", typ: 'u', parent: 0x63C0, act: keep},
	0x63C6:     {name: "TagAttachmentUID", typ: 'u', parent: 0x63C0, act: keep},
	0x63C7:     {name: "TagBlockAddIDValue", typ: 'u', parent: 0x63C0, act: keep},
	0x67C8:     {name: "SimpleTag", typ: 'm', parent: 0x7373, parent2: 0x67C8, act: keep},
	0x45A3:     {name: "TagName", typ: '8', parent: 0x67C8, act: keep},
	0x447A:     {name: "TagLanguage", typ: 's', parent: 0x67C8, act: keep},
	0x447B:     {name: "TagLanguageBCP47", typ: 's', parent: 0x67C8, act: keep},
	0x4484:     {name: "TagDefault", typ: 'u', parent: 0x67C8, act: keep},
	0x44B4:     {name: "TagDefaultBogus", typ: 'u', parent: 0x67C8, act: keep},
	0x4487:     {name: "TagString", typ: '8', parent: 0x67C8, act: keep},
	0x4485:     {name: "TagBinary", typ: 'b', parent: 0x67C8, act: keep},
}
