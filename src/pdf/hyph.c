/* hyph.c: libhyphen behind hyph.h, with the charset conversion it needs. */
#include "hyph.h"
#include "buf.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"

#include <errno.h>
#include <hyphen.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Words longer than this are not worth a dictionary look-up: they are
 * tokens (hashes, identifiers) that break at any character anyway. */
#define MAX_WORD 96

enum { HY_RU, HY_EN, NHY };

struct dict {
	HyphenDict *hd;
	iconv_t cd;       /* UTF-8 -> the dictionary's charset; (iconv_t)-1: UTF-8 */
};

/* The document language's dictionary is loaded at once (its absence is
 * an error); the other one only when a word of its script first needs
 * breaking, which a Russian handout with a few Latin words may never do:
 * loading costs milliseconds. */
struct hyph {
	struct dict d[NHY];
	int tried[NHY];
	char *dir;
	struct diag *diag;
};

static const char *const dict_file[NHY] = { "hyph_ru_RU.dic", "hyph_en_US.dic" };
static const char *const dict_pkg[NHY] = { "hyphen-ru", "hyphen-en-us" };

struct patline {
	const char *s;     /* the line, without its newline */
	size_t len;
	char *key;         /* the letters: the line without digits */
	size_t level, index;
	int keep;
};

static int
cmp_patline(const void *a, const void *b)
{
	const struct patline *x = a, *y = b;
	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int
cmp_index(const void *a, const void *b)
{
	const struct patline *x = a, *y = b;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The dictionary's text with only the last of the patterns that share
 * their letters: libhyphen keeps the last one too, but leaks the string
 * of the one it replaces, which LeakSanitizer reports on every run.
 * Lines without digits are dropped: as patterns they change nothing but
 * such a replacement (Debian's hyph_ru_RU.dic ends with a TeX
 * \hyphenation{} list whose "ушла" would undo "уш1ла"). */
static char *
dedup_patterns(const char *text, size_t len, size_t *outlen)
{
	struct patline *v = NULL;
	size_t n = 0, cap = 0, level = 0;
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			v = xrealloc(v, cap * sizeof(*v));
		}
		struct patline *p = &v[n];
		p->s = text + i;
		p->len = j - i;
		p->key = xmalloc(p->len + 1);
		size_t k = 0;
		for (size_t m = 0; m < p->len; m++)
			if (p->s[m] < '0' || p->s[m] > '9')
				p->key[k++] = p->s[m];
		p->key[k] = '\0';
		if (p->len >= 9 && memcmp(p->s, "NEXTLEVEL", 9) == 0)
			level++;
		/* The charset line, keywords and comments are kept as they are. */
		int fixed = n == 0 || (p->s[0] >= 'A' && p->s[0] <= 'Z') ||
		    p->s[0] == '%';
		p->level = fixed ? (size_t)-1 - n : level;
		p->index = n++;
		p->keep = fixed || k < p->len;
		i = j + 1;
	}
	/* An empty file: no array to sort, and qsort must not get NULL. */
	if (n == 0) {
		*outlen = 0;
		return xstrdup("");
	}
	qsort(v, n, sizeof(*v), cmp_patline);
	for (size_t i = 0; i + 1 < n; i++)
		if (v[i + 1].keep && v[i].level == v[i + 1].level &&
		    strcmp(v[i].key, v[i + 1].key) == 0)
			v[i].keep = 0;
	qsort(v, n, sizeof(*v), cmp_index);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (v[i].keep) {
			buf_put(&b, v[i].s, v[i].len);
			buf_putc(&b, '\n');
		}
		free(v[i].key);
	}
	free(v);
	*outlen = b.len;
	return buf_detach(&b);
}

static HyphenDict *
load_dict(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct buf t = BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(&t, chunk, n);
	int err = ferror(f);
	fclose(f);
	if (err) {
		buf_free(&t);
		return NULL;
	}
	size_t len;
	char *text = dedup_patterns(t.ptr, t.len, &len);
	buf_free(&t);
	HyphenDict *hd = NULL;
	FILE *m = len ? fmemopen(text, len, "r") : NULL;
	if (m) {
		hd = hnj_hyphen_load_file(m);
		fclose(m);
	}
	free(text);
	return hd;
}

/* Loads dictionary which into dc (hyph_open made it empty), which stays
 * empty when that fails; only a required one is an error: -1 after
 * reporting. */
