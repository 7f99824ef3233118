#!/bin/sh
# check-apkg.sh: the Anki deck backend end to end.  An independent reader
# (the npm package anki-reader, installed into out/npm on first use) opens
# the decks; sqlite3, jq and tests/apkg.mjs check the package layout, the
# schema, the collection JSON, the references between rows, csum and sfld,
# hostile text, re-import identity, reproducibility and failures.
#
# usage: QBIND=out/qbind sh tests/check-apkg.sh     (QBIND_ASAN=1: ASan build)
set -u
export LC_ALL=C
TAB=$(printf '\t')
QBIND=${QBIND:-out/qbind}
NPM=out/npm
SEED=corpus/go-interview-followups.txt
EN=corpus/go-interview-sample-en.txt
T=$(mktemp -d)
trap 'umount "$T/small" "$T/ro" 2>/dev/null; rm -rf "$T"' EXIT
. tests/lib.sh

# same NAME GOT WANT
same() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', expected '$3'"; fi
}
# node_checks LOG: count the ok/FAIL lines of tests/apkg.mjs
node_checks() {
	while read -r word rest; do
		case $word in
		ok) ok ;;
		FAIL) bad "$rest" ;;
		*) bad "apkg.mjs: $word $rest" ;;
		esac
	done <"$1"
}
# unpack APKG: the zip's entries into $T/x, and DB its collection for q
unpack() {
	rm -rf "$T/x" && mkdir -p "$T/x" && (cd "$T/x" && unzip -q "$1")
	DB=$T/x/collection.anki2
}
q() {
	sqlite3 "$DB" "$@"
}

# --- the independent reader, installed once into out/npm ---
if [ ! -f "$NPM/node_modules/anki-reader/package.json" ]; then
	mkdir -p "$NPM"
	npm install --prefix "$NPM" --no-audit --no-fund --silent anki-reader@0.3.0 \
		>"$T/npm.log" 2>&1 || { bad "npm install anki-reader"; cat "$T/npm.log"; }
fi

export SOURCE_DATE_EPOCH=1764288000
mkdir "$T/out"
expect 0 build-seed "$QBIND" build -f apkg -o "$T/out" "$SEED"
expect 0 build-en "$QBIND" build -f apkg -o "$T/out" "$EN"
SEEDA=$T/out/go-interview-followups.apkg
ENA=$T/out/go-interview-sample-en.apkg

