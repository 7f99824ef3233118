/* layout_answer.c: an answer's libcmark tree set as rows: paragraphs,
 * emphasis, code, lists, quotes, rules, and links with their address. */
#include "layout_int.h"
#include "buf.h"
#include "html.h"
#include "utf8.h"

#include <cmark.h>
#include <stdio.h>
#include <string.h>

struct list_level {
	int ordered, num;
	double item_indent;
};

/* Where the walk of one answer is. */
struct walk {
	const struct column *c;
	int emph, strong;
	double indent;
	struct list_level lists[QBIND_MAX_DEPTH + 1];
	int nlists;
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

/* One line of a code block: its background, the text wrapped at
 * character boundaries (a continuation marked by an arrow in the
 * margin of the box when the font has one). */
static void
code_line(struct L *L, const struct walk *W, const char *s, size_t len,
    double padx)
{
	const struct geom *g = L->g;
	double left = text_left(W);
	double base = baseline(L, FACE_MONO, g->code_fs, g->code_lead);
	/* Continuation lines are indented by two columns, with an arrow. */
	double cont_in = tws(L, FACE_MONO, g->code_fs, "  ");
	int cont = 0;
	do {
		double x = left + padx + (cont ? cont_in : 0);
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
			}
		}
		code_ground(L, W, g->code_lead);
		if (cont) {
			int arrow = lay_has(L, FACE_MONO, 0x21AA);
			lay_btext(L, FACE_MONO, g->code_fs, left + padx, base,
			    arrow ? "\xE2\x86\xAA" : ">", arrow ? 3 : 1, C_GREY);
		}
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
code_block(struct L *L, const struct walk *W, const struct ol_node *q,
    cmark_node *n)
{
	const struct geom *g = L->g;
	const char *lit = cmark_node_get_literal(n);
	struct ol_pos pos = ol_answer_pos(q, n);
	if (pos.line) {
		pos.line++;   /* the text starts under the fence */
		pos.col = 1;
	}
	/* Tabs become 4 columns; the cleaner keeps them, so expand after. */
	const struct buf *clean = lay_clean_text(L, FACE_MONO, lit ? lit : "",
	    lit ? strlen(lit) : 0, pos);
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
	code_pad(L, W, pad);
	for (size_t i = 0; i <= t.len && !lay_too_long(L);) {
		size_t j = i;
		while (j < t.len && t.ptr[j] != '\n')
			j++;
		code_line(L, W, t.ptr + i, j - i, g->code_fs * 0.6);
		i = j + 1;
	}
	code_pad(L, W, pad);
	buf_free(&t);
}

static void
link_url(struct L *L, const struct walk *W, const struct ol_node *q,
    cmark_node *n)
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
	para_add(&L->para, inline_face(W), " (", 2);
	lay_para_text(L, FACE_MONO, url, ol_answer_pos(q, n));
	para_add(&L->para, inline_face(W), ")", 1);
}

void
lay_answer(struct L *L, const struct ol_node *q, const struct column *col)
{
	const struct geom *g = L->g;
	cmark_iter *it = cmark_iter_new(q->as.question.answer);
	cmark_event_type ev;
	char marker[32];
	struct walk walk = { .c = col }, *W = &walk;
	lay_set_marker(L, NULL, 0, FACE_REGULAR);
	double pgap = g->lead * 0.45;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && !lay_too_long(L)) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		int enter = ev == CMARK_EVENT_ENTER;
		switch (t) {
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (enter) {
				int prose = t == CMARK_NODE_PARAGRAPH;
				para_reset(&L->para, g->fs, prose && L->opt->justify &&
				    !col->center, prose);
				if (t == CMARK_NODE_HEADING)
					W->strong++;
			} else {
				if (t == CMARK_NODE_HEADING)
					W->strong--;
				lay_set_para(L, text_left(W), text_width(W),
				    col->center && W->indent == 0 && W->nlists == 0);
				lay_gap(L, ol_cmark_in_tight_list(n) ? g->lead * 0.1 : pgap);
			}
			break;
		case CMARK_NODE_TEXT:
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_CODE: {
			const char *lit = cmark_node_get_literal(n);
			struct ol_pos pos = ol_answer_pos(q, n);
			enum dev_face f = t == CMARK_NODE_CODE ?
			    (W->strong ? FACE_MONO_BOLD : FACE_MONO) : inline_face(W);
			if (lit)
				lay_para_text(L, f, lit, pos);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			para_space(&L->para);
			break;
		case CMARK_NODE_LINEBREAK:
			para_break(&L->para);
			break;
		case CMARK_NODE_EMPH:
			W->emph += enter ? 1 : -1;
			break;
		case CMARK_NODE_LINK:
			/* On paper a link is only as good as its address. */
			if (!enter)
				link_url(L, W, q, n);
			break;
		case CMARK_NODE_STRONG:
			W->strong += enter ? 1 : -1;
			break;
		case CMARK_NODE_CODE_BLOCK:
		case CMARK_NODE_HTML_BLOCK:
			code_block(L, W, q, n);
			lay_gap(L, pgap);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			lay_rule(L, text_left(W), col->x1, g->lead / 2, 0.5f, g->lead);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			W->indent += enter ? g->fs * 1.5 : -g->fs * 1.5;
			W->emph += enter ? 1 : -1;
			break;
		case CMARK_NODE_LIST:
			if (enter && W->nlists < QBIND_MAX_DEPTH) {
				struct list_level *lv = &W->lists[W->nlists++];
				lv->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
				lv->num = cmark_node_get_list_start(n);
				lv->item_indent = g->fs * (lv->ordered ? 1.8 : 1.3);
			} else if (!enter && W->nlists > 0) {
				W->nlists--;
				if (W->nlists == 0)
					lay_gap(L, pgap);
			}
			break;
		case CMARK_NODE_ITEM: {
			struct list_level *lv = W->nlists ? &W->lists[W->nlists - 1] : NULL;
			double ii = lv ? lv->item_indent : g->fs * 1.3;
			if (enter) {
				if (lv && lv->ordered)
					snprintf(marker, sizeof(marker), "%d.", lv->num++);
				else
					snprintf(marker, sizeof(marker), "%s",
					    lay_has(L, FACE_REGULAR, 0x2022) ?
					    "\xE2\x80\xA2" : "-");
				W->indent += ii;
				lay_set_marker(L, marker, text_left(W) - ii,
				    FACE_REGULAR);
			} else {
				W->indent -= ii;
				lay_set_marker(L, NULL, 0, FACE_REGULAR);
			}
			break;
		}
		default:
			break;
		}
	}
	cmark_iter_free(it);
}
