/* typo.c: quotes, apostrophes, ellipsis and no-break spaces for printed text (see typo.h). */
#include "typo.h"
#include "buf.h"
#include "utf8.h"

#include <string.h>
#include <strings.h>

enum typo_lang
typo_lang_of(const char *lang)
{
	if (lang == NULL || strlen(lang) < 2 || (lang[2] != '\0' && lang[2] != '-'))
		return TYPO_RAW;
	if (strncasecmp(lang, "ru", 2) == 0)
		return TYPO_RU;
	if (strncasecmp(lang, "en", 2) == 0)
		return TYPO_EN;
	return TYPO_RAW;
}

void
typo_begin(struct typo *t, enum typo_lang lang)
{
	memset(t, 0, sizeof(*t));
	t->lang = lang;
}

static int
is_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
	    (c >= 0x370 && c <= 0x3FF) || (c >= 0x400 && c <= 0x4FF);
}

static int
is_alnum(uint32_t c)
{
	return is_letter(c) || (c >= '0' && c <= '9');
}

static int
is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == 0xA0 ||
	    (c >= 0x2000 && c <= 0x200A) || c == 0x202F;
}

/* Whether a quote after c opens: at the start, after a space, an opening
 * bracket, a dash or a slash.  An opening quote just printed is '('. */
static int
opens_after(uint32_t c)
{
	return c == 0 || is_space(c) || strchr("([{</-", (int)(c < 0x80 ? c : 'x')) ||
	    c == 0x2013 || c == 0x2014;
}

/* Russian one-letter words that must not end a line. */
static int
one_letter_word(uint32_t c)
{
	static const uint32_t w[] = { 0x432, 0x43A, 0x441, 0x43E, 0x443, 0x438,
		0x430, 0x44F };  /* в к с о у и а я */
	uint32_t f = utf8_fold(c);
	for (size_t i = 0; i < sizeof(w) / sizeof(*w); i++)
		if (f == w[i])
			return 1;
	return 0;
}

static void
put_cp(struct buf *out, uint32_t cp)
{
	char tmp[4];
	buf_put(out, tmp, utf8_encode(cp, tmp));
}

/* The mark that opens (or closes) a quote at depth d (1-based) typed
 * with ' (single) or ". */
static uint32_t
mark(const struct typo *t, int d, int single, int open)
{
	if (t->lang == TYPO_RU)
		return d % 2 ? (open ? 0xAB : 0xBB) : (open ? 0x201E : 0x201C);
	if (single)
		return open ? 0x2018 : 0x2019;
	return open ? 0x201C : 0x201D;
}

static void
open_quote(struct typo *t, int single, struct buf *out)
{
	int d = t->depth + 1;
	put_cp(out, mark(t, d, single, 1));
	if (t->depth < TYPO_MAX_DEPTH) {
		t->single = single ? t->single | (1u << t->depth) :
		    t->single & ~(1u << t->depth);
		t->depth++;
	}
	t->prev2 = t->prev;
	t->prev = '(';
}

static void
close_quote(struct typo *t, int single, struct buf *out)
{
	int d = t->depth > 0 ? t->depth : 1;
	put_cp(out, mark(t, d, single, 0));
	if (t->depth > 0)
		t->depth--;
	t->prev2 = t->prev;
	t->prev = ')';
}

/* A ' or " typed; next is the character after it (0: none known). */
static void
quote(struct typo *t, int single, uint32_t next, struct buf *out)
{
	int top_single = t->depth > 0 && (t->single >> (t->depth - 1)) & 1;
	if (single && is_alnum(t->prev) && is_letter(next)) {
		put_cp(out, 0x2019);           /* don't, O'Reilly */
		t->prev2 = t->prev;
		t->prev = 'a';
	} else if (opens_after(t->prev) && !(next != 0 && is_space(next)))
		open_quote(t, single, out);
	else if (!single || top_single)
		close_quote(t, single, out);
	else {
		put_cp(out, 0x2019);           /* goroutines' */
		t->prev2 = t->prev;
		t->prev = ')';
	}
}

void
typo_text(struct typo *t, const char *s, size_t len, struct buf *out)
{
	if (t->lang == TYPO_RAW) {
		buf_put(out, s, len);
		return;
	}
	/* Ordinary characters are copied in runs; only quotes, dots and
	 * spaces may change. */
	const char *p = s, *end = s + len, *run = s;
	while (p < end) {
		const char *start = p;
		uint32_t c = utf8_next(&p);
		if (c != '"' && c != '\'' && c != '.' && c != ' ') {
			t->prev2 = t->prev;
			t->prev = c;
			continue;
		}
		uint32_t next = 0;
		if (p < end) {
			const char *q = p;
			next = utf8_next(&q);
		}
		buf_put(out, run, (size_t)(start - run));
		run = p;
		if (c == '"' || c == '\'') {
			quote(t, c == '\'', next, out);
			continue;
		}
		if (c == '.' && t->prev != '.' && end - start >= 3 &&
		    memcmp(start, "...", 3) == 0 && (end - start == 3 || start[3] != '.')) {
			put_cp(out, 0x2026);
			p = run = start + 3;
		} else if (c == ' ' && (next == 0x2014 || next == 0x2013 ||
		    (t->lang == TYPO_RU && one_letter_word(t->prev) &&
		    !is_alnum(t->prev2) && t->prev2 != '-' && t->prev2 != '.')))
			put_cp(out, 0xA0);
		else
			buf_putc(out, (int)c);
		t->prev2 = t->prev;
		t->prev = c;
	}
	buf_put(out, run, (size_t)(end - run));
}

void
typo_skip(struct typo *t)
{
	t->prev2 = 'x';
	t->prev = 'x';
}

void
typo_space(struct typo *t)
{
	t->prev2 = t->prev;
	t->prev = ' ';
}

const char *
typo_string(enum typo_lang lang, const char *s, struct buf *out)
{
	struct typo t;
	typo_begin(&t, lang);
	buf_clear(out);
	typo_text(&t, s, strlen(s), out);
	return out->ptr;
}
