/* hyph.c: libhyphen behind hyph.h, with the charset conversion it needs. */
#include "hyph.h"
#include "buf.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"

#include <errno.h>
#include <hyphen.h>
#include <iconv.h>
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

struct hyph {
	struct dict d[NHY];
};

static const char *const dict_file[NHY] = { "hyph_ru_RU.dic", "hyph_en_US.dic" };
static const char *const dict_pkg[NHY] = { "hyphen-ru", "hyphen-en-us" };

static int
load(struct dict *dc, const char *dir, int which, int required, struct diag *d)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, dict_file[which]);
	dc->hd = NULL;
	dc->cd = (iconv_t)-1;
	if (access(path.ptr, R_OK) != 0) {
		if (required)
			diag_sys(d, DIAG_ERROR, "cannot read the hyphenation patterns %s: %s "
			    "(Debian package %s; or set pdf.hyphenate = no)", path.ptr,
			    strerror(errno), dict_pkg[which]);
		buf_free(&path);
		return required ? -1 : 0;
	}
	dc->hd = hnj_hyphen_load(path.ptr);
	if (dc->hd == NULL) {
		if (required)
			diag_sys(d, DIAG_ERROR, "cannot load the hyphenation patterns %s "
			    "(Debian package %s)", path.ptr, dict_pkg[which]);
		buf_free(&path);
		return required ? -1 : 0;
	}
	if (!dc->hd->utf8 && strcmp(dc->hd->cset, "UTF-8") != 0) {
		dc->cd = iconv_open(dc->hd->cset, "UTF-8");
		if (dc->cd == (iconv_t)-1) {
			diag_sys(d, required ? DIAG_ERROR : DIAG_WARNING,
			    "%s: iconv cannot convert to its charset %s", path.ptr,
			    dc->hd->cset);
			hnj_hyphen_free(dc->hd);
			dc->hd = NULL;
			buf_free(&path);
			return required ? -1 : 0;
		}
	}
	buf_free(&path);
	return 0;
}

struct hyph *
hyph_open(const char *dir, const char *lang, struct diag *d)
{
	struct hyph *h = xcalloc(1, sizeof(*h));
	if (dir == NULL)
		dir = "/usr/share/hyphen";
	int ru = lang && strcmp(lang, "ru") == 0;
	int en = lang && strcmp(lang, "en") == 0;
	if (load(&h->d[HY_RU], dir, HY_RU, ru, d) < 0 ||
	    load(&h->d[HY_EN], dir, HY_EN, en, d) < 0) {
		hyph_close(h);
		return NULL;
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
	free(h);
}

size_t
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
			return 0;
		start[nch++] = (size_t)(p - s);
		uint32_t c = utf8_fold(utf8_next(&p));
		if (c >= 0x400 && c <= 0x4FF)
			cyr = 1;
		nlow += utf8_encode(c, low + nlow);
	}
	start[nch] = len;
	struct dict *dc = &h->d[cyr ? HY_RU : HY_EN];
	if (dc->hd == NULL || nch < 4)
		return 0;
	/* The word in the dictionary's charset, one byte per character, or
	 * UTF-8 when the dictionary is UTF-8. */
	char word[MAX_WORD * 4 + 1];
	size_t wlen;
	if (dc->cd != (iconv_t)-1) {
		char *in = low, *out = word;
		size_t inleft = nlow, outleft = sizeof(word) - 1;
		iconv(dc->cd, NULL, NULL, NULL, NULL);
		if (iconv(dc->cd, &in, &inleft, &out, &outleft) == (size_t)-1)
			return 0;
		wlen = (size_t)(out - word);
		if (wlen != nch)
			return 0;
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
		return 0;
	/* Non-standard hyphenation (a changed spelling) is not used. */
	if (rep) {
		for (size_t i = 0; i < wlen; i++)
			free(rep[i]);
		free(rep);
		free(pos);
		free(cut);
	}
	/* hyphens[i] odd: a break after unit i (a byte of word; for a UTF-8
	 * dictionary, a byte of the UTF-8 form, mapped back by counting). */
	size_t found = 0;
	size_t lmin = dc->hd->lhmin > 0 ? (size_t)dc->hd->lhmin : 2;
	size_t rmin = dc->hd->rhmin > 0 ? (size_t)dc->hd->rhmin : 2;
	size_t ch = 0;
	for (size_t i = 0; i + 1 < wlen; i++) {
		if ((word[i] & 0xC0) != 0x80 || dc->cd != (iconv_t)-1)
			ch++;
		if (!(hyphens[i] & 1))
			continue;
		if (dc->cd == (iconv_t)-1 && (word[i + 1] & 0xC0) == 0x80)
			continue;
		/* The break comes after character ch (1-based). */
		if (ch < lmin || nch - ch < rmin || ch >= nch)
			continue;
		brk[start[ch]] = 1;
		found++;
	}
	return found;
}
