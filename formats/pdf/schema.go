package pdf

import (
	"regexp"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// The allowlists: for every kind of object a document needs (its role),
// the keys it keeps and what each key's value must be. A key not listed is
// dropped, with a finding (see dropKey); a value that is not what the key
// needs (a dictionary where a number belongs) is dropped too. Objects are
// reached only through these keys, so whatever no allowlisted key reaches
// is not written at all. Keys follow ISO 32000-1 and ISO 32000-2.

type role uint8

const (
	roleNone role = iota
	roleCatalog
	rolePagesNode
	rolePage
	roleResources
	roleContent // a content stream: page contents, Type 3 glyphs
	roleXObject // an image or a form, by its /Subtype
	roleImage
	roleForm
	roleGroup
	roleFont
	roleFontDescriptor
	roleFontFile
	roleFontSfnt // FontFile2, FontFile3: may be TrueType or OpenType
	roleCMap
	roleEncoding
	roleColorSpace
	roleICC
	roleLookup
	roleFunction
	rolePattern
	roleShading
	roleExtGState
	roleSoftMask
	roleProperties // a marked-content property list: an OCG, an OCMD or a plain dictionary
	roleOC         // an OCG or an OCMD
	roleOCG
	roleOCMD
	roleOCUsage
	roleOCProps
	roleOCConfig
	roleOCAS
	rolePropertyList
	roleAnnot
	roleAppearance
	roleMK
	roleField
	roleAcroForm
	roleAction
	roleFileSpec
	roleStructElem
	roleAttributes
	roleViewerPrefs
	roleMarkInfo
	roleOutputIntent
	roleURIDict
	roleSimple // an array (or dictionary) of numbers, names and strings
	roleDeviceNAttrs
	roleJBIG2Globals
	roleFontMap
	roleXObjectMap
	roleColorSpaceMap
	rolePatternMap
	roleShadingMap
	roleExtGStateMap
	rolePropertiesMap
	roleCharProcs
	roleFDMap
	roleOCGList // an OCG, or an array of them
	numRoles
)

type shape uint8

const (
	shapeDict         shape = iota + 1 // a dictionary
	shapeStream                        // a stream
	shapeDictOrStream                  // either (functions, patterns, shadings)
	shapeArray                         // an array
	shapeAny                           // the builder decides
)

// conv turns the value of an allowlisted key into its cleaned copy, or
// reports that it goes.
type conv func(d *doc, v types.Object, where string) (types.Object, bool)

type roleDef struct {
	shape shape
	keys  map[string]conv // allowlisted keys of a dictionary or stream
	// values, for dictionaries whose keys are names the document chose
	// (resource maps): every key is kept, its value has this role.
	values role
	// build replaces the generic dictionary walk.
	build func(d *doc, o types.Object, n int, where string) types.Object
	// payload transforms a stream's data (content streams, images,
	// colour profiles); streams without one are copied.
	payload func(d *doc, in types.StreamDict, out *types.StreamDict, n int, where string) error
}

var roles [numRoles]roleDef

// S keeps a simple value: a number, name, string or boolean, or an array
// of them.
var S conv = func(d *doc, v types.Object, _ string) (types.Object, bool) { return d.simpleValue(v, 0) }

// to keeps an object of role r (direct, or written as its own object).
func to(r role) conv {
	return func(d *doc, v types.Object, where string) (types.Object, bool) { return d.conv(v, r, where) }
}

// nameOr keeps a name, or an object of role r.
func nameOr(r role) conv {
	return func(d *doc, v types.Object, where string) (types.Object, bool) {
		if o, _ := d.resolve(v); o != nil {
			if n, ok := o.(types.Name); ok {
				return n, true
			}
		}
		return d.conv(v, r, where)
	}
}

// arrayOf keeps an array whose elements have role r; elements that go
// leave no hole.
func arrayOf(r role) conv {
	return func(d *doc, v types.Object, where string) (types.Object, bool) {
		a, _ := d.resolveArray(v)
		if a == nil {
			return nil, false
		}
		out := make(types.Array, 0, len(a))
		for _, e := range a {
			if o, ok := d.conv(e, r, where); ok {
				out = append(out, o)
			}
		}
		return out, true
	}
}

// oneOrArrayOf keeps an object of role r or an array of them.
func oneOrArrayOf(r role) conv {
	return func(d *doc, v types.Object, where string) (types.Object, bool) {
		if a, _ := d.resolveArray(v); a != nil {
			return arrayOf(r)(d, v, where)
		}
		return d.conv(v, r, where)
	}
}

// simpleDict keeps a small dictionary of simple values (border styles,
// transitions, CID system info): every key, as long as its value is
// simple.
var simpleDict conv = func(d *doc, v types.Object, _ string) (types.Object, bool) {
	in, _ := d.resolveDict(v)
	if in == nil {
		return nil, false
	}
	out := types.Dict{}
	for _, k := range sortedKeys(in) {
		if s, ok := d.simpleValue(in[k], 0); ok {
			out[k] = s
		}
	}
	return out, true
}

// streamKeys are kept on every stream. /Length is written by the writer;
// /F, /FFilter, /FDecodeParms (data in an external file) and /DL go.
var streamKeys = map[string]conv{"Filter": S, "DecodeParms": decodeParms}

var decodeParms conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	one := func(e types.Object) types.Object {
		in, _ := d.resolveDict(e)
		if in == nil {
			return nil
		}
		out := types.Dict{}
		for _, k := range sortedKeys(in) {
			if k == "JBIG2Globals" {
				if g, ok := d.conv(in[k], roleJBIG2Globals, where); ok {
					out[k] = g
				}
				continue
			}
			if s, ok := d.simpleValue(in[k], 0); ok {
				out[k] = s
			}
		}
		return out
	}
	if a, _ := d.resolveArray(v); a != nil {
		out := make(types.Array, len(a))
		for i, e := range a {
			out[i] = one(e)
		}
		return out, true
	}
	if o := one(v); o != nil {
		return o, true
	}
	return nil, false
}

