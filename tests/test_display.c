/* test_display.c: unit tests of the display pass (src/display.c) and the
 * shared walk of answers (src/answer_walk.c), and the JSON dump written by it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qbind.h"
#include "outline.h"
#include "answer_walk.h"
#include "diag.h"
#include "buf.h"

/* text read as the qbind format and validated; the messages are dropped. */
static struct outline *
load(const char *text)
{
	struct diag d;
	FILE *null = fopen("/dev/null", "w");
	assert_non_null(null);
	diag_init(&d, null);
	struct corpus *c = corpus_new(&d);
	corpus_set_reader(c, "qbind");
	corpus_add_mem(c, "t.txt", text, strlen(text));
	struct outline *o = corpus_finish(c);
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(outline_validate(o, &d), 0);
	fclose(null);
	return o;
}

static struct outline *
load_file(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	buf_putc(&b, '\0');
	struct outline *o = load(b.ptr);
	buf_free(&b);
	return o;
}

/* The node of kind k whose text is text, in document order. */
static const struct ol_node *
find(const struct outline *o, enum ol_kind k, const char *text)
{
	OL_FOREACH(s, o->root) {
		if (k == OL_SECTION && s->text && strcmp(s->text, text) == 0)
			return s;
		OL_FOREACH(g, s) {
			if (k == OL_GROUP && g->text && strcmp(g->text, text) == 0)
				return g;
			OL_FOREACH(q, g)
				if (k == OL_QUESTION && strcmp(q->text, text) == 0)
					return q;
		}
	}
	return NULL;
}

/* The seed's closing "Общие уточняющие:" is a group of an untitled
 * section: the top level, not a group of "Производственные вопросы". */
static void
seed_general_group_is_top_level(void **state)
{
	(void)state;
	struct outline *o = load_file("corpus/go-interview-followups.txt");
	const struct ol_node *g = find(o, OL_GROUP, "Общие уточняющие");
	assert_non_null(g);
	assert_null(g->parent->text);
	assert_string_equal(g->display.heading, "Общие уточняющие");
	assert_int_equal(g->display.rank, 0);
	assert_string_equal(g->display.topic, "Общие уточняющие");
	/* Its section adds no level, and its page is named after it. */
	assert_int_equal(g->parent->display.rank, -1);
	assert_null(g->parent->display.heading);
	assert_string_equal(g->parent->display.label, "Общие уточняющие");

	const struct ol_node *s = find(o, OL_SECTION, "Производственные вопросы");
	assert_non_null(s);
	assert_int_equal(s->display.rank, 0);
	assert_string_equal(s->display.label, "Производственные вопросы");
	assert_ptr_not_equal(s, g->parent);
	/* The title as printed: no line may end in «к». */
	assert_string_equal(o->root->display.heading,
	    "Уточняющие вопросы к\u00A0существующим темам");
	assert_int_equal(o->root->display.rank, -1);
	outline_free(o);
}

/* A follow-up group ranks under its section, is headed by its topic
 * with the reference as a secondary line, and its questions rank nowhere
 * and take the next numbers in reading order.  The seed's question 3 is
 * not in the document (its plain questions come after every follow-up). */
static void
follow_up_group(void **state)
{
	(void)state;
	struct outline *o = load_file("corpus/go-interview-followups.txt");
	const struct ol_node *g = find(o, OL_GROUP, "К вопросу 3 (каналы)");
	assert_non_null(g);
	assert_int_equal(g->display.rank, 1);
	assert_string_equal(g->display.heading, "каналы");
	assert_string_equal(g->display.subheading, "к\u00A0вопросу 3");
	assert_null(g->display.parent_question);
	assert_string_equal(g->display.topic, "каналы");
	assert_int_equal(g->first->display.rank, -1);
	assert_null(g->first->display.heading);
	assert_string_equal(g->first->number, "4");
	size_t n = 0;
	for (const struct ol_node *q = ol_next_question(o, NULL); q;
	    q = ol_next_question(o, q)) {
		char want[16];
		snprintf(want, sizeof(want), "%zu", ++n);
		assert_string_equal(q->number, want);
	}
	assert_int_equal(n, 73);
	const struct ol_node *gen = find(o, OL_GROUP, "Общие уточняющие");
	assert_string_equal(gen->first->number, "70");
	assert_null(gen->display.subheading);
	outline_free(o);
}

