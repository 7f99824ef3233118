/* linebreak.c: a paragraph broken into lines (see linebreak.h). */
#include "linebreak.h"
#include "hyph.h"
#include "utf8.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Justified gaps may grow by this many spaces' width before the line is
 * set ragged instead: wider gaps read as holes, but a ragged line inside
 * a justified paragraph looks like a mistake, so the limit is generous. */
#define MAX_STRETCH 2.0
/* Justified gaps may also shrink by this part of a space, which lets
 * more lines take one more word instead of stretching. */
#define MAX_SHRINK 0.2
/* A token broken at a preferred point ('/', '.', …) must still fill this
 * much of the room it breaks in; otherwise any character will do. */
#define MIN_FILL 0.6
/* A token that must break anywhere begins on the current line only when
 * this much of the line is still free. */
#define MIN_ROOM 0.3
/* The longest run of letters, in bytes, given to the hyphenation
 * patterns: no real word is longer. */
#define MAX_HYPH_RUN 80

void
para_init(struct para *pa, struct meter *m, struct hyph *hy)
{
	memset(pa, 0, sizeof(*pa));
	pa->meter = m;
	pa->hyph = hy;
	pa->text = (struct buf)BUF_INIT;
	pa->out = (struct buf)BUF_INIT;
}

void
para_free(struct para *pa)
{
	buf_free(&pa->text);
	buf_free(&pa->out);
	free(pa->p);
	free(pa->line);
	free(pa->runs);
}

void
para_reset(struct para *pa, double size, int justify, int hyphenate)
{
	pa->hyphenate = hyphenate;
	buf_clear(&pa->text);
	pa->n = 0;
	pa->size = size;
	pa->justify = justify;
	pa->pending_space = 0;
	pa->pending_break = 0;
	pa->link = 0;
}

