/* epub_cover.c: the book's cover, drawn as an SVG (title, subtitle, what
 * the book holds, author) and the page that shows it first.
 *
 * An SVG's text does not wrap, and the reader draws it with a font of its
 * own, so lines are broken here by an estimate of each character's width
 * that errs wide (DejaVu Sans Bold's, among the widest faces a reader may
 * pick): a line drawn in a narrower face is only a little short, never
 * past the edge.  The same text always gives the same cover.
 */
#include "epub_int.h"
#include "buf.h"
#include "outline.h"
#include "qbind.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

/* The drawing's units: a 2:3 page, as e-book stores ask of covers. */
enum { COVER_W = 600, COVER_H = 900, COVER_MARGIN = 60 };

#define COVER_FONT "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"

/* A character's advance in em, a little over DejaVu Sans Bold's. */
static double
char_em(uint32_t c)
{
	if (c == ' ' || c == 0xA0)
		return 0.35;
	if (c < 0x80 && c != 0 && strchr("iljtfr.,:;!'|()[]{}-", (int)c))
		return 0.5;
	if (c == 'm' || c == 'w' || c == 'M' || c == 'W' || c == 0x2014 ||
	    c == 0x416 || c == 0x428 || c == 0x429 || c == 0x42B || c == 0x42E ||
	    c == 0x436 || c == 0x448 || c == 0x449 || c == 0x44B || c == 0x44E ||
	    c == 0x43C || c == 0x41C)
		return 1.05;
	if ((c >= 'A' && c <= 'Z') || (c >= 0x410 && c <= 0x42F) || c == 0x401)
		return 0.82;
	if (c >= 'a' && c <= 'z')
		return 0.7;
	if (c >= 0x430 && c <= 0x45F)
		return 0.76;
	if (c >= '0' && c <= '9')
		return 0.72;
	if (c >= 0x2E80)            /* CJK and other wide scripts */
		return 1.05;
	return 0.8;
}

