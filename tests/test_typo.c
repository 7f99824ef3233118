/* test_typo.c: unit tests of printed typography (src/util/typo.c) and of
 * its use in the walk of answers (aw_start with a language). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "answer_walk.h"
#include "buf.h"
#include "typo.h"

#define NBSP "\u00A0"

static void
check(enum typo_lang lang, const char *in, const char *want)
{
	struct buf b = BUF_INIT;
	assert_string_equal(typo_string(lang, in, &b), want);
	buf_free(&b);
}

static void
languages(void **state)
{
	(void)state;
	assert_int_equal(typo_lang_of("ru"), TYPO_RU);
	assert_int_equal(typo_lang_of("RU-ru"), TYPO_RU);
	assert_int_equal(typo_lang_of("en-GB"), TYPO_EN);
	assert_int_equal(typo_lang_of("de"), TYPO_RAW);
	assert_int_equal(typo_lang_of("rus"), TYPO_RAW);
	assert_int_equal(typo_lang_of(NULL), TYPO_RAW);
	check(TYPO_RAW, "a \"b\" c... don't в доме", "a \"b\" c... don't в доме");
}

static void
quotes_russian(void **state)
{
	(void)state;
	check(TYPO_RU, "Что такое \"work-stealing\"?", "Что такое «work-stealing»?");
	/* Inner quotes by depth, whichever mark was typed. */
	check(TYPO_RU, "\"Книга \"Go\" хороша\"", "«Книга „Go“ хороша»");
	check(TYPO_RU, "\"Книга 'Go' хороша\"", "«Книга „Go“ хороша»");
	check(TYPO_RU, "(\"а\") и \"б\".", "(«а») и" NBSP "«б».");
}

static void
quotes_english(void **state)
{
	(void)state;
	check(TYPO_EN, "Complete: \"Accept interfaces, return ...\":",
	    "Complete: “Accept interfaces, return …”:");
	check(TYPO_EN, "He said \"it's 'fine'\".", "He said “it’s ‘fine’”.");
	check(TYPO_EN, "the goroutines' stacks", "the goroutines’ stacks");
	check(TYPO_EN, "don't O'Reilly", "don’t O’Reilly");
	/* A quote after a space but before a space does not open. */
	check(TYPO_EN, "a \" b", "a ” b");
}

static void
ellipsis_and_spaces(void **state)
{
	(void)state;
	check(TYPO_EN, "wait... no.... ..", "wait… no.... ..");
	check(TYPO_EN, "a — b", "a" NBSP "— b");
	check(TYPO_RU, "Вопросы к существующим темам", "Вопросы к" NBSP
	    "существующим темам");
	check(TYPO_RU, "В доме и в саду, а я — там", "В" NBSP "доме и" NBSP "в"
	    NBSP "саду, а" NBSP "я" NBSP "— там");
	/* Not a one-letter word: the end of a longer one, an initial. */
	check(TYPO_RU, "слово к. и-а б", "слово к. и-а б");
	check(TYPO_EN, "a cat", "a cat");
}

/* Quotes pair across the text nodes of one paragraph, code stays as
 * written, an autolink's text too, and the dumps' walk changes nothing. */
static void
walk_answer(void **state)
{
	(void)state;
	const char *md = "He said \"foo *bar*\" and `\"x\"`...\n\n"
	    "<https://example.com/a...b>\n\n"
	    "```\nfmt.Println(\"hi\")\n```\n";
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	struct buf all = BUF_INIT;
	for (int raw = 0; raw < 2; raw++) {
		struct answer_walk w;
		const struct aw_step *s;
		buf_clear(&all);
		aw_start(&w, doc, raw ? TYPO_RAW : TYPO_EN);
		while ((s = aw_next(&w)) != NULL)
			if (s->literal) {
				buf_puts(&all, s->literal);
				buf_putc(&all, '|');
			}
		aw_end(&w);
		assert_string_equal(all.ptr, raw ?
		    "He said \"foo |bar|\" and |\"x\"|...|https://example.com/a...b|"
		    "fmt.Println(\"hi\")\n|" :
		    "He said “foo |bar|” and |\"x\"|…|https://example.com/a...b|"
		    "fmt.Println(\"hi\")\n|");
	}
	buf_free(&all);
	cmark_node_free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(languages),
		cmocka_unit_test(quotes_russian),
		cmocka_unit_test(quotes_english),
		cmocka_unit_test(ellipsis_and_spaces),
		cmocka_unit_test(walk_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
