#!/bin/sh
# run.sh: the whole test suite, run by `make test`.  The unit tests, the
# golden tests and the command-line tests run twice: against the normal
# build and against the AddressSanitizer + UndefinedBehaviorSanitizer build;
# valgrind's memcheck (check-valgrind.sh), the concurrent build under
# ThreadSanitizer (check-tsan.sh), the fuzzers and the static analysis
# (make analyze) run once.
#
# `sh tests/run.sh quick` (make check) is the fast tier: the normal build
# only, and of the check-*.sh suites the backends' (apkg, epub, pdf): no
# sanitizer, valgrind, fuzzer or analysis, nor the suites of limits,
# faults, progress, readers and round trips (together over three minutes
# of CPU here).
# The last line sums every check: "N passed, N failed".
set -u
quick=${1:-}
total_pass=0
total_fail=0

# count LOG: the figures of the log's last "[NAME: ]N passed, N failed"
# line, or of cmocka's summary; sets p and f and adds them to the totals.
count() {
	p=$(sed -n 's/^\(.* \)\{0,1\}\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p' "$1" | tail -1)
	f=$(sed -n 's/^\(.* \)\{0,1\}\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\3/p' "$1" | tail -1)
	if [ -z "$p" ]; then
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -1)
	fi
	p=${p:-0} f=${f:-0}
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

# suite NAME CMD...: run one suite, show its output, count its results.
suite() {
	name=$1
	shift
	log=$(mktemp)
	echo "== $name"
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	count "$log"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# Failed without counting it (a crash, a summary not found):
		# one failure, so that the run cannot pass.
		total_fail=$((total_fail + 1))
		echo "$name: exited $rc without a failure in its summary"
	fi
	rm -f "$log"
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# Unit tests: tests/test_*.c (cmocka).  Shell suites: golden.sh, cli.sh
# and one check-FORMAT.sh per backend (validators, reproducibility).
builds='"" asan'
[ "$quick" = quick ] && builds='""'
eval "set -- $builds"
for build; do
	if [ -z "$build" ]; then
		tag="" bin=out/test qbind=out/qbind
	else
		tag=" (asan+ubsan)" bin=out/asan qbind=out/qbind-asan
	fi
	for t in tests/test_*.c; do
		t=$(basename "$t" .c)
		suite "unit $t$tag" "$bin/$t"
	done
	suite "golden$tag" env QBIND=$qbind sh tests/golden.sh
	suite "cli$tag" env QBIND=$qbind QBIND_SKIP_INSTALL=${build:+1} sh tests/cli.sh
	for t in tests/check-*.sh; do
		[ -e "$t" ] || continue
		# Valgrind cannot run the ASan build, nor ASan the TSan one:
		# once each, below.
		[ "$t" = tests/check-valgrind.sh ] && continue
		[ "$t" = tests/check-tsan.sh ] && continue
		# The fuzzers carry ASan and UBSan themselves: one run is
		# enough, and none in the quick tier.
		[ -n "$build" ] && [ "$t" = tests/check-fuzz.sh ] && continue
		if [ "$quick" = quick ]; then
			case $t in
			tests/check-apkg.sh | tests/check-epub.sh | tests/check-pdf.sh) ;;
			*) continue ;;
			esac
		fi
		suite "$(basename "$t" .sh)$tag" env QBIND=$qbind QBIND_ASAN=${build:+1} sh "$t"
	done
done

if [ "$quick" = quick ]; then
	echo "$total_pass passed, $total_fail failed"
	[ "$total_fail" -eq 0 ]
	exit
fi

# Every format of every test corpus at once, under ThreadSanitizer.
suite "check-tsan" env QBIND=out/qbind sh tests/check-tsan.sh
# Memcheck over the normal build: the commands and the unit tests.
suite "check-valgrind" env QBIND=out/qbind sh tests/check-valgrind.sh
# gcc -fanalyzer, cppcheck and clang-tidy over src/: no finding.
suite "analyze" make -s --no-print-directory analyze

# The sources must also be warning-free with clang, when it is installed.
if command -v clang >/dev/null 2>&1; then
	echo "== clang -Werror"
	if make -s check-clang; then
		total_pass=$((total_pass + 1))
	else
		total_fail=$((total_fail + 1))
		echo "FAIL clang -Wall -Wextra -Werror"
	fi
fi

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
