/* linebreak.c: a paragraph broken into lines (see linebreak.h). */
#include "linebreak.h"
#include "hyph.h"
#include "utf8.h"
#include "xalloc.h"

#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Justified gaps may grow by this many spaces' width before the line is
 * set ragged instead: wider gaps read as holes, but a ragged line inside
 * a justified paragraph looks like a mistake, so the limit is generous. */
#define MAX_STRETCH 2.0
/* Justified gaps may also shrink by this part of a space. */
#define MAX_SHRINK 0.2
/* What a gap may stretch by at badness 100 (TeX's ratio for a text
 * font's interword glue). */
#define STRETCH 0.5
/* A ragged line may fall short of the measure by this many ems at
 * badness 100: the rag is judged, so the line breaker evens it. */
#define RAG_EMS 3.0
/* The longest run of letters, in bytes, given to the hyphenation
 * patterns: no real word is longer. */
#define MAX_HYPH_RUN 80

/* Knuth and Plass's costs, at TeX's plain values where it has one.
 * Badness past TOL1 (without hyphens) and TOL2 (with them) is tried
 * only when those find no way: then any spacing, and last any break. */
#define TOL1 100.0
#define TOL2 200.0
#define INF_BAD 10000.0
#define LAST_BAD 1e6
#define LINE_PENALTY 10.0
#define HYPHEN_PENALTY 50.0
#define DOUBLE_HYPHEN_DEMERITS 10000.0
#define ADJ_DEMERITS 10000.0
/* A one-letter word ("в", "к", "a") at a line end: tied to the word
 * after it, as Russian typesetting wants; only the last pass may break
 * there, at this cost. */
#define SHORT_PENALTY 800.0
/* A hyphen on the line before a paragraph's last (or before a forced
 * break): forbidden until the last pass, and then still the last
 * resort, costlier than any lines without (LAST_BAD squared, many
 * times). */
#define FINAL_HYPHEN_DEMERITS 1e20
/* Hyphens on more lines in a row than this (a ladder) only in the last
 * pass, at this cost. */
#define MAX_HYPHENS 2
#define LADDER_DEMERITS 1e7
/* A line ending inside a token wider than a line after '/', '.', …
 * fills this much of it at least. */
#define MIN_FILL 0.6
/* Inside a token wider than a line: after '/', '.', …, and anywhere. */
#define TOKEN_GOOD_PENALTY 100.0
#define TOKEN_CHAR_PENALTY 1000.0

struct lb_kp;
static void kp_free(struct lb_kp *K);

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
	free(pa->a);
	kp_free(pa->kp);
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
	int code = dev_face_mono(face), inner = 0;
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
	double cur = 0;
	for (size_t k = 0; k < n; k++) {
		const struct lb_piece *p = &pa->line[k];
		if (k > 0 && p->space_before) {
			gaps += !p->code_space;
			cur += gap_w(pa, p);
		}
		cur += p->w + (p->hyphen ? width(pa, p->face, "-", 1) : 0);
	}
	double extra = 0;
	if (gaps > 0 && cur > avail)
		extra = (avail - cur) / gaps;   /* shrunk to fit */
	else if (pa->justify && !last && gaps > 0 && cur < avail) {
		extra = (avail - cur) / gaps;
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
		int mono = dev_face_mono(p->face);
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
}

/* ---------------- where a word may break ---------------- */

/* Inside one word (mark_hyphens, word_points): no break, after a
 * hyphen or dash of the text, at a hyphenation point. */
enum { BRK_NONE, BRK_GOOD, BRK_HYPH };

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

/* ---------------- atoms: pieces and where a line may end ---------------- */

/* Where a line may end before an atom (lb_piece.brk). */
enum {
	BK_NONE,       /* inside a word or a code span: never */
	BK_GLUE,       /* at the space before it */
	BK_SHORT,      /* at the space after a one-letter word */
	BK_HYPH,       /* at a hyphenation point: a hyphen is added */
	BK_EXPL,       /* after a hyphen or dash of the text */
	BK_TOKP,       /* inside a token wider than a line, after '/', '.',
	                * … */
	BK_TOKC,       /* the same between any two characters */
	BK_FILL        /* forced, the line before set ragged: a hard break */
};

