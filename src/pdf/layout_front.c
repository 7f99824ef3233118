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

/* The block built, on pages, kept whole when it fits one. */
static void
place_all(struct L *L)
{
	lay_place_block(L, lay_nrows(L), NULL);
}

/* The document's description (the intro text of a markdown file) set
 * like an answer, in body text, in a centred column a little narrower
 * than the page. */
static void
description(struct L *L, double w)
{
	struct column c = { L->g->x0 + w * 0.1, 0, L->g->x1 - w * 0.1, 1 };
	lay_answer(L, L->o->root, &c);
}

/* A title or subtitle of several lines, centred, in lines of even
 * length: not a full line over a short one (nor a preposition left at
 * the end of the first), set in the narrowest column that needs no more
 * lines and no line breaking rougher than at full width. */
static void
balanced(struct L *L, enum dev_face f, double size, const char *s,
    struct ol_pos pos)
{
	const struct geom *g = L->g;
	double w = g->x1 - g->x0;
	para_reset(&L->para, size, 0, 0);
	lay_para_text(L, f, s, pos);
	int lines = 0;
	para_lines(&L->para, w, count_line, &lines);
	double tw_ = w;
	for (int i = 1; lines > 1 && i < 10; i++) {
		int k = 0;
		para_lines(&L->para, w * (1 - i * 0.05), count_line, &k);
		if (k > lines || L->para.rough)
			break;
		tw_ = w * (1 - i * 0.05);
	}
	lay_set_para(L, g->x0 + (w - tw_) / 2, tw_, 1);
}

void
lay_title_page(struct L *L)
{
	const struct geom *g = L->g;
	const struct ol_meta *m = &L->o->meta;
	const char *title = L->o->root->display.heading;
	double w = g->x1 - g->x0;
	lay_set_list(L, FRONT);
	lay_new_page(L);
	/* The space above, set once the height is known. */
	lay_row_end(L, 0, 0);
	struct ol_pos none = { NULL, 0, 0 };
	if (title)
		balanced(L, FACE_BOLD, g->fs * 2.3, title, m->title_pos);
	lay_gap(L, g->lead * 0.5);
	lay_rule(L, g->x0 + w * 0.35, g->x1 - w * 0.35, g->lead * 0.5, 0.8f,
	    g->lead);
	if (m->subtitle) {
		lay_gap(L, g->lead * 0.3);
		balanced(L, FACE_REGULAR, g->fs * 1.4, L->o->root->display.subheading, none);
	}
	struct cmark_node *desc = L->o->root->as.question.answer;
	if (desc && cmark_node_first_child(desc)) {
		lay_gap(L, g->lead * (m->subtitle ? 1.2 : 0.8));
		description(L, w);
	}
	/* "73 вопроса · 12 разделов": what the handout holds. */
	char counts[160];
	if (L->o->labels && lang_title_counts(L->o, lay_has(L, FACE_REGULAR,
	    0xB7) ? "\xC2\xB7" : "-", counts, sizeof(counts))) {
		lay_gap(L, g->lead * (m->subtitle ? 0.9 : 0.3));
		size_t r0 = lay_nrows(L);
		lay_simple_para(L, FACE_REGULAR, g->fs, counts, none, g->x0, w,
		    1, 0);
		lay_grey_rows(L, r0);
	}
	if (m->author) {
		lay_gap(L, g->lead * 2.5);
		lay_simple_para(L, FACE_REGULAR, g->fs * 1.15, m->author, none, g->x0,
		    w, 1, 0);
	}
	const char *date = L->opt->date_text ? L->opt->date_text : m->date;
	if (date && *date) {
		lay_gap(L, g->lead * (m->author ? 0.6 : 2.5));
		lay_simple_para(L, FACE_ITALIC, g->fs * 1.05, date, none, g->x0,
		    w, 1, 0);
	}
	/* The group a little above the middle of the page, where the eye
	 * puts the centre. */
	double h = lay_rows_height(L, 1, lay_nrows(L));
	lay_set_row_height(L, 0,
	    h < g->content_h ? (g->content_h - h) * 0.4 : 0);
	place_all(L);
}

