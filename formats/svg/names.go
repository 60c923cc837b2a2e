package svg

import "strings"

// Namespaces.
const (
	nsSVG    = "http://www.w3.org/2000/svg"
	nsXLink  = "http://www.w3.org/1999/xlink"
	nsXML    = "http://www.w3.org/XML/1998/namespace"
	nsXHTML  = "http://www.w3.org/1999/xhtml"
	nsMathML = "http://www.w3.org/1998/Math/MathML"

	nsRDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsXMP = "adobe:ns:meta/"
	nsCC  = "http://creativecommons.org/ns#"
	nsCC0 = "http://web.resource.org/cc/"

	nsInkscape = "http://www.inkscape.org/namespaces/inkscape"
	nsSodipodi = "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
	nsAI       = "http://ns.adobe.com/AdobeIllustrator/10.0/"
)

// keptNS reports whether markup in namespace uri can stay: SVG itself,
// XLink, the XML namespace, and (inside foreignObject) XHTML and MathML.
func keptNS(uri string) bool {
	switch uri {
	case nsSVG, nsXLink, nsXML, nsXHTML, nsMathML:
		return true
	}
	return false
}

// editors names the namespaces drawing programs keep their own data in:
// it is removed, and listed as program settings rather than as unknown
// data.
var editors = map[string]string{
	nsInkscape:                               "Inkscape",
	nsSodipodi:                               "Inkscape",
	nsAI:                                     "Illustrator",
	"http://ns.adobe.com/Extensibility/1.0/": "Illustrator",
	"http://ns.adobe.com/Graphs/1.0/":        "Illustrator",
	"http://ns.adobe.com/Variables/1.0/":     "Illustrator",
	"http://ns.adobe.com/ImageReplacement/1.0/":              "Illustrator",
	"http://ns.adobe.com/SaveForWeb/1.0/":                    "Illustrator",
	"http://ns.adobe.com/GenericCustomNamespace/1.0/":        "Illustrator",
	"http://ns.adobe.com/XPath/1.0/":                         "Illustrator",
	"http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/":      "Adobe SVG Viewer",
	"http://www.bohemiancoding.com/sketch/ns":                "Sketch",
	"http://www.serif.com/":                                  "Affinity",
	"https://boxy-svg.com":                                   "Boxy SVG",
	"http://vectornator.io":                                  "Vectornator",
	"http://www.corel.com/coreldraw/svg":                     "CorelDRAW",
	"http://www.figma.com/figma/ns":                          "Figma",
	"http://krita.org/namespaces/svg/krita":                  "Krita",
	"http://www.openswatchbook.org/uri/2009/osb":             "Inkscape",
	"http://ns.adobe.com/AdobeIllustrator/10.0/graphs/":      "Illustrator",
	"http://purl.org/dc/elements/1.1/":                       "metadata",
	"http://creativecommons.org/ns#":                         "metadata",
	"http://web.resource.org/cc/":                            "metadata",
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#":            "metadata",
	"adobe:ns:meta/":                                         "metadata",
	"http://schemas.microsoft.com/visio/2003/SVGExtensions/": "Visio",
	"http://xml.openoffice.org/svg/export":                   "LibreOffice",
	"http://sun.com/xmlns/staroffice/presentation":           "LibreOffice",
	"urn:oasis:names:tc:opendocument:xmlns:animation:1.0":    "LibreOffice",
	"http://www.w3.org/2001/SMIL20/":                         "LibreOffice",
	"http://sozi.baierouge.fr":                               "Sozi",
}

// elements are the names of SVG elements (SVG 1.1, SVG 2, SVG Tiny 1.2,
// and the flowed text Inkscape writes in the SVG namespace). Any other
// element in the SVG namespace is removed.
var elements = set(`a altGlyph altGlyphDef altGlyphItem animate animateColor animateMotion
animateTransform animation audio canvas circle clipPath color-profile cursor defs desc discard ellipse
feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR
feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight
feSpecularLighting feSpotLight feTile feTurbulence filter flowDiv flowLine flowPara flowRef
flowRegion flowRegionExclude flowRoot flowSpan font font-face font-face-format font-face-name
font-face-src font-face-uri foreignObject g glyph glyphRef handler hatch hatchpath hkern
iframe image line linearGradient listener marker mask mesh meshgradient meshpatch meshrow
metadata missing-glyph mpath path pattern polygon polyline prefetch radialGradient rect
script set solidColor solidcolor stop style svg switch symbol tbreak text textArea textPath
title tref tspan unknown use video view vkern`)

