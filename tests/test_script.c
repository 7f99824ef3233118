/* test_script.c: unit tests of the runs of another script than the
 * document's (src/util/script.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "script.h"

/* s cut into its runs: "[en:goroutine]" for a foreign one, "[=...]" for
 * one in the document's language, "[?...]" for one of neither script. */
static void
check(const char *doc, const char *s, const char *want)
{
	struct script sc = script_of(doc);
	struct buf b = BUF_INIT;
	size_t len = strlen(s);
	for (size_t at = 0; at < len;) {
		const char *lang = "unset";
		size_t n = script_next(&sc, s + at, len - at, &lang);
		assert_true(n > 0 && n <= len - at);
		if (lang == NULL)
			buf_puts(&b, "[?");
		else if (*lang == '\0')
			buf_puts(&b, "[=");
		else
			buf_printf(&b, "[%s:", lang);
		buf_put(&b, s + at, n);
		buf_putc(&b, ']');
		at += n;
	}
	assert_string_equal(b.len ? b.ptr : "", want);
	buf_free(&b);
}

static void
languages(void **state)
{
	(void)state;
	struct script ru = script_of("ru"), en = script_of("en-GB");
	assert_int_equal(ru.doc, SCRIPT_CYRILLIC);
	assert_string_equal(ru.foreign, "en");
	assert_int_equal(script_of("RU-ru").doc, SCRIPT_CYRILLIC);
	assert_int_equal(script_of("uk").doc, SCRIPT_CYRILLIC);
	assert_int_equal(en.doc, SCRIPT_LATIN);
	assert_string_equal(en.foreign, "ru");
	assert_int_equal(script_of("de").doc, SCRIPT_LATIN);
	/* "rus" is not "ru"; a language of another script marks nothing. */
	assert_int_equal(script_of("rus").doc, SCRIPT_LATIN);
	assert_int_equal(script_of("el").doc, SCRIPT_NONE);
	assert_int_equal(script_of("ja-JP").doc, SCRIPT_NONE);
	assert_int_equal(script_of(NULL).doc, SCRIPT_NONE);
	assert_int_equal(script_of("").doc, SCRIPT_NONE);
	check("el", "goroutine и канал", "[?goroutine и канал]");
}

static void
english_in_russian(void **state)
{
	(void)state;
	check("ru", "Что такое GOMAXPROCS и как это влияет на выполнение goroutine?",
	    "[=Что такое ][en:GOMAXPROCS][= и как это влияет на выполнение ]"
	    "[en:goroutine][??]");
	/* Words, spaces and hyphens between two English words stay in one
	 * run; the space and quotes around it are the document's. */
	check("ru", "Что такое «happens-before» и data race?",
	    "[=Что такое «][en:happens-before][=» и ][en:data race][??]");
	/* Digits and an apostrophe between English letters are inside. */
	check("ru", "это Go 1.22 don’t и всё", "[=это ][en:Go 1.22 don’t][= и всё]");
	/* Accented Latin letters are Latin. */
	check("ru", "кафе café", "[=кафе ][en:café]");
	/* Neither script at the start before a foreign word: a run of its
	 * own; before a native one: the native run's. */
	check("ru", "«GC» — это", "[?«][en:GC][=» — это]");
	check("ru", "1. Что", "[=1. Что]");
	check("ru", "42 ...", "[?42 ...]");
	check("ru", "только русский", "[=только русский]");
	check("ru", "sync.Pool", "[en:sync.Pool]");
}

static void
russian_in_english(void **state)
{
	(void)state;
	check("en", "The word «горутина» is Russian", "[=The word «][ru:горутина][=» is Russian]");
	check("en", "Привет, мир! Hello", "[ru:Привет, мир][=! Hello]");
	check("en", "only English here", "[=only English here]");
	/* Greek and CJK are neither script: they join the run around them. */
	check("en", "λ calculus и λ", "[=λ calculus ][ru:и][? λ]");
	check("ru", "слово λ word", "[=слово λ ][en:word]");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(languages),
		cmocka_unit_test(english_in_russian),
		cmocka_unit_test(russian_in_english),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
