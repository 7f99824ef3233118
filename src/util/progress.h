/* progress.h: a one-line progress report on a terminal.
 *
 * Long builds (the 1000x corpus takes seconds) should show that they are
 * working.  The line goes to stderr, only when it is a terminal, never
 * with --quiet or under CI (main.c decides), and only once the run has
 * taken more than a second, so that ordinary runs print nothing.  It is
 * redrawn in place ("\r") at most ten times a second and erased before
 * any diagnostic is printed and when the run ends.
 *
 * Every function takes NULL for "no progress": backends reach the
 * report through struct diag and need not care whether it is on.
 */
#ifndef QBIND_PROGRESS_H
#define QBIND_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

struct progress {
	FILE *out;
	double t0;          /* when the run started, ms */
	double drawn;       /* when the line was last drawn, ms */
	int shown;          /* a line is on the screen */
	const char *step;   /* "pdf" */
	unsigned stepno, nsteps;
	/* Called before the line is drawn, so that a message diag.c holds
	 * back (to merge its repeats) is not kept waiting behind the line;
	 * see diag_attach_progress.  NULL: none. */
	void (*before_draw)(void *ctx);
	void *before_draw_ctx;
};

void progress_init(struct progress *p, FILE *out);
/* Starts step k of n (1-based), e.g. the second of three formats. */
void progress_step(struct progress *p, const char *step, unsigned k, unsigned n);
/* Within the step: "pages", done of total (total 0: no percentage). */
void progress_tick(struct progress *p, const char *what, size_t done,
    size_t total);
/* Erases the line, if one is shown. */
void progress_clear(struct progress *p);

#endif
