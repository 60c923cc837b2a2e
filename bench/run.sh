#!/usr/bin/env bash
# Benchmark: scrub against cp (the floor), qpdf, exiftool, mat2 and ffmpeg,
# in one run, so that the ratios mean something on a shared machine: a
# folder of office documents and PDFs with camera photos, the same folder
# as one zip, a folder of phone photos, videos and recordings, and (with
# --big-mp4) one 2 GB video. Then the leak checks on every output: a fast
# result that leaks is a FAIL.
#
# usage: bench/run.sh [options]
#   --docs N          documents in the corpus (default 60; 180 = the issue's archive)
#   --seed S          corpus seed (default 1)
#   --runs N          timed runs of each fast tool; the median is reported (default 3)
#   --residue PATH    independent leak checker (default ../shared/tools/residue.py)
#   --mat2-default    also time mat2 without -L on the documents (slow: it rasterises PDFs)
#   --mem             also measure peak memory on single big PDFs
#   --mem-images N    camera photos in the image-heavy PDF (default 60)
#   --mem-pages N     pages of text in the object-heavy PDF (default 20000)
#   --skip-peers      time scrub (and cp) only
#   --pdf-corpus DIR  also time scrub against qpdf on the real PDFs in DIR
#                     (e.g. ../shared/corpus/pdf): the files scrub cleans
#   --baseline REV    also time scrub as it was at git commit REV (built
#                     from `git archive`) on the documents and the PDFs
#   --no-media        leave out the phone photos, videos and recordings
#   --photos N --videos N --audio N
#                     size of the media corpus (default 16, 8, 8)
#   --no-archive      leave out the zip of the documents
#   --big-mp4         also clean one 2 GB MP4 (made by copying a clip over
#                     and over) against cp, cp + sync and ffmpeg
#   --out DIR         where corpora, outputs and results go (default
#                     bench/out; no symbolic link in its path: scrub does
#                     not follow them)
#
# Writes bench/out/results.md (the tables) and logs under bench/out/.
# Exit status: 0 all targets met and no leak, 1 a target failed or a leak
# was found, 2 the benchmark could not run.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PATH="$PATH:/usr/local/go/bin"

docs=60 seed=1 runs=3 residue=../shared/tools/residue.py mat2_default=0 mem=0
mem_images=60 mem_pages=20000 peers=1 pdf_corpus="" baseline="" media=1 archive=1 big=0
photos=16 videos=8 audio=8 out=$root/bench/out
while [ $# -gt 0 ]; do
  case $1 in
    --docs) docs=$2; shift ;;
    --seed) seed=$2; shift ;;
    --runs) runs=$2; shift ;;
    --residue) residue=$2; shift ;;
    --mat2-default) mat2_default=1 ;;
    --mem) mem=1 ;;
    --mem-images) mem_images=$2; shift ;;
    --mem-pages) mem_pages=$2; shift ;;
    --skip-peers) peers=0 ;;
    --pdf-corpus) pdf_corpus=$2; shift ;;
    --baseline) baseline=$2; shift ;;
    --no-media) media=0 ;;
    --photos) photos=$2; shift ;;
    --videos) videos=$2; shift ;;
    --audio) audio=$2; shift ;;
    --no-archive) archive=0 ;;
    --big-mp4) big=1 ;;
    --out) out=$(realpath -m "$2"); shift ;;
    -h|--help) sed -n '2,38p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