static void
toc_entry(struct L *L, size_t ti, double reserve)
{
	const struct geom *g = L->g;
	const struct target *t = &L->t.v[ti];
	enum dev_face f = t->level == 0 ? FACE_BOLD : FACE_REGULAR;
	double x = g->x0 + t->level * g->fs * 1.5;
	double w = g->x1 - reserve - g->fs - x;
	if (t->level == 0)
		lay_gap(L, g->lead * 0.4);
	size_t r0 = lay_nrows(L);
	struct ol_pos none = { NULL, 0, 0 };
	lay_link_lines(L, (long)ti);
	lay_simple_para(L, f, g->fs, t->node->display.heading, none, x, w,
	    0, 0);
	lay_link_lines(L, -1);
	if (lay_nrows(L) == r0)
		lay_row_end(L, g->lead, 0);
	double base = baseline(L, FACE_REGULAR, g->fs, g->lead);
	/* Leaders from the end of the last line to the number. */
	double from = lay_line_end(L) + g->fs * 0.4;
	double to = g->x1 - reserve - g->fs * 0.3;
	double unit = tws(L, FACE_REGULAR, g->fs, " .");
	if (unit > 0 && to > from) {
		size_t nd = (size_t)((to - from) / unit);
		struct buf dots = BUF_INIT;
		for (size_t i = 0; i < nd; i++)
			BUF_PUTSL(&dots, " .");
		if (nd)
			lay_btext(L, FACE_REGULAR, g->fs, to - (double)nd * unit,
			    base, dots.ptr, dots.len, C_LEADER);
		buf_free(&dots);
	}
	struct op *o = lay_bop(L, OP_PAGENUM);
	o->face = (uint8_t)f;
	o->size = (float)g->fs;
	o->x = (float)g->x1;
	o->y = (float)base;
	o->arg = (int32_t)ti;
	lay_extend_last_row(L);
}

/* The contents page; none when nothing is titled (a plain list of
 * questions), rather than a page headed "Contents" and empty. */
void
lay_contents(struct L *L)
{
	const struct geom *g = L->g;
	size_t listed = 0;
	for (size_t i = 0; i < L->t.n; i++)
		listed += lay_listed(&L->t.v[i]);
	if (listed == 0)
		return;
	lay_set_list(L, FRONT);
	lay_new_page(L);
	const char *title = L->o->labels ? L->o->labels->contents : "Contents";
	struct ol_pos none = { NULL, 0, 0 };
	lay_simple_para(L, FACE_BOLD, g->fs * 1.45, title, none, g->x0, g->x1 - g->x0,
	    0, 0);
	lay_gap(L, g->lead * 0.6);
	place_all(L);
	/* Room for the widest page number the document can have. */
	size_t pages = lay_npages(L, BODY) + 2 + listed / 20;
	char digits[24];
	int nd = snprintf(digits, sizeof(digits), "%zu", pages);
	memset(digits, '0', (size_t)nd);
	double reserve = tw(L, FACE_BOLD, g->fs, digits, (size_t)nd);
	for (size_t i = 0; i < L->t.n && !lay_too_long(L); i++) {
		if (!lay_listed(&L->t.v[i]))
			continue;
		L->where = L->t.v[i].node->pos;
		toc_entry(L, i, reserve);
		/* A section's entry stays with its first group's. */
		size_t next = i + 1;
		while (next < L->t.n && L->t.v[next].level >= 0 &&
		    !lay_listed(&L->t.v[next]))
			next++;
		if (L->t.v[i].level == 0 && next < L->t.n &&
		    L->t.v[next].level == 1)
			continue;
		place_all(L);
	}
	if (lay_nrows(L))
		place_all(L);
}
