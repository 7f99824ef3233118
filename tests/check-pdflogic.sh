#!/bin/sh
# check-pdflogic.sh: the PDF's logical structure, as far as libharu goes,
# on the seed (Russian), the English sample and a mixed corpus, in the
# study and the interviewer edition:
# - language per span: the page contents mark runs of the other script
#   as "/Span <</Lang (en)>> BDC ... EMC" (ru in an English document);
#   spans balanced on every page and inside every text object (BT/ET);
#   "goroutine" always inside an en span in the seed, code (GOMAXPROCS)
#   never, no Cyrillic inside an en span;
# - a bookmark for every question, exactly one, titled with its number
#   and text as printed (cut with … past 80 characters), one level below
#   its heading's, going to the page where pdftotext finds the question;
# - reading order: pdftotext, raw (the contents' order) and default,
#   reads each question's number and text whole and in sequence, and on
#   the interviewer sheet its score row after it.
# Under ASan (QBIND_ASAN set) only the builds and the span balance.
#
# usage: QBIND=out/qbind [QBIND_ASAN=1] sh tests/check-pdflogic.sh
set -u
QBIND=${QBIND:-out/qbind}
ASAN=${QBIND_ASAN:-}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1764316800
export LC_ALL=C.UTF-8
. tests/lib.sh

SEED=corpus/go-interview-followups.txt
EN=corpus/go-interview-sample-en.txt
MIXED=$T/mixed.txt
cat >"$MIXED" <<'EOF'
---
title: Mixed scripts
lang: en
---
# Words
## Russian terms:
- What does «горутина» mean, and is `горутина` code?
- Is «канал» a channel?
EOF

# spans QDF: one line per page, "PAGE BDC EMC ERRORS", the page's spans
# and what is wrong with their nesting (a BDC outside a text object, a
# span open at ET or at the page's end, an EMC with none open, spans
# inside spans).
spans() {
	awk '
	function done_page() {
		if (page) {
			if (depth) err++
			print page, bdc, emc, err
		}
	}
	/^%% Contents for page / { done_page(); page = $5; bdc = emc = err = depth = 0; bt = 0; next }
	/^endstream/ { done_page(); page = 0; next }
	!page { next }
	/^BT$/ { if (bt || depth) err++; bt = 1 }
	/^ET$/ { if (!bt || depth) err++; bt = 0 }
	/ BDC$/ { bdc++; if (!bt || depth) err++; depth++ }
	/^EMC$/ { emc++; if (!depth) err++; else depth-- }
	END { done_page() }' "$1"
}

# shown QDF: each string shown (Tj), as its hex, with the language of
# the span around it ("-": none): "LANG HEX" per line.
shown() {
	awk '
	/^%% Contents for page / { lang = "-" }
	/ BDC$/ { match($0, /\(([A-Za-z-]*)\)/); lang = substr($0, RSTART + 1, RLENGTH - 2) }
	/^EMC$/ { lang = "-" }
	/^<[0-9a-fA-F]*> Tj$/ { print lang, tolower(substr($1, 2, length($1) - 2)) }' "$1"
}

# hex TEXT: the 4-digit CIDs libharu's UTF-8 encoding gives TEXT (its
# code points, all in the BMP here).
hex() {
	printf '%s' "$1" | iconv -f UTF-8 -t UTF-16BE | od -An -tx1 -v | tr -d ' \n'
}

