/* build_time.h: the time a build stamps on what it writes.
 *
 * Every backend dates its output with the same clock: SOURCE_DATE_EPOCH
 * (https://reproducible-builds.org/specs/source-date-epoch/) when it is
 * set, so that two builds of one corpus give the same bytes, and the
 * current time otherwise.  Zip-based formats also need that time as an
 * MS-DOS date and time, which this module converts in one place so that
 * every archive agrees on the rounding and the range.
 */
#ifndef QBIND_BUILD_TIME_H
#define QBIND_BUILD_TIME_H

#include <stdint.h>
#include <time.h>

struct diag;

/* The latest SOURCE_DATE_EPOCH accepted, 9999-12-31 23:59:59 UTC: dates
 * keep four-digit years and milliseconds fit in 64 bits anywhere. */
#define BUILD_TIME_MAX 253402300799LL

/* Sets *out to SOURCE_DATE_EPOCH when it is set and not empty, else to
 * time(NULL).  Returns 0, or -1 after reporting a value that is not a
 * whole number from 0 to BUILD_TIME_MAX (*out is then unchanged). */
int build_time(time_t *out, struct diag *d);

/* t as a zip entry's DOS time and date.  In UTC, not local time as DOS
 * custom has it, so that the bytes do not depend on TZ.  A DOS date only
 * holds 1980-01-01 to 2107-12-31 23:59:58 (seconds in steps of two):
 * earlier and later times are clamped to those ends. */
void build_time_dos(time_t t, uint16_t *dostime, uint16_t *dosdate);

#endif
