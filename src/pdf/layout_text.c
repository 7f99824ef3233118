/* layout_text.c: text made printable in the fonts, and paragraphs set
 * into rows by the line breaker. */
#include "layout_int.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Glyphs looked up in the device once: the first 0x800 code points of
 * each face, which is where the text of a corpus mostly is. */
enum { GCACHED = 0x800 };

struct text {
	struct buf clean;       /* lay_clean_text's result */
	uint8_t *gcache;        /* NFACES x GCACHED: 0 unknown, 1 has,
	                         * 2 lacks */
	const char *warn_file;  /* the corpus line last warned about */
	uint32_t warn_line;

	/* The paragraph being set, for line_cb. */
	double line_x;          /* left edge of the lines */
	int line_center;
	double line_avail;
	const char *marker;     /* list marker for the next first line */
	double marker_x;
	enum dev_face marker_face;
	double line_end;        /* where the last line set ends */
	long line_link;         /* >= 0: every line links to this target */
	/* The addresses of links in answers (lay_url_begin), for the
	 * whole document: para.link k and OP_URI k name url[k - 1]. */
	char **url;
	size_t nurl, cap_url;
};

struct text *
lay_text_new(void)
{
	struct text *T = xcalloc(1, sizeof(*T));
	T->clean = (struct buf)BUF_INIT;
	T->gcache = xcalloc(NFACES, GCACHED);
	T->marker_face = FACE_REGULAR;
	T->line_link = -1;
	return T;
}

void
lay_text_free(struct text *T)
{
	for (size_t i = 0; i < T->nurl; i++)
		free(T->url[i]);
	free(T->url);
	buf_free(&T->clean);
	free(T->gcache);
	free(T);
}

/* The cache and the device as arguments: the cleaning loop keeps them
 * in registers. */
static inline int
has(uint8_t *gcache, const struct device *dev, enum dev_face f, uint32_t cp)
{
	if (cp < GCACHED) {
		uint8_t *c = &gcache[(size_t)f * GCACHED + cp];
		if (*c == 0)
			*c = dev->has_glyph(dev->ctx, f, cp) ? 1 : 2;
		return *c == 1;
	}
	return dev->has_glyph(dev->ctx, f, cp);
}

int
lay_has(struct L *L, enum dev_face f, uint32_t cp)
{
	return has(L->tx->gcache, L->dev, f, cp);
}

/* s[0..len) made printable in face f: control characters
 * and characters the face lacks become U+FFFD (or '?'), reported once per
 * corpus line.  pos is where s starts; newlines and tabs are kept.  A soft
 * hyphen is dropped: fonts draw U+00AD as a hyphen, which would print in
 * the middle of the word wherever the line does not break there (the
 * line breaker hyphenates with its patterns instead). */
struct buf *
lay_clean_text(struct L *L, enum dev_face f, const char *s, size_t len,
    struct ol_pos pos)
{
	struct text *T = L->tx;
	uint8_t *gc = T->gcache;
	const struct device *dev = L->dev;
	buf_clear(&T->clean);
	uint32_t line = pos.line, col = pos.col;
	for (const char *p = s, *end = s + len; p < end;) {
		const char *c0 = p;
		uint32_t cp = utf8_next(&p);
		if (cp == '\n') {
			buf_putc(&T->clean, '\n');
			line++;
			col = 1;
			continue;
		}
		if (cp == 0xAD) {
			col++;
			continue;
		}
		int ok = cp == '\t' || (cp >= 0x20 && !(cp >= 0x7F && cp < 0xA0) &&
		    has(gc, dev, f, cp));
		if (ok)
			buf_put(&T->clean, c0, (size_t)(p - c0));
		else {
			if (has(gc, dev, f, 0xFFFD))
				BUF_PUTSL(&T->clean, "\xEF\xBF\xBD");
			else
				buf_putc(&T->clean, '?');
			if (pos.line && (T->warn_file != pos.file ||
			    T->warn_line != line)) {
				T->warn_file = pos.file;
				T->warn_line = line;
				diag_msg(L->d, MSG_GLYPH, pos.file, line, col,
				    (unsigned)cp,
				    has(gc, dev, f, 0xFFFD) ? "U+FFFD" : "'?'");
			}
		}
		col++;
	}
	return &T->clean;
}

void
lay_set_marker(struct L *L, const char *s, double x, enum dev_face f)
{
	L->tx->marker = s;
	L->tx->marker_x = x;
	L->tx->marker_face = f;
}

void
lay_put_marker(struct L *L, double size, double base)
{
	struct text *T = L->tx;
	if (T->marker) {
		lay_btext(L, T->marker_face, size, T->marker_x, base, T->marker,
		    strlen(T->marker), C_TEXT);
		T->marker = NULL;
	}
}

void
lay_link_lines(struct L *L, long target)
{
	L->tx->line_link = target;
}

