#!/bin/sh
# check-valgrind.sh: the commands end to end, and the unit tests, under
# valgrind's memcheck: no invalid read or write, no use of uninitialised
# memory, no leak of any kind.  Run once by tests/run.sh, against the
# normal build (-O2 -g): valgrind cannot run the ASan build.
#
# Each command is one check that passes when it exits as expected with
# 0 errors and 0 bytes definitely, indirectly, possibly lost and still
# reachable.  Still reachable is 0 because main frees the libraries'
# process-wide caches at exit (xmlCleanupParser, and FcFini after the
# font lookup): anything left now is ours or a new cache to free.
# tests/valgrind.supp holds the suppressions for faults inside other
# projects' libraries (none are needed on Debian 12 today).
#
# usage: QBIND=out/qbind sh tests/check-valgrind.sh
set -u
export LC_ALL=C
QBIND=${QBIND:-out/qbind}
SEED=corpus/go-interview-followups.txt
EN=corpus/go-interview-sample-en.txt
HOSTILE=tests/cases/ok-hostile.txt
export SOURCE_DATE_EPOCH=1764288000
T=$(mktemp -d)
trap 'umount "$T/ro" "$T/full" 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
. tests/lib.sh

if ! command -v valgrind >/dev/null 2>&1; then
	bad "valgrind is not installed (tools/install-deps.sh installs it)"
	summary valgrind
	exit
fi

# --errors-for-leak-kinds makes a leak an error, so --error-exitcode
# reports it too; the log is read for the figures either way.
VG="valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
--errors-for-leak-kinds=definite,indirect,possible
--show-leak-kinds=definite,indirect,possible --num-callers=30
--suppressions=tests/valgrind.supp"

# figure WHAT: the bytes of one LEAK SUMMARY line of $T/vg.log, 0 when
# the summary is absent ("All heap blocks were freed").
figure() {
	n=$(sed -n "s/^==[0-9]*== *$1: \([0-9,]*\) bytes in .*/\1/p" "$T/vg.log" | tr -d , | tail -1)
	echo "${n:-0}"
}

# vg NAME RC CMD...: CMD under memcheck, stdout and stderr in $T; one
# check: exit status RC, 0 errors, 0 bytes lost or left reachable.
vg() {
	name=$1
	want=$2
	shift 2
	# shellcheck disable=SC2086 # VG is a word list
	$VG --log-file="$T/vg.log" "$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	errors=$(sed -n 's/^==[0-9]*== ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$T/vg.log" | tr -d , | tail -1)
	inuse=$(sed -n 's/^==[0-9]*== *in use at exit: \([0-9,]*\) bytes in \([0-9,]*\) blocks.*/\1 \2/p' "$T/vg.log" | tr -d , | tail -1)
	def=$(figure "definitely lost")
	ind=$(figure "indirectly lost")
	pos=$(figure "possibly lost")
	reach=$(figure "still reachable")
	sup=$(figure "suppressed")
	printf '%-26s exit %-2s errors %-3s lost %s/%s/%s B (definite/indirect/possible)  reachable %s B  in use at exit %s B\n' \
	    "$name" "$rc" "${errors:-?}" "$def" "$ind" "$pos" "$reach" "${inuse%% *}"
	why=""
	[ "$rc" -eq "$want" ] || why="$why exit $rc, expected $want;"
	[ -n "$errors" ] || why="$why no ERROR SUMMARY in the valgrind log;"
	[ "${errors:-1}" -eq 0 ] || why="$why $errors errors;"
	[ "$def$ind$pos" = 000 ] || why="$why leaks;"
	[ "$reach" -eq 0 ] || why="$why $reach bytes still reachable;"
	# In use at exit is lost + reachable + suppressed: a check that the
	# figures above were all read.
	[ -n "$inuse" ] && [ "${inuse%% *}" -eq $((def + ind + pos + reach + sup)) ] ||
		why="$why in use at exit '${inuse:-?}' does not add up;"
	if [ -z "$why" ]; then
		ok
	else
		bad "$name:$why"
		grep -v -e '^==[0-9]*== *$' "$T/vg.log" | sed -n '/^==[0-9]*== Parent PID/,$p' |
			sed 1d | head -40 | sed 's/^/  | /'
		sed 's/^/  stderr | /' "$T/stderr" | head -5
	fi
}

# --- reading: check and the outline dumps ---
for f in "$SEED" "$EN" "$HOSTILE"; do
	vg "check $(basename "$f" .txt)" 0 "$QBIND" check "$f"
done
for fmt in text xml json; do
	vg "outline -f $fmt seed" 0 "$QBIND" outline -f "$fmt" -o "$T/seed.$fmt" "$SEED"
	[ -s "$T/seed.$fmt" ] && ok || bad "outline -f $fmt: nothing written"
done
vg "outline -f json hostile" 0 "$QBIND" outline -f json "$HOSTILE"

