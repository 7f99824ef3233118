#!/bin/sh
# cli.sh: the qbind command end to end: options, exit status, output files
# that appear whole or not at all, real validators on the dumps, styles,
# make install.
#
# usage: QBIND=out/qbind sh tests/cli.sh
set -u
QBIND=${QBIND:-out/qbind}
# Books carry their build time: with it fixed, two builds are comparable.
export SOURCE_DATE_EPOCH=1764316800
SEED=corpus/go-interview-followups.txt
T=$(mktemp -d)
trap 'umount "$T/small" 2>/dev/null; rm -rf "$T"' EXIT
. tests/lib.sh

# --- options and usage ---
expect 0 help "$QBIND" --help
has "$T/stdout" "usage: qbind build" help
has "$T/stdout" "chars, heading, follow-up, tags, empty, lang," help
expect 0 version "$QBIND" --version
has "$T/stdout" "qbind 0." version
expect 2 no-command "$QBIND"
expect 2 unknown-command "$QBIND" frobnicate
has "$T/stderr" "unknown command 'frobnicate'" unknown-command
expect 2 unknown-option "$QBIND" build --bogus "$SEED"
expect 2 no-files "$QBIND" build
has "$T/stderr" "no corpus file given" no-files
expect 2 unknown-format "$QBIND" build -f docx -o "$T" "$SEED"
has "$T/stderr" "unknown format 'docx' (this qbind writes: outline (or text), xml, json, apkg (or anki), epub, pdf, or all)" unknown-format
expect 2 outline-format "$QBIND" outline -f yaml "$SEED"
has "$T/stderr" "qbind: error: unknown outline format 'yaml' (use text (or outline), xml, json or qbind)" outline-format
# A near miss gets the nearest name.
expect 2 format-typo "$QBIND" build -f json,pfd -o "$T" "$SEED"
has "$T/stderr" "qbind: error: unknown format 'pfd' (did you mean 'pdf'? this qbind writes:" format-typo
expect 2 outline-format-typo "$QBIND" outline -f jsno "$SEED"
has "$T/stderr" "unknown outline format 'jsno' (did you mean 'json'?" outline-format-typo
expect 2 command-typo "$QBIND" biuld "$SEED"
has "$T/stderr" "qbind: error: unknown command 'biuld' (did you mean 'build'?)" command-typo
expect 2 set-typo "$QBIND" build -D pdf.papr=a4 -o "$T" "$SEED"
has "$T/stderr" "qbind: error: -D: unknown style setting 'pdf.papr' (did you mean 'pdf.paper'?)" set-typo
# Other names, in any case: anki for apkg, text and txt for the text dump
# (in both commands, which also take outline).
mkdir "$T/names0"
expect 0 format-names "$QBIND" build -f Anki,PDF,text -o "$T/names0" corpus/go-interview-sample-en.txt
[ "$(ls "$T/names0" | tr '\n' ' ')" = "go-interview-sample-en.apkg go-interview-sample-en.outline.txt go-interview-sample-en.pdf " ] &&
	ok || bad "format-names: wrote $(ls "$T/names0")"
expect 0 format-txt "$QBIND" build -f TXT -o "$T/names0" corpus/go-interview-sample-en.txt
"$QBIND" outline corpus/go-interview-sample-en.txt >"$T/text.dump"
for f in text outline txt TEXT Outline; do
	expect 0 "outline -f $f" "$QBIND" outline -f "$f" corpus/go-interview-sample-en.txt
	cmp -s "$T/stdout" "$T/text.dump" && ok || bad "outline -f $f: not the text dump"
done
cmp -s "$T/names0/go-interview-sample-en.outline.txt" "$T/text.dump" && ok || bad "build -f text: not the text dump"
expect 0 outline-XML "$QBIND" outline -f XML corpus/go-interview-sample-en.txt
has "$T/stdout" "<?xml" outline-XML
expect 0 formats "$QBIND" formats
has "$T/stdout" "json" formats