struct kp_sum {
	double w, st, sh;   /* natural width, stretch, shrink */
};

/* A feasible break: the line after it starts at atom pos. */
struct kp_node {
	size_t pos, prev;   /* prev: the node of the break before */
	double dem;         /* total demerits of the lines up to here */
	int fit;            /* fitness class of the line ending here */
	int flagged;        /* that line ends with a hyphen: how many lines
	                     * in a row up to it do */
};

/* The breaker's scratch, kept from paragraph to paragraph. */
struct lb_kp {
	struct kp_sum *sum;   /* of atoms [0, k), gaps included */
	struct kp_sum *gap;   /* the space before atom k */
	size_t capsum;
	struct kp_node *node;
	size_t nnode, capnode;
	size_t *act;          /* the active nodes */
	size_t nact, capact;
	size_t *brk;          /* the chosen breaks, last first */
	size_t nbrk, capbrk;
	uint8_t *kind;        /* break kinds inside one word */
	size_t capkind;
};

static void
kp_free(struct lb_kp *K)
{
	if (K == NULL)
		return;
	free(K->sum);
	free(K->gap);
	free(K->node);
	free(K->act);
	free(K->brk);
	free(K->kind);
	free(K);
}

static void
push_atom(struct para *pa, const struct lb_piece *p, uint8_t brk)
{
	struct lb_piece *a = push_piece(&pa->a, &pa->na, &pa->capa);
	*a = *p;
	a->brk = brk;
	a->hyphen = 0;
}

/* The byte span of pieces [i, j) of one word. */
static const char *
span_of(const struct para *pa, size_t i, size_t j, size_t *len)
{
	*len = pa->p[j - 1].off + pa->p[j - 1].len - pa->p[i].off;
	return pa->text.ptr + pa->p[i].off;
}

/* The text of word pa->p[i..j) (*len bytes), whether any of it is code
 * (*mono), with the scratch K->kind cleared for it. */
static const char *
word_start(struct para *pa, size_t i, size_t j, size_t *len, int *mono)
{
	struct lb_kp *K = pa->kp;
	const char *s = span_of(pa, i, j, len);
	*mono = 0;
	for (size_t k = i; k < j; k++)
		*mono |= dev_face_mono(pa->p[k].face);
	if (K->capkind < *len + 1) {
		K->capkind = 2 * (*len + 1);
		K->kind = xrealloc(K->kind, K->capkind);
	}
	memset(K->kind, 0, *len + 1);
	return s;
}

/* Marks in kind[] where prose word s[0..len) may end a line: after a
 * hyphen or dash of its own (two characters in, a letter or digit
 * after), and at the patterns' points when hy is set. */
static void
word_points(struct para *pa, const char *s, size_t len, int hy, uint8_t *kind)
{
	if (hy && is_prose(s, len))
		mark_hyphens(pa->hyph, s, len, kind);
	uint32_t prev = 0;
	for (size_t i = 0, nch = 0; i < len; nch++) {
		const char *p = s + i;
		uint32_t c = utf8_next(&p);
		if (nch >= 2 && (prev == '-' || prev == 0x2013 || prev == 0x2014) &&
		    is_alnum(c))
			kind[i] = BRK_GOOD;
		prev = c;
		i = (size_t)(p - s);
	}
}

/* Appends word pa->p[i..j) (pieces with no space between them) as atoms,
 * the first ending a line before it at brk, the word split where a line
 * may end inside it (word_points).  Code is never split. */
