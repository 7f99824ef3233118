/* test_corpus.c: unit tests of the corpus reader and the validation pass. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qbind.h"
#include "outline.h"
#include "diag.h"
#include "buf.h"
#include "xalloc.h"

#define SEED "corpus/go-interview-followups.txt"

/* One parse: the outline (validated unless reading failed), the messages. */
struct run {
	struct outline *o;
	char *msgs;
	size_t msglen;
	unsigned errors, warnings;
	int valid;
};

static void
run_files(struct run *r, const char *const *names, const char *const *texts,
    const size_t *lens, size_t n)
{
	FILE *mem = open_memstream(&r->msgs, &r->msglen);
	struct diag d;
	diag_init(&d, mem);
	struct corpus *c = corpus_new(&d);
	/* These are the qbind format's tests; detection has its own. */
	corpus_set_reader(c, "qbind");
	for (size_t i = 0; i < n; i++)
		corpus_add_mem(c, names[i], texts[i], lens[i]);
	r->o = corpus_finish(c);
	assert_int_equal(outline_check(r->o, 0, stderr), 0);
	r->valid = d.nerrors == 0 && outline_validate(r->o, &d) == 0;
	assert_int_equal(outline_check(r->o, r->valid, stderr), 0);
	r->errors = d.nerrors;
	r->warnings = d.nwarnings;
	diag_flush(&d); /* the last message may be held back to merge repeats */
	fclose(mem);
}

static void
run_bytes(struct run *r, const char *text, size_t len)
{
	const char *name = "t.txt";
	run_files(r, &name, &text, &len, 1);
}

static void
run_text(struct run *r, const char *text)
{
	run_bytes(r, text, strlen(text));
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return p;
}

static void
run_free(struct run *r)
{
	outline_free(r->o);
	free(r->msgs);
	memset(r, 0, sizeof(*r));
}

static char *
dump(const struct outline *o)
{
	char *s = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&s, &n);
	assert_int_equal(out_outline(o, DUMP_TEXT, mem), 0);
	fclose(mem);
	return s;
}

static const struct ol_node *
question_n(const struct outline *o, size_t k)
{
	const struct ol_node *q = ol_next_question(o, NULL);
	while (q && k--)
		q = ol_next_question(o, q);
	return q;
}

static const struct ol_node *
find_question(const struct outline *o, const char *text)
{
	for (const struct ol_node *q = ol_next_question(o, NULL); q;
	    q = ol_next_question(o, q))
		if (strcmp(q->text, text) == 0)
			return q;
	return NULL;
}

static int
has_msg(const struct run *r, const char *needle)
{
	return r->msgs && strstr(r->msgs, needle) != NULL;
}

/* ---- the seed ---- */

static void
seed_structure(void **state)
{
	(void)state;
	size_t len;
	char *text = slurp(SEED, &len);
	struct run r;
	run_bytes(&r, text, len);
	assert_true(r.valid);
	assert_int_equal(r.errors, 0);
	assert_int_equal(r.warnings, 0);
	assert_string_equal(r.o->meta.title, "Уточняющие вопросы к существующим темам");
	assert_int_equal(r.o->nsections, 12);
	assert_int_equal(r.o->ngroups, 24);
	assert_int_equal(r.o->nquestions, 73);

	size_t follow_ups = 0, titled = 0;
	OL_FOREACH(s, r.o->root) {
		titled += s->text != NULL;
		OL_FOREACH(g, s)
			follow_ups += g->as.group.follows != 0;
	}
	assert_int_equal(titled, 12);
	assert_int_equal(follow_ups, 23);

	const struct ol_node *first = r.o->root->first;
	assert_string_equal(first->text, "Goroutines & Concurrency");
	assert_int_equal(first->pos.line, 2);
	assert_string_equal(first->first->text, "К вопросу 1 (goroutine)");
	assert_int_equal(first->first->as.group.follows, 1);
	assert_string_equal(first->first->as.group.label, "goroutine");

	/* "Общие уточняющие" closes the document, outside any section. */
	const struct ol_node *last = r.o->root->last;
	assert_null(last->text);
	assert_int_equal(last->nchildren, 1);
	assert_string_equal(last->first->text, "Общие уточняющие");
	assert_int_equal(last->first->as.group.follows, 0);
	assert_int_equal(last->first->nchildren, 4);
	assert_string_equal(r.o->root->last->prev->text, "Производственные вопросы");
	assert_int_equal(r.o->root->last->prev->nchildren, 1);

	/* A question that goes on after its '?' stays one question. */
	const struct ol_node *q = find_question(r.o,
	    "Как реализован канал \"под капотом\"? (hchan структура)");
	assert_non_null(q);
	assert_string_equal(q->number, "5");
	assert_int_equal(q->pos.line, 15);
	assert_int_equal(q->pos.col, 1);

	/* Numbers run in reading order through the document. */
	assert_string_equal(question_n(r.o, 0)->number, "1");
	assert_string_equal(question_n(r.o, 2)->number, "3");
	assert_string_equal(question_n(r.o, 3)->number, "4");
	assert_string_equal(question_n(r.o, 69)->number, "70");
	assert_string_equal(question_n(r.o, 72)->number, "73");
	assert_null(question_n(r.o, 73));

	assert_string_equal(r.o->meta.lang, "ru");
	assert_true(r.o->meta.lang_detected);
	assert_string_equal(r.o->labels->contents, "Содержание");
	run_free(&r);
	free(text);
}

