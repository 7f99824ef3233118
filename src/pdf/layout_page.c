/* layout_page.c: the page model.  Content is first built as a block of
 * rows (a line of text, a line of code with its background, a gap) whose
 * operations are placed relative to the row; a block is then put on
 * pages row by row, the page breaks planned first so that rows kept
 * together stay on one page: a heading with what follows, a question
 * with the first two lines of its answer, the first two and the last two
 * lines of a paragraph (no orphan, no widow).  Gaps at the top of a page
 * are dropped.  At the end a last page left with one line takes lines
 * from the page before. */
#include "layout_int.h"
#include "diag.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct row {
	float h;
	uint32_t op0, nops;  /* in the block's ops */
	uint8_t discard;     /* a gap: dropped at the top of a page */
	uint8_t keep;        /* no page break right after it */
	uint8_t brk;         /* planned: a new page before it */
	uint8_t ok;          /* planned: a page may break before it */
};

/* A row as placed on the last two pages, for balancing the last. */
struct prow {
	size_t op;           /* its first operation in the placed ones */
	float y;             /* its top, below the content top */
	uint8_t ok;          /* a page may break before it */
	uint8_t text;        /* it holds text: a line */
	const struct ol_node *section;  /* under way before it */
};

struct prows {
	struct prow *v;
	size_t n, cap;
	float end;           /* the page's y after its last row */
	size_t cont_op;      /* the number shown again on it, or SIZE_MAX */
};

struct pagelist {
	struct page *v;
	size_t n, cap;
};

struct pages {
	/* Placed operations and their text. */
	struct buf store;
	struct op *ops;
	size_t nops, capops;
	struct pagelist pl[NLISTS];
	int list;            /* where placement goes */
	double y;            /* distance of the cursor below the content top */
	const struct ol_node *section;
	/* The rows placed on the current page (pr[cur]) and the one
	 * before. */
	struct prows pr[2];
	int cur;

	/* The block being built. */
	struct row *rows;
	size_t nrows, caprows;
	struct op *bops;
	size_t nbops, capbops;
	uint32_t row_op0;

	/* QBIND_MAX_PAGES: the height of the block's rows that are not
	 * gaps, and once the document is past the cap, too_long, after
	 * which nothing more is kept (see lay_too_long). */
	double block_h;
	int too_long;
};

struct pages *
lay_pages_new(void)
{
	struct pages *P = xcalloc(1, sizeof(*P));
	P->store = (struct buf)BUF_INIT;
	return P;
}

void
lay_pages_free(struct pages *P)
{
	buf_free(&P->store);
	free(P->ops);
	free(P->rows);
	free(P->bops);
	free(P->pr[0].v);
	free(P->pr[1].v);
	for (int i = 0; i < NLISTS; i++)
		free(P->pl[i].v);
	free(P);
}

void
lay_set_list(struct L *L, int list)
{
	L->pg->list = list;
	L->pg->section = NULL;
}

/* Operations keep 32-bit offsets to stay small; 4 GB of drawn text is
 * past what the memory of any machine qbind runs on would hold anyway. */
static uint32_t
store_text(struct L *L, const char *s, size_t len)
{
	struct pages *P = L->pg;
	if (P->too_long)
		return 0;
	if (P->store.len + len > UINT32_MAX)
		xalloc_die(len);
	uint32_t off = (uint32_t)P->store.len;
	buf_put(&P->store, s, len);
	return off;
}

static void
set_too_long(struct L *L)
{
	struct pages *P = L->pg;
	if (P->too_long)
		return;
	P->too_long = 1;
	if (L->where.file)
		diag_msg(L->d, MSG_TOO_MANY_PAGES, L->where.file, L->where.line,
		    L->where.col, QBIND_MAX_PAGES, QBIND_MAX_PAGES);
	else
		diag_sys(L->d, MSG_TOO_MANY_PAGES, QBIND_MAX_PAGES,
		    QBIND_MAX_PAGES);
}

int
lay_too_long(const struct L *L)
{
	return L->pg->too_long;
}

struct op *
lay_bop(struct L *L, enum op_kind k)
{
	struct pages *P = L->pg;
	if (P->too_long)
		P->nbops = P->row_op0 = 0;
	if (P->nbops == P->capbops) {
		P->capbops = P->capbops ? P->capbops * 2 : 256;
		P->bops = xrealloc(P->bops, P->capbops * sizeof(*P->bops));
	}
	struct op *o = &P->bops[P->nbops++];
	memset(o, 0, sizeof(*o));
	o->kind = (uint8_t)k;
	return o;
}

