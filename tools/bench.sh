#!/bin/sh
# bench.sh: time and memory of qbind on synthetic corpora (run by `make bench`).
#
# Builds tools/gen-corpus.c into out/bench/gen-corpus, writes the seed 1x,
# 100x and 1000x into out/bench/corpus-Nx.txt, then runs, for each size,
#
#   qbind check --stats FILE                   parse + validate
#   qbind build --stats -f FMT -o out/bench FILE   once per format
#   qbind build --stats -f all -o out/bench FILE   every format in one
#                                                  process ("all"), the
#                                                  backends at once
#
# so that every format's peak RSS comes from a process of its own.  The
# per-step figures are qbind's own (--stats: step time, and the process's
# peak RSS at the end of the step); "cmd wall ms" is the whole command,
# timed here.  1x and 100x are the best of 3 runs (least time, greatest
# RSS), 1000x is one run.  Then each target of the issues: PASS or FAIL.
#
# POSIX sh (dash) and awk only.  Needs date +%N (GNU coreutils).
# Not part of `make test`.
set -eu

cd "$(dirname "$0")/.."

QBIND=./out/qbind
B=out/bench
CC=${CC:-cc}
SIZES="1 100 1000"

die() {
	echo "bench: $*" >&2
	exit 1
}

[ -x "$QBIND" ] || die "$QBIND is missing; run make build"
case $(date +%N) in
*[!0-9]* | "") die "date +%N gives no nanoseconds here (GNU date needed)" ;;
esac

mkdir -p "$B"
$CC -std=c11 -Wall -Wextra -O2 -o "$B/gen-corpus" tools/gen-corpus.c ||
	die "cannot build tools/gen-corpus.c with $CC"

for n in $SIZES; do
	"$B/gen-corpus" "$n" > "$B/corpus-${n}x.txt" ||
		die "gen-corpus $n failed"
done

FORMATS=$("$QBIND" formats | awk 'NF { print $1 }')
[ -n "$FORMATS" ] || die "qbind formats lists nothing"

RAW=$B/runs.tmp
ERR=$B/stderr.tmp
RES=$B/results.txt
: > "$RES"

# measure RUNS CMD...: run CMD RUNS times, collecting its wall time (ns)
# and its `stats:` lines in $RAW.  Any other stderr output (a warning) is
# shown once, since a bench corpus should have none.
measure() {
	runs=$1
	shift
	: > "$RAW"
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		if ! "$@" > /dev/null 2> "$ERR"; then
			echo "bench: failed: $*" >&2
			head -n 20 "$ERR" >&2
			exit 1
		fi
		t1=$(date +%s%N)
		echo "run $i $((t1 - t0))" >> "$RAW"
		awk '$1 == "stats:"' "$ERR" >> "$RAW"
		if [ "$i" -eq 0 ] && awk '$1 != "stats:" { f = 1 } END { exit !f }' "$ERR"; then
			echo "bench: note: $* printed more than stats:" >&2
			awk '$1 != "stats:"' "$ERR" | head -n 5 >&2
		fi
		i=$((i + 1))
	done
}

# summarize SIZE ROW...: from $RAW, append result lines
#   SIZE ROW step_ms cmd_ms rss_mb
# to $RES.  ROW "parse", "validate" and "parse+validate" come from the step
# lines of those names; "all" is the whole command (its time and the
# process's peak RSS); any other ROW from the step line of that name.  Times
# are the least over the runs (parse+validate: the least per-run sum), RSS
# the greatest.
summarize() {
	size=$1
	shift
	awk -v size="$size" -v rows="$*" '
	function upd_min(k, v) { if (!(k in mn) || v < mn[k]) mn[k] = v }
	function upd_max(k, v) { if (!(k in mx) || v > mx[k]) mx[k] = v }
	function flush() { if (run != "") { upd_min("parse+validate", pv); upd_max("parse+validate", pvr) } }
	$1 == "run" { flush(); run = $2; pv = 0; pvr = 0; upd_min("cmd", $3 / 1e6); next }
	$1 == "stats:" {
		step = $2; ms = $3; rss = $(NF - 1)
		upd_min(step, ms); upd_max(step, rss); upd_max("cmd", rss)
		if (step == "parse" || step == "validate") { pv += ms; if (rss > pvr) pvr = rss }
	}
	END {
		flush()
		n = split(rows, r, " ")
		for (i = 1; i <= n; i++) {
			k = r[i]
			if (k == "all") { mn[k] = mn["cmd"]; mx[k] = mx["cmd"] }
			if (!(k in mn)) { printf "bench: no stats line for %s\n", k > "/dev/stderr"; exit 1 }
			printf "%s %s %.2f %.2f %.1f\n", size, k, mn[k], mn["cmd"], mx[k]
		}
	}' "$RAW" >> "$RES"
}

