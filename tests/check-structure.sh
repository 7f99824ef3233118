#!/bin/sh
# check-structure.sh: what the display pass decides, seen in every format
# of the seed (Russian, questions only) and the English sample.
# - One rank per heading: the PDF's bookmarks (but the questions' own,
#   one per question, numbered 1..N as in the EPUB), the EPUB's nav, ncx
#   and page headings (h1/h2) list the same headings at the same levels, and
#   every deck of the Anki package is one of them at its level (a deck per
#   top-level heading at least).
# - Follow-up groups: headed by their topic, «к вопросу N» / "on question
#   N" under it, linked (PDF annotation, EPUB href) to the question when
#   the document has it; questions numbered 1..N in reading order.
# - Typography by language: «…» in Russian, “…” in English, ’ and …, a
#   no-break space after «к»; code (answers' code, code spans) untouched.
# - Code in questions: mono font in the PDF, <code> in the EPUB and the
#   deck's Question field, never a backtick.
#
# usage: QBIND=out/qbind sh tests/check-structure.sh
set -u
QBIND=${QBIND:-out/qbind}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1764316800
export LC_ALL=C.UTF-8 # sort, awk and grep read UTF-8 alike
. tests/lib.sh

SEED=corpus/go-interview-followups.txt
EN=corpus/go-interview-sample-en.txt
NBSP=$(printf '\302\240')

# Headings of the EPUB, "level TAB title" per line: nav (li depth), ncx
# (navPoint depth) and the pages' h1/h2 (without the section number).
cat >"$T/levels.xsl" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:h="http://www.w3.org/1999/xhtml" xmlns:n="http://www.daisy.org/z3986/2005/ncx/">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:param name="what"/>
<xsl:template match="/">
	<xsl:if test="$what = 'nav'">
		<xsl:for-each select="//h:nav[@*[local-name() = 'type'] = 'toc']//h:a">
			<xsl:value-of select="count(ancestor::h:li) - 1"/>
			<xsl:text>&#9;</xsl:text><xsl:value-of select="."/><xsl:text>&#10;</xsl:text>
		</xsl:for-each>
	</xsl:if>
	<xsl:if test="$what = 'ncx'">
		<xsl:for-each select="//n:navPoint">
			<xsl:value-of select="count(ancestor::n:navPoint)"/>
			<xsl:text>&#9;</xsl:text><xsl:value-of select="n:navLabel/n:text"/><xsl:text>&#10;</xsl:text>
		</xsl:for-each>
	</xsl:if>
	<xsl:if test="$what = 'pages'">
		<xsl:for-each select="//h:h1 | //h:h2">
			<xsl:value-of select="number(local-name() = 'h2')"/>
			<xsl:text>&#9;</xsl:text>
			<xsl:variable name="t">
				<xsl:for-each select="node()[not(self::h:span[@class = 'num'])]">
					<xsl:value-of select="."/>
				</xsl:for-each>
			</xsl:variable>
			<xsl:value-of select="normalize-space($t)"/><xsl:text>&#10;</xsl:text>
		</xsl:for-each>
	</xsl:if>
</xsl:template>
</xsl:stylesheet>
EOF

