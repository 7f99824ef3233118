/* build_time.c: SOURCE_DATE_EPOCH or now, and its DOS form for zips. */
#include "build_time.h"
#include "diag.h"

#include <errno.h>
#include <stdlib.h>

int
build_time(time_t *out, struct diag *d)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde == NULL || *sde == '\0') {
		*out = time(NULL);
		return 0;
	}
	char *end;
	errno = 0;
	long long v = strtoll(sde, &end, 10);
	if (errno || *end != '\0' || v < 0 || v > BUILD_TIME_MAX) {
		diag_sys(d, MSG_SOURCE_DATE_EPOCH, sde);
		return -1;
	}
	*out = (time_t)v;
	return 0;
}

void
build_time_dos(time_t t, uint16_t *dostime, uint16_t *dosdate)
{
	static const struct tm first = { .tm_year = 80, .tm_mday = 1 };
	static const struct tm last = { .tm_year = 207, .tm_mon = 11,
	    .tm_mday = 31, .tm_hour = 23, .tm_min = 59, .tm_sec = 58 };
	struct tm tm;
	/* gmtime_r fails only for years beyond an int, far past either end. */
	if (gmtime_r(&t, &tm) == NULL)
		tm = t < 0 ? first : last;
	else if (tm.tm_year < first.tm_year)
		tm = first;
	else if (tm.tm_year > last.tm_year)
		tm = last;
	*dostime = (uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
	*dosdate = (uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 |
	    tm.tm_mday);
}