func keys(m map[string]conv, more ...map[string]conv) map[string]conv {
	out := map[string]conv{}
	for _, mm := range append([]map[string]conv{m}, more...) {
		for k, v := range mm {
			out[k] = v
		}
	}
	return out
}

func simpleKeys(names ...string) map[string]conv {
	m := map[string]conv{}
	for _, n := range names {
		m[n] = S
	}
	return m
}

func init() {
	roles[roleCatalog] = roleDef{shape: shapeDict, build: buildCatalog}
	roles[rolePage] = roleDef{shape: shapeDict, build: buildPage}
	roles[roleResources] = roleDef{shape: shapeDict, keys: map[string]conv{
		"ExtGState": to(roleExtGStateMap), "ColorSpace": to(roleColorSpaceMap), "Pattern": to(rolePatternMap),
		"Shading": to(roleShadingMap), "XObject": to(roleXObjectMap), "Font": to(roleFontMap),
		"ProcSet": S, "Properties": to(rolePropertiesMap),
	}}
	roles[roleFontMap] = roleDef{shape: shapeDict, values: roleFont}
	roles[roleXObjectMap] = roleDef{shape: shapeDict, values: roleXObject, build: buildXObjectMap}
	roles[roleColorSpaceMap] = roleDef{shape: shapeDict, values: roleColorSpace}
	roles[rolePatternMap] = roleDef{shape: shapeDict, values: rolePattern}
	roles[roleShadingMap] = roleDef{shape: shapeDict, values: roleShading}
	roles[roleExtGStateMap] = roleDef{shape: shapeDict, values: roleExtGState}
	roles[rolePropertiesMap] = roleDef{shape: shapeDict, values: roleProperties}
	roles[roleCharProcs] = roleDef{shape: shapeDict, values: roleContent}
	roles[roleFDMap] = roleDef{shape: shapeDict, values: roleFontDescriptor}

	roles[roleContent] = roleDef{shape: shapeStream, keys: streamKeys, payload: contentPayload}
	roles[roleForm] = roleDef{shape: shapeStream, keys: keys(streamKeys, map[string]conv{
		"Type": S, "Subtype": S, "FormType": S, "BBox": S, "Matrix": S, "Resources": to(roleResources),
		"Group": to(roleGroup), "StructParent": S, "StructParents": S, "OC": to(roleOC), "Name": S,
	}), payload: contentPayload}
	roles[roleImage] = roleDef{shape: shapeStream, keys: keys(streamKeys, map[string]conv{
		"Type": S, "Subtype": S, "Width": S, "Height": S, "ColorSpace": to(roleColorSpace), "BitsPerComponent": S,
		"Intent": S, "ImageMask": S, "Mask": imageMask, "Decode": S, "Interpolate": S, "SMask": to(roleImage),
		"SMaskInData": S, "Name": S, "StructParent": S, "OC": to(roleOC), "Matte": S,
	}), payload: imagePayload}
	roles[roleGroup] = roleDef{shape: shapeDict, keys: map[string]conv{"Type": S, "S": S, "CS": to(roleColorSpace), "I": S, "K": S}}

	roles[roleFont] = roleDef{shape: shapeDict, keys: map[string]conv{
		"Type": S, "Subtype": S, "BaseFont": baseFont, "FirstChar": S, "LastChar": S, "Widths": S,
		"FontDescriptor": to(roleFontDescriptor), "Encoding": fontEncoding, "ToUnicode": nameOr(roleCMap),
		"DescendantFonts": arrayOf(roleFont), "CIDSystemInfo": simpleDict, "DW": S, "W": S, "DW2": S, "W2": S,
		"CIDToGIDMap": nameOr(roleFontFile), "FontBBox": S, "FontMatrix": S, "CharProcs": to(roleCharProcs),
		"Resources": to(roleResources), "Name": S,
	}}
	roles[roleFontDescriptor] = roleDef{shape: shapeDict, keys: map[string]conv{
		"Type": S, "FontName": S, "FontFamily": S, "FontStretch": S, "FontWeight": S, "Flags": S, "FontBBox": S,
		"ItalicAngle": S, "Ascent": S, "Descent": S, "Leading": S, "CapHeight": S, "XHeight": S, "StemV": S,
		"StemH": S, "AvgWidth": S, "MaxWidth": S, "MissingWidth": S, "FontFile": to(roleFontFile),
		"FontFile2": to(roleFontSfnt), "FontFile3": to(roleFontSfnt), "CharSet": S, "Style": simpleDict,
		"Lang": S, "FD": to(roleFDMap), "CIDSet": to(roleFontFile),
	}}
	roles[roleFontFile] = roleDef{shape: shapeStream, keys: keys(streamKeys, simpleKeys("Length1", "Length2", "Length3", "Subtype"))}
	roles[roleFontSfnt] = roleDef{shape: shapeStream, keys: roles[roleFontFile].keys, payload: fontFilePayload}
	// An encoding CMap (Type 0 fonts) or a ToUnicode CMap.
	roles[roleCMap] = roleDef{shape: shapeStream, keys: keys(streamKeys, map[string]conv{
		"Type": S, "CMapName": S, "CIDSystemInfo": simpleDict, "WMode": S, "UseCMap": nameOr(roleCMap),
	})}
	roles[roleEncoding] = roleDef{shape: shapeDict, keys: simpleKeys("Type", "BaseEncoding", "Differences")}

	roles[roleColorSpace] = roleDef{shape: shapeAny, build: buildColorSpace}
	roles[roleICC] = roleDef{shape: shapeStream, keys: keys(streamKeys, map[string]conv{
		"N": S, "Alternate": to(roleColorSpace), "Range": S,
	}), payload: iccPayload}
	roles[roleLookup] = roleDef{shape: shapeStream, keys: streamKeys}
	roles[roleDeviceNAttrs] = roleDef{shape: shapeDict, keys: map[string]conv{
		"Subtype": S, "Colorants": to(roleColorSpaceMap), "Process": processDict, "MixingHints": mixingHints,
	}}
	roles[roleFunction] = roleDef{shape: shapeDictOrStream, keys: keys(streamKeys, map[string]conv{
		"FunctionType": S, "Domain": S, "Range": S, "Size": S, "BitsPerSample": S, "Order": S, "Encode": S,
		"Decode": S, "C0": S, "C1": S, "N": S, "Functions": arrayOf(roleFunction), "Bounds": S,
	})}
	roles[rolePattern] = roleDef{shape: shapeDictOrStream, keys: keys(streamKeys, map[string]conv{
		"Type": S, "PatternType": S, "PaintType": S, "TilingType": S, "BBox": S, "XStep": S, "YStep": S,
		"Resources": to(roleResources), "Matrix": S, "Shading": to(roleShading), "ExtGState": to(roleExtGState),
	}), payload: contentPayload}
	roles[roleShading] = roleDef{shape: shapeDictOrStream, keys: keys(streamKeys, map[string]conv{
		"ShadingType": S, "ColorSpace": to(roleColorSpace), "Background": S, "BBox": S, "AntiAlias": S,
		"Coords": S, "Domain": S, "Function": oneOrArrayOf(roleFunction), "Extend": S, "Matrix": S,
		"BitsPerCoordinate": S, "BitsPerComponent": S, "BitsPerFlag": S, "Decode": S, "VerticesPerRow": S,
	})}
	roles[roleExtGState] = roleDef{shape: shapeDict, keys: map[string]conv{
		"Type": S, "LW": S, "LC": S, "LJ": S, "ML": S, "D": S, "RI": S, "OP": S, "op": S, "OPM": S,
		"Font": gsFont, "BG": nameOr(roleFunction), "BG2": nameOr(roleFunction), "UCR": nameOr(roleFunction),
		"UCR2": nameOr(roleFunction), "TR": transfer, "TR2": transfer, "FL": S, "SM": S, "SA": S, "BM": S,
		"SMask": nameOr(roleSoftMask), "CA": S, "ca": S, "AIS": S, "TK": S, "UseBlackPtComp": S, "HTO": S,
		"HT": halftone,
	}}
	roles[roleSoftMask] = roleDef{shape: shapeDict, keys: map[string]conv{
		"Type": S, "S": S, "G": to(roleForm), "BC": S, "TR": transfer,
	}}
	roles[roleJBIG2Globals] = roleDef{shape: shapeStream, keys: streamKeys}

	roles[roleProperties] = roleDef{shape: shapeDict}
	roles[roleOC] = roleDef{shape: shapeDict}
	roles[roleOCG] = roleDef{shape: shapeDict, keys: map[string]conv{
		"Type": S, "Name": ocgName, "Intent": S, "Usage": to(roleOCUsage),
	}}
	roles[roleOCUsage] = roleDef{shape: shapeDict, keys: map[string]conv{
		"Language": simpleDict, "Export": simpleDict, "Zoom": simpleDict, "Print": simpleDict, "View": simpleDict,
		"PageElement": simpleDict,
	}}
	roles[roleOCMD] = roleDef{shape: shapeDict, keys: map[string]conv{
		"Type": S, "OCGs": to(roleOCGList), "P": S, "VE": visibilityExpr,
	}}
	roles[roleOCGList] = roleDef{shape: shapeAny, build: buildOCGList}
	roles[roleOCProps] = roleDef{shape: shapeDict, keys: map[string]conv{
		"OCGs": arrayOf(roleOCG), "D": to(roleOCConfig), "Configs": arrayOf(roleOCConfig),
	}}
	roles[roleOCConfig] = roleDef{shape: shapeDict, keys: map[string]conv{
		"Name": S, "BaseState": S, "ON": arrayOf(roleOCG), "OFF": arrayOf(roleOCG), "Intent": S,
		"AS": arrayOf(roleOCAS), "Order": ocOrder, "ListMode": S, "RBGroups": ocGroups, "Locked": arrayOf(roleOCG),
	}}
	roles[roleOCAS] = roleDef{shape: shapeDict, keys: map[string]conv{"Event": S, "OCGs": arrayOf(roleOCG), "Category": S}}
	roles[rolePropertyList] = roleDef{shape: shapeDict, keys: map[string]conv{
		"Type": S, "Subtype": S, "MCID": S, "ActualText": altText, "Alt": altText, "E": altText, "Lang": S,
		"BBox": S, "Attached": S,
	}}

	roles[roleAnnot] = roleDef{shape: shapeDict, build: buildAnnot}
	roles[roleAppearance] = roleDef{shape: shapeDict, build: buildAppearance}
	roles[roleMK] = roleDef{shape: shapeDict, keys: map[string]conv{
		"R": S, "BC": S, "BG": S, "CA": visibleText, "RC": visibleText, "AC": visibleText, "I": to(roleForm),
		"RI": to(roleForm), "IX": to(roleForm), "IF": simpleDict, "TP": S,
	}}
	roles[roleField] = roleDef{shape: shapeDict, build: buildField}
	roles[roleAcroForm] = roleDef{shape: shapeDict, build: buildAcroForm}
	roles[roleAction] = roleDef{shape: shapeDict, build: buildAction}
	roles[roleFileSpec] = roleDef{shape: shapeAny, build: buildFileSpec}
	roles[roleStructElem] = roleDef{shape: shapeDict, build: buildStructElem}
	roles[roleAttributes] = roleDef{shape: shapeDictOrStream, build: buildAttributes}

	roles[roleViewerPrefs] = roleDef{shape: shapeDict, keys: simpleKeys("HideToolbar", "HideMenubar",
		"HideWindowUI", "FitWindow", "CenterWindow", "DisplayDocTitle", "NonFullScreenPageMode", "Direction",
		"ViewArea", "ViewClip", "PrintArea", "PrintClip", "PrintScaling", "Duplex", "PickTrayByPDFSize",
		"PrintPageRange", "NumCopies", "Enforce")}
	roles[roleMarkInfo] = roleDef{shape: shapeDict, keys: simpleKeys("Marked", "UserProperties", "Suspects")}
	roles[roleOutputIntent] = roleDef{shape: shapeDict, keys: map[string]conv{
		"Type": S, "S": S, "OutputCondition": S, "OutputConditionIdentifier": S, "RegistryName": S, "Info": S,
		"DestOutputProfile": to(roleICC),
	}}
	roles[roleURIDict] = roleDef{shape: shapeDict, keys: map[string]conv{"Base": uriBase}}
	roles[roleSimple] = roleDef{shape: shapeArray, build: func(d *doc, o types.Object, _ int, _ string) types.Object {
		v, _ := d.simpleValue(o, 1)
		return v
	}}
}