/* ---- numbering and ids ---- */

static void
follow_up_numbering(void **state)
{
	(void)state;
	struct run r;
	run_text(&r, "T\nS\nК вопросу 3 (a):\nA1\nA2\n\nК вопросу 3:\nB1\n\n"
	    "Plain:\nC1\nC2\n\nOn question 7 (x):\nD1\n");
	assert_true(r.valid);
	/* One count in reading order; "К вопросу N" is not a number. */
	assert_string_equal(find_question(r.o, "A2")->number, "2");
	assert_string_equal(find_question(r.o, "B1")->number, "3");
	assert_string_equal(find_question(r.o, "C2")->number, "5");
	assert_string_equal(find_question(r.o, "D1")->number, "6");
	const struct ol_node *g = find_question(r.o, "B1")->parent;
	assert_int_equal(g->as.group.follows, 3);
	assert_null(g->as.group.label);
	run_free(&r);
}

static void
ids_survive_reorder_and_edits(void **state)
{
	(void)state;
	struct run a, b;
	run_text(&a, "T\nS\nG:\nFirst question?\nSecond question?\nThird?\n");
	run_text(&b, "T\nS\nG:\nThird?\nSecond question?\n\nH:\nFirst question? (edited: no)\n"
	    "First question?\n");
	assert_true(a.valid);
	assert_true(b.valid);
	assert_string_equal(find_question(a.o, "Second question?")->id,
	    find_question(b.o, "Second question?")->id);
	assert_string_equal(find_question(a.o, "Third?")->id,
	    find_question(b.o, "Third?")->id);
	assert_string_equal(find_question(a.o, "First question?")->id,
	    find_question(b.o, "First question?")->id);
	assert_string_not_equal(find_question(b.o, "First question?")->id,
	    find_question(b.o, "First question? (edited: no)")->id);
	/* The id format FORMAT.md promises: "q-" and 12 base32 characters. */
	const char *id = find_question(a.o, "Third?")->id;
	assert_int_equal(strlen(id), 14);
	assert_memory_equal(id, "q-", 2);
	run_free(&a);
	run_free(&b);
}

static void
explicit_ids(void **state)
{
	(void)state;
	struct run r;
	run_text(&r, "T\nS\nG:\nWhat is it? {#what .x .y-z}\nWhy interface{}\n");
	assert_true(r.valid);
	const struct ol_node *q = find_question(r.o, "What is it?");
	assert_non_null(q);
	assert_string_equal(q->id, "what");
	assert_true(q->as.question.explicit_id);
	assert_int_equal(q->ntags, 2);
	assert_string_equal(q->tags[1], "y-z");
	assert_non_null(find_question(r.o, "Why interface{}"));
	run_free(&r);

	run_text(&r, "T\nS\nG:\nOne {#same}\nTwo\nThree {#same}\n");
	assert_false(r.valid);
	assert_true(has_msg(&r, "t.txt:6:1: error: duplicate id 'same': also used "
	    "by the question at t.txt:4:1"));
	run_free(&r);
}

static void
duplicate_questions(void **state)
{
	(void)state;
	struct run r;
	run_text(&r, "T\nS\nG:\nЧто такое  GC?\n\nH:\nчто такое GC?\n");
	assert_false(r.valid);
	assert_true(has_msg(&r, "t.txt:7:1: error: duplicate question 'что такое GC?': "
	    "same text as t.txt:4:1"));
	run_free(&r);
	/* A long one is quoted by its first 60 characters or fewer, cut at
	 * a space near the end, without that space. */
	run_text(&r, "T\nS\nG:\nЧто такое GOMAXPROCS и как планировщик Go распределяет "
	    "горутины по потокам ОС?\nЧто такое GOMAXPROCS и как планировщик Go "
	    "распределяет горутины по потокам ОС?\n");
	assert_false(r.valid);
	assert_true(has_msg(&r, "t.txt:5:1: error: duplicate question 'Что такое "
	    "GOMAXPROCS и как планировщик Go распределяет…': same text as "
	    "t.txt:4:1"));
	run_free(&r);
	/* Without a space near the end: 60 characters, here of two bytes each. */
	char word[2 * 70 + 1], line[3 * sizeof(word) + 16];
	for (int i = 0; i < 70; i++)
		memcpy(word + 2 * i, i < 60 ? "ж" : "ы", 2);
	word[2 * 70] = '\0';
	snprintf(line, sizeof(line), "T\nS\nG:\n%s?\n%s?\n", word, word);
	run_text(&r, line);
	word[2 * 60] = '\0';
	snprintf(line, sizeof(line), "t.txt:5:1: error: duplicate question '%s…'", word);
	assert_true(has_msg(&r, line));
	run_free(&r);
	/* An explicit id makes the second one a different question. */
	run_text(&r, "T\nS\nG:\nЧто такое GC?\n\nH:\nЧто такое GC? {#gc-again}\n");
	assert_true(r.valid);
	run_free(&r);
}

