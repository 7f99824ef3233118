#!/bin/sh
# check-pdfa.sh: pdf.standard, the handout as PDF/A.  Apache PDFBox
# Preflight 2.0.27 (which knows PDF/A-1 only) finds nothing in the
# pdfa-1b file of every corpus (the seed, the English sample, every
# tests/cases/ok-*.txt, the fallback-font and hostile corpora of
# check-pdf.sh) and setting (study, interviewer, compact sheet, answer
# key at the back), and in each pdfa-2b file only "7.11.2" (its part is
# not 1); the 2b file is the 1b file but for pdfaid:part and the /ID
# (compared byte by byte).  Then, judged by other programs: XMP (xmllint)
# equal to the info (pdfinfo), the output intent's profile (mutool) the
# ICC file of icc-profiles-free, no .notdef glyph drawn (mutool trace),
# qpdf --check; none has no XMP nor output intent; a bad value is the
# style's error; every mode reproducible.  In the sanitizer pass
# (QBIND_ASAN=1) Preflight is not run: the files are made and checked
# by qpdf only.
#
# usage: QBIND=out/qbind sh tests/check-pdfa.sh   (run by tests/run.sh)
set -u
QBIND=${QBIND:-out/qbind}
SEED=corpus/go-interview-followups.txt
EN=corpus/go-interview-sample-en.txt
ICC=/usr/share/color/icc/sRGB.icc
J=/usr/share/java
PREFLIGHT_CP=$J/preflight.jar:$J/pdfbox2.jar:$J/fontbox2.jar:$J/xmpbox.jar:$J/commons-logging.jar:$J/javax.activation.jar:$J/jaxb-api.jar
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1700000000
. tests/lib.sh

fallback_corpus "$T/fb.txt"
hostile_corpus "$T/hostile.txt"
# Markup, quotes and a control character in the title, subtitle and
# author, which the info has and the XMP must escape.
printf -- '---\ntitle: "T <b>&amp; \\"q\\" ]]> x"\nsubtitle: "Sub\ttab & <i>"\nauthor: "A\033[31m & B"\nlang: en\n---\nSection\nGroup:\nQuestion one?\n' >"$T/meta.txt"

# make NAME STD ARGS... CORPUS: qbind build -f pdf -D pdf.standard=STD,
# the file kept as $T/STD/NAME.pdf.
# (expect sets name: these are mk_*.)
make_pdf() {
	mk_name=$1
	mk_std=$2
	shift 2
	eval "mk_corpus=\${$#}"
	rm -rf "$T/o"
	mkdir -p "$T/o" "$T/$mk_std"
	expect 0 "$mk_name $mk_std" "$QBIND" build -q -f pdf -o "$T/o" \
	    -D "pdf.standard=$mk_std" "$@"
	mk_base=$(basename "$mk_corpus")
	mv "$T/o/${mk_base%.*}.pdf" "$T/$mk_std/$mk_name.pdf" 2>/dev/null
}

# The corpora and settings: NAME ARGS... CORPUS a line.
{
	echo "seed $SEED"
	echo "seed-interviewer -D pdf.mode=interviewer $SEED"
	echo "seed-compact -D pdf.mode=interviewer -D pdf.sheet=compact -D pdf.key=back $SEED"
	echo "en $EN"
	echo "en-interviewer -D pdf.mode=interviewer $EN"
	echo "en-back -D pdf.mode=interviewer -D pdf.key=back $EN"
	echo "en-compact -D pdf.mode=interviewer -D pdf.sheet=compact $EN"
	for c in tests/cases/ok-*.txt; do
		echo "$(basename "$c" .txt) $c"
	done
	for c in ok-hostile ok-control-char; do
		echo "$c-interviewer -D pdf.mode=interviewer -D pdf.key=back tests/cases/$c.txt"
	done
	echo "fallback $T/fb.txt"
	echo "fallback-interviewer -D pdf.mode=interviewer $T/fb.txt"
	echo "hostile $T/hostile.txt"
	echo "meta $T/meta.txt"
	echo "hostile-compact -D pdf.mode=interviewer -D pdf.sheet=compact $T/hostile.txt"
} >"$T/cases"
while read -r case args; do
	# shellcheck disable=SC2086 # the settings are words
	for std in pdfa-1b pdfa-2b; do
		make_pdf "$case" "$std" $args
	done