/* Ends a row of height h holding the operations added since the last. */
void
lay_row_end(struct L *L, double h, int discard)
{
	struct pages *P = L->pg;
	if (P->too_long)
		P->nrows = 0;
	/* A block needs at least its height over a page's worth of pages
	 * (less one for the room left on the current page): past the cap
	 * by that much, it is past it for good, and building the rest of
	 * a block of a million rows would only cost memory. */
	if (!discard) {
		P->block_h += h;
		double pages = (double)(P->pl[FRONT].n + P->pl[BODY].n);
		if (pages + P->block_h / L->g->content_h > QBIND_MAX_PAGES + 1.0)
			set_too_long(L);
	}
	if (P->nrows == P->caprows) {
		P->caprows = P->caprows ? P->caprows * 2 : 64;
		P->rows = xrealloc(P->rows, P->caprows * sizeof(*P->rows));
	}
	struct row *r = &P->rows[P->nrows++];
	r->h = (float)h;
	r->op0 = P->row_op0;
	r->nops = (uint32_t)P->nbops - P->row_op0;
	r->discard = (uint8_t)discard;
	r->keep = r->brk = r->ok = 0;
	P->row_op0 = (uint32_t)P->nbops;
}

void
lay_keep_rows(struct L *L, size_t a, size_t b)
{
	struct pages *P = L->pg;
	for (size_t i = a; i + 1 < b && i < P->nrows; i++)
		P->rows[i].keep = 1;
}

void
lay_defer_ops(struct L *L, size_t a, size_t o0, size_t n)
{
	struct pages *P = L->pg;
	size_t last = P->nrows - 1;
	if (P->too_long || n == 0 || P->nrows == 0 || a > last ||
	    P->rows[a].op0 != o0 || n > P->rows[a].nops ||
	    P->row_op0 != P->nbops)
		return;
	/* Where row last's top lies below row a's; rows that may not go on
	 * one page keep the operations where they are. */
	double dy = 0;
	for (size_t i = a; i < last; i++)
		dy += P->rows[i].h;
	if (dy + P->rows[last].h > L->g->content_h / 2)
		return;
	lay_keep_rows(L, a, last + 1);
	struct op *tmp = xmalloc(n * sizeof(*tmp));
	struct op *from = &P->bops[P->rows[a].op0];
	memcpy(tmp, from, n * sizeof(*tmp));
	memmove(from, from + n,
	    (P->nbops - P->rows[a].op0 - n) * sizeof(*tmp));
	memcpy(&P->bops[P->nbops - n], tmp, n * sizeof(*tmp));
	free(tmp);
	P->rows[a].nops -= (uint32_t)n;
	for (size_t i = a + 1; i <= last; i++)
		P->rows[i].op0 -= (uint32_t)n;
	P->rows[last].nops += (uint32_t)n;
	for (size_t k = P->nbops - n; k < P->nbops; k++) {
		struct op *o = &P->bops[k];
		o->y -= (float)dy;
		if (o->kind == OP_LINE)
			o->h -= (float)dy;
	}
}

static int
row_has_text(const struct pages *P, const struct row *r)
{
	for (uint32_t k = 0; k < r->nops; k++)
		if (P->bops[r->op0 + k].kind == OP_TEXT)
			return 1;
	return 0;
}

size_t
lay_text_rows_end(const struct L *L, size_t from, size_t nlines)
{
	const struct pages *P = L->pg;
	size_t i = from;
	for (; i < P->nrows && nlines > 0; i++)
		nlines -= row_has_text(P, &P->rows[i]);
	return i;
}

void
lay_gap(struct L *L, double h)
{
	lay_row_end(L, h, 1);
}

static void
block_reset(struct L *L)
{
	struct pages *P = L->pg;
	P->nrows = 0;
	P->nbops = 0;
	P->row_op0 = 0;
	P->block_h = 0;
}

/* Text in a row: x absolute, baseline dy below the row top. */
void
lay_btext(struct L *L, enum dev_face f, double size, double x, double dy,
    const char *s, size_t len, enum color c)
{
	struct op *o = lay_bop(L, OP_TEXT);
	o->face = (uint8_t)f;
	o->size = (float)size;
	o->x = (float)x;
	o->y = (float)dy;
	o->off = store_text(L, s, len);
	o->len = (uint32_t)len;
	o->color = (uint8_t)c;
}

