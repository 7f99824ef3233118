/* layout.c: the outline set on pages (see layout.h).
 *
 * Everything is laid out into an in-memory list of pages before the
 * device sees anything: the footers need the page count and the table of
 * contents the pages of what it lists.  A page holds drawing operations
 * (a run of text, a rectangle, a line, a link, a bookmark), not glyphs,
 * so even a corpus of 70,000 questions stays small.
 *
 * Content is first built as a block of rows (a line of text, a line of
 * code with its background, a gap) whose operations are placed relative
 * to the row; a block is then put on the page whole when it must not be
 * split (a question with its answer, a heading with the first question
 * under it), else row by row.  Gaps at the top of a page are dropped.
 */
#include "layout.h"
#include "buf.h"
#include "diag.h"
#include "html.h"
#include "hyph.h"
#include "linebreak.h"
#include "measure.h"
#include "outline.h"
#include "qbind.h"
#include "utf8.h"
#include "xalloc.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op_kind {
	OP_TEXT,      /* x, y baseline; off/len text; face, size */
	OP_RECT,      /* x, y bottom-left, w, h */
	OP_LINE,      /* x, y to w, h (the other end) */
	OP_LINK,      /* rect x, y, w, h going to target arg */
	OP_ANCHOR,    /* y: where target arg is; drawn as its bookmark */
	OP_PAGENUM    /* right-aligned at x: the page of target arg */
};

enum color { C_TEXT, C_GREY, C_CODEBG, C_RULE, C_LEADER, NCOLORS };
static const struct dev_rgb colors[NCOLORS] = {
	{ 0, 0, 0 }, { 0.35, 0.35, 0.35 }, { 0.93, 0.93, 0.93 },
	{ 0.55, 0.55, 0.55 }, { 0.45, 0.45, 0.45 },
};

struct op {
	float x, y, w, h;
	float size;
	uint32_t off, len;
	int32_t arg;
	uint8_t kind, face, color;
};

struct row {
	float h;
	uint32_t op0, nops;  /* in the block's ops */
	uint8_t discard;     /* a gap: dropped at the top of a page */
};

struct page {
	size_t op0, nops;
	const struct ol_node *section;  /* for the running header */
	int opens_section;              /* its heading is the page's first line */
};

/* The front matter (title page, contents) and the body are laid out
 * apart, the body first, and printed front first. */
enum { FRONT, BODY, NLISTS };

struct pagelist {
	struct page *v;
	size_t n, cap;
};

struct target {
	const struct ol_node *node;
	int level;
	int list;
	size_t page;   /* in list */
	float y;
};

struct list_level {
	int ordered, num, tight;
	double item_indent;
};

struct L {
	const struct outline *o;
	const struct layout_opts *opt;
	const struct device *dev;
	struct diag *d;
	struct hyph *hyph;
	struct meter meter;
	struct para para;

	/* Geometry (points): content box. */
	double x0, x1, top, bottom, content_h;
	double fs, lead, code_fs, code_lead, qindent;
	double asc[NFACES], desc[NFACES];

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

	struct target *targets;
	size_t ntargets, captargets;

	/* Line callback state. */
	double line_x;        /* left edge of the lines being set */
	double line_size;
	int line_center;
	double line_avail;
	const char *marker;   /* list marker for the next first line */
	double marker_x;
	enum dev_face marker_face;
	double line_end;      /* where the last line set ends */
	long line_link;       /* >= 0: every line links to this target */
	long untitled;        /* >= 0: target of an untitled section to place */
	const char *cont_number; /* number of the question being placed */

	/* Answer walk. */
	int emph, strong;
	double indent;
	struct list_level lists[QBIND_MAX_DEPTH + 1];
	int nlists;

	/* Cleaning. */
	struct buf clean;
	uint8_t *gcache;      /* NFACES x 0x800: 0 unknown, 1 has, 2 lacks */
	const char *warn_file;
	uint32_t warn_line;
	int failed;
};

/* ---------------- small helpers ---------------- */

static double
tw(struct L *L, enum dev_face f, double size, const char *s, size_t len)
{
	return meter_width(&L->meter, f, size, s, len);
}

static double
tws(struct L *L, enum dev_face f, double size, const char *s)
{
	return tw(L, f, size, s, strlen(s));
}

