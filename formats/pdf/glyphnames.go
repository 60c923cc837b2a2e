package pdf

import (
	"strconv"
	"strings"
)

// The text of a simple font's codes, for the findings that quote hidden
// text (ISO 32000-1 §9.6.6, Annex D): a base encoding, the /Differences
// glyph names, and the Adobe Glyph List names they use (the Latin ones:
// text in other scripts comes with a /ToUnicode map).

// winAnsiHigh are WinAnsiEncoding's codes 0x80–0x9F (Windows-1252); the
// codes above are Latin-1.
var winAnsiHigh = [32]rune{
	'€', '•', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '•', 'Ž', '•',
	'•', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '•', 'ž', 'Ÿ',
}

// macRomanHigh are MacRomanEncoding's codes 0x80–0xFF.
var macRomanHigh = []rune("ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»… ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ")

// standardHigh are StandardEncoding's codes 0xA1–0xFF (0 where none).
var standardHigh = map[byte]rune{
	0xa1: '¡', 0xa2: '¢', 0xa3: '£', 0xa4: '⁄', 0xa5: '¥', 0xa6: 'ƒ', 0xa7: '§', 0xa8: '¤', 0xa9: '\'',
	0xaa: '“', 0xab: '«', 0xac: '‹', 0xad: '›', 0xae: 'ﬁ', 0xaf: 'ﬂ', 0xb1: '–', 0xb2: '†', 0xb3: '‡',
	0xb4: '·', 0xb6: '¶', 0xb7: '•', 0xb8: '‚', 0xb9: '„', 0xba: '”', 0xbb: '»', 0xbc: '…', 0xbd: '‰',
	0xbf: '¿', 0xc1: '`', 0xc2: '´', 0xc3: 'ˆ', 0xc4: '˜', 0xc5: '¯', 0xc6: '˘', 0xc7: '˙', 0xc8: '¨',
	0xca: '˚', 0xcb: '¸', 0xcd: '˝', 0xce: '˛', 0xcf: 'ˇ', 0xd0: '—', 0xe1: 'Æ', 0xe3: 'ª', 0xe8: 'Ł',
	0xe9: 'Ø', 0xea: 'Œ', 0xeb: 'º', 0xf1: 'æ', 0xf5: 'ı', 0xf8: 'ł', 0xf9: 'ø', 0xfa: 'œ', 0xfb: 'ß',
}

// baseEncoding returns the text of the codes of a named encoding.
func baseEncoding(name string) [256]rune {
	var e [256]rune
	for c := 32; c < 127; c++ {
		e[c] = rune(c)
	}
	switch name {
	case "MacRomanEncoding":
		for i, r := range macRomanHigh {
			if 0x80+i < 256 {
				e[0x80+i] = r
			}
		}
	case "StandardEncoding":
		e['\''], e['`'] = '’', '‘'
		for c, r := range standardHigh {
			e[c] = r
		}
	default: // WinAnsiEncoding, PDFDocEncoding and fonts with their own
		for i, r := range winAnsiHigh {
			e[0x80+i] = r
		}
		for c := 0xa0; c < 256; c++ {
			e[c] = rune(c)
		}
	}
	return e
}

