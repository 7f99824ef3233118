#!/bin/sh
# golden.sh: every case in tests/cases and every corpus in corpus/ through
# the qbind command; stdout, stderr and the exit status must match the
# files in tests/golden.  UPDATE=1 rewrites the golden files (review the
# diff before committing it).
#
# usage: QBIND=out/qbind sh tests/golden.sh
set -u
QBIND=${QBIND:-out/qbind}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

# run NAME ARGS...: compare one command with tests/golden/NAME.out
run() {
	name=$1
	shift
	"$QBIND" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	{
		echo "\$ qbind $*"
		echo "exit $rc"
		echo "--- stderr"
		cat "$T/err"
		echo "--- stdout"
		cat "$T/out"
	} >"$T/got"
	golden=tests/golden/$name.out
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$T/got" "$golden"
	fi
	if [ -f "$golden" ] && cmp -s "$T/got" "$golden"; then
		ok
	else
		bad "golden $name"
		if [ -f "$golden" ]; then
			diff -u "$golden" "$T/got" | head -40
		else
			echo "  (no $golden; run with UPDATE=1 to create it)"
		fi
	fi
	# A sanitizer report means failure even when the output matched.
	if grep -q -e 'Sanitizer' -e 'runtime error:' "$T/err"; then
		bad "sanitizer $name"
		cat "$T/err"
	fi
}

for f in corpus/*.txt; do
	base=$(basename "$f" .txt)
	run "corpus-$base" outline "$f"
	run "corpus-$base-xml" outline -f xml "$f"
	run "corpus-$base-json" outline -f json "$f"
done

for f in tests/cases/*.txt tests/cases/*.md; do
	base=$(basename "$f")
	base=${base%.*}
	case $base in
	ok-multi-*) continue ;;
	# The cases of the qbind format's errors: read as that format (left
	# to detection, another reader would take most of them).
	bad-*) run "$base" outline --from qbind "$f" ;;
	*) run "$base" outline "$f" ;;
	esac
done
if [ -f tests/cases/ok-multi-a.txt ]; then
	run ok-multi outline tests/cases/ok-multi-a.txt tests/cases/ok-multi-b.txt
fi

summary golden
