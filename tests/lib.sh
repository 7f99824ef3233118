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
#   fallback_corpus FILE, hostile_corpus FILE  write the fallback-font
#                        and hostile corpora of check-pdf.sh and check-pdfa.sh
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
# unprint: printed typography folded back to what the corpus says
# (util/typo.c): quotes, apostrophes and ellipsis straight, no-break
# spaces plain, the backticks of a `code` span dropped (it prints
# without them).
unprint() {
	sed 's/\xc2\xa0/ /g; s/\xc2\xab\|\xc2\xbb\|\xe2\x80\x9c\|\xe2\x80\x9d\|\xe2\x80\x9e/"/g' |
	    sed "s/\xe2\x80\x98\|\xe2\x80\x99/'/g; s/\xe2\x80\xa6/.../g; s/\`//g"
}
# in_order NAME PDF LIST: every line of LIST appears in the PDF's text in
# this order (after squash), the PDF's typography folded back (unprint).
# IN_ORDER_RAW=1: the text in the order it was drawn (pdftotext -raw),
# where a line's text is not read together with what stands beside it
# (the interviewer sheet's score boxes).
in_order() {
	name=$1
	pdftotext -enc UTF-8 ${IN_ORDER_RAW:+-raw} "$2" - 2>/dev/null | unprint | squash >"$T/squashed"
	missing=$(while IFS= read -r line; do
		printf '%s\n' "$line" | unprint | squash
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

# fallback_corpus FILE: characters the body font lacks, drawn from
# fallback fonts (🙂 and 𝔘 beyond the BMP, box drawing in code), and one
# no font has (U+E000, line 13).
fallback_corpus() {
	printf '%s\n' 'Fallback' 'Characters:' 'Glyphs 🙂 and 𝔘 from other fonts?' ':::' \
	    'Smile 🙂 rocket 🚀 fraktur 𝔘 𝔙 arrows → ⇒ box ┌─┐ end.' '' \
	    '```' '┌─┐ 🙂 𝔘 →' '```' ':::' 'No font has it?' ':::' \
	    "Private $(printf '\356\200\200') use." ':::' >"$1"
}
# hostile_corpus FILE: a 300-letter word, a 5000-word question, a long
# URL, a long code line, an empty group, U+E000 on line 16; sets long,
# q5000 and code to the long things.
hostile_corpus() {
	long=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "%c", 97 + i % 26 }')
	q5000=$(awk 'BEGIN { for (i = 0; i < 500; i++) printf "слово%03d ", i; printf "конец?" }')
	code=$(awk 'BEGIN { for (i = 0; i < 30; i++) printf "x%08d+", i }')
	{
		printf 'Hostile layout\nEdge cases\nLong things:\n'
		printf 'Is %s a word?\n' "$long"
		printf '%s\n' "$q5000"
		printf 'What about https://example.com/a/very/long/path/that/goes/on/and/on/without/any/space/at/all/index.html?\n'
		printf 'A question with a code answer?\n:::\n```go\n%s\n```\n:::\n' "$code"
		printf 'Empty:\n\nFull:\nLast question \356\200\200 here?\n'
	} >"$1"
}

summary() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