bin=$out/bin
work=$out/work
logs=$out/logs
mkdir -p "$bin" "$logs"
rm -rf "$work" "$logs"/*
mkdir -p "$work"
say() { printf '%s\n' "$*" >&2; }
die() { say "run.sh: error: $*"; exit 2; }
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian: apt-get install time)"
command -v jq >/dev/null || die "jq is missing (Debian: apt-get install jq)"
load() { cut -d' ' -f1-3 /proc/loadavg; }

# The commit measured, taken before anything runs (others may commit meanwhile).
gitrev="$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- 2>/dev/null || echo '+uncommitted changes')"
say "building scrub (CGO_ENABLED=0), the generator and the leak checker"
CGO_ENABLED=0 go build -o "$bin/scrub" ./cmd/scrub || die "go build ./cmd/scrub failed"
go build -o "$bin/gen" ./bench/gen || die "go build ./bench/gen failed"
go build -o "$bin/leak" ./bench/leak || die "go build ./bench/leak failed"
base_bin=""
if [ -n "$baseline" ]; then
  rev=$(git rev-parse --short "$baseline^{commit}") || die "--baseline: $baseline is not a commit"
  base_bin=$bin/scrub-$rev
  if [ ! -x "$base_bin" ]; then
    say "building scrub as it was at $rev (the baseline)"
    rm -rf "$out/src-$rev"; mkdir -p "$out/src-$rev"
    git archive "$rev" | tar -x -C "$out/src-$rev" || die "git archive $rev failed"
    (cd "$out/src-$rev" && CGO_ENABLED=0 go build -o "$base_bin" ./cmd/scrub) || die "building scrub at $rev failed"
    rm -rf "$out/src-$rev"
  fi
fi

# cached DIR STAMP GEN-ARGS...: (re)generates a corpus when its STAMP
# differs, then checks once that every planted value is in its original.
cached() {
  local dir=$1 stamp=$2; shift 2
  if [ ! -f "$dir/STAMP" ] || [ "$(cat "$dir/STAMP")" != "$stamp" ]; then
    rm -rf "$dir"
    say "generating $(basename "$dir")"
    "$bin/gen" -out "$dir" "$@" || die "corpus generation failed: $bin/gen -out $dir $*"
  fi
  if [ ! -f "$dir/.planted-verified" ]; then
    say "checking that every planted value is in its original (once per corpus)"
    "$bin/leak" -corpus "$dir" -originals-only >"$logs/planted-$(basename "$dir").txt" ||
      die "planted values missing from the originals: see $logs/planted-$(basename "$dir").txt"
    touch "$dir/.planted-verified"
  fi
}

cdir=$out/corpus-$docs-$seed
cached "$cdir" "$("$bin/gen" -docs "$docs" -seed "$seed" -stamp)" -docs "$docs" -seed "$seed"
src=$cdir/corpus

nfiles() { find "$1" -type f "${@:2}" | wc -l; }
nbytes() { find "$1" -type f "${@:2}" -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }
warm() { find "$@" -type f -exec cat {} + >/dev/null; }
all_files=$(nfiles "$src"); all_bytes=$(nbytes "$src")
pdf_files=$(nfiles "$src" -name '*.pdf'); pdf_bytes=$(nbytes "$src" -name '*.pdf')
warm "$src"

# measure NAME SETUP N CMD...: runs SETUP (untimed) then CMD under
# /usr/bin/time -v, N times; records the median wall and CPU time and the
# largest peak RSS in $logs/NAME.{wall,cpu,rss}.
measure() {
  local name=$1 setup=$2 n=$3; shift 3
  local walls=() cpus=() rss=0 i t0 t1 r
  for ((i = 1; i <= n; i++)); do
    eval "$setup"
    sync
    t0=$(date +%s.%N)
    /usr/bin/time -v -o "$logs/$name.time.$i" "$@" >"$logs/$name.out.$i" 2>"$logs/$name.err.$i"
    echo $? >"$logs/$name.rc.$i"
    t1=$(date +%s.%N)
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')")
    cpus+=("$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.3f", s}' "$logs/$name.time.$i")")
    r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$logs/$name.time.$i")
    [ "${r:-0}" -gt "$rss" ] && rss=$r
  done
  printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.3f\n", a[int((NR+1)/2)]}' >"$logs/$name.wall"
  printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.3f\n", a[int((NR+1)/2)]}' >"$logs/$name.cpu"
  echo "$rss" >"$logs/$name.rss"
  say "  $name: $(cat "$logs/$name.wall") s, CPU $(cat "$logs/$name.cpu") s, peak RSS $((rss / 1024)) MB"
}

missing=()
have() { command -v "$1" >/dev/null && [ $peers = 1 ]; }
# syncfiles DIR: fsync every file and folder under DIR, as scrub syncs
# each output and its folder (sync FILE... calls fsync on each).

# ---------------------------------------------------------------- documents
say "documents: $all_files files, $((all_bytes / 1000000)) MB ($pdf_files PDFs, $((pdf_bytes / 1000000)) MB); load average: $(load)"
load_docs=$(load)

measure cp 'rm -rf "$work/cp"' "$runs" cp -r "$src" "$work/cp"
measure scrub 'rm -rf "$work/scrub"' "$runs" "$bin/scrub" clean --json -o "$work/scrub" "$src"
measure scrub-j1 'rm -rf "$work/scrub-j1"' "$runs" "$bin/scrub" clean -j 1 -o "$work/scrub-j1" "$src"
measure scrub-pdf 'rm -rf "$work/scrub-pdf"' "$runs" "$bin/scrub" clean -o "$work/scrub-pdf" "$src/pdf"
for f in odt docx; do
  measure "scrub-$f" "rm -rf \"\$work/scrub-$f\"" 1 "$bin/scrub" clean -o "$work/scrub-$f" "$src/$f"
done
if [ -n "$base_bin" ]; then
  measure base 'rm -rf "$work/base"' "$runs" "$base_bin" clean -o "$work/base" "$src"
  measure base-pdf 'rm -rf "$work/base-pdf"' "$runs" "$base_bin" clean -o "$work/base-pdf" "$src/pdf"
fi

if have qpdf; then
  cat >"$work/qpdf.sh" <<EOF
rc=0
for f in "$src"/pdf/*.pdf; do
  qpdf "\$f" "$work/qpdf/\${f##*/}"; r=\$?
  [ \$r = 0 ] || [ \$r = 3 ] || rc=\$r
done
exit \$rc
EOF
  measure qpdf 'rm -rf "$work/qpdf"; mkdir -p "$work/qpdf"' "$runs" bash "$work/qpdf.sh"
else missing+=(qpdf); fi
if have exiftool; then
  # exiftool cannot write ODT or DOCX: it says so and writes the PDFs only.
  cat >"$work/exiftool.sh" <<EOF
for d in odt docx pdf; do mkdir -p "$work/exiftool/\$d"; exiftool -q -q -all= -o "$work/exiftool/\$d/" "$src/\$d"; done
exit 0
EOF
  measure exiftool 'rm -rf "$work/exiftool"' "$runs" bash "$work/exiftool.sh"
else missing+=(exiftool); fi
if have mat2; then
  # mat2 writes NAME.cleaned.EXT beside each file: it runs on a copy.
  measure mat2-L 'rm -rf "$work/mat2-L"; cp -r "$src" "$work/mat2-L"' 1 mat2 -L "$work/mat2-L"
  if [ $mat2_default = 1 ]; then
    measure mat2 'rm -rf "$work/mat2"; cp -r "$src" "$work/mat2"' 1 mat2 "$work/mat2"
  fi
else missing+=(mat2); fi
load_docs_after=$(load)

# ------------------------------------------------------------------ archive
if [ $archive = 1 ]; then
  command -v zip >/dev/null || die "zip is missing (Debian: apt-get install zip), or pass --no-archive"
  zfile=$cdir/corpus.zip
  if [ ! -f "$zfile" ] || [ "$zfile" -ot "$cdir/STAMP" ]; then
    say "zipping the documents (zip -r, as people send a folder)"
    rm -f "$zfile"
    (cd "$cdir" && zip -q -r -X corpus.zip corpus) || die "zip failed"
  fi
  zbytes=$(stat -c %s "$zfile")
  warm "$zfile"
  say "archive: one zip of the $all_files documents, $((zbytes / 1000000)) MB; load average: $(load)"
  load_zip=$(load)
  measure scrub-zip 'rm -rf "$work/scrub-zip"' "$runs" "$bin/scrub" clean --json -o "$work/scrub-zip" "$zfile"
fi