// buildXObjectMap keeps a map of XObjects, without the pictures the
// removal of hidden content left undrawn (in the maps the analysis read).
func buildXObjectMap(d *doc, o types.Object, n int, where string) types.Object {
	m, _ := o.(types.Dict)
	drop := len(d.dropImages) > 0 && d.xobjMaps[fontKey(n, m)]
	out := types.Dict{}
	for _, k := range sortedKeys(m) {
		v := m[k]
		if drop {
			if _, vn := d.resolve(v); d.dropImages[vn] {
				continue
			}
		}
		if x, ok := d.conv(v, roleXObject, where); ok {
			out[k] = x
		}
	}
	return out
}

// subsetTag is the prefix of an embedded subset's name ("ABCDEF+Arial").
var subsetTag = regexp.MustCompile(`^[A-Z]{6}\+`)

// baseFont keeps a font's name; the names of embedded subsets are
// reported (the tag can hint at the program that embedded them).
var baseFont conv = func(d *doc, v types.Object, _ string) (types.Object, bool) {
	o, ok := d.simpleValue(v, 0)
	if n, isName := o.(types.Name); isName && subsetTag.MatchString(string(n)) {
		d.reportAll("document", "font subset tags (they can hint at the software that made the file)", string(n), reportFont)
	}
	return o, ok
}