/* When question N is in the document (the N-th outside follow-up
 * groups, before the group), the group links to it and names it by its
 * printed number, which follow-ups before it have moved on. */
static void
follow_up_parent_in_document(void **state)
{
	(void)state;
	struct outline *o = load_file("corpus/go-interview-sample-en.txt");
	const struct ol_node *g = find(o, OL_GROUP, "On question 8 (context)");
	assert_non_null(g);
	assert_string_equal(g->display.heading, "context");
	assert_non_null(g->display.parent_question);
	assert_string_equal(g->display.parent_question->id, "context-usage");
	assert_string_equal(g->display.parent_question->number, "10");
	assert_string_equal(g->display.subheading, "on question 10");
	g = find(o, OL_GROUP, "On question 3 (closing channels)");
	assert_string_equal(g->display.parent_question->id, "closed-channel");
	assert_string_equal(g->display.subheading, "on question 3");
	outline_free(o);

	/* Without a label the reference is the heading; a parent after the
	 * group, or past the plain questions, is not in the document. */
	o = load("T\n\n# S\n\n## On question 2\n\nF?\n\n## G\n\nA?\n\nB?\n\n"
	    "## On question 2 (x)\n\nG?\n\n## On question 3 (y)\n\nH?\n");
	g = o->root->first->first;
	assert_string_equal(g->display.heading, "On question 2");
	assert_null(g->display.subheading);
	assert_null(g->display.parent_question);
	g = g->next->next;
	assert_string_equal(g->display.heading, "x");
	assert_string_equal(g->display.subheading, "on question 3");
	assert_string_equal(g->display.parent_question->text, "B?");
	assert_null(g->next->display.parent_question);
	assert_string_equal(g->next->display.subheading, "on question 3");
	outline_free(o);
}

/* The printed runs of a text, "text|<code>|text". */
static void
spans_of(const struct ol_node *n, struct buf *b)
{
	buf_clear(b);
	for (size_t i = 0; i < n->display.nspans; i++) {
		const struct ol_span *sp = &n->display.spans[i];
		assert_true(sp->text[0] != '\0');
		if (i)
			buf_putc(b, '|');
		if (sp->kind == OL_SPAN_CODE)
			buf_printf(b, "<%s>", sp->text);
		else
			buf_puts(b, sp->text);
	}
}

/* The seed's questions: exactly these tokens are code, and the Russian
 * text around them is set (quotes, apostrophes, no-break spaces). */
static void
seed_code_tokens(void **state)
{
	(void)state;
	static const char *const want[] = { "GOMAXPROCS", "sync.Pool",
		"interface{}", "interface{}", "context.WithValue", "atomic.Load",
		"time.Now", "-race" };
	struct outline *o = load_file("corpus/go-interview-followups.txt");
	size_t k = 0;
	struct buf b = BUF_INIT;
	for (const struct ol_node *q = ol_next_question(o, NULL); q;
	    q = ol_next_question(o, q)) {
		for (size_t i = 0; i < q->display.nspans; i++)
			if (q->display.spans[i].kind == OL_SPAN_CODE) {
				assert_true(k < sizeof(want) / sizeof(*want));
				assert_string_equal(q->display.spans[i].text, want[k]);
				k++;
			}
		assert_null(strchr(q->display.spans[0].text, '"'));
	}
	assert_int_equal(k, sizeof(want) / sizeof(*want));
	spans_of(find(o, OL_QUESTION, "Как тестировать код, который зависит от "
	    "времени (time.Now, timers)?"), &b);
	assert_string_equal(b.ptr, "Как тестировать код, который зависит от "
	    "времени (|<time.Now>|, timers)?");
	spans_of(find(o, OL_QUESTION, "Как mock'ать внешние HTTP API?"), &b);
	assert_string_equal(b.ptr, "Как mock’ать внешние HTTP API?");
	spans_of(find(o, OL_QUESTION, "Как реализован канал \"под капотом\"? "
	    "(hchan структура)"), &b);
	assert_string_equal(b.ptr, "Как реализован канал «под капотом»? "
	    "(hchan структура)");
	buf_free(&b);
	outline_free(o);
}

