#!/bin/sh
# check-readers.sh: the input readers (markdown, qa, list, csv, tsv beside
# the qbind format) end to end, on the corpora of tests/readers/ and the
# expectations written by hand in tests/readers/EXPECT.  For each corpus:
# the outline with --from and auto-detected (question and answer counts,
# title, section and group titles, questions per group, first and last
# question, description) and the "note: read as" line; a build of every
# format judged by the validators of the backend suites (qpdf, pdffonts,
# pdftotext with every question, epubcheck, sqlite3 and the npm package
# anki-reader); the round trip through `outline -f qbind`.  Then several
# readers in one document, an unknown --from, the byte-exact corpora, and
# today's corpora still read as qbind.  epubcheck runs once, for every
# book together, and not under ASan (QBIND_ASAN set).
#
# usage: QBIND=out/qbind [QBIND_ASAN=1] sh tests/check-readers.sh
set -u
QBIND=${QBIND:-out/qbind}
ASAN=${QBIND_ASAN:-}
JAR=/usr/share/java/epubcheck.jar
NPM=out/npm
R=tests/readers
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1764316800
. tests/lib.sh
TAB=$(printf '\t')

# same NAME GOT WANT
same() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', expected '$3'"; fi
}
# shape JSON: the fields 4 to 11 of EXPECT, tab-separated, from an outline
shape() {
	jq -r --arg t "$TAB" '[.sections[].groups[].questions[]] as $q |
	    [ ($q | length),
	      ([$q[] | select(.answer != null)] | length),
	      .title,
	      ([.sections[] | .title // "~"] | join("|")),
	      ([.sections[] | [.groups[] | .title // "~"] | join("|")] | join(";")),
	      ([.sections[] | [.groups[] | .questions | length | tostring] | join("|")] | join(";")),
	      $q[0].text, $q[-1].text ] | map(tostring) | join($t)' "$1"
}
# norm JSON: the outline without source positions, file names and how the
# language was found, keys sorted: two readings of one corpus compare equal
norm() {
	jq -S 'del(.files, .meta.lang_detected) | del(.. | .line?, .col?, .file?, .pos?)' "$1"
}
# node_checks LOG: the ok/FAIL lines of tests/apkg.mjs
node_checks() {
	while read -r word rest; do
		case $word in
		ok) ok ;;
		FAIL) bad "$1: $rest" ;;
		*) bad "$1: apkg.mjs: $word $rest" ;;
		esac
	done <"$2"
}

# --- the independent deck reader, installed once into out/npm ---
if [ ! -f "$NPM/node_modules/anki-reader/package.json" ]; then
	mkdir -p "$NPM"
	npm install --prefix "$NPM" --no-audit --no-fund --silent anki-reader@0.3.0 \
		>"$T/npm.log" 2>&1 || { bad "npm install anki-reader"; cat "$T/npm.log"; }
fi

# --- the byte-exact corpora are what make-binary.sh makes ---
mkdir "$T/bin"
if sh "$R/make-binary.sh" "$T/bin" 2>"$T/mb.err"; then
	n=0
	for f in "$T"/bin/*; do
		n=$((n + 1))
		cmp -s "$f" "$R/${f##*/}" && ok || bad "$R/${f##*/} is not what make-binary.sh makes"
	done
	[ "$n" -ge 9 ] && ok || bad "make-binary.sh made $n files, expected 9"
else
	bad "make-binary.sh failed"
	cat "$T/mb.err"
fi
# Those bytes survive git only without a text conversion.
for f in sql-bold-questions.md sql-vopros-otvet.txt notion-paste.txt ru-excel-semicolon.csv ru-no-header.tsv; do
	[ "$(head -c 3 "$R/$f" | od -An -tx1 | tr -d ' \n')" = efbbbf ] && ok || bad "$R/$f: no byte order mark"
	grep -q "$(printf '\r')\$" "$R/$f" && ok || bad "$R/$f: no CRLF line ends"
done
grep -q "$TAB" "$R/notion-paste.txt" && ok || bad "$R/notion-paste.txt: no tab"

# --- each corpus: outline, detection, build, round trip ---
mkdir "$T/b"
nbooks=0
grep -v '^#' "$R/EXPECT" >"$T/expect"
[ "$(wc -l <"$T/expect")" -ge 20 ] && ok || bad "EXPECT: fewer than 20 corpora"
while IFS="$TAB" read -r file reader auto nq na title secs groups counts first last desc ncode ngo; do
	f=$R/$file
	base=${file%.*}
	J=$T/$base
	[ -f "$f" ] || { bad "$f: missing"; continue; }

	# (a) the outline with --from: every field of EXPECT
	expect 0 "$file: outline --from $reader" "$QBIND" outline -f json --from "$reader" "$f"
	cp "$T/stdout" "$J.from.json"
	if [ -s "$J.from.json" ] && jq -e . "$J.from.json" >/dev/null 2>&1; then
		shape "$J.from.json" >"$T/got"
		printf '%s\n' "$nq$TAB$na$TAB$title$TAB$secs$TAB$groups$TAB$counts$TAB$first$TAB$last" >"$T/want"
		i=0
		for what in questions answers title sections groups "questions per group" "first question" "last question"; do
			i=$((i + 1))
			same "$file --from $reader: $what" "$(cut -f$i "$T/got")" "$(cut -f$i "$T/want")"
		done
		if [ "$desc" != - ]; then
			jq -e --arg d "$desc" 'del(.sections) | [.. | strings | select(contains($d))] | length > 0' \
				"$J.from.json" >/dev/null && ok || bad "$file: no description containing '$desc'"
		fi
		# Code blocks: as many as the corpus has, the Go fences keep
		# their info string, and none carries the backticks of a span.
		same "$file: code blocks in the answers" \
			"$(jq '[.. | objects | select(.type? == "code_block")] | length' "$J.from.json")" "$ncode"
		if [ "$ngo" != - ]; then
			same "$file: code blocks with info 'go'" \
				"$(jq '[.. | objects | select(.type? == "code_block" and .info? == "go")] | length' "$J.from.json")" "$ngo"
		fi
		same "$file: code blocks that begin or end with a backtick" \
			"$(jq '[.. | objects | select(.type? == "code_block") | .literal | select(test("^`|`\\n?$"))] | length' "$J.from.json")" 0
		# Every question has text, none is empty or keeps its marker.
		n=$(jq '[.sections[].groups[].questions[] | .text | select(. == "" or test("^([-*+•–—◦▪·]|[0-9]+[.)]|(Q|A|В|О|Question|Answer|Вопрос|Ответ)[0-9]*:|\\*\\*)[ \t]"))] | length' "$J.from.json")
		same "$file: questions still holding a list or Q/A marker" "$n" 0
	else
		bad "$file --from $reader: not JSON"
	fi

	# (a) auto-detection: the note names the reader, the outline is its
	expect 0 "$file: check" "$QBIND" check "$f"
	note=$(grep -F "$f: note: read as " "$T/stderr" | head -1)
	got=$(printf '%s\n' "$note" | sed -n 's/.*: note: read as \([a-z]*\).*/\1/p')
	expect 0 "$file: outline (auto)" "$QBIND" outline -f json "$f"
	cp "$T/stdout" "$J.auto.json"
	case $auto in
	qbind)
		# Rule 3: it parses as today's format, so it is read as that.
		case $got in "" | qbind) ok ;; *) bad "$file: read as $got, expected qbind: $note" ;; esac
		expect 0 "$file: outline --from qbind" "$QBIND" outline -f json --from qbind "$f"
		cmp -s "$T/stdout" "$J.auto.json" && ok || bad "$file: auto-detected outline is not the qbind one"
		;;
	*)
		[ "$auto" = = ] && alts=$reader || alts=$auto
		case "/$alts/" in
		*"/$got/"*) [ -n "$got" ] && ok || bad "$file: no 'note: read as' line: $(head -3 "$T/stderr")" ;;
		*) bad "$file: $note (expected $alts)" ;;
		esac
		if [ -n "$got" ]; then
			"$QBIND" outline -f json --from "$got" "$f" >"$T/chosen.json" 2>/dev/null
			cmp -s "$T/chosen.json" "$J.auto.json" && ok || {
				bad "$file: auto-detected outline differs from --from $got"
				diff "$T/chosen.json" "$J.auto.json" | head -6 | sed 's/^/  | /'
			}
		fi
		# The spec reads a file as qbind whenever it parses: these must not.
		case $reader in markdown | qa | list)
			expect 1 "$file: --from qbind (must not parse as qbind)" "$QBIND" check --from qbind "$f" ;;
		esac
		;;
	esac

	# (b) every format, and the validators
	from=
	[ "$auto" = qbind ] && from="--from $reader"
	mkdir "$T/b/$base"
	# shellcheck disable=SC2086
	expect 0 "$file: build" "$QBIND" build -q $from -o "$T/b/$base" "$f"
	# A format that failed there is tried alone, so that the others
	# are still judged (and the failure is pinned to its format).
	for fmt in pdf epub apkg; do
		[ -s "$T/b/$base/$base.$fmt" ] && continue
		# shellcheck disable=SC2086
		expect 0 "$file: build -f $fmt" "$QBIND" build -q -f "$fmt" $from -o "$T/b/$base" "$f"
		[ "$rc" -eq 0 ] || : >"$T/b/$base/failed-$fmt"
	done
	pdf=$T/b/$base/$base.pdf
	if [ -s "$pdf" ]; then
		qpdf --check "$pdf" >"$T/qpdf.out" 2>&1 && ok || { bad "$file: qpdf --check"; head -5 "$T/qpdf.out"; }
		fonts=$(pdffonts "$pdf" 2>/dev/null | awk 'NR > 2')
		if [ -z "$fonts" ]; then
			bad "$file: pdffonts lists no font"
		elif echo "$fonts" | awk '$(NF-4) != "yes" || /Type 3/ { f = 1 } END { exit !f }'; then
			bad "$file: a font is not embedded or is Type 3"
		else
			ok
		fi
		jq -r '.sections[].groups[].questions[].text' "$J.from.json" >"$T/qs"
		in_order "$file" "$pdf" "$T/qs"
	else
		[ -e "$T/b/$base/failed-pdf" ] || bad "$file: no $pdf"
	fi
	if [ -s "$T/b/$base/$base.epub" ]; then
		unzip -tq "$T/b/$base/$base.epub" >/dev/null 2>&1 && ok || bad "$file: epub: unzip -t"
		nbooks=$((nbooks + 1))
	else
		[ -e "$T/b/$base/failed-epub" ] || bad "$file: no epub"
	fi
	apkg=$T/b/$base/$base.apkg
	if [ -s "$apkg" ]; then
		rm -rf "$T/x" && mkdir "$T/x" && (cd "$T/x" && unzip -q "$apkg")
		db=$T/x/collection.anki2
		same "$file: deck integrity" "$(sqlite3 "$db" 'pragma integrity_check')" ok
		same "$file: deck notes" "$(sqlite3 "$db" 'select count(*) from notes')" "$nq"
		# Decks: Default, the title, and one per top-level heading
		# (anki.subdecks = section): each titled section, each titled
		# group of an untitled section.
		nd=$(jq '2 + ([.sections[] | select(.title != null)] | length) + ([.sections[] | select(.title == null) | .groups[] | select(.title != null)] | length)' "$J.from.json")
		node tests/apkg.mjs reader "$NPM" "$apkg" "$nq" "$nq" "$nd" >"$T/reader.log" 2>&1
		node_checks "$file" "$T/reader.log"
		node tests/apkg.mjs check "$NPM" "$db" "$T/qs" >"$T/check.log" 2>&1
		node_checks "$file" "$T/check.log"
	else
		[ -e "$T/b/$base/failed-apkg" ] || bad "$file: no apkg"
	fi

	# (c) the round trip through the qbind format keeps the outline
	# shellcheck disable=SC2086
	expect 0 "$file: outline -f qbind" "$QBIND" outline -f qbind $from "$f"
	cp "$T/stdout" "$J.rt.txt"
	expect 0 "$file: round trip read" "$QBIND" outline -f json --from qbind "$J.rt.txt"
	norm "$T/stdout" >"$J.rt.norm" 2>/dev/null
	norm "$J.from.json" >"$J.from.norm" 2>/dev/null
	if [ -s "$J.from.norm" ] && cmp -s "$J.from.norm" "$J.rt.norm"; then ok; else
		bad "$file: the outline changed through 'outline -f qbind'"
		diff "$J.from.norm" "$J.rt.norm" | head -8 | sed 's/^/  | /'
	fi