void
lay_rule(struct L *L, double xa, double xb, double y, float thick, double h)
{
	struct op *o = lay_bop(L, OP_LINE);
	o->x = (float)xa;
	o->w = (float)xb;
	o->y = o->h = (float)y;
	o->size = thick;
	o->color = C_RULE;
	lay_row_end(L, h, 0);
}

/* Adds operations to the row that was ended last. */
void
lay_extend_last_row(struct L *L)
{
	struct pages *P = L->pg;
	struct row *r = &P->rows[P->nrows - 1];
	r->nops = (uint32_t)P->nbops - r->op0;
	P->row_op0 = (uint32_t)P->nbops;
}

static struct page *
cur_page(struct L *L)
{
	struct pages *P = L->pg;
	struct pagelist *pl = &P->pl[P->list];
	return pl->n ? &pl->v[pl->n - 1] : NULL;
}

struct page *
lay_new_page(struct L *L)
{
	struct pages *P = L->pg;
	struct pagelist *pl = &P->pl[P->list];
	if (P->pl[FRONT].n + P->pl[BODY].n >= QBIND_MAX_PAGES)
		set_too_long(L);
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? pl->cap * 2 : 64;
		pl->v = xrealloc(pl->v, pl->cap * sizeof(*pl->v));
	}
	struct page *p = &pl->v[pl->n++];
	/* clang-analyzer takes a path where v is NULL with cap > 0; v is
	 * allocated whenever cap is. */
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
	p->op0 = P->nops;
	p->nops = 0;
	p->section = P->section;
	p->opens_section = 0;
	if (P->list == BODY) {
		P->pr[P->cur].end = (float)P->y;
		P->cur = !P->cur;
		P->pr[P->cur].n = 0;
		P->pr[P->cur].cont_op = SIZE_MAX;
	}
	P->y = 0;
	return p;
}

/* Puts src on page p, the current one. */
static void
place_op(struct L *L, struct page *p, const struct op *src, double row_top)
{
	struct pages *P = L->pg;
	if (P->nops == P->capops) {
		P->capops = P->capops ? P->capops * 2 : 1024;
		P->ops = xrealloc(P->ops, P->capops * sizeof(*P->ops));
	}
	struct op *o = &P->ops[P->nops++];
	*o = *src;
	/* Row-relative heights below the row top become page coordinates. */
	o->y = (float)(row_top - src->y);
	if (src->kind == OP_LINE)
		o->h = (float)(row_top - src->h);
	if (src->kind == OP_RECT || src->kind == OP_LINK ||
	    src->kind == OP_URI || src->kind == OP_BOX)
		o->y = (float)(row_top - src->y - src->h);
	p->nops++;
	if (src->kind == OP_ANCHOR) {
		struct target *t = &L->t.v[src->arg];
		t->list = P->list;
		t->page = P->pl[P->list].n - 1;
		t->y = o->y;
		/* The header names the rank-0 heading under way at the top
		 * of the page, or the one that opens the page; an untitled
		 * section ends the one before. */
		if (t->node && (t->node->kind == OL_SECTION ||
		    t->node->display.rank == 0)) {
			P->section = t->node;
			if (p->nops == 1) {
				p->section = t->node;
				p->opens_section = 1;
			}
		}
	}
}

/* A question split over pages shows its number again, in grey, beside
 * its first line on the next page: the reader sees what goes on. */
static void
continued(struct L *L, struct page *p, const struct row *r, double row_top,
    const char *num)
{
	struct pages *P = L->pg;
	for (uint32_t i = 0; i < r->nops; i++) {
		const struct op *t = &P->bops[r->op0 + i];
		if (t->kind != OP_TEXT)
			continue;
		struct op o;
		memset(&o, 0, sizeof(o));
		o.kind = OP_TEXT;
		o.face = FACE_BOLD;
		/* At the size of the line it is beside (a line of code is
		 * smaller), so that it stays within the row. */
		o.size = t->size < L->g->fs ? t->size : (float)L->g->fs;
		o.x = (float)L->g->x0;
		o.y = t->y;
		o.off = store_text(L, num, strlen(num));
		o.len = (uint32_t)strlen(num);
		o.color = C_GREY;
		P->pr[P->cur].cont_op = P->nops;
		place_op(L, p, &o, row_top);
		return;
	}
}

