/* test_diag.c: unit tests of the diagnostics: their shapes, repeats merged
 * into one line, the limit per kind, held messages, the counts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

struct fixture {
	char *msgs;
	size_t len;
	FILE *mem;
	struct diag d;
};

static void
open_diag(struct fixture *f)
{
	f->mem = open_memstream(&f->msgs, &f->len);
	assert_non_null(f->mem);
	diag_init(&f->d, f->mem);
}

/* What was printed so far, after diag_summary. */
static const char *
summary(struct fixture *f)
{
	diag_summary(&f->d);
	fflush(f->mem);
	return f->msgs;
}

static void
close_diag(struct fixture *f)
{
	fclose(f->mem);
	free(f->msgs);
}

static const char outside[] = "question outside any group: put a group line "
    "ending in ':' (or '## Group') above it";

static void
a_lone_message_keeps_its_shape(void **state)
{
	(void)state;
	struct fixture f;
	open_diag(&f);
	diag_raw_at(&f.d, DIAG_ERROR, "c.txt", 5, 1, "%s", outside);
	diag_raw_at(&f.d, DIAG_WARNING, "c.txt", 7, 0, "tab at %d", 3);
	diag_raw_at(&f.d, DIAG_ERROR, "c.txt", 0, 0, "file is empty");
	diag_raw_sys(&f.d, DIAG_ERROR, "cannot open '%s'", "x");
	assert_string_equal(summary(&f),
	    "c.txt:5:1: error: question outside any group: put a group line "
	    "ending in ':' (or '## Group') above it\n"
	    "c.txt:7: warning: tab at 3\n"
	    "c.txt: error: file is empty\n"
	    "qbind: error: cannot open 'x'\n"
	    "qbind: 3 errors, 1 warning\n");
	close_diag(&f);
}

static void
repeats_become_one_line_with_the_range(void **state)
{
	(void)state;
	struct fixture f;
	open_diag(&f);
	for (unsigned line = 5; line <= 503; line++)
		diag_raw_at(&f.d, DIAG_ERROR, "corpus.txt", line, 1, "%s", outside);
	assert_int_equal(f.d.nerrors, 499);
	assert_string_equal(summary(&f),
	    "corpus.txt:5-503: error: question outside any group: put a group "
	    "line ending in ':' (or '## Group') above it (499 lines)\n"
	    "qbind: 499 errors, 0 warnings\n");
	close_diag(&f);
}

static void
a_few_lines_apart_are_named(void **state)
{
	(void)state;
	struct fixture f;
	open_diag(&f);
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 3, 7, "tab character read as a space");
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 5, 4, "tab character read as a space");
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 9, 2, "tab character read as a space");
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 9, 8, "tab character read as a space");
	assert_string_equal(summary(&f),
	    "t.txt:3-9: warning: tab character read as a space (4 times on 3 lines)\n"
	    "qbind: 0 errors, 4 warnings\n");
	close_diag(&f);

	open_diag(&f);
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 3, 7, "tab character read as a space");
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 5, 4, "tab character read as a space");
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 5, 9, "tab character read as a space");
	assert_string_equal(summary(&f),
	    "t.txt:3-5: warning: tab character read as a space (3 times on 2 lines)\n"
	    "qbind: 0 errors, 3 warnings\n");
	close_diag(&f);

	open_diag(&f);
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 3, 7, "tab character read as a space");
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 5, 4, "tab character read as a space");
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 5, 4, "tab character read as a space");
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 6, 1, "tab character read as a space");
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 6, 1, "tab character read as a space");
	assert_string_equal(summary(&f),
	    "t.txt:3-6: warning: tab character read as a space (5 times on 3 lines)\n"
	    "qbind: 0 errors, 5 warnings\n");
	close_diag(&f);

	open_diag(&f);
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 3, 7, "tab character read as a space");
	diag_raw_at(&f.d, DIAG_WARNING, "t.txt", 5, 4, "tab character read as a space");
	assert_string_equal(summary(&f),
	    "t.txt:3-5: warning: tab character read as a space (lines 3, 5)\n"
	    "qbind: 0 errors, 2 warnings\n");
	close_diag(&f);

	open_diag(&f);
	diag_raw_at(&f.d, DIAG_ERROR, "t.txt", 4, 2, "bad");
	diag_raw_at(&f.d, DIAG_ERROR, "t.txt", 4, 9, "bad");
	diag_raw_at(&f.d, DIAG_ERROR, "t.txt", 0, 0, "empty");
	diag_raw_at(&f.d, DIAG_ERROR, "t.txt", 0, 0, "empty");
	assert_string_equal(summary(&f),
	    "t.txt:4:2: error: bad (2 times)\n"
	    "t.txt: error: empty (2 times)\n"
	    "qbind: 4 errors, 0 warnings\n");
	close_diag(&f);
}