// fontEncoding keeps a font's /Encoding: a name, a differences
// dictionary (simple fonts) or a CMap stream (Type 0 fonts).
var fontEncoding conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	switch o, _ := d.resolve(v); o.(type) {
	case types.Name:
		return o, true
	case types.StreamDict:
		return d.conv(v, roleCMap, where)
	}
	return d.conv(v, roleEncoding, where)
}

// imageMask keeps an image's /Mask: a colour-key array, or a stencil
// mask image.
var imageMask conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	if a, _ := d.resolveArray(v); a != nil {
		return d.simpleValue(v, 0)
	}
	return d.conv(v, roleImage, where)
}

// transfer keeps a transfer function entry: a name, a function, or an
// array of functions and names.
var transfer conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	o, _ := d.resolve(v)
	switch t := o.(type) {
	case types.Name:
		return t, true
	case types.Array:
		out := make(types.Array, 0, len(t))
		for _, e := range t {
			if n, ok := e.(types.Name); ok {
				out = append(out, n)
			} else if f, ok := d.conv(e, roleFunction, where); ok {
				out = append(out, f)
			}
		}
		return out, true
	}
	return d.conv(v, roleFunction, where)
}

// halftone keeps a halftone given by name (/Default); halftone
// dictionaries and streams (device-dependent screening) go.
var halftone conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	if o, _ := d.resolve(v); o != nil {
		if n, ok := o.(types.Name); ok {
			return n, true
		}
	}
	d.dropKey("HT", v, where)
	return nil, false
}

