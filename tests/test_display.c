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
		OL_FOREACH(g, s)
			if (k == OL_GROUP && g->text && strcmp(g->text, text) == 0)
				return g;
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
	assert_string_equal(o->root->display.heading,
	    "Уточняющие вопросы к существующим темам");
	assert_int_equal(o->root->display.rank, -1);
	outline_free(o);
}

/* A follow-up group ranks under its section and shows its label as the
 * topic; its questions rank nowhere. */
static void
follow_up_group(void **state)
{
	(void)state;
	struct outline *o = load_file("corpus/go-interview-followups.txt");
	const struct ol_node *g = find(o, OL_GROUP, "К вопросу 3 (каналы)");
	assert_non_null(g);
	assert_int_equal(g->display.rank, 1);
	assert_string_equal(g->display.heading, "К вопросу 3 (каналы)");
	assert_string_equal(g->display.topic, "каналы");
	assert_int_equal(g->first->display.rank, -1);
	assert_null(g->first->display.heading);
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