/* Notes row r, about to be placed at the cursor, for lay_balance. */
static void
note_row(struct L *L, const struct row *r)
{
	struct pages *P = L->pg;
	if (P->list != BODY)
		return;
	struct prows *v = &P->pr[P->cur];
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 64;
		v->v = xrealloc(v->v, v->cap * sizeof(*v->v));
	}
	v->v[v->n++] = (struct prow){ P->nops, (float)P->y, r->ok,
	    (uint8_t)row_has_text(P, r), P->section };
}

/* Places row r at the cursor; on a new page first when brk is set or
 * when it does not fit. */
static void
place_row(struct L *L, const struct row *r, const char *cont, int brk)
{
	const struct geom *g = L->g;
	struct pages *P = L->pg;
	if (P->too_long)
		return;
	struct page *p = cur_page(L);
	if (r->discard) {
		/* A gap never starts a page nor makes one. */
		if (p && p->nops > 0 && !brk)
			P->y = P->y + r->h > g->content_h ? g->content_h :
			    P->y + r->h;
		return;
	}
	int cont_page = 0;
	if (p == NULL || (brk && p->nops > 0) ||
	    P->y + r->h > g->content_h + 1e-3) {
		cont_page = p != NULL && p->nops > 0;
		p = lay_new_page(L);
	}
	double row_top = g->top - P->y;
	note_row(L, r);
	for (uint32_t i = 0; i < r->nops; i++)
		place_op(L, p, &P->bops[r->op0 + i], row_top);
	if (cont_page && cont)
		continued(L, p, r, row_top, cont);
	P->y += r->h;
}

/* Height of rows [a, b) without the gaps after them (they may fall off
 * the page). */
double
lay_rows_height(const struct L *L, size_t a, size_t b)
{
	const struct pages *P = L->pg;
	while (b > a && P->rows[b - 1].discard)
		b--;
	double h = 0;
	for (size_t i = a; i < b; i++)
		h += P->rows[i].h;
	return h;
}

/* Whether a page may break before row k of the block: after a row that
 * is not kept with the next (gaps between them do not count); before
 * the first row, when the page holds something before the block. */
static int
break_ok(const struct pages *P, size_t k, int prior)
{
	for (size_t i = k; i-- > 0;)
		if (!P->rows[i].discard)
			return !P->rows[i].keep;
	return prior;
}

/* Plans where the block's rows start new pages (row.brk): when a row
 * does not fit, the page breaks before the last row it may break before
 * since the page began, else (rows kept together taller than a page)
 * right there. */
static void
plan_breaks(struct L *L, int prior, double y)
{
	struct pages *P = L->pg;
	double H = L->g->content_h;
	size_t pstart = 0;   /* the block's first row on the page */
	int used = prior;    /* the page holds a row */
	for (size_t i = 0; i < P->nrows; i++)
		P->rows[i].ok = (uint8_t)break_ok(P, i, 1);
	for (size_t i = 0; i < P->nrows; i++) {
		struct row *r = &P->rows[i];
		if (r->discard) {
			if (used)
				y = y + r->h > H ? H : y + r->h;
			continue;
		}
		if (used && y + r->h > H + 1e-3) {
			size_t lo = prior ? pstart : pstart + 1, k = i;
			while (k > lo && !(!P->rows[k].discard &&
			    break_ok(P, k, prior)))
				k--;
			if (k < lo || P->rows[k].discard ||
			    !break_ok(P, k, prior))
				k = i;
			P->rows[k].brk = 1;
			pstart = k;
			prior = 0;
			used = 0;
			y = 0;
			i = k - 1 + (k == 0);
			if (k == 0) {
				/* Row 0 is placed at the top of the new page. */
				y = P->rows[0].h;
				used = 1;
			}
			continue;
		}
		y += r->h;
		used = 1;
	}
}

/* Puts the block on pages.  The rows [0, keep_rows) (a question, the
 * headings above it) go on one page when they can; rows kept together by
 * lay_keep_rows too.  A block taller than a page is split between rows,
 * never losing one. */