static void
only_the_same_level_file_and_text_merge(void **state)
{
	(void)state;
	struct fixture f;
	open_diag(&f);
	diag_raw_at(&f.d, DIAG_ERROR, "a.txt", 1, 1, "x");
	diag_raw_at(&f.d, DIAG_WARNING, "a.txt", 2, 1, "x");
	diag_raw_at(&f.d, DIAG_WARNING, "b.txt", 3, 1, "x");
	diag_raw_at(&f.d, DIAG_WARNING, "b.txt", 4, 1, "y");
	diag_raw_at(&f.d, DIAG_WARNING, "b.txt", 5, 1, "x");
	assert_string_equal(summary(&f),
	    "a.txt:1:1: error: x\n"
	    "a.txt:2:1: warning: x\n"
	    "b.txt:3:1: warning: x\n"
	    "b.txt:4:1: warning: y\n"
	    "b.txt:5:1: warning: x\n"
	    "qbind: 1 error, 4 warnings\n");
	close_diag(&f);
}

static void
ten_lines_of_a_kind_then_a_note(void **state)
{
	(void)state;
	struct fixture f;
	open_diag(&f);
	for (unsigned i = 1; i <= 25; i++)
		diag_raw_at(&f.d, DIAG_ERROR, "c.txt", i, 1,
		    "duplicate question 'q%u': same text as c.txt:%u:1", i, i + 100);
	/* "%s" messages are told apart by their text. */
	for (unsigned i = 1; i <= 12; i++) {
		diag_raw_at(&f.d, DIAG_WARNING, "c.txt", 200 + 2 * i, 1, "%s", "group has no questions");
		diag_raw_at(&f.d, DIAG_WARNING, "c.txt", 201 + 2 * i, 1, "%s", "section has no groups");
	}
	const char *out = summary(&f);
	for (unsigned i = 1; i <= 10; i++) {
		char want[96];
		snprintf(want, sizeof(want), "c.txt:%u:1: error: duplicate question 'q%u'", i, i);
		assert_non_null(strstr(out, want));
	}
	assert_null(strstr(out, "'q11'"));
	assert_non_null(strstr(out, "qbind: note: 15 more errors like "
	    "'duplicate question' not shown\n"));
	assert_non_null(strstr(out, "qbind: note: 2 more warnings like "
	    "'group has no questions' not shown\n"));
	assert_non_null(strstr(out, "qbind: note: 2 more warnings like "
	    "'section has no groups' not shown\n"));
	/* Every message counted; the notes come before the last line. */
	assert_non_null(strstr(out, "not shown\nqbind: 25 errors, 24 warnings\n"));
	assert_int_equal(f.d.nerrors, 25);
	assert_int_equal(f.d.nwarnings, 24);
	close_diag(&f);
}

static void
the_overall_guard_still_holds(void **state)
{
	(void)state;
	struct fixture f;
	open_diag(&f);
	f.d.max_shown = 3;
	for (unsigned i = 1; i <= 6; i++)
		diag_raw_at(&f.d, DIAG_ERROR, "c.txt", i, 1, "error number %u", i);
	assert_string_equal(summary(&f),
	    "c.txt:1:1: error: error number 1\n"
	    "c.txt:2:1: error: error number 2\n"
	    "c.txt:3:1: error: error number 3\n"
	    "qbind: note: too many messages; the rest are counted but not shown\n"
	    "qbind: 6 errors, 0 warnings\n");
	close_diag(&f);
}

