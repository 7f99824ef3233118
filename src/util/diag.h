/* diag.h: diagnostics in the one shape qbind uses everywhere.
 *
 *   file:line:col: error: message       (something in a corpus)
 *   file: error: message                (a whole file: unreadable, empty)
 *   qbind: error: message               (the environment, the command line)
 *
 * A struct diag is passed to whatever may complain; nothing prints on its
 * own.  It counts every message it is given, so that the caller can choose
 * the exit status, but it keeps a corpus with one mistake from burying
 * the terminal under hundreds of lines:
 *
 *   - consecutive messages with the same level, file and text (one
 *     missing group line makes every question after it "outside any
 *     group") become one line naming the range and the count,
 *       corpus.txt:5-503: error: question outside any group: … (499 lines)
 *     so diag_at holds the latest message back until one that differs
 *     arrives, or until diag_flush;
 *   - at most DIAG_KIND_MAX lines of one kind (one format string) are
 *     printed; diag_summary then says how many more there were;
 *   - after max_shown lines it stops printing altogether, so that a
 *     binary file fed by mistake does not flood the terminal.
 *
 * Whatever prints to the same stream after a message (a summary, the
 * progress line, the usage text) must call diag_flush first.
 */
#ifndef QBIND_DIAG_H
#define QBIND_DIAG_H

#include <stdint.h>
#include <stdio.h>

struct progress;

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

enum {
	DIAG_KIND_MAX = 10,   /* lines printed of one kind */
	DIAG_KINDS = 64,      /* kinds tracked; later kinds have no limit */
	DIAG_TEXT_MAX = 1024  /* a held message's text and file name, in bytes;
	                       * a longer one is printed at once, never merged */
};

/* One kind of message: its format string (the message itself for "%s"). */
struct diag_kind {
	uint64_t key;         /* hash of level and format; 0: slot unused */
	enum diag_level level;
	unsigned shown;       /* lines printed */
	unsigned hidden;      /* messages not printed for the limit */
	char label[64];       /* the start of the first message, for the note */
};

/* The message held back by diag_at, and the repeats merged into it. */
struct diag_pending {
	int active;
	enum diag_level lv;
	uint64_t key;
	unsigned line, col;           /* of the first */
	unsigned min_line, max_line, last_line;
	unsigned count;               /* messages merged, 1 for a lone one */
	unsigned nlines;              /* lines they are on */
	unsigned lines[5];            /* the first of those lines, in order */
	char file[DIAG_TEXT_MAX];
	char text[DIAG_TEXT_MAX];
};

struct diag {
	FILE *out;            /* where messages go: stderr, or a memstream in tests */
	unsigned nerrors;
	unsigned nwarnings;
	unsigned nshown;
	unsigned max_shown;   /* 0: no limit */
	int quiet_warnings;   /* count warnings but do not print them (-q) */
	struct progress *progress; /* erased before a message; NULL: none */
	struct diag_pending pending;
	struct diag_kind kinds[DIAG_KINDS];
	/* While held (diag_hold): the real out, and what went to the memstream. */
	FILE *held_out;
	char *held;
	size_t held_len;
};

void diag_init(struct diag *d, FILE *out);

void diag_at(struct diag *d, enum diag_level lv, const char *file,
    unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* A message about the environment: "qbind: error: …".  Printed at once
 * (after the held message), never merged. */
void diag_sys(struct diag *d, enum diag_level lv, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A line for the person running qbind, "qbind: wrote …": not counted,
 * not limited, not printed with quiet_warnings. */
void diag_info(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints the message held back, if any. */
void diag_flush(struct diag *d);

/* Flushes, then prints a note for each kind that went over its limit,
 * "qbind: note: 489 more errors like 'duplicate question' not shown",
 * and "qbind: N errors, M warnings" when anything was reported. */
void diag_summary(struct diag *d);

/* Sets d->progress, and makes the progress line flush d before it is
 * drawn, so that a held message does not wait behind it. */
void diag_attach_progress(struct diag *d, struct progress *p);

/* Keeps every message back, in memory, until diag_release prints them:
 * the outline command shows its diagnostics after the tree.  0, or -1
 * (no memory stream) when messages keep going out as they come. */
int diag_hold(struct diag *d);
void diag_release(struct diag *d);

#endif
