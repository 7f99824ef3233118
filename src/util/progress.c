/* progress.c: the progress line (see progress.h). */
#include "progress.h"

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
	fprintf(p->out, "\rqbind: [%u/%u] %s", p->stepno, p->nsteps,
	    p->step ? p->step : "");
	if (what && *what)
		fprintf(p->out, ": %s", what);
	if (total)
		fprintf(p->out, " %3d%%", (int)((double)done * 100.0 / (double)total));
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
	draw(p, what, done, total, done == 0);
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