# --- -W: warning classes off, or errors ---
printf 'Title\n\nGroup:\nQ1\ttab?\n' >"$T/tab.txt"
expect 0 w-default "$QBIND" check "$T/tab.txt"
has "$T/stderr" "tab.txt:4:3: warning: tab character read as a space" w-default
expect 0 w-no-chars "$QBIND" check -W no-chars "$T/tab.txt"
grep -q "tab character" "$T/stderr" && bad "w-no-chars: still warned" || ok
grep -q "warning" "$T/stderr" && bad "w-no-chars: a silenced warning still counted" || ok
expect 1 w-error-chars "$QBIND" check -W error=chars "$T/tab.txt"
has "$T/stderr" "tab.txt:4:3: error: tab character read as a space" w-error-chars
has "$T/stderr" "qbind: 1 error, 0 warnings" w-error-chars
expect 1 w-error-all "$QBIND" check -Werror -q "$T/tab.txt"
has "$T/stderr" "error: tab character read as a space" w-error-all
expect 0 w-other-class "$QBIND" check -W error=tags "$T/tab.txt"
expect 0 w-no-error "$QBIND" check -W error -W no-error=chars "$T/tab.txt"
has "$T/stderr" "warning: tab character" w-no-error
expect 0 w-all "$QBIND" check -W no-chars -W all "$T/tab.txt"
has "$T/stderr" "warning: tab character" w-all
# A raised warning stops the build like an error: nothing is written.
expect 1 w-build "$QBIND" build -f json,text -W error=chars -o "$T/wout" "$T/tab.txt"
[ -e "$T/wout" ] && bad "w-build: wrote $(ls "$T/wout")" || ok
printf 'Title\n\nGroup:\nWhat is \356\200\200?\n' >"$T/glyph.txt"
expect 1 w-backend "$QBIND" build -f pdf,json -W error=glyph -o "$T/wout" "$T/glyph.txt"
has "$T/stderr" "error: character U+E000 cannot be printed in the PDF" w-backend
[ -e "$T/wout" ] && bad "w-backend: wrote $(ls "$T/wout")" || ok
expect 2 w-unknown "$QBIND" check -W no-tgas "$T/tab.txt"
has "$T/stderr" "qbind: error: unknown warning class 'tgas' (did you mean 'tags'? classes: chars, heading," w-unknown
has "$T/stderr" "usage: qbind build" w-unknown
expect 2 w-unknown-error "$QBIND" check -W error=bogus "$T/tab.txt"
has "$T/stderr" "unknown warning class 'bogus' (classes: " w-unknown-error

# --- input errors: exit status and message ---
expect 3 missing-file "$QBIND" check "$T/nope.txt"
has "$T/stderr" "qbind: error: cannot open corpus '$T/nope.txt': No such file or directory" missing-file
expect 3 directory "$QBIND" check "$T"
has "$T/stderr" "is a directory" directory
printf 'T\nS\nG:\nQ\nQ\n' >"$T/dup.txt"
expect 1 corpus-error "$QBIND" check "$T/dup.txt"
has "$T/stderr" "$T/dup.txt:5:1: error: duplicate question" corpus-error
has "$T/stderr" "qbind: 1 error, 0 warnings" corpus-error
printf 'T\nS\nG:\nQ\tx\n' >"$T/tab.txt"
expect 0 warning-exit "$QBIND" check "$T/tab.txt"
has "$T/stderr" "warning: tab character" warning-exit
expect 0 quiet "$QBIND" check -q "$T/tab.txt"
if [ -s "$T/stderr" ]; then bad "quiet: printed warnings"; else ok; fi
expect 0 stdin "$QBIND" check /dev/stdin <"$SEED"

