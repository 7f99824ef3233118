#!/bin/sh
# check-roundtrip.sh: `qbind outline -f qbind` writes an outline back as a
# qbind corpus that reads as the same outline, for every corpus the tests
# have: corpus/, the qbind format's good cases (tests/cases/ok-*), the
# reader seeds of the fuzzer and the reader corpora (tests/readers).
# "The same" is the JSON dump with source positions and file names left
# out, and runs of text nodes joined (libcmark splits text at escapes,
# which the writer adds where text would read as markup).  The written
# corpus must read as qbind by detection too, and pass `check`.
#
# usage: QBIND=out/qbind sh tests/check-roundtrip.sh
set -u
QBIND=${QBIND:-out/qbind}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

# The dump without positions or files, text runs joined.
norm='
def join: if type == "array" then
    reduce .[] as $c ([]; if length > 0 and .[-1].type? == "text" and $c.type? == "text"
      then .[-1].literal += $c.literal else . + [$c] end)
  else . end;
walk(if type == "object" then del(.line, .col, .file, .pos) else . end)
| del(.files) | walk(if type == "object" and has("children") then .children |= join else . end)'

n=0
for f in corpus/*.txt tests/cases/ok-*.txt tests/fuzz/seeds/reader-* tests/readers/*; do
	[ -f "$f" ] || continue
	case $f in
	tests/cases/ok-multi-*) continue ;;  # a pair, below
	tests/readers/EXPECT | *.sh) continue ;;
	esac
	n=$((n + 1))
	name=$(basename "$f")
	"$QBIND" outline -q -f json "$f" >"$T/a.json" 2>"$T/err" || { bad "$name: outline -f json"; head -3 "$T/err"; continue; }
	expect 0 "$name: outline -f qbind" "$QBIND" outline -q -f qbind "$f"
	cp "$T/stdout" "$T/rt.txt"
	expect 0 "$name: the written corpus checks" "$QBIND" check "$T/rt.txt"
	has "$T/stderr" "read as qbind" "$name: the written corpus is detected as qbind"
	"$QBIND" outline -q -f json --from qbind "$T/rt.txt" >"$T/b.json" 2>"$T/err" || { bad "$name: reading back"; head -3 "$T/err"; continue; }
	jq -S "$norm" "$T/a.json" >"$T/a.n" && jq -S "$norm" "$T/b.json" >"$T/b.n" || { bad "$name: jq"; continue; }
	if cmp -s "$T/a.n" "$T/b.n"; then ok; else
		bad "$name: the outline read back differs"
		diff "$T/a.n" "$T/b.n" | head -20
	fi
done
[ "$n" -ge 20 ] && ok || bad "only $n corpora went round"

# Several files, one document: the pair of multi-file cases.
"$QBIND" outline -q -f json tests/cases/ok-multi-a.txt tests/cases/ok-multi-b.txt >"$T/a.json"
"$QBIND" outline -q -f qbind tests/cases/ok-multi-a.txt tests/cases/ok-multi-b.txt >"$T/rt.txt"
"$QBIND" outline -q -f json "$T/rt.txt" >"$T/b.json"
jq -S "$norm" "$T/a.json" >"$T/a.n"
jq -S "$norm" "$T/b.json" >"$T/b.n"
cmp -s "$T/a.n" "$T/b.n" && ok || bad "ok-multi: the outline read back differs"

summary check-roundtrip
