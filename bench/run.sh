#!/usr/bin/env bash
# Benchmark: scrub against cp (the floor), qpdf, exiftool and mat2 on a
# generated folder of office documents and PDFs with camera photos, in one
# run, so that the ratios mean something on a shared machine. Then the leak
# checks on scrub's output: a fast result that leaks is a FAIL.
#
# usage: bench/run.sh [options]
#   --docs N          documents in the corpus (default 60; 180 = the issue's archive)
#   --seed S          corpus seed (default 1)
#   --runs N          timed runs of each fast tool; the median is reported (default 3)
#   --residue PATH    independent leak checker (default ../shared/tools/residue.py)
#   --mat2-default    also time mat2 without -L (slow: it rasterises PDFs)
#   --mem             also measure peak memory on single big PDFs
#   --mem-images N    camera photos in the image-heavy PDF (default 60)
#   --mem-pages N     pages of text in the object-heavy PDF (default 20000)
#   --skip-peers      time scrub (and cp) only
#   --pdf-corpus DIR  also time scrub against qpdf on the real PDFs in DIR
#                     (e.g. ../shared/corpus/pdf): the files scrub cleans
#
# Writes bench/out/results.md (the table) and logs under bench/out/.
# Exit status: 0 all targets met and no leak, 1 a target failed or a leak
# was found, 2 the benchmark could not run.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PATH="$PATH:/usr/local/go/bin"

docs=60 seed=1 runs=3 residue=../shared/tools/residue.py mat2_default=0 mem=0
mem_images=60 mem_pages=20000 peers=1 pdf_corpus=""
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
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

out=$root/bench/out
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

say "building scrub (CGO_ENABLED=0), the generator and the leak checker"
CGO_ENABLED=0 go build -o "$bin/scrub" ./cmd/scrub || die "go build ./cmd/scrub failed"
go build -o "$bin/gen" ./bench/gen || die "go build ./bench/gen failed"
go build -o "$bin/leak" ./bench/leak || die "go build ./bench/leak failed"

# The corpus is cached: regenerated only when the generator or options change.
cdir=$out/corpus-$docs-$seed
if [ ! -f "$cdir/STAMP" ] || [ "$(cat "$cdir/STAMP")" != "$("$bin/gen" -docs "$docs" -seed "$seed" -stamp)" ]; then
  rm -rf "$cdir"
  say "generating the corpus ($docs documents, seed $seed)"
  "$bin/gen" -out "$cdir" -docs "$docs" -seed "$seed" || die "corpus generation failed"
fi
src=$cdir/corpus
if [ ! -f "$cdir/.planted-verified" ]; then
  say "checking that every planted value is in its original (once per corpus)"
  # Against an empty folder: every file lacks a cleaned copy, so this only
  # checks the originals.
  mkdir -p "$work/empty"
  "$bin/leak" -corpus "$cdir" -cleaned "$work/empty" >"$logs/planted-originals.txt" || die "planted values missing from the originals: see $logs/planted-originals.txt"
  touch "$cdir/.planted-verified"
fi

nfiles() { find "$1" -type f "${@:2}" | wc -l; }
nbytes() { find "$1" -type f "${@:2}" -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }
all_files=$(nfiles "$src"); all_bytes=$(nbytes "$src")
pdf_files=$(nfiles "$src" -name '*.pdf'); pdf_bytes=$(nbytes "$src" -name '*.pdf')
# Warm the page cache so that every tool reads from memory.
cat $(find "$src" -type f) >/dev/null

# measure NAME SETUP CMD...: runs SETUP (untimed) then CMD under
# /usr/bin/time -v, $runs times for fast tools; records the median wall time
# and the largest peak RSS in $logs/NAME.{wall,rss}.
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

say "timing on $all_files files, $((all_bytes / 1000000)) MB ($pdf_files PDFs, $((pdf_bytes / 1000000)) MB); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

measure cp 'rm -rf "$work/cp"' "$runs" cp -r "$src" "$work/cp"
measure scrub 'rm -rf "$work/scrub"' "$runs" "$bin/scrub" clean --json -o "$work/scrub" "$src"
measure scrub-pdf 'rm -rf "$work/scrub-pdf"' "$runs" "$bin/scrub" clean -o "$work/scrub-pdf" "$src/pdf"
for f in odt docx; do
  measure "scrub-$f" "rm -rf \"\$work/scrub-$f\"" 1 "$bin/scrub" clean -o "$work/scrub-$f" "$src/$f"
