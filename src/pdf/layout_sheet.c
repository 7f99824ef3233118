/* layout_sheet.c: the interviewer's sheet (pdf.mode=interviewer): a
 * header block with the fields to fill in, each question with an "asked"
 * box, a 0-3 score row, its answer's key points in small type and ruled
 * note lines, a score summary table at the end and, when asked for, an
 * answer key at the back.  The compact variant sets it smaller, with
 * headings that take one line, so that a sheet of 70-odd questions fits
 * on a few pages. */
#include "layout_int.h"
#include "answer_walk.h"
#include "buf.h"

#include <cmark.h>
#include <stdio.h>
#include <string.h>

static const struct ol_labels *
labels(const struct L *L)
{
	return L->o->labels ? L->o->labels : lang_labels(L->o->meta.lang);
}

int
lay_sheet_compact(const struct L *L)
{
	return L->opt->mode == LAYOUT_INTERVIEWER &&
	    L->opt->sheet == SHEET_COMPACT;
}

/* ---------------- boxes ---------------- */

/* The side of a box: a little under the type's height, large enough to
 * tick with a pen. */
static double
box_side(const struct L *L)
{
	return L->g->fs * 0.95;
}

static double
box_gap(const struct L *L)
{
	return L->g->fs * 0.3;
}

/* How far above the baseline a box standing on a line of text starts:
 * it sits a little below the baseline, as a capital's height does not. */
static double
box_rise(const struct L *L)
{
	return box_side(L) * 0.84;
}

/* An outlined box in the row being built, its top y below the row top. */
static void
box(struct L *L, double x, double y, double w, double h, enum color c)
{
	struct op *o = lay_bop(L, OP_BOX);
	o->x = (float)x;
	o->y = (float)y;
	o->w = (float)w;
	o->h = (float)h;
	o->size = 0.6f;
	o->color = (uint8_t)c;
}

static double
score_width(const struct L *L)
{
	return 4 * box_side(L) + 3 * box_gap(L);
}

/* Four boxes labelled 0 1 2 3 from x, their tops y below the row top:
 * the interviewer crosses one. */
static void
score_row(struct L *L, double x, double y)
{
	double s = box_side(L), ds = L->g->fs * 0.6;
	double base = y + (s + L->g->asc[FACE_REGULAR] * ds) / 2;
	for (int i = 0; i < 4; i++) {
		char d = (char)('0' + i);
		double bx = x + i * (s + box_gap(L));
		box(L, bx, y, s, s, C_RULE);
		lay_btext(L, FACE_REGULAR, ds,
		    bx + (s - tw(L, FACE_REGULAR, ds, &d, 1)) / 2, base, &d, 1,
		    C_GREY);
	}
}

/* ---------------- the header ---------------- */

/* A field to write on: its label in face f and colour c, then a line up
 * to x1. */
static void
field(struct L *L, enum dev_face f, enum color c, const char *label, double x0,
    double x1, double base)
{
	const struct geom *g = L->g;
	double w = tws(L, f, g->fs, label);
	lay_btext(L, f, g->fs, x0, base, label, strlen(label), c);
	struct op *o = lay_bop(L, OP_LINE);
	o->x = (float)(x0 + w + g->fs * 0.5);
	o->w = (float)x1;
	o->y = o->h = (float)(base + g->fs * 0.2);
	o->size = 0.5f;
	o->color = C_RULE;
}

/* A row of two fields, as on a form. */
static void
field_row(struct L *L, const char *a, const char *b)
{
	const struct geom *g = L->g;
	double mid = (g->x0 + g->x1) / 2, h = g->lead * 2;
	double base = h - g->lead * 0.45;
	field(L, FACE_REGULAR, C_GREY, a, g->x0, mid - g->fs, base);
	field(L, FACE_REGULAR, C_GREY, b, mid + g->fs, g->x1, base);
	lay_row_end(L, h, 0);
}

/* What the boxes mean: the asked box and its label, the score row, and
 * the scale after it, in small grey type (wrapped beside the boxes on a
 * narrow page). */
