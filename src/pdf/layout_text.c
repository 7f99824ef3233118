/* layout_text.c: text made printable in the fonts, and paragraphs set
 * into rows by the line breaker. */
#include "layout_int.h"
#include "diag.h"
#include "utf8.h"

#include <string.h>

/* s[0..len) made printable in face f into L->clean: control characters
 * and characters the face lacks become U+FFFD (or '?'), reported once per
 * corpus line.  pos is where s starts; newlines and tabs are kept.  A soft
 * hyphen is dropped: fonts draw U+00AD as a hyphen, which would print in
 * the middle of the word wherever the line does not break there (the
 * line breaker hyphenates with its patterns instead). */
void
lay_clean_text(struct L *L, enum dev_face f, const char *s, size_t len,
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
		if (cp == 0xAD) {
			col++;
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

static void
line_cb(void *arg, const struct lb_run *runs, size_t nruns, double width)
{
	struct L *L = arg;
	double size = L->para.size;
	double x = L->line_x;
	if (L->line_center && width < L->line_avail)
		x += (L->line_avail - width) / 2;
	double h = L->lead * size / L->fs;
	double base = baseline(L, FACE_REGULAR, size, h);
	/* Inline code on a light ground, as code blocks, drawn first. */
	for (size_t i = 0; i < nruns; i++) {
		enum dev_face f = runs[i].face;
		if (f != FACE_MONO && f != FACE_MONO_BOLD)
			continue;
		double pad = size * 0.12;
		double rx = x + runs[i].x - pad;
		double rw = tw(L, f, size, runs[i].s, runs[i].len) + 2 * pad;
		if (rx < L->x0)
			rx = L->x0;
		if (rx + rw > L->x1)
			rw = L->x1 - rx;
		struct op *r = lay_bop(L, OP_RECT);
		r->x = (float)rx;
		r->w = (float)rw;
		r->y = (float)(base - L->asc[f] * size - pad / 2);
		r->h = (float)((L->asc[f] + L->desc[f]) * size + pad);
		r->color = C_CODEBG;
	}
	for (size_t i = 0; i < nruns; i++)
		lay_btext(L, runs[i].face, size, x + runs[i].x, base,
		    runs[i].s, runs[i].len, C_TEXT);
	if (L->marker) {
		lay_btext(L, L->marker_face, size, L->marker_x, base, L->marker,
		    strlen(L->marker), C_TEXT);
		L->marker = NULL;
	}
	if (L->line_link >= 0) {
		struct op *k = lay_bop(L, OP_LINK);
		k->x = (float)L->line_x;
		k->w = (float)(L->x1 - L->line_x);
		k->h = (float)h;
		k->arg = (int32_t)L->line_link;
	}
	L->line_end = x + width;
	lay_row_end(L, h, 0);
}

/* Sets the paragraph in L->para from x over width points. */
void
lay_set_para(struct L *L, double x, double width, int center)
{
	L->line_x = x;
	L->line_center = center;
	L->line_avail = width;
	para_lines(&L->para, width, line_cb, L);
}

void
lay_para_text(struct L *L, enum dev_face f, const char *s, struct ol_pos pos)
{
	lay_clean_text(L, f, s, strlen(s), pos);
	para_add(&L->para, f, L->clean.ptr, L->clean.len);
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
