/* layout_answer.c: an answer's libcmark tree set as rows: paragraphs,
 * emphasis, code, lists, quotes, rules, and links with their address. */
#include "layout_int.h"
#include "buf.h"
#include "answer_walk.h"
#include "utf8.h"

#include <cmark.h>
#include <stdio.h>
#include <string.h>

struct list_level {
	int ordered, num;
	double item_indent;
};

/* Where the walk of one answer is: what its events read and change. */
struct walk {
	const struct ol_node *q;    /* whose answer */
	const struct column *c;
	int emph, strong;           /* open emphasis, strong emphasis */
	double indent;              /* of quotes and list items */
	struct list_level lists[QBIND_MAX_DEPTH + 1];
	int nlists;
	char marker[32];            /* the list item's, while it is pending */
};

static enum dev_face
inline_face(const struct walk *W)
{
	if (W->strong && W->emph)
		return FACE_BOLD_ITALIC;
	if (W->strong)
		return FACE_BOLD;
	if (W->emph)
		return FACE_ITALIC;
	return FACE_REGULAR;
}

/* Nesting indents no further than half the text width, so that deep
 * quotes and lists (the reader allows 64 levels) still fit a line. */
static double
text_left(const struct walk *W)
{
	const struct column *c = W->c;
	double room = (c->x1 - c->x0 - c->ind) / 2;
	return c->x0 + c->ind + (W->indent < room ? W->indent : room);
}

static double
text_width(const struct walk *W)
{
	return W->c->x1 - text_left(W);
}

/* The light ground of a code block across the text width, h high. */
static void
code_ground(struct L *L, const struct walk *W, double h)
{
	struct op *r = lay_bop(L, OP_RECT);
	r->x = (float)text_left(W);
	r->y = 0;
	r->w = (float)(W->c->x1 - text_left(W));
	r->h = (float)h;
	r->color = C_CODEBG;
}

/* Where a wrapped line of code s[0..n) breaks best: after its last
 * space when that keeps most of the line, else at n (a character). */
static size_t
code_wrap_at(const char *s, size_t n)
{
	for (size_t i = n; i > n / 2; i--)
		if (s[i - 1] == ' ')
			return i;
	return n;
}

/* One line of a code block: its background, the text wrapped after a
 * space or at a character boundary, each continuation starting with an
 * arrow (↪ when the font has it) indented two columns, so that it never
 * reads as a line of its own at the code's left edge. */
static void
code_line(struct L *L, const struct walk *W, const char *s, size_t len,
    double padx)
{
	const struct geom *g = L->g;
	double left = text_left(W);
	double base = baseline(L, FACE_MONO, g->code_fs, g->code_lead);
	double col2 = tws(L, FACE_MONO, g->code_fs, "  ");
	int arrow = lay_has(L, FACE_MONO, 0x21AA);
	int cont = 0;
	do {
		/* A continuation: two columns, the arrow, a space. */
		double x = left + padx + (cont ? 2 * col2 : 0);
		double avail = W->c->x1 - padx - x;
		size_t n = len;
		/* Measured no further than the line: a 64 KB line of code
		 * is many rows, and each row measures only itself. */
		if (meter_width_max(&L->meter, FACE_MONO, g->code_fs, s, len,
		    avail) > avail) {
			n = fit_prefix(L, FACE_MONO, g->code_fs, s, len, 0, avail);
			if (n == 0) {
				const char *p = s;
				utf8_next(&p);
				n = (size_t)(p - s);
			} else
				n = code_wrap_at(s, n);
		}
		code_ground(L, W, g->code_lead);
		if (cont)
			lay_btext(L, FACE_MONO, g->code_fs, left + padx + col2, base,
			    arrow ? "\xE2\x86\xAA" : ">", arrow ? 3 : 1, C_GREY);
		lay_btext(L, FACE_MONO, g->code_fs, x, base, s, n, C_TEXT);
		lay_put_marker(L, g->fs, base);
		lay_row_end(L, g->code_lead, 0);
		s += n;
		len -= n;
		cont = 1;
	} while (len > 0);
}

static void
code_pad(struct L *L, const struct walk *W, double h)
{
	code_ground(L, W, h);
	lay_row_end(L, h, 0);
}