done <"$T/cases"
# The ASan pass: the files were made; qpdf --check each, no validator.
for f in "$T"/pdfa-1b/*.pdf "$T"/pdfa-2b/*.pdf; do
	if qpdf --check "$f" >"$T/qpdf.out" 2>&1; then ok; else
		bad "qpdf --check $f"
		sed 's/^/  | /' "$T/qpdf.out" | head -5
	fi
done
if [ -n "${QBIND_ASAN:-}" ]; then
	summary check-pdfa
	exit
fi

# preflight STD: Preflight over every file of $T/STD in one JVM (its
# "group" mode, a report of them all in order); "FILE CODE COUNT" a
# finding into $T/STD.found, "FILE valid" for a file without any.
preflight() {
	ls "$T/$1"/*.pdf >"$T/$1.list"
	rm -f "$T/$1.list.preflight.xml"
	java -cp "$PREFLIGHT_CP" org.apache.pdfbox.preflight.Validator_A1b xml group \
	    "$T/$1.list" >/dev/null 2>"$T/$1.java.err"
	if [ ! -s "$T/$1.list.preflight.xml" ]; then
		bad "preflight $1: no report"
		sed 's/^/  | /' "$T/$1.java.err" | head -5
		return
	fi
	awk -F'[<>"]' '
		/<preflight name=/ { file = $3 }
		/<isValid/ && $5 == "true" { print file, "valid" }
		/<error count=/ { n = $3 }
		/<code>/ { print file, $3, n }' "$T/$1.list.preflight.xml" >"$T/$1.found"
	files=$(wc -l <"$T/$1.list")
	seen=$(grep -c '<preflight name=' "$T/$1.list.preflight.xml")
	if [ "$files" -eq "$seen" ]; then ok; else bad "preflight $1: $seen reports for $files files"; fi
}

# PDF/A-1b: no finding at all.
preflight pdfa-1b
while read -r case args; do
	if grep -q "^$case.pdf valid$" "$T/pdfa-1b.found"; then ok; else
		bad "pdfa-1b $case: Preflight: $(awk -v f="$case.pdf" '$1 == f { r = 1; n += $3 }
		    END { print r ? n " errors" : "no report" }' "$T/pdfa-1b.found")"
		grep "^$case.pdf " "$T/pdfa-1b.found" | head -5 | sed 's/^/  | /'
		grep -A2 '<code>' "$T/pdfa-1b.list.preflight.xml" | grep -m3 details | sed 's/^/  | /'
	fi
done <"$T/cases"
# PDF/A-2b: Preflight (PDF/A-1 only) says exactly once that the part is
# not 1, nothing else.
preflight pdfa-2b
while read -r case args; do
	found=$(grep "^$case.pdf " "$T/pdfa-2b.found" | cut -d' ' -f2-)
	if [ "$found" = "7.11.2 1" ]; then ok; else
		bad "pdfa-2b $case: Preflight: $(echo $found)"
	fi
done <"$T/cases"

# The 2b file is the 1b file but for the digit of pdfaid:part and the
# /ID (a digest of the file): the bytes that differ are those.
while read -r case args; do
	a=$T/pdfa-1b/$case.pdf b=$T/pdfa-2b/$case.pdf
	part=$(grep -abo '<pdfaid:part>' "$b" | cut -d: -f1)
	id=$(grep -abo '/ID \[ <' "$b" | tail -1 | cut -d: -f1)
	other=$(cmp -l "$a" "$b" 2>&1 | awk -v part="$part" -v id="$id" '
		# cmp counts from 1, grep -b from 0; cmp -l gives octal bytes
		$1 == part + 14 && $2 == 61 && $3 == 62 { next }   # "1" -> "2"
		$1 >= id + 8 && $1 <= id + 8 + 66 { next }         # <32 hex> <32 hex>
		{ print; n++ } END { exit n > 0 }')
	if [ -n "$part" ] && [ -n "$id" ] && [ -z "$other" ] &&
	    [ "$(wc -c <"$a")" -eq "$(wc -c <"$b")" ] && ! cmp -s "$a" "$b"; then ok; else
		bad "pdfa-2b $case: differs from pdfa-1b beyond pdfaid:part and /ID"
		printf '%s\n' "$other" | head -3 | sed 's/^/  | /'
	fi
done <"$T/cases"

# xmp PDF XPATH: the text of the XMP packet's node, by xmllint (the XML
# parsed, its references undone).
xmp() {
	xmllint --xpath "string($2)" "$1" 2>/dev/null
}
# The XMP (mutool, xmllint) says what the info (pdfinfo) says.
for case in seed en ok-hostile ok-control-char hostile meta; do
	for std in pdfa-1b pdfa-2b; do
		f=$T/$std/$case.pdf
		mutool show -b "$f" Root/Metadata >"$T/xmp.xml" 2>/dev/null
		if xmllint --noout "$T/xmp.xml" 2>"$T/xmllint.err"; then ok; else
			bad "$std $case: the XMP is not well-formed XML"
			sed 's/^/  | /' "$T/xmllint.err" | head -3
		fi
		pdfinfo -enc UTF-8 -isodates "$f" >"$T/info.txt" 2>/dev/null
		ns='local-name()'
		for pair in "Title:dc:title" "Author:dc:creator" "Subject:dc:description" \
		    "Creator:xmp:CreatorTool" "Producer:pdf:Producer" \
		    "CreationDate:xmp:CreateDate" "ModDate:xmp:ModifyDate"; do
			key=${pair%%:*} el=${pair#*:}
			want=$(sed -n "s/^$key: *//p" "$T/info.txt")
			got=$(xmp "$T/xmp.xml" "//*[$ns='${el#*:}']")
			if [ "$want" = "$got" ]; then ok; else
				bad "$std $case: $key '$want' (pdfinfo), XMP $el '$got'"
			fi
		done
		want=$(sed -n 's/^Title: *//p' "$T/info.txt")
		[ -n "$want" ] && ok || bad "$std $case: no Title in the info"
		part=$(xmp "$T/xmp.xml" "//*[$ns='part']")$(xmp "$T/xmp.xml" "//*[$ns='conformance']")
		if [ "$part" = "${std#pdfa-}" ] || [ "$part" = "$(echo "${std#pdfa-}" | tr b B)" ]; then ok; else
			bad "$std $case: pdfaid part and conformance '$part'"
		fi
		if [ "$(xmp "$T/xmp.xml" "//*[$ns='language']")" = "$(mutool show "$f" Root/Lang 2>/dev/null | tr -d '()')" ]; then ok; else
			bad "$std $case: dc:language is not the catalog's /Lang"
		fi
		# The metadata stream is not compressed (PDF/A-1).
		if mutool show "$f" Root/Metadata 2>/dev/null | grep -q '/Filter'; then
			bad "$std $case: the XMP stream is compressed"
		else ok; fi
	done
done
# A title with markup and quotes (ok-hostile) came through escaped.
pdfinfo -enc UTF-8 "$T/pdfa-1b/ok-hostile.pdf" >"$T/h-info.txt"
has "$T/h-info.txt" 'Hostile <b>text</b> & “quotes”' hostile-title
has "$T/h-info.txt" ']]> {{Title}}' hostile-title

# The output intent: sRGB, its profile the file of icc-profiles-free.
for std in pdfa-1b pdfa-2b; do
	f=$T/$std/seed.pdf
	mutool show -b "$f" Root/OutputIntents/1/DestOutputProfile >"$T/icc" 2>/dev/null
	if [ -r "$ICC" ] && cmp -s "$T/icc" "$ICC" &&
	    [ "$(md5sum <"$T/icc")" = "$(md5sum <"$ICC")" ]; then ok; else
		bad "$std: the output intent's profile is not $ICC"
	fi
	mutool show "$f" Root/OutputIntents/1 >"$T/oi" 2>/dev/null
	has "$T/oi" '/S /GTS_PDFA1' "$std output intent"
	has "$T/oi" '/OutputConditionIdentifier (sRGB IEC61966-2.1)' "$std output intent"
	mutool show "$f" Root/OutputIntents/1/DestOutputProfile >"$T/oi" 2>/dev/null
	has "$T/oi" '/N 3' "$std profile"
done

# No glyph 0 (.notdef) drawn, which PDF/A-2 forbids: every glyph of
# every file as MuPDF draws it.
for f in "$T"/pdfa-2b/*.pdf; do
	n=$(mutool trace "$f" 2>/dev/null | grep -c '<g .* glyph="0"')
	if [ "$n" -eq 0 ]; then ok; else bad "$(basename "$f"): $n glyphs are .notdef"; fi
done

# A handout of more than 8191 pages (interviewer's sheets of 40 note
# lines: two pages a question): no /Kids array over PDF 1.4's limit of
# 8191 elements, which PDF/A-1 keeps (libharu's page tree is flat).
awk 'BEGIN { print "Many pages"; print "Group:"
	for (i = 0; i < 4200; i++) printf "Question number %d?\n", i }' >"$T/many.txt"
make_pdf many pdfa-1b -D pdf.mode=interviewer -D pdf.note-lines=40 "$T/many.txt"
pages=$(pdfinfo "$T/pdfa-1b/many.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
qpdf --qdf --object-streams=disable "$T/pdfa-1b/many.pdf" "$T/many.qdf" 2>/dev/null
most=$(awk '/\/Kids \[/ { n = 0; on = 1; next } on && /^ *\]/ { if (n > m) m = n; on = 0 }
	on { n++ } END { print m + 0 }' "$T/many.qdf")
if [ "${pages:-0}" -gt 8191 ] && [ "$most" -ge 1 ] && [ "$most" -le 8191 ]; then ok; else
	bad "many: $pages pages, a /Kids array of $most"
fi
rm -f "$T/many.qdf" "$T/pdfa-1b/many.pdf"

# none: no XMP, no output intent, no CIDSet.
make_pdf seed none "$SEED"
for key in Root/Metadata Root/OutputIntents; do
	# mutool prints null for a key that is not there (and nothing when
	# it cannot read the file, which fails too).
	got=$(mutool show "$T/none/seed.pdf" "$key" 2>/dev/null)
	if [ "$got" = null ]; then ok; else bad "none: $key: '$got'"; fi
done
if qpdf --qdf --object-streams=disable "$T/none/seed.pdf" "$T/none.qdf" &&
    ! grep -q -a '/CIDSet' "$T/none.qdf"; then ok; else bad "none: a /CIDSet"; fi
if qpdf --qdf --object-streams=disable "$T/pdfa-1b/seed.pdf" "$T/1b.qdf" &&
    [ "$(grep -c -a '/CIDSet' "$T/1b.qdf")" -eq "$(grep -c -a '/Type /FontDescriptor' "$T/1b.qdf")" ]; then ok; else
	bad "pdfa-1b: not a /CIDSet for every font"
fi

# The default is pdfa-2b.
rm -rf "$T/o" && mkdir -p "$T/o"
expect 0 default "$QBIND" build -q -f pdf -o "$T/o" "$SEED"
if cmp -s "$T/o/go-interview-followups.pdf" "$T/pdfa-2b/seed.pdf"; then ok; else
	bad "the default is not pdf.standard = pdfa-2b"
fi

# Reproducible in every mode.
for std in none pdfa-1b pdfa-2b; do
	cp "$T/$std/seed.pdf" "$T/seed-$std-1.pdf"
	make_pdf seed "$std" "$SEED"
	if cmp -s "$T/seed-$std-1.pdf" "$T/$std/seed.pdf"; then ok; else bad "$std: two builds differ"; fi
done

# A bad value: the usual style error, on -D and in style.conf, nothing
# written.
rm -rf "$T/o" && mkdir -p "$T/o"
expect 2 bad-d "$QBIND" build -f pdf -o "$T/o" -D pdf.standard=pdfa-3b "$SEED"
has "$T/stderr" "-D pdf.standard='pdfa-3b': expected one of none, pdfa-1b, pdfa-2b" bad-d
cp -R styles/default "$T/badstyle"
echo "pdf.standard = PDF/A" >>"$T/badstyle/style.conf"
expect 3 bad-style "$QBIND" build -f pdf -s "$T/badstyle" -o "$T/o" "$SEED"
has "$T/stderr" "style.conf:$(wc -l <"$T/badstyle/style.conf"):1: error: pdf.standard = 'PDF/A': expected one of none, pdfa-1b, pdfa-2b" bad-style
if [ -z "$(ls -A "$T/o")" ]; then ok; else bad "bad pdf.standard: files written"; fi

summary check-pdfa
