/* progress.c: the progress line (see progress.h). */
#include "progress.h"

#include <string.h>
#include <time.h>

enum { DELAY_MS = 1000, PERIOD_MS = 100 };

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void
progress_init(struct progress *p, FILE *out)
{
	p->out = out;
	p->t0 = now_ms();
	p->drawn = 0;
	p->shown = 0;
	p->step = NULL;
	p->stepno = p->nsteps = 0;
	p->before_draw = NULL;
	p->before_draw_ctx = NULL;
	/* A default mutex holds no resources on Linux: never destroyed. */
	pthread_mutex_init(&p->lock, NULL);
	p->nlanes = 0;
	p->parent = NULL;
	p->lane = 0;
}

/* ": laying out 40%"; " 40%" without what. */
static void
put_detail(FILE *out, const char *what, size_t done, size_t total)
{
	if (what && *what)
		fprintf(out, ": %s", what);
	if (total)
		fprintf(out, " %3d%%", (int)((double)done * 100.0 / (double)total));
}

/* "json, epub 40%, pdf: laying out 12%" for the lanes still running:
 * the words of the last one only (the PDF, the longest step), so that
 * the line fits in 80 columns, where \r can redraw it. */
static void
put_lanes(const struct progress *p)
{
	unsigned last = p->nlanes;
	for (unsigned i = 0; i < p->nlanes; i++)
		if (p->lanes[i].running)
			last = i;
	const char *sep = "";
	for (unsigned i = 0; i < p->nlanes; i++) {
		const struct progress_lane_state *l = &p->lanes[i];
		if (!l->running)
			continue;
		fprintf(p->out, "%s%s", sep, l->name);
		put_detail(p->out, i == last ? l->what : NULL, l->done, l->total);
		sep = ", ";
	}
}

static void
draw(struct progress *p, const char *what, size_t done, size_t total, int force)
{
	double t = now_ms();
	if (t - p->t0 < DELAY_MS || (!force && t - p->drawn < PERIOD_MS))
		return;
	p->drawn = t;
	if (p->before_draw)
		p->before_draw(p->before_draw_ctx);
	/* \r and erase-to-end: the line shrinks as well as grows. */
	fprintf(p->out, "\rqbind: [%u/%u] ", p->stepno, p->nsteps);
	if (p->nlanes)
		put_lanes(p);
	else {
		fputs(p->step ? p->step : "", p->out);
		put_detail(p->out, what, done, total);
	}
	fprintf(p->out, "  %.0f s\033[K", (t - p->t0) / 1000.0);
	fflush(p->out);
	p->shown = 1;
}

void
progress_step(struct progress *p, const char *step, unsigned k, unsigned n)
{
	if (p == NULL)
		return;
	p->step = step;
	p->stepno = k;
	p->nsteps = n;
	draw(p, NULL, 0, 0, 1);
}

void
progress_tick(struct progress *p, const char *what, size_t done, size_t total)
{
	if (p == NULL)
		return;
	if (p->parent == NULL) {
		draw(p, what, done, total, done == 0);
		return;
	}
	struct progress *line = p->parent;
	pthread_mutex_lock(&line->lock);
	struct progress_lane_state *l = &line->lanes[p->lane];
	l->what = what;
	l->done = done;
	l->total = total;
	draw(line, NULL, 0, 0, done == 0);
	pthread_mutex_unlock(&line->lock);
}

void
progress_lanes_begin(struct progress *p, const char *const *names, unsigned n,
    unsigned first, unsigned nsteps)
{
	if (p == NULL)
		return;
	p->nlanes = n < PROGRESS_LANES ? n : PROGRESS_LANES;
	for (unsigned i = 0; i < p->nlanes; i++)
		p->lanes[i] = (struct progress_lane_state){ names[i], NULL, 0, 0, 1 };
	p->stepno = first;
	p->nsteps = nsteps;
	draw(p, NULL, 0, 0, 1);
}

struct progress *
progress_lane(struct progress *p, unsigned i, struct progress *lane)
{
	if (p == NULL || i >= p->nlanes)
		return NULL;
	memset(lane, 0, sizeof(*lane));
	lane->parent = p;
	lane->lane = i;
	return lane;
}

void
progress_lane_done(struct progress *lane)
{
	if (lane == NULL)
		return;
	struct progress *line = lane->parent;
	pthread_mutex_lock(&line->lock);
	line->lanes[lane->lane].running = 0;
	if (line->stepno < line->nsteps) {
		line->stepno++;
		draw(line, NULL, 0, 0, 0);
	}
	pthread_mutex_unlock(&line->lock);
}

void
progress_clear(struct progress *p)
{
	if (p == NULL || !p->shown)
		return;
	fputs("\r\033[K", p->out);
	fflush(p->out);
	p->shown = 0;
}
