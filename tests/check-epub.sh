#!/bin/sh
# check-epub.sh: the EPUB backend end to end.  Books of the corpora and of
# the odd and hostile cases, in both study modes: the zip layout (mimetype
# first and stored), every question's number, id and text in the pages in
# reading order, answers and self-test notes with working links, the same
# bytes from two runs, styles and settings, and no partial book after an
# unwritable folder or a full disk.  epubcheck (Java, seconds) runs only in
# the normal pass, not under ASan (QBIND_ASAN set).
#
# usage: QBIND=out/qbind [QBIND_ASAN=1] sh tests/check-epub.sh
set -u
QBIND=${QBIND:-out/qbind}
ASAN=${QBIND_ASAN:-}
JAR=/usr/share/java/epubcheck.jar
XSL=tests/epub-text.xsl
T=$(mktemp -d)
trap 'umount "$T/full" 2>/dev/null; umount "$T/ro" 2>/dev/null; rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1764316800
. tests/lib.sh

# same A B NAME: the files are equal
same() {
	if cmp -s "$1" "$2"; then ok; else bad "$3"; diff "$1" "$2" | head -10; fi
}
# bytes FILE OFFSET COUNT: those bytes in hex, "50 4b"
bytes() {
	od -A n -t x1 -j "$2" -N "$3" "$1" | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'
}
# unpack EPUB: the book's files into $T/x; unzip's status
unpack() {
	rm -rf "$T/x"
	mkdir "$T/x"
	unzip -q -d "$T/x" "$1"
}

. tests/epub-books.sh

