/* test_style.c: unit tests of style settings: style.conf, -D, typed getters. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "style.h"
#include "diag.h"

static const char *const keys[] = { "t.mode", "t.count", "t.margin", "t.on", NULL };
static const char *const modes[] = { "a", "b", NULL };

/* A style folder in /tmp with the given style.conf; opened into *s. */
struct fixture {
	char dir[64];
	struct style s;
	char *msgs;
	size_t msglen;
	FILE *mem;
	struct diag d;
};

static void
open_style(struct fixture *f, const char *conf)
{
	strcpy(f->dir, "/tmp/qbind-style-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/style.conf", f->dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(conf, fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/card.css", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(".card { color: black }\n", fp);
	fclose(fp);
	f->mem = open_memstream(&f->msgs, &f->msglen);
	diag_init(&f->d, f->mem);
	assert_int_equal(style_open(&f->s, f->dir, NULL, keys, &f->d), 0);
}

static void
close_style(struct fixture *f)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/style.conf", f->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/card.css", f->dir);
	unlink(path);
	rmdir(f->dir);
	style_close(&f->s);
	fclose(f->mem);
	free(f->msgs);
}

static void
getters_read_values_and_defaults(void **state)
{
	(void)state;
	struct fixture f;
	open_style(&f, "t.mode = b\nt.count = 7\nt.margin = 20mm\n");
	assert_int_equal(style_get_enum(&f.s, "t.mode", modes, 0, &f.d), 1);
	long n;
	assert_int_equal(style_get_long(&f.s, "t.count", 0, 10, 3, &n, &f.d), 0);
	assert_int_equal(n, 7);
	double pt;
	assert_int_equal(style_get_length(&f.s, "t.margin", 0, 200, 10, &pt, &f.d), 0);
	assert_true(pt > 56.69 && pt < 56.70);
	assert_string_equal(style_get(&f.s, "nothing", "dflt"), "dflt");
	char *css;
	size_t len;
	assert_int_equal(style_read_file(&f.s, "card.css", &css, &len, &f.d), 0);
	assert_int_equal(len, strlen(".card { color: black }\n"));
	free(css);
	assert_int_equal(f.d.nerrors, 0);
	close_style(&f);
}

static void
override_wins_and_bad_values_name_their_line(void **state)
{
	(void)state;
	struct fixture f;
	open_style(&f, "# comment\nt.mode = c\nt.count = 11\n");
	assert_int_equal(style_get_enum(&f.s, "t.mode", modes, 0, &f.d), -1);
	long n;
	assert_int_equal(style_get_long(&f.s, "t.count", 0, 10, 3, &n, &f.d), -1);
	assert_int_equal(style_override(&f.s, "t.mode=a", keys, &f.d), 0);
	assert_int_equal(style_get_enum(&f.s, "t.mode", modes, 1, &f.d), 0);
	assert_int_equal(style_override(&f.s, "t.margin=3furlongs", keys, &f.d), 0);
	double pt;
	assert_int_equal(style_get_length(&f.s, "t.margin", 0, 200, 10, &pt, &f.d), -1);
	assert_int_equal(style_override(&f.s, "t.colour=red", keys, &f.d), -1);
	char *css;
	size_t len;
	assert_int_equal(style_read_file(&f.s, "none.css", &css, &len, &f.d), -1);
	diag_flush(&f.d);
	fflush(f.mem);
	assert_non_null(strstr(f.msgs, "style.conf:2:1: error: t.mode = 'c': "
	    "expected one of a, b"));
	assert_non_null(strstr(f.msgs, "style.conf:3:1: error: t.count = '11': "
	    "expected a whole number from 0 to 10"));
	assert_non_null(strstr(f.msgs, "-D t.margin='3furlongs': expected a length"));
	assert_non_null(strstr(f.msgs, "unknown style setting 't.colour'"));
	assert_non_null(strstr(f.msgs, "none.css"));
	assert_int_equal(f.d.nerrors, 5);
	close_style(&f);
}

static void
switches_and_choices_in_any_case(void **state)
{
	(void)state;
	struct fixture f;
	open_style(&f, "t.mode = B\nt.on = Off\n");
	assert_int_equal(style_get_enum(&f.s, "t.mode", modes, 0, &f.d), 1);
	assert_int_equal(style_get_bool(&f.s, "t.on", 1, &f.d), 0);
	assert_int_equal(style_get_bool(&f.s, "t.none", 1, &f.d), 1);
	static const char *const yes[] = { "yes", "YES", "true", "True", "on", "ON", "1" };
	static const char *const no[] = { "no", "No", "false", "FALSE", "off", "oFF", "0" };
	char set[32];
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++) {
		snprintf(set, sizeof(set), "t.on=%s", yes[i]);
		assert_int_equal(style_override(&f.s, set, keys, &f.d), 0);
		assert_int_equal(style_get_bool(&f.s, "t.on", 0, &f.d), 1);
		snprintf(set, sizeof(set), "t.on=%s", no[i]);
		assert_int_equal(style_override(&f.s, set, keys, &f.d), 0);
		assert_int_equal(style_get_bool(&f.s, "t.on", 1, &f.d), 0);
	}
	assert_int_equal(f.d.nerrors, 0);
	assert_int_equal(style_override(&f.s, "t.on=maybe", keys, &f.d), 0);
	assert_int_equal(style_get_bool(&f.s, "t.on", 1, &f.d), -1);
	assert_int_equal(style_override(&f.s, "t.on=yess", keys, &f.d), 0);
	assert_int_equal(style_get_bool(&f.s, "t.on", 1, &f.d), -1);
	diag_flush(&f.d);
	fflush(f.mem);
	assert_non_null(strstr(f.msgs, "-D t.on='maybe': expected yes or no "
	    "(or true, false, on, off, 1, 0)"));
	assert_int_equal(f.d.nerrors, 2);
	close_style(&f);
}

static void
unknown_keys_get_the_nearest(void **state)
{
	(void)state;
	struct fixture f;
	open_style(&f, "t.mdoe = a\n");
	assert_int_equal(style_override(&f.s, "t.cuont=3", keys, &f.d), -1);
	diag_flush(&f.d);
	fflush(f.mem);
	assert_non_null(strstr(f.msgs, "style.conf:1:1: warning: unknown style "
	    "setting 't.mdoe' ignored (did you mean 't.mode'?)"));
	assert_non_null(strstr(f.msgs, "-D: unknown style setting 't.cuont' "
	    "(did you mean 't.count'?)"));
	close_style(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(getters_read_values_and_defaults),
		cmocka_unit_test(override_wins_and_bad_values_name_their_line),
		cmocka_unit_test(switches_and_choices_in_any_case),
		cmocka_unit_test(unknown_keys_get_the_nearest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
