/* measure.c: cached text widths (see measure.h). */
#include "measure.h"
#include "utf8.h"
#include "xalloc.h"

#include <stdlib.h>

void
meter_init(struct meter *m, const struct device *dev)
{
	m->dev = dev;
	m->w = xmalloc((size_t)NFACES * MEASURE_CACHED * sizeof(*m->w));
	for (size_t i = 0; i < (size_t)NFACES * MEASURE_CACHED; i++)
		m->w[i] = -1;
}

void
meter_free(struct meter *m)
{
	free(m->w);
	m->w = NULL;
}

double
meter_width(struct meter *m, enum dev_face f, double size, const char *s,
    size_t len)
{
	return meter_width_max(m, f, size, s, len, -1);
}

/* max < 0: no limit.  The sum is taken in the same order either way, so
 * a width within max is the one meter_width gives. */
double
meter_width_max(struct meter *m, enum dev_face f, double size, const char *s,
    size_t len, double max)
{
	double w = 0;
	double *tab = m->w + (size_t)f * MEASURE_CACHED;
	for (const char *p = s, *end = s + len; p < end;) {
		if (max >= 0 && w * size > max)
			break;
		const char *c0 = p;
		uint32_t c = utf8_next(&p);
		if (c < MEASURE_CACHED) {
			if (tab[c] < 0)
				tab[c] = m->dev->text_width(m->dev->ctx, f, 1.0,
				    c0, (size_t)(p - c0));
			w += tab[c];
		} else
			w += m->dev->text_width(m->dev->ctx, f, 1.0, c0,
			    (size_t)(p - c0));
	}
	return w * size;
}
