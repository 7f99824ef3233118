/* front_matter.c: the "---" block at the top of a corpus file. */
#include "corpus_int.h"
#include "qbind.h"
#include "outline.h"
#include "diag.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* What a valid value looks like, by enum ol_meta_key. */
static const char *const meta_hint[OL_NMETA] = {
	"", "", "",
	"a language tag such as 'ru' or 'en'",
	"letters, digits, '-', '_' and '.', at most 64",
	"a date as YYYY-MM-DD",
};

static int
valid_date(const char *v, size_t n)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (n != 10 || v[4] != '-' || v[7] != '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
			return 0;
	int y = atoi(v), m = atoi(v + 5), d = atoi(v + 8);
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return !(m == 2 && d == 29 && !leap);
}

static int
valid_meta(size_t k, const char *v)
{
	size_t n = strlen(v);
	switch (k) {
	case OL_META_LANG: /* a BCP 47 tag, loosely: letters and digits in '-' parts */
		if (n < 2 || n > 35)
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!is_alnum(v[i]) && v[i] != '-')
				return 0;
		return v[0] != '-' && v[n - 1] != '-' && strstr(v, "--") == NULL;
	case OL_META_ID:
		return valid_id_chars(v, n);
	case OL_META_DATE:
		return valid_date(v, n);
	default:
		return n > 0;
	}
}

size_t
front_matter(struct corpus *c, const struct line *lines, size_t n, int first_file)
{
	struct ol_meta *m = &c->o->meta;
	size_t end = 1;
	while (end < n && lines[end].kind != L_DASHES)
		end++;
	if (end == n) {
		/* Every line would be front matter: one error says it all. */
		corpus_err(c, &lines[0], MSG_FM_UNTERMINATED);
		return n;
	}
	for (size_t i = 1; i < end; i++) {
		const struct line *ln = &lines[i];
		if (ln->kind == L_TOOLONG || ln->s[0] == '#')
			continue;
		const char *colon = memchr(ln->s, ':', ln->len);
		if (colon == NULL || colon == ln->s) {
			corpus_err(c, ln, MSG_FM_NOT_KEY_VALUE);
			continue;
		}
		size_t kl = (size_t)(colon - ln->s);
		while (kl && (ln->s[kl - 1] == ' ' || ln->s[kl - 1] == '\t'))
			kl--;
		char *key = arena_strndup(c->arena, ln->s, kl);
		const char *v = colon + 1;
		size_t vl = ln->len - (size_t)(v - ln->s);
		while (vl && (*v == ' ' || *v == '\t'))
			v++, vl--;
		if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"')
			v++, vl -= 2;
		size_t k = 0;
		while (k < OL_NMETA && strcmp(key, ol_meta_keys[k]) != 0)
			k++;
		if (k == OL_NMETA) {
			corpus_err(c, ln, MSG_FM_UNKNOWN_KEY, key);
			continue;
		}
		char *val = clean_text(c, v, vl, ln->no, line_col(ln, v), 0);
		if (*val == '\0') {
			corpus_err(c, ln, MSG_FM_NO_VALUE, key);
			continue;
		}
		if (!valid_meta(k, val)) {
			diag_msg(c->d, MSG_FM_BAD_VALUE, c->file, ln->no,
			    ln->col, key, val, meta_hint[k]);
			continue;
		}
		const char **slot = ol_meta_field(m, k);
		if (*slot == NULL) {
			*slot = val;
			struct ol_pos *pos = k == OL_META_TITLE ? &m->title_pos :
			    k == OL_META_LANG ? &m->lang_pos : NULL;
			if (pos) {
				pos->file = c->file;
				pos->line = ln->no;
				pos->col = ln->col;
			}
		} else if (first_file)
			corpus_err(c, ln, MSG_FM_TWICE, key);
		else if (strcmp(*slot, val) != 0)
			diag_msg(c->d, MSG_FM_DIFFERS, c->file, ln->no, ln->col,
			    key, val, *slot);
	}
	return end + 1;
}