# corpus NOTES CARDS DECKS for both decks: every question a note with one
# card, a deck per section (anki.subdecks = section) under the title deck.
for spec in "$SEEDA 73 73 15" "$ENA 24 24 6"; do
	set -- $spec
	apkg=$1
	name=$(basename "$apkg" .apkg)
	# The seed: 1 title deck, 13 decks of rank-0 headings (12 sections
	# and the group of the untitled section), and Default.
	node tests/apkg.mjs reader "$NPM" "$apkg" "$2" "$3" "$4" >"$T/reader.log" 2>&1
	node_checks "$T/reader.log"

	# --- the package ---
	unzip -Z1 "$apkg" >"$T/entries" 2>&1
	same "$name: zip entries" "$(tr '\n' ' ' <"$T/entries")" "collection.anki2 media "
	same "$name: media map" "$(unzip -p "$apkg" media)" "{}"
	unpack "$apkg"
	# Rollback journal (header bytes 18 and 19 are 1), not WAL (2).
	same "$name: journal mode" "$(q 'pragma journal_mode')" "delete"
	same "$name: file format bytes" "$(od -An -tu1 -j18 -N2 "$DB" | tr -s ' ')" " 1 1"
	same "$name: integrity" "$(q 'pragma integrity_check')" "ok"

	# --- schema 11, Anki's column order and indexes ---
	same "$name: tables" "$(q "select group_concat(name, ' ') from (select name from sqlite_master where type = 'table' order by name)")" \
		"cards col graves notes revlog"
	cols() { q "select group_concat(name, ',') from pragma_table_info('$1')"; }
	same "$name: col columns" "$(cols col)" "id,crt,mod,scm,ver,dty,usn,ls,conf,models,decks,dconf,tags"
	same "$name: notes columns" "$(cols notes)" "id,guid,mid,mod,usn,tags,flds,sfld,csum,flags,data"
	same "$name: cards columns" "$(cols cards)" \
		"id,nid,did,ord,mod,usn,type,queue,due,ivl,factor,reps,lapses,left,odue,odid,flags,data"
	same "$name: revlog columns" "$(cols revlog)" "id,cid,usn,ease,ivl,lastIvl,factor,time,type"
	same "$name: graves columns" "$(cols graves)" "usn,oid,type"
	same "$name: column types" "$(q "select group_concat(type || [notnull], ',') from pragma_table_info('notes')")" \
		"INTEGER0,TEXT1,INTEGER1,INTEGER1,INTEGER1,TEXT1,TEXT1,INTEGER1,INTEGER1,INTEGER1,TEXT1"
	same "$name: indexes" "$(q "select group_concat(x, ' ') from (select m.name || '(' || (select group_concat(name, ',') from pragma_index_info(m.name)) || ')' as x from sqlite_master m where type = 'index' order by m.name)")" \
		"ix_cards_nid(nid) ix_cards_sched(did,queue,due) ix_cards_usn(usn) ix_notes_csum(csum) ix_notes_usn(usn) ix_revlog_cid(cid) ix_revlog_usn(usn)"

	# --- the col row ---
	same "$name: one col row, ver 11" "$(q 'select count(*), max(ver), max(id) from col')" "1|11|1"
	same "$name: crt in seconds, in the past; mod and scm in ms" \
		"$(q "select crt < $SOURCE_DATE_EPOCH and crt > 1e9 and crt < 1e10, mod = $SOURCE_DATE_EPOCH * 1000, scm = $SOURCE_DATE_EPOCH * 1000 from col")" "1|1|1"
	for c in conf models decks dconf tags; do
		q "select $c from col" >"$T/$c.json"
		jq -e 'type == "object"' "$T/$c.json" >/dev/null && ok || bad "$name: col.$c is not a JSON object"
	done
	# Every key Anki's importer requires.
	jq -e '(length == 1) and ([.[]] | all(
		has("id") and has("name") and has("type") and has("mod") and has("usn") and
		has("sortf") and has("did") and has("tmpls") and has("flds") and has("css") and
		(.flds | length == 8 and all(has("name") and has("ord") and has("sticky") and
			has("rtl") and has("font") and has("size"))) and
		(.tmpls | length == 2 and all(has("name") and has("ord") and has("qfmt") and has("afmt"))) and
		(.id | type == "number")))' "$T/models.json" >/dev/null && ok || bad "$name: model keys"
	jq -e 'to_entries | all(.key == (.value.id | tostring) and (.value |
		has("id") and has("name") and has("usn") and (.collapsed | type == "boolean") and
		has("dyn") and has("desc") and has("conf") and has("newToday") and has("revToday") and
		has("lrnToday") and has("timeToday")))' "$T/decks.json" >/dev/null && ok || bad "$name: deck keys"
	jq -e 'to_entries | all(.value | has("id") and has("mod") and has("name") and has("usn") and
		has("maxTaken") and has("autoplay") and has("timer") and has("new") and has("rev") and
		has("lapse") and (.new | has("delays") and has("initialFactor") and has("ints") and
		has("order") and has("perDay")) and (.rev | has("ease4") and has("ivlFct") and
		has("maxIvl") and has("perDay")) and (.lapse | has("delays") and has("leechAction") and
		has("leechFails") and has("minInt") and has("mult")))' "$T/dconf.json" >/dev/null && ok || bad "$name: deck options keys"
	same "$name: deck names are Title::Section" \
		"$(jq -r '[.[] | select(.id != 1) | .name | split("::") | length] | max' "$T/decks.json")" 2
	same "$name: only Default has id 1" "$(jq -r '.["1"].name' "$T/decks.json")" "Default"
	same "$name: deck names unique ignoring case" \
		"$(jq '[.[] | .name | ascii_downcase] | length - (unique | length)' "$T/decks.json")" 0
	same "$name: ids below 2^53" "$(jq '[.[] | .id] | all(. < 9007199254740992)' "$T/decks.json")" true
	jq -r 'keys[]' "$T/decks.json" >"$T/dids"
	jq -r 'keys[]' "$T/models.json" >"$T/mids"
	nflds=$(jq '.[] | .flds | length' "$T/models.json")

	# --- rows and their references ---
	same "$name: every mid is a model" "$(q "select count(*) from notes where mid not in ($(paste -sd, "$T/mids"))")" 0
	same "$name: every did is a deck, none is Default" \
		"$(q "select count(*) from cards where did not in ($(paste -sd, "$T/dids")) or did = 1")" 0
	same "$name: every nid is a note" "$(q 'select count(*) from cards where nid not in (select id from notes)')" 0
	same "$name: every note has a card" "$(q 'select count(*) from notes where id not in (select nid from cards)')" 0
	same "$name: field count" "$(q "select count(*) from notes where length(flds) - length(replace(flds, char(31), '')) != $nflds - 1")" 0
	same "$name: unique guids" "$(q 'select count(*) - count(distinct guid) from notes')" 0
	same "$name: unique (nid, ord)" "$(q 'select count(*) - count(distinct nid || "/" || ord) from cards')" 0
	same "$name: new cards" "$(q 'select count(*) from cards where type != 0 or queue != 0 or ivl != 0 or reps != 0')" 0
	same "$name: due under 1,000,000" "$(q 'select count(*) from cards where due < 0 or due >= 1000000')" 0
	# due is the corpus order: the Source lines rise with it.
	q "select substr(n.flds, instr(n.flds, '.txt:') + 5) from cards c join notes n on n.id = c.nid order by c.due" |
		sed 's/[^0-9].*//' >"$T/lines"
	sort -n -c "$T/lines" 2>/dev/null && ok || bad "$name: due is not the corpus order"
	same "$name: tags have no empty tag" "$(q "select count(*) from notes where tags like '%  %' or (tags != '' and (tags not like ' %' or tags not like '% '))")" 0
	same "$name: empty revlog and graves" "$(q 'select (select count(*) from revlog) + (select count(*) from graves)')" 0
	node tests/apkg.mjs check "$NPM" "$DB" >"$T/check.log" 2>&1
	node_checks "$T/check.log"
done