/* ---- explicit forms ---- */

static const char sample[] =
    "---\n"
    "title: \"Go: a sample\"\n"
    "subtitle: Second round\n"
    "author: A. Author\n"
    "lang: en\n"
    "id: go-sample\n"
    "date: 2026-11-28\n"
    "---\n"
    "// a comment\n"
    "# Channels {.conc}\n"
    "## Basics:\n"
    "What happens on a send to a closed channel? {#send-closed}\n"
    "\n"
    ":::\n"
    "It **panics**.\n"
    "\n"
    "```go\n"
    "close(ch)\n"
    "ch <- 1 // panic\n"
    "```\n"
    ":::\n"
    "\\Ends in a colon:\n"
    "Memory\n"
    "On question 2 (maps):\n"
    "Are maps safe for concurrent use?\n";

static void
explicit_forms(void **state)
{
	(void)state;
	struct run r;
	run_text(&r, sample);
	assert_true(r.valid);
	assert_int_equal(r.warnings, 0);
	const struct ol_meta *m = &r.o->meta;
	assert_string_equal(m->title, "Go: a sample");
	assert_string_equal(m->subtitle, "Second round");
	assert_string_equal(m->author, "A. Author");
	assert_string_equal(m->lang, "en");
	assert_false(m->lang_detected);
	assert_string_equal(m->corpus_id, "go-sample");
	assert_string_equal(m->date, "2026-11-28");
	assert_string_equal(r.o->labels->contents, "Contents");
	assert_int_equal(r.o->nsections, 2);

	const struct ol_node *s = r.o->root->first;
	assert_string_equal(s->text, "Channels");
	assert_int_equal(s->ntags, 1);
	assert_string_equal(s->first->text, "Basics");

	const struct ol_node *q = find_question(r.o,
	    "What happens on a send to a closed channel?");
	assert_non_null(q);
	cmark_node *a = q->as.question.answer;
	assert_non_null(a);
	assert_int_equal(q->as.question.answer_pos.line, 15);
	cmark_node *code = cmark_node_next(cmark_node_first_child(a));
	assert_int_equal(cmark_node_get_type(code), CMARK_NODE_CODE_BLOCK);
	assert_string_equal(cmark_node_get_fence_info(code), "go");
	assert_string_equal(cmark_node_get_literal(code), "close(ch)\nch <- 1 // panic\n");

	assert_non_null(find_question(r.o, "Ends in a colon:"));
	const struct ol_node *maps = find_question(r.o, "Are maps safe for concurrent use?");
	assert_string_equal(maps->parent->parent->text, "Memory");
	assert_string_equal(maps->number, "3");
	assert_int_equal(r.o->nanswers, 1);
	run_free(&r);
}

/* Comments, front matter and explicit forms elsewhere do not change how
 * the seed's lines parse. */
static void
plain_form_unchanged_by_explicit_forms(void **state)
{
	(void)state;
	size_t len;
	char *text = slurp(SEED, &len);
	const char *body = strchr(text, '\n') + 1;
	char *with = NULL;
	size_t wlen = 0;
	FILE *f = open_memstream(&with, &wlen);
	fprintf(f, "---\ntitle: Уточняющие вопросы к существующим темам\n---\n"
	    "// comment\n%s\n// trailing comment\n", body);
	fclose(f);

	struct run a, b;
	run_bytes(&a, text, len);
	run_bytes(&b, with, wlen);
	assert_true(a.valid);
	assert_true(b.valid);
	assert_int_equal(b.o->nquestions, 73);
	const struct ol_node *qa = ol_next_question(a.o, NULL);
	const struct ol_node *qb = ol_next_question(b.o, NULL);
	for (; qa && qb; qa = ol_next_question(a.o, qa), qb = ol_next_question(b.o, qb)) {
		assert_string_equal(qa->text, qb->text);
		assert_string_equal(qa->id, qb->id);
		assert_string_equal(qa->number, qb->number);
		assert_int_equal(qa->pos.line + 3, qb->pos.line);
	}
	assert_null(qa);
	assert_null(qb);
	run_free(&a);
	run_free(&b);
	free(with);
	free(text);
}

static void
bom_and_crlf_accepted(void **state)
{
	(void)state;
	size_t len;
	char *text = slurp(SEED, &len);
	char *crlf = malloc(len * 2 + 4);
	size_t n = 0;
	memcpy(crlf, "\xEF\xBB\xBF", 3);
	n = 3;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = text[i];
	}
	struct run a, b;
	run_bytes(&a, text, len);
	run_bytes(&b, crlf, n);
	assert_true(b.valid);
	assert_int_equal(b.warnings, 0);
	char *da = dump(a.o), *db = dump(b.o);
	assert_string_equal(da, db);
	free(da);
	free(db);
	run_free(&a);
	run_free(&b);
	free(crlf);
	free(text);
}

