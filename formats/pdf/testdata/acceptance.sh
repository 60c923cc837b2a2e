#!/usr/bin/env bash
# Acceptance run of the PDF handler over a folder of real PDFs (not part of
# the repository): cleans every file with the engine's clean-and-verify
# cycle (TestCorpus), then checks each cleaned copy independently:
#   residue.py ORIGINAL CLEANED   no identifying value of the original left
#   qpdf --check CLEANED          structurally valid
#   page count and pdftotext text equal to the original's
# usage: formats/pdf/testdata/acceptance.sh [CORPUS_DIR] [RESIDUE_PY]
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-/work/shared/corpus/pdf}
residue=${2:-/work/shared/tools/residue.py}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

(cd "$here" && SCRUB_PDF_CORPUS="$corpus" SCRUB_PDF_OUT="$out" go test -count=1 -run '^TestCorpus$' -v . ) >"$out/test.log" 2>&1
status=$?
grep -E 'REFUSED|FAIL|left:|Error|still' "$out/test.log" | sed 's/^ *//'
[ $status -eq 0 ] || echo "TestCorpus failed (see above)"

pass=0 fail=0 refused=0
printf '%-52s %-8s %-6s %-7s %-6s\n' file residue qpdf pages text
for orig in "$corpus"/*.pdf; do
	base=$(basename "$orig")
	clean="$out/$base"
	if [ ! -f "$clean" ]; then
		printf '%-52s refused\n' "$base"
		refused=$((refused + 1))
		continue
	fi
	r=ok q=ok p=ok t=ok
	python3 "$residue" "$orig" "$clean" >"$out/residue.txt" 2>&1 || { r=LEFT; sed 's/^/    /' "$out/residue.txt"; }
	qpdf --check "$clean" >"$out/qpdf.txt" 2>&1 || { q=FAIL; grep -v '^checking\|^PDF Version\|^File is not\|^No syntax' "$out/qpdf.txt" | head -5 | sed 's/^/    /'; }
	po=$(qpdf --show-npages "$orig" 2>/dev/null) ; pc=$(qpdf --show-npages "$clean" 2>/dev/null)
	[ "$po" = "$pc" ] || p="$po/$pc"
	if command -v pdftotext >/dev/null; then
		pdftotext -q "$orig" "$out/o.txt"; pdftotext -q "$clean" "$out/c.txt"
		cmp -s "$out/o.txt" "$out/c.txt" || t=DIFF
	fi
	printf '%-52s %-8s %-6s %-7s %-6s\n' "$base" "$r" "$q" "$p" "$t"
	if [ "$r$q$p$t" = okokokok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed, $refused refused"
