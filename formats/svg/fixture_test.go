package svg_test

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"strings"
	"time"

	"github.com/scrub-project/scrub/internal/hostile"
)

// b64 encodes data for a data: URL, folded at 76 columns as Inkscape
// writes it.
func b64(data []byte) string {
	s := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\n")
		s = s[76:]
	}
	b.WriteString(s)
	return b.String()
}

// inkscape returns a drawing as Inkscape 1.x saves it ("Inkscape SVG"),
// with a value planted in every place the editor and the user leave
// identifying data, each starting with p.
func inkscape(p string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) ` + p + `-GENCOMMENT -->
<?` + p + `-PI some data?>
<svg
   width="120"
   height="90"
   viewBox="0 0 120 90"
   version="1.1"
   id="svg5"
   inkscape:version="1.2.2 (` + p + `-VERSION)"
   sodipodi:docname="` + p + `-DOCNAME.svg"
   inkscape:export-filename="/home/` + p + `-USER/Pictures/export.png"
   inkscape:export-xdpi="96"
   inkscape:export-ydpi="96"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <title id="title1">A drawing</title>
  <desc id="desc1">Created with ` + p + `-GENDESC.</desc>
  <sodipodi:namedview
     id="namedview7"
     pagecolor="#ffffff"
     bordercolor="#000000"
     inkscape:pageshadow="2"
     inkscape:document-units="mm"
     inkscape:current-layer="layer1"
     inkscape:window-width="1920"
     inkscape:pagecheckerboard="` + p + `-NAMEDVIEW" />
  <defs id="defs2">
    <linearGradient id="grad" inkscape:collect="always">
      <stop style="stop-color:#ff0000;stop-opacity:1" offset="0" id="stop1" />
      <stop style="stop-color:#0000ff;stop-opacity:1" offset="1" id="stop2" />
    </linearGradient>
    <style id="style1">/* ` + p + `-CSSCOMMENT */
