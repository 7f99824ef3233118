/* qbind.h: the library's entry points, as used by main.c, tests and the
 * fuzzer.  Return convention: 0 on success, -1 on failure (already
 * reported through the struct diag), unless a comment says otherwise. */
#ifndef QBIND_H
#define QBIND_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#define QBIND_VERSION "0.1.0"

/* Exit status of the qbind command (documented in qbind.1). */
enum qbind_exit {
	QBIND_EXIT_OK = 0,      /* done; warnings may have been printed */
	QBIND_EXIT_INPUT = 1,   /* the corpus has errors; nothing was written */
	QBIND_EXIT_USAGE = 2,   /* the command line is wrong */
	QBIND_EXIT_IO = 3,      /* a file could not be read or written, a style is missing */
	QBIND_EXIT_OOM = 4      /* out of memory */
};

/* Caps on what a corpus may be, so hostile input cannot cost unbounded
 * time or memory.  Documented in corpus/FORMAT.md and qbind.1, tested by
 * tests/check-limits.sh.  Every format's memory grows with the bytes of
 * the corpus, its headings, its answers' nodes and, for the PDF, its
 * pages; these caps keep each format under about 1 GB (figures in
 * FORMAT.md), while the 1000x benchmark corpus (9.2 MB, 36,000
 * headings, 5,117 pages) is well inside every one of them. */
enum {
	/* Bytes of corpus text in one document, all its files together:
	 * 1,800 times the seed.  The PDF needs up to some 35 bytes of
	 * memory for each (answers of one-letter words). */
	QBIND_MAX_INPUT = 16 * 1024 * 1024,
	QBIND_MAX_LINE = 64 * 1024,          /* bytes in one line */
	QBIND_MAX_FILES = 1024,              /* input files in one document */
	QBIND_MAX_ID = 64,                   /* bytes in an explicit id */
	QBIND_MAX_TAGS = 32,                 /* tags on one line */
	QBIND_MAX_FOLLOWS = 99999,           /* N in "К вопросу N" */
	QBIND_MAX_QUESTIONS = 1000000,       /* questions in one document */
	/* Titled sections and groups together: each is a PDF bookmark and
	 * a contents line with its link (about 6 KB in libharu), an EPUB
	 * navigation entry, an Anki deck. */
	QBIND_MAX_HEADINGS = 100000,
	QBIND_MAX_DEPTH = 64,                /* nesting inside an answer */
	/* Bytes of one answer, between its fences: libcmark builds the
	 * whole tree of an answer (up to a node per byte, some 240 bytes
	 * each) before it can be counted. */
	QBIND_MAX_ANSWER = 1024 * 1024,
	/* Nodes of the answers' trees together (paragraphs, runs of text,
	 * emphasis, links…): every tree is kept until the end.  Prose has
	 * one per 20 bytes or so; "*a* *a* …" one per byte. */
	QBIND_MAX_NODES = 2000000,
	/* Pages of a PDF handout.  Pages cost memory until the file is
	 * saved, and a few bytes of corpus (an empty line of code) make a
	 * row; it also keeps libharu's one /Pages node under the 32,767
	 * kids it allows. */
	QBIND_MAX_PAGES = 20000
};

struct diag;
struct outline;

/* Reading: a reader takes one or more files (or buffers) in order and
 * yields one outline.  Files after the first continue the same document:
 * only the first carries the title and front matter (see FORMAT.md). */
struct corpus;
struct corpus *corpus_new(struct diag *d);
/* -1: the file could not be read (an environment error, QBIND_EXIT_IO);
 * 0 otherwise, even when its text had errors (counted in the diag).
 * The path "-" reads the standard input, named CORPUS_STDIN_NAME in
 * messages and in the outline. */
int corpus_add_file(struct corpus *c, const char *path);
#define CORPUS_STDIN_NAME "<stdin>"
void corpus_add_mem(struct corpus *c, const char *name, const char *data,
    size_t len);
/* The reader of the files added after this: "qbind", "markdown", "qa",
 * "list", "csv", "tsv" (case-blind; "md" for markdown), or NULL or
 * "auto" to detect each file's.  -1: no reader has that name. */
int corpus_set_reader(struct corpus *c, const char *name);
int corpus_reader_known(const char *name);
/* The names corpus_set_reader takes, for messages: "qbind, markdown, …". */
const char *corpus_reader_names(void);
/* Whether to say, as a note, which reader each detected file was read
 * with and why (what `check` and `outline` do). */
void corpus_say_reader(struct corpus *c, int say);
/* Ends reading and frees the reader.  Never NULL. */
struct outline *corpus_finish(struct corpus *c);

/* Numbers, ids, language, and the checks that need the whole tree. */
int outline_validate(struct outline *o, struct diag *d);
/* Sets the counts of titled sections, groups and questions, as
 * outline_validate does: for an outline that did not get that far. */
void outline_count(struct outline *o);
void outline_free(struct outline *o);
/* Checks the outline's invariants (outline.h): links that agree, kinds
 * that nest, every node's position and text, nanswers; with validated,
 * also the counts, every id and number, ids unique, seq in order.
 * Describes each violation on out (NULL: none) and returns how many
 * there were: 0 for a sound tree.  For the tests and the fuzzer. */
size_t outline_check(const struct outline *o, int validated, FILE *out);

/* Language detection on its own, for tests: "ru" or "en". */
const char *lang_detect(const struct outline *o);
const struct ol_labels *lang_labels(const char *lang);
/* The form of forms (one of l->questions, l->sections) for n things. */
const char *lang_plural(const struct ol_labels *l, const char *const forms[3],
    unsigned long n);
/* A date written out in l's language ("28 ноября 2026", "28 November
 * 2026") into out[size]; month 1..12. */
void lang_long_date(const struct ol_labels *l, int year, int month, int day,
    char *out, size_t size);
/* The date on a title page, the same in every format: the corpus date
 * (YYYY-MM-DD) written out by lang_long_date, a corpus date in another
 * form as it is, else the build time's UTC day. */
void lang_title_date(const struct outline *o, time_t built, char *out,
    size_t size);
/* What a title page says the document holds, the same in every format:
 * "73 вопроса SEP 12 разделов" into out[size]; its length, 0 (and out
 * untouched) for a document without questions. */
size_t lang_title_counts(const struct outline *o, const char *sep, char *out,
    size_t size);

/* A question's or heading's text as printed runs (spans.c, for the
 * display pass and its tests): `code` spans and unmistakable Go tokens as
 * OL_SPAN_CODE, the rest through util/typo.h for lang (a typo_lang).
 * The runs and their texts live in a; *n gets their count (0 for an
 * empty text).  joined, when not NULL, gets their texts one after the
 * other (the heading a plain writer prints), in a too. */
struct arena;
struct ol_span;
const struct ol_span *ol_spans(struct arena *a, const char *text, int lang,
    size_t *n, const char **joined);

/* Outline dump, the tree with positions.  -1: writing to out failed
 * (errno tells why; the caller names the file). */
enum dump_format { DUMP_TEXT, DUMP_XML, DUMP_JSON, DUMP_QBIND };
int out_outline(const struct outline *o, enum dump_format fmt, FILE *out);
/* The outline as a corpus in the qbind format (out_qbind.c), which reads
 * back as the same outline: what `outline -f qbind` writes. */
int out_qbind(const struct outline *o, FILE *out);

#endif
