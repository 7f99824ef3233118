#!/bin/sh
# make-binary-cases.sh: (re)creates the test cases that hold bytes an editor
# or git could mangle (invalid UTF-8, NUL, control characters, tabs, a BOM,
# CRLF line ends) or a line too long to keep by hand.  POSIX sh and printf
# only; run from anywhere:   sh tests/cases/make-binary-cases.sh
#
# Every other case in this folder is plain text, written by hand.
set -eu
cd "$(dirname "$0")"

# printf with octal escapes only: POSIX printf does not promise \x.

# Invalid UTF-8 in the middle of a line, after Cyrillic text, so that the
# column (characters) and the byte offset differ.  Line 5, column 11,
# byte offset 49 (offsets count from 0).
printf 'Вопросы\n\nКаналы:\n\nЧто такое \377 канал?\n' > bad-utf8-invalid.txt

# A truncated sequence: the lead byte of a two-byte character (\320, as in
# "д") followed by a space.  Line 5, column 20.
printf 'Questions\n\nChannels:\n\nWhat is a closed ch\320 nnel?\n' > bad-utf8-truncated.txt

# A truncated sequence at the very end of the file (no newline after it).
printf 'Questions\n\nChannels:\n\nWhat is a closed channel? \342\200' > bad-utf8-truncated-eof.txt

# An overlong encoding of "/" (\300\257 = C0 AF).
printf 'Questions\n\nPaths:\n\nIs ..\300\257etc a path traversal?\n' > bad-utf8-overlong.txt

# A UTF-16 surrogate encoded in UTF-8 (ED A0 80 = U+D800).
printf 'Questions\n\nStrings:\n\nIs \355\240\200 a valid rune?\n' > bad-utf8-surrogate.txt

# A BOM, then an invalid byte on line 1: the BOM is not a character, so
# the column is 2 (the byte offset, 4, counts the BOM's three bytes).
printf '\357\273\277T\377itle\n\nChannels:\n\nWhat is a channel?\n' > bad-utf8-after-bom.txt

# A NUL byte in a question.  Line 5, column 8, byte offset 29.
printf 'Questions\n\nChannels:\n\nWhat is\000 a nil channel?\n' > bad-nul.txt

# Control characters in questions: BEL, ESC, DEL and a C1 control (U+0085,
# C2 85); each is removed with a warning.  Inside the answer, a BEL.
printf 'Questions\n\nTerminals:\n\nWhat does \a do on a terminal?\n\nWhat is \033[31m red?\n\nIs \177 a control character?\n\nIs \302\205 a line break?\n:::\nA BEL \a inside an answer.\n:::\n' > ok-control-char.txt

# Tabs: inside a question (after Cyrillic text: line 5, column 4), at the
# start and end of a line, in a group line, and inside an answer (kept,
# no warning: CommonMark gives tabs meaning).
printf 'Вопросы\n\nКаналы\t:\n\nЧто\tтакое\tканал?\n\n\tЗачем нужен select?\t\n:::\n```go\nselect {\n\tcase v := <-ch:\n\t\tuse(v)\n}\n```\n:::\n' > ok-tabs.txt

# BOM + CRLF, and the same text with LF and no BOM: the two must parse
# alike.  Front matter, headings, a plain-form section, a follow-up group,
# ids, an escape and an answer with a code block are all on CRLF lines.
twin() {
	printf -- '---\n'
	printf 'title: CRLF and BOM\n'
	printf 'lang: en\n'
	printf -- '---\n'
	printf '// a comment\n'
	printf '# Concurrency\n'
	printf '## Channels\n'
	printf '\n'
	printf 'What happens on a send to a closed channel? {#closed-send .channels}\n'
	printf ':::\n'
	printf 'It **panics**:\n'
	printf '\n'
	printf '```go\n'
	printf 'close(ch)\n'
	printf 'ch <- 1 // panic\n'
	printf '```\n'
	printf ':::\n'
	printf '\n'
	printf 'Errors\n'
	printf 'Wrapping:\n'
	printf '\n'
	printf '\\A question that ends in a colon:\n'
	printf '\n'
	printf 'On question 1 (channels):\n'
	printf '\n'
	printf 'Who closes a channel?\n'
}
twin > ok-bom-crlf-lf.txt
cr=$(printf '\r')
{ printf '\357\273\277'; twin | sed "s/\$/$cr/"; } > ok-bom-crlf.txt

# A line of 70,000 bytes: over the 65,536-byte cap.  The file stays under
# 80 KB.
{
	printf 'Questions\n\nLong lines:\n\nWhat happens to a line this long? '
	a=aaaaaaaaaa a=$a$a$a$a$a$a$a$a$a$a a=$a$a$a$a$a$a$a$a$a$a  # 1,000 bytes
	i=0
	while [ $i -lt 70 ]; do
		printf '%s' "$a"
		i=$((i + 1))
	done
	printf '\n\nIs the question after it still read?\n'
} > bad-long-line.txt