static void
legend(struct L *L)
{
	const struct geom *g = L->g;
	const struct ol_labels *lb = labels(L);
	struct ol_pos none = { NULL, 0, 0 };
	double size = g->fs * 0.8;
	double base = baseline(L, FACE_REGULAR, size, g->lead * 0.8);
	double top = base - box_rise(L);
	double x = g->x0;
	size_t r0 = lay_nrows(L);
	/* The boxes and the label go in the row of the scale's first line. */
	box(L, x, top, box_side(L), box_side(L), C_GREY);
	x += box_side(L) + box_gap(L);
	const struct buf *c = lay_clean_text(L, FACE_REGULAR, lb->asked,
	    strlen(lb->asked), none);
	lay_btext(L, FACE_REGULAR, size, x, base, c->ptr, c->len, C_GREY);
	x += tw(L, FACE_REGULAR, size, c->ptr, c->len) + g->fs * 1.5;
	score_row(L, x, top);
	x += score_width(L) + box_gap(L) * 2;
	struct buf t = BUF_INIT;
	buf_printf(&t, "%s: %s", lb->score, lb->score_scale);
	lay_simple_para(L, FACE_REGULAR, size, t.ptr, none, x, g->x1 - x, 0,
	    0);
	buf_free(&t);
	lay_grey_rows(L, r0);
}

void
lay_sheet_header(struct L *L)
{
	const struct geom *g = L->g;
	const struct ol_labels *lb = labels(L);
	struct ol_pos none = { NULL, 0, 0 };
	double w = g->x1 - g->x0;
	lay_simple_para(L, FACE_BOLD, g->fs * 1.45, lb->sheet, none, g->x0, w,
	    0, 0);
	const char *title = L->o->root->display.heading;
	if (title)
		lay_simple_para(L, FACE_REGULAR, g->fs * 1.1, title,
		    L->o->meta.title_pos, g->x0, w, 0, 0);
	lay_gap(L, g->lead * 0.2);
	field_row(L, lb->candidate, lb->date);
	field_row(L, lb->role, lb->interviewer);
	lay_gap(L, g->lead * 0.6);
	legend(L);
	lay_rule(L, g->x0, g->x1, g->lead * 0.4, 0.6f, g->lead * 0.6);
	lay_place_block(L, lay_nrows(L), NULL);
}

/* ---------------- compact headings ---------------- */

void
lay_sheet_heading(struct L *L, const struct ol_node *n, int rank,
    long *untitled)
{
	const struct geom *g = L->g;
	lay_gap(L, g->lead * (rank == 0 ? 0.8 : 0.25));
	lay_heading_anchor(L, n, rank, untitled);
	lay_heading_line(L, n, g->fs * (rank == 0 ? 1.15 : 0.95));
	if (rank == 0)
		lay_rule(L, g->x0, g->x1, g->lead * 0.15, 0.5f, g->lead * 0.3);
}

/* ---------------- key points ---------------- */

/* A point of the key: the lead-in of a list item (its bold start) or
 * its first sentence, in runs of faces.  A point has few runs; past
 * MAXRUNS the rest goes on in the last run's face. */
enum { MAXRUNS = 16 };

struct point {
	struct buf text;
	size_t end[MAXRUNS];
	uint8_t face[MAXRUNS];
	int n;
};

static void
point_add(struct point *p, enum dev_face f, const char *s, size_t len)
{
	if (p->n == 0 || (p->face[p->n - 1] != f && p->n < MAXRUNS))
		p->face[p->n++] = (uint8_t)f;
	buf_put(&p->text, s, len);
	p->end[p->n - 1] = p->text.len;
}

enum kstate { K_NONE, K_PARA, K_LEAD, K_SENTENCE };

/* Where the walk of an answer for its key points is. */
struct keywalk {
	const struct ol_node *q;
	enum kstate state;
	int have_para;     /* the first paragraph is in */
	int item;          /* 0 outside a top-level item; 1 before its first
	                    * paragraph, 2 in it, 3 after */
	int first_inline;  /* nothing of the item's paragraph seen yet */
	int npoints;
	struct point pt;
};

/* The point into the paragraph, without its closing '.' or ':' (the
 * points are joined by a middle dot). */
