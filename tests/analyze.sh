#!/bin/sh
# analyze.sh: static analysis of every src/*.c and src/*/*.c with the project's flags:
# gcc -fanalyzer, cppcheck and clang-tidy (the checks in .clang-tidy).
# Run by `make analyze` (which sets QBIND_CFLAGS) and, once, by
# tests/run.sh.
#
# One check per tool: it passes with no finding at all.  A true finding
# is fixed in src/; a false one is suppressed on its line with the reason
# beside it (cppcheck-suppress ID, NOLINT(check)), never by turning a
# check off here.  Each tool first reads tests/analyze-canary.c (a leak,
# an uninitialised value) and must report something there: a run that
# analyses nothing cannot pass.
#
# usage: make analyze
set -u
export LC_ALL=C
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

if [ -z "${QBIND_CFLAGS:-}" ]; then
	echo "analyze.sh: run it as 'make analyze' (it needs the build flags)" >&2
	exit 2
fi
# The flags as make has them: eval undoes the quotes of
# -DQBIND_DATADIR='"..."'.
eval "set -- $QBIND_CFLAGS"
# cppcheck gets the same macros and include paths (pkg-config's), but no
# system headers: its --library files describe those.
pp=""
for a in "$@"; do
	case $a in
	-D*|-I*) pp="$pp '$a'" ;;
	esac
done
CC_ANALYZER=${CC_ANALYZER:-gcc-12}
SRC=$(ls src/*.c src/*/*.c)
CANARY=tests/analyze-canary.c
# gcc and clang-tidy take a file at a time: as many at once as there are
# processors (ANALYZE_JOBS=1 for one).
JOBS=${ANALYZE_JOBS:-$(nproc 2>/dev/null || echo 1)}

now_ms() {
	date +%s%3N
}
# findings LOG: the number of findings (file:line:col: kind:) in LOG
findings() {
	grep -c -E '^[^ :]+:[0-9]+:[0-9]+: (warning|error|performance|portability|style):' "$1"
}
# report TOOL LOG RC MS: one check, no finding and a zero exit status
report() {
	n=$(findings "$2")
	echo "$1: $n findings, exit $3, $(($4 / 1000)).$(($4 % 1000 / 100)) s"
	if [ "$n" -eq 0 ] && [ "$3" -eq 0 ]; then
		ok
	else
		bad "$1: $n findings"
		sed 's/^/  | /' "$2" | head -200
	fi
}
# canary TOOL LOG: the canary's bugs were reported
canary() {
	n=$(findings "$2")
	if [ "$n" -ge 1 ]; then ok; else
		bad "$1: no finding in $CANARY (does it analyse anything?)"
		sed 's/^/  | /' "$2" | head -20
	fi
}

# each FN LOG FLAGS...: FN FILE FLAGS... for every file of SRC, JOBS at
# a time (job j takes every JOBS-th file from the j-th); their output in
# LOG, in the order of SRC; false when one failed.
each() {
	fn=$1
	log=$2
	shift 2
	pids=""
	j=0
	while [ "$j" -lt "$JOBS" ]; do
		(
			i=0 r=0
			for f in $SRC; do
				if [ $((i % JOBS)) -eq "$j" ]; then
					"$fn" "$f" "$@" >"$T/each.$i" 2>&1 || r=1
				fi
				i=$((i + 1))
			done
			exit $r
		) &
		pids="$pids $!"
		j=$((j + 1))
	done
	r=0
	for p in $pids; do
		wait "$p" || r=1
	done
	i=0
	for f in $SRC; do
		cat "$T/each.$i"
		i=$((i + 1))
	done >"$log"
	return $r
}

# --- gcc -fanalyzer, a file at a time (as the build compiles them) ---
# gcc_one FILE FLAGS...
gcc_one() {
	f=$1
	shift
	"$CC_ANALYZER" "$@" -fanalyzer -c -o /dev/null "$f"
}
if command -v "$CC_ANALYZER" >/dev/null 2>&1; then
	gcc_one "$CANARY" "$@" >"$T/canary.log" 2>&1
	canary "$CC_ANALYZER -fanalyzer" "$T/canary.log"
	t0=$(now_ms)
	each gcc_one "$T/gcc.log" "$@"
	rc=$?
	report "$CC_ANALYZER -fanalyzer" "$T/gcc.log" "$rc" $(($(now_ms) - t0))
else
	bad "$CC_ANALYZER is not installed (tools/install-deps.sh installs it)"
fi

# --- cppcheck ---
cppcheck_run() {
	eval "cppcheck --enable=warning,performance,portability --inline-suppr \
	    --error-exitcode=1 --std=c11 --library=posix --library=sqlite3 \
	    --quiet --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
	    -Isrc $pp \"\$@\""
}
if command -v cppcheck >/dev/null 2>&1; then
	cppcheck_run "$CANARY" >"$T/canary.log" 2>&1
	canary cppcheck "$T/canary.log"
	t0=$(now_ms)
	# shellcheck disable=SC2086 # SRC is a word list
	cppcheck_run $SRC >"$T/cppcheck.log" 2>&1
	report cppcheck "$T/cppcheck.log" $? $(($(now_ms) - t0))
else
	bad "cppcheck is not installed (tools/install-deps.sh installs it)"
fi

# --- clang-tidy, one file per process: several in one clang-tidy 14 run
# share the analyzer's state, and its valist checker then reports
# va_lists as uninitialised in the second file (LLVM bug 41311) ---
# tidy_one FILE FLAGS...: clang-tidy's findings on FILE, without its
# counts of the warnings it hid (those of the system headers); false when
# clang-tidy failed.
tidy_one() {
	f=$1
	shift
	out=$(clang-tidy --quiet --config-file=.clang-tidy "$f" -- "$@" 2>&1)
	r=$?
	printf '%s\n' "$out" | grep -v -E '^[0-9]+ warnings? generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^$'
	return $r
}
if command -v clang-tidy >/dev/null 2>&1; then
	tidy_one "$CANARY" "$@" >"$T/canary.log"
	canary clang-tidy "$T/canary.log"
	t0=$(now_ms)
	each tidy_one "$T/tidy.log" "$@"
	rc=$?
	report clang-tidy "$T/tidy.log" "$rc" $(($(now_ms) - t0))
else
	bad "clang-tidy is not installed (tools/install-deps.sh installs it)"
fi

summary analyze