static struct lb_piece *
push_piece(struct lb_piece **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	return &(*v)[(*n)++];
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void
para_add(struct para *pa, enum dev_face face, const char *s, size_t len)
{
	size_t i = 0;
	int code = face == FACE_MONO || face == FACE_MONO_BOLD, inner = 0;
	while (i < len) {
		if (is_space(s[i])) {
			pa->pending_space = 1;
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && !is_space(s[j]))
			j++;
		struct lb_piece *last = pa->n ? &pa->p[pa->n - 1] : NULL;
		/* Text of one face added in several calls stays one piece. */
		if (last && !pa->pending_space && !pa->pending_break &&
		    last->face == face && last->link == pa->link &&
		    last->off + last->len == pa->text.len) {
			buf_put(&pa->text, s + i, j - i);
			last->len += (uint32_t)(j - i);
		} else {
			struct lb_piece *p = push_piece(&pa->p, &pa->n, &pa->cap);
			p->off = (uint32_t)pa->text.len;
			p->len = (uint32_t)(j - i);
			p->w = 0;
			p->face = (uint8_t)face;
			p->link = pa->link;
			p->space_before = (uint8_t)(pa->pending_space && pa->n > 1);
			p->hard_break = (uint8_t)pa->pending_break;
			p->hyphen = 0;
			p->code_space = (uint8_t)(code && inner && p->space_before &&
			    !p->hard_break);
			buf_put(&pa->text, s + i, j - i);
		}
		pa->pending_space = 0;
		pa->pending_break = 0;
		inner = 1;
		i = j;
	}
}

void
para_space(struct para *pa)
{
	pa->pending_space = 1;
}

void
para_break(struct para *pa)
{
	if (pa->n)
		pa->pending_break = 1;
}

static double
width(const struct para *pa, int face, const char *s, size_t len)
{
	return meter_width(pa->meter, (enum dev_face)face, pa->size, s, len);
}

/* ---------------- emitting a line ---------------- */

struct lstate {
	struct para *pa;
	lb_line_fn *fn;
	void *arg;
	double width;
	double cur;        /* natural width of the line so far */
	double spaces;     /* of which spaces between words */
};

/* The width of the space before piece pb.  Inside one code span it is
 * the mono space, which emit() draws as part of one run; next to code,
 * or between two spans, it is a space of the prose around it, the mono
 * one being much wider. */
static double
gap_w(const struct para *pa, const struct lb_piece *pb)
{
	int b = pb->face;
	if (!pb->code_space) {
		if (b == FACE_MONO)
			b = FACE_REGULAR;
		else if (b == FACE_MONO_BOLD)
			b = FACE_BOLD;
	}
	return width(pa, b, " ", 1);
}

static void
emit(struct lstate *ls, int last)
{
	struct para *pa = ls->pa;
	size_t n = pa->nline;
	if (n == 0)
		return;
	double avail = ls->width;
	/* Only spaces between words stretch or shrink; those inside code
	 * keep the width of a character. */
	int gaps = 0;
	for (size_t k = 1; k < n; k++)
		gaps += pa->line[k].space_before && !pa->line[k].code_space;
	double extra = 0;
	if (gaps > 0 && ls->cur > avail)
		extra = (avail - ls->cur) / gaps;   /* shrunk to fit */
	else if (pa->justify && !last && gaps > 0 && ls->cur < avail) {
		extra = (avail - ls->cur) / gaps;
		if (extra > MAX_STRETCH * width(pa, FACE_REGULAR, " ", 1))
			extra = 0;
	}
	/* Runs point into pa->out, so fill it before taking pointers. */
	buf_clear(&pa->out);
	if (pa->capruns < n) {
		pa->capruns = n;
		pa->runs = xrealloc(pa->runs, n * sizeof(*pa->runs));
	}
	/* Until the line is filled, a run's len holds where it starts. */
	size_t nruns = 0;
	double x = 0;
	for (size_t k = 0; k < n; k++) {
		const struct lb_piece *p = &pa->line[k];
		int gap = k > 0 && p->space_before;
		int fixed = gap && p->code_space;
		/* A space drawn inside a run has the run's own width: so
		 * two code spans apart (a prose space) stay two runs. */
		int mono = p->face == FACE_MONO || p->face == FACE_MONO_BOLD;
		int merge = nruns > 0 && pa->runs[nruns - 1].face == p->face &&
		    pa->runs[nruns - 1].link == p->link &&
		    (!gap || fixed || (extra == 0 && !mono));
		if (gap) {
			double sw = gap_w(pa, p);
			if (merge)
				buf_putc(&pa->out, ' ');
			x += sw + (fixed ? 0 : extra);
		}
		if (!merge) {
			pa->runs[nruns].len = pa->out.len;
			pa->runs[nruns].face = (enum dev_face)p->face;
			pa->runs[nruns].link = p->link;
			pa->runs[nruns].x = x;
			nruns++;
		}
		buf_put(&pa->out, pa->text.ptr + p->off, p->len);
		x += p->w;
		if (p->hyphen) {
			buf_putc(&pa->out, '-');
			x += width(pa, p->face, "-", 1);
		}
	}
	for (size_t r = 0; r < nruns; r++) {
		size_t end = r + 1 < nruns ? pa->runs[r + 1].len : pa->out.len;
		pa->runs[r].s = pa->out.ptr + pa->runs[r].len;
		pa->runs[r].len = end - pa->runs[r].len;
	}
	ls->fn(ls->arg, pa->runs, nruns, x);
	pa->nline = 0;
	ls->cur = 0;
	ls->spaces = 0;
}

static void
line_add(struct lstate *ls, const struct lb_piece *p, double sp)
{
	struct para *pa = ls->pa;
	struct lb_piece *q = push_piece(&pa->line, &pa->nline, &pa->capline);
	*q = *p;
	q->space_before = (uint8_t)(pa->nline > 1 && p->space_before);
	q->code_space = (uint8_t)(q->space_before && p->code_space);
	ls->cur += (q->space_before ? sp : 0) + p->w;
	ls->spaces += q->space_before && !q->code_space ? sp : 0;
}

/* ---------------- splitting a word ---------------- */

enum { BRK_NONE, BRK_CHAR, BRK_GOOD, BRK_HYPH };

static int
is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0x400 && c <= 0x4FF);
}

static int
is_alnum(uint32_t c)
{
	return is_letter(c) || (c >= '0' && c <= '9');
}

static int
is_upper(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0x400 && c <= 0x42F);
}

/* Whether a word is prose that the dictionary may hyphenate: letters,
 * inner hyphens and apostrophes, with punctuation around them; not a
 * path, a URL, an identifier or a number, where an added hyphen would
 * read as part of the token. */
