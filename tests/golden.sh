#!/bin/sh
# golden.sh: every case in tests/cases and every corpus in corpus/ through
# the qbind command; stdout, stderr and the exit status must match the
# files in tests/golden.  UPDATE=1 rewrites the golden files (review the
# diff before committing it).
#
# usage: QBIND=out/qbind sh tests/golden.sh
set -u
QBIND=${QBIND:-out/qbind}
pass=0
fail=0

# run NAME ARGS...: compare one command with tests/golden/NAME.out
run() {
	name=$1
	shift
	out=$(mktemp)
	err=$(mktemp)
	"$QBIND" "$@" >"$out" 2>"$err"
	rc=$?
	got=$(mktemp)
	{
		echo "\$ qbind $*"
		echo "exit $rc"
		echo "--- stderr"
		cat "$err"
		echo "--- stdout"
		cat "$out"
	} >"$got"
	golden=tests/golden/$name.out
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$got" "$golden"
	fi
	if [ -f "$golden" ] && cmp -s "$got" "$golden"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL golden $name"
		if [ -f "$golden" ]; then
			diff -u "$golden" "$got" | head -40
		else
			echo "  (no $golden; run with UPDATE=1 to create it)"
		fi
	fi
	# A sanitizer report means failure even when the output matched.
	if grep -q -e 'Sanitizer' -e 'runtime error:' "$err"; then
		fail=$((fail + 1))
		echo "FAIL sanitizer $name"
		cat "$err"
	fi
	rm -f "$out" "$err" "$got"
}

for f in corpus/*.txt; do
	base=$(basename "$f" .txt)
	run "corpus-$base" outline "$f"
	run "corpus-$base-xml" outline -f xml "$f"
	run "corpus-$base-json" outline -f json "$f"
done

for f in tests/cases/*.txt; do
	base=$(basename "$f" .txt)
	case $base in
	ok-multi-*) continue ;;
	esac
	run "$base" outline "$f"
done
if [ -f tests/cases/ok-multi-a.txt ]; then
	run ok-multi outline tests/cases/ok-multi-a.txt tests/cases/ok-multi-b.txt
fi

echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