# layout EPUB: mimetype first, stored, no extra field; the fixed entries;
# every entry intact and every XML document well-formed.
layout() {
	b=$1
	[ "$(bytes "$b" 0 4)" = "50 4b 03 04" ] && ok || bad "$b: no zip local header first"
	[ "$(bytes "$b" 8 2)" = "00 00" ] && ok || bad "$b: mimetype compressed"
	[ "$(bytes "$b" 26 4)" = "08 00 00 00" ] && ok || bad "$b: mimetype name length or extra field: $(bytes "$b" 26 4)"
	[ "$(dd if="$b" bs=1 skip=30 count=28 2>/dev/null)" = "mimetypeapplication/epub+zip" ] \
		&& ok || bad "$b: mimetype is not the first entry with 'application/epub+zip'"
	zipinfo -1 "$b" >"$T/names" 2>&1
	head -9 "$T/names" >"$T/names.head"
	printf '%s\n' mimetype OEBPS/style.css META-INF/container.xml OEBPS/package.opf \
		OEBPS/nav.xhtml OEBPS/toc.ncx OEBPS/title.xhtml OEBPS/cover.xhtml \
		OEBPS/cover.svg >"$T/names.want"
	same "$T/names.want" "$T/names.head" "$b: fixed entries"
	if grep -v -e '^OEBPS/section-[0-9][0-9]*\.xhtml$' "$T/names" | grep -vxF -f "$T/names.want" >/dev/null; then
		bad "$b: unexpected entries: $(grep -v '^OEBPS/section-' "$T/names" | grep -vxF -f "$T/names.want")"
	else
		ok
	fi
	unzip -tq "$b" >/dev/null 2>&1 && ok || bad "$b: unzip -t"
	# The ncx's dtb:depth is the nesting its navMap really has.
	unzip -p "$b" OEBPS/toc.ncx >"$T/depth.ncx"
	nested=$(xmllint --xpath 'count(//*[local-name()="navPoint"]/*[local-name()="navPoint"])' "$T/depth.ncx")
	depth=$(xmllint --xpath 'string(//*[local-name()="meta"][@name="dtb:depth"]/@content)' "$T/depth.ncx")
	[ "$depth" = "$([ "$nested" -gt 0 ] && echo 2 || echo 1)" ] && ok || bad "$b: dtb:depth $depth, but $nested nested navPoints"
	unpack "$b" || bad "$b: unzip"
	for x in "$T"/x/META-INF/container.xml "$T"/x/OEBPS/*.opf "$T"/x/OEBPS/*.ncx "$T"/x/OEBPS/*.xhtml "$T"/x/OEBPS/*.svg; do
		xmllint --noout "$x" 2>"$T/xmllint" && ok || { bad "$b: $(basename "$x") is not well-formed"; head -3 "$T/xmllint"; }
	done
}

# text EPUB CORPUS MODE: the book (unzipped in $T/x by layout) has every
# question of the corpus, with its number, id and text, in reading order;
# answers are where MODE puts them and every link finds its target.
text() {
	b=$1
	"$QBIND" outline -q -f json "$2" >"$T/outline.json"
	# As printed (quotes, code without backticks) folded back: unprint.
	jq -r '.sections[].groups[].questions[] | "\(.number)\t\(.id)\t\(.text)"' "$T/outline.json" | unprint >"$T/want"
	na=$(jq '[.sections[].groups[].questions[] | select(.answer != null)] | length' "$T/outline.json")
	xsltproc "$XSL" "$T/x/OEBPS/package.opf" >"$T/spine"
	[ "$(head -3 "$T/spine" | tr '\n' ' ')" = "cover.xhtml title.xhtml nav.xhtml " ] && ok || bad "$b: spine does not start with the cover, the title page and contents"
	: >"$T/pages"
	while read -r page; do
		xsltproc "$XSL" "$T/x/OEBPS/$page" >>"$T/pages" || bad "$b: xsltproc $page"
	done <"$T/spine"
	sed -n 's/^Q //p' "$T/pages" | unprint >"$T/got"
	[ -s "$T/want" ] || bad "$b: no questions in the outline"
	same "$T/want" "$T/got" "$b: questions (number, id, text) not the outline's, in order"
	grep '^BROKEN' "$T/pages" && bad "$b: broken links" || ok
	ni=$(grep -c '^INLINE ' "$T/pages")
	nn=$(grep -c '^NOTEREF ' "$T/pages")
	nf=$(grep -c '^FOOTNOTE ' "$T/pages")
	if [ "$3" = inline ]; then
		[ "$ni $nn $nf" = "$na 0 0" ] && ok || bad "$b: $ni inline answers, $nn noterefs, $nf notes; expected $na 0 0"
	else
		[ "$ni $nn $nf" = "0 $na $na" ] && ok || bad "$b: $ni inline answers, $nn noterefs, $nf notes; expected 0 $na $na"
	fi
	# Answers point back at the question that links to them.
	sed -n 's/^NOTEREF //p' "$T/pages" >"$T/refs"
	sed -n 's/^FOOTNOTE //p' "$T/pages" >"$T/notes"
	same "$T/refs" "$T/notes" "$b: notes and their back links differ from the noterefs"
}

for mode in inline selftest; do
	mkdir "$T/$mode"
	for f in $BOOKS; do
		expect 0 "build $mode $f" "$QBIND" build -q -f epub -D epub.mode=$mode -o "$T/$mode" "$f"
		b=$(basename "$f")
		b=$T/$mode/${b%.*}.epub
		[ -s "$b" ] || { bad "$mode $f: no book"; continue; }
		layout "$b"
		text "$b" "$f" "$mode"
	done
	ls -A "$T/$mode" | grep '^\.' && bad "$mode: temporary files left" || ok
done

# Untitled groups beside a titled section without groups: one level.
printf 'T\n\nG:\n\nQ?\n\n# Empty\n' >"$T/flat.txt"
expect 0 flat-toc "$QBIND" build -q -f epub -o "$T" "$T/flat.txt"
layout "$T/flat.epub"

# --- language of parts (util/script.h): runs of the other script than
# the book's in <span lang xml:lang>, the same two on each; none in code,
# none where the whole text is in the book's language ---
# langspans DIR: one line per span in the pages, "LANG<tab>TEXT" (a span
# holds text only); in $T/lang.bad the spans whose two attributes differ
# and those inside code.
langspans() {
	perl -CSD -0777 -ne '
		while (m{<span lang="([^"]*)"( xml:lang="([^"]*)")?>([^<]*)</span>}g) {
			print "$1\t$4\n";
			print STDERR "pair $1/", $3 // "none", ": $4\n" if !defined $3 || $3 ne $1;
		}
		print STDERR "in code: $1\n" while m{<code[^>]*>((?:(?!</code>).)*?<span lang[^>]*>[^<]*)}gs;
	' "$1"/OEBPS/*.xhtml 2>"$T/lang.bad"
}
cat >"$T/mixed.txt" <<'EOF'
---
title: Mixed scripts «Смесь»
lang: en
---
# Words
## Russian terms:
What does «горутина» mean, and is `горутина` code?
:::
A *горутина* is a goroutine; `канал` is code, <https://go.dev/> a link.
:::
Is «канал» a channel?
EOF
expect 0 "build mixed" "$QBIND" build -q -f epub -o "$T" "$T/mixed.txt"
for c in seed en mixed; do
	case $c in
	seed) b=$T/inline/go-interview-followups.epub ;;
	en) b=$T/inline/go-interview-sample-en.epub ;;
	mixed) b=$T/mixed.epub ;;
	esac
	unpack "$b" || bad "$c: unzip"
	langspans "$T/x" >"$T/lang.$c"
	if [ -s "$T/lang.bad" ]; then bad "$c: lang spans wrong"; head -3 "$T/lang.bad"; else ok; fi
done
# same_n NAME GOT WANT
same_n() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', expected '$3'"; fi; }
CYR=$(printf '[\320\321]')
grep -qx 'en	goroutine' "$T/lang.seed" && ok || bad "seed: «goroutine» not in a <span lang=\"en\">"
grep -qx 'en	Goroutines &amp; Concurrency' "$T/lang.seed" && ok || bad "seed: an English heading not in a <span lang=\"en\">"
same_n "seed: lang=\"en\" spans with Cyrillic in them" "$(grep -c "^en	.*$CYR" "$T/lang.seed")" 0
same_n "seed: spans of another language than en" "$(grep -vc '^en	' "$T/lang.seed")" 0
# The English sample has no Cyrillic: no span at all.
same_n "en: Cyrillic lines in the corpus" "$(grep -c "$CYR" corpus/go-interview-sample-en.txt)" 0
same_n "en: lang spans" "$(wc -l <"$T/lang.en")" 0
# The mixed book: its Russian words in ru spans (the title, the
# question, the answer, the contents), none in code.
same_n "mixed: spans of another language than ru" "$(grep -vc '^ru	' "$T/lang.mixed")" 0
for w in горутина канал Смесь; do
	grep -qx "ru	$w" "$T/lang.mixed" && ok || bad "mixed: «$w» not in a <span lang=\"ru\">"
done
same_n "mixed: горутина marked in the question and the answer, not code" "$(grep -cx 'ru	горутина' "$T/lang.mixed")" 2
# The pages as written: a question's text, the title page, and no span
# in a <title> or an attribute.
grep -q '<span class="qt">What does «<span lang="ru" xml:lang="ru">горутина</span>» mean, and is <code>горутина</code> code?</span>' \
	"$T/x/OEBPS/section-01.xhtml" && ok || bad "mixed: question 1 not marked as it should be"
grep -q '<h1 class="title">Mixed scripts «<span lang="ru" xml:lang="ru">Смесь</span>»</h1>' "$T/x/OEBPS/title.xhtml" && ok || bad "mixed: the title's «Смесь» not marked"
grep -q '<title>[^<]*<span' "$T/x/OEBPS/"*.xhtml && bad "mixed: a span in <title>" || ok
unpack "$T/inline/go-interview-followups.epub"
grep -q '<span class="qt">Что такое <code>GOMAXPROCS</code> и.как это влияет на выполнение <span lang="en" xml:lang="en">goroutine</span>?</span>' \
	"$T/x/OEBPS/section-01.xhtml" && ok || bad "seed: question 1's goroutine not marked as it should be"
grep -q '<span lang' "$T/x/OEBPS/title.xhtml" && bad "seed: a span on the all-Russian title page" || ok

# --- untitled levels: no heading, nav or ncx entry for an untitled group
# or section (one entry, the first page, when nothing below the book's
# title has one), no empty <ol>, heading or label, page titles that are
# not empty, and the description on the title page ---
x() { xmllint --xpath "$1" "$2" 2>/dev/null; }
for f in $UNTITLED; do
	n=$(basename "$f")
	b=$T/inline/${n%.*}.epub
	[ -s "$b" ] || continue
	unpack "$b"
	"$QBIND" outline -q -f json "$f" >"$T/u.json" 2>/dev/null
	titled=$(jq '[.sections[] | select(.title != null)] + [.sections[].groups[] | select(.title != null)] | length' "$T/u.json")
	want=$([ "$titled" -gt 0 ] && echo "$titled" || echo 1)
	nav=$T/x/OEBPS/nav.xhtml
	ncx=$T/x/OEBPS/toc.ncx
	got=$(x 'count(//*[local-name()="nav"][@*[local-name()="type"]="toc"]//*[local-name()="a"])' "$nav")
	[ "$got" = "$want" ] && ok || bad "$n: $got nav entries, expected $want"
	got=$(x 'count(//*[local-name()="navPoint"])' "$ncx")
	[ "$got" = "$want" ] && ok || bad "$n: $got navPoints, expected $want"
	# Labels: the titles, in order, none empty (the book's title when
	# the contents would otherwise be empty).
	jq -r 'if ([.sections[] | select(.title != null)] + [.sections[].groups[] | select(.title != null)] | length) == 0
	    then .title else .sections[] | (if .title then "\(.number). \(.title)" else empty end),
	    (.groups[] | .title // empty) end' "$T/u.json" >"$T/u-want"
	xsltproc - "$nav" >"$T/u-got" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:for-each select="//h:nav[@epub:type = 'toc']//h:a"><xsl:value-of select="."/><xsl:text>&#10;</xsl:text></xsl:for-each></xsl:template>
</xsl:stylesheet>
EOF
	same "$T/u-want" "$T/u-got" "$n: nav labels are not the titled sections and groups"
	got=$(x 'count(//*[local-name()="ol"][not(*[local-name()="li"])])' "$nav")
	[ "$got" = 0 ] && ok || bad "$n: $got empty <ol> in the nav"
	got=$(x 'count(//*[local-name()="a"][normalize-space(.) = ""])' "$nav")
	[ "$got" = 0 ] && ok || bad "$n: $got nav links without text"
	got=$(x 'count(//*[local-name()="text"][normalize-space(.) = ""])' "$ncx")
	[ "$got" = 0 ] && ok || bad "$n: $got empty ncx labels"
	# Pages: no empty heading, no untitled group's section or heading,
	# no "General questions" when the book has no titled section; a
	# title on every page.
	for p in "$T"/x/OEBPS/section-*.xhtml; do
		got=$(x 'count(//*[local-name()="h1" or local-name()="h2"][normalize-space(.) = ""])' "$p")
		[ "$got" = 0 ] && ok || bad "$n: $(basename "$p"): $got empty headings"
		got=$(x 'string(//*[local-name()="title"])' "$p")
		[ -n "$got" ] && ok || bad "$n: $(basename "$p"): no page title"
	done
	got=$(cat "$T"/x/OEBPS/section-*.xhtml | grep -c 'class="group"')
	want=$(jq '[.sections[].groups[] | select(.title != null)] | length' "$T/u.json")
	[ "$got" = "$want" ] && ok || bad "$n: $got group sections in the pages, expected $want (the titled groups)"
	if [ "$(jq '[.sections[] | select(.title != null)] | length' "$T/u.json")" = 0 ]; then
		got=$(x 'string(//*[local-name()="title"])' "$T/x/OEBPS/section-01.xhtml")
		[ "$got" = "$(jq -r .title "$T/u.json")" ] && ok || bad "$n: first page titled '$got', not the book's title"
		grep -q 'General questions' "$T"/x/OEBPS/*.xhtml && bad "$n: 'General questions' in a book without sections" || ok
	fi
	# The description, rendered as answers are, under the title.
	jq -r '.description // {} | .. | objects | .literal? // empty' "$T/u.json" >"$T/u-desc"
	if [ -s "$T/u-desc" ]; then
		x 'string(//*[local-name()="div"][@class="description"])' "$T/x/OEBPS/title.xhtml" | tr -s ' \n' '  ' >"$T/u-dtext"
		missing=$(while IFS= read -r line; do
			grep -qF -- "$line" "$T/u-dtext" || echo "$line"
		done <"$T/u-desc")
		[ -z "$missing" ] && ok || bad "$n: description not on the title page: $missing"
	else
		grep -q 'class="description"' "$T/x/OEBPS/title.xhtml" && bad "$n: a description without one" || ok
	fi
done

# The hostile question is text in the page, not markup.
unpack "$T/inline/ok-hostile.epub"
# (The space before the dash is a no-break one: a line never starts with it.)
has "$T/x/OEBPS/section-01.xhtml" "<span class=\"qt\">&lt;script&gt;alert(1)&lt;/script&gt;$(printf '\302\240')— is this HTML escaped?</span>" hostile
if grep -q '<script' "$T"/x/OEBPS/*.xhtml; then bad "hostile: a <script> element in the book"; else ok; fi

# Metadata: the seed's title and language, a uuid, the build time.
unpack "$T/inline/go-interview-sample-en.epub"
opf=$T/x/OEBPS/package.opf
has "$opf" '<dc:title id="title">Go interview: a sample with answers</dc:title>' metadata
has "$opf" '<dc:title id="subtitle">Concurrency, errors, context, data structures and testing</dc:title>' metadata
has "$opf" '<dc:creator id="creator">qbind authors</dc:creator>' metadata
has "$opf" '<dc:language>en</dc:language>' metadata
has "$opf" '<meta property="dcterms:modified">2025-11-28T08:00:00Z</meta>' metadata
grep -Eq '<dc:identifier id="bookid">urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}</dc:identifier>' "$opf" \
	&& ok || bad "metadata: no urn:uuid identifier"
uuid=$(sed -n 's/.*urn:uuid:\([^<]*\)<.*/\1/p' "$opf")
has "$T/x/OEBPS/toc.ncx" "<meta name=\"dtb:uid\" content=\"urn:uuid:$uuid\"/>" ncx-uid
zipinfo -T -l "$T/inline/go-interview-sample-en.epub" | grep -c ' 20251128\.080000 ' >"$T/n"
[ "$(cat "$T/n")" = "$(zipinfo -1 "$T/inline/go-interview-sample-en.epub" | wc -l)" ] && ok || bad "zip entry times are not SOURCE_DATE_EPOCH"
# The uuid comes from the corpus id: the same in both modes, another for another corpus.
unzip -p "$T/selftest/go-interview-sample-en.epub" OEBPS/package.opf | grep -qF "urn:uuid:$uuid" && ok || bad "uuid differs between modes"
unzip -p "$T/inline/go-interview-followups.epub" OEBPS/package.opf | grep -qF "urn:uuid:$uuid" && bad "two corpora share a uuid" || ok
unzip -p "$T/inline/go-interview-followups.epub" OEBPS/package.opf | grep -qF '<dc:language>ru</dc:language>' && ok || bad "seed: dc:language is not ru"

# Contents: the seed's 12 sections and 24 groups in the nav and the ncx.
unzip -p "$T/inline/go-interview-followups.epub" OEBPS/nav.xhtml >"$T/nav.xhtml"
n=$(xmllint --xpath 'count(//*[local-name()="nav"][@*[local-name()="type"]="toc"]//*[local-name()="a"])' "$T/nav.xhtml")
[ "$n" = 36 ] && ok || bad "nav: $n entries, expected 36"
n=$(xmllint --xpath 'count(//*[local-name()="nav"][@*[local-name()="type"]="toc"]/*[local-name()="ol"]/*[local-name()="li"])' "$T/nav.xhtml")
[ "$n" = 13 ] && ok || bad "nav: $n top-level entries, expected 13 (12 sections and the general group)"
xmllint --xpath '//*[local-name()="nav"][@*[local-name()="type"]="landmarks"]//*[local-name()="a"]/@*[local-name()="type"]' "$T/nav.xhtml" |
	sed 's/.*="\(.*\)"/\1/' | uniq -c | tr -s ' \n' '  ' >"$T/landmarks"
[ "$(cat "$T/landmarks")" = " 1 cover 1 titlepage 1 toc 1 bodymatter 13 chapter " ] && ok ||
	bad "nav: landmarks '$(cat "$T/landmarks")', expected the cover, title page, contents, text and 13 chapters (sections and the general group)"
unzip -p "$T/inline/go-interview-followups.epub" OEBPS/toc.ncx >"$T/toc.ncx"
n=$(xmllint --xpath 'count(//*[local-name()="navPoint"])' "$T/toc.ncx")
[ "$n" = 36 ] && ok || bad "ncx: $n navPoints, expected 36"

# The sample's package, contents and a page with answers, as they were
# reviewed: tests/golden/epub-*.out.  UPDATE=1 rewrites them (review the
# diff before committing it).
for mode in inline selftest; do
	b=$T/$mode/go-interview-sample-en.epub
	{
		zipinfo -1 "$b"
		for n in META-INF/container.xml OEBPS/package.opf OEBPS/nav.xhtml \
		    OEBPS/toc.ncx OEBPS/title.xhtml OEBPS/section-02.xhtml; do
			echo "=== $n"
			unzip -p "$b" "$n"
		done
	} >"$T/golden"
	[ -n "${UPDATE:-}" ] && cp "$T/golden" "tests/golden/epub-sample-en-$mode.out"
	same "tests/golden/epub-sample-en-$mode.out" "$T/golden" "golden epub-sample-en-$mode.out"
done

# Same input, same bytes: again, and in another time zone.
mkdir "$T/again"
expect 0 again "$QBIND" build -q -f epub -o "$T/again" corpus/go-interview-sample-en.txt
same "$T/inline/go-interview-sample-en.epub" "$T/again/go-interview-sample-en.epub" "not reproducible"
TZ=Pacific/Kiritimati expect 0 again-tz "$QBIND" build -q -f epub -o "$T/again" corpus/go-interview-sample-en.txt
same "$T/inline/go-interview-sample-en.epub" "$T/again/go-interview-sample-en.epub" "not reproducible in another time zone"
cmp -s "$T/inline/go-interview-sample-en.epub" "$T/selftest/go-interview-sample-en.epub" && bad "the two modes made the same book" || ok
# Without SOURCE_DATE_EPOCH: now.
year=$(date -u +%Y)
env -u SOURCE_DATE_EPOCH "$QBIND" build -q -f epub -o "$T/again" corpus/go-interview-sample-en.txt
unzip -p "$T/again/go-interview-sample-en.epub" OEBPS/package.opf | grep -q "dcterms:modified\">$year-" && ok || bad "without SOURCE_DATE_EPOCH the date is not now"
SOURCE_DATE_EPOCH=yesterday expect 3 bad-epoch "$QBIND" build -q -f epub -o "$T/again" corpus/go-interview-sample-en.txt
has "$T/stderr" "SOURCE_DATE_EPOCH='yesterday'" bad-epoch
SOURCE_DATE_EPOCH=0 expect 0 epoch-0 "$QBIND" build -q -f epub -o "$T/again" corpus/go-interview-sample-en.txt
zipinfo -T -l "$T/again/go-interview-sample-en.epub" | grep -q ' 19800101\.000000 ' && ok || bad "epoch 0: zip times not clamped to 1980"

# --- styles and settings ---
expect 2 bad-mode-key "$QBIND" build -f epub -D epub.moed=selftest -o "$T/again" corpus/go-interview-sample-en.txt
expect 2 bad-mode "$QBIND" build -f epub -D epub.mode=quiz -o "$T/again" corpus/go-interview-sample-en.txt
has "$T/stderr" "quiz" bad-mode
cp -R styles/default "$T/mystyle"
printf 'body { margin: 0 1em; }\n' >"$T/mystyle/epub.css"
echo "epub.mode = selftest" >>"$T/mystyle/style.conf"
mkdir "$T/styled"
expect 0 own-style "$QBIND" build -f epub -s "$T/mystyle" -o "$T/styled" corpus/go-interview-sample-en.txt
unzip -p "$T/styled/go-interview-sample-en.epub" OEBPS/style.css >"$T/got.css"
same "$T/mystyle/epub.css" "$T/got.css" "own style: style.css is not the style's epub.css"
unzip -p "$T/styled/go-interview-sample-en.epub" OEBPS/section-01.xhtml | grep -q 'epub:type="noteref"' && ok || bad "own style: epub.mode = selftest ignored"
unzip -p "$T/inline/go-interview-sample-en.epub" OEBPS/style.css >"$T/got.css"
same styles/default/epub.css "$T/got.css" "default style: style.css is not styles/default/epub.css"
# EPUB 2 readers lay out the HTML5 elements they do not know inline: the
# default style makes every one the pages use a block.
for el in $(unzip -p "$T/selftest/go-interview-sample-en.epub" 'OEBPS/*.xhtml' |
    grep -o '<\(section\|aside\|nav\|header\|footer\|article\|figure\|main\)[ >]' | tr -d '<> ' | sort -u); do
	tr '\n' ' ' <styles/default/epub.css | sed 's:/\*[^*]*\*\+\([^/*][^*]*\*\+\)*/::g' |
		grep -Eq "(^|\}) *([a-z]+, *)*$el(, *[a-z]+)* *\{[^}]*display: *block" &&
		ok || bad "default style: <$el> is not display: block for EPUB 2 readers"
done
rm "$T/mystyle/epub.css"
expect 3 no-css "$QBIND" build -f epub -s "$T/mystyle" -o "$T/styled" corpus/go-interview-sample-en.txt
has "$T/stderr" "$T/mystyle/epub.css" no-css
ls -A "$T/styled" | grep -q '^\.' && bad "no-css: temporary file left" || ok

# --- faults: no partial book, a clear error ---
# A read-only folder (root writes anywhere else) and a full disk, on small
# tmpfs mounts; skipped where mounting is not allowed.
mkdir "$T/ro" "$T/full"
if mount -t tmpfs -o size=64k tmpfs "$T/ro" 2>/dev/null && mount -o remount,ro "$T/ro" 2>/dev/null; then
	expect 3 read-only "$QBIND" build -f epub -o "$T/ro" corpus/go-interview-followups.txt
	has "$T/stderr" "output folder '$T/ro' is not writable: Read-only file system" read-only
	[ -z "$(ls -A "$T/ro")" ] && ok || bad "read-only: files left: $(ls -A "$T/ro")"
else
	echo "skip read-only folder: cannot mount a tmpfs here"
fi
if mount -t tmpfs -o size=8k tmpfs "$T/full" 2>/dev/null; then
	expect 3 disk-full "$QBIND" build -f epub -o "$T/full" corpus/go-interview-followups.txt
	has "$T/stderr" "No space left on device" disk-full
	[ -z "$(ls -A "$T/full")" ] && ok || bad "disk-full: files left: $(ls -A "$T/full")"
else
	echo "skip disk-full: cannot mount a tmpfs here"
fi

# --- self-test answers, tap targets, cover, date, code lines ---
# css RULE: the declarations of RULE's block in the default epub.css, one
# "name: value" a line (comments out).
css() {
	tr '\n' ' ' <styles/default/epub.css | sed 's:/\*[^*]*\*\+\([^/*][^*]*\*\+\)*/::g' |
		grep -o "}[ 	]*$1[ 	]*{[^}]*}" | sed 's/^[^{]*{//; s/}$//' | tr ';' '\n' |
		sed 's/^[ 	]*//; s/[ 	]*$//' | grep .
}
# em RULE PROP: PROP's last value in RULE in em times the rule's font-size
# (1 when it sets none), x100; 0 when PROP is not in em.
em() {
	css "$1" >"$T/rule"
	fs=$(sed -n 's/^font-size: *\([0-9.]*\)em$/\1/p' "$T/rule" | tail -1)
	v=$(sed -n "s/^$2: *\([0-9.]*\)em\$/\1/p" "$T/rule" | tail -1)
	awk -v v="${v:-0}" -v f="${fs:-1}" 'BEGIN { printf "%d", v * f * 100 }'
}
for rule in 'a\.noteref' 'aside\.answer p\.back a'; do
	for prop in min-height min-width; do
		n=$(em "$rule" "$prop")
		[ "$n" -ge 250 ] && ok || bad "tap target: $rule $prop is $n/100 em, less than 2.5em"
	done
	css "$rule" | grep -qx 'display: inline-block' && ok || bad "tap target: $rule is not an inline-block, min-height does nothing"
done
css 'section\.answers' >"$T/rule"
grep -qx 'page-break-before: always' "$T/rule" && ok || bad "self-test: no page-break-before: always on section.answers (EPUB 2)"
grep -qx 'break-before: page' "$T/rule" && ok || bad "self-test: no break-before: page on section.answers"
# The answers of a page: after its questions (outside the chapter), behind
# the heading in the book's language, every note in them.
for f in go-interview-sample-en:Answers go-interview-followups:Ответы; do
	b=$T/selftest/${f%%:*}.epub
	unpack "$b"
	pages=0
	for p in "$T"/x/OEBPS/section-*.xhtml; do
		got=$(x 'count(//*[local-name()="aside"][@*[local-name()="type"]="footnote"][not(parent::*[local-name()="section"][@class="answers"])])' "$p")
		[ "$got" = 0 ] && ok || bad "$f $(basename "$p"): $got answers outside section.answers"
		got=$(x 'count(//*[local-name()="section"][@class="answers"][ancestor::*[local-name()="section"]])' "$p")
		[ "$got" = 0 ] && ok || bad "$f $(basename "$p"): the answers inside the questions' section"
		grep -q 'epub:type="footnote"' "$p" || continue
		pages=$((pages + 1))
		got=$(x 'string(//*[local-name()="section"][@class="answers"]/*[1][local-name()="h2"])' "$p")
		[ "$got" = "${f#*:}" ] && ok || bad "$f $(basename "$p"): the answers' first element is '$got', not an h2 '${f#*:}'"
		got=$(x 'count(//*[local-name()="section"][@class="answers"]/preceding-sibling::*[local-name()="section"][@*[local-name()="type"]="chapter"])' "$p")
		[ "$got" = 1 ] && ok || bad "$f $(basename "$p"): the answers do not follow the questions"
	done
	case $f in go-interview-followups:*) want=0 ;; *) want=1 ;; esac
	[ "$pages" -ge "$want" ] && ok || bad "$f: no page with answers to check"