static int
has(struct L *L, enum dev_face f, uint32_t cp)
{
	if (cp < 0x800) {
		uint8_t *c = &L->gcache[(size_t)f * 0x800 + cp];
		if (*c == 0)
			*c = L->dev->has_glyph(L->dev->ctx, f, cp) ? 1 : 2;
		return *c == 1;
	}
	return L->dev->has_glyph(L->dev->ctx, f, cp);
}

/* s[0..len) made printable in face f into L->clean: control characters
 * and characters the face lacks become U+FFFD (or '?'), reported once per
 * corpus line.  pos is where s starts; newlines and tabs are kept. */
static void
clean_text(struct L *L, enum dev_face f, const char *s, size_t len,
    struct ol_pos pos)
{
	buf_clear(&L->clean);
	uint32_t line = pos.line, col = pos.col;
	for (const char *p = s, *end = s + len; p < end;) {
		const char *c0 = p;
		uint32_t cp = utf8_next(&p);
		if (cp == '\n') {
			buf_putc(&L->clean, '\n');
			line++;
			col = 1;
			continue;
		}
		int ok = cp == '\t' || (cp >= 0x20 && !(cp >= 0x7F && cp < 0xA0) &&
		    has(L, f, cp));
		if (ok)
			buf_put(&L->clean, c0, (size_t)(p - c0));
		else {
			if (has(L, f, 0xFFFD))
				BUF_PUTSL(&L->clean, "\xEF\xBF\xBD");
			else
				buf_putc(&L->clean, '?');
			if (pos.line && (L->warn_file != pos.file ||
			    L->warn_line != line)) {
				L->warn_file = pos.file;
				L->warn_line = line;
				diag_at(L->d, DIAG_WARNING, pos.file, line, col,
				    "character U+%04X cannot be printed in the PDF "
				    "(a control character or not in its fonts); "
				    "replaced by %s", (unsigned)cp,
				    has(L, f, 0xFFFD) ? "U+FFFD" : "'?'");
			}
		}
		col++;
	}
}

/* Operations keep 32-bit offsets to stay small; 4 GB of drawn text is
 * past what the memory of any machine qbind runs on would hold anyway. */
static uint32_t
store_text(struct L *L, const char *s, size_t len)
{
	if (L->store.len + len > UINT32_MAX)
		xalloc_die(len);
	uint32_t off = (uint32_t)L->store.len;
	buf_put(&L->store, s, len);
	return off;
}

/* ---------------- blocks ---------------- */

static struct op *
bop(struct L *L, enum op_kind k)
{
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
static void
row_end(struct L *L, double h, int discard)
{
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

static void
gap(struct L *L, double h)
{
	row_end(L, h, 1);
}

static void
block_reset(struct L *L)
{
	L->nrows = 0;
	L->nbops = 0;
	L->row_op0 = 0;
}

/* Text in a row: x absolute, baseline dy below the row top. */
static void
btext(struct L *L, enum dev_face f, double size, double x, double dy,
    const char *s, size_t len, enum color c)
{
	struct op *o = bop(L, OP_TEXT);
	o->face = (uint8_t)f;
	o->size = (float)size;
	o->x = (float)x;
	o->y = (float)dy;
	o->off = store_text(L, s, len);
	o->len = (uint32_t)len;
	o->color = (uint8_t)c;
}

static double
baseline(struct L *L, enum dev_face f, double size, double lead)
{
	double a = L->asc[f] * size, dsc = L->desc[f] * size;
	return (lead - (a + dsc)) / 2 + a;
}

/* ---------------- pages ---------------- */

static struct page *
cur_page(struct L *L)
{
	struct pagelist *pl = &L->pl[L->list];
	return pl->n ? &pl->v[pl->n - 1] : NULL;
}

static void
new_page(struct L *L)
{
	struct pagelist *pl = &L->pl[L->list];
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? pl->cap * 2 : 64;
		pl->v = xrealloc(pl->v, pl->cap * sizeof(*pl->v));
	}
	struct page *p = &pl->v[pl->n++];
	p->op0 = L->nops;
	p->nops = 0;
	p->section = L->section;
	p->opens_section = 0;
	L->y = 0;
}

static void
place_op(struct L *L, const struct op *src, double row_top)
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
	struct page *p = cur_page(L);
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
continued(struct L *L, const struct row *r, double row_top)
{
	const char *num = L->cont_number;
	if (num == NULL || *num == '\0' ||
	    tws(L, FACE_BOLD, L->fs, num) > L->qindent - L->fs * 0.3)
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
		place_op(L, &o, row_top);
		return;
	}
}