/* Backticks make code and are not shown; English tokens; words that
 * look a little like code stay text. */
static void
question_spans(void **state)
{
	(void)state;
	struct outline *o = load("---\nlang: en\n---\nT\n\n## G\n\n"
	    "How does a `for ... range` loop end?\n\n"
	    "Why can a nil *MyError give a non-nil error?\n\n"
	    "What does go test -race do, e.g. in CI?\n\n"
	    "Is map[string]struct{} a set, and []byte a \"string\"?\n\n"
	    "When is ctx.Done() closed, and what is b.N...?\n\n"
	    "Does select, nil, default or *emphasis* or i.e. look like code?\n\n"
	    "Unclosed `backtick here?\n\n"
	    "Two `` a`b `` ticks?\n");
	struct buf b = BUF_INIT;
	static const char *const want[] = {
		"How does a |<for ... range>| loop end?",
		"Why can a nil |<*MyError>| give a non-nil error?",
		"What does |<go test -race>| do, e.g. in CI?",
		"Is |<map[string]struct{}>| a set, and |<[]byte>| a “string”?",
		"When is |<ctx.Done()>| closed, and what is |<b.N>|…?",
		"Does select, nil, default or *emphasis* or i.e. look like code?",
		"Unclosed `backtick here?",
		"Two |<a`b>| ticks?",
	};
	size_t i = 0;
	for (const struct ol_node *q = ol_next_question(o, NULL); q;
	    q = ol_next_question(o, q)) {
		spans_of(q, &b);
		assert_string_equal(b.ptr, want[i++]);
	}
	assert_int_equal(i, sizeof(want) / sizeof(*want));
	buf_free(&b);
	outline_free(o);
}

/* Untitled groups print no heading and rank nowhere; a plain group of a
 * titled section has its title as the topic. */
static void
untitled_group(void **state)
{
	(void)state;
	struct outline *o = load("Title\n\n# Section\n\n##\n\nA question?\n\n## Group\n\n"
	    "Another one?\n");
	const struct ol_node *s = o->root->first;
	assert_string_equal(s->display.heading, "Section");
	assert_int_equal(s->display.rank, 0);
	const struct ol_node *u = s->first, *g = u->next;
	assert_null(u->text);
	assert_null(u->display.heading);
	assert_null(u->display.topic);
	assert_int_equal(u->display.rank, -1);
	assert_string_equal(g->display.topic, "Group");
	assert_int_equal(g->display.rank, 1);
	outline_free(o);
}

/* A plain list of questions: nothing ranks, and its one page is called
 * by the document's title. */
static void
plain_list(void **state)
{
	(void)state;
	struct outline *o = load("Just questions\n\n#\n\n##\n\nOne?\n\nTwo?\n");
	const struct ol_node *s = o->root->first;
	assert_null(s->text);
	assert_int_equal(s->display.rank, -1);
	assert_null(s->display.heading);
	assert_string_equal(s->display.label, "Just questions");
	assert_int_equal(s->first->display.rank, -1);
	outline_free(o);
}

/* An untitled section without groups still has a page (EPUB): it is
 * called "General questions", at the top level. */
static void
untitled_section_without_groups(void **state)
{
	(void)state;
	struct outline *o = load("Title\n\n# S\n\n## G\n\nQ?\n\n#\n");
	const struct ol_node *s = o->root->last;
	assert_null(s->text);
	assert_null(s->first);
	assert_string_equal(s->display.heading, o->labels->general);
	assert_string_equal(s->display.label, o->labels->general);
	assert_int_equal(s->display.rank, 0);
	/* After a titled section, an untitled one's first titled group is
	 * its page's name. */
	outline_free(o);
	o = load("Title\n\n# S\n\n## G\n\nQ?\n\n#\n\n## Later\n\nR?\n");
	s = o->root->last;
	assert_null(s->display.heading);
	assert_string_equal(s->display.label, "Later");
	assert_int_equal(s->first->display.rank, 0);
	outline_free(o);
}

