package main

import (
	"os"
	"path/filepath"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/scrub-project/scrub/internal/metatest"
)

// fixtureCmds are testscript commands that write generated fixtures with
// planted values, and check bytes in outputs. Other test files add theirs.
var fixtureCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"mkjpeg": cmdMkjpeg,
}

// Values the photos of mkjpeg carry.
var photoPlanted = metatest.Planted{
	Artist: "Planted Photographer 77a1", Make: "PlantedMake", Model: "PlantedModel X9",
	Serial: "SERIAL-PLANTED-4411", Software: "PlantedSoft 3.2",
}

// mkjpeg FILE [ARTIST] [ORIENTATION] writes a 64×48 JPEG whose EXIF and XMP
// carry photoPlanted and a GPS position. ARTIST, if given, is a Go string
// literal body (so "evil\x1b[31m" plants an escape sequence).
func cmdMkjpeg(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 3 {
		ts.Fatalf("usage: mkjpeg FILE [ARTIST] [ORIENTATION]")
	}
	p := photoPlanted
	if len(args) > 1 {
		a, err := strconv.Unquote(`"` + args[1] + `"`)
		ts.Check(err)
		p.Artist = a
	}
	if len(args) > 2 {
		o, err := strconv.Atoi(args[2])
		ts.Check(err)
		p.Orientation = uint16(o)
	}
	path := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(path), 0o755))
	ts.Check(os.WriteFile(path, metatest.DirtyJPEG(64, 48, uint64(len(path)), p), 0o644))
}