static double
text_em(const char *s, size_t n)
{
	const char *end = s + n;
	double w = 0;
	while (s < end)
		w += char_em(utf8_next(&s));
	return w;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The end of the word at p; a one-letter word («к», "a") takes the next
 * word with it, so that no line ends in one. */
static const char *
word_end(const char *p)
{
	for (;;) {
		const char *start = p;
		while (*p && !is_space(*p))
			p++;
		const char *q = start;
		(void)utf8_next(&q);
		if (q != p || *p == '\0')
			return p;
		while (is_space(*q))
			q++;
		if (*q == '\0')
			return p;
		p = q;
	}
}

struct wrap {
	struct buf lines;      /* the lines, each ended by '\n' */
	size_t n;
	int split;             /* a word was broken between characters */
	double room, used;     /* the line's width and what it holds, in em */
};

static void
wrap_newline(struct wrap *w)
{
	buf_putc(&w->lines, '\n');
	w->n++;
	w->used = 0;
}

/* A word wider than a line, a character at a time. */
static void
wrap_split(struct wrap *w, const char *s, size_t len)
{
	const char *end = s + len;
	w->split = 1;
	while (s < end) {
		const char *c = s;
		double cw = char_em(utf8_next(&s));
		if (w->used > 0 && w->used + cw > w->room)
			wrap_newline(w);
		buf_put(&w->lines, c, (size_t)(s - c));
		w->used += cw;
	}
}

/* text in lines of at most room em, broken at spaces (never at a no-break
 * space) and, where a word alone is too wide, inside the word. */
static void
wrap_text(struct wrap *w, const char *text, double room)
{
	buf_clear(&w->lines);
	w->n = 0;
	w->split = 0;
	w->room = room;
	w->used = 0;
	const char *p = text;
	for (;;) {
		while (is_space(*p))
			p++;
		if (*p == '\0')
			break;
		const char *word = p;
		p = word_end(p);
		size_t len = (size_t)(p - word);
		double ww = text_em(word, len);
		if (w->used > 0 && w->used + char_em(' ') + ww <= room) {
			buf_putc(&w->lines, ' ');
			w->used += char_em(' ');
		} else if (w->used > 0) {
			wrap_newline(w);
		}
		if (w->used + ww <= room) {
			buf_put(&w->lines, word, len);
			w->used += ww;
		} else {
			wrap_split(w, word, len);
		}
	}
	if (w->used > 0)
		wrap_newline(w);
}

/* How uneven w's lines are: the sum of squares of each line's shortfall
 * from the longest. */
static double
raggedness(const struct wrap *w)
{
	double width[8], longest = 0, sum = 0;
	size_t n = 0;
	for (const char *l = w->lines.ptr; *l && n < 8; n++) {
		const char *nl = strchr(l, '\n');
		width[n] = text_em(l, (size_t)(nl - l));
		if (width[n] > longest)
			longest = width[n];
		l = nl + 1;
	}
	for (size_t i = 0; i < n; i++)
		sum += (longest - width[i]) * (longest - width[i]);
	return sum;
}

/* Of the narrower measures that keep the number of lines, the one whose
 * lines are most even: a title of several lines in lines of like length,
 * not a full one over a word. */
static void
balance(struct wrap *w, const char *text, double room)
{
	size_t n = w->n;
	double best = room, score = raggedness(w);
	for (int i = 1; i <= 12; i++) {
		wrap_text(w, text, room * (1 - i * 0.04));
		if (w->n > n || w->split)
			break;
		double r = raggedness(w);
		if (r < score) {
			score = r;
			best = room * (1 - i * 0.04);
		}
	}
	wrap_text(w, text, best);
}

/* At most maxlines lines of w; the last shortened until "…" fits after it
 * when there were more. */
static void
truncate_lines(struct wrap *w, size_t maxlines)
{
	if (w->n <= maxlines)
		return;
	size_t at = 0;
	for (size_t i = 0; i < maxlines; i++)
		at = (size_t)(strchr(w->lines.ptr + at, '\n') - w->lines.ptr) + 1;
	size_t start = at - 1;
	while (start > 0 && w->lines.ptr[start - 1] != '\n')
		start--;
	size_t end = at - 1;
	while (end > start && text_em(w->lines.ptr + start, end - start) +
	    char_em(0x2026) > w->room) {
		do
			end--;
		while (end > start && (w->lines.ptr[end] & 0xC0) == 0x80);
	}
	w->lines.len = end;
	w->lines.ptr[end] = '\0';
	BUF_PUTSL(&w->lines, "\xE2\x80\xA6\n");
	w->n = maxlines;
}

/* A line's room in em at size; the regular face is about a tenth
 * narrower than the bold one char_em estimates. */
static double
room_at(int size, int bold)
{
	return (COVER_W - 2 * COVER_MARGIN) / (double)size / (bold ? 1 : 0.9);
}

/* The size for text, from max down to min in steps of 2: the largest at
 * which it takes at most few lines without a word broken, else at most
 * maxlines; at min, what fits in maxlines.  Its lines balanced. */
static int
fit(struct wrap *w, const char *text, int max, int min, size_t few,
    size_t maxlines, int bold)
{
	const size_t limits[2] = { few, maxlines };
	for (int pass = 0; pass < 2; pass++) {
		for (int size = max; size >= min; size -= 2) {
			wrap_text(w, text, room_at(size, bold));
			if (w->n <= limits[pass] && !w->split) {
				balance(w, text, room_at(size, bold));
				return size;
			}
		}
	}
	wrap_text(w, text, room_at(min, bold));
	truncate_lines(w, maxlines);
	return min;
}

/* Each line of w as a centred <text>, the first baseline at y; the y
 * below the last line. */
static double
draw_lines(struct xw *x, const struct wrap *w, double y, int size,
    double leading, const char *weight, const char *fill)
{
	char fs[16], ys[32];
	snprintf(fs, sizeof(fs), "%d", size);
	const char *line = w->lines.ptr;
	for (size_t i = 0; i < w->n; i++) {
		const char *nl = strchr(line, '\n');
		struct buf t = BUF_INIT;
		buf_put(&t, line, (size_t)(nl - line));
		snprintf(ys, sizeof(ys), "%.1f", y);
		xw_start(x, "text");
		xw_attr(x, "x", "300");
		xw_attr(x, "y", ys);
		xw_attr(x, "font-size", fs);
		if (weight)
			xw_attr(x, "font-weight", weight);
		xw_attr(x, "fill", fill);
		xw_text(x, t.ptr);
		xw_full_end(x);
		xw_nl(x);
		buf_free(&t);
		line = nl + 1;
		y += size * leading;
	}
	return y;
}

static void
rect(struct xw *x, const char *y, const char *h, const char *fill)
{
	xw_start(x, "rect");
	xw_attr(x, "x", "0");
	xw_attr(x, "y", y);
	xw_attr(x, "width", "600");
	xw_attr(x, "height", h);
	xw_attr(x, "fill", fill);
	xw_end(x);
	xw_nl(x);
}

/* Title in the upper half; a rule; the subtitle under it; author and
 * counts at the foot. */
static void
cover_body(struct epub *e, struct xw *x)
{
	const struct ol_meta *m = &e->o->meta;
	const char *title = e->o->root->display.heading;
	struct wrap w = { BUF_INIT, 0, 0, 0, 0 };
	rect(x, "0", "900", "#22303c");
	rect(x, "840", "60", "#e0b040");
	int size = fit(&w, title ? title : "", 64, 34, 3, 5, 1);
	double h = (double)w.n * size * 1.15;
	/* The title's middle a little above the page's, where the eye puts
	 * the centre; higher when a subtitle goes under it. */
	double y = (m->subtitle ? 330 : 380) - h / 2 + size * 0.8;
	y = draw_lines(x, &w, y, size, 1.15, "bold", "#ffffff");
	char ys[32];
	snprintf(ys, sizeof(ys), "%.1f", y - size * 0.35 + 24);
	xw_start(x, "rect");
	xw_attr(x, "x", "240");
	xw_attr(x, "y", ys);
	xw_attr(x, "width", "120");
	xw_attr(x, "height", "5");
	xw_attr(x, "fill", "#e0b040");
	xw_end(x);
	xw_nl(x);
	y += 70 - size * 0.35;
	if (m->subtitle) {
		size = fit(&w, e->o->root->display.subheading, 30, 22, 3, 4, 0);
		draw_lines(x, &w, y, size, 1.3, NULL, "#d4dde6");
	}
	if (m->author) {
		size = fit(&w, m->author, 28, 20, 1, 2, 0);
		draw_lines(x, &w, 790 - (double)(w.n - 1) * size * 1.25, size, 1.25,
		    NULL, "#d4dde6");
	}
	char counts[160];
	if (lang_title_counts(e->o, "\xC2\xB7", counts, sizeof(counts))) {
		size = fit(&w, counts, 24, 16, 1, 1, 1);
		draw_lines(x, &w, 880, size, 1.2, "bold", "#22303c");
	}
	buf_free(&w.lines);
}

/* One part of the cover's text alternative, after a full stop unless
 * the part before ends a sentence itself. */
static void
alt_part(struct buf *b, const char *part)
{
	if (part == NULL || *part == '\0')
		return;
	if (b->len > 0) {
		const char *end = b->ptr + b->len;
		int stop = strchr(".!?", end[-1]) != NULL ||
		    (b->len >= 3 && memcmp(end - 3, "\xE2\x80\xA6", 3) == 0);
		buf_puts(b, stop ? " " : ". ");
	}
	buf_puts(b, part);
}

/* The words on the cover, top to bottom and in full (the drawing may
 * cut a long title short): its text alternative. */
static void
cover_text(struct epub *e, struct buf *b)
{
	const struct ol_meta *m = &e->o->meta;
	alt_part(b, e->o->root->display.heading);
	if (m->subtitle)
		alt_part(b, e->o->root->display.subheading);
	alt_part(b, m->author);
	char counts[160];
	if (lang_title_counts(e->o, "\xC2\xB7", counts, sizeof(counts)))
		alt_part(b, counts);
}

/* An image of text, named by that text for assistive technology: role
 * img, labelled by its <title>. */
int
epub_write_cover_image(struct epub *e)
{
	struct buf alt = BUF_INIT;
	cover_text(e, &alt);
	struct xw x;
	xw_open(&x);
	xw_start(&x, "svg");
	xw_attr(&x, "xmlns", "http://www.w3.org/2000/svg");
	xw_attr(&x, "version", "1.1");
	xw_attr(&x, "xml:lang", e->o->meta.lang);
	xw_attr(&x, "width", "600");
	xw_attr(&x, "height", "900");
	xw_attr(&x, "viewBox", "0 0 600 900");
	xw_attr(&x, "font-family", COVER_FONT);
	xw_attr(&x, "text-anchor", "middle");
	xw_attr(&x, "role", "img");
	xw_attr(&x, "aria-labelledby", "_cover-title");
	xw_nl(&x);
	xw_start(&x, "title");
	xw_attr(&x, "id", "_cover-title");
	xw_text(&x, alt.ptr);
	xw_end(&x);
	xw_nl(&x);
	buf_free(&alt);
	cover_body(e, &x);
	xw_end(&x);
	return xw_finish(e, &x, "OEBPS/cover.svg");
}

/* The cover first in the reading order: the image alone, role
 * doc-cover, its alt text the words on it. */
int
epub_write_cover_page(struct epub *e)
{
	struct buf alt = BUF_INIT;
	cover_text(e, &alt);
	struct xw x;
	xw_open(&x);
	epub_xhtml_begin(e, &x, e->o->root->display.heading);
	xw_start(&x, "section");
	xw_attr(&x, "epub:type", "cover");
	xw_attr(&x, "class", "cover");
	xw_nl(&x);
	xw_start(&x, "img");
	xw_attr(&x, "src", "cover.svg");
	xw_attr(&x, "role", "doc-cover");
	xw_attr(&x, "alt", alt.ptr);
	xw_end(&x);
	buf_free(&alt);
	xw_nl(&x);
	xw_end(&x);
	xw_nl(&x);
	epub_xhtml_end(&x);
	return xw_finish(e, &x, "OEBPS/cover.xhtml");
}
