/* test_zipout.c: unit tests of the in-memory zip writer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "diag.h"
#include "xalloc.h"
#include "zipout.h"

struct fixture {
	char *msgs;
	size_t msglen;
	FILE *mem;
	struct diag d;
	char *zip;       /* what zipout_finish wrote */
	size_t ziplen;
	FILE *out;
};

static void
setup(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->mem = open_memstream(&f->msgs, &f->msglen);
	diag_init(&f->d, f->mem);
	f->out = open_memstream(&f->zip, &f->ziplen);
}

static void
teardown(struct fixture *f)
{
	fclose(f->mem);
	fclose(f->out);
	free(f->msgs);
	free(f->zip);
}

static uint16_t
le16(const char *p)
{
	return (uint16_t)((uint8_t)p[0] | (uint8_t)p[1] << 8);
}

/* Entry i of the archive f wrote: its bytes in buf, its method in *method. */
static void
read_entry(struct fixture *f, zip_uint64_t i, char *buf, size_t cap,
    zip_uint16_t *method)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(f->zip, f->ziplen, 0, &ze);
	assert_non_null(src);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	assert_non_null(za);
	zip_stat_t st;
	assert_int_equal(zip_stat_index(za, i, 0, &st), 0);
	*method = st.comp_method;
	zip_file_t *zf = zip_fopen_index(za, i, 0);
	assert_non_null(zf);
	zip_int64_t n = zip_fread(zf, buf, cap - 1);
	assert_true(n >= 0);
	buf[n] = '\0';
	zip_fclose(zf);
	zip_discard(za);
}

static void
entries_in_order_with_time_and_method(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f);
	struct zipout *z = zipout_open("test archive", 1764316801, &f.d);
	assert_non_null(z);
	static const char first[] = "stored first";
	assert_int_equal(zipout_add(z, "first", first, sizeof(first) - 1, 0,
	    ZIPOUT_STORE), 0);
	assert_int_equal(zipout_add(z, "second", xstrdup("deflated, owned"), 15,
	    1, 6), 0);
	assert_int_equal(zipout_finish(z, f.out), 0);
	fflush(f.out);
	assert_int_equal(f.d.nerrors, 0);
	/* The first local header: stored, 2025-11-28 08:00:00 UTC, "first". */
	assert_true(f.ziplen > 30 + 5);
	assert_memory_equal(f.zip, "PK\3\4", 4);
	assert_int_equal(le16(f.zip + 8), 0);
	assert_int_equal(le16(f.zip + 10), 8 << 11);
	assert_int_equal(le16(f.zip + 12), 45 << 9 | 11 << 5 | 28);
	assert_memory_equal(f.zip + 30, "first", 5);
	char buf[64];
	zip_uint16_t method;
	read_entry(&f, 0, buf, sizeof(buf), &method);
	assert_string_equal(buf, first);
	assert_int_equal(method, ZIP_CM_STORE);
	read_entry(&f, 1, buf, sizeof(buf), &method);
	assert_string_equal(buf, "deflated, owned");
	assert_int_equal(method, ZIP_CM_DEFLATE);
	teardown(&f);
}

/* After an error, owned data is still freed (ASan checks) and nothing is
 * written. */
static void
errors_are_sticky_and_named(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f);
	struct zipout *z = zipout_open("test archive", 0, &f.d);
	assert_non_null(z);
	assert_int_equal(zipout_add(z, "a", xstrdup("1"), 1, 1, 6), 0);
	assert_int_equal(zipout_add(z, "a", xstrdup("2"), 1, 1, 6), -1);
	assert_int_equal(zipout_add(z, "b", xstrdup("3"), 1, 1, 6), -1);
	assert_int_equal(zipout_finish(z, f.out), -1);
	fflush(f.out);
	fflush(f.mem);
	assert_int_equal(f.ziplen, 0);
	assert_int_equal(f.d.nerrors, 1);
	assert_non_null(strstr(f.msgs, "cannot build the test archive (a): "));
	/* Discarding a started archive frees it too. */
	z = zipout_open("test archive", 0, &f.d);
	assert_int_equal(zipout_add(z, "a", xstrdup("1"), 1, 1, 6), 0);
	zipout_discard(z);
	zipout_discard(NULL);
	teardown(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(entries_in_order_with_time_and_method),
		cmocka_unit_test(errors_are_sticky_and_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