.blue { fill: #0000ff; stroke: url(#grad) }
.tex { fill: url(file:///C:/Users/` + p + `-WINUSER/tex.png) }
</style>
  </defs>
  <metadata id="metadata1">
    <rdf:RDF>
      <cc:Work rdf:about="">
        <dc:format>image/svg+xml</dc:format>
        <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage" />
        <dc:title>` + p + `-WORKTITLE</dc:title>
        <dc:date>` + p + `-DATE</dc:date>
        <dc:creator><cc:Agent><dc:title>` + p + `-CREATOR</dc:title></cc:Agent></dc:creator>
        <dc:rights><cc:Agent><dc:title>` + p + `-RIGHTS</dc:title></cc:Agent></dc:rights>
        <dc:publisher><cc:Agent><dc:title>` + p + `-PUBLISHER</dc:title></cc:Agent></dc:publisher>
        <dc:contributor><cc:Agent><dc:title>` + p + `-CONTRIBUTOR</dc:title></cc:Agent></dc:contributor>
        <dc:identifier>` + p + `-IDENTIFIER</dc:identifier>
        <dc:source>` + p + `-SOURCE</dc:source>
        <dc:language>en</dc:language>
        <dc:subject><rdf:Bag><rdf:li>` + p + `-KEYWORD</rdf:li></rdf:Bag></dc:subject>
        <dc:description>` + p + `-WORKDESC</dc:description>
        <cc:license rdf:resource="http://creativecommons.org/licenses/by-sa/4.0/` + p + `-LICENSE" />
      </cc:Work>
    </rdf:RDF>
  </metadata>
  <g
     inkscape:label="` + p + `-LAYER"
     inkscape:groupmode="layer"
     id="layer1">
    <rect
       style="fill:#ff8000;stroke:#000000;stroke-width:2"
       id="rect1"
       width="50"
       height="30"
       x="10"
       y="10"
       sodipodi:nodetypes="` + p + `-NODETYPES" />
    <path class="blue" d="M 70,10 L 110,10 L 90,40 Z" id="path1" inkscape:connector-curvature="0" />
    <image
       width="16"
       height="16"
       x="10"
       y="50"
       id="image1"
       preserveAspectRatio="none"
       xlink:href="data:image/png;base64,` + b64(hostile.PNG(p+"-PNG")) + `" />
    <image
       width="16"
       height="16"
       x="30"
       y="50"
       id="image2"
       xlink:href="data:image/jpeg;base64,` + b64(hostile.JPEG(p+"-JPEG")) + `" />
    <image
       width="16"
       height="16"
       x="50"
       y="50"
       id="image3"
       sodipodi:absref="/home/` + p + `-ABSUSER/linked.png"
       xlink:href="file:///home/` + p + `-LINKUSER/Pictures/linked.png" />
    <text xml:space="preserve" x="70" y="70" style="font-size:8px;font-family:sans-serif" id="text1"><tspan sodipodi:role="line" id="tspan1" x="70" y="70">Hello</tspan></text>
  </g>
  <g inkscape:label="Notes" inkscape:groupmode="layer" id="layer2" style="display:none">
    <text x="5" y="85" style="font-size:6px">draft notes</text>
  </g>
</svg>
`)
}

// inkscapePlanted are the values inkscape plants.
func inkscapePlanted(p string) []string {
	var out []string
	for _, s := range []string{"GENCOMMENT", "PI", "VERSION", "DOCNAME", "USER", "GENDESC", "NAMEDVIEW",
		"CSSCOMMENT", "WINUSER", "WORKTITLE", "DATE", "CREATOR", "RIGHTS", "PUBLISHER", "CONTRIBUTOR",
		"IDENTIFIER", "SOURCE", "KEYWORD", "WORKDESC", "LICENSE", "LAYER", "NODETYPES",
		"PNG-AUTHOR", "JPEG-ARTIST", "JPEG-SERIAL", "JPEG-COMMENT", "ABSUSER", "LINKUSER"} {
		out = append(out, p+"-"+s)
	}
	return out
}

// illustrator returns a drawing as Adobe Illustrator's "SVG 1.1" export
// writes it with "Preserve Illustrator Editing Capabilities": a DOCTYPE
// declaring the namespaces as entities, a generator comment, the private
// i:pgf block, slices and variables in metadata, an XMP packet.
func illustrator(p string) []byte {
	return []byte(`<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 24.0.1, SVG Export Plug-In . SVG Version: 6.00 Build 0) ` + p + `-AIGEN -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
	<!ENTITY ns_extend "http://ns.adobe.com/Extensibility/1.0/">
	<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">
	<!ENTITY ns_graphs "http://ns.adobe.com/Graphs/1.0/">
	<!ENTITY ns_vars "http://ns.adobe.com/Variables/1.0/">
	<!ENTITY ns_imrep "http://ns.adobe.com/ImageReplacement/1.0/">
	<!ENTITY ns_sfw "http://ns.adobe.com/SaveForWeb/1.0/">
	<!ENTITY ns_custom "http://ns.adobe.com/GenericCustomNamespace/1.0/">
	<!ENTITY ns_adobe_xpath "http://ns.adobe.com/XPath/1.0/">
	<!ENTITY ns_svg "http://www.w3.org/2000/svg">
	<!ENTITY ns_xlink "http://www.w3.org/1999/xlink">
	<!ENTITY st0 "fill:#E8112D;">
	<!ENTITY st1 "font-family:'DejaVu Sans';font-size:12px;">
]>
<svg version="1.1" id="Layer_1" xmlns:x="&ns_extend;" xmlns:i="&ns_ai;" xmlns:graph="&ns_graphs;"
	 xmlns="&ns_svg;" xmlns:xlink="&ns_xlink;" x="0px" y="0px" width="120px" height="90px"
	 viewBox="0 0 120 90" enable-background="new 0 0 120 90" xml:space="preserve">
<metadata>
	<sfw  xmlns="&ns_sfw;">
		<slices></slices>
		<sliceSourceBounds  bottomLeftOrigin="true" height="90" width="120" x="0" y="0"></sliceSourceBounds>
	</sfw>
	<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 5.6-c148">
		<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
			<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
				xmp:CreatorTool="Adobe Illustrator 24.0 ` + p + `-TOOL" xmpMM:DocumentID="xmp.did:` + p + `-DOCID"
				xmpMM:InstanceID="xmp.iid:` + p + `-INSTANCE">
				<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Seq><rdf:li>` + p + `-AICREATOR</rdf:li></rdf:Seq></dc:creator>
			</rdf:Description>
		</rdf:RDF>
	</x:xmpmeta>
</metadata>
<switch>
	<foreignObject requiredExtensions="&ns_ai;" x="0" y="0" width="1" height="1">
		<i:pgfRef  xlink:href="#adobe_illustrator_pgf">
		</i:pgfRef>
	</foreignObject>
	<g i:extraneous="self">
		<g id="Ebene_1" i:layer="yes" i:dimmedPercent="50" i:rgbTrio="#4F008000FFFF" data-name="` + p + `-DATANAME">
			<rect x="10" y="10" style="&st0;" width="50" height="30"/>
			<circle fill="none" stroke="#0A1F44" stroke-width="3" stroke-miterlimit="10" cx="90" cy="60" r="15"/>
			<text transform="matrix(1 0 0 1 10 80)" style="&st1;">Bonjour</text>
		</g>
	</g>
</switch>
<i:pgf  id="adobe_illustrator_pgf">
	<![CDATA[
	eJzsvWmTHEdyIPodZvwPtR9kNmMrFDPujKxnMltUdY2kfRRmV` + p + `-PGF
	]]>
</i:pgf>
</svg>
`)
}

func illustratorPlanted(p string) []string {
	var out []string
	for _, s := range []string{"AIGEN", "TOOL", "DOCID", "INSTANCE", "AICREATOR", "DATANAME", "PGF"} {
		out = append(out, p+"-"+s)
	}
	return out
}

// others returns a drawing with what other programs and hand edits
// leave: a Sketch namespace and description, Affinity's serif:id,
// draw.io's copy of the diagram, scripts and event handlers, links
// climbing out of the folder, an xml-stylesheet with a local path, and a
// foreignObject with XHTML.
func others(p string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/css" href="file:///Users/` + p + `-MACUSER/styles/extra.css"?>
<svg width="100" height="60" viewBox="0 0 100 60" version="1.1" xmlns="http://www.w3.org/2000/svg"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:sketch="http://www.bohemiancoding.com/sketch/ns"
 xmlns:serif="http://www.serif.com/" content="&lt;mxfile host=&quot;` + p + `-DRAWIO&quot;&gt;" onload="alert('` + p + `-ONLOAD')">
  <desc>Created with Sketch.</desc>
  <script type="text/javascript"><![CDATA[ var who = "` + p + `-SCRIPT"; ]]></script>
  <g id="Page-1" stroke="none" fill="none" sketch:type="MSPage` + p + `-SKETCH" serif:id="` + p + `-SERIF">
    <rect x="5" y="5" width="40" height="20" fill="#336699" onclick="go('` + p + `-ONCLICK')"/>
    <a xlink:href="javascript:steal('` + p + `-JSLINK')"><circle cx="70" cy="15" r="10" fill="#993366"/></a>
    <use xlink:href="../../` + p + `-FOLDER/sprites.svg#icon" x="0" y="0"/>
    <image x="0" y="30" width="10" height="10" href="C:\Users\` + p + `-WIN2\pic.png"/>
    <foreignObject x="50" y="30" width="50" height="30">
      <div xmlns="http://www.w3.org/1999/xhtml" data-drawio-colors="` + p + `-DATAATTR" style="color:#000">Label<script>x="` + p + `-HTMLSCRIPT"</script></div>
    </foreignObject>
    <rect x="50" y="40" width="10" height="10" fill="#00ff00" data-foo="` + p + `-UNKNOWNATTR"/>
    <svg:bogus xmlns:svg="http://www.w3.org/2000/svg">` + p + `-BOGUS</svg:bogus>
  </g>
</svg>
`)
}

func othersPlanted(p string) []string {
	var out []string
	for _, s := range []string{"MACUSER", "DRAWIO", "ONLOAD", "SCRIPT", "SKETCH", "SERIF", "ONCLICK", "JSLINK",
		"FOLDER", "WIN2", "DATAATTR", "HTMLSCRIPT", "UNKNOWNATTR", "BOGUS"} {
		out = append(out, p+"-"+s)
	}
	return out
}

// gz compresses a drawing as .svgz, with a file name, time and comment
// in the header.
func gz(p string, svg []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Name = p + "-GZNAME.svg"
	w.Comment = p + "-GZCOMMENT"
	w.ModTime = time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)
	w.Write(svg)
	w.Close()
	return b.Bytes()
}