row() {
	printf '%-7s %-16s %12s %12s %12s\n' "$@"
}

printrows() {
	awk -v size="$1" '$1 == size {
		cmd = ($2 == "parse" || $2 == "validate") ? "" : sprintf("%.2f", $4)
		printf "%-7s %-16s %12.2f %12s %12.1f\n", $1 "x", $2, $3, cmd, $5
	}' "$RES"
}

echo "qbind bench: $("$QBIND" --version 2>/dev/null | head -n 1), $(uname -m), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
for n in $SIZES; do
	f=$B/corpus-${n}x.txt
	echo "  corpus-${n}x.txt: $(wc -c < "$f" | tr -d ' ') bytes, $(wc -l < "$f" | tr -d ' ') lines"
done
echo "  wall ms: the step's time (qbind --stats); cmd wall ms: the whole command;"
echo "  peak RSS: the process's peak at the end of the step.  1x, 100x: best of 3."
echo
row size step/format "wall ms" "cmd wall ms" "peak RSS MB"
row ------- ---------------- ------------ ------------ ------------

for n in $SIZES; do
	f=$B/corpus-${n}x.txt
	runs=3
	[ "$n" -ge 1000 ] && runs=1

	measure "$runs" "$QBIND" check --stats "$f"
	summarize "$n" parse validate parse+validate
	for fmt in $FORMATS; do
		measure "$runs" "$QBIND" build --stats -f "$fmt" -o "$B" "$f"
		summarize "$n" "$fmt"
	done
	measure "$runs" "$QBIND" build --stats -f all -o "$B" "$f"
	summarize "$n" all
	printrows "$n"
done
rm -f "$RAW" "$ERR"

echo
# The targets of the issues: FORMAT SIZE MAX_MS MAX_MB ("-": none), checked
# on the whole command's wall time and the format step's peak RSS.
# parse+validate is `qbind check`; "all" is every format in one command
# (issue 12: the backends at once, 1000x < 3 s on this 2-core machine and
# no more than 110 % of the 365.4 MB measured before it, the seed < 40 ms).
TARGETS="parse+validate 1000 200 150
all 1 40 -
all 1000 3000 402
epub 1 10 -
epub 100 150 -
epub 1000 1500 200
pdf 1 60 -
pdf 1000 4000 500
apkg 1 20 -
apkg 1000 2000 300"
echo "$TARGETS" | awk '
NR == FNR { res[$1 " " $2] = $4 " " $5; step[$1 " " $2] = $3; next }
{
	k = $2 " " $1
	if (!(k in res)) { printf "target %s %sx: no result\n", $1, $2; bad = 1; next }
	split(res[k], m, " ")
	ok = ($3 == "-" || m[1] < $3) && ($4 == "-" || m[2] < $4)
	lim = $3 == "-" ? "" : sprintf("< %5d ms", $3)
	if ($4 != "-")
		lim = lim (lim == "" ? "" : " and ") sprintf("< %3d MB", $4)
	printf "target %-14s %5sx: %-24s: %9.2f ms (step %.2f), %6.1f MB => %s\n", $1, $2, \
	    lim, m[1], step[k], m[2], ok ? "PASS" : "FAIL"
}
END { exit bad }' "$RES" -
pdf_kb=$(($(wc -c < "$B/corpus-1x.pdf") / 1024))
printf 'target pdf seed handout < 300 KB: %d KB => %s\n' "$pdf_kb" \
    "$([ "$pdf_kb" -lt 300 ] && echo PASS || echo FAIL)"
