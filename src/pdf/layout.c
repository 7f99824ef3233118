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
 * device calls).  They share layout_int.h's struct L: the geometry, read
 * only, the targets and the paragraph.  What one part alone uses is
 * defined in that part: layout_page.c's struct pages, layout_text.c's
 * struct text, layout_answer.c's walk.  This file sets the body:
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
	struct targets *ts = &L->t;
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 64;
		ts->v = xrealloc(ts->v, ts->cap * sizeof(*ts->v));
	}
	struct target *t = &ts->v[ts->n];
	memset(t, 0, sizeof(*t));
	t->node = n;
	t->level = level;
	return ts->n++;
}

static void
anchor(struct L *L, size_t target)
{
	struct op *o = lay_bop(L, OP_ANCHOR);
	o->arg = (int32_t)target;
}

/* The mark of an untitled section still to place (>= 0: its target), in
 * the row that is being built (a gap row would drop it). */
static void
untitled_anchor(struct L *L, long *untitled)
{
	if (*untitled >= 0) {
		anchor(L, (size_t)*untitled);
		*untitled = -1;
	}
}

/* The link target of a follow-up group's parent question: -1 when the
 * document does not have it (or it is not laid out yet). */
static long
parent_target(const struct L *L, const struct ol_node *n)
{
	const struct ol_node *parent = n->display.parent_question;
	long t = parent ? L->qtarget[parent->as.question.seq] : -1;
	return t >= 0 ? t : -1;
}

/* A follow-up group's secondary line («к вопросу 1») under its heading,
 * linked to the parent question when the document has it. */
void
lay_subheading(struct L *L, const struct ol_node *n)
{
	const struct geom *g = L->g;
	if (n->display.subheading == NULL)
		return;
	lay_link_lines(L, parent_target(L, n));
	lay_simple_para(L, FACE_ITALIC, g->fs, n->display.subheading, n->pos,
	    g->x0, g->x1 - g->x0, 0, 0);
	lay_link_lines(L, -1);
}

void
lay_heading_line(struct L *L, const struct ol_node *n, double size)
{
	const struct geom *g = L->g;
	para_reset(&L->para, size, 0, 0);
	lay_para_text(L, FACE_BOLD, n->display.heading, n->pos);
	if (n->display.subheading) {
		para_space(&L->para);
		lay_para_text(L, FACE_ITALIC, n->display.subheading, n->pos);
	}
	lay_link_lines(L, parent_target(L, n));
	lay_set_para(L, g->x0, g->x1 - g->x0, 0);
	lay_link_lines(L, -1);
}

/* The questions that follow-up groups name as their parent: each gets a
 * target (listed nowhere) for the link. */
static void
mark_parents(struct L *L)
{
	L->qtarget = xmalloc((L->o->nquestions + 1) * sizeof(*L->qtarget));
	for (size_t i = 0; i <= L->o->nquestions; i++)
		L->qtarget[i] = -1;
	OL_FOREACH(s, L->o->root)
		OL_FOREACH(g, s)
			if (g->display.parent_question)
				L->qtarget[g->display.parent_question->as.question.seq] = -2;
}

void
lay_heading_anchor(struct L *L, const struct ol_node *n, int level,
    long *untitled)
{
	untitled_anchor(L, untitled);
	anchor(L, new_target(L, n, level));
}

void
lay_title_anchor(struct L *L, const char *title)
{
	size_t t = new_target(L, NULL, 0);
	L->t.v[t].title = title;
	anchor(L, t);
}

/* The level of question q's bookmark: under the bookmark of its group's
 * heading, else of its section's, else at the top. */
static int
question_level(const struct ol_node *q)
{
	const struct ol_node *g = q->parent, *s = g->parent;
	if (g->display.rank >= 0)
		return g->display.rank + 1;
	return s->display.rank >= 0 ? s->display.rank + 1 : 0;
}

/* A heading of rank 0 (a titled section, or a titled group where the
 * section is untitled): large, ruled, and the running header's from
 * here on. */
static void
section_heading(struct L *L, const struct ol_node *n, long *untitled)
{
	const struct geom *g = L->g;
	if (lay_sheet_compact(L)) {
		lay_sheet_heading(L, n, 0, untitled);
		return;
	}
	lay_gap(L, g->lead * 1.4);
	lay_heading_anchor(L, n, 0, untitled);
	lay_simple_para(L, FACE_BOLD, g->fs * 1.45, n->display.heading, n->pos,
	    g->x0, g->x1 - g->x0, 0, 0);
	lay_subheading(L, n);
	lay_rule(L, g->x0, g->x1, g->lead * 0.25, 0.6f, g->lead * 0.5);
	lay_gap(L, g->lead * 0.3);
}

/* A heading of rank 1: a titled group of a titled section. */
static void
group_heading(struct L *L, const struct ol_node *g, long *untitled)
{
	if (lay_sheet_compact(L)) {
		lay_sheet_heading(L, g, 1, untitled);
		return;
	}
	lay_gap(L, L->g->lead * 0.8);
	lay_heading_anchor(L, g, 1, untitled);
	lay_simple_para(L, FACE_BOLD, L->g->fs * 1.15, g->display.heading,
	    g->pos, L->g->x0, L->g->x1 - L->g->x0, 0, 0);
	lay_subheading(L, g);
	lay_gap(L, L->g->lead * 0.3);
}