static void
add_word(struct para *pa, size_t i, size_t j, uint8_t brk, int hy)
{
	struct lb_kp *K = pa->kp;
	size_t len;
	int mono;
	const char *s = word_start(pa, i, j, &len, &mono);
	int split = !mono && len >= 4;
	if (split)
		word_points(pa, s, len, hy, K->kind);
	size_t off = 0;
	for (size_t k = i; k < j; k++) {
		struct lb_piece q = pa->p[k];
		uint8_t b = k == i ? brk : BK_NONE;
		if (k > i && split && K->kind[off])
			b = K->kind[off] == BRK_HYPH ? BK_HYPH : BK_EXPL;
		size_t start = 0;
		for (size_t x = 1; split && x < q.len; x++) {
			uint8_t kd = K->kind[off + x];
			if (kd == BRK_NONE)
				continue;
			struct lb_piece h = q;
			h.off = q.off + (uint32_t)start;
			h.len = (uint32_t)(x - start);
			h.w = width(pa, h.face, pa->text.ptr + h.off, h.len);
			push_atom(pa, &h, b);
			q.space_before = q.hard_break = q.code_space = 0;
			b = kd == BRK_HYPH ? BK_HYPH : BK_EXPL;
			start = x;
		}
		if (start > 0) {
			q.off += (uint32_t)start;
			q.len -= (uint32_t)start;
			q.w = width(pa, q.face, pa->text.ptr + q.off, q.len);
		}
		push_atom(pa, &q, b);
		off += pa->p[k].len;
	}
}

/* Appends word pa->p[i..j), wider than a line (a URL, a path, a
 * 200-letter word), as one atom a character, so that a line may end
 * anywhere in it: best after '/', '.', '-', '_', '?', '&' or '=', or at
 * a hyphenation point of prose, else between any two characters. */
static void
add_token(struct para *pa, size_t i, size_t j, uint8_t brk, int hy)
{
	struct lb_kp *K = pa->kp;
	size_t len;
	int mono;
	const char *s = word_start(pa, i, j, &len, &mono);
	if (hy && !mono && is_prose(s, len))
		mark_hyphens(pa->hyph, s, len, K->kind);
	size_t off = 0;
	uint32_t prev = 0;
	for (size_t k = i; k < j; k++) {
		const struct lb_piece *q = &pa->p[k];
		const char *t = pa->text.ptr + q->off;
		for (size_t x = 0; x < q->len;) {
			const char *c = t + x;
			uint32_t ch = utf8_next(&c);
			struct lb_piece h = *q;
			h.off = q->off + (uint32_t)x;
			h.len = (uint32_t)(c - (t + x));
			h.w = width(pa, h.face, t + x, h.len);
			uint8_t b = BK_TOKC;
			if (off + x == 0)
				b = brk;
			else if (K->kind[off + x] == BRK_HYPH)
				b = BK_HYPH;
			else if (prev && prev < 128 && strchr("/.-_?&=", (int)prev))
				b = BK_TOKP;
			if (x > 0 || k > i)
				h.space_before = h.hard_break = h.code_space = 0;
			push_atom(pa, &h, b);
			prev = ch;
			x += h.len;
		}
		off += q->len;
	}
}

/* Whether a breakable space may divide pieces k-1 and k. */
static int
breakable(const struct lb_piece *p)
{
	return (p->space_before && !p->code_space) || p->hard_break;
}

/* The width of pieces [i, j) with the spaces inside code, measured no
 * further than max. */
static double
group_width(const struct para *pa, size_t i, size_t j, double max)
{
	double W = 0;
	for (size_t k = i; k < j && W <= max; k++)
		W += (k > i && pa->p[k].space_before ? gap_w(pa, &pa->p[k]) : 0) +
		    pa->p[k].w;
	return W;
}

/* Whether pieces [i, j) are a one-letter word of prose. */
static int
one_letter(const struct para *pa, size_t i, size_t j)
{
	if (j != i + 1 || dev_face_mono(pa->p[i].face))
		return 0;
	const char *t = pa->text.ptr + pa->p[i].off;
	return is_letter(utf8_next(&t)) &&
	    t == pa->text.ptr + pa->p[i].off + pa->p[i].len;
}