awk '
$2 == "parse+validate" { step[$1] = $3; cmd[$1] = $4 }
END {
	if ((100 in cmd) && cmd[100] > 0 && step[100] > 0) {
		rs = step[1000] / step[100]; rc = cmd[1000] / cmd[100]
		printf "growth of parse+validate, 1000x / 100x (10.0 = linear): steps %.2f, whole command %.2f\n", rs, rc
	}
}' "$RES"

# The readers: the 1000x corpus (and a tenth of it) written as Markdown,
# each question a list item with a line of answer below it (about 10 MB),
# read with detection as `qbind check`; its "parse" step (detection and
# reading) against the qbind reader's on the 1000x corpus (the issue's
# target: within 2x; libcmark's parse alone of such a file takes about
# 1.5 times the qbind reader's whole step), its parse+validate against
# the qbind corpus's, and 1000x against 100x for linearity.
md_of() {
	awk 'NR == 1 { print "# " $0; print ""; next }
	function item() { if (prev != "") { print "- " prev; print "  Answer " ++n ", with `code`." } prev = "" }
	/^$/ { item(); next }
	/:$/ { sub(/:$/, ""); if (prev != "") print "## " prev; prev = ""; print "### " $0; print ""; next }
	{ item(); prev = $0 }
	END { item() }' "$1"
}
for n in 100 1000; do
	md_of "$B/corpus-${n}x.txt" > "$B/corpus-${n}x.md"
done
parse_ms() {
	best=""
	for i in 1 2 3; do
		ms=$("$QBIND" check -q --stats "$1" 2>&1 | awk '$2 == "parse" { print $3 }')
		[ -n "$ms" ] || { echo "bench: no parse step for $1" >&2; exit 1; }
		best=$(awk -v a="$best" -v b="$ms" 'BEGIN { print (a == "" || b < a) ? b : a }')
	done
	echo "$best"
}
q_ms=$(parse_ms "$B/corpus-1000x.txt")
pv_ms() {
	"$QBIND" check -q --stats "$1" 2>&1 | awk '$1 == "stats:" { t += $3 } END { print t }'
}
q_pv=$(pv_ms "$B/corpus-1000x.txt")
md_pv=$(pv_ms "$B/corpus-1000x.md")
md100_ms=$(parse_ms "$B/corpus-100x.md")
md_ms=$(parse_ms "$B/corpus-1000x.md")
md_rss=$("$QBIND" check -q --stats "$B/corpus-1000x.md" 2>&1 | awk '$2 == "parse" { print $(NF - 1) }')
echo "markdown reader: corpus-1000x.md $(wc -c < "$B/corpus-1000x.md" | tr -d ' ') bytes:" \
    "detection + reading $md_ms ms (100x: $md100_ms ms), peak RSS $md_rss MB;" \
    "qbind reader on corpus-1000x.txt: $q_ms ms"
awk -v md="$md_ms" -v q="$q_ms" -v small="$md100_ms" -v mdpv="$md_pv" -v qpv="$q_pv" 'BEGIN {
	printf "target markdown 1000x reading < 2x the qbind reader'"'"'s parse step (%.2f ms): %.2f ms => %s\n", 2 * q, md, md < 2 * q ? "PASS" : "FAIL"
	printf "target markdown 1000x parse+validate < 2x the qbind corpus'"'"'s (%.2f ms): %.2f ms => %s\n", 2 * qpv, mdpv, mdpv < 2 * qpv ? "PASS" : "FAIL"
	printf "growth of markdown reading, 1000x / 100x (10.0 = linear): %.2f\n", md / small
}'