static void
language_detection(void **state)
{
	(void)state;
	struct run r;
	run_text(&r, "Go questions\nBasics\nGeneral:\nWhat is a goroutine?\n"
	    "Что такое канал?\nHow does the scheduler work with GOMAXPROCS?\n");
	assert_true(r.valid);
	assert_string_equal(r.o->meta.lang, "en");
	assert_string_equal(r.o->labels->page_of, "Page %d of %d");
	run_free(&r);
	run_text(&r, "---\nlang: de\n---\nT\nS\nG:\nWas ist ein Kanal?\n");
	assert_true(r.valid);
	assert_true(has_msg(&r, "no labels for language 'de'"));
	run_free(&r);
}

/* ---- bad input ---- */

struct bad_case {
	const char *text;
	size_t len;        /* 0: strlen */
	const char *msg;   /* expected substring */
	int error;         /* 1: error, 0: warning only */
};

static void
bad_inputs(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
		{ "", 0, "t.txt: error: file is empty", 1 },
		{ "\n\n// only a comment\n", 0, "t.txt: error: file has no text", 1 },
		{ "T\nS\nG:\n", 0, "t.txt: error: the corpus has no questions", 1 },
		{ "T\nS\nG:\nab\xff" "cd\n", 0, "t.txt:4:3: error: invalid UTF-8 "
		    "(byte 0xFF at byte offset 9)", 1 },
		{ "T\nS\nG:\n\xc0\xaf\n", 0, "t.txt:4:1: error: invalid UTF-8", 1 },
		{ "T\nS\nG:\n\xed\xa0\x80\n", 0, "t.txt:4:1: error: invalid UTF-8", 1 },
		{ "T\nS\nG:\nQ\0x\n", 11, "t.txt:4:2: error: NUL byte at byte offset 8", 1 },
		{ "T\nS\nG:\nWhat\tis it?\n", 0, "t.txt:4:5: warning: tab character", 0 },
		{ "T\nS\nG:\nWhat\x07 is it?\n", 0, "t.txt:4:5: warning: control "
		    "character U+0007 removed", 0 },
		{ "T\nLoose question?\nS\nG:\nQ\n", 0, "t.txt:2:1: error: question "
		    "outside any group", 1 },
		{ "---\ntitle: x\nauther: y\n---\nS\nG:\nQ\n", 0, "t.txt:3:1: error: "
		    "unknown front matter key 'auther'", 1 },
		{ "---\ntitle: x\ntitle: y\n---\nS\nG:\nQ\n", 0, "t.txt:3:1: error: "
		    "front matter key 'title' given twice", 1 },
		{ "---\ndate: 2026-02-30\n---\nT\nS\nG:\nQ\n", 0, "t.txt:2:1: error: "
		    "invalid date '2026-02-30'", 1 },
		{ "---\ntitle: x\n", 0, "t.txt:1:1: error: unterminated front matter", 1 },
		{ "T\nS\nG:\nQ\n:::\nanswer\n", 0, "t.txt:5:1: error: unterminated answer", 1 },
		{ "T\nS\nG:\n:::\nanswer\n:::\nQ\n", 0, "t.txt:4:1: error: an answer "
		    "(':::') must follow a question", 1 },
		{ "T\nS\nG:\nQ\n:::\na\n:::\n:::\nb\n:::\n", 0, "t.txt:8:1: error: this "
		    "question already has an answer", 1 },
		{ "T\nS\nG:\n### Deep\nQ\n", 0, "t.txt:4:1: error: only '# ' (section)", 1 },
		{ "T\nS\nG:\nQ {#1abc}\n", 0, "t.txt:4:1: error: invalid id '#1abc'", 1 },
		{ "T\nS\nG:\n{#x}\n", 0, "t.txt:4:1: error: a question needs text", 1 },
		{ "T\nS\nEmpty:\nG:\nQ\n", 0, "t.txt:3:1: warning: group has no questions", 0 },
		{ "T\n# Empty\n# Full\nG:\nQ\n", 0, "t.txt:2:1: warning: section has no groups", 0 },
		{ "# Title\nS\nG:\nQ\n", 0, "t.txt:1:1: error: expected the document title", 1 },
		{ "T\nS\nG:\nQ\n:::\n\n:::\n", 0, "t.txt:5:1: warning: empty answer ignored", 0 },
		{ "T\nS\nG:\nQ1\nIs it a question?\nH:\nQ2\n", 0, "t.txt:5:1: warning: "
		    "'Is it a question?' is read as a section heading", 0 },
		{ "T\nS\nG:\nQ1\nWhat is GC? {#gc}\nH:\nQ2\n", 0, "t.txt:5:1: error: a line "
		    "with '{…}' directly above a group line", 1 },
		{ "T\nS\nG:\n###\n", 0, "t.txt:4:1: error: only '# ' (section)", 1 },
		{ "T\nS\nG:\n\x01\x02\n", 0, "t.txt:4:1: error: question without text", 1 },
		{ "T\nS\n:\nQ\n", 0, "t.txt:3:1: error: group line without text", 1 },
		{ "T\nS\nG:\nWhat is \xef\xbf\xbf?\n", 0, "t.txt:4:9: warning: "
		    "noncharacter U+FFFF removed", 0 },
		{ "T\nS\nG:\nQ\n:::go\nx\n:::\n", 0, "t.txt:5:1: error: an answer opens "
		    "and closes with a line of exactly ':::'", 1 },
		{ "T\nS\nG:\nQ\n:::\n\x01\n:::\n", 0, "t.txt:5:1: warning: empty answer", 0 },
		{ "---\nauthor: Jane\tDoe\n---\nT\nS\nG:\nQ\n", 0, "t.txt:2:13: warning: tab", 0 },
		{ "T\nS\nG:\n\\a\tb\n", 0, "t.txt:4:3: warning: tab", 0 },
		{ "What is Go?\nS\nG:\nQ?\n", 0, "t.txt:1:1: warning: the first line, "
		    "'What is Go?', is read as the document's title", 0 },
		{ "T\nS\nG:\nQ?\nNotes:\xc2\xa0\n", 0, "t.txt:5:7: warning: a no-break "
		    "space after the ':' makes this line a question", 0 },
		{ "T\nS\nG:\nA?\nB?\nC?\nD?\nE?\nF?\nChannels\n", 0, "t.txt:10:1: "
		    "warning: 'Channels' has no '?' and is read as a question", 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const struct bad_case *bc = &cases[i];
		struct run r;
		run_bytes(&r, bc->text, bc->len ? bc->len : strlen(bc->text));
		if (!has_msg(&r, bc->msg))
			fail_msg("case %zu: expected \"%s\", got:\n%s", i, bc->msg, r.msgs);
		if (bc->error)
			assert_false(r.valid);
		else
			assert_true(r.valid);
		run_free(&r);
	}
}

