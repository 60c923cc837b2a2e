package matroska_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func has(tools ...string) bool {
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			return false
		}
	}
	return true
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	return string(out)
}

// runMsg runs a command that must succeed and returns what it printed on
// standard error.
func runMsg(t testing.TB, name string, args ...string) (string, string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	return string(out), stderr.String()
}

func write(t testing.TB, b []byte, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// probeSilent checks that ffprobe and a full decode print nothing.
func probeSilent(t testing.TB, path string) {
	t.Helper()
	if _, msg := runMsg(t, "ffprobe", "-v", "error", path); msg != "" {
		t.Errorf("ffprobe: %s", msg)
	}
	if _, msg := runMsg(t, "ffmpeg", "-v", "error", "-i", path, "-map", "0:a?", "-map", "0:V?", "-f", "null", "-"); msg != "" {
		t.Errorf("ffmpeg decode: %s", msg)
	}
}

// packets returns the md5 of the packets of every audio, video (but
// attached pictures) and subtitle stream, copied.
func packets(t testing.TB, path string) string {
	t.Helper()
	return run(t, "ffmpeg", "-v", "error", "-i", path, "-map", "0:V?", "-map", "0:a?", "-map", "0:s?", "-c", "copy",
		"-f", "streamhash", "-hash", "md5", "-")
}

// seek returns the frames ffmpeg decodes after seeking to at seconds
// (the first stream, audio or video), as framemd5 lines.
func seek(t testing.TB, path string, at string) string {
	t.Helper()
	return run(t, "ffmpeg", "-v", "error", "-ss", at, "-i", path, "-map", "0:0", "-frames", "5", "-f", "framemd5", "-")
}

// sameMedia checks that b decodes like orig: the same packets in every
// stream, the same frames after a seek into the middle, and no message
// from ffprobe or the decoder.
func sameMedia(t testing.TB, orig, b []byte, ext, at string) {
	t.Helper()
	po, pb := write(t, orig, "orig"+ext), write(t, b, "clean"+ext)
	if got, want := packets(t, pb), packets(t, po); got != want || want == "" {
		t.Errorf("packets differ:\n%v\nwant\n%v", got, want)
	}
	probeSilent(t, pb)
	if got, want := seek(t, pb, at), seek(t, po, at); got != want {
		t.Errorf("seeking to %s gives other frames:\n%s\nwant\n%s", at, got, want)
	}
}

// exiftool returns exiftool -a -G1 -ee's tags of b.
func exiftool(t testing.TB, b []byte, ext string) map[string]any {
	t.Helper()
	var tags []map[string]any
	if err := json.Unmarshal([]byte(run(t, "exiftool", "-j", "-a", "-G1", "-ee", "-u", write(t, b, "e"+ext))), &tags); err != nil || len(tags) != 1 {
		t.Fatalf("exiftool: %v", err)
	}
	return tags[0]
}

// identifying lists exiftool tags that name a person, a place, a device,
// a program, a date or an id.
func identifying(tags map[string]any) []string {
	var bad []string
	for k, v := range tags {
		if strings.HasPrefix(k, "System:") || strings.HasPrefix(k, "File:") || strings.HasPrefix(k, "ExifTool:") || k == "SourceFile" {
			continue
		}
		sv, _ := v.(string)
		if b, err := json.Marshal(v); err == nil && sv == "" {
			sv = string(b)
		}
		if sv == "" || sv == `""` || strings.HasSuffix(k, "UID") && len(sv) <= 2 { // renumbered UIDs
			continue
		}
		for _, w := range []string{"GPS", "Location", "Make", "Model", "Serial", "Artist", "Author", "Owner", "Title", "App", "Encoder",
			"Date", "UID", "Attach", "File", "Comment", "Description", "Copyright", "Tag", "Name"} {
			if strings.Contains(k, w) && !strings.HasSuffix(k, "TrackUID") && !strings.HasSuffix(k, "CodecID") && !strings.Contains(k, "Chapter") {
				bad = append(bad, k+"="+sv)
				break
			}
		}
	}
	return bad
}

// TestFFmpeg cleans files ffmpeg wrote with metadata in every place it
// writes some (title, artist, date, place, track names, chapters, an
// attached file, tags per track): Matroska with H.264 and AAC, WebM with
// VP8 and Opus, and a live WebM written to a pipe (a segment of unknown
// size, no cues). The clean copy has the same packets in every stream,
// seeks to the same frames, and shows nothing to ffprobe or exiftool.
func TestFFmpeg(t *testing.T) {
	if !has("ffmpeg", "ffprobe") {
		t.Skip("ffmpeg is not installed")
	}
	dir := t.TempDir()
	chapters := filepath.Join(dir, "chapters.txt")
	os.WriteFile(chapters, []byte(";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=2000\ntitle=Chapter one\n"+
		"[CHAPTER]\nTIMEBASE=1/1000\nSTART=2000\nEND=4000\ntitle=Chapter two\n"), 0o644)
	notes := filepath.Join(dir, "RF-notes.txt")
	os.WriteFile(notes, []byte("RF-NOTES-CONTENT\n"), 0o644)
	src := []string{"-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-f", "lavfi", "-i", "sine=f=440:sample_rate=48000",
		"-i", chapters, "-map", "0", "-map", "1", "-map_chapters", "2", "-t", "4", "-g", "10",
		"-metadata", "title=RF-TITLE", "-metadata", "artist=RF-ARTIST", "-metadata", "comment=RF-COMMENT",
		"-metadata", "creation_time=2020-01-02T03:04:05Z", "-metadata", "location=+12.3456-045.6789/",
		"-metadata:s:v:0", "title=RF-VIDEO-NAME", "-metadata:s:a:0", "title=RF-AUDIO-NAME"}
	planted := []string{"RF-TITLE", "RF-ARTIST", "RF-COMMENT", "+12.3456-045.6789/", "RF-VIDEO-NAME", "RF-AUDIO-NAME", "Lavf"}
	for _, tc := range []struct {
		name string
		args []string
		more []string
	}{
		{"h264.mkv", []string{"-c:v", "libx264", "-c:a", "aac", "-attach", notes, "-metadata:s:t", "mimetype=text/plain"}, []string{"RF-notes.txt", "RF-NOTES-CONTENT"}},
		{"vp8.webm", []string{"-c:v", "libvpx", "-c:a", "libopus"}, nil},
		{"live.webm", []string{"-c:v", "libvpx", "-c:a", "libopus", "-f", "webm"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if out, _ := exec.Command("ffmpeg", "-hide_banner", "-encoders").Output(); !strings.Contains(string(out), tc.args[1]) {
				t.Skipf("ffmpeg has no %s encoder", tc.args[1])
			}
			path := filepath.Join(dir, tc.name)
			args := append(append(append([]string(nil), src...), tc.args...), path)
			if tc.name == "live.webm" {
				args[len(args)-1] = "pipe:1"
				cmd := exec.Command("ffmpeg", args...)
				out, err := cmd.Output()
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(path, out, 0o644)
			} else {
				run(t, "ffmpeg", args...)
			}
			in, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := append(append([]string(nil), planted...), tc.more...)
			out := scrubtest.RoundTrip(t, registry(), tc.name, in, want...)
			sameMedia(t, in, out, filepath.Ext(tc.name), "2.5")
			if strings.HasSuffix(tc.name, ".mkv") {
				// The chapters stay.
				if got := run(t, "ffprobe", "-v", "error", "-show_chapters", "-of", "csv=p=0", write(t, out, "c.mkv")); !strings.Contains(got, "Chapter two") {
					t.Errorf("chapters: %s", got)
				}
			}
			if has("exiftool") {
				if bad := identifying(exiftool(t, out, filepath.Ext(tc.name))); len(bad) > 0 {
					t.Errorf("exiftool still finds %v", bad)
				}
			}
		})
	}
}

// assScript is a subtitle script as Aegisub saves it: its header names
// the authors and, in [Aegisub Project Garbage], the video the author
// worked on, with its path.
const assScript = `[Script Info]
; Script generated by Aegisub 3.2.2
; http://www.aegisub.org/
Title: ASS-TITLE
Original Script: ASS-AUTHOR
Script Updated By: ASS-UPDATER
ScriptType: v4.00+
WrapStyle: 0
ScaledBorderAndShadow: yes
PlayResX: 640
PlayResY: 480

[Aegisub Project Garbage]
Audio File: /home/ass-user/Videos/ASS-SECRET-interview.mkv
Video File: /home/ass-user/Videos/ASS-SECRET-interview.mkv

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:00.50,0:00:02.00,Default,,0,0,0,,Hello there
Dialogue: 0,0:00:02.50,0:00:03.50,Default,,0,0,0,,Second line
`

// TestASSHeader: the header of SubStation Alpha subtitles (their
// CodecPrivate) loses its authors, comments and the editor's section
// with the paths; the styles and every line of dialogue stay.
func TestASSHeader(t *testing.T) {
	if !has("ffmpeg", "ffprobe") {
		t.Skip("ffmpeg is not installed")
	}
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub.ass")
	os.WriteFile(sub, []byte(assScript), 0o644)
	path := filepath.Join(dir, "ass.mkv")
	run(t, "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=f=440:sample_rate=8000", "-i", sub, "-t", "4",
		"-c:a", "pcm_s16le", "-c:s", "copy", path)
	in, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := scrubtest.RoundTrip(t, registry(), "ass.mkv", in, "ASS-TITLE", "ASS-AUTHOR", "ASS-UPDATER", "ASS-SECRET-interview",
		"/home/ass-user", "Aegisub")
	sameMedia(t, in, out, ".mkv", "1")
	dump := func(b []byte) string {
		return run(t, "ffmpeg", "-v", "error", "-i", write(t, b, "s.mkv"), "-map", "0:s", "-c", "copy", "-f", "ass", "-")
	}
	got := dump(out)
	for _, want := range []string{"Style: Default,Arial,20", "Dialogue: 0,0:00:00.50,0:00:02.00,Default,,0,0,0,,Hello there",
		"Second line", "PlayResX: 640", "ScaledBorderAndShadow: yes"} {
		if !strings.Contains(got, want) {
			t.Errorf("the subtitles lost %q:\n%s", want, got)
		}
	}
	var author bool
	for _, f := range scrubtest.Inspect(t, registry(), "ass.mkv", in) {
		author = author || f.Value == "ASS-AUTHOR" && f.Label == scrub.LabelAuthor && f.Kind == scrub.KindPerson
	}
	if !author {
		t.Error("the script's author is not reported")
	}
}