# The seed has no answers: every back shows the question's context.
unpack "$SEEDA"
same "seed: answer fields" "$(q "select count(*) from notes where flds like '%' || char(31) || char(31) || '%'")" 73
# Decks: one per rank-0 heading, the decks the display pass ranks 0, in
# the outline's order; none is a group of a section (the 36 decks of 2-3
# cards the subdecks by group made).
"$QBIND" outline -q -f json "$SEED" >"$T/seed.json" 2>/dev/null
# (Decks are named as the headings print: no-break spaces folded back.)
q 'select decks from col' | jq -r '.[] | select(.id != 1) | .name' | sed -n 's/^[^:]*:://p' | unprint | sort >"$T/seed-decks"
jq -r '.sections[] | if .title != null then .title else .groups[] | .title // empty end' "$T/seed.json" | sort -u >"$T/seed-want"
same "seed: a deck per section, as the outline ranks them" "$(cat "$T/seed-decks" | tr '\n' '|')" "$(cat "$T/seed-want" | tr '\n' '|')"
same "seed: 13 section decks" "$(wc -l <"$T/seed-decks")" 13
# The same rank as the EPUB's contents: its top-level entries, in order,
# are the decks under the top one (the numbers before them aside).
expect 0 build-seed-epub "$QBIND" build -q -f epub -o "$T/out" "$SEED"
rm -rf "$T/e" && mkdir "$T/e" && unzip -q -d "$T/e" "$T/out/go-interview-followups.epub"
xmllint --xpath '//*[local-name()="nav" and @*[local-name()="type"]="toc"]/*[local-name()="ol"]/*[local-name()="li"]/*[local-name()="a"]' \
	"$T/e/OEBPS/nav.xhtml" 2>/dev/null | sed 's/<a [^>]*>//g; s/<\/a>/\n/g; s/<\/*span[^>]*>//g' | sed '/^$/d; s/^[0-9][0-9]*\. *//; s/&amp;/\&/g' >"$T/nav"
same "seed: the decks are the EPUB's top-level contents, in order" \
	"$(q 'select decks from col' | jq -r '.[] | select(.id != 1) | .name | select(contains("::")) | sub("^[^:]*::"; "")' | tr '\n' '|')" \
	"$(tr '\n' '|' <"$T/nav")"
# Tags: the group under its section, Anki's "::" hierarchy, no spaces.
same "seed: a Section::Topic tag" "$(q "select tags from notes order by id limit 1")" " Goroutines_Concurrency::goroutine "
same "seed: every tag one word" "$(q "select count(*) from notes where trim(tags) like '% %'")" 0
same "seed: hierarchical tags of titled sections" "$(q "select count(*) from notes where tags like '%::%'")" 69
# The Context field: the follow-up reference and the group's other
# questions, for all 69 follow-ups (the 4 general questions have none).
same "seed: a Context for every follow-up" \
	"$(q "select count(*) from notes where flds like '%' || char(31) || '<div lang=\"ru\"><div class=\"qb-ref\">К вопросу %</div><ul class=\"qb-siblings\"><li>%</div>'")" 69
# (As printed: «» and the no-break spaces after «в» and «и».)
NBSP=$(printf '\302\240')
same "seed: the first follow-up's context lists its two siblings, not itself" \
	"$(q "select substr(flds, instr(flds, '<ul')) from notes order by id limit 1")" \
	"<ul class=\"qb-siblings\"><li>Как работает рост стека <span lang=\"en\">goroutine</span>? Что происходит при <span lang=\"en\">stack overflow</span>?</li><li>Что такое «<span lang=\"en\">work-stealing</span>» в${NBSP}планировщике и${NBSP}как это повышает эффективность?</li></ul></div>"
same "seed: Source keeps file:line for the browser" "$(q "select count(*) from notes where flds like '%' || char(31) || 'go-interview-followups.txt:%' || char(31) || '%'")" 73
# lang_fields LANG: every field with words in it (Question, Answer,
# Section, Topic, Context: 1 2 4 5 8) is wrapped in the deck's language,
# a div around blocks, a span around a line; the others (Number, Source,
# Reverse) and the empty ones are not.  The tally of bad fields.
lang_fields() {
	q "select replace(replace(flds, char(10), ' '), char(13), ' ') from notes" |
		awk -F "$(printf '\037')" -v l="$1" '
		function wrapped(f, tag) { return f ~ ("^<" tag " lang=\"" l "\">.*</" tag ">$") }
		{ for (i = 1; i <= NF; i++) {
			words = i == 1 || i == 2 || i == 4 || i == 5 || i == 8
			if ($i == "") continue
			if (!words && $i ~ /lang=/) bad++
			else if (words && i != 4 && i != 5 && !wrapped($i, "div")) bad++
			else if ((i == 4 || i == 5) && !wrapped($i, "span")) bad++
			else if (words) good++
		} }
		END { print (bad + 0) " bad, " (good > 0 ? "some" : "none") " good" }'
}
same "seed: every field with words is in Russian (lang)" "$(lang_fields ru)" "0 bad, some good"
same "seed: every question is in Russian (lang)" "$(q "select count(*) from notes where flds like '<div lang=\"ru\">%</div>' || char(31) || '%'")" 73
# Go's English terms in the Russian text, each in its own language
# (util/script.h): in the questions, a section title, a topic.
same "seed: an English run in a question" "$(q "select count(*) from notes where flds like '<div lang=\"ru\">Что такое <code>GOMAXPROCS</code> и%выполнение <span lang=\"en\">goroutine</span>?</div>' || char(31) || '%'")" 1
same "seed: a section in English" "$(q "select count(*) from notes where flds like '%' || char(31) || '<span lang=\"ru\"><span lang=\"en\">Goroutines &amp; Concurrency</span></span>' || char(31) || '%'")" 9
same "seed: no English run in code" "$(q "select flds from notes" | perl -ne '$n += () = m{<code[^>]*>(?:(?!</code>).)*?<span lang}g; END { print $n + 0 }')" 0
node tests/apkg.mjs lang "$NPM" "$DB" ru en >"$T/check.log" 2>&1
node_checks "$T/check.log"
unpack "$ENA"
same "en: answers as HTML, code as pre/code" "$(q "select count(*) from notes where flds like '%<pre><code class=\"language-go\">%'")" 12
same "en: every field with words is in English (lang)" "$(lang_fields en)" "0 bad, some good"
node tests/apkg.mjs lang "$NPM" "$DB" en ru >"$T/check.log" 2>&1
node_checks "$T/check.log"
# Section::Topic, then the own tags; .concurrency is the section again
# but for case, which Anki ignores (and tag:Concurrency finds
# Concurrency::Goroutines), .goroutines a tag of its own.
same "en: explicit tags kept" "$(q "select tags from notes order by id limit 1")" " Concurrency::Goroutines goroutines runtime "
same "en: a Context for the follow-ups only" "$(q "select count(*) from notes where flds not like '%' || char(31)")" \
	"$("$QBIND" outline -q -f json "$EN" | jq '[.sections[].groups[] | select(.follows != null) | .questions[]] | length')"