void
lay_url_begin(struct L *L, const char *url)
{
	struct text *T = L->tx;
	if (url == NULL) {
		L->para.link = 0;
		return;
	}
	/* A link given again (its text, then its address) keeps its number. */
	if (T->nurl == 0 || strcmp(T->url[T->nurl - 1], url) != 0) {
		if (T->nurl == T->cap_url) {
			T->cap_url = T->cap_url ? 2 * T->cap_url : 16;
			T->url = xrealloc(T->url, T->cap_url * sizeof(*T->url));
		}
		T->url[T->nurl++] = xstrdup(url);
	}
	L->para.link = (uint32_t)T->nurl;
}

const char *
lay_url(const struct L *L, int32_t k)
{
	return L->tx->url[k - 1];
}

/* A clickable area over each stretch of runs of one link on the line
 * set at x, h high: the link's text only, not the spaces around it. */
static void
url_boxes(struct L *L, const struct lb_run *runs, size_t nruns, double x,
    double size, double h)
{
	for (size_t i = 0; i < nruns;) {
		uint32_t k = runs[i].link;
		size_t j = i + 1;
		while (j < nruns && k && runs[j].link == k)
			j++;
		if (k) {
			const struct lb_run *e = &runs[j - 1];
			double x1 = e->x + tw(L, e->face, size, e->s, e->len);
			struct op *o = lay_bop(L, OP_URI);
			o->x = (float)(x + runs[i].x);
			o->w = (float)(x1 - runs[i].x);
			o->h = (float)h;
			o->arg = (int32_t)k;
		}
		i = j;
	}
}

double
lay_line_end(const struct L *L)
{
	return L->tx->line_end;
}

static void
line_cb(void *arg, const struct lb_run *runs, size_t nruns, double width)
{
	struct L *L = arg;
	const struct geom *g = L->g;
	struct text *T = L->tx;
	double size = L->para.size;
	double x = T->line_x;
	if (T->line_center && width < T->line_avail)
		x += (T->line_avail - width) / 2;
	double h = g->lead * size / g->fs;
	double base = baseline(L, FACE_REGULAR, size, h);
	/* Inline code on a light ground, as code blocks, drawn first. */
	for (size_t i = 0; i < nruns; i++) {
		enum dev_face f = runs[i].face;
		if (!dev_face_mono(f))
			continue;
		double pad = size * 0.12;
		double rx = x + runs[i].x - pad;
		double rw = tw(L, f, size, runs[i].s, runs[i].len) + 2 * pad;
		if (rx < g->x0)
			rx = g->x0;
		if (rx + rw > g->x1)
			rw = g->x1 - rx;
		struct op *r = lay_bop(L, OP_RECT);
		r->x = (float)rx;
		r->w = (float)rw;
		r->y = (float)(base - g->asc[f] * size - pad / 2);
		r->h = (float)((g->asc[f] + g->desc[f]) * size + pad);
		r->color = C_CODEBG;
	}
	/* The number or list marker before the text it stands beside, in
	 * the order it is read. */
	lay_put_marker(L, size, base);
	for (size_t i = 0; i < nruns; i++)
		lay_btext(L, runs[i].face, size, x + runs[i].x, base,
		    runs[i].s, runs[i].len, C_TEXT);
	url_boxes(L, runs, nruns, x, size, h);
	if (T->line_link >= 0) {
		struct op *k = lay_bop(L, OP_LINK);
		k->x = (float)T->line_x;
		k->w = (float)(g->x1 - T->line_x);
		k->h = (float)h;
		k->arg = (int32_t)T->line_link;
	}
	T->line_end = x + width;
	lay_row_end(L, h, 0);
}

/* Sets the paragraph in L->para from x over width points. */
void
lay_set_para(struct L *L, double x, double width, int center)
{
	struct text *T = L->tx;
	T->line_x = x;
	T->line_center = center;
	T->line_avail = width;
	T->line_end = x;
	size_t r0 = lay_nrows(L);
	para_lines(&L->para, width, line_cb, L);
	/* No first line alone at a page's foot (an orphan), no last line
	 * alone at a page's head (a widow). */
	size_t r1 = lay_nrows(L);
	if (r1 - r0 >= 2) {
		lay_keep_rows(L, r0, r0 + 2);
		lay_keep_rows(L, r1 - 2, r1);
	}
}

void
lay_para_text(struct L *L, enum dev_face f, const char *s, struct ol_pos pos)
{
	const struct buf *t = lay_clean_text(L, f, s, strlen(s), pos);
	para_add(&L->para, f, t->ptr, t->len);
}

/* A whole paragraph of one string. */
void
lay_simple_para(struct L *L, enum dev_face f, double size, const char *s,
    struct ol_pos pos, double x, double width, int center, int justify)
{
	para_reset(&L->para, size, justify, 0);
	lay_para_text(L, f, s, pos);
	lay_set_para(L, x, width, center);
}