# -------------------------------------------------------------------- media
if [ $media = 1 ]; then
  for t in ffmpeg heif-enc exiftool; do
    command -v $t >/dev/null || die "$t is missing for the media corpus (Debian: ffmpeg, libheif-examples, libimage-exiftool-perl), or pass --no-media"
  done
  mdir=$out/media-$photos-$videos-$audio-$seed
  cached "$mdir" "$("$bin/gen" -media -photos "$photos" -videos "$videos" -audio "$audio" -seed "$seed" -stamp)" \
    -media -photos "$photos" -videos "$videos" -audio "$audio" -seed "$seed"
  msrc=$mdir/corpus
  warm "$msrc"
  phone_files=$(( $(nfiles "$msrc/photo") + $(nfiles "$msrc/video") )); phone_bytes=$(( $(nbytes "$msrc/photo") + $(nbytes "$msrc/video") ))
  audio_files=$(nfiles "$msrc/audio"); audio_bytes=$(nbytes "$msrc/audio")
  say "media: $phone_files phone photos and videos ($((phone_bytes / 1000000)) MB), $audio_files recordings ($((audio_bytes / 1000000)) MB); load average: $(load)"
  load_media=$(load)
  cat >"$work/cp-phone.sh" <<EOF
mkdir -p "\$1" && cp -r "$msrc/photo" "$msrc/video" "\$1"/ && { [ "\${2:-}" != sync ] || find "\$1" -exec sync {} +; }
EOF
  measure cp-phone 'rm -rf "$work/cp-phone"' "$runs" bash "$work/cp-phone.sh" "$work/cp-phone"
  measure cpsync-phone 'rm -rf "$work/cpsync-phone"' "$runs" bash "$work/cp-phone.sh" "$work/cpsync-phone" sync
  measure scrub-phone 'rm -rf "$work/scrub-phone"' "$runs" "$bin/scrub" clean --json -o "$work/scrub-phone" "$msrc/photo" "$msrc/video"
  measure scrub-audio 'rm -rf "$work/scrub-audio"' "$runs" "$bin/scrub" clean --json -o "$work/scrub-audio" "$msrc/audio"
  if have exiftool; then
    # exiftool writes JPEG, HEIC, PNG, WebP, MP4, MOV and M4A; of the
    # others it says it cannot and writes nothing.
    cat >"$work/exiftool-media.sh" <<EOF
for d in "\${@:2}"; do mkdir -p "\$1/\$d"; exiftool -q -q -all= -o "\$1/\$d/" "$msrc/\$d"; done
exit 0
EOF
    measure exiftool-phone 'rm -rf "$work/exiftool-phone"' "$runs" bash "$work/exiftool-media.sh" "$work/exiftool-phone" photo video
    measure exiftool-audio 'rm -rf "$work/exiftool-audio"' "$runs" bash "$work/exiftool-media.sh" "$work/exiftool-audio" audio
  fi
  if have mat2; then
    # mat2 cleans JPEG, HEIC, PNG, MP4, MP3, FLAC, WAV (not WebP, MOV, M4A), on a copy.
    measure mat2-phone 'rm -rf "$work/mat2-phone"; mkdir -p "$work/mat2-phone"; cp -r "$msrc/photo" "$msrc/video" "$work/mat2-phone/"' 1 mat2 "$work/mat2-phone"
    measure mat2-audio 'rm -rf "$work/mat2-audio"; mkdir -p "$work/mat2-audio"; cp -r "$msrc/audio" "$work/mat2-audio/"' 1 mat2 "$work/mat2-audio"
  fi
  if have ffmpeg; then
    # The usual remux: every stream copied, no metadata.
    cat >"$work/ffmpeg-media.sh" <<EOF
rc=0
for d in "\${@:2}"; do
  mkdir -p "\$1/\$d"
  for f in "$msrc/\$d"/*; do
    ffmpeg -nostdin -loglevel error -y -i "\$f" -map 0 -map_metadata -1 -c copy "\$1/\$d/\${f##*/}" || rc=1
  done
done
exit \$rc
EOF
    measure ffmpeg-video 'rm -rf "$work/ffmpeg-video"' "$runs" bash "$work/ffmpeg-media.sh" "$work/ffmpeg-video" video
    measure ffmpeg-audio 'rm -rf "$work/ffmpeg-audio"' "$runs" bash "$work/ffmpeg-media.sh" "$work/ffmpeg-audio" audio
    # scrub on the videos alone, to compare with ffmpeg's remux
    measure scrub-video 'rm -rf "$work/scrub-video"' "$runs" "$bin/scrub" clean -o "$work/scrub-video" "$msrc/video"
  fi
  load_media_after=$(load)
fi

# ------------------------------------------------------------ one big video
if [ $big = 1 ]; then
  command -v ffmpeg >/dev/null || die "ffmpeg is missing for --big-mp4"
  bdir=$out/big-mp4
  bfile=$bdir/big.mp4
  bstamp="big mp4 version 1 $(ffmpeg -version | head -1)"
  if [ ! -f "$bdir/STAMP" ] || [ "$(cat "$bdir/STAMP")" != "$bstamp" ]; then
    rm -rf "$bdir"; mkdir -p "$bdir"
    say "making a 2 GB MP4 (a 4 s 1080p clip copied over and over, with a phone's location and model)"
    ffmpeg -nostdin -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30,noise=alls=12:allf=t" \
      -f lavfi -i sine=frequency=330:sample_rate=48000 -t 4 -c:v libx264 -preset ultrafast \
      -b:v 12M -maxrate 12M -bufsize 12M -pix_fmt yuv420p -c:a aac -b:a 128k -ac 2 "$bdir/clip.mp4" || die "ffmpeg failed"
    loops=$(( 2000000000 / $(stat -c %s "$bdir/clip.mp4") ))
    ffmpeg -nostdin -loglevel error -y -stream_loop "$loops" -i "$bdir/clip.mp4" -map 0 -c copy \
      -metadata location=+52.5163+013.3777/ -metadata com.android.model="Pixel 8 BIGMP4-7f3a" \
      -metadata title="VID_20240517_BIGMP4_0042" -movflags use_metadata_tags "$bfile" || die "ffmpeg failed"
    printf '%s\n' "+52.5163+013.3777/" "Pixel 8 BIGMP4-7f3a" "VID_20240517_BIGMP4_0042" >"$bdir/planted.txt"
    echo "$bstamp" >"$bdir/STAMP"
  fi
  big_bytes=$(stat -c %s "$bfile")
  warm "$bfile"
  say "one big video: $((big_bytes / 1000000)) MB; load average: $(load)"
  load_big=$(load)
  measure big-cp 'rm -rf "$work/big"; mkdir -p "$work/big"' "$runs" cp "$bfile" "$work/big/cp.mp4"
  measure big-cpsync 'rm -rf "$work/big"; mkdir -p "$work/big"' "$runs" sh -c 'cp "$1" "$2" && sync "$2" "$(dirname "$2")"' _ "$bfile" "$work/big/cp.mp4"
  measure big-scrub 'rm -rf "$work/big"; mkdir -p "$work/big"' "$runs" "$bin/scrub" clean --json -o "$work/big/scrub" "$bfile"
  if have ffmpeg; then
    measure big-ffmpeg 'rm -rf "$work/big-ffmpeg"; mkdir -p "$work/big-ffmpeg"' 1 ffmpeg -nostdin -loglevel error -y -i "$bfile" -map 0 -map_metadata -1 -c copy "$work/big-ffmpeg/big.mp4"
  fi
  load_big_after=$(load)