static int
is_prose(const char *s, size_t len)
{
	size_t a = 0, b = len;
	while (a < b && strchr("(\"'\xC2\xAB[", s[a]))
		a++;
	while (b > a && strchr(")\"'.,;:!?\xC2\xBB]", s[b - 1]))
		b--;
	int first = 1;
	for (const char *p = s + a; p < s + b;) {
		uint32_t c = utf8_next(&p);
		/* The no-break space that ties «к» to its word, and the
		 * typographer's quotes, join words of prose. */
		int joins = c == 0xA0 || c == 0xAB || c == 0xBB ||
		    (c >= 0x2018 && c <= 0x201E) || c == 0x2026;
		if (!is_letter(c) && c != '-' && c != '\'' && !joins &&
		    c != 0x2013 && c != 0x2014)
			return 0;
		/* A capital inside: an acronym (GOMAXPROCS) or an identifier
		 * (WithTimeout), not to be hyphenated as a word. */
		if (!first && is_upper(c))
			return 0;
		first = joins;
	}
	return 1;
}

/* Marks hyphenation points of each run of letters of one script. */
static void
mark_hyphens(struct hyph *hy, const char *s, size_t len, uint8_t *kind)
{
	size_t i = 0;
	uint8_t *brk = xcalloc(len + 1, 1);
	while (i < len) {
		const char *p = s + i;
		uint32_t c = utf8_next(&p);
		int cyr = c >= 0x400 && c <= 0x4FF;
		if (!is_letter(c)) {
			i = (size_t)(p - s);
			continue;
		}
		size_t j = i;
		for (;;) {
			const char *q = s + j;
			if (j >= len)
				break;
			uint32_t d = utf8_next(&q);
			if (!is_letter(d) || (d >= 0x400 && d <= 0x4FF) != cyr)
				break;
			j = (size_t)(q - s);
		}
		/* No real word is longer; a longer run is a token. */
		if (j - i >= 4 && j - i <= MAX_HYPH_RUN)
			hyph_points(hy, s + i, j - i, brk + i);
		i = j;
	}
	for (size_t k = 1; k < len; k++)
		if (brk[k] && kind[k] < BRK_HYPH)
			kind[k] = BRK_HYPH;
	free(brk);
}

/* How much of word w[0..n) (text s of len bytes) find_split must see:
 * its characters up to the first that ends past room, then the rest of
 * a run of letters there, up to the longest run mark_hyphens gives to
 * the patterns.  A token of 64 KB broken over hundreds of lines is then
 * looked at a line's worth at a time, not whole for every line. */
static size_t
split_window(struct para *pa, const struct lb_piece *w, size_t n,
    const char *s, size_t len, double room)
{
	double cum = 0;
	size_t off = 0, lim = len;
	for (size_t k = 0; k < n && lim == len; k++) {
		const char *t = pa->text.ptr + w[k].off;
		for (size_t i = 0; i < w[k].len;) {
			const char *p = t + i;
			utf8_next(&p);
			size_t cl = (size_t)(p - (t + i));
			cum += width(pa, w[k].face, t + i, cl);
			i += cl;
			if (cum > room) {
				lim = off + i;
				break;
			}
		}
		off += w[k].len;
	}
	for (size_t run = 0; lim < len && run <= MAX_HYPH_RUN;) {
		const char *p = s + lim;
		if (!is_letter(utf8_next(&p)))
			break;
		run += (size_t)(p - (s + lim));
		lim = (size_t)(p - s);
	}
	return lim;
}

/* The break in word w[0..n) (text s of len bytes, the pieces'
 * concatenation) that fills best at most room points, or 0.  overlong:
 * the word is wider than a whole line, so it must break somewhere.
 * prose: the dictionary may hyphenate it (is_prose of the whole word). */