/* ---------------- the walker ---------------- */

/* The answer of the first question of a one-question corpus, walked:
 * each step as "+name@depth" (enter), "-name@depth" (exit) or
 * "name@depth" (a leaf), with the settled flags after it. */
static char *
walk(const char *answer)
{
	struct buf in = BUF_INIT;
	buf_printf(&in, "Title\n\n# S\n\n## G\n\nQ?\n:::\n%s:::\n", answer);
	struct outline *o = load(in.ptr);
	buf_free(&in);
	struct buf out = BUF_INIT;
	struct answer_walk w;
	const struct aw_step *s;
	aw_start(&w, ol_next_question(o, NULL)->as.question.answer, TYPO_RAW);
	while ((s = aw_next(&w)) != NULL) {
		buf_printf(&out, "%s%s@%d", s->leaf ? "" : s->enter ? "+" : "-",
		    s->name, s->depth);
		if (s->tight)
			BUF_PUTSL(&out, " tight");
		if (s->heading_level)
			buf_printf(&out, " h%d", s->heading_level);
		if (s->type == CMARK_NODE_LIST)
			buf_printf(&out, " %s%d", s->ordered ? "ol" : "ul", s->list_start);
		if (s->type == CMARK_NODE_LINK)
			buf_printf(&out, " %s%s", s->safe ? "safe" : "unsafe",
			    s->shows_url ? " shown" : "");
		if (s->literal)
			buf_printf(&out, " '%s'", s->literal);
		buf_putc(&out, '\n');
	}
	aw_end(&w);
	outline_free(o);
	buf_putc(&out, '\0');
	return out.ptr;
}

static void
walk_events(void **state)
{
	(void)state;
	char *s = walk("## Sub\n\nA *b* [c](https://x.org)\n\n3. one\n4. two\n");
	assert_string_equal(s,
	    "+document@0\n"
	    "+heading@1 h2\n"
	    "text@2 'Sub'\n"
	    "-heading@1 h2\n"
	    "+paragraph@1\n"
	    "text@2 'A '\n"
	    "+emph@2\n"
	    "text@3 'b'\n"
	    "-emph@2\n"
	    "text@2 ' '\n"
	    "+link@2 safe\n"
	    "text@3 'c'\n"
	    "-link@2 safe\n"
	    "-paragraph@1\n"
	    "+list@1 ol3\n"
	    "+item@2\n"
	    "+paragraph@3 tight\n"
	    "text@4 'one'\n"
	    "-paragraph@3 tight\n"
	    "-item@2\n"
	    "+item@2\n"
	    "+paragraph@3 tight\n"
	    "text@4 'two'\n"
	    "-paragraph@3 tight\n"
	    "-item@2\n"
	    "-list@1 ol3\n"
	    "-document@0\n");
	free(s);
}

/* Only http, https and mailto links may be followed; an autolink (or a
 * mailto link showing the address without its scheme) shows its address
 * already; a loose list's paragraphs are not tight. */
static void
walk_links_and_loose_lists(void **state)
{
	(void)state;
	char *s = walk("<https://go.dev> [m](javascript:alert(1)) "
	    "[a@b.c](mailto:a@b.c) [x](HTTP://X)\n\n- a\n\n- b\n");
	assert_non_null(strstr(s, "+link@2 safe shown\ntext@3 'https://go.dev'\n"));
	assert_non_null(strstr(s, "+link@2 unsafe\ntext@3 'm'\n"));
	assert_non_null(strstr(s, "+link@2 safe shown\ntext@3 'a@b.c'\n"));
	assert_non_null(strstr(s, "+link@2 safe\ntext@3 'x'\n"));
	assert_non_null(strstr(s, "+list@1 ul0\n+item@2\n+paragraph@3\n"));
	assert_null(strstr(s, "tight"));
	free(s);
	assert_int_equal(aw_safe_url("mailto:x"), 1);
	assert_int_equal(aw_safe_url("Https://x"), 1);
	assert_int_equal(aw_safe_url("ftp://x"), 0);
	assert_int_equal(aw_safe_url("/relative"), 0);
}

