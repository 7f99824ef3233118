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
#include "script.h"
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
	OP_PAGENUM,   /* right-aligned at x: the page of target arg */
	OP_BOX,       /* an outlined square or cell: x, y bottom-left, w, h;
	               * size: the stroke */
	OP_URI        /* rect x, y, w, h opening address arg (lay_url) */
};

enum color { C_TEXT, C_GREY, C_CODEBG, C_RULE, C_LEADER, NCOLORS };

struct op {
	float x, y, w, h;
	float size;
	uint32_t off, len;
	int32_t arg;
	uint8_t kind, face, color;
};

struct page {
	size_t op0, nops;
	const struct ol_node *section;  /* for the running header */
	int opens_section;              /* its heading is the page's first line */
};

/* The front matter (title page, contents) and the body are laid out
 * apart, the body first, and printed front first. */
enum { FRONT, BODY, NLISTS };

/* A heading, question or untitled section that something points at: a
 * bookmark, a contents line, a link.  layout.c makes them, layout_page.c
 * notes where they land, layout_front.c and layout_draw.c read them. */
struct target {
	const struct ol_node *node;
	const char *title;   /* the bookmark's of a target without a node */
	int level;
	int list;
	size_t page;   /* in list */
	float y;
};

/* Whether t is a heading's bookmark, which the contents list, rather
 * than a question's, the interviewer sheet's summary's or answer key's
 * (no node: the sheet has no contents page), or none. */
static inline int
lay_listed(const struct target *t)
{
	return t->level >= 0 && t->node != NULL &&
	    t->node->kind != OL_QUESTION;
}

struct targets {
	struct target *v;
	size_t n, cap;
};

/* The content box and the type sizes (points), set once before anything
 * is laid out and only read after. */
struct geom {
	double x0, x1, top, bottom, content_h;
	double fs, lead, code_fs, code_lead;
	double qindent;       /* the question text's indent: numbers hang in it */
	double asc[NFACES], desc[NFACES];
};

struct pages;     /* layout_page.c: operations, pages, the block being built */
struct text;      /* layout_text.c: cleaning, glyph cache, the lines being set */

/* What more than one part reads or writes.  Each part's own state sits
 * behind its pointer, defined in that part. */