// glyphNames maps the Adobe Glyph List names of Latin text to their
// characters (single letters and "uniXXXX" are worked out).
var glyphNames = map[string]rune{
	"space": ' ', "exclam": '!', "quotedbl": '"', "numbersign": '#', "dollar": '$', "percent": '%',
	"ampersand": '&', "quotesingle": '\'', "quoteright": '’', "parenleft": '(', "parenright": ')',
	"asterisk": '*', "plus": '+', "comma": ',', "hyphen": '-', "period": '.', "slash": '/', "zero": '0',
	"one": '1', "two": '2', "three": '3', "four": '4', "five": '5', "six": '6', "seven": '7', "eight": '8',
	"nine": '9', "colon": ':', "semicolon": ';', "less": '<', "equal": '=', "greater": '>', "question": '?',
	"at": '@', "bracketleft": '[', "backslash": '\\', "bracketright": ']', "asciicircum": '^',
	"underscore": '_', "grave": '`', "quoteleft": '‘', "braceleft": '{', "bar": '|', "braceright": '}',
	"asciitilde": '~', "nbspace": '\u00a0', "exclamdown": '¡', "cent": '¢', "sterling": '£', "currency": '¤',
	"yen": '¥', "brokenbar": '¦', "section": '§', "dieresis": '¨', "copyright": '©', "ordfeminine": 'ª',
	"guillemotleft": '«', "logicalnot": '¬', "registered": '®', "macron": '¯', "degree": '°',
	"plusminus": '±', "twosuperior": '²', "threesuperior": '³', "acute": '´', "mu": 'µ', "paragraph": '¶',
	"periodcentered": '·', "cedilla": '¸', "onesuperior": '¹', "ordmasculine": 'º', "guillemotright": '»',
	"onequarter": '¼', "onehalf": '½', "threequarters": '¾', "questiondown": '¿', "multiply": '×',
	"divide": '÷', "germandbls": 'ß', "AE": 'Æ', "ae": 'æ', "Eth": 'Ð', "eth": 'ð', "Thorn": 'Þ',
	"thorn": 'þ', "Oslash": 'Ø', "oslash": 'ø', "OE": 'Œ', "oe": 'œ', "Lslash": 'Ł', "lslash": 'ł',
	"dotlessi": 'ı', "Euro": '€', "quotesinglbase": '‚', "florin": 'ƒ', "quotedblbase": '„',
	"ellipsis": '…', "dagger": '†', "daggerdbl": '‡', "circumflex": 'ˆ', "perthousand": '‰',
	"guilsinglleft": '‹', "guilsinglright": '›', "quotedblleft": '“', "quotedblright": '”', "bullet": '•',
	"endash": '–', "emdash": '—', "tilde": '˜', "trademark": '™', "minus": '−', "fraction": '⁄',
	"fi": 'ﬁ', "fl": 'ﬂ', "ff": 'ﬀ', "ffi": 'ﬃ', "ffl": 'ﬄ', "breve": '˘', "dotaccent": '˙', "ring": '˚',
	"hungarumlaut": '˝', "ogonek": '˛', "caron": 'ˇ', "Scaron": 'Š', "scaron": 'š', "Zcaron": 'Ž',
	"zcaron": 'ž', "Ydieresis": 'Ÿ', "ydieresis": 'ÿ', "sfthyphen": '\u00ad', "uni00A0": '\u00a0',
}

// accents are the Latin-1 letters by their glyph names' accents.
var accents = map[string]string{
	"grave": "ÀÈÌÒÙàèìòù", "acute": "ÁÉÍÓÚÝáéíóúý", "circumflex": "ÂÊÎÔÛâêîôû", "tilde": "ÃÑÕãñõ",
	"dieresis": "ÄËÏÖÜäëïöüÿ", "ring": "Åå", "cedilla": "Çç",
}

func init() {
	for accent, letters := range accents {
		for _, r := range letters {
			if b := baseLetter(r); b != 0 {
				glyphNames[string(b)+accent] = r
			}
		}
	}
}

// baseLetter returns the ASCII letter a Latin-1 accented letter is built
// on.
func baseLetter(r rune) rune {
	const from, to = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿ", "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyy"
	fr, tr := []rune(from), []rune(to)
	for i, c := range fr {
		if c == r {
			return tr[i]
		}
	}
	return 0
}

// glyphText returns the text a glyph name stands for ("" if unknown):
// AGL names, "uniXXXX" (one or more), "uXXXX[XX]", single letters, and
// names with a suffix ("a.sc") or ligatures of names ("f_f_i").
func glyphText(name string) string {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	if strings.Contains(name, "_") {
		var b strings.Builder
		for _, part := range strings.Split(name, "_") {
			b.WriteString(glyphText(part))
		}
		return b.String()
	}
	if r, ok := glyphNames[name]; ok {
		return string(r)
	}
	if len(name) == 1 && (name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z') {
		return name
	}
	if strings.HasPrefix(name, "uni") && len(name) >= 7 && (len(name)-3)%4 == 0 {
		var b strings.Builder
		for i := 3; i+4 <= len(name); i += 4 {
			v, err := strconv.ParseUint(name[i:i+4], 16, 32)
			if err != nil {
				return ""
			}
			b.WriteRune(rune(v))
		}
		return b.String()
	}
	if strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7 {
		if v, err := strconv.ParseUint(name[1:], 16, 32); err == nil && v < 0x110000 {
			return string(rune(v))
		}
	}
	return ""
}