static size_t
find_split(struct para *pa, const struct lb_piece *w, size_t n,
    const char *s, size_t len, int prose, double room, double lw,
    int line_empty, int overlong, int *hyphen)
{
	len = split_window(pa, w, n, s, len, room);
	uint8_t *kind = xcalloc(len + 1, 1);
	if (prose)
		mark_hyphens(pa->hyph, s, len, kind);
	/* Classify the boundaries by the characters around them. */
	uint32_t prev = 0;
	for (size_t i = 0; i < len;) {
		const char *p = s + i;
		uint32_t c = utf8_next(&p);
		if (i > 0) {
			if ((prev == '-' || prev == 0x2013 || prev == 0x2014) &&
			    is_alnum(c) && i >= 2)
				kind[i] = BRK_GOOD;
			else if (overlong && (prev == '/' || prev == '.' ||
			    prev == '-' || prev == '_' || prev == '?' ||
			    prev == '&' || prev == '='))
				kind[i] = kind[i] < BRK_GOOD ? BRK_GOOD : kind[i];
			else if (overlong && kind[i] == BRK_NONE)
				kind[i] = BRK_CHAR;
		}
		prev = c;
		i = (size_t)(p - s);
	}
	/* Walk the characters, summing their widths, until room is used. */
	size_t best_char = 0, best_good = 0;
	double good_w = 0;
	int good_hyph = 0;
	double cum = 0;
	size_t off = 0;
	int done = 0;
	for (size_t k = 0; k < n && !done; k++) {
		const char *t = pa->text.ptr + w[k].off;
		double hw = width(pa, w[k].face, "-", 1);
		for (size_t i = 0; i < w[k].len;) {
			size_t at = off + i;
			if (at >= len) {   /* the window's end: past room */
				done = 1;
				break;
			}
			if (at > 0 && kind[at] != BRK_NONE) {
				double need = cum + (kind[at] == BRK_HYPH ? hw : 0);
				if (need > room) {
					done = 1;
					break;
				}
				if (kind[at] == BRK_CHAR)
					best_char = at;
				else {
					best_good = at;
					good_w = cum;
					good_hyph = kind[at] == BRK_HYPH;
				}
			}
			const char *p = t + i;
			utf8_next(&p);
			size_t cl = (size_t)(p - (t + i));
			cum += width(pa, w[k].face, t + i, cl);
			if (cum > room) {
				done = 1;
				break;
			}
			i += cl;
		}
		off += w[k].len;
	}
	free(kind);
	*hyphen = 0;
	if (best_good && (!overlong || good_w >= MIN_FILL * room || !best_char ||
	    best_char <= best_good)) {
		*hyphen = good_hyph;
		return best_good;
	}
	/* Rather than "http" here and "s://…" there, a token that only
	 * little room is left for starts the next line. */
	if (!overlong || (!line_empty && room < MIN_ROOM * lw))
		return 0;
	return best_char;
}

/* Splits word *wp at byte at of its concatenation: the head goes onto
 * the line, *wp keeps the tail (it moves past the pieces the head took
 * whole, rather than moving the rest down: a token may be many pieces).
 * The tail's width is measured no further than tail_max points: it only
 * has to say whether the tail fits a line. */
static void
split_word(struct lstate *ls, struct lb_piece **wp, size_t *n, size_t at,
    int hyphen, double sp, double tail_max)
{
	struct para *pa = ls->pa;
	struct lb_piece *w = *wp;
	size_t k = 0;
	while (at >= w[k].len) {
		line_add(ls, &w[k], sp);
		at -= w[k].len;
		k++;
	}
	if (at > 0) {
		struct lb_piece head = w[k];
		head.len = (uint32_t)at;
		head.w = width(pa, head.face, pa->text.ptr + head.off, head.len);
		w[k].off += (uint32_t)at;
		w[k].len -= (uint32_t)at;
		w[k].w = meter_width_max(pa->meter, (enum dev_face)w[k].face,
		    pa->size, pa->text.ptr + w[k].off, w[k].len, tail_max);
		head.hyphen = (uint8_t)hyphen;
		line_add(ls, &head, sp);
		if (hyphen)
			ls->cur += width(pa, head.face, "-", 1);
	} else if (hyphen && pa->nline) {
		pa->line[pa->nline - 1].hyphen = 1;
		ls->cur += width(pa, pa->line[pa->nline - 1].face, "-", 1);
	}
	w += k;
	*n -= k;
	*wp = w;
	w[0].space_before = 0;
	w[0].hard_break = 0;
	w[0].code_space = 0;
}

/* The byte length of the first character of word w. */
static size_t
first_char(const struct para *pa, const struct lb_piece *w)
{
	const char *p = pa->text.ptr + w->off;
	utf8_next(&p);
	return (size_t)(p - (pa->text.ptr + w->off));
}