static void
quiet_counts_warnings_and_silences_info(void **state)
{
	(void)state;
	struct fixture f;
	open_diag(&f);
	f.d.quiet_warnings = 1;
	diag_raw_at(&f.d, DIAG_WARNING, "c.txt", 1, 1, "w");
	diag_info(&f.d, "wrote %s", "x.pdf");
	diag_raw_at(&f.d, DIAG_ERROR, "c.txt", 2, 1, "e");
	assert_string_equal(summary(&f),
	    "c.txt:2:1: error: e\n"
	    "qbind: 1 error, 1 warning\n");
	close_diag(&f);

	open_diag(&f);
	diag_raw_at(&f.d, DIAG_WARNING, "c.txt", 1, 1, "w");
	diag_info(&f.d, "wrote %s", "x.pdf");
	assert_string_equal(summary(&f),
	    "c.txt:1:1: warning: w\n"
	    "qbind: wrote x.pdf\n"
	    "qbind: 0 errors, 1 warning\n");
	close_diag(&f);
}

static void
held_messages_come_out_on_release(void **state)
{
	(void)state;
	struct fixture f;
	open_diag(&f);
	assert_int_equal(diag_hold(&f.d), 0);
	diag_raw_at(&f.d, DIAG_ERROR, "c.txt", 1, 1, "e");
	diag_raw_sys(&f.d, DIAG_ERROR, "s");
	fflush(f.mem);
	assert_true(f.len == 0);
	fputs("tree\n", f.mem);
	diag_release(&f.d);
	assert_string_equal(summary(&f),
	    "tree\n"
	    "c.txt:1:1: error: e\n"
	    "qbind: error: s\n"
	    "qbind: 2 errors, 0 warnings\n");
	close_diag(&f);
}