# --- build: every format, real validators ---
mkdir "$T/out"
expect 0 build "$QBIND" build -o "$T/out" "$SEED"
for ext in outline.txt outline.xml outline.json; do
	if [ -s "$T/out/go-interview-followups.$ext" ]; then ok; else bad "build: no .$ext"; fi
done
if xmllint --noout "$T/out/go-interview-followups.outline.xml"; then ok; else bad "xmllint"; fi
n=$(jq '[.sections[].groups[].questions[]] | length' "$T/out/go-interview-followups.outline.json")
[ "$n" = 73 ] && ok || bad "json: $n questions, expected 73"
n=$(xmllint --xpath 'count(//question)' "$T/out/go-interview-followups.outline.xml")
[ "$n" = 73 ] && ok || bad "xml: $n questions, expected 73"
n=$(jq '[.sections[] | select(.title != null)] | length' "$T/out/go-interview-followups.outline.json")
[ "$n" = 12 ] && ok || bad "json: $n titled sections, expected 12"
# Every question of the corpus, in order, in the dump.
grep -v -e '^$' -e ':$' "$SEED" | sed 1d >"$T/lines"
jq -r '.sections[].groups[].questions[].text' "$T/out/go-interview-followups.outline.json" >"$T/qs"
# Section headings are the lines above group lines: drop them from the corpus list.
jq -r '.sections[] | select(.title != null) | .title' "$T/out/go-interview-followups.outline.json" >"$T/secs"
grep -vxF -f "$T/secs" "$T/lines" >"$T/want"
if cmp -s "$T/want" "$T/qs"; then ok; else bad "json: questions not the corpus lines in order"; diff "$T/want" "$T/qs" | head; fi
ls -A "$T/out" | grep '^\.' && bad "build: temporary files left" || ok
# One line says what was written, the books first, with the pages of the
# handout and the notes of the deck; nothing on stdout.
o=$T/out/go-interview-followups
np=$(pdfinfo "$o.pdf" | awk '/^Pages:/ { print $2 }')
has "$T/stderr" "qbind: wrote $o.pdf ($np pages), $o.epub, $o.apkg (73 notes), $o.outline.txt, $o.outline.xml, $o.outline.json" build-summary
[ "$(wc -l <"$T/stderr")" -eq 1 ] && ok || bad "build: stderr is not one line: $(cat "$T/stderr")"
[ -s "$T/stdout" ] && bad "build: printed on stdout" || ok
mkdir "$T/out-q"
expect 0 build-quiet "$QBIND" build -q -o "$T/out-q" "$SEED"
[ -s "$T/stderr" ] && bad "build -q: printed $(cat "$T/stderr")" || ok
diff -r "$T/out" "$T/out-q" >/dev/null && ok || bad "build -q: other bytes than without -q"
expect 0 build-reverse "$QBIND" build -f apkg -D anki.reverse=yes -o "$T/out-q" corpus/go-interview-sample-en.txt
has "$T/stderr" "qbind: wrote $T/out-q/go-interview-sample-en.apkg (24 notes, 44 cards)" build-reverse

# Same input, same bytes (backends that date their files take the date
# from SOURCE_DATE_EPOCH).
mkdir "$T/out2" "$T/out3"
SOURCE_DATE_EPOCH=1700000000 "$QBIND" build -o "$T/out2" "$SEED" 2>/dev/null
SOURCE_DATE_EPOCH=1700000000 "$QBIND" build -o "$T/out3" "$SEED" 2>/dev/null
if diff -r "$T/out2" "$T/out3" >/dev/null; then ok; else bad "build: not reproducible"; fi

# --- nothing lost: a failed build leaves the previous output alone ---
cp "$T/out/go-interview-followups.outline.xml" "$T/before.xml"
cp "$T/dup.txt" "$T/go-interview-followups.txt"
expect 1 failed-build "$QBIND" build -o "$T/out" "$T/go-interview-followups.txt"
if cmp -s "$T/before.xml" "$T/out/go-interview-followups.outline.xml"; then ok; else bad "failed build changed the old output"; fi
n=$(ls -A "$T/out" | wc -l)
nformats=$("$QBIND" formats | grep -c .)
[ "$n" -eq "$nformats" ] && ok || bad "failed build: $n files in the output folder, expected $nformats"

