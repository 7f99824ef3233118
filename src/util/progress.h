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
 *
 * The formats of a build are written at once, one thread each: then the
 * line shows every format still being written, with its percentage, and
 * what the last of them does: "qbind: [4/5] epub 40%, pdf: laying out
 * 12%", where 4 is the first step not yet done.  Each thread ticks a lane of its own
 * (progress_lane), a struct progress whose ticks go, under a lock, to
 * the line's.
 */
#ifndef QBIND_PROGRESS_H
#define QBIND_PROGRESS_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

enum { PROGRESS_LANES = 8 };

/* What one format being written last said. */
struct progress_lane_state {
	const char *name;   /* "pdf" */
	const char *what;   /* "laying out"; NULL: nothing yet */
	size_t done, total;
	int running;
};

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
	/* While formats are written at once (progress_lanes_begin): */
	pthread_mutex_t lock;
	struct progress_lane_state lanes[PROGRESS_LANES];
	unsigned nlanes;
	/* In a lane's handle (progress_lane): the line it ticks, and which
	 * lane; NULL in the line itself. */
	struct progress *parent;
	unsigned lane;
};

void progress_init(struct progress *p, FILE *out);
/* Starts step k of n (1-based), e.g. the second of three formats. */
void progress_step(struct progress *p, const char *step, unsigned k, unsigned n);
/* Within the step: "pages", done of total (total 0: no percentage). */
void progress_tick(struct progress *p, const char *what, size_t done,
    size_t total);
/* Erases the line, if one is shown. */
void progress_clear(struct progress *p);

/* Starts steps first..first+n-1 of nsteps at once: names[i] is step
 * first+i (n <= PROGRESS_LANES). */
void progress_lanes_begin(struct progress *p, const char *const *names,
    unsigned n, unsigned first, unsigned nsteps);
/* Sets *lane up as the handle of lane i of p, for the thread that writes
 * it: progress_tick on it updates that lane.  p NULL: lane is unused and
 * the function returns NULL; else lane. */
struct progress *progress_lane(struct progress *p, unsigned i,
    struct progress *lane);
/* The lane's step is done: it leaves the line. */
void progress_lane_done(struct progress *lane);

#endif
