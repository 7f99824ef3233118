/* test_layout.c: unit tests of the page layout (src/layout*.c) through a
 * recording device with fixed metrics, against tests/golden/layout-*.out.
 * UPDATE=1 rewrites the golden files (review the diff before committing).
 *
 * The recording device also checks, on every call, that nothing is drawn
 * outside the margins (left and right) or off the page, and each case
 * checks that every character of its corpus appears in the drawn text. */
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
#include "answer_walk.h"
#include "outline.h"
#include "diag.h"
#include "buf.h"
#include "layout.h"
#include "utf8.h"
#include "hyph.h"
#include "linebreak.h"
#include "measure.h"

#include <iconv.h>
#include <unistd.h>

/* ---------------- the recording device ---------------- */

struct rec {
	struct buf log;       /* the calls, as text */
	struct buf drawn;     /* every text drawn, body and all */
	const struct layout_opts *opt;
	int page;
	int bad;              /* calls outside the margins or the page */
	/* Where each text was drawn, to check what shares a page. */
	struct buf pages;     /* "page\ttext\n" lines */
	/* The texts of the current page, to check that none overlap. */
	struct span { double y, x0, x1; } *spans;
	size_t nspans, capspans;
	/* Characters the layout asked the width of: the measure of its
	 * work for text past U+07FF, which the meter does not cache. */
	unsigned long measured;
};

static const char *const face_name[NFACES] = { "R", "B", "I", "BI", "M", "MB" };

/* Widths per em: a few narrow and wide letters so that breaks depend on
 * what the text is, not only on its length; bold is wider, mono fixed. */
static double
char_em(enum dev_face f, uint32_t c)
{
	if (f == FACE_MONO || f == FACE_MONO_BOLD)
		return 0.6;
	double w = 0.5;
	if (c == 'i' || c == 'l' || c == '.' || c == ',' || c == ' ' || c == 'j')
		w = 0.25;
	else if (c == 'm' || c == 'w' || c == 'M' || c == 'W')
		w = 0.75;
	else if (c >= 0x400 && c <= 0x4FF)
		w = 0.55;
	if (f == FACE_BOLD || f == FACE_BOLD_ITALIC)
		w *= 1.1;
	return w;
}

static double
r_width(void *ctx, enum dev_face f, double size, const char *s, size_t len)
{
	(void)ctx;
	double w = 0;
	for (const char *p = s; p < s + len;)
		w += char_em(f, utf8_next(&p));
	return w * size;
}

/* The device's text_width: r_width, counted. */
static double
r_measure(void *ctx, enum dev_face f, double size, const char *s, size_t len)
{
	struct rec *r = ctx;
	r->measured += utf8_count(s, len);
	return r_width(ctx, f, size, s, len);
}

static void
r_metrics(void *ctx, enum dev_face f, double *a, double *d)
{
	(void)ctx;
	(void)f;
	*a = 0.76;
	*d = 0.24;
}

/* No emoji, nothing past the BMP, and no snowman (U+2603). */
static int
r_has(void *ctx, enum dev_face f, uint32_t cp)
{
	(void)ctx;
	(void)f;
	return cp <= 0xFFFF && cp != 0x2603;
}

static int
r_page(void *ctx, double w, double h)
{
	struct rec *r = ctx;
	r->page++;
	r->nspans = 0;
	buf_printf(&r->log, "page %d %.2fx%.2f\n", r->page, w, h);
	return 0;
}

static void
quoted(struct buf *b, const char *s, size_t len)
{
	buf_putc(b, '"');
	buf_put(b, s, len);
	buf_putc(b, '"');
}

static void
check_x(struct rec *r, double x0, double x1, const char *what)
{
	const struct layout_opts *o = r->opt;
	if (x0 < o->margin_left - 0.01 || x1 > o->page_w - o->margin_right + 0.01) {
		r->bad++;
		fprintf(stderr, "outside the margins on page %d: %s (%.2f..%.2f)\n",
		    r->page, what, x0, x1);
	}
}

static int
r_text(void *ctx, enum dev_face f, double size, double x, double y,
    const char *s, size_t len, struct dev_rgb c)
{
	struct rec *r = ctx;
	buf_printf(&r->log, "text %s %.2f %.2f %.2f %.2f ", face_name[f], size,
	    x, y, c.r);
	quoted(&r->log, s, len);
	buf_putc(&r->log, '\n');
	check_x(r, x, x + r_width(ctx, f, size, s, len), "text");
	if (y - size * 0.24 < 0 || y + size * 0.76 > r->opt->page_h) {
		r->bad++;
		fprintf(stderr, "text off the page at y %.2f\n", y);
	}
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20) {
			r->bad++;
			fprintf(stderr, "control character drawn\n");
		}
	double x1 = x + r_width(ctx, f, size, s, len);
	for (size_t i = 0; i < r->nspans; i++) {
		const struct span *o = &r->spans[i];
		if (o->y > y - 0.01 && o->y < y + 0.01 && x < o->x1 - 0.01 &&
		    x1 > o->x0 + 0.01) {
			r->bad++;
			fprintf(stderr, "texts overlap on page %d at y %.2f: %.2f..%.2f "
			    "and %.2f..%.2f\n", r->page, y, o->x0, o->x1, x, x1);
		}
	}
	if (r->nspans == r->capspans) {
		r->capspans = r->capspans ? r->capspans * 2 : 256;
		r->spans = realloc(r->spans, r->capspans * sizeof(*r->spans));
		assert_non_null(r->spans);
	}
	r->spans[r->nspans++] = (struct span){ y, x, x1 };
	buf_put(&r->drawn, s, len);
	buf_putc(&r->drawn, '\n');
	buf_printf(&r->pages, "%d\t", r->page);
	buf_put(&r->pages, s, len);
	buf_putc(&r->pages, '\n');
	return 0;
}

static int
r_rect(void *ctx, double x, double y, double w, double h, struct dev_rgb c)
{
	struct rec *r = ctx;
	buf_printf(&r->log, "rect %.2f %.2f %.2f %.2f %.2f\n", x, y, w, h, c.r);
	check_x(r, x, x + w, "rect");
	return 0;
}

static int
r_line(void *ctx, double x0, double y0, double x1, double y1, double w,
    struct dev_rgb c)
{
	struct rec *r = ctx;
	buf_printf(&r->log, "line %.2f %.2f %.2f %.2f %.2f %.2f\n", x0, y0, x1,
	    y1, w, c.r);
	check_x(r, x0 < x1 ? x0 : x1, x0 < x1 ? x1 : x0, "line");
	return 0;
}

static int
r_box(void *ctx, double x, double y, double w, double h, double width,
    struct dev_rgb c)
{
	struct rec *r = ctx;
	buf_printf(&r->log, "box %.2f %.2f %.2f %.2f %.2f %.2f\n", x, y, w, h,
	    width, c.r);
	check_x(r, x, x + w, "box");
	return 0;
}

static int
r_bookmark(void *ctx, int level, const char *title, int page, double y)
{
	struct rec *r = ctx;
	buf_printf(&r->log, "bookmark %d ", level);
	quoted(&r->log, title, strlen(title));
	buf_printf(&r->log, " -> %d %.2f\n", page, y);
	return 0;
}

static int
r_link(void *ctx, double x, double y, double w, double h, int page, double dy)
{
	struct rec *r = ctx;
	buf_printf(&r->log, "link %.2f %.2f %.2f %.2f -> %d %.2f\n", x, y, w, h,
	    page, dy);
	check_x(r, x, x + w, "link");
	return 0;
}

static int
r_uri(void *ctx, double x, double y, double w, double h, const char *uri,
    size_t len)
{
	struct rec *r = ctx;
	buf_printf(&r->log, "uri %.2f %.2f %.2f %.2f ", x, y, w, h);
	quoted(&r->log, uri, len);
	buf_putc(&r->log, '\n');
	check_x(r, x, x + w, "uri");
	return 0;
}

static int
r_lang(void *ctx, const char *lang)
{
	struct rec *r = ctx;
	buf_printf(&r->log, "lang %s\n", lang ? lang : "-");
	return 0;
}

/* ---------------- running a case ---------------- */