/* An untitled group has no heading, no contents line and no bookmark:
 * its questions follow the section's heading (or the document's start)
 * directly.  After other questions, the air a heading would have above
 * it sets them apart: a group's within a section, a section's where an
 * untitled section follows another.  The untitled section's mark goes
 * into the first question's first row (an empty group leaves it to the
 * next group). */
static void
untitled_group(struct L *L, const struct ol_node *g, long *untitled)
{
	const struct ol_node *s = g->parent;
	if (g->prev)
		lay_gap(L, L->g->lead * 0.8);
	else if (s->text == NULL && s->prev)
		lay_gap(L, L->g->lead * 1.4);
	if (g->first)
		untitled_anchor(L, untitled);
}

/* Sets question q's text in face f from x over width w, its number
 * hanging at xnum (on a line of its own when wider than x - xnum leaves
 * room for).  flags: QT_RAGGED, QT_NUMBER_FIRST (see layout_int.h).
 * Returns the number to show again where the question goes on over a
 * page, or NULL. */
const char *
lay_question_text(struct L *L, const struct ol_node *q, enum dev_face f,
    double xnum, double x, double w, int flags)
{
	const struct geom *g = L->g;
	int ragged = flags & QT_RAGGED;
	para_reset(&L->para, g->fs, L->opt->justify && !ragged, !ragged);
	/* The question's bookmark, which a follow-up group's reference
	 * links to too. */
	size_t t = new_target(L, q, question_level(q));
	anchor(L, t);
	if (L->qtarget[q->as.question.seq] == -2)
		L->qtarget[q->as.question.seq] = (long)t;
	/* Code in the mono face, as inline code in answers. */
	enum dev_face mono = f == FACE_BOLD ? FACE_MONO_BOLD : FACE_MONO;
	for (size_t i = 0; i < q->display.nspans; i++) {
		const struct ol_span *sp = &q->display.spans[i];
		lay_para_text(L, sp->kind == OL_SPAN_CODE ? mono : f, sp->text,
		    q->pos);
	}
	/* The number hangs in the indent, on the first line's baseline; one
	 * too wide for the indent (a narrow page) gets a line of its own. */
	const char *num = q->number && *q->number ? q->number : NULL;
	double base = baseline(L, FACE_BOLD, g->fs, g->lead);
	if (num && tws(L, FACE_BOLD, g->fs, num) > x - xnum - g->fs * 0.3) {
		lay_btext(L, FACE_BOLD, g->fs, xnum, base, num, strlen(num),
		    C_TEXT);
		lay_row_end(L, g->lead, 0);
		num = NULL;
	}
	if (num && (flags & QT_NUMBER_FIRST))
		lay_btext(L, FACE_BOLD, g->fs, xnum,
		    baseline(L, FACE_REGULAR, g->fs, g->lead), num,
		    strlen(num), C_TEXT);
	else
		lay_set_marker(L, num, xnum, FACE_BOLD);
	lay_set_para(L, x, w, 0);
	lay_set_marker(L, NULL, 0, FACE_REGULAR);
	return num;
}

/* Returns the number to show again where the question goes on over a
 * page, or NULL.  *keep: the rows that must go on one page, up to the
 * question's and two lines of its answer. */
static const char *
question(struct L *L, const struct ol_node *q, size_t *keep)
{
	const struct geom *g = L->g;
	*keep = SIZE_MAX;
	if (L->opt->mode == LAYOUT_INTERVIEWER)
		return lay_sheet_question(L, q);
	/* Bold sets questions apart from answers; a sheet of questions
	 * only reads better in the regular face. */
	int bold = L->o->nanswers > 0;
	/* Ragged and unhyphenated, as headings: a question is short, and
	 * read whole at a glance. */
	const char *num = lay_question_text(L, q,
	    bold ? FACE_BOLD : FACE_REGULAR, g->x0, g->x0 + g->qindent,
	    g->x1 - g->x0 - g->qindent, QT_RAGGED);
	if (q->as.question.answer) {
		struct column c = { g->x0, g->qindent, g->x1, 0 };
		size_t qend = lay_nrows(L);
		lay_gap(L, g->lead * 0.35);
		lay_answer(L, q, &c);
		/* An answer may go on over a page, but not right after its
		 * question. */
		*keep = lay_text_rows_end(L, qend, 2);
	}
	lay_gap(L, g->lead * 0.6);
	/* Shown again on the pages a split question continues on. */
	return num;
}

/* Space for the widest question number and a little air. */
static double
number_indent(struct L *L)
{
	const struct geom *g = L->g;
	double w = 0;
	for (const struct ol_node *q = ol_next_question(L->o, NULL); q;
	    q = ol_next_question(L->o, q))
		if (q->number) {
			double x = tws(L, FACE_BOLD, g->fs, q->number);
			if (x > w)
				w = x;
		}
	w += g->fs * 0.7;
	if (w < g->fs * 2)
		w = g->fs * 2;
	if (w > (g->x1 - g->x0) / 4)
		w = (g->x1 - g->x0) / 4;
	return w;
}