# A full disk: the build fails, the old outputs stay as they were, no
# temporary file is left (needs root for the small tmpfs; skipped otherwise).
mkdir "$T/small"
if mount -t tmpfs -o size=64k tmpfs "$T/small" 2>/dev/null; then
	mkdir "$T/tiny"
	printf 'T\nS\nG:\nQ\n' >"$T/tiny/go-interview-followups.txt"
	# The dumps only: the test is about the pipeline, and a 64k disk
	# cannot hold every backend's first build.
	"$QBIND" build -f outline,xml,json -o "$T/small" "$T/tiny/go-interview-followups.txt" 2>/dev/null
	(cd "$T/small" && md5sum *) >"$T/small.md5"
	expect 3 disk-full "$QBIND" build -f outline,xml,json -o "$T/small" "$SEED"
	has "$T/stderr" "No space left on device" disk-full
	(cd "$T/small" && md5sum -c --quiet "$T/small.md5") && ok || bad "disk-full: old outputs changed"
	n=$(ls -A "$T/small" | wc -l)
	[ "$n" -eq 3 ] && ok || bad "disk-full: $n files left, expected the 3 old ones"
	umount "$T/small"
else
	echo "skip disk-full: cannot mount a tmpfs here"
fi

# A missing output folder is made, with its parents, as mkdir -p would
# (0777 less the umask); the default one too, in a fresh folder.
expect 0 missing-outdir sh -c 'umask 027; exec "$@"' sh "$QBIND" build -f json -o "$T/missing/a/b" "$SEED"
[ -f "$T/missing/a/b/go-interview-followups.outline.json" ] && ok || bad "missing-outdir: not made"
[ "$(stat -c %a "$T/missing")" = 750 ] && [ "$(stat -c %a "$T/missing/a/b")" = 750 ] && ok ||
	bad "missing-outdir: modes $(stat -c %a "$T/missing") and $(stat -c %a "$T/missing/a/b"), expected 750"
QBIND_ABS=$(cd "$(dirname "$QBIND")" && pwd)/$(basename "$QBIND")
mkdir "$T/fresh"
(cd "$T/fresh" && "$QBIND_ABS" build -f json,pdf "$OLDPWD/$SEED") 2>"$T/stderr" && ok || bad "fresh folder: build failed: $(cat "$T/stderr")"
[ -f "$T/fresh/out/go-interview-followups.pdf" ] && ok || bad "fresh folder: no out/go-interview-followups.pdf"
# Not for a corpus with errors, nor for a build that fails later: nothing
# is written, folders included.
expect 1 missing-outdir-bad-corpus "$QBIND" build -o "$T/nodir/sub" "$T/dup.txt"
[ ! -e "$T/nodir" ] && ok || bad "missing-outdir-bad-corpus: the folder was made"
expect 3 missing-outdir-failed "$QBIND" build -f json,pdf -D pdf.font=NoSuchFont -o "$T/nodir/sub" "$SEED"
[ ! -e "$T/nodir" ] && ok || bad "missing-outdir-failed: the folder was left behind"
: >"$T/afile"
expect 3 outdir-is-file "$QBIND" build -o "$T/afile" "$SEED"
has "$T/stderr" "output folder '$T/afile' is not a folder" outdir-is-file
expect 3 outdir-under-file "$QBIND" build -o "$T/afile/sub/dir" "$SEED"
has "$T/stderr" "qbind: error: output folder '$T/afile/sub/dir' cannot be created: '$T/afile' is not a folder" outdir-under-file

