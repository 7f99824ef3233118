/* corpus_int.h: what the corpus reader's files share (corpus.c,
 * front_matter.c, answer.c).  Private to the reader: backends and the
 * validation pass never include it. */
#ifndef QBIND_CORPUS_INT_H
#define QBIND_CORPUS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"

struct diag;
struct outline;
struct ol_node;
struct arena;
struct cmark_node;

enum line_kind {
	L_COMMENT,    /* // … */
	L_TEXT,       /* a question, a title, or a section above a group line */
	L_LITERAL,    /* \… : always a question */
	L_GROUP,      /* … : (implicit group) */
	L_HSECTION,   /* # … */
	L_HGROUP,     /* ## … */
	L_HBAD,       /* ### … and deeper */
	L_FENCE,      /* ::: */
	L_BADFENCE,   /* :::go and the like: a mistake, never a question */
	L_DASHES,     /* --- (front matter) */
	L_TOOLONG     /* over QBIND_MAX_LINE; reported once, then skipped */
};

/* A line that is not blank.  Blank lines are not stored (a file of
 * newlines costs nothing); the line after them says so instead. */
struct line {
	const char *s;        /* start of the content, spaces trimmed */
	uint32_t len;         /* trimmed length */
	uint32_t no;          /* 1-based line number */
	uint32_t col;         /* 1-based column of s, in characters */
	uint8_t kind;         /* enum line_kind */
	uint8_t blank_before; /* a blank line stands right above it */
};

/* The readers (see corpus/FORMAT.md, "Readers"); READ_AUTO: detect. */
enum reader {
	READ_AUTO, READ_QBIND, READ_MARKDOWN, READ_QA, READ_LIST, READ_CSV,
	READ_TSV, NREADERS
};

struct corpus {
	struct diag *d;
	enum reader from;          /* as chosen with --from, or READ_AUTO */
	int say_reader;            /* print which reader each file was read with */
	/* A trial read: only whether the file parses as the qbind format;
	 * answers are not built and the walk stops at the first error,
	 * whose line goes in fail_line. */
	int trial;
	uint32_t fail_line;
	int lax_tabs;              /* tabs are a paste's, not worth a warning */
	struct outline *o;
	struct arena *arena;
	const char *file;          /* name of the file being read; o->files counts them */
	struct ol_node *section;   /* current section, possibly untitled */
	int section_follow_ups;    /* every group of the current section is a follow-up */
	struct ol_node *group;     /* current group */
	struct ol_node *question;  /* last question, while an answer may follow */
	size_t nquestions;
	size_t nheadings;          /* titled sections and groups */
	size_t nnodes;             /* of the answers' trees */
	size_t input;              /* bytes of the files read so far */
	struct buf scratch;
};

/* diag_msg at the start of ln's content: corpus_err(c, ln, MSG_…, args…). */
#define corpus_err(c, ln, ...) \
	corpus_err_(MSG_FMT_(__VA_ARGS__, ~), (c), (ln), __VA_ARGS__)
void corpus_err_(const char *fmt, struct corpus *c, const struct line *ln,
    enum msg code, ...)
	__attribute__((format(printf, 1, 5)));
/* The column of p, a pointer into ln's content. */
uint32_t line_col(const struct line *ln, const char *p);
/* Copies s[0..len) to dst (room for len bytes) without control
 * characters (tabs become spaces unless keep_tabs) and the noncharacters
 * U+FFFE and U+FFFF, warning once per kind per line; returns the length. */
size_t clean_into(struct corpus *c, char *dst, const char *s, size_t len,
    uint32_t lineno, uint32_t col, int keep_tabs);
/* The same into a new NUL-terminated arena string. */
char *clean_text(struct corpus *c, const char *s, size_t len, uint32_t lineno,
    uint32_t col, int keep_tabs);
int is_alnum(char ch);
int valid_id_chars(const char *s, size_t n);

/* --- building the outline, for every reader (corpus.c) ---
 * Positions come as a struct line (only no and col are read).  Texts are
 * raw: they are cleaned here.  Each returns NULL (or 0) when it reported
 * why it made nothing. */
void corpus_set_title(struct corpus *c, const struct line *ln, const char *s,
    size_t len);
/* The title from the file's name, for readers whose file has none. */
void corpus_title_from_name(struct corpus *c);
struct ol_node *corpus_section(struct corpus *c, const struct line *ln,
    const char *s, size_t len);
/* s NULL: an untitled group (questions directly under their section). */
struct ol_node *corpus_group(struct corpus *c, const struct line *ln,
    const char *s, size_t len);
/* In the current group, or in an untitled group (and section) made for
 * it when there is none. */
struct ol_node *corpus_question(struct corpus *c, const struct line *ln,
    const char *s, size_t len);
/* Sets n's tags from "a b c" (Anki's tags field): each cleaned, the
 * invalid ones reported. */
void corpus_tags(struct corpus *c, struct ol_node *n, const struct line *ln,
    const char *s, size_t len);