done

missing=()
have() { command -v "$1" >/dev/null && [ $peers = 1 ]; }
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
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# Outputs each tool wrote.
outs() { if [ -d "$work/$1" ]; then nfiles "$work/$1" "${@:2}"; else echo 0; fi; }
outs_scrub=$(outs scrub)
outs_scrub_pdf=$(outs scrub-pdf)

say "leak checks"
leak_row() { # TOOL DIR [leak flags...] -> "values left" or "n/a"
  local name=$1 dir=$2; shift 2
  if [ -d "$dir" ]; then
    "$bin/leak" -corpus "$cdir" -cleaned "$dir" -originals=false "$@" >"$logs/leak-$name.txt" 2>&1
    if [ $? = 2 ]; then
      echo "check failed"   # nothing or too little checked: not a pass
    else
      awk '/^leak: [0-9]/ {print $(NF-4)}' "$logs/leak-$name.txt"
    fi
  else
    echo "n/a"
  fi
}
leak_scrub=$(leak_row scrub "$work/scrub/corpus")
# scrub clean -o DIR SRC/pdf writes DIR/pdf/NAME: the folder to check is
# DIR, whose layout mirrors the corpus's pdf/ folder.
leak_scrub_pdf=$(leak_row scrub-pdf "$work/scrub-pdf" -only pdf/)
leak_mat2L=$(leak_row mat2-L "$work/mat2-L" -suffix .cleaned -allow-missing)
leak_mat2=$(leak_row mat2 "$work/mat2" -suffix .cleaned -allow-missing)
leak_exif=$(leak_row exiftool "$work/exiftool" -only pdf/ -allow-missing)

residue_status="skipped"
residue_fail=0
if [ -x "$residue" ] || [ -f "$residue" ]; then
  say "  residue.py on every scrub output"
  : >"$logs/residue.txt"
  (cd "$src" && find . -type f -printf '%P\n') | sort |
    xargs -P "$(nproc)" -I{} sh -c 'python3 "$1" "$2/$3" "$4/$3" >"$5/residue-$(echo "$3" | tr / _).txt" 2>&1 || echo "$3" >>"$5/residue-failed.txt"' \
      _ "$residue" "$src" {} "$work/scrub/corpus" "$logs"
  residue_fail=$( [ -f "$logs/residue-failed.txt" ] && wc -l <"$logs/residue-failed.txt" || echo 0)
  cat "$logs"/residue-*.txt >"$logs/residue.txt" 2>/dev/null
  if [ "$residue_fail" = 0 ]; then
    residue_status="PASS: nothing left in $all_files files"
  else
    residue_status="FAIL: residue in $residue_fail files (see bench/out/logs/residue.txt)"
  fi
else
  say "  leak check skipped: $residue not found (pass --residue PATH)"
  residue_status="leak check skipped: residue.py not found"
fi

# Scrub must have cleaned every file: a skipped or refused file is not a
# fast file.
jq -r '.files[] | "\(.status)\t\(.format // "unknown format")\t\(.path)\t\(.error // "")"' "$logs/scrub.out.1" >"$logs/scrub-status.tsv"
scrub_done=$(awk -F'\t' '$1=="cleaned" || $1=="already-clean"' "$logs/scrub-status.tsv" | wc -l)

# The table.
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
ratio() { awk -v a="$(wall "$1")" -v b="$(wall "$2")" 'BEGIN {printf "%.1f", a/b}'; }
cpuratio() { awk -v a="$(cat "$logs/$1.cpu")" -v b="$(cat "$logs/$2.cpu")" 'BEGIN {printf "%.1f", a/b}'; }
verdict() { awk -v v="$1" -v lim="$2" -v op="$3" 'BEGIN { ok = (op == ">=") ? v >= lim : v <= lim; print ok ? "PASS" : "FAIL" }'; }