static void
line_cap(void **state)
{
	(void)state;
	size_t n = QBIND_MAX_LINE + 10;
	char *text = malloc(n + 32);
	strcpy(text, "T\nS\nG:\n");
	size_t k = strlen(text);
	memset(text + k, 'a', n);
	strcpy(text + k + n, "\nQ\n");
	struct run r;
	run_text(&r, text);
	assert_false(r.valid);
	assert_true(has_msg(&r, "t.txt:4:1: error: line is 65546 bytes long; "
	    "the limit is 65536 bytes"));
	run_free(&r);
	free(text);
}

/* Sections and groups together stop at QBIND_MAX_HEADINGS, said once at
 * the first one past it; the last one within the cap is fine. */
static void
headings_cap(void **state)
{
	(void)state;
	for (int over = 0; over < 2; over++) {
		struct buf b = BUF_INIT;
		/* Half as sections (one group each), then plain groups. */
		BUF_PUTSL(&b, "T\n\n");
		int n = QBIND_MAX_HEADINGS + over, i = 0;
		for (; i + 2 <= n / 2; i += 2)
			buf_printf(&b, "S%d\nG%d:\nQ%d\n\n", i, i, i);
		for (; i < n; i++)
			buf_printf(&b, "## G%d\nQ%d\n", i, i);
		struct run r;
		run_bytes(&r, b.ptr, b.len);
		if (over) {
			assert_false(r.valid);
			assert_int_equal(r.errors, 1);
			char want[128];
			/* The last line but one is the first heading too many. */
			unsigned line = 0;
			for (size_t k = 0; k < b.len; k++)
				line += b.ptr[k] == '\n';
			snprintf(want, sizeof(want), "t.txt:%u:1: error: more than %d "
			    "sections and groups; the limit is %d", line - 1,
			    QBIND_MAX_HEADINGS, QBIND_MAX_HEADINGS);
			assert_true(has_msg(&r, want));
		} else {
			assert_true(r.valid);
			assert_int_equal(r.o->nsections + r.o->ngroups, QBIND_MAX_HEADINGS);
		}
		run_free(&r);
		buf_free(&b);
	}
}

/* Columns in characters far into a long line of an answer (counted
 * from the 256-byte marks answer.c keeps), and the cap on an answer's
 * bytes, said at its opening fence. */