/* The readers other than qbind's own, each over one file's text (valid
 * UTF-8 without NUL, no BOM). */
void read_markdown(struct corpus *c, const char *data, size_t len, int first_file);
void read_qa(struct corpus *c, const char *data, size_t len, int first_file);
void read_list(struct corpus *c, const char *data, size_t len, int first_file);
void read_csv(struct corpus *c, const char *data, size_t len, int first_file,
    enum reader which);

/* read_detect.c: the reader for a file, and why, in words for the note;
 * qbind_trial says whether the text parses as the qbind format (it is
 * called only when the look of the file leaves it open). */
enum reader read_detect(struct corpus *c, const char *data, size_t len,
    const char **why, int (*qbind_trial)(struct corpus *, const char *, size_t));
const char *reader_name(enum reader r);
/* The length of a list item's marker at s[0..len) ("- ", "1. ", "• ",
 * "1 - "), with the space after it; 0 if there is none.  *markdown: one
 * that CommonMark knows. */
size_t list_marker(const char *s, size_t len, int *markdown);
/* The length of a "Q:" / "Answer:" / "**Вопрос 2:**" marker at s, with
 * the spaces after it; 0 if none.  *answer: an answer's marker. */
size_t qa_marker(const char *s, size_t len, int *answer);
/* The reader called name, case-blind; NREADERS when none is. */
enum reader reader_by_name(const char *name);

/* Cuts data into non-blank lines (classified for the qbind format). */
struct line *split_lines(struct corpus *c, const char *data, size_t len,
    size_t *nlines);

/* read_lines.c: what the line readers (list, qa) share. */
/* Whether a question's text ends in '?' (the readers' sign of a
 * question, and of where a wrapped one ends); markdown's too. */
int text_asks(const char *t);
/* Lines i..k (indices into lines) appended to q's text, a space before
 * each: a question wrapped over lines. */
void lines_join(struct corpus *c, struct ol_node *q, const struct line *lines,
    size_t i, size_t k);
/* The width of ln's indentation, a tab counting to the next multiple of 4. */
uint32_t line_indent(const struct line *ln);
/* Where ln starts in the file, indentation included. */
const char *line_raw(const struct line *ln);
/* A heading line s[0..len): level 1 a section, 2 a group, 0 by its look
 * (a group when it ends in ':', else a section). */
void lines_heading(struct corpus *c, const struct line *ln, const char *s,
    size_t len, int level);
/* The "#" level of a markdown-style heading line (its text after
 * *skip bytes), 0 if ln is none. */
int lines_hash_heading(const struct line *ln, size_t *skip);
/* Lines first..last (indices into lines) as q's answer, the first from
 * byte a of its line on; the common indentation of the lines after the
 * first is dropped, up to cap columns. */
void lines_answer(struct corpus *c, struct ol_node *q, const struct line *lines,
    size_t first, size_t last, const char *a, uint32_t cap);
/* Front matter at line 1 and the title line: the index of the first
 * line after them.  The title is the first line when title_ok says so,
 * else the file's name. */
size_t lines_top(struct corpus *c, const struct line *lines, size_t n,
    int first_file, int (*title_ok)(const struct line *));

/* front_matter.c: lines[0] is "---"; returns the index after the block. */
size_t front_matter(struct corpus *c, const struct line *lines, size_t n,
    int first_file);

/* answer.c: the answer between the fences lines[open] and lines[close]
 * (raw text from data), attached to c->question (or, right after the
 * title, the document's description). */
void answer_read(struct corpus *c, const struct line *open,
    const struct line *close);
/* The raw CommonMark text [a, b), whose first line is line `line` of the
 * file, parsed and attached as n's answer (a question's, or the
 * document's description); messages about the whole answer name the
 * line at.  Lines are cleaned like the corpus's; up to `dedent` spaces
 * are dropped from the start of each. */
void answer_from_text(struct corpus *c, struct ol_node *n, const struct line *at,
    const char *a, const char *b, uint32_t line, uint32_t dedent);
/* s with what an outline string must not hold (invalid UTF-8, which
 * libcmark 0.30 makes of &#xFFFF;, control characters, U+FFFE/U+FFFF)
 * replaced by U+FFFD, malloc'd; NULL when s is fine as it is. */
char *fixed_string(const char *s);
/* The lines of a whole file, for answers cut out of one tree of it
 * (markdown): the text, its line starts and its 256-byte column marks. */
struct answer_text {
	const char *src;
	const uint32_t *lines;
	uint32_t nlines;
	const uint32_t *cols;
	uint32_t first_line;   /* the file's line of src's first line */
};
void answer_text_init(struct corpus *c, struct answer_text *t, const char *s,
    size_t len, uint32_t first_line);
/* doc (a CMARK_NODE_DOCUMENT whose nodes come from t's text) checked
 * and attached as n's answer; freed when empty or refused. */
void answer_adopt(struct corpus *c, struct ol_node *n, struct cmark_node *doc,
    const struct answer_text *t);

#endif