// gsFont keeps an ExtGState /Font: [font size].
var gsFont conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	a, _ := d.resolveArray(v)
	if len(a) != 2 {
		return nil, false
	}
	f, ok := d.conv(a[0], roleFont, where)
	if !ok {
		return nil, false
	}
	size, _ := d.simpleValue(a[1], 0)
	return types.Array{f, size}, true
}

var processDict conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	in, _ := d.resolveDict(v)
	if in == nil {
		return nil, false
	}
	out := types.Dict{}
	if cs, ok := d.conv(in["ColorSpace"], roleColorSpace, where); ok {
		out["ColorSpace"] = cs
	}
	if c, ok := d.simpleValue(in["Components"], 0); ok {
		out["Components"] = c
	}
	return out, true
}

var mixingHints conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	in, _ := d.resolveDict(v)
	if in == nil {
		return nil, false
	}
	out := types.Dict{}
	for _, k := range []string{"Solidities", "PrintingOrder"} {
		if s, ok := simpleDictOrArray(d, in[k]); ok {
			out[k] = s
		}
	}
	if dg, _ := d.resolveDict(in["DotGain"]); dg != nil {
		g := types.Dict{}
		for _, k := range sortedKeys(dg) {
			if f, ok := d.conv(dg[k], roleFunction, where); ok {
				g[k] = f
			}
		}
		out["DotGain"] = g
	}
	return out, true
}

