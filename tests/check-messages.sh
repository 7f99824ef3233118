#!/bin/sh
# check-messages.sh: the message table (src/util/messages.def) and what comes
# from it: qbind.1's DIAGNOSTICS lists up to date, every message used,
# none printed around the table, the compiler checking the arguments
# of a call against the table's text.
#
# usage: sh tests/check-messages.sh (from the repository root)
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
CC=${CC:-cc}

# The man page's lists are what the table makes of them (`make man`).
if make -s out/man-diagnostics >"$T/make" 2>&1; then
	out/man-diagnostics <qbind.1 >"$T/qbind.1" &&
		cmp -s "$T/qbind.1" qbind.1 && ok ||
		bad "qbind.1: DIAGNOSTICS differs from src/util/messages.def; run make man ($(diff qbind.1 "$T/qbind.1" | head -3 | tr '\n' ' '))"
else
	bad "cannot build out/man-diagnostics: $(cat "$T/make")"
fi

# Every message of the table is printed somewhere.
for m in $(sed -n 's/^MSG(\([A-Z0-9_]*\),.*/\1/p' src/util/messages.def); do
	grep -q "MSG_$m\b" src/*.c src/*/*.c && ok || bad "MSG_$m is in messages.def but no file prints it"
done

# Nothing prints around the table: the raw layer is diag.c's.
raw=$(grep -n 'diag_raw_\|fprintf(stderr' src/*.c src/*/*.c | grep -v '^src/util/diag\.c:\|msgfmt_MSG_')
[ -z "$raw" ] && ok || bad "messages printed around the table in: $raw"

# A call with arguments that do not fit the table's text does not build.
cflags="-std=c11 -Wall -Werror=format -Isrc/util -fsyntax-only"
printf '#include "diag.h"\nvoid f(struct diag *d);\nvoid f(struct diag *d) { diag_msg(d, MSG_TWO_IDS, "c.txt", 1, 1, 42); }\n' >"$T/bad.c"
printf '#include "diag.h"\nvoid f(struct diag *d);\nvoid f(struct diag *d) { diag_msg(d, MSG_TWO_IDS, "c.txt", 1, 1, "x"); }\n' >"$T/good.c"
$CC $cflags "$T/good.c" 2>"$T/good.err" && ok || bad "a good call does not build: $(cat "$T/good.err")"
$CC $cflags "$T/bad.c" 2>"$T/bad.err" && bad "a call with an int for '%s' builds" ||
	{ grep -q "format" "$T/bad.err" && ok || bad "the bad call failed, not on its format: $(cat "$T/bad.err")"; }

summary check-messages