fi

# Outputs each tool wrote.
outs() { if [ -d "$work/$1" ]; then nfiles "$work/$1" "${@:2}"; else echo 0; fi; }

say "leak checks"
leak_row() { # NAME CORPUS [leak flags...] -> "values left" or "check failed"
  local name=$1 corpus=$2; shift 2
  "$bin/leak" -corpus "$corpus" -originals=false "$@" >"$logs/leak-$name.txt" 2>&1
  if [ $? = 2 ]; then
    echo "check failed" # nothing or too little checked: not a pass
  else
    awk '/^leak: [0-9]/ {print $(NF-4)}' "$logs/leak-$name.txt"
  fi
}
ifdir() { [ -d "$work/$1" ]; }
leak_scrub=$(leak_row scrub "$cdir" -cleaned "$work/scrub/corpus")
# scrub clean -o DIR SRC/pdf writes DIR/pdf/NAME: the folder to check is
# DIR, whose layout mirrors the corpus's pdf/ folder.
leak_scrub_pdf=$(leak_row scrub-pdf "$cdir" -cleaned "$work/scrub-pdf" -only pdf/)
leak_mat2L="n/a"; ifdir mat2-L && leak_mat2L=$(leak_row mat2-L "$cdir" -cleaned "$work/mat2-L" -suffix .cleaned -allow-missing)
leak_mat2="n/a"; ifdir mat2 && leak_mat2=$(leak_row mat2 "$cdir" -cleaned "$work/mat2" -suffix .cleaned -allow-missing)
leak_exif="n/a"; ifdir exiftool && leak_exif=$(leak_row exiftool "$cdir" -cleaned "$work/exiftool" -only pdf/ -allow-missing)
if [ $archive = 1 ]; then
  leak_zip=$(leak_row scrub-zip "$cdir" -zip "$work/scrub-zip/corpus.zip" -zip-prefix corpus/)
fi
if [ $media = 1 ]; then
  leak_phone=$(leak_row scrub-phone "$mdir" -cleaned "$work/scrub-phone" -only photo/,video/)
  leak_audio=$(leak_row scrub-audio "$mdir" -cleaned "$work/scrub-audio" -only audio/)
  for t in exiftool mat2 ffmpeg; do
    for k in phone audio video; do
      ifdir "$t-$k" || continue
      case $k in phone) only=photo/,video/ ;; *) only=$k/ ;; esac
      sfx=""; [ $t = mat2 ] && sfx=.cleaned
      eval "leak_${t}_$k=\$(leak_row $t-$k \"\$mdir\" -cleaned \"\$work/$t-$k\" -only $only -allow-missing \${sfx:+-suffix \$sfx})"
    done
  done
fi
if [ $big = 1 ]; then
  # Too big for bench/leak (which reads a file whole): a byte search for
  # each planted value in the output.
  leak_big=0
  bout=$work/big/scrub/big.mp4
  if [ -f "$bout" ]; then
    while IFS= read -r v; do
      grep -a -q -F -- "$v" "$bout" && leak_big=$((leak_big + 1))
      grep -a -q -F -- "$v" "$bfile" || leak_big="check failed"
    done <"$bdir/planted.txt"
  else
    leak_big="check failed"
  fi
fi

residue_status="skipped"
if [ -x "$residue" ] || [ -f "$residue" ]; then
  say "  residue.py on every scrub output"
  rm -f "$logs/residue-failed.txt"
  # residue.py ORIGINAL CLEANED, for every file of a corpus folder,
  # judged as .ci/acceptance judges it (.ci/residue-ok: the zero dates an
  # MP4 must hold are not a residue).
  residue_on() { # SRC CLEANED TAG
    (cd "$1" && find . -type f -printf '%P\n') | sort |
      xargs -P "$(nproc)" -I{} sh -c '.ci/residue-ok "$1" "$2/$3" "$4/$3" >"$5/residue-$6-$(echo "$3" | tr / _).txt" 2>&1 || echo "$6: $3" >>"$5/residue-failed.txt"' \
        _ "$residue" "$1" {} "$2" "$logs" "$3"
  }
  residue_on "$src" "$work/scrub/corpus" docs
  residue_n=$all_files
  if [ $media = 1 ]; then
    residue_on "$msrc/photo" "$work/scrub-phone/photo" media
    residue_on "$msrc/video" "$work/scrub-phone/video" media
    residue_on "$msrc/audio" "$work/scrub-audio/audio" media
    residue_n=$((residue_n + phone_files + audio_files))
  fi
  residue_fail=$( [ -f "$logs/residue-failed.txt" ] && wc -l <"$logs/residue-failed.txt" || echo 0)
  cat "$logs"/residue-*.txt >"$logs/residue.txt" 2>/dev/null
  if [ "$residue_fail" = 0 ]; then
    residue_status="PASS: nothing left in $residue_n files"
  else
    residue_status="FAIL: residue in $residue_fail of $residue_n files (see bench/out/logs/residue.txt and residue-failed.txt)"
  fi
else
  say "  leak check skipped: $residue not found (pass --residue PATH)"
  residue_status="leak check skipped: residue.py not found"
fi

# Scrub must have cleaned every file: a skipped or refused file is not a
# fast file. status NAME -> "done total summary-of-the-others"
status() {
  jq -r '.files[] | "\(.status)\t\(.format // "unknown format")\t\(.path)\t\(.error // "")"' "$logs/$1.out.1" >"$logs/$1-status.tsv" 2>/dev/null
  awk -F'\t' '{ if ($1=="cleaned" || $1=="already-clean") d++; else n[$1" "$2]++ } END {
    s = ""; for (k in n) s = s n[k] " " k "; "; printf "%d\t%d\t%s\n", d, NR, s }' "$logs/$1-status.tsv"
}

