package tiff

import "strconv"

// Tags the handler reads or rewrites (TIFF 6.0, TIFF/EP, DNG 1.6).
const (
	tagNewSubfileType   = 254
	tagSubfileType      = 255
	tagImageWidth       = 256
	tagImageLength      = 257
	tagCompression      = 259
	tagPhotometric      = 262
	tagStripOffsets     = 273
	tagOrientation      = 274
	tagStripByteCounts  = 279
	tagTileOffsets      = 324
	tagTileByteCounts   = 325
	tagSubIFDs          = 330
	tagJPEGTables       = 347
	tagXMP              = 700
	tagImageSourceData  = 37724
	tagICC              = 34675
	tagExifIFD          = 34665
	tagGPSIFD           = 34853
	tagInteropIFD       = 40965
	tagDNGVersion       = 50706
	tagUniqueCamera     = 50708
	tagAsShotICC        = 50831
	tagCurrentICC       = 50833
	photoCFA            = 32803
	photoLinearRaw      = 34892
	compJXL             = 52546
	tagCameraCalib1     = 50723
	tagCameraCalib2     = 50724
	tagCameraCalib3     = 52530
	tagDNGPrivateData   = 50740
	tagOriginalRawData  = 50828
	tagRawDataUniqueID  = 50781
	tagGeoKeyDirectory  = 34735
	tagGeoASCIIParams   = 34737
	tagGDALMetadata     = 42112
	tagOPIImageID       = 32781
	tagExtraProfiles    = 50933
	tagProfileName      = 50936
	tagAsShotProfile    = 50934
	tagProfileCopyright = 50942
	tagPreviewApp       = 50966
	tagPreviewAppVer    = 50967
	tagPreviewSettings  = 50968
	tagPreviewDateTime  = 50971
	tagCalibrationSig   = 50931
	tagProfileCalibSig  = 50932
)

// imageTags are the tags of an image IFD that decoding and display need,
// in a TIFF or a DNG. Everything else is dropped.
var imageTags = map[uint16]bool{
	254: true, 255: true, // NewSubfileType, SubfileType
	256: true, 257: true, 258: true, 259: true, // sizes, BitsPerSample, Compression
	262: true, 263: true, 266: true, // Photometric, Threshholding, FillOrder
	273: true, 274: true, 277: true, 278: true, 279: true, // strips, Orientation, SamplesPerPixel, RowsPerStrip
	280: true, 281: true, 282: true, 283: true, 284: true, // Min/MaxSampleValue, X/YResolution, PlanarConfiguration
	290: true, 291: true, 292: true, 293: true, 296: true, // GrayResponse, T4/T6Options, ResolutionUnit
	297: true, 301: true, 317: true, 318: true, 319: true, // PageNumber, TransferFunction, Predictor, WhitePoint, PrimaryChromaticities
	320: true, 321: true, 322: true, 323: true, 324: true, 325: true, // ColorMap, HalftoneHints, tiles
	330: true, 332: true, 334: true, 336: true, // SubIFDs, InkSet, NumberOfInks, DotRange
	338: true, 339: true, 340: true, 341: true, 342: true, // ExtraSamples, SampleFormat, SMin/SMaxSampleValue, TransferRange
	347: true,                                  // JPEGTables
	529: true, 530: true, 531: true, 532: true, // YCbCr*, ReferenceBlackWhite
	32995: true, 32996: true, 32997: true, 32998: true, // SGI Matteing, DataType, ImageDepth, TileDepth
	33421: true, 33422: true, // CFARepeatPatternDim, CFAPattern (TIFF/EP)
	34675: true, // ICC profile
	50674: true, // LercParameters, needed to decode LERC data
}