done <"$T/expect"

# epubcheck: every book at once, 0 errors and 0 warnings each
if [ -z "$ASAN" ]; then
	java -cp "$JAR" tests/EpubCheckMany.java "$T"/b/*/*.epub >"$T/java.log" 2>&1
	n=$(grep -c ': 0 fatals, 0 errors, 0 warnings$' "$T/java.log")
	if [ "$n" -eq "$nbooks" ] && [ "$n" -gt 0 ]; then ok; else
		bad "epubcheck: $n of $nbooks books clean"
		grep -v -e '^Validating using' -e ': 0 fatals, 0 errors, 0 warnings$' "$T/java.log" | head -30
	fi
fi

# --- (d) several readers in one document ---
M1=$R/go-concurrency.md M2=$R/go-runtime-qa.txt M3=$R/javascript-warmup.txt
want=0
for f in "$M1" "$M2" "$M3"; do
	n=$(jq '[.sections[].groups[].questions[]] | length' "$T/$(basename "${f%.*}").from.json" 2>/dev/null)
	want=$((want + ${n:-0}))
done
same "mixed: the sum of the three corpora" "$want" 37
expect 0 mixed-outline "$QBIND" outline -f json "$M1" "$M2" "$M3"
same "mixed: questions in one document" "$(jq '[.sections[].groups[].questions[]] | length' "$T/stdout")" 37
same "mixed: its title is the first file's" "$(jq -r .title "$T/stdout")" "Go concurrency interview"
same "mixed: three files" "$(jq '.files | length' "$T/stdout")" 3
mkdir "$T/mix"
expect 0 mixed-build "$QBIND" build -q -n mixed -o "$T/mix" "$M1" "$M2" "$M3"
for fmt in pdf epub apkg json; do
	ext=$fmt
	[ "$fmt" = json ] && ext=outline.json
	[ -s "$T/mix/mixed.$ext" ] || "$QBIND" build -q -f "$fmt" -n mixed -o "$T/mix" "$M1" "$M2" "$M3" 2>/dev/null
done
for ext in pdf epub apkg outline.json; do
	[ -s "$T/mix/mixed.$ext" ] && ok || bad "mixed: no mixed.$ext"
done
qpdf --check "$T/mix/mixed.pdf" >/dev/null 2>&1 && ok || bad "mixed: qpdf --check"
same "mixed: questions in the built outline" "$(jq '[.sections[].groups[].questions[]] | length' "$T/mix/mixed.outline.json" 2>/dev/null)" 37
if [ -s "$T/mix/mixed.apkg" ]; then
	rm -rf "$T/x" && mkdir "$T/x" && (cd "$T/x" && unzip -q "$T/mix/mixed.apkg")
	same "mixed: deck notes" "$(sqlite3 "$T/x/collection.anki2" 'select count(*) from notes')" 37
fi

# --- (e) --from with an unknown reader: usage error, with the names ---
expect 2 from-unknown "$QBIND" outline --from docx "$M1"
has "$T/stderr" "docx" from-unknown
for name in qbind markdown qa list csv tsv; do
	has "$T/stderr" "$name" "from-unknown: hint names $name"
done
expect 2 from-unknown-build "$QBIND" build --from yaml -o "$T/mix" "$M1"
has "$T/stderr" "yaml" from-unknown-build

# --- today's corpora are still read as qbind, with the same outline ---
for f in corpus/*.txt tests/cases/ok-*.txt; do
	# The untitled-level cases are lists, made for the other readers.
	case $f in *ok-untitled-*) [ "$f" = tests/cases/ok-untitled-levels.txt ] || continue ;; esac
	"$QBIND" outline -q -f json "$f" >"$T/auto.json" 2>/dev/null
	"$QBIND" outline -q -f json --from qbind "$f" >"$T/qbind.json" 2>/dev/null
	if [ -s "$T/auto.json" ] && cmp -s "$T/auto.json" "$T/qbind.json"; then ok; else
		bad "$f: auto-detection changed its outline"
	fi
done

summary check-readers
