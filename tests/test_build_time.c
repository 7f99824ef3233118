/* test_build_time.c: unit tests of SOURCE_DATE_EPOCH and the DOS dates. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_time.h"
#include "diag.h"

/* build_time with SOURCE_DATE_EPOCH=sde (NULL: unset); its messages in *msgs. */
static int
run(const char *sde, time_t *t, char **msgs)
{
	if (sde)
		setenv("SOURCE_DATE_EPOCH", sde, 1);
	else
		unsetenv("SOURCE_DATE_EPOCH");
	size_t len;
	FILE *mem = open_memstream(msgs, &len);
	struct diag d;
	diag_init(&d, mem);
	int rc = build_time(t, &d);
	diag_flush(&d);
	fclose(mem);
	assert_int_equal(d.nerrors, rc == 0 ? 0 : 1);
	return rc;
}

static void
epoch_or_now(void **state)
{
	(void)state;
	time_t t = 7;
	char *msgs;
	assert_int_equal(run("0", &t, &msgs), 0);
	assert_int_equal(t, 0);
	free(msgs);
	assert_int_equal(run("253402300799", &t, &msgs), 0);
	assert_int_equal(t, 253402300799LL);
	free(msgs);
	/* Unset or empty: now. */
	const char *nows[] = { NULL, "" };
	for (size_t i = 0; i < 2; i++) {
		time_t before = time(NULL);
		assert_int_equal(run(nows[i], &t, &msgs), 0);
		assert_true(t >= before && t <= time(NULL));
		free(msgs);
	}
}

static void
bad_values_are_named(void **state)
{
	(void)state;
	const char *bad[] = { "yesterday", "-1", "12x", "253402300800",
	    "99999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		time_t t = 7;
		char *msgs;
		assert_int_equal(run(bad[i], &t, &msgs), -1);
		assert_int_equal(t, 7);
		char want[128];
		snprintf(want, sizeof(want), "SOURCE_DATE_EPOCH='%s': expected "
		    "the seconds since 1970-01-01 (at most year 9999)", bad[i]);
		assert_non_null(strstr(msgs, want));
		free(msgs);
	}
	unsetenv("SOURCE_DATE_EPOCH");
}

static void
dos_dates_in_utc_and_clamped(void **state)
{
	(void)state;
	static const struct {
		long long t;
		uint16_t time, date;
	} cases[] = {
		/* 2025-11-28 08:00:00 */
		{ 1764316800, 8 << 11, 45 << 9 | 11 << 5 | 28 },
		/* odd seconds round down: 08:00:01 */
		{ 1764316801, 8 << 11, 45 << 9 | 11 << 5 | 28 },
		/* before 1980: 1980-01-01 00:00:00 */
		{ 0, 0, 1 << 5 | 1 },
		{ 315532799, 0, 1 << 5 | 1 },
		{ 315532800, 0, 1 << 5 | 1 },
		/* 2107-12-31 23:59:58, and everything later */
		{ 4354819199, 23 << 11 | 59 << 5 | 29, 127 << 9 | 12 << 5 | 31 },
		{ 4354819200, 23 << 11 | 59 << 5 | 29, 127 << 9 | 12 << 5 | 31 },
		{ 253402300799, 23 << 11 | 59 << 5 | 29, 127 << 9 | 12 << 5 | 31 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		uint16_t dt, dd;
		build_time_dos((time_t)cases[i].t, &dt, &dd);
		assert_int_equal(dt, cases[i].time);
		assert_int_equal(dd, cases[i].date);
	}
}

int
main(void)
{
	/* DOS times are local by custom: make sure ours ignore TZ. */
	setenv("TZ", "Pacific/Kiritimati", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(epoch_or_now),
		cmocka_unit_test(bad_values_are_named),
		cmocka_unit_test(dos_dates_in_utc_and_clamped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