static void
point_end(struct L *L, struct keywalk *K)
{
	struct point *p = &K->pt;
	while (p->text.len > 0 && strchr(".:; ", p->text.ptr[p->text.len - 1]))
		p->text.len--;
	if (p->text.len > 0) {
		if (K->npoints++ > 0) {
			const char *sep = lay_has(L, FACE_REGULAR, 0xB7) ?
			    " \xC2\xB7 " : " - ";
			para_add(&L->para, FACE_REGULAR, sep, strlen(sep));
		} else if (K->have_para)
			para_break(&L->para);
		size_t from = 0;
		for (int i = 0; i < p->n && from < p->text.len; i++) {
			size_t to = p->end[i] < p->text.len ? p->end[i] :
			    p->text.len;
			if (i == p->n - 1)
				to = p->text.len;
			const struct buf *c = lay_clean_text(L,
			    (enum dev_face)p->face[i], p->text.ptr + from,
			    to - from, K->q->pos);
			para_add(&L->para, (enum dev_face)p->face[i], c->ptr,
			    c->len);
			from = to;
		}
	}
	buf_clear(&p->text);
	p->n = 0;
	K->state = K_NONE;
	K->item = 3;
}

/* A literal of the first paragraph or of a point. */
static void
key_text(struct L *L, struct keywalk *K, enum dev_face f, const char *s)
{
	if (K->state == K_PARA) {
		lay_para_text(L, f, s, K->q->pos);
		return;
	}
	size_t len = strlen(s);
	const char *stop = NULL;
	if (K->state == K_SENTENCE && f == FACE_REGULAR) {
		/* The first sentence: up to ". " or "; ". */
		for (const char *p = s; p + 1 < s + len && !stop; p++)
			if ((*p == '.' || *p == ';') && p[1] == ' ')
				stop = p + 1;
	}
	point_add(&K->pt, f, s, stop ? (size_t)(stop - s) : len);
	if (stop)
		point_end(L, K);
}

static void
key_step(struct L *L, struct keywalk *K, const struct aw_step *s)
{
	int in_item_para = K->item == 2;
	switch (s->type) {
	case CMARK_NODE_PARAGRAPH:
		if (s->enter && s->depth == 1 && !K->have_para &&
		    K->npoints == 0)
			K->state = K_PARA;
		else if (!s->enter && s->depth == 1 && K->state == K_PARA) {
			K->have_para = 1;
			K->state = K_NONE;
		} else if (s->enter && s->depth == 3 && K->item == 1) {
			K->item = 2;
			K->first_inline = 1;
			K->state = K_SENTENCE;
		} else if (!s->enter && s->depth == 3 && in_item_para)
			point_end(L, K);
		return;
	case CMARK_NODE_ITEM:
		if (s->depth == 2) {
			if (!s->enter && K->item == 2)
				point_end(L, K);
			K->item = s->enter ? 1 : 0;
		}
		return;
	case CMARK_NODE_STRONG:
		if (s->enter && in_item_para && K->first_inline)
			K->state = K_LEAD;
		else if (!s->enter && K->state == K_LEAD)
			point_end(L, K);
		break;
	case CMARK_NODE_TEXT:
		if (K->state != K_NONE)
			key_text(L, K, FACE_REGULAR, s->literal);
		break;
	case CMARK_NODE_CODE:
		if (K->state != K_NONE)
			key_text(L, K, FACE_MONO, s->literal);
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		if (K->state == K_PARA)
			para_space(&L->para);
		else if (K->state != K_NONE)
			point_add(&K->pt, FACE_REGULAR, " ", 1);
		break;
	default:
		break;
	}
	if (in_item_para)
		K->first_inline = 0;
}

/* Question q's key points (the first paragraph of its answer and the
 * lead-in or first sentence of each item of its top-level lists) into
 * the paragraph, at size; whether there are any. */
static int
key_points(struct L *L, const struct ol_node *q, double size)
{
	struct answer_walk w;
	const struct aw_step *s;
	struct keywalk K;
	memset(&K, 0, sizeof(K));
	K.q = q;
	K.pt.text = (struct buf)BUF_INIT;
	para_reset(&L->para, size, 0, 1);
	aw_start(&w, q->as.question.answer, typo_lang_of(q->display.lang));
	while ((s = aw_next(&w)) != NULL)
		key_step(L, &K, s);
	aw_end(&w);
	buf_free(&K.pt.text);
	return K.have_para || K.npoints > 0 || K.state == K_PARA;
}