done

# The cover: the manifest's cover-image (and EPUB 2's meta), an SVG with
# the title, shown by the first page of the spine.
for b in "$T"/inline/*.epub "$T"/selftest/go-interview-sample-en.epub; do
	n=$(basename "$b")
	unpack "$b"
	opf=$T/x/OEBPS/package.opf
	img=$(x 'string(//*[local-name()="item"][@properties="cover-image"]/@href)' "$opf")
	id=$(x 'string(//*[local-name()="item"][@properties="cover-image"]/@id)' "$opf")
	[ "$img" = cover.svg ] && ok || bad "$n: cover-image is '$img'"
	[ "$(x 'string(//*[local-name()="item"][@properties="cover-image"]/@media-type)' "$opf")" = image/svg+xml ] && ok || bad "$n: cover image not image/svg+xml"
	[ "$(x 'string(//*[local-name()="meta"][@name="cover"]/@content)' "$opf")" = "$id" ] && ok || bad "$n: no <meta name=\"cover\"> naming '$id'"
	first=$(xsltproc "$XSL" "$opf" | head -1)
	[ "$(x 'string(//*[local-name()="img"]/@src)' "$T/x/OEBPS/$first")" = cover.svg ] && ok || bad "$n: the first page ($first) does not show cover.svg"
	# Its <title> is its text alternative: the words on it, the
	# book's title first (check-ace.sh checks the rest).
	title=$(x 'string(//*[local-name()="title"][@id="title"])' "$opf")
	case $(x 'string(/*[local-name()="svg"]/*[local-name()="title"])' "$T/x/OEBPS/cover.svg") in
	"$title"*) ok ;;
	*) bad "$n: the cover's title does not start with the book's" ;;
	esac
done
# Every word of the title is on the cover, in lines (the seed's and a long
# one: a word no line holds is broken, and beyond five lines the title ends
# in "…").
unzip -p "$T/inline/go-interview-followups.epub" OEBPS/cover.svg >"$T/cover.svg"
got=$(x '//*[local-name()="text"]/text()' "$T/cover.svg" | tr '\n' ' ')
for w in Уточняющие вопросы существующим темам "73 вопроса · 12 разделов"; do
	case $got in *"$w"*) ok ;; *) bad "seed cover: '$w' not in '$got'" ;; esac
done
long=$(printf 'Word%.0s ' $(seq 40))
printf -- '---\ntitle: "%s Antidisestablishmentarianismsupercalifragilistic"\nsubtitle: A subtitle\n---\n\n## G\n\nQ?\n' "$long" >"$T/long.txt"
expect 0 long-cover "$QBIND" build -q -f epub -o "$T" "$T/long.txt"
unzip -p "$T/long.epub" OEBPS/cover.svg >"$T/long.svg"
n=$(x 'count(//*[local-name()="text"][@font-weight="bold"][@fill="#ffffff"])' "$T/long.svg")
[ "$n" = 5 ] && ok || bad "long title: $n lines, expected 5"
x '//*[local-name()="text"][@fill="#ffffff"][last()]/text()' "$T/long.svg" | grep -q '…$' && ok || bad "long title: the last line does not end in …"
# The subtitle as printed, as on the title page: typography by language.
printf -- '---\ntitle: T\nlang: ru\nsubtitle: Про "кавычки" и ... многоточие\n---\n\n## G\n\nQ?\n' >"$T/sub.txt"
expect 0 cover-subtitle "$QBIND" build -q -f epub -o "$T" "$T/sub.txt"
unzip -p "$T/sub.epub" OEBPS/cover.svg >"$T/sub.svg"
got=$(x '//*[local-name()="text"]/text()' "$T/sub.svg" | tr '\n' ' ')
case $got in *'«кавычки»'*'…'*) ok ;; *) bad "cover subtitle not as printed: '$got'" ;; esac
# Drawn, no line reaches past the side margins (10 of 600 units; the
# background's colour alone there): tests/cover-check.html draws the SVG on
# a canvas in Chromium, as a reader's web view would, and counts.
if [ -z "$ASAN" ]; then
	cp tests/cover-check.html "$T/"
	for svg in cover.svg long.svg; do
		got=$(chromium --headless --no-sandbox --disable-gpu --user-data-dir="$T/chrome" \
			--allow-file-access-from-files --virtual-time-budget=3000 \
			--dump-dom "file://$T/cover-check.html#$svg" 2>/dev/null | sed -n 's/.*id="out">\([^<]*\)<.*/\1/p')
		margin=$(echo "$got" | sed -n 's/^margin=\([0-9]*\) .*/\1/p')
		light=$(echo "$got" | sed -n 's/.* light=\([0-9]*\)$/\1/p')
		[ "$margin" = 0 ] && ok || bad "$svg: '$got': text in the side margins (or not drawn)"
		[ "${light:-0}" -gt 1000 ] && ok || bad "$svg: '$got': no title drawn"
	done
