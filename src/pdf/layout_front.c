/* layout_front.c: the front matter: the title page and the table of
 * contents, laid out after the body so that it knows its pages. */
#include "layout_int.h"
#include "buf.h"

#include <cmark.h>
#include <stdio.h>
#include <string.h>

static void
count_line(void *arg, const struct lb_run *runs, size_t nruns, double width)
{
	(void)runs;
	(void)nruns;
	(void)width;
	(*(int *)arg)++;
}

/* The document's description (the intro text of a markdown file) set
 * like an answer, in body text, in a centred column a little narrower
 * than the page. */
static void
description(struct L *L, double w)
{
	double x0 = L->ans_x0, ind = L->ans_ind, x1 = L->ans_x1;
	L->ans_x0 = L->x0 + w * 0.1;
	L->ans_ind = 0;
	L->ans_x1 = L->x1 - w * 0.1;
	L->ans_center = 1;
	lay_answer(L, L->o->root);
	L->ans_x0 = x0;
	L->ans_ind = ind;
	L->ans_x1 = x1;
	L->ans_center = 0;
}

void
lay_title_page(struct L *L)
{
	const struct ol_meta *m = &L->o->meta;
	const char *title = m->title ? m->title : L->o->root->text;
	double w = L->x1 - L->x0;
	L->list = FRONT;
	lay_new_page(L);
	/* The space above, set once the height is known. */
	lay_row_end(L, 0, 0);
	if (title) {
		/* A title of several lines in lines of even length, not a
		 * full line over a short one (nor a preposition left at the
		 * end of the first). */
		para_reset(&L->para, L->fs * 2.3, 0, 0);
		lay_para_text(L, FACE_BOLD, title, m->title_pos);
		int lines = 0;
		para_lines(&L->para, w, count_line, &lines);
		double tw_ = w;
		for (int i = 1; lines > 1 && i < 10; i++) {
			int k = 0;
			para_lines(&L->para, w * (1 - i * 0.05), count_line, &k);
			if (k > lines)
				break;
			tw_ = w * (1 - i * 0.05);
		}
		lay_set_para(L, L->x0 + (w - tw_) / 2, tw_, 1);
	}
	struct ol_pos none = { NULL, 0, 0 };
	lay_gap(L, L->lead * 0.5);
	lay_rule(L, L->x0 + w * 0.35, L->x1 - w * 0.35, L->lead * 0.5, 0.8f,
	    L->lead);
	if (m->subtitle) {
		lay_gap(L, L->lead * 0.3);
		lay_simple_para(L, FACE_REGULAR, L->fs * 1.4, m->subtitle, none,
		    L->x0, w, 1, 0);
	}
	struct cmark_node *desc = L->o->root->as.question.answer;
	if (desc && cmark_node_first_child(desc)) {
		lay_gap(L, L->lead * (m->subtitle ? 1.2 : 0.8));
		description(L, w);
	}
	const struct ol_labels *lb = L->o->labels;
	if (lb && L->o->nquestions > 0) {
		/* "73 вопроса · 12 разделов": what the handout holds. */
		char counts[160];
		unsigned long nq = (unsigned long)L->o->nquestions;
		unsigned long ns = (unsigned long)L->o->nsections;
		int n = snprintf(counts, sizeof(counts), "%lu %s", nq,
		    lang_plural(lb, lb->questions, nq));
		if (ns > 0 && n > 0 && (size_t)n < sizeof(counts))
			snprintf(counts + n, sizeof(counts) - (size_t)n,
			    " %s %lu %s", has(L, FACE_REGULAR, 0xB7) ? "\xC2\xB7" :
			    "-", ns, lang_plural(lb, lb->sections, ns));
		lay_gap(L, L->lead * (m->subtitle ? 0.9 : 0.3));
		size_t r0 = L->nrows;
		lay_simple_para(L, FACE_REGULAR, L->fs, counts, none, L->x0, w, 1, 0);
		for (size_t i = r0; i < L->nrows; i++)
			for (uint32_t k = 0; k < L->rows[i].nops; k++)
				L->bops[L->rows[i].op0 + k].color = C_GREY;
	}
	if (m->author) {
		lay_gap(L, L->lead * 2.5);
		lay_simple_para(L, FACE_REGULAR, L->fs * 1.15, m->author, none, L->x0,
		    w, 1, 0);
	}
	const char *date = L->opt->date_text ? L->opt->date_text : m->date;
	if (date && *date) {
		lay_gap(L, L->lead * (m->author ? 0.6 : 2.5));
		lay_simple_para(L, FACE_ITALIC, L->fs * 1.05, date, none, L->x0,
		    w, 1, 0);
	}
	/* The group a little above the middle of the page, where the eye
	 * puts the centre. */
	double h = lay_rows_height(L, 1, L->nrows, 0);
	L->rows[0].h = (float)(h < L->content_h ? (L->content_h - h) * 0.4 : 0);
	lay_place_block(L, L->nrows, L->nrows);
}