# --- anki.subdecks: group restores Title::Section::Group, none puts
# every card in the top deck ---
mkdir "$T/sub"
for mode in group none; do
	expect 0 "subdecks=$mode" "$QBIND" build -q -D anki.subdecks=$mode -f apkg -o "$T/sub" "$SEED"
	unpack "$T/sub/go-interview-followups.apkg"
	q 'select decks from col' >"$T/sub.json"
	case $mode in
	group) same "subdecks=group: 1 title, 12 section, 24 group decks and Default" "$(jq length "$T/sub.json")" 38
		same "subdecks=group: Title::Section::Group" \
			"$(jq -r '[.[] | .name | split("::") | length] | max' "$T/sub.json")" 3 ;;
	none) same "subdecks=none: the top deck and Default" "$(jq -r '[.[] | .name] | sort | join(",")' "$T/sub.json" | unprint)" \
			"Default,Уточняющие вопросы к существующим темам" ;;
	esac
	same "subdecks=$mode: tags as in the default" "$(q "select tags from notes order by id limit 1")" " Goroutines_Concurrency::goroutine "
done
expect 2 subdecks-bad "$QBIND" build -D anki.subdecks=topic -f apkg -o "$T/sub" "$SEED"
grep -q "anki.subdecks" "$T/stderr" && ok || bad "subdecks-bad: message does not name anki.subdecks"

# --- the stylesheet: night-mode code blocks and contrast ---
node tests/apkg.mjs css "$NPM" styles/default/anki.css >"$T/css.log" 2>&1
node_checks "$T/css.log"
# The check fails on the rule order this fixed (.nightMode code after,
# and as specific as, pre code: a band behind every line of a block).
printf 'pre { background: #f6f6f8; }\ncode { background: #eee; }\n.nightMode pre { background: #26262a; }\npre code { background: none; }\n.nightMode code { background: #2c2c30; }\n' >"$T/old.css"
node tests/apkg.mjs css "$NPM" "$T/old.css" >"$T/css.log" 2>&1
grep -q "^FAIL css night: code in a block has no background of its own (.nightMode code #2c2c30)" "$T/css.log" && ok || bad "css: the old night rule order is not caught"

# --- anki.long: scroll (one note, the answer in a scroll box) or split
# (parts of at most anki.long-words words, cut between blocks) ---
mkdir "$T/long"
words() {
	# Each note's sort field and the words of its answer (tags and
	# spaces between them), as qbind counts them: "sfld<TAB>words".
	q -separator "$TAB" "select replace(sfld, char(9), ' '), replace(replace(flds, char(9), ' '), char(10), ' ') from notes" |
		awk -F "$TAB" '{ split($2, f, "\037"); a = f[2]; gsub(/<[^>]*>/, " ", a)
			n = 0; m = split(a, w, / +/); for (i = 1; i <= m; i++) n += w[i] != ""; print $1 "\t" n }'
}
unpack "$ENA"
words >"$T/long/scroll"
same "long=scroll (default): one note per question" "$(wc -l <"$T/long/scroll")" 24
same "long=scroll: three answers over 120 words" "$(awk -F "$TAB" '$2 > 120' "$T/long/scroll" | wc -l)" 3
same "long=scroll: the answer box scrolls on screens" \
	"$(q 'select models from col' | jq -r '.[].css' | sed -n '/^@media screen {/,/^}/p' | grep -c '^    max-height: 70vh;$\|^    overflow-y: auto;$')" 2
expect 0 long-split "$QBIND" build -q -D anki.long=split -f apkg -o "$T/long" "$EN"
unpack "$T/long/go-interview-sample-en.apkg"
words >"$T/long/split"
same "long=split: 27 notes, a second part for each of the three" "$(q 'select count(*), count(distinct guid) from notes')" "27|27"
same "long=split: parts named (1/2) and (2/2)" "$(grep -c ' ([12]/2)' "$T/long/split")" 6
# Whole blocks: as many of each block element open as closed in a part.
same "long=split: every part holds whole blocks" \
	"$(q -separator "$TAB" "select replace(replace(flds, char(9), ' '), char(10), ' ') from notes where sfld like '%/2)'" |
		awk '{ split($0, f, "\037"); n = split("p ul ol pre blockquote", e, " ")
			for (t = 1; t <= n; t++) if (gsub("<" e[t] "[ >]", "", f[2]) != gsub("</" e[t] ">", "", f[2])) bad++ }
			END { print bad + 0 }')" 0
same "long=split: no part but those of one block over 120 words" \
	"$(awk -F "$TAB" '$2 > 120' "$T/long/split" | wc -l)" 0
same "long=split: the short answers untouched" \
	"$(grep -v '/2)' "$T/long/split" | sort | md5sum)" "$(awk -F "$TAB" '$2 <= 120' "$T/long/scroll" | sort | md5sum)"
