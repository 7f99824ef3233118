/* test_suggest.c: unit tests of the nearest-name hints. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "suggest.h"

static const char *const formats[] = { "outline", "text", "txt", "xml", "json",
	"apkg", "anki", "epub", "pdf", "all", NULL };
static const char *const keys[] = { "pdf.paper", "pdf.mode", "pdf.notes",
	"pdf.note-lines", "epub.mode", "anki.reverse", NULL };

static void
near_names_are_offered(void **state)
{
	(void)state;
	assert_string_equal(suggest_name("pfd", formats), "pdf");   /* a swap */
	assert_string_equal(suggest_name("pd", formats), "pdf");    /* one dropped */
	assert_string_equal(suggest_name("epbu", formats), "epub");
	assert_string_equal(suggest_name("jsn", formats), "json");
	assert_string_equal(suggest_name("outlne", formats), "outline");
	assert_string_equal(suggest_name("EPUB", formats), "epub"); /* case alone */
	assert_string_equal(suggest_name("pdf.papr", keys), "pdf.paper");
	assert_string_equal(suggest_name("epub.moed", keys), "epub.mode");
	assert_string_equal(suggest_name("anki.reverce", keys), "anki.reverse");
	assert_string_equal(suggest_name("pdf.note-line", keys), "pdf.note-lines");
}

static void
far_names_are_not(void **state)
{
	(void)state;
	assert_null(suggest_name("docx", formats));
	assert_null(suggest_name("yaml", formats));
	assert_null(suggest_name("x", formats));    /* as many edits as letters */
	assert_null(suggest_name("js", formats));   /* half of "json" */
	assert_null(suggest_name("", formats));
	assert_null(suggest_name("colour", keys));
	char longword[200];
	memset(longword, 'p', sizeof(longword) - 1);
	longword[sizeof(longword) - 1] = '\0';
	assert_null(suggest_name(longword, formats));
	assert_null(suggest_name("pdf", NULL));
}

static void
the_nearest_wins(void **state)
{
	(void)state;
	static const char *const names[] = { "abcdef", "abcdeg", "abcdxy", NULL };
	assert_string_equal(suggest_name("abcdeg", names), "abcdeg");
	assert_string_equal(suggest_name("abcdez", names), "abcdef"); /* first of equals */
	assert_string_equal(suggest_name("abcdxz", names), "abcdxy");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(near_names_are_offered),
		cmocka_unit_test(far_names_are_not),
		cmocka_unit_test(the_nearest_wins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