static void
toc_entry(struct L *L, size_t ti, double reserve)
{
	const struct target *t = &L->targets[ti];
	enum dev_face f = t->level == 0 ? FACE_BOLD : FACE_REGULAR;
	double x = L->x0 + t->level * L->fs * 1.5;
	double w = L->x1 - reserve - L->fs - x;
	if (t->level == 0)
		lay_gap(L, L->lead * 0.4);
	size_t r0 = L->nrows;
	struct ol_pos none = { NULL, 0, 0 };
	L->line_link = (long)ti;
	L->line_end = x;
	lay_simple_para(L, f, L->fs, lay_heading_text(L, t->node), none, x, w,
	    0, 0);
	L->line_link = -1;
	if (L->nrows == r0)
		lay_row_end(L, L->lead, 0);
	double base = baseline(L, FACE_REGULAR, L->fs, L->lead);
	/* Leaders from the end of the last line to the number. */
	double from = L->line_end + L->fs * 0.4;
	double to = L->x1 - reserve - L->fs * 0.3;
	double unit = tws(L, FACE_REGULAR, L->fs, " .");
	if (unit > 0 && to > from) {
		size_t nd = (size_t)((to - from) / unit);
		struct buf dots = BUF_INIT;
		for (size_t i = 0; i < nd; i++)
			BUF_PUTSL(&dots, " .");
		if (nd)
			lay_btext(L, FACE_REGULAR, L->fs, to - (double)nd * unit,
			    base, dots.ptr, dots.len, C_LEADER);
		buf_free(&dots);
	}
	struct op *o = lay_bop(L, OP_PAGENUM);
	o->face = (uint8_t)f;
	o->size = (float)L->fs;
	o->x = (float)L->x1;
	o->y = (float)base;
	o->arg = (int32_t)ti;
	lay_extend_last_row(L);
}

/* The contents page; none when nothing is titled (a plain list of
 * questions), rather than a page headed "Contents" and empty. */
void
lay_contents(struct L *L)
{
	size_t listed = 0;
	for (size_t i = 0; i < L->ntargets && listed == 0; i++)
		listed += L->targets[i].level >= 0;
	if (listed == 0)
		return;
	L->list = FRONT;
	lay_new_page(L);
	const char *title = L->o->labels ? L->o->labels->contents : "Contents";
	struct ol_pos none = { NULL, 0, 0 };
	lay_simple_para(L, FACE_BOLD, L->fs * 1.45, title, none, L->x0, L->x1 - L->x0,
	    0, 0);
	lay_gap(L, L->lead * 0.6);
	lay_place_block(L, L->nrows, L->nrows);
	/* Room for the widest page number the document can have. */
	size_t pages = L->pl[BODY].n + 2 + L->ntargets / 20;
	char digits[24];
	int nd = snprintf(digits, sizeof(digits), "%zu", pages);
	memset(digits, '0', (size_t)nd);
	double reserve = tw(L, FACE_BOLD, L->fs, digits, (size_t)nd);
	for (size_t i = 0; i < L->ntargets && !lay_too_long(L); i++) {
		if (L->targets[i].level < 0)
			continue;
		L->where = L->targets[i].node->pos;
		toc_entry(L, i, reserve);
		/* A section's entry stays with its first group's. */
		if (L->targets[i].level == 0 && i + 1 < L->ntargets &&
		    L->targets[i + 1].level == 1)
			continue;
		lay_place_block(L, L->nrows, L->nrows);
	}
	if (L->nrows)
		lay_place_block(L, L->nrows, L->nrows);
}
