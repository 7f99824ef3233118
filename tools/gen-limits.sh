#!/bin/sh
# gen-limits.sh: pathological corpora, for tests/check-limits.sh and for
# measuring qbind at and past its caps (qbind.h, corpus/FORMAT.md).
#
#     sh tools/gen-limits.sh CASE [N] > corpus.txt
#
# Every corpus is valid corpus syntax (a title line, a group line, then
# questions) apart from its one pathology, whose size is N (each case has
# a default, the size the issue asks for).  CASE is one of:
#
#   title-line N       a title line of N bytes (letters, no space)
#   question-line N    a question line of N bytes: one token, no space
#   question-words N   a question line of about N bytes: words of 9 letters
#   group-line N       a group line of N bytes (the ':' included)
#   answer-line N      an answer paragraph line of N bytes: one token
#   code-line N        a fenced code block whose one line is N bytes
#   inline-code N      a code span of N bytes in an answer paragraph
#   questions N        N questions in one group ("qN", short enough for
#                      1,000,000 to fit QBIND_MAX_INPUT)
#   groups N           N groups of one question each
#   groups-same N      N groups of one question each, all titled "Topic:"
#   sections N         N sections of one group of one question each
#   list-line N        an answer "- - - … x": N list items nested on one line
#   olist-line N       the same with "1. "
#   quote-line N       an answer "> > > … x": N block quotes on one line
#   quote-lines N      line k of the answer is k '>' and a word, k = 1..N
#                      (N*N/2 bytes: past 1,400 the answer is over 1 MiB)
#   list-lines N       line k is k-1 tabs and "- item", k = 1..N (nested)
#   emph-nest N        N '*', a word, N '*': emphasis nested N/2 deep
#   brackets N         N '[' then N ']' in an answer
#   backticks N        one run of N backticks in an answer paragraph
#   backticks-alt N    "` ` ` …": N backticks, alternating with spaces,
#                      1000 backticks to a line
#   backticks-runs N   runs of 1, 2, 3, … backticks, N in all, spaced
#   answers N          N questions, each with a short CommonMark answer
#   code-empty N       N empty lines of code, in answers of 1,000,000
#   dense N            about N bytes of one-letter words, in answers of
#                      one paragraph of 500 lines of 2,000 bytes
#   emph-open N        "*a " N times in one answer paragraph (cmark's
#                      pathological cases, 1,000 to a line)
#   emph-close N       "a* " N times
#   link-open N        "[a " N times
#   link-close N       "a] " N times
#   mismatched N       "*a_ " N times
#   unclosed-links N   "[a](<b " N times
#   refs N             N link reference definitions, then N links to them
#                      (20,000 by default: an answer is at most 1 MiB)
#   emph-lines N       N answer lines of 64,000 bytes of "*a* " (48,000
#                      CommonMark nodes each), 16 lines to an answer
#   answer-bytes N     one answer of N bytes (lines of 1,000 bytes of words)
#   long-questions N   N questions of 65,000 bytes, one token each
#   long-code N        N lines of code of 65,000 bytes, 16 to an answer
#   title-pages N      a title of 65,000 bytes over N questions (a header
#                      on every page)
#
# For the other readers (corpus/FORMAT.md, "Readers"); each is read by
# detection, as the case's shape:
#   md-items N         Markdown: N list items, each a question, one line
#                      of answer below every tenth
#   md-deep N          Markdown: a list item nested N levels deep
#   md-huge-item N     Markdown: one list item whose answer is N bytes
#                      (lines of 100 bytes of words)
#   md-headings N      Markdown: N '###' question headings with answers
#   qa-pairs N         N "Q:"/"A:" pairs
#   qa-long-answer N   one "A:" answer of N lines of 100 bytes
#   list-items N       N "1." items (numbered past N = 999,999,999)
#   list-deep N        a list whose line k is indented k spaces, k = 1..N
#   bare-lines N       N bare lines, a question each
#   csv-rows N         N rows of an Anki export (#separator:comma)
#   csv-big-field N    one quoted answer field of N lines
#   csv-open-quote N   N bytes after a quote that never closes
#
# POSIX sh and awk (mawk, gawk or busybox); deterministic.
set -eu

usage() {
	sed -n 's/^# \{0,1\}//; 2,/^set -eu/p' "$0" | sed '$d' >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
case=$1
n=${2:-}
case $case in
title-line | question-line | group-line | answer-line) : "${n:=10485760}" ;;
question-words) : "${n:=65000}" ;;
code-line) : "${n:=100000}" ;;
inline-code) : "${n:=65000}" ;;
questions) : "${n:=1000000}" ;;
groups | groups-same | sections) : "${n:=100000}" ;;
list-line | olist-line | quote-line | quote-lines | list-lines | emph-nest | brackets) : "${n:=10000}" ;;
backticks | backticks-alt | backticks-runs) : "${n:=50000}" ;;
answers) : "${n:=100000}" ;;
code-empty) : "${n:=2000000}" ;;
dense) : "${n:=16000000}" ;;
emph-open | emph-close | link-open | link-close | mismatched | unclosed-links) : "${n:=50000}" ;;
refs) : "${n:=20000}" ;;
long-questions | long-code) : "${n:=1000}" ;;
emph-lines) : "${n:=41}" ;;
answer-bytes) : "${n:=1048576}" ;;
title-pages) : "${n:=20000}" ;;
md-items | qa-pairs | list-items | bare-lines | csv-rows) : "${n:=200000}" ;;
md-deep | list-deep) : "${n:=10000}" ;;
md-huge-item) : "${n:=4000000}" ;;
md-headings) : "${n:=50000}" ;;
qa-long-answer | csv-big-field) : "${n:=20000}" ;;
csv-open-quote) : "${n:=1000000}" ;;
*) usage ;;
esac
case $n in '' | *[!0-9]*) usage ;; esac

