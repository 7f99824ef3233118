/* layout_draw.c: the laid-out pages through the device, with their
 * running headers and footers, links, bookmarks and page numbers. */
#include "layout_int.h"
#include "diag.h"
#include "progress.h"

#include <stdio.h>
#include <string.h>

static const struct dev_rgb colors[NCOLORS] = {
	{ 0, 0, 0 }, { 0.35, 0.35, 0.35 }, { 0.93, 0.93, 0.93 },
	{ 0.55, 0.55, 0.55 }, { 0.45, 0.45, 0.45 },
};

/* The device's language set to lang ("": the document's) unless it is
 * so already. */
static int
set_lang(struct L *L, const char *lang)
{
	if (strcmp(lang, L->lang) == 0)
		return 0;
	L->lang = lang;
	return L->dev->lang(L->dev->ctx, *lang ? lang : NULL);
}

/* s[0..len) at (x, y), each run of another language than the one
 * before it drawn after the device is told (util/script.h).  Code is
 * drawn in the document's language: it is no text of any. */
static int
put_text(struct L *L, enum dev_face f, double size, double x, double y,
    const char *s, size_t len, enum color c)
{
	const struct device *dv = L->dev;
	size_t start = 0;   /* of the piece not drawn yet */
	/* A text on another line than the last starts in no run: digits
	 * and punctuation there (a question's number, a list marker) are
	 * the document's. */
	int new_line = y != L->text_y;
	L->text_y = y;
	if (dev_face_mono(f) && set_lang(L, "") < 0)
		return -1;
	for (size_t at = 0; at < len && !dev_face_mono(f);) {
		const char *lang;
		size_t n = script_next(&L->script, s + at, len - at, &lang);
		/* Neither script: in the language around it. */
		if (lang == NULL && at == 0 && new_line)
			lang = "";
		if (lang && strcmp(lang, L->lang) != 0) {
			if (at > start && dv->text(dv->ctx, f, size,
			    x + tw(L, f, size, s, start), y, s + start,
			    at - start, colors[c]) < 0)
				return -1;
			start = at;
			if (set_lang(L, lang) < 0)
				return -1;
		}
		at += n;
	}
	if (start == len)
		return 0;
	return dv->text(dv->ctx, f, size, start ? x + tw(L, f, size, s, start) :
	    x, y, s + start, len - start, colors[c]);
}

static int
abs_page(const struct L *L, int list, size_t page)
{
	return (int)(list == FRONT ? page : lay_npages(L, FRONT) + page) + 1;
}

/* Bytes of a title a running header looks at: more than fit in any
 * header, so that a 64 KB title does not cost 64 KB of work per page. */
enum { HEADER_MAX = 2048 };

/* The longest prefix of s, cleaned, that fits in maxw at size, with an
 * ellipsis when cut. */
static const struct buf *
fit_text(struct L *L, enum dev_face f, double size, const char *s, double maxw)
{
	struct ol_pos none = { NULL, 0, 0 };
	size_t len = strnlen(s, HEADER_MAX + 1), cut = len;
	if (cut > HEADER_MAX) {
		cut = HEADER_MAX;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
	}
	struct buf *t = lay_clean_text(L, f, s, cut, none);
	for (size_t i = 0; i < t->len; i++)
		if (t->ptr[i] == '\n' || t->ptr[i] == '\t')
			t->ptr[i] = ' ';
	if (cut == len && tw(L, f, size, t->ptr, t->len) <= maxw)
		return t;
	const char *ell = lay_has(L, f, 0x2026) ? "\xE2\x80\xA6" : "...";
	t->len = fit_prefix(L, f, size, t->ptr, t->len, tws(L, f, size, ell),
	    maxw);
	buf_puts(t, ell);
	return t;
}

/* The running header: the document's title, the section under way, a
 * rule. */
