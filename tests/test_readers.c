/* test_readers.c: unit tests of the readers other than the qbind
 * format's (read_*.c) and of detection: which reader a text gets and
 * why, and the outline each makes of the shapes it is for. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cmark.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qbind.h"
#include "outline.h"
#include "diag.h"
#include "xalloc.h"

struct run {
	struct outline *o;
	char *msgs;
	size_t msglen;
	int valid;
};

/* Reads the texts as files names[i], with reader (NULL: detection),
 * saying which reader was chosen; validates. */
static void
run_files(struct run *r, const char *reader, const char *const *names,
    const char *const *texts, size_t n)
{
	FILE *mem = open_memstream(&r->msgs, &r->msglen);
	struct diag d;
	diag_init(&d, mem);
	d.max_shown = 0;
	struct corpus *c = corpus_new(&d);
	assert_int_equal(corpus_set_reader(c, reader), 0);
	corpus_say_reader(c, 1);
	for (size_t i = 0; i < n; i++)
		corpus_add_mem(c, names[i], texts[i], strlen(texts[i]));
	r->o = corpus_finish(c);
	assert_int_equal(outline_check(r->o, 0, stderr), 0);
	r->valid = d.nerrors == 0 && outline_validate(r->o, &d) == 0;
	assert_int_equal(outline_check(r->o, r->valid, stderr), 0);
	diag_flush(&d);
	fclose(mem);
}

static void
run(struct run *r, const char *reader, const char *name, const char *text)
{
	run_files(r, reader, &name, &text, 1);
}

static void
run_free(struct run *r)
{
	outline_free(r->o);
	free(r->msgs);
}

static int
has(const struct run *r, const char *s)
{
	return strstr(r->msgs, s) != NULL;
}

#define HAS(r, s) do { if (!has((r), (s))) fail_msg("no \"%s\" in:\n%s", (s), (r)->msgs); } while (0)

/* The n-th question (0-based) in document order. */
static const struct ol_node *
nth(const struct outline *o, size_t n)
{
	const struct ol_node *q = ol_next_question(o, NULL);
	while (q && n--)
		q = ol_next_question(o, q);
	assert_non_null(q);
	return q;
}

/* The plain text of q's answer (its text nodes, joined). */
static char *
answer_text(const struct ol_node *q)
{
	static char out[4096];
	size_t len = 0;
	out[0] = '\0';
	if (q->as.question.answer == NULL)
		return out;
	cmark_iter *it = cmark_iter_new(q->as.question.answer);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit = ev == CMARK_EVENT_ENTER ? cmark_node_get_literal(n) : NULL;
		if (lit && len + strlen(lit) + 2 < sizeof(out)) {
			len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s",
			    len ? "|" : "", lit);
		}
	}
	cmark_iter_free(it);
	return out;
}

