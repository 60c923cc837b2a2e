package ooxml_test

import "testing"

const (
	pNS   = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"`
	ctPML = "application/vnd.openxmlformats-officedocument.presentationml."
	p188  = "http://schemas.microsoft.com/office/powerpoint/2018/8/main"
)

func spTree(shapes string) string {
	return `<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>` + shapes + `</p:spTree></p:cSld>`
}

func textBox(id, text string) string {
	return `<p:sp><p:nvSpPr><p:cNvPr id="` + id + `" name="TextBox ` + id + `"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>` +
		`<p:spPr><a:xfrm><a:off x="457200" y="457200"/><a:ext cx="6000000" cy="800000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>` +
		`<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>` + text + `</a:t></a:r></a:p></p:txBody></p:sp>`
}

const themeXML = xmlDecl + `<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="PLANT-THEME-NAME"><a:themeElements>` +
	`<a:clrScheme name="PLANT-CLRSCHEME"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>` +
	`<a:dk2><a:srgbClr val="1F497D"/></a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2><a:accent1><a:srgbClr val="4F81BD"/></a:accent1><a:accent2><a:srgbClr val="C0504D"/></a:accent2>` +
	`<a:accent3><a:srgbClr val="9BBB59"/></a:accent3><a:accent4><a:srgbClr val="8064A2"/></a:accent4><a:accent5><a:srgbClr val="4BACC6"/></a:accent5><a:accent6><a:srgbClr val="F79646"/></a:accent6>` +
	`<a:hlink><a:srgbClr val="0000FF"/></a:hlink><a:folHlink><a:srgbClr val="800080"/></a:folHlink></a:clrScheme>` +
	`<a:fontScheme name="PLANT-FONTSCHEME"><a:majorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>` +
	`<a:fmtScheme name="PLANT-FMTSCHEME"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst>` +
	`<a:lnStyleLst><a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="25400"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="38100"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>` +
	`<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>` +
	`<a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme>` +
	`</a:themeElements></a:theme>`

