#!/bin/sh
# check-progress.sh: the progress line.  A run longer than a second shows
# it on a terminal (stderr), and nowhere else: not when stderr is a file,
# not with -q, not under CI, not on TERM=dumb, not for a quick run.  It
# never changes the output files, and a warning printed meanwhile starts
# on a line of its own.  The terminal is a pseudo-terminal from script(1)
# (util-linux, in every Debian).
#
# usage: QBIND=out/qbind sh tests/check-progress.sh
set -u
QBIND=${QBIND:-out/qbind}
export SOURCE_DATE_EPOCH=1764316800
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

# Big enough to take well over a second: 1000x the seed (~2.5 s for the
# PDF alone); the sanitizer build is about three times slower, so 300x.
n=1000
[ -n "${QBIND_ASAN:-}" ] && n=300
cc -std=c11 -O2 -o "$T/gen" tools/gen-corpus.c || { bad "cannot build gen-corpus"; summary progress; exit; }
"$T/gen" $n >"$T/big.txt"
# One character the PDF draws from no font, for a warning while the line
# is shown: a private-use one (an emoji now comes from a fallback font).
printf '\nЕсть ли у вас вопрос про \356\200\200?\n' >>"$T/big.txt"
mkdir "$T/tty" "$T/file" "$T/quiet"

# tty NAME CMD: runs CMD (a shell command line) on a pseudo-terminal with
# stdout to a file; what reached the terminal (stderr) lands in $T/NAME.pty.
tty() {
	script -qec "$2 >$T/$1.stdout" /dev/null >"$T/$1.pty" 2>&1
	echo $? >"$T/$1.rc"
}
rc_is() {
	[ "$(cat "$T/$1.rc")" = "$2" ] && ok || bad "$1: exit $(cat "$T/$1.rc"), expected $2"
}

command -v script >/dev/null || { bad "script(1) is missing (Debian: bsdutils)"; summary progress; exit; }

# On a terminal, a long run: the line is drawn, redrawn in place, erased.
tty shown "env -u CI TERM=xterm $QBIND build -o $T/tty $T/big.txt"
rc_is shown 0
# The formats are written at once, so the last step counted is the 8th,
# whichever format ends last (the PDF here, the EPUB under ASan).  (The
# PDF's layout may end within the first second, before the line appears.)
if grep -q 'qbind: \[8/8\] [a-z]' "$T/shown.pty"; then ok; else
	bad "shown-last: no '[8/8] FORMAT' step in the progress line"
fi
has "$T/shown.pty" "pdf: drawing pages" shown-pdf-draw
has "$T/shown.pty" "pdf: compressing" shown-pdf-save
# Redrawn in place at most ten times a second: several draws, not one per
# question (the corpus has tens of thousands).
draws=$(tr '\r' '\n' <"$T/shown.pty" | grep -c '^qbind: \[')
[ "$draws" -ge 5 ] && [ "$draws" -le 400 ] && ok || bad "shown: $draws draws"
# The line names every format still running; it fits in 80 columns all
# the same (\r cannot redraw a line
# the terminal wrapped).
wide=$(tr '\r' '\n' <"$T/shown.pty" | sed 's/\x1b\[K//g' | grep -a '^qbind: \[' | awk 'length($0) > 80' | head -1)
[ -z "$wide" ] && ok || bad "shown: a progress line over 80 columns: $wide"
# No progress text is left at the end: the last line drawn (after the
# last carriage return; the terminal ends lines with \r\n) is the erase
# and the summary, not the progress.
last=$(tr '\r' '\n' <"$T/shown.pty" | grep -v '^$' | tail -1)
case $last in
*"qbind: ["*) bad "shown: the line is not erased at the end: $last" ;;
*) ok ;;
esac
# The warning (from the PDF step, after the line appeared) is on a line of
# its own: the line was erased first, so nothing precedes it but the erase.
tr '\r' '\n' <"$T/shown.pty" | grep -a 'warning:' >"$T/warn.txt"
if [ -s "$T/warn.txt" ]; then
	ok
	grep -aq '%.*warning:' "$T/warn.txt" && bad "shown: warning printed after progress text: $(head -1 "$T/warn.txt")" || ok
else
	bad "shown: no warning for the private-use character"
fi

# The same build with stderr in a file: no progress, same files.
expect 0 file env -u CI TERM=xterm "$QBIND" build -f apkg,epub,pdf -o "$T/file" "$T/big.txt"
grep -q 'qbind: \[' "$T/stderr" && bad "file: progress in a non-terminal stderr" || ok
has "$T/stderr" "warning:" file-warning
for f in big.apkg big.epub big.pdf; do
	cmp -s "$T/tty/$f" "$T/file/$f" && ok || bad "$f differs with the progress line on"
done

# Silent on a terminal with -q, under CI, on TERM=dumb, and for a quick run.
tty quiet "env -u CI TERM=xterm $QBIND build -q -f pdf -o $T/quiet $T/big.txt"
tty ci "env CI=true TERM=xterm $QBIND build -f pdf -o $T/quiet $T/big.txt"
tty dumb "env -u CI TERM=dumb $QBIND build -f pdf -o $T/quiet $T/big.txt"
tty quick "env -u CI TERM=xterm $QBIND build -o $T/quiet corpus/go-interview-followups.txt"
for r in quiet ci dumb quick; do
	rc_is $r 0
	grep -aq 'qbind: \[' "$T/$r.pty" && bad "$r: progress shown" || ok
done
# -q keeps errors, only progress and warnings go.
[ -s "$T/quiet.pty" ] && bad "quiet: printed $(head -c 200 "$T/quiet.pty")" || ok
grep -aq 'warning:' "$T/ci.pty" && ok || bad "ci: the warning went missing"

summary progress