static void
place_row(struct L *L, const struct row *r)
{
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
		new_page(L);
	}
	double row_top = L->top - L->y;
	for (uint32_t i = 0; i < r->nops; i++)
		place_op(L, &L->bops[r->op0 + i], row_top);
	if (cont)
		continued(L, r, row_top);
	L->y += r->h;
}

/* Height of rows [a, b) without the gaps after them (they may fall off
 * the page), nor those before them at a page top. */
static double
rows_height(const struct L *L, size_t a, size_t b, int at_top)
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
static void
place_block(struct L *L, size_t keep_rows, size_t min_rows)
{
	if (keep_rows > L->nrows)
		keep_rows = L->nrows;
	if (min_rows > L->nrows)
		min_rows = L->nrows;
	struct page *p = cur_page(L);
	int at_top = p == NULL || p->nops == 0;
	double room = L->content_h - (at_top ? 0 : L->y);
	double keep_h = rows_height(L, 0, keep_rows, at_top);
	double min_h = rows_height(L, 0, min_rows, at_top);
	if (!at_top && keep_h > room) {
		double fresh = rows_height(L, 0, keep_rows, 1);
		if (fresh <= L->content_h || min_h > room)
			new_page(L);
	}
	for (size_t i = 0; i < L->nrows; i++)
		place_row(L, &L->rows[i]);
	block_reset(L);
}

/* ---------------- paragraphs ---------------- */

static void
line_cb(void *arg, const struct lb_run *runs, size_t nruns, double width,
    int last)
{
	struct L *L = arg;
	(void)last;
	double x = L->line_x;
	if (L->line_center && width < L->line_avail)
		x += (L->line_avail - width) / 2;
	double base = baseline(L, FACE_REGULAR, L->line_size, L->lead *
	    L->line_size / L->fs);
	/* Inline code on a light ground, as code blocks, drawn first. */
	for (size_t i = 0; i < nruns; i++) {
		enum dev_face f = runs[i].face;
		if (f != FACE_MONO && f != FACE_MONO_BOLD)
			continue;
		double pad = L->line_size * 0.12;
		double rx = x + runs[i].x - pad;
		double rw = tw(L, f, L->line_size, runs[i].s, runs[i].len) + 2 * pad;
		if (rx < L->x0)
			rx = L->x0;
		if (rx + rw > L->x1)
			rw = L->x1 - rx;
		struct op *r = bop(L, OP_RECT);
		r->x = (float)rx;
		r->w = (float)rw;
		r->y = (float)(base - L->asc[f] * L->line_size - pad / 2);
		r->h = (float)((L->asc[f] + L->desc[f]) * L->line_size + pad);
		r->color = C_CODEBG;
	}
	for (size_t i = 0; i < nruns; i++)
		btext(L, runs[i].face, L->line_size, x + runs[i].x, base,
		    runs[i].s, runs[i].len, C_TEXT);
	if (L->marker) {
		btext(L, L->marker_face, L->line_size, L->marker_x, base, L->marker,
		    strlen(L->marker), C_TEXT);
		L->marker = NULL;
	}
	double h = L->lead * L->line_size / L->fs;
	if (L->line_link >= 0) {
		struct op *k = bop(L, OP_LINK);
		k->x = (float)L->line_x;
		k->w = (float)(L->x1 - L->line_x);
		k->h = (float)h;
		k->arg = (int32_t)L->line_link;
	}
	L->line_end = x + width;
	row_end(L, h, 0);
}

/* Sets the paragraph in L->para from x over width points. */
static void
set_para(struct L *L, double x, double width, int center)
{
	L->line_x = x;
	L->line_size = L->para.size;
	L->line_center = center;
	L->line_avail = width;
	para_lines(&L->para, width, width, line_cb, L);
}

static void
para_text(struct L *L, enum dev_face f, const char *s, struct ol_pos pos)
{
	clean_text(L, f, s, strlen(s), pos);
	para_add(&L->para, f, L->clean.ptr, L->clean.len);
}

/* A whole paragraph of one string. */
static void
simple_para(struct L *L, enum dev_face f, double size, const char *s,
    struct ol_pos pos, double x, double width, int center, int justify)
{
	para_reset(&L->para, size, justify, 0);
	para_text(L, f, s, pos);
	set_para(L, x, width, center);
}

