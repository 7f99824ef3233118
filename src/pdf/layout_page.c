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

/* Operations keep 32-bit offsets to stay small; 4 GB of drawn text is
 * past what the memory of any machine qbind runs on would hold anyway. */
static uint32_t
store_text(struct L *L, const char *s, size_t len)
{
	if (L->too_long)
		return 0;
	if (L->store.len + len > UINT32_MAX)
		xalloc_die(len);
	uint32_t off = (uint32_t)L->store.len;
	buf_put(&L->store, s, len);
	return off;
}

static void
set_too_long(struct L *L)
{
	if (L->too_long)
		return;
	L->too_long = 1;
	const char *msg = "the PDF handout runs past %d pages here; the limit "
	    "is %d pages";
	if (L->where.file)
		diag_at(L->d, DIAG_ERROR, L->where.file, L->where.line,
		    L->where.col, msg, QBIND_MAX_PAGES, QBIND_MAX_PAGES);
	else
		diag_sys(L->d, DIAG_ERROR, msg, QBIND_MAX_PAGES, QBIND_MAX_PAGES);
}

int
lay_too_long(struct L *L)
{
	return L->too_long;
}

struct op *
lay_bop(struct L *L, enum op_kind k)
{
	if (L->too_long)
		L->nbops = L->row_op0 = 0;
	if (L->nbops == L->capbops) {
		L->capbops = L->capbops ? L->capbops * 2 : 256;
		L->bops = xrealloc(L->bops, L->capbops * sizeof(*L->bops));
	}
	struct op *o = &L->bops[L->nbops++];
	memset(o, 0, sizeof(*o));
	o->kind = (uint8_t)k;
	return o;
}

/* Ends a row of height h holding the operations added since the last. */
void
lay_row_end(struct L *L, double h, int discard)
{
	if (L->too_long)
		L->nrows = 0;
	/* A block needs at least its height over a page's worth of pages
	 * (less one for the room left on the current page): past the cap
	 * by that much, it is past it for good, and building the rest of
	 * a block of a million rows would only cost memory. */
	if (!discard) {
		L->block_h += h;
		if ((double)(L->pl[FRONT].n + L->pl[BODY].n) + L->block_h / L->content_h >
		    QBIND_MAX_PAGES + 1.0)
			set_too_long(L);
	}
	if (L->nrows == L->caprows) {
		L->caprows = L->caprows ? L->caprows * 2 : 64;
		L->rows = xrealloc(L->rows, L->caprows * sizeof(*L->rows));
	}
	struct row *r = &L->rows[L->nrows++];
	r->h = (float)h;
	r->op0 = L->row_op0;
	r->nops = (uint32_t)L->nbops - L->row_op0;
	r->discard = (uint8_t)discard;
	L->row_op0 = (uint32_t)L->nbops;
}

void
lay_gap(struct L *L, double h)
{
	lay_row_end(L, h, 1);
}

static void
block_reset(struct L *L)
{
	L->nrows = 0;
	L->nbops = 0;
	L->row_op0 = 0;
	L->block_h = 0;
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
	struct row *r = &L->rows[L->nrows - 1];
	r->nops = (uint32_t)L->nbops - r->op0;
	L->row_op0 = (uint32_t)L->nbops;
}

static struct page *
cur_page(struct L *L)
{
	struct pagelist *pl = &L->pl[L->list];
	return pl->n ? &pl->v[pl->n - 1] : NULL;
}

struct page *
lay_new_page(struct L *L)
{
	struct pagelist *pl = &L->pl[L->list];
	if (L->pl[FRONT].n + L->pl[BODY].n >= QBIND_MAX_PAGES)
		set_too_long(L);
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? pl->cap * 2 : 64;
		pl->v = xrealloc(pl->v, pl->cap * sizeof(*pl->v));
	}
	struct page *p = &pl->v[pl->n++];
	/* clang-analyzer takes a path where v is NULL with cap > 0; v is
	 * allocated whenever cap is. */
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
	p->op0 = L->nops;
	p->nops = 0;
	p->section = L->section;
	p->opens_section = 0;
	L->y = 0;
	return p;
}