static struct layout_opts
opts_a4(void)
{
	struct layout_opts o = {
		.page_w = 595.28, .page_h = 841.89,
		.margin_top = 56.69, .margin_bottom = 56.69,
		.margin_left = 56.69, .margin_right = 56.69,
		.font_size = 10.5, .mode = LAYOUT_STUDY, .note_lines = 4,
		.note_blank = 0, .justify = 1, .hyphenate = 1, .hyph_dir = NULL,
	};
	return o;
}

/* A small page, so that page breaks come after a few questions. */
static struct layout_opts
opts_small(void)
{
	struct layout_opts o = opts_a4();
	o.page_w = 300;
	o.page_h = 260;
	o.margin_top = o.margin_bottom = 36;
	o.margin_left = o.margin_right = 30;
	o.font_size = 10;
	return o;
}

struct result {
	struct rec rec;
	char *diags;
	int rc;
};

static void
count_cps(const char *s, unsigned *counts)
{
	for (const char *p = s; *p;) {
		uint32_t c = utf8_next(&p);
		if (c <= 0xFFFF && c > ' ' && c != 0x2603)
			counts[c]++;
	}
}

/* Every non-space character of the questions and answers, counted. */
static void
count_input(const struct outline *o, unsigned *counts, int answers)
{
	/* The text as printed: the question's runs, the answer's literals
	 * through typography (util/typo.c) as the walk gives them. */
	for (const struct ol_node *q = ol_next_question(o, NULL); q;
	    q = ol_next_question(o, q)) {
		for (size_t i = 0; i < q->display.nspans; i++)
			count_cps(q->display.spans[i].text, counts);
		if (!q->as.question.answer || !answers)
			continue;
		struct answer_walk w;
		const struct aw_step *s;
		aw_start(&w, q->as.question.answer, typo_lang_of(q->display.lang));
		while ((s = aw_next(&w)) != NULL)
			if (s->enter && s->literal)
				count_cps(s->literal, counts);
		aw_end(&w);
	}
}

/* Lays out corpus; edit, when given, may change the outline first.  rc:
 * what layout_document must return. */
static void
run_with(struct result *res, const char *corpus, const struct layout_opts *opt,
    void (*edit)(struct outline *), int rc)
{
	memset(res, 0, sizeof(*res));
	res->rec.log = (struct buf)BUF_INIT;
	res->rec.drawn = (struct buf)BUF_INIT;
	res->rec.pages = (struct buf)BUF_INIT;
	res->rec.opt = opt;
	char *dbuf = NULL;
	size_t dlen = 0;
	FILE *df = open_memstream(&dbuf, &dlen);
	struct diag d;
	diag_init(&d, df);
	struct corpus *c = corpus_new(&d);
	corpus_add_mem(c, "t.txt", corpus, strlen(corpus));
	struct outline *o = corpus_finish(c);
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(outline_validate(o, &d), 0);
	if (edit)
		edit(o);
	struct device dev = {
		&res->rec, r_measure, r_metrics, r_has, r_page, r_text, r_rect,
		r_line, r_box, r_bookmark, r_link, r_uri, r_lang,
	};
	res->rc = layout_document(o, opt, &dev, &d);
	diag_flush(&d);
	fclose(df);
	res->diags = dbuf;
	assert_int_equal(res->rc, rc);
	assert_int_equal(res->rec.bad, 0);
	if (rc != 0) {
		/* Refused: nothing drawn at all. */
		assert_int_equal(res->rec.page, 0);
		outline_free(o);
		return;
	}
	/* Nothing lost: each character at least as often as in the input
	 * (but the soft hyphen, which is a hint, not a glyph). */
	unsigned *in = calloc(0x10000, sizeof(unsigned));
	unsigned *out = calloc(0x10000, sizeof(unsigned));
	assert_non_null(in);
	assert_non_null(out);
	count_input(o, in, opt->mode == LAYOUT_STUDY);
	count_cps(res->rec.drawn.ptr, out);
	for (uint32_t cp = 0; cp < 0x10000; cp++)
		if (in[cp] > out[cp] && cp != 0xAD) {
			fprintf(stderr, "U+%04X: %u in the corpus, %u drawn\n",
			    (unsigned)cp, in[cp], out[cp]);
			fail();
		}
	free(in);
	free(out);
	outline_free(o);
}

static void
run(struct result *res, const char *corpus, const struct layout_opts *opt)
{
	run_with(res, corpus, opt, NULL, 0);
}

static void
done(struct result *res)
{
	buf_free(&res->rec.log);
	buf_free(&res->rec.drawn);
	buf_free(&res->rec.pages);
	free(res->rec.spans);
	free(res->diags);
}

/* Appends the whole of f to b and closes f. */
static void
slurp(FILE *f, struct buf *b)
{
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(b, chunk, n);
	fclose(f);
}

/* The recorded calls must equal tests/golden/layout-NAME.out. */
static void
golden(const struct result *res, const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "tests/golden/layout-%s.out", name);
	struct buf got = BUF_INIT;
	buf_puts(&got, "--- diagnostics\n");
	buf_puts(&got, res->diags ? res->diags : "");
	buf_puts(&got, "--- calls\n");
	buf_put(&got, res->rec.log.ptr, res->rec.log.len);
	const char *up = getenv("UPDATE");
	if (up && strcmp(up, "1") == 0) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fwrite(got.ptr, 1, got.len, f);
		fclose(f);
	}
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "no %s; run with UPDATE=1 to create it\n", path);
		buf_free(&got);
		fail();
		return;
	}
	struct buf want = BUF_INIT;
	slurp(f, &want);
	if (want.len != got.len || memcmp(want.ptr, got.ptr, got.len) != 0) {
		/* Show the first line that differs. */
		size_t i = 0, line = 1, start = 0;
		while (i < want.len && i < got.len && want.ptr[i] == got.ptr[i]) {
			if (got.ptr[i] == '\n') {
				line++;
				start = i + 1;
			}
			i++;
		}
		const char *e = strchr(got.ptr + start, '\n');
		fprintf(stderr, "%s differs at line %zu: got %.*s\n", path, line,
		    e ? (int)(e - (got.ptr + start)) : 60, got.ptr + start);
		buf_free(&want);
		buf_free(&got);
		fail();
		return;
	}
	buf_free(&want);
	buf_free(&got);
}

/* The page on which the last drawn text containing s appears (the body,
 * not the contents), or 0. */
static int
page_of(const struct result *res, const char *s)
{
	const char *p = res->rec.pages.ptr;
	int page = 0;
	while (*p) {
		const char *e = strchr(p, '\n');
		const char *tab = strchr(p, '\t');
		size_t n = (size_t)(e - p);
		char *line = strndup(p, n);
		int found = strstr(line + (tab - p) + 1, s) != NULL;
		free(line);
		if (found)
			page = atoi(p);
		p = e + 1;
	}
	return page;
}

/* Whether a line of the device log from `from` on starts with prefix
 * and holds s. */
static int
log_line(const char *from, const char *prefix, const char *s)
{
	while (*from) {
		const char *e = strchr(from, '\n');
		size_t n = e ? (size_t)(e - from) : strlen(from);
		char *line = strndup(from, n);
		int found = strncmp(line, prefix, strlen(prefix)) == 0 &&
		    strstr(line, s) != NULL;
		free(line);
		if (found)
			return 1;
		from += n + (e != NULL);
	}
	return 0;
}

/* ---------------- cases ---------------- */

