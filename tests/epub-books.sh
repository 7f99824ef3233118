# epub-books.sh: the books that check-epub.sh and check-ace.sh build in
# both study modes, sourced by both: the corpora and the odd and hostile
# cases.  UNTITLED: the cases without titles at some level.
# shellcheck disable=SC2034 # used by the scripts that source this
UNTITLED="tests/cases/ok-untitled-k8s.md tests/cases/ok-untitled-mixed.md
tests/cases/ok-untitled-bare.txt tests/cases/ok-untitled-sections.txt
tests/cases/ok-untitled-levels.txt"
BOOKS="corpus/go-interview-followups.txt corpus/go-interview-sample-en.txt
tests/cases/ok-hostile.txt tests/cases/ok-control-char.txt
tests/cases/ok-empty-section.txt tests/cases/ok-empty-group.txt
tests/cases/ok-no-sections.txt tests/cases/ok-empty-answer.txt
tests/cases/ok-escape.txt tests/cases/ok-bom-crlf.txt $UNTITLED"
