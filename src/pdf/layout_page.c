/* layout_page.c: the page model.  Content is first built as a block of
 * rows (a line of text, a line of code with its background, a gap) whose
 * operations are placed relative to the row; a block is then put on the
 * page whole when it must not be split (a question with its answer, a
 * heading with the first question under it), else row by row.  Gaps at
 * the top of a page are dropped. */
#include "layout_int.h"
#include "diag.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct row {
	float h;
	uint32_t op0, nops;  /* in the block's ops */
	uint8_t discard;     /* a gap: dropped at the top of a page */
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
	P->row_op0 = (uint32_t)P->nbops;
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
		o.size = (float)L->g->fs;
		o.x = (float)L->g->x0;
		o.y = t->y;
		o.off = store_text(L, num, strlen(num));
		o.len = (uint32_t)strlen(num);
		o.color = C_GREY;
		place_op(L, p, &o, row_top);
		return;
	}
}

static void
place_row(struct L *L, const struct row *r, const char *cont)
{
	const struct geom *g = L->g;
	struct pages *P = L->pg;
	if (P->too_long)
		return;
	struct page *p = cur_page(L);
	if (r->discard) {
		/* A gap never starts a page nor makes one. */
		if (p && p->nops > 0)
			P->y = P->y + r->h > g->content_h ? g->content_h :
			    P->y + r->h;
		return;
	}
	int cont_page = 0;
	if (p == NULL || P->y + r->h > g->content_h + 1e-3) {
		cont_page = p != NULL && p->nops > 0;
		p = lay_new_page(L);
	}
	double row_top = g->top - P->y;
	for (uint32_t i = 0; i < r->nops; i++)
		place_op(L, p, &P->bops[r->op0 + i], row_top);
	if (cont_page && cont)
		continued(L, p, r, row_top, cont);
	P->y += r->h;
}

/* Height of rows [a, b) without the gaps after them (they may fall off
 * the page), nor those before them at a page top. */
double
lay_rows_height(const struct L *L, size_t a, size_t b, int at_top)
{
	const struct pages *P = L->pg;
	while (b > a && P->rows[b - 1].discard)
		b--;
	double h = 0;
	for (size_t i = a; i < b; i++) {
		if (at_top && P->rows[i].discard && h == 0)
			continue;
		h += P->rows[i].h;
	}
	return h;
}

/* Puts the block on pages.  keep: the rows [0, keep_rows) go on one page
 * when they can (a question, the headings above it); a block taller than
 * a page is split between rows, never losing one, but not right after
 * its first rows (min_rows), so a heading is never left alone at a foot. */
void
lay_place_block(struct L *L, size_t keep_rows, size_t min_rows,
    const char *cont)
{
	struct pages *P = L->pg;
	if (P->too_long) {
		block_reset(L);
		return;
	}
	if (keep_rows > P->nrows)
		keep_rows = P->nrows;
	if (min_rows > P->nrows)
		min_rows = P->nrows;
	struct page *p = cur_page(L);
	int at_top = p == NULL || p->nops == 0;
	double room = L->g->content_h - (at_top ? 0 : P->y);
	double keep_h = lay_rows_height(L, 0, keep_rows, at_top);
	double min_h = lay_rows_height(L, 0, min_rows, at_top);
	if (!at_top && keep_h > room) {
		double fresh = lay_rows_height(L, 0, keep_rows, 1);
		if (fresh <= L->g->content_h || min_h > room)
			lay_new_page(L);
	}
	for (size_t i = 0; i < P->nrows; i++)
		place_row(L, &P->rows[i], cont);
	block_reset(L);
}

size_t
lay_nrows(const struct L *L)
{
	return L->pg->nrows;
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
