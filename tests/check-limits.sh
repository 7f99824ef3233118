#!/bin/sh
# check-limits.sh: pathological corpora (tools/gen-limits.sh) at and past
# qbind's caps (src/qbind.h; corpus/FORMAT.md, "Caps"),
# each under a time limit.  A corpus within the caps must give valid
# output in every format (qpdf --check; unzip -t and well-formed XML for
# the EPUB; PRAGMA integrity_check and the note count for the deck); one
# past a cap must be refused, with exit status 1 and
# an error at file:line:col that names the cap, and write nothing.
#
# The time limits are generous: several times what this needs on a
# loaded two-core machine, so that only a blow-up (a quadratic walk, a
# runaway allocation) fails them; they are 4 times longer under ASan.
# The sizes are the issue's (a 10 MB line, 1,000,000 questions, 100,000
# groups, 10,000 levels of nesting, 50,000 backticks, a 100,000-byte code
# line), except under ASan, where the corpora that make every format
# work hardest (100,000 groups, 1,000,000 questions, the long tokens and
# lines, the dense text) are a fifth of that: ASan triples the memory
# (100,000 groups: 1.5 GB for the PDF) and the time, and at a fifth the
# same code runs over the same structures.  The refusals keep their full
# size under ASan.
#
# usage: QBIND=out/qbind [QBIND_ASAN=1] sh tests/check-limits.sh
set -u
QBIND=${QBIND:-out/qbind}
ASAN=${QBIND_ASAN:-}
GEN=tools/gen-limits.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1764316800
. tests/lib.sh

if [ -n "$ASAN" ]; then
	SLOW=4 BIG=5
else
	SLOW=1 BIG=1
fi

# The caps, from the source, so that a change there is a change here.
cap() {
	sed -n "s/^[[:space:]]*$1 = \([0-9* ]*\),\{0,1\}.*/\1/p" src/qbind.h | head -1
}
MAX_LINE=$(($(cap QBIND_MAX_LINE)))
MAX_INPUT=$(($(cap QBIND_MAX_INPUT)))
MAX_QUESTIONS=$(($(cap QBIND_MAX_QUESTIONS)))
MAX_HEADINGS=$(($(cap QBIND_MAX_HEADINGS)))
MAX_DEPTH=$(($(cap QBIND_MAX_DEPTH)))
MAX_PAGES=$(($(cap QBIND_MAX_PAGES)))
MAX_ANSWER=$(($(cap QBIND_MAX_ANSWER)))
MAX_NODES=$(($(cap QBIND_MAX_NODES)))
[ "$MAX_LINE" -gt 0 ] && [ "$MAX_INPUT" -gt 0 ] && [ "$MAX_QUESTIONS" -gt 0 ] &&
	[ "$MAX_HEADINGS" -gt 0 ] && [ "$MAX_DEPTH" -gt 0 ] && [ "$MAX_PAGES" -gt 0 ] &&
	[ "$MAX_ANSWER" -gt 0 ] && [ "$MAX_NODES" -gt 0 ] &&
	ok || bad "caps not found in src/qbind.h"

# gen NAME CASE [N]: the corpus $T/NAME.txt
gen() {
	sh "$GEN" "$2" ${3:+"$3"} >"$T/$1.txt" || bad "$GEN $2 $3 failed"
}

# run SECS RC NAME ARGS...: qbind ARGS within SECS (times SLOW) seconds,
# exiting RC (expect, lib.sh: stderr in $T/stderr).
run() {
	secs=$(($1 * SLOW))
	want=$2
	name="$3 (time limit ${secs} s)"
	shift 3
	expect "$want" "$name" timeout -k 5 "$secs" "$QBIND" "$@"
}

# nothing NAME DIR: DIR is empty (no output, no temporary file)
nothing() {
	if [ -z "$(ls -A "$2")" ]; then ok; else bad "$1: refused, but wrote $(ls -A "$2" | head -3)"; fi
}

# refused NAME SECS WHERE TEXT: check and a build of every format exit 1
# with "$T/NAME.txt:WHERE: error: …TEXT" and write nothing.
refused() {
	f=$T/$1.txt
	run "$2" 1 "$1: check" check "$f"
	has "$T/stderr" "$f:$3: error: " "$1: check"
	has "$T/stderr" "$4" "$1: check"
	rm -rf "$T/o" && mkdir "$T/o"
	run "$2" 1 "$1: build" build -q -f pdf,epub,apkg -o "$T/o" "$f"
	has "$T/stderr" "$f:$3: error: " "$1: build"
	has "$T/stderr" "$4" "$1: build"
	nothing "$1: build" "$T/o"
}