# Part 1 keeps the question's guid; part 2's is stable from build to
# build (named by the question's id and the part).
unpack "$ENA"
q "select guid from notes" | sort >"$T/long/g-scroll"
unpack "$T/long/go-interview-sample-en.apkg"
q "select guid from notes where sfld not like '%(2/2)'" | sort >"$T/long/g-split"
same "long=split: part 1 keeps the note's guid" "$(cmp -s "$T/long/g-scroll" "$T/long/g-split" && echo same)" same
q "select guid from notes order by guid" >"$T/long/g1"
"$QBIND" build -q -D anki.long=split -f apkg -o "$T/long" "$EN"
unpack "$T/long/go-interview-sample-en.apkg"
same "long=split: the same guids again" "$(q "select guid from notes order by guid" | md5sum)" "$(md5sum <"$T/long/g1")"
expect 0 long-split-50 "$QBIND" build -q -D anki.long=split -D anki.long-words=50 -f apkg -o "$T/long" "$EN"
unpack "$T/long/go-interview-sample-en.apkg"
same "long-words=50: more parts" "$(q "select count(*) > 27 from notes")" 1
node tests/apkg.mjs check "$NPM" "$DB" >"$T/check.log" 2>&1
node_checks "$T/check.log"
same "long-words=50: every part's fields in English (lang)" "$(lang_fields en)" "0 bad, some good"
node tests/apkg.mjs lang "$NPM" "$DB" en ru >"$T/check.log" 2>&1
node_checks "$T/check.log"
expect 2 long-bad "$QBIND" build -D anki.long=page -f apkg -o "$T/long" "$EN"
grep -q "anki.long" "$T/stderr" && ok || bad "long-bad: message does not name anki.long"

# --- hostile text shows as text ---
expect 0 hostile "$QBIND" build -f apkg -o "$T/out" tests/cases/ok-hostile.txt
unpack "$T/out/ok-hostile.apkg"
"$QBIND" outline -f json tests/cases/ok-hostile.txt | jq -r '.sections[].groups[].questions[].text' >"$T/hq"
node tests/apkg.mjs check "$NPM" "$DB" "$T/hq" >"$T/check.log" 2>&1
node_checks "$T/check.log"
same "hostile: no raw <script" "$(q "select count(*) from notes where flds like '%<script%' or flds like '%<img%'")" 0
same "hostile: {{Field}} kept as text" "$(q "select count(*) from notes where flds like '%{{Field}}%' and flds like '%{{c1::cloze}}%'")" 1
printf 'T\n\n# A::B "q" :::\n\n## G\n\nQ\001 with a control character?\n' >"$T/colons.txt"
expect 0 hostile-deck "$QBIND" build -q -D anki.subdecks=group -f apkg -o "$T/out" "$T/colons.txt"
unpack "$T/out/colons.apkg"
# (The quotes are printed ones: the deck is named as the heading prints.)
same "hostile: '::' in a title nests no deck" "$(q 'select decks from col' | jq -r '.[] | select(.name | endswith("::G")) | .name')" "T::A:B “q”::G"
same "hostile: control character" "$(q "select count(*) from notes where flds glob '*[$(printf '\001\002\003')]*'")" 0

# --- untitled levels: an untitled section or group adds no deck name
# component (no "::" at an end, no empty or blank component), its
# questions go into the deck above (Title::Section, or Title), and the
# Topic field and the tags leave the missing title out.  By section (the
# rank-0 headings: a titled section, or a titled group of an untitled
# one) and by group (every titled level) ---
mkdir "$T/u"
for mode in section group; do
for f in tests/cases/ok-untitled-k8s.md tests/cases/ok-untitled-mixed.md \
    tests/cases/ok-untitled-bare.txt tests/cases/ok-untitled-sections.txt \
    tests/cases/ok-untitled-levels.txt; do
	n=$(basename "$f")
	n=${n%.*}
	expect 0 "untitled $n" "$QBIND" build -q -D anki.subdecks=$mode -f apkg -o "$T/u" "$f"
	[ -s "$T/u/$n.apkg" ] || { bad "$n: no deck"; continue; }
	"$QBIND" outline -q -f json "$f" >"$T/u.json" 2>/dev/null
	nq=$(jq '[.sections[].groups[].questions[]] | length' "$T/u.json")
	# The deck each question belongs in, by its number.
	jq -r --arg mode $mode '.title as $t | .sections[] | .title as $s | .groups[] | .title as $g |
	    .questions[] | "\(.number)\t\(if $mode == "group" then [$t, $s, $g] else [$t, $s // $g] end |
	    map(select(. != null)) | join("::"))"' "$T/u.json" | sort >"$T/u-want"
	ndecks=$(cut -f2 "$T/u-want" | awk -F'::' '{ n = split($0, a, "::"); s = a[1]; print s; for (i = 2; i <= n; i++) { s = s "::" a[i]; print s } }' | sort -u | wc -l)
	node tests/apkg.mjs reader "$NPM" "$T/u/$n.apkg" "$nq" "$nq" $((ndecks + 1)) >"$T/reader.log" 2>&1
	node_checks "$T/reader.log"
	unpack "$T/u/$n.apkg"
	node tests/apkg.mjs check "$NPM" "$DB" >"$T/check.log" 2>&1
	node_checks "$T/check.log"
	q 'select decks from col' >"$T/u-decks.json"
	same "$n: no deck name with an empty component or '::' at an end" \
		"$(jq -r '[.[] | .name | select(test("(^|::)\\s*(::|$)") or test("^::"))] | join(",")' "$T/u-decks.json")" ""
	same "$n: no deck called 'blank' (an empty title)" \
		"$(jq -r '[.[] | .name | select(test("(^|::)blank(::|$)"))] | length' "$T/u-decks.json")" 0
	same "$n: notes and cards" "$(q 'select count(*), (select count(*) from cards) from notes')" "$nq|$nq"
	jq -r 'to_entries[] | "\(.key)\t\(.value.name)"' "$T/u-decks.json" >"$T/u-dids"
	q -separator "$TAB" "select c.did, replace(replace(n.flds, char(10), ' '), char(31), char(9)) from cards c join notes n on n.id = c.nid" |
		awk -F "$TAB" 'FNR == NR { name[$1] = $2; next } { print $4 "\t" name[$1] }' "$T/u-dids" - | sort >"$T/u-got"
	if cmp -s "$T/u-want" "$T/u-got"; then ok; else
		bad "$n ($mode): cards not in their section's (or the top) deck"
		diff "$T/u-want" "$T/u-got" | head -5 | sed 's/^/  | /'
	fi
	# Topic (field 5) is the group's title, empty for an untitled group.
	jq -r '.sections[].groups[] | (.label // .title // "") as $g | .questions[] | "\(.number)\t\($g)"' "$T/u.json" | sort >"$T/u-want"
	q -separator "$TAB" "select replace(replace(flds, char(10), ' '), char(31), char(9)) from notes" |
		sed 's/<span lang="[a-z-]*">\([^<]*\)<\/span>/\1/g' |
		awk -F "$TAB" '{ print $3 "\t" $5 }' | sort >"$T/u-got"
	if cmp -s "$T/u-want" "$T/u-got"; then ok; else
		bad "$n: Topic fields"
		diff "$T/u-want" "$T/u-got" | head -5 | sed 's/^/  | /'
	fi
	same "$n: tags have no empty tag" "$(q "select count(*) from notes where tags like '%  %' or tags = ' ' or (tags != '' and (tags not like ' %' or tags not like '% '))")" 0