/* Puts src on page p, the current one. */
static void
place_op(struct L *L, struct page *p, const struct op *src, double row_top)
{
	if (L->nops == L->capops) {
		L->capops = L->capops ? L->capops * 2 : 1024;
		L->ops = xrealloc(L->ops, L->capops * sizeof(*L->ops));
	}
	struct op *o = &L->ops[L->nops++];
	*o = *src;
	/* Row-relative heights below the row top become page coordinates. */
	o->y = (float)(row_top - src->y);
	if (src->kind == OP_LINE)
		o->h = (float)(row_top - src->h);
	if (src->kind == OP_RECT || src->kind == OP_LINK)
		o->y = (float)(row_top - src->y - src->h);
	p->nops++;
	if (src->kind == OP_ANCHOR) {
		struct target *t = &L->targets[src->arg];
		t->list = L->list;
		t->page = L->pl[L->list].n - 1;
		t->y = o->y;
		/* The header names the section under way at the top of the
		 * page, or the one whose heading opens the page. */
		if (t->node && t->node->kind == OL_SECTION) {
			L->section = t->node;
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
continued(struct L *L, struct page *p, const struct row *r, double row_top)
{
	const char *num = L->cont_number;
	if (num == NULL)
		return;
	for (uint32_t i = 0; i < r->nops; i++) {
		const struct op *t = &L->bops[r->op0 + i];
		if (t->kind != OP_TEXT)
			continue;
		struct op o;
		memset(&o, 0, sizeof(o));
		o.kind = OP_TEXT;
		o.face = FACE_BOLD;
		o.size = (float)L->fs;
		o.x = (float)L->x0;
		o.y = t->y;
		o.off = store_text(L, num, strlen(num));
		o.len = (uint32_t)strlen(num);
		o.color = C_GREY;
		place_op(L, p, &o, row_top);
		return;
	}
}

static void
place_row(struct L *L, const struct row *r)
{
	if (L->too_long)
		return;
	struct page *p = cur_page(L);
	if (r->discard) {
		/* A gap never starts a page nor makes one. */
		if (p && p->nops > 0)
			L->y = L->y + r->h > L->content_h ? L->content_h : L->y + r->h;
		return;
	}
	int cont = 0;
	if (p == NULL || L->y + r->h > L->content_h + 1e-3) {
		cont = p != NULL && p->nops > 0;
		p = lay_new_page(L);
	}
	double row_top = L->top - L->y;
	for (uint32_t i = 0; i < r->nops; i++)
		place_op(L, p, &L->bops[r->op0 + i], row_top);
	if (cont)
		continued(L, p, r, row_top);
	L->y += r->h;
}

/* Height of rows [a, b) without the gaps after them (they may fall off
 * the page), nor those before them at a page top. */
double
lay_rows_height(const struct L *L, size_t a, size_t b, int at_top)
{
	while (b > a && L->rows[b - 1].discard)
		b--;
	double h = 0;
	for (size_t i = a; i < b; i++) {
		if (at_top && L->rows[i].discard && h == 0)
			continue;
		h += L->rows[i].h;
	}
	return h;
}

/* Puts the block on pages.  keep: the rows [0, keep_rows) go on one page
 * when they can (a question, the headings above it); a block taller than
 * a page is split between rows, never losing one, but not right after
 * its first rows (min_rows), so a heading is never left alone at a foot. */
void
lay_place_block(struct L *L, size_t keep_rows, size_t min_rows)
{
	if (L->too_long) {
		block_reset(L);
		return;
	}
	if (keep_rows > L->nrows)
		keep_rows = L->nrows;
	if (min_rows > L->nrows)
		min_rows = L->nrows;
	struct page *p = cur_page(L);
	int at_top = p == NULL || p->nops == 0;
	double room = L->content_h - (at_top ? 0 : L->y);
	double keep_h = lay_rows_height(L, 0, keep_rows, at_top);
	double min_h = lay_rows_height(L, 0, min_rows, at_top);
	if (!at_top && keep_h > room) {
		double fresh = lay_rows_height(L, 0, keep_rows, 1);
		if (fresh <= L->content_h || min_h > room)
			lay_new_page(L);
	}
	for (size_t i = 0; i < L->nrows; i++)
		place_row(L, &L->rows[i]);
	block_reset(L);
}
