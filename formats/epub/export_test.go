package epub

// FontKey and XORFont expose the obfuscation for the tests.
var (
	FontKey = fontKey
	XORFont = xorFont
)

const AlgIDPF = algIDPF