static void
paragraph(void **state)
{
	(void)state;
	struct layout_opts opt = opts_a4();
	opt.page_w = 360;
	struct result r;
	run(&r, "Hyphenation and justification\n\n# Text\n\n## Paragraphs\n\n"
	    "How does the scheduler distribute goroutines between processors?\n:::\n"
	    "The runtime scheduler multiplexes goroutines onto operating system "
	    "threads; an unbalanced distribution is corrected by work stealing, "
	    "which redistributes runnable goroutines between processors "
	    "automatically, transparently and efficiently. Preemption guarantees "
	    "responsiveness notwithstanding uncooperative computations. See "
	    "[the specification](https://go.dev/ref/spec#Go_statements); `go vet` "
	    "and `go test -race` find what the compiler does not, and "
	    "`go tool trace` shows **how the scheduler `runtime.schedule` "
	    "behaves** over time.\n\n"
	    "Планировщик распределяет горутины между процессорами "
	    "автоматически, перераспределяя выполняемые горутины посредством "
	    "перехвата работы; вытеснение гарантирует отзывчивость независимо "
	    "от продолжительности вычислений.\n:::\n", &opt);
	golden(&r, "paragraph");
	/* Hyphenated: some line ends in a hyphen the text does not have. */
	assert_non_null(strstr(r.rec.log.ptr, "-\"\n"));
	/* A link's address is printed after its text. */
	char *joined = strdup(r.rec.drawn.ptr);
	assert_non_null(joined);
	size_t nj = 0;
	for (const char *c = joined; *c; c++)
		if (*c != '\n')
			joined[nj++] = *c;
	joined[nj] = 0;
	assert_non_null(strstr(joined, "https://go.dev/ref/spec#Go_statements"));
	free(joined);
	/* Both open it: the text's line and each line of the wrapped
	 * address have a clickable area of their own. */
	size_t nuri = 0;
	for (const char *u = r.rec.log.ptr; (u = strstr(u, "\nuri ")) != NULL; u++)
		nuri++;
	assert_int_equal(nuri, 3);
	/* A code span with spaces is one run on one ground, its spaces not
	 * stretched; two spans apart stay two. */
	assert_non_null(strstr(r.rec.log.ptr, "\"go vet\"\n"));
	assert_non_null(strstr(r.rec.log.ptr, "\"go tool trace\"\n"));
	assert_null(strstr(r.rec.log.ptr, "\"go vet and"));
	done(&r);
}

/* The title page: the counts in the document's language, the date the
 * caller gives (the layout reads no clock), else the corpus date. */
static void
title_page_text(void **state)
{
	(void)state;
	struct layout_opts opt = opts_a4();
	opt.date_text = "28 ноября 2026";
	struct result r;
	run(&r, "Вопросы\n\n# Раздел\n\n## Группа\n\nЧто такое канал?\n\n"
	    "Что такое мьютекс?\n", &opt);
	assert_non_null(strstr(r.rec.log.ptr, "\"2 вопроса \xC2\xB7 1 раздел\"\n"));
	assert_non_null(strstr(r.rec.log.ptr, "\"28 ноября 2026\"\n"));
	done(&r);
	opt.date_text = NULL;
	run(&r, "---\ntitle: Q\ndate: 2026-01-05\n---\n\n## G\n\nWhat?\n", &opt);
	assert_non_null(strstr(r.rec.log.ptr, "\"1 question\"\n"));
	assert_non_null(strstr(r.rec.log.ptr, "\"2026-01-05\"\n"));
	done(&r);
	/* The description under the title, set like an answer (emphasis,
	 * code), centred: before the counts, on the title page only. */
	run(&r, "---\ntitle: Q\n---\n\n:::\nAn *intro* with `code`.\n:::\n\n"
	    "## G\n\nWhat?\n", &opt);
	assert_non_null(strstr(r.rec.log.ptr, "text I 10.50 "));
	assert_non_null(strstr(r.rec.log.ptr, "\"intro\"\n"));
	assert_non_null(strstr(r.rec.log.ptr, "\"code\"\n"));
	assert_int_equal(page_of(&r, "intro"), 1);
	assert_true(strstr(r.rec.log.ptr, "\"intro\"") <
	    strstr(r.rec.log.ptr, "\"1 question\""));
	done(&r);
}