func simpleDictOrArray(d *doc, v types.Object) (types.Object, bool) {
	if a, _ := d.resolveArray(v); a != nil {
		return d.simpleValue(v, 0)
	}
	return simpleDict(d, v, "")
}

// buildOCGList keeps an OCMD's /OCGs: one OCG or an array of them.
func buildOCGList(d *doc, o types.Object, _ int, where string) types.Object {
	if a, ok := o.(types.Array); ok {
		out := make(types.Array, 0, len(a))
		for _, e := range a {
			if g, ok := d.conv(e, roleOCG, where); ok {
				out = append(out, g)
			}
		}
		return out
	}
	return nil
}

// visibilityExpr keeps an OCMD's visibility expression: nested arrays of
// /And, /Or, /Not and OCGs.
var visibilityExpr conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	return d.ocTree(v, where, 0, func(e types.Object) (types.Object, bool) {
		if o, _ := d.resolve(e); o != nil {
			if n, ok := o.(types.Name); ok {
				return n, true
			}
		}
		return d.conv(e, roleOCG, where)
	})
}

// ocOrder keeps an optional content configuration's /Order: nested arrays
// of OCGs and group labels (strings, shown in the layers panel).
var ocOrder conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	return d.ocTree(v, where, 0, func(e types.Object) (types.Object, bool) {
		if o, _ := d.resolve(e); o != nil {
			if s, ok := stringBytes(o); ok {
				d.visibleString(o)
				d.reportAll("document", "layer names", decodeText(s), reportLayer)
				return o, true
			}
		}
		return d.conv(e, roleOCG, where)
	})
}