# The tables.
wall() { cat "$logs/$1.wall"; }
row() { # TOOL-LABEL NAME FILES BYTES OUTPUTS LEAK BASE
  local label=$1 name=$2 files=$3 bytes=$4 o=$5 leak=$6 base=$7
  [ -f "$logs/$name.wall" ] || return 0
  local w rss bw=0
  w=$(wall "$name"); rss=$(cat "$logs/$name.rss")
  [ "$base" = - ] || bw=$(wall "$base")
  awk -v l="$label" -v f="$files" -v b="$bytes" -v w="$w" -v c="$(cat "$logs/$name.cpu")" -v r="$rss" -v o="$o" -v k="$leak" -v base="$bw" 'BEGIN {
    x = base > 0 ? sprintf(w/base < 0.1 ? "%.2f×" : "%.1f×", w/base) : "–"
    printf "| %s | %d | %d | %.1f | %.2f | %.2f | %.0f | %.0f | %s | %s |\n", l, f, o, b/1e6, w, c, b/1e6/w, r/1024, k, x }'
}
head_row() {
  echo "| tool | files in | files out | MB | wall s | CPU s | MB/s | peak RSS MB | values left | time × $1 |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
}
ratio() { awk -v a="$(wall "$1")" -v b="$(wall "$2")" 'BEGIN {printf "%.2f", a/b}'; }
cpuratio() { awk -v a="$(cat "$logs/$1.cpu")" -v b="$(cat "$logs/$2.cpu")" 'BEGIN {printf "%.2f", a/b}'; }
verdict() { awk -v v="$1" -v lim="$2" -v op="$3" 'BEGIN { ok = (op == ">=") ? v >= lim : v <= lim; print ok ? "PASS" : "FAIL" }'; }
fail=0
# cleaned_all NAME LABEL: a target line on whether scrub cleaned every file.
cleaned_all() {
  local s d t rest
  s=$(status "$1"); d=$(cut -f1 <<<"$s"); t=$(cut -f2 <<<"$s"); rest=$(cut -f3 <<<"$s")
  if [ "$d" -ne "$t" ] || [ "$t" = 0 ]; then
    echo "- FAIL: $2: scrub cleaned $d of $t files; the others: $rest(see bench/out/logs/$1-status.tsv)"
    fail=1
  else
    echo "- PASS: $2: scrub cleaned all $t files"
  fi
}
leak_line() { # NAME VALUE
  if [ "$2" = 0 ]; then
    echo "- PASS: bench/leak ($1): no planted value left in scrub's output"
  else
    echo "- FAIL: bench/leak ($1): $2 (bench/out/logs/leak-$1.txt)"; fail=1
  fi
}