# Output names never leave the output folder.
mkdir "$T/names"
expect 0 safe-name "$QBIND" build -f json -n "../../x/y" -o "$T/names" "$SEED"
if [ -f "$T/names/x-y.outline.json" ] && [ "$(ls -A "$T/names" | wc -l)" -eq 1 ]; then ok; else bad "safe-name: $(ls -A "$T/names")"; fi
# Cut at 100 bytes, never inside a UTF-8 character.
long=$(printf 'a%.0s' $(seq 99))Ж
mkdir "$T/names2"
expect 0 safe-name-utf8 "$QBIND" build -f json -n "$long" -o "$T/names2" "$SEED"
ls "$T/names2" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 && ok || bad "safe-name: not UTF-8: $(ls "$T/names2")"

# outline -o writes a file atomically; errors leave it alone.
expect 0 outline-o "$QBIND" outline -f xml -o "$T/dump.xml" "$SEED"
xmllint --noout "$T/dump.xml" && ok || bad "outline -o: invalid XML"
cp "$T/dump.xml" "$T/dump.before"
expect 1 outline-o-error "$QBIND" outline -f xml -o "$T/dump.xml" "$T/dup.txt"
cmp -s "$T/dump.xml" "$T/dump.before" && ok || bad "outline -o: failed run changed the file"
[ -s "$T/stdout" ] && bad "outline -o with errors: printed the tree on stdout" || ok

# A corpus with errors: the tree as far as it was read on stdout, then
# the errors, exit 1.
printf 'Title\nS\nG:\nFirst?\nSecond?\n\n' >"$T/partial.txt"
printf 'Third?\nThird?\n' >>"$T/partial.txt"
expect 1 outline-errors "$QBIND" outline "$T/partial.txt"
has "$T/stdout" 'question 1 "First?" 4:1' outline-errors
has "$T/stdout" 'question 4 "Third?" 8:1' outline-errors
has "$T/stderr" "$T/partial.txt:8:1: error: duplicate question 'Third?'" outline-errors
"$QBIND" outline "$T/partial.txt" >"$T/both" 2>&1
[ "$(tail -2 "$T/both" | head -1)" = "$T/partial.txt:8:1: error: duplicate question 'Third?': same text as $T/partial.txt:7:1 (remove one, or give one an explicit id '{#…}')" ] &&
	ok || bad "outline-errors: the errors do not follow the tree: $(tail -3 "$T/both")"
expect 1 outline-errors-stdout "$QBIND" outline -o - "$T/partial.txt"
has "$T/stdout" 'question 1 "First?" 4:1' outline-errors-stdout
# Unvalidated trees (the reader failed: no ids, no numbers) still dump.
printf 'Title\nQ outside?\nS\nG:\nQ inside?\n' >"$T/noids.txt"
expect 1 outline-unvalidated "$QBIND" outline "$T/noids.txt"
has "$T/stdout" 'question "Q inside?" 5:1' outline-unvalidated
grep -q 'id=' "$T/stdout" && bad "outline-unvalidated: ids in a tree that was not validated" || ok
for f in "$T/noids.txt" "$T/partial.txt" tests/cases/bad-*.txt; do
	"$QBIND" outline --from qbind -f xml "$f" >"$T/case.xml" 2>"$T/case.err"
	[ $? -eq 1 ] && xmllint --noout "$T/case.xml" 2>>"$T/case.err" && ok || { bad "xml of $f with errors"; head -5 "$T/case.err"; }
	"$QBIND" outline --from qbind -f json "$f" >"$T/case.json" 2>"$T/case.err"
	[ $? -eq 1 ] && jq -e . "$T/case.json" >/dev/null 2>>"$T/case.err" && ok || { bad "json of $f with errors"; head -5 "$T/case.err"; }
done