static void
plural_and_date(void **state)
{
	(void)state;
	const struct ol_labels *ru = lang_labels("ru"), *en = lang_labels("en");
	static const struct { unsigned long n; const char *form; } cases[] = {
		{ 0, "вопросов" }, { 1, "вопрос" }, { 2, "вопроса" }, { 4, "вопроса" },
		{ 5, "вопросов" }, { 11, "вопросов" }, { 12, "вопросов" },
		{ 14, "вопросов" }, { 20, "вопросов" }, { 21, "вопрос" },
		{ 22, "вопроса" }, { 73, "вопроса" }, { 111, "вопросов" },
		{ 112, "вопросов" }, { 101, "вопрос" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(lang_plural(ru, ru->questions, cases[i].n),
		    cases[i].form);
	assert_string_equal(lang_plural(ru, ru->sections, 12), "разделов");
	assert_string_equal(lang_plural(ru, ru->sections, 3), "раздела");
	assert_string_equal(lang_plural(en, en->questions, 1), "question");
	assert_string_equal(lang_plural(en, en->questions, 24), "questions");
	assert_string_equal(lang_plural(en, en->sections, 0), "sections");
	char b[64];
	lang_long_date(ru, 2026, 11, 28, b, sizeof(b));
	assert_string_equal(b, "28 ноября 2026 г.");
	lang_long_date(en, 2026, 11, 28, b, sizeof(b));
	assert_string_equal(b, "28 November 2026");
	/* The title pages' date: the corpus date written out, another form
	 * as it is, else the build day (UTC). */
	struct outline o;
	memset(&o, 0, sizeof(o));
	o.meta.lang = "ru";
	o.meta.date = "2026-12-07";
	lang_title_date(&o, 0, b, sizeof(b));
	assert_string_equal(b, "7 декабря 2026 г.");
	o.meta.date = "Winter 2026";
	lang_title_date(&o, 0, b, sizeof(b));
	assert_string_equal(b, "Winter 2026");
	o.meta.date = NULL;
	o.meta.lang = "en";
	lang_title_date(&o, 1764316800, b, sizeof(b));
	assert_string_equal(b, "28 November 2025");
}

/* Autolinks and [text](url) open their address from each line piece of
 * their text; a javascript: link is plain text. */
static void
uri_links(void **state)
{
	(void)state;
	struct layout_opts opt = opts_a4();
	struct result r;
	run(&r, "Links\n\nGroup:\nWhere?\n:::\n"
	    "Read <https://go.dev/doc/> or [the blog](https://go.dev/blog) or "
	    "[this](javascript:alert(1)) or mail <mailto:a@example.org>.\n:::\n",
	    &opt);
	const char *log = r.rec.log.ptr;
	assert_non_null(strstr(log, "\"https://go.dev/doc/\"\n"));
	assert_non_null(strstr(log, "\"https://go.dev/blog\"\n"));
	assert_non_null(strstr(log, "\"mailto:a@example.org\"\n"));
	assert_null(strstr(log, "\"javascript:"));
	/* The autolink's area is its text's: where it is drawn, as wide. */
	const char *t = strstr(log, " \"https://go.dev/doc/\"\n");
	const char *u = strstr(log, "uri ");
	assert_non_null(t);
	assert_non_null(u);
	while (t > log && t[-1] != '\n')
		t--;
	double tx, ux, uy, uw, uh;
	assert_int_equal(sscanf(t, "text R 10.50 %lf", &tx), 1);
	assert_int_equal(sscanf(u, "uri %lf %lf %lf %lf", &ux, &uy, &uw, &uh), 4);
	assert_true(ux == tx && uw > 50 && uh > 10);
	assert_int_equal(r.rec.bad, 0);
	done(&r);
}

static void
long_token(void **state)
{
	(void)state;
	struct layout_opts opt = opts_small();
	struct result r;
	struct buf c = BUF_INIT;
	buf_puts(&c, "Long tokens\n\n# S\n\n## G\n\n"
	    "Which package is database/sql/driver/internal/connector/pool/"
	    "implementation and where is https://pkg.go.dev/database/sql?"
	    "tab=doc&section=connections#DB.SetMaxOpenConns documented?\n\n"
	    "Где разница между каналом—мьютексом—атомиками—условными "
	    "переменными?\n\n"
	    "What is ");
	for (int i = 0; i < 200; i++)
		buf_putc(&c, 'a' + i % 26);
	buf_puts(&c, "?\n");
	run(&r, c.ptr, &opt);
	buf_free(&c);
	golden(&r, "long-token");
	/* The URL broke after a '/' or a '.', not in the middle of a word;
	 * words joined by dashes after a dash. */
	assert_non_null(strstr(r.rec.log.ptr, "/\"\n"));
	assert_non_null(strstr(r.rec.log.ptr, "\xE2\x80\x94\"\n"));
	done(&r);
}

/* Question 5 does not fit under question 4 and moves to the next page
 * whole: its first and last words share a page. */
static void
straddle(void **state)
{
	(void)state;
	struct layout_opts opt = opts_small();
	struct result r;
	run(&r, "Page breaks\n\n# S\n\n## G\n\n"
	    "First question of a few words?\n\n"
	    "Second question of a few more words than the first one?\n\n"
	    "Third question?\n\n"
	    "Fourth question, which is a little longer than the others were?\n\n"
	    "Fifthstart question that runs over several lines because it "
	    "goes on and on about many things at once fifthend?\n\n"
	    "Sixth question?\n", &opt);
	golden(&r, "straddle");
	int a = page_of(&r, "Fifthstart"), b = page_of(&r, "fifthend");
	assert_true(a > 0);
	assert_int_equal(a, b);
	/* It did not fit where the fourth ended. */
	assert_int_equal(page_of(&r, "Fourth") + 1, a);
	done(&r);
}

/* The group heading would be the last thing on a page: it moves to the
 * next page with its first question. */
/* Three questions fill a small page, then heading and one question:
 * they move to the next page together. */
static void
orphan_case(const char *heading, const char *name)
{
	struct layout_opts opt = opts_small();
	struct result r;
	struct buf text = BUF_INIT;
	buf_printf(&text, "Orphans\n\n# S\n\n## First group\n\n"
	    "One question that takes two lines of this small page?\n\n"
	    "Another question that takes two lines of this small page?\n\n"
	    "A third question that takes two lines on this small page?\n\n"
	    "%s\n\n"
	    "Its question which is long enough to need two or three lines "
	    "under it?\n", heading);
	run(&r, text.ptr, &opt);
	buf_free(&text);
	golden(&r, name);
	int h = page_of(&r, "Orphaned"), q = page_of(&r, "Its");
	assert_true(h > 0);
	assert_int_equal(h, q);
	assert_int_equal(page_of(&r, "third") + 1, h);
	done(&r);
}

static void
orphan(void **state)
{
	(void)state;
	orphan_case("## Orphaned group", "orphan");
}

static void
code_300(void **state)
{
	(void)state;
	struct layout_opts opt = opts_a4();
	struct result r;
	struct buf c = BUF_INIT;
	buf_puts(&c, "Code\n\n# S\n\n## G\n\nWhat does this print?\n:::\n"
	    "```go\n\tfmt.Println(\"");
	for (int i = 0; i < 300; i++)
		buf_puts(&c, i % 50 == 49 ? "ж" : "x");
	buf_puts(&c, "\")\n```\n:::\n");
	run(&r, c.ptr, &opt);
	buf_free(&c);
	golden(&r, "code-300");
	done(&r);
}

static void
question_5000(void **state)
{
	(void)state;
	struct layout_opts opt = opts_small();
	struct result r;
	struct buf c = BUF_INIT;
	buf_puts(&c, "Huge\n\n# S\n\n## G\n\nShort one?\n\nStart");
	static const char *const words[] = { " lorem", " ipsum", " dolor",
	    " sit", " amet", " consectetur", " adipiscing", " elit" };
	size_t n = 0;
	while (c.len < 5000)
		buf_puts(&c, words[n++ % 8]);
	buf_puts(&c, " end?\n\nAfter it?\n");
	run(&r, c.ptr, &opt);
	buf_free(&c);
	golden(&r, "question-5000");
	/* Split over pages, after it the next question; its number again,
	 * in grey, on the pages it continues on. */
	assert_true(page_of(&r, "end?") > page_of(&r, "Start") + 1);
	assert_non_null(strstr(r.rec.log.ptr, "text B 10.00 30.00 214.50 0.35 \"2\""));
	done(&r);
}

/* Quotes and lists nested as deep as the reader allows stay inside the
 * margins (the device checks every call). */
static void
deep_nesting(void **state)
{
	(void)state;
	struct layout_opts opt = opts_small();
	struct result r;
	struct buf c = BUF_INIT;
	buf_puts(&c, "Deep\n\n# S\n\n## G\n\nHow deep?\n:::\n");
	for (int i = 0; i < 40; i++)
		buf_puts(&c, "> ");
	buf_puts(&c, "quoted text that goes on for a while\n\n");
	for (int i = 0; i < 30; i++) {
		for (int j = 0; j < i; j++)
			buf_puts(&c, "   ");
		buf_printf(&c, "- item %d of a list nested deeper and deeper\n", i);
	}
	buf_puts(&c, ":::\n");
	run(&r, c.ptr, &opt);
	buf_free(&c);
	assert_non_null(strstr(r.rec.drawn.ptr, "29"));
	done(&r);
}

/* A question number of seven digits, as a corpus of millions would have. */
static void
long_number(struct outline *o)
{
	((struct ol_node *)ol_next_question(o, NULL))->number = "1234567";
}

/* A page barely wide enough: long numbers, words and code still stay
 * inside the margins and never overlap (the device checks both). */
static void
narrow_page(void **state)
{
	(void)state;
	struct layout_opts opt = opts_small();
	opt.page_w = 120;
	opt.margin_left = opt.margin_right = 15;
	struct result r;
	run_with(&r, "Narrow\n\n# Section with a long title\n\n"
	    "## On question 12345 (a label)\n\n"
	    "Is an extraordinarily long question readable here?\n:::\n"
	    "- a list item with `inline code` and text\n\n"
	    "```\nfunc main() { fmt.Println(\"narrow\") }\n```\n:::\n", &opt,
	    long_number, 0);
	assert_non_null(strstr(r.rec.drawn.ptr, "1234567"));
	assert_non_null(strstr(r.rec.drawn.ptr, "on question 12345"));
	done(&r);
}

static void
empty_group(void **state)
{
	(void)state;
	struct layout_opts opt = opts_small();
	struct result r;
	run(&r, "Empty group\n\n# S\n\n## Nothing here\n\n## Full\n\n"
	    "A question?\n\n# T\n\n## Empty at the end\n", &opt);
	golden(&r, "empty-group");
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 1 \"Nothing here\""));
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 1 \"Empty at the end\""));
	done(&r);
}

static size_t
count_of(const char *log, const char *what)
{
	size_t n = 0;
	for (const char *p = log; (p = strstr(p, what)); p++)
		n++;
	return n;
}

/* Untitled groups (a bare "##") and sections (a bare "#") add no level:
 * no heading, no bookmark, no contents line; their questions follow the
 * section's heading, or the document's start. */
static void
untitled_groups(void **state)
{
	(void)state;
	struct layout_opts opt = opts_small();
	struct result r;
	run(&r, "Untitled\n\n# S\n\n##\n\nFirst?\n\nSecond?\n\n## G\n\n"
	    "Third?\n\n#\n\n##\n\nFourth?\n\n# T\n\n##\n\nFifth?\n", &opt);
	golden(&r, "untitled");
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 0 \"S\""));
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 1 \"G\""));
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 0 \"T\""));
	/* A bookmark for each question, below its heading's, at the top
	 * where no heading is above it. */
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 1 \"1 First?\""));
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 1 \"2 Second?\""));
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 2 \"3 Third?\""));
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 0 \"4 Fourth?\""));
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 1 \"5 Fifth?\""));
	assert_int_equal(count_of(r.rec.log.ptr, "\nbookmark "), 3 + 5);
	assert_null(strstr(r.rec.drawn.ptr, "General"));
	/* The contents: S, G and T, each once, beside its page number. */
	assert_int_equal(count_of(r.rec.drawn.ptr, "\nS\n"), 2);
	assert_int_equal(count_of(r.rec.drawn.ptr, "\nG\n"), 2);
	/* The first question right under the section's heading. */
	assert_int_equal(page_of(&r, "S"), page_of(&r, "First?"));
	done(&r);
	/* A plain list of questions: the title page and the questions, no
	 * contents page, the questions' bookmarks only. */
	run(&r, "List\n\n#\n\n##\n\nOne?\n\nTwo?\n", &opt);
	assert_int_equal(count_of(r.rec.log.ptr, "\nbookmark "), 2);
	assert_non_null(strstr(r.rec.log.ptr, "\nbookmark 0 \"2 Two?\""));
	assert_null(strstr(r.rec.drawn.ptr, "Contents"));
	assert_int_equal(r.rec.page, 2);
	assert_int_equal(page_of(&r, "One?"), 2);
	done(&r);
}