static int
header(struct L *L, const struct page *pg)
{
	const struct geom *g = L->g;
	const struct device *dv = L->dev;
	double hs = g->fs * 0.8;
	double width = g->x1 - g->x0;
	double hy = g->top + g->lead * 0.9;
	if (hy + hs > L->opt->page_h)
		hy = L->opt->page_h - hs;
	const char *title = L->o->root->display.heading;
	/* A page that opens with the section's heading does not repeat
	 * it in the header right above. */
	const char *sec = pg->section && !pg->opens_section ?
	    pg->section->display.heading : NULL;
	/* The section takes what it needs, up to half the line; the
	 * title the rest, less a gap of two ems.  (fit_text's buffer is
	 * the layout's one: the section is fitted again to draw it.) */
	double sw = 0;
	if (sec) {
		const struct buf *t = fit_text(L, FACE_ITALIC, hs, sec,
		    width * 0.48);
		sw = tw(L, FACE_ITALIC, hs, t->ptr, t->len);
	}
	if (title) {
		const struct buf *t = fit_text(L, FACE_REGULAR, hs, title,
		    sec ? width - sw - 2 * hs : width);
		if (put_text(L, FACE_REGULAR, hs, g->x0, hy, t->ptr, t->len,
		    C_GREY) < 0)
			return -1;
	}
	if (sec) {
		const struct buf *t = fit_text(L, FACE_ITALIC, hs, sec,
		    width * 0.48);
		if (put_text(L, FACE_ITALIC, hs, g->x1 - sw, hy, t->ptr, t->len,
		    C_GREY) < 0)
			return -1;
	}
	double ry = hy - hs * 0.45;
	return dv->line(dv->ctx, g->x0, ry, g->x1, ry, 0.4, colors[C_RULE]);
}

/* A bookmark title being made: its characters, and whether a space is
 * due before the next word. */
struct title {
	struct buf *b;
	size_t n;
	int space;
};

/* Appends s with every run of white space or control characters as one
 * space (none at the start), until the title holds more than
 * QTITLE_MAX characters. */
static void
title_words(struct title *t, const char *s)
{
	while (*s && t->n <= QTITLE_MAX) {
		const char *c = s;
		uint32_t cp = utf8_next(&s);
		if (cp <= ' ' || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
		    cp == 0xA0) {
			t->space = t->b->len > 0;
			continue;
		}
		if (t->space) {
			buf_putc(t->b, ' ');
			t->n++;
			t->space = 0;
		}
		buf_put(t->b, c, (size_t)(s - c));
		t->n++;
	}
}

void
lay_question_title(const struct ol_node *q, struct buf *b)
{
	struct title t = { b, 0, 0 };
	buf_clear(b);
	if (q->number && *q->number) {
		title_words(&t, q->number);
		t.space = 1;
	}
	for (size_t i = 0; i < q->display.nspans && t.n <= QTITLE_MAX; i++)
		title_words(&t, q->display.spans[i].text);
	if (t.n <= QTITLE_MAX)
		return;
	/* Cut after the last whole word within QTITLE_MAX characters (a
	 * word longer than that inside it), with an ellipsis. */
	size_t k = 0, chars = 0, word_end = 0;
	while (k < b->len && chars < QTITLE_MAX) {
		const char *p = b->ptr + k;
		utf8_next(&p);
		if (b->ptr[k] == ' ')
			word_end = k;
		k = (size_t)(p - b->ptr);
		chars++;
	}
	if (k < b->len && b->ptr[k] == ' ')
		word_end = k;
	size_t len = word_end > 0 ? word_end : k;
	while (len > 0 && strchr(" ,;:-", b->ptr[len - 1]))
		len--;
	b->len = len;
	b->ptr[len] = '\0';
	buf_puts(b, "\xE2\x80\xA6");
}

