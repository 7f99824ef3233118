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

UNTITLED="tests/cases/ok-untitled-k8s.md tests/cases/ok-untitled-mixed.md
tests/cases/ok-untitled-bare.txt tests/cases/ok-untitled-sections.txt
tests/cases/ok-untitled-levels.txt"
BOOKS="corpus/go-interview-followups.txt corpus/go-interview-sample-en.txt
tests/cases/ok-hostile.txt tests/cases/ok-control-char.txt
tests/cases/ok-empty-section.txt tests/cases/ok-empty-group.txt
tests/cases/ok-no-sections.txt tests/cases/ok-empty-answer.txt
tests/cases/ok-escape.txt tests/cases/ok-bom-crlf.txt $UNTITLED"

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
	head -7 "$T/names" >"$T/names.head"
	printf '%s\n' mimetype OEBPS/style.css META-INF/container.xml OEBPS/package.opf \
		OEBPS/nav.xhtml OEBPS/toc.ncx OEBPS/title.xhtml >"$T/names.want"
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
	for x in "$T"/x/META-INF/container.xml "$T"/x/OEBPS/*.opf "$T"/x/OEBPS/*.ncx "$T"/x/OEBPS/*.xhtml; do
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
	[ "$(head -2 "$T/spine" | tr '\n' ' ')" = "title.xhtml nav.xhtml " ] && ok || bad "$b: spine does not start with the title page and contents"
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
n=$(xmllint --xpath 'count(//*[local-name()="nav"][@*[local-name()="type"]="landmarks"]//*[local-name()="a"])' "$T/nav.xhtml")
[ "$n" = 3 ] && ok || bad "nav: $n landmarks, expected 3"
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
