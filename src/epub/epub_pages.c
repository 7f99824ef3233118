/* epub_pages.c: the EPUB's pages in reading order: the title page and
 * one page per section, its questions with their answers inline or, in
 * self-test mode, as footnotes.
 */
#include "epub_int.h"
#include "buf.h"
#include "html.h"
#include "outline.h"
#include "qbind.h"

#include <cmark.h>

/* Ids we make start with "_", which no outline id can. */
#define ANSWER_ID_PREFIX "_a-"   /* the footnote of an answer */
#define NOTEREF_ID_PREFIX "_r-"  /* the link to it, where its back link goes */
#define ANSWERS_ID "_answers"    /* a page's answers, after its questions */

int
epub_has_answer(const struct ol_node *q)
{
	struct cmark_node *a = q->as.question.answer;
	return a && cmark_node_first_child(a);
}

void
epub_numbered(struct buf *b, const char *number, const char *label)
{
	buf_clear(b);
	if (number) {
		buf_puts(b, number);
		BUF_PUTSL(b, ". ");
	}
	buf_puts(b, label);
}

void
epub_page_title(const struct ol_node *s, struct buf *b)
{
	epub_numbered(b, s->number, s->display.label);
}

int
epub_write_title_page(struct epub *e)
{
	const struct ol_meta *m = &e->o->meta;
	struct xw x;
	xw_open(&x);
	epub_xhtml_begin(e, &x, e->o->root->display.heading);
	xw_start(&x, "section");
	xw_attr(&x, "epub:type", "titlepage");
	xw_attr(&x, "class", "titlepage");
	xw_nl(&x);
	epub_element(e, &x, "h1", "title", e->o->root->display.heading);
	xw_nl(&x);
	if (m->subtitle) {
		epub_element(e, &x, "p", "subtitle", e->o->root->display.subheading);
		xw_nl(&x);
	}
	/* The description, the intro text of a markdown file, as answers
	 * are written. */
	const struct ol_node *root = e->o->root;
	if (epub_has_answer(root)) {
		xw_start(&x, "div");
		xw_attr(&x, "class", "description");
		html_write(&x, root);
		xw_end(&x);
		xw_nl(&x);
	}
	char counts[160];
	if (lang_title_counts(e->o, "\xC2\xB7", counts, sizeof(counts))) {
		xw_element(&x, "p", "counts", counts);
		xw_nl(&x);
	}
	if (m->author) {
		epub_element(e, &x, "p", "author", m->author);
		xw_nl(&x);
	}
	/* The PDF's title page's date, in the same words (lang.c). */
	char date[128];
	lang_title_date(e->o, e->built, date, sizeof(date));
	xw_element(&x, "p", "date", date);
	xw_nl(&x);
	xw_end(&x);
	xw_nl(&x);
	epub_xhtml_end(&x);
	return xw_finish(e, &x, "OEBPS/title.xhtml");
}

/* A question's text as printed: <span class="qt">, code in <code>. */
static void
write_qtext(struct epub *e, struct xw *x, const struct ol_node *q)
{
	xw_start(x, "span");
	xw_attr(x, "class", "qt");
	for (size_t i = 0; i < q->display.nspans; i++) {
		const struct ol_span *sp = &q->display.spans[i];
		if (sp->kind == OL_SPAN_CODE)
			xw_element(x, "code", NULL, sp->text);
		else
			epub_text(e, x, sp->text);
	}
	xw_end(x);
}

static void
write_question(struct epub *e, struct xw *x, const struct ol_node *q)
{
	int answer = epub_has_answer(q);
	xw_start(x, "div");
	xw_attr(x, "class", answer && e->mode == MODE_INLINE ? "question answered" :
	    "question");
	xw_attr(x, "id", q->id);
	xw_start(x, "p");
	xw_attr(x, "class", "qtext");
	xw_element(x, "span", "num", q->number);
	xw_text(x, " ");
	write_qtext(e, x, q);
	if (answer && e->mode == MODE_SELFTEST) {
		struct buf href = BUF_INIT, ref = BUF_INIT;
		BUF_PUTSL(&href, "#" ANSWER_ID_PREFIX);
		buf_puts(&href, q->id);
		BUF_PUTSL(&ref, NOTEREF_ID_PREFIX);
		buf_puts(&ref, q->id);
		xw_text(x, " ");
		xw_start(x, "a");
		xw_attr(x, "class", "noteref");
		xw_attr(x, "epub:type", "noteref");
		xw_attr(x, "role", "doc-noteref");
		xw_attr(x, "id", ref.ptr);
		xw_attr(x, "href", href.ptr);
		xw_text(x, e->o->labels->answer);
		xw_end(x);
		buf_free(&href);
		buf_free(&ref);
	}
	xw_end(x); /* p */
	if (answer && e->mode == MODE_INLINE) {
		xw_nl(x);
		xw_start(x, "div");
		xw_attr(x, "class", "answer");
		html_write(x, q);
		xw_end(x);
	}
	xw_end(x); /* div */
	xw_nl(x);
}

/* Self-test answers: footnotes after the page's questions, each with a
 * link back to the noteref that points to it: a two-way pair, which is
 * what Amazon's Kindle guidelines ask of pop-up footnotes.  Readers that
 * know epub:type="footnote" show them as a pop-up from the question's
 * noteref and may hide them here; others show them as endnotes. */