res=$out/results.md
{
  echo "## scrub benchmark"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(df -T "$out" | awk 'NR==2 {print $2}') file system."
  echo "scrub $("$bin/scrub" version 2>/dev/null | cut -d' ' -f2) ($gitrev), $(go version | cut -d' ' -f3), default workers (-j $(nproc)). Wall and CPU (user + system) time are the median of $runs run(s) (mat2 and the per-format rows: 1), peak RSS the largest, from /usr/bin/time -v. The machine is shared: compare ratios within one run, not absolute times across runs. The load average (1, 5, 15 min) is given for each part."
  echo
  echo "### Documents"
  echo
  echo "Corpus: \`go run ./bench/gen -docs $docs -seed $seed\` — $all_files files, $(awk -v b="$all_bytes" 'BEGIN{printf "%.0f", b/1e6}') MB"
  echo "($(awk -F'\t' 'NR>1 {n[$3]++} END {printf "%d ODT, %d DOCX, %d PDF", n["odt"], n["docx"], n["pdf"]}' "$cdir/MANIFEST.tsv");"
  echo "$(awk -F'\t' 'NR>1 {p+=$5} END {print p}' "$cdir/MANIFEST.tsv") photos, each with EXIF GPS, serials, owner, thumbnail, XMP, IPTC; $(awk -F'\t' 'NR>1 && $4=="big"' "$cdir/MANIFEST.tsv" | wc -l) documents hold eight camera photos each). Load average $load_docs before, $load_docs_after after."
  echo
  head_row scrub
  row "cp -r (floor)" cp "$all_files" "$all_bytes" "$(outs cp)" "–" scrub
  row "**scrub clean -o**" scrub "$all_files" "$all_bytes" "$(outs scrub)" "$leak_scrub" scrub
  row "scrub clean -j 1 -o (one file at a time)" scrub-j1 "$all_files" "$all_bytes" "$(outs scrub-j1)" "–" scrub
  [ -n "$base_bin" ] && row "scrub at $rev (baseline)" base "$all_files" "$all_bytes" "$(outs base)" "–" scrub
  row "mat2 -L" mat2-L "$all_files" "$all_bytes" "$(outs mat2-L -name '*.cleaned.*')" "$leak_mat2L" scrub
  row "mat2 (default)" mat2 "$all_files" "$all_bytes" "$(outs mat2 -name '*.cleaned.*')" "$leak_mat2" scrub
  row "exiftool -all= (PDFs only; cannot write ODT/DOCX)" exiftool "$all_files" "$all_bytes" "$(outs exiftool)" "$leak_exif" scrub
  row "**scrub clean -o**, PDFs only" scrub-pdf "$pdf_files" "$pdf_bytes" "$(outs scrub-pdf)" "$leak_scrub_pdf" scrub-pdf
  [ -n "$base_bin" ] && row "scrub at $rev (baseline), PDFs only" base-pdf "$pdf_files" "$pdf_bytes" "$(outs base-pdf)" "–" scrub-pdf
  row "qpdf in.pdf out.pdf (rewrite, cleans nothing)" qpdf "$pdf_files" "$pdf_bytes" "$(outs qpdf)" "–" scrub-pdf
  for f in odt docx; do
    row "scrub clean -o, $f only" "scrub-$f" "$(nfiles "$src/$f")" "$(nbytes "$src/$f")" "$(outs "scrub-$f")" "–" -
  done
  echo
  echo "values left: planted identifying values (owner names, camera and lens serials, GPS place names, XMP ids, printer, reviewers, rsids) found in the tool's output by \`bench/leak\` (decompressed, all encodings), out of $(grep -vc '^#' "$cdir/planted.tsv") planted."
  if [ $archive = 1 ]; then
    echo
    echo "### Archive"
    echo
    echo "The same $all_files documents as one zip (\`zip -r\`, $(awk -v b="$zbytes" 'BEGIN{printf "%.0f", b/1e6}') MB), cleaned member by member. Load average $load_zip before."
    echo
    head_row "the folder"
    row "cp -r of the folder (floor)" cp "$all_files" "$all_bytes" "$(outs cp)" "–" scrub
    row "scrub clean -o, the folder" scrub "$all_files" "$all_bytes" "$(outs scrub)" "$leak_scrub" scrub
    row "scrub clean -j 1 -o, the folder" scrub-j1 "$all_files" "$all_bytes" "$(outs scrub-j1)" "–" scrub
    row "**scrub clean -o, the zip**" scrub-zip 1 "$zbytes" "$(outs scrub-zip)" "$leak_zip" scrub
  fi
  if [ $media = 1 ]; then
    echo
    echo "### Phone photos, videos and recordings"
    echo
    echo "Corpus: \`go run ./bench/gen -media -photos $photos -videos $videos -audio $audio -seed $seed\` — $(awk -F'\t' 'NR>1 {n[$4]++} END {s=""; for (k in n) s = s n[k] " " toupper(k) ", "; print substr(s, 1, length(s)-2)}' "$mdir/MANIFEST.tsv"). Photos carry EXIF (GPS, serials, owner, thumbnail), XMP and IPTC; videos Android keys, Apple keys (location, model, software, creation date, Live Photo id) or user data (©xyz, ©mak, ©mod, ©ART); recordings ID3v2 with cover art (EXIF), Vorbis comments with cover art, LIST INFO and bext, voice-memo tags. Load average $load_media before, $load_media_after after."
    echo
    head_row scrub
    row "cp -r (floor)" cp-phone "$phone_files" "$phone_bytes" "$(outs cp-phone)" "–" scrub-phone
    row "cp -r + sync of every file" cpsync-phone "$phone_files" "$phone_bytes" "$(outs cpsync-phone)" "–" scrub-phone
    row "**scrub clean -o**, photos and videos" scrub-phone "$phone_files" "$phone_bytes" "$(outs scrub-phone)" "$leak_phone" scrub-phone
    row "exiftool -all=, photos and videos" exiftool-phone "$phone_files" "$phone_bytes" "$(outs exiftool-phone)" "${leak_exiftool_phone:-n/a}" scrub-phone
    row "mat2, photos and videos (no WebP, MOV)" mat2-phone "$phone_files" "$phone_bytes" "$(outs mat2-phone -name '*.cleaned.*')" "${leak_mat2_phone:-n/a}" scrub-phone
    row "scrub clean -o, videos only" scrub-video "$(nfiles "$msrc/video")" "$(nbytes "$msrc/video")" "$(outs scrub-video)" "–" scrub-video
    row "ffmpeg -map 0 -map_metadata -1 -c copy, videos" ffmpeg-video "$(nfiles "$msrc/video")" "$(nbytes "$msrc/video")" "$(outs ffmpeg-video)" "${leak_ffmpeg_video:-n/a}" scrub-video
    row "**scrub clean -o**, recordings" scrub-audio "$audio_files" "$audio_bytes" "$(outs scrub-audio)" "$leak_audio" scrub-audio
    row "exiftool -all=, recordings (writes M4A only)" exiftool-audio "$audio_files" "$audio_bytes" "$(outs exiftool-audio)" "${leak_exiftool_audio:-n/a}" scrub-audio
    row "mat2, recordings (no M4A)" mat2-audio "$audio_files" "$audio_bytes" "$(outs mat2-audio -name '*.cleaned.*')" "${leak_mat2_audio:-n/a}" scrub-audio
    row "ffmpeg -map 0 -map_metadata -1 -c copy, recordings" ffmpeg-audio "$audio_files" "$audio_bytes" "$(outs ffmpeg-audio)" "${leak_ffmpeg_audio:-n/a}" scrub-audio
    echo
    echo "values left: of $(grep -vc '^#' "$mdir/planted.tsv") planted (names, places, GPS positions as EXIF rationals, serials, phone models, software builds, Live Photo ids, XMP ids, cover-art EXIF), found by \`bench/leak\`; files a tool does not write are not counted."
  fi
  if [ $big = 1 ]; then
    echo
    echo "### One big video"
    echo
    echo "A $(awk -v b="$big_bytes" 'BEGIN{printf "%.2f", b/1e9}') GB MP4 (1080p H.264 and AAC, a 4 s clip copied over and over with ffmpeg, a phone's location, model and title in keys). scrub writes its copy, syncs it to disk (fsync) and its folder, reads it back to verify, then renames it into place: \`cp\` + \`sync\` is the like-for-like floor; plain \`cp\` leaves the data in the page cache. Load average $load_big before, $load_big_after after."
    echo
    echo "| tool | GB | wall s | CPU s | peak RSS MB | time × cp | time × cp + sync | values left |"
    echo "|---|---|---|---|---|---|---|---|"
    for n in big-cp big-cpsync big-scrub big-ffmpeg; do
      [ -f "$logs/$n.wall" ] || continue
      case $n in
        big-cp) label="cp" k="–" ;;
        big-cpsync) label="cp + sync (fsync of the copy and its folder)" k="–" ;;
        big-scrub) label="**scrub clean -o**" k=$leak_big ;;
        big-ffmpeg) label="ffmpeg -map 0 -map_metadata -1 -c copy" k="–" ;;
      esac
      awk -v l="$label" -v b="$big_bytes" -v w="$(wall "$n")" -v c="$(cat "$logs/$n.cpu")" -v r="$(cat "$logs/$n.rss")" \
        -v a="$(wall big-cp)" -v s="$(wall big-cpsync)" -v k="$k" \
        'BEGIN {printf "| %s | %.2f | %.2f | %.2f | %.0f | %.2f× | %.2f× | %s |\n", l, b/1e9, w, c, r/1024, w/a, w/s, k}'
    done
  fi

  echo
  echo "### Targets"
  echo
  cleaned_all scrub "documents"
  if [ -f "$logs/mat2-L.wall" ]; then
    r=$(ratio mat2-L scrub); v=$(verdict "$r" 20 ">="); [ "$v" = PASS ] || fail=1
    echo "- $v: documents: mat2 -L / scrub = ${r}× wall time (target ≥ 20×, issue 8); CPU time $(cpuratio mat2-L scrub)×"
  else
    echo "- mat2 not installed: the 20× target was not measured"
  fi
  if [ -f "$logs/qpdf.wall" ]; then
    r=$(ratio scrub-pdf qpdf); v=$(verdict "$r" 2 "<="); [ "$v" = PASS ] || fail=1
    note=""; [ "$(outs scrub-pdf)" -eq "$pdf_files" ] || { v=FAIL; fail=1; note=" — not meaningful: scrub wrote $(outs scrub-pdf) of $pdf_files"; }
    echo "- $v: PDFs: scrub / qpdf = ${r}× wall time (target ≤ 2×, aim ≤ 1×); CPU time $(cpuratio scrub-pdf qpdf)×$note"
  else
    echo "- qpdf not installed: the PDF target was not measured"
  fi
  if [ -n "$base_bin" ]; then
    r=$(ratio scrub-pdf base-pdf); v=$(verdict "$r" 1.3 "<=")
    echo "- $v: PDFs: scrub now / scrub at $rev = ${r}× wall time, CPU time $(cpuratio scrub-pdf base-pdf)× (issue 13: not slower; issue 18: at most 1.3×; scrub at $rev wrote $(outs base-pdf) of $pdf_files)"
    [ "$v" = PASS ] || fail=1
    echo "- whole folder: scrub now / scrub at $rev = $(ratio scrub base)× wall time, CPU time $(cpuratio scrub base)×"
  fi
  rss=$(( $(cat "$logs/scrub.rss") / 1024 )); v=$(verdict "$rss" 200 "<="); [ "$v" = PASS ] || fail=1
  echo "- $v: documents: scrub peak RSS = $rss MB (target ≤ 200 MB)"
  leak_line scrub "$leak_scrub"
  leak_line scrub-pdf "$leak_scrub_pdf"
  if [ $archive = 1 ]; then
    cleaned_all scrub-zip "archive"
    r=$(ratio scrub-zip scrub); v=$(verdict "$r" 1.2 "<="); [ "$v" = PASS ] || fail=1
    echo "- $v: archive: the zip / its files unzipped = ${r}× wall time with the default workers (target ≤ 1.2×, issue 17); $(ratio scrub-zip scrub-j1)× the folder one file at a time (-j 1); CPU time $(cpuratio scrub-zip scrub)×"
    leak_line scrub-zip "$leak_zip"
  fi
  if [ $media = 1 ]; then
    cleaned_all scrub-phone "photos and videos"
    cleaned_all scrub-audio "recordings"
    if [ -f "$logs/exiftool-phone.wall" ]; then
      r=$(ratio exiftool-phone scrub-phone); v=$(verdict "$r" 10 ">="); [ "$v" = PASS ] || fail=1
      echo "- $v: photos and videos: exiftool -all= / scrub = ${r}× wall time (target ≥ 10×, issue 16); CPU time $(cpuratio exiftool-phone scrub-phone)×"
    else
      echo "- exiftool not installed: the 10× target was not measured"
    fi
    leak_line scrub-phone "$leak_phone"
    leak_line scrub-audio "$leak_audio"
  fi
  if [ $big = 1 ]; then
    cleaned_all big-scrub "the 2 GB MP4"
    r=$(ratio big-scrub big-cpsync); v=$(verdict "$r" 2 "<="); [ "$v" = PASS ] || fail=1
    echo "- $v: 2 GB MP4: scrub / (cp + sync) = ${r}× wall time (target ≤ 2×, issue 16: the copy made durable, as scrub's is); against plain cp (data left in the page cache) $(ratio big-scrub big-cp)×"
    rss=$(( $(cat "$logs/big-scrub.rss") / 1024 )); v=$(verdict "$rss" 64 "<"); [ "$v" = PASS ] || fail=1
    echo "- $v: 2 GB MP4: scrub peak RSS = $rss MB (target < 64 MB)"
    leak_line big "$leak_big"
  fi
  case $residue_status in
    PASS*) echo "- PASS: residue.py (independent): ${residue_status#PASS: }" ;;
    FAIL*) echo "- $residue_status"; fail=1 ;;
    *) echo "- $residue_status" ;;
  esac
  [ ${#missing[@]} -eq 0 ] || echo "- not installed, skipped: ${missing[*]}"
} >"$res"

if [ $mem = 1 ]; then
  mdir2=$out/mem-$mem_images-$mem_pages-$seed
  if [ ! -f "$mdir2/STAMP" ]; then
    rm -rf "$mdir2"
    say "generating the single-file memory PDFs"
    "$bin/gen" -out "$mdir2" -mem-images "$mem_images" -mem-pages "$mem_pages" -seed "$seed" || die "generation failed"
  fi
  {
    echo
    echo "### Memory on one file"
    echo
    echo "| file | MB | tool | wall s | peak RSS MB | RSS / file size |"
    echo "|---|---|---|---|---|---|"
  } >>"$res"
  for f in "$mdir2"/corpus/pdf/*.pdf; do
    b=$(stat -c %s "$f"); n=$(basename "$f" .pdf)
    measure "mem-scrub-$n" 'rm -rf "$work/mem"' 1 "$bin/scrub" clean -o "$work/mem" "$f"
    tools=(scrub)
    if have qpdf; then
      measure "mem-qpdf-$n" 'mkdir -p "$work/mem"' 1 qpdf "$f" "$work/mem/qpdf.pdf"
      tools+=(qpdf)
    fi
    for t in "${tools[@]}"; do
      awk -v f="$n.pdf" -v b="$b" -v t="$t" -v w="$(cat "$logs/mem-$t-$n.wall")" -v r="$(cat "$logs/mem-$t-$n.rss")" \
        'BEGIN {printf "| %s | %.0f | %s | %.2f | %.0f | %.1f× |\n", f, b/1e6, t, w, r/1024, r*1024/b}' >>"$res"
    done
    rc=$(cat "$logs/mem-scrub-$n.rc.1")
    [ "$rc" = 0 ] || echo "- scrub exited $rc on $n.pdf: $(head -c 300 "$logs/mem-scrub-$n.err.1")" >>"$res"
  done
fi

if [ -n "$pdf_corpus" ]; then
  # Real PDFs (Acrobat, Word, LibreOffice, scanners...): the ones scrub
  # cleans (it refuses encrypted and broken ones, which qpdf may still
  # rewrite: those would not compare like with like).
  [ -d "$pdf_corpus" ] || die "--pdf-corpus: $pdf_corpus is not a folder"
  real=$work/realpdf/in
  rm -rf "$work/realpdf"; mkdir -p "$real"
  "$bin/scrub" clean --json -o "$work/realpdf/probe" "$pdf_corpus" >"$logs/realpdf-probe.json" 2>/dev/null
  jq -r '.files[] | select(.status == "cleaned" or .status == "already-clean") | .path' "$logs/realpdf-probe.json" |
    while IFS= read -r f; do case $f in *.pdf|*.PDF) cp "$f" "$real/" ;; esac; done
  rnum=$(nfiles "$real"); rbytes=$(nbytes "$real")
  rall=$(jq '[.files[] | select(.path | test("\\.pdf$"; "i"))] | length' "$logs/realpdf-probe.json")
  warm "$real"
  say "timing on $rnum real PDFs from $pdf_corpus ($((rbytes / 1000)) kB); load average: $(load)"
  load_real=$(load)
  measure realpdf-scrub 'rm -rf "$work/realpdf/scrub"' "$runs" "$bin/scrub" clean -o "$work/realpdf/scrub" "$real"
  measure realpdf-scrub-j1 'rm -rf "$work/realpdf/scrub"' "$runs" "$bin/scrub" clean -j 1 -o "$work/realpdf/scrub" "$real"
  if [ -n "$base_bin" ]; then
    measure realpdf-base-j1 'rm -rf "$work/realpdf/base"' "$runs" "$base_bin" clean -j 1 -o "$work/realpdf/base" "$real"
  fi
  if have qpdf; then
    cat >"$work/realpdf/qpdf.sh" <<EOF
rc=0
for f in "$real"/*; do
  qpdf "\$f" "$work/realpdf/qpdf/\${f##*/}"; r=\$?
  [ \$r = 0 ] || [ \$r = 3 ] || rc=\$r