/* A section heading whose first group is untitled is kept with that
 * group's first question, as a group heading is (see orphan). */
static void
untitled_orphan(void **state)
{
	(void)state;
	orphan_case("# Orphaned\n\n##", "untitled-orphan");
}

static size_t
count_lines(const char *log)
{
	size_t n = 0;
	for (const char *p = log; (p = strstr(p, "\nline ")); p++)
		n++;
	return n;
}

static void
interviewer(void **state)
{
	(void)state;
	struct layout_opts opt = opts_small();
	opt.mode = LAYOUT_INTERVIEWER;
	opt.note_lines = 3;
	struct result r;
	const char *four = "Interview\n\n# S\n\n## G\n\nFirst?\n:::\n"
	    "The key, in `code`.\n\nNot a key point.\n\n- **Lead.** Its rest.\n"
	    "- A first sentence. A second one.\n:::\n\nSecond?\n\nThird?\n\n"
	    "Fourth?\n";
	run(&r, four, &opt);
	golden(&r, "interviewer");
	/* The sheet's own header, no title page: its title, the fields, the
	 * legend of the boxes on page 1, before the first question. */
	const char *first = strstr(r.rec.pages.ptr, "First?");
	assert_non_null(first);
	const char *want[] = { "1\tInterview sheet", "1\tCandidate",
		"1\tRole", "1\tDate", "1\tInterviewer", "1\tasked", "1\t0\n",
		"1\t3\n" };
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
		const char *w = strstr(r.rec.pages.ptr, want[i]);
		assert_non_null(w);
		assert_true(w < first);
	}
	/* The key points under the question, in grey (0.35): the first
	 * paragraph, each item's bold lead-in or first sentence; not the
	 * rest of the answer. */
	assert_true(log_line(r.rec.log.ptr, "text R ", "0.35 \"The key, in"));
	assert_non_null(strstr(r.rec.drawn.ptr, "Lead \xC2\xB7 A first sentence\n"));
	assert_null(strstr(r.rec.drawn.ptr, "Not a key"));
	assert_null(strstr(r.rec.drawn.ptr, "second one"));
	assert_null(strstr(r.rec.drawn.ptr, "Its rest"));
	/* The summary at the end: one row for S, the total, the verdict. */
	const char *sum = strstr(r.rec.drawn.ptr, "Score summary");
	assert_non_null(sum);
	assert_true(sum > strstr(r.rec.drawn.ptr, "Fourth?"));
	assert_non_null(strstr(sum, "\n/ 12\n"));
	assert_non_null(strstr(sum, "Total"));
	assert_non_null(strstr(sum, "Recommendation"));
	/* Three ruled lines per question, and five boxes: the asked box
	 * and the score row's four. */
	assert_true(count_lines(r.rec.log.ptr) >= 4 * 3);
	size_t boxes = 0;
	for (const char *p = r.rec.log.ptr; (p = strstr(p, "\nbox ")); p++)
		boxes++;
	assert_true(boxes >= 4 * 5);
	done(&r);

	/* The key at the back, after the summary; or none. */
	opt.key = KEY_BACK;
	run(&r, four, &opt);
	const char *key = strstr(r.rec.drawn.ptr, "Answer key");
	assert_non_null(key);
	assert_true(key > strstr(r.rec.drawn.ptr, "Score summary"));
	assert_non_null(strstr(key, "The key, in"));
	assert_int_equal(strstr(r.rec.drawn.ptr, "The key, in") - key,
	    strstr(key, "The key, in") - key);
	done(&r);
	opt.key = KEY_NONE;
	run(&r, four, &opt);
	assert_null(strstr(r.rec.drawn.ptr, "The key"));
	assert_null(strstr(r.rec.drawn.ptr, "Answer key"));
	done(&r);
	opt.key = KEY_INLINE;

	/* The compact sheet: the note lines beside the question, right of
	 * where its text starts, and fewer pages for the same questions. */
	const char *many = "Interview\n\n# S\n\n## G\n\nOne?\n\nTwo?\n\n"
	    "Three?\n\nFour?\n\nFive?\n\nSix?\n\nSeven?\n\nEight?\n";
	/* (an A4 width: on a narrow page the notes go under the question) */
	opt.page_w = 595.28;
	run(&r, many, &opt);
	int full_pages = r.rec.page;
	done(&r);
	opt.sheet = SHEET_COMPACT;
	run(&r, many, &opt);
	assert_true(r.rec.page < full_pages);
	const char *one = strstr(r.rec.log.ptr, "\"One?\"");
	assert_non_null(one);
	double qx = 0, lx = 0;
	const char *ln = strstr(one, "\nline ");
	assert_non_null(ln);
	assert_int_equal(sscanf(ln, "\nline %lf", &lx), 1);
	while (one > r.rec.log.ptr && one[-1] != '\n')
		one--;
	assert_int_equal(sscanf(one, "text %*s %*f %lf", &qx), 1);
	assert_true(lx > qx + 30);
	done(&r);
	/* On a narrow page, under it: the question keeps its measure. */
	opt.page_w = 300;
	run(&r, many, &opt);
	one = strstr(r.rec.log.ptr, "\"One?\"");
	assert_non_null(one);
	ln = strstr(one, "\nline ");
	assert_non_null(ln);
	assert_int_equal(sscanf(ln, "\nline %lf", &lx), 1);
	assert_true(lx < qx + 1);
	done(&r);
	opt.sheet = SHEET_FULL;

	/* The same space left blank: six rules fewer for two questions,
	 * and the same pages and places. */
	const char *two = "Interview\n\n# S\n\n## G\n\nFirst?\n\nSecond?\n";
	run(&r, two, &opt);
	size_t ruled = count_lines(r.rec.log.ptr);
	/* The whole "text … \"Second?\"" line: its page place. */
	const char *sec = strstr(r.rec.log.ptr, "\"Second?\"");
	assert_non_null(sec);
	while (sec > r.rec.log.ptr && sec[-1] != '\n')
		sec--;
	char *where = strndup(sec, (size_t)(strchr(sec, '\n') - sec));
	done(&r);
	opt.note_blank = 1;
	run(&r, two, &opt);
	assert_int_equal(count_lines(r.rec.log.ptr) + 6, ruled);
	assert_non_null(strstr(r.rec.log.ptr, where));
	free(where);
	done(&r);
}

static void
unprintable(void **state)
{
	(void)state;
	struct layout_opts opt = opts_a4();
	struct result r;
	run(&r, "Bad characters\n\n# S\n\n## G\n\n"
	    "A snowman \xE2\x98\x83 and a smile \xF0\x9F\x98\x80 on one line?\n:::\n"
	    "Text \xF0\x9F\x98\x80 here.\n:::\n", &opt);
	/* One warning per corpus line, naming it. */
	assert_non_null(strstr(r.diags, "t.txt:7:11: warning:"));
	assert_non_null(strstr(r.diags, "t.txt:9:6: warning:"));
	assert_null(strstr(strstr(r.diags, "t.txt:7:11") + 1, "t.txt:7:"));
	assert_non_null(strstr(r.rec.drawn.ptr, "\xEF\xBF\xBD"));
	done(&r);
}

/* A soft hyphen is no glyph to draw: DejaVu prints U+00AD as "-". */
static void
soft_hyphen(void **state)
{
	(void)state;
	struct layout_opts opt = opts_a4();
	struct result r;
	run(&r, "Soft\n\n# S\n\n## G\n\n"
	    "Супер\xC2\xAD" "длинное сло\xC2\xAD" "во?\n:::\nТекст `co\xC2\xAD" "de`.\n:::\n",
	    &opt);
	assert_null(strstr(r.rec.drawn.ptr, "\xC2\xAD"));
	assert_non_null(strstr(r.rec.drawn.ptr, "Супердлинное"));
	assert_non_null(strstr(r.rec.drawn.ptr, "code"));
	assert_null(strstr(r.diags, "warning"));
	done(&r);
}

/* The language the device was told last before the first text line of
 * the log that holds needle on the same page ("-": the document's). */
