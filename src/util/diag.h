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
 *     so diag_msg holds the latest message back until one that differs
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

#include "messages.h"

#include <stdarg.h>
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

/* The message held back by diag_msg, and the repeats merged into it. */
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

/* A class's -W error setting. */
enum {
	DIAG_WERROR_AS_ALL,   /* as -W error says (the default) */
	DIAG_WERROR_ON,       /* -W error=CLASS */
	DIAG_WERROR_OFF       /* -W no-error=CLASS */
};

/* A message kept by a recording diag (diag_record). */
struct diag_entry {
	int sys;              /* from diag_sys, else diag_msg */
	enum diag_level lv;   /* as -W made it */
	uint64_t key;         /* its kind */
	unsigned line, col;
	char *file;           /* malloc'd; text is in the same block */
	const char *text;
};

struct diag {
	FILE *out;            /* where messages go: stderr, or a memstream in tests */
	unsigned nerrors;
	unsigned nwarnings;
	unsigned nshown;
	unsigned max_shown;   /* 0: no limit */
	int quiet_warnings;   /* count warnings but do not print them (-q) */
	struct progress *progress; /* erased before a message; NULL: none */
	/* -W: per warning class, whether it is off (no-CLASS) and whether
	 * it is an error (DIAG_WERROR_*). */
	unsigned char woff[WCLASS__COUNT];
	unsigned char werror_class[WCLASS__COUNT];
	int werror;           /* -W error: every warning is an error */
	struct diag_pending pending;
	struct diag_kind kinds[DIAG_KINDS];
	/* While held (diag_hold): the real out, and what went to the memstream. */
	FILE *held_out;
	char *held;
	size_t held_len;
	/* While recording: the messages, in order; see diag_record. */
	int recording;
	struct diag_entry *log;
	size_t nlog, logcap;
};

void diag_init(struct diag *d, FILE *out);

/* A message of the table (messages.def) at a place in a file:
 *   diag_msg(d, MSG_DUPLICATE_ID, file, line, col, id, file2, line2, col2);
 * line 0 for the whole file, col 0 for the whole line.  Its level is the
 * table's, as -W changed it: a warning of a class turned off is neither
 * printed nor counted; one raised by -W error counts as an error.  The
 * macro hands the message's text, msgfmt_MSG_…, to diag_msg_ as its
 * format, so the compiler checks the arguments against the table. */
#define MSG_FMT_(code, ...) msgfmt_##code
#define diag_msg(d, ...) diag_msg_(MSG_FMT_(__VA_ARGS__, ~), (d), __VA_ARGS__)
void diag_msg_(const char *fmt, struct diag *d, enum msg code, const char *file,
    unsigned line, unsigned col, ...)
	__attribute__((format(printf, 1, 7)));

/* The same about the environment or the command line: "qbind: error: …",
 * printed at once (after the held message), never merged:
 *   diag_sys(d, MSG_CANNOT_WRITE, path, strerror(errno)); */
#define diag_sys(d, ...) diag_sys_(MSG_FMT_(__VA_ARGS__, ~), (d), __VA_ARGS__)
void diag_sys_(const char *fmt, struct diag *d, enum msg code, ...)
	__attribute__((format(printf, 1, 4)));

/* diag_msg with a va_list, for wrappers that check their own format. */
void diag_vmsg(struct diag *d, enum msg code, const char *file, unsigned line,
    unsigned col, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

/* Applies one -W argument: "all" (every class on), "error", "no-error",
 * "CLASS", "no-CLASS", "error=CLASS", "no-error=CLASS"; later ones win.
 * Returns NULL, or the class name in spec that is no class. */
const char *diag_set_warnings(struct diag *d, const char *spec);

/* The printing layer under diag_msg and diag_sys: a message that is not
 * in the table, at a level of the caller's.  Only diag.c and its unit
 * tests use it (tests/check-messages.sh checks). */
void diag_raw_at(struct diag *d, enum diag_level lv, const char *file,
    unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void diag_raw_sys(struct diag *d, enum diag_level lv, const char *fmt, ...)
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

/* Sets d up to keep every message it is given, counted but not printed,
 * at the levels like's -W settings give them: a backend running in a
 * thread of its own reports into such a diag, and the pipeline replays
 * them all in a fixed order once every thread has finished. */
void diag_record(struct diag *d, const struct diag *like);
/* Reports what rec kept to d, in order, as if it had been reported there
 * (the same merging, kinds and limits), and empties rec. */
void diag_replay(struct diag *rec, struct diag *d);
/* Frees what a recording diag kept and did not replay. */
void diag_record_free(struct diag *d);

#endif