// dngTags are the DNG tags raw converters need to render the raw image:
// its layout, levels and colour calibration. The camera's serial number,
// its individual calibration, the original raw file, names and dates are
// not among them.
var dngTags = map[uint16]bool{
	50706: true, 50707: true, 50708: true, // DNGVersion, DNGBackwardVersion, UniqueCameraModel
	50710: true, 50711: true, 50712: true, // CFAPlaneColor, CFALayout, LinearizationTable
	50713: true, 50714: true, 50715: true, 50716: true, 50717: true, // black and white levels
	50718: true, 50719: true, 50720: true, // DefaultScale, DefaultCropOrigin, DefaultCropSize
	50721: true, 50722: true, 50725: true, 50726: true, // ColorMatrix1/2, ReductionMatrix1/2
	50727: true, 50728: true, 50729: true, // AnalogBalance, AsShotNeutral, AsShotWhiteXY
	50730: true, 50731: true, 50732: true, 50733: true, 50734: true, // BaselineExposure… LinearResponseLimit
	50737: true, 50738: true, 50739: true, // ChromaBlurRadius, AntiAliasStrength, ShadowScale
	50778: true, 50779: true, 50780: true, // CalibrationIlluminant1/2, BestQualityScale
	50829: true, 50830: true, // ActiveArea, MaskedAreas
	50831: true, 50832: true, 50833: true, 50834: true, // AsShot/Current ICC profile and matrices
	50879: true, 50935: true, // ColorimetricReference, NoiseReductionApplied
	50937: true, 50938: true, 50939: true, 50940: true, 50941: true, // ProfileHueSatMap*, ToneCurve, EmbedPolicy
	50964: true, 50965: true, 50970: true, // ForwardMatrix1/2, PreviewColorSpace
	50974: true, 50975: true, 50981: true, 50982: true, // SubTileBlockSize, RowInterleaveFactor, ProfileLookTable*
	51008: true, 51009: true, 51022: true, 51041: true, // OpcodeList1-3, NoiseProfile
	51089: true, 51090: true, 51091: true, // Original*Size
	51107: true, 51108: true, 51109: true, 51110: true, 51112: true, // encodings, BaselineExposureOffset, DefaultBlackRender, RawToPreviewGain
	51125: true, 52525: true, // DefaultUserCrop, ProfileGainTableMap
	52529: true, 52531: true, 52532: true, 52533: true, 52534: true, 52535: true, // illuminant 3, ColorMatrix3, ForwardMatrix3, IlluminantData
	52536: true, 52537: true, 52538: true, 52539: true, // MaskSubArea, ProfileHueSatMapData3, ReductionMatrix3, RGBTables
}

// keptTag reports whether Clean keeps tag in an image IFD.
func keptTag(dng bool, tag uint16) bool {
	return imageTags[tag] || (dng && dngTags[tag])
}

// iccTags hold ICC profiles; Clean keeps them through imagemeta.CleanICC.
var iccTags = map[uint16]bool{tagICC: true, tagAsShotICC: true, tagCurrentICC: true}

// metaPointers point to metadata IFDs: read for the findings, dropped.
var metaPointers = map[uint16]bool{tagExifIFD: true, tagGPSIFD: true, tagInteropIFD: true}

// Compressions whose data is only pixels: nothing else can hide in it.
var plainCompressions = map[uint64]bool{
	1: true, 2: true, 3: true, 4: true, 5: true, 8: true, 32773: true, 32946: true, // none, CCITT, LZW, Deflate, PackBits
	32908: true, 32909: true, 34676: true, 34677: true, // Pixar, SGILog
	34887: true, 34925: true, 34926: true, 50000: true, // LERC, LZMA, Zstd (both numbers)
}

// JPEG compressions: each strip is a JPEG stream whose marker segments
// Clean filters.
var jpegCompressions = map[uint64]bool{7: true, 34892: true}

// rawCompressions are the camera makers' own raw encodings (exiftool's
// Compression table): a TIFF that uses one is a camera raw file.
var rawCompressions = map[uint64]bool{
	262: true, 32767: true, 32769: true, 32770: true, 32772: true, 32867: true, 34713: true, 65000: true, 65535: true,
}

var compressionNames = map[uint64]string{
	6: "old-style JPEG", 9: "JBIG", 10: "JBIG", 34661: "JBIG", 34715: "JBIG2", 34712: "JPEG 2000", 33003: "JPEG 2000", 33005: "JPEG 2000",
	34927: "WebP", 50001: "WebP", 50002: "JPEG XL", 34933: "PNG", 34934: "JPEG XR",
}

func compressionName(c uint64) string {
	if n, ok := compressionNames[c]; ok {
		return n
	}
	return "compression " + strconv.FormatUint(c, 10)
}

func tagName(tag uint16) string {
	switch tag {
	case tagExifIFD:
		return "Exif"
	case tagGPSIFD:
		return "GPS"
	case tagInteropIFD:
		return "Interop"
	}
	return "tag " + strconv.Itoa(int(tag))
}

const convertHint = "convert it to PNG or JPEG (e.g. export it from an image viewer) and clean that copy"
