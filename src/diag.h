/* diag.h: diagnostics in the one shape qbind uses everywhere.
 *
 *   file:line:col: error: message       (something in a corpus)
 *   file: error: message                (a whole file: unreadable, empty)
 *   qbind: error: message               (the environment, the command line)
 *
 * A struct diag is passed to whatever may complain; nothing prints on its
 * own.  It counts what it reports so that the caller can choose the exit
 * status, and stops printing (not counting) after max_shown messages so
 * that a binary file fed by mistake does not flood the terminal.
 */
#ifndef QBIND_DIAG_H
#define QBIND_DIAG_H

#include <stdio.h>

struct progress;

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

struct diag {
	FILE *out;            /* where messages go: stderr, or a memstream in tests */
	unsigned nerrors;
	unsigned nwarnings;
	unsigned nshown;
	unsigned max_shown;   /* 0: no limit */
	int quiet_warnings;   /* count warnings but do not print them */
	struct progress *progress; /* erased before a message; NULL: none */
};

void diag_init(struct diag *d, FILE *out);

void diag_at(struct diag *d, enum diag_level lv, const char *file,
    unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* A message about the environment: "qbind: error: …". */
void diag_sys(struct diag *d, enum diag_level lv, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prints "qbind: N errors, M warnings" when anything was reported. */
void diag_summary(struct diag *d);

#endif
