#!/bin/sh
# check-ace.sh: the EPUB's accessibility, on every book of check-epub.sh
# (tests/epub-books.sh) in both study modes.
#
# Cheap checks, in both passes: the package's schema.org accessibility
# metadata, with a summary in the book's language that tells what the
# book holds; an ARIA role beside every epub:type (none left without
# one); a landmark for each section page; the cover's text alternative,
# the words drawn on it.  In the ASan pass (QBIND_ASAN set) the books
# must also be the normal build's, byte for byte: Ace checks output, not
# memory, so it runs only in the normal pass.
#
# DAISY Ace 1.4.6 (its EPUB checks and axe-core in Chromium): no finding
# of any severity in any book; first on a book with a role and the
# summary taken out, which it must fault.  Installed on first use into
# out/npm-ace from the npm registry, without a browser of its own: it
# drives Debian's Chromium.  About 10 s a book, two at a time.
#
# usage: QBIND=out/qbind [QBIND_ASAN=1] sh tests/check-ace.sh
set -u
QBIND=${QBIND:-out/qbind}
ASAN=${QBIND_ASAN:-}
NPM=out/npm-ace
CHROMIUM=/usr/bin/chromium
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1764316800
. tests/lib.sh
. tests/epub-books.sh

x() { xmllint --xpath "$1" "$2" 2>/dev/null; }
# values OPF PROPERTY: the property's values in the package, sorted, on
# one line.
values() {
	x "//*[local-name()=\"meta\"][@property=\"$2\"]/text()" "$1" | sort | tr '\n' ' ' | sed 's/ $//'
}
# cyrillic: stdin has a Cyrillic letter (UTF-8 lead bytes D0, D1).
cyrillic() {
	LC_ALL=C grep -q "$(printf '[\320\321]')"
}

# Each element with an epub:type outside the landmarks nav, as "type
# role" (role "-" when it has none); and the links back from the notes.
cat >"$T/roles.xsl" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/">
<xsl:for-each select="//*[@epub:type][not(ancestor-or-self::h:nav[@epub:type = 'landmarks'])]">
<xsl:value-of select="@epub:type"/><xsl:text> </xsl:text>
<xsl:choose><xsl:when test="@role"><xsl:value-of select="@role"/></xsl:when><xsl:otherwise>-</xsl:otherwise></xsl:choose>
<xsl:text>&#10;</xsl:text>
</xsl:for-each>
<xsl:for-each select="//h:aside[@epub:type = 'footnote']/h:p[@class = 'back']/h:a">
<xsl:text>back-link </xsl:text><xsl:value-of select="concat(@role, substring('-', 1, number(not(@role))))"/><xsl:text>&#10;</xsl:text>
</xsl:for-each>
<xsl:for-each select="//h:body[@role]"><xsl:text>body </xsl:text><xsl:value-of select="@role"/><xsl:text>&#10;</xsl:text></xsl:for-each>
</xsl:template>
</xsl:stylesheet>
EOF
# The role each epub:type the pages use must have (DPUB-ARIA); the types
# without a role (the title page, the cover's section: its image has
# doc-cover) are listed too, so that a new epub:type fails here until
# it is given its role.
cat >"$T/roles.want" <<'EOF'
chapter doc-chapter
toc doc-toc
noteref doc-noteref
footnote doc-footnote
back-link doc-backlink
titlepage -
cover -
EOF

# The lines drawn on the cover, as text.
cat >"$T/lines.xsl" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:s="http://www.w3.org/2000/svg">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:for-each select="//s:text"><xsl:value-of select="."/><xsl:text>&#10;</xsl:text></xsl:for-each></xsl:template>
</xsl:stylesheet>
EOF