/* ---------------- answers ---------------- */

static enum dev_face
inline_face(const struct L *L)
{
	if (L->strong && L->emph)
		return FACE_BOLD_ITALIC;
	if (L->strong)
		return FACE_BOLD;
	if (L->emph)
		return FACE_ITALIC;
	return FACE_REGULAR;
}

/* Nesting indents no further than half the text width, so that deep
 * quotes and lists (the reader allows 64 levels) still fit a line. */
static double
text_left(const struct L *L)
{
	double room = (L->x1 - L->x0 - L->qindent) / 2;
	return L->x0 + L->qindent + (L->indent < room ? L->indent : room);
}

static double
text_width(const struct L *L)
{
	return L->x1 - text_left(L);
}

/* One line of a code block: its background, the text wrapped at
 * character boundaries (a continuation marked by an arrow in the
 * margin of the box when the font has one). */
static void
code_line(struct L *L, const char *s, size_t len, double padx)
{
	double left = text_left(L), w = L->x1 - left;
	double base = baseline(L, FACE_MONO, L->code_fs, L->code_lead);
	/* Continuation lines are indented by two columns, with an arrow. */
	double cont_in = tws(L, FACE_MONO, L->code_fs, "  ");
	int cont = 0;
	do {
		double x = left + padx + (cont ? cont_in : 0);
		double avail = L->x1 - padx - x;
		size_t n = len;
		if (tw(L, FACE_MONO, L->code_fs, s, len) > avail) {
			double cum = 0;
			n = 0;
			for (const char *p = s; p < s + len;) {
				const char *c0 = p;
				utf8_next(&p);
				cum += tw(L, FACE_MONO, L->code_fs, c0, (size_t)(p - c0));
				if (cum > avail)
					break;
				n = (size_t)(p - s);
			}
			if (n == 0) {
				const char *p = s;
				utf8_next(&p);
				n = (size_t)(p - s);
			}
		}
		struct op *r = bop(L, OP_RECT);
		r->x = (float)left;
		r->y = 0;
		r->w = (float)w;
		r->h = (float)L->code_lead;
		r->color = C_CODEBG;
		if (cont) {
			int arrow = has(L, FACE_MONO, 0x21AA);
			btext(L, FACE_MONO, L->code_fs, left + padx, base,
			    arrow ? "\xE2\x86\xAA" : ">", arrow ? 3 : 1, C_GREY);
		}
		btext(L, FACE_MONO, L->code_fs, x, base, s, n, C_TEXT);
		if (L->marker) {
			btext(L, L->marker_face, L->fs, L->marker_x, base, L->marker,
			    strlen(L->marker), C_TEXT);
			L->marker = NULL;
		}
		row_end(L, L->code_lead, 0);
		s += n;
		len -= n;
		cont = 1;
	} while (len > 0);
}

static void
code_pad(struct L *L, double h)
{
	struct op *r = bop(L, OP_RECT);
	r->x = (float)text_left(L);
	r->y = 0;
	r->w = (float)(L->x1 - text_left(L));
	r->h = (float)h;
	r->color = C_CODEBG;
	row_end(L, h, 0);
}

static void
code_block(struct L *L, const struct ol_node *q, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	struct ol_pos pos = ol_answer_pos(q, n);
	if (pos.line) {
		pos.line++;   /* the text starts under the fence */
		pos.col = 1;
	}
	/* Tabs become 4 columns; the cleaner keeps them, so expand after. */
	clean_text(L, FACE_MONO, lit ? lit : "", lit ? strlen(lit) : 0, pos);
	struct buf t = BUF_INIT;
	size_t col = 0;
	for (size_t i = 0; i < L->clean.len; i++) {
		char c = L->clean.ptr[i];
		if (c == '\t') {
			do
				buf_putc(&t, ' ');
			while (++col % 4);
		} else {
			buf_putc(&t, c);
			col = c == '\n' ? 0 : col + ((c & 0xC0) != 0x80);
		}
	}
	if (t.len && t.ptr[t.len - 1] == '\n')
		t.len--;
	double pad = L->code_fs * 0.45;
	code_pad(L, pad);
	for (size_t i = 0; i <= t.len;) {
		size_t j = i;
		while (j < t.len && t.ptr[j] != '\n')
			j++;
		code_line(L, t.ptr + i, j - i, L->code_fs * 0.6);
		i = j + 1;
	}
	code_pad(L, pad);
	buf_free(&t);
}

