/* layout.c: the outline set on pages (see layout.h).
 *
 * Everything is laid out into an in-memory list of pages before the
 * device sees anything: the footers need the page count and the table of
 * contents the pages of what it lists.  A page holds drawing operations
 * (a run of text, a rectangle, a line, a link, a bookmark), not glyphs,
 * so even a corpus of 70,000 questions stays small.
 *
 * The parts: layout_page.c (rows, blocks, pages), layout_text.c
 * (cleaning, paragraphs), layout_answer.c (answers from their libcmark
 * tree), layout_front.c (title page, contents), layout_draw.c (the
 * device calls); they share layout_int.h.  This file sets the body:
 * headings and questions.
 */
#include "layout_int.h"
#include "diag.h"
#include "progress.h"
#include "hyph.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---------------- headings and questions ---------------- */

static size_t
new_target(struct L *L, const struct ol_node *n, int level)
{
	if (L->ntargets == L->captargets) {
		L->captargets = L->captargets ? L->captargets * 2 : 64;
		L->targets = xrealloc(L->targets, L->captargets * sizeof(*L->targets));
	}
	struct target *t = &L->targets[L->ntargets];
	memset(t, 0, sizeof(*t));
	t->node = n;
	t->level = level;
	return L->ntargets++;
}

const char *
lay_heading_text(const struct L *L, const struct ol_node *n)
{
	if (n->text)
		return n->text;
	return L->o->labels ? L->o->labels->general : "";
}

static void
anchor(struct L *L, size_t target)
{
	struct op *o = lay_bop(L, OP_ANCHOR);
	o->arg = (int32_t)target;
}

static void
section_heading(struct L *L, const struct ol_node *s)
{
	lay_gap(L, L->lead * 1.4);
	anchor(L, new_target(L, s, 0));
	lay_simple_para(L, FACE_BOLD, L->fs * 1.45, s->text, s->pos, L->x0,
	    L->x1 - L->x0, 0, 0);
	lay_rule(L, L->x0, L->x1, L->lead * 0.25, 0.6f, L->lead * 0.5);
	lay_gap(L, L->lead * 0.3);
}

/* The mark of an untitled section still to place, in the row that is
 * being built (a gap row would drop it). */
static void
untitled_anchor(struct L *L)
{
	if (L->untitled >= 0) {
		anchor(L, (size_t)L->untitled);
		L->untitled = -1;
	}
}

static void
group_heading(struct L *L, const struct ol_node *g, int level)
{
	lay_gap(L, L->lead * 0.8);
	untitled_anchor(L);
	anchor(L, new_target(L, g, level));
	lay_simple_para(L, FACE_BOLD, L->fs * 1.15, lay_heading_text(L, g),
	    g->pos, L->x0, L->x1 - L->x0, 0, 0);
	lay_gap(L, L->lead * 0.3);
}

/* An untitled group has no heading, no contents line and no bookmark:
 * its questions follow the section's heading (or the document's start)
 * directly.  After other questions, the air a heading would have above
 * it sets them apart: a group's within a section, a section's where an
 * untitled section follows another.  The untitled section's mark goes
 * into the first question's first row (an empty group leaves it to the
 * next group). */
static void
untitled_group(struct L *L, const struct ol_node *g)
{
	const struct ol_node *s = g->parent;
	if (g->prev)
		lay_gap(L, L->lead * 0.8);
	else if (s->text == NULL && s->prev)
		lay_gap(L, L->lead * 1.4);
	if (g->first)
		untitled_anchor(L);
}

static void
note_lines(struct L *L)
{
	double h = L->lead * 1.6;
	for (int i = 0; i < L->opt->note_lines; i++) {
		if (L->opt->note_blank)
			lay_row_end(L, h, 0);
		else
			lay_rule(L, L->x0 + L->qindent, L->x1, h - 2, 0.4f, h);
	}
}

static void
question(struct L *L, const struct ol_node *q)
{
	int study = L->opt->mode == LAYOUT_STUDY;
	/* Bold sets questions apart from answers; a sheet of questions
	 * only reads better in the regular face. */
	int bold = study && L->o->nanswers > 0;
	para_reset(&L->para, L->fs, L->opt->justify, 1);
	lay_para_text(L, bold ? FACE_BOLD : FACE_REGULAR, q->text, q->pos);
	/* The number hangs in the indent, on the first line's baseline; one
	 * too wide for the indent (a narrow page) gets a line of its own. */
	L->marker = q->number && *q->number ? q->number : NULL;
	L->marker_x = L->x0;
	L->marker_face = FACE_BOLD;
	if (L->marker && tws(L, FACE_BOLD, L->fs, L->marker) >
	    L->qindent - L->fs * 0.3) {
		lay_btext(L, FACE_BOLD, L->fs, L->x0,
		    baseline(L, FACE_BOLD, L->fs, L->lead), L->marker,
		    strlen(L->marker), C_TEXT);
		lay_row_end(L, L->lead, 0);
		L->marker = NULL;
	}
	/* Shown again on the pages a split question continues on. */
	L->cont_number = L->marker;
	lay_set_para(L, L->x0 + L->qindent, L->x1 - L->x0 - L->qindent, 0);
	L->marker = NULL;
	L->marker_face = FACE_REGULAR;
	if (study && q->as.question.answer) {
		lay_gap(L, L->lead * 0.35);
		lay_answer(L, q);
	} else if (!study && L->opt->note_lines > 0) {
		lay_gap(L, L->lead * 0.2);
		note_lines(L);
	}
	lay_gap(L, L->lead * 0.6);
}

