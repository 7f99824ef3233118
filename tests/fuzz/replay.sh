#!/bin/sh
# replay.sh FILE: replays one fuzzer input (a crash, leak or timeout file
# from out/fuzz/crashes/, or any corpus file) twice: through the harness
# itself (out/qbind-fuzz FILE, exactly what the fuzzer ran), then through
# the qbind command built with ASan and UBSan, as `qbind outline` in each
# dump format and `qbind build` for each backend, with the style settings
# the harness picked from the input's length (see fuzz_qbind.c).  Exits 1
# when either shows the problem.  Run by `make fuzz-replay FILE=...`.
set -u
file=$1
if [ ! -r "$file" ]; then
	echo "replay: cannot read '$file'"
	exit 2
fi
export SOURCE_DATE_EPOCH=1764288000
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
found=0

echo "== out/qbind-fuzz $file"
if ./out/qbind-fuzz -timeout=10 -rss_limit_mb=2048 "$file" >"$T/log" 2>&1; then
	echo "ok: no crash, leak or timeout in the harness"
else
	found=1
	grep -v '^INFO:' "$T/log"
fi

# The harness's style variant: the length modulo 8.
n=$(wc -c <"$file")
set --
[ $((n & 1)) -ne 0 ] && set -- "$@" -D pdf.mode=interviewer
[ $((n & 2)) -ne 0 ] && set -- "$@" -D epub.mode=selftest
[ $((n & 4)) -ne 0 ] && set -- "$@" -D anki.reverse=yes
# and its reader: the length divided by 8, modulo 8.
from=$(echo "auto auto qbind markdown qa list csv tsv" | cut -d' ' -f$(((n / 8) % 8 + 1)))

# run NAME CMD...: exit 0 (done) and 1 (the corpus has errors) are what a
# hostile corpus may cause; anything else, or a sanitizer report, is not.
run() {
	name=$1
	shift
	echo "== $name"
	"$@" >/dev/null 2>"$T/err"
	rc=$?
	if [ "$rc" -le 1 ] && ! grep -q -e Sanitizer -e 'runtime error:' "$T/err"; then
		echo "ok: exit $rc"
	else
		found=1
		echo "exit $rc"
		head -60 "$T/err"
	fi
}
for fmt in text xml json; do
	run "qbind-asan outline -f $fmt" ./out/qbind-asan outline -q --from "$from" -f "$fmt" "$file"
done
# The harness also checks that the XML and JSON dumps parse.
if ./out/qbind-asan outline -q --from "$from" -f xml "$file" >"$T/dump" 2>/dev/null; then
	run "xmllint on the XML dump" xmllint --noout "$T/dump"
fi
if ./out/qbind-asan outline -q --from "$from" -f json "$file" >"$T/dump" 2>/dev/null; then
	run "jq on the JSON dump" jq -e . "$T/dump"
fi
for fmt in apkg epub pdf; do
	mkdir "$T/$fmt"
	run "qbind-asan build -f $fmt $*" ./out/qbind-asan build -q --from "$from" -f "$fmt" "$@" \
	    -o "$T/$fmt" "$file"
done
if [ "$found" -ne 0 ]; then
	echo "replay: reproduced"
	exit 1
fi
echo "replay: not reproduced"
