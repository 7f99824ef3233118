/* layout_int.h: what the parts of the page layout share (layout.c,
 * layout_page.c, layout_text.c, layout_answer.c, layout_front.c,
 * layout_draw.c).  Private to the layout: only those files include it. */
#ifndef QBIND_LAYOUT_INT_H
#define QBIND_LAYOUT_INT_H

#include "layout.h"
#include "buf.h"
#include "linebreak.h"
#include "measure.h"
#include "outline.h"
#include "qbind.h"
#include "utf8.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct diag;
struct hyph;

enum op_kind {
	OP_TEXT,      /* x, y baseline; off/len text; face, size */
	OP_RECT,      /* x, y bottom-left, w, h */
	OP_LINE,      /* x, y to w, h (the other end) */
	OP_LINK,      /* rect x, y, w, h going to target arg */
	OP_ANCHOR,    /* y: where target arg is; drawn as its bookmark */
	OP_PAGENUM    /* right-aligned at x: the page of target arg */
};

enum color { C_TEXT, C_GREY, C_CODEBG, C_RULE, C_LEADER, NCOLORS };

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
	int ordered, num;
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

	/* QBIND_MAX_PAGES: the height of the block's rows that are not
	 * gaps, and once the document is past the cap, too_long, after
	 * which nothing more is kept (see lay_too_long). */
	double block_h;
	int too_long;
	struct ol_pos where;  /* what is being laid out, for the message */

	/* Line callback state. */
	double line_x;        /* left edge of the lines being set */
	int line_center;
	double line_avail;
	const char *marker;   /* list marker for the next first line */
	double marker_x;
	enum dev_face marker_face;
	double line_end;      /* where the last line set ends */
	long line_link;       /* >= 0: every line links to this target */
	long untitled;        /* >= 0: target of an untitled section to place */
	const char *cont_number; /* number of the question being placed,
	                          * when it hangs in the indent */

	/* Answer walk.  An answer is set from ans_x0 + ans_ind to ans_x1
	 * (x0, qindent and x1 for the body; a narrower centred column
	 * for the document's description on the title page), its
	 * paragraphs centred when ans_center is set. */
	double ans_x0, ans_ind, ans_x1;
	int ans_center;
	int emph, strong;
	double indent;
	struct list_level lists[QBIND_MAX_DEPTH + 1];
	int nlists;

	/* Cleaning. */
	struct buf clean;
	uint8_t *gcache;      /* NFACES x 0x800: 0 unknown, 1 has, 2 lacks */
	const char *warn_file;
	uint32_t warn_line;
};

/* Measuring, which every part does, in loops over characters too: inline,
 * so that the split costs no calls. */

static inline double
tw(struct L *L, enum dev_face f, double size, const char *s, size_t len)
{
	return meter_width(&L->meter, f, size, s, len);
}

static inline double
tws(struct L *L, enum dev_face f, double size, const char *s)
{
	return tw(L, f, size, s, strlen(s));
}

/* The bytes of the longest prefix of s[0..len) whose width plus extra
 * stays within maxw, measured character by character. */
static inline size_t
fit_prefix(struct L *L, enum dev_face f, double size, const char *s,
    size_t len, double extra, double maxw)
{
	double cum = 0;
	size_t n = 0;
	for (const char *p = s; p < s + len;) {
		const char *c0 = p;
		utf8_next(&p);
		cum += tw(L, f, size, c0, (size_t)(p - c0));
		if (cum + extra > maxw)
			break;
		n = (size_t)(p - s);
	}
	return n;
}

static inline int
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

static inline double
baseline(struct L *L, enum dev_face f, double size, double lead)
{
	double a = L->asc[f] * size, dsc = L->desc[f] * size;
	return (lead - (a + dsc)) / 2 + a;
}

/* layout_page.c: blocks of rows, and their placement on pages. */
struct op *lay_bop(struct L *L, enum op_kind k);
void lay_row_end(struct L *L, double h, int discard);
/* A row of height h dropped at the top of a page. */
void lay_gap(struct L *L, double h);
void lay_btext(struct L *L, enum dev_face f, double size, double x, double dy,
    const char *s, size_t len, enum color c);
void lay_extend_last_row(struct L *L);
/* A row of height h holding a rule from xa to xb, y below its top,
 * thick points wide. */
void lay_rule(struct L *L, double xa, double xb, double y, float thick,
    double h);
/* Starts a page in the current list, and returns it. */
struct page *lay_new_page(struct L *L);
double lay_rows_height(const struct L *L, size_t a, size_t b, int at_top);
void lay_place_block(struct L *L, size_t keep_rows, size_t min_rows);
/* Whether the document has gone past QBIND_MAX_PAGES.  The first time,
 * it says so at L->where; from then on blocks are not placed and rows
 * and operations reuse the same few slots, so that the rest of the
 * walk costs time linear in the corpus but no memory. */
int lay_too_long(struct L *L);

/* layout_text.c: text made printable, and paragraphs set into rows. */
void lay_clean_text(struct L *L, enum dev_face f, const char *s, size_t len,
    struct ol_pos pos);
void lay_set_para(struct L *L, double x, double width, int center);
void lay_para_text(struct L *L, enum dev_face f, const char *s,
    struct ol_pos pos);
void lay_simple_para(struct L *L, enum dev_face f, double size, const char *s,
    struct ol_pos pos, double x, double width, int center, int justify);

/* layout.c: the text of a heading, a label for an untitled one. */
const char *lay_heading_text(const struct L *L, const struct ol_node *n);

/* layout_answer.c: the answer of question q as rows of the block; q may
 * be the document, whose answer is its description. */
void lay_answer(struct L *L, const struct ol_node *q);

/* layout_front.c: the title page and the contents, after the body. */
void lay_title_page(struct L *L);
void lay_contents(struct L *L);

/* layout_draw.c: every page through the device; 0 or -1. */
int lay_draw(struct L *L);

#endif
