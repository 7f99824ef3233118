#!/bin/sh
# check-fuzz.sh: the fuzzers (tests/fuzz/fuzz_qbind.c) in the test suite.
# out/qbind-fuzz-parse (reader, validation, dumps) and out/qbind-fuzz (all
# of it, with the backends), both built with ASan and UBSan by clang, run
# every seed (the shipped corpora, tests/cases, tests/fuzz/seeds) and every
# input in tests/fuzz/regressions once, and then fuzz for FUZZ_SECS seconds
# each (default 10) from those seeds.  The regression inputs also go
# through the qbind command built with the sanitizers.  Run once by
# tests/run.sh, not again in its asan pass: the fuzzers carry the
# sanitizers themselves.  A problem the random run finds stays in
# out/fuzz/ci-crashes/, for `make fuzz-replay FILE=...`.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

secs=${FUZZ_SECS:-10}
asan=out/qbind-asan
seeds="corpus tests/cases tests/fuzz/seeds"
dict=tests/fuzz/qbind.dict
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

for bin in out/qbind-fuzz-parse out/qbind-fuzz; do
	if [ ! -x "$bin" ]; then
		bad "$bin is not built (make test builds it when clang is installed)"
		continue
	fi
	fz=${bin#out/}

	# Every seed once: -runs=0 runs the corpus folders and stops.
	expect 0 "$fz: the seeds" "$bin" -runs=0 $seeds

	for f in tests/fuzz/regressions/*; do
		[ -f "$f" ] || continue
		expect 0 "$fz: $f" "$bin" -timeout=10 -rss_limit_mb=2048 "$f"
	done

	# A short random run; the work corpus is thrown away.
	mkdir -p "$T/work-$fz" out/fuzz/ci-crashes
	expect 0 "$fz: $secs s of fuzzing" "$bin" -max_total_time="$secs" \
	    -timeout=10 -rss_limit_mb=2048 -max_len=4096 -dict="$dict" \
	    -artifact_prefix=out/fuzz/ci-crashes/ "$T/work-$fz" $seeds \
	    tests/fuzz/regressions
	grep -a '^#[0-9]*[[:space:]]*DONE' "$T/stderr" | sed "s|^|$fz: |"
	sed -n 's|.*Test unit written to \(.*\)$|  replay: make fuzz-replay FILE=\1|p' \
	    "$T/stderr"
done

# The regression inputs through the command: exit 0 or 1 (a corpus with
# errors), no sanitizer report, and dumps that parse.
if [ -x "$asan" ]; then
	for f in tests/fuzz/regressions/*; do
		[ -f "$f" ] || continue
		"$asan" build -q -o "$T" -n fuzz "$f" >/dev/null 2>"$T/err"
		rc=$?
		if [ "$rc" -le 1 ] && ! grep -q -e Sanitizer -e 'runtime error:' "$T/err"; then
			ok
		else
			bad "qbind-asan build $f: exit $rc"
			head -20 "$T/err"
		fi
		if "$asan" outline -q -f xml "$f" >"$T/xml" 2>/dev/null; then
			xmllint --noout "$T/xml" && ok || bad "$f: the XML dump is not XML"
		fi
		if "$asan" outline -q -f json "$f" >"$T/json" 2>/dev/null; then
			jq -e . "$T/json" >/dev/null && ok || bad "$f: the JSON dump is not JSON"
		fi
	done
else
	bad "$asan is not built"
fi

summary fuzz
