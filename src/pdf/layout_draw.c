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
	return (int)(list == FRONT ? page + 1 : L->pl[FRONT].n + page + 1);
}

/* Bytes of a title a running header looks at: more than fit in any
 * header, so that a 64 KB title does not cost 64 KB of work per page. */
enum { HEADER_MAX = 2048 };

/* The longest prefix of s (cleaned into L->clean) that fits in maxw at
 * size, with an ellipsis when cut. */
static void
fit_text(struct L *L, enum dev_face f, double size, const char *s, double maxw)
{
	struct ol_pos none = { NULL, 0, 0 };
	size_t len = strnlen(s, HEADER_MAX + 1), cut = len;
	if (cut > HEADER_MAX) {
		cut = HEADER_MAX;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
	}
	lay_clean_text(L, f, s, cut, none);
	for (size_t i = 0; i < L->clean.len; i++)
		if (L->clean.ptr[i] == '\n' || L->clean.ptr[i] == '\t')
			L->clean.ptr[i] = ' ';
	if (cut == len && tw(L, f, size, L->clean.ptr, L->clean.len) <= maxw)
		return;
	const char *ell = has(L, f, 0x2026) ? "\xE2\x80\xA6" : "...";
	L->clean.len = fit_prefix(L, f, size, L->clean.ptr, L->clean.len,
	    tws(L, f, size, ell), maxw);
	buf_puts(&L->clean, ell);
}

static int
header_footer(struct L *L, const struct page *pg, int page, int npages)
{
	const struct device *dv = L->dev;
	double hs = L->fs * 0.8;
	double width = L->x1 - L->x0;
	double hy = L->top + L->lead * 0.9;
	if (hy + hs > L->opt->page_h)
		hy = L->opt->page_h - hs;
	const char *title = L->o->meta.title ? L->o->meta.title : L->o->root->text;
	/* A page that opens with the section's heading does not repeat
	 * it in the header right above. */
	const char *sec = pg->section && !pg->opens_section ?
	    pg->section->text : NULL;
	double half = sec ? width * 0.48 : width;
	if (title) {
		fit_text(L, FACE_REGULAR, hs, title, half);
		if (dv->text(dv->ctx, FACE_REGULAR, hs, L->x0, hy, L->clean.ptr,
		    L->clean.len, colors[C_GREY]) < 0)
			return -1;
	}
	if (sec) {
		fit_text(L, FACE_ITALIC, hs, sec, width * 0.48);
		double w = tw(L, FACE_ITALIC, hs, L->clean.ptr, L->clean.len);
		if (dv->text(dv->ctx, FACE_ITALIC, hs, L->x1 - w, hy, L->clean.ptr,
		    L->clean.len, colors[C_GREY]) < 0)
			return -1;
	}
	double ry = hy - hs * 0.45;
	if (dv->line(dv->ctx, L->x0, ry, L->x1, ry, 0.4, colors[C_RULE]) < 0)
		return -1;
	char foot[128];
	const char *fmt = L->o->labels ? L->o->labels->page_of : "%d / %d";
	snprintf(foot, sizeof(foot), fmt, page, npages);
	double fw = tws(L, FACE_REGULAR, hs, foot);
	double fy = L->bottom - L->lead * 1.6;
	if (fy < hs * 0.5)
		fy = hs * 0.5;
	return dv->text(dv->ctx, FACE_REGULAR, hs, L->x0 + (width - fw) / 2, fy,
	    foot, strlen(foot), colors[C_GREY]);
}

static int
draw_op(struct L *L, const struct op *o)
{
	const struct device *dv = L->dev;
	const struct target *t; /* of a link, an anchor or a page number */
	switch (o->kind) {
	case OP_TEXT:
		return dv->text(dv->ctx, (enum dev_face)o->face, o->size, o->x, o->y,
		    L->store.ptr + o->off, o->len, colors[o->color]);
	case OP_RECT:
		return dv->rect(dv->ctx, o->x, o->y, o->w, o->h, colors[o->color]);
	case OP_LINE:
		return dv->line(dv->ctx, o->x, o->y, o->w, o->h, o->size,
		    colors[o->color]);
	case OP_LINK:
		t = &L->targets[o->arg];
		return dv->link(dv->ctx, o->x, o->y, o->w, o->h,
		    abs_page(L, t->list, t->page), t->y);
	case OP_ANCHOR:
		t = &L->targets[o->arg];
		if (t->level < 0)
			return 0;
		return dv->bookmark(dv->ctx, t->level,
		    lay_heading_text(L, t->node), abs_page(L, t->list, t->page),
		    t->y);
	case OP_PAGENUM: {
		t = &L->targets[o->arg];
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
	int npages = (int)(L->pl[FRONT].n + L->pl[BODY].n);
	for (int list = FRONT; list < NLISTS; list++) {
		for (size_t i = 0; i < L->pl[list].n; i++) {
			const struct page *pg = &L->pl[list].v[i];
			int page = abs_page(L, list, i);
			progress_tick(L->d->progress, "drawing pages", (size_t)page,
			    (size_t)npages);
			if (L->dev->begin_page(L->dev->ctx, L->opt->page_w,
			    L->opt->page_h) < 0)
				return -1;
			if (page > 1 && header_footer(L, pg, page, npages) < 0)
				return -1;
			for (size_t k = 0; k < pg->nops; k++)
				if (draw_op(L, &L->ops[pg->op0 + k]) < 0)
					return -1;
		}
	}
	return 0;
}