for c in seed en mixed; do
	case $c in seed) f=$SEED ;; en) f=$EN ;; mixed) f=$MIXED ;; esac
	for m in study interviewer; do
		o=$T/$c-$m
		expect 0 "build $c $m" "$QBIND" build -q -f pdf -D pdf.mode=$m -o "$o" "$f"
		pdf=$(ls "$o"/*.pdf)
		if qpdf --check "$pdf" >"$T/qpdf" 2>&1; then ok; else
			bad "$c $m: qpdf --check"; head -5 "$T/qpdf"
		fi
		qpdf --qdf --object-streams=disable "$pdf" "$o.qdf"
		spans "$o.qdf" >"$o.spans"
		npages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
		[ "$(wc -l <"$o.spans")" -eq "$npages" ] && ok ||
		    bad "$c $m: $npages pages, $(wc -l <"$o.spans") content streams"
		awk '$4 != 0 || $2 != $3 { print "  page " $1 ": " $2 " BDC, " $3 " EMC, " $4 " nesting errors"; n++ }
		    END { exit n > 0 }' "$o.spans" >"$T/unbalanced" && ok ||
		    { bad "$c $m: marked content unbalanced"; head -5 "$T/unbalanced"; }
		shown "$o.qdf" >"$o.shown"
	done
done

# The seed: English words in en spans (in both editions), code and
# Russian words in none.
g=$(hex goroutine)
for m in study interviewer; do
	s=$T/seed-$m.shown
	n=$(grep -c "^en .*$g" "$s")
	[ "$n" -gt 0 ] && ok || bad "seed $m: no 'goroutine' inside a /Lang (en) span"
	out=$(grep -v "^en " "$s" | grep -c "$g")
	[ "$out" -eq 0 ] && ok || bad "seed $m: 'goroutine' outside an en span $out times"
	# GOMAXPROCS is a code span: in no language.
	n=$(grep -c "$(hex GOMAXPROCS)" "$s")
	[ "$n" -gt 0 ] && ok || bad "seed $m: GOMAXPROCS not found in the contents"
	n=$(grep "$(hex GOMAXPROCS)" "$s" | grep -vc '^- ')
	[ "$n" -eq 0 ] && ok || bad "seed $m: code (GOMAXPROCS) inside a language span"
	# No Cyrillic letter (CIDs 0400-04ff) shown inside an en span.
	n=$(awk '$1 == "en" { for (i = 1; i + 3 <= length($2); i += 4) if (substr($2, i, 2) == "04") { n++; break } }
	    END { print n + 0 }' "$s")
	[ "$n" -eq 0 ] && ok || bad "seed $m: Cyrillic inside an en span ($n strings)"
	n=$(awk '$1 != "-" && $1 != "en"' "$s" | wc -l)
	[ "$n" -eq 0 ] && ok || bad "seed $m: spans in another language than en"
done
# The mixed corpus: Russian words in an English document in ru spans,
# but in code.
s=$T/mixed-study.shown
grep -q "^ru .*$(hex горутина)" "$s" && ok || bad "mixed: «горутина» not inside a /Lang (ru) span"
grep -q "^ru .*$(hex канал)" "$s" && ok || bad "mixed: «канал» not inside a /Lang (ru) span"
n=$(grep "$(hex горутина)" "$s" | grep -c '^- ')
[ "$n" -eq 1 ] && ok || bad "mixed: the code span \`горутина\` marked ($n unmarked, want 1)"
n=$(awk '$1 == "ru" && $2 ~ /^(00[0-7][0-9a-f])*$/ && $2 ~ /00[46][1-9a-f]|00[57][0-9a]/' "$s" | wc -l)
[ "$n" -eq 0 ] && ok || bad "mixed: Latin words alone inside a ru span ($n strings)"

if [ -n "$ASAN" ]; then
	summary check-pdflogic
	exit
fi

# --- bookmarks and reading order ---

# questions CORPUS: "NUMBER TEXT" of each question, in order.
questions() {
	"$QBIND" outline -f json "$1" 2>/dev/null |
	    jq -r '.. | objects | select(.kind == "question") | "\(.number) \(.text)"'
}
# norm: each line as compared: typography folded back (unprint),
# without spaces, hyphens and quotes (a bookmark's title is as printed,
# the outline's text as written).
norm() {
	unprint | sed 's/[[:space:]-]//g; s/\xc2\xad//g; s/\xe2\x86\xaa//g' | tr -d "\"'"
}

for c in seed en mixed; do
	case $c in seed) f=$SEED ;; en) f=$EN ;; mixed) f=$MIXED ;; esac
	questions "$f" >"$T/$c.q"
	nq=$(wc -l <"$T/$c.q")
	[ "$nq" -gt 1 ] && ok || bad "$c: $nq questions in the outline"
	norm <"$T/$c.q" >"$T/$c.qn"
	for m in study interviewer; do
		pdf=$(ls "$T/$c-$m"/*.pdf)
		npages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
		# "DEPTH TAB PAGE TAB TITLE" per bookmark, and its title as
		# compared, without the ellipsis of a cut one.
		mutool show "$pdf" outline | awk -F'\t' '{
		    d = 0; while ($(d + 2) == "") d++
		    t = $(d + 2); gsub(/^"|"$/, "", t)
		    p = $(d + 3); sub(/^#page=/, "", p); sub(/&.*/, "", p)
		    print d "\t" p "\t" t }' >"$T/marks"
		cut -f3 "$T/marks" | sed 's/…$//' | norm >"$T/marks.n"
		for p in $(seq 1 "$npages"); do
			pdftotext -raw -enc UTF-8 -f "$p" -l "$p" "$pdf" - | norm | tr -d '\n' >"$T/page.$p"
			echo >>"$T/page.$p"
		done
		# Each question: exactly one bookmark whose title starts its
		# number and text, going to a page that shows its start, one
		# level below the heading bookmark before it (at the top
		# before any), the title at most 80 characters and an
		# ellipsis.
		awk -F'\t' -v nq="$nq" -v pages="$T/page." '
		    FILENAME ~ /qn$/ { q[FNR] = $0; next }
		    FILENAME ~ /marks.n$/ { mn[FNR] = $0; next }
		    { depth[FNR] = $1; page[FNR] = $2; title[FNR] = $3; nm = FNR }
		    END {
			for (i = 1; i <= nq; i++) {
				hits = 0
				for (j = 1; j <= nm; j++)
					if (length(mn[j]) >= 2 && index(q[i], mn[j]) == 1) { hits++; at = j }
				if (hits != 1) { print "question " i ": " hits " bookmarks"; bad++; continue }
				if (at <= last) { print "question " i ": its bookmark out of order"; bad++ }
				last = at
				f = pages page[at]; getline text <f; close(f)
				if (index(text, substr(q[i], 1, 60)) == 0) {
					print "question " i ": its bookmark goes to page " page[at] ", where pdftotext does not find it"; bad++
				}
				head = -1
				for (j = at - 1; j >= 1; j--) {
					isq = 0
					for (k = 1; k <= nq; k++) if (length(mn[j]) >= 2 && index(q[k], mn[j]) == 1) { isq = 1; break }
					if (!isq) { head = depth[j]; break }
				}
				if (depth[at] != head + 1) { print "question " i ": at depth " depth[at] " below a heading at " head; bad++ }
				if (length(mn[at]) < length(q[i]) && title[at] !~ /…$/) { print "question " i ": a cut title without …"; bad++ }
			}
			exit bad > 0
		    }' "$T/$c.qn" "$T/marks.n" "$T/marks" >"$T/problems" && ok ||
		    { bad "$c $m: question bookmarks:"; head -5 "$T/problems" | sed 's/^/  | /'; }
		# (awk counts bytes: 80 characters of Cyrillic are up to 160.)
		long=$(cut -f3 "$T/marks" | awk '{ n = 0; for (i = 1; i <= length($0); i++) if (substr($0, i, 1) !~ /[\200-\277]/) n++; if (n > 81) print }')
		[ -z "$long" ] && ok || bad "$c $m: a bookmark title over 80 characters: $long"
		# Reading order: each question whole, in sequence.  In the
		# order of the contents (-raw): its number, its text, on the
		# sheet its score row.  pdftotext's default mode orders
		# blocks by their places: it reads the sheet's numbers and
		# score digits, which stand apart in columns of their own,
		# where it likes; each question's text must still be whole.
		if [ $m = study ]; then
			cp "$T/$c.q" "$T/$c.order"
		else
			sed 's/$/ 0 1 2 3/' "$T/$c.q" >"$T/$c.order"
		fi
		IN_ORDER_RAW=1 in_order "$c $m: pdftotext -raw reads the questions in order" "$pdf" "$T/$c.order"
		if [ $m = study ]; then
			in_order "$c $m: pdftotext reads the questions in order" "$pdf" "$T/$c.order"
		else
			sed 's/^[^ ]* //' "$T/$c.q" >"$T/$c.text"
			in_order "$c $m: pdftotext reads the questions' texts in order" "$pdf" "$T/$c.text"
		fi
	done
done
# The sheet's score summary and answer key have bookmarks of their own,
# at the top level, to their pages.
mutool show "$(ls "$T"/seed-interviewer/*.pdf)" outline | grep -q '^[-+|]	"Сводка оценок"' && ok ||
    bad "seed interviewer: no bookmark for the score summary"
expect 0 "build en interviewer, key at the back" "$QBIND" build -q -f pdf \
    -D pdf.mode=interviewer -D pdf.key=back -o "$T/en-back" "$EN"
P=$(ls "$T"/en-back/*.pdf)
page=$(mutool show "$P" outline | awk -F'\t' '$2 == "\"Answer key\"" { sub(/^#page=/, "", $3); sub(/&.*/, "", $3); print $3 }')
if [ -n "$page" ] && pdftotext -f "$page" -l "$page" "$P" - | grep -q '^Answer key$'; then ok; else
	bad "en interviewer: the answer key's bookmark does not go to its page ($page)"
fi

# Long titles are cut at a word with an ellipsis.
long=$(mutool show "$(ls "$T"/seed-study/*.pdf)" outline | grep -c '…"')
[ "$long" -gt 0 ] && ok || bad "seed: no question title cut with …"

summary check-pdflogic
