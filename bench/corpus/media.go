package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The media corpus is what a phone leaves in a folder: photos (JPEG with
// EXIF, GPS, serial numbers, XMP and IPTC; HEIC as iPhones write it;
// PNG screenshots; WebP), videos (MP4 as Android writes it, MOV as iPhones
// and cameras do) and recordings (a voice memo, MP3, FLAC, WAV with a
// broadcast extension), every identifying value unique and listed in
// planted.tsv. Unlike the documents, these files are written by the
// programs people's files come from: the JPEGs by hand as above, the rest
// by ffmpeg, heif-enc (libheif) and exiftool from them. The same options
// give the same files with the same versions of those programs (STAMP
// names them).
//
//	DIR/corpus/photo/NNN.{jpg,heic,png,webp}
//	DIR/corpus/video/NNN.{mp4,mov}
//	DIR/corpus/audio/NNN.{m4a,mp3,flac,wav}
//
// Planted values are strings, except the GPS position of a photo, planted
// as "rat:D/1,M/1,S/100" (latitude or longitude as the three EXIF
// rationals, found in either byte order): see PlantedForms.

// MediaVersion changes whenever the media generator's output changes.
const MediaVersion = 1

// MediaOptions say what media corpus to generate.
type MediaOptions struct {
	Seed   uint64
	Photos int // pictures: half JPEG, a quarter HEIC, an eighth PNG and WebP each (default 16)
	Videos int // MP4 and MOV videos, 10-20 s of 1080p at about 12 Mbit/s (default 8)
	Audio  int // recordings: M4A, MP3, FLAC and WAV in turn (default 8)
	Jobs   int // files generated at once; 0 means the number of CPUs
}

func (o MediaOptions) withDefaults() MediaOptions {
	if o.Photos <= 0 {
		o.Photos = 16
	}
	if o.Videos <= 0 {
		o.Videos = 8
	}
	if o.Audio <= 0 {
		o.Audio = 8
	}
	return o
}

// MediaTools are the programs GenerateMedia runs (Debian: ffmpeg,
// libheif-examples, libimage-exiftool-perl).
var MediaTools = []string{"ffmpeg", "heif-enc", "exiftool"}

// MediaStamp is DIR/STAMP for a media corpus: the options and the versions
// of the programs that write the files.
func MediaStamp(opt MediaOptions) string {
	opt = opt.withDefaults()
	return fmt.Sprintf("media version %d photos %d videos %d audio %d seed %d\n%s",
		MediaVersion, opt.Photos, opt.Videos, opt.Audio, opt.Seed, toolVersions())
}

func toolVersions() string {
	var b strings.Builder
	for _, t := range [][]string{{"ffmpeg", "-version"}, {"heif-enc", "--help"}, {"exiftool", "-ver"}} {
		out, _ := exec.Command(t[0], t[1:]...).CombinedOutput()
		line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
		fmt.Fprintf(&b, "%s: %s\n", t[0], line)
	}
	return b.String()
}

// phones are the cameras of the photos and videos.
var phones = []camera{
	{"Apple", "iPhone 15 Pro", "iPhone 15 Pro back triple camera 6.765mm f/1.78", "17.4.1"},
	{"Google", "Pixel 8", "Pixel 8 back camera 6.9mm f/1.68", "HDR+ 1.0.641377693zd"},
	{"samsung", "Galaxy S23 Ultra", "Samsung S5KHP2 6.3mm f/1.7", "S918BXXU3BWK6"},
}

// phoneSizes are the pixel sizes of phone photos (12 MP).
var phoneSizes = [][2]int{{4032, 3024}, {3024, 4032}, {4000, 3000}}

// GenerateMedia writes the media corpus into dir, which must not exist.
func GenerateMedia(dir string, opt MediaOptions) (Stats, error) {
	opt = opt.withDefaults()
	for _, t := range MediaTools {
		if _, err := exec.LookPath(t); err != nil {
			return Stats{}, fmt.Errorf("the media corpus needs %s (Debian: ffmpeg, libheif-examples, libimage-exiftool-perl): %w", t, err)
		}
	}
	g, err := newGen(dir, Options{Seed: opt.Seed, Jobs: opt.Jobs}.withDefaults())
	if err != nil {
		return Stats{}, err
	}
	work := filepath.Join(dir, "work")
	defer os.RemoveAll(work)
	g.head = mediaManifest
	m := &mediaGen{gen: g, work: work}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return Stats{}, err
	}
	m.photos(opt.Photos)
	if g.err == nil {
		m.videos(opt.Videos)
	}
	if g.err == nil {
		m.audio(opt.Audio)
	}
	return g.finish(MediaStamp(opt))
}