# valid_pdf NAME: $T/o/NAME.pdf passes qpdf --check
valid_pdf() {
	if qpdf --check "$T/o/$1.pdf" >"$T/qpdf" 2>&1; then ok; else
		bad "$1: qpdf --check"
		tail -5 "$T/qpdf"
	fi
}

# valid_epub NAME: $T/o/NAME.epub is an intact zip whose XML documents
# are all well-formed
valid_epub() {
	b=$T/o/$1.epub
	unzip -tq "$b" >"$T/unzip" 2>&1 && ok || { bad "$1: unzip -t"; tail -3 "$T/unzip"; }
	rm -rf "$T/x" && mkdir "$T/x" && unzip -q -d "$T/x" "$b"
	n=0
	for x in "$T"/x/OEBPS/*.xhtml "$T"/x/OEBPS/*.opf "$T"/x/OEBPS/*.ncx "$T"/x/META-INF/container.xml; do
		[ -f "$x" ] || continue
		n=$((n + 1))
		xmllint --noout --nonet --huge "$x" 2>"$T/xmllint" || { bad "$1: $(basename "$x") is not well-formed XML"; head -3 "$T/xmllint"; }
	done
	[ "$n" -ge 5 ] && ok || bad "$1: only $n XML documents in the book"
}

# valid_apkg NAME NOTES: the deck's database is intact and holds NOTES notes
valid_apkg() {
	rm -rf "$T/x" && mkdir "$T/x" && (cd "$T/x" && unzip -q "$T/o/$1.apkg")
	db=$T/x/collection.anki2
	r=$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1)
	[ "$r" = ok ] && ok || bad "$1: integrity_check: $r"
	r=$(sqlite3 "$db" 'select count(*) from notes' 2>&1)
	[ "$r" = "$2" ] && ok || bad "$1: $r notes, expected $2"
}

# accepted NAME SECS NOTES [FORMATS]: check and each format (default
# pdf epub apkg) within SECS, exit 0, valid output; the deck has NOTES notes.
accepted() {
	f=$T/$1.txt
	run "$2" 0 "$1: check" check -q "$f"
	for fmt in ${4:-pdf epub apkg}; do
		rm -rf "$T/o" && mkdir "$T/o"
		run "$2" 0 "$1: build -f $fmt" build -q -f "$fmt" -o "$T/o" "$f"
		[ "$rc" -eq 0 ] || continue
		case $fmt in
		pdf) valid_pdf "$1" ;;
		epub) valid_epub "$1" ;;
		apkg) valid_apkg "$1" "$3" ;;
		esac
	done
}

# pdf_refused NAME SECS FORMATS [WHERE]: the PDF runs past QBIND_MAX_PAGES;
# a build of FORMATS (pdf among them) stops there and writes nothing.
# Without WHERE, the error must be at the start of some line of the corpus.
pdf_refused() {
	f=$T/$1.txt
	where=${4:-}
	rm -rf "$T/o" && mkdir "$T/o"
	run "$2" 1 "$1: build -f $3" build -q -f "$3" -o "$T/o" "$f"
	msg="error: the PDF handout runs past $MAX_PAGES pages here; the limit is $MAX_PAGES pages"
	if [ -n "$where" ]; then
		has "$T/stderr" "$f:$where: $msg" "$1: build"
	else
		has "$T/stderr" "$msg" "$1: build"
		line=$(sed -n "s|^$f:\([0-9][0-9]*\):1: error: the PDF.*|\1|p" "$T/stderr")
		[ -n "$line" ] && [ "$line" -le "$(wc -l <"$f")" ] && ok ||
			bad "$1: the page cap's error names no line of the corpus"
	fi
	nothing "$1: build" "$T/o"
}

# --- lines: 10 MB refused wherever it stands, 65,000 bytes set in full ---
too_long="line is 10485760 bytes long; the limit is $MAX_LINE bytes"
for c in title-line:1:1 question-line:5:1 group-line:3:1 answer-line:7:1; do
	name=${c%%:*}
	gen "$name" "$name" 10485760
	refused "$name" 20 "${c#*:}" "$too_long"
done
gen code-line-100k code-line 100000
refused code-line-100k 20 8:1 "line is 100000 bytes long; the limit is $MAX_LINE bytes"
# Just under the cap: one token, words, a title, a group, an answer line,
# a code span and a line of code, each broken over hundreds of lines.
for c in question-line question-words title-line group-line answer-line inline-code code-line; do
	gen "$c-65k" "$c" 65000
	accepted "$c-65k" 20 1
done
# The whole input in tokens of 65,000 bytes.  The line breaker once
# redid each token for each of its lines: 19 s for the PDF of this on an
# idle machine, against 1.4 s now, hence the tighter limit (test_layout.c
# counts the work exactly).
gen long-questions long-questions $((250 / BIG))
accepted long-questions 10 $((250 / BIG))
gen long-code long-code $((100 / BIG))
accepted long-code 30 $(((100 / BIG + 15) / 16))
# A 65,000-byte title in the running header of every page.
gen title-pages title-pages 20000
accepted title-pages 20 20000

# --- nesting: 10,000 levels refused at the level past the cap ---
deep="answer nested more than $MAX_DEPTH levels deep (block quotes, lists, emphasis); the limit is $MAX_DEPTH"
# Each list level is a list and an item; the document is the first level.
for c in list-line:10000:7:63 olist-line:10000:7:94 quote-line:10000:7:127 \
    emph-nest:10000:7:1 quote-lines:1400:69:65 list-lines:1400:38:32; do
	name=${c%%:*}
	rest=${c#*:}
	gen "$name" "$name" "${rest%%:*}"
	refused "$name" 20 "${rest#*:}" "$deep"
done
# Over many lines an answer grows as the square of its depth: 1,400
# levels is just under QBIND_MAX_ANSWER, whose refusal would hide the
# one wanted here (10,000 levels would be 50 MB).
for c in quote-lines list-lines; do
	[ "$(wc -c <"$T/$c.txt")" -lt "$MAX_ANSWER" ] && ok || bad "$c: over the answer cap"
done
# As deep as the cap allows: every format, and nothing drawn off the page
# (check-pdf.sh and test_layout.c look at the margins).
for c in list-line:$(((MAX_DEPTH - 2) / 2)) olist-line:$(((MAX_DEPTH - 2) / 2)) \
    quote-line:$((MAX_DEPTH - 2)) list-lines:$(((MAX_DEPTH - 2) / 2)) emph-nest:$((2 * (MAX_DEPTH - 4))); do
	name=${c%%:*}-max
	gen "$name" "${c%%:*}" "${c#*:}"
	accepted "$name" 20 1
done

# --- CommonMark's pathological inlines (cmark's own test list) ---
for c in backticks backticks-alt backticks-runs brackets emph-open emph-close \
    link-open link-close mismatched unclosed-links refs; do
	gen "$c" "$c"
	accepted "$c" 20 1
done

# --- answers: one of 1 MiB, and the node cap of all of them together ---
gen answer-max answer-bytes "$MAX_ANSWER"
accepted answer-max 20 1
gen answer-over answer-bytes $((MAX_ANSWER + 1))
refused answer-over 20 6:1 "answer is $((MAX_ANSWER + 1)) bytes; the limit is $MAX_ANSWER bytes"
# Lines of 64,000 bytes of "*a* ", 48,000 nodes each: half the node cap.
# Every node's column was once counted from the start of its line: 8.5 s
# for the PDF of this and 12.7 s for the outline on an idle machine,
# against 0.9 s each now, hence the tighter limits.
gen emph-lines emph-lines $((20 / BIG))
accepted emph-lines 5 $(((20 / BIG + 15) / 16))
run 5 0 "emph-lines: outline" outline -o "$T/o/emph-lines.outline.txt" "$T/emph-lines.txt"
gen nodes-over emph-lines 42
refused nodes-over 20 54:42610 "more than $MAX_NODES elements in the answers (paragraphs, runs of text, emphasis, links…); the limit is $MAX_NODES"

# --- many things: questions, groups, sections ---
# 1,000,000 questions: read, book and deck; the handout stops at its page cap.
nq=$((MAX_QUESTIONS / BIG))
gen questions questions "$nq"
if [ -z "$ASAN" ]; then
	accepted questions 90 "$nq" "epub apkg"
	pdf_refused questions 60 pdf
else
	accepted questions 90 "$nq"
fi
gen questions-over questions $((MAX_QUESTIONS + 1))
refused questions-over 30 "$((MAX_QUESTIONS + 5)):1" "more than $MAX_QUESTIONS questions; the limit is $MAX_QUESTIONS"
# 100,000 groups (the heading cap) in every format; one more is refused.
ng=$((MAX_HEADINGS / BIG))
gen groups groups "$ng"
accepted groups 90 "$ng"
gen groups-over groups $((MAX_HEADINGS + 1))
refused groups-over 30 "$((2 + 3 * MAX_HEADINGS + 1)):1" "more than $MAX_HEADINGS sections and groups; the limit is $MAX_HEADINGS"

# --- bytes: the input cap is for all files together ---
# pad FILE BYTES: FILE grows to BYTES with blank lines (free to read).
pad() {
	head -c $(($2 - $(wc -c <"$1"))) /dev/zero | tr '\0' '\n' >>"$1"
}
printf 'Big\n\nTopic:\nq\n' >"$T/input-max.txt"
pad "$T/input-max.txt" "$MAX_INPUT"
[ "$(wc -c <"$T/input-max.txt")" -eq "$MAX_INPUT" ] && ok || bad "input-max.txt is not $MAX_INPUT bytes"
accepted input-max 20 1 apkg
printf '\n' >>"$T/input-max.txt"
run 20 1 "input-over: check" check "$T/input-max.txt"
has "$T/stderr" "$T/input-max.txt: error: file is $((MAX_INPUT + 1)) bytes; the limit is $MAX_INPUT bytes" input-over
half=$((MAX_INPUT / 2 + 1))
printf 'Halves\n\nTopic:\nq1\n' >"$T/half-a.txt"
pad "$T/half-a.txt" "$half"
printf 'q2\n' >"$T/half-b.txt"
pad "$T/half-b.txt" "$half"
rm -rf "$T/o" && mkdir "$T/o"
run 20 1 "input-two-files: build" build -q -o "$T/o" "$T/half-a.txt" "$T/half-b.txt"
has "$T/stderr" "$T/half-b.txt: error: file is $half bytes, $((2 * half)) with the files before it; the limit is $MAX_INPUT bytes for all files together" input-two-files
nothing input-two-files "$T/o"

# --- pages: cheap rows (an empty line of code is one byte) ---
gen code-empty code-empty 2000000
accepted code-empty 30 2 "epub apkg"
# The other formats were written first: none of them is kept.
pdf_refused code-empty 30 pdf,epub,apkg
# A dense page: one-letter words, each a run of text of its own.
nd=$((2000000 / BIG))
gen dense dense "$nd"
accepted dense 60 $(((nd / 2000 + 499) / 500))

# --- the other readers: long lists, deep nesting, huge items ---
# Each under a time limit that a quadratic walk would miss by far.
for c in md-items:200000:20 qa-pairs:200000:20 list-items:200000:20 \
    bare-lines:200000:20 csv-rows:200000:20 md-headings:50000:20; do
	name=${c%%:*}
	rest=${c#*:}
	n=$((${rest%%:*} / BIG))
	gen "$name" "$name" "$n"
	accepted "$name" "${rest#*:}" "$n" "epub apkg"
done
gen md-huge-item md-huge-item 1000000
accepted md-huge-item 20 1 "epub apkg"
gen md-huge-item-over md-huge-item 1100000
refused md-huge-item-over 20 5:1 "answer is"
gen qa-long-answer qa-long-answer 5000
accepted qa-long-answer 20 1
gen qa-long-answer-over qa-long-answer 20000
refused qa-long-answer-over 20 4:1 "answer is"
# 1,400 levels: the file grows as the square of the depth.
gen md-deep md-deep 900
refused md-deep 20 35:65 "$deep"
gen list-deep list-deep 1400
refused list-deep 20 159:157 "$deep"
gen csv-big-field csv-big-field 20000
refused csv-big-field 20 2:1 "answer is"
gen csv-open-quote csv-open-quote 1000000
refused csv-open-quote 20 2:1 "a quoted field is not closed"
has "$T/stderr" "line is 1000000 bytes long" csv-open-quote

summary check-limits