static double
key_size(const struct L *L)
{
	return L->g->fs * 0.8;
}

/* The key points set in grey from x to x1. */
static void
key_para(struct L *L, const struct ol_node *q, double x, double x1)
{
	size_t r0 = lay_nrows(L);
	if (!key_points(L, q, key_size(L)))
		return;
	lay_set_para(L, x, x1 - x, 0);
	lay_grey_rows(L, r0);
}

/* ---------------- questions ---------------- */

/* The space between two note lines: room to write by hand, which does
 * not grow with the type: 6 mm on the compact sheet (a line of the type
 * if that is more), 1.6 lines of the type on the full one. */
static double
note_pitch(const struct L *L)
{
	double mm6 = 6 * 72 / 25.4;
	if (lay_sheet_compact(L))
		return L->g->lead > mm6 ? L->g->lead : mm6;
	return L->g->lead * 1.6;
}

/* Ruled note lines from x to x1 in rows of their own. */
static void
note_lines(struct L *L, double x, double x1)
{
	double h = note_pitch(L);
	for (int i = 0; i < L->opt->note_lines; i++) {
		if (L->opt->note_blank)
			lay_row_end(L, h, 0);
		else
			lay_rule(L, x, x1, h - 2, 0.4f, h);
	}
}

/* Compact: the note lines beside the question, from x to x1, drawn
 * from the top of the question's first row (the row being built); the
 * rows after it make the room (see pad_rows). */
static void
side_note_lines(struct L *L, double x, double x1)
{
	double h = note_pitch(L);
	for (int i = 0; i < L->opt->note_lines && !L->opt->note_blank; i++) {
		struct op *o = lay_bop(L, OP_LINE);
		o->x = (float)x;
		o->w = (float)x1;
		o->y = o->h = (float)((i + 1) * h - 2);
		o->size = 0.4f;
		o->color = C_RULE;
	}
}

/* Rows from r0 on made at least h high in all, by a last row. */
static void
pad_rows(struct L *L, size_t r0, double h)
{
	double have = lay_rows_height(L, r0, lay_nrows(L));
	if (have < h - 1e-3)
		lay_row_end(L, h - have, 0);
}

/* The number's column: right of the asked box. */
static double
number_x(const struct L *L)
{
	return L->g->x0 + box_side(L) + box_gap(L) * 2;
}

/* Where the compact sheet's question column ends and its notes begin:
 * a little over half the room between the number and the score row. */
static double
notes_x(double x, double right)
{
	return x + (right - x) * 0.56;
}

const char *
lay_sheet_question(struct L *L, const struct ol_node *q)
{
	const struct geom *g = L->g;
	int compact = lay_sheet_compact(L);
	int key = L->opt->key == KEY_INLINE && q->as.question.answer;
	double base = baseline(L, FACE_REGULAR, g->fs, g->lead);
	double xnum = number_x(L), x = xnum + g->qindent;
	double right = g->x1 - score_width(L) - g->fs;
	/* The notes beside the question while that leaves its column some
	 * 35 characters; on a narrow page they go under it. */
	int side = compact && L->opt->note_lines > 0 &&
	    notes_x(x, right) - x >= g->fs * 20;
	double xq = side ? notes_x(x, right) : right;
	size_t r0 = lay_nrows(L), o0 = lay_nops(L);
	/* The boxes (and in the compact sheet the note lines) go in the
	 * row of the question's first line, drawn after the question's
	 * text: the score row's digits are read after it. */
	box(L, g->x0, base - box_rise(L), box_side(L), box_side(L), C_GREY);
	score_row(L, g->x1 - score_width(L), base - box_rise(L));
	if (side)
		side_note_lines(L, xq + g->fs, right);
	size_t nbeside = lay_nops(L) - o0;
	/* With key points under them, questions stand out in bold (all of
	 * them, those without an answer too). */
	int bold = L->opt->key == KEY_INLINE && L->o->nanswers > 0;
	const char *num = lay_question_text(L, q,
	    bold ? FACE_BOLD : FACE_REGULAR, xnum, x, xq - x,
	    QT_RAGGED | QT_NUMBER_FIRST);
	lay_defer_ops(L, r0, o0, nbeside);
	if (key) {
		lay_gap(L, g->lead * 0.1);
		key_para(L, q, x, compact ? xq : g->x1);
	}
	if (side)
		pad_rows(L, r0, note_pitch(L) * L->opt->note_lines);
	else if (L->opt->note_lines > 0) {
		lay_gap(L, g->lead * 0.1);
		note_lines(L, x, g->x1);
	}
	lay_gap(L, g->lead * (compact ? 0.4 : 0.6));
	return num;
}