static const char *
lang_at(const char *log, const char *needle, char *out, size_t size)
{
	snprintf(out, size, "-");
	for (const char *l = log; *l;) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		if (n > 5 && strncmp(l, "lang ", 5) == 0)
			snprintf(out, size, "%.*s", (int)(n - 5), l + 5);
		else if (strncmp(l, "page ", 5) == 0)
			snprintf(out, size, "-");
		else if (strncmp(l, "text ", 5) == 0) {
			char *line = strndup(l, n);
			int hit = strstr(line, needle) != NULL;
			free(line);
			if (hit)
				return out;
		}
		l += n + (e != NULL);
	}
	fail_msg("no text holds %s", needle);
	return out;
}

/* English words in a Russian document: the device is told their
 * language where it changes, per run of words; code in none.  A
 * question's bookmark: its number and text, cut at a word near 80
 * characters. */
static void
languages(void **state)
{
	(void)state;
	struct layout_opts opt = opts_a4();
	opt.justify = 0;
	struct result r;
	run(&r, "Вопросы\n\n# Горутины и каналы\n\n## Data races\n\n"
	    "Что такое goroutine и `GOMAXPROCS` в Go?\n\n"
	    "Что такое «happens-before» в модели памяти, и как этот порядок "
	    "событий связан с data race при работе нескольких горутин с "
	    "общей памятью без синхронизации?\n", &opt);
	golden(&r, "languages");
	char l[16];
	assert_string_equal(lang_at(r.rec.log.ptr, "\"goroutine\"", l, sizeof(l)), "en");
	assert_string_equal(lang_at(r.rec.log.ptr, "\" и", l, sizeof(l)), "-");
	assert_string_equal(lang_at(r.rec.log.ptr, "\"GOMAXPROCS\"", l, sizeof(l)), "-");
	/* A question's number after an English heading: the document's. */
	assert_string_equal(lang_at(r.rec.log.ptr, "0.00 \"1\"", l, sizeof(l)), "-");
	assert_string_equal(lang_at(r.rec.log.ptr, "\"happens-before\"", l, sizeof(l)), "en");
	assert_string_equal(lang_at(r.rec.log.ptr, "\"Data races\"", l, sizeof(l)), "en");
	assert_string_equal(lang_at(r.rec.log.ptr, "\"Горутины", l, sizeof(l)), "-");
	/* "Что такое " and "goroutine" side by side, as one run was. */
	assert_non_null(strstr(r.rec.log.ptr, "\"Что такое \"\nlang en\ntext R"));
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 2 \"1 Что такое goroutine и "
	    "GOMAXPROCS в Go?\""));
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 2 \"2 Что такое «happens-before» "
	    "в модели памяти, и как этот порядок событий связан…\""));
	done(&r);
}

static void
seed_corpus(void **state)
{
	(void)state;
	FILE *f = fopen("corpus/go-interview-followups.txt", "r");
	assert_non_null(f);
	struct buf c = BUF_INIT;
	slurp(f, &c);
	struct layout_opts opt = opts_a4();
	struct result r;
	run(&r, c.ptr, &opt);
	assert_string_equal(r.diags, "");
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 0 \"Goroutines & Concurrency\""));
	assert_non_null(strstr(r.rec.log.ptr, "Страница 2 из "));
	assert_null(strstr(r.rec.log.ptr, "bookmark -1"));
	done(&r);

	/* "Общие уточняющие:" closes the seed as a group of the untitled
	 * section at the end, so it stands at the top level: a bookmark of
	 * level 0 as in the contents, a heading set as a section's, and on
	 * small pages, where the last page holds only its last question, the
	 * header's right names it (italic), as it names a section.  (A few
	 * more questions of its own make sure it goes on over a page.) */
	opt = opts_small();
	for (int i = 1; i <= 6; i++)
		buf_printf(&c, "\nЕщё один общий вопрос номер %d, чтобы группа "
		    "заняла не одну страницу?\n", i);
	buf_puts(&c, "\nКак вы принимаете решение между sync и async?\n");
	run(&r, c.ptr, &opt);
	assert_non_null(strstr(r.rec.log.ptr, "bookmark 0 \"Общие уточняющие\""));
	assert_true(log_line(r.rec.log.ptr, "text B 14.50 ", "Общие уточняющие"));
	int last = page_of(&r, "async");
	char mark[32];
	snprintf(mark, sizeof(mark), "page %d ", last);
	const char *pg = strstr(r.rec.log.ptr, mark);
	assert_non_null(pg);
	assert_true(log_line(pg, "text I ", "Общие уточняющие"));
	done(&r);
	buf_free(&c);
}

/* The points of a word as "пе-ре-рас-пре-де-ляя". */
static void
points(struct hyph *h, const char *w, char *out)
{
	size_t len = strlen(w);
	uint8_t brk[256] = { 0 };
	hyph_points(h, w, len, brk);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (brk[i])
			out[n++] = '-';
		out[n++] = w[i];
	}
	out[n] = '\0';
}

/* Russian and English words through Debian's dictionaries, and the same
 * Russian patterns converted to UTF-8 give the same points. */
static void
hyphenation(void **state)
{
	(void)state;
	struct diag d;
	FILE *quiet = fopen("/dev/null", "w");
	assert_non_null(quiet);
	diag_init(&d, quiet);
	struct hyph *h = hyph_open(NULL, "ru", &d);
	assert_non_null(h);
	char koi[512], utf[512], en[512];
	points(h, "перераспределяя", koi);
	points(h, "Горутина", utf);
	assert_string_equal(utf, "Гору-ти-на");
	points(h, "hyphenation", en);
	assert_string_equal(en, "hy-phen-ation");
	assert_string_equal(koi, "пе-ре-рас-пре-де-ляя");
	/* "уш1ла", which the dictionary's TeX exception list would undo. */
	char w[64];
	points(h, "ушлая", w);
	assert_string_equal(w, "уш-лая");
	hyph_close(h);

	FILE *f = fopen("/usr/share/hyphen/hyph_ru_RU.dic", "rb");
	assert_non_null(f);
	static char in[1 << 16], out[1 << 17];
	size_t n = fread(in, 1, sizeof(in), f);
	fclose(f);
	char *nl = memchr(in, '\n', n);
	assert_non_null(nl);
	iconv_t cd = iconv_open("UTF-8", "KOI8-R");
	assert_true(cd != (iconv_t)-1);
	char *ip = nl + 1, *op = out;
	size_t il = n - (size_t)(nl + 1 - in), ol = sizeof(out);
	memcpy(op, "UTF-8\n", 6);
	op += 6;
	ol -= 6;
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	iconv_close(cd);
	char dir[] = "/tmp/qbind-hyph-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof(path), "%s/hyph_ru_RU.dic", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(out, 1, (size_t)(op - out), f);
	fclose(f);
	h = hyph_open(dir, "ru", &d);
	assert_non_null(h);
	char again[512];
	points(h, "перераспределяя", again);
	assert_string_equal(again, koi);
	hyph_close(h);
	unlink(path);
	rmdir(dir);
	/* A missing dictionary is an error naming the package. */
	assert_null(hyph_open(dir, "ru", &d));
	assert_int_equal(d.nerrors, 1);
	/* So is an empty one (gcc -fanalyzer: dedup_patterns once passed
	 * qsort a NULL array for it, undefined even with no elements). */
	strcpy(dir, "/tmp/qbind-hyph-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/hyph_ru_RU.dic", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	fclose(f);
	assert_null(hyph_open(dir, "ru", &d));
	assert_int_equal(d.nerrors, 2);
	unlink(path);
	rmdir(dir);
	fclose(quiet);
}

static void
collect_line(void *arg, const struct lb_run *runs, size_t nruns, double width)
{
	struct buf *b = arg;
	(void)width;
	for (size_t i = 0; i < nruns; i++) {
		if (i)
			buf_putc(b, ' ');
		buf_put(b, runs[i].s, runs[i].len);
	}
	buf_putc(b, '|');
}

/* The recording device's metrics alone, for the line breaker. */
static struct device
text_device(void)
{
	struct device dev = { NULL, r_width, r_metrics, r_has, r_page, r_text,
	    r_rect, r_line, r_box, r_bookmark, r_link, r_uri, r_lang };
	return dev;
}

/* collect_line, noting the widest line. */
static void
collect_wide(void *arg, const struct lb_run *runs, size_t nruns, double width)
{
	struct { struct buf b; double width, max; } *w = arg;
	collect_line(&w->b, runs, nruns, width);
	if (width > w->max)
		w->max = width;
}

/* The lines of text set ragged in width points at 10pt. */
static char *
lines_of(struct hyph *h, const char *text, double width)
{
	struct device dev = text_device();
	struct meter m;
	meter_init(&m, &dev);
	struct para pa;
	para_init(&pa, &m, h);
	para_reset(&pa, 10, 0, 1);
	para_add(&pa, FACE_REGULAR, text, strlen(text));
	struct buf b = BUF_INIT;
	para_lines(&pa, width, collect_line, &b);
	para_free(&pa);
	meter_free(&m);
	return buf_detach(&b);
}

/* A paragraph of text runs in faces set justified (or not) in width
 * points at 10pt: its lines, each ending in '|', runs apart by ' '.
 * Every line must lie within the width. */
struct run_spec {
	enum dev_face f;
	const char *s;
};

static char *
set_runs(struct hyph *h, const struct run_spec *rs, size_t n, double width,
    int justify)
{
	struct device dev = text_device();
	struct meter m;
	meter_init(&m, &dev);
	struct para pa;
	para_init(&pa, &m, h);
	para_reset(&pa, 10, justify, 1);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && rs[i].s[0] == ' ')
			para_space(&pa);
		const char *t = rs[i].s + (rs[i].s[0] == ' ');
		para_add(&pa, rs[i].f, t, strlen(t));
	}
	struct wbuf { struct buf b; double width, max; } wb = { BUF_INIT, width, 0 };
	para_lines(&pa, width, collect_wide, &wb);
	para_free(&pa);
	meter_free(&m);
	assert_true(wb.max <= width + 0.01);
	return buf_detach(&wb.b);
}