# metadata DIR CORPUS MODE: the package's accessibility metadata.
metadata() {
	n=$1
	opf=$2/OEBPS/package.opf
	[ "$(values "$opf" schema:accessMode)" = "textual visual" ] && ok ||
		bad "$n: accessMode '$(values "$opf" schema:accessMode)', expected textual and visual (the cover)"
	[ "$(values "$opf" schema:accessModeSufficient)" = textual ] && ok ||
		bad "$n: accessModeSufficient '$(values "$opf" schema:accessModeSufficient)'"
	[ "$(values "$opf" schema:accessibilityHazard)" = none ] && ok ||
		bad "$n: accessibilityHazard '$(values "$opf" schema:accessibilityHazard)'"
	features=" $(values "$opf" schema:accessibilityFeature) "
	for f in structuralNavigation tableOfContents readingOrder alternativeText displayTransformability ARIA; do
		case $features in *" $f "*) ok ;; *) bad "$n: no accessibilityFeature $f" ;; esac
	done
	# Print page numbers only with a page list, and there is no print
	# source to take one from.
	case $features in *" printPageNumbers "*) bad "$n: printPageNumbers without a page list" ;; *) ok ;; esac
	[ "$(x 'count(//*[@*[local-name()="type"]="page-list"])' "$2/OEBPS/nav.xhtml")" = 0 ] && ok ||
		bad "$n: a page list"
	# The summary: in the book's language (Russian for Russian, English
	# for every other), saying where the answers are.
	x 'string(//*[local-name()="meta"][@property="schema:accessibilitySummary"])' "$opf" >"$T/summary"
	[ "$(wc -w <"$T/summary")" -ge 20 ] && ok || bad "$n: accessibilitySummary '$(cat "$T/summary")'"
	book=$(x 'string(//*[local-name()="language"])' "$opf")
	said=$(x 'string(//*[local-name()="meta"][@property="schema:accessibilitySummary"]/@xml:lang)' "$opf")
	said=${said:-$(x 'string(/*/@xml:lang)' "$opf")}
	case $(printf '%s' "$book" | tr 'A-Z' 'a-z') in ru | ru-*) want=ru ;; *) want=en ;; esac
	[ "${said%%-*}" = "$want" ] && ok || bad "$n: the summary's language is '$said', expected $want for a book in '$book'"
	if [ "$want" = ru ]; then
		cyrillic <"$T/summary" && ! grep -q '[A-Za-z]' "$T/summary" && ok ||
			bad "$n: the summary is not in Russian: $(cat "$T/summary")"
	else
		! cyrillic <"$T/summary" && ok || bad "$n: the summary is not in English: $(cat "$T/summary")"
	fi
	na=$(jq '[.sections[].groups[].questions[] | select(.answer != null)] | length' "$T/outline.json")
	if [ "$na" = 0 ]; then
		said='no answers|Ответов на вопросы в книге нет'
	elif [ "$3" = inline ]; then
		said='Each answer follows its question|Ответ на вопрос идёт сразу после него'
	else
		said='the answers are notes|ответы вынесены в сноски'
	fi
	grep -Eq "$said" "$T/summary" && ok || bad "$n: the summary does not say '$said' ($na answers, $3): $(cat "$T/summary")"
}