// pptxFixture is a PowerPoint presentation with a planted value in every
// place the cleaner must empty.
func pptxFixture(t testing.TB) fx {
	f := &fixture{comment: "PLANT-ZIP-COMMENT"}
	f.add("_rels/.rels", "", rels(
		"rId1|"+relR+"officeDocument|ppt/presentation.xml",
		"rId2|"+relPkg+"metadata/core-properties|docProps/core.xml",
		"rId3|"+relR+"extended-properties|docProps/app.xml",
		"rId4|"+relPkg+"metadata/thumbnail|docProps/thumbnail.jpeg"))
	f.add("docProps/core.xml", ctCore, coreXML("PPLANT"))
	f.add("docProps/app.xml", ctApp, appXML("PPLANT"))
	f.add("docProps/thumbnail.jpeg", "", thumbnailJPEG("PLANT-PPT-THUMBNAIL"))
	f.add("ppt/presentation.xml", ctPML+"presentation.main+xml", xmlDecl+`<p:presentation `+pNS+` saveSubsetFonts="1">`+
		`<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>`+
		`<p:handoutMasterIdLst><p:handoutMasterId r:id="rId10"/></p:handoutMasterIdLst><p:sldIdLst><p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId3"/></p:sldIdLst>`+
		`<p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/><p:custDataLst><p:tags r:id="rId4"/></p:custDataLst></p:presentation>`)
	f.add("ppt/_rels/presentation.xml.rels", "", rels(
		"rId1|"+relR+"slideMaster|slideMasters/slideMaster1.xml",
		"rId2|"+relR+"slide|slides/slide1.xml",
		"rId3|"+relR+"slide|slides/slide2.xml",
		"rId4|"+relR+"tags|tags/tag1.xml",
		"rId5|"+relR+"commentAuthors|commentAuthors.xml",
		"rId6|"+relMS18+"authors|authors.xml",
		"rId7|http://schemas.microsoft.com/office/2015/10/relationships/revisionInfo|revisionInfo.xml",
		"rId8|http://schemas.microsoft.com/office/2016/11/relationships/changesInfo|changesInfos/changesInfo1.xml",
		"rId9|"+relR+"theme|theme/theme1.xml",
		"rId10|"+relR+"handoutMaster|handoutMasters/handoutMaster1.xml"))
	// A template's copyright footer on the handout master, shown only on
	// printed handouts.
	f.add("ppt/handoutMasters/handoutMaster1.xml", ctPML+"handoutMaster+xml", xmlDecl+`<p:handoutMaster `+pNS+`>`+
		spTree(textBox("2", "PLANT-HANDOUT-FOOTER"))+`</p:handoutMaster>`)
	f.add("ppt/handoutMasters/_rels/handoutMaster1.xml.rels", "", rels("rId1|"+relR+"theme|../theme/theme1.xml"))
	f.add("ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml", themeXML)
	f.add("ppt/slideMasters/slideMaster1.xml", ctPML+"slideMaster+xml", xmlDecl+`<p:sldMaster `+pNS+`>`+spTree("")+
		`<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>`+
		`<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>`)
	f.add("ppt/slideMasters/_rels/slideMaster1.xml.rels", "", rels("rId1|"+relR+"slideLayout|../slideLayouts/slideLayout1.xml", "rId2|"+relR+"theme|../theme/theme1.xml"))
	f.add("ppt/slideLayouts/slideLayout1.xml", ctPML+"slideLayout+xml", xmlDecl+`<p:sldLayout `+pNS+` type="blank">`+spTree("")+`<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>`)
	f.add("ppt/slideLayouts/_rels/slideLayout1.xml.rels", "", rels("rId1|"+relR+"slideMaster|../slideMasters/slideMaster1.xml"))
	pic := `<p:pic><p:nvPicPr><p:cNvPr id="3" name="Picture 2" descr="/Users/PLANT-PPT-DESCR/Desktop/photo.png"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>` +
		`<p:blipFill><a:blip r:embed="rId4"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="457200" y="2000000"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`
	f.add("ppt/slides/slide1.xml", ctPML+"slide+xml", xmlDecl+`<p:sld `+pNS+`>`+spTree(textBox("2", "VISIBLE-SLIDE-TEXT")+pic)+
		`<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr><p:extLst><p:ext uri="{6950BFC3-D8DA-4A85-94F7-54DA5524770B}"><p188:commentRel xmlns:p188="`+p188+`" r:id="rId3"/></p:ext></p:extLst></p:sld>`)
	f.add("ppt/slides/_rels/slide1.xml.rels", "", rels(
		"rId1|"+relR+"slideLayout|../slideLayouts/slideLayout1.xml",
		"rId2|"+relR+"notesSlide|../notesSlides/notesSlide1.xml",
		"rId3|"+relMS18+"comments|../comments/modernComment_100_1.xml",
		"rId4|"+relR+"image|../media/image1.png",
		"rId5|"+relR+"comments|../comments/comment1.xml"))
	f.add("ppt/slides/slide2.xml", ctPML+"slide+xml", xmlDecl+`<p:sld `+pNS+` show="0">`+spTree(textBox("2", "HIDDEN-SLIDE-TEXT"))+`<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`)
	f.add("ppt/slides/_rels/slide2.xml.rels", "", rels("rId1|"+relR+"slideLayout|../slideLayouts/slideLayout1.xml"))
	f.add("ppt/notesSlides/notesSlide1.xml", ctPML+"notesSlide+xml", xmlDecl+`<p:notes `+pNS+`>`+spTree(
		`<p:sp><p:nvSpPr><p:cNvPr id="2" name="Notes Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/>`+
			`<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>SPEAKER-NOTES-TEXT</a:t></a:r></a:p></p:txBody></p:sp>`)+`</p:notes>`)
	f.add("ppt/notesSlides/_rels/notesSlide1.xml.rels", "", rels("rId1|"+relR+"slide|../slides/slide1.xml"))
	f.add("ppt/media/image1.png", "", pngWith(t, "PLANT-PPT-PNG"))
	f.add("ppt/comments/comment1.xml", ctPML+"comments+xml",
		xmlDecl+`<p:cmLst `+pNS+`><p:cm authorId="0" dt="2031-07-08T09:10:11.000" idx="1"><p:pos x="10" y="10"/><p:text>PLANT-PPT-COMMENT</p:text></p:cm></p:cmLst>`)
	f.add("ppt/commentAuthors.xml", ctPML+"commentAuthors+xml",
		xmlDecl+`<p:cmAuthorLst `+pNS+`><p:cmAuthor id="0" name="PLANT-PPT-AUTHOR" initials="PPA" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>`)
	f.add("ppt/comments/modernComment_100_1.xml", "application/vnd.ms-powerpoint.comments+xml",
		xmlDecl+`<p188:cmLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p188="`+p188+`"><p188:cm id="{00000000-0000-0000-0000-000000000001}" authorId="{PLANT-MODERN-AUTHOR-ID}" created="2031-07-08T09:10:11.000">`+
			`<p188:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>PLANT-MODERN-COMMENT</a:t></a:r></a:p></p188:txBody></p188:cm></p188:cmLst>`)
	f.add("ppt/authors.xml", "application/vnd.ms-powerpoint.authors+xml",
		xmlDecl+`<p188:authorLst xmlns:p188="`+p188+`"><p188:author id="{PLANT-MODERN-AUTHOR-ID}" name="PLANT-MODERN-AUTHOR" initials="PMA" userId="PLANT-MODERN-USERID" providerId="AD"/></p188:authorLst>`)
	f.add("ppt/revisionInfo.xml", "application/vnd.ms-powerpoint.revisioninfo+xml",
		xmlDecl+`<p1510:revInfo xmlns:p1510="http://schemas.microsoft.com/office/powerpoint/2015/10/main"><p1510:revLst><p1510:client id="{PLANT-REVINFO-CLIENT}" v="12" dt="2031-07-08T09:10:11.000"/></p1510:revLst></p1510:revInfo>`)
	f.add("ppt/changesInfos/changesInfo1.xml", "application/vnd.ms-powerpoint.changesinfo+xml",
		xmlDecl+`<pc:chgInfo xmlns:pc="http://schemas.microsoft.com/office/powerpoint/2013/main/command"><pc:docChgLst><pc:chgData name="PLANT-CHANGE-USER" userId="PLANT-CHANGE-USERID" providerId="AD"/></pc:docChgLst></pc:chgInfo>`)
	f.add("ppt/tags/tag1.xml", ctPML+"tags+xml", xmlDecl+`<p:tagLst `+pNS+`><p:tag name="PLANT-TAG-NAME" val="PLANT-TAG-VALUE"/></p:tagLst>`)

	planted := append(corePlants("PPLANT")[:17], "PLANT-ZIP-COMMENT", "PLANT-MEMBER-COMMENT", "PLANT-PPT-THUMBNAIL", "PLANT-THEME-NAME", "PLANT-CLRSCHEME",
		"PLANT-FONTSCHEME", "PLANT-FMTSCHEME", "PLANT-PPT-DESCR", "PLANT-PPT-PNG", "PLANT-PPT-COMMENT", "PLANT-PPT-AUTHOR", "PLANT-MODERN-AUTHOR-ID",
		"PLANT-MODERN-COMMENT", "PLANT-MODERN-AUTHOR", "PLANT-MODERN-USERID", "PLANT-REVINFO-CLIENT", "PLANT-CHANGE-USER", "PLANT-CHANGE-USERID",
		"PLANT-TAG-NAME", "PLANT-TAG-VALUE", "2031-07-08T09:10:11", "PLANT-HANDOUT-FOOTER",
		"{6950BFC3-D8DA-4A85-94F7-54DA5524770B}") // the extension emptied by removing the comment reference goes too
	visible := []string{"VISIBLE-SLIDE-TEXT", "HIDDEN-SLIDE-TEXT", "SPEAKER-NOTES-TEXT"}
	reported := []string{"speaker notes", "hidden slide"}
	return fx{f.bytes(t), planted, visible, reported, visible, []string{"PLANT-PPT-COMMENT", "PLANT-MODERN-COMMENT"}}
}