done
done
# A plain list: every note in the top deck, no tags at all.
unpack "$T/u/ok-untitled-bare.apkg"
same "bare list: decks" "$(q 'select decks from col' | jq -r '[.[] | .name] | sort | join(",")')" "Default,ok-untitled-bare"
same "bare list: no tags" "$(q "select count(*) from notes where tags != ''")" 0
same "sections without groups: decks" \
	"$(unzip -p "$T/u/ok-untitled-sections.apkg" collection.anki2 >"$T/s.db"; sqlite3 "$T/s.db" 'select decks from col' | jq -r '[.[] | .name] | sort | join(",")')" \
	"Default,Go,Go::Basics,Go::Memory"
# Reverse cards still for the answered note under an untitled group.
expect 0 untitled-reverse "$QBIND" build -q -D anki.reverse=yes -f apkg -o "$T/u" tests/cases/ok-untitled-k8s.md
unpack "$T/u/ok-untitled-k8s.apkg"
same "untitled reverse: one more card for the one answer" "$(q 'select count(*), sum(ord) from cards')" "4|1"

# Anki splits tags at U+3000 as at a space: a section, topic or tag with
# one (or another Unicode space) must still make one tag each.
printf 'T\n\n# \343\200\200\344\270\246\350\241\214\343\200\200\345\207\246\347\220\206\n\nG\302\240x\342\200\203y:\n\nQ? {.a\343\200\200b}\n' >"$T/spaces.txt"
expect 0 unicode-spaces "$QBIND" build -q -f apkg -o "$T/out" "$T/spaces.txt"
unpack "$T/out/spaces.apkg"
same "tags: Unicode spaces become '_'" "$(q 'select tags from notes')" " $(printf '\344\270\246\350\241\214')_$(printf '\345\207\246\347\220\206')::G_x_y a_b "

# Anki trims every Unicode space from a deck name component: "G" and
# "G<U+00A0>" must be one deck here too, not two that Anki renames apart.
printf 'T\n\n# S\n\nG:\n\nQ1?\n\nG\302\240:\n\nQ2?\n\n# \302\240Sec\343\200\200\n\nH:\n\nQ3?\n' >"$T/nbsp.txt"
expect 0 nbsp-decks "$QBIND" build -q -D anki.subdecks=group -f apkg -o "$T/out" "$T/nbsp.txt"
unpack "$T/out/nbsp.apkg"
same "deck names trimmed of Unicode spaces" \
	"$(q 'select decks from col' | jq -r '[.[] | .name] | sort | join(",")')" "Default,T,T::S,T::S::G,T::Sec,T::Sec::H"
same "G and G<U+00A0>: one deck" "$(q 'select count(distinct did) from cards')" 2

# Anki shows fields through an HTML parser: an empty element written as
# "<a .../>" or "<h4/>" would open a link or heading over the rest of the
# card.  Only the void <br/> and <hr/> may end in "/>".
printf 'T\n\n# S\n\n## G\n\nEmpty link?\n:::\nSee [](https://go.dev) here.\n\n#\n\n```go\n```\n:::\n' >"$T/empty.txt"
expect 0 empty-elements "$QBIND" build -q -f apkg -o "$T/out" "$T/empty.txt"
unpack "$T/out/empty.apkg"
same "empty elements keep their end tags" \
	"$(q "select count(*) from notes where replace(replace(flds, '<br/>', ''), '<hr/>', '') like '%/>%'")" 0
same "empty link closed at once" "$(q "select count(*) from notes where flds like '%<a href=\"https://go.dev\"></a> here.%'")" 1

# --- options ---
mkdir "$T/rev" "$T/noans" "$T/bad" "$T/deck"
expect 0 reverse "$QBIND" build -D anki.reverse=yes -f apkg -o "$T/rev" "$EN"
unpack "$T/rev/go-interview-sample-en.apkg"
same "reverse: a second card for every answered note" "$(q 'select count(*), sum(ord) from cards')" "44|20"
same "reverse: reverse cards have answers" \
	"$(q "select count(*) from cards c join notes n on n.id = c.nid where c.ord = 1 and n.flds like '%' || char(31) || char(31) || '%'")" 0