static void
answer_columns_and_cap(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	BUF_PUTSL(&b, "T\nG:\nQ\n:::\nfirst line\n");
	for (int i = 0; i < 1000; i++)
		BUF_PUTSL(&b, "ж");           /* 2 bytes each: marks fall mid-character */
	BUF_PUTSL(&b, " *эм* `код` ");
	for (int i = 0; i < 200; i++)
		BUF_PUTSL(&b, "a");
	BUF_PUTSL(&b, " **x**\n:::\n");
	struct run r;
	run_bytes(&r, b.ptr, b.len);
	assert_true(r.valid);
	const struct ol_node *q = find_question(r.o, "Q");
	cmark_node *para = cmark_node_first_child(q->as.question.answer);
	/* text, softbreak (no position), text, emph, text, code, text, strong */
	static const uint32_t want[][2] = { { 5, 1 }, { 0, 0 }, { 6, 1 },
		{ 6, 1002 }, { 6, 1006 }, { 6, 1008 }, { 6, 1012 }, { 6, 1214 } };
	size_t k = 0;
	for (cmark_node *x = cmark_node_first_child(para); x; x = cmark_node_next(x)) {
		struct ol_pos p = ol_answer_pos(q, x);
		assert_true(k < sizeof(want) / sizeof(*want));
		assert_int_equal(p.line, want[k][0]);
		assert_int_equal(p.col, want[k][1]);
		k++;
	}
	assert_int_equal(k, sizeof(want) / sizeof(*want));
	run_free(&r);
	buf_clear(&b);

	BUF_PUTSL(&b, "T\nG:\nQ\n:::\n");
	while (b.len < 11 + (size_t)QBIND_MAX_ANSWER)
		BUF_PUTSL(&b, "answer\n");
	b.len = 11 + (size_t)QBIND_MAX_ANSWER;  /* the answer ends mid-line, with the "\n" below */
	BUF_PUTSL(&b, "\n:::\n");
	run_bytes(&r, b.ptr, b.len);
	assert_false(r.valid);
	char want_msg[96];
	snprintf(want_msg, sizeof(want_msg), "t.txt:4:1: error: answer is %d bytes; "
	    "the limit is %d bytes", QBIND_MAX_ANSWER + 1, QBIND_MAX_ANSWER);
	assert_true(has_msg(&r, want_msg));
	run_free(&r);
	buf_free(&b);
}

/* QBIND_MAX_INPUT is for all files together: two files that each fit
 * but not together are refused, naming the second file and the cap. */
static void
input_cap(void **state)
{
	(void)state;
	size_t half = QBIND_MAX_INPUT / 2 + 1;
	char *a = malloc(half), *b = malloc(half), *big = malloc(QBIND_MAX_INPUT + 2);
	/* Blank lines cost the reader nothing (FORMAT.md). */
	memset(a, '\n', half);
	memcpy(a, "T\nG:\nQ1\n", 8);
	memset(b, '\n', half);
	memcpy(b, "Q2\n", 3);
	memset(big, '\n', QBIND_MAX_INPUT + 2);
	memcpy(big, "T\nG:\nQ1\n", 8);
	const char *names[] = { "a.txt", "b.txt" };
	const char *texts[] = { a, b };
	size_t lens[] = { half, half - 2 };
	struct run r;
	run_files(&r, names, texts, lens, 2);
	assert_true(r.valid);
	run_free(&r);
	lens[1] = half;
	run_files(&r, names, texts, lens, 2);
	assert_false(r.valid);
	char want[160];
	snprintf(want, sizeof(want), "b.txt: error: file is %zu bytes, %zu with the "
	    "files before it; the limit is %d bytes for all files together",
	    half, 2 * half, QBIND_MAX_INPUT);
	assert_true(has_msg(&r, want));
	run_free(&r);
	/* One file: exactly the cap is fine, a byte more is not. */
	run_bytes(&r, big, QBIND_MAX_INPUT);
	assert_true(r.valid);
	run_free(&r);
	run_bytes(&r, big, QBIND_MAX_INPUT + 1);
	assert_false(r.valid);
	snprintf(want, sizeof(want), "t.txt: error: file is %d bytes; the limit "
	    "is %d bytes", QBIND_MAX_INPUT + 1, QBIND_MAX_INPUT);
	assert_true(has_msg(&r, want));
	run_free(&r);
	free(a);
	free(b);
	free(big);
}

static void
several_files(void **state)
{
	(void)state;
	const char *names[] = { "a.txt", "b.txt" };
	const char *texts[] = { "Title\nS1\nG1:\nQ1\n", "S2\nG2:\nQ2\n" };
	size_t lens[] = { strlen(texts[0]), strlen(texts[1]) };
	struct run r;
	run_files(&r, names, texts, lens, 2);
	assert_true(r.valid);
	assert_int_equal(r.o->nsections, 2);
	const struct ol_node *q2 = find_question(r.o, "Q2");
	assert_string_equal(q2->pos.file, "b.txt");
	assert_int_equal(q2->pos.line, 3);
	assert_string_equal(q2->parent->parent->text, "S2");
	run_free(&r);

	/* A later file's front matter may repeat, not contradict. */
	texts[1] = "---\ntitle: Other\n---\nS2\nG2:\nQ2\n";
	texts[0] = "---\ntitle: Title\n---\nS1\nG1:\nQ1\n";
	lens[0] = strlen(texts[0]);
	lens[1] = strlen(texts[1]);
	run_files(&r, names, texts, lens, 2);
	assert_false(r.valid);
	assert_true(has_msg(&r, "b.txt:2:1: error: title 'Other' differs from "
	    "the first file's 'Title'"));
	run_free(&r);
}