static void
code_block(struct L *L, const struct walk *W, const struct aw_step *s)
{
	const struct geom *g = L->g;
	struct ol_pos pos = ol_answer_pos(W->q, s->node);
	if (pos.line) {
		pos.line++;   /* the text starts under the fence */
		pos.col = 1;
	}
	/* Tabs become 4 columns; the cleaner keeps them, so expand after. */
	const struct buf *clean = lay_clean_text(L, FACE_MONO, s->literal,
	    strlen(s->literal), pos);
	struct buf t = BUF_INIT;
	size_t col = 0;
	for (size_t i = 0; i < clean->len; i++) {
		char c = clean->ptr[i];
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
	double pad = g->code_fs * 0.45;
	size_t r0 = lay_nrows(L);
	code_pad(L, W, pad);
	for (size_t i = 0; i <= t.len && !lay_too_long(L);) {
		size_t j = i;
		while (j < t.len && t.ptr[j] != '\n')
			j++;
		code_line(L, W, t.ptr + i, j - i, g->code_fs * 0.6);
		i = j + 1;
	}
	code_pad(L, W, pad);
	/* Its first two lines and its last two stay together, with the
	 * padding rows. */
	size_t r1 = lay_nrows(L);
	lay_keep_rows(L, r0, r0 + 3 < r1 ? r0 + 3 : r1);
	lay_keep_rows(L, r1 >= r0 + 3 ? r1 - 3 : r0, r1);
	buf_free(&t);
}

/* On paper a link is only as good as its address: shown after its text,
 * unless the text is the address already.  On screen both open it (a
 * link whose address is unsafe, javascript: say, is plain text). */
static void
link_url(struct L *L, const struct walk *W, const struct aw_step *s)
{
	lay_url_begin(L, NULL);
	if (!s->safe || s->shows_url)
		return;
	para_add(&L->para, inline_face(W), " (", 2);
	lay_url_begin(L, s->url);
	lay_para_text(L, FACE_MONO, s->url, ol_answer_pos(W->q, s->node));
	lay_url_begin(L, NULL);
	para_add(&L->para, inline_face(W), ")", 1);
}

/* The space after a paragraph, a code block or a whole list. */
static double
para_gap(const struct L *L)
{
	return L->g->lead * 0.45;
}

static void
para_event(struct L *L, struct walk *W, const struct aw_step *s)
{
	const struct column *c = W->c;
	int prose = s->type == CMARK_NODE_PARAGRAPH;
	if (s->enter) {
		para_reset(&L->para, L->g->fs, prose && L->opt->justify &&
		    !c->center, prose);
		W->strong += !prose;
		return;
	}
	W->strong -= !prose;
	size_t r0 = lay_nrows(L);
	lay_set_para(L, text_left(W), text_width(W),
	    c->center && W->indent == 0 && W->nlists == 0);
	/* A heading stays with the line that follows it. */
	if (!prose)
		lay_keep_rows(L, r0, lay_nrows(L) + 1);
	lay_gap(L, s->tight ? L->g->lead * 0.1 : para_gap(L));
}

static void
list_event(struct L *L, struct walk *W, const struct aw_step *s)
{
	if (s->enter && W->nlists < QBIND_MAX_DEPTH) {
		struct list_level *lv = &W->lists[W->nlists++];
		lv->ordered = s->ordered;
		lv->num = s->list_start;
		lv->item_indent = L->g->fs * (lv->ordered ? 1.8 : 1.3);
	} else if (!s->enter && W->nlists > 0) {
		W->nlists--;
		if (W->nlists == 0)
			lay_gap(L, para_gap(L));
	}
}

static void
item_event(struct L *L, struct walk *W, const struct aw_step *s)
{
	struct list_level *lv = W->nlists ? &W->lists[W->nlists - 1] : NULL;
	double ii = lv ? lv->item_indent : L->g->fs * 1.3;
	if (!s->enter) {
		W->indent -= ii;
		lay_set_marker(L, NULL, 0, FACE_REGULAR);
		return;
	}
	if (lv && lv->ordered)
		snprintf(W->marker, sizeof(W->marker), "%d.", lv->num++);
	else
		snprintf(W->marker, sizeof(W->marker), "%s",
		    lay_has(L, FACE_REGULAR, 0x2022) ? "\xE2\x80\xA2" : "-");
	W->indent += ii;
	lay_set_marker(L, W->marker, text_left(W) - ii, FACE_REGULAR);
}

/* Text, code spans, breaks, emphasis and links: what goes into the
 * paragraph being built.  0 when s is not one of them. */
static int
inline_event(struct L *L, struct walk *W, const struct aw_step *s)
{
	int d = s->enter ? 1 : -1;
	switch (s->type) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_HTML_INLINE:
		lay_para_text(L, inline_face(W), s->literal,
		    ol_answer_pos(W->q, s->node));
		break;
	case CMARK_NODE_CODE:
		lay_para_text(L, W->strong ? FACE_MONO_BOLD : FACE_MONO,
		    s->literal, ol_answer_pos(W->q, s->node));
		break;
	case CMARK_NODE_SOFTBREAK:
		para_space(&L->para);
		break;
	case CMARK_NODE_LINEBREAK:
		para_break(&L->para);
		break;
	case CMARK_NODE_EMPH:
		W->emph += d;
		break;
	case CMARK_NODE_STRONG:
		W->strong += d;
		break;
	case CMARK_NODE_LINK:
		if (!s->enter)
			link_url(L, W, s);
		else if (s->safe)
			lay_url_begin(L, s->url);
		break;
	default:
		return 0;
	}
	return 1;
}

static void
block_event(struct L *L, struct walk *W, const struct aw_step *s)
{
	const struct geom *g = L->g;
	switch (s->type) {
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
		para_event(L, W, s);
		break;
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
		code_block(L, W, s);
		lay_gap(L, para_gap(L));
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		lay_rule(L, text_left(W), W->c->x1, g->lead / 2, 0.5f, g->lead);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		W->indent += s->enter ? g->fs * 1.5 : -g->fs * 1.5;
		W->emph += s->enter ? 1 : -1;
		break;
	case CMARK_NODE_LIST:
		list_event(L, W, s);
		break;
	case CMARK_NODE_ITEM:
		item_event(L, W, s);
		break;
	default:
		break;
	}
}

void
lay_answer(struct L *L, const struct ol_node *q, const struct column *c)
{
	struct answer_walk w;
	const struct aw_step *s;
	struct walk W = { .q = q, .c = c };
	lay_set_marker(L, NULL, 0, FACE_REGULAR);
	aw_start(&w, q->as.question.answer, typo_lang_of(q->display.lang));
	while ((s = aw_next(&w)) != NULL && !lay_too_long(L))
		if (!inline_event(L, &W, s))
			block_event(L, &W, s);
	aw_end(&w);
}