static void
write_footnotes(struct epub *e, struct xw *x, const struct ol_node *s)
{
	int any = 0;
	OL_FOREACH(g, s)
		OL_FOREACH(q, g)
			any |= epub_has_answer(q);
	if (!any)
		return;
	/* Behind a heading and a page break (style.css), so that turning
	 * the page after the last question does not show the answers. */
	xw_start(x, "section");
	xw_attr(x, "class", "answers");
	xw_attr(x, "id", ANSWERS_ID);
	xw_nl(x);
	xw_element(x, "h2", "answers", e->o->labels->answers);
	xw_nl(x);
	struct buf id = BUF_INIT, back = BUF_INIT;
	OL_FOREACH(g, s)
		OL_FOREACH(q, g) {
			if (!epub_has_answer(q))
				continue;
			buf_clear(&id);
			buf_clear(&back);
			BUF_PUTSL(&id, ANSWER_ID_PREFIX);
			buf_puts(&id, q->id);
			BUF_PUTSL(&back, "#" NOTEREF_ID_PREFIX);
			buf_puts(&back, q->id);
			xw_start(x, "aside");
			xw_attr(x, "epub:type", "footnote");
			xw_attr(x, "role", "doc-footnote");
			xw_attr(x, "class", "answer");
			xw_attr(x, "id", id.ptr);
			xw_start(x, "p");
			xw_attr(x, "class", "back");
			xw_start(x, "a");
			xw_attr(x, "href", back.ptr);
			xw_attr(x, "role", "doc-backlink");
			xw_attr(x, "title", e->o->labels->back);
			xw_text(x, q->number);
			xw_end(x);
			xw_text(x, " ");
			write_qtext(e, x, q);
			xw_end(x); /* p */
			html_write(x, q);
			xw_end(x); /* aside */
			xw_nl(x);
		}
	buf_free(&id);
	buf_free(&back);
	xw_end(x);
	xw_nl(x);
}

/* A follow-up group's «к вопросу 1» under its heading, a link to the
 * question when the book has it (on this page or an earlier one). */
static void
write_subheading(struct epub *e, struct xw *x, const struct ol_node *g)
{
	const struct ol_node *parent = g->display.parent_question;
	if (g->display.subheading == NULL)
		return;
	xw_start(x, "p");
	xw_attr(x, "class", "subheading");
	if (parent) {
		const struct ol_node *s = parent->parent->parent;
		char name[EPUB_NAME_MAX];
		struct buf href = BUF_INIT;
		if (s != g->parent) {
			epub_page_name(e, s->display.index + 1, name);
			buf_puts(&href, name);
		}
		buf_putc(&href, '#');
		buf_puts(&href, parent->id);
		xw_start(x, "a");
		xw_attr(x, "href", href.ptr);
		epub_text(e, x, g->display.subheading);
		xw_end(x);
		buf_free(&href);
	} else
		epub_text(e, x, g->display.subheading);
	xw_end(x);
	xw_nl(x);
}

/* A titled group is a section with its heading; an untitled one is its
 * questions alone, under the section's heading (or the book's title). */
static void
write_group(struct epub *e, struct xw *x, const struct ol_node *g)
{
	if (g->display.heading == NULL) {
		OL_FOREACH(q, g)
			write_question(e, x, q);
		return;
	}
	xw_start(x, "section");
	xw_attr(x, "class", "group");
	xw_attr(x, "id", g->id);
	xw_nl(x);
	epub_element(e, x, g->display.rank == 0 ? "h1" : "h2", NULL,
	    g->display.heading);
	xw_nl(x);
	write_subheading(e, x, g);
	OL_FOREACH(q, g)
		write_question(e, x, q);
	xw_end(x);
	xw_nl(x);
}

/* A titled section: h1, its groups as h2.  The untitled one holds
 * groups that stand at the top level of the book (rank 0): they are the
 * h1s.  Untitled groups add no heading, so a page of an untitled section
 * that starts with one has none at the top; its title (the section's
 * display label) names it in the reading system. */
int
epub_write_section_page(struct epub *e, const struct ol_node *s, size_t i)
{
	char path[6 + EPUB_NAME_MAX] = "OEBPS/";
	epub_page_name(e, i, path + 6);
	struct buf title = BUF_INIT;
	epub_page_title(s, &title);

	struct xw x;
	xw_open(&x);
	epub_xhtml_begin(e, &x, title.ptr);
	xw_start(&x, "section");
	xw_attr(&x, "epub:type", "chapter");
	xw_attr(&x, "role", "doc-chapter");
	xw_attr(&x, "class", s->text ? "section" : "section general");
	xw_attr(&x, "id", s->id);
	xw_nl(&x);
	if (s->display.heading) {
		xw_start(&x, "h1");
		if (s->number) {
			struct buf num = BUF_INIT;
			buf_puts(&num, s->number);
			buf_putc(&num, '.');
			xw_element(&x, "span", "num", num.ptr);
			xw_text(&x, " ");
			buf_free(&num);
		}
		epub_text(e, &x, s->display.heading);
		xw_end(&x);
		xw_nl(&x);
	}
	OL_FOREACH(g, s)
		write_group(e, &x, g);
	xw_end(&x);
	xw_nl(&x);
	if (e->mode == MODE_SELFTEST)
		write_footnotes(e, &x, s);
	epub_xhtml_end(&x);
	buf_free(&title);
	return xw_finish(e, &x, path);
}

