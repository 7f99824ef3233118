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
		if (dv->text(dv->ctx, FACE_REGULAR, hs, g->x0, hy, t->ptr,
		    t->len, colors[C_GREY]) < 0)
			return -1;
	}
	if (sec) {
		const struct buf *t = fit_text(L, FACE_ITALIC, hs, sec,
		    width * 0.48);
		if (dv->text(dv->ctx, FACE_ITALIC, hs, g->x1 - sw, hy, t->ptr,
		    t->len, colors[C_GREY]) < 0)
			return -1;
	}
	double ry = hy - hs * 0.45;
	return dv->line(dv->ctx, g->x0, ry, g->x1, ry, 0.4, colors[C_RULE]);
}

/* "Page N of M", centred under the text. */
static int
footer(struct L *L, int page, int npages)
{
	const struct geom *g = L->g;
	const struct device *dv = L->dev;
	double hs = g->fs * 0.8;
	double width = g->x1 - g->x0;
	char foot[128];
	const char *fmt = L->o->labels ? L->o->labels->page_of : "%d / %d";
	snprintf(foot, sizeof(foot), fmt, page, npages);
	double fw = tws(L, FACE_REGULAR, hs, foot);
	double fy = g->bottom - g->lead * 1.6;
	if (fy < hs * 0.5)
		fy = hs * 0.5;
	return dv->text(dv->ctx, FACE_REGULAR, hs, g->x0 + (width - fw) / 2, fy,
	    foot, strlen(foot), colors[C_GREY]);
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
		return dv->text(dv->ctx, (enum dev_face)o->face, o->size, o->x, o->y,
		    lay_op_text(L, o), o->len, colors[o->color]);
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
	case OP_ANCHOR:
		t = &L->t.v[o->arg];
		if (t->level < 0)
			return 0;
		return dv->bookmark(dv->ctx, t->level,
		    t->node->display.heading, abs_page(L, t->list, t->page),
		    t->y);
	case OP_PAGENUM: {
		t = &L->t.v[o->arg];
		char num[24];
		snprintf(num, sizeof(num), "%d", abs_page(L, t->list, t->page));
		double w = tws(L, (enum dev_face)o->face, o->size, num);
		return dv->text(dv->ctx, (enum dev_face)o->face, o->size, o->x - w,
		    o->y, num, strlen(num), colors[C_TEXT]);
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
			/* The first page is the title page, or the sheet's
			 * header block: no running header; the sheet's pages
			 * are numbered from it, as they may come apart. */
			if (page > 1 && header(L, pg) < 0)
				return -1;
			if ((page > 1 || L->opt->mode == LAYOUT_INTERVIEWER) &&
			    footer(L, page, npages) < 0)
				return -1;
			for (size_t k = 0; k < pg->nops; k++)
				if (draw_op(L, &ops[k]) < 0)
					return -1;
		}
	}
	return 0;
}