# --- every format ---
mkdir "$T/o" "$T/i" "$T/h"
vg "build pdf study seed" 0 "$QBIND" build -f pdf -o "$T/o" "$SEED"
vg "build pdf interviewer en" 0 "$QBIND" build -f pdf -D pdf.mode=interviewer -o "$T/i" "$EN"
vg "build pdf interviewer compact, key at the back" 0 "$QBIND" build -f pdf -D pdf.mode=interviewer -D pdf.sheet=compact -D pdf.key=back -o "$T/i" "$EN"
vg "build epub inline seed" 0 "$QBIND" build -f epub -o "$T/o" "$SEED"
vg "build epub selftest en" 0 "$QBIND" build -f epub -D epub.mode=selftest -o "$T/i" "$EN"
vg "build apkg seed" 0 "$QBIND" build -f apkg -o "$T/o" "$SEED"
for ext in pdf epub apkg; do
	[ -s "$T/o/go-interview-followups.$ext" ] && ok || bad "build $ext: nothing written"
done
# Over the previous deck: its notes are read back (apkg_previous.c), and
# an edited corpus takes both branches of the ledger (same and changed).
cp "$T/o/go-interview-followups.apkg" "$T/first.apkg"
vg "rebuild apkg seed" 0 "$QBIND" build -f apkg -D anki.reverse=yes -o "$T/o" "$SEED"
sed 's/^Что такое GOMAXPROCS/Что именно такое GOMAXPROCS/' "$SEED" >"$T/o/go-interview-followups.txt"
vg "rebuild apkg edited" 0 "$QBIND" build -f apkg -o "$T/o" "$T/o/go-interview-followups.txt"
cmp -s "$T/first.apkg" "$T/o/go-interview-followups.apkg" && bad "rebuild apkg edited: same deck" || ok
# A previous deck that is not one: a warning, and the deck is built.
echo "not a zip" >"$T/i/go-interview-sample-en.apkg"
vg "apkg over a non-deck" 0 "$QBIND" build -f apkg -o "$T/i" "$EN"
has "$T/stderr" "not a zip file" "apkg over a non-deck"
vg "build all hostile" 0 "$QBIND" build -o "$T/h" "$HOSTILE"
vg "build all selftest hostile" 0 "$QBIND" build -f epub,apkg -D epub.mode=selftest -D anki.answers=no -o "$T/h" "$HOSTILE"
# Every reader, with detection, and the round trip through the qbind format.
for f in tests/fuzz/seeds/reader-*; do
	vg "outline -f json $(basename "$f")" 0 "$QBIND" outline -f json -o "$T/r.json" "$f"
	vg "outline -f qbind $(basename "$f")" 0 "$QBIND" outline -f qbind -o "$T/r.txt" "$f"
done
vg "build all markdown" 0 "$QBIND" build -o "$T/m" tests/fuzz/seeds/reader-markdown.md
vg "check --from csv, a qbind file" 1 "$QBIND" check --from csv tests/fuzz/regressions/markdown-question-entity-noncharacter.txt

# --- corpus errors: every format is refused, nothing written ---
for c in bad-duplicate-question bad-answer-unterminated bad-utf8-invalid bad-nul \
    bad-fm-unterminated bad-long-line; do
	vg "check $c" 1 "$QBIND" check "tests/cases/$c.txt"
done
mkdir "$T/b"
vg "build bad-duplicate-id" 1 "$QBIND" build -o "$T/b" tests/cases/bad-duplicate-id.txt
[ -z "$(ls -A "$T/b")" ] && ok || bad "build bad-duplicate-id: left $(ls -A "$T/b")"

# --- environment errors ---
vg "missing corpus" 3 "$QBIND" check "$T/nope.txt"
vg "missing style" 3 "$QBIND" build -s no-such-style -o "$T/b" "$EN"
vg "unknown setting" 2 "$QBIND" build -D pdf.nope=1 -o "$T/b" "$EN"
vg "missing font" 3 "$QBIND" build -f pdf -D 'pdf.font=No Such Font' -o "$T/b" "$EN"
has "$T/stderr" "No Such Font" "missing font"
vg "one-face font" 0 "$QBIND" build -f pdf -D 'pdf.font=DejaVu Math TeX Gyre' -o "$T/b" "$EN"
rm -f "$T/b"/*
echo x >"$T/file"
vg "output is a file" 3 "$QBIND" build -o "$T/file" "$EN"
# An unwritable folder: root writes through file modes, so a read-only
# mount where it can mount one.
mkdir "$T/ro"
if mount -t tmpfs -o size=64k,ro tmpfs "$T/ro" 2>/dev/null || { [ "$(id -u)" -ne 0 ] && chmod 555 "$T/ro"; }; then
	vg "unwritable folder" 3 "$QBIND" build -o "$T/ro" "$EN"
	has "$T/stderr" "is not writable" "unwritable folder"
else
	echo "skip unwritable folder: root, and cannot mount a tmpfs here"
fi
# A full disk, for each backend: the error paths in the middle of a file.
mkdir "$T/full"
if mount -t tmpfs -o size=8k tmpfs "$T/full" 2>/dev/null; then
	for f in pdf epub apkg; do
		vg "disk full $f" 3 "$QBIND" build -f "$f" -o "$T/full" "$SEED"
		has "$T/stderr" "No space left on device" "disk full $f"
	done
else
	echo "skip disk full: cannot mount a tmpfs here"
fi

# --- the unit tests (cmocka), where they are built ---
for t in tests/test_*.c; do
	t=$(basename "$t" .c)
	if [ -x "out/test/$t" ]; then
		vg "unit $t" 0 "out/test/$t"
	else
		bad "unit $t: out/test/$t not built"
	fi
done

summary valgrind