struct L {
	const struct outline *o;
	const struct layout_opts *opt;
	const struct device *dev;
	struct diag *d;
	const struct geom *g;
	struct meter meter;
	struct para para;
	struct targets t;
	struct ol_pos where;  /* what is being laid out, for the messages */
	struct pages *pg;
	struct text *tx;
	/* By question seq: the target of a follow-up group's parent
	 * question (display.parent_question), which its subheading links
	 * to; -2: a parent not laid out yet; -1: no follow-up names it. */
	long *qtarget;
	/* Drawing: the document's script, and the language of the text
	 * the device draws now ("": the document's; layout_draw.c). */
	struct script script;
	const char *lang;
	double text_y;        /* the baseline of the last text drawn */
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

static inline double
baseline(struct L *L, enum dev_face f, double size, double lead)
{
	double a = L->g->asc[f] * size, dsc = L->g->desc[f] * size;
	return (lead - (a + dsc)) / 2 + a;
}

/* layout_page.c: blocks of rows, and their placement on pages. */
struct pages *lay_pages_new(void);
void lay_pages_free(struct pages *pg);
/* Where pages go from now on (FRONT or BODY), with no section under way. */
void lay_set_list(struct L *L, int list);
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
/* The rows of the block being built. */
size_t lay_nrows(const struct L *L);
void lay_set_row_height(struct L *L, size_t row, double h);
/* The text in the block's rows from row on drawn in grey. */
void lay_grey_rows(struct L *L, size_t row);
/* Starts a page in the current list, and returns it. */
struct page *lay_new_page(struct L *L);
double lay_rows_height(const struct L *L, size_t a, size_t b);
/* cont: the number shown again where the block goes on over a page,
 * or NULL. */
void lay_place_block(struct L *L, size_t keep_rows, const char *cont);
/* Rows [a, b) of the block go on one page when they can (b past the
 * rows built: with the rows to come). */
void lay_keep_rows(struct L *L, size_t a, size_t b);
/* The n operations of row a from operation o0 on, its first, go after
 * those of the last row built (the rows since a kept on one page, at
 * most half a page: else nothing moves), where they were drawn before:
 * what stands beside a text, drawn after it, so that text extraction
 * and screen readers, which follow the contents, read the text first. */
void lay_defer_ops(struct L *L, size_t a, size_t o0, size_t n);
/* The operations of the block so far, built rows and the row being
 * built. */
size_t lay_nops(const struct L *L);
/* The row after the nlines-th row from row from that holds text (a
 * line), or the number of rows. */
size_t lay_text_rows_end(const struct L *L, size_t from, size_t nlines);
/* After the body: a last page holding one line takes lines from the
 * page before, when that one can spare them. */
void lay_balance(struct L *L);
/* Whether the document has gone past QBIND_MAX_PAGES.  The first time,
 * it says so at L->where; from then on blocks are not placed and rows
 * and operations reuse the same few slots, so that the rest of the
 * walk costs time linear in the corpus but no memory. */
int lay_too_long(const struct L *L);
/* The pages laid out, for drawing. */
size_t lay_npages(const struct L *L, int list);
const struct page *lay_page(const struct L *L, int list, size_t i);
const struct op *lay_page_ops(const struct L *L, const struct page *p);
const char *lay_op_text(const struct L *L, const struct op *o);

/* layout_text.c: text made printable, and paragraphs set into rows. */
struct text *lay_text_new(void);
void lay_text_free(struct text *tx);
/* Whether face f has a glyph for cp. */
int lay_has(struct L *L, enum dev_face f, uint32_t cp);
/* s made printable in face f, in a buffer of layout_text.c's that keeps
 * it until the next call. */
struct buf *lay_clean_text(struct L *L, enum dev_face f, const char *s,
    size_t len, struct ol_pos pos);
/* A question number or list marker set at x in face f beside the next
 * line set (NULL: none). */
void lay_set_marker(struct L *L, const char *s, double x, enum dev_face f);
/* The pending marker drawn at baseline base of the row being built. */
void lay_put_marker(struct L *L, double size, double base);
/* Every line set from now links to target (-1: none). */
void lay_link_lines(struct L *L, long target);
/* Text added to the paragraph from now on opens url when clicked (NULL:
 * the link ends): each line's piece of it gets a clickable area. */
void lay_url_begin(struct L *L, const char *url);
/* The address of an OP_URI. */
const char *lay_url(const struct L *L, int32_t k);
/* Where the last line set ends (where the last paragraph starts when it
 * set none). */
double lay_line_end(const struct L *L);
void lay_set_para(struct L *L, double x, double width, int center);
void lay_para_text(struct L *L, enum dev_face f, const char *s,
    struct ol_pos pos);
void lay_simple_para(struct L *L, enum dev_face f, double size, const char *s,
    struct ol_pos pos, double x, double width, int center, int justify);

/* The column an answer is set in: from x0 + ind to x1 (x0, qindent and
 * x1 for the body; a narrower centred column for the document's
 * description on the title page), its paragraphs centred when center is
 * set. */
struct column {
	double x0, ind, x1;
	int center;
};

/* layout_answer.c: the answer of question q as rows of the block in
 * column c; q may be the document, whose answer is its description. */
void lay_answer(struct L *L, const struct ol_node *q, const struct column *c);

/* layout.c: question q's text set from x over width w, its number at
 * xnum; the number to show again on a page it goes on to, or NULL.
 * QT_RAGGED: ragged and unhyphenated, else as the body text;
 * QT_NUMBER_FIRST: the number drawn before the text (text extraction
 * reads it first), else beside the first line once it is set. */
enum { QT_RAGGED = 1, QT_NUMBER_FIRST = 2 };
const char *lay_question_text(struct L *L, const struct ol_node *q,
    enum dev_face f, double xnum, double x, double w, int flags);
/* A follow-up group's secondary line («к вопросу 1», display.subheading)
 * under its heading, linked to its parent question when the document has
 * it (layout.c); nothing for other nodes. */
void lay_subheading(struct L *L, const struct ol_node *n);
/* Heading n in bold at size with its secondary line after it on the same
 * line, in italic (the compact sheet's headings, which must stay one
 * line), linked as lay_subheading links. */
void lay_heading_line(struct L *L, const struct ol_node *n, double size);
/* The bookmark and contents target of heading n at level, placed in the
 * row being built, after the pending mark of an untitled section. */
void lay_heading_anchor(struct L *L, const struct ol_node *n, int level,
    long *untitled);
/* A top-level bookmark titled title in the row being built (the sheet's
 * score summary and answer key). */
void lay_title_anchor(struct L *L, const char *title);
/* layout_draw.c: question q's bookmark title into b (emptied first):
 * its number and text as printed, cut at a word near QTITLE_MAX
 * characters with an ellipsis. */
enum { QTITLE_MAX = 80 };
void lay_question_title(const struct ol_node *q, struct buf *b);

/* layout_sheet.c: the interviewer's sheet. */
/* Whether this is the compact sheet, whose headings are the sheet's. */
int lay_sheet_compact(const struct L *L);
/* The header block that opens the sheet's first page. */
void lay_sheet_header(struct L *L);
/* A compact heading of rank 0 or 1. */
void lay_sheet_heading(struct L *L, const struct ol_node *n, int rank,
    long *untitled);
/* Question q with its boxes, key points and note lines, as question()
 * (layout.c) returns. */
const char *lay_sheet_question(struct L *L, const struct ol_node *q);
/* The score summary and the answer key at the back, after the body. */
void lay_sheet_end(struct L *L);

/* layout_front.c: the title page and the contents, after the body. */
void lay_title_page(struct L *L);
void lay_contents(struct L *L);

/* layout_draw.c: every page through the device; 0 or -1. */
int lay_draw(struct L *L);

#endif