/* Takes a one-letter word ("в", "к", "и", "a") off the end of the line
 * into *out, so that it starts the next line with the word it belongs
 * to, as typesetters do; not the only word of a line, nor code. */
static int
pop_short(struct lstate *ls, struct lb_piece *out)
{
	struct para *pa = ls->pa;
	size_t n = pa->nline;
	if (n < 2)
		return 0;
	const struct lb_piece *p = &pa->line[n - 1];
	if (!p->space_before || p->code_space || p->hyphen ||
	    p->face == FACE_MONO || p->face == FACE_MONO_BOLD)
		return 0;
	const char *t = pa->text.ptr + p->off;
	if (!is_letter(utf8_next(&t)) || t != pa->text.ptr + p->off + p->len)
		return 0;
	double sp = gap_w(pa, p);
	ls->cur -= sp + p->w;
	ls->spaces -= sp;
	*out = *p;
	out->space_before = 0;
	pa->nline--;
	return 1;
}

void
para_lines(struct para *pa, double lwidth, lb_line_fn *fn, void *arg)
{
	struct lstate ls = { pa, fn, arg, lwidth, 0, 0 };
	for (size_t k = 0; k < pa->n; k++)
		pa->p[k].w = width(pa, pa->p[k].face, pa->text.ptr + pa->p[k].off,
		    pa->p[k].len);
	pa->nline = 0;
	/* The pieces of one word, copied: never more than the paragraph's. */
	struct lb_piece *wbuf = xmalloc((pa->n ? pa->n : 1) * sizeof(*wbuf));
	/* Widths past this need not be known: a word that wide fits no
	 * line, however much its spaces shrink. */
	double wmax = 2 * lwidth + 1;
	for (size_t i = 0; i < pa->n;) {
		size_t j = i + 1;
		while (j < pa->n && !pa->p[j].space_before && !pa->p[j].hard_break)
			j++;
		if (pa->p[i].hard_break)
			emit(&ls, 1);
		size_t n = j - i;
		struct lb_piece *w = wbuf;
		memcpy(w, pa->p + i, n * sizeof(*w));
		/* The pieces of a word are one run of the paragraph's text,
		 * so what is left of it is always a suffix of that run. */
		const char *wstart = pa->text.ptr + w[0].off;
		const char *wend = pa->text.ptr + pa->p[j - 1].off + pa->p[j - 1].len;
		/* Asked of the whole word once: a part of an identifier
		 * is not prose, even when its capitals went on a line
		 * before. */
		int prose = pa->hyph && pa->hyphenate &&
		    is_prose(wstart, (size_t)(wend - wstart));
		while (n > 0) {
			double avail = ls.width;
			double W = 0;
			for (size_t k = 0; k < n && W <= wmax; k++)
				W += w[k].w;
			double sp = pa->nline ?
			    gap_w(pa, &w[0]) : 0;
			if (pa->nline == 0)
				w[0].space_before = 0;
			double shrink = pa->justify ?
			    MAX_SHRINK * (ls.spaces + sp) : 0;
			if (ls.cur + sp + W <= avail + shrink + 1e-6) {
				for (size_t k = 0; k < n; k++)
					line_add(&ls, &w[k], sp);
				break;
			}
			const char *ws = pa->text.ptr + w[0].off;
			size_t wslen = (size_t)(wend - ws);
			int overlong = W > avail - 1e-6;
			int hyphen;
			size_t at = find_split(pa, w, n, ws, wslen, prose,
			    avail - ls.cur - sp, avail, pa->nline == 0, overlong,
			    &hyphen);
			if (at == 0 && pa->nline == 0) {
				/* Not even one character fits: set it anyway. */
				at = first_char(pa, w);
				hyphen = 0;
				if (at >= wslen) {
					for (size_t k = 0; k < n; k++)
						line_add(&ls, &w[k], sp);
					emit(&ls, 0);
					break;
				}
			}
			struct lb_piece carry;
			int carried = 0;
			if (at > 0)
				split_word(&ls, &w, &n, at, hyphen, sp, wmax);
			else
				carried = pop_short(&ls, &carry);
			emit(&ls, 0);
			if (carried)
				line_add(&ls, &carry, 0);
		}
		i = j;
	}
	emit(&ls, 1);
	free(wbuf);
}