expect 0 no-answers "$QBIND" build -D anki.answers=no -f apkg -o "$T/noans" "$EN"
unpack "$T/noans/go-interview-sample-en.apkg"
same "answers=no: no answer field filled" "$(q "select count(*) from notes where flds not like '%' || char(31) || char(31) || '%'")" 0
same "answers=no: every field with words in English (lang)" "$(lang_fields en)" "0 bad, some good"
expect 2 bad-option "$QBIND" build -D anki.reverse=maybe -f apkg -o "$T/bad" "$EN"
grep -q "anki.reverse" "$T/stderr" && ok || bad "bad-option: message does not name anki.reverse"
expect 0 deck-name "$QBIND" build -D anki.deck=Go::Interviews -f apkg -o "$T/deck" "$EN"
unzip -p "$T/deck/go-interview-sample-en.apkg" collection.anki2 >"$T/d.db"
same "anki.deck names the top deck" \
	"$(sqlite3 "$T/d.db" 'select decks from col' | jq -r '[.[] | .name | split("::")[0]] | unique | join(",")')" "Default,Go"
same "anki.deck may nest" \
	"$(sqlite3 "$T/d.db" 'select decks from col' | jq -r '[.[] | select(.name | test("^Go(::Interviews)?$")) | .name] | sort | join(",")')" "Go,Go::Interviews"

# A top deck named like deck 1 would be a second "Default" (Anki compares
# names ignoring case): it becomes "Default_", Anki's own cure for a clash.
printf 'default\n\n# S\n\nG:\n\nQ?\n' >"$T/deck/default.txt"
expect 0 default-title "$QBIND" build -D anki.subdecks=group -f apkg -o "$T/deck" "$T/deck/default.txt"
unzip -p "$T/deck/default.apkg" collection.anki2 >"$T/d.db"
same "title 'default': not a second Default deck" \
	"$(sqlite3 "$T/d.db" 'select decks from col' | jq -r '[.[] | .name] | sort | join(",")')" "Default,default_,default_::S,default_::S::G"
expect 0 default-deck "$QBIND" build -D anki.deck=DEFAULT::Go -f apkg -o "$T/deck" "$T/deck/default.txt"
unzip -p "$T/deck/default.apkg" collection.anki2 >"$T/d.db"
same "anki.deck=DEFAULT::Go: not under the Default deck" \
	"$(sqlite3 "$T/d.db" 'select decks from col' | jq -r '[.[] | .name | split("::")[0]] | unique | join(",")')" "DEFAULT_,Default"

# --- same input, same bytes ---
mkdir "$T/again"
"$QBIND" build -f apkg -o "$T/again" "$EN" 2>/dev/null
cmp -s "$ENA" "$T/again/go-interview-sample-en.apkg" && ok || bad "not reproducible with SOURCE_DATE_EPOCH"
cp "$ENA" "$T/en-first.apkg"
"$QBIND" build -f apkg -o "$T/out" "$EN" 2>/dev/null
cmp -s "$ENA" "$T/en-first.apkg" && ok || bad "a rebuild over the previous deck changed it"
expect 3 bad-epoch env SOURCE_DATE_EPOCH=yesterday "$QBIND" build -f apkg -o "$T/bad" "$EN"
has "$T/stderr" "SOURCE_DATE_EPOCH='yesterday': expected the seconds since 1970-01-01 (at most year 9999)" bad-epoch
[ -z "$(ls -A "$T/bad")" ] && ok || bad "failed builds left files: $(ls -A "$T/bad")"

# --- re-import identity: an edited answer, two questions swapped ---
mkdir "$T/r"
cat >"$T/r/deck.txt" <<'EOF'
---
title: Identity
id: identity-test
---
# Section

## Group

First question?
:::
First answer.
:::

Second question?
:::
Second answer.
:::

Third question?

Fourth question?
EOF
sed -e 's/First answer\./First answer, now edited./' "$T/r/deck.txt" |
	awk '/^Third question/ { t = $0; next } /^Fourth question/ { print; print ""; print t; next } { print }' >"$T/r/deck2.txt"
grep -q "Fourth question?" "$T/r/deck2.txt" && [ "$(grep -n 'question?' "$T/r/deck2.txt" | tail -1 | cut -d: -f2)" = "Third question?" ] \
	&& ok || bad "identity: the edited corpus is not what the test meant"
notes() {
	unzip -p "$1" collection.anki2 >"$T/n.db"
	sqlite3 -separator "$TAB" "$T/n.db" "select guid, mod, substr(flds, 1, instr(flds, char(31)) - 1) from notes order by guid" |
		sed 's/<div lang="en">\(.*\)<\/div>$/\1/'
}
SOURCE_DATE_EPOCH=1700000000 "$QBIND" build -f apkg -o "$T/r" "$T/r/deck.txt" 2>/dev/null
notes "$T/r/deck.apkg" >"$T/r/before"
cp "$T/r/deck2.txt" "$T/r/deck.txt"
expect 0 identity-rebuild env SOURCE_DATE_EPOCH=1700000500 "$QBIND" build -f apkg -o "$T/r" "$T/r/deck.txt"
if grep -q "none of its" "$T/stderr"; then bad "identity: a no-match warning on a plain rebuild"; else ok; fi
notes "$T/r/deck.apkg" >"$T/r/after"
same "identity: four notes" "$(wc -l <"$T/r/after")" 4
same "identity: same guids" "$(cut -f1 "$T/r/after" | tr '\n' ' ')" "$(cut -f1 "$T/r/before" | tr '\n' ' ')"
same "identity: a newer mod for the edited note only" \
	"$(join -t "$TAB" "$T/r/before" "$T/r/after" | awk -F "$TAB" '$4 > $2 { print $3 } $4 < $2 { print "OLDER " $3 }')" "First question?"
