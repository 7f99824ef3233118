/* corpus_int.h: what the corpus reader's files share (corpus.c,
 * front_matter.c, answer.c).  Private to the reader: backends and the
 * validation pass never include it. */
#ifndef QBIND_CORPUS_INT_H
#define QBIND_CORPUS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct diag;
struct outline;
struct ol_node;
struct arena;

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

struct corpus {
	struct diag *d;
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

void corpus_err(struct corpus *c, const struct line *ln, const char *fmt,
    const char *arg);
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

/* front_matter.c: lines[0] is "---"; returns the index after the block. */
size_t front_matter(struct corpus *c, const struct line *lines, size_t n,
    int first_file);

/* answer.c: the answer between the fences lines[open] and lines[close]
 * (raw text from data), attached to c->question. */
void answer_read(struct corpus *c, const struct line *open,
    const struct line *close);

#endif
