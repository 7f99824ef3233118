# lib.sh: the checks that the shell suites (cli.sh, golden.sh,
# check-FORMAT.sh) share.
#
# Sourced, from the repository root, after the script has made its
# temporary folder:
#
#     T=$(mktemp -d)
#     trap 'rm -rf "$T"' EXIT
#     . tests/lib.sh
#     ...checks...
#     summary check-pdf
#
# Variables: pass and fail count the checks (set to 0 here); T is the
# caller's temporary folder, where expect leaves the command's output.
#
#   ok                   one check passed
#   bad MESSAGE          one check failed: prints "FAIL MESSAGE"
#   expect RC NAME CMD…  runs CMD with stdout in $T/stdout and stderr in
#                        $T/stderr; one check that it exits with RC (stderr
#                        shown when not), and a failure when stderr holds a
#                        sanitizer report (ASan, UBSan)
#   has FILE TEXT NAME   one check that FILE contains TEXT (fixed string)
#   in_order NAME PDF LIST  one check that every line of LIST is in the
#                        PDF's text (pdftotext), in that order; squash
#                        gives both without spaces and hyphens
#   summary NAME         prints "NAME: N passed, N failed", the line that
#                        tests/run.sh counts; false when a check failed, so
#                        it ends a script and gives its exit status

pass=0
fail=0

ok() {
	pass=$((pass + 1))
}

bad() {
	fail=$((fail + 1))
	echo "FAIL $*"
}

expect() {
	want=$1
	name=$2
	shift 2
	"$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok
	else
		bad "$name: exit $rc, expected $want"
		sed 's/^/  | /' "$T/stderr" | head -10
	fi
	# A sanitizer's exit status can pass for an expected error exit.
	if grep -q -e 'Sanitizer' -e 'runtime error:' "$T/stderr"; then
		bad "$name: sanitizer report"
		cat "$T/stderr"
	fi
}

has() {
	if grep -qF -- "$2" "$1"; then
		ok
	else
		bad "$3: '$2' not in output"
		sed 's/^/  | /' "$1" | head -10
	fi
}

# squash: text without white space, hyphens and the layout's mark of a
# wrapped code line (↪), to compare across line breaks and hyphenation.
squash() {
	tr -d ' \t\n\r\f-' | sed 's/\xc2\xad//g; s/\xe2\x86\xaa//g'
}
# in_order NAME PDF LIST: every line of LIST appears in the PDF's text in
# this order (after squash).  IN_ORDER_RAW=1: the text in the order it
# was drawn (pdftotext -raw), where a line's text is not read together
# with what stands beside it (the interviewer sheet's score boxes).
in_order() {
	name=$1
	pdftotext -enc UTF-8 ${IN_ORDER_RAW:+-raw} "$2" - 2>/dev/null | squash >"$T/squashed"
	missing=$(while IFS= read -r line; do
		printf '%s\n' "$line" | squash
		echo
	done <"$3" | awk -v text="$(cat "$T/squashed")" '
		$0 == "" { next }
		{ i = index(substr(text, pos + 1), $0)
		  if (i == 0) { print; n++ } else pos += i + length($0) - 1 }
		END { exit n > 0 }')
	if [ -z "$missing" ]; then ok; else
		bad "$name: not found in order in the text:"
		printf '%s\n' "$missing" | head -5 | sed 's/^/  | /'
	fi
}

summary() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