/* The paragraph's pieces as atoms for lines of width lw.  A group of
 * pieces no breakable space divides (a word, or a code span of several
 * words: `b := a[:2:2]`) is kept whole; only one wider than a line is
 * broken, at its code spaces first, then inside its words. */
static void
build_atoms(struct para *pa, double lw, int hy)
{
	pa->na = 0;
	size_t pi = 0, pj = 0;   /* the group before */
	for (size_t i = 0; i < pa->n;) {
		size_t j = i + 1;
		while (j < pa->n && !breakable(&pa->p[j]))
			j++;
		uint8_t brk = i == 0 ? BK_NONE : pa->p[i].hard_break ? BK_FILL :
		    one_letter(pa, pi, pj) ? BK_SHORT : BK_GLUE;
		int wide = group_width(pa, i, j, 2 * lw + 1) > lw + 1e-6;
		for (size_t a = i; a < j;) {
			size_t b = a + 1;
			while (b < j && !pa->p[b].space_before)
				b++;
			uint8_t wb = a == i ? brk : wide ? BK_GLUE : BK_NONE;
			if (wide && group_width(pa, a, b, 2 * lw + 1) > lw + 1e-6)
				add_token(pa, a, b, wb, hy);
			else
				add_word(pa, a, b, wb, hy);
			a = b;
		}
		pi = i;
		pj = j;
		i = j;
	}
}

/* ---------------- Knuth-Plass: the best breaks of the paragraph ---------------- */

static int
flagged(uint8_t b)
{
	return b == BK_HYPH || b == BK_EXPL;
}

static double
penalty(uint8_t b)
{
	switch (b) {
	case BK_SHORT:
		return SHORT_PENALTY;
	case BK_HYPH:
	case BK_EXPL:
		return HYPHEN_PENALTY;
	case BK_TOKP:
		return TOKEN_GOOD_PENALTY;
	case BK_TOKC:
		return TOKEN_CHAR_PENALTY;
	default:
		return 0;
	}
}

/* The running sums of the atoms' widths, stretch and shrink. */
static void
kp_sums(struct para *pa)
{
	struct lb_kp *K = pa->kp;
	if (K->capsum < pa->na + 1) {
		K->capsum = 2 * (pa->na + 1);
		K->sum = xrealloc(K->sum, K->capsum * sizeof(*K->sum));
		K->gap = xrealloc(K->gap, K->capsum * sizeof(*K->gap));
	}
	double st = pa->justify ? STRETCH : 0, sh = pa->justify ? MAX_SHRINK : 0;
	K->sum[0] = (struct kp_sum){ 0, 0, 0 };
	for (size_t k = 0; k < pa->na; k++) {
		const struct lb_piece *a = &pa->a[k];
		struct kp_sum g = { 0, 0, 0 };
		if (k > 0 && a->space_before) {
			g.w = gap_w(pa, a);
			if (!a->code_space) {
				g.st = g.w * st;
				g.sh = g.w * sh;
			}
		}
		K->gap[k] = g;
		K->sum[k + 1].w = K->sum[k].w + g.w + a->w;
		K->sum[k + 1].st = K->sum[k].st + g.st;
		K->sum[k + 1].sh = K->sum[k].sh + g.sh;
	}
}

static size_t
kp_node(struct lb_kp *K, size_t pos, size_t prev, double dem, int fit,
    int flag)
{
	if (K->nnode == K->capnode) {
		K->capnode = K->capnode ? 2 * K->capnode : 256;
		K->node = xrealloc(K->node, K->capnode * sizeof(*K->node));
	}
	K->node[K->nnode] = (struct kp_node){ pos, prev, dem, fit, flag };
	if (K->nact == K->capact) {
		K->capact = K->capact ? 2 * K->capact : 64;
		K->act = xrealloc(K->act, K->capact * sizeof(*K->act));
	}
	K->act[K->nact++] = K->nnode;
	return K->nnode++;
}