/* The English patterns, for a test to close. */
static struct hyph *
english(void)
{
	struct diag d;
	diag_init(&d, stderr);
	struct hyph *h = hyph_open(NULL, "en", &d);
	assert_non_null(h);
	return h;
}

/* Whether line k from the end (1: the last) of lines ends in '-'. */
static int
hyphen_at(const char *lines, int k)
{
	size_t n = strlen(lines);
	/* lines ends in '|': walk back over k bars. */
	for (size_t i = n; i-- > 0;)
		if (lines[i] == '|' && --k == 0)
			return i > 0 && lines[i - 1] == '-';
	return 0;
}

/* Total fit, over every measure from 60 to 240 points: no hyphen on a
 * paragraph's last two lines (the last never has one; the one before
 * is what the rule is about), while hyphens do come elsewhere. */
static void
no_final_hyphen(void **state)
{
	(void)state;
	struct hyph *h = english();
	static const struct run_spec text[] = { { FACE_REGULAR,
	    "Typographers everywhere consider hyphenation acceptable in the "
	    "middle of a paragraph, but a hyphenated penultimate line "
	    "looks unfinished, particularly with concurrency, synchronisation "
	    "and unbuffered communication" } };
	int hyphens = 0;
	for (double w = 60; w <= 240; w += 1) {
		for (int j = 0; j < 2; j++) {
			char *s = set_runs(h, text, 1, w, j);
			if (hyphen_at(s, 2)) {
				fprintf(stderr, "width %.0f: %s\n", w, s);
				fail();
			}
			for (const char *c = s; (c = strstr(c, "-|")) != NULL; c++)
				hyphens++;
			free(s);
		}
	}
	assert_true(hyphens > 10);
	hyph_close(h);
}

/* An inline code span is never broken inside: it goes whole to the
 * next line; only one wider than the line is broken, and then inside
 * the line. */
static void
code_span_whole(void **state)
{
	(void)state;
	static const struct run_spec text[] = {
		{ FACE_REGULAR, "Slicing with a capacity, as in" },
		{ FACE_MONO, " b := a[:2:2]" },
		{ FACE_REGULAR, ", makes the next append copy; compare" },
		{ FACE_MONO, " append(b, 3)" },
		{ FACE_REGULAR, " with the original slice." },
	};
	/* The span is 12 characters of 6 points. */
	for (double w = 75; w <= 300; w += 1) {
		char *s = set_runs(NULL, text, 5, w, 1);
		if (strstr(s, "b := a[:2:2]") == NULL ||
		    strstr(s, "append(b, 3)") == NULL) {
			fprintf(stderr, "width %.0f: %s\n", w, s);
			fail();
		}
		free(s);
	}
	/* Narrower than the span: broken, yet within the line. */
	char *s = set_runs(NULL, text, 5, 40, 1);
	assert_null(strstr(s, "b := a[:2:2]"));
	free(s);
}

/* The widths of a paragraph's lines. */
struct widths {
	double w[64];
	size_t n;
};

static void
collect_widths(void *arg, const struct lb_run *runs, size_t nruns,
    double width)
{
	struct widths *ws = arg;
	(void)runs;
	(void)nruns;
	if (ws->n < 64)
		ws->w[ws->n++] = width;
}

/* Lines are judged as a paragraph, not one by one: a justified
 * paragraph comes out with no line (but the last) set ragged for want
 * of a better break, at every measure from 150 to 300 points (30 to 60
 * characters), where first-fit left 19 such lines. */
static void
total_fit(void **state)
{
	(void)state;
	struct hyph *h = english();
	static const struct run_spec text[] = { { FACE_REGULAR,
	    "A goroutine leaks when it blocks forever, usually on a channel "
	    "operation that nobody will ever complete, so its stack and "
	    "everything it references are never freed. Give the channel "
	    "enough buffer for every sender, make every blocking operation "
	    "also wait on cancellation, and make sure each goroutine you "
	    "start has a clear owner who knows when and how it ends." } };
	struct device dev = text_device();
	struct meter m;
	meter_init(&m, &dev);
	struct para pa;
	para_init(&pa, &m, h);
	int short_lines = 0;
	for (double w = 150; w <= 300; w += 1) {
		para_reset(&pa, 10, 1, 1);
		para_add(&pa, FACE_REGULAR, text[0].s, strlen(text[0].s));
		struct widths ws = { { 0 }, 0 };
		para_lines(&pa, w, collect_widths, &ws);
		assert_true(ws.n > 1 && ws.n < 64);
		for (size_t i = 0; i + 1 < ws.n; i++)
			if (ws.w[i] < w - 0.01) {
				fprintf(stderr, "width %.0f: line %zu ends at %.2f\n",
				    w, i + 1, ws.w[i]);
				short_lines++;
			}
	}
	assert_int_equal(short_lines, 0);
	para_free(&pa);
	meter_free(&m);
	hyph_close(h);
}

/* How many lines drawn on page pg hold s.  Set ragged (justify off),
 * a line is one text. */
static int
lines_on(const struct result *res, int pg, const char *s)
{
	int n = 0;
	for (const char *p = res->rec.pages.ptr; *p;) {
		const char *e = strchr(p, '\n');
		const char *tab = strchr(p, '\t');
		char *line = strndup(tab + 1, (size_t)(e - tab - 1));
		n += atoi(p) == pg && strstr(line, s) != NULL;
		free(line);
		p = e + 1;
	}
	return n;
}

/* An answer that does not fit where its question starts goes on over
 * the page, but a paragraph leaves no line alone at a page's foot or
 * head, and a question keeps two lines of its answer with it.  Tried
 * with 0 to 9 questions before it, so that the page break falls at
 * each line of the paragraph in turn. */
static void
widows_orphans(void **state)
{
	(void)state;
	struct layout_opts opt = opts_small();
	opt.justify = 0;
	int split = 0;
	for (int k = 0; k < 10; k++) {
		struct buf c = BUF_INIT;
		buf_puts(&c, "Widows\n\n# S\n\n## G\n\n");
		for (int i = 0; i < k; i++)
			buf_printf(&c, "Filler question number %d?\n\n", i);
		buf_puts(&c, "Zquestion with an answer?\n:::\n");
		for (int i = 0; i < 40; i++)
			buf_puts(&c, "zzword zzmore ");
		buf_puts(&c, "\n:::\n\nLast question?\n");
		struct result r;
		run(&r, c.ptr, &opt);
		buf_free(&c);
		int qp = page_of(&r, "Zquestion"), pages = 0;
		assert_true(lines_on(&r, qp, "zz") >= 2);
		for (int pg = 1; pg <= r.rec.page; pg++) {
			int n = lines_on(&r, pg, "zz");
			if (n == 1) {
				fprintf(stderr, "%d questions before: one line on "
				    "page %d\n", k, pg);
				fail();
			}
			pages += n > 0;
		}
		split += pages > 1;
		done(&r);
	}
	/* The answer did go over a page, not wholly to the next. */
	assert_true(split > 0);
}