/* Random damage to the seed: never a crash (ASan watches), and either
 * errors or a tree whose counts add up. */
static void
mutations_do_not_crash(void **state)
{
	(void)state;
	size_t len;
	char *text = slurp(SEED, &len);
	char *buf = malloc(len + 64);
	static const char *const inserts[] = {
		":", "\n", "\n:::\n", "{#x}", "{.t}", "\n# ", "\n## ", "\\", "\n---\n",
		"\xff", "\t", "\r", "\xD0", "К вопросу 9:", "//",
	};
	uint32_t seed = 12345;
	for (int iter = 0; iter < 3000; iter++) {
		memcpy(buf, text, len);
		size_t n = len;
		for (int k = 0; k < 4; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;
			seed = seed * 1103515245u + 12345u;
			const char *ins = inserts[(seed >> 8) % (sizeof(inserts) / sizeof(*inserts))];
			size_t il = strlen(ins);
			if (n + il > len + 60)
				break;
			memmove(buf + at + il, buf + at, n - at);
			memcpy(buf + at, ins, il);
			n += il;
		}
		struct run r;
		run_bytes(&r, buf, n);
		if (r.valid) {
			size_t q = 0;
			for (const struct ol_node *x = ol_next_question(r.o, NULL); x;
			    x = ol_next_question(r.o, x))
				q++;
			assert_int_equal(q, r.o->nquestions);
			assert_true(q > 0);
		} else
			assert_true(r.errors > 0);
		run_free(&r);
	}
	free(buf);
	free(text);
}

/* What the reader guarantees about answer trees (see answer.c). */
static void
answer_trees_are_checked(void **state)
{
	(void)state;
	struct run r;
	/* Nesting past the cap is an error, not a deep walk for every backend. */
	char deep[400];
	memset(deep, '>', 100);
	deep[100] = '\0';
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	fprintf(f, "T\nS\nG:\nQ\n:::\n%s x\n:::\n", deep);
	fclose(f);
	run_text(&r, text);
	assert_false(r.valid);
	/* At the 64th '>': the document is the first level. */
	assert_true(has_msg(&r, "t.txt:6:64: error: answer nested more than 64 "
	    "levels deep (block quotes, lists, emphasis); the limit is 64"));
	run_free(&r);
	free(text);

	/* Raw HTML is text; entity-decoded control characters are U+FFFD;
	 * columns count characters. */
	run_text(&r, "T\nS\nG:\nQ\n:::\n<b>x</b> &#1; ж *эм*\n\n<div>\n:::\n");
	assert_true(r.valid);
	const struct ol_node *q = find_question(r.o, "Q");
	cmark_node *para = cmark_node_first_child(q->as.question.answer);
	for (cmark_node *x = para; x; x = cmark_node_next(x))
		for (cmark_node *y = cmark_node_first_child(x); y; y = cmark_node_next(y)) {
			assert_int_not_equal(cmark_node_get_type(y), CMARK_NODE_HTML_INLINE);
			assert_int_not_equal(cmark_node_get_type(y), CMARK_NODE_HTML_BLOCK);
		}
	cmark_node *last = cmark_node_last_child(q->as.question.answer);
	assert_int_equal(cmark_node_get_type(last), CMARK_NODE_PARAGRAPH);
	assert_string_equal(cmark_node_get_literal(cmark_node_first_child(last)), "<div>");
	cmark_node *emph = cmark_node_last_child(para);
	assert_int_equal(cmark_node_get_type(emph), CMARK_NODE_EMPH);
	struct ol_pos p = ol_answer_pos(q, emph);
	assert_int_equal(p.line, 6);
	assert_int_equal(p.col, 17);
	char *dumped = dump(r.o);
	assert_non_null(strstr(dumped, "\xEF\xBF\xBD"));
	assert_null(strchr(dumped, '\x01'));
	free(dumped);
	run_free(&r);
}

static void
follow_up_spelling(void **state)
{
	(void)state;
	struct run r;
	run_text(&r, "T\nS\nOn question  4 (chan):\nA\n\nК Вопросу 5:\nB\n\n"
	    "К вопросу о сложности:\nC\n\nК вопросу 1.5:\nD\n");
	assert_true(r.valid);
	assert_int_equal(find_question(r.o, "A")->parent->as.group.follows, 4);
	assert_int_equal(find_question(r.o, "B")->parent->as.group.follows, 5);
	/* An ordinary title: it ends the follow-up section, with no warning. */
	const struct ol_node *c = find_question(r.o, "C");
	assert_string_equal(c->number, "3");
	assert_int_equal(c->parent->as.group.follows, 0);
	assert_null(c->parent->parent->text);
	/* A slip: warned, and it does not end anything. */
	assert_true(has_msg(&r, "t.txt:12:1: warning: 'К вопросу 1.5' is not of the form"));
	run_free(&r);
}