static void
body(struct L *L)
{
	lay_set_list(L, BODY);
	if (L->opt->mode == LAYOUT_INTERVIEWER)
		lay_sheet_header(L);
	size_t done = 0;
	OL_FOREACH(s, L->o->root) {
		if (lay_too_long(L))
			return;
		/* The mark of an untitled section without questions before. */
		long untitled = -1;
		if (s->display.rank == 0) {
			L->where = s->pos;
			section_heading(L, s, &untitled);
		}
		OL_FOREACH(g, s) {
			/* An untitled section ends the one before it in the
			 * running header: a target listed nowhere marks it,
			 * unless its first group's heading starts a new one. */
			if (s->display.rank < 0 && g == s->first &&
			    g->display.rank < 0)
				untitled = (long)new_target(L, s, -1);
			L->where = g->pos;
			if (g->display.rank == 0)
				section_heading(L, g, &untitled);
			else if (g->display.rank == 1)
				group_heading(L, g, &untitled);
			else
				untitled_group(L, g, &untitled);
			OL_FOREACH(q, g) {
				size_t heads = lay_nrows(L), keep;
				L->where = q->pos;
				const char *num = question(L, q, &keep);
				/* The question with its headings, and
				 * two rows of its answer at least. */
				if (keep > lay_nrows(L))
					keep = lay_nrows(L);
				lay_place_block(L, keep > heads + 2 ? keep :
				    heads + 2, num);
				progress_tick(L->d->progress, "laying out", ++done,
				    L->o->nquestions);
				if (lay_too_long(L))
					return;
			}
		}
	}
	/* Headings of empty groups at the very end. */
	if (lay_nrows(L))
		lay_place_block(L, lay_nrows(L), NULL);
	if (lay_npages(L, BODY) == 0)
		lay_new_page(L);
}

/* ---------------- entry point ---------------- */

static void
setup(struct L *L, struct geom *g)
{
	const struct layout_opts *op = L->opt;
	g->x0 = op->margin_left;
	g->x1 = op->page_w - op->margin_right;
	g->top = op->page_h - op->margin_top;
	g->bottom = op->margin_bottom;
	g->content_h = g->top - g->bottom;
	g->fs = op->font_size > 0 ? op->font_size : 10.5;
	/* The compact sheet a size smaller, to take few pages. */
	if (op->mode == LAYOUT_INTERVIEWER && op->sheet == SHEET_COMPACT)
		g->fs *= 0.9;
	g->lead = g->fs * 1.38;
	g->code_fs = g->fs * 0.86;
	g->code_lead = g->code_fs * 1.32;
	for (int f = 0; f < NFACES; f++)
		L->dev->metrics(L->dev->ctx, (enum dev_face)f, &g->asc[f],
		    &g->desc[f]);
	L->g = g;
	L->pg = lay_pages_new();
	L->tx = lay_text_new();
	/* The indent is measured in the geometry set so far. */
	g->qindent = number_indent(L);
}

static void
teardown(struct L *L, struct hyph *hy)
{
	para_free(&L->para);
	meter_free(&L->meter);
	hyph_close(hy);
	lay_pages_free(L->pg);
	lay_text_free(L->tx);
	free(L->t.v);
	free(L->qtarget);
}

int
layout_document(const struct outline *o, const struct layout_opts *opts,
    const struct device *dev, struct diag *d)
{
	struct L L;
	struct geom g;
	struct hyph *hy = NULL;
	memset(&L, 0, sizeof(L));
	memset(&g, 0, sizeof(g));
	L.o = o;
	L.opt = opts;
	L.dev = dev;
	L.d = d;
	L.script = script_of(o->meta.lang);
	L.lang = "";
	if (opts->hyphenate) {
		hy = hyph_open(opts->hyph_dir, o->meta.lang, d);
		if (hy == NULL)
			return -1;
	}
	meter_init(&L.meter, dev);
	para_init(&L.para, &L.meter, hy);
	setup(&L, &g);
	if (g.x1 - g.x0 < g.fs * 8 || g.content_h < g.lead * 6) {
		diag_sys(d, MSG_PAGE_TOO_SMALL, g.x1 - g.x0, g.content_h);
		teardown(&L, hy);
		return -1;
	}
	L.where = o->root->pos;
	mark_parents(&L);
	body(&L);
	L.where = o->root->pos;
	if (opts->mode == LAYOUT_INTERVIEWER) {
		/* A sheet opens with its own header, not a title page, and
		 * has bookmarks instead of a contents page. */
		if (!lay_too_long(&L))
			lay_sheet_end(&L);
		lay_balance(&L);
	} else {
		lay_balance(&L);
		if (!lay_too_long(&L))
			lay_title_page(&L);
		if (!lay_too_long(&L))
			lay_contents(&L);
	}
	int rc = lay_too_long(&L) ? LAYOUT_TOO_LONG : lay_draw(&L);
	teardown(&L, hy);
	return rc;
}