/* A last page never holds a single line: the page before gives it
 * lines.  Questions only, 3 to 40 of them. */
static void
balanced_last_page(void **state)
{
	(void)state;
	struct layout_opts opt = opts_small();
	opt.justify = 0;
	for (int k = 3; k <= 40; k++) {
		struct buf c = BUF_INIT;
		buf_puts(&c, "Balance\n\n# S\n\n## G\n\n");
		for (int i = 0; i < k; i++)
			buf_printf(&c, "Qq question %d?\n\n", i);
		struct result r;
		run(&r, c.ptr, &opt);
		buf_free(&c);
		int last = page_of(&r, "Qq question");
		if (last > 0 && lines_on(&r, last, "Qq") == 1 &&
		    lines_on(&r, last - 1, "Qq") > 0) {
			fprintf(stderr, "%d questions: one on page %d\n", k, last);
			fail();
		}
		done(&r);
	}
}

/* Prose is hyphenated at a line end, identifiers and acronyms are not. */
static void
words_and_identifiers(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d, stderr);
	struct hyph *h = hyph_open(NULL, "en", &d);
	assert_non_null(h);
	/* The line before a paragraph's last takes no hyphen. */
	char *s = lines_of(h, "use hyphenation", 60);
	assert_string_equal(s, "use|hyphenation|");
	free(s);
	s = lines_of(h, "use hyphenation here", 60);
	assert_string_equal(s, "use hy-|phenation|here|");
	free(s);
	s = lines_of(h, "use WithTimeout", 60);
	assert_string_equal(s, "use|WithTimeout|");
	free(s);
	s = lines_of(h, "use GOMAXPROCS", 60);
	assert_string_equal(s, "use|GOMAXPROCS|");
	free(s);
	hyph_close(h);
	/* A one-letter word goes to the next line with the word after it,
	 * unless it is the only word of its line. */
	s = lines_of(NULL, "вопросы к теме", 50);
	assert_string_equal(s, "вопросы|к теме|");
	free(s);
	s = lines_of(NULL, "к теме", 25);
	assert_string_equal(s, "к|теме|");
	free(s);
}

/* The lines of text (as lines_of) hold part. */
static void
lines_have(struct hyph *h, const char *text, double width, const char *part)
{
	char *s = lines_of(h, text, width);
	if (strstr(s, part) == NULL)
		fail_msg("'%s' in %gpt: '%s' has no '%s'", text, width, s, part);
	free(s);
}

/* The no-break space typography puts after «к» (util/typo.c) never
 * breaks, and the word it ties (or quotes) is still prose to hyphenate. */
static void
no_break_space(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d, stderr);
	struct hyph *h = hyph_open(NULL, "ru", &d);
	assert_non_null(h);
	lines_have(NULL, "вопросы к\u00A0теме", 50, "вопросы|к\u00A0теме|");
	lines_have(h, "к\u00A0существующим", 60, "к\u00A0");
	/* Hyphens on a paragraph's last two lines are not wanted: the
	 * tied word opens a longer paragraph. */
	lines_have(h, "к\u00A0существующим вопросам и темам", 60, "-|");
	lines_have(h, "«существующим» вопросам и темам", 60, "-|");
	hyph_close(h);
}

/* A token wider than many lines, and a line of code longer than the
 * reader allows (FORMAT.md caps lines at 64 KB; the layout must not
 * rely on it), cost work linear in their length.  Their characters are
 * past U+07FF, so each width the layout takes reaches the device, which
 * counts them: breaking the token again from its start on each line, as
 * the layout once did, would ask of the order of N * N / 80. */
static const char arrow[] = "\xE2\x86\x92"; /* U+2192, 3 bytes */
enum { TOKEN_N = 20000, CODE_N = 100000 };

static void
long_code_answer(struct outline *o)
{
	struct ol_node *q = (struct ol_node *)ol_next_question(o, NULL);
	struct buf md = BUF_INIT;
	buf_puts(&md, "Before.\n\n```\n");
	for (int i = 0; i < CODE_N; i++)
		buf_puts(&md, arrow);
	buf_puts(&md, "\n```\n\nAfter.\n");
	cmark_node_free(q->as.question.answer);
	q->as.question.answer = cmark_parse_document(md.ptr, md.len, CMARK_OPT_DEFAULT);
	q->as.question.answer_nlines = 0;  /* positions unknown, as the reader allows */
	buf_free(&md);
}

static void
linear_long_lines(void **state)
{
	(void)state;
	struct layout_opts opt = opts_a4();
	struct result r;
	struct buf c = BUF_INIT;
	buf_puts(&c, "Long\n\nTopic:\n\n");
	for (int i = 0; i < TOKEN_N; i++)
		buf_puts(&c, arrow);
	buf_puts(&c, "\n\nA question with an answer?\n:::\nSet aside.\n:::\n");
	run_with(&r, c.ptr, &opt, NULL, 0);
	assert_true(r.rec.measured > TOKEN_N);
	assert_true(r.rec.measured < 30UL * TOKEN_N);
	done(&r);
	/* The code line goes into the second question's answer. */
	buf_clear(&c);
	buf_puts(&c, "Long code\n\nTopic:\n\nA question with an answer?\n:::\n"
	    "Set aside.\n:::\n");
	run_with(&r, c.ptr, &opt, long_code_answer, 0);
	assert_true(r.rec.measured > CODE_N);
	assert_true(r.rec.measured < 30UL * CODE_N);
	assert_non_null(strstr(r.rec.drawn.ptr, "After."));
	done(&r);
	buf_free(&c);
}

/* Past QBIND_MAX_PAGES the layout stops, says where, and draws nothing;
 * a block of a million rows (empty lines of code, one byte each in the
 * corpus) is given up as it is built, not after. */
static void
page_cap(void **state)
{
	(void)state;
	struct layout_opts opt = opts_small();
	struct result r;
	struct buf c = BUF_INIT;
	buf_puts(&c, "Long\n\nTopic:\n\nFirst?\n\nEndless code?\n:::\n```\n");
	for (int i = 0; i < 1000000; i++)
		buf_putc(&c, '\n');
	buf_puts(&c, "```\n:::\n");
	run_with(&r, c.ptr, &opt, NULL, LAYOUT_TOO_LONG);
	char want[128];
	snprintf(want, sizeof(want), "t.txt:7:1: error: the PDF handout runs past %d "
	    "pages here; the limit is %d pages\n", QBIND_MAX_PAGES, QBIND_MAX_PAGES);
	assert_string_equal(r.diags, want);
	done(&r);
	buf_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paragraph),
		cmocka_unit_test(uri_links),
		cmocka_unit_test(long_token),
		cmocka_unit_test(title_page_text),
		cmocka_unit_test(plural_and_date),
		cmocka_unit_test(straddle),
		cmocka_unit_test(orphan),
		cmocka_unit_test(code_300),
		cmocka_unit_test(question_5000),
		cmocka_unit_test(deep_nesting),
		cmocka_unit_test(narrow_page),
		cmocka_unit_test(empty_group),
		cmocka_unit_test(untitled_groups),
		cmocka_unit_test(untitled_orphan),
		cmocka_unit_test(interviewer),
		cmocka_unit_test(unprintable),
		cmocka_unit_test(soft_hyphen),
		cmocka_unit_test(languages),
		cmocka_unit_test(seed_corpus),
		cmocka_unit_test(hyphenation),
		cmocka_unit_test(words_and_identifiers),
		cmocka_unit_test(no_break_space),
		cmocka_unit_test(no_final_hyphen),
		cmocka_unit_test(code_span_whole),
		cmocka_unit_test(total_fit),
		cmocka_unit_test(widows_orphans),
		cmocka_unit_test(balanced_last_page),
		cmocka_unit_test(linear_long_lines),
		cmocka_unit_test(page_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