/* ---------------- the score summary ---------------- */

/* The table's columns: the row's name, then three of width col. */
struct table {
	double col, x_count, x_asked, x_score;
};

static void
table_geom(const struct L *L, struct table *t)
{
	t->col = L->g->fs * 6;
	t->x_score = L->g->x1 - t->col;
	t->x_asked = t->x_score - t->col;
	t->x_count = t->x_asked - t->col;
}

/* Text right-aligned at x on the row's baseline. */
static void
text_right(struct L *L, enum dev_face f, double size, double x, double base,
    const char *s, enum color c)
{
	lay_btext(L, f, size, x - tws(L, f, size, s), base, s, strlen(s), c);
}

/* A row: its name, the number of questions, and two cells to fill in:
 * how many were asked, and the score out of three a question. */
static void
table_row(struct L *L, const struct table *t, const char *name,
    struct ol_pos pos, size_t nq, enum dev_face f)
{
	const struct geom *g = L->g;
	double h = g->lead * 1.5, pad = g->fs * 0.4;
	double base = (h + g->asc[f] * g->fs) / 2;
	char num[32], max[40];
	snprintf(num, sizeof(num), "%zu", nq);
	snprintf(max, sizeof(max), "/ %zu", nq * 3);
	/* The name in one line, cut with an ellipsis when too long; drawn
	 * first, so that text extraction reads the row in order. */
	const struct buf *c = lay_clean_text(L, f, name, strlen(name), pos);
	double avail = t->x_count - g->x0 - pad;
	const char *ell = lay_has(L, f, 0x2026) ? "\xE2\x80\xA6" : "...";
	size_t n = c->len;
	if (tw(L, f, g->fs, c->ptr, c->len) > avail)
		n = fit_prefix(L, f, g->fs, c->ptr, c->len,
		    tws(L, f, g->fs, ell), avail);
	lay_btext(L, f, g->fs, g->x0, base, c->ptr, n, C_TEXT);
	if (n < c->len)
		lay_btext(L, f, g->fs, g->x0 + tw(L, f, g->fs, c->ptr, n), base,
		    ell, strlen(ell), C_TEXT);
	text_right(L, f, g->fs, t->x_count + t->col - pad * 2, base, num,
	    C_TEXT);
	box(L, t->x_asked + pad, g->lead * 0.15, t->col - pad * 2,
	    h - g->lead * 0.3, C_RULE);
	box(L, t->x_score + pad, g->lead * 0.15, t->col - pad * 2,
	    h - g->lead * 0.3, C_RULE);
	text_right(L, FACE_REGULAR, g->fs * 0.8, g->x1 - pad * 2, base, max,
	    C_GREY);
	lay_row_end(L, h, 0);
	lay_rule(L, g->x0, g->x1, 0, 0.3f, 0);
}

static size_t
count_questions(const struct ol_node *n)
{
	if (n->kind == OL_GROUP)
		return n->nchildren;
	size_t k = 0;
	OL_FOREACH(c, n)
		k += count_questions(c);
	return k;
}

/* One row per heading of rank 0: a titled section, or a titled group
 * of an untitled section; the untitled groups of an untitled section
 * between them have a row under the section's label, in their place. */