# unlang: a text's <span lang> (and xml:lang) with text only inside
# replaced by the text
unlang() {
	perl -pe 's{<span lang="([a-z]+)"(?: xml:lang="\1")?>([^<]*)</span>}{$2}g'
}
# same WANT GOT NAME: two files equal
same() {
	if cmp -s "$1" "$2"; then ok; else bad "$3"; diff "$1" "$2" | head -8 | sed 's/^/  | /'; fi
}
# mono PDF: the characters the PDF sets in a mono face, run together
mono() {
	mutool draw -q -F stext -o - "$1" 2>/dev/null | awk '
	    /<font / { f = ($0 ~ /Mono/) }
	    /<char / && f { match($0, /c="[^"]*"/); printf "%s", substr($0, RSTART + 3, RLENGTH - 4) }' |
	    tr -d ' '
}
# hasnt FILE TEXT NAME: FILE does not contain TEXT
hasnt() {
	if grep -qF -- "$2" "$1"; then bad "$3: '$2' in output"; else ok; fi
}

for c in seed en; do
	[ $c = seed ] && f=$SEED || f=$EN
	expect 0 "build $c" "$QBIND" build -q -o "$T/$c" "$f"
	b=$T/$c/$(basename "$f" .txt)
	mkdir -p "$T/$c/e" "$T/$c/a"
	unzip -q -d "$T/$c/e" "$b.epub"
	unzip -q -d "$T/$c/a" "$b.apkg"
	pdftotext -enc UTF-8 "$b.pdf" "$T/$c/pdf.txt"
	# The text as it reads: without the spans that say a run's language
	# (util/script.h; check-epub.sh and check-apkg.sh test them).
	cat "$T/$c"/e/OEBPS/section-*.xhtml | unlang >"$T/$c/pages.xhtml"
	sqlite3 "$T/$c/a/collection.anki2" 'select flds from notes' | unlang >"$T/$c/notes.txt"
	sqlite3 "$T/$c/a/collection.anki2" 'select decks from col' |
	    jq -r '.[] | select(.id != 1) | .name' | sort >"$T/$c/decks"

	# --- one rank per heading ---
	# The headings' bookmarks; a question's (titled with the next
	# question's number and its text, a level below its heading's) go
	# apart, to pdf.qn as their numbers.
	mutool show "$b.pdf" outline 2>/dev/null | awk -F'"' -v qn="$T/$c/pdf.qn" '{
	    n = split($1, t, "\t")
	    if (index($2, (k + 1) " ") == 1) { print ++k >qn; next }
	    printf "%d\t%s\n", n - 2, $2 }' >"$T/$c/pdf.lv"
	[ -s "$T/$c/pdf.lv" ] && ok || bad "$c: no PDF bookmarks"
	# (The EPUB's contents number the sections, "1. Concurrency".)
	xsltproc --stringparam what nav "$T/levels.xsl" "$T/$c/e/OEBPS/nav.xhtml" |
	    sed 's/^\([01]\t\)[0-9]*\. /\1/' >"$T/$c/nav.lv"
	same "$T/$c/pdf.lv" "$T/$c/nav.lv" "$c: PDF bookmarks and EPUB nav differ in headings or levels"
	xsltproc --stringparam what ncx "$T/levels.xsl" "$T/$c/e/OEBPS/toc.ncx" |
	    sed 's/^\([01]\t\)[0-9]*\. /\1/' >"$T/$c/ncx.lv"
	same "$T/$c/pdf.lv" "$T/$c/ncx.lv" "$c: PDF bookmarks and EPUB ncx differ"
	for p in "$T/$c"/e/OEBPS/section-*.xhtml; do
		xsltproc --stringparam what pages "$T/levels.xsl" "$p"
	done >"$T/$c/h.lv"
	same "$T/$c/pdf.lv" "$T/$c/h.lv" "$c: PDF bookmarks and EPUB h1/h2 differ"
	# Deck paths below the title deck: each is a heading path, and each
	# top-level heading has its deck.
	awk -F'\t' '$1 == 0 { top = $2; print top } $1 == 1 { print top "::" $2 }' \
	    "$T/$c/pdf.lv" | sort >"$T/$c/paths"
	root=$(head -1 "$T/$c/decks")
	awk -v r="$root::" 'index($0, r) == 1 { print substr($0, length(r) + 1) }' \
	    "$T/$c/decks" | sort >"$T/$c/deckpaths"
	extra=$(comm -23 "$T/$c/deckpaths" "$T/$c/paths")
	[ -z "$extra" ] && ok || bad "$c: decks that are no heading at their level: $extra"
	missing=$(awk -F'\t' '$1 == 0 { print $2 }' "$T/$c/pdf.lv" | sort | comm -23 - "$T/$c/deckpaths")
	[ -z "$missing" ] && ok || bad "$c: top-level headings without a deck: $missing"

	# --- numbers in reading order, no backtick in a question ---
	seq 1 "$(grep -c '<div class="question' "$T/$c/pages.xhtml")" >"$T/$c/n.want"
	sed -n 's/.*<span class="num">\([0-9]*\)<\/span>.*/\1/p' "$T/$c/pages.xhtml" >"$T/$c/n.got"
	same "$T/$c/n.want" "$T/$c/n.got" "$c: EPUB question numbers not 1..N in reading order"
	same "$T/$c/n.want" "$T/$c/pdf.qn" "$c: PDF question bookmarks not one per question, 1..N"
	if grep '<span class="qt">' "$T/$c/pages.xhtml" | grep -q '`'; then bad "$c: a backtick in an EPUB question"; else ok; fi
	if cut -d"$(printf '\037')" -f1 "$T/$c/notes.txt" | grep -q '`'; then bad "$c: a backtick in a deck's Question"; else ok; fi
done

