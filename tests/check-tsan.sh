#!/bin/sh
# check-tsan.sh: the concurrent build under ThreadSanitizer.  A build
# writes its formats at once, one thread each (pipeline.c); here
# out/qbind-tsan (make out/qbind-tsan) builds every format of every corpus
# of the tests (corpus/, tests/cases/ok-*, tests/readers/*; the shipped
# corpora in a second set of settings too), then again over its own output (the Anki backend reads the
# previous deck), and a big corpus on a terminal (the progress line, which
# every thread ticks).  Any report halts qbind and fails the check
# (tests/tsan.supp holds the only suppressions: races inside a library
# that ThreadSanitizer cannot see the locks of, each with its reason).
# Every file must also be the bytes out/qbind writes.
#
# usage: QBIND=out/qbind sh tests/check-tsan.sh
set -u
QBIND=${QBIND:-out/qbind}
TSAN=${QBIND_TSAN:-out/qbind-tsan}
export SOURCE_DATE_EPOCH=1764316800
export TSAN_OPTIONS="suppressions=$(pwd)/tests/tsan.supp halt_on_error=1 exitcode=66"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

if [ ! -x "$TSAN" ]; then
	bad "$TSAN is not built (make out/qbind-tsan)"
	summary check-tsan
	exit
fi

# same DIR REF NAME: every file of REF is in DIR with the same bytes.
same() {
	for r in "$2"/*; do
		if cmp -s "$r" "$1/$(basename "$r")"; then
			ok
		else
			bad "$3: $(basename "$r") differs from $QBIND's"
		fi
	done
}

n=0
for f in corpus/*.txt tests/cases/ok-*.txt tests/cases/ok-*.md tests/readers/*.txt \
    tests/readers/*.md tests/readers/*.csv tests/readers/*.tsv; do
	first=$((n + 1))
	# The other settings for the shipped corpora only: the time it takes.
	others="-D pdf.mode=interviewer -D epub.mode=selftest -D anki.reverse=yes"
	case $f in corpus/*) ;; *) others="" ;; esac
	for v in "" ${others:+"$others"}; do
		n=$((n + 1))
		mkdir "$T/$n" "$T/$n.ref"
		# shellcheck disable=SC2086 # $v is a list of options
		"$QBIND" build -q -o "$T/$n.ref" $v "$f" >/dev/null 2>&1
		# shellcheck disable=SC2086
		expect 0 "$f $v" "$TSAN" build -o "$T/$n" $v "$f"
		same "$T/$n" "$T/$n.ref" "$f $v"
	done
	# Over its own output: the previous deck is read and handed in.
	expect 0 "$f rebuilt" "$TSAN" build -o "$T/$first" "$f"
	same "$T/$first" "$T/$first.ref" "$f rebuilt"
done

# A failed build (a setting no format takes): no thread starts, nothing
# is written; and a build where one format fails (the PDF's font is
# missing) while the others run: reported, nothing written.
expect 2 bad-setting "$TSAN" build -o "$T/bad" -D pdf.paper=a0 corpus/go-interview-followups.txt
expect 3 bad-font "$TSAN" build -o "$T/bad" -D pdf.font=NoSuchFontAnywhere corpus/go-interview-followups.txt
[ -e "$T/bad" ] && bad "a failed build left $T/bad" || ok

# The progress line, ticked by every thread: a corpus big enough to
# take more than a second under ThreadSanitizer, on a terminal.
if command -v script >/dev/null; then
	cc -std=c11 -O2 -o "$T/gen" tools/gen-corpus.c && "$T/gen" 30 >"$T/big.txt"
	mkdir "$T/tty"
	script -qec "env -u CI TERM=xterm $TSAN build -o $T/tty $T/big.txt" /dev/null >"$T/tty.pty" 2>&1
	echo "rc $?" >>"$T/tty.pty"
	has "$T/tty.pty" "rc 0" progress-exit
	grep -q 'Sanitizer' "$T/tty.pty" && { bad "progress: sanitizer report"; grep -A30 Sanitizer "$T/tty.pty" | head -40; } || ok
	has "$T/tty.pty" "qbind: [" progress-shown
else
	bad "script(1) is missing (Debian: bsdutils)"
fi

summary check-tsan