static void
detects(void **state)
{
	(void)state;
	static const struct { const char *name, *text, *note; } cases[] = {
		{ "a.txt", "T\nS\nG:\nQ?\n", "read as qbind (group lines ending in ':')" },
		{ "a.txt", "T\n\nWhat is - a dash?\n# S\n## G\n- item?\n",
		    "read as markdown" },
		{ "a.txt", "T\nS\nG:\n- What is a dash?\n", "read as qbind (it parses as the qbind format)" },
		{ "a.md", "# T\n\n- Q?\n", "read as markdown (headings and list items)" },
		{ "a.txt", "T\n\nQ: What?\nA: That.\n", "read as qa (Q:/A: pairs)" },
		{ "a.txt", "T\n\n1. What?\n2. Why?\n", "read as list (numbered or bulleted items)" },
		{ "a.txt", "T\n\nWhat?\nWhy?\n", "read as list (one question a line)" },
		{ "a.txt", "#separator:tab\nQ?\tA\n", "read as tsv (Anki's export header)" },
		{ "a.txt", "#separator:comma\nQ?,A\n", "read as csv (Anki's export header)" },
		{ "a.csv", "Q?,A\n", "read as csv (the file name ends in .csv)" },
		{ "a.txt", "What is Go?\tA language\nWhat is a map?\tA table\n",
		    "read as tsv (tab-separated columns)" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct run r;
		run(&r, NULL, cases[i].name, cases[i].text);
		if (!has(&r, cases[i].note))
			fail_msg("case %zu: no \"%s\" in:\n%s", i, cases[i].note, r.msgs);
		run_free(&r);
	}
}

static void
markdown(void **state)
{
	(void)state;
	struct run r;
	run(&r, NULL, "k.md",
	    "# Kubernetes\n\nMy notes.\n\n## Basics\n\n"
	    "- What is a Pod?\n  The smallest unit.\n\n  ```yaml\n  kind: Pod\n  ```\n"
	    "- How does a Service find Pods?\nBy labels.\n"
	    "- Networking\n  - What is DNS?\n  - What is a CNI?\n"
	    "## More\n\n### What is etcd?\n\nA store.\n\n**Why Raft?**\nConsensus.\n");
	assert_true(r.valid);
	assert_string_equal(r.o->meta.title, "Kubernetes");
	/* "**Why Raft?**" is in the answer of the heading above it. */
	assert_int_equal(r.o->nquestions, 5);
	assert_int_equal(r.o->nsections, 2);
	/* The description, from the paragraph before the first question. */
	assert_non_null(r.o->root->as.question.answer);
	const struct ol_node *q = nth(r.o, 0);
	assert_string_equal(q->text, "What is a Pod?");
	assert_string_equal(answer_text(q), "The smallest unit.|kind: Pod\n");
	assert_string_equal(cmark_node_get_fence_info(cmark_node_last_child(q->as.question.answer)), "yaml");
	/* An answer on the line below the question, no blank line between. */
	assert_string_equal(nth(r.o, 1)->text, "How does a Service find Pods?");
	assert_string_equal(answer_text(nth(r.o, 1)), "By labels.");
	/* An item holding questions is their group. */
	assert_string_equal(nth(r.o, 2)->parent->text, "Networking");
	assert_null(nth(r.o, 0)->parent->text);
	assert_string_equal(nth(r.o, 4)->text, "What is etcd?");
	assert_string_equal(answer_text(nth(r.o, 4)), "A store.|Why Raft?|Consensus.");
	run_free(&r);
	/* Outside a heading's answer a bold line that asks is a question. */
	run(&r, "markdown", "k.md", "# T\n\n## S\n\n**Why Raft?**\nConsensus.\n\n**What is a lease?**\n\nA lock with a time limit.\n");
	assert_int_equal(r.o->nquestions, 2);
	assert_string_equal(answer_text(nth(r.o, 1)), "A lock with a time limit.");
	run_free(&r);
}

static void
qa(void **state)
{
	(void)state;
	struct run r;
	run(&r, NULL, "j.txt",
	    "Java Q&A\n\nCore Java\nQ: What is the\nJVM?\nA: It runs\nbytecode.\n\n"
	    "    int x = 1;\n\nCollections:\nQ: What is a map?\nA hash table.\n"
	    "\n**Вопрос 3:** Что такое GC?\n**Ответ:** Сборщик мусора.\n");
	assert_true(r.valid);
	assert_string_equal(r.o->meta.title, "Java Q&A");
	assert_int_equal(r.o->nquestions, 3);
	assert_string_equal(nth(r.o, 0)->text, "What is the JVM?");
	assert_string_equal(nth(r.o, 0)->parent->parent->text, "Core Java");
	/* After a blank line, indentation is the answer's own: code. */
	assert_string_equal(answer_text(nth(r.o, 0)), "It runs|bytecode.|int x = 1;\n");
	assert_string_equal(nth(r.o, 1)->parent->text, "Collections");
	assert_string_equal(answer_text(nth(r.o, 1)), "A hash table.");
	assert_string_equal(nth(r.o, 2)->text, "Что такое GC?");
	run_free(&r);
	run(&r, "qa", "j.txt", "T\n\nA: no question\n");
	assert_false(r.valid);
	HAS(&r, "j.txt:3:1: error: an answer marker with no question above it");
	run_free(&r);
}

static void
lists(void **state)
{
	(void)state;
	struct run r;
	run(&r, NULL, "l.txt",
	    "Go\n\nBasics\n1. What is the difference between a slice\n   and an array?\n"
	    "   A slice is a view.\n2) What is a map?\n\xe2\x80\xa2\tWhat is a channel?\n"
	    "  - buffered\n  - unbuffered\nMemory:\n\xe2\x80\x94 What is GC?\nA collector.\n");
	assert_true(r.valid);
	assert_int_equal(r.o->nquestions, 4);
	assert_string_equal(nth(r.o, 0)->text, "What is the difference between a slice and an array?");
	assert_string_equal(answer_text(nth(r.o, 0)), "A slice is a view.");
	assert_string_equal(answer_text(nth(r.o, 2)), "buffered|unbuffered");
	assert_string_equal(nth(r.o, 0)->parent->parent->text, "Basics");
	assert_string_equal(nth(r.o, 3)->parent->text, "Memory");
	assert_string_equal(answer_text(nth(r.o, 3)), "A collector.");
	/* No tab warning for a paste's tabs. */
	assert_false(has(&r, "tab character"));
	run_free(&r);
	/* A bare list with no title: the file's name. */
	run(&r, NULL, "dir/go-questions.txt", "What is Go?\nWhat is a map?\nTypes\nWhat is an interface?\n");
	assert_true(r.valid);
	assert_string_equal(r.o->meta.title, "go-questions");
	assert_int_equal(r.o->nquestions, 3);
	assert_string_equal(nth(r.o, 2)->parent->parent->text, "Types");
	HAS(&r, "note: no title found in the file");
	run_free(&r);
}

static void
csv(void **state)
{
	(void)state;
	struct run r;
	run(&r, NULL, "c.csv",
	    "question,answer,tags,section\r\n"
	    "\"What is a \"\"slice\"\"?\",\"A view,\r\nwith cap.\",go basics,Go\r\n"
	    "What is a map?,A hash table.,go,Go\r\n"
	    "What is the GIL?,A lock.,python,Python\r\n"
	    "What is a channel?,A pipe.,go,Go\r\n");
	assert_true(r.valid);
	assert_string_equal(r.o->meta.title, "c");
	assert_int_equal(r.o->nquestions, 4);
	assert_int_equal(r.o->nsections, 2);
	assert_string_equal(nth(r.o, 0)->text, "What is a \"slice\"?");
	assert_int_equal(nth(r.o, 0)->ntags, 2);
	/* Rows of one section are gathered under it. */
	assert_string_equal(nth(r.o, 2)->text, "What is a channel?");
	assert_string_equal(nth(r.o, 3)->parent->parent->text, "Python");
	run_free(&r);
	run(&r, NULL, "export.txt",
	    "#separator:tab\n#html:true\n#tags column:3\n#deck column:4\n"
	    "What is <b>Go</b>?\tA <i>language</i>.<br>Compiled &amp; typed.\tgo\tGo::Basics::Intro\n"
	    "What is a map?\t<div>A table.</div>\tgo\tGo::Basics::Types\n");
	assert_true(r.valid);
	assert_string_equal(r.o->meta.title, "Go");
	assert_string_equal(nth(r.o, 0)->text, "What is Go?");
	assert_string_equal(nth(r.o, 0)->parent->text, "Intro");
	assert_string_equal(nth(r.o, 0)->parent->parent->text, "Basics");
	assert_string_equal(answer_text(nth(r.o, 0)), "A |language|.|Compiled & typed.");
	run_free(&r);
}

static void
several_shapes(void **state)
{
	(void)state;
	const char *names[] = { "a.md", "b.txt", "c.txt" };
	const char *texts[] = {
		"# Interview\n\n## Go\n\n- What is Go?\n",
		"Java\n\nQ: What is the JVM?\nA: A VM.\n",
		"SQL\n\n1. What is an index?\n",
	};
	struct run r;
	run_files(&r, NULL, names, texts, 3);
	assert_true(r.valid);
	assert_string_equal(r.o->meta.title, "Interview");
	assert_int_equal(r.o->nquestions, 3);
	HAS(&r, "b.txt: note: read as qa");
	HAS(&r, "c.txt: note: read as list");
	assert_string_equal(nth(r.o, 2)->pos.file, "c.txt");
	run_free(&r);
}

/* `outline -f qbind` reads back as the same tree, here for a case with
 * untitled levels, a description and an escape. */
static void
writes_qbind(void **state)
{
	(void)state;
	struct run r, back;
	run(&r, NULL, "k.md", "# T\n\nIntro.\n\n- Ends in a colon:\n- # not a heading?\n\n## S\n\n- Q?\n  ```go\n  x := 1\n  ```\n");
	assert_true(r.valid);
	char *text;
	size_t len;
	FILE *mem = open_memstream(&text, &len);
	assert_int_equal(out_qbind(r.o, mem), 0);
	fclose(mem);
	run(&back, "qbind", "back.txt", text);
	assert_true(back.valid);
	assert_int_equal(back.o->nquestions, r.o->nquestions);
	for (size_t i = 0; i < r.o->nquestions; i++) {
		assert_string_equal(nth(back.o, i)->text, nth(r.o, i)->text);
		assert_string_equal(nth(back.o, i)->id, nth(r.o, i)->id);
	}
	assert_null(nth(back.o, 0)->parent->text);
	assert_null(nth(back.o, 0)->parent->parent->text);
	assert_non_null(back.o->root->as.question.answer);
	assert_string_equal(answer_text(nth(back.o, 2)), "x := 1\n");
	free(text);
	run_free(&back);
	run_free(&r);
}

/* Reads path with reader (NULL: detection) and checks the outline after
 * reading and after validation; returns the violations. */
static size_t
check_file(const char *path, const char *reader)
{
	struct diag d;
	diag_init(&d, NULL);
	struct corpus *c = corpus_new(&d);
	assert_int_equal(corpus_set_reader(c, reader), 0);
	corpus_add_file(c, path);
	struct outline *o = corpus_finish(c);
	size_t nbad = outline_check(o, 0, stderr);
	int valid = d.nerrors == 0 && outline_validate(o, &d) == 0;
	nbad += outline_check(o, valid, stderr);
	if (nbad)
		fprintf(stderr, "%s (reader %s): %zu violations\n", path,
		    reader ? reader : "auto", nbad);
	outline_free(o);
	return nbad;
}

/* Every corpus the repository ships and tests, read by detection and
 * as the qbind format, leaves a sound tree, valid or not. */
static void
every_corpus_keeps_the_invariants(void **state)
{
	(void)state;
	static const char *const dirs[] = { "corpus", "tests/cases", "tests/readers" };
	size_t nfiles = 0, nbad = 0;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		DIR *dir = opendir(dirs[i]);
		assert_non_null(dir);
		for (struct dirent *e; (e = readdir(dir)) != NULL;) {
			const char *dot = strrchr(e->d_name, '.');
			if (e->d_name[0] == '.' || dot == NULL ||
			    strcmp(dot, ".sh") == 0)
				continue;
			char path[512];
			snprintf(path, sizeof(path), "%s/%s", dirs[i], e->d_name);
			nbad += check_file(path, NULL) + check_file(path, "qbind");
			nfiles++;
		}
		closedir(dir);
	}
	assert_true(nfiles > 70);
	assert_int_equal(nbad, 0);
}

int
main(void)
{
	xalloc_init_libraries();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(detects),
		cmocka_unit_test(markdown),
		cmocka_unit_test(qa),
		cmocka_unit_test(lists),
		cmocka_unit_test(csv),
		cmocka_unit_test(several_shapes),
		cmocka_unit_test(writes_qbind),
		cmocka_unit_test(every_corpus_keeps_the_invariants),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xalloc_free_libraries();
	return rc;
}
