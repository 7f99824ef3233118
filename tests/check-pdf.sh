#!/bin/sh
# check-pdf.sh: the PDF handout end to end, judged by other programs:
# qpdf --check, poppler (pdffonts, pdftotext, pdfinfo, pdftoppm) with no
# warnings, MuPDF (text, bookmarks, links, drawing); every question and
# every word of the answers in the text in order, every word and path
# inside the margins, the contents links going to the pages they print,
# byte-identical rebuilds, blank-glyph regression by pixels, study and
# interviewer sheets, Letter, another font family, a missing font, bad
# settings, hostile corpora.
#
# usage: QBIND=out/qbind sh tests/check-pdf.sh   (run by tests/run.sh)
set -u
QBIND=${QBIND:-out/qbind}
SEED=corpus/go-interview-followups.txt
EN=corpus/go-interview-sample-en.txt
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1700000000
. tests/lib.sh
# build NAME OUTDIR ARGS...: qbind build -f pdf, must exit 0 without a
# sanitizer report (expect, lib.sh); stderr kept in $T/NAME.err.
build() {
	name=$1
	dir=$2
	shift 2
	mkdir -p "$dir"
	expect 0 "$name" "$QBIND" build -f pdf -o "$dir" "$@"
	cp "$T/stderr" "$T/$name.err"
}
# quiet NAME CMD...: CMD exits 0 and prints nothing on stderr.
quiet() {
	name=$1
	shift
	if "$@" >"$T/quiet.out" 2>"$T/quiet.err"; then
		if [ -s "$T/quiet.err" ]; then
			bad "$name: $1 warned"
			sed 's/^/  | /' "$T/quiet.err" | head -5
		else
			ok
		fi
	else
		bad "$name: $1 exited $?"
		sed 's/^/  | /' "$T/quiet.err" | head -5
	fi
}
# sfnt_ok NAME PDF: each embedded TrueType file is laid out as the
# OpenType spec says (libharu 2.3.0 writes it otherwise; pdf_sfnt_tidy
# repairs it): searchRange, entrySelector and rangeShift for its number
# of tables, every table on a 4-byte boundary with its checksum right,
# and the whole file summing to 0xB1B0AFBA (head.checkSumAdjustment).
sfnt_ok() {
	rm -rf "$T/fx"
	mkdir -p "$T/fx"
	case $2 in /*) abs=$2 ;; *) abs=$PWD/$2 ;; esac
	(cd "$T/fx" && mutool extract "$abs" >/dev/null 2>&1)
	nfont=0
	for ttf in "$T"/fx/*.ttf; do
		[ -f "$ttf" ] || continue
		nfont=$((nfont + 1))
		why=$(od -An -v -tu1 "$ttf" | awk '
		function u32(i) { return ((b[i] * 256 + b[i+1]) * 256 + b[i+2]) * 256 + b[i+3] }
		function sum(o, l, skip,   s, i) {
			s = 0
			for (i = o; i < o + l; i += 4)
				if (i != skip)
					s = (s + u32(i)) % 4294967296
			return s
		}
		{ for (i = 1; i <= NF; i++) b[n++] = $i }
		END {
			for (i = n; i < n + 4; i++) b[i] = 0
			nt = b[4] * 256 + b[5]; p = 1; e = 0
			while (p * 2 <= nt) { p *= 2; e++ }
			if (b[6] * 256 + b[7] != 16 * p || b[9] != e ||
			    b[10] * 256 + b[11] != 16 * (nt - p)) { print "search fields"; exit }
			for (t = 0; t < nt; t++) {
				r = 12 + 16 * t
				tag = sprintf("%c%c%c%c", b[r], b[r+1], b[r+2], b[r+3])
				off = u32(r + 8); len = u32(r + 12)
				if (off % 4 != 0) { print tag " at " off; exit }
				if (off + len > n) { print tag " past the end"; exit }
				for (i = off + len; i < n && i % 4 != 0; i++) if (b[i] != 0) { print tag " padding"; exit }
				if (sum(off, len, tag == "head" ? off + 8 : -1) != u32(r + 4)) { print tag " checksum"; exit }
			}
			if (sum(0, n, -1) != 2981146554) print "checkSumAdjustment"
		}')
		if [ -n "$why" ]; then
			bad "$1: embedded font $(basename "$ttf"): $why"
			return
		fi
	done
	if [ "$nfont" -gt 0 ]; then ok; else bad "$1: mutool extracted no font"; fi
}
# valid NAME PDF: qpdf clean, every font embedded TrueType, poppler quiet,
# the embedded fonts well formed.
valid() {
	name=$1
	pdf=$2
	if [ ! -s "$pdf" ]; then
		bad "$name: no $pdf"
		return
	fi
	if qpdf --check "$pdf" >"$T/qpdf.out" 2>&1; then ok; else
		bad "$name: qpdf --check"
		sed 's/^/  | /' "$T/qpdf.out" | head -5
	fi
	quiet "$name pdffonts" pdffonts "$pdf"
	fonts=$(awk 'NR > 2' "$T/quiet.out")
	if [ -z "$fonts" ]; then
		bad "$name: pdffonts lists no font"
	elif echo "$fonts" | awk '$(NF-4) != "yes" || /Type 3/ { f = 1 } END { exit !f }'; then
		bad "$name: a font is not embedded or is Type 3"
		echo "$fonts" | sed 's/^/  | /'
	else
		ok
	fi
	quiet "$name pdfinfo" pdfinfo "$pdf"
	quiet "$name pdftotext" pdftotext -enc UTF-8 "$pdf" "$T/text.txt"
	sfnt_ok "$1" "$pdf"
}
# questions CORPUS: the question texts, from the JSON outline.
questions() {
	"$QBIND" outline -f json "$1" 2>/dev/null | jq -r '.. | objects |
	    select(.kind? == "question") | .text' 2>/dev/null
}
# everything CORPUS: each question's text, then every literal of its
# answer (text, inline code, code lines) in document order.
everything() {
	"$QBIND" outline -f json "$1" 2>/dev/null | jq -r '.. | objects |
	    select(.kind? == "question") | .text,
	    (.answer // {} | .. | objects | .literal? // empty)' 2>/dev/null
}
# inside NAME PDF L R [T B]: every word box of every page lies between
# the left and right margins (points), and either in the text area between
# the top and bottom margins (default 20mm) or wholly in a margin (the
# running header, the footer) at least 5mm from the edge of the paper.
inside() {
	pdftotext -bbox "$2" "$T/bbox.html" 2>/dev/null
	out=$(awk -v l="$3" -v r="$4" -v t="${5:-56.69}" -v b="${6:-56.69}" '
		/<page / { match($0, /width="[0-9.]+"/); w = substr($0, RSTART + 7, RLENGTH - 8) + 0
		           match($0, /height="[0-9.]+"/); h = substr($0, RSTART + 8, RLENGTH - 9) + 0 }
		/<word / {
			split($0, a, "\"")
			x0 = a[2] + 0; y0 = a[4] + 0; x1 = a[6] + 0; y1 = a[8] + 0
			body = y0 >= t - 0.5 && y1 <= h - b + 0.5
			margin = (y1 <= t + 0.5 || y0 >= h - b - 0.5) && y0 >= 14 && y1 <= h - 14
			if (x0 < l - 0.5 || x1 > w - r + 0.5 || !(body || margin))
				{ n++; if (n < 4) print }
			words++
		}
		END { if (words == 0) print "no words"; }' "$T/bbox.html")
	if [ -z "$out" ]; then ok; else
		bad "$2: words outside the page or its margins:"
		printf '%s\n' "$out" | sed 's/^/  | /'
	fi
}

# --- typography (issue 13): measured from poppler's line boxes ---
# text_lines PDF: each line pdftotext -bbox-layout finds, one a row:
# page, xMin, yMin, xMax, yMax (points, y down from the top) and the
# line's words joined by single spaces, tab-separated.
text_lines() {
	pdftotext -bbox-layout "$1" - 2>/dev/null | LC_ALL=C awk -F'"' '
	/<page / { pg++ }
	/<line / { x = $2; y = $4; r = $6; b = $8; s = ""; nw = 0 }
	/<word / { w = $0; sub(/.*">/, "", w); sub(/<\/word>.*/, "", w)
		gsub(/&lt;/, "<", w); gsub(/&gt;/, ">", w); gsub(/&quot;/, "\"", w)
		gsub(/&#39;/, "'"'"'", w); gsub(/&amp;/, "\\&", w)
		s = s (nw ? " " : "") w; nw++ }
	/<\/line>/ { printf "%d\t%.2f\t%.2f\t%.2f\t%.2f\t%s\n", pg, x, y, r, b, s }'
}
# measure NAME PDF LO HI: the median number of characters of a full
# line of body text (one that starts at the text column's left edge,
# where most lines of three words or more start, and reaches its right
# edge: a justified line, not a paragraph's last) lies in [LO, HI].
measure() {
	text_lines "$2" >"$T/lines.tsv"
	got=$(LC_ALL=C awk -F'\t' '
		$1 > 1 { n++; X[n] = sprintf("%.0f", $2); R[n] = $4 + 0; s = $6
			 gsub(/[\200-\277]/, "", s); C[n] = length(s)
			 if (split($6, t, " ") >= 3) cnt[X[n]]++
			 if (R[n] > rmax) rmax = R[n] }
		END {
			for (k in cnt) if (cnt[k] > best) { best = cnt[k]; m = k }
			for (i = 1; i <= n; i++)
				if (X[i] >= m - 1 && X[i] <= m + 1 && R[i] >= rmax - 3) v[++k2] = C[i]
			for (i = 2; i <= k2; i++) { c = v[i]; j = i - 1
				while (j > 0 && v[j] > c) { v[j + 1] = v[j]; j-- } v[j + 1] = c }
			if (k2 < 10) print "0 " k2; else print v[int((k2 + 1) / 2)] " " k2
		}' "$T/lines.tsv")
	med=${got% *}
	if [ "$med" -ge "$3" ] && [ "$med" -le "$4" ]; then ok; else
		bad "$1: median $med characters per full line (of ${got#* }), want $3 to $4"
	fi
}
# final_hyphen NAME PDF: no paragraph's second-last line ends in a
# hyphen.  A paragraph's last line is one that stops short of the right
# edge; the line above it in the same column, one leading up, and
# reaching the right edge, is its second-last.
final_hyphen() {
	text_lines "$2" >"$T/lines.tsv"
	out=$(awk -F'\t' '
		{ n++; P[n] = $1; X[n] = $2 + 0; Y[n] = $3 + 0; R[n] = $4 + 0; S[n] = $6
		  if (R[n] > rmax) rmax = R[n]
		  if (n > 1 && P[n] == P[n - 1] && Y[n] > Y[n - 1]) g[sprintf("%.1f", Y[n] - Y[n - 1])]++ }
		END {
			for (k in g) if (g[k] > best) { best = g[k]; lead = k + 0 }
			for (i = 2; i <= n; i++)
				if (P[i] == P[i - 1] && Y[i] - Y[i - 1] > 0 && Y[i] - Y[i - 1] < lead * 1.25 &&
				    X[i] >= X[i - 1] - 1.5 && X[i] <= X[i - 1] + 1.5 &&
				    R[i] < rmax - 3 && R[i - 1] >= rmax - 3 && S[i - 1] ~ /[-\xad]$/) {
					c++; if (c < 4) print "page " P[i] ": " S[i - 1] " / " S[i]
				}
			if (lead == 0) print "no lines"
		}' "$T/lines.tsv")
	if [ -z "$out" ]; then ok; else
		bad "$1: a hyphen ends the second-last line of a paragraph:"
		printf '%s\n' "$out" | sed 's/^/  | /'
	fi
}
# code_spans CORPUS: the inline code spans of the answers with a space
# inside and at most 40 characters (narrower than any measure), one a
# line, as often as they occur.
code_spans() {
	awk '/^```/ { fence = !fence; next } !fence {
		n = split($0, a, "`")
		for (i = 2; i < n; i += 2) if (a[i] ~ / / && length(a[i]) <= 40) print a[i] }' "$1"
}
# whole_code NAME PDF CORPUS: each such span is found whole within one
# line of the PDF at least as often as in the corpus: none is broken
# across lines.
whole_code() {
	text_lines "$2" | cut -f6 >"$T/ltext.txt"
	code_spans "$3" | sort | uniq -c >"$T/spans.txt"
	[ -s "$T/spans.txt" ] || { bad "$1: no code span with a space in $3"; return; }
	out=$(while read -r cnt span; do
		got=$(awk -v s="$span" '{ t = $0; while ((i = index(t, s)) > 0) { n++; t = substr(t, i + 1) } }
			END { print n + 0 }' "$T/ltext.txt")
		[ "$got" -ge "$cnt" ] || echo "'$span': $cnt in the corpus, $got whole in the PDF"
	done <"$T/spans.txt")
	if [ -z "$out" ]; then ok; else
		bad "$1: inline code broken across lines:"
		printf '%s\n' "$out" | head -5 | sed 's/^/  | /'
	fi
}
# page_fill NAME PDF MINFILL FIRST: no page holds a single line of body
# text (between the 20mm margins at the top and the bottom), and every
# page of the body (from page FIRST on) but the last is filled to
# MINFILL percent of the text area at least: none is left a third empty
# because a question did not fit.
page_fill() {
	text_lines "$2" >"$T/lines.tsv"
	h=$(pdfinfo "$2" 2>/dev/null | awk '/^Page size:/ { print $5 }')
	out=$(awk -F'\t' -v t=56.69 -v b=56.69 -v h="$h" -v fill="$3" -v first="$4" '
		$3 + 0 >= t - 2 && $5 + 0 <= h - b + 2 {
			# one visual line: the texts at one height (a number
			# hanging beside its question is a line of its own to
			# poppler)
			k = $1 SUBSEP int($3 + 0.5)
			if (!(k in seen)) { seen[k] = 1; n[$1]++ }
			if ($5 + 0 > low[$1]) low[$1] = $5 + 0 }
		{ if ($1 > last) last = $1 }
		END {
			for (p = 1; p <= last; p++) {
				if (n[p] == 1) print "page " p " holds one line"
				if (p < last && p >= first && (low[p] - t) * 100 < fill * (h - t - b))
					printf "page %d filled to %d%%\n", p, (low[p] - t) * 100 / (h - t - b)
			}
		}' "$T/lines.tsv")
	if [ -z "$out" ]; then ok; else
		bad "$1: pages badly filled:"
		printf '%s\n' "$out" | head -5 | sed 's/^/  | /'
	fi
}

# paths_inside PDF L R: every point of every rectangle and line drawn
# (code backgrounds, rules, note lines) lies between the margins L and R
# and on the page (MuPDF's trace of the drawing operations).
paths_inside() {
	mutool trace "$1" >"$T/trace.xml" 2>/dev/null
	out=$(awk -F'"' -v l="$2" -v r="$3" '
		/<page / { split($4, m, " "); w = m[3]; h = m[4] }
		/<(moveto|lineto) / {
			x = $2 + 0; y = $4 + 0; n++
			if (x < l - 0.5 || x > w - r + 0.5 || y < 0 || y > h) { bad++; if (bad < 4) print }
		}
		END { if (n == 0) print "no paths" }' "$T/trace.xml")
	if [ -z "$out" ]; then ok; else
		bad "$1: drawing outside the margins:"
		printf '%s\n' "$out" | sed 's/^/  | /'
	fi
}

# --- the seed handout ---
build seed "$T/a" "$SEED"
P=$T/a/go-interview-followups.pdf
valid seed "$P"
# (but for the line that says what build wrote)
grep -v '^qbind: wrote ' "$T/seed.err" >"$T/seed.err2" || :
mv "$T/seed.err2" "$T/seed.err"
if [ -s "$T/seed.err" ]; then bad "seed: qbind printed something"; sed 's/^/  | /' "$T/seed.err" | head -5; else ok; fi
questions "$SEED" >"$T/seed-q.txt"
n=$(wc -l <"$T/seed-q.txt")
if [ "$n" -eq 73 ]; then ok; else bad "seed: $n questions in the outline, expected 73"; fi
in_order seed "$P" "$T/seed-q.txt"
inside seed "$P" 104 104
size=$(wc -c <"$P")
if [ "$size" -lt 307200 ]; then ok; else bad "seed: $size bytes, target < 300 KB"; fi
pdfinfo "$P" >"$T/info.txt" 2>/dev/null
# The title as printed: «к» tied to its word by a no-break space.
if grep -q "^Title: *Уточняющие вопросы к$(printf '\302\240')существующим темам$" "$T/info.txt"; then ok; else
	bad "seed: pdfinfo Title is not the Cyrillic title"
	grep Title "$T/info.txt"
fi
if grep -q '^CreationDate: *Tue Nov 14 22:13:20 2023 UTC' "$T/info.txt"; then ok; else
	bad "seed: CreationDate is not SOURCE_DATE_EPOCH"
	grep Date "$T/info.txt"
fi
# Bookmarks: sections and groups, in Cyrillic.
mutool show "$P" outline >"$T/outline.txt" 2>/dev/null
if grep -q '"Интерфейсы и.\{1,2\}типы"' "$T/outline.txt" &&
    grep -q '"каналы"' "$T/outline.txt"; then ok; else
	bad "seed: bookmarks missing or not in Cyrillic"
	head -5 "$T/outline.txt"
fi
# The table of contents links: one per entry at least, each to a page.
qpdf --qdf --object-streams=disable "$P" "$T/qdf.pdf" 2>/dev/null
links=$(grep -a -c '/Subtype /Link' "$T/qdf.pdf")
if [ "$links" -ge 36 ]; then ok; else bad "seed: $links links, expected one per contents entry (36)"; fi
# Each contents entry goes where it says: the number at the right end of
# a link's line is the page the link opens (MuPDF reads the links).
cat >"$T/links.js" <<'EOF'
var doc = new Document(scriptArgs[0]);
for (var i = 0; i < doc.countPages(); i++) {
	var links = doc.loadPage(i).getLinks();
	for (var j = 0; j < links.length; j++) {
		var b = links[j].bounds, m = /#page=([0-9]+)/.exec(links[j].uri);
		print((i + 1) + " " + b[1] + " " + b[3] + " " + (m ? m[1] : "none"));
	}
}
EOF
mutool run "$T/links.js" "$P" >"$T/links.txt" 2>/dev/null
pdftotext -bbox "$P" "$T/toc.html" 2>/dev/null
wrong=$(awk -F'"' '
	FNR == NR { src[NR] = $0; next }
	/<page / { pg++ }
	/<word / { t = $0; sub(/.*">/, "", t); sub(/<.*/, "", t); n++
		   wp[n] = pg; wy0[n] = $4; wy1[n] = $8; wx[n] = $6; wt[n] = t }
	END {
		for (i = 1; i in src; i++) {
			split(src[i], a, " "); best = -1; num = ""
			for (k = 1; k <= n; k++)
				if (wp[k] == a[1] && wy0[k] + 0 >= a[2] - 1 &&
				    wy1[k] + 0 <= a[3] + 1 && wx[k] + 0 > best) {
					best = wx[k] + 0; num = wt[k]
				}
			if (num != a[4])
				print "link " i " on page " a[1] " opens page " a[4] ", its line says " num
		}
	}' "$T/links.txt" "$T/toc.html")
nl=$(wc -l <"$T/links.txt")
if [ "$nl" -ge 36 ] && [ -z "$wrong" ]; then ok; else
	bad "seed: $nl links; contents links and page numbers disagree:"
	printf '%s\n' "$wrong" | head -5 | sed 's/^/  | /'
fi
# Reproducible: same bytes again, and a deterministic /ID.
build seed2 "$T/b" "$SEED"
if cmp -s "$P" "$T/b/go-interview-followups.pdf"; then ok; else bad "seed: two builds differ"; fi
if grep -a -q '^ */ID \[' "$T/qdf.pdf" || grep -a -q '/ID \[' "$P"; then ok; else bad "seed: no /ID in the trailer"; fi
# MuPDF reads the text too (the ToUnicode map).
if mutool draw -q -F txt -o "$T/mu.txt" "$P" 2>"$T/mu.err" &&
    grep -q 'планировщике' "$T/mu.txt" &&
    ! grep -v 'ICC support is not available' "$T/mu.err" | grep -qi 'error\|warning'; then ok; else
	bad "seed: mutool text extraction"
	head -3 "$T/mu.err"
fi

# --- the English sample: study and interviewer sheets ---
build en-study "$T/s" "$EN"
valid en-study "$T/s/go-interview-sample-en.pdf"
questions "$EN" >"$T/en-q.txt"
in_order en-study "$T/s/go-interview-sample-en.pdf" "$T/en-q.txt"
everything "$EN" >"$T/en-all.txt"
if [ "$(wc -l <"$T/en-all.txt")" -gt 300 ]; then ok; else bad "en: the answers' text was not listed"; fi
in_order en-study-answers "$T/s/go-interview-sample-en.pdf" "$T/en-all.txt"
inside en-study "$T/s/go-interview-sample-en.pdf" 104 104
paths_inside "$T/s/go-interview-sample-en.pdf" 104 104
build en-interviewer "$T/i" -D pdf.mode=interviewer "$EN"
valid en-interviewer "$T/i/go-interview-sample-en.pdf"
in_order en-interviewer "$T/i/go-interview-sample-en.pdf" "$T/en-q.txt"
# The note space ruled, or left blank (fewer strokes, same pages).
build en-blank "$T/nb" -D pdf.mode=interviewer -D pdf.notes=blank "$EN"
valid en-blank "$T/nb/go-interview-sample-en.pdf"
strokes() {
	qpdf --qdf --object-streams=disable "$1" "$T/strokes.pdf" 2>/dev/null
	grep -a -c '^S$' "$T/strokes.pdf"
}
sl=$(strokes "$T/i/go-interview-sample-en.pdf")
sb=$(strokes "$T/nb/go-interview-sample-en.pdf")
nq=$(wc -l <"$T/en-q.txt")
if [ "$sb" -gt 0 ] && [ "$sl" -ge $((sb + 4 * nq)) ]; then ok; else bad "notes: $sl strokes ruled, $sb blank, expected 4 more per question ($nq)"; fi
pl=$(pdfinfo "$T/i/go-interview-sample-en.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
pb=$(pdfinfo "$T/nb/go-interview-sample-en.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
if [ "$pl" = "$pb" ]; then ok; else bad "notes: $pl pages ruled, $pb blank"; fi
# Answers (code included) in the study sheet only.
pdftotext "$T/s/go-interview-sample-en.pdf" "$T/study.txt" 2>/dev/null
pdftotext "$T/i/go-interview-sample-en.pdf" "$T/interv.txt" 2>/dev/null
answer=$("$QBIND" outline -f json "$EN" | jq -r '[.. | objects | select(.kind? == "question" and .answer? != null)] | length' 2>/dev/null)
if [ "${answer:-0}" -gt 0 ] && grep -q 'hello from a goroutine' "$T/study.txt" &&
    ! grep -q 'hello from a goroutine' "$T/interv.txt"; then ok; else
	bad "en: code blocks of the answers should be in the study sheet only"
fi

# --- the interviewer's sheet: header, boxes, key points, summary ---
# sheet_ok NAME PDF CORPUS LANG-LABELS...: valid, every question in order,
# the header's title and fields on page 1 before the first question, a
# score row (0 1 2 3) on a line of each question, the summary table
# after the last question: one row per section with its count of
# questions, the total (3 points a question) and the verdict line.
sheet_ok() {
	sn=$1 pdf=$2 corpus=$3 title=$4 f1=$5 f2=$6 f3=$7 f4=$8 summ=$9
	shift 9
	total=$1 verdict=$2
	valid "$sn" "$pdf"
	questions "$corpus" >"$T/sq.txt"
	nq=$(wc -l <"$T/sq.txt")
	IN_ORDER_RAW=1 in_order "$sn" "$pdf" "$T/sq.txt"
	inside "$sn" "$pdf" 56 56
	paths_inside "$pdf" 56 56
	{ printf '%s\n' "$title" "$f1" "$f2" "$f3" "$f4"; head -1 "$T/sq.txt"; } >"$T/sh.txt"
	pdftotext -enc UTF-8 -f 1 -l 1 "$pdf" "$T/p1.pdf.txt" 2>/dev/null
	IN_ORDER_RAW=1 in_order "$sn-header" "$pdf" "$T/sh.txt"
	if grep -q -F "$title" "$T/p1.pdf.txt" && grep -q -F "$f4" "$T/p1.pdf.txt"; then ok; else
		bad "$sn: the sheet's title and fields are not on page 1"
	fi
	rows=$(pdftotext -enc UTF-8 -layout "$pdf" - 2>/dev/null | grep -c -E '0 +1 +2 +3 *$')
	if [ "$rows" -ge "$nq" ]; then ok; else bad "$sn: $rows score rows (0 1 2 3) for $nq questions"; fi
	"$QBIND" outline -q -f json "$corpus" >"$T/sj.json"
	{ tail -1 "$T/sq.txt"; echo "$summ"
	  jq -r '.sections[] | select(.title) | .title, ([.groups[].questions[]] | length | tostring)' "$T/sj.json"
	  echo "$total"; echo "$nq"; echo "/ $((nq * 3))"; echo "$verdict"; } >"$T/ss.txt"
	IN_ORDER_RAW=1 in_order "$sn-summary" "$pdf" "$T/ss.txt"
}
build sheet-seed "$T/ss" -D pdf.mode=interviewer "$SEED"
sheet_ok sheet-seed "$T/ss/go-interview-followups.pdf" "$SEED" 'Лист интервьюера' \
    Кандидат Дата Позиция Интервьюер 'Сводка оценок' Всего Итог
if grep -q 'Уточняющие вопросы к существующим темам' "$T/p1.pdf.txt"; then ok; else bad "sheet-seed: the corpus title is not in the header"; fi
# No title page: the first page has the header and questions, and its
# number (the pages of a sheet may come apart).
if grep -q -F 'GOMAXPROCS' "$T/p1.pdf.txt"; then ok; else bad "sheet-seed: no question on page 1 (a title page?)"; fi
if grep -q 'Страница 1 из' "$T/p1.pdf.txt"; then ok; else bad "sheet-seed: page 1 has no page number"; fi
build sheet-en "$T/se" -D pdf.mode=interviewer "$EN"
sheet_ok sheet-en "$T/se/go-interview-sample-en.pdf" "$EN" 'Interview sheet' \
    Candidate Date Role Interviewer 'Score summary' Total Recommendation
# The compact sheet: the seed on at most 6 A4 pages.
build sheet-compact "$T/sc" -D pdf.mode=interviewer -D pdf.sheet=compact "$SEED"
sheet_ok sheet-compact "$T/sc/go-interview-followups.pdf" "$SEED" 'Лист интервьюера' \
    Кандидат Дата Позиция Интервьюер 'Сводка оценок' Всего Итог
pc=$(pdfinfo "$T/sc/go-interview-followups.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
if [ "${pc:-99}" -le 6 ]; then ok; else bad "sheet-compact: the seed takes ${pc:-?} pages, want at most 6"; fi
pf=$(pdfinfo "$T/ss/go-interview-followups.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
if [ "${pc:-99}" -lt "${pf:-0}" ]; then ok; else bad "sheet-compact: $pc pages, not fewer than the full sheet's $pf"; fi
build sheet-compact-en "$T/sce" -D pdf.mode=interviewer -D pdf.sheet=compact "$EN"
sheet_ok sheet-compact-en "$T/sce/go-interview-sample-en.pdf" "$EN" 'Interview sheet' \
    Candidate Date Role Interviewer 'Score summary' Total Recommendation
# Reproducible.
build sheet-compact2 "$T/sc2" -D pdf.mode=interviewer -D pdf.sheet=compact "$SEED"
if cmp -s "$T/sc/go-interview-followups.pdf" "$T/sc2/go-interview-followups.pdf"; then ok; else bad "sheet-compact: two builds differ"; fi
# An asked box and four score boxes a question, each one stroked
# rectangle, with the note space left blank so that only boxes and table
# rules remain.
build sheet-blank "$T/sb" -D pdf.mode=interviewer -D pdf.sheet=compact -D pdf.notes=blank "$SEED"
st=$(strokes "$T/sb/go-interview-followups.pdf")
nre=$(grep -a -c ' re$' "$T/strokes.pdf")
if [ "$st" -ge $((73 * 5)) ] && [ "$nre" -ge $((73 * 5)) ]; then ok; else
	bad "sheet-blank: $st strokes, $nre rectangles, expected 5 boxes per question"
fi
# The key points: inline under their question, at the back after the
# summary, or nowhere; a questions-only corpus (the seed) has none.
"$QBIND" outline -q -f json "$EN" >"$T/ej.json"
q1=$(jq -r '.sections[0].groups[0].questions[0].text' "$T/ej.json")
q2=$(jq -r '.sections[0].groups[0].questions[1].text' "$T/ej.json")
k1='A goroutine is a function running concurrently, managed by the'
printf '%s\n' "$q1" "$k1" "$q2" >"$T/k-inline.txt"
IN_ORDER_RAW=1 in_order sheet-key-inline "$T/se/go-interview-sample-en.pdf" "$T/k-inline.txt"
pdftotext -enc UTF-8 "$T/se/go-interview-sample-en.pdf" "$T/k.txt" 2>/dev/null
if ! grep -q 'Answer key' "$T/k.txt" && ! grep -q 'hello from a goroutine' "$T/k.txt"; then ok; else bad "sheet-key-inline: an answer key page or a code block"; fi
build sheet-key-back "$T/kb" -D pdf.mode=interviewer -D pdf.key=back "$EN"
valid sheet-key-back "$T/kb/go-interview-sample-en.pdf"
printf '%s\n' "$q1" "$q2" 'Score summary' 'Answer key' "$k1" >"$T/k-back.txt"
IN_ORDER_RAW=1 in_order sheet-key-back "$T/kb/go-interview-sample-en.pdf" "$T/k-back.txt"
pdftotext -enc UTF-8 "$T/kb/go-interview-sample-en.pdf" "$T/kb.txt" 2>/dev/null
if [ "$(grep -c -F "$k1" "$T/kb.txt")" -eq 1 ]; then ok; else bad "sheet-key-back: the key points should be at the back only"; fi
build sheet-key-none "$T/kn" -D pdf.mode=interviewer -D pdf.key=none "$EN"
valid sheet-key-none "$T/kn/go-interview-sample-en.pdf"
pdftotext -enc UTF-8 "$T/kn/go-interview-sample-en.pdf" "$T/kn.txt" 2>/dev/null
if ! grep -q -F "$k1" "$T/kn.txt" && ! grep -q 'Answer key' "$T/kn.txt" && grep -q -F "$q1" "$T/kn.txt"; then ok; else
	bad "sheet-key-none: key points shown"
fi
build sheet-seed-back "$T/sk" -D pdf.mode=interviewer -D pdf.key=back "$SEED"
pk=$(pdfinfo "$T/sk/go-interview-followups.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
if [ "$pk" = "$pf" ] && ! pdftotext "$T/sk/go-interview-followups.pdf" - 2>/dev/null | grep -q 'Ключ ответов'; then ok; else
	bad "sheet-seed-back: a questions-only corpus should have no answer key ($pk pages, full sheet $pf)"
fi
# Bad values are refused.
for kv in pdf.sheet=tiny pdf.key=front; do
	"$QBIND" build -f pdf -o "$T/m0" -D pdf.mode=interviewer -D "$kv" "$SEED" >/dev/null 2>"$T/m.err"
	if [ $? -ne 0 ] && grep -q "${kv%%=*}" "$T/m.err"; then ok; else bad "$kv accepted"; fi
done
# Another family, as a style would name it (the default is PT Serif
# with DejaVu Sans Mono).
build pt-serif "$T/pt" -D 'pdf.font=DejaVu Sans' -D 'pdf.mono-font=PT Mono' "$EN"
valid pt-serif "$T/pt/go-interview-sample-en.pdf"
if pdffonts "$T/pt/go-interview-sample-en.pdf" 2>/dev/null | grep -q 'DejaVuSans-Bold' &&
    pdffonts "$T/pt/go-interview-sample-en.pdf" 2>/dev/null | grep -q 'PTMono-Regular' &&
    ! pdffonts "$T/pt/go-interview-sample-en.pdf" 2>/dev/null | grep -q PTSerif; then ok; else
	bad "pt-serif: DejaVu Sans and PT Mono should be the only fonts"
fi
in_order pt-serif "$T/pt/go-interview-sample-en.pdf" "$T/en-q.txt"
# Letter paper and other margins.
build en-letter "$T/l" -D pdf.paper=letter -D pdf.margin-left=1in -D pdf.margin-right=30mm "$EN"
if pdfinfo "$T/l/go-interview-sample-en.pdf" 2>/dev/null | grep -q 'Page size: *612 x 792'; then ok; else bad "letter: page size"; fi
inside en-letter "$T/l/go-interview-sample-en.pdf" 72 85
paths_inside "$T/l/go-interview-sample-en.pdf" 72 85

# --- blank composite glyphs (libharu 2.3.0): «ё» drawn before any «е»
# embeds «е» empty, so «е» prints as nothing while pdftotext still finds
# it.  Look at the pixels where pdftotext says the word is. ---
cat >"$T/yo.txt" <<'EOF'
Ёё ёёё ўў
Ёж
Ёлки:
Ёжик ёё?
ееее ееее?
уууу уууу?
EOF
build yo "$T/y" "$T/yo.txt"
valid yo "$T/y/yo.pdf"
# ink PDF WORD: the share of dark pixels (x1000) inside the box pdftotext
# gives for the first WORD, rendered at 144 dpi in grey.
ink() {
	pdftotext -bbox "$1" "$T/ink.html" 2>/dev/null
	box=$(awk -v w="$2" -F'"' '/<page / { p++ }
		/<word / { t = $0; sub(/.*">/, "", t); sub(/<.*/, "", t)
		  if (t == w) { printf "%d %f %f %f %f\n", p, $2, $4, $6, $8; exit } }' "$T/ink.html")
	[ -n "$box" ] || { echo 0; return; }
	set -- "$1" $box
	x=$(awk -v v="$3" 'BEGIN { printf "%d", v * 2 }')
	y=$(awk -v v="$4" 'BEGIN { printf "%d", v * 2 }')
	w=$(awk -v a="$3" -v b="$5" 'BEGIN { printf "%d", (b - a) * 2 }')
	h=$(awk -v a="$4" -v b="$6" 'BEGIN { printf "%d", (b - a) * 2 }')
	pdftoppm -gray -r 144 -f "$2" -l "$2" -x "$x" -y "$y" -W "$w" -H "$h" "$1" >"$T/ink.pgm" 2>/dev/null
	# P5 header: three lines, then w*h bytes.
	tail -c $((w * h)) "$T/ink.pgm" | od -An -v -tu1 |
	    awk -v n=$((w * h)) '{ for (i = 1; i <= NF; i++) if ($i < 128) d++ }
		END { printf "%d\n", n ? d * 1000 / n : 0 }'
}
build yo-pt "$T/y2" -D 'pdf.font=PT Serif' "$T/yo.txt"
for word in ееее уууу Ёжик; do
	for pdf in "$T/y/yo.pdf" "$T/y2/yo.pdf"; do
		v=$(ink "$pdf" "$word")
		if [ "$v" -ge 30 ]; then ok; else bad "yo: '$word' prints blank in $pdf (ink $v/1000): composite glyph left out of the subset"; fi
	done
done

# --- font fallback: a character the body font lacks is drawn from the
# font fontconfig falls back to (Symbola, Noto, DejaVu's other faces:
# which one depends on the fonts installed), embedded and subset; beyond
# the BMP too (CIDs of their own, back as text through ToUnicode).  Only
# a character no font has (private use: no other font's guess) is U+FFFD
# with the warning. ---
fallback_corpus "$T/fb.txt"
build fallback "$T/fb" "$T/fb.txt"
P=$T/fb/fb.pdf
valid fallback "$P"
quiet "fallback mutool clean" mutool clean "$P" "$T/fb-clean.pdf"
# Fallback faces embedded and subset (pdffonts: a tag before the name,
# emb and sub "yes"), beside the body's own faces.
pdffonts "$P" 2>/dev/null | awk 'NR > 2' >"$T/fb-fonts"
nfb=$(awk '$1 !~ /DejaVuSans(-Bold|-Oblique|Mono)?,/ && $1 ~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/ &&
    $(NF-4) == "yes" && $(NF-3) == "yes" { n++ } END { print n + 0 }' "$T/fb-fonts")
if [ "$nfb" -ge 1 ]; then ok; else bad "fallback: no fallback face embedded and subset"; sed 's/^/  | /' "$T/fb-fonts"; fi
# Every character back as text (poppler and MuPDF).
pdftotext -enc UTF-8 "$P" "$T/fb.pop" 2>/dev/null
mutool draw -q -F txt -o "$T/fb.mu" "$P" 2>/dev/null
for want in 'Glyphs 🙂 and 𝔘 from other fonts' 'Smile 🙂 rocket 🚀 fraktur 𝔘 𝔙 arrows → ⇒ box ┌─┐ end.' \
    '┌─┐ 🙂 𝔘 →' 'Private � use.'; do
	for f in "$T/fb.pop" "$T/fb.mu"; do
		if grep -q -F -- "$want" "$f"; then ok; else bad "fallback: '$want' not in the text of $(basename "$f")"; fi
	done
done
# One warning, for the private-use character, none for those drawn.
if [ "$(grep -c 'warning: character U+' "$T/fallback.err")" -eq 1 ] &&
    grep -q 'fb.txt:13:9: warning: character U+E000 cannot be printed' "$T/fallback.err"; then ok; else
	bad "fallback: expected exactly the warning for U+E000"
	sed 's/^/  | /' "$T/fallback.err"
fi
# Drawn, not boxes: the glyph MuPDF draws for each (its glyph id in the
# font) is a real one (not glyph 0, .notdef), distinct characters have
# distinct glyphs, and each comes from a font other than the body's.
mutool trace "$P" 2>/dev/null | awk -F'"' '
	/<span / { font = $2 }
	/<g / && $2 ~ /^(🙂|🚀|𝔘|𝔙)$/ && !seen[$2]++ { print $2, $4, font }' >"$T/fb-glyphs"
wrong=$(awk '{ n++; if ($2 == 0 || $3 ~ /DejaVuSans,/) print; g[$2]++ }
	END { if (n != 4) print n " of 4 characters drawn"; for (k in g) if (g[k] > 1) print "glyph " k " twice" }' "$T/fb-glyphs")
if [ -z "$wrong" ]; then ok; else bad "fallback: glyphs: $wrong"; sed 's/^/  | /' "$T/fb-glyphs"; fi
# And ink where pdftotext says they are (as for «ё» above).
for word in 🙂 𝔘 🚀; do
	v=$(ink "$P" "$word")
	if [ "$v" -ge 30 ]; then ok; else bad "fallback: '$word' prints blank (ink $v/1000)"; fi
done
# Body fonts that lack arrows and box drawing (PT Serif, PT Mono): those
# come from fallback fonts too, in the text and in code.
build fallback-pt "$T/fbp" -D 'pdf.font=PT Serif' -D 'pdf.mono-font=PT Mono' "$T/fb.txt"
valid fallback-pt "$T/fbp/fb.pdf"
pdftotext -enc UTF-8 "$T/fbp/fb.pdf" "$T/fbp.txt" 2>/dev/null
if grep -q -F 'arrows → ⇒ box ┌─┐ end.' "$T/fbp.txt" && grep -q -F '┌─┐ 🙂 𝔘 →' "$T/fbp.txt" &&
    [ "$(grep -c 'warning: character U+' "$T/fallback-pt.err")" -eq 1 ]; then ok; else
	bad "fallback-pt: arrows and box drawing not drawn, or warnings:"
	sed 's/^/  | /' "$T/fallback-pt.err"
fi
build fallback2 "$T/fb2" "$T/fb.txt"
if cmp -s "$P" "$T/fb2/fb.pdf"; then ok; else bad "fallback: two builds differ"; fi

# --- links in answers open their address: a URI annotation over each
# line piece of the link's text and of its printed address, with the
# address percent-encoded to ASCII; javascript: stays plain text ---
printf '%s\n' 'Links' 'Where to read:' 'Where is the documentation?' ':::' \
    'Read <https://go.dev/doc/> first, then [the Go memory model and the rules of synchronisation that it gives to every program](https://go.dev/ref/mem#synchronization), [the language](https://en.wikipedia.org/wiki/Go_(programming_language)) and [ёлка](https://example.org/ёлка); ask <mailto:team@example.org>; never [click here](javascript:alert(1)).' \
    ':::' >"$T/links.txt"
build links "$T/lk" "$T/links.txt"
P=$T/lk/links.pdf
valid links "$P"
quiet "links mutool clean" mutool clean "$P" "$T/lk-clean.pdf"
cat >"$T/uris.js" <<'EOF'
var doc = new Document(scriptArgs[0]);
for (var i = 0; i < doc.countPages(); i++) {
	var links = doc.loadPage(i).getLinks();
	for (var j = 0; j < links.length; j++) {
		var b = links[j].bounds;
		if (!/^#/.test(links[j].uri))
			print((i + 1) + " " + b[0] + " " + b[1] + " " + b[2] + " " + b[3] + " " + links[j].uri);
	}
}
EOF
mutool run "$T/uris.js" "$P" >"$T/uris.txt" 2>/dev/null
awk '{ print $6 }' "$T/uris.txt" | sort -u >"$T/uris.got"
printf '%s\n' 'https://example.org/%D1%91%D0%BB%D0%BA%D0%B0' 'https://en.wikipedia.org/wiki/Go_(programming_language)' \
    'https://go.dev/doc/' 'https://go.dev/ref/mem#synchronization' 'mailto:team@example.org' | sort >"$T/uris.want"
if cmp -s "$T/uris.got" "$T/uris.want"; then ok; else
	bad "links: the URI annotations are not the answer's safe links"
	diff "$T/uris.want" "$T/uris.got" | sed 's/^/  | /'
fi
# The link that wraps has an area on each of its lines.
if [ "$(grep -c ' https://go.dev/ref/mem#synchronization$' "$T/uris.txt")" -ge 3 ]; then ok; else
	bad "links: the wrapped link and its address should have an area per line"
fi
qpdf --qdf --object-streams=disable "$P" "$T/lk-qdf.pdf" 2>/dev/null
if grep -a -q '/Subtype /Link' "$T/lk-qdf.pdf" && grep -a -q '/S /URI' "$T/lk-qdf.pdf" &&
    ! grep -a -q 'javascript' "$T/lk-qdf.pdf"; then ok; else bad "links: no /Link with /S /URI, or a javascript: one"; fi
# Each area lies on the page within the margins, over the link's own
# words (the centre of each word of a link in an area with its URI) and
# over no word of the text around it.
pdftotext -bbox "$P" "$T/lk.html" 2>/dev/null
wrong=$(awk -F'"' '
	FNR == NR { split($0, a, " "); n++; lp[n] = a[1]; lx0[n] = a[2]; ly0[n] = a[3]
		    lx1[n] = a[4]; ly1[n] = a[5]; lu[n] = a[6]
		    if (a[2] < 55.5 || a[4] > 595.3 - 55.5 || a[3] < 0 || a[5] > 841.9) print "area off the page " $0
		    next }
	/<page / { pg++ }
	/<word / {
		t = $0; sub(/.*">/, "", t); sub(/<.*/, "", t)
		cx = ($2 + $6) / 2; cy = ($4 + $8) / 2; u = "none"
		for (i = 1; i <= n; i++)
			if (lp[i] == pg && cx >= lx0[i] && cx <= lx1[i] && cy >= ly0[i] && cy <= ly1[i])
				u = lu[i]
		want = "none"
		if (t == "https://go.dev/doc/") want = "https://go.dev/doc/"
		if (t == "memory" || t == "synchronisation" || t == "program") want = "https://go.dev/ref/mem#synchronization"
		if (t == "language") want = "https://en.wikipedia.org/wiki/Go_(programming_language)"
		if (t == "ёлка") want = "https://example.org/%D1%91%D0%BB%D0%BA%D0%B0"
		if (t == "mailto:team@example.org") want = "mailto:team@example.org"
		if (t == "Read" || t == "first," || t == "then" || t == "click" || t == "here)." || t == "here." || t == "never" || t == "ask")
			want = "none"
		else if (want == "none")
			next
		if (u != want) print "\"" t "\" opens " u ", expected " want
	}' "$T/uris.txt" "$T/lk.html")
if [ -z "$wrong" ] && [ -s "$T/uris.txt" ]; then ok; else bad "links: areas and words disagree:"; printf '%s\n' "$wrong" | head -8 | sed 's/^/  | /'; fi
# In the English sample too, and the same bytes twice.
if mutool run "$T/uris.js" "$T/s/go-interview-sample-en.pdf" 2>/dev/null | grep -q ' https://github.com/uber-go/goleak$'; then ok; else
	bad "en-study: the goleak link is not clickable"
fi
build links2 "$T/lk2" "$T/links.txt"
if cmp -s "$P" "$T/lk2/links.pdf"; then ok; else bad "links: two builds differ"; fi

# --- text extraction: every character back as written, typographic
# and code ones too, through poppler and MuPDF (the ToUnicode map) ---
cat >"$T/chars.txt" <<'EOF'
Знаки «ёлка» — №1
Группа «№ 2» — знаки:
Ёж ёлка «кавычки» — тире № 5 … „низкие“ ‘одинарные’ ½ € ©?
:::
Код: `x := <-ch; a[i] != b && c || d ~ ^ | {} $ @ # % * + = ' "`.
:::
EOF
# (the margins of a wider measure: the code span fits one line, so it
# comes back whole)
build chars "$T/c" -D pdf.margin-left=20mm -D pdf.margin-right=20mm "$T/chars.txt"
valid chars "$T/c/chars.pdf"
pdftotext -enc UTF-8 "$T/c/chars.pdf" "$T/chars.pop" 2>/dev/null
mutool draw -q -F txt -o "$T/chars.mu" "$T/c/chars.pdf" 2>/dev/null
for want in 'Знаки «ёлка» — №1' 'Группа «№ 2» — знаки' \
    'Ёж ёлка «кавычки» — тире № 5 … „низкие“ ‘одинарные’ ½ € ©?' \
    "x := <-ch; a[i] != b && c || d ~ ^ | {} \$ @ # % * + = ' \""; do
	for f in "$T/chars.pop" "$T/chars.mu"; do
		if grep -q -F -- "$want" "$f"; then ok; else bad "chars: '$want' not in the text of $(basename "$f")"; fi
	done
done

# --- a missing font: a clear error, no file left ---
mkdir "$T/m"
"$QBIND" build -f pdf -o "$T/m" -D pdf.font='No Such Font' "$SEED" >/dev/null 2>"$T/m.err"
rc=$?
if [ "$rc" -eq 3 ]; then ok; else bad "missing font: exit $rc, expected 3"; fi
if grep -q "No Such Font" "$T/m.err" && grep -q "fc-match 'No Such Font:style=Regular'" "$T/m.err" &&
    grep -q fonts-dejavu-core "$T/m.err"; then ok; else
	bad "missing font: message should name the font, the fc-match query and the package"
	sed 's/^/  | /' "$T/m.err"
fi
if [ -z "$(ls -A "$T/m")" ]; then ok; else bad "missing font: left $(ls -A "$T/m")"; fi
"$QBIND" build -f pdf -o "$T/m" -D pdf.mono-font='No Such Mono' "$SEED" >/dev/null 2>"$T/m.err"
if [ $? -eq 3 ] && grep -q "No Such Mono" "$T/m.err" && [ -z "$(ls -A "$T/m")" ]; then ok; else bad "missing mono font"; fi
# A family without bold or italic faces prints, with a warning per face
# (fontconfig would fake them, which a PDF cannot).
build one-face "$T/f" -D pdf.font='DejaVu Math TeX Gyre' "$EN"
valid one-face "$T/f/go-interview-sample-en.pdf"
if [ "$(grep -c "warning: font 'DejaVu Math TeX Gyre' has no .* face" "$T/one-face.err")" -eq 3 ]; then ok; else
	bad "one-face: expected 3 warnings (bold, italic, bold italic)"
	sed 's/^/  | /' "$T/one-face.err"
fi
# Bad settings are reported and write nothing.
"$QBIND" build -f pdf -o "$T/m" -D pdf.paper=a5 "$SEED" >/dev/null 2>"$T/m.err"
if [ $? -ne 0 ] && grep -q "pdf.paper" "$T/m.err" && [ -z "$(ls -A "$T/m")" ]; then ok; else bad "pdf.paper=a5 accepted"; fi
SOURCE_DATE_EPOCH=yesterday "$QBIND" build -f pdf -o "$T/m" "$SEED" >/dev/null 2>"$T/m.err"
if [ $? -ne 0 ] && grep -q "SOURCE_DATE_EPOCH" "$T/m.err"; then ok; else bad "bad SOURCE_DATE_EPOCH accepted"; fi

# --- hostile corpora: valid, every word there, nothing off the page ---
hostile_corpus "$T/hostile.txt"
build hostile "$T/h" "$T/hostile.txt"
valid hostile "$T/h/hostile.pdf"
inside hostile "$T/h/hostile.pdf" 104 104
paths_inside "$T/h/hostile.pdf" 104 104
# The interviewer sheets of it: the 5000-word question over pages with
# its boxes and note lines, the code answer's key.
for v in full compact; do
	build "hostile-$v" "$T/h-$v" -D pdf.mode=interviewer -D pdf.sheet=$v "$T/hostile.txt"
	valid "hostile-$v" "$T/h-$v/hostile.pdf"
	inside "hostile-$v" "$T/h-$v/hostile.pdf" 56 56
	paths_inside "$T/h-$v/hostile.pdf" 56 56
done
# The long question runs over a page (a header comes between): word by word.
{ printf '%s\n' "$long"; printf '%s\n' $q5000; printf '%s\n' "$code" "Last question"; } >"$T/hostile-words.txt"
in_order hostile "$T/h/hostile.pdf" "$T/hostile-words.txt"
if grep -q "hostile.txt:16:.*warning.*U+E000" "$T/hostile.err"; then ok; else
	bad "hostile: no warning naming line 16 (a private-use character no font has)"
	sed 's/^/  | /' "$T/hostile.err" | head -5
fi
# A 40 KB title: 80 KB in UTF-16, more than libharu takes in one string.
{ awk 'BEGIN { for (i = 0; i < 4000; i++) printf "title%04d ", i; printf "\n" }'
  printf 'Section\nGroup:\nQuestion one?\n'; } >"$T/longtitle.txt"
build long-title "$T/lt" "$T/longtitle.txt"
valid long-title "$T/lt/longtitle.pdf"
if pdfinfo "$T/lt/longtitle.pdf" 2>/dev/null | grep -q '^Title: *title0000 title0001 .*…$'; then ok; else bad "long-title: Title not cut with …"; fi
for c in ok-hostile ok-control-char ok-empty-group ok-empty-section ok-escape ok-tabs; do
	build "$c" "$T/c-$c" "tests/cases/$c.txt"
	valid "$c" "$T/c-$c/$c.pdf"
	inside "$c" "$T/c-$c/$c.pdf" 104 104
	everything "tests/cases/$c.txt" | tr -d '\001-\037\177' >"$T/$c-q.txt"
	in_order "$c" "$T/c-$c/$c.pdf" "$T/$c-q.txt"
done
# The same as interviewer sheets, full and compact, their key points in
# small type and at the back: valid, nothing off the page.
for c in ok-hostile ok-control-char ok-empty-group ok-empty-section ok-escape ok-tabs; do
	for v in full compact; do
		build "$c-$v" "$T/c-$c-$v" -D pdf.mode=interviewer -D pdf.sheet=$v \
		    -D pdf.key=$([ $v = full ] && echo inline || echo back) "tests/cases/$c.txt"
		valid "$c-$v" "$T/c-$c-$v/$c.pdf"
		inside "$c-$v" "$T/c-$c-$v/$c.pdf" 56 56
		paths_inside "$T/c-$c-$v/$c.pdf" 56 56
	done
done

# --- untitled levels (markdown, lists, the qbind format's bare '#' and
# '##'): an untitled group or section adds no heading, bookmark or
# contents line, every question is there in order, and the document's
# description is on the title page ---
cat >"$T/toc-links.js" <<'EOF'
var doc = new Document(scriptArgs[0]);
for (var i = 0; i < doc.countPages(); i++) {
	var links = doc.loadPage(i).getLinks();
	for (var j = 0; j < links.length; j++)
		if (/^#/.test(links[j].uri)) /* not the answers' URI links */
			print((i + 1) + " " + links[j].bounds[1] + " " + links[j].bounds[3]);
}
EOF
for f in ok-untitled-k8s.md ok-untitled-mixed.md ok-untitled-bare.txt \
    ok-untitled-sections.txt ok-untitled-levels.txt; do
	c=${f%.*}
	build "$c" "$T/u-$c" "tests/cases/$f"
	P=$T/u-$c/$c.pdf
	valid "$c" "$P"
	inside "$c" "$P" 104 104
	paths_inside "$P" 104 104
	"$QBIND" outline -q -f json "tests/cases/$f" >"$T/u.json"
	questions "tests/cases/$f" >"$T/$c-q.txt"
	want=$(jq '[.sections[].groups[].questions[]] | length' "$T/u.json")
	if [ "$(wc -l <"$T/$c-q.txt")" -eq "$want" ] && [ "$want" -gt 0 ]; then ok; else bad "$c: $want questions in the outline"; fi
	in_order "$c" "$P" "$T/$c-q.txt"
	# The bookmarks: exactly the titled sections and groups, in order,
	# none with an empty title, and one for each question (its number
	# and text), in order, among them (check-pdflogic.sh checks their
	# levels and pages).
	jq -r '.sections[] | (.title // empty), (.groups[] | .title // empty)' "$T/u.json" >"$T/u-titles"
	mutool show "$P" outline 2>/dev/null | sed 's/^[-+|][[:space:]]*"//; s/"[[:space:]]*#page=.*//' |
	    awk -v qs="$T/u-qmarks" 'index($0, (k + 1) " ") == 1 { print ++k >qs; next } { print }' >"$T/u-marks"
	if [ "$(cat "$T/u-qmarks" 2>/dev/null | wc -l)" -eq "$want" ]; then ok; else
		bad "$c: $(cat "$T/u-qmarks" 2>/dev/null | wc -l) question bookmarks for $want questions"
	fi
	rm -f "$T/u-qmarks"
	if cmp -s "$T/u-titles" "$T/u-marks"; then ok; else
		bad "$c: bookmarks are not the titled sections and groups"
		diff "$T/u-titles" "$T/u-marks" | head -5 | sed 's/^/  | /'
	fi
	if mutool show "$P" outline 2>/dev/null | grep -q '^[-+|][[:space:]]*""'; then bad "$c: a bookmark without a title"; else ok; fi
	# The contents: one line (one link) per bookmark, each with a title
	# before its leaders and page number; no contents page at all when
	# nothing is titled.
	mutool run "$T/toc-links.js" "$P" >"$T/u-links" 2>/dev/null
	nm=$(wc -l <"$T/u-marks")
	nl=$(wc -l <"$T/u-links")
	if [ "$nl" -eq "$nm" ]; then ok; else bad "$c: $nl contents links for $nm titled sections and groups"; fi
	pdftotext -bbox "$P" "$T/u-bbox.html" 2>/dev/null
	# (awk reads an empty first file as none: then there is nothing to check)
	[ -s "$T/u-links" ] && empty=$(awk -F'"' '
		FNR == NR { lp[NR] = $0; n = NR; next }
		/<page / { pg++ }
		/<word / { t = $0; sub(/.*">/, "", t); sub(/<.*/, "", t)
			   for (i = 1; i <= n; i++) {
				   split(lp[i], a, " ")
				   if (pg == a[1] && $4 + 0 >= a[2] - 1 && $8 + 0 <= a[3] + 1 &&
				       t !~ /^[.0-9]+$/)
					   words[i]++
			   } }
		END { for (i = 1; i <= n; i++) if (!words[i]) print "link " i " (" lp[i] ")" }' "$T/u-links" "$T/u-bbox.html") ||
	    empty=
	if [ -z "$empty" ]; then ok; else bad "$c: contents lines without a title: $empty"; fi
	pages=$(pdfinfo "$P" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	if [ "$nm" -gt 0 ] || [ "$pages" -eq 2 ]; then ok; else bad "$c: nothing titled, yet $pages pages (a contents page?)"; fi
	pdftotext -enc UTF-8 "$P" "$T/u.txt" 2>/dev/null
	if grep -q 'General questions' "$T/u.txt"; then bad "$c: a 'General questions' heading for an untitled level"; else ok; fi
	# The description: every word of it on the title page.
	jq -r '.description // {} | .. | objects | .literal? // empty' "$T/u.json" >"$T/u-desc"
	if [ -s "$T/u-desc" ]; then
		pdftotext -enc UTF-8 -f 1 -l 1 "$P" - 2>/dev/null | squash >"$T/u-p1"
		missing=$(while IFS= read -r line; do
			w=$(printf '%s' "$line" | squash)
			[ -z "$w" ] || grep -qF -- "$w" "$T/u-p1" || echo "$line"
		done <"$T/u-desc")
		if [ -z "$missing" ]; then ok; else bad "$c: description not on the title page: $missing"; fi
	fi
done
# The description is in these two.
[ -s "$T/u-ok-untitled-k8s/ok-untitled-k8s.pdf" ] &&
    pdftotext -f 1 -l 1 "$T/u-ok-untitled-k8s/ok-untitled-k8s.pdf" - 2>/dev/null |
    grep -q 'Questions I collected while preparing for platform roles.' && ok ||
    bad "ok-untitled-k8s: no description on the title page"
# The interviewer's sheet of one.
build untitled-interviewer "$T/u-int" -D pdf.mode=interviewer tests/cases/ok-untitled-mixed.md
valid untitled-interviewer "$T/u-int/ok-untitled-mixed.pdf"
questions tests/cases/ok-untitled-mixed.md >"$T/u-q.txt"
in_order untitled-interviewer "$T/u-int/ok-untitled-mixed.pdf" "$T/u-q.txt"
# The running header: 30 questions under Alpha, then 60 under no
# heading.  A page whose first question is one of Alpha's names Alpha
# (or opens with its heading); one whose first is a plain one names no
# section.
{
	printf -- '---\ntitle: Heads\n---\n\n# Alpha\n\n##\n\n'
	i=1; while [ $i -le 30 ]; do printf 'Alpha question number %d?\n\n' $i; i=$((i + 1)); done
	printf '#\n\n##\n\n'
	i=1; while [ $i -le 60 ]; do printf 'Plain question %d?\n\n' $i; i=$((i + 1)); done
} >"$T/heads.txt"
build heads "$T/hd" "$T/heads.txt"
valid heads "$T/hd/heads.pdf"
last=$(pdfinfo "$T/hd/heads.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
wrong=
nplain=0
p=3
while [ "$p" -le "${last:-0}" ]; do
	pdftotext -layout -f "$p" -l "$p" "$T/hd/heads.pdf" "$T/hd/p.txt" 2>/dev/null
	head=$(head -1 "$T/hd/p.txt" | sed 's/  */ /g; s/ $//')
	first=$(grep -m1 -o -e 'Alpha question' -e 'Plain question' "$T/hd/p.txt")
	case $first in
	Plain*) nplain=$((nplain + 1)); [ "$head" = Heads ] || wrong="$wrong page $p: '$head';" ;;
	Alpha*) [ "$head" = "Heads Alpha" ] || [ "$head" = Heads ] || wrong="$wrong page $p: '$head';" ;;
	esac
	p=$((p + 1))
done
if [ -z "$wrong" ] && [ "$nplain" -ge 1 ]; then ok; else bad "heads: running headers wrong ($nplain pages start with plain questions):$wrong"; fi

# --- typography: the measure, line and page breaking (issue 13) ---
TL=tests/typeset/long-paragraphs.txt
build typeset "$T/ty" "$TL"
valid typeset "$T/ty/long-paragraphs.pdf"
everything "$TL" | tr -d '\001-\037\177' >"$T/ty-all.txt"
in_order typeset "$T/ty/long-paragraphs.pdf" "$T/ty-all.txt"
inside typeset "$T/ty/long-paragraphs.pdf" 104 104
paths_inside "$T/ty/long-paragraphs.pdf" 104 104
measure en-study "$T/s/go-interview-sample-en.pdf" 60 75
measure typeset "$T/ty/long-paragraphs.pdf" 60 75
for f in "$T/s/go-interview-sample-en.pdf" "$T/ty/long-paragraphs.pdf" "$T/a/go-interview-followups.pdf"; do
	final_hyphen "$(basename "$f")" "$f"
done
whole_code en-study "$T/s/go-interview-sample-en.pdf" "$EN"
whole_code typeset "$T/ty/long-paragraphs.pdf" "$TL"
page_fill en-study "$T/s/go-interview-sample-en.pdf" 85 3
page_fill typeset "$T/ty/long-paragraphs.pdf" 85 3
page_fill seed "$T/a/go-interview-followups.pdf" 0 3
# A wrapped line of code goes on after an arrow, not at the code's edge.
if pdftotext -layout "$T/ty/long-paragraphs.pdf" - 2>/dev/null | grep -q '^ *↪ '; then ok; else
	bad "typeset: no ↪ before a wrapped line of code"
fi

summary check-pdf