static void
digests_differ_by_corpus_and_purpose(void **state)
{
	(void)state;
	struct run a, b;
	run_text(&a, "---\nid: one\n---\nT\nS\nG:\nQ\n");
	run_text(&b, "---\nid: two\n---\nT\nS\nG:\nQ\n");
	uint8_t d1[32], d2[32], d3[32], d4[32];
	ol_digest(a.o, "anki-guid", "q-x", d1);
	ol_digest(b.o, "anki-guid", "q-x", d2);
	ol_digest(a.o, "anki-deck", "q-x", d3);
	ol_digest(a.o, "anki-guid", "q-x", d4);
	assert_memory_not_equal(d1, d2, 32);
	assert_memory_not_equal(d1, d3, 32);
	assert_memory_equal(d1, d4, 32);
	assert_false(a.o->meta.corpus_id_derived);
	run_free(&a);
	run_free(&b);
}

/* outline_check on o after a break: how many violations, and whether
 * its description holds want. */
static size_t
broken(const struct outline *o, int validated, const char *want)
{
	char *s = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&s, &n);
	size_t nbad = outline_check(o, validated, mem);
	fclose(mem);
	if (strstr(s, want) == NULL)
		fail_msg("'%s' not in:\n%s", want, s);
	free(s);
	return nbad;
}

/* Sets *field to value, checks that outline_check finds want, and puts
 * the field back; the same for a count one too high and for a string. */
static void
break_link(const struct outline *o, struct ol_node **field,
    struct ol_node *value, const char *want)
{
	struct ol_node *old = *field;
	*field = value;
	assert_true(broken(o, 1, want) > 0);
	*field = old;
}

static void
break_count(const struct outline *o, size_t *field, int validated,
    const char *want)
{
	(*field)++;
	assert_true(broken(o, validated, want) > 0);
	(*field)--;
}

static void
break_text(const struct outline *o, const char **field, const char *value,
    const char *want)
{
	const char *old = *field;
	*field = value;
	assert_true(broken(o, 1, want) > 0);
	*field = old;
}

/* Each invariant, broken and restored: the checker sees it. */
static void
the_checker_finds_broken_links(void **state)
{
	(void)state;
	struct run r;
	run_text(&r, sample);
	assert_true(r.valid);
	struct outline *o = r.o;
	struct ol_node *s = o->root->first, *g = s->first, *q = g->first;
	assert_non_null(q->next);
	struct ol_node *q2 = q->next;

	break_link(o, &q2->prev, NULL, "prev is not the child before it");
	break_link(o, &q->parent, s, "its parent is not the node whose child it is");
	break_link(o, &g->last, q, "last is not its last child");
	break_link(o, &q2->next, q, "do not end");   /* a cycle: the check ends */
	break_count(o, &g->nchildren, 1, "nchildren is");
	break_count(o, &o->nquestions, 1, "questions; the tree has");
	break_count(o, &o->nanswers, 0, "nanswers is");
	break_text(o, &q->number, NULL, "no number after validation");
	break_text(o, &q2->id, q->id, "is used twice");
	break_text(o, &g->display.topic, NULL, "a display topic");
	break_text(o, &s->display.heading, NULL, "display rank 0 with heading NULL");

	q->kind = OL_GROUP;
	assert_true(broken(o, 1, "a group where a question belongs") > 0);
	q->kind = OL_QUESTION;

	/* Ids are checked after validation only. */
	const char *id = q2->id;
	q2->id = q->id;
	assert_int_equal(outline_check(o, 0, NULL), 0);
	q2->id = id;

	uint32_t line = q->pos.line;
	q->pos.line = 0;
	assert_true(broken(o, 0, "no position") > 0);
	assert_int_equal(outline_check(o, 1, NULL), 1);
	q->pos.line = line;

	assert_int_equal(outline_check(o, 1, stderr), 0);
	run_free(&r);
}

int
main(void)
{
	xalloc_init_libraries();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_structure),
		cmocka_unit_test(follow_up_numbering),
		cmocka_unit_test(ids_survive_reorder_and_edits),
		cmocka_unit_test(explicit_ids),
		cmocka_unit_test(duplicate_questions),
		cmocka_unit_test(explicit_forms),
		cmocka_unit_test(plain_form_unchanged_by_explicit_forms),
		cmocka_unit_test(bom_and_crlf_accepted),
		cmocka_unit_test(language_detection),
		cmocka_unit_test(bad_inputs),
		cmocka_unit_test(line_cap),
		cmocka_unit_test(headings_cap),
		cmocka_unit_test(input_cap),
		cmocka_unit_test(answer_columns_and_cap),
		cmocka_unit_test(several_files),
		cmocka_unit_test(mutations_do_not_crash),
		cmocka_unit_test(answer_trees_are_checked),
		cmocka_unit_test(follow_up_spelling),
		cmocka_unit_test(digests_differ_by_corpus_and_purpose),
		cmocka_unit_test(the_checker_finds_broken_links),
	};
	return cmocka_run_group_tests_name("corpus", tests, NULL, NULL);
}