# pages DIR: an ARIA role beside every epub:type; a landmark for each
# section page, in order; the navs named.
pages() {
	n=$1
	for p in "$2"/OEBPS/*.xhtml; do
		xsltproc "$T/roles.xsl" "$p" >>"$T/roles"
	done
	sort -u "$T/roles" | grep -vxF -f "$T/roles.want" >"$T/roles.bad"
	[ -s "$T/roles.bad" ] && bad "$n: epub:types without their role: $(tr '\n' ',' <"$T/roles.bad")" || ok
	nav=$2/OEBPS/nav.xhtml
	ls "$2"/OEBPS/section-*.xhtml | sed 's:.*/::' >"$T/pages.want"
	x '//*[local-name()="nav"][@*[local-name()="type"]="landmarks"]//*[local-name()="a"][@*[local-name()="type"]="chapter"]/@href' "$nav" |
		sed 's/.*="\(.*\)"/\1/' >"$T/pages.got"
	cmp -s "$T/pages.want" "$T/pages.got" && ok || bad "$n: the chapter landmarks are not the section pages"
	[ -n "$(x 'string(//*[local-name()="nav"][@*[local-name()="type"]="landmarks"]/@aria-label)' "$nav")" ] && ok ||
		bad "$n: the landmarks nav has no aria-label"
	label=$(x 'string(//*[local-name()="nav"][@role="doc-toc"]/@aria-labelledby)' "$nav")
	[ -n "$label" ] && [ -n "$(x "string(//*[@id=\"$label\"])" "$nav")" ] && ok ||
		bad "$n: the contents nav is not named by its heading"
}

# cover DIR: the image's role and text alternative, the same in the page
# and in the SVG, holding every line drawn on it (a line cut short with
# "…" as far as it goes).
cover() {
	n=$1
	alt=$(x 'string(//*[local-name()="img"][@src="cover.svg"]/@alt)' "$2/OEBPS/cover.xhtml")
	[ "$(x 'string(//*[local-name()="img"][@src="cover.svg"]/@role)' "$2/OEBPS/cover.xhtml")" = doc-cover ] && ok ||
		bad "$n: the cover image has no role doc-cover"
	svg=$2/OEBPS/cover.svg
	[ "$(x 'string(/*/@role)' "$svg")" = img ] && ok || bad "$n: cover.svg has no role img"
	title=$(x "string(//*[@id=string(/*/@aria-labelledby)][local-name()=\"title\"])" "$svg")
	[ -n "$alt" ] && [ "$alt" = "$title" ] && ok ||
		bad "$n: the cover's alt '$alt' and the SVG's title '$title' (labelledby) differ or are empty"
	xsltproc "$T/lines.xsl" "$svg" | sed 's/…$//' >"$T/drawn"
	[ -s "$T/drawn" ] && ok || bad "$n: no text drawn on the cover"
	while IFS= read -r line; do
		case $alt in *"$line"*) ok ;; *) bad "$n: '$line' is on the cover but not in its alt text '$alt'" ;; esac
	done <"$T/drawn"
}

# --- the books, and the cheap checks ---
for mode in inline selftest; do
	mkdir "$T/$mode"
	for f in $BOOKS; do
		expect 0 "build $mode $f" "$QBIND" build -q -f epub -D epub.mode=$mode -o "$T/$mode" "$f"
		b=$(basename "$f")
		b=${b%.*}
		[ -s "$T/$mode/$b.epub" ] || { bad "$mode $f: no book"; continue; }
		"$QBIND" outline -q -f json "$f" >"$T/outline.json"
		d=$T/$mode/$b.x
		mkdir "$d"
		unzip -q -d "$d" "$T/$mode/$b.epub" || bad "$mode $b: unzip"
		: >"$T/roles"
		metadata "$mode $b" "$d" "$mode"
		pages "$mode $b" "$d"
		cover "$mode $b" "$d"
	done
done
# A language with no words of its own here: the summary in English, and
# marked so.
printf -- '---\ntitle: Fragen\nlang: de\n---\n\n## Gruppe\n\nWarum?\n:::\nDarum.\n:::\n' >"$T/de.txt"
expect 0 de "$QBIND" build -q -f epub -o "$T" "$T/de.txt"
unzip -p "$T/de.epub" OEBPS/package.opf >"$T/de.opf"
[ "$(x 'string(//*[local-name()="meta"][@property="schema:accessibilitySummary"]/@xml:lang)' "$T/de.opf")" = en ] && ok ||
	bad "de: the English summary of a German book is not marked xml:lang=\"en\""
# The checks can fail: a chapter without its role is caught.
d=$T/inline/go-interview-sample-en.x
sed -i 's/ role="doc-chapter"//' "$d"/OEBPS/section-01.xhtml
: >"$T/roles"
p0=$pass f0=$fail
pages broken "$d" >"$T/broken.log"
pass=$p0 fail=$f0
grep -q 'FAIL broken: epub:types without their role: chapter -' "$T/broken.log" && ok || { bad "a chapter without its role passed"; cat "$T/broken.log"; }

# --- ASan pass: the books are the normal build's ---
if [ -n "$ASAN" ]; then
	if [ -x out/qbind ]; then
		for mode in inline selftest; do
			mkdir "$T/ref-$mode"
			for f in $BOOKS; do
				out/qbind build -q -f epub -D epub.mode=$mode -o "$T/ref-$mode" "$f"
				b=$(basename "$f")
				b=${b%.*}.epub
				cmp -s "$T/ref-$mode/$b" "$T/$mode/$b" && ok || bad "$mode $b: the ASan build's book differs from out/qbind's"
			done
		done
	else
		echo "skip: no out/qbind to compare the ASan build's books with"
	fi
	echo "skip Ace under ASan: it checks the books, which are the normal build's"
	summary check-ace
	exit