same "identity: the edited note's mod is now" "$(awk -F "$TAB" '$3 == "First question?" { print $2 }' "$T/r/after")" 1700000500
# The same SOURCE_DATE_EPOCH again: the edit still makes the note newer.
sed -i 's/now edited/edited twice/' "$T/r/deck.txt"
SOURCE_DATE_EPOCH=1700000500 "$QBIND" build -f apkg -o "$T/r" "$T/r/deck.txt" 2>/dev/null
notes "$T/r/deck.apkg" >"$T/r/third"
same "identity: same clock, still newer" "$(awk -F "$TAB" '$3 == "First question?" { print $2 }' "$T/r/third")" 1700000501
# The note type keeps its mod while its templates stay the same.
same "identity: note type mod kept" \
	"$(unzip -p "$T/r/deck.apkg" collection.anki2 >"$T/n.db"; sqlite3 "$T/n.db" 'select models from col' | jq '.[].mod')" 1700000000
cp -R styles/default "$T/style2"
echo '.card { color: red; }' >>"$T/style2/anki.css"
SOURCE_DATE_EPOCH=1700000600 "$QBIND" build -s "$T/style2" -f apkg -o "$T/r" "$T/r/deck.txt" 2>/dev/null
same "identity: new CSS, newer note type" \
	"$(unzip -p "$T/r/deck.apkg" collection.anki2 >"$T/n.db"; sqlite3 "$T/n.db" 'select models from col' | jq '.[].mod')" 1700000600
# A previous deck of the note type before the Context field (7 fields,
# as qbind wrote it until issue 13): the same guids and note type id, a
# newer mod for every note (the Context is new content), and a warning
# that Anki needs 'Merge note types' to update them; once only.
mkdir "$T/v"
unzip -q -d "$T/v" "$T/r/deck.apkg"
sqlite3 "$T/v/collection.anki2" "update col set models = json_remove(models, '\$.' || (select key from json_each(models)) || '.flds[7]');
	update notes set flds = substr(flds, 1, length(flds) - length(replace(flds, rtrim(flds, replace(flds, char(31), '')), '')) - 1)"
same "identity: the old deck made has 7 fields" "$(sqlite3 "$T/v/collection.anki2" 'select models from col' | jq '.[].flds | length')" 7
(cd "$T/v" && zip -q -X old.apkg collection.anki2 media)
cp "$T/v/old.apkg" "$T/r/deck.apkg"
notes "$T/r/deck.apkg" >"$T/r/old"
expect 0 new-schema env SOURCE_DATE_EPOCH=1700000700 "$QBIND" build -f apkg -o "$T/r" "$T/r/deck.txt"
has "$T/stderr" "previous deck '$T/r/deck.apkg': the note type's fields or card types changed (now Question, Answer, Number, Section, Topic, Source, Reverse, Context | Question, Reverse); Anki updates the notes already imported only when the deck is imported with 'Merge note types' ticked" new-schema
notes "$T/r/deck.apkg" >"$T/r/new"
same "new schema: same guids" "$(cut -f1 "$T/r/new" | tr '\n' ' ')" "$(cut -f1 "$T/r/old" | tr '\n' ' ')"
same "new schema: every note newer" "$(join -t "$TAB" "$T/r/old" "$T/r/new" | awk -F "$TAB" '$4 <= $2' | wc -l)" 0
expect 0 new-schema-again env SOURCE_DATE_EPOCH=1700000800 "$QBIND" build -f apkg -o "$T/r" "$T/r/deck.txt"
if grep -q "fields or card types changed" "$T/stderr"; then bad "new schema: warned again"; else ok; fi
# A previous deck with none of the new deck's notes: the corpus id (here
# from the title, no id: given) changed, and every guid with it.
mkdir "$T/t"
printf 'Old title\n\nG:\n\nQ?\n' >"$T/t/t.txt"
expect 0 title-first "$QBIND" build -f apkg -o "$T/t" "$T/t/t.txt"
printf 'New title\n\nG:\n\nQ?\n' >"$T/t/t.txt"
expect 0 title-renamed "$QBIND" build -f apkg -o "$T/t" "$T/t/t.txt"
has "$T/stderr" "previous deck '$T/t/t.apkg': none of its 1 notes is in this one, so Anki will add every question as a new note; the corpus id comes from the title" title-renamed
# A previous deck that is not one is only a warning.
echo "not a zip" >"$T/r/deck.apkg"
expect 0 bad-previous "$QBIND" build -f apkg -o "$T/r" "$T/r/deck.txt"
grep -q "previous deck .*not a zip file" "$T/stderr" && ok || bad "bad-previous: no warning"

# --- no partial deck on errors ---
mkdir "$T/ro"
if mount -t tmpfs -o size=1m,ro tmpfs "$T/ro" 2>/dev/null; then
	expect 3 read-only "$QBIND" build -f apkg -o "$T/ro" "$EN"
	[ -z "$(ls -A "$T/ro")" ] && ok || bad "read-only: left $(ls -A "$T/ro")"
	umount "$T/ro"
else
	echo "skip read-only: cannot mount a tmpfs here"
fi
mkdir "$T/small"
if mount -t tmpfs -o size=8k tmpfs "$T/small" 2>/dev/null; then
	expect 3 disk-full "$QBIND" build -f apkg -o "$T/small" "$EN"
	grep -q "No space left on device" "$T/stderr" && ok || bad "disk-full: no ENOSPC message"
	[ -z "$(ls -A "$T/small")" ] && ok || bad "disk-full: left $(ls -A "$T/small")"
	umount "$T/small"
else
	echo "skip disk-full: cannot mount a tmpfs here"
fi

summary check-apkg