res=$out/results.md
fail=0
{
  echo "## scrub benchmark"
  echo
  echo "Corpus: \`go run ./bench/gen -docs $docs -seed $seed\` — $all_files files, $(awk -v b="$all_bytes" 'BEGIN{printf "%.0f", b/1e6}') MB"
  echo "($(awk -F'\t' 'NR>1 {n[$3]++} END {printf "%d ODT, %d DOCX, %d PDF", n["odt"], n["docx"], n["pdf"]}' "$cdir/MANIFEST.tsv");"
  echo "$(awk -F'\t' 'NR>1 {p+=$5} END {print p}' "$cdir/MANIFEST.tsv") photos, each with EXIF GPS, serials, owner, thumbnail, XMP, IPTC; $(awk -F'\t' 'NR>1 && $4=="big"' "$cdir/MANIFEST.tsv" | wc -l) documents hold eight camera photos each)."
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $load_before before, $load_after after."
  echo "scrub $("$bin/scrub" version 2>/dev/null | cut -d" " -f2) ($(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo '+changes')), $(go version | cut -d' ' -f3), default workers (-j $(nproc)); wall and CPU (user + system) time are the median of $runs run(s) (mat2: 1), peak RSS the largest, from /usr/bin/time -v. The machine is shared: compare ratios within one run, not absolute times across runs."
  echo
  echo "| tool | files in | files out | MB | wall s | CPU s | MB/s | peak RSS MB | values left | time × scrub |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  row "cp -r (floor)" cp "$all_files" "$all_bytes" "$(outs cp)" "–" scrub
  row "**scrub clean -o**" scrub "$all_files" "$all_bytes" "$outs_scrub" "$leak_scrub" scrub
  row "mat2 -L" mat2-L "$all_files" "$all_bytes" "$(outs mat2-L -name '*.cleaned.*')" "$leak_mat2L" scrub
  row "mat2 (default)" mat2 "$all_files" "$all_bytes" "$(outs mat2 -name '*.cleaned.*')" "$leak_mat2" scrub
  row "exiftool -all= (PDFs only; cannot write ODT/DOCX)" exiftool "$all_files" "$all_bytes" "$(outs exiftool)" "$leak_exif" scrub
  row "**scrub clean -o**, PDFs only" scrub-pdf "$pdf_files" "$pdf_bytes" "$outs_scrub_pdf" "$leak_scrub_pdf" scrub-pdf
  row "qpdf in.pdf out.pdf (rewrite, cleans nothing)" qpdf "$pdf_files" "$pdf_bytes" "$(outs qpdf)" "–" scrub-pdf
  for f in odt docx; do
    row "scrub clean -o, $f only" "scrub-$f" "$(nfiles "$src/$f")" "$(nbytes "$src/$f")" "$(outs "scrub-$f")" "–" -
  done
  echo
  echo "values left: planted identifying values (owner names, camera and lens serials, GPS place names, XMP ids, printer, reviewers, rsids) found in the tool's output by \`bench/leak\` (decompressed, all encodings), out of $(grep -vc '^#' "$cdir/planted.tsv") planted."
  echo
  echo "### Targets"
  echo
  if [ "$scrub_done" -ne "$all_files" ]; then
    echo "- FAIL: scrub cleaned $scrub_done of $all_files files; the others: $(awk -F'\t' '$1!="cleaned" && $1!="already-clean" {n[$1" "$2]++} END {for (k in n) printf "%s %s; ", n[k], k}' "$logs/scrub-status.tsv")"
    fail=1
  else
    echo "- PASS: scrub cleaned all $all_files files"
  fi
  if [ -f "$logs/mat2-L.wall" ]; then
    r=$(ratio mat2-L scrub); v=$(verdict "$r" 20 ">="); [ "$v" = PASS ] || fail=1
    note=""; [ "$scrub_done" -eq "$all_files" ] || { v=FAIL; fail=1; note=" — not meaningful: scrub did not clean every file"; }
    echo "- $v: mat2 -L / scrub on the whole folder = ${r}× wall time (target ≥ 20×); CPU time $(cpuratio mat2-L scrub)×$note"
  else
    echo "- mat2 not installed: the 20× target was not measured"
  fi
  if [ -f "$logs/qpdf.wall" ]; then
    r=$(ratio scrub-pdf qpdf); v=$(verdict "$r" 2 "<="); [ "$v" = PASS ] || fail=1
    note=""; [ "$outs_scrub_pdf" -eq "$pdf_files" ] || { v=FAIL; fail=1; note=" — not meaningful: scrub wrote $outs_scrub_pdf of $pdf_files"; }
    echo "- $v: scrub / qpdf on the PDFs = ${r}× wall time (target ≤ 2×); CPU time $(cpuratio scrub-pdf qpdf)×$note"
  else
    echo "- qpdf not installed: the PDF target was not measured"
  fi
  rss=$(( $(cat "$logs/scrub.rss") / 1024 )); v=$(verdict "$rss" 200 "<="); [ "$v" = PASS ] || fail=1
  echo "- $v: scrub peak RSS on the whole folder = $rss MB (target ≤ 200 MB)"
  for l in "scrub:$leak_scrub" "scrub-pdf:$leak_scrub_pdf"; do
    name=${l%%:*} n=${l#*:}
    if [ "$n" = 0 ]; then
      echo "- PASS: bench/leak ($name): no planted value left in scrub's output"
    else
      echo "- FAIL: bench/leak ($name): $n (bench/out/logs/leak-$name.txt)"; fail=1
    fi
  done
  case $residue_status in
    PASS*) echo "- PASS: residue.py (independent): nothing left in any of the $all_files outputs" ;;
    FAIL*) echo "- $residue_status"; fail=1 ;;
    *) echo "- $residue_status" ;;
  esac
  [ ${#missing[@]} -eq 0 ] || echo "- not installed, skipped: ${missing[*]}"
} >"$res"

if [ $mem = 1 ]; then
  mdir=$out/mem-$mem_images-$mem_pages-$seed
  if [ ! -f "$mdir/STAMP" ]; then
    rm -rf "$mdir"
    say "generating the single-file memory PDFs"
    "$bin/gen" -out "$mdir" -mem-images "$mem_images" -mem-pages "$mem_pages" -seed "$seed" || die "generation failed"
  fi
  {
    echo
    echo "### Memory on one file"
    echo
    echo "| file | MB | tool | wall s | peak RSS MB | RSS / file size |"
    echo "|---|---|---|---|---|---|"
  } >>"$res"
  for f in "$mdir"/corpus/pdf/*.pdf; do
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
  cat $(find "$real" -type f) >/dev/null
  say "timing on $rnum real PDFs from $pdf_corpus ($((rbytes / 1000)) kB)"
  measure realpdf-scrub 'rm -rf "$work/realpdf/scrub"' "$runs" "$bin/scrub" clean -o "$work/realpdf/scrub" "$real"
  measure realpdf-scrub-j1 'rm -rf "$work/realpdf/scrub"' "$runs" "$bin/scrub" clean -j 1 -o "$work/realpdf/scrub" "$real"
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
    echo "The $rnum PDFs of \`$pdf_corpus\` that scrub cleans ($(awk -v b="$rbytes" 'BEGIN{printf "%.1f", b/1e6}') MB; the encrypted and broken ones it refuses are left out)."
    echo
    echo "| tool | files | wall s | CPU s | peak RSS MB | time × qpdf |"
    echo "|---|---|---|---|---|---|"
    for n in realpdf-scrub realpdf-scrub-j1 realpdf-qpdf; do
      [ -f "$logs/$n.wall" ] || continue
      case $n in
        realpdf-scrub) label="**scrub clean -o** (default workers)" ;;
        realpdf-scrub-j1) label="scrub clean -j 1 -o (one file at a time, as qpdf)" ;;
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
      echo "- $v: scrub -j 1 / qpdf on the real PDFs = ${r}× wall time (target ≤ 2×; with the default workers $(ratio realpdf-scrub realpdf-qpdf)×)"
    else
      echo "- qpdf not installed: the real-PDF target was not measured"
    fi
  } >>"$res"
  # The block above ran in a group, not a subshell: v is the verdict.
  [ "$v" = PASS ] || fail=1
fi

echo >>"$res"
echo "Reproduce: \`bench/run.sh --docs $docs --seed $seed --runs $runs$([ $mat2_default = 1 ] && echo ' --mat2-default')$([ $mem = 1 ] && echo " --mem --mem-images $mem_images --mem-pages $mem_pages")$([ -n "$pdf_corpus" ] && echo " --pdf-corpus $pdf_corpus")\`" >>"$res"
cat "$res"
if [ $fail = 0 ]; then echo "bench: PASS"; else echo "bench: FAIL"; fi
exit $fail