fi

# --- DAISY Ace ---
ACE=$NPM/node_modules/.bin/ace-cli
if [ ! -f "$NPM/node_modules/@daisy/ace-cli/package.json" ]; then
	mkdir -p "$NPM"
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$NPM" --no-audit --no-fund --silent @daisy/ace-cli@1.4.6 \
		>"$T/npm.log" 2>&1 || { bad "npm install @daisy/ace-cli"; cat "$T/npm.log"; }
fi
[ "$(jq -r .version "$NPM/node_modules/@daisy/ace-cli/package.json" 2>/dev/null)" = 1.4.6 ] && ok ||
	bad "Ace is not 1.4.6 in $NPM"
[ -x "$CHROMIUM" ] && ok || bad "no $CHROMIUM for Ace"

# A book that Ace must fault: a noteref without its role, and no summary.
mkdir "$T/broken"
unzip -q -d "$T/broken" "$T/selftest/go-interview-sample-en.epub"
sed -i 's/ role="doc-noteref"//' "$T/broken/OEBPS/section-01.xhtml"
sed -i '/schema:accessibilitySummary/d' "$T/broken/OEBPS/package.opf"
(cd "$T/broken" && zip -q -X -0 ../broken.epub mimetype && zip -q -X -r ../broken.epub META-INF OEBPS)

start=$(date +%s)
ls "$T/broken.epub" "$T"/inline/*.epub "$T"/selftest/*.epub >"$T/books"
# Two at a time: each book's reports in BOOK.ace, its log in BOOK.log.
PUPPETEER_EXECUTABLE_PATH=$CHROMIUM xargs -P 2 -I '{}' \
	sh -c 'mkdir "$2.tmp"; timeout 300 "$1" -s -f -t "$2.tmp" -o "$2.ace" "$2" >"$2.log" 2>&1' ace "$ACE" '{}' <"$T/books"
echo "Ace: $(wc -l <"$T/books") books in $(($(date +%s) - start)) s"

# fails BOOK: Ace's findings, one "rule (impact) page: html" a line.
fails() {
	jq -r '.assertions[] | ."earl:testSubject".url as $u | .assertions[] |
	    select(."earl:result"."earl:outcome" == "fail") |
	    "\(."earl:test"."dct:title") (\(."earl:test"."earl:impact")) \($u): \(."earl:result".html // "" | gsub("\\s+"; " ") | .[0:160])"' \
	    "$1.ace/report.json"
}
while read -r b; do
	n=${b#"$T"/}
	if [ ! -s "$b.ace/report.json" ]; then
		bad "$n: Ace made no report"
		tail -5 "$b.log"
		continue
	fi
	# A report jq cannot read, or whose verdict is not pass while it
	# lists no finding, is no pass.
	if ! fails "$b" >"$T/fails"; then
		bad "$n: Ace's report cannot be read"
		continue
	fi
	verdict=$(jq -r '."earl:result"."earl:outcome"' "$b.ace/report.json")
	if [ "$b" != "$T/broken.epub" ] && [ ! -s "$T/fails" ] && [ "$verdict" != pass ]; then
		bad "$n: Ace's verdict is '$verdict'"
		continue
	fi
	if [ "$b" = "$T/broken.epub" ]; then
		grep -q '^epub-type-has-matching-role .*noteref' "$T/fails" &&
			grep -q '^metadata-accessibilitysummary ' "$T/fails" && ok ||
			{ bad "Ace did not fault a noteref without its role and a book without a summary"; cat "$T/fails"; }
		continue
	fi
	if [ -s "$T/fails" ]; then
		bad "$n: $(wc -l <"$T/fails") Ace findings"
		sed 's/^/  | /' "$T/fails"
	else
		ok
	fi
done <"$T/books"

summary check-ace