type mediaGen struct {
	*gen
	work string
}

func (m *mediaGen) fail(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.err = errors.Join(m.err, err)
}

// run runs a program, its output kept for the error.
func run(name string, args ...string) error {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

// put writes a generated file with the planted values it really holds
// (a program may drop some: exiftool copies no IFD1 thumbnail into a
// PNG); it fails if fewer than min of them are left.
func (m *mediaGen) put(rel string, data []byte, planted []string, min int, row string) {
	var kept, lost []string
	for _, v := range planted {
		if Holds(data, v) {
			kept = append(kept, v)
		} else {
			lost = append(lost, v)
		}
	}
	if len(kept) < min {
		m.fail(fmt.Errorf("%s: only %d planted values written (lost %q)", rel, len(kept), lost))
		return
	}
	m.write(rel, data, kept, row)
}

// mediaManifest is the header of a media corpus's MANIFEST.tsv.
const mediaManifest = "file\tbytes\tkind\tformat\tsize or length"

func gpsPlanted(meta photoMeta) []string {
	rat := func(v float64) string {
		d := dms(v)
		return fmt.Sprintf("rat:%d/%d,%d/%d,%d/%d", d[0][0], d[0][1], d[1][0], d[1][1], d[2][0], d[2][1])
	}
	return []string{rat(meta.lat), rat(meta.lon)}
}

// photos writes n pictures: JPEG straight from the camera, HEIC encoded
// from it by heif-enc (which copies EXIF and XMP, as an iPhone writes
// them), PNG and WebP made by ffmpeg with the metadata copied by exiftool.
func (m *mediaGen) photos(n int) {
	pool := m.pool(min(n, 6), phoneSizes, 900, 16)
	m.parallel(n, func(i int) {
		r := newRNG(m.seed*6151 + uint64(i)*7877 + 3)
		p := pool[i%len(pool)]
		meta := newPhotoMeta(r, p.w, p.h, personName(r))
		meta.cam = phones[r.intn(len(phones))]
		jpg := cameraJPEG(p, meta, m.seed+uint64(5000+i))
		planted := append(meta.planted(), gpsPlanted(meta)...)
		kind := [8]string{"jpg", "heic", "jpg", "png", "jpg", "heic", "jpg", "webp"}[i%8]
		rel := fmt.Sprintf("photo/%03d.%s", i, kind)
		row := fmt.Sprintf("photo\t%s\t%dx%d", kind, p.w, p.h)
		if kind == "jpg" {
			m.put(rel, jpg, planted, 8, row)
			return
		}
		tmp := filepath.Join(m.work, fmt.Sprintf("photo-%03d", i))
		if err := os.MkdirAll(tmp, 0o755); err != nil {
			m.fail(err)
			return
		}
		defer os.RemoveAll(tmp)
		src := filepath.Join(tmp, "src.jpg")
		out := filepath.Join(tmp, "out."+kind)
		if err := os.WriteFile(src, jpg, 0o644); err != nil {
			m.fail(err)
			return
		}
		var err error
		switch kind {
		case "heic":
			// A thumbnail item, as phones write; ultrafast keeps the
			// generation short (the quality is not what is measured).
			err = run("heif-enc", "-q", "60", "-p", "preset=ultrafast", "-t", "320", src, "-o", out)
		case "png":
			// A screenshot-sized picture.
			err = run("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", src, "-vf", "scale=1170:-2", out)
		case "webp":
			err = run("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", src, "-vf", "scale=2000:-2", "-c:v", "libwebp", "-quality", "82", out)
		}
		if err == nil && kind != "heic" {
			err = run("exiftool", "-q", "-q", "-overwrite_original", "-TagsFromFile", src, "-all:all>all:all", out)
		}
		if err != nil {
			m.fail(err)
			return
		}
		data, err := os.ReadFile(out)
		if err != nil {
			m.fail(err)
			return
		}
		m.put(rel, data, planted, 5, row)
	})
}

// iso6709 writes a position as Apple's and Android's location keys do.
func iso6709(lat, lon float64, alt bool) string {
	s := fmt.Sprintf("%+08.4f%+09.4f", lat, lon)
	if alt {
		s += "+035.120"
	}
	return s + "/"
}

// videos writes n videos by copying one encoded clip (1080p, H.264 and
// AAC, 4 s) 3 to 5 times over into a new file with the metadata of an
// Android phone (MP4, location and model in keys), an iPhone (MOV, Apple
// keys: location, model, software, creation date, the Live Photo pairing
// id), a camera (MOV, user data ©xyz, ©mak, ©mod, ©ART) or an editor (MP4,
// title, artist and comment).
func (m *mediaGen) videos(n int) {
	base := filepath.Join(m.work, "base-1080p.mp4")
	// Noise keeps the bit rate at a phone's (12 Mbit/s) on a test pattern.
	err := run("ffmpeg", "-nostdin", "-loglevel", "error", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30,noise=alls=12:allf=t",
		"-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000",
		"-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "12M", "-maxrate", "12M", "-bufsize", "12M",
		"-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-ac", "2", base)
	if err != nil {
		m.fail(err)
		return
	}
	m.parallel(n, func(i int) {
		r := newRNG(m.seed*3331 + uint64(i)*1741 + 5)
		lat, lon := 48+r.float()*6, 2+r.float()*14
		owner := personName(r)
		when := fmt.Sprintf("2024-%02d-%02dT%02d:%02d:%02d", 1+r.intn(12), 1+r.intn(28), 7+r.intn(12), r.intn(60), r.intn(60))
		kind := i % 4
		ph := phones[1+r.intn(len(phones)-1)] // Android
		if kind == 1 {
			ph = phones[0]
		}
		model := ph.model + " " + hexID(r, 4)
		ext := [4]string{"mp4", "mov", "mov", "mp4"}[kind]
		rel := fmt.Sprintf("video/%03d.%s", i, ext)
		out := filepath.Join(m.work, fmt.Sprintf("video-%03d.%s", i, ext))
		defer os.Remove(out)
		args := []string{"-nostdin", "-loglevel", "error", "-y", "-stream_loop", fmt.Sprint(2 + r.intn(3)), "-i", base,
			"-map", "0", "-c", "copy", "-metadata", "creation_time=" + when + "Z"}
		var planted []string
		md := func(k, v string, plant bool) {
			args = append(args, "-metadata", k+"="+v)
			if plant {
				planted = append(planted, v)
			}
		}
		switch kind {
		case 0: // Android
			md("location", iso6709(lat, lon, false), true)
			md("com.android.version", "14", false)
			md("com.android.manufacturer", ph.make, false)
			md("com.android.model", model, true)
			md("title", "VID_"+strings.NewReplacer("-", "", "T", "_", ":", "").Replace(when)+"_"+hexID(r, 4), true)
			args = append(args, "-movflags", "use_metadata_tags", "-f", "mp4")
		case 1: // iPhone
			md("com.apple.quicktime.location.ISO6709", iso6709(lat, lon, true), true)
			md("com.apple.quicktime.make", "Apple", false)
			md("com.apple.quicktime.model", model, true)
			md("com.apple.quicktime.software", "17.4.1 ("+hexID(r, 6)+")", true)
			md("com.apple.quicktime.creationdate", when+"+0200", true)
			md("com.apple.quicktime.content.identifier", uuid(r), true)
			args = append(args, "-movflags", "use_metadata_tags", "-f", "mov")
		case 2: // a camera's user data
			md("location", iso6709(lat, lon, false), true)
			md("make", "GoPro", false)
			md("model", "HERO12 Black "+hexID(r, 4), true)
			md("artist", owner, true)
			md("comment", "Filmed at "+"Assembly point "+hexID(r, 6), true)
			args = append(args, "-f", "mov")
		case 3: // an editor's tags
			md("title", heading(r)+" "+hexID(r, 4), true)
			md("artist", owner, true)
			md("comment", "Filmed by "+owner+" at Assembly point "+hexID(r, 6), true)
			md("location", iso6709(lat, lon, false), false) // 3GPP loci: binary
			args = append(args, "-f", "mp4")
		}
		if err := run("ffmpeg", append(args, out)...); err != nil {
			m.fail(err)
			return
		}
		data, err := os.ReadFile(out)
		if err != nil {
			m.fail(err)
			return
		}
		m.put(rel, data, planted, len(planted), fmt.Sprintf("video\t%s\t1920x1080", ext))
	})
}

func uuid(r *rng) string {
	h := hexID(r, 32)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// audio writes n recordings: a voice memo (M4A: the title is the street
// it was recorded in), MP3 with ID3v2 (artist, comment, a private TXXX
// frame, cover art carrying its own EXIF), FLAC (Vorbis comments, cover
// art with EXIF) and WAV (LIST INFO and a broadcast extension naming the
// recorder's owner).
func (m *mediaGen) audio(n int) {
	covers := m.pool(1, [][2]int{{800, 800}}, 950, 10)
	m.parallel(n, func(i int) {
		r := newRNG(m.seed*9473 + uint64(i)*3217 + 7)
		owner := personName(r)
		kind := i % 4
		ext := [4]string{"m4a", "mp3", "flac", "wav"}[kind]
		rel := fmt.Sprintf("audio/%03d.%s", i, ext)
		tmp := filepath.Join(m.work, fmt.Sprintf("audio-%03d", i))
		if err := os.MkdirAll(tmp, 0o755); err != nil {
			m.fail(err)
			return
		}
		defer os.RemoveAll(tmp)
		out := filepath.Join(tmp, "out."+ext)
		secs := 30 + r.intn(60)
		args := []string{"-nostdin", "-loglevel", "error", "-y",
			"-f", "lavfi", "-t", fmt.Sprint(secs), "-i", fmt.Sprintf("sine=frequency=%d:sample_rate=44100", 200+r.intn(600))}
		var planted []string
		md := func(k, v string) {
			args = append(args, "-metadata", k+"="+v)
			planted = append(planted, v)
		}
		withCover := func() bool {
			meta := newPhotoMeta(r, 800, 800, owner)
			meta.cam = phones[r.intn(len(phones))]
			cover := filepath.Join(tmp, "cover.jpg")
			if err := os.WriteFile(cover, cameraJPEG(covers[0], meta, m.seed+uint64(9000+i)), 0o644); err != nil {
				m.fail(err)
				return false
			}
			args = append(args, "-i", cover, "-map", "0", "-map", "1", "-c:v", "copy", "-disposition:v", "attached_pic")
			planted = append(planted, meta.owner, meta.serial, meta.place, meta.docID)
			return true
		}
		switch kind {
		case 0:
			lat, lon := 48+r.float()*6, 2+r.float()*14
			args = append(args, "-c:a", "aac", "-b:a", "64k", "-movflags", "use_metadata_tags")
			md("title", "Rue des Boulangers "+hexID(r, 4))
			md("artist", owner)
			md("encoder", "com.apple.VoiceMemos (iPhone Version 17.4.1 (Build "+hexID(r, 6)+"))")
			md("location", iso6709(lat, lon, true))
			args = append(args, "-f", "ipod")
		case 1:
			if !withCover() {
				return
			}
			args = append(args, "-c:a", "libmp3lame", "-b:a", "192k", "-id3v2_version", "3")
			md("artist", owner)
			md("title", heading(r)+" "+hexID(r, 4))
			md("comment", "Recorded by "+owner+" at Assembly point "+hexID(r, 6))
			md("recorded_by", personName(r)) // a TXXX frame
			md("publisher", "Coalition radio "+hexID(r, 4))
		case 2:
			if !withCover() {
				return
			}
			args = append(args, "-c:a", "flac")
			md("artist", owner)
			md("title", heading(r)+" "+hexID(r, 4))
			md("comment", "Interview with "+personName(r))
			md("organization", "Coalition radio "+hexID(r, 4))
		case 3:
			args = append(args, "-c:a", "pcm_s16le", "-write_bext", "1")
			md("description", "Interview with "+personName(r)+" at Assembly point "+hexID(r, 6))
			md("originator", owner)
			md("originator_reference", "ZOOM-H5-"+hexID(r, 10))
			md("artist", personName(r))
			md("comment", "Recorder owned by "+owner)
		}
		if err := run("ffmpeg", append(args, out)...); err != nil {
			m.fail(err)
			return
		}
		data, err := os.ReadFile(out)
		if err != nil {
			m.fail(err)
			return
		}
		m.put(rel, data, planted, len(planted)-1, fmt.Sprintf("audio\t%s\t%ds", ext, secs))
	})
}
