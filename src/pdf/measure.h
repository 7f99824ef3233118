/* measure.h: text widths for the layout, cached per character.
 *
 * The layout measures every word, and every character of a word that
 * may break, many times over; asking the device each time costs more
 * than the rest of the layout.  Widths are taken as the sum of the
 * characters' advances and as proportional to the size, which holds for
 * the devices qbind has (libharu's TextWidth does not kern) and for the
 * test device.  Code points past U+07FF are asked of the device each
 * time. */
#ifndef QBIND_MEASURE_H
#define QBIND_MEASURE_H

#include "device.h"

#include <stddef.h>

#define MEASURE_CACHED 0x800

struct meter {
	const struct device *dev;
	double *w;  /* NFACES x MEASURE_CACHED advances at size 1; < 0: not yet */
};

void meter_init(struct meter *m, const struct device *dev);
void meter_free(struct meter *m);
double meter_width(struct meter *m, enum dev_face f, double size,
    const char *s, size_t len);
/* meter_width, but it stops measuring once the width passes max: then
 * it returns some width above max.  At most max, it is meter_width's
 * value to the bit.  For "does this fit?" asked of a 64 KB token. */
double meter_width_max(struct meter *m, enum dev_face f, double size,
    const char *s, size_t len, double max);

#endif