# Hostile and odd inputs still give well-formed XML and JSON.
for f in tests/cases/ok-*.txt tests/cases/ok-*.md corpus/*.txt; do
	"$QBIND" outline -q -f xml "$f" >"$T/case.xml" 2>"$T/case.err" && xmllint --noout "$T/case.xml" 2>>"$T/case.err" \
		&& ok || { bad "xml of $f"; head -5 "$T/case.err"; }
	"$QBIND" outline -q -f json "$f" >"$T/case.json" 2>"$T/case.err" && jq -e . "$T/case.json" >/dev/null 2>>"$T/case.err" \
		&& ok || { bad "json of $f"; head -5 "$T/case.err"; }
done
t=$(xmllint --xpath 'string(//question[1]/text)' - <<EOF_XML
$("$QBIND" outline -f xml tests/cases/ok-hostile.txt)
EOF_XML
)
[ "$t" = "<script>alert(1)</script> — is this HTML escaped?" ] && ok || bad "xml: hostile question text came back as '$t'"

# The byte-exact cases are what their generator makes.
mkdir "$T/cases"
cp tests/cases/make-binary-cases.sh "$T/cases/"
if sh "$T/cases/make-binary-cases.sh"; then
	for f in "$T"/cases/*.txt; do
		cmp -s "$f" "tests/cases/${f##*/}" && ok || bad "tests/cases/${f##*/} is not what make-binary-cases.sh makes"
	done
else
	bad "make-binary-cases.sh failed"
fi

# --- several files make one document ---
printf 'Title\nS1\nG1:\nQ1\n' >"$T/a.txt"
printf 'S2\nG2:\nQ2\n' >"$T/b.txt"
expect 0 multi "$QBIND" outline -f json "$T/a.txt" "$T/b.txt"
n=$(jq '[.sections[].groups[].questions[]] | length' "$T/stdout")
[ "$n" = 2 ] && ok || bad "multi: $n questions"
has "$T/stdout" "\"file\": \"$T/b.txt\"" multi

# --- styles ---
expect 3 missing-style "$QBIND" build -s nosuchstyle -o "$T/out" "$SEED"
has "$T/stderr" "style 'nosuchstyle' not found" missing-style
cp -R styles/default "$T/mystyle"
echo "colour = red" >>"$T/mystyle/style.conf"
expect 0 style-path "$QBIND" build -s "$T/mystyle" -o "$T/out" "$SEED"
has "$T/stderr" "style.conf:$(wc -l <"$T/mystyle/style.conf"):1: warning: unknown style setting 'colour'" style-path
cp -R styles/default "$T/typostyle"
echo "pdf.jusitfy = no" >>"$T/typostyle/style.conf"
expect 0 style-typo "$QBIND" build -f json -s "$T/typostyle" -o "$T/out" "$SEED"
has "$T/stderr" "style.conf:$(wc -l <"$T/typostyle/style.conf"):1: warning: unknown style setting 'pdf.jusitfy' ignored (did you mean 'pdf.justify'?)" style-typo
expect 3 style-missing-path "$QBIND" build -s "$T/nostyle/" -o "$T/out" "$SEED"
mkdir -p "$T/sp/custom"
cp styles/default/* "$T/sp/custom/"
expect 2 set-unknown "$QBIND" build -D colour=red -o "$T/out" "$SEED"
has "$T/stderr" "-D: unknown style setting 'colour'" set-unknown
expect 2 set-no-equals "$QBIND" build -D name -o "$T/out" "$SEED"
has "$T/stderr" "-D 'name': expected key=value" set-no-equals
expect 2 set-check "$QBIND" check -D name=x "$SEED"
# A bad value is a usage error too, found before the corpus is read (this
# corpus has errors, which would be exit 1), for a format not built as well.
expect 2 set-bad-value "$QBIND" build -D pdf.mode=foo -o "$T/out" "$T/dup.txt"
has "$T/stderr" "qbind: error: -D pdf.mode='foo': expected one of study, interviewer" set-bad-value
grep -q "duplicate question" "$T/stderr" && bad "set-bad-value: the corpus was read" || ok
expect 2 set-bad-bool "$QBIND" build -f apkg -D anki.reverse=maybe -o "$T/out" "$SEED"
has "$T/stderr" "qbind: error: -D anki.reverse='maybe': expected yes or no (or true, false, on, off, 1, 0)" set-bad-bool
expect 2 set-bad-unbuilt "$QBIND" build -f json -D epub.mode=quiz -o "$T/out" "$SEED"
expect 2 set-bad-length "$QBIND" build -f pdf -D pdf.margin-top=3furlongs -o "$T/out" "$SEED"
# Switches take yes/no, true/false, on/off, 1/0, in any case; choices any case.
mkdir "$T/bool-yes" "$T/bool"
expect 0 bool-yes "$QBIND" build -f apkg,pdf -D anki.reverse=yes -D pdf.justify=no -o "$T/bool-yes" corpus/go-interview-sample-en.txt
for v in "TRUE Off" "on 0" "1 FALSE"; do
	set -- $v
	rm -f "$T"/bool/*
	expect 0 "bool $v" "$QBIND" build -f apkg,pdf -D anki.reverse=$1 -D pdf.justify=$2 -o "$T/bool" corpus/go-interview-sample-en.txt
	diff -r "$T/bool-yes" "$T/bool" >/dev/null && ok || bad "bool $v: not the same files as yes, no"
done
expect 0 enum-case "$QBIND" build -f pdf -D pdf.mode=Interviewer -D pdf.paper=A4 -o "$T/bool" corpus/go-interview-sample-en.txt
# A bad value in style.conf is the style's (exit 3, at its line), before
# the corpus is read, for the formats built only.
cp -R styles/default "$T/badvalue"
echo "anki.answers = sometimes" >>"$T/badvalue/style.conf"
expect 3 style-bad-value "$QBIND" build -f apkg -s "$T/badvalue" -o "$T/out" "$T/dup.txt"
has "$T/stderr" "style.conf:$(wc -l <"$T/badvalue/style.conf"):1: error: anki.answers = 'sometimes': expected yes or no" style-bad-value
grep -q "duplicate question" "$T/stderr" && bad "style-bad-value: the corpus was read" || ok
expect 0 style-bad-value-unbuilt "$QBIND" build -f json -s "$T/badvalue" -o "$T/out" "$SEED"
expect 0 style-bad-value-fixed "$QBIND" build -f apkg -s "$T/badvalue" -D anki.answers=Off -o "$T/out" "$SEED"
echo "anki.answers = On" >>"$T/badvalue/style.conf"
expect 0 style-bool "$QBIND" build -f apkg -s "$T/badvalue" -o "$T/out" "$SEED"
QBIND_STYLE_PATH="$T/sp" expect 0 style-path-env "$QBIND" build -s custom -o "$T/out" "$SEED"

# --- --stats ---
expect 0 stats "$QBIND" check --stats "$SEED"
has "$T/stderr" "stats: parse" stats
has "$T/stderr" "peak RSS" stats

# --- make install with PREFIX and DESTDIR; the installed qbind finds its styles ---
if [ "${QBIND_SKIP_INSTALL:-0}" != 1 ]; then
	if make -s install DESTDIR="$T/dest" PREFIX=/usr >"$T/install.log" 2>&1; then ok; else bad "make install"; cat "$T/install.log"; fi
	for f in usr/bin/qbind usr/share/qbind/styles/default/style.conf usr/share/man/man1/qbind.1; do
		[ -f "$T/dest/$f" ] && ok || bad "install: no $f"
	done
	mkdir "$T/inst-out"
	(cd / && "$T/dest/usr/bin/qbind" build -o "$T/inst-out" "$OLDPWD/$SEED") >"$T/inst.log" 2>&1 \
		&& ok || { bad "installed qbind"; cat "$T/inst.log"; }
fi

summary cli
