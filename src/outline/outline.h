/* outline.h: the tree that every backend reads.
 *
 * document -> sections -> groups -> questions; a question may carry an
 * answer as a libcmark tree.  The corpus reader builds it, the validation
 * pass (outline_validate) fills in numbers, ids and the language, and from
 * then on backends only read it: they never see corpus text again.
 *
 * Every node knows where it came from (file, line, column; 1-based, the
 * column counted in code points) so that any later stage can still say
 * "corpus.txt:12:3".  All strings are valid UTF-8 without control
 * characters, owned by the outline's arena.
 */
#ifndef QBIND_OUTLINE_H
#define QBIND_OUTLINE_H

#include <stddef.h>
#include <stdint.h>

struct cmark_node;

enum ol_kind {
	OL_DOCUMENT,
	OL_SECTION,  /* text NULL: untitled; its groups belong to the document */
	OL_GROUP,    /* text NULL: untitled; its questions belong to the section */
	OL_QUESTION
};

struct ol_pos {
	const char *file; /* as named on the command line */
	uint32_t line;
	uint32_t col;
};

/* A run of printed text (struct ol_display.spans). */
enum ol_span_kind {
	/* Text as printed: smart quotes, apostrophes, ellipsis and no-break
	 * spaces applied for the document's language (util/typo.h). */
	OL_SPAN_TEXT,
	/* Code, set in the mono font and never touched by typography: a
	 * `code` span written in backticks (shown without them), or an
	 * unmistakable Go or command-line token (interface{}, sync.Pool,
	 * -race, go test, GOMAXPROCS; the rule in FORMAT.md "Code in
	 * questions"). */
	OL_SPAN_CODE
};

struct ol_span {
	enum ol_span_kind kind;
	const char *text;   /* never NULL nor empty */
};

/* What the backends print for a node, settled once by the display pass
 * (outline_display, at the end of outline_validate) so that every format
 * says and ranks the same; backends only print it. */
struct ol_display {
	/* The heading printed for the node: its text; the document's title;
	 * "General questions" (labels->general) for an untitled section
	 * without groups, which still has a page in the EPUB; NULL when the
	 * node prints no heading (untitled groups and sections, questions). */
	const char *heading;
	/* Its level wherever headings are listed or set: PDF contents,
	 * bookmarks and body headings, running heads (a rank-0 heading names
	 * the pages after it), EPUB nav, ncx and page headings (h1 for 0, h2
	 * for 1), Anki decks (top::rank 0::rank 1).  0: top level (a titled
	 * section, a titled group of an untitled section, an untitled
	 * section without groups); 1: a titled group of a titled section;
	 * -1: none (no heading, or the document, or a question). */
	int rank;
	/* A section: what its page is called (EPUB page title, landmarks):
	 * its heading, else its first group's title, else the document's
	 * title when no section has one (a plain list of questions), else
	 * "General questions".  NULL for other nodes. */
	const char *label;
	/* A group: the topic its questions show (Anki's Topic field and
	 * tag): a follow-up group's label ("каналы"), else its title; NULL
	 * when untitled. */
	const char *topic;
	/* A question, section or titled group: its text as printed, in runs
	 * (text and code alternating, none empty); the concatenation of
	 * their texts is its heading (a section or group) or what a plain
	 * writer prints for the question.  NULL and 0 for other nodes. */
	const struct ol_span *spans;
	size_t nspans;
	/* A secondary line under the heading: a follow-up group's
	 * reference to its parent ("к вопросу 1" / "on question 1", whose
	 * heading is then its topic, "goroutine"); the document's subtitle
	 * as printed.  NULL otherwise. */
	const char *subheading;
	/* A follow-up group ("К вопросу N"): question N when the document
	 * has it (the N-th question outside follow-up groups, before the
	 * group), which the subheading links to and names by its printed
	 * number; NULL when it is not in the document. */
	const struct ol_node *parent_question;
	/* The language the node's text is printed in (the document's, for
	 * every node): what typo_lang_of takes, for its spans and the walk
	 * of its answer (aw_start). */
	const char *lang;
	/* A section: its place among the document's sections, titled or
	 * not, from 0 (the EPUB's page of a section is index + 1); 0 for
	 * other nodes. */
	size_t index;
};

struct ol_node {
	enum ol_kind kind;
	struct ol_pos pos;
	struct ol_node *parent, *first, *last, *next, *prev;
	size_t nchildren;

	const char *text;    /* title, heading or question; NULL: untitled */
	const char *id;      /* after validation: unique in the document, a valid XML id */
	/* After validation: a titled section's "3", a question's "17" (one
	 * count in reading order through the document), or NULL. */
	const char *number;
	const char **tags;   /* own tags, as written */
	size_t ntags;
	struct ol_display display;  /* after validation */

	union {
		struct {
			/* "К вопросу 3 (каналы):" gives follows 3, label "каналы";
			 * 0 and NULL for a plain group. */
			unsigned follows;
			const char *label;
		} group;
		/* A question's answer; on the OL_DOCUMENT node, the
		 * document's description (the intro text before the first
		 * question), kept the same way. */
		struct {
			/* NULL: no answer.  Checked by the reader: nesting at
			 * most QBIND_MAX_DEPTH, no raw HTML nodes (they are
			 * text), strings as clean as the outline's own. */
			struct cmark_node *answer;
			struct ol_pos answer_pos;  /* first line of the answer text */
			/* Where answer_src's first line and column are in the
			 * file (line 0: at answer_pos); a Markdown answer's src
			 * is the whole file, and a dedented answer's columns
			 * start further right. */
			uint32_t answer_line0, answer_col0;
			const char *answer_src;    /* the CommonMark text, for ol_answer_pos */
			/* Offset of each line in answer_src, and after them
			 * the length of answer_src (answer_nlines + 1). */
			const uint32_t *answer_lines;
			uint32_t answer_nlines;
			/* For each 256 bytes of answer_src, the characters
			 * from the start of its line to there: a column in
			 * characters in constant time, for each of the many
			 * nodes a 64 KB line of an answer may hold. */
			const uint32_t *answer_cols;
			int explicit_id;           /* id written by the author */
			size_t seq;                /* 0-based position in document order */
		} question;
	} as;
};