/* The adjustment ratio of the line from atom s to break e: how much of
 * its stretch (> 0) or shrink (< 0) it takes to fill lw. */
static double
kp_ratio(const struct para *pa, size_t s, size_t e, double hw, int fill,
    double lw)
{
	const struct lb_kp *K = pa->kp;
	double nat = K->sum[e].w - K->sum[s].w - K->gap[s].w + hw;
	if (nat > lw + 1e-6) {
		double sh = K->sum[e].sh - K->sum[s].sh - K->gap[s].sh;
		return sh > 0 ? (lw - nat) / sh : -1e9;
	}
	if (fill)
		return 0;
	double st = K->sum[e].st - K->sum[s].st - K->gap[s].st;
	if (!pa->justify)
		st += RAG_EMS * pa->size;
	if (lw - nat <= 1e-6)
		return 0;
	return st > 0 ? (lw - nat) / st : 1e9;
}

/* Whether the line from atom s to break b at e, inside a token wider
 * than a line, stops needlessly short: between any two characters only
 * when the next one would not fit, after '/', '.', … only when the line
 * is full enough.  A line in the middle of a long token is then chosen
 * among a few breaks, not every character of the line: a token of 64 KB
 * costs time linear in its length. */
static int
token_short(const struct para *pa, size_t s, size_t e, uint8_t b, double lw)
{
	if (b != BK_TOKC && b != BK_TOKP)
		return 0;
	const struct lb_kp *K = pa->kp;
	double nat = K->sum[e].w - K->sum[s].w - K->gap[s].w;
	if (b == BK_TOKP)
		return nat < MIN_FILL * lw;
	return nat + pa->a[e].w <= lw + 1e-6;
}

/* One pass over the paragraph's atoms: the breaks whose lines all have
 * badness up to tol, with the least demerits, in K->brk.  0 when there
 * are none; the last pass always finds some, taking any line, and an
 * overfull one where nothing can break. */
static int
kp_pass(struct para *pa, double lw, double tol, int last)
{
	struct lb_kp *K = pa->kp;
	K->nnode = K->nact = 0;
	kp_node(K, 0, SIZE_MAX, 0, 1, 0);
	size_t last_cand = 0;
	for (size_t e = 1; e <= pa->na; e++) {
		uint8_t b = e < pa->na ? pa->a[e].brk : BK_FILL;
		/* Between any two characters of a token, or after a
		 * one-letter word, only when nothing else will do. */
		if (b == BK_NONE || ((b == BK_TOKC || b == BK_SHORT) && !last))
			continue;
		int fill = b == BK_FILL;
		double hw = b == BK_HYPH ?
		    width(pa, pa->a[e - 1].face, "-", 1) : 0;
		double best[4] = { DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX };
		size_t from[4] = { 0, 0, 0, 0 };
		int run[4] = { 0, 0, 0, 0 };
		size_t keep = 0;
		for (size_t x = 0; x < K->nact; x++) {
			size_t id = K->act[x];
			const struct kp_node *nd = &K->node[id];
			double r = kp_ratio(pa, nd->pos, e, hw, fill, lw);
			/* Overfull: no later break can come from this one. */
			int dead = r < -1;
			if (!dead)
				K->act[keep++] = id;
			if (dead && !(last && nd->pos == last_cand))
				continue;
			if (!dead && token_short(pa, nd->pos, e, b, lw))
				continue;
			double ar = r < 0 ? -r : r;
			double bad = r < -1 ? INF_BAD : 100 * ar * ar * ar;
			/* The last pass still tells a bad line from a worse
			 * one (TeX would leave it underfull). */
			if (bad > (last ? LAST_BAD : INF_BAD))
				bad = last ? LAST_BAD : INF_BAD;
			if (bad > tol && !last)
				continue;
			/* The line before the last of a paragraph (or of a
			 * forced break) takes no hyphen. */
			if (fill && nd->flagged && !last)
				continue;
			/* Nor more than two hyphens in a row. */
			if (flagged(b) && nd->flagged >= MAX_HYPHENS && !last)
				continue;
			double p = penalty(b);
			double d = (LINE_PENALTY + bad) * (LINE_PENALTY + bad) + p * p;
			int fit = r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
			if (nd->flagged && flagged(b))
				d += DOUBLE_HYPHEN_DEMERITS;
			if (abs(fit - nd->fit) > 1)
				d += ADJ_DEMERITS;
			if (fill && nd->flagged)
				d += FINAL_HYPHEN_DEMERITS;
			if (flagged(b) && nd->flagged >= MAX_HYPHENS)
				d += LADDER_DEMERITS;
			d += nd->dem;
			if (d < best[fit]) {
				best[fit] = d;
				from[fit] = id;
				run[fit] = flagged(b) ? nd->flagged + 1 : 0;
			}
		}
		K->nact = fill ? 0 : keep;
		for (int f = 0; f < 4; f++)
			if (best[f] < DBL_MAX)
				kp_node(K, e, from[f], best[f], f, run[f]);
		last_cand = e;
		if (K->nact == 0)
			return 0;
	}
	size_t bestn = K->act[0];
	for (size_t x = 1; x < K->nact; x++)
		if (K->node[K->act[x]].dem < K->node[bestn].dem)
			bestn = K->act[x];
	K->nbrk = 0;
	for (size_t n = bestn; n != SIZE_MAX; n = K->node[n].prev) {
		if (K->nbrk == K->capbrk) {
			K->capbrk = K->capbrk ? 2 * K->capbrk : 64;
			K->brk = xrealloc(K->brk, K->capbrk * sizeof(*K->brk));
		}
		K->brk[K->nbrk++] = K->node[n].pos;
	}
	return 1;
}