// attributes are the names of SVG attributes without a namespace:
// geometry, presentation, animation, filters, fonts, linking,
// conditional processing, accessibility. Any other attribute without a
// namespace on an SVG element is removed (aria-* attributes stay too).
var attributes = set(`accent-height accumulate additive alignment-baseline alphabetic amplitude
arabic-form ascent attributeName attributeType azimuth baseFrequency baseProfile baseline-shift
bbox begin bias by calcMode cap-height class clip clip-path clip-rule clipPathUnits color
color-interpolation color-interpolation-filters color-profile color-rendering
contentScriptType contentStyleType crossorigin cursor cx cy d descent diffuseConstant direction
display divisor dominant-baseline download dur dx dy edgeMode elevation enable-background end
exponent externalResourcesRequired fill fill-opacity fill-rule filter filterRes filterUnits
flood-color flood-opacity focusable font font-family font-feature-settings font-kerning
font-size font-size-adjust font-stretch font-style font-variant font-variant-caps
font-variant-east-asian font-variant-ligatures font-variant-numeric font-variant-position
font-weight format fr from fx fy g1 g2 glyph-name glyph-orientation-horizontal
glyph-orientation-vertical glyphRef gradientTransform gradientUnits hanging hatchContentUnits
hatchUnits height horiz-adv-x horiz-origin-x horiz-origin-y href hreflang id ideographic
image-rendering in in2 inline-size intercept isolation k k1 k2 k3 k4 kernelMatrix
kernelUnitLength kerning keyPoints keySplines keyTimes lang lengthAdjust letter-spacing
lighting-color limitingConeAngle line-height local marker marker-end marker-mid marker-start
markerHeight markerUnits markerWidth mask mask-type maskContentUnits maskUnits mathematical
max media method min mix-blend-mode mode name numOctaves offset opacity operator order orient
orientation origin overflow overline-position overline-thickness paint-order panose-1 path
pathLength patternContentUnits patternTransform patternUnits ping pitch playbackorder
pointer-events points pointsAtX pointsAtY pointsAtZ preserveAlpha preserveAspectRatio
primitiveUnits r radius referrerpolicy refX refY rel rendering-intent repeatCount repeatDur
requiredExtensions requiredFeatures requiredFonts requiredFormats restart result role rotate rx
ry scale seed shape-inside shape-margin shape-padding shape-rendering shape-subtract side
slope solid-color solid-opacity spacing specularConstant specularExponent spreadMethod
startOffset stdDeviation stemh stemv stitchTiles stop-color stop-opacity
strikethrough-position strikethrough-thickness string stroke stroke-dasharray
stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity stroke-width
style surfaceScale systemLanguage tabindex tableValues target targetX targetY text-anchor
text-decoration text-decoration-color text-decoration-fill text-decoration-line
text-decoration-stroke text-decoration-style text-orientation text-overflow text-rendering
textLength timelinebegin title to transform transform-box transform-origin type u1 u2
underline-position underline-thickness unicode unicode-bidi unicode-range units-per-em
v-alphabetic v-hanging v-ideographic v-mathematical values vector-effect version vert-adv-y
vert-origin-x vert-origin-y viewBox viewTarget visibility white-space width widths
word-spacing writing-mode x x-height x1 x2 xChannelSelector y y1 y2 yChannelSelector z
zoomAndPan`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// knownAttribute reports whether an attribute without a namespace may
// stay on an SVG element.
func knownAttribute(local string) bool {
	return attributes[local] || strings.HasPrefix(local, "aria-")
}

// linkAttributes are the attributes without a namespace that hold a URL
// (SVG 2's href, and HTML's inside foreignObject).
var linkAttributes = set(`href src action formaction poster background cite data longdesc manifest codebase archive classid usemap icon srcset`)

// textElements hold text the reader sees (and screen readers read).
var textElements = set(`text tspan textPath tref altGlyph a flowRoot flowPara flowSpan flowDiv textArea title desc`)