/* Front matter, whichever way it was given.  NULL where not given. */
struct ol_meta {
	const char *title;
	const char *subtitle;
	const char *author;
	const char *lang;       /* after validation: never NULL ("ru", "en", …) */
	const char *corpus_id;  /* after validation: never NULL */
	const char *date;       /* YYYY-MM-DD */
	struct ol_pos title_pos;
	struct ol_pos lang_pos;  /* where the front matter set lang */
	int lang_detected;      /* lang came from the text, not the front matter */
	int corpus_id_derived;  /* corpus_id came from the title, not the front matter */
};

/* The front matter keys, in the order FORMAT.md and every dump list them. */
enum ol_meta_key {
	OL_META_TITLE, OL_META_SUBTITLE, OL_META_AUTHOR, OL_META_LANG, OL_META_ID,
	OL_META_DATE, OL_NMETA
};
extern const char *const ol_meta_keys[OL_NMETA]; /* "title", …, "id", "date" */
/* The field of m that holds key k (corpus_id for "id").  Like strchr, it
 * takes a const meta so that dumps can read through it too. */
const char **ol_meta_field(const struct ol_meta *m, enum ol_meta_key k);

/* The words backends print, in the document's language. */
struct ol_labels {
	const char *lang;
	const char *contents;      /* "Содержание" / "Contents" */
	const char *question;      /* "Вопрос" / "Question" */
	const char *answer;        /* "Ответ" / "Answer" */
	const char *follow_up;     /* "К вопросу" / "On question" */
	/* A follow-up group's secondary line, lower case: "к вопросу" /
	 * "on question". */
	const char *follow_up_sub;
	const char *general;       /* "Общие вопросы" / "General questions" */
	const char *section;       /* "Раздел" / "Section" */
	const char *notes;         /* "Заметки" / "Notes" */
	const char *page_of;       /* printf format with two %d: page, pages */
	const char *back;          /* link back from a note: "Назад" / "Back" */
	/* Counts on the title page, by plural form (lang_plural): "вопрос",
	 * "вопроса", "вопросов" / "question", "questions", "questions". */
	const char *questions[3];
	const char *sections[3];
	const char *months[12];    /* in a date: "ноября" / "November" */
	/* The interviewer's sheet (PDF): its title, the header's fields,
	 * the legend of the boxes, the score summary and the answer key. */
	const char *sheet;         /* "Лист интервьюера" / "Interview sheet" */
	const char *candidate, *role, *date, *interviewer;
	const char *asked;         /* "задано" / "asked" */
	const char *score;         /* "оценка" / "score" */
	const char *score_scale;   /* what 0..3 mean */
	const char *summary;       /* the summary table's heading */
	const char *total;         /* "Всего" / "Total" */
	const char *verdict;       /* "Итог" / "Recommendation" */
	const char *answer_key;    /* "Ключ ответов" / "Answer key" */
	const char *year_suffix;   /* after the year: " г." / "" */
	const char *answers;       /* self-test answers' heading: "Ответы" */
	/* The EPUB's accessibility: the landmarks nav's name, and its
	 * summary, a sentence of each array by what the book holds, then
	 * the rest (the cover, the hazards). */
	const char *landmarks;
	const char *a11y_structure[2];  /* without, with headings */
	const char *a11y_answers[3];    /* none, inline, self-test notes */
	const char *a11y_rest;
};

struct outline {
	struct ol_node *root;   /* OL_DOCUMENT; root->text is the title */
	struct ol_meta meta;
	const struct ol_labels *labels; /* after validation */
	size_t nsections;       /* titled sections */
	size_t ngroups;
	size_t nquestions;
	size_t nanswers;
	struct arena *arena;    /* owns nodes and strings */
	const char **files;     /* input files in order */
	size_t nfiles;
};

/* libcmark node types that carry a literal (text, code, …), and those
 * that are leaves (an iterator gives them no exit event). */
int ol_cmark_has_literal(int type);
int ol_cmark_is_leaf(int type);

/* Where node n of q's answer starts in the corpus (column in characters);
 * line 0 for nodes the reader made (raw HTML turned into text). */
struct ol_pos ol_answer_pos(const struct ol_node *q, struct cmark_node *n);

/* A SHA-256 digest of the corpus id, a purpose and a key, for identities
 * that must be stable across builds and distinct across corpora: an EPUB
 * urn:uuid ("epub-uuid", ""), an Anki note guid ("anki-guid", q->id), a
 * deck or note-type id.  Parts are joined unambiguously. */
void ol_digest(const struct outline *o, const char *purpose, const char *key,
    uint8_t out[32]);

/* The display pass: fills every node's display from the validated tree
 * (texts, numbers, labels).  Run by outline_validate, last. */
void outline_display(struct outline *o);

/* Walk helpers: children in order. */
#define OL_FOREACH(child, node) \
	for (struct ol_node *child = (node)->first; child != NULL; child = child->next)

/* The next question in document order after q (or the first when q is
 * NULL); NULL after the last.  Lets a backend stream questions flatly. */
const struct ol_node *ol_next_question(const struct outline *o,
    const struct ol_node *q);

#endif