done
exit \$rc
EOF
    measure realpdf-qpdf 'rm -rf "$work/realpdf/qpdf"; mkdir -p "$work/realpdf/qpdf"' "$runs" bash "$work/realpdf/qpdf.sh"
  fi
  v=PASS
  {
    echo
    echo "### Real PDFs"
    echo
    echo "The $rnum PDFs of \`$pdf_corpus\` that scrub cleans, of $rall ($(awk -v b="$rbytes" 'BEGIN{printf "%.1f", b/1e6}') MB; the encrypted and broken ones it refuses are left out). Load average $load_real before."
    echo
    echo "| tool | files | wall s | CPU s | peak RSS MB | time × qpdf |"
    echo "|---|---|---|---|---|---|"
    for n in realpdf-scrub realpdf-scrub-j1 realpdf-base-j1 realpdf-qpdf; do
      [ -f "$logs/$n.wall" ] || continue
      case $n in
        realpdf-scrub) label="**scrub clean -o** (default workers)" ;;
        realpdf-scrub-j1) label="scrub clean -j 1 -o (one file at a time, as qpdf)" ;;
        realpdf-base-j1) label="scrub at $rev (baseline), -j 1" ;;
        realpdf-qpdf) label="qpdf in.pdf out.pdf, file by file" ;;
      esac
      q="–"
      [ -f "$logs/realpdf-qpdf.wall" ] && q=$(awk -v a="$(wall "$n")" -v b="$(wall realpdf-qpdf)" 'BEGIN{printf "%.2f×", a/b}')
      awk -v l="$label" -v f="$rnum" -v w="$(wall "$n")" -v c="$(cat "$logs/$n.cpu")" -v r="$(cat "$logs/$n.rss")" -v q="$q" \
        'BEGIN {printf "| %s | %d | %.2f | %.2f | %.0f | %s |\n", l, f, w, c, r/1024, q}'
    done
    echo
    if [ -f "$logs/realpdf-qpdf.wall" ]; then
      r=$(ratio realpdf-scrub-j1 realpdf-qpdf); v=$(verdict "$r" 2 "<=")
      echo "- $v: scrub -j 1 / qpdf on the real PDFs = ${r}× wall time (target ≤ 2×, aim ≤ 1×; with the default workers $(ratio realpdf-scrub realpdf-qpdf)×)"
    else
      echo "- qpdf not installed: the real-PDF target was not measured"
    fi
    if [ -n "$base_bin" ]; then
      echo "- real PDFs: scrub now / scrub at $rev (both -j 1) = $(ratio realpdf-scrub-j1 realpdf-base-j1)× wall time, CPU time $(cpuratio realpdf-scrub-j1 realpdf-base-j1)×"
    fi
  } >>"$res"
  # The block above ran in a group, not a subshell: v is the verdict.
  [ "$v" = PASS ] || fail=1
fi

echo >>"$res"
echo "Reproduce: \`bench/run.sh --docs $docs --seed $seed --runs $runs$([ $mat2_default = 1 ] && echo ' --mat2-default')$([ $mem = 1 ] && echo " --mem --mem-images $mem_images --mem-pages $mem_pages")$([ -n "$pdf_corpus" ] && echo " --pdf-corpus $pdf_corpus")$([ -n "$baseline" ] && echo " --baseline $baseline")$([ $media = 0 ] && echo ' --no-media')$([ $media = 1 ] && echo " --photos $photos --videos $videos --audio $audio")$([ $archive = 0 ] && echo ' --no-archive')$([ $big = 1 ] && echo ' --big-mp4')\`" >>"$res"
cat "$res"
if [ $fail = 0 ]; then echo "bench: PASS"; else echo "bench: FAIL"; fi
exit $fail
