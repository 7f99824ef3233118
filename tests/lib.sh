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

summary() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