/* Space for the widest question number and a little air. */
static double
number_indent(struct L *L)
{
	double w = 0;
	for (const struct ol_node *q = ol_next_question(L->o, NULL); q;
	    q = ol_next_question(L->o, q))
		if (q->number) {
			double x = tws(L, FACE_BOLD, L->fs, q->number);
			if (x > w)
				w = x;
		}
	w += L->fs * 0.7;
	if (w < L->fs * 2)
		w = L->fs * 2;
	if (w > (L->x1 - L->x0) / 4)
		w = (L->x1 - L->x0) / 4;
	return w;
}

static void
body(struct L *L)
{
	L->list = BODY;
	size_t done = 0;
	OL_FOREACH(s, L->o->root) {
		int glevel = 0;
		if (lay_too_long(L))
			return;
		/* The mark of an untitled section without questions before. */
		L->untitled = -1;
		if (s->text) {
			L->where = s->pos;
			section_heading(L, s);
			glevel = 1;
		}
		OL_FOREACH(g, s) {
			/* An untitled section ends the one before it in the
			 * running header: a target listed nowhere marks it. */
			if (!s->text && g == s->first)
				L->untitled = (long)new_target(L, s, -1);
			L->where = g->pos;
			if (g->text)
				group_heading(L, g, glevel);
			else
				untitled_group(L, g);
			OL_FOREACH(q, g) {
				size_t heads = L->nrows;
				L->where = q->pos;
				question(L, q);
				lay_place_block(L, L->nrows, heads + 2);
				L->cont_number = NULL;
				progress_tick(L->d->progress, "laying out", ++done,
				    L->o->nquestions);
				if (lay_too_long(L))
					return;
			}
		}
	}
	/* Headings of empty groups at the very end. */
	if (L->nrows)
		lay_place_block(L, L->nrows, L->nrows);
	if (L->pl[BODY].n == 0)
		lay_new_page(L);
}

/* ---------------- entry point ---------------- */

static void
setup(struct L *L)
{
	const struct layout_opts *op = L->opt;
	L->x0 = op->margin_left;
	L->x1 = op->page_w - op->margin_right;
	L->top = op->page_h - op->margin_top;
	L->bottom = op->margin_bottom;
	L->content_h = L->top - L->bottom;
	L->fs = op->font_size > 0 ? op->font_size : 10.5;
	L->lead = L->fs * 1.38;
	L->code_fs = L->fs * 0.86;
	L->code_lead = L->code_fs * 1.32;
	for (int f = 0; f < NFACES; f++)
		L->dev->metrics(L->dev->ctx, (enum dev_face)f, &L->asc[f], &L->desc[f]);
	L->gcache = xcalloc(NFACES, 0x800);
	L->store = (struct buf)BUF_INIT;
	L->clean = (struct buf)BUF_INIT;
	L->line_link = -1;
	L->untitled = -1;
	L->marker_face = FACE_REGULAR;
	L->qindent = number_indent(L);
	L->ans_x0 = L->x0;
	L->ans_ind = L->qindent;
	L->ans_x1 = L->x1;
}

static void
teardown(struct L *L)
{
	para_free(&L->para);
	meter_free(&L->meter);
	hyph_close(L->hyph);
	buf_free(&L->store);
	buf_free(&L->clean);
	free(L->ops);
	free(L->rows);
	free(L->bops);
	free(L->targets);
	free(L->gcache);
	for (int i = 0; i < NLISTS; i++)
		free(L->pl[i].v);
}

int
layout_document(const struct outline *o, const struct layout_opts *opts,
    const struct device *dev, struct diag *d)
{
	struct L L;
	memset(&L, 0, sizeof(L));
	L.o = o;
	L.opt = opts;
	L.dev = dev;
	L.d = d;
	if (opts->hyphenate) {
		L.hyph = hyph_open(opts->hyph_dir, o->meta.lang, d);
		if (L.hyph == NULL)
			return -1;
	}
	meter_init(&L.meter, dev);
	para_init(&L.para, &L.meter, L.hyph);
	setup(&L);
	if (L.x1 - L.x0 < L.fs * 8 || L.content_h < L.lead * 6) {
		diag_sys(d, DIAG_ERROR, "the page is too small for its margins: "
		    "%.0f x %.0f points of text", L.x1 - L.x0, L.content_h);
		teardown(&L);
		return -1;
	}
	L.where = o->root->pos;
	body(&L);
	L.section = NULL;
	if (!L.too_long) {
		L.where = o->root->pos;
		lay_title_page(&L);
	}
	if (!L.too_long)
		lay_contents(&L);
	int rc = L.too_long ? LAYOUT_TOO_LONG : lay_draw(&L);
	teardown(&L);
	return rc;
}