void
lay_place_block(struct L *L, size_t keep_rows, const char *cont)
{
	struct pages *P = L->pg;
	if (P->too_long) {
		block_reset(L);
		return;
	}
	lay_keep_rows(L, 0, keep_rows);
	struct page *p = cur_page(L);
	int prior = p != NULL && p->nops > 0;
	plan_breaks(L, prior, prior ? P->y : 0);
	/* A block moved whole to a new page does not go on from the one
	 * before: no number is shown again. */
	int placed = 0;
	for (size_t i = 0; i < P->nrows; i++) {
		place_row(L, &P->rows[i], placed ? cont : NULL, P->rows[i].brk);
		placed |= !P->rows[i].discard;
	}
	block_reset(L);
}

/* Moves the placed operations [a, b) by dy points up the page (down
 * when negative), and the targets they mark with them onto page pg. */
static void
shift_ops(struct L *L, size_t a, size_t b, double dy, size_t pg)
{
	struct pages *P = L->pg;
	for (size_t i = a; i < b; i++) {
		struct op *o = &P->ops[i];
		o->y += (float)dy;
		if (o->kind == OP_LINE)
			o->h += (float)dy;
		if (o->kind == OP_ANCHOR) {
			L->t.v[o->arg].page = pg;
			L->t.v[o->arg].y = o->y;
		}
	}
}

void
lay_balance(struct L *L)
{
	struct pages *P = L->pg;
	struct pagelist *pl = &P->pl[BODY];
	struct prows *cur = &P->pr[P->cur], *prev = &P->pr[!P->cur];
	if (P->too_long || P->list != BODY || pl->n < 2 || prev->n == 0)
		return;
	size_t lines = 0;
	for (size_t i = 0; i < cur->n; i++)
		lines += cur->v[i].text;
	if (lines != 1)
		return;
	/* The fewest rows of the page before, from a break, that fit on
	 * the last page with it and leave two lines there. */
	size_t k = prev->n, kept = 0;
	for (size_t i = 0; i < prev->n; i++)
		kept += prev->v[i].text;
	for (;;) {
		if (k == 0)
			return;
		k--;
		kept -= prev->v[k].text;
		if (kept < 2 || prev->end - prev->v[k].y + P->y > L->g->content_h)
			return;
		if (prev->v[k].ok && prev->v[k].text)
			break;
	}
	struct page *pa = &pl->v[pl->n - 2], *pb = &pl->v[pl->n - 1];
	size_t from = prev->v[k].op, moved = pb->op0 - from;
	double top = prev->v[k].y, h = prev->end - top;
	shift_ops(L, from, pb->op0, top, pl->n - 1);
	shift_ops(L, pb->op0, pb->op0 + pb->nops, -h, pl->n - 1);
	/* The question's number shown again on the last page no longer
	 * goes on from the page before: it is drawn as nothing. */
	if (cur->cont_op != SIZE_MAX)
		P->ops[cur->cont_op].len = 0;
	pa->nops -= moved;
	pb->op0 = from;
	pb->nops += moved;
	pb->section = prev->v[k].section;
	pb->opens_section = 0;
	const struct op *o = &P->ops[from];
	if (o->kind == OP_ANCHOR && L->t.v[o->arg].node &&
	    (L->t.v[o->arg].node->kind == OL_SECTION ||
	    L->t.v[o->arg].node->display.rank == 0)) {
		pb->section = L->t.v[o->arg].node;
		pb->opens_section = 1;
	}
	P->y += h;
}

size_t
lay_nrows(const struct L *L)
{
	return L->pg->nrows;
}

size_t
lay_nops(const struct L *L)
{
	return L->pg->nbops;
}

void
lay_set_row_height(struct L *L, size_t row, double h)
{
	L->pg->rows[row].h = (float)h;
}

void
lay_grey_rows(struct L *L, size_t row)
{
	struct pages *P = L->pg;
	for (size_t i = row; i < P->nrows; i++)
		for (uint32_t k = 0; k < P->rows[i].nops; k++) {
			struct op *o = &P->bops[P->rows[i].op0 + k];
			/* (the light ground of inline code stays light) */
			if (o->kind == OP_TEXT)
				o->color = C_GREY;
		}
}

size_t
lay_npages(const struct L *L, int list)
{
	return L->pg->pl[list].n;
}

const struct page *
lay_page(const struct L *L, int list, size_t i)
{
	return &L->pg->pl[list].v[i];
}

const struct op *
lay_page_ops(const struct L *L, const struct page *p)
{
	return L->pg->ops + p->op0;
}

const char *
lay_op_text(const struct L *L, const struct op *o)
{
	return L->pg->store.ptr + o->off;
}