# --- follow-ups ---
has "$T/seed/pdf.txt" "goroutine
к${NBSP}вопросу 1" "seed PDF: topic heading, reference under it"
has "$T/seed/pages.xhtml" "<h2>goroutine</h2>
<p class=\"subheading\">к${NBSP}вопросу 1</p>" "seed EPUB: topic heading, unlinked reference (question 1 is not in the book)"
has "$T/en/pages.xhtml" '<h2>context</h2>
<p class="subheading"><a href="#context-usage">on question 10</a></p>' "en EPUB: a reference linked to its question, by its number"
has "$T/en/pages.xhtml" '<span class="num">10</span> <span class="qt">How should a <code>context.Context</code> be passed' "en EPUB: the parent is question 10"
has "$T/en/pdf.txt" "context
on question 10
12 What happens to derived contexts" "en PDF: the reference under the topic"
P=$T/en/go-interview-sample-en.pdf
# "FROM TO" per link: the page it is on and the page it opens.
qpdf --json "$P" 2>/dev/null | jq -r '.qpdf[1] as $o | [.pages[].object] as $pg |
    .pages | to_entries[] | .key as $i |
    ($o["obj:" + .value.object].value["/Annots"] // [])[] |
    (if type == "string" then $o["obj:" + .].value else . end) |
    select(."/Subtype" == "/Link") | (."/Dest" // ."/A"."/D") |
    (if type == "string" then $o["obj:" + .].value else . end) | .[0] as $t |
    "\($i + 1) \(($pg | map(. == $t) | index(true)) + 1)"' >"$T/en/links"
# Each reference opens the page of its question.
npages=$(pdfinfo "$P" | awk '/^Pages:/ { print $2 }')
page_with() {
	for p in $(seq 1 "$npages"); do
		pdftotext -enc UTF-8 -f "$p" -l "$p" "$P" - 2>/dev/null | grep -q -- "$1" && { echo "$p"; return; }
	done
}
for ref in '3:What happens when you send to or receive' \
    '10:How should a context.Context be passed' '14:Why does appending to one slice'; do
	to=$(page_with "${ref#*:}")
	from=$(page_with "^on question ${ref%%:*}\$")
	grep -q -x "$from $to" "$T/en/links" && ok ||
	    bad "en PDF: no link from page $from (on question ${ref%%:*}) to page $to: $(tr '\n' ' ' <"$T/en/links")"
done

# --- typography by language, code untouched ---
for w in pdf.txt pages.xhtml notes.txt; do
	has "$T/seed/$w" "«work-stealing»" "seed $w: Russian quotes"
	hasnt "$T/seed/$w" '"work-stealing"' "seed $w: straight quotes"
	has "$T/seed/$w" "mock’ать" "seed $w: apostrophe"
	has "$T/en/$w" "“Accept interfaces, return …”" "en $w: English quotes and ellipsis"
	has "$T/en/$w" "returns the parent’s" "en $w: apostrophe in an answer"
done
has "$T/seed/e/OEBPS/title.xhtml" "вопросы к${NBSP}существующим" "seed EPUB title page: «к» tied to its word"
# (pdftotext reads a no-break space as a space: the title's line breaks
# show it, «к» on the line of its word.)
has "$T/seed/pdf.txt" "Уточняющие вопросы
к существующим темам" "seed PDF title: «к» tied to its word"
# Code as written: an answer's code span and code block keep straight quotes.
has "$T/en/pdf.txt" 'fmt.Errorf("...: %w", err)' "en PDF: quotes in code untouched"
has "$T/en/pages.xhtml" '<code>fmt.Errorf(&quot;...: %w&quot;, err)</code>' "en EPUB: quotes in code untouched"
has "$T/en/pages.xhtml" 'fmt.Println(&quot;hello from a goroutine&quot;)' "en EPUB: quotes in a code block untouched"
has "$T/en/notes.txt" '<code>fmt.Errorf(&quot;...: %w&quot;, err)</code>' "en deck: quotes in code untouched"

# --- code in questions ---
mono "$T/seed/go-interview-followups.pdf" >"$T/seed/mono"
for tok in GOMAXPROCS sync.Pool interface{} context.WithValue -race; do
	has "$T/seed/mono" "$tok" "seed PDF: $tok in the mono face"
	has "$T/seed/pages.xhtml" "<code>$tok</code>" "seed EPUB: $tok as code"
	has "$T/seed/notes.txt" "<code>$tok</code>" "seed deck: $tok as code"
done
hasnt "$T/seed/mono" "goroutine" "seed PDF: an ordinary word in the mono face"
mono "$P" >"$T/en/mono"
for tok in 'errors.Is' '*MyError' 'map[string]struct{}' 'gotest-race' 'for...range'; do
	has "$T/en/mono" "$tok" "en PDF: $tok in the mono face"
done
has "$T/en/pages.xhtml" '<code>for ... range</code>' "en EPUB: a backtick span as code"
has "$T/en/notes.txt" 'How does a <code>for ... range</code> loop' "en deck: a backtick span as code"

summary check-structure