static void
long_messages_are_printed_whole(void **state)
{
	(void)state;
	struct fixture f;
	open_diag(&f);
	char word[3000];
	memset(word, 'x', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	diag_raw_at(&f.d, DIAG_ERROR, "c.txt", 2, 3, "invalid tag '.%s'", word);
	diag_raw_at(&f.d, DIAG_ERROR, "c.txt", 3, 3, "invalid tag '.%s'", word);
	const char *out = summary(&f);
	assert_int_equal(strlen(out), 2 * (strlen("c.txt:2:3: error: invalid tag '.'\n") +
	    strlen(word)) + strlen("qbind: 2 errors, 0 warnings\n"));
	assert_true(strncmp(out, "c.txt:2:3: error: invalid tag '.xxx", 35) == 0);
	close_diag(&f);
}

/* A message of the table prints its text at its level; -W turns a class
 * off (not counted either) or into errors, one class or all. */
static void
warning_classes_follow_w(void **state)
{
	(void)state;
	struct fixture f;
	open_diag(&f);
	assert_null(diag_set_warnings(&f.d, "no-chars"));
	diag_msg(&f.d, MSG_TAB, "c.txt", 2, 3);
	assert_int_equal(f.d.nwarnings, 0);
	assert_null(diag_set_warnings(&f.d, "error=tags"));
	diag_msg(&f.d, MSG_TAG_LEFT_OUT, "c.txt", 4, 1, "a b");
	diag_msg(&f.d, MSG_EMPTY_GROUP, "c.txt", 5, 1);
	assert_null(diag_set_warnings(&f.d, "error"));
	assert_null(diag_set_warnings(&f.d, "no-error=lang"));
	diag_msg(&f.d, MSG_EMPTY_SECTION, "c.txt", 7, 1);
	diag_msg(&f.d, MSG_NO_LABELS, "c.txt", 8, 1, "xx");
	assert_null(diag_set_warnings(&f.d, "all"));
	diag_msg(&f.d, MSG_TAB, "c.txt", 9, 3);
	diag_sys(&f.d, MSG_FONT_FACE, "F", "bold", "f.ttf", "F", "Bold");
	assert_string_equal(diag_set_warnings(&f.d, "error=tgas"), "tgas");
	assert_string_equal(diag_set_warnings(&f.d, "no-nothing"), "nothing");
	assert_string_equal(summary(&f),
	    "c.txt:4:1: error: tag 'a b' left out: a tag is 1 to 64 bytes "
	    "without quotes, braces or '#'\n"
	    "c.txt:5:1: warning: group has no questions\n"
	    "c.txt:7:1: error: section has no groups\n"
	    "c.txt:8:1: warning: no labels for language 'xx'; backends print "
	    "English ones\n"
	    "c.txt:9:3: error: tab character read as a space\n"
	    "qbind: error: font 'F' has no bold face; using f.ttf "
	    "(fc-match 'F:style=Bold')\n"
	    "qbind: 4 errors, 2 warnings\n");
	close_diag(&f);
}

/* The table's entries are whole: a name, a text, a class for each
 * warning and none for the rest. */
static void
the_table_is_whole(void **state)
{
	(void)state;
	for (int i = 0; i < MSG__COUNT; i++) {
		const struct msg_info *m = &msg_table[i];
		assert_non_null(m->name);
		assert_true(m->text[0] != '\0');
		assert_true((m->sev == SEV_WARNING) == (m->wclass != WCLASS_NONE));
	}
	for (int c = 1; c < WCLASS__COUNT; c++)
		assert_true(wclass_table[c].name[0] && wclass_table[c].about[0]);
}

/* A mix of everything that shapes the output: a kind over its limit,
 * repeats to merge, messages of the table (one off, one raised by -W),
 * one about the environment, a long one. */
static void
report_mix(struct diag *d)
{
	char word[2000];
	memset(word, 'y', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	for (unsigned i = 0; i < 12; i++)
		diag_raw_at(d, DIAG_WARNING, i % 2 ? "a.txt" : "b.txt", i + 1, 2, "tab at %u", i);
	for (unsigned i = 20; i < 25; i++)
		diag_raw_at(d, DIAG_ERROR, "a.txt", i, 1, "%s", outside);
	diag_msg(d, MSG_TAB, "a.txt", 26, 3);
	diag_msg(d, MSG_EMPTY_GROUP, "a.txt", 27, 1);
	diag_sys(d, MSG_FONT_FACE, "F", "bold", "f.ttf", "F", "Bold");
	diag_raw_at(d, DIAG_ERROR, "a.txt", 30, 1, "invalid tag '.%s'", word);
	diag_raw_sys(d, DIAG_NOTE, "%s", "a note");
}

/* The messages of a backend's thread, recorded and replayed, come out
 * as they would have been printed at once: merged, limited, counted,
 * at the levels -W gives them. */
static void
replayed_messages_print_as_reported(void **state)
{
	(void)state;
	struct fixture direct, replayed;
	open_diag(&direct);
	open_diag(&replayed);
	assert_null(diag_set_warnings(&direct.d, "no-chars"));
	assert_null(diag_set_warnings(&direct.d, "error=empty"));
	report_mix(&direct.d);
	assert_null(diag_set_warnings(&replayed.d, "no-chars"));
	assert_null(diag_set_warnings(&replayed.d, "error=empty"));
	struct diag rec;
	diag_record(&rec, &replayed.d);
	report_mix(&rec);
	assert_int_equal(rec.nerrors, direct.d.nerrors);
	assert_int_equal(rec.nwarnings, direct.d.nwarnings);
	diag_replay(&rec, &replayed.d);
	assert_int_equal(rec.nlog, 0);
	const char *want = summary(&direct);
	assert_string_equal(summary(&replayed), want);
	assert_non_null(strstr(want, "more warnings like 'tab at"));
	assert_non_null(strstr(want, "(5 lines)"));
	assert_non_null(strstr(want, "a.txt:27:1: error: group has no questions"));
	assert_null(strstr(want, "a.txt:26"));
	close_diag(&direct);
	close_diag(&replayed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_lone_message_keeps_its_shape),
		cmocka_unit_test(repeats_become_one_line_with_the_range),
		cmocka_unit_test(a_few_lines_apart_are_named),
		cmocka_unit_test(only_the_same_level_file_and_text_merge),
		cmocka_unit_test(ten_lines_of_a_kind_then_a_note),
		cmocka_unit_test(the_overall_guard_still_holds),
		cmocka_unit_test(quiet_counts_warnings_and_silences_info),
		cmocka_unit_test(held_messages_come_out_on_release),
		cmocka_unit_test(long_messages_are_printed_whole),
		cmocka_unit_test(warning_classes_follow_w),
		cmocka_unit_test(the_table_is_whole),
		cmocka_unit_test(replayed_messages_print_as_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