/* A walk of nothing gives no step; one stopped early frees cleanly. */
static void
walk_empty_and_stopped(void **state)
{
	(void)state;
	struct answer_walk w;
	aw_start(&w, NULL, TYPO_RAW);
	assert_null(aw_next(&w));
	aw_end(&w);
	struct outline *o = load("Title\n\n# S\n\n## G\n\nQ?\n:::\ntext\n:::\n");
	aw_start(&w, ol_next_question(o, NULL)->as.question.answer, TYPO_RAW);
	const struct aw_step *s = aw_next(&w);
	assert_non_null(s);
	assert_int_equal(s->type, CMARK_NODE_DOCUMENT);
	assert_true(s->enter);
	aw_end(&w);
	outline_free(o);
}

/* The JSON dump writes the answer through the walk: an object a node,
 * "children" only for a container that has some (the empty item and
 * block quote here have none), the bytes jansson's indent 1 gave. */
static void
walk_json_children(void **state)
{
	(void)state;
	struct outline *o = load("Title\n\n# S\n\n## G\n\nQ?\n:::\n"
	    "- a\n-\n\n>\n:::\n");
	char *s = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&s, &len);
	assert_non_null(mem);
	assert_int_equal(out_outline(o, DUMP_JSON, mem), 0);
	fclose(mem);
	outline_free(o);
	const char *want =
	    "\"answer\": {\n"
	    "        \"type\": \"document\",\n"
	    "        \"line\": 9,\n"
	    "        \"col\": 1,\n"
	    "        \"children\": [\n"
	    "         {\n"
	    "          \"type\": \"list\",\n"
	    "          \"line\": 9,\n"
	    "          \"col\": 1,\n"
	    "          \"ordered\": false,\n"
	    "          \"tight\": true,\n"
	    "          \"children\": [\n"
	    "           {\n"
	    "            \"type\": \"item\",\n"
	    "            \"line\": 9,\n"
	    "            \"col\": 1,\n"
	    "            \"children\": [\n"
	    "             {\n"
	    "              \"type\": \"paragraph\",\n"
	    "              \"line\": 9,\n"
	    "              \"col\": 3,\n"
	    "              \"children\": [\n"
	    "               {\n"
	    "                \"type\": \"text\",\n"
	    "                \"line\": 9,\n"
	    "                \"col\": 3,\n"
	    "                \"literal\": \"a\"\n"
	    "               }\n"
	    "              ]\n"
	    "             }\n"
	    "            ]\n"
	    "           },\n"
	    "           {\n"
	    "            \"type\": \"item\",\n"
	    "            \"line\": 10,\n"
	    "            \"col\": 1\n"
	    "           }\n"
	    "          ]\n"
	    "         },\n"
	    "         {\n"
	    "          \"type\": \"block_quote\",\n"
	    "          \"line\": 12,\n"
	    "          \"col\": 1\n"
	    "         }\n"
	    "        ],\n"
	    "        \"pos\": {\n"
	    "         \"line\": 9,\n"
	    "         \"col\": 1\n"
	    "        }\n"
	    "       }\n";
	const char *got = strstr(s, "\"answer\": {");
	assert_non_null(got);
	assert_int_equal(strncmp(got, want, strlen(want)), 0);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_general_group_is_top_level),
		cmocka_unit_test(follow_up_group),
		cmocka_unit_test(follow_up_parent_in_document),
		cmocka_unit_test(seed_code_tokens),
		cmocka_unit_test(question_spans),
		cmocka_unit_test(untitled_group),
		cmocka_unit_test(plain_list),
		cmocka_unit_test(untitled_section_without_groups),
		cmocka_unit_test(walk_events),
		cmocka_unit_test(walk_links_and_loose_lists),
		cmocka_unit_test(walk_empty_and_stopped),
		cmocka_unit_test(walk_json_children),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