static int
load(struct dict *dc, const char *dir, int which, int required, struct diag *d)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, dict_file[which]);
	int loaded = 0;
	if (access(path.ptr, R_OK) != 0) {
		if (required)
			diag_sys(d, MSG_HYPH_UNREADABLE, path.ptr,
			    strerror(errno), dict_pkg[which]);
	} else if ((dc->hd = load_dict(path.ptr)) == NULL) {
		if (required)
			diag_sys(d, MSG_HYPH_UNLOADABLE, path.ptr, dict_pkg[which]);
	} else if (!dc->hd->utf8 && strcmp(dc->hd->cset, "UTF-8") != 0 &&
	    (dc->cd = iconv_open(dc->hd->cset, "UTF-8")) == (iconv_t)-1) {
		if (required)
			diag_sys(d, MSG_HYPH_CHARSET, path.ptr, dc->hd->cset);
		else
			diag_sys(d, MSG_HYPH_CHARSET_WARN, path.ptr, dc->hd->cset);
		hnj_hyphen_free(dc->hd);
		dc->hd = NULL;
	} else
		loaded = 1;
	buf_free(&path);
	return loaded || !required ? 0 : -1;
}

struct hyph *
hyph_open(const char *dir, const char *lang, struct diag *d)
{
	struct hyph *h = xcalloc(1, sizeof(*h));
	for (int i = 0; i < NHY; i++)
		h->d[i].cd = (iconv_t)-1;
	if (dir == NULL)
		dir = "/usr/share/hyphen";
	h->dir = xstrdup(dir);
	h->diag = d;
	int which = lang && strcmp(lang, "ru") == 0 ? HY_RU :
	    lang && strcmp(lang, "en") == 0 ? HY_EN : -1;
	if (which >= 0) {
		h->tried[which] = 1;
		if (load(&h->d[which], dir, which, 1, d) < 0) {
			hyph_close(h);
			return NULL;
		}
	}
	return h;
}

void
hyph_close(struct hyph *h)
{
	if (h == NULL)
		return;
	for (int i = 0; i < NHY; i++) {
		if (h->d[i].hd)
			hnj_hyphen_free(h->d[i].hd);
		if (h->d[i].cd != (iconv_t)-1)
			iconv_close(h->d[i].cd);
	}
	free(h->dir);
	free(h);
}

void
hyph_points(struct hyph *h, const char *s, size_t len, uint8_t *brk)
{
	/* Lower case, one code point at a time, remembering where each
	 * character starts in s. */
	char low[MAX_WORD * 4 + 1];
	size_t start[MAX_WORD + 1];
	size_t nch = 0, nlow = 0;
	int cyr = 0;
	for (const char *p = s; p < s + len;) {
		if (nch == MAX_WORD)
			return;
		start[nch++] = (size_t)(p - s);
		uint32_t c = utf8_fold(utf8_next(&p));
		if (c >= 0x400 && c <= 0x4FF)
			cyr = 1;
		nlow += utf8_encode(c, low + nlow);
	}
	start[nch] = len;
	int which = cyr ? HY_RU : HY_EN;
	struct dict *dc = &h->d[which];
	if (!h->tried[which]) {
		h->tried[which] = 1;
		load(dc, h->dir, which, 0, h->diag);
	}
	if (dc->hd == NULL || nch < 4)
		return;
	/* The word in the dictionary's charset, one byte per character, or
	 * UTF-8 when the dictionary is UTF-8 (then hyphens still has one
	 * entry per character). */
	char word[MAX_WORD * 4 + 1];
	size_t wlen;
	if (dc->cd != (iconv_t)-1) {
		char *in = low, *out = word;
		size_t inleft = nlow, outleft = sizeof(word) - 1;
		iconv(dc->cd, NULL, NULL, NULL, NULL);
		if (iconv(dc->cd, &in, &inleft, &out, &outleft) == (size_t)-1)
			return;
		wlen = (size_t)(out - word);
		if (wlen != nch)
			return;
	} else {
		memcpy(word, low, nlow);
		wlen = nlow;
	}
	word[wlen] = '\0';
	char hyphens[MAX_WORD * 4 + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	if (hnj_hyphen_hyphenate2(dc->hd, word, (int)wlen, hyphens, NULL, &rep,
	    &pos, &cut) != 0)
		return;
	/* Non-standard hyphenation (a changed spelling) is not used. */
	if (rep) {
		for (size_t i = 0; i < wlen; i++)
			free(rep[i]);
		free(rep);
		free(pos);
		free(cut);
	}
	/* hyphens[i] odd: a break after character i (libhyphen counts
	 * characters, not bytes, for a UTF-8 dictionary too). */
	size_t lmin = dc->hd->lhmin > 0 ? (size_t)dc->hd->lhmin : 2;
	size_t rmin = dc->hd->rhmin > 0 ? (size_t)dc->hd->rhmin : 2;
	for (size_t i = 0; i + 1 < nch; i++) {
		size_t ch = i + 1;   /* characters before the break */
		if ((hyphens[i] & 1) && ch >= lmin && nch - ch >= rmin)
			brk[start[ch]] = 1;
	}
}