// ocGroups keeps /RBGroups: an array of arrays of OCGs.
var ocGroups conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	return d.ocTree(v, where, 0, func(e types.Object) (types.Object, bool) { return d.conv(e, roleOCG, where) })
}

func (d *doc) ocTree(v types.Object, where string, depth int, leaf func(types.Object) (types.Object, bool)) (types.Object, bool) {
	a, _ := d.resolveArray(v)
	if a == nil || depth > maxNesting {
		return nil, false
	}
	out := make(types.Array, 0, len(a))
	for _, e := range a {
		if sub, _ := d.resolveArray(e); sub != nil {
			if s, ok := d.ocTree(e, where, depth+1, leaf); ok {
				out = append(out, s)
			}
			continue
		}
		if o, ok := leaf(e); ok {
			out = append(out, o)
		}
	}
	return out, true
}

// ocgName keeps a layer's name and reports it.
var ocgName conv = func(d *doc, v types.Object, _ string) (types.Object, bool) {
	o, ok := d.simpleValue(v, 0)
	if ok {
		if s, isStr := stringBytes(o); isStr {
			d.visibleString(o)
			d.reportAll("document", "layer names", decodeText(s), reportLayer)
		}
	}
	return o, ok
}

// visibleText keeps a string the reader sees (a button caption) and
// counts it as visible text.
var visibleText conv = func(d *doc, v types.Object, _ string) (types.Object, bool) {
	o, ok := d.simpleValue(v, 0)
	if ok {
		d.visibleString(o)
	}
	return o, ok
}

// buildColorSpace keeps a colour space: a name, or an array whose first
// element names the family (§8.6).
func buildColorSpace(d *doc, o types.Object, _ int, where string) types.Object {
	switch t := o.(type) {
	case types.Name:
		return t
	case types.Array:
		if len(t) == 0 {
			return nil
		}
		fam := d.name(t[0])
		out := types.Array{types.Name(fam)}
		arg := func(i int, c conv) bool {
			if i >= len(t) {
				return false
			}
			v, ok := c(d, t[i], where)
			if !ok {
				return false
			}
			out = append(out, v)
			return true
		}
		cs := to(roleColorSpace)
		switch fam {
		case "DeviceGray", "DeviceRGB", "DeviceCMYK", "Pattern", "G", "RGB", "CMYK":
			if len(t) > 1 {
				arg(1, cs)
			}
		case "CalGray", "CalRGB", "Lab":
			if !arg(1, simpleDict) {
				return nil
			}
		case "ICCBased":
			if !arg(1, to(roleICC)) {
				return nil
			}
		case "Indexed", "I":
			lookup := func(d *doc, v types.Object, where string) (types.Object, bool) {
				if s, ok := d.simpleValue(v, 0); ok {
					return s, true
				}
				return d.conv(v, roleLookup, where)
			}
			if !arg(1, cs) || !arg(2, S) || !arg(3, lookup) {
				return nil
			}
		case "Separation":
			if !arg(1, S) || !arg(2, cs) || !arg(3, nameOr(roleFunction)) {
				return nil
			}
		case "DeviceN":
			if !arg(1, S) || !arg(2, cs) || !arg(3, nameOr(roleFunction)) {
				return nil
			}
			if len(t) > 4 {
				arg(4, to(roleDeviceNAttrs))
			}
		default:
			return nil
		}
		return out
	}
	return nil
}