exec awk -v c="$case" -v n="$n" '
# s repeated k times, by doubling: linear in the result.
function rep(s, k,   r) {
	r = ""
	while (k > 0) {
		if (k % 2)
			r = r s
		s = s s
		k = int(k / 2)
	}
	return r
}
# A letter string of k bytes.
function word(k) { return substr(rep("abcdefghij", int(k / 10) + 1), 1, k) }
function head(title) { print title; print ""; print "Topic:"; print "" }
function answer(text) { print "Question with an answer?"; print ":::"; print text; print ":::" }
# Answers of pattern p k times, 1000 to a line, a paragraph of at most
# per lines to an answer (an answer is at most 1 MiB).
function inline(title, p, k, per,   left, i) {
	head(title)
	for (left = k; left > 0; left -= 1000) {
		if (i++ % per == 0) {
			if (i > 1)
				print ":::"
			printf "Question %d with an answer?\n:::\n", i
		}
		print rep(p, left < 1000 ? left : 1000)
	}
	print ":::"
}
BEGIN {
	if (c == "title-line") {
		print word(n); print ""; print "Topic:"; print "A question?"
	} else if (c == "question-line") {
		head("Long question"); print word(n)
	} else if (c == "question-words") {
		head("Long question")
		print substr(rep("abcdefgh ", int(n / 9) + 1), 1, n - 1) "?"
	} else if (c == "group-line") {
		print "Long group"; print ""; print word(n - 1) ":"; print "A question?"
	} else if (c == "answer-line") {
		head("Long answer line"); answer(word(n))
	} else if (c == "code-line") {
		head("Long code line")
		answer("```go\n" word(n) "\n```")
	} else if (c == "inline-code") {
		head("Long code span"); answer("`" word(n - 2) "`")
	} else if (c == "md-items") {
		print "# Many items"; print ""
		for (i = 1; i <= n; i++) {
			printf "- Question %d?\n", i
			if (i % 10 == 0)
				printf "  Answer %d.\n", i
		}
	} else if (c == "md-deep") {
		print "# Deep list"; print ""
		for (i = 0; i < n; i++)
			printf "%s- a%d\n", rep("  ", i), i
	} else if (c == "md-huge-item") {
		print "# Huge item"; print ""; print "- Question?"; print ""
		for (left = n; left > 0; left -= 101)
			print "  " substr(rep("abcdefgh ", 12), 1, 98) "."
	} else if (c == "md-headings") {
		print "# Question headings"; print ""
		for (i = 1; i <= n; i++)
			printf "### Question %d?\n\nAnswer %d with `code`.\n\n", i, i
	} else if (c == "qa-pairs") {
		print "Q and A"; print ""
		for (i = 1; i <= n; i++)
			printf "Q: Question %d?\nA: Answer %d.\n", i, i
	} else if (c == "qa-long-answer") {
		print "Q and A"; print ""; print "Q: One question?"; print "A: Its answer"
		for (i = 1; i <= n; i++)
			print substr(rep("abcdefgh ", 12), 1, 99) "."
	} else if (c == "list-items") {
		print "Many items"; print ""
		for (i = 1; i <= n; i++)
			printf "%d. Question %d?\n", i, i
	} else if (c == "list-deep") {
		print "Deep list"; print ""
		for (i = 0; i < n; i++)
			printf "%s- a%d\n", rep(" ", i), i
	} else if (c == "bare-lines") {
		for (i = 1; i <= n; i++)
			printf "Question %d?\n", i
	} else if (c == "csv-rows") {
		print "#separator:comma"
		for (i = 1; i <= n; i++)
			printf "\"Question %d?\",\"Answer, %d\"\n", i, i
	} else if (c == "csv-big-field") {
		print "#separator:comma"; printf "One question?,\""
		for (i = 1; i <= n; i++)
			print substr(rep("abcdefgh ", 12), 1, 99) "."
		print "\""
	} else if (c == "csv-open-quote") {
		print "#separator:comma"; printf "Question?,\""
		print rep("a", n)
	} else if (c == "questions") {
		head("Many questions")
		for (i = 1; i <= n; i++)
			printf "q%d\n", i
	} else if (c == "groups" || c == "groups-same") {
		print "Many groups"; print ""
		for (i = 1; i <= n; i++) {
			if (c == "groups")
				printf "Topic %d:\n", i
			else
				print "Topic:"
			printf "Question %d?\n\n", i
		}
	} else if (c == "sections") {
		print "Many sections"; print ""
		for (i = 1; i <= n; i++)
			printf "Section %d\nTopic %d:\nQuestion %d?\n\n", i, i, i
	} else if (c == "list-line") {
		head("Nested list"); answer(rep("- ", n) "x")
	} else if (c == "olist-line") {
		head("Nested ordered list"); answer(rep("1. ", n) "x")
	} else if (c == "quote-line") {
		head("Nested quote"); answer(rep("> ", n) "x")
	} else if (c == "quote-lines") {
		head("Nested quote over lines")
		print "Question with an answer?"; print ":::"
		q = ""
		for (i = 1; i <= n; i++) {
			q = q ">"
			print q " line " i
		}
		print ":::"
	} else if (c == "list-lines") {
		head("Nested list over lines")
		print "Question with an answer?"; print ":::"
		t = ""
		for (i = 1; i <= n; i++) {
			print t "- item " i
			t = t "\t"
		}
		print ":::"
	} else if (c == "emph-nest") {
		head("Nested emphasis"); answer(rep("*", n) "x" rep("*", n))
	} else if (c == "brackets") {
		head("Brackets"); answer(rep("[", n) "x" rep("]", n))
	} else if (c == "backticks") {
		head("Backticks"); answer("a " rep("`", n) " b")
	} else if (c == "backticks-alt") {
		head("Backticks alternating")
		print "Question with an answer?"; print ":::"
		for (left = n; left > 0; left -= 1000)
			print rep("` ", left < 1000 ? left : 1000)
		print ":::"
	} else if (c == "backticks-runs") {
		head("Backtick runs")
		print "Question with an answer?"; print ":::"
		line = ""
		left = n
		for (k = 1; left > 0; k++) {
			if (k > left)
				k = left
			line = line rep("`", k) " "
			left -= k
			if (length(line) > 1000) {
				print line
				line = ""
			}
		}
		if (line != "")
			print line
		print ":::"
	} else if (c == "code-empty") {
		head("Empty code lines")
		for (i = 0; i < n; i++) {
			if (i % 1000000 == 0) {
				if (i > 0)
					print "```\n:::"
				printf "Question %d with an answer?\n:::\n```\n", i + 1
			}
			print ""
		}
		print "```"; print ":::"
	} else if (c == "dense") {
		inline("Dense", "i ", int(n / 2), 500)
	} else if (c == "emph-open") {
		inline("Emphasis openers", "*a ", n, 300)
	} else if (c == "emph-close") {
		inline("Emphasis closers", "a* ", n, 300)
	} else if (c == "link-open") {
		inline("Link openers", "[a ", n, 300)
	} else if (c == "link-close") {
		inline("Link closers", "a] ", n, 300)
	} else if (c == "mismatched") {
		inline("Mismatched", "*a_ ", n, 250)
	} else if (c == "unclosed-links") {
		inline("Unclosed links", "[a](<b ", n, 140)
	} else if (c == "refs") {
		head("References")
		print "Question with an answer?"; print ":::"
		for (i = 1; i <= n; i++)
			printf "[r%d]: https://example.com/%d\n", i, i
		print ""
		for (i = 1; i <= n; i++)
			printf "[r%d]%s", i, i % 100 ? " " : "\n"
		print ""; print ":::"
	} else if (c == "emph-lines") {
		head("Emphasis everywhere")
		w = rep("*a* ", 16000)
		for (i = 0; i < n; i++) {
			if (i % 16 == 0) {
				if (i > 0)
					print ":::"
				printf "Question %d?\n:::\n", i / 16 + 1
			}
			print w
		}
		print ":::"
	} else if (c == "answer-bytes") {
		head("One big answer")
		print "Question with an answer?"; print ":::"
		w = substr(rep("answer ", 143), 1, 999)
		for (left = n; left >= 1000; left -= 1000)
			print w
		if (left > 0)
			print substr(w, 1, left - 1)
		print ":::"
	} else if (c == "long-questions") {
		head("Long questions")
		w = word(64990)
		for (i = 1; i <= n; i++)
			printf "%s%010d\n", w, i
	} else if (c == "long-code") {
		head("Long code lines")
		w = word(65000)
		for (i = 0; i < n; i++) {
			if (i % 16 == 0) {
				if (i > 0)
					print "```\n:::"
				printf "Question %d with an answer?\n:::\n```\n", i / 16 + 1
			}
			print w
		}
		print "```"; print ":::"
	} else if (c == "title-pages") {
		print word(65000); print ""; print "Topic:"
		for (i = 1; i <= n; i++)
			printf "Question number %d?\n", i
	} else if (c == "answers") {
		head("Many answers")
		for (i = 1; i <= n; i++) {
			printf "Question %d?\n:::\nAnswer *%d*: `code` and a [link](https://example.com/%d).\n:::\n", i, i, i
		}
	}
}'