/* "Page N of M", centred under the text. */
static int
footer(struct L *L, int page, int npages)
{
	const struct geom *g = L->g;
	double hs = g->fs * 0.8;
	double width = g->x1 - g->x0;
	char foot[128];
	const char *fmt = L->o->labels ? L->o->labels->page_of : "%d / %d";
	snprintf(foot, sizeof(foot), fmt, page, npages);
	double fw = tws(L, FACE_REGULAR, hs, foot);
	double fy = g->bottom - g->lead * 1.6;
	if (fy < hs * 0.5)
		fy = hs * 0.5;
	return put_text(L, FACE_REGULAR, hs, g->x0 + (width - fw) / 2, fy,
	    foot, strlen(foot), C_GREY);
}

static int
draw_op(struct L *L, const struct op *o)
{
	const struct device *dv = L->dev;
	const struct target *t; /* of a link, an anchor or a page number */
	switch (o->kind) {
	case OP_TEXT:
		if (o->len == 0)   /* withdrawn by lay_balance */
			return 0;
		return put_text(L, (enum dev_face)o->face, o->size, o->x, o->y,
		    lay_op_text(L, o), o->len, (enum color)o->color);
	case OP_RECT:
		return dv->rect(dv->ctx, o->x, o->y, o->w, o->h, colors[o->color]);
	case OP_LINE:
		return dv->line(dv->ctx, o->x, o->y, o->w, o->h, o->size,
		    colors[o->color]);
	case OP_BOX:
		return dv->box(dv->ctx, o->x, o->y, o->w, o->h, o->size,
		    colors[o->color]);
	case OP_LINK:
		t = &L->t.v[o->arg];
		return dv->link(dv->ctx, o->x, o->y, o->w, o->h,
		    abs_page(L, t->list, t->page), t->y);
	case OP_URI: {
		const char *u = lay_url(L, o->arg);
		return dv->uri(dv->ctx, o->x, o->y, o->w, o->h, u, strlen(u));
	}
	case OP_ANCHOR: {
		t = &L->t.v[o->arg];
		if (t->level < 0)
			return 0;
		if (t->node == NULL || t->node->kind != OL_QUESTION)
			return dv->bookmark(dv->ctx, t->level, t->node ?
			    t->node->display.heading : t->title,
			    abs_page(L, t->list, t->page), t->y);
		struct buf b = BUF_INIT;
		lay_question_title(t->node, &b);
		int rc = dv->bookmark(dv->ctx, t->level, b.ptr,
		    abs_page(L, t->list, t->page), t->y);
		buf_free(&b);
		return rc;
	}
	case OP_PAGENUM: {
		t = &L->t.v[o->arg];
		char num[24];
		snprintf(num, sizeof(num), "%d", abs_page(L, t->list, t->page));
		double w = tws(L, (enum dev_face)o->face, o->size, num);
		return put_text(L, (enum dev_face)o->face, o->size, o->x - w,
		    o->y, num, strlen(num), C_TEXT);
	}
	default:
		return 0;
	}
}

int
lay_draw(struct L *L)
{
	int npages = (int)(lay_npages(L, FRONT) + lay_npages(L, BODY));
	for (int list = FRONT; list < NLISTS; list++) {
		for (size_t i = 0; i < lay_npages(L, list); i++) {
			const struct page *pg = lay_page(L, list, i);
			const struct op *ops = lay_page_ops(L, pg);
			int page = abs_page(L, list, i);
			progress_tick(L->d->progress, "drawing pages", (size_t)page,
			    (size_t)npages);
			if (L->dev->begin_page(L->dev->ctx, L->opt->page_w,
			    L->opt->page_h) < 0)
				return -1;
			L->lang = "";
			/* The first page is the title page, or the sheet's
			 * header block: no running header; the sheet's pages
			 * are numbered from it, as they may come apart.  In
			 * reading order: the header, the page, the footer
			 * (text extraction and screen readers follow the
			 * order of the contents). */
			if (page > 1 && header(L, pg) < 0)
				return -1;
			for (size_t k = 0; k < pg->nops; k++)
				if (draw_op(L, &ops[k]) < 0)
					return -1;
			if ((page > 1 || L->opt->mode == LAYOUT_INTERVIEWER) &&
			    footer(L, page, npages) < 0)
				return -1;
		}
	}
	return 0;
}