static void
link_url(struct L *L, const struct ol_node *q, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);
	if (url == NULL || !html_safe_url(url))
		return;
	/* <https://…> autolinks already show it. */
	cmark_node *c = cmark_node_first_child(n);
	const char *lit = c ? cmark_node_get_literal(c) : NULL;
	if (lit && cmark_node_next(c) == NULL && (strcmp(lit, url) == 0 ||
	    (strncmp(url, "mailto:", 7) == 0 && strcmp(lit, url + 7) == 0)))
		return;
	para_add(&L->para, inline_face(L), " (", 2);
	para_text(L, FACE_MONO, url, ol_answer_pos(q, n));
	para_add(&L->para, inline_face(L), ")", 1);
}

static int
para_in_tight_list(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n);
	cmark_node *list = item ? cmark_node_parent(item) : NULL;
	return item && cmark_node_get_type(item) == CMARK_NODE_ITEM && list &&
	    cmark_node_get_list_tight(list);
}

static void
answer(struct L *L, const struct ol_node *q)
{
	cmark_iter *it = cmark_iter_new(q->as.question.answer);
	cmark_event_type ev;
	char marker[32];
	L->indent = 0;
	L->nlists = 0;
	L->emph = L->strong = 0;
	L->marker = NULL;
	double pgap = L->lead * 0.45;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		int enter = ev == CMARK_EVENT_ENTER;
		switch (t) {
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (enter) {
				int prose = t == CMARK_NODE_PARAGRAPH;
				para_reset(&L->para, L->fs, prose && L->opt->justify,
				    prose);
				if (t == CMARK_NODE_HEADING)
					L->strong++;
			} else {
				if (t == CMARK_NODE_HEADING)
					L->strong--;
				set_para(L, text_left(L), text_width(L), 0);
				gap(L, para_in_tight_list(n) ? L->lead * 0.1 : pgap);
			}
			break;
		case CMARK_NODE_TEXT:
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_CODE: {
			const char *lit = cmark_node_get_literal(n);
			struct ol_pos pos = ol_answer_pos(q, n);
			enum dev_face f = t == CMARK_NODE_CODE ?
			    (L->strong ? FACE_MONO_BOLD : FACE_MONO) : inline_face(L);
			if (lit)
				para_text(L, f, lit, pos);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			para_space(&L->para);
			break;
		case CMARK_NODE_LINEBREAK:
			para_break(&L->para);
			break;
		case CMARK_NODE_EMPH:
			L->emph += enter ? 1 : -1;
			break;
		case CMARK_NODE_LINK:
			/* On paper a link is only as good as its address. */
			if (!enter)
				link_url(L, q, n);
			break;
		case CMARK_NODE_STRONG:
			L->strong += enter ? 1 : -1;
			break;
		case CMARK_NODE_CODE_BLOCK:
		case CMARK_NODE_HTML_BLOCK:
			code_block(L, q, n);
			gap(L, pgap);
			break;
		case CMARK_NODE_THEMATIC_BREAK: {
			struct op *o = bop(L, OP_LINE);
			o->x = (float)text_left(L);
			o->w = (float)L->x1;
			o->y = o->h = (float)(L->lead / 2);
			o->size = 0.5f;
			o->color = C_RULE;
			row_end(L, L->lead, 0);
			break;
		}
		case CMARK_NODE_BLOCK_QUOTE:
			L->indent += enter ? L->fs * 1.5 : -L->fs * 1.5;
			L->emph += enter ? 1 : -1;
			break;
		case CMARK_NODE_LIST:
			if (enter && L->nlists < QBIND_MAX_DEPTH) {
				struct list_level *lv = &L->lists[L->nlists++];
				lv->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
				lv->num = cmark_node_get_list_start(n);
				lv->tight = cmark_node_get_list_tight(n);
				lv->item_indent = L->fs * (lv->ordered ? 1.8 : 1.3);
			} else if (!enter && L->nlists > 0) {
				L->nlists--;
				if (L->nlists == 0)
					gap(L, pgap);
			}
			break;
		case CMARK_NODE_ITEM: {
			struct list_level *lv = L->nlists ? &L->lists[L->nlists - 1] : NULL;
			double ii = lv ? lv->item_indent : L->fs * 1.3;
			if (enter) {
				if (lv && lv->ordered)
					snprintf(marker, sizeof(marker), "%d.", lv->num++);
				else
					snprintf(marker, sizeof(marker), "%s",
					    has(L, FACE_REGULAR, 0x2022) ? "\xE2\x80\xA2" : "-");
				L->marker = marker;
				L->indent += ii;
				L->marker_x = text_left(L) - ii;
			} else {
				L->indent -= ii;
				L->marker = NULL;
			}
			break;
		}
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

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

static const char *
heading_text(const struct L *L, const struct ol_node *n)
{
	if (n->text)
		return n->text;
	return L->o->labels ? L->o->labels->general : "";
}

static void
anchor(struct L *L, size_t target)
{
	struct op *o = bop(L, OP_ANCHOR);
	o->arg = (int32_t)target;
}

static void
section_heading(struct L *L, const struct ol_node *s)
{
	gap(L, L->lead * 1.4);
	anchor(L, new_target(L, s, 0));
	simple_para(L, FACE_BOLD, L->fs * 1.45, s->text, s->pos, L->x0,
	    L->x1 - L->x0, 0, 0);
	struct op *o = bop(L, OP_LINE);
	o->x = (float)L->x0;
	o->w = (float)L->x1;
	o->y = o->h = (float)(L->lead * 0.25);
	o->size = 0.6f;
	o->color = C_RULE;
	row_end(L, L->lead * 0.5, 0);
	gap(L, L->lead * 0.3);
}

static void
group_heading(struct L *L, const struct ol_node *g, int level)
{
	gap(L, L->lead * 0.8);
	if (L->untitled >= 0) {
		anchor(L, (size_t)L->untitled);
		L->untitled = -1;
	}
	anchor(L, new_target(L, g, level));
	simple_para(L, FACE_BOLD, L->fs * 1.15, heading_text(L, g), g->pos,
	    L->x0, L->x1 - L->x0, 0, 0);
	gap(L, L->lead * 0.3);
}

static void
note_lines(struct L *L)
{
	double h = L->lead * 1.6;
	for (int i = 0; i < L->opt->note_lines; i++) {
		if (L->opt->note_blank) {
			row_end(L, h, 0);
			continue;
		}
		struct op *o = bop(L, OP_LINE);
		o->x = (float)(L->x0 + L->qindent);
		o->w = (float)L->x1;
		o->y = o->h = (float)(h - 2);
		o->size = 0.4f;
		o->color = C_RULE;
		row_end(L, h, 0);
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
	para_text(L, bold ? FACE_BOLD : FACE_REGULAR, q->text, q->pos);
	/* The number hangs in the indent, on the first line's baseline; one
	 * too wide for the indent (a narrow page) gets a line of its own. */
	L->marker = q->number && *q->number ? q->number : NULL;
	L->marker_x = L->x0;
	L->marker_face = FACE_BOLD;
	if (L->marker && tws(L, FACE_BOLD, L->fs, L->marker) >
	    L->qindent - L->fs * 0.3) {
		btext(L, FACE_BOLD, L->fs, L->x0, baseline(L, FACE_BOLD, L->fs,
		    L->lead), L->marker, strlen(L->marker), C_TEXT);
		row_end(L, L->lead, 0);
		L->marker = NULL;
	}
	L->indent = 0;
	set_para(L, L->x0 + L->qindent, L->x1 - L->x0 - L->qindent, 0);
	L->marker = NULL;
	L->marker_face = FACE_REGULAR;
	if (study && q->as.question.answer) {
		gap(L, L->lead * 0.35);
		answer(L, q);
	} else if (!study && L->opt->note_lines > 0) {
		gap(L, L->lead * 0.2);
		note_lines(L);
	}
	gap(L, L->lead * 0.6);
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
	OL_FOREACH(s, L->o->root) {
		int glevel = 0;
		if (s->text) {
			section_heading(L, s);
			glevel = 1;
		}
		OL_FOREACH(g, s) {
			/* An untitled section ends the one before it in the
			 * running header: a target listed nowhere marks it. */
			if (!s->text && g == s->first)
				L->untitled = (long)new_target(L, s, -1);
			group_heading(L, g, glevel);
			OL_FOREACH(q, g) {
				size_t heads = L->nrows;
				question(L, q);
				L->cont_number = q->number;
				place_block(L, L->nrows, heads + 2);
				L->cont_number = NULL;
			}
		}
	}
	/* Headings of empty groups at the very end. */
	if (L->nrows)
		place_block(L, L->nrows, L->nrows);
	if (L->pl[BODY].n == 0)
		new_page(L);
}

/* ---------------- title page and contents ---------------- */

static void
count_line(void *arg, const struct lb_run *runs, size_t nruns, double width,
    int last)
{
	(void)runs;
	(void)nruns;
	(void)width;
	(void)last;
	(*(int *)arg)++;
}

static void
title_page(struct L *L)
{
	const struct ol_meta *m = &L->o->meta;
	const char *title = m->title ? m->title : L->o->root->text;
	double w = L->x1 - L->x0;
	L->list = FRONT;
	new_page(L);
	row_end(L, 0, 0);   /* the space above, set once the height is known */
	if (title) {
		/* A title of several lines in lines of even length, not a
		 * full line over a short one (nor a preposition left at the
		 * end of the first). */
		para_reset(&L->para, L->fs * 2.3, 0, 0);
		para_text(L, FACE_BOLD, title, m->title_pos);
		int lines = 0;
		para_lines(&L->para, w, w, count_line, &lines);
		double tw_ = w;
		for (int i = 1; lines > 1 && i < 10; i++) {
			int k = 0;
			para_lines(&L->para, w * (1 - i * 0.05), w * (1 - i * 0.05),
			    count_line, &k);
			if (k > lines)
				break;
			tw_ = w * (1 - i * 0.05);
		}
		set_para(L, L->x0 + (w - tw_) / 2, tw_, 1);
	}
	struct ol_pos none = { NULL, 0, 0 };
	gap(L, L->lead * 0.5);
	struct op *o = bop(L, OP_LINE);
	o->x = (float)(L->x0 + w * 0.35);
	o->w = (float)(L->x1 - w * 0.35);
	o->y = o->h = (float)(L->lead * 0.5);
	o->size = 0.8f;
	o->color = C_RULE;
	row_end(L, L->lead, 0);
	if (m->subtitle) {
		gap(L, L->lead * 0.3);
		simple_para(L, FACE_REGULAR, L->fs * 1.4, m->subtitle, none,
		    L->x0, w, 1, 0);
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
		gap(L, L->lead * (m->subtitle ? 0.9 : 0.3));
		size_t r0 = L->nrows;
		simple_para(L, FACE_REGULAR, L->fs, counts, none, L->x0, w, 1, 0);
		for (size_t i = r0; i < L->nrows; i++)
			for (uint32_t k = 0; k < L->rows[i].nops; k++)
				L->bops[L->rows[i].op0 + k].color = C_GREY;
	}
	if (m->author) {
		gap(L, L->lead * 2.5);
		simple_para(L, FACE_REGULAR, L->fs * 1.15, m->author, none, L->x0,
		    w, 1, 0);
	}
	const char *date = L->opt->date_text ? L->opt->date_text : m->date;
	if (date && *date) {
		gap(L, L->lead * (m->author ? 0.6 : 2.5));
		simple_para(L, FACE_ITALIC, L->fs * 1.05, date, none, L->x0,
		    w, 1, 0);
	}
	/* The group a little above the middle of the page, where the eye
	 * puts the centre. */
	double h = rows_height(L, 1, L->nrows, 0);
	L->rows[0].h = (float)(h < L->content_h ? (L->content_h - h) * 0.4 : 0);
	place_block(L, L->nrows, L->nrows);
}

/* Adds operations to the row that was ended last. */
static void
extend_last_row(struct L *L)
{
	struct row *r = &L->rows[L->nrows - 1];
	r->nops = (uint32_t)L->nbops - r->op0;
	L->row_op0 = (uint32_t)L->nbops;
}

static void
toc_entry(struct L *L, size_t ti, double reserve)
{
	const struct target *t = &L->targets[ti];
	enum dev_face f = t->level == 0 ? FACE_BOLD : FACE_REGULAR;
	double x = L->x0 + t->level * L->fs * 1.5;
	double w = L->x1 - reserve - L->fs - x;
	if (t->level == 0)
		gap(L, L->lead * 0.4);
	size_t r0 = L->nrows;
	struct ol_pos none = { NULL, 0, 0 };
	L->line_link = (long)ti;
	L->line_end = x;
	simple_para(L, f, L->fs, heading_text(L, t->node), none, x, w, 0, 0);
	L->line_link = -1;
	if (L->nrows == r0)
		row_end(L, L->lead, 0);
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
			btext(L, FACE_REGULAR, L->fs, to - nd * unit, base, dots.ptr,
			    dots.len, C_LEADER);
		buf_free(&dots);
	}
	struct op *o = bop(L, OP_PAGENUM);
	o->face = (uint8_t)f;
	o->size = (float)L->fs;
	o->x = (float)L->x1;
	o->y = (float)base;
	o->arg = (int32_t)ti;
	extend_last_row(L);
}

static void
contents(struct L *L)
{
	L->list = FRONT;
	new_page(L);
	const char *title = L->o->labels ? L->o->labels->contents : "Contents";
	struct ol_pos none = { NULL, 0, 0 };
	simple_para(L, FACE_BOLD, L->fs * 1.45, title, none, L->x0, L->x1 - L->x0,
	    0, 0);
	gap(L, L->lead * 0.6);
	place_block(L, L->nrows, L->nrows);
	/* Room for the widest page number the document can have. */
	size_t pages = L->pl[BODY].n + 2 + L->ntargets / 20;
	char digits[24];
	int nd = snprintf(digits, sizeof(digits), "%zu", pages);
	memset(digits, '0', (size_t)nd);
	double reserve = tw(L, FACE_BOLD, L->fs, digits, (size_t)nd);
	for (size_t i = 0; i < L->ntargets; i++) {
		if (L->targets[i].level < 0)
			continue;
		toc_entry(L, i, reserve);
		/* A section's entry stays with its first group's. */
		if (L->targets[i].level == 0 && i + 1 < L->ntargets &&
		    L->targets[i + 1].level == 1)
			continue;
		place_block(L, L->nrows, L->nrows);
	}
	if (L->nrows)
		place_block(L, L->nrows, L->nrows);
}

/* ---------------- drawing ---------------- */

static int
abs_page(const struct L *L, int list, size_t page)
{
	return (int)(list == FRONT ? page + 1 : L->pl[FRONT].n + page + 1);
}

/* The longest prefix of s (cleaned into L->clean) that fits in maxw at
 * size, with an ellipsis when cut. */
static void
fit_text(struct L *L, enum dev_face f, double size, const char *s, double maxw)
{
	struct ol_pos none = { NULL, 0, 0 };
	clean_text(L, f, s, strlen(s), none);
	for (size_t i = 0; i < L->clean.len; i++)
		if (L->clean.ptr[i] == '\n' || L->clean.ptr[i] == '\t')
			L->clean.ptr[i] = ' ';
	if (tw(L, f, size, L->clean.ptr, L->clean.len) <= maxw)
		return;
	const char *ell = has(L, f, 0x2026) ? "\xE2\x80\xA6" : "...";
	double ew = tws(L, f, size, ell);
	double cum = 0;
	size_t n = 0;
	for (const char *p = L->clean.ptr; p < L->clean.ptr + L->clean.len;) {
		const char *c0 = p;
		utf8_next(&p);
		cum += tw(L, f, size, c0, (size_t)(p - c0));
		if (cum + ew > maxw)
			break;
		n = (size_t)(p - L->clean.ptr);
	}
	L->clean.len = n;
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
	const struct target *t = o->kind == OP_LINK || o->kind == OP_PAGENUM ||
	    o->kind == OP_ANCHOR ? &L->targets[o->arg] : NULL;
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
		return dv->link(dv->ctx, o->x, o->y, o->w, o->h,
		    abs_page(L, t->list, t->page), t->y);
	case OP_ANCHOR:
		if (t->level < 0)
			return 0;
		return dv->bookmark(dv->ctx, t->level, heading_text(L, t->node),
		    abs_page(L, t->list, t->page), t->y);
	case OP_PAGENUM: {
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

static int
draw(struct L *L)
{
	int npages = (int)(L->pl[FRONT].n + L->pl[BODY].n);
	for (int list = FRONT; list < NLISTS; list++) {
		for (size_t i = 0; i < L->pl[list].n; i++) {
			const struct page *pg = &L->pl[list].v[i];
			int page = abs_page(L, list, i);
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
	body(&L);
	L.section = NULL;
	title_page(&L);
	contents(&L);
	int rc = draw(&L);
	teardown(&L);
	return rc;
}