/* The lines between the breaks chosen, handed to fn. */
static void
emit_lines(struct para *pa, struct lstate *ls)
{
	struct lb_kp *K = pa->kp;
	/* brk[] runs from the paragraph's end back to 0. */
	for (size_t i = K->nbrk - 1; i > 0; i--) {
		size_t s = K->brk[i], e = K->brk[i - 1];
		uint8_t b = e < pa->na ? pa->a[e].brk : BK_FILL;
		pa->nline = 0;
		for (size_t k = s; k < e; k++)
			*push_piece(&pa->line, &pa->nline, &pa->capline) = pa->a[k];
		pa->line[0].space_before = pa->line[0].code_space = 0;
		if (b == BK_HYPH)
			pa->line[pa->nline - 1].hyphen = 1;
		emit(ls, b == BK_FILL);
	}
}

void
para_lines(struct para *pa, double lwidth, lb_line_fn *fn, void *arg)
{
	struct lstate ls = { pa, fn, arg, lwidth };
	if (pa->n == 0)
		return;
	if (pa->kp == NULL)
		pa->kp = xcalloc(1, sizeof(*pa->kp));
	for (size_t k = 0; k < pa->n; k++)
		pa->p[k].w = width(pa, pa->p[k].face, pa->text.ptr + pa->p[k].off,
		    pa->p[k].len);
	/* As TeX: first without hyphens, then with them. */
	int hy = pa->hyph && pa->hyphenate;
	build_atoms(pa, lwidth, 0);
	kp_sums(pa);
	pa->rough = 0;
	if (!kp_pass(pa, lwidth, TOL1, 0)) {
		if (hy) {
			build_atoms(pa, lwidth, 1);
			kp_sums(pa);
		}
		/* Then any spacing short of infinitely bad (a line that
		 * cannot stretch), the rules still kept; then anything. */
		if (!kp_pass(pa, lwidth, TOL2, 0) &&
		    !kp_pass(pa, lwidth, INF_BAD - 1, 0)) {
			kp_pass(pa, lwidth, INF_BAD, 1);
			pa->rough = 1;
		}
	}
	emit_lines(pa, &ls);
}