static void
table_rows(struct L *L, const struct table *t)
{
	const struct ol_labels *lb = labels(L);
	OL_FOREACH(s, L->o->root) {
		if (s->display.rank == 0 || s->text) {
			size_t n = count_questions(s);
			if (n)
				table_row(L, t, s->display.heading, s->pos, n,
				    FACE_REGULAR);
			continue;
		}
		const char *label = s->display.label ? s->display.label :
		    lb->general;
		size_t rest = 0;
		OL_FOREACH(g, s) {
			if (g->display.rank != 0) {
				rest += g->nchildren;
				continue;
			}
			if (rest)
				table_row(L, t, label, s->pos, rest,
				    FACE_REGULAR);
			rest = 0;
			if (g->nchildren)
				table_row(L, t, g->display.heading, g->pos,
				    g->nchildren, FACE_REGULAR);
		}
		if (rest)
			table_row(L, t, label, s->pos, rest, FACE_REGULAR);
	}
}

/* The table's head: the columns' names, small, over their columns. */
static void
table_head(struct L *L, const struct table *t)
{
	const struct geom *g = L->g;
	const struct ol_labels *lb = labels(L);
	double size = g->fs * 0.8, base = baseline(L, FACE_REGULAR, size,
	    g->lead), pad = g->fs * 0.4;
	const char *names[3] = { lb->questions[2], lb->asked, lb->score };
	double xs[3] = { t->x_count, t->x_asked, t->x_score };
	for (int i = 0; i < 3; i++)
		text_right(L, FACE_REGULAR, size, xs[i] + t->col - pad * 2, base,
		    names[i], C_GREY);
	lay_row_end(L, g->lead, 0);
	lay_rule(L, g->x0, g->x1, 0, 0.6f, 0);
}

/* Two ruled lines to write the verdict on, after its label. */
static void
verdict(struct L *L)
{
	const struct geom *g = L->g;
	const struct ol_labels *lb = labels(L);
	double h = g->lead * 2, base = h - g->lead * 0.45;
	field(L, FACE_BOLD, C_TEXT, lb->verdict, g->x0, g->x1, base);
	lay_row_end(L, h, 0);
	lay_rule(L, g->x0, g->x1, g->lead * 1.8, 0.5f, g->lead * 2);
}

static void
summary(struct L *L)
{
	const struct geom *g = L->g;
	const struct ol_labels *lb = labels(L);
	struct ol_pos none = { NULL, 0, 0 };
	struct table t;
	table_geom(L, &t);
	lay_gap(L, g->lead * 1.4);
	lay_title_anchor(L, lb->summary);
	lay_simple_para(L, FACE_BOLD, g->fs * 1.15, lb->summary, none, g->x0,
	    g->x1 - g->x0, 0, 0);
	lay_gap(L, g->lead * 0.3);
	table_head(L, &t);
	table_rows(L, &t);
	table_row(L, &t, lb->total, none, L->o->nquestions, FACE_BOLD);
	lay_gap(L, g->lead * 0.6);
	verdict(L);
	lay_place_block(L, lay_nrows(L), NULL);
}

/* ---------------- the answer key ---------------- */

static void
answer_key(struct L *L)
{
	const struct geom *g = L->g;
	const struct ol_labels *lb = labels(L);
	struct ol_pos none = { NULL, 0, 0 };
	/* A page of its own, under no section's running header. */
	lay_set_list(L, BODY);
	lay_new_page(L);
	lay_title_anchor(L, lb->answer_key);
	lay_simple_para(L, FACE_BOLD, g->fs * 1.15, lb->answer_key, none,
	    g->x0, g->x1 - g->x0, 0, 0);
	lay_gap(L, g->lead * 0.4);
	double x = g->x0 + g->qindent;
	for (const struct ol_node *q = ol_next_question(L->o, NULL);
	    q && !lay_too_long(L); q = ol_next_question(L->o, q)) {
		if (q->as.question.answer == NULL)
			continue;
		L->where = q->pos;
		if (!key_points(L, q, key_size(L)))
			continue;
		lay_set_marker(L, q->number, g->x0, FACE_BOLD);
		lay_set_para(L, x, g->x1 - x, 0);
		lay_set_marker(L, NULL, 0, FACE_REGULAR);
		lay_gap(L, g->lead * 0.3);
		lay_place_block(L, lay_nrows(L), NULL);
	}
}

void
lay_sheet_end(struct L *L)
{
	/* Pages from here on belong to no section. */
	lay_set_list(L, BODY);
	summary(L);
	if (L->opt->key == KEY_BACK && L->o->nanswers > 0 && !lay_too_long(L))
		answer_key(L);
}