fi

# The page break before the answers, as paginated media lay it out:
# Chromium prints a self-test page, and the answers' heading is the first
# line of a page that holds no question.
if [ -z "$ASAN" ]; then
	unpack "$T/selftest/go-interview-sample-en.epub"
	chromium --headless --no-sandbox --disable-gpu --user-data-dir="$T/chrome" --no-pdf-header-footer \
		--print-to-pdf="$T/printed.pdf" "file://$T/x/OEBPS/section-02.xhtml" >/dev/null 2>&1 ||
		bad "chromium could not print section-02.xhtml"
	pages=$(pdfinfo "$T/printed.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	first=0
	for p in $(seq 1 "${pages:-0}"); do
		pdftotext -enc UTF-8 -f "$p" -l "$p" "$T/printed.pdf" - 2>/dev/null | grep . >"$T/page"
		[ "$(head -1 "$T/page")" = Answers ] && first=$p
	done
	[ "$first" -gt 1 ] && ok || bad "self-test: no printed page starts with the Answers heading"
	[ "$first" -gt 1 ] && pdftotext -enc UTF-8 -f "$first" -l "$first" "$T/printed.pdf" - 2>/dev/null |
		grep -q '^Answer$' && bad "self-test: a question's Answer link on the answers' first page" || ok
fi

# One date on both title pages, the PDF's and the EPUB's: the corpus date
# written out in its language, else the build day (SOURCE_DATE_EPOCH).
for f in go-interview-sample-en:"28 November 2026" go-interview-followups:"28 ноября 2025 г."; do
	c=corpus/${f%%:*}.txt
	mkdir -p "$T/date"
	expect 0 "date ${f%%:*}" "$QBIND" build -q -f pdf,epub -o "$T/date" "$c"
	got=$(unzip -p "$T/date/${f%%:*}.epub" OEBPS/title.xhtml | xmllint --xpath 'string(//*[@class="date"])' - 2>/dev/null)
	[ "$got" = "${f#*:}" ] && ok || bad "${f%%:*}: the EPUB's date is '$got', not '${f#*:}'"
	pdftotext -enc UTF-8 -f 1 -l 1 "$T/date/${f%%:*}.pdf" - 2>/dev/null | grep -qxF "$got" && ok ||
		bad "${f%%:*}: the PDF's title page has no line '$got'"
	unzip -p "$T/date/${f%%:*}.epub" OEBPS/package.opf | grep -q '<dc:date>' &&
		{ unzip -p "$T/date/${f%%:*}.epub" OEBPS/package.opf | grep -q '<dc:date>2026-11-28</dc:date>' && ok || bad "dc:date is not ISO"; }
done

# Code lines: what the reader sees has no line wider than 44 columns (tabs
# to stops of 4; a continuation also has its 4ch hang), long lines go on
# after a ↪, and without the marks the code is the corpus's, byte for byte.
printf -- '---\ntitle: "Код"\nlang: ru\n---\n\n## G\n\nКод?\n:::\n```go\n%s\n\t\t\t\t\t\t\tdeep := call(argument, another, third, fourth, fifth)\n\t// комментарий по-русски, который длиннее ширины строки кода, да\n\tx := 1\n\n\tfmt.Println("a", "b") // a comment long enough to break once\n```\n:::\n' \
	"$(printf 'x%.0s' $(seq 100))" >"$T/code.txt"
expect 0 code "$QBIND" build -q -f epub -o "$T/inline" "$T/code.txt"
for f in go-interview-sample-en code; do
	unpack "$T/inline/$f.epub"
	src=$([ $f = code ] && echo "$T/code.txt" || echo "corpus/$f.txt")
	"$QBIND" outline -q -f json "$src" | jq -r '.sections[] | .. | objects | select(.type? == "code_block") | .literal + "@@END"' >"$T/code.want"
	: >"$T/code.got"
	: >"$T/code.seen"
	for p in "$T"/x/OEBPS/section-*.xhtml; do
		xsltproc --param marks 0 tests/epub-code.xsl "$p" >>"$T/code.got"
		xsltproc tests/epub-code.xsl "$p" >>"$T/code.seen"
	done
	same "$T/code.want" "$T/code.got" "$f: code without the marks is not the corpus's"
	# Multi-byte characters as one column, then tabs expanded.
	LC_ALL=C sed 's/[\xc0-\xff][\x80-\xbf]*/X/g' "$T/code.want" | expand -t 4 | awk 'length > 44' >"$T/long"
	[ -s "$T/long" ] && ok || bad "$f: no code line longer than 44 columns to test with"
	grep -c '↪' "$T/code.seen" >"$T/n"
	[ "$(cat "$T/n")" -ge "$(wc -l <"$T/long")" ] && ok || bad "$f: $(cat "$T/n") ↪ marks for $(wc -l <"$T/long") long lines"
	LC_ALL=C sed 's/[\xc0-\xff][\x80-\xbf]*/X/g' "$T/code.seen" | expand -t 4 |
		awk '{ w = length + (index($0, "X ") && $0 ~ /^[ ]*X / ? 4 : 0) } w > 44 { print w ": " $0 }' >"$T/over"
	[ -s "$T/over" ] && { bad "$f: code lines wider than 44 columns"; head -5 "$T/over"; } || ok
	grep -q '<span class="code-wrap" aria-hidden="true">' "$T"/x/OEBPS/section-*.xhtml && ok || bad "$f: the marks are not aria-hidden spans"
done
css 'pre \.code-line' >"$T/rule"
for d in 'display: block' 'padding-left: 4ch' 'text-indent: -4ch' 'white-space: pre-wrap'; do
	grep -qx "$d" "$T/rule" && ok || bad "pre .code-line: no '$d' (a wrapped line's hanging indent)"
done
# The title page keeps the no-break spaces of the title («к теме»).
printf -- '---\ntitle: "Вопросы к\302\240теме"\n---\n\n## G\n\nВопрос?\n' >"$T/nbsp.txt"
expect 0 nbsp "$QBIND" build -q -f epub -o "$T" "$T/nbsp.txt"
unzip -p "$T/nbsp.epub" OEBPS/title.xhtml | grep -q "<h1 class=\"title\">Вопросы к$(printf '\302\240')теме</h1>" && ok || bad "nbsp: the title page lost the title's no-break space"

# --- epubcheck: 0 errors and 0 warnings on every book, both modes ---
if [ -z "$ASAN" ]; then
	# A truncated book first, so that a checker that passes anything fails here.
	head -c 3000 "$T/inline/go-interview-sample-en.epub" >"$T/broken.epub"
	java -cp "$JAR" tests/EpubCheckMany.java "$T/broken.epub" >"$T/java.log" 2>&1 &&
		bad "epubcheck accepted a truncated book" || ok
	if java -cp "$JAR" tests/EpubCheckMany.java "$T"/inline/*.epub "$T"/selftest/*.epub >"$T/java.log" 2>&1; then
		ok
	else
		bad "epubcheck"
		grep -v '^Validating using' "$T/java.log" | head -40
	fi
	n=$(grep -c ': 0 fatals, 0 errors, 0 warnings$' "$T/java.log")
	want=$(ls "$T"/inline/*.epub "$T"/selftest/*.epub | wc -l)
	[ "$n" -eq "$want" ] && ok || bad "epubcheck: $n of $want books clean"
fi

summary check-epub
